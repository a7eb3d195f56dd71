// Package award evaluates and commends: the rubric a movement's units and enterprises
// are scored against each year (versioned, its evidence criteria filled from thidua's
// own records), the scoring workflow from self-assessment to the council, the
// task-completion ratings, discipline and pending cases of staff and units, the
// eligibility rules as data with their legal citations, nominations within quotas,
// the council's secret ballot, the decision and its documents, and the history of
// commendations shown on the public page of exemplary models.
//
// Every change is one transaction with its audit entry; refused input changes nothing
// and says why in Vietnamese.
package award

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
)

// Store keeps rubrics, assessments, ratings, rules, nominations and councils.
type Store struct {
	db       *db.DB
	now      func() time.Time
	evidence EvidenceSource
}

// NewStore returns a Store on d; now is the clock. Evidence criteria are filled from
// thidua's dossiers, petitions, reports, initiatives and deployments.
func NewStore(d *db.DB, now func() time.Time) *Store {
	s := &Store{db: d, now: now}
	s.evidence = ThiduaEvidence(d, now)
	return s
}

// WithEvidence replaces where evidence criteria get their figures (tests, benchmarks).
func (s *Store) WithEvidence(e EvidenceSource) *Store { s.evidence = e; return s }

func (s *Store) today() calendar.Date { return calendar.DateOf(s.now()) }

// Errors of the store, in Vietnamese for the user.
var (
	ErrNotFound  = errors.New("Không có bản ghi thi đua, khen thưởng này")
	ErrForbidden = errors.New("Bạn không có quyền thực hiện thao tác này")
)

// RefusedError is an action the rules do not allow: weights that do not add up, a
// score above a criterion's maximum, a nomination over quota, a vote out of time.
// Nothing was changed; the message says why.
type RefusedError struct{ Msg string }

func (e *RefusedError) Error() string { return e.Msg }

func refused(format string, args ...any) error {
	if len(args) == 0 {
		return &RefusedError{Msg: format}
	}
	return &RefusedError{Msg: fmt.Sprintf(format, args...)}
}

func isOffice(u *auth.User) bool { return u != nil && u.Role == auth.RoleOffice }

// Decimal writes a number as Vietnamese do, with a decimal comma and at most two
// decimals: 87,5; 100; 33,33.
func Decimal(v float64) string {
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	return strings.Replace(s, ".", ",", 1)
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Subject is who is assessed or commended: a unit, an enterprise or a staff member.
type Subject struct {
	UnitID       int64 `json:"unit_id,omitempty"`
	EnterpriseID int64 `json:"enterprise_id,omitempty"`
	StaffID      int64 `json:"staff_id,omitempty"`
}

// Key is the subject as one text column: unit:3, enterprise:12, staff:40.
func (s Subject) Key() string {
	switch {
	case s.StaffID != 0:
		return "staff:" + strconv.FormatInt(s.StaffID, 10)
	case s.EnterpriseID != 0:
		return "enterprise:" + strconv.FormatInt(s.EnterpriseID, 10)
	}
	return "unit:" + strconv.FormatInt(s.UnitID, 10)
}

func itoa(n int) string { return strconv.Itoa(n) }

func equalFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

func hcm() *time.Location { return calendar.Location() }
