package petition

import (
	"context"
	"fmt"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
)

// UnitScore is how a unit handled petitions in a period, and its petition scores in
// the national service index (Decision 766): 6 × on-time rate and 6 × satisfaction
// rate, each the full 6 when the unit handled no petition in the period.
//
// A petition counts in the period its answer was given (its last answer, when it
// was reopened and answered again); it is on time when answered by its process
// deadline, waits for the sender not counted. Satisfaction counts the verdicts of
// the senders of those petitions who gave one.
type UnitScore struct {
	UnitID    int64  `json:"unit_id,omitempty"`
	UnitCode  string `json:"unit_code,omitempty"`
	UnitName  string `json:"unit_name"`
	Handled   int    `json:"handled"`
	OnTime    int    `json:"on_time"`
	Rated     int    `json:"rated"`
	Satisfied int    `json:"satisfied"`
	// Rates are percentages with two decimals; nil means no data (nothing handled,
	// nothing rated), which is not 0%.
	OnTimeRate       *float64 `json:"on_time_rate"`
	SatisfactionRate *float64 `json:"satisfaction_rate"`
	// Scores are out of 6 with two decimals. SatisfactionScore is nil when petitions
	// were handled but no sender rated the answer.
	OnTimeScore       *float64 `json:"on_time_score"`
	SatisfactionScore *float64 `json:"satisfaction_score"`
}

// ScoreMax is the most each petition score of Decision 766 gives.
const ScoreMax = 6.0

func (u *UnitScore) compute() {
	u.OnTimeRate, u.SatisfactionRate = percent(u.OnTime, u.Handled), percent(u.Satisfied, u.Rated)
	switch {
	case u.Handled == 0:
		u.OnTimeScore, u.SatisfactionScore = ptr(ScoreMax), ptr(ScoreMax)
		return
	case u.Rated > 0:
		u.SatisfactionScore = ptr(round2(ScoreMax * float64(u.Satisfied) / float64(u.Rated)))
	}
	u.OnTimeScore = ptr(round2(ScoreMax * float64(u.OnTime) / float64(u.Handled)))
}

func percent(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	return ptr(round2(100 * float64(n) / float64(of)))
}

func ptr(v float64) *float64 { return &v }

func round2(v float64) float64 { return float64(int64(v*100+0.5)) / 100 }

// Scores returns, for the period [from, to], each active unit's handling and scores
// (and any inactive unit that answered in the period), by unit code, and the
// department's as a whole.
//
// Under a request memo (db.WithMemo) a page that shows the scores in several panels
// reads them once; the lines are shared and must not be modified.
func (s *Store) Scores(ctx context.Context, from, to calendar.Date) ([]UnitScore, UnitScore, error) {
	type scores struct {
		units []UnitScore
		total UnitScore
	}
	sc, err := db.Memo(ctx, "petition.Scores "+from.String()+" "+to.String(), func() (scores, error) {
		units, total, err := s.scores(ctx, from, to)
		return scores{units, total}, err
	})
	return sc.units, sc.total, err
}

func (s *Store) scores(ctx context.Context, from, to calendar.Date) ([]UnitScore, UnitScore, error) {
	// The period's days of petition_daily (kept with the petitions, see daily.go) are
	// summed in one pass, then joined to the units: joining first would read that range
	// once for every unit. A unit with only rows of zero answered nothing.
	rows, err := s.d.Read().QueryContext(ctx, `SELECT u.id, u.code, u.name, COALESCE(p.handled, 0), COALESCE(p.on_time, 0),
		COALESCE(p.rated, 0), COALESCE(p.satisfied, 0)
		FROM units u LEFT JOIN (SELECT unit_id, SUM(handled) AS handled, SUM(on_time) AS on_time,
			SUM(rated) AS rated, SUM(satisfied) AS satisfied
			FROM petition_daily WHERE day >= $1 AND day <= $2 GROUP BY unit_id) p ON p.unit_id = u.id
		WHERE u.active = $3 OR p.handled > 0
		ORDER BY u.code`, from.String(), to.String(), true)
	if err != nil {
		return nil, UnitScore{}, fmt.Errorf("petition: scores: %w", err)
	}
	defer rows.Close()
	var out []UnitScore
	total := UnitScore{UnitName: "Toàn Sở"}
	for rows.Next() {
		var u UnitScore
		if err := rows.Scan(&u.UnitID, &u.UnitCode, &u.UnitName, &u.Handled, &u.OnTime, &u.Rated, &u.Satisfied); err != nil {
			return nil, UnitScore{}, fmt.Errorf("petition: scores: %w", err)
		}
		u.compute()
		out = append(out, u)
		total.Handled, total.OnTime = total.Handled+u.Handled, total.OnTime+u.OnTime
		total.Rated, total.Satisfied = total.Rated+u.Rated, total.Satisfied+u.Satisfied
	}
	total.compute()
	return out, total, rows.Err()
}
