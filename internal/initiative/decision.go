package initiative

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
)

// DecisionBlocker says why a session's recognition decision cannot be made yet: an
// initiative the council has not decided on, or none recognised. "" when it can.
func DecisionBlocker(items []SessionItem) string {
	recognised := 0
	for _, it := range items {
		switch it.State {
		case UnderReview:
			return "Hội đồng chưa quyết định về sáng kiến “" + it.Title + "”: ghi nhận kết quả biểu quyết trước khi lập quyết định."
		case Recognised, Applied:
			recognised++
		}
	}
	if recognised == 0 {
		return "Phiên họp chưa công nhận sáng kiến nào nên không có quyết định công nhận."
	}
	return ""
}

// RecognisedItems keeps the initiatives of a session that were recognised (and may
// since have been applied).
func RecognisedItems(items []SessionItem) []SessionItem {
	var out []SessionItem
	for _, it := range items {
		if it.State == Recognised || it.State == Applied {
			out = append(out, it)
		}
	}
	return out
}

// LegalBases returns the texts the decision cites after "Căn cứ", in force on day.
func (s *Store) LegalBases(ctx context.Context, day calendar.Date) ([]string, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT text FROM initiative_legal_bases
		WHERE effective_from <= $1 AND (effective_to IS NULL OR effective_to >= $1) ORDER BY sort_order, id`, day.String())
	if err != nil {
		return nil, fmt.Errorf("initiative: legal bases: %w", err)
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

// SetDecisionNumber gives a session's decision its register number and date the
// first time it is made, with take in the same transaction, and returns the number
// and date the session keeps: requests at once take one number between them.
func (s *Store) SetDecisionNumber(ctx context.Context, sessionID int64, take docgen.Taker, on calendar.Date) (string, calendar.Date, error) {
	var kept, keptOn string
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		number, taken, err := docgen.Keep(ctx, tx, "initiative_sessions", "decision_number", sessionID, take)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		if taken {
			if _, err := tx.ExecContext(ctx, "UPDATE initiative_sessions SET decision_on = $1, updated_at = $2 WHERE id = $3", on.String(), now, sessionID); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "initiative_session", EntityID: sessionID,
				Summary: "Lập quyết định công nhận sáng kiến số " + number, After: map[string]string{"decision_number": number}}); err != nil {
				return err
			}
		}
		kept = number
		return tx.QueryRowContext(ctx, "SELECT COALESCE(decision_on, '') FROM initiative_sessions WHERE id = $1", sessionID).Scan(&keptOn)
	})
	day, _ := calendar.ParseDate(keptOn)
	return kept, day, err
}

// DecisionSummary is the decision's trích yếu.
func DecisionSummary(ses *Session) string {
	return "Về việc công nhận sáng kiến năm " + strconv.Itoa(ses.HeldOn.Year)
}

// Decision builds the QUYẾT ĐỊNH recognising a session's initiatives as a Decree 30
// document under the plan's issuer: the legal bases, the council's session, and in
// Article 1 the list of initiatives with their authors, shares, proposers and level.
func Decision(p *plan.Plan, ses *Session, items []SessionItem, bases []string) (docgen.Document, error) {
	if why := DecisionBlocker(items); why != "" {
		return docgen.Document{}, fmt.Errorf("%w: %s", docgen.ErrInvalid, why)
	}
	list := RecognisedItems(items)
	doc := docgen.FromPlan(p, docgen.Decision)
	doc.Number, doc.Date, doc.Summary = ses.DecisionNumber, ses.DecisionOn, DecisionSummary(ses)
	body := []docgen.Block{docgen.Paragraph{Text: "GIÁM ĐỐC " + strings.ToUpper(p.Issuer.Agency), Align: docgen.Center, Bold: true}}
	for _, b := range bases {
		body = append(body, docgen.Paragraph{Runs: []docgen.Run{{Text: "Căn cứ " + b + ";", Italic: true}}})
	}
	body = append(body,
		docgen.Paragraph{Runs: []docgen.Run{{Text: "Căn cứ kết quả họp Hội đồng sáng kiến Sở ngày " + ses.HeldOn.DMY() + " (" + ses.Name + ");", Italic: true}}},
		docgen.Paragraph{Runs: []docgen.Run{{Text: "Theo đề nghị của Chánh Văn phòng Sở.", Italic: true}}},
		docgen.Paragraph{Text: "QUYẾT ĐỊNH:", Align: docgen.Center, Bold: true},
		docgen.Paragraph{Runs: []docgen.Run{{Text: "Điều 1. ", Bold: true},
			{Text: fmt.Sprintf("Công nhận %02d sáng kiến có tính mới, khả năng áp dụng và hiệu quả, của các tác giả có tên dưới đây:", len(list))}}},
	)
	rows := make([][]string, len(list))
	for i, it := range list {
		authors := make([]string, len(it.Authors))
		for j, a := range it.Authors {
			authors[j] = a.Name + " (" + a.ShareText() + ")"
			if a.Organisation != "" && a.Organisation != it.Proposer {
				authors[j] += ", " + a.Organisation
			}
		}
		votes := ""
		if it.VotesFor != nil && it.VotesAgainst != nil {
			votes = fmt.Sprintf("%d/%d", *it.VotesFor, *it.VotesFor+*it.VotesAgainst)
		}
		rows[i] = []string{strconv.Itoa(i + 1), it.Title, strings.Join(authors, "\n"), it.Proposer, it.Level.Label(), votes}
	}
	body = append(body,
		docgen.Table{Header: []string{"STT", "Tên sáng kiến", "Tác giả (tỷ lệ đóng góp)", "Đơn vị đề nghị", "Phạm vi ảnh hưởng", "Phiếu đồng ý"},
			Rows: rows, Widths: []int{3, 11, 10, 8, 5, 4}},
		docgen.Paragraph{Runs: []docgen.Run{{Text: "Điều 2. ", Bold: true},
			{Text: "Tác giả, đồng tác giả của các sáng kiến tại Điều 1 được hưởng quyền lợi theo quy định của pháp luật về sáng kiến; " +
				"kết quả công nhận là căn cứ xét tặng danh hiệu thi đua, hình thức khen thưởng theo quy định."}}},
		docgen.Paragraph{Runs: []docgen.Run{{Text: "Điều 3. ", Bold: true},
			{Text: "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Sở, Trưởng các phòng, đơn vị thuộc Sở và các tập thể, " +
				"cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."}}},
	)
	doc.Body = body
	doc.Recipients = []string{"Như Điều 3", "Giám đốc, các Phó Giám đốc Sở"}
	doc.ArchiveUnit = "VP"
	return doc, nil
}
