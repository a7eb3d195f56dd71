package award

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
)

// OpenBallot opens the secret ballot once enough members are present: the quorum of
// the council rule in force for the session's year.
func (s *Store) OpenBallot(ctx context.Context, u *auth.User, councilID int64) error {
	if !isOffice(u) {
		return ErrForbidden
	}
	rs, err := s.Rules(ctx)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		c, err := getCouncil(ctx, tx, councilID)
		if err != nil {
			return err
		}
		if c.State != CouncilOpen {
			return refused("Phiên họp đang ở bước “%s” nên không mở phiếu được.", c.State.Label())
		}
		ms, err := councilMembers(ctx, tx, councilID)
		if err != nil {
			return err
		}
		present := 0
		for _, m := range ms {
			if m.Present {
				present++
			}
		}
		quorum := 0.0
		if r, ok := rs.For("hoi_dong", c.Year); ok {
			quorum = r.Params.QuorumPercent
		}
		share := 0.0
		if len(ms) > 0 {
			share = 100 * float64(present) / float64(len(ms))
		}
		if present == 0 || share+1e-9 < quorum {
			return refused("Mới có %d/%d thành viên dự họp (%s%%), chưa đủ số tối thiểu %s%% nên chưa mở phiếu được.", present, len(ms), Decimal(share), Decimal(quorum))
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM award_nominations WHERE council_id = $1", councilID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return refused("Phiên họp chưa có đề nghị nào để bỏ phiếu.")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO award_tallies (council_id, nomination_id) SELECT $1, id FROM award_nominations WHERE council_id = $1`, councilID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE award_councils SET state = $1, quorum_percent = $2, opened_at = $3, updated_at = $3 WHERE id = $4",
			CouncilVoting, quorum, now, councilID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "state", Entity: "award_council", EntityID: councilID,
			Summary: fmt.Sprintf("Mở bỏ phiếu kín: %d/%d thành viên dự họp", present, len(ms))})
	})
}

// Vote casts one member's secret ballot: for every nomination the member may vote
// on, for (true) or against. The whole ballot is refused when the ballot is not
// open, the member is not present, has voted already, leaves a nomination out, or
// votes on one with a conflict of interest. Who voted is recorded; what they voted
// only adds to the counts, which hold neither voter nor order.
func (s *Store) Vote(ctx context.Context, u *auth.User, councilID int64, choices map[int64]bool) error {
	if u == nil {
		return ErrForbidden
	}
	now := s.now().UTC()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		c, err := getCouncil(ctx, tx, councilID)
		if err != nil {
			return err
		}
		switch c.State {
		case CouncilOpen:
			return refused("Phiếu bầu chưa mở.")
		case CouncilClosed:
			return refused("Đã đóng phiếu lúc %s nên không bỏ phiếu được nữa.", c.ClosedAt.In(hcm()).Format("15:04 02/01/2006"))
		}
		ms, err := councilMembers(ctx, tx, councilID)
		if err != nil {
			return err
		}
		var me *CouncilMember
		for i := range ms {
			if ms[i].UserID == u.ID {
				me = &ms[i]
			}
		}
		if me == nil || !me.Present {
			return refused("Chỉ thành viên Hội đồng có mặt tại phiên họp mới được bỏ phiếu.")
		}
		noms, err := listNominations(ctx, tx, "council_id = $1", councilID)
		if err != nil {
			return err
		}
		var voted int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM award_voters WHERE council_id = $1 AND user_id = $2", councilID, u.ID).Scan(&voted); err != nil {
			return err
		}
		if voted > 0 {
			return refused("Ông/Bà %s đã bỏ phiếu; mỗi thành viên chỉ bỏ phiếu một lần.", me.Name)
		}
		var missing []string
		known := map[int64]bool{}
		for _, n := range noms {
			known[n.ID] = true
			_, chose := choices[n.ID]
			why := me.Conflict(n)
			switch {
			case why != "" && chose:
				return refused("%s", why)
			case why == "" && !chose:
				missing = append(missing, n.Name+" (“"+n.TitleName+"”)")
			}
		}
		for id := range choices {
			if !known[id] {
				return refused("Đề nghị số %d không thuộc phiên họp này.", id)
			}
		}
		if len(missing) > 0 {
			return refused("Chưa chọn đồng ý hay không đồng ý cho: %s.", strings.Join(missing, "; "))
		}
		for id, yes := range choices {
			if _, err := tx.ExecContext(ctx, "INSERT INTO award_voters (council_id, nomination_id, user_id) VALUES ($1, $2, $3)", councilID, id, u.ID); err != nil {
				return fmt.Errorf("award: voter: %w", err)
			}
			col := "votes_against"
			if yes {
				col = "votes_for"
			}
			if _, err := tx.ExecContext(ctx, "UPDATE award_tallies SET "+col+" = "+col+" + 1 WHERE council_id = $1 AND nomination_id = $2", councilID, id); err != nil {
				return fmt.Errorf("award: tally: %w", err)
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "vote", Entity: "award_council", EntityID: councilID,
			Summary: "Ông/Bà " + me.Name + " đã bỏ phiếu kín"})
	})
}

