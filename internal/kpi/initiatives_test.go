package kpi

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/initiative"
	"github.com/thidua/thidua/internal/plan"
)

// T5 counts each year the initiatives recorded as applied effectively in it; one
// recognised but not yet applied does not count.
func TestInitiativesAppliedMakeT5(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Date(2027, 3, 1, 3, 0, 0, 0, time.UTC) }
		var unitID, staffID int64
		d.Write().QueryRow(`INSERT INTO units (code, name, kind, search, created_at, updated_at) VALUES ('TTDK', 'Trung tâm Đăng kiểm', 'affiliated', 'ttdk', $1, $1) RETURNING id`, now()).Scan(&unitID)
		d.Write().QueryRow(`INSERT INTO staff (unit_id, full_name, gender, search, created_at, updated_at) VALUES ($1, 'Lương Thu Thảo', 'female', 'thao', $2, $2) RETURNING id`, unitID, now()).Scan(&staffID)
		as := auth.NewStore(d, now)
		office, err := as.CreateUser(ctx, auth.NewUser{Username: "vanphong", Role: auth.RoleOffice, Password: "mat-khau-vanphong"})
		if err != nil {
			t.Fatal(err)
		}
		member, _ := as.CreateUser(ctx, auth.NewUser{Username: "hoidong", Role: auth.RoleCouncil, Password: "mat-khau-hoidong"})
		s := initiative.NewStore(d, now)
		ses, err := s.CreateSession(ctx, office, initiative.SessionInput{Name: "Phiên họp Hội đồng sáng kiến", HeldOn: "2026-09-10"})
		if err != nil {
			t.Fatal(err)
		}
		s.AddMember(ctx, office, ses.ID, itoa(member.ID), "")
		for i, effective := range []string{"2026-10-05", "2027-02-10", ""} {
			it, err := s.Create(ctx, office, initiative.Input{Title: "Đặt lịch đăng kiểm trực tuyến " + itoa(int64(i)), UnitID: itoa(unitID), Field: "transport",
				FirstAppliedOn: "2026-04-01", Description: "Đặt lịch qua Cổng dịch vụ công.", Conditions: "Có phần mềm đặt lịch.", ExpectedSocial: "Giảm thời gian chờ.",
				Authors: []initiative.AuthorInput{{StaffID: itoa(staffID), Share: "100"}}})
			if err != nil {
				t.Fatal(err)
			}
			steps := []error{s.Submit(ctx, office, it.ID), s.StartReview(ctx, office, it.ID, itoa(ses.ID)),
				s.Score(ctx, member, it.ID, map[string]string{"novelty": "1", "applicability": "30", "economic": "10", "social": "20"}),
				s.Decide(ctx, office, it.ID, true, initiative.DecisionInput{VotesFor: "1", VotesAgainst: "0", Level: "base"})}
			if effective != "" {
				steps = append(steps, s.RecordApplied(ctx, office, it.ID, initiative.ApplyInput{UnitIDs: []string{itoa(unitID)}, AppliedFrom: "2026-05-01",
					EffectiveOn: effective, MeasuredSocial: "Thời gian chờ giảm một nửa.", Evidence: initiative.Upload{Name: "bao-cao.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}}))
			}
			for _, err := range steps {
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		target := []plan.Target{{Code: "T5", Kind: plan.KindCountPerYear, Measure: plan.MeasureInitiativesApplied, PerYear: 1}}
		res, err := NewService(d, now).Compute(ctx, 1, target, Period{From: calendar.NewDate(2026, 1, 1), To: calendar.NewDate(2030, 12, 31)})
		if err != nil {
			t.Fatal(err)
		}
		r := res[0]
		if len(r.Years) != 2 || *r.Years[0].Count != 1 || !*r.Years[0].Met || *r.Years[1].Count != 1 || !*r.Met {
			t.Errorf("T5 = %+v: one applied in 2026 and one in 2027, the third only recognised", r.Years)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
