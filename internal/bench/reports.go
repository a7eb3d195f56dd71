package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/dialogue"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/report"
)

// ReportResult is what the report section measured on one database.
type ReportResult struct {
	Database  string
	Units     int
	Dossiers  int
	Dialogues int
	Submitted int
	Render    Timing
	Bytes     int
}

// ReportGoal is the goal for rendering the tổng kết report with five years
// of data for fifty units.
const ReportGoal = 2 * time.Second

// reportDay is the day the tổng kết is rendered: after the movement's last cut-off,
// so that all five years count.
var reportDay = time.Date(2030, 11, 20, 3, 0, 0, 0, time.UTC)

func runReports(ctx context.Context, cfg Config, rep *Report, dir string) error {
	csv := filepath.Join(dir, "ho-so-bao-cao.csv")
	if err := writeDossierCSV(csv, cfg.ReportDossiers, benchProcedures()); err != nil {
		return err
	}
	return onBoth(ctx, cfg, filepath.Join(dir, "bao-cao.db"), &rep.ReportNotes, func(dsn string) error { return reportsOn(ctx, cfg, rep, dsn, csv) })
}

// reportsOn fills one new database with five years of a movement's records for
// cfg.ReportUnits units, then times the tổng kết from gathering to the .docx.
func reportsOn(ctx context.Context, cfg Config, rep *Report, dsn, csv string) error {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	now := func() time.Time { return reportDay }
	res := ReportResult{Database: version(ctx, d)}
	say := func(format string, args ...any) { fmt.Fprintf(cfg.Progress, res.Database+": "+format+"\n", args...) }
	ps := plan.NewStore(d, now)
	if _, err := plan.LoadEmbedded(ctx, ps); err != nil {
		return err
	}
	m, err := ps.Current(ctx, now())
	if err != nil {
		return err
	}
	if err := addCatalogue(ctx, d, benchProcedures(), now()); err != nil {
		return err
	}
	units, err := addUnits(ctx, d, cfg.ReportUnits-len(benchUnits), now())
	if err != nil {
		return err
	}
	res.Units = len(units)
	say("nhập %s hồ sơ của 5 năm…", num(cfg.ReportDossiers))
	f, err := os.Open(csv)
	if err != nil {
		return err
	}
	imp, err := dossier.NewStore(d, now).Import(ctx, f, "ho-so.csv", dossier.Options{})
	f.Close()
	if err != nil || !imp.OK() {
		return fmt.Errorf("nhập hồ sơ: %v %v", err, imp)
	}
	res.Dossiers = imp.Rows
	say("ghi đối thoại, khó khăn, báo cáo của đơn vị…")
	if res.Dialogues, err = addDialogues(ctx, d); err != nil {
		return err
	}
	rs := report.NewStore(d, now, nil)
	if _, err := rs.SyncFromPlan(ctx, m); err != nil {
		return err
	}
	defs, _, err := rs.Definitions(ctx, m.ID, calendar.Date{}, calendar.Date{}, 10, 0)
	if err != nil {
		return err
	}
	var final *report.Definition
	for i := range defs {
		if defs[i].Kind == report.Final {
			final = &defs[i]
		}
	}
	if final == nil {
		return fmt.Errorf("kế hoạch không có báo cáo tổng kết")
	}
	all := auth.Scope{All: true}
	for i, u := range units {
		if _, err := rs.Raise(ctx, all, u, fmt.Sprintf("Khó khăn số %d", i+1), "Thiếu nhân lực thẩm định hồ sơ trong các tháng cao điểm.", "Bổ sung biên chế"); err != nil {
			return err
		}
		answers := map[string]string{"results": strings.Repeat("Đơn vị đã quán triệt kế hoạch, giải quyết hồ sơ đúng hạn, tổ chức tập huấn. ", 8),
			"models": "Mô hình “Một cửa không chờ”.", "proposals": "Đề nghị khen thưởng tập thể có thành tích."}
		if err := rs.Submit(ctx, all, final.ID, report.Submitter{UnitID: u}, answers, []report.Figure{}); err != nil {
			return err
		}
		res.Submitted++
	}
	if d.Dialect == db.Postgres {
		d.Write().ExecContext(ctx, "VACUUM ANALYZE")
	}
	say("lập báo cáo tổng kết %d lần…", cfg.ReportRuns)
	render := func() error {
		c, err := rs.Gather(ctx, m, report.GatherInput{Kind: report.Final, Title: final.Title, From: final.PeriodFrom, To: final.PeriodTo,
			Cutoff: final.Cutoff, DefinitionID: final.ID})
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := docgen.Render(&buf, report.Document(c, "")); err != nil {
			return err
		}
		res.Bytes = buf.Len()
		return nil
	}
	for range 2 {
		if err := render(); err != nil {
			return err
		}
	}
	if res.Render, err = timeRuns(cfg.ReportRuns, render); err != nil {
		return err
	}
	rep.Reports = append(rep.Reports, res)
	return nil
}

// addUnits adds n more units, which report but handle no dossiers, and returns
// every unit.
func addUnits(ctx context.Context, d *db.DB, n int, now time.Time) ([]int64, error) {
	rows, err := d.Read().QueryContext(ctx, "SELECT id FROM units ORDER BY id")
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	for i := range n {
		var id int64
		code := fmt.Sprintf("DV%02d", i+1)
		if err := d.Write().QueryRowContext(ctx, `INSERT INTO units (code, name, kind, search, created_at, updated_at)
			VALUES ($1, $2, 'affiliated', $1, $3, $3) RETURNING id`, code, "Đơn vị trực thuộc số "+code[2:], now).Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// addDialogues records two dialogues held each year of the movement.
func addDialogues(ctx context.Context, d *db.DB) (int, error) {
	n := 0
	for y := 2026; y <= 2030; y++ {
		for _, md := range [][2]int{{5, 20}, {10, 15}} {
			day := calendar.NewDate(y, time.Month(md[0]), md[1])
			s := dialogue.NewStore(d, func() time.Time { return day.Time().Add(16 * time.Hour) })
			dl, err := s.Create(ctx, dialogue.Input{Title: fmt.Sprintf("Đối thoại doanh nghiệp tháng %d/%d", md[0], y), HeldOn: day.String(),
				Place: "Hội trường Sở", Chair: "Ông Trần Văn Vương, Phó Giám đốc Sở"})
			if err != nil {
				return n, err
			}
			if err := s.RecordHeld(ctx, dl.ID, nil, "Sở tiếp thu các kiến nghị."); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}
