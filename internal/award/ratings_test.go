package award

import (
	"context"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/tabular/tabulartest"
)

func TestParseRating(t *testing.T) {
	for in, want := range map[string]Rating{"HTXSNV": Excellent, "Hoàn thành xuất sắc nhiệm vụ": Excellent, "hoàn thành tốt": Good,
		"HTNV": Complete, "Không hoàn thành nhiệm vụ": Incomplete, "good": Good} {
		if got, ok := ParseRating(in); !ok || got != want {
			t.Errorf("ParseRating(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := ParseRating("khá"); ok {
		t.Error("“khá” read as a rating")
	}
}

// A file with one bad row is refused whole with each row's reason; a good file is
// recorded, and importing it again changes nothing.
func TestImportRatings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		w.staffIn(t, w.qlxd, "Vi Thị Lan", "female")
		w.staffIn(t, w.qlxd, "Hoàng Đức Hùng", "male")
		w.staffIn(t, w.ttdk, "Nông Văn A", "male")
		w.staffIn(t, w.ttdk, "Nông Văn A", "male")
		header := []any{"Năm", "Mã đơn vị", "Họ và tên", "Xếp loại"}
		bad := tabulartest.XLSX(t, header,
			[]any{"2026", "QLXD", "Vi Thị Lan", "HTXSNV"},
			[]any{"2026", "QLXD", "Lê Văn Khuyết", "HTTNV"},
			[]any{"2026", "TTDK", "Nông Văn A", "HTTNV"},
			[]any{"2026", "XYZ", "", "HTTNV"},
			[]any{"2026", "QLXD", "Hoàng Đức Hùng", "khá"},
			[]any{"2026", "QLXD", "vi thị lan", "HTTNV"})
		res, err := w.s.ImportRatings(ctx, bad, "xep-loai.xlsx", tabular.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := []string{}
		for _, p := range res.Rejected {
			got = append(got, p.String())
		}
		all := strings.Join(got, "\n")
		for _, want := range []string{"Dòng 3, cột Họ và tên: đơn vị QLXD không có cán bộ tên “Lê Văn Khuyết”", "có 2 cán bộ tên “Nông Văn A”",
			"Dòng 5, cột Mã đơn vị: không có đơn vị mã “XYZ”", "Dòng 6, cột Xếp loại: “khá” không phải mức xếp loại"} {
			if !strings.Contains(all, want) {
				t.Errorf("rejects lack %q:\n%s", want, all)
			}
		}
		if len(res.Rejected) < 5 {
			t.Errorf("the duplicate Lan was not refused:\n%s", all)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM award_ratings"); n != 0 {
			t.Errorf("%d ratings written from a refused file", n)
		}
		good := func() *strings.Reader {
			b := tabulartest.XLSX(t, header, []any{"2026", "QLXD", "Vi Thị Lan", "Hoàn thành xuất sắc nhiệm vụ"},
				[]any{"2026", "QLXD", "Hoàng Đức Hùng", "HTTNV"}, []any{"2026", "qlxd", "", "HTXSNV"})
			return strings.NewReader(b.String())
		}
		res, err = w.s.ImportRatings(ctx, good(), "x.xlsx", tabular.Options{})
		if err != nil || !res.OK() || res.Created != 3 {
			t.Fatalf("good file: %v %+v", err, res)
		}
		res, _ = w.s.ImportRatings(ctx, good(), "x.xlsx", tabular.Options{})
		if res.Unchanged != 3 {
			t.Errorf("second import: %+v", res)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM award_ratings WHERE rating = 'excellent'"); n != 2 {
			t.Errorf("%d excellent ratings", n)
		}
	})
}

func TestDisciplineAndCases(t *testing.T) {
	d2026 := calendar.NewDate(2026, 3, 1)
	for _, tc := range []struct {
		d    Discipline
		year int
		want bool
	}{
		{Discipline{DecidedOn: d2026}, 2026, true},
		{Discipline{DecidedOn: d2026}, 2027, false},
		{Discipline{DecidedOn: d2026, Until: calendar.NewDate(2027, 2, 28)}, 2027, true},
		{Discipline{DecidedOn: d2026}, 2025, false},
	} {
		if got := tc.d.InForce(tc.year); got != tc.want {
			t.Errorf("%+v in %d: %v", tc.d, tc.year, got)
		}
	}
	c := Case{OpenedOn: calendar.NewDate(2026, 5, 1), ResolvedOn: calendar.NewDate(2026, 9, 1)}
	for day, want := range map[calendar.Date]bool{calendar.NewDate(2026, 4, 30): false, calendar.NewDate(2026, 5, 1): true,
		calendar.NewDate(2026, 8, 31): true, calendar.NewDate(2026, 9, 1): false} {
		if c.Pending(day) != want {
			t.Errorf("pending on %s: %v", day, !want)
		}
	}
}
