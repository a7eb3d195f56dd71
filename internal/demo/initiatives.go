package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/docgen"
	"github.com/thidua/thidua/internal/initiative"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/plan"
)

// demoAuthor is a staff member of a unit by position in its list, or a person outside
// named with their workplace (the proposing enterprise when none is given).
type demoAuthor struct {
	unit      string
	idx       int
	name, org string
	share     string
}

// demoInitiative is one initiative of the demo and how far it goes.
type demoInitiative struct {
	unit, title, field, first, description, conditions, expDong, expSocial string
	authors                                                                []demoAuthor
	submitted                                                              string // "" for a draft
	returned                                                               string // the reason it was returned, if it was
	session                                                                int    // 1 or 2, 0 when not before the council
	scores                                                                 [][4]string
	stop                                                                   initiative.State
	votes                                                                  [2]string
	level                                                                  string
	applyUnits                                                             []string
	appliedFrom, effectiveOn, measuredDong, measuredSocial, evidenceNote   string
}

var demoInitiatives = []demoInitiative{
	{unit: "QLXD", title: "Số hóa quy trình cấp giấy phép xây dựng", field: "admin_reform", first: "2026-02-16",
		description: "Tiếp nhận, thẩm định và trả giấy phép xây dựng hoàn toàn trên môi trường điện tử: hồ sơ nộp trực tuyến, bản vẽ số hóa, phiếu thẩm định điện tử ký số, giấy phép điện tử gửi qua Cổng dịch vụ công.",
		conditions:  "Chữ ký số của người ký; kết nối Cổng dịch vụ công của tỉnh; cán bộ thẩm định được tập huấn.", expDong: "120.000.000",
		expSocial: "Rút ngắn thời gian cấp phép từ 15 xuống 10 ngày làm việc; người dân, doanh nghiệp không phải đi lại nộp hồ sơ giấy.",
		authors:   []demoAuthor{{unit: "QLXD", idx: 0, share: "60"}, {unit: "QLXD", idx: 2, share: "40"}}, submitted: "2026-03-10", session: 1,
		scores: [][4]string{{"1", "36", "22", "27"}, {"1", "34", "20", "28"}, {"1", "38", "25", "26"}}, stop: initiative.Applied, votes: [2]string{"3", "0"}, level: "province",
		applyUnits: []string{"QLXD", "QHKT"}, appliedFrom: "2026-05-04", effectiveOn: "2026-09-15", measuredDong: "185.000.000",
		measuredSocial: "612 giấy phép cấp trực tuyến, 97% đúng hạn; thời gian trung bình 8,5 ngày làm việc.", evidenceNote: "Báo cáo số 41/BC-QLXD ngày 10/9/2026"},
	{unit: "KCHT", title: "Bản đồ số hạ tầng giao thông tỉnh Lạng Sơn", field: "infrastructure", first: "2026-03-02",
		description: "Bản đồ số các tuyến quốc lộ, đường tỉnh, cầu, cống trên nền GIS, kèm tải trọng, khổ giới hạn và tình trạng khai thác; doanh nghiệp vận tải tra cứu trực tuyến trước khi lập phương án vận chuyển.",
		conditions:  "Dữ liệu khảo sát hiện trạng cập nhật hằng quý; máy chủ GIS của tỉnh.", expSocial: "Doanh nghiệp vận tải, xây dựng tra cứu tải trọng cầu, khổ giới hạn không cần gửi văn bản hỏi.",
		authors:   []demoAuthor{{unit: "KCHT", idx: 0, share: "50"}, {unit: "KCHT", idx: 1, share: "20"}, {name: "Nguyễn Đức Mạnh", org: "Công ty CP Tư vấn Thiết kế Giao thông Lạng Sơn", share: "30"}},
		submitted: "2026-03-25", session: 1, scores: [][4]string{{"1", "32", "12", "28"}, {"1", "35", "10", "27"}, {"1", "30", "14", "29"}},
		stop: initiative.Applied, votes: [2]string{"3", "0"}, level: "base", applyUnits: []string{"KCHT", "QLVT", "BQLBT"},
		appliedFrom: "2026-06-01", effectiveOn: "2026-10-28", measuredSocial: "1.240 lượt tra cứu của 85 doanh nghiệp; số văn bản hỏi về tải trọng cầu giảm 70%.",
		evidenceNote: "Báo cáo số 27/BC-KCHT ngày 20/10/2026"},
	{unit: "BQLBT", title: "Theo dõi hư hỏng mặt đường bằng ảnh chụp từ điện thoại của tuần đường", field: "infrastructure", first: "2026-01-12",
		description: "Tuần đường chụp ảnh hư hỏng kèm tọa độ, gửi về bảng theo dõi chung để lập kế hoạch sửa chữa.", conditions: "Điện thoại có GPS; bảng tính dùng chung.",
		expDong: "30.000.000", expSocial: "Phát hiện, xử lý hư hỏng sớm hơn.", authors: []demoAuthor{{unit: "BQLBT", idx: 1, share: "100"}},
		submitted: "2026-03-30", session: 1, scores: [][4]string{{"0", "20", "8", "15"}, {"0", "22", "10", "14"}, {"1", "25", "8", "16"}},
		stop: initiative.NotRecognised, votes: [2]string{"0", "3"}},
	{unit: "TTDK", title: "Đặt lịch kiểm định xe trực tuyến cho doanh nghiệp vận tải", field: "transport", first: "2026-05-18",
		description: "Doanh nghiệp vận tải đặt lịch kiểm định theo khung giờ trên trang của Trung tâm, nhận nhắc lịch qua tin nhắn; dây chuyền được phân bổ theo lịch đặt.",
		conditions:  "Phần mềm đặt lịch; dây chuyền kiểm định kết nối dữ liệu Cục Đăng kiểm.", expDong: "60.000.000",
		expSocial: "Giảm thời gian chờ kiểm định của doanh nghiệp từ 3 giờ xuống dưới 1 giờ.",
		authors:   []demoAuthor{{unit: "TTDK", idx: 0, share: "40"}, {unit: "TTDK", idx: 2, share: "35"}, {unit: "TTDK", idx: 3, share: "25"}},
		submitted: "2026-09-22", session: 2, scores: [][4]string{{"1", "33", "18", "24"}, {"1", "30", "16", "25"}, {"1", "35", "20", "22"}},
		stop: initiative.Recognised, votes: [2]string{"4", "0"}, level: "base"},
	{unit: "QLVT", title: "Một cửa liên thông cấp phù hiệu xe kinh doanh vận tải", field: "admin_reform", first: "2026-06-08",
		description: "Cấp phù hiệu xe cùng lúc với giấy phép kinh doanh vận tải trong một hồ sơ trực tuyến; phù hiệu điện tử tra cứu bằng mã QR.",
		conditions:  "Dịch vụ công trực tuyến toàn trình; kết nối dữ liệu đăng kiểm.", expDong: "45.000.000",
		expSocial: "Doanh nghiệp vận tải nộp một hồ sơ thay vì hai; thời gian nhận phù hiệu còn 1 ngày làm việc.",
		authors:   []demoAuthor{{unit: "QLVT", idx: 0, share: "55"}, {unit: "QLVT", idx: 2, share: "45"}}, submitted: "2026-10-05", session: 2,
		scores: [][4]string{{"1", "31", "15", "26"}, {"1", "28", "12", "24"}, {"1", "34", "18", "27"}}, stop: initiative.UnderReview},
	{title: "Mẫu hồ sơ điện tử đề nghị thẩm định thiết kế xây dựng cho doanh nghiệp", field: "enterprise_support", first: "2026-07-01",
		description: "Bộ mẫu hồ sơ điện tử có kiểm tra tự động thành phần, giúp doanh nghiệp nộp đủ ngay lần đầu.", conditions: "Doanh nghiệp có tài khoản dịch vụ công.",
		expDong: "25.000.000", expSocial: "Giảm số hồ sơ phải bổ sung.", authors: []demoAuthor{{name: "Lý Thị Mai", share: "70"}, {name: "Hoàng Văn Tùng", share: "30"}},
		submitted: "2026-10-20", stop: initiative.Submitted},
	{unit: "QLXD", title: "Sổ tay hướng dẫn thủ tục cấp chứng chỉ hành nghề hoạt động xây dựng", field: "construction", first: "2026-08-03",
		description: "Sổ tay điện tử hỏi - đáp về điều kiện, thành phần hồ sơ và các lỗi thường gặp khi đề nghị cấp chứng chỉ hành nghề.",
		conditions:  "Đăng trên Cổng thông tin của Sở.", expSocial: "Giảm hồ sơ bị trả lại vì thiếu thành phần.",
		authors: []demoAuthor{{unit: "QLXD", idx: 1, share: "100"}}, submitted: "2026-10-27",
		returned: "Bổ sung số liệu hồ sơ bị trả lại trước và sau khi áp dụng sổ tay; đính kèm bản sổ tay.", stop: initiative.Returned},
	{unit: "KTVL", title: "Công bố giá vật liệu xây dựng hằng tháng trên bản đồ số", field: "materials", first: "2026-11-02",
		description: "Giá vật liệu xây dựng chủ yếu công bố hằng tháng theo từng xã, phường trên bản đồ số.", conditions: "Số liệu khảo sát giá hằng tháng.",
		expSocial: "Chủ đầu tư, nhà thầu lập dự toán sát giá thị trường.", authors: []demoAuthor{{unit: "KTVL", idx: 0, share: "50"}, {unit: "KTVL", idx: 1, share: "50"}},
		stop: initiative.Draft},
}

