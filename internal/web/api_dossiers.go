package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/dossier"
)

// apiDossierStats answers GET /api/v1/dossiers/stats?from=&to=&unit=&field= with the
// figures of Biểu II.06a, the same keys as `thidua stats dossiers --json`. A unit's
// account gets its own unit's figures whatever unit says.
func (s *Server) apiDossierStats(w http.ResponseWriter, r *http.Request) error {
	q, sc, err := s.apiStatsQuery(r)
	if err != nil {
		return err
	}
	st, err := s.dossiers.Stats(r.Context(), sc, q)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// apiDossierTimes answers GET /api/v1/dossiers/times?from=&to=&unit=&field= with each
// procedure's average working days used against its statutory time, and the trend.
func (s *Server) apiDossierTimes(w http.ResponseWriter, r *http.Request) error {
	q, sc, err := s.apiStatsQuery(r)
	if err != nil {
		return err
	}
	times, err := s.dossiers.ProcessingTimes(r.Context(), sc, q)
	if err != nil {
		return err
	}
	if times == nil {
		times = []dossier.ProcedureTime{}
	}
	writeJSON(w, http.StatusOK, times)
	return nil
}

// apiStatsQuery reads the period, unit and field the dossier figures take; a unit's
// account keeps its own scope whatever unit says.
func (s *Server) apiStatsQuery(r *http.Request) (dossier.StatsQuery, auth.Scope, error) {
	v := r.URL.Query()
	var q dossier.StatsQuery
	sc := auth.ScopeOf(currentUser(r))
	for _, p := range []struct {
		name string
		dst  *calendar.Date
	}{{"from", &q.From}, {"to", &q.To}} {
		raw := strings.TrimSpace(v.Get(p.name))
		if raw == "" {
			return q, sc, badRequest("Thiếu tham số %s: ngày đầu và ngày cuối kỳ, dạng YYYY-MM-DD (ví dụ ?from=2026-01-01&to=2026-03-31)", p.name)
		}
		d, err := calendar.ParseDate(raw)
		if err != nil {
			return q, sc, badRequest("Tham số %s=%q không phải ngày; cần dạng YYYY-MM-DD", p.name, raw)
		}
		*p.dst = d
	}
	if q.To.Before(q.From) {
		return q, sc, badRequest("Ngày cuối kỳ %s trước ngày đầu kỳ %s", q.To.DMY(), q.From.DMY())
	}
	q.Field = strings.TrimSpace(v.Get("field"))
	if code := strings.TrimSpace(v.Get("unit")); code != "" && sc.All {
		u, err := s.org.GetByCode(r.Context(), code)
		if errors.Is(err, db.ErrNotFound) {
			return q, sc, badRequest("Tham số unit=%q: không có đơn vị mã này", code)
		}
		if err != nil {
			return q, sc, err
		}
		q.UnitID = u.ID
	}
	return q, sc, nil
}

// dossierStatsOperation documents GET /api/v1/dossiers/stats.
func dossierStatsOperation() operation {
	date := obj{"type": "string", "format": "date"}
	return operation{id: "dossierStats", tag: "dossiers", summary: "Tình hình giải quyết hồ sơ thủ tục hành chính (Biểu II.06a)",
		desc: "Số liệu của kỳ [from, to], cả hai ngày đều tính. Các tài khoản của Sở (không gồm doanh nghiệp) đều xem được; " +
			"tài khoản đơn vị chỉ nhận số liệu của đơn vị mình, dù gửi unit của đơn vị khác. " +
			"Luôn có: carried_over + received_total = resolved_total + open_total.",
		params: []obj{
			param("query", "from", "Ngày đầu kỳ, YYYY-MM-DD (bắt buộc)", date),
			param("query", "to", "Ngày cuối kỳ, YYYY-MM-DD (bắt buộc)", date),
			param("query", "unit", "Mã đơn vị, ví dụ QLXD; không gửi thì toàn Sở", typed("string", "")),
			param("query", "field", "Lĩnh vực thủ tục, như trong danh mục thủ tục", typed("string", "")),
		},
		status: "200", result: ref("DossierStats"), errors: []int{400, 401, 403}}
}

// dossierStatsSchema documents the figures, in the order of the table.
func dossierStatsSchema() obj {
	count := func(desc string) obj { return obj{"type": "integer", "minimum": 0, "description": desc} }
	keys := []string{"carried_over", "received_online", "received_direct", "received_total", "resolved_early", "resolved_on_time",
		"resolved_late", "resolved_total", "open_within", "open_overdue", "open_total", "late_with_apology", "late_without_apology", "on_time_rate"}
	return object("Biểu II.06a của một kỳ", keys, false, obj{
		"carried_over":         count("Kỳ trước chuyển sang: tiếp nhận trước from, chưa hoàn thành trước from"),
		"received_online":      count("Tiếp nhận trong kỳ qua dịch vụ công trực tuyến (toàn trình và một phần)"),
		"received_direct":      count("Tiếp nhận trong kỳ trực tiếp hoặc qua bưu chính công ích"),
		"received_total":       count("Tổng tiếp nhận trong kỳ"),
		"resolved_early":       count("Hoàn thành trong kỳ, trước hạn"),
		"resolved_on_time":     count("Hoàn thành trong kỳ, đúng hạn"),
		"resolved_late":        count("Hoàn thành trong kỳ, quá hạn"),
		"resolved_total":       count("Tổng hoàn thành trong kỳ"),
		"open_within":          count("Đang giải quyết tại ngày to, trong hạn (kể cả đang chờ bổ sung)"),
		"open_overdue":         count("Đang giải quyết tại ngày to, quá hạn"),
		"open_total":           count("Tổng đang giải quyết tại ngày to"),
		"late_with_apology":    count("Hoàn thành quá hạn, có thư xin lỗi"),
		"late_without_apology": count("Hoàn thành quá hạn, chưa có thư xin lỗi"),
		"on_time_rate": obj{"type": []string{"number", "null"},
			"description": "(Trước hạn + đúng hạn) ÷ đã hoàn thành, phần trăm, 2 chữ số thập phân; null khi chưa hoàn thành hồ sơ nào"},
	})
}

// dossierTimesOperation documents GET /api/v1/dossiers/times.
func dossierTimesOperation() operation {
	op := dossierStatsOperation()
	op.id, op.summary = "dossierTimes", "Thời gian giải quyết bình quân của từng thủ tục so với thời hạn quy định"
	op.desc = "Các hồ sơ hoàn thành trong kỳ [from, to], theo thủ tục, thủ tục nhiều hồ sơ nhất trước: số ngày làm việc bình quân " +
		"đã dùng (trừ thời gian chờ bổ sung), thời hạn quy định, tỷ lệ so với thời hạn và xu hướng theo tháng (kỳ ≤ 1 năm) hoặc theo năm. " +
		"Tài khoản đơn vị chỉ nhận số liệu của đơn vị mình."
	op.result = obj{"type": "array", "items": ref("ProcedureTime")}
	return op
}

// procedureTimeSchema documents one procedure's line.
func procedureTimeSchema() obj {
	num := func(desc string) obj { return obj{"type": []string{"number", "null"}, "description": desc} }
	return object("Thời gian giải quyết của một thủ tục trong kỳ", []string{"procedure_id", "procedure_code", "procedure_name", "count"}, false, obj{
		"procedure_id":   typed("integer", "Mã số (id) thủ tục"),
		"procedure_code": typed("string", "Mã thủ tục quốc gia"),
		"procedure_name": typed("string", "Tên thủ tục"),
		"count":          obj{"type": "integer", "minimum": 0, "description": "Số hồ sơ hoàn thành trong kỳ"},
		"avg_days":       num("Số ngày làm việc bình quân đã dùng, 2 chữ số thập phân"),
		"statutory_days": num("Thời hạn giải quyết theo quy định, ngày làm việc"),
		"share":          num("Bình quân ÷ thời hạn, phần trăm; dưới 100 là nhanh hơn quy định"),
		"trend": obj{"type": "array", "description": "Một điểm cho mỗi tháng hoặc năm có hồ sơ hoàn thành", "items": object("Một điểm của xu hướng", nil, false, obj{
			"period":   typed("string", "YYYY hoặc YYYY-MM"),
			"count":    typed("integer", "Số hồ sơ hoàn thành"),
			"avg_days": num("Số ngày làm việc bình quân"),
		})},
	})
}
