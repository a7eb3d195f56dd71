package kpi

import "github.com/thidua/thidua/internal/plan"

// FigureDef is how one figure shown anywhere in thidua (a page, the dashboard, the
// public portal, a report, the API) is computed, in Vietnamese, and from which
// records: the "Cách tính" page lists them all, and pages show a figure's formula
// beside it from here, so a figure has one definition.
type FigureDef struct {
	Key     string // what pages and the API call it
	Group   string
	Name    string
	Formula string
	Source  string
	Link    string // the list of records behind it, for staff
	// PublicLink is the public page of the same records, if there is one.
	PublicLink string
}

// Figures lists every figure thidua computes, the targets first.
func Figures() []FigureDef {
	out := []FigureDef{
		{"T1", "Chỉ tiêu", "Tỷ lệ phòng, đơn vị triển khai phong trào", definitions[plan.MeasureUnitsDeployed],
			"Sổ triển khai: văn bản triển khai của từng đơn vị", "/deployments", ""},
		{"T2", "Chỉ tiêu", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", definitions[plan.MeasureDossiersOnTime] +
			" Hồ sơ trước hạn: hoàn thành trước ngày hẹn trả (lùi thêm số ngày làm việc chờ bổ sung); đúng hạn: đúng ngày đó; từ hai lần yêu cầu bổ sung là quá hạn.",
			"Hồ sơ nhập từ hệ thống một cửa của tỉnh", "/dossiers/stats", "/public/statistics"},
		{"T3", "Chỉ tiêu", "Tỷ lệ thủ tục đủ điều kiện được cung cấp trực tuyến toàn trình", definitions[plan.MeasureProceduresFullOnline],
			"Danh mục thủ tục hành chính của Sở, theo hiệu lực tại ngày tính", "/procedures", "/public/procedures"},
		{"T4", "Chỉ tiêu", "Số cuộc đối thoại doanh nghiệp mỗi năm", definitions[plan.MeasureDialoguesHeld] +
			" Chỉ tính cuộc đã ghi nhận “đã tổ chức”; năm nào cũng phải đạt thì cả giai đoạn mới đạt.", "Sổ đối thoại doanh nghiệp", "/dialogues", "/public/dialogues"},
		{"T5", "Chỉ tiêu", "Số sáng kiến được áp dụng hiệu quả mỗi năm", definitions[plan.MeasureInitiativesApplied] +
			" Tính theo ngày ghi nhận áp dụng hiệu quả; năm nào cũng phải đạt thì cả giai đoạn mới đạt.", "Sổ sáng kiến", "/initiatives", ""},
		{"received_online_share", "Thủ tục hành chính", "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
			"(Hồ sơ tiếp nhận trực tuyến toàn trình + trực tuyến một phần) ÷ hồ sơ tiếp nhận trong kỳ.", "Hồ sơ nhập từ hệ thống một cửa", "/dossiers/stats", "/public/statistics"},
		{"progress_766", "Thủ tục hành chính", "Điểm tiến độ giải quyết (Bộ chỉ số 766)",
			"20 × (hồ sơ giải quyết trước hạn, đúng hạn + hồ sơ đang giải quyết trong hạn) ÷ hồ sơ trong kỳ; làm tròn 2 chữ số; không có hồ sơ thì không có dữ liệu.",
			"Hồ sơ nhập từ hệ thống một cửa", "/dossiers/stats", "/public/statistics"},
		{"processing_days", "Thủ tục hành chính", "Thời gian giải quyết bình quân so với quy định",
			"Trung bình số ngày làm việc đã dùng (trừ thời gian chờ bổ sung) của hồ sơ đã giải quyết trong kỳ, so với thời hạn giải quyết của thủ tục.",
			"Hồ sơ nhập từ hệ thống một cửa; danh mục thủ tục", "/dossiers/times", ""},
		{"petition_on_time", "Phản ánh, kiến nghị", "Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn",
			"Số phản ánh, kiến nghị đã trả lời trong kỳ mà trả lời không muộn hơn hạn xử lý (15 ngày làm việc, lùi thêm thời gian chờ người gửi bổ sung) ÷ số đã trả lời trong kỳ.",
			"Sổ phản ánh, kiến nghị", "/petitions", "/answers"},
		{"petition_766", "Phản ánh, kiến nghị", "Điểm xử lý phản ánh, kiến nghị đúng hạn và mức độ hài lòng (Bộ chỉ số 766)",
			"Mỗi điểm = 6 × tỷ lệ (đúng hạn; hài lòng trên số người gửi đã đánh giá); đơn vị không có phản ánh, kiến nghị trong kỳ được đủ 6 điểm.",
			"Sổ phản ánh, kiến nghị", "/petitions", "/answers"},
		{"report_status", "Báo cáo", "Tình hình nộp báo cáo",
			"Đúng hạn: lần nộp đầu không muộn hơn hạn nộp (theo ngày ở Việt Nam); nộp muộn: sau hạn; chưa nộp, quá hạn: đã qua hạn mà chưa nộp; trả lại để bổ sung không đổi việc đúng hạn của lần nộp đầu.",
			"Sổ báo cáo", "/reports", ""},
	}
	return out
}
