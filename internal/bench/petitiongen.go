package bench

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/petition"
)

// petitionUnits are the department's units that petitions go to, with how large
// a share of them each gets.
var petitionUnits = []struct {
	code, name string
	weight     int
}{
	{"VP", "Văn phòng Sở", 3}, {"QLHDXD", "Phòng Quản lý hoạt động xây dựng", 18}, {"KTVL", "Phòng Kinh tế, Vật liệu xây dựng", 9},
	{"QHKT", "Phòng Quy hoạch - Kiến trúc", 9}, {"PTDT", "Phòng Phát triển đô thị", 7}, {"HTKT", "Phòng Hạ tầng kỹ thuật", 8},
	{"QLN", "Phòng Quản lý nhà và thị trường bất động sản", 9}, {"QLVT", "Phòng Quản lý vận tải", 12},
	{"QLPT", "Phòng Quản lý phương tiện và người lái", 8}, {"KCHT", "Phòng Kết cấu hạ tầng giao thông", 7},
	{"TTRA", "Thanh tra Sở", 4}, {"TTDK", "Trung tâm Đăng kiểm", 6},
}

// petitionEnterprises is how many enterprises send petitions; the first
// petitionAccounts of them have an account and send from it, the office registers
// what the others send on paper, by phone, by e-mail or at a dialogue.
const (
	petitionEnterprises = 150
	petitionAccounts    = 50
)

// petitionUnit is a unit with the accounts that act for it.
type petitionUnit struct {
	id             int64
	name           string
	weight         int
	manager, staff petition.Actor
}

// petitionWorld is who sends and handles the generated petitions in one database.
type petitionWorld struct {
	office, leader petition.Actor
	units          []petitionUnit
	accounts       []petition.Actor // enterprises that send from their own account
	others         []int64          // enterprises whose petitions the office registers
	taxCodes       []string         // of the others, for the office's API requests
	cal            *calendar.Calendar
}

var (
	petitionTopics = []string{
		"Thời gian cấp giấy phép xây dựng kéo dài", "Hồ sơ cấp chứng chỉ hành nghề chưa được trả kết quả",
		"Đề nghị hướng dẫn thủ tục thẩm định thiết kế", "Phí thẩm định dự án chưa rõ ràng", "Yêu cầu bổ sung hồ sơ nhiều lần",
		"Đề nghị công khai quy hoạch chi tiết", "Đường công vụ sau thi công chưa được hoàn trả",
		"Cấp phù hiệu xe kinh doanh vận tải chậm", "Đề nghị đơn giản hóa thủ tục đăng kiểm",
		"Giá vật liệu xây dựng công bố chưa sát thị trường", "Thủ tục cấp phép sử dụng hạ tầng đường bộ",
		"Đề nghị mở thêm tuyến vận tải hành khách cố định", "Hướng dẫn thủ tục mua nhà ở xã hội",
		"Chứng chỉ năng lực hoạt động xây dựng", "Cổng dịch vụ công báo lỗi khi nộp hồ sơ trực tuyến",
	}
	petitionContents = []string{
		"Doanh nghiệp đã nộp hồ sơ đầy đủ theo hướng dẫn nhưng đến nay đã quá thời hạn giải quyết mà chưa nhận được kết quả hoặc văn bản giải thích. Đề nghị Sở kiểm tra, đôn đốc và trả lời cho doanh nghiệp.",
		"Trong quá trình thực hiện thủ tục, cán bộ tiếp nhận yêu cầu bổ sung giấy tờ không có trong thành phần hồ sơ đã công bố. Đề nghị Sở làm rõ căn cứ và hướng dẫn thống nhất.",
		"Đề nghị Sở xem xét rút ngắn thời gian giải quyết, cho phép nộp và nhận kết quả hoàn toàn trực tuyến, tránh việc doanh nghiệp phải đi lại nhiều lần.",
		"Mức phí, lệ phí được thu chưa khớp với biểu phí đã niêm yết. Đề nghị Sở kiểm tra, công khai biểu phí và hướng dẫn cách tính cho doanh nghiệp.",
		"Sau khi thi công xong, tuyến đường công vụ bị hư hỏng nhưng chưa được hoàn trả mặt bằng, gây khó khăn cho việc đi lại của người dân và doanh nghiệp trong khu vực.",
		"Doanh nghiệp kiến nghị Sở tổ chức hướng dẫn, tập huấn về quy định mới để doanh nghiệp thực hiện đúng, tránh bị trả hồ sơ nhiều lần.",
	}
	petitionAnswers = []string{
		"Sở đã kiểm tra hồ sơ và trả kết quả cho doanh nghiệp; việc chậm trễ do phải lấy ý kiến cơ quan liên quan. Sở xin lỗi và đã chấn chỉnh bộ phận tiếp nhận.",
		"Thành phần hồ sơ thực hiện theo thủ tục đã công bố; Sở đã nhắc nhở cán bộ không yêu cầu thêm giấy tờ ngoài quy định.",
		"Sở ghi nhận kiến nghị và sẽ đề xuất cấp có thẩm quyền đơn giản hóa thủ tục trong kế hoạch cải cách hành chính năm tới.",
		"Sở đã yêu cầu chủ đầu tư hoàn trả mặt bằng tuyến đường công vụ trong 30 ngày và sẽ kiểm tra việc thực hiện.",
	}
	transferBodies = []string{"Thanh tra tỉnh", "Sở Tài nguyên và Môi trường", "Ủy ban nhân dân thành phố Lạng Sơn", "Công an tỉnh"}
	refusals       = []string{"Nội dung là khiếu nại, tố cáo, giải quyết theo Luật Khiếu nại, Luật Tố cáo", "Không đủ thông tin để xem xét", "Nội dung đã được trả lời"}
)

