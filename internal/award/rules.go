package award

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
)

// Params are the conditions a rule sets; a condition left at its zero value is not
// checked. The checker explains each one it checks, item by item.
type Params struct {
	MinRating            Rating  `json:"min_rating,omitempty"`             // own rating at least this
	ConsecutiveYears     int     `json:"consecutive_years,omitempty"`      // … for this many years up to the year
	RequiresTitle        string  `json:"requires_title,omitempty"`         // eligible for that title the same year
	RequireInitiative    bool    `json:"require_initiative,omitempty"`     // an initiative recognised in the year
	QuotaPercent         float64 `json:"quota_percent,omitempty"`          // at most this share of the unit's LĐTT holders
	Rounding             string  `json:"rounding,omitempty"`               // floor, half_up, ceil: how the quota rounds
	MinLDTTShare         float64 `json:"min_ldtt_share,omitempty"`         // % of members eligible for LĐTT
	ShareStrict          bool    `json:"share_strict,omitempty"`           // … more than, not at least
	MinMemberRating      Rating  `json:"min_member_rating,omitempty"`      // every member at least this
	MinCSTDCS            int     `json:"min_cstdcs,omitempty"`             // members eligible for CSTĐCS
	MemberDisciplineFrom Level   `json:"member_discipline_from,omitempty"` // no member disciplined at this level or above
	MinScore             float64 `json:"min_score,omitempty"`              // rubric total at least this
	MaxRank              int     `json:"max_rank,omitempty"`               // rank in its group at most this
	ApprovalPercent      float64 `json:"approval_percent,omitempty"`       // council votes for, of members present
	ApprovalStrict       bool    `json:"approval_strict,omitempty"`        // … more than, not at least
	QuorumPercent        float64 `json:"quorum_percent,omitempty"`         // council: members present, of all members
	Proposal             bool    `json:"proposal,omitempty"`               // decided by another authority: proposed, not decided here
}

// Roundings are the ways a quota may round, in Vietnamese.
var Roundings = map[string]string{"floor": "làm tròn xuống", "half_up": "làm tròn đến số nguyên gần nhất (0,5 lên)", "ceil": "làm tròn lên"}

// Quota is how many of n holders a share allows under a rounding rule.
func Quota(n int, percent float64, rounding string) int {
	v := float64(n) * percent / 100
	// Products such as 20 × 15% = 3 must not become 2,9999 and round down.
	v = math.Round(v*1e9) / 1e9
	switch rounding {
	case "ceil":
		return int(math.Ceil(v))
	case "half_up":
		return int(math.Floor(v + 0.5))
	}
	return int(math.Floor(v))
}

// Rule is one version of an eligibility rule.
type Rule struct {
	ID            int64         `json:"id"`
	Title         string        `json:"title"`
	Version       int           `json:"version"`
	Name          string        `json:"name"`
	Level         string        `json:"level"` // person, unit, enterprise, council
	Params        Params        `json:"params"`
	Citation      string        `json:"citation"`
	Confirm       bool          `json:"confirm"` // the value is to be confirmed against the official text
	EffectiveFrom calendar.Date `json:"effective_from"`
	EffectiveTo   calendar.Date `json:"effective_to"` // zero: still in force
}

// LevelLabel is who the rule is for, in Vietnamese.
func (r Rule) LevelLabel() string {
	return map[string]string{"person": "Cá nhân", "unit": "Tập thể", "enterprise": "Doanh nghiệp", "council": "Hội đồng"}[r.Level]
}

// InForceOn reports whether the rule applies on day.
func (r Rule) InForceOn(day calendar.Date) bool {
	return !r.EffectiveFrom.After(day) && (r.EffectiveTo.IsZero() || !r.EffectiveTo.Before(day))
}

// Rules is every version of every rule.
type Rules []Rule

// For returns the version of a title's rule in force on 31/12 of year: the one with
// the latest start among those in force then.
func (rs Rules) For(title string, year int) (Rule, bool) {
	day := calendar.NewDate(year, 12, 31)
	var best Rule
	found := false
	for _, r := range rs {
		if r.Title == title && r.InForceOn(day) && (!found || r.EffectiveFrom.After(best.EffectiveFrom)) {
			best, found = r, true
		}
	}
	return best, found
}

