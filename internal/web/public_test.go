package web_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/xuri/excelize/v2"
)

// personal is what the demo's senders of petitions wrote about themselves: none of
// it may appear anywhere public.
var personal = []string{"0912 456 789", "0912456789", "0978 112 334", "0204 3871 222", "tuan.nv@gmail.com", "sonlv.ls@gmail.com",
	"hoavt@yahoo.com", "Nguyễn Văn Tuấn", "Hoàng Thị Mai", "Lương Văn Sơn", "Vi Thị Hoa", "Chu Thị Hằng"}

// fetch GETs a path without an account and returns the status, headers and body.
func fetch(t *testing.T, base, path string, header ...string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

func noPersonalData(t *testing.T, what string, body []byte) {
	t.Helper()
	for _, p := range personal {
		if bytes.Contains(body, []byte(p)) {
			t.Errorf("%s shows personal data %q", what, p)
		}
	}
}

// A visitor without an account opens every public page from the visitors'
// navigation, sees the figures, and no sender's name, phone or e-mail anywhere.
func TestPublicPortalPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := demoSite(t, d)
		pages := map[string][]string{
			"/":                  {"Thủ tục hành chính", "Dữ liệu mở", "Đăng nhập"},
			"/public/procedures": {"Toàn trình", "Lý do chưa toàn trình", "Lĩnh vực", "thu-tuc-hanh-chinh.xlsx"},
			"/public/statistics": {"Theo phòng, đơn vị", "Toàn Sở", "Tỷ lệ đúng hạn theo tháng", "<svg", "Quyết định 766", "Tiến độ giải quyết hồ sơ",
				"tính một phần", "Thanh toán trực tuyến", `id="def-on-time"`, `value="2026-01-01"`, `value="2026-11-26"`},
			"/public/dialogues": {"Hội nghị đối thoại với doanh nghiệp vận tải, logistics năm 2026", "Số doanh nghiệp tham dự"},
			"/answers":          {"Trả lời phản ánh, kiến nghị", "/answers/feed.xml", "tra-loi-phan-anh.csv"},
			"/open-data":        {"/api/v1/public/procedures", "ho-so-theo-don-vi.xlsx"},
		}
		for path, wants := range pages {
			code, _, body := fetch(t, ts.URL, path)
			if code != http.StatusOK {
				t.Fatalf("%s without login: %d", path, code)
			}
			page := string(body)
			if !strings.Contains(page, `<nav class="public"`) {
				t.Errorf("%s has no visitors' navigation", path)
			}
			for _, w := range wants {
				if !strings.Contains(page, w) {
					t.Errorf("%s lacks %q", path, w)
				}
			}
			noPersonalData(t, path, body)
		}
		// Every link a visitor is offered opens without an account.
		seen := map[string]bool{}
		for path := range pages {
			_, _, body := fetch(t, ts.URL, path)
			for _, m := range hrefs.FindAllStringSubmatch(string(body), -1) {
				link := strings.ReplaceAll(m[1], "&amp;", "&")
				if seen[link] {
					continue
				}
				seen[link] = true
				if code, h, _ := fetch(t, ts.URL, link); code != http.StatusOK {
					t.Errorf("%s links to %s, which a visitor cannot open: %d %s", path, link, code, h.Get("Location"))
				}
			}
		}
		// The catalogue filters by field and searches without diacritics.
		_, _, body := fetch(t, ts.URL, "/public/procedures?q=giay+phep+xay+dung")
		if !strings.Contains(string(body), "giấy phép xây dựng") {
			t.Error("searching the public catalogue without diacritics finds nothing")
		}
		if code, _, _ := fetch(t, ts.URL, "/public/procedures?level=cao"); code != http.StatusBadRequest {
			t.Errorf("an unknown level: %d", code)
		}
		// Staff pages stay closed.
		if code, _, _ := fetch(t, ts.URL, "/procedures"); code != http.StatusSeeOther {
			t.Errorf("the staff catalogue without login: %d", code)
		}
	})
}

// With no dossiers and no petitions, the 766 panel says there is no data rather
// than a zero, and gives the petition scores their full 6.
func TestIndex766NoData(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		_, _, body := fetch(t, s.URL, "/public/statistics")
		page := string(body)
		if !strings.Contains(page, "Tiến độ giải quyết hồ sơ</td><td class=\"num score\">không có dữ liệu") || !strings.Contains(page, "6/6") {
			t.Errorf("the empty 766 panel: %s", page[strings.Index(page, "index766-title"):][:1500])
		}
		_, _, body = fetch(t, s.URL, "/api/v1/public/index-766")
		var idx struct {
			Groups []struct {
				Code     string   `json:"code"`
				Score    *float64 `json:"score"`
				Computed bool     `json:"computed"`
			} `json:"groups"`
		}
		if err := json.Unmarshal(body, &idx); err != nil || len(idx.Groups) != 7 {
			t.Fatalf("index-766: %v %s", err, body)
		}
		for _, g := range idx.Groups {
			full := g.Code == "petition_on_time" || g.Code == "petition_satisfaction"
			if full != (g.Score != nil) || (full && *g.Score != 6) {
				t.Errorf("group %s: score %v", g.Code, g.Score)
			}
		}
	})
}

