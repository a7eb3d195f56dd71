package petition

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
)

func TestCreateFromEnterpriseAndPublic(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p := f.fromEnterprise(t, "Chậm cấp giấy phép xây dựng")
		if p.State != StateReceived || p.Channel != ChannelWeb || p.EnterpriseID != f.ent1 || p.Version != 1 ||
			!strings.HasPrefix(p.TrackingCode, "PA-2026-") || p.ReceivedOn != date(2026, 4, 28) {
			t.Errorf("created %+v", p)
		}
		got, err := f.s.Get(ctx, auth.Scope{EnterpriseID: f.ent1}, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.EnterpriseName != "Công ty TNHH Xây dựng Lạng Sơn" || got.Sender() != got.EnterpriseName ||
			!got.ReceivedAt.Equal(f.clk.now()) || got.Deadlines.RefuseBy != date(2026, 5, 4) || got.Deadlines.ProcessBy != date(2026, 5, 21) {
			t.Errorf("read back %+v", got)
		}
		if n := f.notes.take(); strings.Join(n, "\n") != "["+p.TrackingCode+"] Phản ánh, kiến nghị mới cần phân loại → role:office\n"+
			"["+p.TrackingCode+"] Sở đã tiếp nhận phản ánh, kiến nghị của Ông/Bà → user:"+itoa(f.ent1User) {
			t.Errorf("notices:\n%s", strings.Join(n, "\n"))
		}

		// A member of the public gets a tracking code and follows the petition by it.
		q := f.fromPublic(t, "Đề nghị rút ngắn thời gian thẩm định", false)
		if q.SenderPhone != "0912345678" || q.SenderEmail != "an.nguyen@gmail.com" || q.PublishConsent {
			t.Errorf("public sender %+v", q)
		}
		byCode, err := f.s.GetByTracking(ctx, strings.ToLower(q.TrackingCode))
		if err != nil || byCode.ID != q.ID {
			t.Fatalf("by tracking code: %v %v", byCode, err)
		}
		_, err = f.s.GetByTracking(ctx, "PA-2026-ZZZZZZ")
		if !errors.Is(err, db.ErrNotFound) || err.Error() != "Không có phản ánh, kiến nghị mã “PA-2026-ZZZZZZ”; kiểm tra lại mã tra cứu đã nhận khi gửi" {
			t.Errorf("unknown code: %v", err)
		}
		if n := f.notes.take(); len(n) != 2 || !strings.HasSuffix(n[1], "→ an.nguyen@gmail.com") {
			t.Errorf("public notices: %v", n)
		}
	})
}

// Content is kept exactly as typed: an HTML or script payload is text, which the
// web layer escapes like any other.
func TestContentStoredAsTyped(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		payload := "<script>alert('x')</script>\n<b>Đậm</b> & \"trích\""
		p, err := f.s.Create(ctx, f.enterprise(f.ent1), NewPetition{Kind: KindFeedback, Subject: "<img src=x onerror=alert(1)>",
			Content: payload})
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.s.Get(ctx, auth.Scope{All: true}, p.ID)
		if err != nil || got.Content != payload || got.Subject != "<img src=x onerror=alert(1)>" {
			t.Errorf("got %q %q %v", got.Content, got.Subject, err)
		}
	})
}

// The office registers a paper petition with the time it really arrived.
func TestOfficeRegistersPaperPetition(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.clk.set(2026, 5, 6)
		p, err := f.s.Create(ctx, office(), NewPetition{Kind: KindProposal, Channel: ChannelPaper, EnterpriseTaxCode: "4900100000",
			Subject: "Kiến nghị về giá vật liệu", Content: "Nội dung văn bản số 12/CV-ĐĐ.", ReceivedAt: at(2026, 4, 28, 16)})
		if err != nil {
			t.Fatal(err)
		}
		if p.EnterpriseID != f.ent2 || p.Channel != ChannelPaper || p.ReceivedOn != date(2026, 4, 28) ||
			p.Deadlines.ProcessBy != date(2026, 5, 21) || !p.Deadlines.Overdue.RefuseBy {
			t.Errorf("registered %+v", p)
		}
	})
}

