package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/dialogue"
)

// demoDialogue is one dialogue of the demo: held ones are recorded with who came.
type demoDialogue struct {
	in       dialogue.Input
	held     bool
	attend   int // how many invited enterprises attended (held) or registered (planned)
	conclude string
}

// LoadDialogues schedules the year's dialogues: two held (one hosted, one the
// province's that the department joined), so T4 is met for 2026, and one coming
// up that enterprises are registering for.
func LoadDialogues(ctx context.Context, d *db.DB, now func() time.Time, entIDs []int64) ([]int64, error) {
	today := calendar.DateOf(now())
	upcoming := today.AddDays(18)
	chair := "Ông Trần Văn Vương, Phó Giám đốc Sở"
	list := []demoDialogue{
		{in: dialogue.Input{Title: "Hội nghị đối thoại với doanh nghiệp vận tải, logistics năm 2026", HeldOn: "2026-06-18", StartsAt: "08:00",
			Place: "Hội trường Sở Xây dựng, số 8 đường Lê Lợi, TP Lạng Sơn", Chair: chair,
			Topics:  "Cấp, đổi phù hiệu xe kinh doanh vận tải\nHạ tầng bến bãi tại cửa khẩu Hữu Nghị, Tân Thanh\nThủ tục trực tuyến toàn trình lĩnh vực đường bộ",
			Sectors: []string{"transport", "logistics"}}, held: true, attend: 14,
			conclude: "Sở tiếp thu các kiến nghị; giao các phòng chuyên môn trả lời bằng văn bản trong 15 ngày làm việc và công khai trên Cổng thông tin của Sở.\nĐề nghị doanh nghiệp sử dụng dịch vụ công trực tuyến toàn trình khi cấp, đổi phù hiệu."},
		{in: dialogue.Input{Title: "Hội nghị gặp mặt, đối thoại doanh nghiệp tỉnh Lạng Sơn năm 2026", HeldOn: "2026-10-09", StartsAt: "14:00",
			Place: "Trung tâm Hội nghị tỉnh Lạng Sơn", Chair: "Ông Hồ Tiến Thiệu, Chủ tịch UBND tỉnh", Role: "guest", Organiser: "UBND tỉnh Lạng Sơn",
			Topics: "Tháo gỡ khó khăn về đất đai, xây dựng cho dự án đầu tư\nGiải ngân vốn đầu tư công"}, held: true, attend: 8,
			conclude: "Sở Xây dựng trả lời trực tiếp 03 kiến nghị về cấp phép xây dựng; các kiến nghị còn lại được chuyển về Sở để trả lời bằng văn bản."},
		{in: dialogue.Input{Title: "Đối thoại doanh nghiệp xây dựng, vật liệu xây dựng cuối năm 2026", HeldOn: upcoming.String(), StartsAt: "08:30",
			Place: "Hội trường Sở Xây dựng", Chair: chair, Topics: "Cấp giấy phép xây dựng\nChứng chỉ năng lực hoạt động xây dựng\nVật liệu xây dựng mới, công trình xanh",
			Sectors: []string{"construction", "building_materials"}}, attend: 6},
	}
	s := dialogue.NewStore(d, now)
	var held []int64
	for _, dd := range list {
		if dd.held {
			// Held dialogues were scheduled before their day: record them as of then.
			day, _ := calendar.ParseDate(dd.in.HeldOn)
			s = dialogue.NewStore(d, func() time.Time { return day.Time().Add(17 * time.Hour) })
		} else {
			s = dialogue.NewStore(d, now)
		}
		dl, err := s.Create(ctx, dd.in)
		if err != nil {
			return nil, fmt.Errorf("demo: dialogue %q: %w", dd.in.Title, err)
		}
		if _, err := s.Invite(ctx, dl.ID); err != nil {
			return nil, fmt.Errorf("demo: invite: %w", err)
		}
		invited, _, err := s.Participants(ctx, auth.Scope{All: true}, dl.ID, dd.attend, 0)
		if err != nil {
			return nil, err
		}
		if !dd.held {
			for i, p := range invited {
				if err := s.Register(ctx, auth.Scope{EnterpriseID: p.EnterpriseID}, dl.ID, representatives[i%len(representatives)]); err != nil {
					return nil, fmt.Errorf("demo: register: %w", err)
				}
			}
			continue
		}
		ids := make([]int64, 0, len(invited))
		for _, p := range invited {
			ids = append(ids, p.EnterpriseID)
		}
		if len(ids) == 0 {
			ids = entIDs[:dd.attend]
		}
		if err := s.RecordHeld(ctx, dl.ID, ids, dd.conclude); err != nil {
			return nil, fmt.Errorf("demo: held: %w", err)
		}
		held = append(held, dl.ID)
	}
	return held, nil
}

var representatives = []string{"Nguyễn Văn Hùng, Giám đốc", "Hoàng Thị Thu, Phó Giám đốc", "Lương Văn Tuấn, Giám đốc", "Vi Văn Đức, Trưởng phòng Kỹ thuật"}
