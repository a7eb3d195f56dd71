package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/outreach"
)

// demoArticle is one outreach article of the demo: written by an account, published
// by the office or the leadership on a day, about a unit, an enterprise (a %s in the
// text is its name), an initiative or a dialogue, found by code or title.
type demoArticle struct {
	author, publisher, published string
	title, summary, body, byline string
	kind                         outreach.LinkKind
	ref                          string // unit code; initiative or dialogue title; "" for the brick maker
	cover                        [2]color.RGBA
}

var demoArticles = []demoArticle{
	{author: "vanphong", publisher: "lanhdao", published: "2026-07-06", kind: outreach.LinkUnit, ref: "TTDK",
		title:   "Trung tâm Đăng kiểm: đặt lịch kiểm định trực tuyến, chủ xe không còn xếp hàng từ sáng sớm",
		summary: "Từ tháng 3/2026, chủ xe đặt lịch kiểm định qua mạng theo khung giờ; thời gian chờ bình quân tại Trung tâm giảm từ hơn 2 giờ xuống khoảng 20 phút.",
		byline:  "Văn phòng Sở",
		body: `Trước đây, vào những ngày cao điểm, chủ xe phải đến Trung tâm Đăng kiểm phương tiện giao thông từ 5 giờ sáng để lấy số thứ tự, nhiều trường hợp chờ đến trưa mới được kiểm định. Hưởng ứng phong trào thi đua "Phát triển mạnh doanh nghiệp tư nhân, nâng cao hiệu quả doanh nghiệp nhà nước", Trung tâm đã đổi mới cách tiếp nhận, lấy người dân, doanh nghiệp làm trung tâm phục vụ.

Từ ngày 01/3/2026, Trung tâm triển khai đặt lịch kiểm định trực tuyến: chủ xe chọn ngày, khung giờ trên Cổng dịch vụ công hoặc qua điện thoại, nhận tin nhắn xác nhận và đến đúng giờ đã hẹn. Mỗi dây chuyền tiếp nhận theo khung 30 phút, có dự phòng cho xe đến không hẹn trước.

Sau 4 tháng, hơn 8.600 lượt xe được kiểm định theo lịch hẹn, chiếm 78% tổng số xe đến Trung tâm. Thời gian chờ bình quân giảm từ hơn 2 giờ xuống khoảng 20 phút; các doanh nghiệp vận tải chủ động bố trí xe, không phải dừng khai thác cả ngày.

Anh Hoàng Văn Dũng, đội trưởng đội xe của một doanh nghiệp vận tải hành khách tại phường Đông Kinh, chia sẻ: "Trước kia mỗi lần đưa xe đi kiểm định là mất trọn một ngày công của lái xe. Nay đặt lịch buổi sáng, trưa đã đưa xe về chạy tuyến."

Mô hình được Sở đánh giá là cách làm hay, đề nghị các đơn vị có tiếp nhận hồ sơ trực tiếp nghiên cứu, áp dụng.`,
		cover: [2]color.RGBA{{11, 79, 156, 255}, {139, 29, 29, 255}}},
	{author: "chuyenvien", publisher: "vanphong", published: "2026-08-14", kind: outreach.LinkDialogue, ref: "Hội nghị đối thoại với doanh nghiệp vận tải, logistics năm 2026",
		title:   "Sau đối thoại, doanh nghiệp vận tải, logistics được trả lời bằng văn bản trong 15 ngày làm việc",
		summary: "Các kiến nghị nêu tại Hội nghị đối thoại ngày 18/6/2026 được giao từng phòng chuyên môn trả lời, công khai trên Cổng thông tin của Sở.",
		byline:  "Vi Thị Lan, Phòng Quản lý hoạt động xây dựng",
		body: `Tại Hội nghị đối thoại với doanh nghiệp vận tải, logistics ngày 18/6/2026, đại diện 14 doanh nghiệp đã nêu các vướng mắc về cấp, đổi phù hiệu xe, hạ tầng bến bãi tại cửa khẩu Hữu Nghị, Tân Thanh và thủ tục trực tuyến lĩnh vực đường bộ.

Ngay sau hội nghị, mỗi ý kiến được ghi nhận thành một phản ánh, kiến nghị trên hệ thống thi đua, giao phòng chuyên môn phụ trách với thời hạn trả lời 15 ngày làm việc. Doanh nghiệp theo dõi tiến độ bằng mã theo dõi mà không cần đến Sở.

Đến nay, các kiến nghị thuộc thẩm quyền của Sở đã được trả lời bằng văn bản; những nội dung thuộc thẩm quyền của cơ quan khác được chuyển đúng nơi và thông báo cho doanh nghiệp. Các câu trả lời được công khai để doanh nghiệp khác có cùng vướng mắc tham khảo.

Cách làm "đối thoại đến đâu, giải quyết đến đó" góp phần thực hiện chỉ tiêu mỗi năm tổ chức ít nhất một cuộc đối thoại doanh nghiệp, và quan trọng hơn, giúp doanh nghiệp tin tưởng đồng hành cùng cơ quan quản lý.`,
		cover: [2]color.RGBA{{30, 107, 46, 255}, {11, 79, 156, 255}}},
	{author: "vanphong", publisher: "lanhdao", published: "2026-10-05", kind: outreach.LinkInitiative, ref: "Số hóa quy trình cấp giấy phép xây dựng",
		title:   "Cấp giấy phép xây dựng điện tử: 612 giấy phép, 97% đúng hạn",
		summary: "Sáng kiến số hóa quy trình cấp giấy phép xây dựng được công nhận, áp dụng hiệu quả: thời gian cấp phép trung bình còn 8,5 ngày làm việc.",
		byline:  "Phòng Quản lý hoạt động xây dựng",
		body: `Từ tháng 5/2026, Phòng Quản lý hoạt động xây dựng áp dụng quy trình cấp giấy phép xây dựng hoàn toàn trên môi trường điện tử: hồ sơ nộp trực tuyến, bản vẽ số hóa, phiếu thẩm định điện tử ký số và giấy phép điện tử gửi qua Cổng dịch vụ công.

Sáng kiến do hai công chức của Phòng đề xuất, được Hội đồng sáng kiến Sở công nhận với phạm vi ảnh hưởng cấp tỉnh. Sau 5 tháng áp dụng, 612 giấy phép được cấp trực tuyến, 97% đúng hạn; thời gian cấp phép trung bình còn 8,5 ngày làm việc so với quy định 15 ngày.

Người dân, doanh nghiệp không phải đi lại nộp hồ sơ giấy, tiết kiệm ước tính 185 triệu đồng chi phí đi lại, in ấn trong năm. Hồ sơ lưu trữ điện tử giúp tra cứu, kiểm tra sau cấp phép thuận lợi hơn.

Quy trình đang được Phòng Quy hoạch - Kiến trúc nghiên cứu áp dụng cho thủ tục cấp giấy phép quy hoạch, góp phần nâng tỷ lệ dịch vụ công trực tuyến toàn trình theo chỉ tiêu của Kế hoạch.`,
		cover: [2]color.RGBA{{139, 29, 29, 255}, {240, 180, 0, 255}}},
	{author: "khtc", publisher: "vanphong", published: "2026-11-09", kind: outreach.LinkEnterprise,
		title:   "Chuyển từ lò gạch thủ công sang gạch không nung: hướng đi xanh của một doanh nghiệp vật liệu xây dựng",
		summary: "Đầu tư dây chuyền gạch không nung, doanh nghiệp vừa chấm dứt khói lò, vừa tăng 30% doanh thu và ổn định việc làm cho lao động địa phương.",
		byline:  "Phòng Kế hoạch - Tài chính",
		body: `%s từng vận hành lò gạch nung thủ công, mỗi mùa khói bụi ảnh hưởng đến khu dân cư xung quanh. Thực hiện chủ trương phát triển vật liệu xây dựng không nung và nội dung thi đua "đổi mới sáng tạo, chuyển đổi xanh" của Kế hoạch, doanh nghiệp quyết định chuyển đổi công nghệ.

Năm 2025, doanh nghiệp đầu tư dây chuyền ép gạch bê tông công suất 20 triệu viên quy chuẩn mỗi năm, tận dụng đá mạt, xỉ than từ các mỏ và nhà máy trên địa bàn tỉnh. Sở Xây dựng hướng dẫn công bố hợp quy sản phẩm và giới thiệu sản phẩm tới các chủ đầu tư công trình sử dụng vốn nhà nước.

Trong 9 tháng năm 2026, doanh thu tăng khoảng 30% so với cùng kỳ; 45 lao động địa phương có việc làm ổn định, được đóng bảo hiểm xã hội đầy đủ. Khu vực lò nung cũ được cải tạo thành bãi chứa thành phẩm, không còn khói bụi.

Doanh nghiệp là một trong những điển hình được Sở đề xuất biểu dương tại hội nghị sơ kết phong trào thi đua, khuyến khích các cơ sở sản xuất gạch nung còn lại trên địa bàn học tập, chuyển đổi.`,
		cover: [2]color.RGBA{{122, 75, 0, 255}, {30, 107, 46, 255}}},
}

