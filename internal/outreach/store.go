package outreach

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/notify"
	"github.com/thidua/thidua/internal/textnorm"
	"github.com/thidua/thidua/internal/validate"
)

// Store keeps articles and their covers.
type Store struct {
	db     *db.DB
	now    func() time.Time
	notify *notify.Service // nil: nobody is told
}

// NewStore returns a Store on d; now is the clock; n may be nil.
func NewStore(d *db.DB, now func() time.Time, n *notify.Service) *Store {
	return &Store{db: d, now: now, notify: n}
}

const columns = `a.id, a.title, a.summary, a.body, a.byline, COALESCE(a.author_id, 0), a.link_kind, COALESCE(a.link_id, 0),
	COALESCE(CASE a.link_kind WHEN 'unit' THEN (SELECT name FROM units WHERE id = a.link_id)
		WHEN 'enterprise' THEN (SELECT name FROM enterprises WHERE id = a.link_id)
		WHEN 'initiative' THEN (SELECT title FROM initiatives WHERE id = a.link_id)
		WHEN 'dialogue' THEN (SELECT title FROM dialogues WHERE id = a.link_id) END, ''),
	COALESCE(CASE a.link_kind WHEN 'unit' THEN (SELECT code FROM units WHERE id = a.link_id)
		WHEN 'enterprise' THEN (SELECT tax_code FROM enterprises WHERE id = a.link_id) END, ''),
	a.state, a.review_note, a.published_at, a.published_by,
	EXISTS (SELECT 1 FROM article_covers c WHERE c.article_id = a.id), a.created_at, a.updated_at`

func scan(row interface{ Scan(...any) error }) (*Article, error) {
	var a Article
	var published sql.NullTime
	if err := row.Scan(&a.ID, &a.Title, &a.Summary, &a.Body, &a.Byline, &a.AuthorID, &a.LinkKind, &a.LinkID, &a.LinkName, &a.LinkRef,
		&a.State, &a.ReviewNote, &published, &a.PublishedBy, &a.HasCover, &a.CreatedAt, &a.UpdatedAt); err != nil {
		return nil, err
	}
	if published.Valid {
		a.PublishedAt = published.Time
	}
	if a.LinkRef == "" && a.LinkID != 0 {
		a.LinkRef = strconv.FormatInt(a.LinkID, 10)
	}
	return &a, nil
}

