package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/report"
)

// LoadReports asks the units for the year's report, due in two weeks, which some
// have submitted, one was returned and the rest are writing; and records the
// difficulties units raised this year at each step of their way.
func LoadReports(ctx context.Context, d *db.DB, now func() time.Time, unitID map[string]int64) error {
	m, err := plan.NewStore(d, now).Current(ctx, now())
	if err != nil {
		return err
	}
	s := report.NewStore(d, now, nil)
	if _, err := s.SyncFromPlan(ctx, m); err != nil {
		return err
	}
	today := calendar.DateOf(now())
	year := today.Year
	def, err := s.Create(ctx, m.ID, report.DefinitionInput{Kind: "annual", Title: fmt.Sprintf("Báo cáo kết quả phong trào thi đua năm %d", year),
		PeriodFrom: calendar.NewDate(year, 1, 1).String(), PeriodTo: calendar.NewDate(year, 12, 31).String(),
		Cutoff: today.String(), Due: today.AddDays(14).String(), Audience: "all_units", RemindBefore: "7, 2", RemindAfter: true})
	if err != nil {
		return fmt.Errorf("demo: report: %w", err)
	}
	written := []struct {
		unit, results, models string
		returned              string
	}{
		{"VP", "Tham mưu Giám đốc Sở ban hành Kế hoạch triển khai phong trào; tổ chức 02 hội nghị đối thoại doanh nghiệp; theo dõi, đôn đốc các đơn vị báo cáo đúng hạn.",
			"Mô hình “Một cửa không chờ” tại bộ phận tiếp nhận và trả kết quả.", ""},
		{"QLXD", "Giải quyết hồ sơ cấp giấy phép xây dựng trước hạn bình quân 3 ngày; công khai 100% thủ tục, phí, lệ phí trên Cổng thông tin.",
			"", ""},
		{"QLVT", "Cấp phù hiệu xe trực tuyến toàn trình; phối hợp tháo gỡ ách tắc hàng hóa tại cửa khẩu.", "",
			"Đề nghị bổ sung số liệu phù hiệu cấp trực tuyến theo từng tháng."},
		{"TTDK", "Kiểm định đúng quy trình, không để xảy ra phiền hà, sách nhiễu.", "", ""},
	}
	for _, w := range written {
		id, ok := unitID[w.unit]
		if !ok {
			continue
		}
		sub := report.Submitter{UnitID: id}
		answers := map[string]string{"results": w.results, "models": w.models}
		figs, err := s.Figures(ctx, def, sub)
		if err != nil {
			return err
		}
		if err := s.Submit(ctx, auth.Scope{UnitID: id}, def.ID, sub, answers, figs); err != nil {
			return fmt.Errorf("demo: submit %s: %w", w.unit, err)
		}
		if w.returned != "" {
			if err := s.Return(ctx, def.ID, sub, w.returned); err != nil {
				return err
			}
		}
	}
	if id, ok := unitID["KCHT"]; ok {
		if err := s.Save(ctx, auth.Scope{UnitID: id}, def.ID, report.Submitter{UnitID: id},
			map[string]string{"results": "Đang tổng hợp kết quả bảo trì, quản lý kết cấu hạ tầng giao thông."}); err != nil {
			return err
		}
	}
	return loadDifficulties(ctx, s, unitID)
}

func loadDifficulties(ctx context.Context, s *report.Store, unitID map[string]int64) error {
	office := &auth.User{ID: 0, Username: "vanphong", Role: auth.RoleOffice}
	leader := &auth.User{ID: 0, Username: "lanhdao", FullName: "Trần Văn Vương", Role: auth.RoleLeader}
	items := []struct {
		unit, subject, content, proposal string
		steps                            [][2]string
	}{
		{"QLXD", "Phần mềm một cửa chưa liên thông với hệ thống cấp phép xây dựng", "Công chức phải nhập lại hồ sơ hai lần, kéo dài thời gian xử lý.",
			"Đề nghị Sở đề xuất UBND tỉnh nâng cấp phần mềm.", [][2]string{{"consolidate", "Trình Giám đốc xem xét"},
				{"direct", "Giao Văn phòng phối hợp Sở Khoa học và Công nghệ đề xuất nâng cấp trong quý I."}}},
		{"QLVT", "Thiếu bãi đỗ xe tải chờ thông quan tại cửa khẩu Hữu Nghị", "Doanh nghiệp vận tải phản ánh xe phải chờ trên quốc lộ 1A.",
			"Đề xuất quy hoạch bổ sung bãi đỗ tạm.", [][2]string{{"consolidate", ""}}},
		{"TTDK", "Thiết bị kiểm định dây chuyền 2 xuống cấp", "Dây chuyền 2 thường xuyên dừng để sửa chữa.", "Đề nghị bố trí kinh phí thay thế.", nil},
	}
	for _, it := range items {
		id, ok := unitID[it.unit]
		if !ok {
			continue
		}
		df, err := s.Raise(ctx, auth.Scope{All: true}, id, it.subject, it.content, it.proposal)
		if err != nil {
			return fmt.Errorf("demo: difficulty: %w", err)
		}
		for _, st := range it.steps {
			u := office
			if st[0] == "direct" {
				u = leader
			}
			if err := s.Step(ctx, u, df.ID, st[0], st[1]); err != nil {
				return fmt.Errorf("demo: difficulty step: %w", err)
			}
		}
	}
	return nil
}
