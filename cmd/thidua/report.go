package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/inspection"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/report"
)

const reportUsage = `Báo cáo của Sở lập từ số liệu trong hệ thống.

  thidua report render --type so-ket|tong-ket|annual [--year NĂM] --out TỆP.docx [--db DB]

  so-ket    báo cáo sơ kết giai đoạn 1, số liệu đến ngày chốt của kế hoạch
  tong-ket  báo cáo tổng kết cả giai đoạn
  annual    báo cáo kết quả một năm (--year), số liệu đến hết năm hoặc đến hôm nay
`

func cmdReport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(e.stdout, reportUsage)
		return nil
	}
	if args[0] != "render" {
		fmt.Fprint(e.stderr, reportUsage)
		return &exitError{code: 2, err: fmt.Errorf("không có lệnh report %q", args[0])}
	}
	fs := newFlags(e, "report render", "report render --type so-ket|tong-ket|annual [--year NĂM] --out TỆP.docx",
		"Lập báo cáo tổng hợp của Sở (Word, thể thức Nghị định 30) từ số liệu trong hệ thống; văn bản để trống số cho văn thư cấp số.")
	kind := fs.String("type", "", "loại báo cáo: so-ket, tong-ket hoặc annual")
	year := fs.Int("year", 0, "năm của báo cáo hằng năm")
	out := fs.String("out", "", "tệp .docx ghi ra")
	dsn := dbFlag(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *out == "" {
		return &exitError{code: 2, err: errors.New("thiếu --out TỆP.docx")}
	}
	d, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	m, err := plan.NewStore(d, e.now).Current(ctx, e.now())
	if err != nil {
		return fmt.Errorf("chưa có phong trào nào đang chạy: %w", err)
	}
	in, err := renderInput(m, *kind, *year)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	store := report.NewStore(d, e.now, nil)
	store.AddSource(inspection.NewStore(d, e.now, nil).Figures) // the inspections' figures, as on the web
	if def, err := planDefinition(ctx, store, m, *kind); err == nil && def != nil {
		in.DefinitionID, in.Cutoff = def.ID, def.Cutoff
	}
	c, err := store.Gather(ctx, m, in)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := docgen.Render(&buf, report.Document(c, "")); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("không ghi được %s: %w", *out, err)
	}
	fmt.Fprintf(e.stdout, "Đã lập %s: %s, số liệu từ %s đến %s (%d đơn vị).\n", *out, in.Title, c.From.DMY(), c.Cutoff.DMY(), len(c.Units))
	return nil
}

// renderInput is the period and title of a report kind of the movement's plan.
func renderInput(m *plan.Movement, kind string, year int) (report.GatherInput, error) {
	switch kind {
	case "so-ket":
		for _, r := range m.Plan.Reports {
			if r.Kind == plan.ReportInterim {
				from, to := m.Period.Start, r.Cutoff
				for _, ph := range m.Plan.Phases {
					if ph.Code == r.Phase {
						from, to = ph.Start, ph.End
					}
				}
				return report.GatherInput{Kind: report.Interim, Title: r.Name, From: from, To: to, Cutoff: r.Cutoff}, nil
			}
		}
		return report.GatherInput{}, errors.New("kế hoạch không có báo cáo sơ kết")
	case "tong-ket":
		in := report.GatherInput{Kind: report.Final, Title: "Báo cáo tổng kết", From: m.Period.Start, To: m.Period.End, Cutoff: m.Period.End}
		for _, r := range m.Plan.Reports {
			if r.Kind == plan.ReportFinal {
				in.Title, in.Cutoff = r.Name, r.Cutoff
			}
		}
		return in, nil
	case "annual":
		if year < m.Period.Start.Year || year > m.Period.End.Year {
			return report.GatherInput{}, fmt.Errorf("--year phải trong giai đoạn %d–%d của phong trào", m.Period.Start.Year, m.Period.End.Year)
		}
		end := calendar.NewDate(year, 12, 31)
		return report.GatherInput{Kind: report.Annual, Title: "Báo cáo kết quả năm " + strconv.Itoa(year),
			From: calendar.NewDate(year, 1, 1), To: end, Cutoff: end}, nil
	}
	return report.GatherInput{}, fmt.Errorf("--type phải là so-ket, tong-ket hoặc annual (đang là %q)", kind)
}

// planDefinition finds the report the units were asked for under a plan report, so
// that their own words go into the department's report.
func planDefinition(ctx context.Context, s *report.Store, m *plan.Movement, kind string) (*report.Definition, error) {
	want := map[string]report.Kind{"so-ket": report.Interim, "tong-ket": report.Final}[kind]
	if want == "" {
		return nil, nil
	}
	defs, _, err := s.Definitions(ctx, m.ID, calendar.Date{}, calendar.Date{}, 100, 0)
	if err != nil {
		return nil, err
	}
	for _, d := range defs {
		if d.PlanCode != "" && d.Kind == want {
			return &d, nil
		}
	}
	return nil, nil
}
