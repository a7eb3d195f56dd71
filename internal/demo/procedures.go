package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/procedure"
)

// ProcedureSeed is one procedure of the demo catalogue. Days 0 means no stated
// time; ValidTo "" means still valid.
type ProcedureSeed struct {
	Code, Name, Field, Unit string
	Days                    float64
	Fee                     int64
	FeeText, FeeBasis       string
	Level                   procedure.OnlineLevel
	Eligible                bool
	Reason                  string
	ValidFrom, ValidTo      string
}

// Fields of the demo catalogue, as the province's catalogue names them.
const (
	fieldBuilding    = "Hoạt động xây dựng"
	fieldPlanning    = "Quy hoạch xây dựng, kiến trúc"
	fieldHousing     = "Nhà ở"
	fieldRealEstate  = "Kinh doanh bất động sản"
	fieldMaterials   = "Vật liệu xây dựng"
	fieldRoad        = "Đường bộ"
	fieldRoadInfra   = "Kết cấu hạ tầng giao thông đường bộ"
	afterMerger      = "2025-07-01"
	feeBasisPermit   = "Nghị quyết của HĐND tỉnh quy định lệ phí cấp giấy phép xây dựng"
	feeBasisAppraise = "Thông tư của Bộ Tài chính quy định phí thẩm định dự án, thiết kế xây dựng"
	feeBasisTransit  = "Thông tư của Bộ Tài chính quy định lệ phí cấp giấy phép vận tải"
)