// petitionGen draws the petitions of the two years up to now from a fixed seed, in
// the order they arrived, and the steps taken on each up to now.
type petitionGen struct {
	w     *petitionWorld
	r     *rand.Rand
	now   time.Time
	times []time.Time // when each arrived, ascending
	next  int
	total int // sum of the units' weights
}

func newPetitionGen(w *petitionWorld, n int, now time.Time) *petitionGen {
	g := &petitionGen{w: w, r: rand.New(rand.NewPCG(2026, 4)), now: now}
	for _, u := range w.units {
		g.total += u.weight
	}
	start := now.AddDate(-2, 0, 0)
	first := calendar.DateOf(start)
	g.times = make([]time.Time, 0, n)
	for len(g.times) < n {
		day := first.AddDays(g.r.IntN(first.DaysUntil(calendar.DateOf(now)) + 1))
		// Online petitions come at any hour and on days off too, but few; the rest
		// in office hours.
		if !w.cal.IsWorkingDay(day) && g.r.IntN(100) >= 15 {
			continue
		}
		minute := 7*60 + 30 + g.r.IntN(9*60)
		if g.r.IntN(10) < 2 {
			minute = g.r.IntN(24 * 60)
		}
		t := day.Time().Add(time.Duration(minute)*time.Minute + time.Duration(g.r.IntN(60))*time.Second)
		if t.Before(start) || t.After(now) {
			continue
		}
		g.times = append(g.times, t)
	}
	slices.SortFunc(g.times, time.Time.Compare)
	return g
}

// take returns up to n more petitions.
func (g *petitionGen) take(n int) []petition.History {
	out := make([]petition.History, 0, min(n, len(g.times)-g.next))
	for ; g.next < len(g.times) && len(out) < n; g.next++ {
		out = append(out, g.history(g.times[g.next]))
	}
	return out
}

// stepper adds steps one after another, each some working days after the last,
// until one would come after now: the petition stays where it was then.
type stepper struct {
	g     *petitionGen
	last  time.Time
	steps []petition.Step
	done  bool
}

func (s *stepper) add(workingDays int, by petition.Actor, action petition.Action, in petition.Input) bool {
	if s.done {
		return false
	}
	t := s.g.after(s.last, workingDays)
	if t.After(s.g.now) {
		s.done = true
		return false
	}
	s.steps = append(s.steps, petition.Step{At: t, By: by, Action: action, Input: in})
	s.last = t
	return true
}

// after is a moment in office hours workingDays working days after prev (the same
// day, or the next working day, for 0), and after prev.
func (g *petitionGen) after(prev time.Time, workingDays int) time.Time {
	d := calendar.DateOf(prev)
	if workingDays > 0 || !g.w.cal.IsWorkingDay(d) {
		d = g.w.cal.AddWorkingDays(d, max(workingDays, 1))
	}
	t := d.Time().Add(time.Duration(8*60+g.r.IntN(8*60+30)) * time.Minute)
	if !t.After(prev) {
		t = prev.Add(time.Duration(5+g.r.IntN(90)) * time.Minute)
	}
	return t
}

// history is one petition received at recv: its sender, words and handling.
func (g *petitionGen) history(recv time.Time) petition.History {
	r := g.r
	kind := petition.KindFeedback
	switch x := r.IntN(100); {
	case x < 2:
		kind = petition.KindComplaint
	case x < 42:
		kind = petition.KindProposal
	}
	in := petition.NewPetition{Kind: kind, ReceivedAt: recv, PublishConsent: r.IntN(10) < 7,
		Subject: pick(r, petitionTopics) + " tại " + pick(r, brands), Content: pick(r, petitionContents)}
	var h petition.History
	var sender petition.Actor // who answers for the sender with an account; zero: the office does
	switch x := r.IntN(100); {
	case x < 55:
		sender = pick(r, g.w.accounts)
		h.By = sender
	case x < 75:
		h.By = g.w.office
		in.Channel = pick(r, []petition.Channel{petition.ChannelPaper, petition.ChannelPaper, petition.ChannelEmail,
			petition.ChannelPhone, petition.ChannelDialogue})
		in.EnterpriseID = pick(r, g.w.others)
	default:
		h.By = petition.PublicActor("", "")
		in.SenderName = pick(r, surnames) + " " + pick(r, middles) + " " + pick(r, givens)
		in.SenderPhone = fmt.Sprintf("09%08d", r.IntN(100_000_000))
		if r.IntN(2) == 0 {
			in.SenderEmail = fmt.Sprintf("nguoigui%d@example.vn", r.IntN(1_000_000))
		}
	}
	h.New = in
	s := &stepper{g: g, last: recv}
	g.classify(s, kind, sender)
	h.Steps = s.steps
	return h
}

