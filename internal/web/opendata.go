package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/petition"
	"github.com/thidua/thidua/internal/procedure"
	"github.com/thidua/thidua/internal/tabular"
)

// Open data: every table of the public portal as .csv and .xlsx under
// /open-data/NAME.csv|.xlsx, taking the same filters as its page. The JSON twins are
// under /api/v1/public/.

// dataTable is one public table, header and rows; a cell is a string, an int, a
// float64 or nil (no data, an empty cell, never 0).
type dataTable struct {
	Header []string
	Rows   [][]any
}

// openTable is one downloadable table: its file name, what it holds, the filters
// it takes and how it is built.
type openTable struct {
	Name, Title, Params, API string
	build                    func(s *Server, r *http.Request) (dataTable, error)
}

var openTables = []openTable{
	{"thu-tuc-hanh-chinh", "Danh mục thủ tục hành chính: phí, lệ phí, mức độ trực tuyến, lý do chưa toàn trình", "q, field, level", "/api/v1/public/procedures", (*Server).proceduresTable},
	{"ho-so-theo-don-vi", "Kết quả giải quyết hồ sơ theo phòng, đơn vị trong kỳ", "from, to", "/api/v1/public/dossier-stats", (*Server).unitStatsTable},
	{"ho-so-dung-han-theo-thang", "Tỷ lệ hồ sơ giải quyết đúng hạn theo tháng, toàn Sở và từng đơn vị", "from, to", "/api/v1/public/dossier-monthly", (*Server).monthlyTable},
	{"chi-so-766", "Các nhóm Bộ chỉ số 766 mà thidua tính được", "from, to", "/api/v1/public/index-766", (*Server).index766Table},
	{"phan-anh-theo-don-vi", "Xử lý phản ánh, kiến nghị theo đơn vị trong năm: đúng hạn, hài lòng, điểm 766", "year", "/api/v1/public/petition-scores", (*Server).petitionScoresTable},
	{"tra-loi-phan-anh", "Trả lời phản ánh, kiến nghị đã công khai (đã che thông tin cá nhân; tối đa 5.000 trả lời mới nhất, dùng API để lấy hết)", "q", "/api/v1/public/answers", (*Server).answersTable},
	{"doi-thoai", "Hội nghị gặp gỡ, đối thoại doanh nghiệp đã tổ chức", "year", "/api/v1/public/dialogues", (*Server).dialoguesTable},
	{"chi-tieu", "Chỉ tiêu của phong trào và giá trị tính từ dữ liệu", "year", "/api/v1/public/targets", (*Server).targetsTable},
}

