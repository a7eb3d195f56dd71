package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/enterprise"
)

// api is an integrator's client: a bearer token and JSON both ways.
type api struct {
	t     *testing.T
	base  string
	token string
}

func (s *site) api(t *testing.T, username string) api {
	t.Helper()
	tok, err := auth.NewStore(s.db, now).CreateToken(context.Background(), username, "thử")
	if err != nil {
		t.Fatal(err)
	}
	return api{t: t, base: s.URL, token: tok}
}

// reply is an API answer: status, headers and the JSON object it carried.
type reply struct {
	status int
	header http.Header
	body   map[string]any
}

// call sends body as JSON (a string is sent as it is) and decodes the answer.
func (a api) call(method, path string, body any) reply {
	a.t.Helper()
	var rd *bytes.Reader
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		js, err := json.Marshal(b)
		if err != nil {
			a.t.Fatal(err)
		}
		rd = bytes.NewReader(js)
	}
	req, err := http.NewRequest(method, a.base+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	r := reply{status: resp.StatusCode, header: resp.Header}
	if err := json.NewDecoder(resp.Body).Decode(&r.body); err != nil {
		a.t.Fatalf("%s %s: answer is not a JSON object: %v", method, path, err)
	}
	return r
}

func (r reply) items() []map[string]any {
	var out []map[string]any
	for _, it := range r.body["items"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

// field is the message the API gave for one field of a refused body.
func (r reply) field(name string) string {
	fields, _ := r.body["fields"].(map[string]any)
	msg, _ := fields[name].(string)
	return msg
}

// taxCode completes nine digits with their check digit.
func taxCode(t *testing.T, nine string) string {
	d, ok := enterprise.CheckDigit(nine)
	if !ok {
		t.Fatalf("no check digit for %s", nine)
	}
	return fmt.Sprintf("%s%d", nine, d)
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAPITokenAuth(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		anon := api{t: t, base: s.URL}
		if r := anon.call("GET", "/api/v1/units", nil); r.status != http.StatusUnauthorized || !strings.Contains(r.body["error"].(string), "Bearer") {
			t.Fatalf("no token: %d %v", r.status, r.body)
		}
		wrong := api{t: t, base: s.URL, token: auth.TokenPrefix + "khong-dung"}
		if r := wrong.call("GET", "/api/v1/units", nil); r.status != http.StatusUnauthorized {
			t.Fatalf("wrong token: %d", r.status)
		}
		if r := wrong.call("POST", "/api/v1/units", map[string]any{"code": "X", "name": "X", "kind": "division"}); r.status != http.StatusUnauthorized {
			t.Fatalf("wrong token POST: %d", r.status)
		}
		r := s.api(t, "lanhdao").call("GET", "/api/v1/units", nil)
		if r.status != http.StatusOK || r.body["total"] != 3.0 || len(r.items()) != 3 || r.items()[0]["code"] != "QLXD" {
			t.Fatalf("leader lists units: %d %v", r.status, r.body)
		}
		if count(t, d, "SELECT COUNT(*) FROM units") != 3 {
			t.Fatal("a refused POST created a unit")
		}
	})
}

func TestAPIUnits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		office := s.api(t, "vanphong")
		r := office.call("POST", "/api/v1/units", map[string]any{"code": "qln", "name": "Phòng Quản lý nhà và Thị trường bất động sản",
			"kind": "Phòng chuyên môn", "parent_code": "QLXD"})
		if r.status != http.StatusCreated || r.header.Get("Location") != "/api/v1/units/QLN" {
			t.Fatalf("create unit: %d %s %v", r.status, r.header.Get("Location"), r.body)
		}
		if r.body["kind"] != "division" || r.body["kind_label"] != "Phòng chuyên môn" || r.body["parent_code"] != "QLXD" {
			t.Fatalf("created unit = %v", r.body)
		}
		r = office.call("GET", "/api/v1/units?q=quan+ly+nha&kind=division", nil)
		if r.status != http.StatusOK || r.body["total"] != 1.0 || r.items()[0]["code"] != "QLN" {
			t.Fatalf("accent-insensitive search: %d %v", r.status, r.body)
		}
		r = office.call("GET", "/api/v1/units?per_page=1&page=2", nil)
		if r.body["total"] != 4.0 || r.body["page"] != 2.0 || r.body["per_page"] != 1.0 || len(r.items()) != 1 || r.items()[0]["code"] != "QLXD" {
			t.Fatalf("page 2 of 1: %v", r.body)
		}
		if r = office.call("GET", "/api/v1/units?per_page=5000", nil); r.body["per_page"] != 200.0 {
			t.Fatalf("per_page not capped at 200: %v", r.body["per_page"])
		}
		if r = office.call("GET", "/api/v1/units?active=yes", nil); r.status != http.StatusBadRequest || !strings.Contains(r.body["error"].(string), "active") {
			t.Fatalf("bad active: %d %v", r.status, r.body)
		}
		r = office.call("PUT", "/api/v1/units/QLN", map[string]any{"code": "QLN-BDS", "name": "Phòng Quản lý nhà", "kind": "division"})
		if r.status != http.StatusOK || r.body["code"] != "QLN-BDS" || r.body["parent_code"] != nil {
			t.Fatalf("update unit: %d %v", r.status, r.body)
		}
		if r = office.call("GET", "/api/v1/units/QLN", nil); r.status != http.StatusNotFound {
			t.Fatalf("old code still found: %d", r.status)
		}
		r = office.call("POST", "/api/v1/units", map[string]any{"code": "X1", "name": "X", "kind": "division", "parent_code": "KHONGCO"})
		if r.status != http.StatusBadRequest || !strings.Contains(r.field("parent_code"), "KHONGCO") {
			t.Fatalf("unknown parent: %d %v", r.status, r.body)
		}
		r = office.call("POST", "/api/v1/units", map[string]any{"code": "QLXD", "name": "Trùng", "kind": "nhóm"})
		if r.status != http.StatusBadRequest || !strings.Contains(r.field("kind"), "nhóm") {
			t.Fatalf("bad kind: %d %v", r.status, r.body)
		}
		unit := s.api(t, "qlxd")
		if r = unit.call("POST", "/api/v1/units", map[string]any{"code": "X2", "name": "X", "kind": "division"}); r.status != http.StatusForbidden {
			t.Fatalf("unit manager created a unit: %d", r.status)
		}
		if r = unit.call("GET", "/api/v1/units/TTDK", nil); r.status != http.StatusOK || r.body["name"] != "Trung tâm Đăng kiểm" {
			t.Fatalf("unit reads the department's units: %d %v", r.status, r.body)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM units"); n != 4 {
			t.Fatalf("units after refused requests = %d, want 4", n)
		}
	})
}

func TestAPIBodyRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		office := s.api(t, "vanphong")
		good := `{"tax_code": "` + taxCode(t, "010010910") + `", "name": "Công ty A", "sectors": ["construction"], "ownership": "private"}`
		r := office.call("POST", "/api/v1/enterprises", strings.Replace(good, `"name"`, `"von_dieu_le": 5, "name"`, 1))
		if r.status != http.StatusBadRequest || !strings.Contains(r.body["error"].(string), "“von_dieu_le”") || r.field("von_dieu_le") == "" {
			t.Fatalf("unknown field: %d %v", r.status, r.body)
		}
		r = office.call("POST", "/api/v1/enterprises", strings.Replace(good, `"private"`, `"private", "employees": "mười"`, 1))
		if r.status != http.StatusBadRequest || !strings.Contains(r.field("employees"), "số") {
			t.Fatalf("employees as text: %d %v", r.status, r.body)
		}
		if r = office.call("POST", "/api/v1/enterprises", `{"name": `); r.status != http.StatusBadRequest || !strings.Contains(r.body["error"].(string), "JSON") {
			t.Fatalf("broken JSON: %d %v", r.status, r.body)
		}
		if r = office.call("POST", "/api/v1/enterprises", good+good); r.status != http.StatusBadRequest {
			t.Fatalf("two objects: %d %v", r.status, r.body)
		}
		big := strings.Replace(good, `"Công ty A"`, `"`+strings.Repeat("a", 2<<20)+`"`, 1)
		if r = office.call("POST", "/api/v1/enterprises", big); r.status != http.StatusRequestEntityTooLarge {
			t.Fatalf("2 MiB body: %d", r.status)
		}
		req, _ := http.NewRequest("POST", s.URL+"/api/v1/enterprises", strings.NewReader(good))
		req.Header.Set("Authorization", "Bearer "+office.token)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]string
		json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnsupportedMediaType || !strings.Contains(body["error"], "application/json") {
			t.Fatalf("form content type: %d %v", resp.StatusCode, body)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM enterprises"); n != 0 {
			t.Fatalf("refused bodies created %d enterprises", n)
		}
		if r = office.call("POST", "/api/v1/enterprises", good); r.status != http.StatusCreated {
			t.Fatalf("the same body, well formed: %d %v", r.status, r.body)
		}
	})
}

func TestAPIEnterpriseScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		office := s.api(t, "vanphong")
		own, other := taxCode(t, "010010910"), taxCode(t, "420123456")
		r := office.call("POST", "/api/v1/enterprises", map[string]any{"tax_code": own, "name": "Công ty Xây dựng Đồng Đăng",
			"sectors": []string{"transport", "Xây dựng"}, "ownership": "private", "employees": 120})
		if r.status != http.StatusCreated || r.header.Get("Location") != "/api/v1/enterprises/"+own {
			t.Fatalf("create enterprise: %d %s %v", r.status, r.header.Get("Location"), r.body)
		}
		if fmt.Sprint(r.body["sectors"]) != "[construction transport]" || fmt.Sprint(r.body["sector_labels"]) != "[Xây dựng Giao thông vận tải]" ||
			r.body["ownership_label"] != "Tư nhân" || r.body["employees"] != 120.0 {
			t.Fatalf("created enterprise = %v", r.body)
		}
		r = office.call("POST", "/api/v1/enterprises", map[string]any{"tax_code": own, "name": "Trùng mã", "sectors": []string{"housing"}, "ownership": "state"})
		if r.status != http.StatusBadRequest || r.body["error"] != "Dữ liệu chưa hợp lệ" || !strings.Contains(r.field("tax_code"), "Công ty Xây dựng Đồng Đăng") {
			t.Fatalf("duplicate tax code: %d %v", r.status, r.body)
		}
		bad := own[:9] + fmt.Sprint((int(own[9]-'0')+1)%10)
		r = office.call("POST", "/api/v1/enterprises", map[string]any{"tax_code": bad, "name": "Sai mã", "sectors": []string{"housing"}, "ownership": "state"})
		if r.status != http.StatusBadRequest || !strings.Contains(r.field("tax_code"), "chữ số kiểm tra") {
			t.Fatalf("wrong check digit: %d %v", r.status, r.body)
		}
		if r = office.call("POST", "/api/v1/enterprises", map[string]any{"tax_code": other, "name": "Công ty Vận tải Lạng Sơn",
			"sectors": []string{"logistics"}, "ownership": "state"}); r.status != http.StatusCreated {
			t.Fatalf("second enterprise: %d %v", r.status, r.body)
		}
		if _, err := auth.NewStore(d, now).CreateUser(context.Background(), auth.NewUser{Username: "dongdang",
			Role: auth.RoleEnterprise, EnterpriseTC: own, Password: "mat-khau-dongdang"}); err != nil {
			t.Fatal(err)
		}
		ent := s.api(t, "dongdang")
		r = ent.call("GET", "/api/v1/enterprises?active=all", nil)
		if r.status != http.StatusOK || r.body["total"] != 1.0 || len(r.items()) != 1 || r.items()[0]["tax_code"] != own {
			t.Fatalf("enterprise lists others: %d %v", r.status, r.body)
		}
		if r = ent.call("GET", "/api/v1/enterprises/"+other, nil); r.status != http.StatusNotFound {
			t.Fatalf("enterprise reads another: %d", r.status)
		}
		if r = ent.call("GET", "/api/v1/staff", nil); r.status != http.StatusForbidden {
			t.Fatalf("enterprise lists staff: %d", r.status)
		}
		edit := map[string]any{"name": "Công ty CP Xây dựng Đồng Đăng", "sectors": []string{"construction"}, "ownership": "private", "employees": 130}
		if r = ent.call("PUT", "/api/v1/enterprises/"+other, edit); r.status != http.StatusNotFound {
			t.Fatalf("enterprise edits another: %d", r.status)
		}
		edit["tax_code"] = other
		if r = ent.call("PUT", "/api/v1/enterprises/"+own, edit); r.status != http.StatusForbidden || !strings.Contains(r.body["error"].(string), "mã số thuế") {
			t.Fatalf("enterprise changes its tax code: %d %v", r.status, r.body)
		}
		if r = s.api(t, "qlxd").call("PUT", "/api/v1/enterprises/"+own, edit); r.status != http.StatusForbidden {
			t.Fatalf("unit account edits an enterprise: %d", r.status)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM enterprises WHERE tax_code = $1 AND name = $2 AND employees = 120", own, "Công ty Xây dựng Đồng Đăng"); n != 1 {
			t.Fatal("a refused PUT changed the enterprise")
		}
		delete(edit, "tax_code")
		r = ent.call("PUT", "/api/v1/enterprises/"+own, edit)
		if r.status != http.StatusOK || r.body["tax_code"] != own || r.body["employees"] != 130.0 || fmt.Sprint(r.body["sectors"]) != "[construction]" {
			t.Fatalf("enterprise edits itself: %d %v", r.status, r.body)
		}
		r = office.call("GET", "/api/v1/enterprises?q=dong+dang&sector=construction", nil)
		if r.body["total"] != 1.0 || r.items()[0]["name"] != "Công ty CP Xây dựng Đồng Đăng" {
			t.Fatalf("office search after the edit: %v", r.body)
		}
	})
}

func TestAPIStaffScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		office, manager := s.api(t, "vanphong"), s.api(t, "qlxd")
		qlxd, ttdk := unitID(t, d, "QLXD"), unitID(t, d, "TTDK")
		r := office.call("POST", "/api/v1/staff", map[string]any{"unit_code": "TTDK", "full_name": "Hoàng Văn Bình", "gender": "male"})
		if r.status != http.StatusCreated || fmt.Sprint(r.body["unit_id"]) != ttdk || r.body["unit_name"] != "Trung tâm Đăng kiểm" {
			t.Fatalf("office adds TTDK staff: %d %v", r.status, r.body)
		}
		other := fmt.Sprint(r.body["id"])
		r = manager.call("POST", "/api/v1/staff", map[string]any{"full_name": "Lường Thị Mai", "position": "Chuyên viên", "gender": "Nữ"})
		if r.status != http.StatusCreated || fmt.Sprint(r.body["unit_id"]) != qlxd || r.body["gender"] != "female" || r.body["gender_label"] != "Nữ" {
			t.Fatalf("manager adds own unit's staff: %d %v", r.status, r.body)
		}
		mine := fmt.Sprint(r.body["id"])
		if r.header.Get("Location") != "/api/v1/staff/"+mine {
			t.Fatalf("Location = %q", r.header.Get("Location"))
		}
		r = manager.call("GET", "/api/v1/staff?unit="+ttdk, nil)
		if r.status != http.StatusOK || r.body["total"] != 1.0 || r.items()[0]["full_name"] != "Lường Thị Mai" {
			t.Fatalf("manager lists ?unit=TTDK: %d %v", r.status, r.body)
		}
		if r = office.call("GET", "/api/v1/staff?unit="+ttdk, nil); r.body["total"] != 1.0 || r.items()[0]["full_name"] != "Hoàng Văn Bình" {
			t.Fatalf("office lists TTDK: %v", r.body)
		}
		if r = manager.call("GET", "/api/v1/staff/"+other, nil); r.status != http.StatusNotFound {
			t.Fatalf("manager reads TTDK staff: %d", r.status)
		}
		edit := map[string]any{"full_name": "Đổi Tên", "gender": "male"}
		if r = manager.call("PUT", "/api/v1/staff/"+other, edit); r.status != http.StatusNotFound {
			t.Fatalf("manager edits TTDK staff: %d", r.status)
		}
		edit["unit_id"] = json.Number(ttdk)
		if r = manager.call("PUT", "/api/v1/staff/"+mine, edit); r.status != http.StatusForbidden {
			t.Fatalf("manager moves staff to TTDK: %d %v", r.status, r.body)
		}
		if r = manager.call("POST", "/api/v1/staff", map[string]any{"unit_code": "TTDK", "full_name": "X", "gender": "male"}); r.status != http.StatusForbidden {
			t.Fatalf("manager adds TTDK staff: %d", r.status)
		}
		if r = s.api(t, "ttdk").call("POST", "/api/v1/staff", map[string]any{"full_name": "X", "gender": "male"}); r.status != http.StatusForbidden {
			t.Fatalf("unit staff adds staff: %d", r.status)
		}
		r = manager.call("POST", "/api/v1/staff", map[string]any{"full_name": " ", "gender": "khác"})
		if r.status != http.StatusBadRequest || !strings.Contains(r.field("full_name"), "Họ và tên") || !strings.Contains(r.field("gender"), "khác") {
			t.Fatalf("empty name, unknown gender: %d %v", r.status, r.body)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM staff"); n != 2 {
			t.Fatalf("staff after refused requests = %d, want 2", n)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM staff WHERE full_name = 'Đổi Tên'"); n != 0 {
			t.Fatal("a refused PUT renamed a staff member")
		}
		r = manager.call("PUT", "/api/v1/staff/"+mine, map[string]any{"full_name": "Lường Thị Mai", "position": "Phó Trưởng phòng", "gender": "female"})
		if r.status != http.StatusOK || r.body["position"] != "Phó Trưởng phòng" || fmt.Sprint(r.body["unit_id"]) != qlxd {
			t.Fatalf("manager edits own staff: %d %v", r.status, r.body)
		}
	})
}
