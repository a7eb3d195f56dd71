package inspection

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/report"
)

// NoticeSummary is the conclusion notice's trích yếu.
func NoticeSummary(x *Inspection) string {
	return "Kết luận kiểm tra " + lowerFirst(strings.TrimPrefix(x.Title, "Kiểm tra ")) + " tại " + x.UnitName
}

// SetNoticeNumber gives a concluded inspection's notice its register number and
// date the first time it is made, with take in the same transaction, and returns the
// number and date the inspection keeps: requests at once take one number between
// them. An inspection not concluded gets none.
func (s *Store) SetNoticeNumber(ctx context.Context, id int64, take docgen.Taker, on calendar.Date) (string, calendar.Date, error) {
	var kept, keptOn string
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var state string
		if err := tx.QueryRowContext(ctx, "SELECT state FROM inspections WHERE id = $1", id).Scan(&state); err != nil {
			return err
		}
		if State(state) != Concluded {
			return nil
		}
		number, taken, err := docgen.Keep(ctx, tx, "inspections", "notice_number", id, take)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		if taken {
			if _, err := tx.ExecContext(ctx, "UPDATE inspections SET notice_on = $1, updated_at = $2 WHERE id = $3", on.String(), now, id); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "inspection", EntityID: id,
				Summary: "Lập thông báo kết luận kiểm tra số " + number, After: map[string]string{"notice_number": number}}); err != nil {
				return err
			}
		}
		kept = number
		return tx.QueryRowContext(ctx, "SELECT COALESCE(notice_on, '') FROM inspections WHERE id = $1", id).Scan(&keptOn)
	})
	day, _ := calendar.ParseDate(keptOn)
	return kept, day, err
}

// Notice builds the THÔNG BÁO kết luận kiểm tra as a Decree 30 document under the
// plan's issuer: what was inspected, by whom and when, the conclusion, and in a
// table every finding with its corrective action and due date, which the unit must
// report on.
func Notice(p *plan.Plan, x *Inspection, fs []Finding) (docgen.Document, error) {
	if x.State != Concluded {
		return docgen.Document{}, fmt.Errorf("%w: thông báo kết luận chỉ lập cho cuộc kiểm tra đã kết luận", docgen.ErrInvalid)
	}
	doc := docgen.FromPlan(p, docgen.Notice)
	doc.Number, doc.Date, doc.Summary = x.NoticeNumber, x.NoticeOn, NoticeSummary(x)
	basis := "Thực hiện Kế hoạch " + lowerFirst(p.Title)
	if p.Document.Number != "" {
		basis = "Thực hiện Kế hoạch số " + p.Document.Number + " " + lowerFirst(p.Title)
	}
	when := "ngày " + x.StartedOn.DMY()
	if x.ConcludedOn != x.StartedOn {
		when = "từ ngày " + x.StartedOn.DMY() + " đến ngày " + x.ConcludedOn.DMY()
	}
	body := []docgen.Block{
		docgen.Paragraph{Text: fmt.Sprintf("%s; %s, Đoàn kiểm tra của %s đã tiến hành %s tại %s (thời kỳ được kiểm tra từ %s đến %s). %s thông báo kết luận kiểm tra như sau:",
			basis, when, capitalWords(p.Issuer.Agency), lowerFirst(x.Title), x.UnitName, x.PeriodFrom.DMY(), x.PeriodTo.DMY(), capitalWords(p.Issuer.Agency))},
		docgen.Heading{Level: 1, Text: "I. THÀNH PHẦN ĐOÀN KIỂM TRA VÀ NỘI DUNG KIỂM TRA"},
	}
	for _, m := range x.Members {
		line := m.Name
		if m.Position != "" {
			line += ", " + m.Position
		}
		line += ", " + m.UnitName
		if m.Leads {
			line += " - Trưởng đoàn"
		}
		body = append(body, docgen.Bullet{Text: line + ";"})
	}
	body = append(body, docgen.Paragraph{Runs: []docgen.Run{{Text: "Nội dung kiểm tra: ", Bold: true},
		{Text: x.ContentTitle + " (mục " + x.ContentCode + " của Kế hoạch)."}}})
	body = append(body, docgen.Heading{Level: 1, Text: "II. KẾT LUẬN"})
	for _, para := range paragraphs(x.Conclusion) {
		body = append(body, docgen.Paragraph{Text: para})
	}
	body = append(body, docgen.Heading{Level: 1, Text: "III. TỒN TẠI, HẠN CHẾ VÀ YÊU CẦU KHẮC PHỤC"})
	if len(fs) == 0 {
		body = append(body, docgen.Paragraph{Text: "Qua kiểm tra, không phát hiện tồn tại, hạn chế phải khắc phục."})
	} else {
		rows := make([][]string, len(fs))
		for i, f := range fs {
			due := f.DueOn.DMY()
			if f.DueDays > 0 {
				due = fmt.Sprintf("%s\n(%d ngày làm việc)", due, f.DueDays)
			}
			rows[i] = []string{strconv.Itoa(f.Seq), f.Text, f.Action, due}
		}
		body = append(body, docgen.Table{Header: []string{"STT", "Tồn tại, hạn chế", "Biện pháp khắc phục", "Thời hạn"}, Rows: rows, Widths: []int{2, 9, 9, 4}})
	}
	body = append(body, docgen.Heading{Level: 1, Text: "IV. TỔ CHỨC THỰC HIỆN"},
		docgen.Paragraph{Text: x.UnitName + " tổ chức khắc phục các tồn tại, hạn chế nêu tại mục III trong thời hạn nêu trên (tính theo ngày làm việc kể từ ngày kết luận " +
			x.ConcludedOn.DMY() + "); báo cáo kết quả thực hiện từng nội dung về " + capitalWords(p.Issuer.Agency) + " (qua Văn phòng Sở) trên hệ thống thi đua."},
		docgen.Paragraph{Text: "Văn phòng Sở theo dõi, đôn đốc việc khắc phục, tổng hợp báo cáo Giám đốc Sở./."},
	)
	doc.Body = body
	doc.Recipients = []string{x.UnitName + " (thực hiện)", "Giám đốc, các Phó Giám đốc Sở", "Thành viên Đoàn kiểm tra"}
	doc.ArchiveUnit = "VP"
	return doc, nil
}