// Procedures is the catalogue of a provincial Department of Construction after
// the 2025 merger with transport: building permits and appraisal, planning,
// housing and real estate, building materials, road transport and road
// infrastructure. Driving licences are not here: they moved to the police in 2025.
// Most eligible procedures are offered toàn trình; four eligible ones are only
// partly online, with the reasons the department publishes, so T3 has a shortfall
// to show. The codes have the national form but are illustrative.
func Procedures() []ProcedureSeed {
	full, part, none := procedure.LevelFull, procedure.LevelPartial, procedure.LevelNone
	return []ProcedureSeed{
		{"1.009972.000.00.00.H37", "Cấp giấy phép xây dựng mới đối với công trình cấp I, cấp II", fieldBuilding, "QLXD", 20, 150000, "", feeBasisPermit, full, true, "", afterMerger, ""},
		{"1.009973.000.00.00.H37", "Cấp giấy phép xây dựng mới đối với công trình tôn giáo, tín ngưỡng, công trình quảng cáo", fieldBuilding, "QLXD", 20, 150000, "", feeBasisPermit, full, true, "", afterMerger, ""},
		{"1.009974.000.00.00.H37", "Cấp giấy phép sửa chữa, cải tạo công trình", fieldBuilding, "QLXD", 20, 150000, "", feeBasisPermit, full, true, "", afterMerger, ""},
		{"1.009975.000.00.00.H37", "Cấp giấy phép di dời công trình", fieldBuilding, "QLXD", 20, 150000, "", feeBasisPermit, full, true, "", afterMerger, ""},
		{"1.009976.000.00.00.H37", "Điều chỉnh giấy phép xây dựng đối với công trình cấp I, cấp II", fieldBuilding, "QLXD", 20, 150000, "", feeBasisPermit, full, true, "", afterMerger, ""},
		{"1.009977.000.00.00.H37", "Gia hạn giấy phép xây dựng đối với công trình cấp I, cấp II", fieldBuilding, "QLXD", 5, 15000, "", feeBasisPermit, full, true, "", afterMerger, ""},
		{"1.009978.000.00.00.H37", "Cấp lại giấy phép xây dựng đối với công trình cấp I, cấp II", fieldBuilding, "QLXD", 5, 15000, "", feeBasisPermit, full, true, "", afterMerger, ""},
		{"1.009979", "Thẩm định Báo cáo nghiên cứu khả thi đầu tư xây dựng, điều chỉnh Báo cáo nghiên cứu khả thi đầu tư xây dựng", fieldBuilding, "QLXD", 30, 0, "Theo tỷ lệ % tổng mức đầu tư", feeBasisAppraise, part, true,
			"Hồ sơ thiết kế khổ lớn của nhiều tổ chức tư vấn chưa có chữ ký số; chủ đầu tư phải nộp bản giấy đóng dấu để đối chiếu khi thẩm định", afterMerger, ""},
		{"1.009980", "Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở, điều chỉnh thiết kế xây dựng", fieldBuilding, "QLXD", 30, 0, "Theo tỷ lệ % chi phí xây dựng", feeBasisAppraise, full, true, "", afterMerger, ""},
		{"1.009981", "Thẩm định Báo cáo kinh tế - kỹ thuật đầu tư xây dựng", fieldBuilding, "QLXD", 20, 0, "Theo tỷ lệ % tổng mức đầu tư", feeBasisAppraise, full, true, "", afterMerger, ""},
		{"1.009982", "Cấp chứng chỉ năng lực hoạt động xây dựng hạng II, hạng III", fieldBuilding, "QLXD", 20, 1000000, "", "Thông tư của Bộ Tài chính quy định lệ phí cấp chứng chỉ năng lực", full, true, "", afterMerger, ""},
		{"1.009983", "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III", fieldBuilding, "QLXD", 20, 300000, "", "Thông tư của Bộ Tài chính quy định lệ phí cấp chứng chỉ hành nghề", part, false,
			"Người đề nghị phải dự sát hạch trực tiếp", afterMerger, ""},
		{"1.009984", "Kiểm tra công tác nghiệm thu hoàn thành công trình xây dựng", fieldBuilding, "QLXD", 15, 0, "Không quy định", "", part, false,
			"Phải kiểm tra hiện trường công trình", afterMerger, ""},
		{"1.009985", "Cho ý kiến về kết quả đánh giá an toàn công trình", fieldBuilding, "QLXD", 30, 0, "Không quy định", "", full, true, "", afterMerger, ""},
		{"1.009986", "Bổ nhiệm giám định viên tư pháp xây dựng", fieldBuilding, "QLXD", 20, 0, "Không", "", full, true, "", afterMerger, ""},
		{"1.008432", "Cấp giấy phép xây dựng mới đối với công trình cấp I, cấp II (theo quy trình trước sáp nhập)", fieldBuilding, "QLXD", 20, 150000, "", feeBasisPermit, part, true,
			"Chưa kết nối thanh toán lệ phí trực tuyến", "2024-01-01", "2025-06-30"},

		{"1.008991", "Cung cấp thông tin về quy hoạch xây dựng thuộc thẩm quyền của UBND tỉnh", fieldPlanning, "QHKT", 15, 0, "Không quy định", "", full, true, "", afterMerger, ""},
		{"1.008992", "Thẩm định nhiệm vụ, đồ án quy hoạch chi tiết xây dựng thuộc thẩm quyền phê duyệt của UBND tỉnh", fieldPlanning, "QHKT", 20, 0, "Theo định mức chi phí quy hoạch", "Thông tư của Bộ Xây dựng về định mức chi phí quy hoạch", full, true, "", afterMerger, ""},
		{"1.008993", "Cấp chứng chỉ hành nghề kiến trúc", fieldPlanning, "QHKT", 15, 300000, "", "Thông tư của Bộ Tài chính quy định lệ phí cấp chứng chỉ hành nghề kiến trúc", part, false,
			"Người đề nghị phải dự sát hạch trực tiếp", afterMerger, ""},
		{"1.008994", "Gia hạn chứng chỉ hành nghề kiến trúc", fieldPlanning, "QHKT", 10, 150000, "", "Thông tư của Bộ Tài chính quy định lệ phí cấp chứng chỉ hành nghề kiến trúc", full, true, "", afterMerger, ""},

		{"1.012771", "Thẩm định giá bán, giá thuê mua, giá thuê nhà ở xã hội", fieldHousing, "QLN", 30, 0, "Không", "", full, true, "", afterMerger, ""},
		{"1.012772", "Cho thuê nhà ở công vụ thuộc thẩm quyền quản lý của UBND tỉnh", fieldHousing, "QLN", 30, 0, "Không", "", full, true, "", afterMerger, ""},
		{"1.012773", "Bán nhà ở cũ thuộc tài sản công", fieldHousing, "QLN", 45, 0, "Không", "", part, true,
			"Hợp đồng mua bán phải ký trực tiếp và nộp tiền mua nhà tại Kho bạc; chưa ký hợp đồng điện tử được", afterMerger, ""},
		{"1.012774", "Thông báo nhà ở hình thành trong tương lai đủ điều kiện được bán, cho thuê mua", fieldRealEstate, "QLN", 15, 0, "Không", "", full, true, "", afterMerger, ""},
		{"1.000703", "Cấp chứng chỉ hành nghề môi giới bất động sản", fieldRealEstate, "QLN", 10, 200000, "", "Nghị quyết của HĐND tỉnh quy định lệ phí cấp chứng chỉ hành nghề", full, true, "", afterMerger, ""},
		{"1.000704", "Cấp lại chứng chỉ hành nghề môi giới bất động sản", fieldRealEstate, "QLN", 5, 200000, "", "Nghị quyết của HĐND tỉnh quy định lệ phí cấp chứng chỉ hành nghề", full, true, "", afterMerger, ""},
		{"1.000705", "Chuyển nhượng toàn bộ hoặc một phần dự án bất động sản do UBND tỉnh quyết định đầu tư", fieldRealEstate, "QLN", 30, 0, "Không", "", part, false, "", afterMerger, ""},

		{"1.011651", "Tiếp nhận bản công bố hợp quy sản phẩm, hàng hóa vật liệu xây dựng", fieldMaterials, "KTVL", 5, 150000, "", "Thông tư của Bộ Tài chính quy định phí trong lĩnh vực xây dựng", full, true, "", afterMerger, ""},
		{"1.011652", "Cho ý kiến về thiết kế cơ sở dự án đầu tư xây dựng cơ sở sản xuất vật liệu xây dựng", fieldMaterials, "KTVL", 15, 0, "Không quy định", "", full, true, "", afterMerger, ""},

		{"1.002861", "Cấp giấy phép kinh doanh vận tải bằng xe ô tô", fieldRoad, "QLVT", 5, 200000, "", feeBasisTransit, full, true, "", afterMerger, ""},
		{"1.002862", "Cấp lại giấy phép kinh doanh vận tải bằng xe ô tô khi có sự thay đổi nội dung", fieldRoad, "QLVT", 5, 200000, "", feeBasisTransit, full, true, "", afterMerger, ""},
		{"1.002863", "Cấp phù hiệu xe ô tô kinh doanh vận tải (hành khách tuyến cố định, xe buýt, xe hợp đồng, xe du lịch, hàng hóa)", fieldRoad, "QLVT", 2, 0, "Không", "", full, true, "", afterMerger, ""},
		{"1.002864", "Cấp lại phù hiệu xe ô tô kinh doanh vận tải", fieldRoad, "QLVT", 1.5, 0, "Không", "", full, true, "", afterMerger, ""},
		{"1.002865", "Đăng ký khai thác tuyến vận tải hành khách cố định bằng xe ô tô", fieldRoad, "QLVT", 3, 0, "Không", "", full, true, "", afterMerger, ""},
		{"1.002866", "Cấp giấy phép vận tải đường bộ quốc tế Việt Nam - Trung Quốc cho phương tiện", fieldRoad, "QLVT", 2, 50000, "", feeBasisTransit, part, true,
			"Giấy phép là bản giấy có ký hiệu phân biệt theo mẫu của Hiệp định Việt - Trung, phải nhận trực tiếp; chưa trả kết quả điện tử được", afterMerger, ""},
		{"1.002867", "Gia hạn thời gian lưu hành tại Việt Nam cho phương tiện của Trung Quốc", fieldRoad, "QLVT", 0.5, 0, "Không", "", none, false,
			"Phương tiện phải có mặt tại cửa khẩu để kiểm tra", afterMerger, ""},
		{"1.002868", "Cấp giấy chứng nhận thẩm định thiết kế xe cơ giới cải tạo", fieldRoad, "TTDK", 2, 0, "Theo biểu giá dịch vụ đăng kiểm", "Thông tư của Bộ Tài chính quy định giá dịch vụ kiểm định phương tiện", full, true, "", afterMerger, ""},

		{"1.001035", "Chấp thuận xây dựng công trình thiết yếu trong phạm vi bảo vệ kết cấu hạ tầng giao thông đường bộ", fieldRoadInfra, "KCHT", 7, 0, "Không", "", full, true, "", afterMerger, ""},
		{"1.001036", "Gia hạn chấp thuận xây dựng công trình thiết yếu trong phạm vi bảo vệ kết cấu hạ tầng giao thông đường bộ", fieldRoadInfra, "KCHT", 3, 0, "Không", "", full, true, "", afterMerger, ""},
		{"1.001037", "Cấp giấy phép thi công xây dựng công trình thiết yếu trên đường bộ đang khai thác", fieldRoadInfra, "KCHT", 7, 0, "Không", "", full, true, "", afterMerger, ""},
		{"1.001038", "Chấp thuận thiết kế và phương án tổ chức thi công nút giao đấu nối vào đường tỉnh", fieldRoadInfra, "KCHT", 10, 0, "Không", "", part, true,
			"Phải khảo sát hiện trường nút giao cùng chủ đầu tư và đơn vị quản lý đường trước khi chấp thuận", afterMerger, ""},
		{"1.001039", "Cấp giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn, xe bánh xích trên đường bộ", fieldRoadInfra, "KCHT", 2, 0, "Không", "", full, true, "", afterMerger, ""},
	}
}

