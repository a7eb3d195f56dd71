package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/inspection"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/plan"
)

// demoFinding is one finding of the demo's concluded inspection and how far its
// action went: reported (and returned, or closed) on the days given.
type demoFinding struct {
	finding, action, days string
	reported, report      string
	returned, reason      string
	closed                string
}

var demoFindings = []demoFinding{
	{finding: "Bảng niêm yết thủ tục hành chính tại Bộ phận một cửa chưa cập nhật 03 thủ tục lĩnh vực hoạt động xây dựng được sửa đổi theo Quyết định công bố của UBND tỉnh tháng 4/2026.",
		action: "Cập nhật bảng niêm yết tại Bộ phận một cửa và danh mục thủ tục trên Cổng thông tin điện tử của Sở; phân công công chức rà soát hằng tháng.", days: "10",
		reported: "2026-09-29", report: "Đã cập nhật bảng niêm yết ngày 25/9/2026 và danh mục trên Cổng thông tin điện tử ngày 28/9/2026; giao đồng chí Vi Thị Lan rà soát vào ngày làm việc đầu mỗi tháng.",
		closed: "2026-10-01"},
	{finding: "05 hồ sơ cấp giấy phép xây dựng giải quyết quá hạn trong 6 tháng đầu năm 2026 chưa có phiếu xin lỗi và hẹn lại ngày trả kết quả.",
		action: "Rà soát, gửi phiếu xin lỗi đối với các hồ sơ quá hạn; kiểm điểm trách nhiệm cá nhân liên quan; ban hành quy trình nội bộ theo dõi hạn giải quyết hồ sơ.", days: "30"},
	{finding: "Tỷ lệ hồ sơ cấp giấy phép xây dựng nộp trực tuyến toàn trình 6 tháng đầu năm 2026 đạt 41%, thấp hơn yêu cầu của Kế hoạch.",
		action: "Hướng dẫn chủ đầu tư nộp hồ sơ trực tuyến; phối hợp Trung tâm Phục vụ hành chính công tỉnh hỗ trợ tại chỗ; báo cáo tỷ lệ hồ sơ trực tuyến hằng tháng.", days: "60",
		reported: "2026-11-10", report: "Đã xây dựng kế hoạch hướng dẫn nộp hồ sơ trực tuyến, dự kiến triển khai từ tháng 12/2026.",
		returned: "2026-11-12", reason: "Báo cáo mới nêu kế hoạch; đề nghị bổ sung số liệu tỷ lệ hồ sơ nộp trực tuyến toàn trình tháng 10 và tháng 11/2026."},
}

