package docgen

import (
	"fmt"
	"strings"

	"github.com/thidua/thidua/internal/calendar"
)

// ApologyInput is what a "Phiếu xin lỗi và hẹn lại ngày trả kết quả" says: which
// dossier is late, why, and the new appointment date.
type ApologyInput struct {
	// Issuer heads the letter: the department as Parent and the unit handling
	// the dossier as Agency, or the province and the department.
	Issuer Issuer
	Number string // from Register.Next with Apology; empty for a draft
	Place  string
	Date   calendar.Date // the day the letter is signed
	// Unit is the unit as the text names it ("Sở Xây dựng", "Phòng Quản lý xây dựng").
	Unit string
	// Applicant may be empty: one-stop exports rarely carry it, so the letter then
	// says "Kính gửi: Ông/Bà ……" for the clerk to fill in.
	Applicant      string
	DossierCode    string
	Procedure      string
	Received       calendar.Date
	Appointment    calendar.Date // the appointment date on the receipt
	NewAppointment calendar.Date
	Reason         string
	Signer         Signer
	// Recipients default to the addressee ("Như trên").
	Recipients  []string
	ArchiveUnit string
}

// blank is the dotted space a printed form leaves for handwriting.
const blank = "……………………………………"

// ApologyLetter builds the letter following the one-stop form (Mẫu số 04 of
// Circular 01/2018/TT-VPCP, under Decree 61/2018 as amended by Decree 107/2021):
// the dossier and its appointment date, that the result will be late and why, the
// apology, and the one new appointment date.
func ApologyLetter(in ApologyInput) (Document, error) {
	if err := in.check(); err != nil {
		return Document{}, err
	}
	unit := strings.TrimSpace(in.Unit)
	to := "Kính gửi: Ông/Bà " + blank
	if a := strings.TrimSpace(in.Applicant); a != "" {
		to = "Kính gửi: " + a
	}
	body := []Block{
		Paragraph{Text: to, Align: Center},
		Paragraph{Text: fmt.Sprintf("Ngày %s, %s đã tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính “%s” của Ông/Bà/Tổ chức; mã hồ sơ: %s.",
			in.Received.DMY(), unit, strings.TrimSpace(in.Procedure), strings.TrimSpace(in.DossierCode))},
		Paragraph{Text: "Thời hạn trả kết quả giải quyết hồ sơ theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả: ngày " + in.Appointment.DMY() + "."},
		Paragraph{Text: "Tuy nhiên, " + unit + " không thể trả kết quả giải quyết hồ sơ cho Ông/Bà/Tổ chức đúng thời hạn nêu trên."},
		Paragraph{Runs: []Run{{Text: "Lý do: ", Bold: true}, {Text: endWith(strings.TrimSpace(in.Reason), ".")}}},
		Paragraph{Text: "Sự chậm trễ này đã gây phiền hà, tốn kém thời gian, chi phí và công sức của Ông/Bà/Tổ chức. " +
			unit + " trân trọng xin lỗi Ông/Bà/Tổ chức."},
		Paragraph{Runs: []Run{
			{Text: unit + " xin hẹn lại thời gian trả kết quả giải quyết hồ sơ cho Ông/Bà/Tổ chức vào "},
			{Text: DateText(in.NewAppointment), Bold: true},
			{Text: "."},
		}},
		Paragraph{Text: "Rất mong Ông/Bà/Tổ chức thông cảm. Xin trân trọng cảm ơn!"},
	}
	recipients := in.Recipients
	if len(recipients) == 0 {
		recipients = []string{"Như trên"}
	}
	return Document{
		Issuer:      in.Issuer,
		Type:        Apology,
		Number:      in.Number,
		Place:       in.Place,
		Date:        in.Date,
		Body:        body,
		Signer:      in.Signer,
		Recipients:  recipients,
		ArchiveUnit: in.ArchiveUnit,
	}, nil
}

// check refuses a letter that would say something false or leave the essentials
// out: the new date must come after the original one, which must not precede the
// day the dossier was received.
func (in *ApologyInput) check() error {
	var probs []string
	for _, f := range []struct{ value, name string }{
		{in.Unit, "đơn vị giải quyết"},
		{in.DossierCode, "mã hồ sơ"},
		{in.Procedure, "tên thủ tục"},
		{in.Reason, "lý do chậm trả kết quả"},
	} {
		if strings.TrimSpace(f.value) == "" {
			probs = append(probs, "thiếu "+f.name)
		}
	}
	for _, f := range []struct {
		value calendar.Date
		name  string
	}{
		{in.Received, "ngày tiếp nhận"},
		{in.Appointment, "ngày hẹn trả"},
		{in.NewAppointment, "ngày hẹn lại"},
	} {
		if f.value.IsZero() {
			probs = append(probs, "thiếu "+f.name)
		}
	}
	if len(probs) == 0 {
		if in.Appointment.Before(in.Received) {
			probs = append(probs, fmt.Sprintf("ngày hẹn trả %s trước ngày tiếp nhận %s", in.Appointment.DMY(), in.Received.DMY()))
		}
		if !in.NewAppointment.After(in.Appointment) {
			probs = append(probs, fmt.Sprintf("ngày hẹn lại %s phải sau ngày hẹn trả %s", in.NewAppointment.DMY(), in.Appointment.DMY()))
		}
	}
	if len(probs) > 0 {
		return fmt.Errorf("%w: %s", ErrInvalid, strings.Join(probs, "; "))
	}
	return nil
}