// rate is a nullable rate as a cell: nil stays empty.
func rate(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

// downloadPage is the page size a download reads a list in; a download holds every
// match, except the published answers: at most maxAnswersDownload of the newest, so
// that one anonymous request cannot make the server write a whole archive.
const (
	downloadPage       = 500
	maxAnswersDownload = 5000
)

func (s *Server) proceduresTable(r *http.Request) (dataTable, error) {
	c, err := s.catalogueQuery(r)
	if err != nil {
		return dataTable{}, err
	}
	t := dataTable{Header: []string{"Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Đơn vị thực hiện", "Thời hạn giải quyết (ngày làm việc)",
		"Phí, lệ phí (đồng)", "Phí, lệ phí (ghi chú)", "Căn cứ thu phí", "Mức độ trực tuyến", "Đủ điều kiện toàn trình", "Lý do chưa toàn trình"}}
	for off := 0; ; off += downloadPage {
		page, err := s.procedures.List(r.Context(), c.filter(downloadPage, off))
		if err != nil {
			return t, err
		}
		for _, p := range page.Items {
			t.Rows = append(t.Rows, procedureRow(p))
		}
		if off+downloadPage >= page.Total {
			return t, nil
		}
	}
}

func procedureRow(p procedure.Procedure) []any {
	var days any
	if p.StatutoryDays != nil {
		days = *p.StatutoryDays
	}
	eligible := "Không"
	if p.EligibleFull {
		eligible = "Có"
	}
	return []any{p.Code, p.Name, p.Field, p.UnitName, days, p.Fee, p.FeeText, p.FeeBasis, p.OnlineLevel.Label(), eligible, p.NotFullReason}
}

func (s *Server) unitStatsTable(r *http.Request) (dataTable, error) {
	q, err := s.periodQuery(r)
	if err != nil {
		return dataTable{}, err
	}
	p, err := s.publicStatsFor(r.Context(), q)
	if err != nil {
		return dataTable{}, err
	}
	t := dataTable{Header: []string{"Từ ngày", "Đến ngày", "Mã đơn vị", "Đơn vị", "Kỳ trước chuyển sang", "Tiếp nhận trực tuyến", "Tiếp nhận trực tiếp, bưu chính",
		"Đã giải quyết", "Trước hạn", "Đúng hạn", "Quá hạn", "Đang giải quyết trong hạn", "Đang giải quyết quá hạn",
		"Tỷ lệ đúng hạn (%)", "Điểm tiến độ 766 (/20)"}}
	period := []any{q.From.String(), q.To.String()}
	for _, l := range p.Lines {
		t.Rows = append(t.Rows, append(append([]any{}, period...), l.UnitCode, l.UnitName, l.CarriedOver, l.ReceivedOnline, l.ReceivedDirect,
			l.ResolvedTotal, l.ResolvedEarly, l.ResolvedOnTime, l.ResolvedLate, l.OpenWithin, l.OpenOverdue, rate(l.OnTimeRate), rate(l.Progress766())))
	}
	tt := p.Total
	t.Rows = append(t.Rows, append(period, "", "Toàn Sở", tt.CarriedOver, tt.ReceivedOnline, tt.ReceivedDirect, tt.ResolvedTotal, tt.ResolvedEarly,
		tt.ResolvedOnTime, tt.ResolvedLate, tt.OpenWithin, tt.OpenOverdue, rate(tt.OnTimeRate), rate(tt.Progress766())))
	return t, nil
}

func (s *Server) monthlyTable(r *http.Request) (dataTable, error) {
	months, err := s.publicMonthly(r)
	if err != nil {
		return dataTable{}, err
	}
	t := dataTable{Header: []string{"Tháng", "Mã đơn vị", "Đơn vị", "Hồ sơ đã giải quyết", "Trước hạn, đúng hạn", "Tỷ lệ đúng hạn (%)"}}
	for _, m := range months {
		t.Rows = append(t.Rows, []any{m.Month, m.UnitCode, m.UnitName, m.Resolved, m.InTime, rate(m.Rate)})
	}
	return t, nil
}

func (s *Server) index766Table(r *http.Request) (dataTable, error) {
	q, err := s.periodQuery(r)
	if err != nil {
		return dataTable{}, err
	}
	p, err := s.publicStatsFor(r.Context(), q)
	if err != nil {
		return dataTable{}, err
	}
	t := dataTable{Header: []string{"Từ ngày", "Đến ngày", "Nhóm chỉ số", "Điểm tối đa", "Điểm", "Thidua tính", "Cách tính"}}
	for _, l := range p.Index.Lines {
		how := "Không"
		switch {
		case l.Partial:
			how = "Một phần"
		case l.Computed:
			how = "Có"
		}
		t.Rows = append(t.Rows, []any{q.From.String(), q.To.String(), l.Name, l.Max, rate(l.Score), how, l.Definition})
	}
	return t, nil
}

func (s *Server) petitionScoresTable(r *http.Request) (dataTable, error) {
	year, from, to, err := s.scoreYear(r)
	if err != nil {
		return dataTable{}, err
	}
	units, total, err := s.petitions.Scores(r.Context(), from, to)
	if err != nil {
		return dataTable{}, err
	}
	t := dataTable{Header: []string{"Năm", "Mã đơn vị", "Đơn vị", "Đã trả lời", "Trả lời đúng hạn", "Tỷ lệ đúng hạn (%)", "Điểm đúng hạn (/6)",
		"Đã đánh giá", "Hài lòng", "Tỷ lệ hài lòng (%)", "Điểm hài lòng (/6)"}}
	for _, u := range append(units, total) {
		t.Rows = append(t.Rows, []any{year, u.UnitCode, u.UnitName, u.Handled, u.OnTime, rate(u.OnTimeRate), rate(u.OnTimeScore),
			u.Rated, u.Satisfied, rate(u.SatisfactionRate), rate(u.SatisfactionScore)})
	}
	return t, nil
}

// scoreYear reads ?year= (this year by default) as the period from its first day
// to its last or today.
func (s *Server) scoreYear(r *http.Request) (int, calendar.Date, calendar.Date, error) {
	today := calendar.DateOf(s.now())
	year, err := s.yearParam(r, today.Year)
	if err != nil {
		return 0, calendar.Date{}, calendar.Date{}, err
	}
	to := calendar.NewDate(year, 12, 31)
	if today.Before(to) {
		to = today
	}
	return year, calendar.NewDate(year, 1, 1), to, nil
}

func (s *Server) answersTable(r *http.Request) (dataTable, error) {
	t := dataTable{Header: []string{"Số", "Loại", "Tiêu đề", "Lĩnh vực", "Đơn vị trả lời", "Ngày nhận", "Ngày công khai", "Nội dung", "Trả lời", "Đường dẫn"}}
	for off := 0; ; off += downloadPage {
		page, err := s.petitions.SearchPublished(r.Context(), r.URL.Query().Get("q"), petition.Paging{Limit: downloadPage, Offset: off})
		if err != nil {
			return t, err
		}
		for _, a := range page.Items {
			t.Rows = append(t.Rows, []any{int(a.ID), a.Kind.Label(), a.Subject, a.Field, a.UnitName, a.ReceivedOn.String(), a.PublishedOn.String(),
				a.Question, a.Answer, "/answers/" + itoa(a.ID)})
		}
		if off+downloadPage >= min(page.Total, maxAnswersDownload) || len(page.Items) == 0 {
			return t, nil
		}
	}
}

func (s *Server) dialoguesTable(r *http.Request) (dataTable, error) {
	year, err := s.yearParam(r, 0)
	if err != nil {
		return dataTable{}, err
	}
	t := dataTable{Header: []string{"Ngày", "Tên hội nghị", "Địa điểm", "Vai trò của Sở", "Đơn vị tổ chức", "Số doanh nghiệp tham dự"}}
	for off := 0; ; off += downloadPage {
		items, total, err := s.heldDialogues(r.Context(), year, downloadPage, off)
		if err != nil {
			return t, err
		}
		for _, d := range items {
			t.Rows = append(t.Rows, []any{d.HeldOn.String(), d.Title, d.Place, d.Role, d.Organiser, d.Enterprises})
		}
		if off+downloadPage >= total || len(items) == 0 {
			return t, nil
		}
	}
}

func (s *Server) targetsTable(r *http.Request) (dataTable, error) {
	targets, err := s.publicTargets(r)
	if err != nil {
		return dataTable{}, err
	}
	t := dataTable{Header: []string{"Mã", "Chỉ tiêu", "Ngưỡng", "Giá trị", "Tử số", "Mẫu số", "Đạt", "Tính đến ngày", "Cách tính"}}
	for _, x := range targets {
		var num, den any
		if x.Numerator != nil {
			num = *x.Numerator
		}
		if x.Denominator != nil {
			den = *x.Denominator
		}
		met := "Chưa có dữ liệu"
		if x.Met != nil {
			met = map[bool]string{true: "Đạt", false: "Chưa đạt"}[*x.Met]
		}
		t.Rows = append(t.Rows, []any{x.Code, x.Name, x.Threshold, rate(x.Value), num, den, met, x.AsOf, x.Definition})
	}
	return t, nil
}

// openDataFile answers GET /open-data/{file}: NAME.csv or NAME.xlsx.
func (s *Server) openDataFile(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("file")
	name, ext, _ := strings.Cut(file, ".")
	format := tabular.Format(ext)
	if format != tabular.CSV && format != tabular.XLSX {
		return errNotFound
	}
	for _, t := range openTables {
		if t.Name != name {
			continue
		}
		table, err := t.build(s, r)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := tabular.WriteTable(&buf, format, table.Header, table.Rows); err != nil {
			return err
		}
		ctype := xlsxType
		if format == tabular.CSV {
			ctype = "text/csv; charset=utf-8"
		}
		w.Header().Set("Content-Disposition", `attachment; filename="`+file+`"`)
		servePublic(w, r, ctype, buf.Bytes())
		return nil
	}
	return errNotFound
}

// servePublic answers data anyone may read: shared caches may keep it a few minutes,
// and a client that has this very body already (same ETag) gets 304.
func servePublic(w http.ResponseWriter, r *http.Request, contentType string, body []byte) {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	h := w.Header()
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("ETag", etag)
	h.Set("Access-Control-Allow-Origin", "*")
	for _, m := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		if m = strings.TrimSpace(m); m == etag || m == "W/"+etag || m == "*" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h.Set("Content-Type", contentType)
	w.Write(body)
}

type openDataView struct {
	view
	Tables []openTable
}

// openDataPage lists every downloadable table and its JSON twin.
func (s *Server) openDataPage(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "open_data", &openDataView{view: s.base(r, "Dữ liệu mở"), Tables: openTables})
	return nil
}
