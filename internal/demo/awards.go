package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/award"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/plan"
)

// LoadAwards evaluates the demo's 2026 through the award store with the accounts
// that would take each step: the year's rubrics, every staff member's and unit's
// rating (and 2025's for some), one discipline and one pending complaint, the units'
// self-assessments reviewed by the office and scored by the council, a few
// enterprises scored, nominations of eligible people and units, a council whose
// secret ballot is closed, its decision, earlier commendations and two exemplary
// models on the public page.
func LoadAwards(ctx context.Context, d *db.DB, now func() time.Time, unitID map[string]int64) error {
	s := award.NewStore(d, now)
	accounts := auth.NewStore(d, now)
	users := map[string]*auth.User{}
	for _, name := range []string{"vanphong", "hoidong", "hoidong2", "hoidong3", "truongphong"} {
		u, err := accounts.UserByName(ctx, name)
		if err != nil {
			return fmt.Errorf("demo: award account %s: %w", name, err)
		}
		users[name] = u
	}
	office := users["vanphong"]
	ctx = as(ctx, office)
	m, err := plan.NewStore(d, now).Current(ctx, now())
	if err != nil {
		return fmt.Errorf("demo: movement: %w", err)
	}
	const year = 2026
	rubric, err := s.SaveRubric(ctx, office, demoUnitRubric(m.ID, year))
	if err != nil {
		return fmt.Errorf("demo: rubric: %w", err)
	}
	entRubric, err := s.SaveRubric(ctx, office, demoEnterpriseRubric(m.ID, year))
	if err != nil {
		return fmt.Errorf("demo: enterprise rubric: %w", err)
	}
	if err := demoRatings(ctx, d, s, office, unitID, year); err != nil {
		return err
	}
	if err := demoAssessments(ctx, d, s, users, rubric, entRubric, unitID); err != nil {
		return err
	}
	return demoCouncil(ctx, d, now, s, users, m, year)
}

func demoUnitRubric(movementID int64, year int) award.Rubric {
	return award.Rubric{MovementID: movementID, Year: year, Audience: award.Units, Name: "Bộ tiêu chí chấm điểm thi đua các phòng, đơn vị năm " + strconv.Itoa(year),
		BonusMax: 5, PenaltyMax: 10, Criteria: []award.Criterion{
			{ContentCode: "II.1.a", Name: "Triển khai phong trào thi đua", MaxPoints: 10, Weight: 10, Kind: award.Evidence, Measure: award.Deployed,
				Thresholds: []award.Threshold{{At: 100, Points: 10}}},
			{ContentCode: "II.1.c", Name: "Hồ sơ thủ tục hành chính giải quyết đúng hạn", MaxPoints: 30, Weight: 30, Kind: award.Evidence, Measure: award.DossierOnTime,
				Thresholds: []award.Threshold{{At: 98, Points: 30}, {At: 95, Points: 22}, {At: 90, Points: 12}}},
			{ContentCode: "II.1.d", Name: "Phản ánh, kiến nghị của doanh nghiệp xử lý đúng hạn", MaxPoints: 15, Weight: 15, Kind: award.Evidence, Measure: award.PetitionOnTime,
				Thresholds: []award.Threshold{{At: 95, Points: 15}, {At: 80, Points: 10}, {At: 50, Points: 5}}},
			{ContentCode: "II.1.b", Name: "Báo cáo nộp đúng hạn", MaxPoints: 10, Weight: 10, Kind: award.Evidence, Measure: award.ReportsOnTime,
				Thresholds: []award.Threshold{{At: 100, Points: 10}, {At: 50, Points: 5}}},
			{ContentCode: "II.1.đ", Name: "Sáng kiến, giải pháp chuyển đổi số được áp dụng", MaxPoints: 10, Weight: 10, Kind: award.Evidence, Measure: award.InitiativesApplied,
				Thresholds: []award.Threshold{{At: 1, Points: 10}}},
			{ContentCode: "II.1.d", Name: "Hỗ trợ doanh nghiệp, cải thiện môi trường kinh doanh", MaxPoints: 25, Weight: 25, Kind: award.Manual,
				Guidance: "Hội nghị, tập huấn, tháo gỡ vướng mắc cho doanh nghiệp; có minh chứng."},
		}}
}

func demoEnterpriseRubric(movementID int64, year int) award.Rubric {
	return award.Rubric{MovementID: movementID, Year: year, Audience: award.Enterprises, Name: "Bộ tiêu chí chấm điểm thi đua doanh nghiệp năm " + strconv.Itoa(year),
		BonusMax: 5, PenaltyMax: 10, Criteria: []award.Criterion{
			{ContentCode: "II.2.a", Name: "Hiệu quả sản xuất kinh doanh", MaxPoints: 40, Weight: 40, Kind: award.Manual},
			{ContentCode: "II.2.b", Name: "Chấp hành pháp luật, nghĩa vụ thuế", MaxPoints: 20, Weight: 20, Kind: award.Manual},
			{ContentCode: "II.2.c", Name: "Đổi mới sáng tạo, chuyển đổi số", MaxPoints: 20, Weight: 20, Kind: award.Manual},
			{ContentCode: "II.2.d", Name: "Chăm lo người lao động", MaxPoints: 20, Weight: 20, Kind: award.Manual},
		}}
}

// demoRatings rates every staff member and unit: most "good", one in four
// "excellent", a few "complete", one "incomplete"; 2025's too for the excellent, so
// some qualify for the province's Bằng khen.
func demoRatings(ctx context.Context, d *db.DB, s *award.Store, office *auth.User, unitID map[string]int64, year int) error {
	rows, err := d.Read().QueryContext(ctx, "SELECT id, unit_id FROM staff ORDER BY id")
	if err != nil {
		return err
	}
	type st struct{ id, unit int64 }
	var all []st
	for rows.Next() {
		var x st
		if err := rows.Scan(&x.id, &x.unit); err != nil {
			rows.Close()
			return err
		}
		all = append(all, x)
	}
	rows.Close()
	for i, x := range all {
		r := award.Good
		switch {
		case i%4 == 0:
			r = award.Excellent
		case i%9 == 5:
			r = award.Complete
		case i == 7:
			r = award.Incomplete
		}
		if err := s.SetRating(ctx, office, year, award.Subject{StaffID: x.id}, r, ""); err != nil {
			return fmt.Errorf("demo: rating: %w", err)
		}
		if r == award.Excellent && i%8 == 0 {
			if err := s.SetRating(ctx, office, year-1, award.Subject{StaffID: x.id}, award.Excellent, ""); err != nil {
				return err
			}
		}
	}
	for code, id := range unitID {
		r := award.Good
		if code == "QLXD" || code == "TTDK" || code == "VP" {
			r = award.Excellent
		}
		if err := s.SetRating(ctx, office, year, award.Subject{UnitID: id}, r, ""); err != nil {
			return err
		}
	}
	if len(all) > 10 {
		if _, err := s.AddDiscipline(ctx, office, award.Discipline{Subject: award.Subject{StaffID: all[9].id}, Level: award.Reprimand,
			DecidedOn: calendar.NewDate(year, 8, 12), Decision: "Quyết định số 45/QĐ-SXD"}); err != nil {
			return err
		}
		if _, err := s.OpenCase(ctx, office, award.Case{Subject: award.Subject{StaffID: all[10].id}, Kind: award.Complaint,
			OpenedOn: calendar.NewDate(year, 10, 20), Note: "Đơn khiếu nại về kết quả giải quyết hồ sơ, đang xác minh"}); err != nil {
			return err
		}
	}
	return nil
}