func get(ctx context.Context, q db.Querier, id int64) (*Article, error) {
	a, err := scan(q.QueryRowContext(ctx, "SELECT "+columns+" FROM articles a WHERE a.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("outreach: get %d: %w", id, err)
	}
	return a, nil
}

// resolveLink finds what an article's link names, adding what is wrong to errs.
func resolveLink(ctx context.Context, q db.Querier, a *Article, errs validate.Errors) error {
	var query string
	var arg any = a.LinkRef
	switch a.LinkKind {
	case LinkNone:
		a.LinkID = 0
		return nil
	case LinkUnit:
		query, arg = "SELECT id, name FROM units WHERE code = $1", strings.ToUpper(a.LinkRef)
	case LinkEnterprise:
		query = "SELECT id, name FROM enterprises WHERE tax_code = $1"
	case LinkInitiative, LinkDialogue:
		n, err := strconv.ParseInt(strings.TrimPrefix(a.LinkRef, "#"), 10, 64)
		if err != nil {
			errs.Add("link_ref", "Liên kết: “"+a.LinkRef+"” không phải "+refHint[a.LinkKind])
			return nil
		}
		arg = n
		query = "SELECT id, title FROM dialogues WHERE id = $1"
		if a.LinkKind == LinkInitiative {
			// Only what was recognised is held up as an example.
			query = "SELECT id, title FROM initiatives WHERE id = $1 AND state IN ('recognised', 'applied')"
		}
	default:
		return nil
	}
	err := q.QueryRowContext(ctx, query, arg).Scan(&a.LinkID, &a.LinkName)
	if errors.Is(err, sql.ErrNoRows) {
		msg := map[LinkKind]string{LinkUnit: "không có đơn vị mã “%s”", LinkEnterprise: "không có doanh nghiệp mã số thuế “%s”",
			LinkInitiative: "không có sáng kiến số %s đã được công nhận", LinkDialogue: "không có cuộc đối thoại số %s"}[a.LinkKind]
		errs.Add("link_ref", "Liên kết: "+fmt.Sprintf(msg, a.LinkRef))
		return nil
	}
	if err != nil {
		return fmt.Errorf("outreach: link: %w", err)
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Create saves a new draft written by u.
func (s *Store) Create(ctx context.Context, u *auth.User, in Input) (*Article, error) {
	a, errs := in.parse()
	var cover *Cover
	if in.Cover != nil {
		var err error
		if cover, err = checkCover(*in.Cover); err != nil {
			errs.Add("cover", err.(validate.Errors)["cover"])
		}
	}
	a.AuthorID, a.State = u.ID, Draft
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := resolveLink(ctx, tx, &a, errs); err != nil {
			return err
		}
		if err := errs.Err(); err != nil {
			return err
		}
		now := s.now().UTC()
		if err := tx.QueryRowContext(ctx, `INSERT INTO articles (title, summary, body, byline, author_id, link_kind, link_id, state, search,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
			a.Title, a.Summary, a.Body, a.Byline, nullID(u.ID), a.LinkKind, nullID(a.LinkID), Draft, search(&a), now).Scan(&a.ID); err != nil {
			return fmt.Errorf("outreach: create: %w", err)
		}
		a.CreatedAt, a.UpdatedAt, a.HasCover = now, now, cover != nil
		if err := writeCover(ctx, tx, a.ID, cover, false, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "article", EntityID: a.ID,
			Summary: "Viết bài tuyên truyền “" + a.Title + "”", After: a})
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// Update changes an article u may edit; a published one stays published, its
// content checked again.
func (s *Store) Update(ctx context.Context, u *auth.User, id int64, in Input) (*Article, error) {
	a, errs := in.parse()
	var cover *Cover
	if in.Cover != nil && !in.RemoveCover {
		var err error
		if cover, err = checkCover(*in.Cover); err != nil {
			errs.Add("cover", err.(validate.Errors)["cover"])
		}
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if !CanEdit(u, before) {
			if before.AuthorID == u.ID {
				return notInState(before, "sửa; chỉ sửa được bản nháp")
			}
			return ErrForbidden
		}
		if err := resolveLink(ctx, tx, &a, errs); err != nil {
			return err
		}
		a.ID, a.AuthorID, a.State, a.PublishedAt, a.PublishedBy, a.CreatedAt = id, before.AuthorID, before.State, before.PublishedAt, before.PublishedBy, before.CreatedAt
		if a.State == Published {
			for f, m := range completeErrors(&a) {
				errs.Add(f, m)
			}
		}
		if err := errs.Err(); err != nil {
			return err
		}
		a.UpdatedAt = s.now().UTC()
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET title = $1, summary = $2, body = $3, byline = $4, link_kind = $5, link_id = $6,
			search = $7, updated_at = $8 WHERE id = $9`, a.Title, a.Summary, a.Body, a.Byline, a.LinkKind, nullID(a.LinkID), search(&a), a.UpdatedAt, id); err != nil {
			return fmt.Errorf("outreach: update: %w", err)
		}
		if err := writeCover(ctx, tx, id, cover, in.RemoveCover, a.UpdatedAt); err != nil {
			return err
		}
		a.HasCover = cover != nil || (before.HasCover && !in.RemoveCover)
		return audit.Record(ctx, tx, audit.Entry{At: a.UpdatedAt, Action: "update", Entity: "article", EntityID: id,
			Summary: "Sửa bài tuyên truyền “" + a.Title + "”", Before: before, After: a})
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

func completeErrors(a *Article) validate.Errors {
	var fe validate.Errors
	errors.As(complete(a), &fe)
	return fe
}

func search(a *Article) string { return textnorm.FoldAll(a.Title, a.Summary, a.Byline, a.LinkName) }