// LoadInspections records the inspections of 2026: the construction division
// inspected in September, concluded with three findings (one action closed, one
// being redone after the office returned its report, one overdue), its notice
// numbered; and the transport division's inspection planned for December.
func LoadInspections(ctx context.Context, d *db.DB, now func() time.Time, unitID map[string]int64) error {
	m, err := plan.NewStore(d, now).Current(ctx, now())
	if err != nil {
		return err
	}
	orgs := org.NewStore(d, now)
	vp, err := staffOf(ctx, orgs, unitID["VP"])
	if err != nil {
		return err
	}
	tts, err := staffOf(ctx, orgs, unitID["TTS"])
	if err != nil {
		return err
	}
	if len(vp) < 3 || len(tts) < 2 {
		return fmt.Errorf("demo: inspections need the office's and the inspectorate's staff")
	}
	users := map[string]*auth.User{}
	accounts := auth.NewStore(d, now)
	for _, name := range []string{"vanphong", "truongphong"} {
		if users[name], err = accounts.UserByName(ctx, name); err != nil {
			return fmt.Errorf("demo: account %s: %w", name, err)
		}
	}
	office, unit := users["vanphong"], users["truongphong"]
	today := calendar.DateOf(now())
	// step runs fn with the store's clock on day, unless day is still to come.
	step := func(day string, u *auth.User, fn func(context.Context, *inspection.Store) error) error {
		if dd, _ := calendar.ParseDate(day); dd.After(today) {
			return errStop
		}
		return fn(as(ctx, u), inspection.NewStore(d, on(day), nil))
	}
	var x *inspection.Inspection
	err = runSteps(func() error {
		if err := step("2026-08-20", office, func(ctx context.Context, s *inspection.Store) (err error) {
			x, err = s.Create(ctx, m.ID, inspection.Input{UnitID: unitID["QLXD"], ContentCode: "II.1.c",
				Title:      "Kiểm tra công tác cải cách thủ tục hành chính, giải quyết hồ sơ cấp giấy phép xây dựng năm 2026",
				PeriodFrom: "2026-01-01", PeriodTo: "2026-06-30", Scheduled: "2026-09-08", Lead: vp[0].ID, Members: []int64{tts[1].ID, vp[2].ID}})
			return err
		}); err != nil {
			return err
		}
		if err := step("2026-09-08", office, func(ctx context.Context, s *inspection.Store) error {
			if err := s.Start(ctx, office, x.ID, ""); err != nil {
				return err
			}
			for _, f := range demoFindings {
				if _, err := s.AddFinding(ctx, office, x.ID, inspection.FindingInput{Finding: f.finding, Action: f.action, DueDays: f.days}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
		if err := step("2026-09-18", office, func(ctx context.Context, s *inspection.Store) error {
			return s.Conclude(ctx, office, x.ID, inspection.ConcludeInput{On: "2026-09-18", Conclusion: "Phòng Quản lý hoạt động xây dựng đã quán triệt, triển khai Kế hoạch phong trào thi đua; " +
				"giải quyết 96,8% hồ sơ cấp giấy phép xây dựng đúng hạn, công khai đầy đủ quy trình, thủ tục.\n" +
				"Tuy nhiên, việc niêm yết thủ tục chưa kịp thời, một số hồ sơ quá hạn chưa có phiếu xin lỗi, tỷ lệ hồ sơ nộp trực tuyến toàn trình còn thấp."})
		}); err != nil {
			return err
		}
		if err := numberNotice(ctx, d, m, x.ID, office, today); err != nil {
			return err
		}
		return followUp(ctx, d, x.ID, office, unit, step)
	})
	if err != nil {
		return fmt.Errorf("demo: inspection: %w", err)
	}
	return runSteps(func() error {
		return step("2026-11-16", office, func(ctx context.Context, s *inspection.Store) error {
			_, err := s.Create(ctx, m.ID, inspection.Input{UnitID: unitID["QLVT"], ContentCode: "II.1.đ",
				Title:      "Kiểm tra việc ứng dụng công nghệ thông tin, chuyển đổi số trong cấp phù hiệu xe kinh doanh vận tải",
				PeriodFrom: "2026-01-01", PeriodTo: "2026-11-30", Scheduled: "2026-12-10", Lead: tts[0].ID, Members: []int64{vp[1].ID}})
			return err
		})
	})
}

// numberNotice takes the register number of the conclusion notice three days after
// the conclusion, as the office's first download does.
func numberNotice(ctx context.Context, d *db.DB, m *plan.Movement, id int64, office *auth.User, today calendar.Date) error {
	day := calendar.NewDate(2026, 9, 21)
	if day.After(today) {
		return nil
	}
	s := inspection.NewStore(d, on(day.String()), nil)
	x, _, err := s.Get(ctx, auth.Scope{All: true}, id)
	if err != nil {
		return err
	}
	take := docgen.NewRegister(d, m.Plan.Issuer.Abbreviation, on(day.String())).Taking(string(docgen.Notice), day, inspection.NoticeSummary(x))
	_, _, err = s.SetNoticeNumber(as(ctx, office), id, take, day)
	return err
}

// followUp plays the units' reports and the office's decisions on the actions.
func followUp(ctx context.Context, d *db.DB, id int64, office, unit *auth.User, step func(string, *auth.User, func(context.Context, *inspection.Store) error) error) error {
	_, fs, err := inspection.NewStore(d, time.Now, nil).Get(ctx, auth.Scope{All: true}, id)
	if err != nil {
		return err
	}
	for i, f := range demoFindings {
		fid := fs[i].ID
		act := func(day string, u *auth.User, stepName, text string) error {
			if day == "" {
				return nil
			}
			return step(day, u, func(ctx context.Context, s *inspection.Store) error { return s.Act(ctx, u, fid, stepName, text) })
		}
		for _, a := range []struct{ day, step, text string }{{f.reported, inspection.StepReport, f.report},
			{f.returned, inspection.StepReturn, f.reason}, {f.closed, inspection.StepClose, "Đạt yêu cầu."}} {
			u := office
			if a.step == inspection.StepReport {
				u = unit
			}
			if err := act(a.day, u, a.step, a.text); err != nil && err != errStop {
				return err
			}
		}
	}
	return nil
}
