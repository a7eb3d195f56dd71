package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/db"
)

// The audit log is a hash chain. Each entry, once its transaction commits, has a
// place in the chain (seq, from 1 without gaps), the hash of the entry before it and
// its own hash: SHA-256 over the previous hash and a canonical encoding of its
// fields as stored. Changing a field, deleting an entry or inserting one by hand
// breaks the chain at that entry, and Verify finds it. (Someone who can write the
// database and recomputes every later hash and the head is not caught; the head's
// hash, written down elsewhere, catches that too.)

func init() {
	db.RegisterMigrationStep("audit-chain", func(ctx context.Context, tx *sql.Tx, _ db.Dialect) error {
		return chainUnchained(ctx, tx)
	})
}

type chainKey struct{}

// chainer collects the entries a transaction writes and appends them to the chain
// right before it commits.
type chainer struct{ entries []fields }

func (c *chainer) BeforeCommit(ctx context.Context, tx *sql.Tx) error {
	return appendChain(ctx, tx, c.entries)
}

// chain arranges for f to be written and join the chain when tx commits: the
// entries of a transaction are inserted together, right before its commit, under
// the head's lock, so that the chain (and the ids) follow the order of commits and
// the lock is held only for that instant. A tx that Tx did not begin gets f now.
func chain(ctx context.Context, tx *sql.Tx, f fields) error {
	if h, ok := db.TxHook(tx, chainKey{}, func() db.Hook { return &chainer{} }); ok {
		c := h.(*chainer)
		c.entries = append(c.entries, f)
		return nil
	}
	return appendChain(ctx, tx, []fields{f})
}

// appendChain appends entries to the chain, in the order given, under the lock of
// the chain's head: the UPDATE takes the head row's lock on PostgreSQL until tx
// ends (SQLite has one writer anyway), and the SELECT after it sees the head as the
// last committed append left it. An entry without an id is inserted; one with an id
// (written before the chain existed) is given its place.
func appendChain(ctx context.Context, tx *sql.Tx, entries []fields) error {
	if len(entries) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "UPDATE audit_chain SET seq = seq WHERE id = 1"); err != nil {
		return fmt.Errorf("audit: lock chain: %w", err)
	}
	var seq int64
	var head string
	if err := tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit_chain WHERE id = 1").Scan(&seq, &head); err != nil {
		return fmt.Errorf("audit: chain head: %w", err)
	}
	query := `INSERT INTO audit_log (seq, prev_hash, hash, at, actor_id, actor, action, entity, entity_id, summary, before_json, after_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`
	if entries[0].ID != 0 {
		query = "UPDATE audit_log SET seq = $1, prev_hash = $2, hash = $3 WHERE id = $4"
	}
	stmt, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return fmt.Errorf("audit: chain: %w", err)
	}
	defer stmt.Close()
	for _, f := range entries {
		seq++
		h := entryHash(head, seq, f)
		if f.ID != 0 {
			_, err = stmt.ExecContext(ctx, seq, head, h, f.ID)
		} else {
			_, err = stmt.ExecContext(ctx, seq, head, h, f.At, f.ActorID, f.Actor, f.Action, f.Entity, f.EntityID, f.Summary, f.Before, f.After)
		}
		if err != nil {
			return fmt.Errorf("audit: record: %w", err)
		}
		head = h
	}
	if _, err := tx.ExecContext(ctx, "UPDATE audit_chain SET seq = $1, hash = $2 WHERE id = 1", seq, head); err != nil {
		return fmt.Errorf("audit: move chain head: %w", err)
	}
	return nil
}

// chainUnchained chains the entries written before the chain existed, by id.
func chainUnchained(ctx context.Context, tx *sql.Tx) error {
	var last int64
	for {
		rows, err := tx.QueryContext(ctx, "SELECT "+fieldColumns+" FROM audit_log WHERE seq IS NULL AND id > $1 ORDER BY id LIMIT 1000", last)
		if err != nil {
			return err
		}
		var batch []fields
		for rows.Next() {
			f, err := scanFields(rows)
			if err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		if err := appendChain(ctx, tx, batch); err != nil {
			return err
		}
		last = batch[len(batch)-1].ID
	}
}

// fields are what an entry's hash covers, as the database holds them.
type fields struct {
	ID       int64
	At       time.Time
	ActorID  sql.NullInt64
	Actor    string
	Action   string
	Entity   string
	EntityID string
	Summary  string
	Before   sql.NullString
	After    sql.NullString
}

const fieldColumns = "id, at, actor_id, actor, action, entity, entity_id, summary, before_json, after_json"

func scanFields(row interface{ Scan(...any) error }, extra ...any) (fields, error) {
	var f fields
	err := row.Scan(append([]any{&f.ID, &f.At, &f.ActorID, &f.Actor, &f.Action, &f.Entity, &f.EntityID, &f.Summary, &f.Before, &f.After}, extra...)...)
	return f, err
}

func nullable(s sql.NullString) any {
	if !s.Valid {
		return nil
	}
	return s.String
}

// entryHash is the hex SHA-256 of the previous hash and the entry's canonical
// encoding: a JSON array of its place and fields (not its id, which the database
// gives when it is inserted), the time in UTC to the microsecond (what both
// databases keep).
func entryHash(prev string, seq int64, f fields) string {
	var actorID any
	if f.ActorID.Valid {
		actorID = f.ActorID.Int64
	}
	canon, _ := json.Marshal([]any{seq, f.At.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano), actorID, f.Actor,
		f.Action, f.Entity, f.EntityID, f.Summary, nullable(f.Before), nullable(f.After)})
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write([]byte{'\n'})
	h.Write(canon)
	return hex.EncodeToString(h.Sum(nil))
}

