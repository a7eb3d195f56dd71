package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

// The one-stop panel under the targets of 2026, for importDossiers' month, counted
// up to today (26/11/2026):
//
//	received: 0001, 0005, 0006 online; 0002, 0003 direct, 0004 by post
//	  → 3 of 6 online, 50,00%
//	766: early 0001, 0002; on time 0003; late 0004; open within 0006 (awaiting the
//	  applicant), overdue 0005 → 20 × (2 + 1 + 1) ÷ (4 + 2) = 13,33/20
//	1.009972 (15 working days), working days after received up to finished:
//	  0001 02/11 → 18/11 = 12, 0002 02/11 → 19/11 = 13, 0003 03/11 → 20/11 = 13,
//	  0004 03/11 → 12/11 = 7 → 45 ÷ 4 = 11,25 days, 75,00% of the statutory time;
//	  a year shows its months: one point, 11/2026
//	1.002861 has no finished dossier and is not listed.
func TestOneStopPanel(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		leader := s.login(t, "lanhdao")
		// No dossiers yet: no score, which is not a score of 0.
		_, empty := get(t, leader, s.URL+"/targets?period=2026")
		if !strings.Contains(empty, "766): <strong>không có dữ liệu</strong>") || !strings.Contains(empty, "trực tuyến: <strong>chưa có dữ liệu</strong>") ||
			!strings.Contains(empty, "Chưa có hồ sơ nào giải quyết xong") {
			t.Error("with no dossiers the panel does not say it has no data")
		}
		// A year not begun has nothing to count.
		if _, later := get(t, leader, s.URL+"/targets?period=2027"); !strings.Contains(later, "Kỳ bắt đầu từ 01/01/2027, chưa có số liệu") {
			t.Error("a year to come shows figures")
		}

		importDossiers(t, d)
		code, page := get(t, leader, s.URL+"/targets?period=2026")
		if code != http.StatusOK {
			t.Fatalf("targets page: %d", code)
		}
		panel := page[strings.Index(page, "Mục tiêu một cửa"):]
		for _, want := range []string{
			"Tỷ lệ hồ sơ tiếp nhận trực tuyến: <strong>50,00%</strong>",
			`<a href="/dossiers?bucket=received_online&amp;from=2026-01-01&amp;to=2026-11-26">3</a>`,
			"Bộ chỉ số 766): <strong>13,33/20</strong>",
			"Cấp giấy phép xây dựng", ">11,25<", ">15<", "75,00%", "11/2026: 11,25",
			`href="/dossiers/times?from=2026-01-01&amp;to=2026-11-26"`,
		} {
			if !strings.Contains(panel, want) {
				t.Errorf("one-stop panel lacks %q", want)
			}
		}
		if strings.Contains(panel, "Cấp phù hiệu xe ô tô") {
			t.Error("a procedure with nothing finished is in the times table")
		}

		// The online figure lists the three dossiers received online.
		_, online := get(t, leader, s.URL+"/dossiers?bucket=received_online&from=2026-01-01&to=2026-11-26")
		for _, c := range []string{"H37.01-261102-0001", "H37.02-261116-0005", "H37.02-261120-0006"} {
			if !strings.Contains(online, c) {
				t.Errorf("the online list lacks %s", c)
			}
		}
		if strings.Contains(online, "H37.01-261102-0002") {
			t.Error("the online list holds a dossier received directly")
		}

		// The full table, and the same panel on the dashboard.
		code, full := get(t, leader, s.URL+"/dossiers/times?from=2026-01-01&to=2026-11-26")
		if code != http.StatusOK || !strings.Contains(full, "Cấp giấy phép xây dựng") || !strings.Contains(full, ">11,25<") {
			t.Errorf("full times table: %d", code)
		}
		if _, dash := get(t, leader, s.URL+"/dashboard"); !strings.Contains(dash, "Mục tiêu một cửa") || !strings.Contains(dash, "13,33/20") {
			t.Error("the dashboard lacks the one-stop panel")
		}
		// Its 766 panel: progress, online services (partial: 12 × 50%), petitions' full 6 with none, and the groups not computed.
		_, dash := get(t, leader, s.URL+"/dashboard")
		for _, want := range []string{"Quyết định 766/QĐ-TTg", `Tiến độ giải quyết hồ sơ</td><td class="num score">13,33/20`, "tính một phần</span></td><td class=\"num score\">6/12",
			`đúng hạn</td><td class="num score">6/6`, "Số hóa hồ sơ, kết quả giải quyết (22 điểm)"} {
			if !strings.Contains(dash, want) {
				t.Errorf("the dashboard's 766 panel lacks %q", want)
			}
		}

		// A unit sees its own: TTDK received 2, both online, and finished none.
		_, mine := get(t, s.login(t, "ttdk"), s.URL+"/targets?period=2026")
		if !strings.Contains(mine, "Đơn vị của bạn") || !strings.Contains(mine, "trực tuyến: <strong>100,00%</strong>") ||
			strings.Contains(mine, "Cấp giấy phép xây dựng") {
			t.Error("TTDK's panel shows more than its own dossiers")
		}

		// The statistics page shows the online share beside the 766 score.
		if _, st := get(t, leader, s.URL+"/dossiers/stats?from=2026-01-01&to=2026-11-26"); !strings.Contains(st, "tiếp nhận trực tuyến: <strong>50,00%</strong>") {
			t.Error("the statistics page lacks the online share")
		}
	})
}
