package bench

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
)

// The dossiers span the movement's five years; the export is taken on its last day,
// so the dossiers that would finish after it are still open, as in a real export.
var (
	firstDay = calendar.NewDate(2026, time.January, 1)
	lastDay  = calendar.NewDate(2030, time.December, 31)
)

// dossierHeader is the export's header row, in the issue's own words.
var dossierHeader = []string{"Mã hồ sơ", "Mã thủ tục", "Đơn vị xử lý", "Kênh tiếp nhận", "Ngày tiếp nhận", "Ngày hẹn trả",
	"Ngày hoàn thành", "Số lần yêu cầu bổ sung", "Ngày yêu cầu bổ sung", "Ngày bổ sung", "Ngày hẹn lại", "Thư xin lỗi"}

// benchProcedure is one entry of the generated catalogue.
type benchProcedure struct {
	code, name, field, unit string
	days                    int  // statutory working days
	full                    bool // offered fully online
}

// benchUnits are the department's units that handle dossiers.
var benchUnits = [][2]string{
	{"VP", "Văn phòng Sở"}, {"QLXD", "Phòng Quản lý xây dựng"}, {"QLHT", "Phòng Quản lý hạ tầng kỹ thuật"},
	{"QLVT", "Phòng Quản lý vận tải"}, {"QLPT", "Phòng Quản lý phương tiện và người lái"}, {"TTDK", "Trung tâm Đăng kiểm"},
	{"KCHT", "Phòng Kết cấu hạ tầng giao thông"}, {"QHKT", "Phòng Quy hoạch kiến trúc"},
}

// benchProcedures is a catalogue of 40 procedures, five per unit, with statutory
// times from 1 to 20 working days: the spread of a department's real catalogue.
func benchProcedures() []benchProcedure {
	days := []int{1, 3, 5, 7, 10, 15, 20, 2}
	var out []benchProcedure
	for i := range 40 {
		u := benchUnits[i%len(benchUnits)]
		out = append(out, benchProcedure{
			code: fmt.Sprintf("1.%06d.000.00.00.H37", 9000+i), name: fmt.Sprintf("Thủ tục %d của %s", i+1, u[1]),
			field: u[1], unit: u[0], days: days[i%len(days)], full: i%3 != 0,
		})
	}
	return out
}

// addCatalogue writes the units and procedures with plain SQL: the importers of
// both would measure themselves, and what is measured here is the dossiers.
func addCatalogue(ctx context.Context, d *db.DB, procs []benchProcedure, now time.Time) error {
	units := map[string]int64{}
	for _, u := range benchUnits {
		var id int64
		if err := d.Write().QueryRowContext(ctx, `INSERT INTO units (code, name, kind, search, created_at, updated_at)
			VALUES ($1, $2, 'division', $3, $4, $4) RETURNING id`, u[0], u[1], strings.ToLower(u[1]), now).Scan(&id); err != nil {
			return fmt.Errorf("đơn vị %s: %w", u[0], err)
		}
		units[u[0]] = id
	}
	for _, p := range procs {
		level := "partial"
		if p.full {
			level = "full"
		}
		if _, err := d.Write().ExecContext(ctx, `INSERT INTO procedures (code, name, field, unit_id, statutory_days,
			online_level, eligible_full, valid_from, search, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, TRUE, '2025-01-01', $7, $8, $8)`,
			p.code, p.name, p.field, units[p.unit], float64(p.days), level, strings.ToLower(p.name), now); err != nil {
			return fmt.Errorf("thủ tục %s: %w", p.code, err)
		}
	}
	return nil
}

