package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/indicator"
	"github.com/thidua/thidua/internal/tabular"
)

// Revenue per worker and year in each sector, in đồng: small Lạng Sơn contractors
// and carriers turn over well under a tỷ per worker; traders and developers more.
var productivity = map[string]float64{
	"construction": 0.5e9, "housing": 0.6e9, "real_estate": 0.9e9, "building_materials": 0.6e9,
	"technical_infrastructure": 0.45e9, "transport": 0.35e9, "logistics": 0.6e9,
}

var (
	digitalMeasures = []string{"Hóa đơn điện tử; phần mềm kế toán MISA", "Quản lý dự án, tiến độ thi công trên phần mềm; hợp đồng điện tử",
		"Giám sát hành trình GPS, vé điện tử, đặt chỗ trực tuyến", "Khai hải quan điện tử; quản lý kho bằng mã vạch",
		"Ứng dụng BIM trong thiết kế, dự toán", "Chữ ký số, văn phòng điện tử", ""}
	greenMeasures = []string{"Sản xuất gạch không nung, tận dụng đá mạt", "Đèn LED, pin mặt trời mái nhà xưởng", "Xe tải tiêu chuẩn khí thải Euro 5",
		"Bê tông tái chế, phụ gia tro bay", "Thiết kế công trình tiết kiệm năng lượng theo QCVN 09:2017/BXD", "", ""}
	welfareMeasures = []string{"Thưởng tháng lương thứ 13, khám sức khỏe định kỳ", "Hỗ trợ nhà ở, bữa ăn giữa ca cho công nhân",
		"Tham quan, nghỉ mát hằng năm; quà cho con công nhân dịp 1/6", "Bảo hiểm tai nạn 24/24 ngoài bảo hiểm bắt buộc", ""}
)

// LoadIndicators gives most demo enterprises their figures for 2024 to 2026 (2026 as
// estimated, some with the first half too): the first enterprise enters its own
// through the form, the office imports the rest as one file. A few state-owned
// enterprises are much larger; some owe tax or insurance, had an accident or a
// violation; a few make a loss.
func LoadIndicators(ctx context.Context, d *db.DB, now func() time.Time, ents []EnterpriseSeed, entIDs []int64) error {
	s := indicator.NewStore(d, now, nil)
	r := rand.New(rand.NewPCG(2026, 9))
	thisYear := now().Year()
	header := []string{"tax_code", "year", "half", "revenue", "profit", "budget_paid", "employees", "avg_income", "investment",
		"digital", "green", "welfare", "insurance_full", "insurance_arrears", "accidents", "violations", "tax_arrears"}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	labels := make([]string, len(header))
	for i, h := range header {
		labels[i] = indicator.FieldLabels[h]
	}
	w.Write(labels)
	for i, e := range ents {
		if i%12 == 5 {
			continue // has never reported
		}
		rows := figuresOf(r, e, thisYear)
		for n, row := range rows {
			if i == 0 {
				if n < 2 {
					if _, err := s.Create(ctx, auth.Scope{All: true}, entIDs[0], inputOf(row)); err != nil {
						return fmt.Errorf("demo: indicators of %s: %w", e.TaxCode, err)
					}
				}
				continue
			}
			w.Write(append([]string{e.TaxCode}, row...))
		}
	}
	w.Flush()
	res, err := s.Import(ctx, &buf, "chi-tieu-sxkd-2024-2026.csv", tabular.Options{})
	if err != nil {
		return fmt.Errorf("demo: indicators: %w", err)
	}
	if !res.OK() {
		return fmt.Errorf("demo: indicators refused: %v", res.Rejected[:min(3, len(res.Rejected))])
	}
	return nil
}

// figuresOf makes an enterprise's rows, without its tax code: each year from 2024
// that has begun, and for about four in ten the first half of 2026.
func figuresOf(r *rand.Rand, e EnterpriseSeed, thisYear int) [][]string {
	state := e.Ownership == "state"
	workers := float64(e.Employees)
	perWorker := productivity[e.Sectors[0]] * (0.6 + 0.9*r.Float64())
	income := 5.5e6 + 4e6*r.Float64()
	if workers > 100 {
		perWorker *= 0.7 // the larger workforces are site labour
	}
	if state {
		workers = max(workers, float64(150+r.IntN(400)))
		perWorker *= 1.3
		income = 8e6 + 4e6*r.Float64()
	}
	revenue := workers * perWorker
	var out [][]string
	for year := 2024; year <= min(2026, thisYear); year++ {
		if year == 2026 && r.IntN(5) == 0 {
			break // has not sent its estimate yet
		}
		out = append(out, yearRow(r, year, 0, revenue, workers, income, state))
		if year == 2026 && r.IntN(10) < 4 {
			out = append(out, yearRow(r, year, 1, revenue*(0.42+0.08*r.Float64()), workers, income, state))
		}
		revenue *= 0.88 + 0.34*r.Float64()
		workers = max(3, workers*(0.92+0.16*r.Float64()))
		income *= 1.04 + 0.04*r.Float64()
	}
	return out
}

func yearRow(r *rand.Rand, year, half int, revenue, workers, income float64, state bool) []string {
	margin := 0.01 + 0.05*r.Float64()
	if !state && r.IntN(100) < 12 {
		margin = -0.02 - 0.08*r.Float64()
	}
	money := func(v float64) string { return strconv.FormatInt(int64(v/1e6)*1e6, 10) }
	investment := 0.0
	if r.IntN(2) == 0 {
		investment = revenue * (0.01 + 0.05*r.Float64())
	}
	full, insArrears, accidents, violations, taxArrears := "Có", "0", "0", "0", "0"
	if r.IntN(100) < 6 {
		full, insArrears = "Không", money(2e7+3.8e8*r.Float64())
	}
	if r.IntN(100) < 4 {
		accidents = strconv.Itoa(1 + r.IntN(2))
	}
	if r.IntN(100) < 3 {
		violations = "1"
	}
	if r.IntN(100) < 7 {
		taxArrears = money(3e7 + 1.5e9*r.Float64())
	}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	return []string{strconv.Itoa(year), indicator.HalfLabel(half), money(revenue), money(revenue * margin),
		money(revenue * (0.03 + 0.04*r.Float64())), strconv.Itoa(int(workers)), money(income), money(investment),
		pick(digitalMeasures), pick(greenMeasures), pick(welfareMeasures), full, insArrears, accidents, violations, taxArrears}
}

// inputOf is a row as the enterprise would type it in the form.
func inputOf(row []string) indicator.Input {
	return indicator.Input{Year: row[0], Half: row[1], Revenue: row[2], Profit: row[3], BudgetPaid: row[4], Employees: row[5],
		AvgIncome: row[6], Investment: row[7], Digital: row[8], Green: row[9], Welfare: row[10], InsuranceFull: row[11],
		InsuranceArrears: row[12], Accidents: row[13], Violations: row[14], TaxArrears: row[15]}
}
