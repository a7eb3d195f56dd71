package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

func rubricForm(weights ...string) url.Values {
	f := url.Values{"year": {"2026"}, "audience": {"units"}, "name": {"Bộ tiêu chí năm 2026"}, "bonus_max": {"5"}, "penalty_max": {"10"}}
	codes := []string{"II.1.a", "II.1.d"}
	for i, w := range weights {
		n := string(rune('0' + i))
		f.Set("content_"+n, codes[i%2])
		f.Set("name_"+n, "Tiêu chí "+n)
		f.Set("max_"+n, "20")
		f.Set("weight_"+n, w)
		f.Set("kind_"+n, "manual")
	}
	return f
}

var assessmentLink = regexp.MustCompile(`/awards/assessments/(\d+)`)

// The office issues a rubric (one whose weights do not add up is refused with the
// reason and nothing stored); a unit manager scores the unit within each maximum;
// another unit cannot open it; the pages keep to their roles; the public page of
// exemplary models needs no login.
func TestAwardPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		office := s.login(t, "vanphong")
		code, body := post(t, office, s.URL+"/awards/rubrics", rubricForm("60", "30"))
		if code != http.StatusBadRequest || !strings.Contains(html.UnescapeString(body), "Tổng trọng số các tiêu chí là 90%, phải bằng đúng 100%") {
			t.Fatalf("weights of 90%%: %d", code)
		}
		var n int
		d.Read().QueryRow("SELECT COUNT(*) FROM award_rubrics").Scan(&n)
		if n != 0 {
			t.Fatalf("%d rubrics after a refusal", n)
		}
		if code, _ := post(t, office, s.URL+"/awards/rubrics", rubricForm("60", "40")); code != http.StatusSeeOther {
			t.Fatalf("valid rubric: %d", code)
		}
		var rubric, crit string
		d.Read().QueryRow("SELECT CAST(id AS TEXT) FROM award_rubrics").Scan(&rubric)
		d.Read().QueryRow("SELECT CAST(MIN(id) AS TEXT) FROM award_criteria").Scan(&crit)

		manager := s.login(t, "qlxd")
		resp, err := manager.PostForm(s.URL+"/awards/assessments", url.Values{"rubric": {rubric}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		where := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !assessmentLink.MatchString(where) {
			t.Fatalf("open assessment: %d %q", resp.StatusCode, where)
		}
		if code, _ := get(t, manager, s.URL+where); code != http.StatusOK {
			t.Fatalf("assessment page: %d", code)
		}
		var crit2 string
		d.Read().QueryRow("SELECT CAST(MAX(id) AS TEXT) FROM award_criteria").Scan(&crit2)
		code, body = post(t, manager, s.URL+where+"/submit", url.Values{"c" + crit: {"25"}, "c" + crit2: {"15"}})
		if code != http.StatusBadRequest || !strings.Contains(html.UnescapeString(body), "Điểm tiêu chí “Tiêu chí 0” là 25, vượt quá điểm tối đa 20") {
			t.Errorf("score above max: %d", code)
		}
		if code, _ := post(t, manager, s.URL+where+"/submit", url.Values{"c" + crit: {"18"}, "c" + crit2: {"15,5"}, "bonus": {"2"}}); code != http.StatusSeeOther {
			t.Errorf("valid self-assessment: %d", code)
		}
		_, body = get(t, office, s.URL+"/awards?year=2026")
		if !strings.Contains(body, "Phòng Quản lý xây dựng") || !strings.Contains(body, ">87<") {
			t.Errorf("ranking lacks QLXD's 18/20×60 + 15,5/20×40 + 2 = 87")
		}
		other := s.login(t, "ttdk")
		if code, _ := get(t, other, s.URL+where); code != http.StatusNotFound {
			t.Errorf("another unit opened QLXD's assessment: %d", code)
		}
		for path, want := range map[string]int{"/awards/rules": 403, "/awards/eligibility?year=2026": 200, "/awards/ratings": 200, "/awards/councils": 403} {
			if code, _ := get(t, other, s.URL+path); code != want {
				t.Errorf("unit staff %s: %d, want %d", path, code, want)
			}
		}
		for _, path := range []string{"/awards/rules", "/awards/ratings?year=2026", "/awards/nominations?year=2026", "/awards/councils", "/awards/eligibility?year=2026&unit=QLXD"} {
			if code, _ := get(t, office, s.URL+path); code != http.StatusOK {
				t.Errorf("office %s: %d", path, code)
			}
		}
		if code, body := get(t, s.client(t), s.URL+"/exemplary"); code != http.StatusOK || !strings.Contains(body, "Gương điển hình tiên tiến") {
			t.Errorf("public exemplary page: %d", code)
		}
	})
}
