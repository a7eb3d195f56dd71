package indicator

import (
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/validate"
)

// An enterprise enters its year as people write numbers (dots between thousands, a
// loss with a minus sign) and finds it in its history with productivity computed;
// another enterprise can neither read nor write it.
func TestEnterpriseReportsItsOwnYear(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		in := figures("2025")
		in.Profit, in.Employees, in.TaxArrears = "-350.000.000", "25", "120.000.000 đồng"
		i, err := f.s.Create(ctx, own(f.builder), f.builder.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if i.Revenue != 12_500_000_000 || i.Profit != -350_000_000 || i.TaxArrears != 120_000_000 || *i.Productivity() != 500_000_000 {
			t.Errorf("stored %+v, productivity %d", i, *i.Productivity())
		}
		if i.Compliant() || !i.InsuranceCompliant() || i.TaxCompliant() || i.Source != SourceForm {
			t.Errorf("compliance read wrong: %+v", i)
		}
		hist, err := f.s.History(ctx, own(f.builder), f.builder.ID)
		if err != nil || len(hist) != 1 || hist[0].Period.Label() != "Năm 2025" || hist[0].EnterpriseName != f.builder.Name {
			t.Fatalf("history: %v %+v", err, hist)
		}
		if _, err := f.s.Get(ctx, own(f.carrier), i.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another enterprise read it: %v", err)
		}
		if _, err := f.s.Create(ctx, own(f.carrier), f.builder.ID, figures("2024")); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another enterprise wrote for it: %v", err)
		}
		if _, err := f.s.Update(ctx, own(f.carrier), i.ID, figures("2025")); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another enterprise changed it: %v", err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE entity = 'indicator' AND action = 'create'"); n != 1 {
			t.Errorf("%d audit entries, want 1", n)
		}
	})
}

// Each bad field is refused with its name and what is wrong, in Vietnamese, and
// nothing is stored.
func TestBadFiguresRefusedByField(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		cases := map[string]struct {
			change      func(*Input)
			field, want string
		}{
			"negative revenue":  {func(in *Input) { in.Revenue = "-1.000.000" }, "revenue", "Doanh thu (đồng): không được là số âm"},
			"future year":       {func(in *Input) { in.Year = "2027" }, "year", "Năm: 2027 là năm chưa đến"},
			"text for revenue":  {func(in *Input) { in.Revenue = "mười tỷ" }, "revenue", "Doanh thu (đồng): “mười tỷ” không phải số tiền"},
			"decimal workers":   {func(in *Input) { in.Employees = "12,5" }, "employees", "Số lao động: “12,5” không phải số nguyên"},
			"no workers":        {func(in *Input) { in.Employees = "" }, "employees", "Số lao động: không được để trống"},
			"decimal đồng":      {func(in *Input) { in.BudgetPaid = "1,5" }, "budget_paid", "không phải số đồng nguyên"},
			"arrears when paid": {func(in *Input) { in.InsuranceArrears = "5.000.000" }, "insurance_arrears", "số nợ phải là 0"},
			"unknown period":    {func(in *Input) { in.Half = "quý 3" }, "half", "Kỳ báo cáo: không có kỳ “quý 3”"},
			"second half ahead": {func(in *Input) { in.Year, in.Half = "2027", "6 tháng cuối năm" }, "year", "năm chưa đến"},
			"negative accident": {func(in *Input) { in.Accidents = "-1" }, "accidents", "Tai nạn lao động (vụ): không được là số âm"},
		}
		for name, c := range cases {
			in := figures("2025")
			c.change(&in)
			_, err := f.s.Create(ctx, own(f.builder), f.builder.ID, in)
			var fe validate.Errors
			if !errors.As(err, &fe) || !strings.Contains(fe[c.field], c.want) {
				t.Errorf("%s: %v, want %q on %s", name, err, c.want, c.field)
			}
		}
		// A loss is a negative profit, not an error.
		in := figures("2025")
		in.Profit = "−80.000.000"
		if i, err := f.s.Create(ctx, own(f.builder), f.builder.ID, in); err != nil || i.Profit != -80_000_000 {
			t.Errorf("loss refused: %v", err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM indicators"); n != 1 {
			t.Errorf("%d rows stored, want only the valid one", n)
		}
	})
}

// A period is reported once: a second report of it is refused with the way to
// change it; the first half is a period of its own; editing changes the one there
// and an edit that changes nothing writes nothing.
func TestOnePeriodOneReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		first, err := f.s.Create(ctx, own(f.builder), f.builder.ID, figures("2025"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.s.Create(ctx, own(f.builder), f.builder.ID, figures("2025"))
		var fe validate.Errors
		if !errors.As(err, &fe) || !strings.Contains(fe["year"], "đã báo cáo số liệu năm 2025 (ngày 26/11/2026)") ||
			!strings.Contains(fe["year"], "hãy sửa bản đã có") {
			t.Fatalf("duplicate year: %v", err)
		}
		h1 := figures("2025")
		h1.Half = "6 tháng đầu năm"
		half, err := f.s.Create(ctx, own(f.builder), f.builder.ID, h1)
		if err != nil || half.Half != FirstHalf {
			t.Fatalf("first half refused: %v", err)
		}
		found, err := f.s.Find(ctx, own(f.builder), f.builder.ID, Period{Year: 2025})
		if err != nil || found.ID != first.ID {
			t.Fatalf("find: %v", err)
		}
		in := figures("2025")
		in.Revenue = "13.000.000.000"
		if i, err := f.s.Update(ctx, own(f.builder), first.ID, in); err != nil || i.Revenue != 13_000_000_000 {
			t.Fatalf("edit: %v", err)
		}
		if _, err := f.s.Update(ctx, own(f.builder), first.ID, in); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE entity = 'indicator' AND action = 'update'"); n != 1 {
			t.Errorf("%d update entries, want 1 (the second save changed nothing)", n)
		}
		in.Half = ""
		if _, err := f.s.Update(ctx, own(f.builder), half.ID, in); !errors.As(err, &fe) || !strings.Contains(fe["year"], "đã báo cáo") {
			t.Errorf("moved the first half onto the year: %v", err)
		}
	})
}

func TestMoneyAsWritten(t *testing.T) {
	for in, want := range map[string]int64{"12.500.000": 12_500_000, "12,500,000": 12_500_000, "12 500 000": 12_500_000,
		"12500000": 12_500_000, "12.500.000 đ": 12_500_000, "3.000.000 VNĐ": 3_000_000, "0": 0, "-1.200": -1200} {
		if v, msg := parseMoney(in, true, true); v != want || msg != "" {
			t.Errorf("%q = %d %q, want %d", in, v, msg, want)
		}
	}
	for _, in := range []string{"12.5", "1.2345", "abc", "12.500.000.000.000.000.000.000"} {
		if _, msg := parseMoney(in, true, true); msg == "" {
			t.Errorf("%q accepted", in)
		}
	}
}