// LoadOutreach writes and publishes the demo's articles on exemplary models of the
// movement, each on its day, with a cover drawn for it.
func LoadOutreach(ctx context.Context, d *db.DB, now func() time.Time) error {
	today := calendar.DateOf(now())
	accounts := auth.NewStore(d, now)
	for _, a := range demoArticles {
		day, _ := calendar.ParseDate(a.published)
		if day.After(today) {
			continue
		}
		author, err := accounts.UserByName(ctx, a.author)
		if err != nil {
			return fmt.Errorf("demo: account %s: %w", a.author, err)
		}
		publisher, err := accounts.UserByName(ctx, a.publisher)
		if err != nil {
			return fmt.Errorf("demo: account %s: %w", a.publisher, err)
		}
		ref, body, err := articleLink(ctx, d, a)
		if err != nil {
			return err
		}
		s := outreach.NewStore(d, on(day.AddDays(-2).String()), nil)
		art, err := s.Create(as(ctx, author), author, outreach.Input{Title: a.title, Summary: a.summary, Body: body, Byline: a.byline,
			LinkKind: string(a.kind), LinkRef: ref, Cover: &outreach.Upload{Name: "anh-bia.png", Data: coverImage(a.cover[0], a.cover[1])}})
		if err != nil {
			return fmt.Errorf("demo: article %q: %w", a.title, err)
		}
		if !outreach.Publisher(author) {
			if err := s.Step(as(ctx, author), author, art.ID, outreach.StepSubmit, ""); err != nil {
				return err
			}
		}
		if err := outreach.NewStore(d, on(a.published), nil).Step(as(ctx, publisher), publisher, art.ID, outreach.StepPublish, ""); err != nil {
			return fmt.Errorf("demo: publish %q: %w", a.title, err)
		}
	}
	return nil
}