// paragraphs splits a plain text on blank lines and line breaks into paragraphs.
func paragraphs(text string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// capitalWords writes an upper-case agency name as a sentence does: "SỞ XÂY DỰNG"
// → "Sở Xây dựng", the first two words capitalised as Vietnamese agency names are.
func capitalWords(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i := 0; i < len(words) && i < 2; i++ {
		for j, r := range words[i] {
			words[i] = strings.ToUpper(string(r)) + words[i][j+len(string(r)):]
			break
		}
	}
	return strings.Join(words, " ")
}

// Figures are what the inspections of [from, to] add to a report: for a unit, the
// inspections of that unit and its actions; for the department's consolidated report
// (no submitter), all of them; nothing for an enterprise. It is a report.FigureSource.
func (s *Store) Figures(ctx context.Context, sub report.Submitter, from, to calendar.Date) ([]report.Figure, error) {
	if sub.EnterpriseID != 0 {
		return nil, nil
	}
	unit, args := "", []any{from.String(), to.String()}
	if sub.UnitID != 0 {
		unit, args = " AND unit_id = $3", append(args, sub.UnitID)
	}
	var started, concluded, found, closed, overdue int
	err := s.db.Read().QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM inspections WHERE started_on >= $1 AND started_on <= $2`+unit+`),
		(SELECT COUNT(*) FROM inspections WHERE concluded_on >= $1 AND concluded_on <= $2`+unit+`),
		(SELECT COUNT(*) FROM inspection_findings WHERE inspection_id IN
			(SELECT id FROM inspections WHERE concluded_on >= $1 AND concluded_on <= $2)`+unit+`),
		(SELECT COUNT(*) FROM inspection_findings WHERE closed_on >= $1 AND closed_on <= $2`+unit+`),
		(SELECT COUNT(*) FROM inspection_findings WHERE state <> 'pending' AND due_on < $2
			AND (closed_on IS NULL OR closed_on > $2)`+unit+`)`, args...).Scan(&started, &concluded, &found, &closed, &overdue)
	if err != nil {
		return nil, fmt.Errorf("inspection: figures: %w", err)
	}
	const group = "Kiểm tra, giám sát"
	src := fmt.Sprintf("Sổ kiểm tra, giám sát, %s–%s", from.DMY(), to.DMY())
	return []report.Figure{
		{Group: group, Label: "Cuộc kiểm tra đã tiến hành", Value: number(started), Source: src},
		{Group: group, Label: "Cuộc kiểm tra đã có kết luận", Value: number(concluded), Source: src},
		{Group: group, Label: "Tồn tại, hạn chế phát hiện qua kiểm tra (theo các kết luận trong kỳ)", Value: number(found), Source: src},
		{Group: group, Label: "Biện pháp khắc phục đã hoàn thành trong kỳ", Value: number(closed), Source: src},
		{Group: group, Label: "Biện pháp khắc phục quá hạn chưa hoàn thành tại ngày " + to.DMY(), Value: number(overdue), Source: src},
	}, nil
}

// number writes an integer the Vietnamese way: 1.234.
func number(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}
