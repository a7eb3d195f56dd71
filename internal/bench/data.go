package bench

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/org"
)

// files are the generated spreadsheets, one path each.
type files struct {
	units, staff, enterprisesXLSX, enterprisesCSV string
	// searches are the terms the list page is timed with, chosen from the data so
	// that each matches what its label says.
	taxPrefix, rare string
}

// rareBrand names a handful of enterprises, so that one search matches almost
// nothing and has to look at every row to say so.
const rareBrand = "Pác Bó"

var (
	surnames  = []string{"Nguyễn", "Trần", "Lê", "Hoàng", "Phạm", "Vi", "Lương", "Nông", "Hà", "Đinh", "Lý", "Lăng", "Triệu", "Chu", "Vũ", "Đặng"}
	middles   = []string{"Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu", "Thanh", "Hồng", "Mạnh", "Phương"}
	givens    = []string{"Hùng", "Dũng", "Tuấn", "Long", "Thắng", "Cường", "Hải", "Sơn", "Bình", "Hoa", "Lan", "Hương", "Thảo", "Linh", "Trang", "Hằng", "Nga", "Yến", "Mai", "Việt"}
	positions = []string{"Chuyên viên", "Chuyên viên chính", "Viên chức", "Kế toán", "Trưởng phòng", "Phó Trưởng phòng"}
	forms     = []string{"Công ty TNHH", "Công ty TNHH MTV", "Công ty Cổ phần", "Doanh nghiệp tư nhân", "Hợp tác xã"}
	brands    = []string{"Hoàng Long", "Kỳ Lừa", "Đồng Đăng", "Tân Thanh", "Hữu Nghị", "Mẫu Sơn", "Xứ Lạng", "Chi Lăng", "Bắc Sơn", "Việt Bắc",
		"Phú Lộc", "Thành Công", "Hưng Thịnh", "An Phát", "Minh Khai", "Tam Thanh", "Nhị Thanh", "Cao Lộc", "Văn Lãng", "Tràng Định",
		"Đình Lập", "Lộc Bình", "Hữu Lũng", "Bình Gia", "Trường Sơn", "Kỳ Cùng", "Phai Vệ", "Tân Lang", "Na Dương", "Đông Kinh"}
	// sectorWords are words a name in each sector carries, so that "xay dung" and
	// "van tai" match about as many names as they would in a real list.
	sectorWords = map[enterprise.Sector][]string{
		enterprise.SectorConstruction:            {"Xây dựng", "Đầu tư và Xây dựng", "Xây lắp"},
		enterprise.SectorHousing:                 {"Phát triển Nhà", "Nhà ở Xã hội"},
		enterprise.SectorRealEstate:              {"Bất động sản", "Địa ốc"},
		enterprise.SectorBuildingMaterials:       {"Vật liệu Xây dựng", "Gạch Tuynel", "Xi măng", "Bê tông"},
		enterprise.SectorTechnicalInfrastructure: {"Hạ tầng Kỹ thuật", "Cấp thoát nước", "Môi trường Đô thị"},
		enterprise.SectorTransport:               {"Vận tải", "Vận tải Hành khách", "Xe khách", "Xây dựng Giao thông"},
		enterprise.SectorLogistics:               {"Logistics", "Kho vận", "Giao nhận và Vận tải"},
	}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// generate writes the three lists into dir from a fixed seed, so that two runs
// measure the same data.
func generate(dir string, units, staff, enterprises int) (files, error) {
	f := files{
		units:           filepath.Join(dir, "don-vi.xlsx"),
		staff:           filepath.Join(dir, "can-bo.xlsx"),
		enterprisesXLSX: filepath.Join(dir, "doanh-nghiep.xlsx"),
		enterprisesCSV:  filepath.Join(dir, "doanh-nghiep.csv"),
	}
	header, rows := unitRows(units)
	if err := writeXLSX(f.units, header, rows); err != nil {
		return f, err
	}
	header, rows = staffRows(staff, units)
	if err := writeXLSX(f.staff, header, rows); err != nil {
		return f, err
	}
	header, rows = enterpriseRows(enterprises)
	if err := writeXLSX(f.enterprisesXLSX, header, rows); err != nil {
		return f, err
	}
	if err := writeCSV(f.enterprisesCSV, header, rows); err != nil {
		return f, err
	}
	// A code's first eight digits, as someone types who has half the code in mind:
	// it matches about ten enterprises.
	f.taxPrefix = rows[len(rows)/2][0][:8]
	f.rare = rareBrand
	return f, nil
}

func unitCode(i int) string { return fmt.Sprintf("DV%04d", i) }

// unitRows makes one office, a tenth divisions, and affiliated units under them.
func unitRows(n int) ([]string, [][]string) {
	header := []string{org.FieldLabels["code"], org.FieldLabels["name"], org.FieldLabels["kind"], org.FieldLabels["parent"], org.FieldLabels["email"]}
	r := rand.New(rand.NewPCG(2026, 10))
	divisions := max(1, n/10)
	rows := make([][]string, 0, n)
	for i := range n {
		kind, name, parent := "Đơn vị trực thuộc", fmt.Sprintf("Trung tâm %s số %d", pick(r, brands), i), ""
		switch {
		case i == 0:
			kind, name = "Văn phòng Sở", "Văn phòng Sở"
		case i <= divisions:
			kind, name = "Phòng chuyên môn", fmt.Sprintf("Phòng chuyên môn số %d", i)
		default:
			parent = unitCode(1 + i%divisions)
		}
		rows = append(rows, []string{unitCode(i), name, kind, parent, strings.ToLower(unitCode(i)) + "@sxd.langson.gov.vn"})
	}
	return header, rows
}

// staffRows spreads n staff over the units, with no name twice in one unit (the
// importer would rightly refuse that).
func staffRows(n, units int) ([]string, [][]string) {
	header := []string{org.FieldLabels["full_name"], org.FieldLabels["position"], org.FieldLabels["unit"], org.FieldLabels["gender"], org.FieldLabels["email"]}
	r := rand.New(rand.NewPCG(2026, 11))
	seen := map[string]bool{}
	rows := make([][]string, 0, n)
	for i := 0; len(rows) < n; i++ {
		unit := unitCode(i % max(units, 1))
		name := pick(r, surnames) + " " + pick(r, middles) + " " + pick(r, givens)
		if seen[unit+name] {
			name += " " + pick(r, givens)
			if seen[unit+name] {
				continue
			}
		}
		seen[unit+name] = true
		gender := "Nam"
		if r.IntN(2) == 0 {
			gender = "Nữ"
		}
		rows = append(rows, []string{name, pick(r, positions), unit, gender, fmt.Sprintf("cb%05d@sxd.langson.gov.vn", len(rows))})
	}
	return header, rows
}

// enterpriseRows makes n enterprises with valid, distinct Lạng Sơn tax codes; one
// in fifty is a branch, one in 20,000 carries the rare brand.
func enterpriseRows(n int) ([]string, [][]string) {
	header := make([]string, len(enterprise.Columns))
	for i, c := range enterprise.Columns {
		header[i] = c.Header
	}
	r := rand.New(rand.NewPCG(2026, 12))
	rows := make([][]string, 0, n)
	for nine := 490000000; len(rows) < n; nine++ {
		digit, ok := enterprise.CheckDigit(strconv.Itoa(nine))
		if !ok {
			continue
		}
		code := strconv.Itoa(nine) + strconv.Itoa(digit)
		main := pick(r, enterprise.Sectors)
		sectors := main.Label()
		if other := pick(r, enterprise.Sectors); r.IntN(3) == 0 && other != main {
			sectors += "; " + other.Label()
		}
		brand := pick(r, brands)
		if len(rows)%20_000 == 7_777 {
			brand = rareBrand
		}
		name := pick(r, forms) + " " + pick(r, sectorWords[main]) + " " + brand
		if len(rows)%50 == 49 {
			code, name = rows[len(rows)-1][0][:10]+"-001", "Chi nhánh "+name
		}
		rows = append(rows, []string{code, name, sectors, pick(r, enterprise.Ownerships).Label(),
			fmt.Sprintf("Số %d đường %s, tỉnh Lạng Sơn", 1+r.IntN(300), pick(r, brands)),
			pick(r, surnames) + " " + pick(r, middles) + " " + pick(r, givens), strconv.Itoa(5 + r.IntN(300)),
			"lienhe." + strings.ReplaceAll(code, "-", "") + "@example.vn"})
	}
	return header, rows
}

// writeXLSX writes every cell as text, as offices keep tax codes.
func writeXLSX(path string, header []string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter(f.GetSheetName(0))
	if err != nil {
		return err
	}
	cells := make([]any, len(header))
	for i, row := range append([][]string{header}, rows...) {
		for j, c := range row {
			cells[j] = c
		}
		axis, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(axis, cells); err != nil {
			return fmt.Errorf("bench: %s row %d: %w", path, i+1, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

func writeCSV(path string, header []string, rows [][]string) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(out)
	cw := csv.NewWriter(bw)
	cw.Write(header)
	cw.WriteAll(rows)
	if err := cw.Error(); err != nil {
		out.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
