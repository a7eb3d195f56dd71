package petition

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/textnorm"
)

// A likely duplicate comes from the same sender within DuplicateWindow before the
// petition, with a subject at least MinSimilarity alike.
const (
	DuplicateWindow = 30 * 24 * time.Hour
	MinSimilarity   = 0.5
	// duplicateCandidates bounds the recent petitions of one sender compared.
	duplicateCandidates = 200
)

// Duplicate is a petition that looks like another, with how alike their subjects are.
type Duplicate struct {
	Summary
	Similarity float64 `json:"similarity"`
}

// stopWords are the folded Vietnamese words too common to tell two subjects apart.
var stopWords = map[string]bool{"va": true, "cua": true, "cac": true, "nhung": true, "cho": true, "ve": true, "voi": true,
	"la": true, "o": true, "tai": true, "trong": true, "duoc": true, "viec": true, "de": true, "den": true, "tu": true,
	"mot": true, "khi": true, "thi": true, "co": true, "khong": true, "da": true, "dang": true, "nay": true}

// words are the distinct folded words of a subject, without punctuation or stop words.
func words(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(textnorm.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !stopWords[w] {
			out[w] = true
		}
	}
	return out
}

// Similarity is the share of the two subjects' words that they have in common
// (words in both ÷ words in either), regardless of case, diacritics and order.
func Similarity(a, b string) float64 {
	wa, wb := words(a), words(b)
	common := 0
	for w := range wa {
		if wb[w] {
			common++
		}
	}
	if all := len(wa) + len(wb) - common; all > 0 {
		return float64(common) / float64(all)
	}
	return 0
}

// SuggestDuplicates finds, at intake, the petitions in sc that in may repeat: from the
// same enterprise, e-mail or phone, received in the 30 days before it, with a similar
// subject; the most alike first. A member of the public is shown none.
func (s *Store) SuggestDuplicates(ctx context.Context, sc auth.Scope, in NewPetition) ([]Duplicate, error) {
	if sc.EnterpriseID != 0 {
		in.EnterpriseID, in.EnterpriseTaxCode = sc.EnterpriseID, "" // an enterprise account sends as itself
	}
	if in.EnterpriseID == 0 && strings.TrimSpace(in.EnterpriseTaxCode) != "" {
		err := s.d.Read().QueryRowContext(ctx, "SELECT id FROM enterprises WHERE tax_code = $1", strings.TrimSpace(in.EnterpriseTaxCode)).Scan(&in.EnterpriseID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("petition: duplicates: %w", err)
		}
	}
	at := in.ReceivedAt
	if at.IsZero() {
		at = s.now()
	}
	phone, _ := NormalizePhone(in.SenderPhone)
	return s.similar(ctx, sc, 0, in.Subject, in.EnterpriseID, strings.ToLower(strings.TrimSpace(in.SenderEmail)), phone, at.UTC())
}

// DuplicatesOf finds the likely duplicates of a petition sc may see.
func (s *Store) DuplicatesOf(ctx context.Context, sc auth.Scope, id int64) ([]Duplicate, error) {
	p, err := s.get(ctx, sc, id)
	if err != nil {
		return nil, err
	}
	return s.similar(ctx, sc, p.ID, p.Subject, p.EnterpriseID, p.SenderEmail, p.SenderPhone, p.ReceivedAt)
}

func (s *Store) similar(ctx context.Context, sc auth.Scope, self int64, subject string, enterpriseID int64, email, phone string, at time.Time) ([]Duplicate, error) {
	var senders []string
	args := []any{at.Add(-DuplicateWindow), at, self}
	by := func(col string, v any) {
		args = append(args, v)
		senders = append(senders, fmt.Sprintf("%s = $%d", col, len(args)))
	}
	if enterpriseID != 0 {
		by("p.enterprise_id", enterpriseID)
	}
	if email != "" {
		by("p.sender_email", email)
	}
	if phone != "" {
		by("p.sender_phone", phone)
	}
	if len(senders) == 0 || !sc.All && sc.EnterpriseID == 0 && sc.UnitID == 0 {
		return nil, nil
	}
	h, err := s.horizon(ctx)
	if err != nil {
		return nil, err
	}
	args = append(args, duplicateCandidates)
	cands, err := s.summaries(ctx, s.d.Read(), fmt.Sprintf(`%s WHERE p.received_at >= $1 AND p.received_at <= $2 AND p.id <> $3
		AND (%s) ORDER BY p.received_at DESC, p.id DESC LIMIT $%d`, selectSummary, strings.Join(senders, " OR "), len(args)), args, h)
	if err != nil {
		return nil, err
	}
	var out []Duplicate
	for _, c := range cands {
		if !seesPetition(sc, &Petition{EnterpriseID: c.EnterpriseID, UnitID: c.UnitID}) {
			continue
		}
		if sim := Similarity(subject, c.Subject); sim >= MinSimilarity {
			out = append(out, Duplicate{Summary: c, Similarity: round2(sim)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Similarity > out[j].Similarity })
	return out, nil
}

// LinkDuplicate marks petition id as a duplicate of originalID (0 removes the mark),
// for the office. A duplicate of a duplicate is linked to the first original, and
// petitions marked as duplicates of id follow it to its original.
func (s *Store) LinkDuplicate(ctx context.Context, a Actor, id, originalID int64) (*Petition, error) {
	now := s.stamp()
	var after Petition
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.getFor(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if a.KindFor(before) != ActorOffice {
			return forbiddenError{"Chỉ Văn phòng Sở đánh dấu phản ánh, kiến nghị trùng"}
		}
		after = *before
		after.DuplicateOf = 0
		note := "Bỏ đánh dấu trùng"
		if originalID != 0 {
			orig, err := getWhere(ctx, tx, "p.id = $1", originalID)
			if errors.Is(err, db.ErrNotFound) {
				return fieldErrors([]issue{{Field: "duplicate_of", Detail: fmt.Sprintf("không có phản ánh, kiến nghị số %d", originalID)}})
			} else if err != nil {
				return err
			}
			if orig.DuplicateOf != 0 {
				if orig, err = getWhere(ctx, tx, "p.id = $1", orig.DuplicateOf); err != nil {
					return err
				}
			}
			if orig.ID == id {
				return fieldErrors([]issue{{Field: "duplicate_of", Detail: "không đánh dấu một phản ánh, kiến nghị trùng với chính nó"}})
			}
			after.DuplicateOf, note = orig.ID, "Trùng với "+orig.TrackingCode
			if _, err := tx.ExecContext(ctx, "UPDATE petitions SET duplicate_of = $1 WHERE duplicate_of = $2", orig.ID, id); err != nil {
				return fmt.Errorf("petition: relink duplicates: %w", err)
			}
		}
		after.Version, after.UpdatedAt = before.Version+1, now
		res, err := tx.ExecContext(ctx, "UPDATE petitions SET duplicate_of = $1, version = $2, updated_at = $3 WHERE id = $4 AND version = $5",
			nullID(after.DuplicateOf), after.Version, now, id, before.Version)
		if err != nil {
			return fmt.Errorf("petition: link duplicate: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrConflict
		}
		ctx := audit.WithActor(ctx, a.audit())
		if err := addEvent(ctx, tx, &after, a, now, eventDuplicate, before.State, note); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "update", Entity: "petition", EntityID: id,
			Summary: fmt.Sprintf("Phản ánh, kiến nghị %s: %s", after.TrackingCode, note), Before: before, After: &after})
	})
	if err != nil {
		return nil, err
	}
	return &after, nil
}
