package award

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/plan"
)

// LegalBases returns the texts the decision cites after "Căn cứ", in force on day.
func (s *Store) LegalBases(ctx context.Context, day calendar.Date) ([]string, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT text FROM award_legal_bases
		WHERE effective_from <= $1 AND (effective_to IS NULL OR effective_to >= $1) ORDER BY sort_order, id`, day.String())
	if err != nil {
		return nil, fmt.Errorf("award: legal bases: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func italic(text string) docgen.Paragraph {
	return docgen.Paragraph{Runs: []docgen.Run{{Text: text, Italic: true}}}
}

func article(n int, text string) docgen.Paragraph {
	return docgen.Paragraph{Runs: []docgen.Run{{Text: "Điều " + strconv.Itoa(n) + ". ", Bold: true}, {Text: text}}}
}

// Submission builds the TỜ TRÌNH in which the office proposes to the Director the
// nominees the council approved, with the council's vote for each.
func Submission(p *plan.Plan, c *Council, noms []Nomination, number string, on calendar.Date) docgen.Document {
	doc := docgen.FromPlan(p, docgen.Submission)
	doc.Number, doc.Date = number, on
	doc.Summary = "Về việc đề nghị tặng danh hiệu thi đua, hình thức khen thưởng năm " + strconv.Itoa(c.Year)
	rows := [][]string{}
	for _, n := range noms {
		if n.State == Approved || n.State == Decided {
			rows = append(rows, []string{strconv.Itoa(len(rows) + 1), n.Name, n.TitleName, n.VoteText()})
		}
	}
	doc.Body = []docgen.Block{
		docgen.Paragraph{Text: "Kính gửi: Giám đốc " + p.Issuer.Agency, Align: docgen.Center},
		docgen.Paragraph{Text: fmt.Sprintf("Căn cứ kết quả phiên họp %s ngày %s, Văn phòng Sở kính trình Giám đốc Sở xem xét, quyết định tặng danh hiệu thi đua, "+
			"hình thức khen thưởng năm %d cho %d tập thể, cá nhân có tên dưới đây:", c.Name, c.HeldOn.DMY(), c.Year, len(rows))},
		docgen.Table{Header: []string{"STT", "Tập thể, cá nhân", "Danh hiệu, hình thức", "Kết quả bỏ phiếu"}, Rows: rows, Widths: []int{2, 10, 8, 5}},
		docgen.Paragraph{Text: "Hồ sơ kèm theo: Biên bản họp Hội đồng, báo cáo thành tích của từng tập thể, cá nhân và các minh chứng./."},
	}
	doc.Recipients = []string{"Như trên", "Hội đồng Thi đua - Khen thưởng Sở"}
	doc.ArchiveUnit = "VP"
	return doc
}

// Minutes builds the BIÊN BẢN of the council's session: who attended, the quorum,
// and the secret ballot's result for each nomination.
func Minutes(p *plan.Plan, c *Council, members []CouncilMember, noms []Nomination, number string) (docgen.Document, error) {
	if c.State != CouncilClosed {
		return docgen.Document{}, fmt.Errorf("%w: %s", docgen.ErrInvalid, "Hội đồng chưa kết thúc bỏ phiếu nên chưa lập biên bản được")
	}
	doc := docgen.FromPlan(p, docgen.Minutes)
	doc.Number, doc.Date = number, c.HeldOn
	doc.Summary = "Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm " + strconv.Itoa(c.Year)
	present := 0
	body := []docgen.Block{docgen.Paragraph{Text: fmt.Sprintf("Thời gian: ngày %s. Địa điểm: %s.", c.HeldOn.DMY(), c.Place)},
		docgen.Heading{Level: 1, Text: "I. THÀNH PHẦN"}}
	for _, m := range members {
		state := "vắng mặt"
		if m.Present {
			state, present = "có mặt", present+1
		}
		body = append(body, docgen.Bullet{Text: "Ông/Bà " + m.Name + ": " + state})
	}
	body = append(body, docgen.Paragraph{Text: fmt.Sprintf("Có mặt %d/%d thành viên, đạt tỷ lệ tối thiểu %s%% theo quy chế; phiên họp đủ điều kiện tiến hành.",
		present, len(members), Decimal(c.QuorumPercent))},
		docgen.Heading{Level: 1, Text: "II. KẾT QUẢ BỎ PHIẾU KÍN"},
		docgen.Paragraph{Text: "Hội đồng bỏ phiếu kín đối với từng đề nghị; thành viên là người được đề nghị hoặc thuộc đơn vị được đề nghị không bỏ phiếu đề nghị đó."})
	rows := make([][]string, len(noms))
	for i, n := range noms {
		against := ""
		if n.VotesAgainst != nil {
			against = strconv.Itoa(*n.VotesAgainst)
		}
		result := "Không thông qua"
		if n.State == Approved || n.State == Decided {
			result = "Thông qua"
		}
		rows[i] = []string{strconv.Itoa(i + 1), n.Name, n.TitleName, n.VoteText(), against, result}
	}
	body = append(body, docgen.Table{Header: []string{"STT", "Tập thể, cá nhân", "Danh hiệu, hình thức", "Đồng ý", "Không đồng ý", "Kết quả"},
		Rows: rows, Widths: []int{2, 8, 7, 5, 3, 4}},
		docgen.Paragraph{Text: "Biên bản được lập xong vào cùng ngày, các thành viên dự họp thống nhất thông qua./."})
	doc.Body = body
	doc.Recipients = []string{"Thành viên Hội đồng", "Giám đốc Sở"}
	doc.ArchiveUnit = "VP"
	return doc, nil
}

// Achievement is what a nominee's report of achievements draws on.
type Achievement struct {
	Nomination  Nomination
	Position    string
	UnitName    string
	Background  string
	Result      *Result // the unit's rubric result, when it was assessed
	Initiatives []string
	History     []Commendation
}

// AchievementReport builds the BÁO CÁO THÀNH TÍCH of one nominee in the themed
// movement's form: background; achievements against the movement's targets with
// thidua's figures; initiatives; earlier commendations with their decisions.
func AchievementReport(p *plan.Plan, a Achievement, on calendar.Date) docgen.Document {
	n := a.Nomination
	doc := docgen.FromPlan(p, docgen.Report)
	doc.Date = on
	doc.Title = "BÁO CÁO THÀNH TÍCH"
	doc.Summary = "Đề nghị tặng “" + n.TitleName + "” năm " + strconv.Itoa(n.Year)
	body := []docgen.Block{docgen.Heading{Level: 1, Text: "I. SƠ LƯỢC LÝ LỊCH, ĐẶC ĐIỂM"},
		docgen.Bullet{Text: "Tên: " + n.Name}}
	if a.Position != "" {
		body = append(body, docgen.Bullet{Text: "Chức vụ: " + a.Position})
	}
	if a.UnitName != "" && a.UnitName != n.Name {
		body = append(body, docgen.Bullet{Text: "Đơn vị: " + a.UnitName})
	}
	if a.Background != "" {
		body = append(body, docgen.Paragraph{Text: a.Background})
	}
	body = append(body, docgen.Heading{Level: 1, Text: "II. THÀNH TÍCH ĐẠT ĐƯỢC"})
	if n.Achievements != "" {
		body = append(body, docgen.Paragraph{Text: n.Achievements})
	}
	if r := a.Result; r != nil {
		rows := make([][]string, len(r.Lines))
		for i, l := range r.Lines {
			evidence := ""
			if l.Used != nil {
				evidence = l.Used.Text(l.Criterion.Measure)
			}
			rows[i] = []string{l.Criterion.ContentCode, l.Criterion.Name, evidence, Decimal(l.Final) + "/" + strconv.Itoa(l.Criterion.MaxPoints)}
		}
		body = append(body, docgen.Paragraph{Text: fmt.Sprintf("Kết quả chấm điểm thi đua năm %d của %s: %s/100 điểm (điểm thưởng %s, điểm trừ %s).",
			r.Rubric.Year, r.Assessment.Name, Decimal(r.Total), Decimal(r.Assessment.Bonus), Decimal(r.Assessment.Penalty))},
			docgen.Table{Header: []string{"Nội dung", "Tiêu chí", "Số liệu từ hệ thống", "Điểm"}, Rows: rows, Widths: []int{2, 9, 6, 3}})
	}
	body = append(body, docgen.Heading{Level: 1, Text: "III. SÁNG KIẾN, GIẢI PHÁP"})
	if len(a.Initiatives) == 0 {
		body = append(body, docgen.Paragraph{Text: "Không có."})
	}
	for _, it := range a.Initiatives {
		body = append(body, docgen.Bullet{Text: it})
	}
	body = append(body, docgen.Heading{Level: 1, Text: "IV. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"})
	if len(a.History) == 0 {
		body = append(body, docgen.Paragraph{Text: "Chưa có."})
	}
	for _, h := range a.History {
		body = append(body, docgen.Bullet{Text: fmt.Sprintf("%s: Quyết định số %s ngày %s của %s", h.Label(), h.DecisionNumber, h.DecidedOn.DMY(), h.Issuer)})
	}
	doc.Body = body
	doc.Recipients = []string{"Hội đồng Thi đua - Khen thưởng Sở"}
	doc.ArchiveUnit = "VP"
	return doc
}

// Decision builds the QUYẾT ĐỊNH commending the session's approved nominees, with
// the list of awardees in Article 1.
func Decision(p *plan.Plan, c *Council, list []Commendation, bases []string) (docgen.Document, error) {
	if c.DecisionNumber == "" || len(list) == 0 {
		return docgen.Document{}, fmt.Errorf("%w: %s", docgen.ErrInvalid, "Chưa có quyết định khen thưởng của phiên họp này")
	}
	doc := docgen.FromPlan(p, docgen.Decision)
	doc.Number, doc.Date, doc.Summary = c.DecisionNumber, c.DecisionOn, DecisionSummary(c)
	body := []docgen.Block{docgen.Paragraph{Text: "GIÁM ĐỐC " + strings.ToUpper(p.Issuer.Agency), Align: docgen.Center, Bold: true}}
	for _, b := range bases {
		body = append(body, italic("Căn cứ "+b+";"))
	}
	body = append(body, italic("Căn cứ kết quả họp Hội đồng Thi đua - Khen thưởng Sở ngày "+c.HeldOn.DMY()+";"),
		italic("Theo đề nghị của Chánh Văn phòng Sở."),
		docgen.Paragraph{Text: "QUYẾT ĐỊNH:", Align: docgen.Center, Bold: true},
		article(1, fmt.Sprintf("Tặng danh hiệu thi đua, hình thức khen thưởng năm %d cho %02d tập thể, cá nhân có tên dưới đây:", c.Year, len(list))))
	rows := make([][]string, len(list))
	for i, cm := range list {
		rows[i] = []string{strconv.Itoa(i + 1), cm.Name, cm.UnitName, cm.TitleName}
	}
	body = append(body, docgen.Table{Header: []string{"STT", "Tập thể, cá nhân", "Đơn vị", "Danh hiệu, hình thức khen thưởng"}, Rows: rows, Widths: []int{2, 9, 8, 8}},
		article(2, "Các tập thể, cá nhân có tên tại Điều 1 được hưởng chế độ khen thưởng theo quy định hiện hành."),
		article(3, "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Sở, Trưởng các phòng, đơn vị thuộc Sở và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."))
	doc.Body = body
	doc.Recipients = []string{"Như Điều 3", "Giám đốc, các Phó Giám đốc Sở"}
	doc.ArchiveUnit = "VP"
	return doc, nil
}

// KeepNumber gives a session's Tờ trình (TTr) or Biên bản (BB) its register number
// the first time it is made, with take in the same transaction, and the same number
// afterwards: requests at once take one number between them.
func (s *Store) KeepNumber(ctx context.Context, councilID int64, kind docgen.Kind, take docgen.Taker) (string, error) {
	col := map[docgen.Kind]string{docgen.Submission: "submission_number", docgen.Minutes: "minutes_number"}[kind]
	if col == "" {
		return "", fmt.Errorf("award: no number kept for %s", kind)
	}
	var kept string
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		kept, _, err = docgen.Keep(ctx, tx, "award_councils", col, councilID, take)
		return err
	})
	if errors.Is(err, db.ErrNotFound) {
		return "", ErrNoCouncil
	}
	return kept, err
}

// Nomination returns one nomination.
func (s *Store) Nomination(ctx context.Context, id int64) (*Nomination, error) {
	return getNomination(ctx, s.db.Read(), id)
}

// Commendation returns one commendation.
func (s *Store) Commendation(ctx context.Context, id int64) (*Commendation, error) {
	list, err := s.commendations(ctx, "id = $1", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNotFound
	}
	return &list[0], nil
}
