package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/petition"
)

// demoTopic is what petitions are about, and the unit that answers them.
type demoTopic struct {
	unit, field, subject, content, answer string
}

var demoTopics = []demoTopic{
	{"QLXD", "Cấp giấy phép xây dựng", "Hồ sơ cấp phép xây dựng bị yêu cầu bổ sung nhiều lần",
		"Hồ sơ cấp giấy phép xây dựng nhà xưởng của công ty đã ba lần được yêu cầu bổ sung, mỗi lần một nội dung khác nhau. Đề nghị Sở hướng dẫn một lần đầy đủ.",
		"Sở đã rà soát hồ sơ; từ nay phiếu yêu cầu bổ sung nêu đầy đủ các nội dung cần bổ sung trong một lần theo đúng quy định. Hồ sơ của công ty đã được cấp phép ngày làm việc tiếp theo."},
	{"QLXD", "Chứng chỉ năng lực hoạt động xây dựng", "Thời gian cấp chứng chỉ năng lực hoạt động xây dựng",
		"Đề nghị cho biết thời hạn giải quyết và có thể nộp hồ sơ cấp chứng chỉ năng lực hạng III trực tuyến toàn trình không.",
		"Thủ tục cấp chứng chỉ năng lực hạng III được giải quyết trong 20 ngày làm việc và đã cung cấp trực tuyến toàn trình trên Cổng dịch vụ công của tỉnh."},
	{"QLVT", "Phù hiệu xe kinh doanh vận tải", "Đề nghị rút ngắn thời gian cấp phù hiệu xe tải",
		"Doanh nghiệp có 30 xe tải cần cấp phù hiệu gấp để vận chuyển hàng qua cửa khẩu. Đề nghị Sở rút ngắn thời gian cấp.",
		"Phù hiệu xe được cấp trong 02 ngày làm việc khi hồ sơ nộp trực tuyến đầy đủ; Sở đã bố trí cán bộ tiếp nhận cả buổi sáng thứ Bảy trong tháng cao điểm."},
	{"QLVT", "Vận tải hàng hóa qua cửa khẩu", "Xe chờ thông quan phải đỗ dọc quốc lộ 1A",
		"Xe tải chờ thông quan tại cửa khẩu Hữu Nghị đỗ dọc quốc lộ, nguy cơ mất an toàn giao thông. Đề nghị bố trí bãi đỗ chờ.",
		"Sở đã đề xuất UBND tỉnh bố trí bãi đỗ tạm 2 ha tại khu vực Đồng Đăng; trong thời gian chờ, lực lượng chức năng phân luồng xe theo khung giờ."},
	{"KTVL", "Vật liệu xây dựng", "Thủ tục công bố hợp quy vật liệu xây dựng",
		"Công ty sản xuất gạch không nung muốn biết hồ sơ công bố hợp quy gồm những gì và nộp ở đâu.",
		"Hồ sơ công bố hợp quy gồm bản công bố, giấy chứng nhận hợp quy của tổ chức chứng nhận và bản mô tả sản phẩm; nộp trực tuyến tại Cổng dịch vụ công của tỉnh."},
	{"QLN", "Nhà ở, bất động sản", "Xác nhận đủ điều kiện bán nhà ở hình thành trong tương lai",
		"Chủ đầu tư dự án khu đô thị Phú Lộc đề nghị Sở sớm có văn bản xác nhận đủ điều kiện bán nhà ở hình thành trong tương lai.",
		"Sở đã có văn bản xác nhận 120 căn nhà liền kề của dự án đủ điều kiện bán, đăng tải trên Cổng thông tin của Sở."},
	{"QHKT", "Quy hoạch xây dựng", "Cung cấp thông tin quy hoạch khu công nghiệp Đồng Bành",
		"Doanh nghiệp đề nghị được cung cấp thông tin quy hoạch chi tiết 1/500 khu công nghiệp Đồng Bành để lập dự án đầu tư.",
		"Sở đã cung cấp bản đồ quy hoạch và chỉ tiêu sử dụng đất; doanh nghiệp có thể tra cứu trực tuyến trên hệ thống thông tin quy hoạch của tỉnh."},
	{"KCHT", "Kết cấu hạ tầng giao thông", "Đề nghị sửa chữa mặt đường ĐT.226 đoạn qua xã Tân Thành",
		"Mặt đường ĐT.226 đoạn km12–km14 xuống cấp, nhiều ổ gà, xe tải chở vật liệu đi lại khó khăn.",
		"Đoạn km12–km14 ĐT.226 đã được đưa vào kế hoạch sửa chữa định kỳ năm 2026; Ban Quản lý bảo trì đã vá ổ gà tạm thời."},
	{"TTDK", "Đăng kiểm phương tiện", "Thời gian chờ đăng kiểm xe cơ giới kéo dài",
		"Xe của doanh nghiệp phải chờ đăng kiểm nhiều giờ. Đề nghị cho đặt lịch hẹn trực tuyến.",
		"Trung tâm đã triển khai đặt lịch đăng kiểm trực tuyến từ tháng 7/2026; thời gian chờ bình quân còn dưới 45 phút."},
	{"TTKD", "Kiểm định chất lượng công trình", "Chi phí kiểm định chất lượng công trình",
		"Đề nghị công khai đơn giá dịch vụ kiểm định chất lượng vật liệu xây dựng của Trung tâm.",
		"Trung tâm đã công khai biểu giá dịch vụ kiểm định trên Cổng thông tin của Sở và tại nơi tiếp nhận."},
}

