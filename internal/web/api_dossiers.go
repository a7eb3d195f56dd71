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
	v := r.URL.Query()
	var q dossier.StatsQuery
	for _, p := range []struct {
		name string
		dst  *calendar.Date
	}{{"from", &q.From}, {"to", &q.To}} {
		raw := strings.TrimSpace(v.Get(p.name))
		if raw == "" {
			return badRequest("Thiếu tham số %s: ngày đầu và ngày cuối kỳ, dạng YYYY-MM-DD (ví dụ ?from=2026-01-01&to=2026-03-31)", p.name)
		}
		d, err := calendar.ParseDate(raw)
		if err != nil {
			return badRequest("Tham số %s=%q không phải ngày; cần dạng YYYY-MM-DD", p.name, raw)
		}
		*p.dst = d
	}
	if q.To.Before(q.From) {
		return badRequest("Ngày cuối kỳ %s trước ngày đầu kỳ %s", q.To.DMY(), q.From.DMY())
	}
	q.Field = strings.TrimSpace(v.Get("field"))
	sc := auth.ScopeOf(currentUser(r))
	if code := strings.TrimSpace(v.Get("unit")); code != "" && sc.All {
		u, err := s.org.GetByCode(r.Context(), code)
		if errors.Is(err, db.ErrNotFound) {
			return badRequest("Tham số unit=%q: không có đơn vị mã này", code)
		}
		if err != nil {
			return err
		}
		q.UnitID = u.ID
	}
	st, err := dossier.NewStore(s.db, s.now).Stats(r.Context(), sc, q)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
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
