package initiative

import (
	"archive/zip"
	"bytes"
	"context"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// today is 29/11/2026 in Vietnam.
var clock = func() time.Time { return time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC) }

// world is a department with two units, four staff, an enterprise and one account
// per part the tests play.
type world struct {
	d                       *db.DB
	s                       *Store
	qlxd, ttdk              int64 // units
	lan, hung, thao, office int64 // staff: Lan and Hùng of QLXD, Thảo of TTDK, Hằng of the office
	ent                     int64
	officeU, unitU, otherU  *auth.User // office; a QLXD officer; a TTDK officer
	entU, council, council2 *auth.User
	leader                  *auth.User
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{d: d, s: NewStore(d, clock)}
	unit := func(code, name string) int64 {
		var id int64
		if err := d.Write().QueryRow(`INSERT INTO units (code, name, kind, search, created_at, updated_at) VALUES ($1, $2, 'division', $1, $3, $3) RETURNING id`,
			code, name, clock()).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	vp := unit("VP", "Văn phòng Sở")
	w.qlxd, w.ttdk = unit("QLXD", "Phòng Quản lý hoạt động xây dựng"), unit("TTDK", "Trung tâm Đăng kiểm")
	staff := func(unit int64, name string) int64 {
		var id int64
		if err := d.Write().QueryRow(`INSERT INTO staff (unit_id, full_name, gender, search, created_at, updated_at) VALUES ($1, $2, 'female', $2, $3, $3) RETURNING id`,
			unit, name, clock()).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	w.lan, w.hung, w.thao, w.office = staff(w.qlxd, "Vi Thị Lan"), staff(w.qlxd, "Hoàng Đức Hùng"), staff(w.ttdk, "Lương Thu Thảo"), staff(vp, "Chu Thị Hằng")
	if err := d.Write().QueryRow(`INSERT INTO enterprises (tax_code, name, ownership, search, created_at, updated_at)
		VALUES ('4900100001', 'Công ty CP Xây dựng Pác Bó', 'private', 'pac bo', $1, $1) RETURNING id`, clock()).Scan(&w.ent); err != nil {
		t.Fatal(err)
	}
	as := auth.NewStore(d, clock)
	user := func(name, full string, role auth.Role, unit, tax string) *auth.User {
		u, err := as.CreateUser(ctx, auth.NewUser{Username: name, FullName: full, Role: role, UnitCode: unit, EnterpriseTC: tax, Password: "mat-khau-" + name})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	w.officeU = user("vanphong", "Chu Thị Hằng", auth.RoleOffice, "", "")
	w.unitU = user("chuyenvien", "Vi Thị Lan", auth.RoleUnitStaff, "QLXD", "")
	w.otherU = user("dangkiem", "Lương Thu Thảo", auth.RoleUnitStaff, "TTDK", "")
	w.entU = user("pacbo", "Lý Thị Mai", auth.RoleEnterprise, "", "4900100001")
	w.council = user("hoidong", "Nông Văn Hải", auth.RoleCouncil, "", "")
	w.council2 = user("hoidong2", "Đinh Quang Tùng", auth.RoleCouncil, "", "")
	w.leader = user("lanhdao", "Trần Văn Vương", auth.RoleLeader, "", "")
	return w
}

// valid is a complete form for the QLXD unit: Lan 60%, Hùng 40%.
func (w *world) valid() Input {
	return Input{Title: "Số hóa quy trình cấp giấy phép xây dựng", Field: "admin_reform", FirstAppliedOn: "2026-03-02",
		Description: "Tiếp nhận, xử lý hồ sơ cấp phép xây dựng hoàn toàn trực tuyến.", Conditions: "Có chữ ký số, kết nối Cổng dịch vụ công.",
		ExpectedDong: "120.000.000", ExpectedSocial: "Giảm 40% thời gian đi lại của người dân.",
		Authors: []AuthorInput{{StaffID: id(w.lan), Share: "60"}, {StaffID: id(w.hung), Share: "40"}, {}}}
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// pdf is the start of a real PDF file, which is what content sniffing looks at.
var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// docxText is the text of a .docx's body, a line per paragraph.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	x, _ := io.ReadAll(f)
	text := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(strings.ReplaceAll(string(x), "</w:p>", "\n"), "")
	return html.UnescapeString(text)
}

// underReview takes a valid initiative of QLXD to a session with the two council
// accounts as members.
func (w *world) underReview(t *testing.T) (*Initiative, *Session) {
	t.Helper()
	ctx := context.Background()
	it, err := w.s.Create(ctx, w.unitU, w.valid())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.s.Submit(ctx, w.unitU, it.ID); err != nil {
		t.Fatal(err)
	}
	ses, err := w.s.CreateSession(ctx, w.officeU, SessionInput{Name: "Phiên họp Hội đồng sáng kiến quý IV năm 2026", HeldOn: "2026-11-20", Place: "Phòng họp Sở"})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []*auth.User{w.council, w.council2} {
		if err := w.s.AddMember(ctx, w.officeU, ses.ID, id(u.ID), ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.s.StartReview(ctx, w.officeU, it.ID, id(ses.ID)); err != nil {
		t.Fatal(err)
	}
	return it, ses
}
