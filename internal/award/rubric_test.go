package award

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/xuri/excelize/v2"
)

// A value exactly at a threshold reaches it; just under falls to the next; no data
// gives nothing.
func TestPointsFor(t *testing.T) {
	c := Criterion{MaxPoints: 40, Thresholds: []Threshold{{At: 90, Points: 15}, {At: 98, Points: 40}, {At: 95, Points: 30}}}
	for _, tc := range []struct {
		value *float64
		want  float64
	}{{f64(100), 40}, {f64(98), 40}, {f64(97.99), 30}, {f64(95), 30}, {f64(94.99), 15}, {f64(90), 15}, {f64(89.99), 0}, {f64(0), 0}, {nil, 0}} {
		if got := c.PointsFor(tc.value); got != tc.want {
			v := "nil"
			if tc.value != nil {
				v = Decimal(*tc.value)
			}
			t.Errorf("PointsFor(%s) = %v, want %v", v, got, tc.want)
		}
	}
}

func TestRubricCheck(t *testing.T) {
	base := func() Rubric {
		return Rubric{Name: "Bộ tiêu chí", Audience: Units, Criteria: []Criterion{
			{ContentCode: "II.1.a", Name: "A", MaxPoints: 50, Weight: 50, Kind: Manual},
			{ContentCode: "II.1.b", Name: "B", MaxPoints: 50, Weight: 50, Kind: Evidence, Measure: DossierOnTime, Thresholds: []Threshold{{At: 98, Points: 50}}}}}
	}
	contents := map[string]bool{"II.1.a": true, "II.1.b": true}
	for _, tc := range []struct {
		name   string
		change func(r *Rubric)
		want   string
	}{
		{"valid", func(r *Rubric) {}, ""},
		{"weights 99", func(r *Rubric) { r.Criteria[0].Weight = 49 }, "Tổng trọng số các tiêu chí là 99%, phải bằng đúng 100%"},
		{"weights 101", func(r *Rubric) { r.Criteria[0].Weight = 51 }, "Tổng trọng số các tiêu chí là 101%"},
		{"unknown content", func(r *Rubric) { r.Criteria[0].ContentCode = "II.2.a" }, "nội dung thi đua \"II.2.a\" không có trong kế hoạch"},
		{"unknown measure", func(r *Rubric) { r.Criteria[1].Measure = "indicators" }, "chọn số liệu minh chứng trong danh sách"},
		{"threshold above max", func(r *Rubric) { r.Criteria[1].Thresholds[0].Points = 51 }, "cho 51 điểm, vượt quá điểm tối đa 50"},
		{"threshold at max", func(r *Rubric) { r.Criteria[1].Thresholds[0].Points = 50 }, ""},
		{"no thresholds", func(r *Rubric) { r.Criteria[1].Thresholds = nil }, "nhập ít nhất một ngưỡng"},
		{"zero max", func(r *Rubric) { r.Criteria[0].MaxPoints = 0 }, "điểm tối đa phải lớn hơn 0"},
		{"evidence for enterprises", func(r *Rubric) { r.Audience = Enterprises }, "chỉ có cho đơn vị của Sở"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := base()
			tc.change(&r)
			c := contents
			if r.Audience == Enterprises {
				c = nil
			}
			err := r.Check(c)
			var re *RefusedError
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused a valid rubric: %v", err)
			case tc.want != "" && (!errors.As(err, &re) || !strings.Contains(re.Msg, tc.want)):
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

// A refused rubric stores nothing; a second version leaves the first, and the
// assessments made against it, as they were.
func TestRubricVersions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		bad := w.unitRubric()
		bad.Criteria[2].Weight = 30
		if _, err := w.s.SaveRubric(ctx, w.officeU, bad); err == nil || !strings.Contains(err.Error(), "Tổng trọng số các tiêu chí là 90%") {
			t.Fatalf("weights not adding up: %v", err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM award_rubrics"); n != 0 {
			t.Errorf("%d rubrics stored after a refusal", n)
		}
		if _, err := w.s.SaveRubric(ctx, w.unitU, w.unitRubric()); !errors.Is(err, ErrForbidden) {
			t.Errorf("a unit wrote the rubric: %v", err)
		}
		v1, err := w.s.SaveRubric(ctx, w.officeU, w.unitRubric())
		if err != nil {
			t.Fatal(err)
		}
		a, err := w.s.Open(ctx, w.unitU, v1.ID, Subject{UnitID: w.qlxd})
		if err != nil {
			t.Fatal(err)
		}
		next := w.unitRubric()
		next.Criteria[0].Thresholds = []Threshold{{At: 99, Points: 40}}
		v2, err := w.s.SaveRubric(ctx, w.officeU, next)
		if err != nil {
			t.Fatal(err)
		}
		if v1.Version != 1 || v2.Version != 2 {
			t.Errorf("versions %d, %d", v1.Version, v2.Version)
		}
		cur, _ := w.s.CurrentRubric(ctx, w.movement, 2026, Units)
		if cur.ID != v2.ID {
			t.Errorf("current rubric is %d, want %d", cur.ID, v2.ID)
		}
		again, _ := w.s.Assessment(ctx, w.officeU, a.ID)
		if again.RubricID != v1.ID {
			t.Errorf("the assessment moved to rubric %d", again.RubricID)
		}
	})
}

// The unit scores itself within each maximum, the office reviews, two council members
// score; the result shows the council's mean and median, the weighted total with
// bonus and penalty, and a later change in the records as a difference.
func TestScoringWorkflow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		r, err := w.s.SaveRubric(ctx, w.officeU, w.unitRubric())
		if err != nil {
			t.Fatal(err)
		}
		manual := r.Criteria[2].ID
		w.figures = Figures{DossierOnTime: {w.qlxd: ratio(98, 100)}, Deployed: {w.qlxd: Input{Value: f64(100), Num: 1, Den: 1}}}
		a, err := w.s.Open(ctx, w.unitU, r.ID, Subject{UnitID: w.qlxd})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.Open(ctx, w.otherU, r.ID, Subject{UnitID: w.qlxd}); !errors.Is(err, ErrForbidden) {
			t.Errorf("another unit opened QLXD's assessment: %v", err)
		}
		var re *RefusedError
		for _, tc := range []struct {
			points, bonus, want string
		}{
			{"40,5", "", "Điểm tiêu chí “Hỗ trợ doanh nghiệp” là 40,5, vượt quá điểm tối đa 40"},
			{"-1", "", "không được âm"},
			{"", "", "Chưa chấm tiêu chí “Hỗ trợ doanh nghiệp”"},
			{"abc", "", "không phải một số"},
			{"40", "5,5", "Điểm thưởng là 5,5, vượt quá mức tối đa 5"},
		} {
			err := w.s.SelfAssess(ctx, w.unitU, a.ID, ScoreInput{Points: map[int64]string{manual: tc.points}, Bonus: tc.bonus}, true)
			if !errors.As(err, &re) || !strings.Contains(re.Msg, tc.want) {
				t.Errorf("points %q bonus %q: %v, want %q", tc.points, tc.bonus, err, tc.want)
			}
		}
		if n := count(t, d, "SELECT COUNT(*) FROM award_scores"); n != 0 {
			t.Errorf("%d scores stored after refusals", n)
		}
		if err := w.s.Review(ctx, w.officeU, a.ID, ScoreInput{Points: map[int64]string{manual: "30"}}); !errors.As(err, &re) {
			t.Errorf("the office reviewed a draft: %v", err)
		}
		if err := w.s.SelfAssess(ctx, w.unitU, a.ID, ScoreInput{Points: map[int64]string{manual: "40"}, Bonus: "5", Note: "Giải thưởng cải cách hành chính"}, true); err != nil {
			t.Fatal(err)
		}
		if err := w.s.SelfAssess(ctx, w.unitU, a.ID, ScoreInput{Points: map[int64]string{manual: "40"}}, true); !errors.As(err, &re) {
			t.Errorf("a sent self-assessment was changed: %v", err)
		}
		if err := w.s.CouncilScore(ctx, w.council, a.ID, ScoreInput{Points: map[int64]string{manual: "30"}}); !errors.As(err, &re) {
			t.Errorf("the council scored before the office: %v", err)
		}
		if err := w.s.Review(ctx, w.officeU, a.ID, ScoreInput{Points: map[int64]string{manual: "32"}, Bonus: "2", Penalty: "1"}); err != nil {
			t.Fatal(err)
		}
		for u, p := range map[int64]string{w.council.ID: "30", w.council2.ID: "35"} {
			cu := w.council
			if u == w.council2.ID {
				cu = w.council2
			}
			if err := w.s.CouncilScore(ctx, cu, a.ID, ScoreInput{Points: map[int64]string{manual: p}}); err != nil {
				t.Fatal(err)
			}
		}
		w.figures[DossierOnTime][w.qlxd] = ratio(97, 100) // a dossier reclassified since
		res, err := w.s.Result(ctx, w.officeU, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		l := res.Lines[2]
		if *l.Self != 40 || *l.Office != 32 || *l.Mean != 32.5 || *l.Median != 32.5 || l.Final != 32.5 {
			t.Errorf("manual line %+v", l)
		}
		ev := res.Lines[0]
		if ev.Final != 40 || !ev.Changed() || ev.Used.Text(DossierOnTime) != "98% (98/100)" || ev.Current.Text(DossierOnTime) != "97% (97/100)" {
			t.Errorf("evidence line: final %v changed %v used %+v", ev.Final, ev.Changed(), ev.Used)
		}
		// 40×40/40 + 20×20/20 + 40×32,5/40 = 92,5; + 2 − 1
		if res.Weighted != 92.5 || res.Total != 93.5 {
			t.Errorf("weighted %v total %v", res.Weighted, res.Total)
		}
		var buf bytes.Buffer
		if err := w.s.ExportXLSX(ctx, r.ID, &buf); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows("Điểm chi tiết")
		if len(rows) != 1+3*4 || rows[1][0] != "Phòng Quản lý hoạt động xây dựng" {
			t.Errorf("raw sheet: %d rows, first %v", len(rows), rows[1])
		}
		tot, _ := f.GetRows("Tổng hợp, xếp hạng")
		if len(tot) != 2 || tot[1][6] != "93.5" {
			t.Errorf("totals sheet %v", tot)
		}
	})
}

