package outreach

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/textnorm"
)

// CanSee reports whether u may see a in the staff pages: publishers see every
// article, others their own and the published ones.
func CanSee(u *auth.User, a *Article) bool {
	return Publisher(u) || a.State == Published || (u != nil && a.AuthorID == u.ID)
}

// Get returns an article u may see.
func (s *Store) Get(ctx context.Context, u *auth.User, id int64) (*Article, error) {
	a, err := get(ctx, s.db.Read(), id)
	if err != nil {
		return nil, err
	}
	if !CanSee(u, a) {
		return nil, ErrNotFound
	}
	return a, nil
}

// Published returns a published article, for the public pages.
func (s *Store) Published(ctx context.Context, id int64) (*Article, error) {
	a, err := get(ctx, s.db.Read(), id)
	if err != nil {
		return nil, err
	}
	if a.State != Published {
		return nil, ErrNotFound
	}
	return a, nil
}

// Filter narrows a list of articles; zero fields do not filter.
type Filter struct {
	State State
	Query string // words of the title, summary, author or link, accents optional
}

// List returns a page of the articles u sees in the staff pages (see CanSee), the
// ones waiting for approval first, then the latest changed, with the total.
func (s *Store) List(ctx context.Context, u *auth.User, f Filter, limit, offset int) ([]Article, int, error) {
	var conds []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if !Publisher(u) {
		conds = append(conds, "(a.author_id = "+arg(u.ID)+" OR a.state = 'published')")
	}
	return s.list(ctx, f, conds, args, "CASE WHEN a.state = 'submitted' THEN 0 ELSE 1 END, a.updated_at DESC, a.id DESC", limit, offset)
}

// PublishedList returns a page of the published articles, latest first, with the total.
func (s *Store) PublishedList(ctx context.Context, query string, limit, offset int) ([]Article, int, error) {
	return s.list(ctx, Filter{State: Published, Query: query}, nil, nil, "a.published_at DESC, a.id DESC", limit, offset)
}

// Latest returns the n articles published last, for the front page and the feed.
func (s *Store) Latest(ctx context.Context, n int) ([]Article, error) {
	list, _, err := s.PublishedList(ctx, "", n, 0)
	return list, err
}

func (s *Store) list(ctx context.Context, f Filter, conds []string, args []any, order string, limit, offset int) ([]Article, int, error) {
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.State != "" {
		conds = append(conds, "a.state = "+arg(string(f.State)))
	}
	for _, w := range strings.Fields(textnorm.Fold(f.Query)) {
		conds = append(conds, "a.search LIKE "+arg(textnorm.LikePattern(w))+` ESCAPE '\'`)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var total int
	if err := s.db.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM articles a"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("outreach: count: %w", err)
	}
	rows, err := s.db.Read().QueryContext(ctx, "SELECT "+columns+" FROM articles a"+where+" ORDER BY "+order+
		" LIMIT "+arg(limit)+" OFFSET "+arg(offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("outreach: list: %w", err)
	}
	defer rows.Close()
	var out []Article
	for rows.Next() {
		a, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *a)
	}
	return out, total, rows.Err()
}