// classify is the office's triage: most petitions assigned within two working
// days, complaints and a few others refused or transferred.
func (g *petitionGen) classify(s *stepper, kind petition.Kind, sender petition.Actor) {
	r, office := g.r, g.w.office
	days := 0
	switch x := r.IntN(100); {
	case x >= 97:
		days = 3 + r.IntN(2) // past the two days for refusing
	case x >= 85:
		days = 2
	case x >= 40:
		days = 1
	}
	switch {
	case kind == petition.KindComplaint && r.IntN(10) < 6, kind != petition.KindComplaint && r.IntN(100) == 0:
		s.add(days, office, petition.ActionTransfer, petition.Input{TransferTo: pick(r, transferBodies)})
	case kind == petition.KindComplaint || r.IntN(100) < 3:
		if !s.add(days, office, petition.ActionRefuse, petition.Input{Reason: pick(r, refusals)}) {
			return
		}
		if kind != petition.KindComplaint && sender.Role == auth.RoleEnterprise && r.IntN(10) == 0 &&
			s.add(1+r.IntN(5), sender, petition.ActionReopen, petition.Input{Reason: "Doanh nghiệp đã bổ sung thông tin"}) {
			g.process(s, 1, sender)
		}
	default:
		g.process(s, days, sender)
	}
}

// process is a unit's handling: assigned, sometimes moved to another unit or
// waiting on the sender, answered mostly within the 15 working days (about 7%
// late, 0.2% forgotten), published, and rated or reopened by some enterprises.
func (g *petitionGen) process(s *stepper, days int, sender petition.Actor) {
	r, office := g.r, g.w.office
	u := g.unit()
	if !s.add(days, office, petition.ActionAssign, petition.Input{UnitID: u.id}) {
		return
	}
	if r.IntN(100) < 3 {
		if other := g.unit(); other.id != u.id {
			if !s.add(1+r.IntN(3), office, petition.ActionAssign, petition.Input{UnitID: other.id}) {
				return
			}
			u = other
		}
	}
	for reopened := false; ; reopened = true {
		if r.IntN(100) < 8 {
			if !s.add(1+r.IntN(4), u.staff, petition.ActionRequestInfo, petition.Input{Note: "Đề nghị bổ sung bản vẽ và giấy tờ liên quan"}) {
				return
			}
			if r.IntN(100) < 3 {
				return // the sender never answers
			}
			by := sender
			if by.Role == "" {
				by = office // recorded by the office for a sender without an account
			}
			if !s.add(1+r.IntN(10), by, petition.ActionSupplyInfo, petition.Input{Note: "Đã gửi bổ sung"}) {
				return
			}
		}
		if r.IntN(1000) < 2 {
			return // forgotten: still being processed, more overdue every day
		}
		took := 2 + r.IntN(12)
		if r.IntN(100) < 7 {
			took = 16 + r.IntN(15)
		}
		by := u.staff
		if r.IntN(10) < 3 {
			by = u.manager
		}
		if !s.add(took, by, petition.ActionAnswer, petition.Input{Answer: pick(r, petitionAnswers)}) {
			return
		}
		publisher, wait := office, r.IntN(2)
		if r.IntN(5) == 0 {
			publisher = g.w.leader
		}
		if r.IntN(100) < 2 {
			wait = 3 + r.IntN(3)
		}
		if !s.add(wait, publisher, petition.ActionPublish, petition.Input{}) || sender.Role != auth.RoleEnterprise {
			return
		}
		if !reopened && r.IntN(1000) < 15 {
			if !s.add(1+r.IntN(8), sender, petition.ActionReopen, petition.Input{Reason: "Câu trả lời chưa giải quyết được vướng mắc"}) {
				return
			}
			continue
		}
		if r.IntN(100) < 35 {
			verdict := petition.SatisfactionSatisfied
			if r.IntN(100) < 15 {
				verdict = petition.SatisfactionUnsatisfied
			}
			s.add(r.IntN(6), sender, petition.ActionRate, petition.Input{Satisfaction: verdict})
		}
		return
	}
}

// unit draws the unit a petition goes to by the units' shares.
func (g *petitionGen) unit() petitionUnit {
	x := g.r.IntN(g.total)
	for _, u := range g.w.units {
		if x < u.weight {
			return u
		}
		x -= u.weight
	}
	return g.w.units[len(g.w.units)-1]
}
