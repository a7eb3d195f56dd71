// Package demo makes a realistic data set for trying thidua: the department's units,
// their staff, the enterprises of the sector, accounts for every role, and the
// records each capability shows. Everything is generated from a fixed seed, so two
// demo databases are alike and a newcomer can follow the README.
package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/textnorm"
)

// UnitSeed is one unit of the demo department.
type UnitSeed struct {
	Code, Name, Kind, Parent string
}

// Units are the department office, the divisions and the affiliated units of a
// provincial Department of Construction after the 2025 merger with transport.
var Units = []UnitSeed{
	{"VP", "Văn phòng Sở", "office", ""},
	{"KHTC", "Phòng Kế hoạch - Tài chính", "division", ""},
	{"TTS", "Thanh tra Sở", "division", ""},
	{"QLXD", "Phòng Quản lý hoạt động xây dựng", "division", ""},
	{"QHKT", "Phòng Quy hoạch - Kiến trúc", "division", ""},
	{"QLN", "Phòng Quản lý nhà và thị trường bất động sản", "division", ""},
	{"KTVL", "Phòng Kinh tế và Vật liệu xây dựng", "division", ""},
	{"QLVT", "Phòng Quản lý vận tải, phương tiện và người lái", "division", ""},
	{"KCHT", "Phòng Quản lý kết cấu hạ tầng giao thông", "division", ""},
	{"TTKD", "Trung tâm Kiểm định chất lượng xây dựng", "affiliated", ""},
	{"TTDK", "Trung tâm Đăng kiểm phương tiện giao thông", "affiliated", ""},
	{"BQLBT", "Ban Quản lý bảo trì đường bộ", "affiliated", ""},
}

// StaffSeed is one staff member.
type StaffSeed struct {
	FullName, Position, UnitCode, Gender, Email string
}

var (
	surnames = []string{"Nguyễn", "Trần", "Lê", "Hoàng", "Phạm", "Vi", "Lương", "Nông", "Hà", "Đinh", "Lý", "Hoàng", "Lăng", "Triệu", "Chu", "Vũ"}
	maleMid  = []string{"Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Mạnh", "Tiến"}
	femMid   = []string{"Thị", "Thu", "Thanh", "Ngọc", "Hồng", "Phương", "Minh"}
	maleGiv  = []string{"Hùng", "Dũng", "Tuấn", "Long", "Thắng", "Cường", "Hải", "Sơn", "Bình", "Trung", "Khánh", "Phong", "Việt", "Tùng"}
	femGiv   = []string{"Hoa", "Lan", "Hương", "Thảo", "Linh", "Trang", "Hằng", "Nga", "Yến", "Mai", "Hạnh", "Vân", "Huyền", "Thủy"}
)

func personName(r *rand.Rand, female bool) string {
	if female {
		return surnames[r.IntN(len(surnames))] + " " + femMid[r.IntN(len(femMid))] + " " + femGiv[r.IntN(len(femGiv))]
	}
	return surnames[r.IntN(len(surnames))] + " " + maleMid[r.IntN(len(maleMid))] + " " + maleGiv[r.IntN(len(maleGiv))]
}

// Staff makes about forty staff members spread over the units, each unit led by a
// head and a deputy.
func Staff() []StaffSeed {
	r := rand.New(rand.NewPCG(2026, 1))
	var out []StaffSeed
	emails := map[string]int{}
	add := func(unit, position string) {
		female := r.IntN(100) < 45
		name := personName(r, female)
		g := "male"
		if female {
			g = "female"
		}
		out = append(out, StaffSeed{FullName: name, Position: position, UnitCode: unit, Gender: g, Email: email(name, emails)})
	}
	for i, u := range Units {
		head, deputy := "Trưởng phòng", "Phó Trưởng phòng"
		switch u.Kind {
		case "office":
			head, deputy = "Chánh Văn phòng", "Phó Chánh Văn phòng"
		case "affiliated":
			head, deputy = "Giám đốc", "Phó Giám đốc"
		}
		if u.Code == "TTS" {
			head, deputy = "Chánh Thanh tra", "Phó Chánh Thanh tra"
		}
		add(u.Code, head)
		add(u.Code, deputy)
		for j := 0; j < 1+i%3; j++ {
			add(u.Code, []string{"Chuyên viên", "Chuyên viên chính", "Viên chức", "Kế toán"}[(i+j)%4])
		}
	}
	return out
}

// email makes an official-looking address: initials of the family and middle names
// followed by the given name, without diacritics.
func email(name string, seen map[string]int) string {
	parts := strings.Fields(textnorm.Fold(name))
	local := parts[len(parts)-1]
	for _, p := range parts[:len(parts)-1] {
		local += p[:1]
	}
	seen[local]++
	if n := seen[local]; n > 1 {
		local += fmt.Sprint(n)
	}
	return local + "@sxd.langson.gov.vn"
}

// EnterpriseSeed is one enterprise of the sector.
type EnterpriseSeed struct {
	TaxCode, Name, Ownership, Address, Representative, Email string
	Sectors                                                  []string
	Employees                                                int
}

