package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/kpi"
	"github.com/thidua/thidua/internal/plan"
)

// Document lays a consolidated report out as the department's BÁO CÁO under Decree
// 30: what was deployed, what each of the plan's contents achieved with the figures
// behind it, the five targets per year against their thresholds, the units' table,
// dialogues, difficulties and proposals, with the plan's signer and recipients. A
// section with nothing recorded says so instead of inventing text.
func Document(c *Consolidated, docNumber string) docgen.Document {
	p := c.Movement.Plan
	doc := docgen.FromPlan(p, docgen.Report)
	doc.Number, doc.Date = docNumber, c.Cutoff
	doc.Summary = summary(c.Title, p)
	b := &body{}
	b.para(fmt.Sprintf("Thực hiện Kế hoạch triển khai phong trào thi đua “%s”, %s báo cáo kết quả thực hiện từ ngày %s đến ngày %s (số liệu chốt đến ngày %s) như sau:",
		strings.Trim(shortTitle(p), "“”"), agencyName(p), c.From.DMY(), c.To.DMY(), c.Cutoff.DMY()))

	b.heading(1, "I. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI")
	b.para(fmt.Sprintf("Đến ngày %s, %d/%d phòng chuyên môn, đơn vị trực thuộc đã ban hành văn bản triển khai phong trào thi đua.",
		c.Cutoff.DMY(), c.Deployed, c.Active))

	b.heading(1, "II. KẾT QUẢ THỰC HIỆN CÁC NỘI DUNG THI ĐUA")
	b.heading(2, "1. Giải quyết thủ tục hành chính")
	st := c.Dossiers
	if st.ReceivedTotal+st.CarriedOver == 0 {
		b.para("Chưa có dữ liệu hồ sơ thủ tục hành chính trong kỳ.")
	} else {
		rate := NoData
		if st.OnTimeRate != nil {
			rate = formatPercent(*st.OnTimeRate)
		}
		b.bullet(fmt.Sprintf("Tiếp nhận %s hồ sơ (trực tuyến %s, trực tiếp và bưu chính %s), kỳ trước chuyển sang %s;",
			number(st.ReceivedTotal), number(st.ReceivedOnline), number(st.ReceivedDirect), number(st.CarriedOver)))
		b.bullet(fmt.Sprintf("Đã giải quyết %s hồ sơ: trước hạn %s, đúng hạn %s, quá hạn %s (có thư xin lỗi %s); tỷ lệ đúng hạn %s;",
			number(st.ResolvedTotal), number(st.ResolvedEarly), number(st.ResolvedOnTime), number(st.ResolvedLate), number(st.LateWithApology), rate))
		b.bullet(fmt.Sprintf("Đang giải quyết %s hồ sơ, trong đó quá hạn %s.", number(st.OpenTotal), number(st.OpenOverdue)))
	}
	b.heading(2, "2. Đối thoại, hỗ trợ doanh nghiệp")
	if len(c.Dialogues) == 0 {
		b.para("Trong kỳ chưa ghi nhận cuộc gặp gỡ, đối thoại doanh nghiệp nào.")
	}
	for _, d := range c.Dialogues {
		b.bullet(fmt.Sprintf("Ngày %s: %s (%s; %d doanh nghiệp tham dự).", d.HeldOn.DMY(), d.Title, strings.ToLower(d.Role.Label()), d.Attended))
	}
	n := 3
	for _, group := range figureGroups(c.More) {
		b.heading(2, strconv.Itoa(n)+". "+group.name)
		for _, f := range group.figures {
			b.bullet(f.Label + ": " + f.Value + ".")
		}
		n++
	}
	if len(c.Narratives) > 0 {
		b.heading(2, strconv.Itoa(n)+". Kết quả các phòng, đơn vị báo cáo")
		for _, nr := range c.Narratives {
			b.blocks = append(b.blocks, docgen.Paragraph{Runs: []docgen.Run{{Text: nr.Unit + " (" + strings.ToLower(nr.Section) + "): ", Bold: true}, {Text: nr.Text}}})
		}
	}

	b.heading(1, "III. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
	b.blocks = append(b.blocks, targetsTable(c))
	b.heading(2, "Kết quả theo từng phòng, đơn vị")
	rows := make([][]string, len(c.Units))
	for i, u := range c.Units {
		rows[i] = []string{strconv.Itoa(i + 1), u.Name, u.Deployed, number(u.Resolved), u.OnTimeRate, u.Report}
	}
	b.blocks = append(b.blocks, docgen.Table{Header: []string{"STT", "Phòng, đơn vị", "Triển khai", "Hồ sơ đã giải quyết", "Tỷ lệ đúng hạn", "Báo cáo"},
		Rows: rows, NumericColumns: []int{0, 3, 4}, Widths: []int{1, 6, 3, 3, 3, 3}})

	b.heading(1, "IV. KHÓ KHĂN, VƯỚNG MẮC")
	if len(c.Difficulties) == 0 {
		b.para("Trong kỳ, các phòng, đơn vị không phản ánh khó khăn, vướng mắc.")
	}
	for _, d := range c.Difficulties {
		text := d.UnitName + ": " + d.Subject + "."
		if d.Direction != "" {
			text += " Giám đốc Sở chỉ đạo: " + d.Direction
		}
		b.bullet(text + " (" + DifficultyLabel(d.State) + ")")
	}
	b.heading(1, "V. ĐỀ XUẤT, KIẾN NGHỊ")
	b.para("Đề xuất khen thưởng tập thể, cá nhân có thành tích tiêu biểu: chưa có dữ liệu (sẽ tổng hợp khi Hội đồng Thi đua - Khen thưởng xét).")
	doc.Body = b.blocks
	return doc
}

type body struct{ blocks []docgen.Block }

func (b *body) para(t string)   { b.blocks = append(b.blocks, docgen.Paragraph{Text: t}) }
func (b *body) bullet(t string) { b.blocks = append(b.blocks, docgen.Bullet{Text: t}) }
func (b *body) heading(level int, t string) {
	b.blocks = append(b.blocks, docgen.Heading{Level: level, Text: t})
}

// targetsTable is the five targets against their thresholds: a column per year and
// one for the whole period.
func targetsTable(c *Consolidated) docgen.Table {
	header := []string{"Chỉ tiêu", "Ngưỡng"}
	for _, y := range c.Years {
		header = append(header, strconv.Itoa(y.Year))
	}
	header = append(header, "Cả kỳ", "Đánh giá")
	var rows [][]string
	for i, w := range c.Whole {
		row := []string{w.Code + ". " + w.Name, w.ThresholdText()}
		for _, y := range c.Years {
			row = append(row, cellText(y.Results[i]))
		}
		row = append(row, w.ValueText(), w.Verdict())
		rows = append(rows, row)
	}
	widths := []int{7, 3}
	var numeric []int
	for i := range c.Years {
		widths = append(widths, 2)
		numeric = append(numeric, 2+i)
	}
	widths = append(widths, 3, 2)
	return docgen.Table{Header: header, Rows: rows, Widths: widths, NumericColumns: numeric}
}

// cellText is one year's value of a target.
func cellText(r kpi.Result) string {
	if r.Value == nil {
		return "—"
	}
	return r.ValueText()
}

type figureGroup struct {
	name    string
	figures []Figure
}

func figureGroups(fs []Figure) []figureGroup {
	var out []figureGroup
	for _, f := range fs {
		if len(out) == 0 || out[len(out)-1].name != f.Group {
			out = append(out, figureGroup{name: f.Group})
		}
		out[len(out)-1].figures = append(out[len(out)-1].figures, f)
	}
	return out
}

// shortTitle is the movement's name as documents quote it: the part in quotes.
func shortTitle(p *plan.Plan) string {
	t := p.Title
	if i := strings.Index(t, "“"); i >= 0 {
		if j := strings.Index(t[i:], "”"); j > 0 {
			return t[i : i+j+len("”")]
		}
	}
	return t
}

// agencyName is the issuing body as a sentence writes it: "SỞ XÂY DỰNG" → "Sở Xây
// dựng", the first two words capitalised as Vietnamese agency names are.
func agencyName(p *plan.Plan) string {
	words := strings.Fields(strings.ToLower(p.Issuer.Agency))
	for i := 0; i < len(words) && i < 2; i++ {
		for j, r := range words[i] {
			words[i] = strings.ToUpper(string(r)) + words[i][j+len(string(r)):]
			break
		}
	}
	return strings.Join(words, " ")
}

// summary is the trích yếu of a report named title: "Báo cáo sơ kết giai đoạn 1"
// becomes "Sơ kết giai đoạn 1 phong trào thi đua “…”"; a title that names the
// movement already is kept as it is, less its leading "Báo cáo".
func summary(title string, p *plan.Plan) string {
	t := strings.TrimSpace(title)
	if rest, ok := strings.CutPrefix(t, "Báo cáo "); ok {
		t = rest
	}
	for i, r := range t {
		t = strings.ToUpper(string(r)) + t[i+len(string(r)):]
		break
	}
	if strings.Contains(strings.ToLower(t), "phong trào") {
		return t
	}
	return t + " phong trào thi đua “" + strings.Trim(shortTitle(p), "“”") + "”"
}