var publicSenders = []struct{ name, phone, email string }{
	{"Nguyễn Văn Tuấn", "0912 456 789", "tuan.nv@gmail.com"},
	{"Hoàng Thị Mai", "0978 112 334", ""},
	{"Lương Văn Sơn", "", "sonlv.ls@gmail.com"},
	{"Vi Thị Hoa", "0204 3871 222", "hoavt@yahoo.com"},
}

// LoadPetitions records a year of petitions as they would have happened: received
// on their day, classified, assigned, answered (a few late), published and rated,
// some refused or transferred, the last weeks' still in hand (a few overdue), and the
// questions of the dialogues held. Each step runs on its own day's clock.
func LoadPetitions(ctx context.Context, d *db.DB, now func() time.Time, unitID map[string]int64, entIDs []int64, dialogues []int64) error {
	clk := &demoClock{}
	s := petition.NewStore(d, clk.now)
	cal, err := calendar.NewStore(d, now).Calendar(ctx)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(2026, 4))
	office := petition.Actor{Name: "Chu Thị Hằng", Role: auth.RoleOffice}
	today := calendar.DateOf(now())
	day := calendar.NewDate(today.Year, 1, 5)
	for i := 0; !day.After(today); i++ {
		t := demoTopics[r.IntN(len(demoTopics))]
		unit := unitID[t.unit]
		staff := petition.Actor{Name: "Chuyên viên " + t.unit, Role: auth.RoleUnitStaff, UnitID: unit}
		in := petition.NewPetition{Kind: petition.KindFeedback, Subject: t.subject, Content: t.content, Field: t.field, PublishConsent: r.IntN(5) > 0}
		if r.IntN(3) == 0 {
			in.Kind = petition.KindProposal
		}
		var sender petition.Actor
		if r.IntN(10) < 7 {
			ent := entIDs[r.IntN(len(entIDs))]
			sender = petition.Actor{Name: "Doanh nghiệp", Role: auth.RoleEnterprise, EnterpriseID: ent}
		} else {
			p := publicSenders[r.IntN(len(publicSenders))]
			in.SenderName, in.SenderPhone, in.SenderEmail = p.name, p.phone, p.email
			sender = petition.PublicActor("", "")
		}
		clk.on(day, 8+r.IntN(8))
		p, err := s.Create(ctx, sender, in)
		if err != nil {
			return fmt.Errorf("demo: petition %d: %w", i, err)
		}
		age := cal.WorkingDaysBetween(day, today)
		step := func(after int, a petition.Actor, act petition.Action, in petition.Input) error {
			at := cal.AddWorkingDays(day, after)
			if at.After(today) {
				return errStop
			}
			clk.on(at, 10+r.IntN(6))
			_, err := s.Act(ctx, a, p.ID, act, in)
			return err
		}
		err = runSteps(func() error {
			switch n := r.IntN(40); {
			case n == 0:
				return step(1, office, petition.ActionRefuse, petition.Input{Reason: "Nội dung không thuộc phạm vi phản ánh, kiến nghị về quy định hành chính; đề nghị liên hệ UBND cấp xã."})
			case n == 1:
				return step(2, office, petition.ActionTransfer, petition.Input{TransferTo: "Sở Nông nghiệp và Môi trường tỉnh Lạng Sơn"})
			}
			if err := step(1, office, petition.ActionAssign, petition.Input{UnitID: unit}); err != nil {
				return err
			}
			answerDay := 3 + r.IntN(10)
			if r.IntN(12) == 0 {
				if err := step(2, staff, petition.ActionRequestInfo, petition.Input{Note: "Đề nghị cung cấp số hồ sơ và bản chụp phiếu hẹn."}); err != nil {
					return err
				}
				infoActor := sender
				if sender.Public() {
					infoActor = petition.PublicActor("", p.TrackingCode)
				}
				if err := step(4, infoActor, petition.ActionSupplyInfo, petition.Input{Note: "Số hồ sơ và phiếu hẹn đã gửi kèm."}); err != nil {
					return err
				}
				answerDay += 3
			}
			if r.IntN(15) == 0 {
				answerDay = 17 + r.IntN(5) // answered late
			}
			if age < 25 && r.IntN(4) == 0 {
				answerDay = 40 // still in hand, soon or already overdue
			}
			if err := step(answerDay, staff, petition.ActionAnswer, petition.Input{Answer: t.answer}); err != nil {
				return err
			}
			if err := step(answerDay+1, office, petition.ActionPublish, petition.Input{}); err != nil {
				return err
			}
			rater := sender
			if sender.Public() {
				rater = petition.PublicActor("", p.TrackingCode)
			}
			sat := petition.SatisfactionSatisfied
			if r.IntN(8) == 0 {
				sat = petition.SatisfactionUnsatisfied
			}
			if r.IntN(3) > 0 {
				return step(answerDay+3, rater, petition.ActionRate, petition.Input{Satisfaction: sat})
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("demo: petition %s: %w", p.TrackingCode, err)
		}
		day = day.AddDays(1 + r.IntN(3))
	}
	for _, code := range []string{"QLXD", "QLVT"} {
		if _, err := s.CreateTemplate(ctx, auth.Scope{All: true}, petition.Template{UnitID: unitID[code], Title: "Đã tiếp thu, sẽ trả lời bằng văn bản",
			Body: "Sở Xây dựng đã tiếp nhận phản ánh, kiến nghị của Quý doanh nghiệp. Phòng đang phối hợp các đơn vị liên quan xem xét và sẽ trả lời bằng văn bản trong thời hạn quy định."}); err != nil {
			return err
		}
	}
	return dialogueQuestions(ctx, d, s, clk, unitID, dialogues)
}

// dialogueQuestions records three questions of the first dialogue held.
func dialogueQuestions(ctx context.Context, d *db.DB, s *petition.Store, clk *demoClock, unitID map[string]int64, dialogues []int64) error {
	if len(dialogues) == 0 {
		return nil
	}
	var heldOn string
	var attendees []int64
	if err := d.Read().QueryRowContext(ctx, "SELECT held_on FROM dialogues WHERE id = $1", dialogues[0]).Scan(&heldOn); err != nil {
		return err
	}
	rows, err := d.Read().QueryContext(ctx, "SELECT enterprise_id FROM dialogue_participants WHERE dialogue_id = $1 AND attended ORDER BY enterprise_id LIMIT 3", dialogues[0])
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		attendees = append(attendees, id)
	}
	rows.Close()
	held, _ := calendar.ParseDate(heldOn)
	office := petition.Actor{Name: "Chu Thị Hằng", Role: auth.RoleOffice}
	qs := []demoTopic{demoTopics[2], demoTopics[3], demoTopics[8]}
	for i, ent := range attendees {
		q := qs[i%len(qs)]
		clk.on(held, 9)
		p, err := s.Create(ctx, office, petition.NewPetition{Kind: petition.KindProposal, Channel: petition.ChannelDialogue, DialogueID: dialogues[0],
			EnterpriseID: ent, Subject: q.subject, Content: q.content, Field: q.field, ReceivedAt: clk.now(), PublishConsent: true})
		if err != nil {
			return fmt.Errorf("demo: dialogue question: %w", err)
		}
		if _, err := s.Act(ctx, office, p.ID, petition.ActionAssign, petition.Input{UnitID: unitID[q.unit]}); err != nil {
			return err
		}
	}
	return nil
}

// errStop ends a petition's story at today: later steps have not happened yet.
var errStop = fmt.Errorf("not yet")

func runSteps(fn func() error) error {
	if err := fn(); err != nil && err != errStop {
		return err
	}
	return nil
}

// demoClock is the time the demo's steps happen at.
type demoClock struct{ t time.Time }

func (c *demoClock) now() time.Time { return c.t }

func (c *demoClock) on(d calendar.Date, hour int) {
	c.t = d.Time().Add(time.Duration(hour) * time.Hour)
}
