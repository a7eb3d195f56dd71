package petition

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
)

// RuleCode names a deadline rule.
type RuleCode string

const (
	RuleRefuse      RuleCode = "refuse_by"       // decide not to accept, from the received date
	RuleRequestInfo RuleCode = "request_info_by" // ask the sender for more information
	RuleProcess     RuleCode = "process_by"      // answer, less the time awaiting the sender
	RulePublish     RuleCode = "publish_by"      // publish, from the answer
	RuleTransfer    RuleCode = "transfer_by"     // send out what is outside the department's authority
	RuleReopen      RuleCode = "reopen_within"   // how long after publication or refusal the sender may reopen
)

// RuleCodes lists the rules in the order pages show them.
var RuleCodes = []RuleCode{RuleRefuse, RuleRequestInfo, RuleProcess, RulePublish, RuleTransfer, RuleReopen}

var ruleLabels = map[RuleCode]string{
	RuleRefuse:      "Hạn từ chối tiếp nhận",
	RuleRequestInfo: "Hạn yêu cầu bổ sung thông tin",
	RuleProcess:     "Hạn xử lý",
	RulePublish:     "Hạn công khai",
	RuleTransfer:    "Hạn chuyển đơn vị khác",
	RuleReopen:      "Thời hạn đề nghị xem xét lại",
}

// Label is the Vietnamese name of the rule.
func (c RuleCode) Label() string {
	if l, ok := ruleLabels[c]; ok {
		return l
	}
	return string(c)
}

// Rule is a number of working days with its legal basis, in force from a date for
// one kind of petition (Category) or, with an empty Category, for every kind.
type Rule struct {
	ID            int64         `json:"id,omitempty"`
	Code          RuleCode      `json:"code"`
	Category      Kind          `json:"category,omitempty"`
	WorkingDays   int           `json:"working_days"`
	Citation      string        `json:"citation"`
	EffectiveFrom calendar.Date `json:"effective_from"`
}

// Rules are every stored rule; a department has a few dozen at most.
type Rules []Rule

// InForce is the rule with code for a petition of kind received on day: the one of
// that kind with the latest start not after day, else the one for every kind. A
// rule written for one kind is a deliberate exception, so a later change of the
// general rule does not override it.
func (rs Rules) InForce(code RuleCode, kind Kind, day calendar.Date) (Rule, bool) {
	var best, general Rule
	var found, foundGeneral bool
	for _, r := range rs {
		if r.Code != code || r.EffectiveFrom.After(day) {
			continue
		}
		switch r.Category {
		case kind:
			if !found || r.EffectiveFrom.After(best.EffectiveFrom) {
				best, found = r, true
			}
		case "":
			if !foundGeneral || r.EffectiveFrom.After(general.EffectiveFrom) {
				general, foundGeneral = r, true
			}
		}
	}
	if found {
		return best, true
	}
	return general, foundGeneral
}

// Rules returns every rule, by code, category and start.
func (s *Store) Rules(ctx context.Context) (Rules, error) {
	return loadRules(ctx, s.d.Read())
}

