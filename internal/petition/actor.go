package petition

import (
	"crypto/subtle"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
)

// Actor is who acts on a petition: a signed-in user, or a member of the public
// known only by the tracking code they hold.
type Actor struct {
	UserID       int64
	Name         string
	Role         auth.Role // empty for a member of the public
	UnitID       int64
	EnterpriseID int64
	// TrackingCode is the code a member of the public presented; it makes them the
	// sender of the petition that has it.
	TrackingCode string
}

// UserActor is the actor of a signed-in user.
func UserActor(u *auth.User) Actor {
	if u == nil {
		return Actor{}
	}
	name := u.FullName
	if name == "" {
		name = u.Username
	}
	return Actor{UserID: u.ID, Name: name, Role: u.Role, UnitID: u.UnitID, EnterpriseID: u.EnterpriseID}
}

// PublicActor is a member of the public; code is the tracking code they presented,
// empty when they are sending a new petition.
func PublicActor(name, code string) Actor {
	return Actor{Name: name, TrackingCode: NormalizeTrackingCode(code)}
}

// Public reports whether the actor has no account.
func (a Actor) Public() bool { return a.Role == "" }

// Scope is what the actor's account sees; a member of the public sees no list.
func (a Actor) Scope() auth.Scope {
	if a.Public() {
		return auth.Scope{}
	}
	return auth.ScopeOf(&auth.User{Role: a.Role, UnitID: a.UnitID, EnterpriseID: a.EnterpriseID})
}

// label names the actor in the history and the audit log.
func (a Actor) label() string {
	switch {
	case a.Public() && a.Name != "":
		return a.Name + " (người gửi)"
	case a.Public():
		return "Người gửi"
	case a.Name != "":
		return a.Name
	}
	return a.Role.Label()
}

func (a Actor) audit() audit.Actor { return audit.Actor{ID: a.UserID, Name: a.label()} }

// ActorKind is who an actor is to one petition; what they may do depends on it
// (machine.go).
type ActorKind string

const (
	ActorOffice      ActorKind = "office"       // Văn phòng Sở
	ActorLeader      ActorKind = "leader"       // Lãnh đạo Sở
	ActorUnitManager ActorKind = "unit_manager" // lãnh đạo of the unit the petition is assigned to
	ActorUnitStaff   ActorKind = "unit_staff"   // staff of the unit the petition is assigned to
	ActorEnterprise  ActorKind = "enterprise"   // the enterprise that sent it
	ActorSender      ActorKind = "sender"       // a member of the public holding its tracking code
	ActorOther       ActorKind = "other"        // anyone else
)

// ActorKinds lists every kind, for exhaustive tests and role pages.
var ActorKinds = []ActorKind{ActorOffice, ActorLeader, ActorUnitManager, ActorUnitStaff, ActorEnterprise, ActorSender, ActorOther}

var actorLabels = map[ActorKind]string{
	ActorOffice:      "Văn phòng Sở",
	ActorLeader:      "Lãnh đạo Sở",
	ActorUnitManager: "Lãnh đạo đơn vị được giao xử lý",
	ActorUnitStaff:   "Công chức đơn vị được giao xử lý",
	ActorEnterprise:  "Doanh nghiệp gửi phản ánh, kiến nghị",
	ActorSender:      "Người gửi",
	ActorOther:       "Người dùng không liên quan đến phản ánh, kiến nghị này",
}

// Label is the Vietnamese name of the kind.
func (k ActorKind) Label() string {
	if l, ok := actorLabels[k]; ok {
		return l
	}
	return string(k)
}

// KindFor says who a is to p.
func (a Actor) KindFor(p *Petition) ActorKind {
	switch a.Role {
	case auth.RoleOffice:
		return ActorOffice
	case auth.RoleLeader:
		return ActorLeader
	case auth.RoleUnitManager, auth.RoleUnitStaff:
		if p.UnitID == 0 || a.UnitID != p.UnitID {
			return ActorOther
		}
		if a.Role == auth.RoleUnitManager {
			return ActorUnitManager
		}
		return ActorUnitStaff
	case auth.RoleEnterprise:
		if p.EnterpriseID != 0 && a.EnterpriseID == p.EnterpriseID {
			return ActorEnterprise
		}
		return ActorOther
	case "":
		if a.TrackingCode != "" && subtle.ConstantTimeCompare([]byte(a.TrackingCode), []byte(p.TrackingCode)) == 1 {
			return ActorSender
		}
	}
	return ActorOther
}

// Sees reports whether a may read p: department-wide roles every petition, unit
// staff those assigned to their unit, an enterprise its own, a member of the public
// the one whose code they hold.
func (a Actor) Sees(p *Petition) bool {
	if a.Public() {
		return a.KindFor(p) == ActorSender
	}
	return seesPetition(a.Scope(), p)
}

func seesPetition(sc auth.Scope, p *Petition) bool {
	switch {
	case sc.All:
		return true
	case sc.EnterpriseID != 0:
		return p.EnterpriseID == sc.EnterpriseID
	case sc.UnitID != 0:
		return p.UnitID == sc.UnitID
	}
	return false
}
