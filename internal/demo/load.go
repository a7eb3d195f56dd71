package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/deployment"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/plan"
)

// Password is every demo account's password, printed in the README.
const Password = "thidua2026"

// Account is a demo login.
type Account struct {
	Username, FullName string
	Role               auth.Role
	UnitCode           string
	EnterpriseTaxCode  string
}

// Accounts are one per role; the unit accounts belong to the construction division.
func Accounts(firstEnterprise string) []Account {
	return []Account{
		{"vanphong", "Chu Thị Hằng", auth.RoleOffice, "", ""},
		{"lanhdao", "Trần Văn Vương", auth.RoleLeader, "", ""},
		{"khtc", "Lương Văn Khánh", auth.RolePlanning, "", ""},
		{"truongphong", "Hoàng Đức Thắng", auth.RoleUnitManager, "QLXD", ""},
		{"chuyenvien", "Vi Thị Lan", auth.RoleUnitStaff, "QLXD", ""},
		{"hoidong", "Nông Văn Hải", auth.RoleCouncil, "", ""},
		{"doanhnghiep", "Lý Thị Mai", auth.RoleEnterprise, "", firstEnterprise},
	}
}

// Loaded reports whether the demo data is already there (its office account exists).
func Loaded(ctx context.Context, d *db.DB) (bool, error) {
	_, err := auth.NewStore(d, time.Now).UserByName(ctx, "vanphong")
	if err == nil {
		return true, nil
	}
	if errors.Is(err, db.ErrNotFound) {
		return false, nil
	}
	return false, err
}

// Load fills an empty database with the demo data set, through the same stores the
// pages use, so every record has its audit trail. The movement must be loaded first.
func Load(ctx context.Context, d *db.DB, now func() time.Time) error {
	orgs := org.NewStore(d, now)
	for _, u := range Units {
		if _, err := orgs.CreateUnit(ctx, org.Unit{Code: u.Code, Name: u.Name, Kind: org.UnitKind(u.Kind), ParentCode: u.Parent,
			Email: strings.ToLower(u.Code) + "@sxd.langson.gov.vn"}); err != nil {
			return fmt.Errorf("demo: unit %s: %w", u.Code, err)
		}
	}
	units, err := orgs.UnitOptions(ctx)
	if err != nil {
		return err
	}
	unitID := map[string]int64{}
	for _, u := range units {
		unitID[u.Code] = u.ID
	}
	if err := LoadProcedures(ctx, d, now); err != nil {
		return err
	}
	if err := LoadDossiers(ctx, d, now); err != nil {
		return err
	}
	all := auth.Scope{All: true}
	for _, st := range Staff() {
		if _, err := orgs.CreateStaff(ctx, all, org.Staff{UnitID: unitID[st.UnitCode], FullName: st.FullName, Position: st.Position,
			Gender: org.Gender(st.Gender), Email: st.Email}); err != nil {
			return fmt.Errorf("demo: staff %s: %w", st.FullName, err)
		}
	}
	es := enterprise.NewStore(d, now)
	ents := Enterprises(150)
	entIDs := make([]int64, 0, len(ents))
	for _, e := range ents {
		in := enterprise.Enterprise{TaxCode: e.TaxCode, Name: e.Name, Ownership: enterprise.Ownership(e.Ownership), Address: e.Address,
			Representative: e.Representative, Employees: e.Employees, Email: e.Email}
		for _, s := range e.Sectors {
			in.Sectors = append(in.Sectors, enterprise.Sector(s))
		}
		out, err := es.Create(ctx, in)
		if err != nil {
			return fmt.Errorf("demo: enterprise %s: %w", e.TaxCode, err)
		}
		entIDs = append(entIDs, out.ID)
	}
	as := auth.NewStore(d, now)
	for _, a := range Accounts(ents[0].TaxCode) {
		if _, err := as.CreateUser(ctx, auth.NewUser{Username: a.Username, FullName: a.FullName, Role: a.Role, UnitCode: a.UnitCode,
			EnterpriseTC: a.EnterpriseTaxCode, Password: Password, Email: a.Username + "@sxd.langson.gov.vn"}); err != nil {
			return fmt.Errorf("demo: account %s: %w", a.Username, err)
		}
	}
	if err := participation(ctx, d, now, unitID, entIDs); err != nil {
		return err
	}
	held, err := LoadDialogues(ctx, d, now, entIDs)
	if err != nil {
		return err
	}
	if err := LoadPetitions(ctx, d, now, unitID, entIDs, held); err != nil {
		return err
	}
	if err := LoadInitiatives(ctx, d, now, unitID); err != nil {
		return err
	}
	if err := LoadIndicators(ctx, d, now, ents, entIDs); err != nil {
		return err
	}
	if err := LoadReports(ctx, d, now, unitID); err != nil {
		return err
	}
	if err := LoadInspections(ctx, d, now, unitID); err != nil {
		return err
	}
	if err := LoadOutreach(ctx, d, now); err != nil {
		return err
	}
	return LoadAwards(ctx, d, now, unitID)
}