func loadRules(ctx context.Context, q db.Querier) (Rules, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, code, COALESCE(category, ''), working_days, citation, effective_from FROM petition_rules`)
	if err != nil {
		return nil, fmt.Errorf("petition: rules: %w", err)
	}
	defer rows.Close()
	var out Rules
	for rows.Next() {
		var r Rule
		var from string
		if err := rows.Scan(&r.ID, &r.Code, &r.Category, &r.WorkingDays, &r.Citation, &from); err != nil {
			return nil, fmt.Errorf("petition: rules: %w", err)
		}
		if r.EffectiveFrom, err = calendar.ParseDate(from); err != nil {
			return nil, fmt.Errorf("petition: rule %d: %w", r.ID, err)
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		if a.Category != b.Category {
			return a.Category < b.Category
		}
		return a.EffectiveFrom.Before(b.EffectiveFrom)
	})
	return out, rows.Err()
}

const maxRuleDays = 365

// SetRule records a rule, replacing the one with the same code, category and start,
// and writes the audit log. Petitions received from its start on are counted by it;
// their stored deadlines change at their next action or at RefreshDeadlines.
func (s *Store) SetRule(ctx context.Context, r Rule) (Rule, error) {
	r.Citation = clean(r.Citation)
	var issues []issue
	add := func(field, format string, args ...any) {
		issues = append(issues, issue{Field: field, Detail: fmt.Sprintf(format, args...)})
	}
	if _, ok := ruleLabels[r.Code]; !ok {
		add("code", "không có quy định “%s”", r.Code)
	}
	if r.Category != "" && !r.Category.Valid() {
		add("category", "không có loại “%s”; để trống để áp dụng cho mọi loại", r.Category)
	}
	if r.WorkingDays < 0 || r.WorkingDays > maxRuleDays {
		add("working_days", "phải từ 0 đến %d ngày làm việc", maxRuleDays)
	}
	switch {
	case r.Citation == "":
		add("citation", "không được để trống: ghi văn bản quy định thời hạn này")
	case utf8.RuneCountInString(r.Citation) > maxText:
		add("citation", "dài quá %d ký tự", maxText)
	}
	if r.EffectiveFrom.IsZero() {
		add("effective_from", "không được để trống")
	}
	if err := validateRule(issues); err != nil {
		return Rule{}, err
	}
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		var before *Rule
		all, err := loadRules(ctx, tx)
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.Code == r.Code && o.Category == r.Category && o.EffectiveFrom == r.EffectiveFrom {
				before = &o
			}
		}
		e := audit.Entry{At: s.stamp(), Entity: "petition_rule", Summary: fmt.Sprintf("%s: %d ngày làm việc từ %s",
			r.Code.Label(), r.WorkingDays, r.EffectiveFrom.DMY())}
		if before == nil {
			err = tx.QueryRowContext(ctx, `INSERT INTO petition_rules (code, category, working_days, citation, effective_from)
				VALUES ($1, $2, $3, $4, $5) RETURNING id`, r.Code, nullText(string(r.Category)), r.WorkingDays, r.Citation,
				r.EffectiveFrom.String()).Scan(&r.ID)
			e.Action = "create"
		} else {
			r.ID = before.ID
			_, err = tx.ExecContext(ctx, `UPDATE petition_rules SET working_days = $1, citation = $2 WHERE id = $3`,
				r.WorkingDays, r.Citation, r.ID)
			e.Action, e.Before = "update", *before
		}
		if err != nil {
			return fmt.Errorf("petition: save rule: %w", err)
		}
		e.EntityID, e.After = r.ID, r
		return audit.Record(ctx, tx, e)
	})
	if err != nil {
		return Rule{}, err
	}
	return r, nil
}

var ruleFieldLabels = map[string]string{
	"code":           "Quy định",
	"category":       "Loại phản ánh, kiến nghị",
	"working_days":   "Số ngày làm việc",
	"citation":       "Căn cứ pháp lý",
	"effective_from": "Hiệu lực từ",
}

func validateRule(issues []issue) error {
	if len(issues) == 0 {
		return nil
	}
	e := FieldErrors{}
	for _, is := range issues {
		e.Add(is.Field, ruleFieldLabels[is.Field]+": "+is.Detail)
	}
	return e
}

func nullText(s string) any {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return s
}

// RefreshDeadlines recounts the stored deadlines of every petition still being
// handled, after the calendar or a rule changed, so that lists sort and flag them by
// the new dates. It returns how many changed.
func (s *Store) RefreshDeadlines(ctx context.Context) (int, error) {
	changed := 0
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		e, err := s.env(ctx, tx)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, selectPetition+` WHERE p.state IN ('received', 'processing', 'awaiting_info', 'awaiting_publication')`)
		if err != nil {
			return fmt.Errorf("petition: refresh: %w", err)
		}
		var open []*Petition
		for rows.Next() {
			p, err := scanPetition(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("petition: refresh: %w", err)
			}
			open = append(open, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("petition: refresh: %w", err)
		}
		today := s.today()
		for _, p := range open {
			d := ComputeDeadlines(p, e.rules, e.cal, today)
			publish := ""
			if !d.PublishBy.IsZero() {
				publish = d.PublishBy.String()
			}
			res, err := tx.ExecContext(ctx, `UPDATE petitions SET refuse_by = $1, request_info_by = $2, process_by = $3,
				transfer_by = $4, publish_by = $5, due_key = $6 WHERE id = $7 AND (refuse_by <> $1 OR request_info_by <> $2
				OR process_by <> $3 OR transfer_by <> $4 OR COALESCE(publish_by, '') <> $8 OR due_key <> $6)`,
				d.RefuseBy.String(), d.RequestInfoBy.String(), d.ProcessBy.String(), d.TransferBy.String(), nullDate(d.PublishBy),
				dueKey(p.State, d), p.ID, publish)
			if err != nil {
				return fmt.Errorf("petition: refresh %d: %w", p.ID, err)
			}
			n, _ := res.RowsAffected()
			changed += int(n)
		}
		return nil
	})
	return changed, err
}