// Every public table downloads as .xlsx with the rows the API counts and as .csv
// with the byte-order mark and Vietnamese text, cacheable, and nobody's personal data.
func TestOpenDataDownloads(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := demoSite(t, d)
		for _, name := range []string{"thu-tuc-hanh-chinh", "ho-so-theo-don-vi", "ho-so-dung-han-theo-thang", "chi-so-766",
			"phan-anh-theo-don-vi", "tra-loi-phan-anh", "doi-thoai", "chi-tieu"} {
			code, h, body := fetch(t, ts.URL, "/open-data/"+name+".csv")
			if code != http.StatusOK || !bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
				t.Fatalf("%s.csv: %d %s %q", name, code, h.Get("Content-Type"), body[:min(len(body), 20)])
			}
			if !strings.Contains(h.Get("Cache-Control"), "public") || !strings.Contains(h.Get("Cache-Control"), "max-age=") || h.Get("ETag") == "" {
				t.Errorf("%s.csv cache headers: %q %q", name, h.Get("Cache-Control"), h.Get("ETag"))
			}
			if code, _, _ := fetch(t, ts.URL, "/open-data/"+name+".csv", "If-None-Match", h.Get("ETag")); code != http.StatusNotModified {
				t.Errorf("%s.csv with its ETag: %d, want 304", name, code)
			}
			noPersonalData(t, name+".csv", body)
			code, _, body = fetch(t, ts.URL, "/open-data/"+name+".xlsx")
			if code != http.StatusOK {
				t.Fatalf("%s.xlsx: %d", name, code)
			}
			noPersonalData(t, name+".xlsx", body)
		}
		_, _, body := fetch(t, ts.URL, "/open-data/ho-so-theo-don-vi.csv?from=2026-03-01&to=2026-03-31")
		if !strings.Contains(string(body), "Toàn Sở") || !strings.Contains(string(body), "Tỷ lệ đúng hạn (%)") || !strings.Contains(string(body), "2026-03-31") {
			t.Errorf("the per-unit CSV for March: %s", body)
		}
		// The catalogue's workbook has one row per procedure the API counts, with its reason.
		_, _, body = fetch(t, ts.URL, "/open-data/thu-tuc-hanh-chinh.xlsx?level=partial")
		f, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("the catalogue's .xlsx does not open: %v", err)
		}
		rows, _ := f.GetRows(f.GetSheetName(0))
		var api struct{ Total int }
		_, _, js := fetch(t, ts.URL, "/api/v1/public/procedures?level=partial")
		json.Unmarshal(js, &api)
		if api.Total == 0 || len(rows) != api.Total+1 || rows[0][0] != "Mã thủ tục" || rows[0][10] != "Lý do chưa toàn trình" {
			t.Fatalf("catalogue workbook: %d rows for %d procedures, header %v", len(rows), api.Total, rows[0])
		}
		for _, r := range rows[1:] {
			if r[8] != "Một phần" {
				t.Errorf("a procedure of level %q in the partial list", r[8])
			}
		}
		if code, _, _ := fetch(t, ts.URL, "/open-data/khong-co.csv"); code != http.StatusNotFound {
			t.Errorf("an unknown table: %d", code)
		}
		if code, _, _ := fetch(t, ts.URL, "/open-data/doi-thoai.pdf"); code != http.StatusNotFound {
			t.Errorf("an unknown format: %d", code)
		}
	})
}

// The feed of published answers is Atom that parses, newest first, with links to
// the answers' pages, and no sender's data.
func TestAnswersAtomFeed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := demoSite(t, d)
		code, h, body := fetch(t, ts.URL, "/answers/feed.xml")
		if code != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "application/atom+xml") || h.Get("ETag") == "" {
			t.Fatalf("feed: %d %s", code, h.Get("Content-Type"))
		}
		var feed struct {
			XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
			Title   string   `xml:"title"`
			Entries []struct {
				ID      string `xml:"id"`
				Title   string `xml:"title"`
				Updated string `xml:"updated"`
				Link    struct {
					Href string `xml:"href,attr"`
				} `xml:"link"`
				Content string `xml:"content"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(body, &feed); err != nil {
			t.Fatalf("the feed does not parse: %v", err)
		}
		if len(feed.Entries) == 0 || !strings.Contains(feed.Title, "Trả lời phản ánh") {
			t.Fatalf("feed %q with %d entries", feed.Title, len(feed.Entries))
		}
		for i, e := range feed.Entries {
			if i > 0 && e.Updated > feed.Entries[i-1].Updated {
				t.Errorf("entry %d is newer than the one before it", i)
			}
			if !strings.Contains(e.Link.Href, "/answers/") || e.Content == "" {
				t.Errorf("entry %q: link %q", e.Title, e.Link.Href)
			}
		}
		if code, _, page := fetch(t, ts.URL, feed.Entries[0].Link.Href[strings.Index(feed.Entries[0].Link.Href, "/answers/"):]); code != 200 ||
			!strings.Contains(string(page), feed.Entries[0].Title) {
			t.Errorf("the first entry's page: %d", code)
		}
		noPersonalData(t, "the feed", body)
	})
}
