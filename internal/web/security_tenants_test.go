package web_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/demo"
)

// probe is a request for a record that is not the user's: another unit's or another
// enterprise's, its ID found in the demo's data, as someone guessing IDs would.
type probe struct {
	what   string // what the record is, for the message
	method string
	path   string
	form   url.Values // a web form, valid as far as its own fields go
	json   string     // an API body
	file   bool       // the form carries a PDF as "file" and "attachments"
}

// foreign fills probes from a query giving the IDs of records the user must not
// reach; each %v of the path takes the query's columns in order.
func foreign(t *testing.T, d *db.DB, what, method, pathf, query string, args ...any) []probe {
	t.Helper()
	rows, err := d.Read().Query(query+" LIMIT 2", args...)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []probe
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		out = append(out, probe{what: what, method: method, path: fmt.Sprintf(pathf, vals...)})
	}
	if len(out) == 0 {
		t.Fatalf("the demo has no %s to probe with", what)
	}
	return out
}

func demoLogin(t *testing.T, s *site, user string) *http.Client {
	t.Helper()
	c := s.client(t)
	resp, err := c.PostForm(s.URL+"/login", url.Values{"username": {user}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: %d", user, resp.StatusCode)
	}
	return c
}

// send makes the probe's request and returns the status and body.
func send(t *testing.T, c *http.Client, base string, p probe) (int, string) {
	t.Helper()
	var req *http.Request
	switch {
	case p.method == "GET":
		req, _ = http.NewRequest(p.method, base+p.path, nil)
	case p.json != "":
		req, _ = http.NewRequest(p.method, base+p.path, strings.NewReader(p.json))
		req.Header.Set("Content-Type", "application/json")
	case p.file:
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, vs := range p.form {
			for _, v := range vs {
				mw.WriteField(k, v)
			}
		}
		for _, field := range []string{"file", "attachments"} {
			fw, _ := mw.CreateFormFile(field, "bien-ban.pdf")
			fw.Write([]byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"))
		}
		mw.Close()
		req, _ = http.NewRequest(p.method, base+p.path, &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
	default:
		req, _ = http.NewRequest(p.method, base+p.path, strings.NewReader(p.form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// seedForeignFiles adds what the demo lacks for the probes, by SQL as if made
// through thidua: files on other units' records, a corrective action of another
// unit, a notification of the office and the office's draft article.
func seedForeignFiles(t *testing.T, d *db.DB) {
	t.Helper()
	pdf := []byte("%PDF-1.4 bien ban")
	for _, q := range []string{
		`INSERT INTO petition_attachments (petition_id, name, content_type, size_bytes, content, uploaded_by_name, created_at)
			SELECT MIN(id), 'cong-van.pdf', 'application/pdf', 17, $1, 'Văn phòng Sở', $2 FROM petitions WHERE unit_id <> (SELECT id FROM units WHERE code = 'QLXD')`,
		`INSERT INTO petition_attachments (petition_id, name, content_type, size_bytes, content, uploaded_by_name, created_at)
			SELECT MIN(id), 'cong-van.pdf', 'application/pdf', 17, $1, 'Doanh nghiệp', $2 FROM petitions WHERE enterprise_id <> (SELECT enterprise_id FROM users WHERE username = 'doanhnghiep')`,
		`INSERT INTO award_files (assessment_id, name, content_type, size_bytes, content, created_at)
			SELECT MIN(id), 'minh-chung.pdf', 'application/pdf', 17, $1, $2 FROM award_assessments WHERE unit_id <> (SELECT id FROM units WHERE code = 'QLXD')`,
		`INSERT INTO award_files (assessment_id, name, content_type, size_bytes, content, created_at)
			SELECT MIN(id), 'minh-chung.pdf', 'application/pdf', 17, $1, $2 FROM award_assessments WHERE enterprise_id <> (SELECT enterprise_id FROM users WHERE username = 'doanhnghiep')`,
		`INSERT INTO report_attachments (submission_id, file_name, content_type, size, content, created_at)
			SELECT MIN(id), 'bao-cao.pdf', 'application/pdf', 17, $1, $2 FROM report_submissions WHERE unit_id <> (SELECT id FROM units WHERE code = 'QLXD')`,
		`INSERT INTO initiative_attachments (initiative_id, purpose, name, content_type, size_bytes, content, uploaded_by_name, created_at)
			SELECT MIN(id), 'document', 'thuyet-minh.pdf', 'application/pdf', 17, $1, 'Tác giả', $2 FROM initiatives
			WHERE state IN ('draft', 'returned', 'submitted') AND (unit_id IS NULL OR unit_id <> (SELECT id FROM units WHERE code = 'QLXD'))`,
	} {
		if _, err := d.Write().Exec(q, pdf, fixedNow); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, q := range []string{
		`INSERT INTO inspection_findings (inspection_id, seq, finding, action, unit_id, state, report, return_reason, created_at, updated_at)
			SELECT MIN(i.id), 99, 'Chậm cập nhật sổ theo dõi', 'Cập nhật sổ', MIN(u.id), 'open', '', '', $1, $1
			FROM inspections i, units u WHERE u.code <> 'QLXD' AND u.kind <> 'office'`,
		`INSERT INTO notifications (user_id, subject, body, link, created_at) SELECT id, 'Nhắc hạn', 'Nội dung riêng', '/dashboard', $1 FROM users WHERE username = 'vanphong'`,
		`INSERT INTO articles (title, summary, body, byline, author_id, link_kind, state, review_note, published_by, search, created_at, updated_at)
			SELECT 'Bản nháp của Văn phòng', 'Tóm tắt', 'Nội dung', 'Văn phòng Sở', id, '', 'draft', '', '', 'ban nhap', $1, $1 FROM users WHERE username = 'vanphong'`,
	} {
		if _, err := d.Write().Exec(q, fixedNow); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func auditCount(t *testing.T, d *db.DB) int {
	var n int
	d.Read().QueryRow("SELECT COUNT(*) FROM audit_log").Scan(&n)
	return n
}

// A unit's accounts guessing other units' record IDs, through the pages and the API,
// get 403 or 404 and change nothing.
func TestUnitCannotReachAnotherUnitsRecords(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := demoSite(t, d)
		s := &site{Server: ts, db: d}
		seedForeignFiles(t, d)
		var own int64
		d.Read().QueryRow("SELECT id FROM units WHERE code = 'QLXD'").Scan(&own)
		var probes []probe
		add := func(what, method, pathf, query string, with ...func(*probe)) {
			for _, p := range foreign(t, d, what, method, pathf, query, own) {
				for _, w := range with {
					w(&p)
				}
				probes = append(probes, p)
			}
		}
		staffForm := func(p *probe) {
			p.form = url.Values{"full_name": {"Tên đã đổi"}, "position": {"Chuyên viên"}, "gender": {"female"}, "unit": {fmt.Sprint(own)}, "email": {"doi@example.vn"}}
		}
		staffJSON := func(p *probe) {
			p.json = `{"unit_code":"QLXD","full_name":"Tên đã đổi","position":"Chuyên viên","gender":"female","email":"doi@example.vn"}`
		}
		withFile := func(p *probe) { p.file = true }
		add("another unit's petition", "GET", "/petitions/%v", "SELECT id FROM petitions WHERE unit_id <> $1 ORDER BY id")
		add("an unassigned petition", "GET", "/petitions/%v", "SELECT id FROM petitions WHERE unit_id IS NULL AND $1 > 0 ORDER BY id")
		add("another unit's petition (API)", "GET", "/api/v1/petitions/%v", "SELECT id FROM petitions WHERE unit_id <> $1 ORDER BY id")
		add("another unit's petition (Open311)", "GET", "/api/open311/v2/requests/%v.json", "SELECT id FROM petitions WHERE unit_id <> $1 ORDER BY id")
		add("another unit's petition file", "GET", "/petitions/files/%v", "SELECT a.id FROM petition_attachments a JOIN petitions p ON p.id = a.petition_id WHERE p.unit_id IS NULL OR p.unit_id <> $1 ORDER BY a.id")
		add("acting on another unit's petition", "POST", "/petitions/%v/act/process", "SELECT id FROM petitions WHERE unit_id <> $1 ORDER BY id")
		add("attaching to another unit's petition", "POST", "/petitions/%v/attachments", "SELECT id FROM petitions WHERE unit_id <> $1 ORDER BY id", withFile)
		add("another unit's staff", "POST", "/staff/%v", "SELECT id FROM staff WHERE unit_id <> $1 ORDER BY id", staffForm)
		add("another unit's staff (API)", "PUT", "/api/v1/staff/%v", "SELECT id FROM staff WHERE unit_id <> $1 ORDER BY id", staffJSON)
		add("deactivating another unit's staff", "POST", "/staff/%v/deactivate", "SELECT id FROM staff WHERE unit_id <> $1 ORDER BY id")
		add("another unit's self-assessment", "GET", "/awards/assessments/%v", "SELECT id FROM award_assessments WHERE unit_id <> $1 ORDER BY id")
		add("saving another unit's self-assessment", "POST", "/awards/assessments/%v/save", "SELECT id FROM award_assessments WHERE unit_id <> $1 ORDER BY id")
		add("an enterprise's self-assessment", "GET", "/awards/assessments/%v", "SELECT id FROM award_assessments WHERE enterprise_id IS NOT NULL AND $1 > 0 ORDER BY id")
		add("another unit's evidence file", "GET", "/awards/files/%v", "SELECT f.id FROM award_files f JOIN award_assessments a ON a.id = f.assessment_id WHERE a.unit_id IS NULL OR a.unit_id <> $1 ORDER BY f.id")
		add("another unit's inspection", "GET", "/inspections/%v", "SELECT id FROM inspections WHERE unit_id <> $1 ORDER BY id")
		add("another unit's corrective action", "GET", "/inspection-actions/%v", "SELECT id FROM inspection_findings WHERE unit_id <> $1 ORDER BY id")
		add("reporting on another unit's action", "POST", "/inspection-actions/%v/report", "SELECT id FROM inspection_findings WHERE unit_id <> $1 ORDER BY id")
		add("another unit's difficulty", "GET", "/difficulties/%v", "SELECT id FROM difficulties WHERE unit_id <> $1 ORDER BY id")
		add("another unit's report file", "GET", "/reports/%v/files/%v", "SELECT s.definition_id, a.id FROM report_attachments a JOIN report_submissions s ON s.id = a.submission_id WHERE s.unit_id <> $1 ORDER BY a.id")
		add("another unit's dossier", "GET", "/dossiers/%v", "SELECT code FROM dossiers WHERE unit_id <> $1 ORDER BY id")
		add("another unit's draft initiative", "GET", "/initiatives/%v", "SELECT id FROM initiatives WHERE state IN ('draft', 'returned') AND (unit_id IS NULL OR unit_id <> $1) ORDER BY id")
		add("another unit's initiative file", "GET", "/initiatives/%v/files/%v", "SELECT a.initiative_id, a.id FROM initiative_attachments a JOIN initiatives i ON i.id = a.initiative_id WHERE i.state IN ('draft', 'returned', 'submitted') AND (i.unit_id IS NULL OR i.unit_id <> $1) ORDER BY a.id")
		add("another unit's deployment", "POST", "/deployments/%v", "SELECT id FROM units WHERE id <> $1 AND kind <> 'office' ORDER BY id")
		add("another user's notification", "POST", "/notifications/%v/open", "SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.unit_id IS NULL OR u.unit_id <> $1 ORDER BY n.id")
		add("someone else's unpublished article", "GET", "/outreach/%v", "SELECT a.id FROM articles a JOIN users u ON u.id = a.author_id WHERE a.state IN ('draft', 'submitted') AND (u.unit_id IS NULL OR u.unit_id <> $1) ORDER BY a.id")
		// The same requests reach the records for the office: the IDs are real.
		office := demoLogin(t, s, "vanphong")
		for _, p := range probes {
			if p.method == "GET" {
				if code, _ := send(t, office, ts.URL, p); code != http.StatusOK {
					t.Errorf("control: the office gets %d for %s %s", code, p.what, p.path)
				}
			}
		}
		for _, user := range []string{"truongphong", "chuyenvien"} {
			c := demoLogin(t, s, user)
			before := auditCount(t, d)
			for _, p := range probes {
				if p.method == "POST" && p.form == nil && p.json == "" {
					p.form = url.Values{"full_name": {"Tên đã đổi"}, "unit": {"1"}, "note": {"x"}, "report": {"Đã khắc phục"}, "deployed_on": {"2026-03-01"}, "doc_number": {"1/KH"}}
				}
				code, body := send(t, c, ts.URL, p)
				if code != http.StatusForbidden && code != http.StatusNotFound {
					t.Errorf("%s: %s %s answers %d: %.200q", user, p.what, p.path, code, body)
				}
			}
			if after := auditCount(t, d); after != before {
				t.Errorf("%s's probes changed %d records", user, after-before)
			}
		}
	})
}

// An enterprise's account guessing other enterprises' petitions, indicators,
// assessments and registrations gets 403 or 404 and changes nothing.
func TestEnterpriseCannotReachAnotherEnterprisesRecords(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := demoSite(t, d)
		s := &site{Server: ts, db: d}
		seedForeignFiles(t, d)
		var own int64
		d.Read().QueryRow("SELECT enterprise_id FROM users WHERE username = 'doanhnghiep'").Scan(&own)
		var probes []probe
		add := func(what, method, pathf, query string, with ...func(*probe)) {
			for _, p := range foreign(t, d, what, method, pathf, query, own) {
				for _, w := range with {
					w(&p)
				}
				probes = append(probes, p)
			}
		}
		add("another enterprise's petition", "GET", "/petitions/%v", "SELECT id FROM petitions WHERE enterprise_id <> $1 ORDER BY id")
		add("a citizen's petition", "GET", "/petitions/%v", "SELECT id FROM petitions WHERE enterprise_id IS NULL AND $1 > 0 ORDER BY id")
		add("another enterprise's petition (API)", "GET", "/api/v1/petitions/%v", "SELECT id FROM petitions WHERE enterprise_id <> $1 ORDER BY id")
		add("another enterprise's petition (Open311)", "GET", "/api/open311/v2/requests/%v.json", "SELECT id FROM petitions WHERE enterprise_id <> $1 ORDER BY id")
		add("another enterprise's petition file", "GET", "/petitions/files/%v", "SELECT a.id FROM petition_attachments a JOIN petitions p ON p.id = a.petition_id WHERE p.enterprise_id IS NULL OR p.enterprise_id <> $1 ORDER BY a.id")
		add("acting on another enterprise's petition", "POST", "/petitions/%v/act/withdraw", "SELECT id FROM petitions WHERE enterprise_id <> $1 ORDER BY id")
		add("rating another enterprise's answer", "POST", "/petitions/%v/act/rate", "SELECT id FROM petitions WHERE enterprise_id <> $1 AND state = 'published' ORDER BY id",
			func(p *probe) { p.form = url.Values{"satisfaction": {"1"}} })
		add("another enterprise's indicators", "GET", "/indicators/%v", "SELECT id FROM indicators WHERE enterprise_id <> $1 ORDER BY id")
		add("editing another enterprise's indicators", "GET", "/enterprise/indicators/%v/edit", "SELECT id FROM indicators WHERE enterprise_id <> $1 ORDER BY id")
		add("saving another enterprise's indicators", "POST", "/enterprise/indicators/%v", "SELECT id FROM indicators WHERE enterprise_id <> $1 ORDER BY id",
			func(p *probe) {
				p.form = url.Values{"year": {"2025"}, "revenue": {"1000000000"}, "profit": {"10000000"}, "budget_paid": {"5000000"}, "employees": {"10"}}
			})
		add("another enterprise (API)", "GET", "/api/v1/enterprises/%v", "SELECT tax_code FROM enterprises WHERE id <> $1 ORDER BY id")
		add("changing another enterprise (API)", "PUT", "/api/v1/enterprises/%v", "SELECT tax_code FROM enterprises WHERE id <> $1 ORDER BY id",
			func(p *probe) { p.json = `{"name":"Đổi tên","address":"Lạng Sơn"}` })
		add("another enterprise's self-assessment", "GET", "/awards/assessments/%v", "SELECT id FROM award_assessments WHERE enterprise_id IS NULL OR enterprise_id <> $1 ORDER BY id")
		add("saving another's self-assessment", "POST", "/awards/assessments/%v/save", "SELECT id FROM award_assessments WHERE enterprise_id IS NULL OR enterprise_id <> $1 ORDER BY id")
		add("another's evidence file", "GET", "/awards/files/%v", "SELECT f.id FROM award_files f JOIN award_assessments a ON a.id = f.assessment_id WHERE a.enterprise_id IS NULL OR a.enterprise_id <> $1 ORDER BY f.id")
		add("another's draft initiative", "GET", "/initiatives/%v", "SELECT id FROM initiatives WHERE state IN ('draft', 'returned') AND (enterprise_id IS NULL OR enterprise_id <> $1) ORDER BY id")
		add("a unit's report file", "GET", "/reports/%v/files/%v", "SELECT s.definition_id, a.id FROM report_attachments a JOIN report_submissions s ON s.id = a.submission_id WHERE $1 > 0 ORDER BY a.id")
		office := demoLogin(t, s, "vanphong")
		for _, p := range probes {
			if p.method == "GET" && !strings.HasPrefix(p.path, "/enterprise/") {
				if code, _ := send(t, office, ts.URL, p); code != http.StatusOK {
					t.Errorf("control: the office gets %d for %s %s", code, p.what, p.path)
				}
			}
		}
		c := demoLogin(t, s, "doanhnghiep")
		before := auditCount(t, d)
		for _, p := range probes {
			if code, body := send(t, c, ts.URL, p); code != http.StatusForbidden && code != http.StatusNotFound {
				t.Errorf("%s %s answers %d: %q", p.what, p.path, code, fieldErrors.FindAllString(body, -1))
			}
		}
		if after := auditCount(t, d); after != before {
			t.Errorf("the probes changed %d records", after-before)
		}
		// The lists an enterprise has show its own records only, whatever the filter says.
		var otherTax, otherName string
		d.Read().QueryRow("SELECT tax_code, name FROM enterprises WHERE id <> $1 ORDER BY id LIMIT 1", own).Scan(&otherTax, &otherName)
		var otherPetition string
		d.Read().QueryRow("SELECT subject FROM petitions WHERE enterprise_id <> $1 ORDER BY id LIMIT 1", own).Scan(&otherPetition)
		var otherEnt string
		d.Read().QueryRow("SELECT id FROM enterprises WHERE id <> $1 ORDER BY id LIMIT 1", own).Scan(&otherEnt)
		for _, path := range []string{"/petitions?enterprise=" + otherEnt, "/petitions?q=" + url.QueryEscape(otherPetition), "/api/v1/enterprises?q=" + url.QueryEscape(otherName),
			"/registrations?enterprise=" + otherEnt, "/awards?enterprise=" + otherEnt, "/initiatives?enterprise=" + otherEnt, "/awards/history?enterprise=" + otherEnt} {
			code, body := get(t, c, ts.URL+path)
			if code == http.StatusOK && (strings.Contains(body, otherTax) || strings.Contains(body, otherPetition)) {
				t.Errorf("%s shows another enterprise's record", path)
			}
		}
	})
}

// A unit's lists and exports, with the filter turned to another unit, show its own
// records only.
func TestUnitListsIgnoreAnotherUnitsFilter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := demoSite(t, d)
		s := &site{Server: ts, db: d}
		var own, other int64
		d.Read().QueryRow("SELECT id FROM units WHERE code = 'QLXD'").Scan(&own)
		var otherCode string
		d.Read().QueryRow("SELECT p.unit_id, u.code FROM petitions p JOIN units u ON u.id = p.unit_id WHERE p.unit_id <> $1 ORDER BY p.id LIMIT 1", own).Scan(&other, &otherCode)
		var petitionCode, difficulty, inspection string
		var petitionID int64
		d.Read().QueryRow("SELECT id, tracking_code FROM petitions WHERE unit_id = $1 ORDER BY id LIMIT 1", other).Scan(&petitionID, &petitionCode)
		d.Read().QueryRow("SELECT subject FROM difficulties WHERE unit_id <> $1 ORDER BY id LIMIT 1", own).Scan(&difficulty)
		d.Read().QueryRow("SELECT title FROM inspections WHERE unit_id <> $1 ORDER BY id LIMIT 1", own).Scan(&inspection)
		secrets := []string{petitionCode, difficulty, inspection}
		for _, sct := range secrets {
			if sct == "" {
				t.Fatalf("the demo lacks another unit's record to look for: %q", secrets)
			}
		}
		o := fmt.Sprint(other)
		office := demoLogin(t, s, "vanphong")
		for _, user := range []string{"truongphong", "chuyenvien"} {
			c := demoLogin(t, s, user)
			for _, path := range []string{"/petitions?unit=" + o, "/petitions?unit_id=" + o, "/difficulties?unit=" + o, "/inspections?unit=" + o,
				"/inspection-actions?unit=" + o, "/awards/ratings?unit=" + o, "/awards/eligibility?unit=" + o, "/api/v1/eligibility?unit=" + otherCode,
				"/initiatives?unit=" + o, "/reports?unit=" + o} {
				code, body := get(t, c, ts.URL+path)
				for _, sct := range secrets {
					if code == http.StatusOK && strings.Contains(body, sct) {
						t.Errorf("%s: %s shows another unit's %q", user, path, sct)
					}
				}
			}
		}
		// Control: the office's lists do show them.
		for path, sct := range map[string]string{fmt.Sprint("/petitions/", petitionID): petitionCode, "/difficulties": difficulty, "/inspections": inspection} {
			if _, body := get(t, office, ts.URL+path); !strings.Contains(body, sct) {
				t.Errorf("control: the office's %s lacks %q", path, sct)
			}
		}
	})
}

var fieldErrors = regexp.MustCompile(`class="field-error"[^<]*>[^<]*<|<p class="flash[^"]*">[^<]*<`)