func TestCreateRejectsBadInput(t *testing.T) {
	good := func() NewPetition {
		return NewPetition{Kind: KindFeedback, Subject: "Chậm cấp phép", Content: "Nội dung", SenderName: "Trần Thị Bình",
			SenderEmail: "binh@example.vn"}
	}
	for _, c := range []struct {
		name  string
		actor func(f *fixture) Actor
		edit  func(f *fixture, in *NewPetition)
		field string
		msg   string
	}{
		{"empty subject", public, func(_ *fixture, in *NewPetition) { in.Subject = "   " }, "subject", "Tiêu đề: không được để trống"},
		{"empty content", public, func(_ *fixture, in *NewPetition) { in.Content = "\n " }, "content", "Nội dung: không được để trống"},
		{"no kind", public, func(_ *fixture, in *NewPetition) { in.Kind = "" }, "kind",
			"Loại: chọn phản ánh, kiến nghị hoặc khiếu nại, tố cáo"},
		{"unknown kind", public, func(_ *fixture, in *NewPetition) { in.Kind = "praise" }, "kind",
			"Loại: không có loại “praise”; chọn một trong: Phản ánh, Kiến nghị, Khiếu nại, tố cáo"},
		{"no contact", public, func(_ *fixture, in *NewPetition) { in.SenderEmail = "" }, "sender_contact",
			"Thông tin liên hệ: nhập số điện thoại hoặc thư điện tử để Sở gửi trả lời"},
		{"no name", public, func(_ *fixture, in *NewPetition) { in.SenderName = "" }, "sender_name",
			"Họ tên người gửi: không được để trống"},
		{"bad e-mail", public, func(_ *fixture, in *NewPetition) { in.SenderEmail = "binh@" }, "sender_email",
			"Thư điện tử: “binh@” không phải địa chỉ thư điện tử"},
		{"bad phone", public, func(_ *fixture, in *NewPetition) { in.SenderPhone = "12345" }, "sender_phone",
			"Số điện thoại: “12345” không phải số điện thoại Việt Nam (10 hoặc 11 chữ số, ví dụ 0912 345 678)"},
		{"public paper channel", public, func(_ *fixture, in *NewPetition) { in.Channel = ChannelPaper }, "channel",
			"Kênh tiếp nhận: phản ánh, kiến nghị gửi qua trang này là kênh trực tuyến"},
		{"public sets the received time", public, func(_ *fixture, in *NewPetition) { in.ReceivedAt = at(2026, 4, 27, 9) },
			"received_at", "Thời điểm tiếp nhận: chỉ Văn phòng Sở nhập thời điểm tiếp nhận khi vào sổ phản ánh, kiến nghị nhận trực tiếp"},
		{"received in the future", func(*fixture) Actor { return office() }, func(_ *fixture, in *NewPetition) {
			in.Channel, in.ReceivedAt = ChannelPhone, at(2026, 4, 28, 15)
		}, "received_at", "Thời điểm tiếp nhận: 15:00 28/04/2026 là thời điểm trong tương lai"},
		{"unknown enterprise", func(*fixture) Actor { return office() }, func(_ *fixture, in *NewPetition) {
			in.Channel, in.EnterpriseTaxCode = ChannelPaper, "0101234567"
		}, "enterprise", "Doanh nghiệp: không có doanh nghiệp mã số thuế 0101234567"},
		{"public as an enterprise", public, func(_ *fixture, in *NewPetition) { in.EnterpriseTaxCode = "0100109106" }, "enterprise",
			"Doanh nghiệp: muốn gửi với tư cách doanh nghiệp, hãy đăng nhập tài khoản của doanh nghiệp"},
		{"unknown procedure", public, func(_ *fixture, in *NewPetition) { in.ProcedureID = 999 }, "procedure",
			"Thủ tục liên quan: không có thủ tục số 999"},
		{"subject too long", public, func(_ *fixture, in *NewPetition) { in.Subject = strings.Repeat("ă", 301) }, "subject",
			"Tiêu đề: dài quá 300 ký tự"},
		{"disguised attachment", public, func(_ *fixture, in *NewPetition) {
			in.Attachments = []Upload{{Name: "hoso.pdf", Data: exe}}
		}, "attachments", "Tệp đính kèm: tệp “hoso.pdf” không phải PDF, ảnh (PNG, JPEG, GIF, WebP) hay tài liệu Word, Excel: " +
			"hệ thống kiểm tra nội dung tệp, không chỉ đuôi tên"},
	} {
		t.Run(c.name, func(t *testing.T) {
			each(t, func(t *testing.T, f *fixture) {
				in := good()
				c.edit(f, &in)
				before := written(t, f.d)
				_, err := f.s.Create(ctx, c.actor(f), in)
				var fe FieldErrors
				if !errors.As(err, &fe) || fe[c.field] != c.msg {
					t.Fatalf("got %v (%#v), want %s: %s", err, fe, c.field, c.msg)
				}
				if after := written(t, f.d); after != before || len(f.notes.take()) != 0 {
					t.Errorf("something was written: %v → %v", before, after)
				}
			})
		})
	}
}