var demoSessions = []initiative.SessionInput{
	{Name: "Phiên họp Hội đồng sáng kiến đợt 1 năm 2026", HeldOn: "2026-04-22", Place: "Phòng họp số 1, Sở Xây dựng"},
	{Name: "Phiên họp Hội đồng sáng kiến đợt 2 năm 2026", HeldOn: "2026-11-18", Place: "Phòng họp số 1, Sở Xây dựng"},
}

// LoadInitiatives records the year's initiatives through the store, each step on
// its own day and by its own account: two applied effectively in 2026 (so T5 is met),
// one recognised, one not, one under review in the second session with three of its
// four members' scores (the fourth sits for the proposing unit and may not score),
// one submitted by an enterprise, one returned for completion and one draft. The
// first session's decision is numbered in the register. Two more council accounts
// (hoidong2, hoidong3, password Password) are made for the council.
func LoadInitiatives(ctx context.Context, d *db.DB, now func() time.Time, unitID map[string]int64) error {
	l, err := newInitiativeLoader(ctx, d, now, unitID)
	if err != nil {
		return err
	}
	for i, in := range demoSessions {
		if err := l.session(i, in); err != nil {
			return fmt.Errorf("demo: initiative session: %w", err)
		}
	}
	for _, di := range demoInitiatives {
		if err := l.initiative(di); err != nil {
			return fmt.Errorf("demo: initiative %q: %w", di.title, err)
		}
	}
	return l.numberDecision(0)
}

