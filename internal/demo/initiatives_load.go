package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/initiative"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/textnorm"
)

// initiativeLoader walks the demo initiatives through the store with the accounts
// that would take each step.
type initiativeLoader struct {
	ctx      context.Context
	d        *db.DB
	now      func() time.Time
	unitID   map[string]int64
	staff    map[string][]org.Staff
	office   *auth.User
	unitUser *auth.User // chuyenvien, of QLXD
	entUser  *auth.User // doanhnghiep
	council  []*auth.User
	sessions []int64
}

func newInitiativeLoader(ctx context.Context, d *db.DB, now func() time.Time, unitID map[string]int64) (*initiativeLoader, error) {
	l := &initiativeLoader{ctx: ctx, d: d, now: now, unitID: unitID, staff: map[string][]org.Staff{}}
	orgs := org.NewStore(d, now)
	for code, id := range unitID {
		st, err := staffOf(ctx, orgs, id)
		if err != nil {
			return nil, err
		}
		l.staff[code] = st
	}
	as := auth.NewStore(d, now)
	var err error
	for name, dst := range map[string]**auth.User{"vanphong": &l.office, "chuyenvien": &l.unitUser, "doanhnghiep": &l.entUser} {
		if *dst, err = as.UserByName(ctx, name); err != nil {
			return nil, fmt.Errorf("demo: account %s: %w", name, err)
		}
	}
	first, err := as.UserByName(ctx, "hoidong")
	if err != nil {
		return nil, err
	}
	l.council = append(l.council, first)
	// The third member is the deputy head of the transport division, so the council
	// page shows a member kept from scoring his own division's initiative.
	for _, nu := range []auth.NewUser{{Username: "hoidong2", FullName: "Đinh Thị Thu Hà"}, {Username: "hoidong3", FullName: l.staff["QLVT"][1].FullName}} {
		nu.Role, nu.Password, nu.Email = auth.RoleCouncil, Password, nu.Username+"@sxd.langson.gov.vn"
		u, err := as.CreateUser(ctx, nu)
		if err != nil {
			return nil, fmt.Errorf("demo: account %s: %w", nu.Username, err)
		}
		l.council = append(l.council, u)
	}
	return l, nil
}

// session schedules a council session 25 days ahead with its members; the second
// one also has the office's account.
func (l *initiativeLoader) session(i int, in initiative.SessionInput) error {
	held, _ := calendar.ParseDate(in.HeldOn)
	s := initiative.NewStore(l.d, on(held.AddDays(-25).String()))
	ctx := as(l.ctx, l.office)
	ses, err := s.CreateSession(ctx, l.office, in)
	if err != nil {
		return err
	}
	members := append([]*auth.User(nil), l.council...)
	if i == 1 {
		members = append(members, l.office)
	}
	for _, m := range members {
		staff := ""
		if m.Username == "hoidong3" {
			staff = itoa(l.staff["QLVT"][1].ID)
		}
		if err := s.AddMember(ctx, l.office, ses.ID, itoa(m.ID), staff); err != nil {
			return err
		}
	}
	l.sessions = append(l.sessions, ses.ID)
	return nil
}

// initiative takes one demo initiative as far as it goes.
func (l *initiativeLoader) initiative(di demoInitiative) error {
	proposer := l.office
	in := initiative.Input{Title: di.title, Field: di.field, FirstAppliedOn: di.first, Description: di.description, Conditions: di.conditions,
		ExpectedDong: di.expDong, ExpectedSocial: di.expSocial}
	switch di.unit {
	case "":
		proposer = l.entUser
	case "QLXD":
		proposer = l.unitUser
	default:
		in.UnitID = itoa(l.unitID[di.unit])
	}
	for _, a := range di.authors {
		ai := initiative.AuthorInput{Name: a.name, Organisation: a.org, Share: a.share}
		if a.unit != "" {
			ai.StaffID = itoa(l.staff[a.unit][a.idx].ID)
		}
		in.Authors = append(in.Authors, ai)
	}
	created := di.first
	if di.submitted != "" {
		created = shift(di.submitted, -6)
	} else {
		created = shift(di.first, 10)
	}
	it, err := initiative.NewStore(l.d, on(created)).Create(as(l.ctx, proposer), proposer, in)
	if err != nil || di.stop == initiative.Draft {
		return err
	}
	if err := initiative.NewStore(l.d, on(di.submitted)).Submit(as(l.ctx, proposer), proposer, it.ID); err != nil {
		return err
	}
	office := as(l.ctx, l.office)
	if di.returned != "" {
		return initiative.NewStore(l.d, on(shift(di.submitted, 5))).Return(office, l.office, it.ID, di.returned)
	}
	if di.stop == initiative.Submitted {
		return nil
	}
	held := demoSessions[di.session-1].HeldOn
	if err := initiative.NewStore(l.d, on(shift(held, -5))).StartReview(office, l.office, it.ID, itoa(l.sessions[di.session-1])); err != nil {
		return err
	}
	if err := l.score(it.ID, di, held); err != nil || di.stop == initiative.UnderReview {
		return err
	}
	s := initiative.NewStore(l.d, on(held))
	if err := s.Decide(office, l.office, it.ID, di.stop != initiative.NotRecognised,
		initiative.DecisionInput{VotesFor: di.votes[0], VotesAgainst: di.votes[1], Level: di.level}); err != nil || di.stop != initiative.Applied {
		return err
	}
	apply := initiative.ApplyInput{AppliedFrom: di.appliedFrom, EffectiveOn: di.effectiveOn, MeasuredDong: di.measuredDong,
		MeasuredSocial: di.measuredSocial, EvidenceNote: di.evidenceNote,
		Evidence: initiative.Upload{Name: "bao-cao-hieu-qua-ap-dung.pdf", Data: evidencePDF(di.title)}}
	for _, code := range di.applyUnits {
		apply.UnitIDs = append(apply.UnitIDs, itoa(l.unitID[code]))
	}
	return initiative.NewStore(l.d, on(di.effectiveOn)).RecordApplied(office, l.office, it.ID, apply)
}

// score records the demo scores in the order of the session's members, passing
// over a member with a conflict of interest, as the council would.
func (l *initiativeLoader) score(id int64, di demoInitiative, held string) error {
	s := initiative.NewStore(l.d, on(held))
	it, err := s.Get(l.ctx, l.office, id)
	if err != nil {
		return err
	}
	members, err := s.Members(l.ctx, it.SessionID)
	if err != nil {
		return err
	}
	users := map[int64]*auth.User{l.office.ID: l.office}
	for _, u := range l.council {
		users[u.ID] = u
	}
	n := 0
	for _, m := range members {
		if n == len(di.scores) {
			break
		}
		if m.Conflict(it) != "" {
			continue
		}
		sc := di.scores[n]
		u := users[m.UserID]
		if err := s.Score(as(l.ctx, u), u, id, map[string]string{"novelty": sc[0], "applicability": sc[1], "economic": sc[2], "social": sc[3]}); err != nil {
			return err
		}
		n++
	}
	return nil
}

func shift(day string, days int) string {
	d, _ := calendar.ParseDate(day)
	return d.AddDays(days).String()
}

// evidencePDF is a one-page PDF that says what it stands for, so that the evidence
// downloaded from the demo opens in a reader.
func evidencePDF(title string) []byte {
	text := strings.NewReplacer("(", "", ")", "", "\\", "").Replace("Bao cao hieu qua ap dung sang kien (du lieu minh hoa): " + textnorm.Fold(title))
	content := "BT /F1 12 Tf 56 780 Td (" + text + ") Tj ET"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}