// articleLink finds what an article is about and fills the brick maker's name in.
func articleLink(ctx context.Context, d *db.DB, a demoArticle) (string, string, error) {
	var id int64
	var err error
	switch a.kind {
	case outreach.LinkInitiative:
		err = d.Read().QueryRowContext(ctx, "SELECT id FROM initiatives WHERE title = $1", a.ref).Scan(&id)
	case outreach.LinkDialogue:
		err = d.Read().QueryRowContext(ctx, "SELECT id FROM dialogues WHERE title = $1", a.ref).Scan(&id)
	case outreach.LinkEnterprise:
		for _, e := range Enterprises(150) {
			if e.Ownership == "private" && !strings.Contains(e.TaxCode, "-") &&
				(strings.Contains(e.Name, "Gạch Tuynel") || strings.Contains(e.Name, "Bê tông") || strings.Contains(e.Name, "Vật liệu Xây dựng")) {
				return e.TaxCode, strings.Replace(a.body, "%s", e.Name, 1), nil
			}
		}
		return "", "", fmt.Errorf("demo: no brick maker among the enterprises")
	default:
		return a.ref, a.body, nil
	}
	if err != nil {
		return "", "", fmt.Errorf("demo: article %q links to %q: %w", a.title, a.ref, err)
	}
	return fmt.Sprint(id), a.body, nil
}

// coverImage draws a simple cover: a gradient between two colours with the outline of
// buildings and a road, as a PNG.
func coverImage(from, to color.RGBA) []byte {
	const w, h = 960, 420
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	mix := func(a, b uint8, t float64) uint8 { return uint8(float64(a)*(1-t) + float64(b)*t) }
	for y := 0; y < h; y++ {
		t := float64(y) / h
		c := color.RGBA{mix(from.R, to.R, t), mix(from.G, to.G, t), mix(from.B, to.B, t), 255}
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, c)
		}
	}
	shade := color.RGBA{255, 255, 255, 70}
	for i, bh := range []int{140, 220, 180, 260, 120, 200, 240, 160} {
		x0 := 60 + i*110
		for y := h - 90 - bh; y < h-90; y++ {
			for x := x0; x < x0+80; x++ {
				img.Set(x, y, blend(img.RGBAAt(x, y), shade))
			}
		}
	}
	for y := h - 90; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, color.RGBA{40, 40, 40, 255})
		}
	}
	for x := 0; x < w; x += 80 {
		for y := h - 48; y < h-42; y++ {
			for dx := 0; dx < 44; dx++ {
				img.SetRGBA(x+dx, y, color.RGBA{240, 240, 240, 255})
			}
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}

func blend(a, b color.RGBA) color.RGBA {
	t := float64(b.A) / 255
	m := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 255}
}