// Place returns the place in the chain of the entry whose hash is hash, or 0 when
// no entry has it: a head hash written down earlier that the chain no longer passes
// through means the entries up to it were rewritten.
func Place(ctx context.Context, q db.Querier, hash string) (int64, error) {
	var seq int64
	err := q.QueryRowContext(ctx, "SELECT seq FROM audit_log WHERE hash = $1", strings.TrimSpace(hash)).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("audit: place of %s: %w", hash, err)
	}
	return seq, nil
}

// Broken is the first entry at which the chain does not hold.
type Broken struct {
	ID     int64
	At     time.Time
	Seq    int64
	Reason string // in Vietnamese, for the operator
}

// VerifyResult is what Verify found: how many entries it checked, the head's hash,
// and the first break (nil when the chain holds).
type VerifyResult struct {
	Entries int64
	Head    string
	Broken  *Broken
}

// Verify walks the whole chain from its first entry and recomputes every hash.
func Verify(ctx context.Context, q db.Querier) (VerifyResult, error) {
	var res VerifyResult
	rows, err := q.QueryContext(ctx, "SELECT "+fieldColumns+", seq, prev_hash, hash FROM audit_log WHERE seq IS NOT NULL ORDER BY seq")
	if err != nil {
		return res, fmt.Errorf("audit: verify: %w", err)
	}
	defer rows.Close()
	var prev string
	var lastID int64
	var lastAt time.Time
	for rows.Next() {
		var seq int64
		var prevHash, hash sql.NullString
		f, err := scanFields(rows, &seq, &prevHash, &hash)
		if err != nil {
			return res, fmt.Errorf("audit: verify: %w", err)
		}
		broken := func(reason string) (VerifyResult, error) {
			res.Broken = &Broken{ID: f.ID, At: f.At, Seq: seq, Reason: reason}
			return res, nil
		}
		switch {
		case seq != res.Entries+1:
			return broken(fmt.Sprintf("thiếu bản ghi số %d đến %d của chuỗi, đứng trước bản ghi này: đã bị xóa", res.Entries+1, seq-1))
		case prevHash.String != prev:
			return broken("không nối với bản ghi đứng trước nó (mã băm của bản ghi trước không khớp)")
		case entryHash(prev, seq, f) != hash.String:
			return broken("nội dung đã bị sửa sau khi ghi (mã băm không khớp)")
		}
		res.Entries, prev, lastID, lastAt = seq, hash.String, f.ID, f.At
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("audit: verify: %w", err)
	}
	res.Head = prev
	var headSeq int64
	var headHash string
	if err := q.QueryRowContext(ctx, "SELECT seq, hash FROM audit_chain WHERE id = 1").Scan(&headSeq, &headHash); err != nil {
		return res, fmt.Errorf("audit: verify: chain head: %w", err)
	}
	if headSeq != res.Entries || headHash != prev {
		res.Broken = &Broken{ID: lastID, At: lastAt, Seq: res.Entries,
			Reason: fmt.Sprintf("chuỗi dừng ở bản ghi số %d nhưng đầu chuỗi ghi %d bản ghi: các bản ghi sau bản ghi này đã bị xóa", res.Entries, headSeq)}
		return res, nil
	}
	var id int64
	var at time.Time
	err = q.QueryRowContext(ctx, "SELECT id, at FROM audit_log WHERE seq IS NULL ORDER BY id LIMIT 1").Scan(&id, &at)
	if err == nil {
		res.Broken = &Broken{ID: id, At: at, Reason: "không thuộc chuỗi: bản ghi được chèn thẳng vào cơ sở dữ liệu, không qua thidua"}
		return res, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return res, fmt.Errorf("audit: verify: %w", err)
	}
	return res, nil
}
