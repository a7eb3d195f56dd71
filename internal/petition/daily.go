package petition

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/thidua/thidua/internal/db"
)

// The table petition_daily (migration 0030) holds, per day and unit, the petitions
// answered that day (their handled_on), those answered on time, those whose sender
// rated the answer and those rated satisfied: what Scores sums over a period instead
// of counting the petitions. Every statement that changes those columns of a petition
// changes the table in the same transaction: update (each action) and insertReplayed.

// scoreKey is one row of petition_daily.
type scoreKey struct {
	day  string
	unit int64
}

// scoreCounts are handled, on time, rated and satisfied.
type scoreCounts [4]int

// scoreRow is what one petition adds to petition_daily: nothing until it is
// answered and has a unit.
type scoreRow struct {
	handledOn    sql.NullString
	unit         sql.NullInt64
	onTime       sql.NullBool
	satisfaction string
}

// scoreDelta is what a transaction changes in petition_daily.
type scoreDelta map[scoreKey]*scoreCounts

// add counts the petition r in (sign 1) or out (sign -1).
func (m scoreDelta) add(r scoreRow, sign int) {
	if !r.handledOn.Valid || !r.unit.Valid {
		return
	}
	k := scoreKey{r.handledOn.String, r.unit.Int64}
	c := m[k]
	if c == nil {
		c = &scoreCounts{}
		m[k] = c
	}
	c[0] += sign
	if r.onTime.Valid && r.onTime.Bool {
		c[1] += sign
	}
	if r.satisfaction != string(SatisfactionNone) {
		c[2] += sign
	}
	if r.satisfaction == string(SatisfactionSatisfied) {
		c[3] += sign
	}
}

// apply adds the changes to petition_daily, in the order of the keys so that two
// transactions touching the same rows lock them in the same order.
func (m scoreDelta) apply(ctx context.Context, tx *sql.Tx) error {
	keys := make([]scoreKey, 0, len(m))
	for k, c := range m {
		if *c != (scoreCounts{}) {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].day != keys[j].day {
			return keys[i].day < keys[j].day
		}
		return keys[i].unit < keys[j].unit
	})
	for _, k := range keys {
		c := m[k]
		if _, err := tx.ExecContext(ctx, `INSERT INTO petition_daily (day, unit_id, handled, on_time, rated, satisfied)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (day, unit_id) DO UPDATE SET
			handled = petition_daily.handled + excluded.handled, on_time = petition_daily.on_time + excluded.on_time,
			rated = petition_daily.rated + excluded.rated, satisfied = petition_daily.satisfied + excluded.satisfied`,
			k.day, k.unit, c[0], c[1], c[2], c[3]); err != nil {
			return fmt.Errorf("petition: daily scores: %w", err)
		}
	}
	return nil
}

// scoreColumns are the columns of a petition that petition_daily counts, as scoreRow
// scans them.
const scoreColumns = "handled_on, unit_id, handled_on_time, satisfaction"

func scanScoreRow(row interface{ Scan(...any) error }) (scoreRow, error) {
	var r scoreRow
	err := row.Scan(&r.handledOn, &r.unit, &r.onTime, &r.satisfaction)
	return r, err
}

// recountScores is petition_daily computed from the petitions themselves.
const recountScores = `SELECT handled_on, unit_id, COUNT(*),
	SUM(CASE WHEN handled_on_time THEN 1 ELSE 0 END),
	SUM(CASE WHEN satisfaction <> 'none' THEN 1 ELSE 0 END),
	SUM(CASE WHEN satisfaction = 'satisfied' THEN 1 ELSE 0 END)
	FROM petitions WHERE handled_on IS NOT NULL AND unit_id IS NOT NULL GROUP BY handled_on, unit_id`

// CheckDaily compares petition_daily with a recount from the petitions and describes
// each day and unit where they differ; none when it is right. It reads every
// answered petition: a check for tests and operators, not for pages.
func (s *Store) CheckDaily(ctx context.Context) ([]string, error) {
	stored, err := readScores(ctx, s.d.Read(), "SELECT day, unit_id, handled, on_time, rated, satisfied FROM petition_daily")
	if err != nil {
		return nil, err
	}
	recount, err := readScores(ctx, s.d.Read(), recountScores)
	if err != nil {
		return nil, err
	}
	var out []string
	for k, c := range recount {
		if stored[k] != c {
			out = append(out, fmt.Sprintf("%s unit %d: stored %v, recount %v", k.day, k.unit, stored[k], c))
		}
	}
	for k, c := range stored {
		if _, ok := recount[k]; !ok && c != (scoreCounts{}) {
			out = append(out, fmt.Sprintf("%s unit %d: stored %v, no petitions", k.day, k.unit, c))
		}
	}
	sort.Strings(out)
	return out, nil
}

func readScores(ctx context.Context, q db.Querier, query string) (map[scoreKey]scoreCounts, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("petition: read daily scores: %w", err)
	}
	defer rows.Close()
	out := map[scoreKey]scoreCounts{}
	for rows.Next() {
		var k scoreKey
		var c scoreCounts
		if err := rows.Scan(&k.day, &k.unit, &c[0], &c[1], &c[2], &c[3]); err != nil {
			return nil, fmt.Errorf("petition: read daily scores: %w", err)
		}
		out[k] = c
	}
	return out, rows.Err()
}
