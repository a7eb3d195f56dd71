package dialogue

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/plan"
)

// Question is one question raised at the dialogue as the minutes list it: the
// petition it became, who asked, the unit that answers, and where it stands.
type Question struct {
	TrackingCode string
	Asker        string
	Subject      string
	Unit         string
	State        string
}

// Minutes builds the Biên bản of a dialogue held, as a Decree 30 document under the
// plan's issuer: when and where, who chaired and attended, the topics, every question
// with the unit answering it and its follow-up, and the conclusions.
func Minutes(p *plan.Plan, d *Dialogue, attended []Participant, questions []Question, number string) (docgen.Document, error) {
	if d.State != Held {
		return docgen.Document{}, fmt.Errorf("%w: biên bản chỉ lập cho cuộc đối thoại đã tổ chức", docgen.ErrInvalid)
	}
	doc := docgen.FromPlan(p, docgen.Minutes)
	doc.Number, doc.Date = number, d.HeldOn
	doc.Summary = d.Title
	when := "Vào ngày " + d.HeldOn.DMY()
	if d.StartsAt != "" {
		h, m, _ := strings.Cut(d.StartsAt, ":")
		when = "Vào hồi " + h + " giờ " + m + " phút, ngày " + d.HeldOn.DMY()
	}
	body := []docgen.Block{
		docgen.Paragraph{Text: when + ", tại " + d.Place + ", " + hostText(d) + " tổ chức " + lowerFirst(d.Title) + "."},
		docgen.Heading{Level: 1, Text: "I. THÀNH PHẦN"},
		docgen.Paragraph{Runs: []docgen.Run{{Text: "Chủ trì: ", Bold: true}, {Text: d.Chair + "."}}},
		docgen.Paragraph{Runs: []docgen.Run{{Text: "Doanh nghiệp tham dự: ", Bold: true}, {Text: fmt.Sprintf("%d doanh nghiệp", len(attended))}}},
	}
	if len(attended) > 0 {
		rows := make([][]string, len(attended))
		for i, a := range attended {
			rows[i] = []string{strconv.Itoa(i + 1), a.Name, a.TaxCode, a.Representative}
		}
		body = append(body, docgen.Table{Header: []string{"STT", "Doanh nghiệp", "Mã số thuế", "Người đại diện"}, Rows: rows, Widths: []int{1, 6, 3, 4}})
	}
	body = append(body, docgen.Heading{Level: 1, Text: "II. NỘI DUNG"})
	if t := strings.TrimSpace(d.Topics); t != "" {
		body = append(body, docgen.Heading{Level: 2, Text: "1. Chủ đề đối thoại"})
		for _, line := range strings.Split(t, "\n") {
			if line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-•")); line != "" {
				body = append(body, docgen.Bullet{Text: line})
			}
		}
	}
	body = append(body, docgen.Heading{Level: 2, Text: "2. Ý kiến, kiến nghị của doanh nghiệp"})
	if len(questions) == 0 {
		body = append(body, docgen.Paragraph{Text: "Không có ý kiến, kiến nghị nào được ghi nhận."})
	} else {
		rows := make([][]string, len(questions))
		for i, q := range questions {
			rows[i] = []string{strconv.Itoa(i + 1), q.Asker, q.Subject, q.Unit, q.TrackingCode + ": " + q.State}
		}
		body = append(body, docgen.Table{Header: []string{"STT", "Doanh nghiệp", "Nội dung", "Đơn vị trả lời", "Mã theo dõi, tình trạng"},
			Rows: rows, Widths: []int{1, 4, 7, 3, 3}})
	}
	body = append(body, docgen.Heading{Level: 1, Text: "III. KẾT LUẬN"})
	if c := strings.TrimSpace(d.Conclusions); c != "" {
		for _, line := range strings.Split(c, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				body = append(body, docgen.Paragraph{Text: line})
			}
		}
	} else {
		body = append(body, docgen.Paragraph{Text: "(Chưa ghi kết luận.)"})
	}
	body = append(body, docgen.Paragraph{Text: "Các kiến nghị nêu trên được theo dõi, trả lời và công khai theo quy trình xử lý phản ánh, kiến nghị của Sở. " +
		"Biên bản được lập xong vào cùng ngày và gửi các đơn vị liên quan."})
	doc.Body = body
	// Minutes are signed by who chaired, not by the plan's signer.
	doc.Signer = docgen.Signer{Authority: "CHỦ TRÌ", Name: chairName(d.Chair)}
	return doc, nil
}

// chairName is the person in "Ông Trần Văn Vương, Phó Giám đốc Sở": the name a
// signature block prints.
func chairName(chair string) string {
	name, _, _ := strings.Cut(chair, ",")
	name = strings.TrimSpace(name)
	for _, title := range []string{"Ông ", "Bà ", "Đồng chí ", "đồng chí "} {
		name = strings.TrimPrefix(name, title)
	}
	return name
}

func hostText(d *Dialogue) string {
	if d.Role == Guest && d.Organiser != "" {
		return d.Organiser + " (Sở tham gia)"
	}
	return "Sở"
}

// lowerFirst makes a title read inside a sentence: "Hội nghị đối thoại …" → "hội nghị đối thoại …".
func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}