func public(*fixture) Actor { return PublicActor("", "") }

func TestCreateWhoMay(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		in := NewPetition{Kind: KindFeedback, Subject: "S", Content: "C", SenderName: "A", SenderPhone: "0912345678"}
		for _, a := range []Actor{f.staff(f.unitA), leader(), council()} {
			if _, err := f.s.Create(ctx, a, in); !errors.Is(err, ErrForbidden) {
				t.Errorf("%s: %v", a.Role, err)
			}
		}
		in.EnterpriseID = f.ent2
		if _, err := f.s.Create(ctx, f.enterprise(f.ent1), in); !errors.Is(err, ErrForbidden) ||
			err.Error() != "Tài khoản doanh nghiệp chỉ gửi được phản ánh, kiến nghị của chính doanh nghiệp mình" {
			t.Errorf("enterprise for another: %v", err)
		}
		if n := written(t, f.d); n[0] != 0 {
			t.Errorf("written %v", n)
		}
	})
}

// A notifier that fails rolls the petition back: a petition nobody was told of is
// not recorded.
func TestNotifierFailureRollsBack(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.notes.fail = errors.New("queue full")
		_, err := f.s.Create(ctx, f.enterprise(f.ent1), NewPetition{Kind: KindFeedback, Subject: "S", Content: "C"})
		if err == nil || !strings.Contains(err.Error(), "queue full") {
			t.Fatalf("got %v", err)
		}
		if n := written(t, f.d); n != [4]int{0, 0, 0, 0} {
			t.Errorf("written %v", n)
		}
	})
}

// What the JSON API takes and gives: POST /api/v1/petitions decodes into
// NewPetition, GET /api/v1/petitions/{id} encodes the Petition with its deadlines.
func TestJSONShape(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		var in NewPetition
		body := `{"kind":"feedback","subject":"Chậm cấp phép","content":"<b>x</b>","channel":"paper",
			"received_at":"2026-04-28T08:15:00+07:00","sender_name":"Lê Văn Cường","sender_phone":"0205 3812 345"}`
		if err := json.Unmarshal([]byte(body), &in); err != nil {
			t.Fatal(err)
		}
		p, err := f.s.Create(ctx, office(), in)
		if err != nil {
			t.Fatal(err)
		}
		out, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`"id":` + itoa(p.ID), `"tracking_code":"` + p.TrackingCode + `"`, `"state":"received"`,
			`"received_at":"2026-04-28T01:15:00Z"`, `"refuse_by":"2026-05-04"`, `"request_info_by":"2026-05-07"`,
			`"process_by":"2026-05-21"`, `"transfer_by":"2026-05-07"`,
			`"overdue":{"refuse_by":false,"request_info_by":false,"process_by":false,"publish_by":false,"transfer_by":false}`} {
			if !strings.Contains(string(out), want) {
				t.Errorf("JSON lacks %s:\n%s", want, out)
			}
		}
		if strings.Contains(string(out), `"publish_by":"`) {
			t.Errorf("a publish deadline before any answer: %s", out)
		}
		hist, _ := f.s.History(ctx, office(), p.ID)
		if len(hist) != 1 || hist[0].Actor != "Nguyễn Thị Văn Phòng" {
			t.Errorf("history %+v", hist)
		}
		q, err := f.s.Create(ctx, PublicActor("", ""), NewPetition{Kind: KindFeedback, Subject: "S", Content: "C",
			SenderName: "Lê Thị Dung", SenderEmail: "dung@example.vn"})
		if err != nil {
			t.Fatal(err)
		}
		if hist, _ := f.s.History(ctx, PublicActor("", q.TrackingCode), q.ID); len(hist) != 1 || hist[0].Actor != "Lê Thị Dung (người gửi)" {
			t.Errorf("public history %+v", hist)
		}
	})
}