// Rules loads every version, by title and version.
func (s *Store) Rules(ctx context.Context) (Rules, error) {
	rows, err := s.db.Read().QueryContext(ctx, `SELECT id, title, version, name, level, params, citation, confirm, effective_from, COALESCE(effective_to, '')
		FROM award_rules ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("award: rules: %w", err)
	}
	defer rows.Close()
	var out Rules
	for rows.Next() {
		var r Rule
		var params, from, to string
		if err := rows.Scan(&r.ID, &r.Title, &r.Version, &r.Name, &r.Level, &params, &r.Citation, &r.Confirm, &from, &to); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(params), &r.Params); err != nil {
			return nil, fmt.Errorf("award: rule %s v%d: %w", r.Title, r.Version, err)
		}
		r.EffectiveFrom, _ = calendar.ParseDate(from)
		if to != "" {
			r.EffectiveTo, _ = calendar.ParseDate(to)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// check refuses a rule an administrator could not mean.
func (r *Rule) check() error {
	var msgs []string
	p := r.Params
	if strings.TrimSpace(r.Name) == "" || strings.TrimSpace(r.Citation) == "" {
		msgs = append(msgs, "Nhập tên danh hiệu và căn cứ pháp lý")
	}
	if r.EffectiveFrom.IsZero() || (!r.EffectiveTo.IsZero() && r.EffectiveTo.Before(r.EffectiveFrom)) {
		msgs = append(msgs, "Ngày hiệu lực không hợp lệ: cần ngày bắt đầu, và ngày kết thúc (nếu có) không trước ngày bắt đầu")
	}
	for _, x := range []Rating{p.MinRating, p.MinMemberRating} {
		if x != "" && !x.Valid() {
			msgs = append(msgs, fmt.Sprintf("Mức xếp loại %q không có", x))
		}
	}
	if p.MemberDisciplineFrom != "" && p.MemberDisciplineFrom.Severity() == 0 {
		msgs = append(msgs, fmt.Sprintf("Hình thức kỷ luật %q không có", p.MemberDisciplineFrom))
	}
	if _, ok := Roundings[p.Rounding]; p.QuotaPercent > 0 && !ok {
		msgs = append(msgs, "Chọn cách làm tròn chỉ tiêu: làm tròn xuống, làm tròn gần nhất hoặc làm tròn lên")
	}
	for _, v := range []float64{p.QuotaPercent, p.MinLDTTShare, p.ApprovalPercent, p.QuorumPercent} {
		if v < 0 || v > 100 {
			msgs = append(msgs, fmt.Sprintf("Tỷ lệ %s%% phải trong khoảng 0–100%%", Decimal(v)))
		}
	}
	if p.MinScore < 0 || p.MinScore > 200 || p.MaxRank < 0 || p.ConsecutiveYears < 0 || p.MinCSTDCS < 0 {
		msgs = append(msgs, "Điểm, thứ hạng, số năm và số người không được âm")
	}
	if len(msgs) > 0 {
		return refused("%s", strings.Join(msgs, "; ")+".")
	}
	return nil
}

// ErrNoRule is returned for a rule that does not exist.
var ErrNoRule = errors.New("Không có quy định xét khen thưởng này")

// EditRule corrects a version in place (a wrong value, a better citation): the
// office only, audited with the version before and after.
func (s *Store) EditRule(ctx context.Context, u *auth.User, r Rule) error {
	if !isOffice(u) {
		return ErrForbidden
	}
	if err := r.check(); err != nil {
		return err
	}
	now := s.now().UTC()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		rs, err := s.Rules(ctx)
		if err != nil {
			return err
		}
		var before *Rule
		for i := range rs {
			if rs[i].ID == r.ID {
				before = &rs[i]
			}
		}
		if before == nil {
			return ErrNoRule
		}
		params, _ := json.Marshal(r.Params)
		if _, err := tx.ExecContext(ctx, `UPDATE award_rules SET name = $1, params = $2, citation = $3, confirm = $4, effective_from = $5, effective_to = $6 WHERE id = $7`,
			strings.TrimSpace(r.Name), string(params), strings.TrimSpace(r.Citation), r.Confirm, r.EffectiveFrom.String(), dateOrNull(r.EffectiveTo), r.ID); err != nil {
			return fmt.Errorf("award: edit rule: %w", err)
		}
		r.Title, r.Version, r.Level = before.Title, before.Version, before.Level
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "award_rule", EntityID: r.ID,
			Summary: fmt.Sprintf("Sửa quy định “%s” (phiên bản %d)", r.Name, r.Version), Before: before, After: r})
	})
}

// AddVersion adds a new version of a title's rule from its effective date (a new
// decree); the version in force before ends the day before, so a year is judged by
// the rule of its time.
func (s *Store) AddVersion(ctx context.Context, u *auth.User, r Rule) (*Rule, error) {
	if !isOffice(u) {
		return nil, ErrForbidden
	}
	if err := r.check(); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var level string
		if err := tx.QueryRowContext(ctx, "SELECT MAX(version) + 1, MAX(level) FROM award_rules WHERE title = $1", r.Title).Scan(&r.Version, &level); err != nil || level == "" {
			return ErrNoRule
		}
		r.Level = level
		if _, err := tx.ExecContext(ctx, `UPDATE award_rules SET effective_to = $1 WHERE title = $2 AND effective_from < $3 AND (effective_to IS NULL OR effective_to >= $3)`,
			r.EffectiveFrom.AddDays(-1).String(), r.Title, r.EffectiveFrom.String()); err != nil {
			return err
		}
		params, _ := json.Marshal(r.Params)
		if err := tx.QueryRowContext(ctx, `INSERT INTO award_rules (title, version, name, level, params, citation, confirm, effective_from, effective_to, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, r.Title, r.Version, strings.TrimSpace(r.Name), r.Level, string(params),
			strings.TrimSpace(r.Citation), r.Confirm, r.EffectiveFrom.String(), dateOrNull(r.EffectiveTo), now).Scan(&r.ID); err != nil {
			return fmt.Errorf("award: add rule version: %w", err)
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "award_rule", EntityID: r.ID,
			Summary: fmt.Sprintf("Thêm phiên bản %d của quy định “%s” từ ngày %s", r.Version, r.Name, r.EffectiveFrom.DMY()), After: r})
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

func dateOrNull(d calendar.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}
