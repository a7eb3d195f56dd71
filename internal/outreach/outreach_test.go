package outreach

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/validate"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var ctx = context.Background()

func clock() time.Time { return time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC) }

type fixture struct {
	s                   *Store
	d                   *db.DB
	office, leader      *auth.User
	author, otherAuthor *auth.User
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	for _, code := range []string{"QLXD", "TTDK"} {
		if _, err := d.Write().Exec(`INSERT INTO units (code, name, kind, search, created_at, updated_at) VALUES ($1, $2, 'division', $1, $3, $3)`,
			code, "Phòng "+code, clock()); err != nil {
			t.Fatal(err)
		}
	}
	as := auth.NewStore(d, clock)
	mk := func(name string, role auth.Role, unit string) *auth.User {
		u, err := as.CreateUser(ctx, auth.NewUser{Username: name, FullName: "Người " + name, Role: role, UnitCode: unit, Password: "mat-khau-dai-du"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	return &fixture{s: NewStore(d, clock, nil), d: d, office: mk("vanphong", auth.RoleOffice, ""), leader: mk("lanhdao", auth.RoleLeader, ""),
		author: mk("qlxd", auth.RoleUnitStaff, "QLXD"), otherAuthor: mk("ttdk", auth.RoleUnitStaff, "TTDK")}
}

func fieldErr(t *testing.T, err error, field, want string) {
	t.Helper()
	var fe validate.Errors
	if !errors.As(err, &fe) || !strings.Contains(fe[field], want) {
		t.Fatalf("%s: want a message with %q, got %v", field, want, err)
	}
}

// pngImage is a real w×h PNG.
func pngImage(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, 0, color.RGBA{139, 29, 29, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A unit's draft goes to approval, is returned with a reason, approved by the
// leadership, taken down by the office; an article without a title or body is never
// submitted or published, and nothing changes when a step is refused.
func TestWorkflow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		_, err := f.s.Create(ctx, f.author, Input{Title: "  ", Body: ""})
		fieldErr(t, err, "title", "nhập tiêu đề hoặc nội dung")
		a, err := f.s.Create(ctx, f.author, Input{Title: "Một cửa không chờ"})
		if err != nil {
			t.Fatal(err)
		}
		err = f.s.Step(ctx, f.author, a.ID, StepSubmit, "")
		fieldErr(t, err, "body", "chưa có nội dung nên chưa thể đăng")
		fieldErr(t, err, "byline", "Tác giả")
		blank, _ := f.s.Create(ctx, f.office, Input{Body: "Chỉ có nội dung."})
		err = f.s.Step(ctx, f.office, blank.ID, StepPublish, "")
		fieldErr(t, err, "title", "chưa có tiêu đề nên chưa thể đăng")
		if got, _ := f.s.Get(ctx, f.office, blank.ID); got.State != Draft || !got.PublishedAt.IsZero() {
			t.Fatalf("a refused publication changed the article: %+v", got)
		}
		if _, err := f.s.Get(ctx, f.otherAuthor, a.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("another unit reads a draft: %v", err)
		}
		body := "Bộ phận một cửa trả kết quả trước hạn.\n\nNgười dân không phải chờ."
		if _, err := f.s.Update(ctx, f.author, a.ID, Input{Title: a.Title, Body: body, Byline: "Phòng Quản lý xây dựng", LinkKind: "unit", LinkRef: "qlxd"}); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Step(ctx, f.author, a.ID, StepSubmit, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Update(ctx, f.author, a.ID, Input{Title: "Đổi", Body: body}); err == nil || !strings.Contains(err.Error(), "Chờ duyệt") {
			t.Errorf("the author edited a submitted article: %v", err)
		}
		if err := f.s.Step(ctx, f.author, a.ID, StepPublish, ""); !errors.Is(err, ErrForbidden) {
			t.Errorf("the author published: %v", err)
		}
		fieldErr(t, f.s.Step(ctx, f.office, a.ID, StepReturn, ""), "note", "Lý do trả lại")
		if err := f.s.Step(ctx, f.office, a.ID, StepReturn, "Bổ sung số liệu."); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.s.Get(ctx, f.author, a.ID); got.State != Draft || got.ReviewNote != "Bổ sung số liệu." {
			t.Fatalf("returned: %+v", got)
		}
		f.s.Step(ctx, f.author, a.ID, StepSubmit, "")
		if err := f.s.Step(ctx, f.leader, a.ID, StepPublish, ""); err != nil {
			t.Fatal(err)
		}
		pub, err := f.s.Published(ctx, a.ID)
		if err != nil || pub.PublishedBy != "Người lanhdao" || pub.LinkName != "Phòng QLXD" || len(pub.Paragraphs()) != 2 || pub.ReviewNote != "" {
			t.Fatalf("published: %v %+v", err, pub)
		}
		if list, total, _ := f.s.PublishedList(ctx, "mot cua", 10, 0); total != 1 || list[0].ID != a.ID {
			t.Errorf("search without accents: %d", total)
		}
		if _, err := f.s.Update(ctx, f.office, a.ID, Input{Title: "", Body: body, Byline: "x"}); err == nil {
			t.Error("a published article lost its title")
		}
		if err := f.s.Step(ctx, f.author, a.ID, StepUnpublish, ""); !errors.Is(err, ErrForbidden) {
			t.Errorf("the author took it down: %v", err)
		}
		if err := f.s.Step(ctx, f.office, a.ID, StepUnpublish, "Số liệu cần cập nhật"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Published(ctx, a.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("a taken-down article is public: %v", err)
		}
	})
}

// Covers are checked by content and size; links must name something that exists.
func TestCoverAndLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		in := Input{Title: "Bến xe khách phía Nam", Body: "Nội dung.", Byline: "Văn phòng Sở"}
		for _, c := range []struct {
			up   Upload
			want string
		}{
			{Upload{"anh-bia.jpg", []byte("<html><script>alert(1)</script></html>")}, "không phải ảnh PNG hay JPEG"},
			{Upload{"anh-bia.jpg", pngImage(t, 40, 20)}, "có nội dung là ảnh PNG nhưng tên có đuôi “.jpg”"},
			{Upload{"anh-bia.png", append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)}, "không đọc được như ảnh PNG"},
			{Upload{"anh-bia.png", append(pngImage(t, 4, 4), make([]byte, MaxCoverSize)...)}, "nặng 2,1 MB, vượt giới hạn 2,0 MB"},
		} {
			in.Cover = &c.up
			_, err := f.s.Create(ctx, f.office, in)
			fieldErr(t, err, "cover", c.want)
		}
		var n int
		d.Read().QueryRow("SELECT COUNT(*) FROM articles").Scan(&n)
		if n != 0 {
			t.Fatalf("%d articles saved with a bad cover", n)
		}
		in.Cover = &Upload{"anh-bia.png", pngImage(t, 40, 20)}
		in.LinkKind, in.LinkRef = "enterprise", "4900100001"
		_, err := f.s.Create(ctx, f.office, in)
		fieldErr(t, err, "link_ref", "không có doanh nghiệp mã số thuế “4900100001”")
		in.LinkKind, in.LinkRef = "initiative", "abc"
		_, err = f.s.Create(ctx, f.office, in)
		fieldErr(t, err, "link_ref", "không phải số của sáng kiến")
		in.LinkKind = ""
		a, err := f.s.Create(ctx, f.office, in)
		if err != nil || !a.HasCover {
			t.Fatalf("create with a cover: %v", err)
		}
		if _, err := f.s.CoverOf(ctx, a.ID, true, nil); !errors.Is(err, ErrNotFound) {
			t.Errorf("the cover of a draft is public: %v", err)
		}
		c, err := f.s.CoverOf(ctx, a.ID, false, func(a *Article) bool { return CanSee(f.office, a) })
		if err != nil || c.ContentType != "image/png" || c.Width != 40 || c.Height != 20 {
			t.Fatalf("cover: %v %+v", err, c)
		}
		if _, err := f.s.Update(ctx, f.office, a.ID, Input{Title: in.Title, Body: in.Body, Byline: in.Byline, RemoveCover: true}); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.s.Get(ctx, f.office, a.ID); got.HasCover {
			t.Error("the cover was not removed")
		}
	})
}

// The feed is Atom that parses, with the text escaped and the paragraphs as HTML.
func TestFeed(t *testing.T) {
	a := Article{ID: 7, Title: "Gạch không nung <b>&</b> công trình xanh", Body: "Đoạn một.\n\nĐoạn <hai>.", Byline: "Phòng QLXD",
		PublishedAt: clock(), UpdatedAt: clock().Add(time.Hour), HasCover: true}
	out, err := Feed(FeedInfo{Title: "Tuyên truyền", Author: "Sở Xây dựng", BaseURL: "https://thidua.example/", Now: clock()}, []Article{a})
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Updated string   `xml:"updated"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Content struct {
				Type string `xml:"type,attr"`
				Body string `xml:",chardata"`
			} `xml:"content"`
			Links []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(out, &feed); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	e := feed.Entries[0]
	if feed.Updated != "2026-11-20T04:00:00Z" || e.ID != "https://thidua.example/articles/7" || e.Title != a.Title ||
		e.Content.Type != "html" || e.Content.Body != "<p>Đoạn một.</p><p>Đoạn &lt;hai&gt;.</p>" || e.Links[1].Href != "https://thidua.example/articles/7/cover" {
		t.Errorf("feed: %+v\n%s", feed, out)
	}
}
