package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/award"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/plan"
)

// AwardResult is what the award section measured on one database.
type AwardResult struct {
	Database    string
	Units       int
	Staff       int
	Verdicts    int
	Eligibility Timing
}

// AwardGoal is the goal for checking eligibility for 1,000 units of 40 staff.
const AwardGoal = 2 * time.Second

// awardDay is the day eligibility is checked: the end of the first year's evaluation.
var awardDay = time.Date(2026, 12, 10, 3, 0, 0, 0, time.UTC)

func runAwards(ctx context.Context, cfg Config, rep *Report, dir string) error {
	return onBoth(ctx, cfg, filepath.Join(dir, "khen-thuong.db"), &rep.AwardNotes, func(dsn string) error { return awardsOn(ctx, cfg, rep, dsn) })
}

// awardsOn fills a new database with cfg.AwardUnits units of cfg.AwardStaff staff,
// every rating of the year and the one before, some discipline, pending complaints,
// recognised initiatives and every unit's reviewed rubric score, then times the
// whole department's eligibility as the office's page and the API compute it.
func awardsOn(ctx context.Context, cfg Config, rep *Report, dsn string) error {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	now := func() time.Time { return awardDay }
	res := AwardResult{Database: version(ctx, d), Units: cfg.AwardUnits, Staff: cfg.AwardUnits * cfg.AwardStaff}
	say := func(format string, args ...any) { fmt.Fprintf(cfg.Progress, res.Database+": "+format+"\n", args...) }
	mid, _, err := loadPlan(ctx, d, now)
	if err != nil {
		return err
	}
	office, err := auth.NewStore(d, now).CreateUser(ctx, auth.NewUser{Username: account, FullName: "Văn phòng Sở", Role: auth.RoleOffice, Password: password})
	if err != nil {
		return err
	}
	say("ghi %d đơn vị, %d cán bộ, xếp loại, kỷ luật, sáng kiến, điểm chấm…", res.Units, res.Staff)
	if err := fillAwards(ctx, d, now, mid, office.ID, cfg.AwardUnits, cfg.AwardStaff); err != nil {
		return err
	}
	s := award.NewStore(d, now)
	var e *award.Eligibility
	res.Eligibility, err = timeRuns(cfg.AwardRuns, func() error {
		e, err = s.Eligibility(ctx, office, mid, 2026, "")
		return err
	})
	if err != nil {
		return err
	}
	for _, u := range e.Units {
		res.Verdicts += len(u.Verdicts)
		for _, p := range u.People {
			res.Verdicts += len(p.Verdicts)
		}
	}
	say("xét điều kiện: p50 %v, p95 %v (%d kết quả)", res.Eligibility.P50, res.Eligibility.P95, res.Verdicts)
	rep.Awards = append(rep.Awards, res)
	return nil
}

func loadPlan(ctx context.Context, d *db.DB, now func() time.Time) (int64, bool, error) {
	ps := plan.NewStore(d, now)
	if _, err := plan.LoadEmbedded(ctx, ps); err != nil {
		return 0, false, err
	}
	m, err := ps.Current(ctx, now())
	if err != nil {
		return 0, false, err
	}
	return m.ID, true, nil
}

// insertRows writes rows into table with multi-row inserts of at most 500 rows.
func insertRows(ctx context.Context, d *db.DB, table, columns string, rows [][]any) error {
	width := len(strings.Split(columns, ","))
	for start := 0; start < len(rows); start += 500 {
		end := min(start+500, len(rows))
		var b strings.Builder
		args := make([]any, 0, (end-start)*width)
		for i, r := range rows[start:end] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(")
			for j := range r {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString("$" + strconv.Itoa(len(args)+j+1))
			}
			b.WriteString(")")
			args = append(args, r...)
		}
		if _, err := d.Write().ExecContext(ctx, "INSERT INTO "+table+" ("+columns+") VALUES "+b.String(), args...); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
	}
	return nil
}