// addWorkdays moves d n working days later, counting Monday to Friday. The import's
// calendar also skips public holidays, so a few "on time" dossiers come out early.
func addWorkdays(d calendar.Date, n int) calendar.Date {
	for n > 0 {
		d = d.AddDays(1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return d
}

// workdays counts the working days from a (counted) to b (not counted).
func workdays(a, b calendar.Date) int {
	n := 0
	for d := a; d.Before(b); d = d.AddDays(1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}

// eachDossier calls emit with n export rows from a fixed seed, in the order of their
// received dates as exports list them, spread evenly over the working days of the
// five years. The mix: about 2% finished late, 15% on the day, the rest early; 8%
// paused for a supplement, 1% asked twice (late by rule); most late ones with an
// apology; those that would finish after the export date still open.
func eachDossier(n int, procs []benchProcedure, emit func([]string) error) error {
	var days []calendar.Date
	for d := firstDay; !d.After(lastDay); d = d.AddDays(1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			days = append(days, d)
		}
	}
	r := rand.New(rand.NewPCG(766, 2026))
	row := make([]string, len(dossierHeader))
	i := 0
	for k, received := range days {
		for seq := range n*(k+1)/len(days) - n*k/len(days) {
			p := procs[r.IntN(len(procs))]
			dossierRow(r, row, p, received, i, seq)
			if err := emit(row); err != nil {
				return err
			}
			i++
		}
	}
	return nil
}

func dossierRow(r *rand.Rand, row []string, p benchProcedure, received calendar.Date, i, seq int) {
	clear(row)
	row[0] = fmt.Sprintf("000.00.%02d.H37-%02d%02d%02d-%04d", i%8+10, received.Year%100, int(received.Month), received.Day, seq)
	row[1], row[2] = p.code, p.unit
	switch c := r.IntN(100); {
	case c < 40 && p.full:
		row[3] = "Trực tuyến toàn trình"
	case c < 65:
		row[3] = "Trực tuyến một phần"
	case c < 95:
		row[3] = "Trực tiếp"
	default:
		row[3] = "Bưu chính"
	}
	row[4] = received.DMY()
	appointment := addWorkdays(received, p.days)
	row[5] = appointment.DMY()
	due, earliest, supplements := appointment, received, 0
	if r.IntN(100) < 8 {
		requested := addWorkdays(received, r.IntN(p.days/2+1))
		returned := requested.AddDays(1 + r.IntN(10))
		supplements = 1 + r.IntN(8)/7
		due, earliest = addWorkdays(appointment, workdays(requested, returned)), returned
		row[8], row[9] = requested.DMY(), returned.DMY()
	}
	row[7] = strconv.Itoa(supplements)
	var finished calendar.Date
	switch o := r.IntN(100); {
	case o < 2 || supplements > 1:
		finished = addWorkdays(due, 1+r.IntN(5))
	case o < 18 || !earliest.Before(due):
		finished = due
	default:
		finished = addWorkdays(earliest, r.IntN(max(workdays(earliest, due), 1)))
	}
	row[11] = "Không"
	if finished.After(lastDay) {
		return // still open at the export date
	}
	row[6] = finished.DMY()
	if finished.After(due) && r.IntN(10) < 7 {
		row[10], row[11] = finished.DMY(), "Có"
	}
}

// writeDossierCSV streams n dossiers to a .csv file; a million rows never sit in
// memory at once.
func writeDossierCSV(path string, n int, procs []benchProcedure) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer out.Close()
	bw := bufio.NewWriterSize(out, 1<<20)
	cw := csv.NewWriter(bw)
	cw.Write(dossierHeader)
	if err := eachDossier(n, procs, cw.Write); err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return out.Close()
}

// writeDossierXLSX writes n dossiers to an .xlsx through excelize's stream writer.
func writeDossierXLSX(path string, n int, procs []benchProcedure) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter(f.GetSheetName(0))
	if err != nil {
		return err
	}
	cells := make([]any, len(dossierHeader))
	line := 0
	put := func(row []string) error {
		line++
		for j, c := range row {
			cells[j] = c
		}
		axis, _ := excelize.CoordinatesToCellName(1, line)
		return sw.SetRow(axis, cells)
	}
	if err := put(dossierHeader); err != nil {
		return err
	}
	if err := eachDossier(n, procs, put); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}