var (
	entForms = map[string][]string{
		"private": {"Công ty TNHH", "Công ty TNHH MTV", "Công ty Cổ phần", "Doanh nghiệp tư nhân", "Hợp tác xã"},
		"state":   {"Công ty TNHH MTV", "Công ty Cổ phần"},
		"foreign": {"Công ty TNHH", "Công ty Cổ phần"},
		"other":   {"Hợp tác xã", "Công ty hợp danh"},
	}
	sectorWords = map[string][]string{
		"construction":             {"Xây dựng", "Đầu tư và Xây dựng", "Xây dựng Công trình", "Xây lắp"},
		"housing":                  {"Phát triển Nhà", "Đầu tư Phát triển Nhà ở"},
		"real_estate":              {"Bất động sản", "Đầu tư Bất động sản", "Kinh doanh Bất động sản"},
		"building_materials":       {"Vật liệu Xây dựng", "Gạch Tuynel", "Xi măng", "Đá xây dựng", "Bê tông"},
		"technical_infrastructure": {"Hạ tầng Kỹ thuật", "Cấp thoát nước", "Môi trường Đô thị", "Chiếu sáng Đô thị"},
		"transport":                {"Vận tải", "Vận tải Hành khách", "Xe khách", "Vận tải Hàng hóa", "Xây dựng Giao thông"},
		"logistics":                {"Logistics", "Kho vận", "Giao nhận và Vận tải Quốc tế", "Dịch vụ Cửa khẩu"},
	}
	sectorOrder = []string{"construction", "housing", "real_estate", "building_materials", "technical_infrastructure", "transport", "logistics"}
	brandNames  = []string{"Hoàng Long", "Kỳ Lừa", "Đồng Đăng", "Tân Thanh", "Hữu Nghị", "Mẫu Sơn", "Xứ Lạng", "Chi Lăng", "Bắc Sơn", "Việt Bắc",
		"Phú Lộc", "Thành Công", "Hưng Thịnh", "An Phát", "Minh Khai", "Tam Thanh", "Nhị Thanh", "Cao Lộc", "Văn Lãng", "Tràng Định",
		"Đình Lập", "Lộc Bình", "Hữu Lũng", "Bình Gia", "Trường Sơn", "Sông Kỳ Cùng", "Phai Vệ", "Hoàng Văn Thụ", "Tân Lang", "Na Dương"}
	places = []string{"phường Lương Văn Tri", "phường Tam Thanh", "phường Đông Kinh", "phường Kỳ Lừa", "xã Đồng Đăng", "xã Cao Lộc",
		"xã Hữu Lũng", "xã Chi Lăng", "xã Lộc Bình", "xã Na Dương", "xã Văn Lãng", "xã Tân Thanh", "xã Bắc Sơn", "xã Bình Gia", "xã Tràng Định", "xã Đình Lập"}
	streets = []string{"Bà Triệu", "Trần Đăng Ninh", "Hùng Vương", "Lê Lợi", "Bắc Sơn", "Phai Vệ", "Tông Đản", "Ngô Quyền", "Minh Khai", "Lý Thái Tổ"}
)

// Enterprises makes n enterprises with valid Lạng Sơn tax codes (prefix 49), most of
// them private, a tenth state-owned, a few foreign-invested; a few are branches.
func Enterprises(n int) []EnterpriseSeed {
	r := rand.New(rand.NewPCG(2026, 2))
	seen := map[string]bool{}
	out := make([]EnterpriseSeed, 0, n)
	for len(out) < n {
		nine := fmt.Sprintf("4900%05d", r.IntN(100000))
		digit, ok := enterprise.CheckDigit(nine)
		if !ok {
			continue
		}
		code := nine + fmt.Sprint(digit)
		if len(out) > 0 && r.IntN(25) == 0 {
			// A branch of an enterprise made before it.
			code = out[r.IntN(len(out))].TaxCode[:10] + fmt.Sprintf("-%03d", 1+r.IntN(3))
		}
		if seen[code] {
			continue
		}
		seen[code] = true
		own := "private"
		switch p := r.IntN(100); {
		case p < 10:
			own = "state"
		case p < 17:
			own = "foreign"
		case p < 20:
			own = "other"
		}
		main := sectorOrder[r.IntN(len(sectorOrder))]
		sectors := []string{main}
		if r.IntN(3) == 0 {
			if other := sectorOrder[r.IntN(len(sectorOrder))]; other != main {
				sectors = append(sectors, other)
			}
		}
		forms := entForms[own]
		words := sectorWords[main]
		name := forms[r.IntN(len(forms))] + " " + words[r.IntN(len(words))] + " " + brandNames[r.IntN(len(brandNames))]
		if own == "state" && r.IntN(2) == 0 {
			name += " Lạng Sơn"
		}
		if strings.Contains(code, "-") {
			name = "Chi nhánh " + name
		}
		emp := 5 + r.IntN(60)
		if r.IntN(5) == 0 {
			emp = 80 + r.IntN(700)
		}
		female := r.IntN(100) < 25
		out = append(out, EnterpriseSeed{
			TaxCode: code, Name: name, Ownership: own, Sectors: sectors, Employees: emp,
			Address:        fmt.Sprintf("Số %d đường %s, %s, tỉnh Lạng Sơn", 1+r.IntN(300), streets[r.IntN(len(streets))], places[r.IntN(len(places))]),
			Representative: personName(r, female),
			Email:          fmt.Sprintf("lienhe.%s@example.vn", strings.ReplaceAll(code, "-", "")),
		})
	}
	return out
}
