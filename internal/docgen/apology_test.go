package docgen

import (
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/calendar"
)

func sampleApology() ApologyInput {
	return ApologyInput{
		Issuer:         issuer,
		Number:         "03/PXL-SXD",
		Place:          "Lạng Sơn",
		Date:           calendar.NewDate(2026, 3, 12),
		Unit:           "Sở Xây dựng",
		DossierCode:    "000.00.06.H37-260302-0001",
		Procedure:      "Cấp giấy phép xây dựng mới đối với công trình cấp II",
		Received:       calendar.NewDate(2026, 3, 2),
		Appointment:    calendar.NewDate(2026, 3, 13),
		NewAppointment: calendar.NewDate(2026, 3, 20),
		Reason:         "Hồ sơ cần lấy ý kiến của cơ quan phòng cháy <PCCC> & cứu nạn",
		Signer:         signer,
		ArchiveUnit:    "VP",
	}
}

func TestApologyLetter(t *testing.T) {
	d, err := ApologyLetter(sampleApology())
	if err != nil {
		t.Fatal(err)
	}
	doc := render(t, d).tree(t, "word/document.xml")
	for _, s := range []string{
		"PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
		"Số: 03/PXL-SXD",
		"Lạng Sơn, ngày 12 tháng 3 năm 2026",
		"Kính gửi: Ông/Bà " + blank,
		"Ngày 02/03/2026, Sở Xây dựng đã tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính “Cấp giấy phép xây dựng mới đối với công trình cấp II” của Ông/Bà/Tổ chức; mã hồ sơ: 000.00.06.H37-260302-0001.",
		"Thời hạn trả kết quả giải quyết hồ sơ theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả: ngày 13/03/2026.",
		"Lý do: Hồ sơ cần lấy ý kiến của cơ quan phòng cháy <PCCC> & cứu nạn.",
		"Sở Xây dựng xin hẹn lại thời gian trả kết quả giải quyết hồ sơ cho Ông/Bà/Tổ chức vào ngày 20 tháng 3 năm 2026.",
		"- Như trên;",
		"- Lưu: VT, VP.",
	} {
		if doc.para(s) == nil {
			t.Errorf("letter lacks %q", s)
		}
	}
	if p := doc.para("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"); !p.runsAre("b") {
		t.Error("title not bold")
	}
	var apologised bool
	for _, p := range doc.all("p") {
		apologised = apologised || strings.Contains(p.plain(), "xin lỗi Ông/Bà/Tổ chức")
	}
	if !apologised {
		t.Error("the letter does not apologise")
	}

	in := sampleApology()
	in.Applicant = "Công ty TNHH Xây dựng Hữu Lũng"
	d, _ = ApologyLetter(in)
	if render(t, d).tree(t, "word/document.xml").para("Kính gửi: Công ty TNHH Xây dựng Hữu Lũng") == nil {
		t.Error("known applicant not addressed")
	}
}

func TestApologyLetterRefusesWhatIsNotTrue(t *testing.T) {
	for name, change := range map[string]func(*ApologyInput){
		"new date not later":         func(in *ApologyInput) { in.NewAppointment = in.Appointment },
		"appointment before receipt": func(in *ApologyInput) { in.Appointment = in.Received.AddDays(-1) },
		"no reason":                  func(in *ApologyInput) { in.Reason = "  " },
		"no dossier code":            func(in *ApologyInput) { in.DossierCode = "" },
		"no new date":                func(in *ApologyInput) { in.NewAppointment = calendar.Date{} },
	} {
		in := sampleApology()
		change(&in)
		if _, err := ApologyLetter(in); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err %v, want ErrInvalid", name, err)
		}
	}
}
