package award

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
)

// DecisionSummary is the decision's trích yếu.
func DecisionSummary(c *Council) string {
	return "Về việc tặng danh hiệu thi đua, hình thức khen thưởng năm " + strconv.Itoa(c.Year)
}

// Decide makes the session's decision for the nominations given (all the approved
// ones when ids is empty): refused, with nothing changed, when the ballot is not
// closed or a nomination was not approved by the council. take gives the decision's
// number from the document register, asked only once the checks pass; a session
// keeps its first number, and a second call returns it without taking another.
func (s *Store) Decide(ctx context.Context, u *auth.User, councilID int64, ids []int64, on calendar.Date, issuer string,
	take func(summary string) (string, error)) (string, error) {
	if !isOffice(u) {
		return "", ErrForbidden
	}
	c, err := s.Council(ctx, councilID)
	if err != nil {
		return "", err
	}
	if c.DecisionNumber != "" {
		return c.DecisionNumber, nil
	}
	if c.State != CouncilClosed {
		return "", refused("Hội đồng chưa kết thúc bỏ phiếu nên chưa lập quyết định được.")
	}
	noms, err := s.CouncilNominations(ctx, councilID)
	if err != nil {
		return "", err
	}
	rs, err := s.Rules(ctx)
	if err != nil {
		return "", err
	}
	chosen, err := pick(noms, ids, func(n Nomination) bool { r, _ := rs.For(n.Title, n.Year); return r.Params.Proposal })
	if err != nil {
		return "", err
	}
	number, err := take(DecisionSummary(c))
	if err != nil {
		return "", err
	}
	now := s.now().UTC()
	kept := number
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE award_councils SET decision_number = $1, decision_on = $2, updated_at = $3 WHERE id = $4 AND decision_number = ''",
			number, on.String(), now, councilID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 { // another request made it first
			return tx.QueryRowContext(ctx, "SELECT decision_number FROM award_councils WHERE id = $1", councilID).Scan(&kept)
		}
		for _, n := range chosen {
			unitName := ""
			if n.Subject.StaffID != 0 {
				_ = tx.QueryRowContext(ctx, "SELECT name FROM units WHERE id = $1", n.UnitID).Scan(&unitName)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO award_commendations (year, title, title_name, staff_id, unit_id, enterprise_id, subject, name, unit_name,
				decision_number, decided_on, issuer, council_id, nomination_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
				n.Year, n.Title, n.TitleName, nullID(n.Subject.StaffID), nullID(n.UnitID), nullID(n.Subject.EnterpriseID), n.Subject.Key(), n.Name, unitName,
				number, on.String(), issuer, councilID, n.ID, now); err != nil {
				return fmt.Errorf("award: commendation: %w", err)
			}
			if _, err := tx.ExecContext(ctx, "UPDATE award_nominations SET state = $1, updated_at = $2 WHERE id = $3", Decided, now, n.ID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "award_decision", EntityID: councilID,
			Summary: fmt.Sprintf("Quyết định số %s khen thưởng %d tập thể, cá nhân", number, len(chosen)), After: chosen})
	})
	return kept, err
}

// pick keeps the nominations named by ids (the approved ones this department
// decides when none is named), refusing any the council did not approve and any
// that is a proposal to another authority.
func pick(noms []Nomination, ids []int64, proposal func(Nomination) bool) ([]Nomination, error) {
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var out []Nomination
	for _, n := range noms {
		if (len(ids) > 0 && !want[n.ID]) || (len(ids) == 0 && (n.State != Approved || proposal(n))) {
			continue
		}
		delete(want, n.ID)
		switch {
		case proposal(n):
			return nil, refused("“%s” do cấp trên quyết định: Sở lập tờ trình đề nghị, không đưa %s vào quyết định của Giám đốc Sở.", n.TitleName, n.Name)
		case n.State == Rejected:
			return nil, refused("Hội đồng không thông qua đề nghị “%s” cho %s (%s) nên không đưa vào quyết định được.", n.TitleName, n.Name, n.VoteText())
		case n.State != Approved:
			return nil, refused("Đề nghị “%s” cho %s đang ở trạng thái “%s”, chưa được Hội đồng thông qua.", n.TitleName, n.Name, n.State.Label())
		}
		out = append(out, n)
	}
	for id := range want {
		return nil, refused("Đề nghị số %d không thuộc phiên họp này.", id)
	}
	if len(out) == 0 {
		return nil, refused("Hội đồng không thông qua đề nghị nào nên không có quyết định khen thưởng.")
	}
	return out, nil
}

// VoteText is the count as the minutes write it: "5/7 phiếu đồng ý".
func (n Nomination) VoteText() string {
	if n.VotesFor == nil || n.Voters == nil {
		return "chưa có kết quả"
	}
	return fmt.Sprintf("%d/%d phiếu đồng ý", *n.VotesFor, *n.Voters)
}

// Commendation is a commendation given, for the history and the public page.
type Commendation struct {
	ID             int64         `json:"id"`
	Year           int           `json:"year"`
	Title          string        `json:"title"`
	TitleName      string        `json:"title_name"`
	Subject        Subject       `json:"subject"`
	Name           string        `json:"name"`
	UnitName       string        `json:"unit_name,omitempty"`
	DecisionNumber string        `json:"decision_number"`
	DecidedOn      calendar.Date `json:"decided_on"`
	Issuer         string        `json:"issuer"`
	Story          string        `json:"story,omitempty"`
	Public         bool          `json:"public"`
}

