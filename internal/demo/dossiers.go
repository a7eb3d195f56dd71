package demo

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/dossier"
)

// demoProcedure is what the dossier generator needs of a catalogue entry.
type demoProcedure struct {
	code   string
	days   float64
	online string
	weight int // dossiers a month, roughly
}

// LoadDossiers creates the dossiers of 2026 up to now for the procedures in the
// catalogue, as the one-stop system would export them, and imports them through the
// importer the office uses: a few thousand, most resolved early or on time, two or
// three in a hundred late (some with an apology letter), some paused for a
// supplement, the recent ones still open and a few of them overdue. The catalogue
// must be loaded first; without it there is nothing to do.
func LoadDossiers(ctx context.Context, d *db.DB, now func() time.Time) error {
	procs, err := demoProcedures(ctx, d)
	if err != nil || len(procs) == 0 {
		return err
	}
	cal, err := calendar.NewStore(d, now).Calendar(ctx)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"Mã hồ sơ", "Mã thủ tục", "Kênh tiếp nhận", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày hoàn thành",
		"Số lần yêu cầu bổ sung", "Ngày yêu cầu bổ sung", "Ngày bổ sung", "Ngày hẹn lại", "Thư xin lỗi", "Trạng thái"})
	g := &dossierGen{r: rand.New(rand.NewPCG(2026, 3)), cal: cal, today: calendar.DateOf(now())}
	for day := calendar.NewDate(2026, time.January, 1); !day.After(g.today); day = day.AddDays(1) {
		if !cal.IsWorkingDay(day) {
			continue
		}
		counter := 0
		for _, p := range procs {
			// A month has about 22 working days; the weight is a month's dossiers.
			for n := poisson(g.r, float64(p.weight)/22); n > 0; n-- {
				counter++
				w.Write(g.row(p, day, counter))
			}
		}
	}
	w.Flush()
	res, err := dossier.NewStore(d, now).Import(ctx, &buf, "mot-cua-2026.csv", dossier.Options{})
	if err != nil {
		return fmt.Errorf("demo: dossiers: %w", err)
	}
	if !res.OK() {
		return fmt.Errorf("demo: dossiers rejected: %v", res.Rejected[0])
	}
	return nil
}

// demoProcedures reads the procedures in force in 2026 that have a statutory time.
func demoProcedures(ctx context.Context, d *db.DB) ([]demoProcedure, error) {
	rows, err := d.Read().QueryContext(ctx, `SELECT code, statutory_days, online_level FROM procedures
		WHERE statutory_days IS NOT NULL AND (valid_to IS NULL OR valid_to >= '2026-01-01') ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("demo: read procedures: %w", err)
	}
	defer rows.Close()
	var out []demoProcedure
	for rows.Next() {
		var p demoProcedure
		var days sql.NullFloat64
		if err := rows.Scan(&p.code, &days, &p.online); err != nil {
			return nil, fmt.Errorf("demo: read procedures: %w", err)
		}
		p.days = days.Float64
		// Short procedures (badges, licences) are the common ones, appraisals rare.
		p.weight = max(1, int(40/math.Max(p.days, 1)))
		out = append(out, p)
	}
	return out, rows.Err()
}

type dossierGen struct {
	r     *rand.Rand
	cal   *calendar.Calendar
	today calendar.Date
}

// row makes one dossier received on day. The export shows what has happened by
// today: later dates are left empty, and such a dossier is still open.
func (g *dossierGen) row(p demoProcedure, day calendar.Date, counter int) []string {
	r, cal := g.r, g.cal
	limit := int(math.Floor(p.days))
	due := cal.AddWorkingDays(day, limit)
	var finished, req, ret, reappointed calendar.Date
	requests, apology := 0, false
	switch roll := r.IntN(1000); {
	case roll < 18: // late: with the two-request ones, two or three in a hundred
		finished = cal.AddWorkingDays(due, 1+r.IntN(4))
		if r.IntN(3) == 0 {
			apology, reappointed = true, cal.AddWorkingDays(due, 5)
		}
	case roll < 105: // paused for a supplement, finished within the moved date
		requests, req = 1, cal.AddWorkingDays(day, r.IntN(limit/2+1))
		ret = req.AddDays(1 + r.IntN(6))
		pause := cal.WorkingDaysBetween(req.AddDays(-1), ret.AddDays(-1))
		finished = cal.AddWorkingDays(day, r.IntN(limit+1)+pause)
		if finished.Before(ret) {
			finished = ret
		}
	case roll < 110: // asked twice for a supplement: late whatever the dates
		requests, req, ret = 2, day.AddDays(1), day.AddDays(3)
		finished = cal.AddWorkingDays(ret, limit)
	case roll >= 995 && day.After(g.today.AddDays(-60)):
		// Left open past its date: the overdue list has a few.
	default:
		finished = cal.AddWorkingDays(day, r.IntN(limit+1))
	}
	if req.After(g.today) {
		req, ret, requests = calendar.Date{}, calendar.Date{}, 0
	}
	if ret.After(g.today) {
		ret, finished = calendar.Date{}, calendar.Date{}
	}
	if finished.After(g.today) {
		finished = calendar.Date{}
	}
	if finished.IsZero() {
		apology, reappointed = false, calendar.Date{}
	}
	status := "Đã trả kết quả"
	switch {
	case !req.IsZero() && ret.IsZero() && finished.IsZero():
		status = "Yêu cầu bổ sung giấy tờ"
	case finished.IsZero():
		status = "Đang xử lý"
	}
	yesNo := map[bool]string{true: "Có", false: "Không"}
	return []string{fmt.Sprintf("000.00.06.H37-%02d%02d%02d-%04d", day.Year%100, int(day.Month), day.Day, counter), p.code,
		g.channel(p.online), day.DMY(), due.DMY(), dmy(finished), strconv.Itoa(requests), dmy(req), dmy(ret), dmy(reappointed),
		yesNo[apology], status}
}

func dmy(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.DMY()
}

func (g *dossierGen) channel(level string) string {
	n := g.r.IntN(10)
	switch {
	case level == "full" && n < 7:
		return "Trực tuyến toàn trình"
	case level == "partial" && n < 5:
		return "Trực tuyến một phần"
	case n < 8:
		return "Trực tiếp"
	}
	return "Bưu chính công ích"
}

// poisson draws how many dossiers arrive in a day when mean arrive on average.
func poisson(r *rand.Rand, mean float64) int {
	limit, k, p := math.Exp(-mean), 0, r.Float64()
	for p > limit {
		k++
		p *= r.Float64()
	}
	return k
}