// Equal totals share a rank; groups rank separately.
func TestRank(t *testing.T) {
	mk := func(name, group string, total float64) *Result {
		return &Result{Assessment: &Assessment{Name: name, Group: group}, Total: total}
	}
	rs := []*Result{mk("C", "", 80), mk("A", "", 90), mk("B", "", 90), mk("D", "", 70), mk("X", "Vận tải", 60), mk("Y", "Vận tải", 75)}
	Rank(rs)
	got := ""
	for _, r := range rs {
		got += r.Assessment.Name + strings.Repeat("", 0) + ":" + id(int64(r.Rank)) + " "
	}
	if want := "A:1 B:1 C:3 D:4 Y:1 X:2 "; got != want {
		t.Errorf("ranking %q, want %q", got, want)
	}
}

func TestMeanMedian(t *testing.T) {
	for _, tc := range []struct {
		in           []float64
		mean, median float64
	}{{[]float64{30}, 30, 30}, {[]float64{30, 35}, 32.5, 32.5}, {[]float64{10, 20, 90}, 40, 20}, {[]float64{1, 2, 2}, 1.67, 2}} {
		if m, md := Mean(tc.in), Median(tc.in); *m != tc.mean || *md != tc.median {
			t.Errorf("%v: mean %v median %v", tc.in, *m, *md)
		}
	}
	if Mean(nil) != nil || Median(nil) != nil {
		t.Error("no scores gave a mean")
	}
}

