package petition

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/textnorm"
)

// PublicAnswer is a published answer as anyone may read it: the question and the
// answer with personal data masked, and nothing about who sent it.
type PublicAnswer struct {
	ID          int64         `json:"id"`
	Kind        Kind          `json:"kind"`
	Subject     string        `json:"subject"`
	Question    string        `json:"question"`
	Answer      string        `json:"answer"`
	Field       string        `json:"field,omitempty"`
	UnitName    string        `json:"unit_name"`
	ReceivedOn  calendar.Date `json:"received_on"`
	PublishedOn calendar.Date `json:"published_on"`
}

// PublicPage is one page of published answers.
type PublicPage struct {
	Items  []PublicAnswer `json:"items"`
	Total  int            `json:"total"`
	Limit  int            `json:"limit"`
	Offset int            `json:"offset"`
}

const selectPublic = `SELECT p.id, p.kind, p.subject, p.content, p.published_answer, p.field, COALESCE(u.name, ''),
	p.received_on, p.published_on FROM petitions p LEFT JOIN units u ON u.id = p.unit_id`

// SearchPublished finds the published answers whose question or answer holds every
// word of query, with or without diacritics ("cap phep" finds "cấp phép"), newest
// first. Only answers whose sender consented are public; personal data was masked
// when they were published, so searching for a phone number finds nothing.
func (s *Store) SearchPublished(ctx context.Context, query string, pg Paging) (PublicPage, error) {
	pg = pg.norm()
	out := PublicPage{Limit: pg.Limit, Offset: pg.Offset}
	cond, args := "p.is_public = $1", []any{true}
	for _, w := range strings.Fields(textnorm.Fold(query)) {
		args = append(args, textnorm.LikePattern(w))
		cond += fmt.Sprintf(` AND p.public_search LIKE $%d ESCAPE '\'`, len(args))
	}
	q := s.d.Read()
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM petitions p WHERE "+cond, args...).Scan(&out.Total); err != nil {
		return out, fmt.Errorf("petition: search published: %w", err)
	}
	n := len(args)
	rows, err := q.QueryContext(ctx, fmt.Sprintf("%s WHERE %s ORDER BY p.published_on DESC, p.id DESC LIMIT $%d OFFSET $%d",
		selectPublic, cond, n+1, n+2), append(slices.Clip(args), pg.Limit, pg.Offset)...)
	if err != nil {
		return out, fmt.Errorf("petition: search published: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanPublic(rows)
		if err != nil {
			return out, err
		}
		out.Items = append(out.Items, a)
	}
	return out, rows.Err()
}

// GetPublished returns one public answer, or an error wrapping db.ErrNotFound when
// there is no public answer with that id.
func (s *Store) GetPublished(ctx context.Context, id int64) (PublicAnswer, error) {
	a, err := scanPublic(s.d.Read().QueryRowContext(ctx, selectPublic+" WHERE p.id = $1 AND p.is_public = $2", id, true))
	if errors.Is(err, sql.ErrNoRows) {
		return PublicAnswer{}, notFoundError{"Không có trả lời công khai số " + strconv.FormatInt(id, 10)}
	}
	return a, err
}

func scanPublic(row scanner) (PublicAnswer, error) {
	var a PublicAnswer
	var received, published string
	if err := row.Scan(&a.ID, &a.Kind, &a.Subject, &a.Question, &a.Answer, &a.Field, &a.UnitName, &received, &published); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return a, err
		}
		return a, fmt.Errorf("petition: public answer: %w", err)
	}
	a.Subject, a.Question = MaskPersonal(a.Subject), MaskPersonal(a.Question)
	var err error
	if a.ReceivedOn, err = calendar.ParseDate(received); err != nil {
		return a, fmt.Errorf("petition %d: %w", a.ID, err)
	}
	if a.PublishedOn, err = calendar.ParseDate(published); err != nil {
		return a, fmt.Errorf("petition %d: %w", a.ID, err)
	}
	return a, nil
}