// LoadProcedures creates the demo catalogue through the procedure store, so each
// procedure has its audit trail. The units must exist.
func LoadProcedures(ctx context.Context, d *db.DB, now func() time.Time) error {
	ps := procedure.NewStore(d, now)
	for _, sd := range Procedures() {
		p := procedure.Procedure{Code: sd.Code, Name: sd.Name, Field: sd.Field, UnitCode: sd.Unit, Fee: sd.Fee, FeeText: sd.FeeText,
			FeeBasis: sd.FeeBasis, OnlineLevel: sd.Level, EligibleFull: sd.Eligible, NotFullReason: sd.Reason}
		if sd.Days > 0 {
			days := sd.Days
			p.StatutoryDays = &days
		}
		var err error
		if p.ValidFrom, err = calendar.ParseDate(sd.ValidFrom); err != nil {
			return fmt.Errorf("demo: procedure %s: %w", sd.Code, err)
		}
		if sd.ValidTo != "" {
			if p.ValidTo, err = calendar.ParseDate(sd.ValidTo); err != nil {
				return fmt.Errorf("demo: procedure %s: %w", sd.Code, err)
			}
		}
		if _, err := ps.Create(ctx, p); err != nil {
			return fmt.Errorf("demo: procedure %s: %w", sd.Code, err)
		}
	}
	return nil
}