// Evidence files are checked by content and only taken while the unit writes.
func TestEvidenceFiles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		r, _ := w.s.SaveRubric(ctx, w.officeU, w.unitRubric())
		a, _ := w.s.Open(ctx, w.unitU, r.ID, Subject{UnitID: w.qlxd})
		pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
		if _, err := w.s.AddFile(ctx, w.unitU, a.ID, r.Criteria[2].ID, "bien-ban.pdf", []byte("not a pdf")); err == nil {
			t.Error("a file whose content is not its type was taken")
		}
		if _, err := w.s.AddFile(ctx, w.otherU, a.ID, 0, "x.pdf", pdf); !errors.Is(err, ErrForbidden) {
			t.Errorf("another unit attached a file: %v", err)
		}
		f, err := w.s.AddFile(ctx, w.unitU, a.ID, r.Criteria[2].ID, "Biên bản hội nghị.pdf", pdf)
		if err != nil {
			t.Fatal(err)
		}
		_, data, err := w.s.FileContent(ctx, w.officeU, f.ID)
		if err != nil || !bytes.Equal(data, pdf) {
			t.Errorf("content: %v", err)
		}
		if _, _, err := w.s.FileContent(ctx, w.otherU, f.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("another unit read the file: %v", err)
		}
	})
}

