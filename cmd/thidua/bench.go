package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/bench"
	"github.com/thidua/thidua/internal/db"
)

func cmdBench(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench",
		"bench [--only participants|dossiers|petitions|reports|awards|portal|indicators|load|fuzz] [--enterprises 100000] [--units 1000] [--staff 10000] [--requests 200] "+
			"[--dossiers 1000000] [--dossiers-xlsx 100000] [--stats-runs 50] [--petitions 200000] [--petition-clients 50] "+
			"[--petition-seconds 30] [--report-units 50] [--report-dossiers 200000] [--report-runs 10] [--award-units 1000] [--award-staff 40] [--award-runs 10] "+
			"[--portal-requests 200] [--portal-clients 200] [--portal-seconds 60] [--indicator-enterprises 10000] "+
			"[--load-dossiers 100000] [--load-petitions 20000] [--load-rates 5,10,20,40,80] [--load-step-seconds 20] [--load-p95-ms 1000] [--fuzz-time 1m] "+
			"[--keep DIR] [--cpuprofile PREFIX] [--postgres auto|off|URL] [--out docs/BENCHMARKS.md]",
		`Đo hiệu năng: tạo tệp Excel/CSV gồm các đơn vị, cán bộ và doanh nghiệp, nhập vào một cơ sở dữ liệu
mới (SQLite, rồi PostgreSQL), đo tốc độ nhập (dòng/giây) và thời gian mở trang danh sách doanh nghiệp
khi tìm kiếm (p50, p95, p99). Mục hồ sơ: tạo tệp CSV/Excel gồm các hồ sơ thủ tục hành chính trong 5 năm,
nhập vào cơ sở dữ liệu mới (tốc độ, đỉnh bộ nhớ), kiểm tra bảng tổng hợp theo ngày bằng cách đếm lại, rồi đo
thời gian tính thống kê Biểu II.06a cho một năm, 5 năm và từng đơn vị, và trang chỉ tiêu. Mục phản ánh,
kiến nghị: ghi 200.000 phản ánh, kiến nghị của hai năm qua vào cơ sở dữ liệu mới, đo thời gian mở trang
việc cần xử lý của một phòng (trang đầu và trang cuối), rồi cho nhiều máy khách cùng gửi phản ánh, kiến
nghị qua API trong một khoảng thời gian (số yêu cầu, số lỗi, số phản ánh/giây, p50, p95, p99). Mục báo cáo:
ghi dữ liệu 5 năm của 50 đơn vị rồi đo thời gian lập báo cáo tổng kết thành tệp Word. Mục khen thưởng: ghi
1.000 đơn vị, mỗi đơn vị 40 cán bộ với xếp loại, kỷ luật, sáng kiến, điểm chấm, rồi đo thời gian xét điều kiện
danh hiệu cho cả Sở. Mục cổng công khai: ghi cả 1.000.000 hồ sơ và 200.000 phản ánh, kiến nghị vào một cơ sở
dữ liệu mới, đo thời gian mở trang tổng quan của lãnh đạo Sở và trang thống kê hồ sơ công khai, rồi cho 200
người xem không đăng nhập cùng mở các trang công khai trong 60 giây (số yêu cầu, số lỗi, p50, p95, p99).
Mục chỉ tiêu sản xuất kinh doanh: nhập 10.000 doanh nghiệp với 5 năm chỉ tiêu mỗi doanh nghiệp, đo thời
gian mở trang phân tích theo ngành và trang danh sách, và thời gian tải toàn bộ chỉ tiêu dạng .xlsx.
Mục thử tải: ghi 100.000 hồ sơ và 20.000 phản ánh, kiến nghị vào cơ sở dữ liệu mới, chạy thidua serve
(một tiến trình trên SQLite, hai tiến trình trên PostgreSQL, yêu cầu chia lần lượt cho từng tiến trình) rồi
gửi hỗn hợp yêu cầu (trang công khai, đăng nhập, danh sách của cán bộ, trang tổng quan, gửi phản ánh, kiến
nghị qua API, nhập tệp hồ sơ nhỏ) ở từng mức --load-rates yêu cầu/giây; ghi số yêu cầu, số lỗi, p50, p95,
p99, bộ nhớ của từng tiến trình và mức cao nhất không lỗi mà p95 không quá --load-p95-ms.
Mục fuzz: chạy scripts/fuzz, thử mỗi bộ nhập dữ liệu và bộ đọc tệp kế hoạch với dữ liệu ngẫu nhiên trong
--fuzz-time (cần bộ công cụ Go và mã nguồn; chạy từ thư mục mã nguồn).
Kết quả được ghi vào mục riêng của tệp --out; các mục khác trong tệp được giữ nguyên. Lệnh chỉ dùng
cơ sở dữ liệu tạm của riêng nó, không đụng đến dữ liệu đang dùng, và chỉ gửi yêu cầu tới chính máy này.
Với kích thước mặc định, mỗi mục chạy vài phút; --only chọn một mục.`)
	units := fs.Int("units", 1000, "số đơn vị")
	staff := fs.Int("staff", 10_000, "số cán bộ")
	enterprises := fs.Int("enterprises", 100_000, "số doanh nghiệp")
	requests := fs.Int("requests", 200, "số lần mở mỗi trang danh sách để tính thời gian")
	pg := fs.String("postgres", "auto", "auto (chạy một máy chủ PostgreSQL tạm nếu máy có cài), off (chỉ đo SQLite), "+
		"hoặc địa chỉ postgres://… của một máy chủ có sẵn, trên đó lệnh tạo rồi xoá một cơ sở dữ liệu riêng")
	dossiers := fs.Int("dossiers", 1_000_000, "số hồ sơ trong tệp CSV của mục hồ sơ")
	dossiersXLSX := fs.Int("dossiers-xlsx", 100_000, "số hồ sơ trong tệp Excel của mục hồ sơ (tệp Excel được đọc cả vào bộ nhớ)")
	statsRuns := fs.Int("stats-runs", 50, "số lần tính mỗi bảng thống kê và mở trang chỉ tiêu để tính thời gian")
	petitions := fs.Int("petitions", 200_000, "số phản ánh, kiến nghị ghi sẵn vào cơ sở dữ liệu của mục phản ánh, kiến nghị")
	petitionClients := fs.Int("petition-clients", 50, "số máy khách cùng gửi phản ánh, kiến nghị qua API (cứ 10 máy có 1 là Văn phòng Sở)")
	petitionSeconds := fs.Int("petition-seconds", 30, "số giây các máy khách gửi phản ánh, kiến nghị")
	reportUnits := fs.Int("report-units", 50, "số đơn vị của mục báo cáo (từ 9, vì 8 đơn vị giải quyết hồ sơ)")
	reportDossiers := fs.Int("report-dossiers", 200_000, "số hồ sơ 5 năm của mục báo cáo")
	reportRuns := fs.Int("report-runs", 10, "số lần lập báo cáo tổng kết để tính thời gian")
	awardUnits := fs.Int("award-units", 1000, "số đơn vị của mục khen thưởng")
	awardStaff := fs.Int("award-staff", 40, "số cán bộ mỗi đơn vị của mục khen thưởng")
	awardRuns := fs.Int("award-runs", 10, "số lần xét điều kiện danh hiệu để tính thời gian")
	portalRequests := fs.Int("portal-requests", 200, "số lần mở trang tổng quan và trang thống kê công khai của mục cổng công khai để tính thời gian")
	portalClients := fs.Int("portal-clients", 200, "số người xem không đăng nhập cùng mở các trang công khai")
	portalSeconds := fs.Int("portal-seconds", 60, "số giây người xem mở các trang công khai")
	indicatorEnterprises := fs.Int("indicator-enterprises", 10_000, "số doanh nghiệp của mục chỉ tiêu, mỗi doanh nghiệp 5 năm số liệu")
	loadDossiers := fs.Int("load-dossiers", 100_000, "số hồ sơ ghi sẵn của mục thử tải")
	loadPetitions := fs.Int("load-petitions", 20_000, "số phản ánh, kiến nghị ghi sẵn của mục thử tải")
	loadRates := fs.String("load-rates", "5,10,20,40,80", "các mức yêu cầu/giây của mục thử tải, tăng dần, cách nhau bằng dấu phẩy")
	loadStep := fs.Int("load-step-seconds", 20, "số giây gửi yêu cầu ở mỗi mức của mục thử tải")
	loadP95 := fs.Int("load-p95-ms", 1000, "p95 lớn nhất (mili giây) để một mức của mục thử tải được tính là đạt")
	fuzzTime := fs.Duration("fuzz-time", time.Minute, "thời gian thử mỗi đích fuzz của mục fuzz (5s, 1m, 10m)")
	only := fs.String("only", "", "chỉ đo một mục: participants (đơn vị, cán bộ, doanh nghiệp), dossiers (hồ sơ) "+
		"petitions (phản ánh, kiến nghị), reports (báo cáo tổng kết), awards (xét khen thưởng), portal (tổng quan, cổng công khai) "+
		"indicators (chỉ tiêu sản xuất kinh doanh), load (thử tải) hoặc fuzz (thử bộ nhập dữ liệu với dữ liệu ngẫu nhiên)")
	keep := fs.String("keep", "", "chỉ với --only portal: thư mục giữ tệp CSV, tệp SQLite và dữ liệu PostgreSQL đã ghi để lần chạy sau "+
		"(cùng số hồ sơ, số phản ánh) dùng lại thay vì ghi lại từ đầu; dữ liệu phản ánh giữ ngày của lần ghi")
	cpuprofile := fs.String("cpuprofile", "", "chỉ với --only portal: ghi hồ sơ CPU (pprof) của các lần mở từng trang vào PREFIX-sqlite-dashboard.pprof…")
	out := fs.String("out", "docs/BENCHMARKS.md", "tệp ghi kết quả")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("không cần đối số %q; xem thidua bench --help", fs.Arg(0))
	}
	if *units < 1 || *staff < 0 || *enterprises < 1 || *requests < 1 {
		return fmt.Errorf("--units, --enterprises và --requests phải từ 1 trở lên, --staff không được âm")
	}
	if *only != "" && *only != "participants" && *only != "dossiers" && *only != "petitions" && *only != "reports" && *only != "awards" &&
		*only != "portal" && *only != "indicators" && *only != "load" && *only != "fuzz" {
		return fmt.Errorf("--only: cần participants, dossiers, petitions, reports, awards, portal, indicators, load hoặc fuzz, không phải %q", *only)
	}
	rates, err := parseRates(*loadRates)
	if err != nil {
		return err
	}
	if (*only == "" || *only == "load") && (*loadDossiers < 1 || *loadPetitions < 1 || *loadStep < 1 || *loadP95 < 1) {
		return fmt.Errorf("--load-dossiers, --load-petitions, --load-step-seconds và --load-p95-ms phải từ 1 trở lên")
	}
	if (*only == "" || *only == "fuzz") && *fuzzTime < time.Second {
		return fmt.Errorf("--fuzz-time phải từ 1s trở lên")
	}
	if (*only == "" || *only == "indicators") && *indicatorEnterprises < 1 {
		return fmt.Errorf("--indicator-enterprises phải từ 1 trở lên")
	}
	if (*only == "" || *only == "portal") && (*dossiers < 1 || *petitions < 1 || *portalRequests < 1 || *portalClients < 1 || *portalSeconds < 1) {
		return fmt.Errorf("--dossiers, --petitions, --portal-requests, --portal-clients và --portal-seconds phải từ 1 trở lên")
	}
	if (*only == "" || *only == "awards") && (*awardUnits < 1 || *awardStaff < 1 || *awardRuns < 1) {
		return fmt.Errorf("--award-units, --award-staff và --award-runs phải từ 1 trở lên")
	}
	if (*only == "" || *only == "reports") && (*reportUnits < 9 || *reportDossiers < 1 || *reportRuns < 1) {
		return fmt.Errorf("--report-units phải từ 9 trở lên, --report-dossiers và --report-runs từ 1 trở lên")
	}
	if (*only == "" || *only == "dossiers") && (*dossiers < 1 || *dossiersXLSX < 1 || *statsRuns < 1) {
		return fmt.Errorf("--dossiers, --dossiers-xlsx và --stats-runs phải từ 1 trở lên")
	}
	if (*only == "" || *only == "petitions") && (*petitions < 1 || *petitionClients < 1 || *petitionSeconds < 1) {
		return fmt.Errorf("--petitions, --petition-clients và --petition-seconds phải từ 1 trở lên")
	}
	if (*keep != "" || *cpuprofile != "") && *only != "portal" {
		return fmt.Errorf("--keep và --cpuprofile chỉ dùng với --only portal")
	}
	if *pg != "auto" && *pg != "off" && !db.IsPostgresURL(*pg) {
		return fmt.Errorf("--postgres: cần auto, off hoặc một địa chỉ postgres://…, không phải %q", *pg)
	}
	start := time.Now()
	rep, err := bench.Run(ctx, bench.Config{Units: *units, Staff: *staff, Enterprises: *enterprises, Requests: *requests,
		Dossiers: *dossiers, DossiersXLSX: *dossiersXLSX, StatsRuns: *statsRuns, Only: *only,
		Petitions: *petitions, PetitionClients: *petitionClients, PetitionDuration: time.Duration(*petitionSeconds) * time.Second,
		ReportUnits: *reportUnits, ReportDossiers: *reportDossiers, ReportRuns: *reportRuns,
		AwardUnits: *awardUnits, AwardStaff: *awardStaff, AwardRuns: *awardRuns,
		PortalRequests: *portalRequests, PortalClients: *portalClients, PortalDuration: time.Duration(*portalSeconds) * time.Second,
		IndicatorEnterprises: *indicatorEnterprises, FuzzTime: *fuzzTime,
		LoadDossiers: *loadDossiers, LoadPetitions: *loadPetitions, LoadRates: rates, LoadStep: time.Duration(*loadStep) * time.Second,
		LoadP95: time.Duration(*loadP95) * time.Millisecond, Keep: *keep, CPUProfile: *cpuprofile, Postgres: *pg, Progress: e.stdout, Now: e.now})
	if err != nil {
		return err
	}
	if err := rep.WriteFile(*out); err != nil {
		return fmt.Errorf("ghi kết quả: %w", err)
	}
	if rep.Config.Runs("participants") {
		fmt.Fprintf(e.stdout, "\n%s", rep.Markdown())
	}
	if len(rep.Dossiers) > 0 {
		fmt.Fprintf(e.stdout, "\n%s", rep.DossierMarkdown())
	}
	if len(rep.Petitions) > 0 || len(rep.PetitionNotes) > 0 {
		fmt.Fprintf(e.stdout, "\n%s", rep.PetitionMarkdown())
	}
	if len(rep.Reports) > 0 || len(rep.ReportNotes) > 0 {
		fmt.Fprintf(e.stdout, "\n%s", rep.ReportMarkdown())
	}
	if len(rep.Awards) > 0 || len(rep.AwardNotes) > 0 {
		fmt.Fprintf(e.stdout, "\n%s", rep.AwardMarkdown())
	}
	if len(rep.Portal) > 0 || len(rep.PortalNotes) > 0 {
		fmt.Fprintf(e.stdout, "\n%s", rep.PortalMarkdown())
	}
	if len(rep.Indicators) > 0 || len(rep.IndicatorNotes) > 0 {
		fmt.Fprintf(e.stdout, "\n%s", rep.IndicatorMarkdown())
	}
	if len(rep.Load) > 0 || len(rep.LoadNotes) > 0 {
		fmt.Fprintf(e.stdout, "\n%s", rep.LoadMarkdown())
	}
	if len(rep.Fuzz) > 0 || len(rep.FuzzNotes) > 0 {
		fmt.Fprintf(e.stdout, "\n%s", rep.FuzzMarkdown())
	}
	fmt.Fprintf(e.stdout, "\nĐã ghi kết quả vào %s (%v).\n", *out, time.Since(start).Round(time.Second))
	return nil
}

// parseRates reads --load-rates: whole requests a second, rising.
func parseRates(s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 1 || (len(out) > 0 && n <= out[len(out)-1]) {
			return nil, fmt.Errorf("--load-rates: cần các số nguyên dương tăng dần cách nhau bằng dấu phẩy (5,10,20), không phải %q", s)
		}
		out = append(out, n)
	}
	return out, nil
}
