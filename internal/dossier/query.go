package dossier

import (
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
)

// The conditions behind every figure of Biểu II.06a, written once: the statistics
// count with them and the lists behind each figure select with them, so a number and
// its list cannot disagree. They read only the columns computed at import, and
// mirror Classify exactly (the statistics tests recount with Classify to prove it).

// sqlQuery collects conditions and their numbered arguments.
type sqlQuery struct {
	alias string // of the table scope filters, "d" (dossiers) when empty
	where []string
	args  []any
}

// arg adds an argument and returns its placeholder.
func (q *sqlQuery) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

func (q *sqlQuery) and(cond string) { q.where = append(q.where, cond) }

func (q *sqlQuery) clause() string {
	if len(q.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(q.where, " AND ")
}

// awaitingAt: at the date t, a supplement was asked for and not yet returned.
func awaitingAt(t string) string {
	return "(d.supplement_requested_on IS NOT NULL AND d.supplement_requested_on <= " + t +
		" AND (d.supplement_returned_on IS NULL OR d.supplement_returned_on > " + t + "))"
}

// overdueAt: open at t (the caller says so) and past the due date known at t, which is
// moved by a pause only once the pause has begun. A dossier without any deadline
// compares with NULL, which is never true: it is within.
func overdueAt(t string) string {
	return "(NOT " + awaitingAt(t) + " AND " + t + " > CASE WHEN d.supplement_requested_on IS NOT NULL AND d.supplement_requested_on <= " +
		t + " THEN d.due_on ELSE d.base_due_on END)"
}

// openAt: received by t and not finished by then.
func openAt(t string) string {
	return "(d.received_on <= " + t + " AND (d.finished_on IS NULL OR d.finished_on > " + t + "))"
}

// Scope and the optional filters of a statistics query or a list.
func (q *sqlQuery) scope(sc auth.Scope, unitID int64, field string) bool {
	a := q.alias
	if a == "" {
		a = "d"
	}
	switch {
	case sc.All && unitID != 0:
		q.and(a + ".unit_id = " + q.arg(unitID))
	case sc.All:
	case sc.UnitID != 0:
		// A unit's account sees its own unit whatever the request asks for.
		q.and(a + ".unit_id = " + q.arg(sc.UnitID))
	default:
		return false
	}
	if field != "" {
		q.and(a + ".procedure_id IN (SELECT id FROM procedures WHERE field = " + q.arg(field) + ")")
	}
	return true
}

// Bucket names one figure of Biểu II.06a, as the JSON of Stats names it; a list
// filtered by a bucket and a period holds exactly the dossiers the figure counts.
type Bucket string

const (
	BucketCarriedOver        Bucket = "carried_over"
	BucketReceivedOnline     Bucket = "received_online"
	BucketReceivedDirect     Bucket = "received_direct"
	BucketReceivedTotal      Bucket = "received_total"
	BucketResolvedEarly      Bucket = "resolved_early"
	BucketResolvedOnTime     Bucket = "resolved_on_time"
	BucketResolvedLate       Bucket = "resolved_late"
	BucketResolvedTotal      Bucket = "resolved_total"
	BucketOpenWithin         Bucket = "open_within"
	BucketOpenOverdue        Bucket = "open_overdue"
	BucketOpenTotal          Bucket = "open_total"
	BucketLateWithApology    Bucket = "late_with_apology"
	BucketLateWithoutApology Bucket = "late_without_apology"
	// BucketResolvedInTime is early and on time together: the numerator of T2.
	BucketResolvedInTime Bucket = "resolved_in_time"
)

// bucket adds the condition of b over [from, to]; false when b is unknown.
func (q *sqlQuery) bucket(b Bucket, from, to calendar.Date) bool {
	f, t := from.String(), to.String()
	received := func() { q.and("d.received_on >= " + q.arg(f) + " AND d.received_on <= " + q.arg(t)) }
	resolved := func(cond string) {
		q.and("d.finished_on >= " + q.arg(f) + " AND d.finished_on <= " + q.arg(t) + cond)
	}
	switch b {
	case BucketCarriedOver:
		p := q.arg(f)
		q.and("d.received_on < " + p + " AND (d.finished_on IS NULL OR d.finished_on >= " + p + ")")
	case BucketReceivedOnline:
		received()
		q.and("d.channel IN ('online_full', 'online_partial')")
	case BucketReceivedDirect:
		received()
		q.and("d.channel IN ('direct', 'postal')")
	case BucketReceivedTotal:
		received()
	case BucketResolvedEarly, BucketResolvedOnTime, BucketResolvedLate:
		resolved(" AND d.result = " + q.arg(strings.TrimPrefix(string(b), "resolved_")))
	case BucketResolvedInTime:
		resolved(" AND d.result IN ('early', 'on_time')")
	case BucketResolvedTotal:
		resolved("")
	case BucketLateWithApology:
		resolved(" AND d.result = 'late' AND d.apology = " + q.arg(true))
	case BucketLateWithoutApology:
		resolved(" AND d.result = 'late' AND d.apology = " + q.arg(false))
	case BucketOpenWithin, BucketOpenOverdue, BucketOpenTotal:
		p := q.arg(t)
		q.and(openAt(p))
		if b == BucketOpenOverdue {
			q.and(overdueAt(p))
		} else if b == BucketOpenWithin {
			q.and("NOT COALESCE(" + overdueAt(p) + ", FALSE)")
		}
	default:
		return false
	}
	return true
}