// Voted reports whether u has cast a ballot in the session.
func (s *Store) Voted(ctx context.Context, u *auth.User, councilID int64) (bool, error) {
	var n int
	err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM award_voters WHERE council_id = $1 AND user_id = $2", councilID, u.ID).Scan(&n)
	return n > 0, err
}

// Approves reports whether for votes among voters reach a rule's approval share.
func Approves(p Params, votesFor, voters int) bool {
	if voters == 0 {
		return false
	}
	share := 100 * float64(votesFor) / float64(voters)
	if p.ApprovalStrict {
		return share > p.ApprovalPercent+1e-9
	}
	return share+1e-9 >= p.ApprovalPercent
}

// CloseBallot closes the ballot and decides each nomination by the approval share
// of its title's rule, of the members present who could vote on it.
func (s *Store) CloseBallot(ctx context.Context, u *auth.User, councilID int64) error {
	if !isOffice(u) {
		return ErrForbidden
	}
	rs, err := s.Rules(ctx)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		c, err := getCouncil(ctx, tx, councilID)
		if err != nil {
			return err
		}
		if c.State != CouncilVoting {
			return refused("Phiên họp đang ở bước “%s” nên không đóng phiếu được.", c.State.Label())
		}
		ms, err := councilMembers(ctx, tx, councilID)
		if err != nil {
			return err
		}
		noms, err := listNominations(ctx, tx, "council_id = $1", councilID)
		if err != nil {
			return err
		}
		tallies, err := councilTallies(ctx, tx, councilID)
		if err != nil {
			return err
		}
		for _, n := range noms {
			voters := 0
			for _, m := range ms {
				if m.Present && m.Conflict(n) == "" {
					voters++
				}
			}
			t, ok := tallies[n.ID]
			if !ok {
				return fmt.Errorf("award: no tally for nomination %d of council %d", n.ID, councilID)
			}
			yes, no := t[0], t[1]
			r, _ := rs.For(n.Title, n.Year)
			state := Rejected
			if Approves(r.Params, yes, voters) {
				state = Approved
			}
			if _, err := tx.ExecContext(ctx, "UPDATE award_nominations SET state = $1, votes_for = $2, votes_against = $3, voters = $4, updated_at = $5 WHERE id = $6",
				state, yes, no, voters, now, n.ID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE award_councils SET state = $1, closed_at = $2, updated_at = $2 WHERE id = $3", CouncilClosed, now, councilID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "state", Entity: "award_council", EntityID: councilID, Summary: "Đóng phiếu, kiểm phiếu “" + c.Name + "”"})
	})
}

// councilTallies reads the session's running counts, votes for and against by
// nomination, in one query.
func councilTallies(ctx context.Context, tx *sql.Tx, councilID int64) (map[int64][2]int, error) {
	rows, err := tx.QueryContext(ctx, "SELECT nomination_id, votes_for, votes_against FROM award_tallies WHERE council_id = $1", councilID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][2]int{}
	for rows.Next() {
		var id int64
		var t [2]int
		if err := rows.Scan(&id, &t[0], &t[1]); err != nil {
			return nil, err
		}
		out[id] = t
	}
	return out, rows.Err()
}

// Results are the nominations of a closed session with their counts; before the
// ballot closes they are refused, so no one sees a trend while members still vote.
func (s *Store) Results(ctx context.Context, councilID int64) ([]Nomination, error) {
	c, err := s.Council(ctx, councilID)
	if err != nil {
		return nil, err
	}
	if c.State != CouncilClosed {
		return nil, refused("Kết quả bỏ phiếu chỉ được công bố sau khi đóng phiếu.")
	}
	return s.CouncilNominations(ctx, councilID)
}
