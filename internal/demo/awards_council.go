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
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/plan"
)

// demoAssessments has every unit score itself: most send it, the office reviews
// them, two council members score the reviewed ones; six enterprises likewise.
func demoAssessments(ctx context.Context, d *db.DB, s *award.Store, users map[string]*auth.User, rubric, entRubric *award.Rubric, unitID map[string]int64) error {
	office := users["vanphong"]
	i := 0
	for _, u := range Units {
		a, err := s.Open(ctx, office, rubric.ID, award.Subject{UnitID: unitID[u.Code]})
		if err != nil {
			return fmt.Errorf("demo: assessment %s: %w", u.Code, err)
		}
		manual := map[int64]string{}
		for _, c := range rubric.Criteria {
			if c.Kind == award.Manual {
				manual[c.ID] = strconv.Itoa(c.MaxPoints - i%6)
			}
		}
		i++
		if u.Code == "BQLBT" { // still writing
			if err := s.SelfAssess(ctx, office, a.ID, award.ScoreInput{Points: manual}, false); err != nil {
				return err
			}
			continue
		}
		if err := s.SelfAssess(ctx, office, a.ID, award.ScoreInput{Points: manual, Bonus: strconv.Itoa(i % 4), Note: "Tổ chức tập huấn cho doanh nghiệp"}, true); err != nil {
			return fmt.Errorf("demo: self-assessment %s: %w", u.Code, err)
		}
		if u.Code == "KCHT" { // waiting for the office
			continue
		}
		for id := range manual {
			manual[id] = strconv.Itoa(20 - i%5)
		}
		if err := s.Review(ctx, office, a.ID, award.ScoreInput{Points: manual, Bonus: strconv.Itoa(i % 3)}); err != nil {
			return fmt.Errorf("demo: review %s: %w", u.Code, err)
		}
		for j, name := range []string{"hoidong", "hoidong2"} {
			for id := range manual {
				manual[id] = strconv.Itoa(18 + (i+j)%6)
			}
			if err := s.CouncilScore(ctx, users[name], a.ID, award.ScoreInput{Points: manual}); err != nil {
				return fmt.Errorf("demo: council score %s: %w", u.Code, err)
			}
		}
	}
	rows, err := d.Read().QueryContext(ctx, "SELECT id FROM enterprises ORDER BY id LIMIT 6")
	if err != nil {
		return err
	}
	var ents []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ents = append(ents, id)
	}
	rows.Close()
	for k, id := range ents {
		a, err := s.Open(ctx, office, entRubric.ID, award.Subject{EnterpriseID: id})
		if err != nil {
			return fmt.Errorf("demo: enterprise assessment: %w", err)
		}
		pts := map[int64]string{}
		for _, c := range entRubric.Criteria {
			pts[c.ID] = strconv.Itoa(c.MaxPoints - (k+c.Position)%5)
		}
		if err := s.SelfAssess(ctx, office, a.ID, award.ScoreInput{Points: pts}, true); err != nil {
			return err
		}
		if err := s.Review(ctx, office, a.ID, award.ScoreInput{Points: pts}); err != nil {
			return err
		}
	}
	return nil
}