// Label is what the certificate and lists call it: "Lao động tiên tiến năm 2026".
func (c Commendation) Label() string {
	return c.TitleName + " năm " + strconv.Itoa(c.Year)
}

const commendationColumns = `id, year, title, title_name, COALESCE(staff_id, 0), COALESCE(unit_id, 0), COALESCE(enterprise_id, 0), name, unit_name,
	decision_number, decided_on, issuer, story, public`

func scanCommendation(row interface{ Scan(...any) error }) (Commendation, error) {
	var c Commendation
	var unit int64
	var decided string
	err := row.Scan(&c.ID, &c.Year, &c.Title, &c.TitleName, &c.Subject.StaffID, &unit, &c.Subject.EnterpriseID, &c.Name, &c.UnitName,
		&c.DecisionNumber, &decided, &c.Issuer, &c.Story, &c.Public)
	if c.Subject.StaffID == 0 && c.Subject.EnterpriseID == 0 {
		c.Subject.UnitID = unit
	}
	c.DecidedOn, _ = calendar.ParseDate(decided)
	return c, err
}

func (s *Store) commendations(ctx context.Context, where string, args ...any) ([]Commendation, error) {
	rows, err := s.db.Read().QueryContext(ctx, "SELECT "+commendationColumns+" FROM award_commendations WHERE "+where+" ORDER BY decided_on DESC, id DESC LIMIT 500", args...)
	if err != nil {
		return nil, fmt.Errorf("award: commendations: %w", err)
	}
	defer rows.Close()
	var out []Commendation
	for rows.Next() {
		c, err := scanCommendation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Decided lists the commendations of a session's decision, as the decision lists them.
func (s *Store) Decided(ctx context.Context, councilID int64) ([]Commendation, error) {
	list, err := s.commendations(ctx, "council_id = $1", councilID)
	reverse(list)
	return list, err
}

func reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// History lists a person's, unit's or enterprise's commendations, newest first.
func (s *Store) History(ctx context.Context, sub Subject) ([]Commendation, error) {
	return s.commendations(ctx, "subject = $1", sub.Key())
}

// Exemplary lists the commendations published as exemplary models, newest first.
func (s *Store) Exemplary(ctx context.Context) ([]Commendation, error) {
	return s.commendations(ctx, "public = $1", true)
}

// Publish sets an exemplary model's story and shows it on the public page (or hides it).
func (s *Store) Publish(ctx context.Context, u *auth.User, id int64, story string, public bool) error {
	if !isOffice(u) {
		return ErrForbidden
	}
	story = strings.TrimSpace(story)
	if public && story == "" {
		return refused("Viết câu chuyện về điển hình trước khi công bố.")
	}
	now := s.now().UTC()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE award_commendations SET story = $1, public = $2 WHERE id = $3", story, public, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "award_commendation", EntityID: id,
			Summary: "Cập nhật điển hình tiên tiến", After: map[string]any{"public": public, "story": story}})
	})
}

// Record adds an earlier or higher commendation to a history (the office), such as
// a Bằng khen of the province given before thidua was used.
func (s *Store) Record(ctx context.Context, u *auth.User, c Commendation) (*Commendation, error) {
	if !isOffice(u) {
		return nil, ErrForbidden
	}
	if strings.TrimSpace(c.TitleName) == "" || strings.TrimSpace(c.DecisionNumber) == "" || c.DecidedOn.IsZero() || strings.TrimSpace(c.Name) == "" {
		return nil, refused("Nhập tên danh hiệu, hình thức khen thưởng; người hoặc tập thể được khen; số và ngày quyết định.")
	}
	if c.Year == 0 {
		c.Year = c.DecidedOn.Year
	}
	now := s.now().UTC()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO award_commendations (year, title, title_name, staff_id, unit_id, enterprise_id, subject, name, unit_name,
			decision_number, decided_on, issuer, story, public, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
			c.Year, c.Title, c.TitleName, nullID(c.Subject.StaffID), nullID(c.Subject.UnitID), nullID(c.Subject.EnterpriseID), c.Subject.Key(), c.Name, c.UnitName,
			c.DecisionNumber, c.DecidedOn.String(), c.Issuer, c.Story, c.Public, now).Scan(&c.ID); err != nil {
			return fmt.Errorf("award: record: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "award_commendation", EntityID: c.ID,
			Summary: "Ghi nhận khen thưởng “" + c.Label() + "” cho " + c.Name, After: c})
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// Director names who signs the decision from the agency's name as plan files write
// it ("SỞ XÂY DỰNG"), in the usual case: "Giám đốc Sở Xây dựng".
func Director(agency string) string {
	words := strings.Fields(strings.ToLower(agency))
	for i := 0; i < len(words) && i < 2; i++ {
		r := []rune(words[i])
		words[i] = strings.ToUpper(string(r[0])) + string(r[1:])
	}
	return strings.TrimSpace("Giám đốc " + strings.Join(words, " "))
}

// CommendedBetween counts the commendations decided in [from, to]: of a unit (itself
// and its staff), of an enterprise, or of the whole department when both are 0. The
// reports state it among their figures.
func (s *Store) CommendedBetween(ctx context.Context, unitID, enterpriseID int64, from, to calendar.Date) (int, error) {
	where, args := "decided_on >= $1 AND decided_on <= $2", []any{from.String(), to.String()}
	switch {
	case enterpriseID != 0:
		where, args = where+" AND enterprise_id = $3", append(args, enterpriseID)
	case unitID != 0:
		where, args = where+" AND unit_id = $3", append(args, unitID)
	}
	var n int
	err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM award_commendations WHERE "+where, args...).Scan(&n)
	return n, err
}
