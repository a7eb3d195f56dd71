package web

import (
	"net/http"

	"github.com/thidua/thidua/internal/auth"
)

// guideStep is one step of the user guide: what to do, where, and what the page looks
// like (a screenshot the browser tests take, see TestGuideScreenshots).
type guideStep struct {
	Title, Text, Path, Image string
}

// guideSection is the guide of one kind of user.
type guideSection struct {
	ID, Title string
	Roles     []auth.Role
	Steps     []guideStep
}

// guide is the Vietnamese user guide, one section per role. The images are
// static/guide/<Image>.png, refreshed by running the browser tests with
// THIDUA_GUIDE_DIR=$PWD/internal/web/static/guide.
var guide = []guideSection{
	{ID: "van-phong", Title: "Văn phòng Sở", Roles: []auth.Role{auth.RoleOffice}, Steps: []guideStep{
		{"Nhập hồ sơ từ hệ thống một cửa", "Mỗi tháng, xuất danh sách hồ sơ từ hệ thống một cửa của tỉnh ra tệp Excel hoặc CSV, rồi vào Hồ sơ TTHC → Nhập. " +
			"Chọn “Chỉ kiểm tra” để xem trước; bỏ chọn để ghi. Cả tệp được nhập hoặc không dòng nào được nhập; dòng lỗi được liệt kê kèm lý do và tải về được. " +
			"Tệp lớn được nhập nền, trang hiện tiến độ.", "/import/dossiers", "import-dossiers"},
		{"Phân loại, giao phản ánh, kiến nghị", "Phản ánh, kiến nghị → Chờ phân loại: chọn các phản ánh rồi giao cho phòng, đơn vị; hoặc mở từng phản ánh để từ chối (nêu lý do) hay chuyển cơ quan khác. " +
			"Thời hạn tính theo ngày làm việc và hiện trên từng phản ánh.", "/petitions", "petitions-triage"},
		{"Yêu cầu báo cáo và theo dõi tình hình nộp", "Báo cáo → Yêu cầu báo cáo: chọn loại, kỳ, ngày chốt số liệu, hạn nộp, đơn vị phải nộp. " +
			"Trang tình hình nộp cho biết ai đúng hạn, muộn, chưa nộp; nút “Nhắc” gửi thông báo; nút tải báo cáo tổng hợp của Sở lập văn bản Word theo Nghị định 30.", "/reports", "reports"},
	}},
	{ID: "lanh-dao", Title: "Lãnh đạo Sở", Roles: []auth.Role{auth.RoleLeader}, Steps: []guideStep{
		{"Xem tổng quan", "Trang Tổng quan cho biết năm chỉ tiêu năm nay (đạt hay chưa, kèm tử số, mẫu số), những việc quá hạn, đơn vị nào đang chậm, và các giai đoạn, hạn báo cáo. " +
			"Bấm vào mỗi con số để xem các bản ghi tạo nên nó.", "/dashboard", "dashboard"},
		{"Chỉ đạo khó khăn, vướng mắc", "Khó khăn, vướng mắc: mở một vấn đề Văn phòng đã trình, ghi ý kiến chỉ đạo; đơn vị được thông báo và báo cáo kết quả.", "/difficulties", "difficulties"},
	}},
	{ID: "phong-don-vi", Title: "Phòng, đơn vị", Roles: []auth.Role{auth.RoleUnitManager, auth.RoleUnitStaff}, Steps: []guideStep{
		{"Trả lời phản ánh, kiến nghị", "Phản ánh, kiến nghị: danh sách việc của phòng xếp theo hạn gần nhất, có số đang xử lý, quá hạn, sắp đến hạn. " +
			"Mở một phản ánh để yêu cầu người gửi bổ sung (thời hạn tạm dừng) hoặc viết trả lời (có mẫu trả lời của phòng); Văn phòng công khai câu trả lời.", "/petitions", "petitions-worklist"},
		{"Nộp báo cáo", "Báo cáo: mở báo cáo phải nộp; số liệu của đơn vị đã được điền sẵn từ hệ thống. Viết các mục, đính kèm tệp, lưu nháp, rồi nộp. " +
			"Nếu Văn phòng trả lại, lý do hiện ở đầu trang; sửa rồi nộp lại.", "/reports", "report-form"},
	}},
	{ID: "hoi-dong", Title: "Thành viên hội đồng", Roles: []auth.Role{auth.RoleCouncil}, Steps: []guideStep{
		{"Chấm điểm sáng kiến", "Sáng kiến: mở sáng kiến đang xét trong phiên hội đồng mình là thành viên, chấm từng tiêu chí trong thang điểm; " +
			"thành viên là tác giả hay cùng đơn vị với sáng kiến không được chấm.", "/initiatives", "initiatives"},
	}},
	{ID: "doanh-nghiep", Title: "Doanh nghiệp", Roles: []auth.Role{auth.RoleEnterprise}, Steps: []guideStep{
		{"Gửi phản ánh, kiến nghị và theo dõi", "Phản ánh, kiến nghị → Gửi: chọn loại, viết tiêu đề, nội dung, đính kèm tệp. Doanh nghiệp được thông báo qua thư điện tử khi có trả lời " +
			"và có thể đánh giá mức độ hài lòng hoặc đề nghị xem xét lại.", "/petitions/new", "petition-send"},
		{"Đăng ký dự đối thoại", "Đối thoại DN: các cuộc đối thoại doanh nghiệp được mời; bấm vào một cuộc, ghi người đại diện rồi đăng ký trước hạn.", "/dialogues", "dialogues"},
	}},
}

type helpView struct {
	view
	Sections []guideSection
	Mine     string // the section of the user's role, shown first
}

// helpPage is the user guide, reachable from every page; a signed-in user's own
// section comes first.
func (s *Server) helpPage(w http.ResponseWriter, r *http.Request) error {
	v := &helpView{view: s.base(r, "Hướng dẫn sử dụng"), Sections: guide}
	if u := currentUser(r); u != nil {
		for _, sec := range guide {
			for _, role := range sec.Roles {
				if role == u.Role {
					v.Mine = sec.ID
				}
			}
		}
	}
	s.render(w, r, http.StatusOK, "help", v)
	return nil
}

// guidePages lists each guide image with the role and page it shows, for the test
// that takes the screenshots.
func guidePages() []struct{ Role, Path, Image string } {
	var out []struct{ Role, Path, Image string }
	for _, sec := range guide {
		for _, st := range sec.Steps {
			out = append(out, struct{ Role, Path, Image string }{string(sec.Roles[0]), st.Path, st.Image})
		}
	}
	return out
}
