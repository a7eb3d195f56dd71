// Package auth owns accounts, roles, passwords, sessions, API tokens and the login
// throttle. Whether a role may use a page is decided in the web route table; whether a
// user may touch a given unit's or enterprise's record is decided with Scope.
package auth

// Role is what a user does in the movement (DOMAIN.md, "Who uses it").
type Role string

const (
	RoleOffice      Role = "office"       // Văn phòng Sở: runs the movement
	RoleLeader      Role = "leader"       // Lãnh đạo Sở
	RolePlanning    Role = "planning"     // Phòng Kế hoạch - Tài chính
	RoleUnitManager Role = "unit_manager" // lãnh đạo phòng, đơn vị
	RoleUnitStaff   Role = "unit_staff"   // công chức, viên chức của phòng, đơn vị
	RoleCouncil     Role = "council"      // thành viên hội đồng
	RoleEnterprise  Role = "enterprise"   // người đại diện doanh nghiệp
)

// Roles lists every role in the order the interface shows them.
var Roles = []Role{RoleOffice, RoleLeader, RolePlanning, RoleUnitManager, RoleUnitStaff, RoleCouncil, RoleEnterprise}

var roleLabels = map[Role]string{
	RoleOffice:      "Văn phòng Sở",
	RoleLeader:      "Lãnh đạo Sở",
	RolePlanning:    "Phòng Kế hoạch - Tài chính",
	RoleUnitManager: "Lãnh đạo phòng, đơn vị",
	RoleUnitStaff:   "Công chức, viên chức",
	RoleCouncil:     "Thành viên hội đồng",
	RoleEnterprise:  "Doanh nghiệp",
}

// Label is the Vietnamese name of the role.
func (r Role) Label() string {
	if l, ok := roleLabels[r]; ok {
		return l
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := roleLabels[r]; return ok }

// NeedsUnit reports whether accounts of this role belong to one unit.
func (r Role) NeedsUnit() bool { return r == RoleUnitManager || r == RoleUnitStaff }

// DepartmentWide reports whether the role sees every unit's records.
func (r Role) DepartmentWide() bool {
	return r == RoleOffice || r == RoleLeader || r == RolePlanning || r == RoleCouncil
}

// Scope says whose records a user may see: every unit and enterprise, one unit, or
// one enterprise. Capability stores take it and filter by it, so a tampered ID or
// filter in a request cannot reach another unit's data.
type Scope struct {
	All          bool
	UnitID       int64
	EnterpriseID int64
	// MaskPersonal asks for personal identifiers (a staff member's e-mail, a
	// petitioner's phone) masked: for the roles that see every unit's records but
	// handle none of those people (leader, planning, council). The zero value shows
	// them, for the office, a unit for its own people, and the system itself.
	MaskPersonal bool
}

// ScopeOf is the scope of u.
func ScopeOf(u *User) Scope {
	switch {
	case u == nil:
		return Scope{}
	case u.Role == RoleOffice:
		return Scope{All: true}
	case u.Role.DepartmentWide():
		return Scope{All: true, MaskPersonal: true}
	case u.Role == RoleEnterprise:
		return Scope{EnterpriseID: u.EnterpriseID}
	default:
		return Scope{UnitID: u.UnitID}
	}
}

// SeesUnit reports whether the scope covers the unit.
func (s Scope) SeesUnit(unitID int64) bool { return s.All || (s.UnitID != 0 && s.UnitID == unitID) }

// SeesEnterprise reports whether the scope covers the enterprise.
func (s Scope) SeesEnterprise(id int64) bool {
	return s.All || (s.EnterpriseID != 0 && s.EnterpriseID == id)
}