// participation records which units deployed the movement and who registered:
// most units deployed in the weeks after the plan, two have not yet, so T1 shows
// what is missing.
func participation(ctx context.Context, d *db.DB, now func() time.Time, unitID map[string]int64, entIDs []int64) error {
	m, err := plan.NewStore(d, now).Current(ctx, now())
	if err != nil {
		return fmt.Errorf("demo: movement: %w", err)
	}
	ds := deployment.NewStore(d, now)
	all := auth.Scope{All: true}
	r := rand.New(rand.NewPCG(2026, 3))
	base := time.Date(2026, 5, 11, 0, 0, 0, 0, time.UTC)
	thisYear := now().Year()
	for i, u := range Units {
		if u.Code == "KCHT" || u.Code == "BQLBT" {
			continue
		}
		on := base.AddDate(0, 0, i*3+r.IntN(3))
		if on.After(now()) {
			on = now()
		}
		abbr := u.Code
		if _, err := ds.Record(ctx, all, deployment.Deployment{MovementID: m.ID, UnitID: unitID[u.Code], DeployedOn: on.Format("2006-01-02"),
			DocNumber: fmt.Sprintf("%02d/KH-%s", 10+i, abbr), Note: "Quán triệt tại cuộc họp giao ban toàn đơn vị"}); err != nil {
			return fmt.Errorf("demo: deployment %s: %w", u.Code, err)
		}
	}
	first, last := m.Period.Start.Year, m.Period.End.Year
	if thisYear < first || thisYear > last {
		return nil
	}
	unitAims := [][]string{{"ttldxs", "giay_khen"}, {"ttldtt"}, {"ttldxs", "bang_khen_tinh"}, {"ttldtt", "giay_khen"}}
	for i, u := range Units {
		if i%5 == 4 {
			continue
		}
		if _, err := ds.FileRegistration(ctx, all, deployment.Registration{MovementID: m.ID, Year: thisYear, UnitID: unitID[u.Code],
			Titles: unitAims[i%len(unitAims)], Commitments: unitCommitment(u)}, first, last); err != nil {
			return fmt.Errorf("demo: registration %s: %w", u.Code, err)
		}
	}
	for i, id := range entIDs[:30] {
		aims := []string{"giay_khen"}
		if i%6 == 0 {
			aims = append(aims, "bang_khen_tinh")
		}
		if _, err := ds.FileRegistration(ctx, all, deployment.Registration{MovementID: m.ID, Year: thisYear, EnterpriseID: id, Titles: aims,
			Commitments: "Tăng doanh thu tối thiểu 10% so với năm trước; nộp đủ thuế, bảo hiểm xã hội cho 100% người lao động; không để xảy ra tai nạn lao động nghiêm trọng."},
			first, last); err != nil {
			return fmt.Errorf("demo: enterprise registration: %w", err)
		}
	}
	return nil
}

func unitCommitment(u UnitSeed) string {
	switch u.Kind {
	case "affiliated":
		return "Hoàn thành 100% nhiệm vụ được giao; giải quyết 100% hồ sơ đúng hạn; có ít nhất 01 sáng kiến cải tiến quy trình kiểm định, phục vụ doanh nghiệp."
	case "office":
		return "Tham mưu tổ chức phát động, theo dõi, tổng hợp phong trào kịp thời; tổ chức ít nhất 01 hội nghị đối thoại doanh nghiệp trong năm."
	}
	return "Giải quyết 100% hồ sơ thủ tục hành chính đúng hạn; trả lời phản ánh, kiến nghị của doanh nghiệp trong thời hạn; đề xuất ít nhất 01 sáng kiến cải cách hành chính."
}
