package outreach

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // registers JPEG for image.DecodeConfig
	_ "image/png"  // registers PNG for image.DecodeConfig
	"math"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/validate"
)

// MaxCoverSize is the largest cover image, in bytes.
const MaxCoverSize = 2 << 20

// MaxCoverSide is the largest width or height of a cover, in pixels: a larger
// picture is no better on a page and costs memory to decode.
const MaxCoverSide = 6000

// Upload is a file as it arrives: the name its sender gave it and its bytes.
type Upload struct {
	Name string
	Data []byte
}

// Cover is a checked cover image.
type Cover struct {
	ContentType   string
	Width, Height int
	Data          []byte
	UpdatedAt     time.Time
}

// coverTypes are the images a cover may be, by content, with the name endings that
// may carry them.
var coverTypes = []struct {
	contentType, format string
	exts                []string
	label               string
}{
	{"image/png", "png", []string{".png"}, "ảnh PNG"},
	{"image/jpeg", "jpeg", []string{".jpg", ".jpeg"}, "ảnh JPEG"},
}

// checkCover reads an uploaded cover: its size, its type by content (not by name),
// a name ending that matches it, and a header that decodes with sane dimensions.
func checkCover(u Upload) (*Cover, error) {
	bad := func(format string, args ...any) error {
		return validate.Errors{"cover": "Ảnh bìa: " + fmt.Sprintf(format, args...)}
	}
	name := path.Base(strings.ReplaceAll(strings.TrimSpace(u.Name), `\`, "/"))
	switch {
	case len(u.Data) == 0:
		return nil, bad("tệp “%s” rỗng", name)
	case len(u.Data) > MaxCoverSize:
		return nil, bad("tệp “%s” nặng %s, vượt giới hạn %s", name, megabytes(len(u.Data)), megabytes(MaxCoverSize))
	}
	ct, _, _ := strings.Cut(http.DetectContentType(u.Data), ";")
	ext := strings.ToLower(path.Ext(name))
	for _, t := range coverTypes {
		if t.contentType != ct {
			continue
		}
		ok := false
		for _, e := range t.exts {
			ok = ok || e == ext
		}
		if !ok {
			return nil, bad("tệp “%s” có nội dung là %s nhưng tên có đuôi “%s”: đặt lại tên cho đúng loại ảnh rồi gửi lại", name, t.label, ext)
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(u.Data))
		if err != nil || format != t.format {
			return nil, bad("tệp “%s” không đọc được như %s: ảnh bị hỏng hoặc không phải ảnh thật", name, t.label)
		}
		if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > MaxCoverSide || cfg.Height > MaxCoverSide {
			return nil, bad("ảnh “%s” có kích thước %d×%d điểm ảnh, tối đa %d×%d", name, cfg.Width, cfg.Height, MaxCoverSide, MaxCoverSide)
		}
		return &Cover{ContentType: ct, Width: cfg.Width, Height: cfg.Height, Data: u.Data}, nil
	}
	return nil, bad("tệp “%s” không phải ảnh PNG hay JPEG: hệ thống kiểm tra nội dung tệp, không chỉ đuôi tên", name)
}

// megabytes writes a size as people read it, rounded up to a tenth so that a file
// just over the limit does not read as the limit itself: "2,1 MB".
func megabytes(n int) string {
	mb := math.Ceil(float64(n)*10/(1<<20)) / 10
	return strings.Replace(strconv.FormatFloat(mb, 'f', 1, 64), ".", ",", 1) + " MB"
}

func itoa(n int) string { return strconv.Itoa(n) }

// writeCover stores, replaces or removes an article's cover.
func writeCover(ctx context.Context, tx *sql.Tx, id int64, c *Cover, remove bool, at time.Time) error {
	if remove || c != nil {
		if _, err := tx.ExecContext(ctx, "DELETE FROM article_covers WHERE article_id = $1", id); err != nil {
			return fmt.Errorf("outreach: cover: %w", err)
		}
	}
	if c == nil {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO article_covers (article_id, content_type, width, height, size, content, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, c.ContentType, c.Width, c.Height, len(c.Data), c.Data, at)
	if err != nil {
		return fmt.Errorf("outreach: cover: %w", err)
	}
	return nil
}

// CoverOf returns the cover of an article: of a published one for anyone (public),
// of any other only to those who may see it (see Get).
func (s *Store) CoverOf(ctx context.Context, id int64, public bool, canSee func(*Article) bool) (*Cover, error) {
	a, err := get(ctx, s.db.Read(), id)
	if err != nil {
		return nil, err
	}
	if (public && a.State != Published) || (!public && !canSee(a)) {
		return nil, ErrNotFound
	}
	var c Cover
	err = s.db.Read().QueryRowContext(ctx, "SELECT content_type, width, height, content, updated_at FROM article_covers WHERE article_id = $1", id).
		Scan(&c.ContentType, &c.Width, &c.Height, &c.Data, &c.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("outreach: cover of %d: %w", id, err)
	}
	return &c, nil
}
