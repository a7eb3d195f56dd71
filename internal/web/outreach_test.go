package web_test

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

func testPNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 64, 32))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A unit writes an article with a cover (a disguised or oversized image is refused
// beside its field, the text kept), submits it, the office publishes it; anyone
// without an account reads it on the front page, the list, its page and the Atom
// feed; once taken down it is gone from all of them.
func TestOutreachFromDraftToPublicPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		author, office, anon := s.login(t, "ttdk"), s.login(t, "vanphong"), s.client(t)
		fields := url.Values{"title": {"Trung tâm Đăng kiểm: đặt lịch trực tuyến, không còn xếp hàng"},
			"summary": {"Từ tháng 3/2026, 100% xe đến kiểm định được đặt lịch trước qua mạng."},
			"body":    {"Trước đây chủ xe phải xếp hàng từ sáng sớm.\n\nNay mỗi ngày Trung tâm tiếp nhận theo khung giờ đã đặt; thời gian chờ bình quân còn 20 phút <b>&</b> không phát sinh chi phí."},
			"byline":  {"Trung tâm Đăng kiểm"}, "link_kind": {"unit"}, "link_ref": {"TTDK"}}

		code, body := postFile(t, author, s.URL+"/outreach", "cover", "anh-bia.jpg", []byte("MZ\x90\x00 this is a program"), fields)
		if code != http.StatusBadRequest || !strings.Contains(body, "Ảnh bìa: tệp “anh-bia.jpg” không phải ảnh PNG hay JPEG") ||
			!strings.Contains(body, `value="Trung tâm Đăng kiểm: đặt lịch trực tuyến, không còn xếp hàng"`) || !strings.Contains(body, "thời gian chờ bình quân") {
			t.Fatalf("a disguised cover: %d", code)
		}
		big := append(testPNG(t), make([]byte, 3<<20)...)
		if code, body := postFile(t, author, s.URL+"/outreach", "cover", "anh-bia.png", big, fields); code != http.StatusBadRequest ||
			!strings.Contains(body, "vượt giới hạn 2,0 MB") {
			t.Fatalf("an oversized cover: %d", code)
		}
		var n int
		d.Read().QueryRow("SELECT COUNT(*) FROM articles").Scan(&n)
		if n != 0 {
			t.Fatalf("%d articles saved from refused forms", n)
		}
		resp, _ := http.Get(s.URL + "/outreach")
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasSuffix(resp.Request.URL.Path, "/login") {
			t.Errorf("the staff list without an account: %d %s", resp.StatusCode, resp.Request.URL)
		}
		code, _ = postFile(t, author, s.URL+"/outreach", "cover", "anh-bia.png", testPNG(t), fields)
		if code != http.StatusSeeOther {
			t.Fatalf("save: %d", code)
		}
		var id string
		d.Read().QueryRow("SELECT CAST(id AS TEXT) FROM articles").Scan(&id)
		page := "/outreach/" + id
		if code, _, _ := postTo(t, author, s.URL+page+"/submit", nil); code != http.StatusSeeOther {
			t.Fatalf("submit: %d", code)
		}
		if code, _ := get(t, anon, s.URL+"/articles/"+id); code != http.StatusNotFound {
			t.Errorf("an article waiting for approval is public: %d", code)
		}

		// The office's own draft without a body is not published.
		code, _, empty := postTo(t, office, s.URL+"/outreach", url.Values{"title": {"Bài chưa viết"}, "byline": {"Văn phòng Sở"}})
		if code != http.StatusSeeOther {
			t.Fatalf("an empty draft: %d", code)
		}
		if code, body, _ := postTo(t, office, s.URL+empty+"/publish", nil); code != http.StatusBadRequest || !strings.Contains(body, "Nội dung: bài viết chưa có nội dung nên chưa thể đăng") {
			t.Errorf("published without a body: %d", code)
		}
		if _, body := get(t, office, s.URL+"/outreach"); !strings.Contains(body, "Chờ duyệt") {
			t.Error("the office does not see the article waiting for approval")
		}
		if code, _, _ := postTo(t, office, s.URL+page+"/publish", nil); code != http.StatusSeeOther {
			t.Fatalf("publish: %d", code)
		}

		// Public, no account.
		title := "Trung tâm Đăng kiểm: đặt lịch trực tuyến, không còn xếp hàng"
		for _, p := range []string{"/", "/articles", "/articles?q=dang+kiem", "/articles/" + id} {
			if code, body := get(t, anon, s.URL+p); code != 200 || !strings.Contains(body, title) {
				t.Errorf("%s without an account: %d", p, code)
			}
		}
		_, body = get(t, anon, s.URL+"/articles/"+id)
		if !strings.Contains(body, "<p class=\"prewrap\">Trước đây chủ xe phải xếp hàng từ sáng sớm.</p>") || !strings.Contains(body, "20 phút &lt;b&gt;&amp;&lt;/b&gt;") ||
			!strings.Contains(body, "Phòng, đơn vị: Trung tâm Đăng kiểm") || !strings.Contains(body, `src="/articles/`+id+`/cover"`) {
			t.Error("the article's page")
		}
		resp, err := anon.Get(s.URL + "/articles/" + id + "/cover")
		if err != nil {
			t.Fatal(err)
		}
		img, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || !strings.Contains(resp.Header.Get("Cache-Control"), "public") || !bytes.Equal(img, testPNG(t)) {
			t.Errorf("cover: %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
		}

		// The feed.
		resp, err = anon.Get(s.URL + "/articles/feed.xml")
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" ||
			resp.Header.Get("Cache-Control") != "public, max-age=600" || resp.Header.Get("Last-Modified") == "" {
			t.Fatalf("feed: %d %v", resp.StatusCode, resp.Header)
		}
		var feed struct {
			XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
			Title   string   `xml:"title"`
			Entries []struct {
				ID      string `xml:"id"`
				Title   string `xml:"title"`
				Content string `xml:"content"`
				Link    []struct {
					Href string `xml:"href,attr"`
				} `xml:"link"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(raw, &feed); err != nil {
			t.Fatalf("the feed is not Atom: %v", err)
		}
		if len(feed.Entries) != 1 || feed.Entries[0].Title != title || !strings.HasSuffix(feed.Entries[0].Link[0].Href, "/articles/"+id) ||
			!strings.Contains(feed.Entries[0].Content, "<p>Trước đây chủ xe") || !strings.Contains(feed.Title, "Sở Xây dựng") {
			t.Errorf("feed entries: %+v", feed)
		}
		req, _ := http.NewRequest("GET", s.URL+"/articles/feed.xml", nil)
		req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
		if again, err := anon.Do(req); err != nil || again.StatusCode != http.StatusNotModified {
			t.Errorf("a feed reader polling again: %v %d", err, again.StatusCode)
		}

		// Taken down.
		if code, _, _ := postTo(t, author, s.URL+page+"/unpublish", nil); code != http.StatusForbidden {
			t.Errorf("the author took the article down: %d", code)
		}
		if code, _, _ := postTo(t, office, s.URL+page+"/unpublish", url.Values{"note": {"Cập nhật số liệu"}}); code != http.StatusSeeOther {
			t.Fatalf("unpublish: %d", code)
		}
		if code, _ := get(t, anon, s.URL+"/articles/"+id); code != http.StatusNotFound {
			t.Errorf("a taken-down article: %d", code)
		}
		if _, body := get(t, anon, s.URL+"/"); strings.Contains(body, title) {
			t.Error("the front page still shows a taken-down article")
		}
		if _, body := get(t, anon, s.URL+"/articles/feed.xml"); regexp.MustCompile(`<entry>`).MatchString(body) {
			t.Error("the feed still carries a taken-down article")
		}
	})
}
