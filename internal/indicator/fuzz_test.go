package indicator

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/tabular/tabulartest"
)

// FuzzImportRows: whatever an indicators file holds (money written with dots, signs,
// words, future years, odd periods), the import reads it into a clear error about
// the file or one verdict per row, each rejection naming its row and column; and an
// accepted row's figures, written back as the pages write them (12.500.000.000, Cả
// năm, Có), read again as the same figures. The file is read as a .csv (tabular
// fuzzes .xlsx); the enterprises are looked up later, in the database.
func FuzzImportRows(f *testing.F) {
	f.Add([]byte("\uFEFFMã số thuế;Năm;Doanh thu (đồng);Lợi nhuận trước thuế (đồng);Nộp ngân sách nhà nước (đồng);Số lao động\r\n" +
		"0100109106;2025;13.000.000.000;450.000.000;610.000.000;25\r\n" +
		"0300588569;2025;40.000.000.000;-1.200.000.000;1.500.000.000;120\r\n"))
	f.Add([]byte("Mã số thuế,Năm,Doanh thu (đồng),Lợi nhuận trước thuế (đồng),Nộp ngân sách nhà nước (đồng),Số lao động\n" +
		"0100109106,2025,12500000000,450000000,610000000,25\n" +
		"0100109107,2025,1000000000,10000000,20000000,5\n" +
		"0300588569,2025,bốn mươi tỷ,0,0,120\n" +
		"0100109106-001,2027,1000,0,0,3\n" +
		"0200000000,2025,-5,0,0,3\n" +
		"0100109106,2025,12500000000,450000000,610000000,25\n"))
	f.Add([]byte(tabulartest.Template(Columns) +
		"0100109106,2026,6 tháng đầu năm,1.000,0,0,3,9.000.000,0,Hóa đơn điện tử,,,Có,0,0,0,0\n" +
		"0100109106,2025,H2,1,2,3,4,5,6,,,,Không,7,8,9,10\n" +
		"0100109106,2024,Quý 3,1,2,3,4,5,6,,,,Đủ,7,-1,x,99999999999999999999\n"))
	s := NewStore(nil, func() time.Time { return time.Date(2026, 3, 15, 9, 0, 0, 0, time.UTC) }, nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := tabular.Read(bytes.NewReader(data), "chi-tieu.csv", Columns)
		if err != nil {
			tabulartest.CheckFileError(t, err)
			return
		}
		res := tabular.NewResult(tab, "dòng chỉ tiêu", tabular.Options{})
		cands := s.parseRows(tab, res)
		tabulartest.CheckResult(t, tab, res)
		if len(cands) != len(tab.Rows) {
			t.Fatalf("%d rows read into %d periods", len(tab.Rows), len(cands))
		}
		rejected := map[int]bool{}
		for _, p := range res.Rejected {
			rejected[p.Row] = true
		}
		for _, c := range cands {
			if rejected[c.num] {
				continue
			}
			again, issues := written(c.in).parse(s.today())
			if len(issues) > 0 || again != c.in {
				t.Fatalf("row %d accepted as %+v; written back and read again: %+v, %v", c.num, c.in, again, issues)
			}
		}
	})
}

// written is the input that writes in as the pages show it.
func written(in Indicator) Input {
	yesNo := map[bool]string{true: "Có", false: "Không"}
	return Input{Year: strconv.Itoa(in.Year), Half: HalfLabel(in.Half), Revenue: Money(in.Revenue), Profit: Money(in.Profit),
		BudgetPaid: Money(in.BudgetPaid), Employees: strconv.Itoa(in.Employees), AvgIncome: Money(in.AvgIncome),
		Investment: Money(in.Investment), Digital: in.Digital, Green: in.Green, Welfare: in.Welfare,
		InsuranceFull: yesNo[in.InsuranceFull], InsuranceArrears: Money(in.InsuranceArrears), Accidents: strconv.Itoa(in.Accidents),
		Violations: strconv.Itoa(in.Violations), TaxArrears: Money(in.TaxArrears)}
}
