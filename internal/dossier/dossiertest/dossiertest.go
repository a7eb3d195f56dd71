// Package dossiertest gives tests of other packages what dossiers need to exist: a
// unit and procedures in the catalogue, written with plain SQL so that the tests do
// not depend on the catalogue's own package, and a CSV export to import.
package dossiertest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/db"
)

// Procedure is a catalogue entry for a test. Days is the statutory time, 0 for none;
// Online is full, partial or none.
type Procedure struct {
	Code, Name, Field, UnitCode string
	Days                        float64
	Online                      string
}

var stamp = time.Date(2026, 1, 2, 1, 0, 0, 0, time.UTC)

// Unit adds a unit unless one with the code exists, and returns its id.
func Unit(t testing.TB, d *db.DB, code, name string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	if err := d.Read().QueryRowContext(ctx, "SELECT id FROM units WHERE code = $1", code).Scan(&id); err == nil {
		return id
	}
	err := d.Write().QueryRowContext(ctx, `INSERT INTO units (code, name, kind, search, created_at, updated_at)
		VALUES ($1, $2, 'division', $3, $4, $4) RETURNING id`, code, name, strings.ToLower(name), stamp).Scan(&id)
	if err != nil {
		t.Fatalf("dossiertest: unit %s: %v", code, err)
	}
	return id
}

// Add puts the procedures in the catalogue, creating their units when missing, and
// returns their ids by code.
func Add(t testing.TB, d *db.DB, ps ...Procedure) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, p := range ps {
		unit := Unit(t, d, p.UnitCode, "Đơn vị "+p.UnitCode)
		var days any
		if p.Days > 0 {
			days = p.Days
		}
		online := p.Online
		if online == "" {
			online = "partial"
		}
		var id int64
		err := d.Write().QueryRowContext(context.Background(), `INSERT INTO procedures (code, name, field, unit_id, statutory_days,
			online_level, eligible_full, valid_from, search, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, TRUE, '2025-01-01', $7, $8, $8) RETURNING id`,
			p.Code, p.Name, p.Field, unit, days, online, strings.ToLower(p.Name), stamp).Scan(&id)
		if err != nil {
			t.Fatalf("dossiertest: procedure %s: %v", p.Code, err)
		}
		out[p.Code] = id
	}
	return out
}

// Header is the header row of CSV, the issue's own column names.
const Header = "Mã hồ sơ,Mã thủ tục,Đơn vị xử lý,Kênh tiếp nhận,Ngày tiếp nhận,Ngày hẹn trả,Ngày hoàn thành," +
	"Số lần yêu cầu bổ sung,Ngày yêu cầu bổ sung,Ngày bổ sung,Ngày hẹn lại,Thư xin lỗi\n"

// Row is one line of an export for CSV; dates as dd/mm/yyyy, empty when absent.
type Row struct {
	Code, Procedure, Unit, Channel   string
	Received, Appointment, Finished  string
	Supplements                      int
	Requested, Returned, Reappointed string
	Apology                          bool
}

// CSV writes the rows under Header.
func CSV(rows ...Row) string {
	var b strings.Builder
	b.WriteString(Header)
	for _, r := range rows {
		apology := "Không"
		if r.Apology {
			apology = "Có"
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s,%d,%s,%s,%s,%s\n", r.Code, r.Procedure, r.Unit, r.Channel, r.Received,
			r.Appointment, r.Finished, r.Supplements, r.Requested, r.Returned, r.Reappointed, apology)
	}
	return b.String()
}
