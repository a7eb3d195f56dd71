package award

import (
	"archive/zip"
	"bytes"
	"html"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/plans"
)

func seedPlan(t *testing.T) *plan.Plan {
	t.Helper()
	data, _ := plans.Files.ReadFile("langson-sxd-2026.yaml")
	p, problems := plan.Parse("seed", data)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return p
}

// docxText renders doc and returns the text of its body, a line per paragraph.
func docxText(t *testing.T, doc docgen.Document) string {
	t.Helper()
	var buf bytes.Buffer
	if err := docgen.Render(&buf, doc); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	x, _ := io.ReadAll(f)
	return html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(strings.ReplaceAll(string(x), "</w:p>", "\n"), ""))
}

func contains(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func closedCouncil() (*Council, []CouncilMember, []Nomination) {
	i := func(n int) *int { return &n }
	closed := time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)
	c := &Council{ID: 1, Year: 2026, Name: "Phiên họp Hội đồng Thi đua - Khen thưởng năm 2026", HeldOn: calendar.NewDate(2026, 12, 10),
		Place: "Phòng họp Sở", State: CouncilClosed, QuorumPercent: 66.67, ClosedAt: &closed}
	members := []CouncilMember{{Name: "Nông Văn Hải", Present: true}, {Name: "Đinh Quang Tùng", Present: true}, {Name: "Hà Văn Vắng"}}
	noms := []Nomination{
		{ID: 1, Year: 2026, TitleName: "Lao động tiên tiến", Name: "Lương Thu Thảo", State: Approved, VotesFor: i(2), VotesAgainst: i(0), Voters: i(2)},
		{ID: 2, Year: 2026, TitleName: "Chiến sĩ thi đua cơ sở", Name: "Vi Thị Lan", State: Rejected, VotesFor: i(1), VotesAgainst: i(1), Voters: i(2)},
	}
	return c, members, noms
}

func TestCouncilDocuments(t *testing.T) {
	p := seedPlan(t)
	c, members, noms := closedCouncil()
	sub := docxText(t, Submission(p, c, noms, "12/TTr-SXD", calendar.NewDate(2026, 12, 11)))
	contains(t, "submission", sub, "TỜ TRÌNH", "Số: 12/TTr-SXD", "Về việc đề nghị tặng danh hiệu thi đua, hình thức khen thưởng năm 2026",
		"Lương Thu Thảo", "2/2 phiếu đồng ý", "cho 1 tập thể, cá nhân")
	if strings.Contains(sub, "Vi Thị Lan") {
		t.Error("the submission proposes a rejected nominee")
	}
	m, err := Minutes(p, c, members, noms, "03/BB-SXD")
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "minutes", docxText(t, m), "BIÊN BẢN", "Có mặt 2/3 thành viên, đạt tỷ lệ tối thiểu 66,67%", "Hà Văn Vắng: vắng mặt",
		"Vi Thị Lan", "1/2 phiếu đồng ý", "Không thông qua", "Thông qua")
	open := *c
	open.State = CouncilVoting
	if _, err := Minutes(p, &open, members, noms, ""); err == nil {
		t.Error("minutes of a ballot still open")
	}
	c.DecisionNumber, c.DecisionOn = "05/QĐ-SXD", calendar.NewDate(2026, 12, 15)
	list := []Commendation{{Year: 2026, TitleName: "Lao động tiên tiến", Name: "Lương Thu Thảo", UnitName: "Trung tâm Đăng kiểm", Subject: Subject{StaffID: 3}}}
	dec, err := Decision(p, c, list, []string{"Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "decision", docxText(t, dec), "QUYẾT ĐỊNH", "Số: 05/QĐ-SXD", "Căn cứ Luật Thi đua, khen thưởng", "Điều 1. ",
		"cho 01 tập thể, cá nhân", "Lương Thu Thảo", "Trung tâm Đăng kiểm", "Lưu: VT, VP.")
	rep := AchievementReport(p, Achievement{Nomination: noms[0], Position: "Chuyên viên", UnitName: "Trung tâm Đăng kiểm",
		Initiatives: []string{"Số hóa hồ sơ đăng kiểm (Quyết định số 15/QĐ-SXD)"},
		History:     []Commendation{{Year: 2025, TitleName: "Lao động tiên tiến", DecisionNumber: "20/QĐ-SXD", DecidedOn: calendar.NewDate(2025, 12, 20), Issuer: "Giám đốc Sở Xây dựng"}}},
		calendar.NewDate(2026, 12, 11))
	contains(t, "achievement report", docxText(t, rep), "BÁO CÁO THÀNH TÍCH", "I. SƠ LƯỢC LÝ LỊCH", "Chức vụ: Chuyên viên",
		"III. SÁNG KIẾN", "Số hóa hồ sơ đăng kiểm", "Lao động tiên tiến năm 2025: Quyết định số 20/QĐ-SXD ngày 20/12/2025")
}

// The certificate is a PDF whose Vietnamese text reads back whole.
func TestCertificatePDF(t *testing.T) {
	if _, _, err := loadFonts(); err != nil {
		if os.Getenv("THIDUA_REQUIRE_OFFICE") == "1" {
			t.Fatal(err)
		}
		t.Skip("no Vietnamese font installed: ", err)
	}
	p := seedPlan(t)
	var buf bytes.Buffer
	c := Commendation{Year: 2026, TitleName: "Lao động tiên tiến", Name: "Lương Thu Thảo", UnitName: "Trung tâm Đăng kiểm",
		Subject: Subject{StaffID: 3}, DecisionNumber: "05/QĐ-SXD", DecidedOn: calendar.NewDate(2026, 12, 15)}
	if err := Certificate(&buf, p, c); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) || !bytes.Contains(buf.Bytes(), []byte("%%EOF")) {
		t.Fatal("not a PDF")
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed; the PDF was not read back")
	}
	path := t.TempDir() + "/giay-khen.pdf"
	os.WriteFile(path, buf.Bytes(), 0o600)
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "certificate", string(out), "GIẤY KHEN", "Ông/Bà Lương Thu Thảo", "Trung tâm Đăng kiểm", "Lao động tiên tiến năm 2026",
		"Quyết định số 05/QĐ-SXD ngày 15/12/2026", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Lạng Sơn, ngày 15 tháng 12 năm 2026")
}