// demoCouncil nominates the eligible (two persons per title at most, every eligible
// unit), holds the council, closes its ballot with one nomination rejected, makes
// the decision and publishes two exemplary models.
func demoCouncil(ctx context.Context, d *db.DB, now func() time.Time, s *award.Store, users map[string]*auth.User, m *plan.Movement, year int) error {
	office := users["vanphong"]
	e, err := s.Eligibility(ctx, office, m.ID, year, "")
	if err != nil {
		return err
	}
	type pick struct {
		title string
		sub   award.Subject
	}
	var picks []pick
	perTitle := map[string]int{}
	for _, uv := range e.Units {
		for _, v := range uv.Verdicts {
			if v.Eligible && perTitle[v.Title] < 3 {
				perTitle[v.Title]++
				picks = append(picks, pick{v.Title, award.Subject{UnitID: uv.UnitID}})
			}
		}
		for _, p := range uv.People {
			for _, v := range p.Verdicts {
				if v.Eligible && perTitle[v.Title] < 2 {
					perTitle[v.Title]++
					picks = append(picks, pick{v.Title, award.Subject{StaffID: p.ID}})
				}
			}
		}
	}
	for _, p := range picks {
		if _, err := s.Nominate(ctx, office, m.ID, year, p.title, p.sub, "Hoàn thành xuất sắc các chỉ tiêu thi đua năm "+strconv.Itoa(year)+"; số liệu tại báo cáo kèm theo."); err != nil {
			return fmt.Errorf("demo: nominate %s: %w", p.title, err)
		}
	}
	today := calendar.DateOf(now())
	c, err := s.CreateCouncil(ctx, office, year, "Phiên họp Hội đồng Thi đua - Khen thưởng Sở năm "+strconv.Itoa(year), today, "Phòng họp tầng 2, Sở Xây dựng")
	if err != nil {
		return err
	}
	voters := []*auth.User{users["hoidong"], users["hoidong2"], users["hoidong3"], office}
	present := map[int64]bool{}
	for _, u := range voters {
		if err := s.AddCouncilMember(ctx, office, c.ID, u.ID, 0); err != nil {
			return err
		}
		present[u.ID] = true
	}
	if err := s.SetPresent(ctx, office, c.ID, present); err != nil {
		return err
	}
	if err := s.AddNominations(ctx, office, c.ID); err != nil {
		return err
	}
	if err := s.OpenBallot(ctx, office, c.ID); err != nil {
		return err
	}
	noms, err := s.CouncilNominations(ctx, c.ID)
	if err != nil {
		return err
	}
	for k, u := range voters {
		choices := map[int64]bool{}
		for j, n := range noms {
			// The last nomination gets only one vote for: the council rejects it.
			choices[n.ID] = !(j == len(noms)-1 && k > 0)
		}
		if err := s.Vote(ctx, u, c.ID, choices); err != nil {
			return fmt.Errorf("demo: vote: %w", err)
		}
	}
	if err := s.CloseBallot(ctx, office, c.ID); err != nil {
		return err
	}
	reg := docgen.NewRegister(d, m.Plan.Issuer.Abbreviation, now)
	if _, err := s.Decide(ctx, office, c.ID, nil, today, award.Director(m.Plan.Issuer.Agency), func(summary string) (string, error) {
		n, err := reg.Next(ctx, string(docgen.Decision), today, summary)
		return n.Text, err
	}); err != nil {
		return fmt.Errorf("demo: decision: %w", err)
	}
	list, err := s.Decided(ctx, c.ID)
	if err != nil {
		return err
	}
	stories := []string{
		"Chủ động số hóa toàn bộ quy trình tiếp nhận hồ sơ, giảm một nửa thời gian chờ của người dân và doanh nghiệp.\nLà tấm gương tận tụy, luôn hướng dẫn tận tình, không để hồ sơ nào trễ hạn.",
		"Tập thể đoàn kết, hoàn thành xuất sắc nhiệm vụ; tổ chức nhiều buổi đối thoại, tháo gỡ kịp thời khó khăn cho doanh nghiệp vận tải.",
	}
	for k := 0; k < len(list) && k < len(stories); k++ {
		if err := s.Publish(ctx, office, list[k].ID, stories[k], true); err != nil {
			return err
		}
		if list[k].Subject.StaffID != 0 {
			if _, err := s.Record(ctx, office, award.Commendation{Year: year - 1, Title: "ldtt", TitleName: "Lao động tiên tiến", Subject: list[k].Subject,
				Name: list[k].Name, UnitName: list[k].UnitName, DecisionNumber: "118/QĐ-SXD", DecidedOn: calendar.NewDate(year-1, 12, 25),
				Issuer: award.Director(m.Plan.Issuer.Agency)}); err != nil {
				return err
			}
		}
	}
	return nil
}