// thidua's own figures are read by one query per measure on both databases; with no
// records a rate has no data and a count is 0.
func TestThiduaEvidence(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		if _, err := d.Write().Exec(`INSERT INTO deployments (movement_id, unit_id, deployed_on, doc_number, created_at, updated_at)
			VALUES ($1, $2, '2026-02-10', '12/KH-QLXD', $3, $3)`, w.movement, w.qlxd, clock()); err != nil {
			t.Fatal(err)
		}
		f, err := ThiduaEvidence(d, clock)(ctx, w.movement, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if in := f.Get(Deployed, w.qlxd); in.Value == nil || *in.Value != 100 {
			t.Errorf("QLXD deployed: %+v", in)
		}
		if in := f.Get(Deployed, w.ttdk); in.Value == nil || *in.Value != 0 {
			t.Errorf("TTDK not deployed: %+v", in)
		}
		if in := f.Get(DossierOnTime, w.qlxd); in.Value != nil || in.Text(DossierOnTime) != "không có số liệu" {
			t.Errorf("no dossiers: %+v", in)
		}
		if in := f.Get(InitiativesApplied, w.qlxd); in.Value == nil || *in.Value != 0 {
			t.Errorf("no initiatives: %+v", in)
		}
	})
}

// A measure with nothing to count (a unit that handles no dossiers) leaves its
// criterion out and scales the other weights, instead of scoring it 0.
func TestNoDataLeavesCriterionOut(t *testing.T) {
	r := &Rubric{Criteria: []Criterion{
		{ID: 1, Name: "Hồ sơ đúng hạn", MaxPoints: 40, Weight: 40, Kind: Evidence, Measure: DossierOnTime},
		{ID: 2, Name: "Hỗ trợ doanh nghiệp", MaxPoints: 60, Weight: 60, Kind: Manual},
	}}
	a := &Assessment{Subject: Subject{UnitID: 1}}
	rows := []scoreRow{{criterion: 1, stage: OfficeStage, points: 0}, {criterion: 2, stage: OfficeStage, points: 45}}
	res := compute(a, r, rows, nil)
	if !res.Lines[0].NoData || res.Weighted != 75 {
		t.Errorf("no data: %+v weighted %v, want the criterion left out and 45/60 = 75", res.Lines[0], res.Weighted)
	}
	rows[0].used = ratio(90, 100)
	rows[0].points = 0
	if res := compute(a, r, rows, nil); res.Lines[0].NoData || res.Weighted != 45 {
		t.Errorf("with data: weighted %v, want 0 + 45", res.Weighted)
	}
}
