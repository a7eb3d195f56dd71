package petition

import (
	"strings"
	"testing"
)

// checkDaily fails the test when petition_daily differs from a recount.
func (f *fixture) checkDaily(t *testing.T, when string) {
	t.Helper()
	diffs, err := f.s.CheckDaily(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) > 0 {
		t.Errorf("%s: petition_daily differs from a recount:\n%s", when, strings.Join(diffs, "\n"))
	}
}

// The daily sums behind Scores equal a recount of the petitions after every kind
// of change: each action taken live (an answer, a rating, a reopen that clears the
// rating and a second answer that moves the day, a reassignment) and a replay of the
// same histories; the scores of the two are then the same. A row put wrong is found.
func TestDailyScoresEqualRecount(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		hs := f.replayHistories()
		f.checkDaily(t, "empty")
		ids := f.live(t, hs)
		f.checkDaily(t, "after the histories taken live")
		from, to := date(2026, 1, 1), date(2026, 12, 31)
		_, live, err := f.s.Scores(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if live.Handled != 3 || live.Rated != 0 {
			// The first history's rating was cleared by its reopen.
			t.Errorf("live: %s, want 3 handled, none rated", live)
		}
		f.clk.set(2026, 6, 30)
		if _, err := f.s.Replay(ctx, office(), hs); err != nil {
			t.Fatal(err)
		}
		f.checkDaily(t, "after the replay")
		_, both, err := f.s.Scores(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if both.Handled != 2*live.Handled || both.OnTime != 2*live.OnTime || both.Rated != 2*live.Rated {
			t.Errorf("after the replay: %s, live alone %s", both, live)
		}

		// Rating the second history's published answer counts it rated and satisfied.
		f.act(t, f.enterprise(f.ent1), ids[0], ActionRate, Input{Satisfaction: SatisfactionSatisfied})
		f.checkDaily(t, "after a rating")

		if _, err := f.d.Write().ExecContext(ctx, "UPDATE petition_daily SET handled = handled + 1 WHERE day = (SELECT MIN(day) FROM petition_daily)"); err != nil {
			t.Fatal(err)
		}
		if diffs, err := f.s.CheckDaily(ctx); err != nil || len(diffs) != 1 {
			t.Errorf("a row put wrong: %v %q", err, diffs)
		}
	})
}
