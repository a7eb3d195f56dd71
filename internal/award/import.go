package award

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/textnorm"
)

// RatingColumns are the columns of a ratings file, in the template's order. A row
// without a name is the unit's own rating.
var RatingColumns = []tabular.Column{
	{Key: "year", Header: "Năm", Aliases: []string{"Năm đánh giá"}, Required: true},
	{Key: "unit", Header: "Mã đơn vị", Aliases: []string{"Đơn vị"}, Required: true},
	{Key: "full_name", Header: "Họ và tên", Aliases: []string{"Họ tên", "Tên cán bộ"}},
	{Key: "rating", Header: "Xếp loại", Aliases: []string{"Mức độ hoàn thành nhiệm vụ", "Kết quả xếp loại"}, Required: true},
	{Key: "note", Header: "Ghi chú"},
}

type ratingRow struct {
	num    int
	year   int
	sub    Subject
	unit   int64
	rating Rating
	note   string
	key    string
}

// ImportRatings reads a file of ratings and records them by year and person (or
// unit), replacing earlier ones. The whole file is taken or none of it: a row with
// an unknown unit or person, two people of one name in a unit, a rating that is not
// one of the four, or the same person twice is rejected with its reason. Like the
// other importers it is the office's, checked by the route table.
func (s *Store) ImportRatings(ctx context.Context, r io.Reader, name string, opt tabular.Options) (*tabular.Result, error) {
	t, err := tabular.Read(r, name, RatingColumns)
	if err != nil {
		return nil, err
	}
	res := tabular.NewResult(t, "xếp loại", opt)
	units, staff, err := s.directory(ctx)
	if err != nil {
		return nil, err
	}
	existing, err := s.existingRatings(ctx)
	if err != nil {
		return nil, err
	}
	rows := parseRatingRows(t, res, units, staff, s.today().Year)
	if !res.OK() {
		res.Sort()
		return res, nil
	}
	for _, rr := range rows {
		switch old, ok := existing[rr.key]; {
		case !ok:
			res.Count(rr.num, rr.key, tabular.Create)
		case old != rr.rating:
			res.Count(rr.num, rr.key, tabular.Update)
		default:
			res.Count(rr.num, rr.key, tabular.Unchanged)
		}
	}
	if opt.DryRun {
		return res, nil
	}
	now := s.now().UTC()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, rr := range rows {
			if _, err := tx.ExecContext(ctx, `INSERT INTO award_ratings (year, staff_id, unit_id, subject, rating, note, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (year, subject) DO UPDATE SET rating = excluded.rating, note = excluded.note,
				updated_at = excluded.updated_at`, rr.year, nullID(rr.sub.StaffID), rr.unit, rr.sub.Key(), rr.rating, rr.note, now); err != nil {
				return fmt.Errorf("award: import rating row %d: %w", rr.num, err)
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "import", Entity: "award_rating", EntityID: t.File, Summary: res.Summary()})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// parseRatingRows reads every row against the units (by code) and staff (by unit and
// folded name), rejecting what is wrong with each so that the file's every problem
// shows at once. A year after thisYear + 1 is refused.
func parseRatingRows(t *tabular.Table, res *tabular.Result, units map[string]int64, staff map[string][]int64, thisYear int) []ratingRow {
	var keys tabular.Keys
	var rows []ratingRow
	for _, row := range t.Rows {
		rr := ratingRow{num: row.Num, note: row.Value("note")}
		y, err := strconv.Atoi(strings.TrimSpace(row.Value("year")))
		if err != nil || y < 2000 || y > thisYear+1 {
			res.Reject(t.Problem(row, "year", fmt.Sprintf("năm %q không hợp lệ", row.Value("year"))))
		}
		rr.year = y
		var ok bool
		if rr.rating, ok = ParseRating(row.Value("rating")); !ok {
			res.Reject(t.Problem(row, "rating", fmt.Sprintf("“%s” không phải mức xếp loại (hoàn thành xuất sắc, hoàn thành tốt, hoàn thành, không hoàn thành nhiệm vụ)", row.Value("rating"))))
		}
		code := strings.ToUpper(strings.TrimSpace(row.Value("unit")))
		unit, ok := units[code]
		if !ok {
			res.Reject(t.Problem(row, "unit", fmt.Sprintf("không có đơn vị mã “%s”", row.Value("unit"))))
			continue
		}
		rr.unit, rr.sub = unit, Subject{UnitID: unit}
		if person := strings.TrimSpace(row.Value("full_name")); person != "" {
			ids := staff[fmt.Sprintf("%d\x00%s", unit, textnorm.Fold(person))]
			switch len(ids) {
			case 0:
				res.Reject(t.Problem(row, "full_name", fmt.Sprintf("đơn vị %s không có cán bộ tên “%s”", code, person)))
				continue
			case 1:
				rr.sub = Subject{StaffID: ids[0]}
			default:
				res.Reject(t.Problem(row, "full_name", fmt.Sprintf("đơn vị %s có %d cán bộ tên “%s”; hãy nhập riêng trên trang cán bộ", code, len(ids), person)))
				continue
			}
		}
		rr.key = strconv.Itoa(rr.year) + " " + rr.sub.Key()
		keys.AddNamed(rr.key, strings.TrimSpace(row.Value("full_name")+" "+code+" "+strconv.Itoa(rr.year)), row.Num)
		rows = append(rows, rr)
	}
	res.Reject(keys.Duplicates("Họ và tên, đơn vị, năm")...)
	return rows
}

// directory maps unit codes to ids and "unit id NUL folded name" to staff ids.
func (s *Store) directory(ctx context.Context) (map[string]int64, map[string][]int64, error) {
	units := map[string]int64{}
	rows, err := s.db.Read().QueryContext(ctx, "SELECT id, code FROM units")
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			rows.Close()
			return nil, nil, err
		}
		units[strings.ToUpper(code)] = id
	}
	rows.Close()
	staff := map[string][]int64{}
	rows, err = s.db.Read().QueryContext(ctx, "SELECT id, unit_id, full_name FROM staff WHERE active")
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, unit int64
		var name string
		if err := rows.Scan(&id, &unit, &name); err != nil {
			return nil, nil, err
		}
		k := fmt.Sprintf("%d\x00%s", unit, textnorm.Fold(name))
		staff[k] = append(staff[k], id)
	}
	return units, staff, rows.Err()
}

func (s *Store) existingRatings(ctx context.Context) (map[string]Rating, error) {
	rows, err := s.db.Read().QueryContext(ctx, "SELECT year, subject, rating FROM award_ratings")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Rating{}
	for rows.Next() {
		var y int
		var sub string
		var r Rating
		if err := rows.Scan(&y, &sub, &r); err != nil {
			return nil, err
		}
		out[strconv.Itoa(y)+" "+sub] = r
	}
	return out, rows.Err()
}
