package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/db"
)

// fillAwards writes what the eligibility check reads, with multi-row inserts: units
// and staff (every third a woman); each person's 2026 rating (one in four excellent,
// one in ten only complete) and 2025's; a reprimand for one in fifty, a warning for
// one in two hundred, a pending complaint for one in three hundred; two recognised
// initiatives per unit, each with a staff author; a reviewed rubric score per unit.
func fillAwards(ctx context.Context, d *db.DB, now func() time.Time, movementID, officeID int64, units, perUnit int) error {
	at := now().UTC()
	var rows [][]any
	for u := 0; u < units; u++ {
		code := fmt.Sprintf("DV%04d", u+1)
		rows = append(rows, []any{code, "Đơn vị " + code, "division", code, at, at})
	}
	if err := insertRows(ctx, d, "units", "code, name, kind, search, created_at, updated_at", rows); err != nil {
		return err
	}
	unitIDs, err := ids(ctx, d, "SELECT id FROM units ORDER BY id")
	if err != nil {
		return err
	}
	rows = rows[:0]
	for i, uid := range unitIDs {
		for k := 0; k < perUnit; k++ {
			name := fmt.Sprintf("Cán bộ %d-%02d", i+1, k+1)
			gender := "male"
			if k%3 == 0 {
				gender = "female"
			}
			rows = append(rows, []any{uid, name, gender, name, name, at, at})
		}
	}
	if err := insertRows(ctx, d, "staff", "unit_id, full_name, gender, search, sort_name, created_at, updated_at", rows); err != nil {
		return err
	}
	type person struct{ id, unit int64 }
	var people []person
	r, err := d.Read().QueryContext(ctx, "SELECT id, unit_id FROM staff ORDER BY id")
	if err != nil {
		return err
	}
	for r.Next() {
		var p person
		r.Scan(&p.id, &p.unit)
		people = append(people, p)
	}
	r.Close()
	rows = rows[:0]
	var discipline, cases [][]any
	for i, p := range people {
		rating := "good"
		switch {
		case i%4 == 0:
			rating = "excellent"
		case i%10 == 3:
			rating = "complete"
		}
		sub := fmt.Sprintf("staff:%d", p.id)
		rows = append(rows, []any{2026, p.id, p.unit, sub, rating, at, at}, []any{2025, p.id, p.unit, sub, rating, at, at})
		switch {
		case i%200 == 7:
			discipline = append(discipline, []any{p.id, p.unit, sub, "warning", "2026-05-04", at})
		case i%50 == 7:
			discipline = append(discipline, []any{p.id, p.unit, sub, "reprimand", "2026-05-04", at})
		}
		if i%300 == 11 {
			cases = append(cases, []any{p.id, p.unit, sub, "complaint", "2026-09-01", at})
		}
	}
	for _, uid := range unitIDs {
		rows = append(rows, []any{2026, nil, uid, fmt.Sprintf("unit:%d", uid), "excellent", at, at})
	}
	if err := insertRows(ctx, d, "award_ratings", "year, staff_id, unit_id, subject, rating, created_at, updated_at", rows); err != nil {
		return err
	}
	if err := insertRows(ctx, d, "award_discipline", "staff_id, unit_id, subject, level, decided_on, created_at", discipline); err != nil {
		return err
	}
	if err := insertRows(ctx, d, "award_cases", "staff_id, unit_id, subject, kind, opened_on, created_at", cases); err != nil {
		return err
	}
	return fillAwardRecords(ctx, d, at, movementID, officeID, unitIDs, people[0].id, perUnit)
}

// fillAwardRecords adds the recognised initiatives and the rubric scores.
func fillAwardRecords(ctx context.Context, d *db.DB, at time.Time, movementID, officeID int64, unitIDs []int64, firstStaff int64, perUnit int) error {
	var rows [][]any
	for i, uid := range unitIDs {
		for k := 0; k < 2; k++ {
			title := fmt.Sprintf("Sáng kiến %d-%d", i+1, k+1)
			rows = append(rows, []any{title, "recognised", uid, "admin_reform", "2026-03-01", "Mô tả", "Điều kiện", "2026-09-15", title, "2026-09-15", at, at})
		}
	}
	if err := insertRows(ctx, d, "initiatives", "title, state, unit_id, field, first_applied_on, description, conditions, stage_on, search, decided_on, created_at, updated_at", rows); err != nil {
		return err
	}
	inits, err := ids(ctx, d, "SELECT id FROM initiatives ORDER BY id")
	if err != nil {
		return err
	}
	rows = rows[:0]
	for j, id := range inits {
		// the first and the fifth person of each unit author its two initiatives
		staff := firstStaff + int64(j/2*perUnit) + int64(j%2*4)
		rows = append(rows, []any{id, 1, staff, "Tác giả", 10000})
	}
	if err := insertRows(ctx, d, "initiative_authors", "initiative_id, position, staff_id, name, share", rows); err != nil {
		return err
	}
	var rubric, crit int64
	if err := d.Write().QueryRowContext(ctx, `INSERT INTO award_rubrics (movement_id, year, audience, version, name, bonus_max, penalty_max, created_at)
		VALUES ($1, 2026, 'units', 1, 'Bộ tiêu chí', 5, 10, $2) RETURNING id`, movementID, at).Scan(&rubric); err != nil {
		return err
	}
	if err := d.Write().QueryRowContext(ctx, `INSERT INTO award_criteria (rubric_id, position, content_code, name, max_points, weight, kind)
		VALUES ($1, 1, 'II.1.d', 'Hỗ trợ doanh nghiệp', 100, 100, 'manual') RETURNING id`, rubric).Scan(&crit); err != nil {
		return err
	}
	rows = rows[:0]
	for _, uid := range unitIDs {
		rows = append(rows, []any{rubric, uid, fmt.Sprintf("unit:%d", uid), "reviewed", at, at})
	}
	if err := insertRows(ctx, d, "award_assessments", "rubric_id, unit_id, subject, state, created_at, updated_at", rows); err != nil {
		return err
	}
	assessments, err := ids(ctx, d, "SELECT id FROM award_assessments ORDER BY id")
	if err != nil {
		return err
	}
	rows = rows[:0]
	for i, id := range assessments {
		rows = append(rows, []any{id, crit, "office", officeID, float64(60 + i%41), at})
	}
	return insertRows(ctx, d, "award_scores", "assessment_id, criterion_id, stage, user_id, points, scored_at", rows)
}

func ids(ctx context.Context, d *db.DB, query string) ([]int64, error) {
	r, err := d.Read().QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out []int64
	for r.Next() {
		var id int64
		if err := r.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, r.Err()
}