// on is a clock stopped at 09:00 in Vietnam on day, so every step has its own date.
func on(day string) func() time.Time {
	d, _ := calendar.ParseDate(day)
	return func() time.Time { return d.Time().Add(9 * time.Hour) }
}

func as(ctx context.Context, u *auth.User) context.Context {
	return audit.WithActor(ctx, audit.Actor{ID: u.ID, Name: u.Username})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// numberDecision takes the register number of a session's recognition decision,
// dated two days after the session, as the first download does.
func (l *initiativeLoader) numberDecision(i int) error {
	m, err := plan.NewStore(l.d, l.now).Current(l.ctx, l.now())
	if err != nil {
		return err
	}
	day, _ := calendar.ParseDate(demoSessions[i].HeldOn)
	day = day.AddDays(2)
	ses, err := initiative.NewStore(l.d, on(day.String())).Session(l.ctx, l.sessions[i])
	if err != nil {
		return err
	}
	ctx := as(l.ctx, l.office)
	take := docgen.NewRegister(l.d, m.Plan.Issuer.Abbreviation, on(day.String())).Taking(string(docgen.Decision), day, initiative.DecisionSummary(ses))
	_, _, err = initiative.NewStore(l.d, on(day.String())).SetDecisionNumber(ctx, ses.ID, take, day)
	return err
}

// staffOf lists a unit's staff as the staff page orders them.
func staffOf(ctx context.Context, orgs *org.Store, unit int64) ([]org.Staff, error) {
	page, err := orgs.ListStaff(ctx, auth.Scope{All: true}, org.StaffFilter{UnitID: unit, Limit: 50})
	return page.Items, err
}
