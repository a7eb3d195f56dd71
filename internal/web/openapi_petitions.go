package web

import "github.com/thidua/thidua/internal/petition"

// The petition endpoints of the OpenAPI document: the JSON API v1 and its
// Open311-shaped twin.

func petitionPaths() map[string][]struct {
	method string
	op     operation
} {
	id := param("path", "id", "Mã số (id) của phản ánh, kiến nghị", obj{"type": "integer", "format": "int64"})
	return map[string][]struct {
		method string
		op     operation
	}{
		"/api/v1/petitions": {{"post", operation{id: "createPetition", tag: "petitions", summary: "Gửi hoặc vào sổ phản ánh, kiến nghị",
			desc: "Tài khoản doanh nghiệp gửi với tư cách chính mình (received_at không dùng được). Văn phòng Sở vào sổ phản ánh của bất kỳ người gửi nào: " +
				"enterprise_tax_code, hoặc sender_name kèm sender_email hoặc sender_phone, và có thể ghi received_at là thời điểm thực tế nhận (RFC 3339, không sau hiện tại). " +
				"Trả về 201 với mã theo dõi và các thời hạn tính theo ngày làm việc.",
			body: "PetitionInput", status: "201", result: ref("Petition"), errors: errsWrite}}},
		"/api/v1/petitions/{id}": {{"get", operation{id: "getPetition", tag: "petitions", summary: "Một phản ánh, kiến nghị với các thời hạn",
			desc:   "Doanh nghiệp chỉ xem phản ánh của mình; phòng, đơn vị xem phản ánh được giao. Các hạn là ngày (YYYY-MM-DD) theo lịch ngày làm việc; overdue cho biết hạn nào đã quá.",
			params: []obj{id}, status: "200", result: ref("Petition"), errors: errsRead}}},
		"/api/open311/v2/services.json": {{"get", operation{id: "open311Services", tag: "open311", summary: "Open311: các loại phản ánh",
			desc:   "Dạng GeoReport v2: mỗi service là một loại (feedback = phản ánh, proposal = kiến nghị, complaint = khiếu nại, tố cáo).",
			status: "200", result: obj{"type": "array", "items": ref("Open311Service")}, errors: []int{401}}}},
		"/api/open311/v2/requests.json": {{"post", operation{id: "open311Create", tag: "open311", summary: "Open311: gửi một yêu cầu",
			desc: "Như POST /api/v1/petitions, với tên trường của GeoReport v2 (service_code, description, email, first_name, last_name, phone); " +
				"title là tiêu đề, mặc định lấy đầu nội dung. Trả về mảng một phần tử với service_request_id và token là mã theo dõi.",
			body: "Open311Input", status: "201", result: obj{"type": "array", "items": ref("Open311Request")}, errors: errsWrite}}},
		"/api/open311/v2/requests/{id}": {{"get", operation{id: "open311Get", tag: "open311", summary: "Open311: một yêu cầu",
			desc:   "{id} là service_request_id, có thể kèm đuôi .json (ví dụ 12.json). status là open hoặc closed; status_notes là trạng thái và lý do hoặc câu trả lời.",
			params: []obj{param("path", "id", "service_request_id, ví dụ 12.json", typed("string", ""))}, status: "200",
			result: obj{"type": "array", "items": ref("Open311Request")}, errors: errsRead}}},
	}
}

func petitionSchemas() obj {
	date := func(desc string) obj {
		return obj{"type": []string{"string", "null"}, "format": "date", "description": desc + "; null khi không áp dụng"}
	}
	kind := enum([]petition.Kind{petition.KindFeedback, petition.KindProposal, petition.KindComplaint},
		map[petition.Kind]string{petition.KindFeedback: "phản ánh", petition.KindProposal: "kiến nghị", petition.KindComplaint: "khiếu nại, tố cáo"}, "Loại")
	channel := enum([]petition.Channel{petition.ChannelWeb, petition.ChannelPaper, petition.ChannelPhone, petition.ChannelEmail, petition.ChannelDialogue},
		map[petition.Channel]string{petition.ChannelWeb: "trực tuyến", petition.ChannelPaper: "văn bản giấy", petition.ChannelPhone: "điện thoại",
			petition.ChannelEmail: "thư điện tử", petition.ChannelDialogue: "tại hội nghị đối thoại"}, "Kênh tiếp nhận")
	states := make([]string, len(petition.States))
	for i, st := range petition.States {
		states[i] = string(st)
	}
	flag := func(desc string) obj { return typed("boolean", desc) }
	return obj{
		"PetitionInput": object("Phản ánh, kiến nghị gửi lên", []string{"kind", "subject", "content"}, true, obj{
			"kind": kind, "subject": typed("string", "Tiêu đề"), "content": typed("string", "Nội dung (lưu và hiển thị như văn bản thuần)"),
			"channel":             channel,
			"received_at":         obj{"type": "string", "format": "date-time", "description": "Thời điểm thực tế nhận (RFC 3339), chỉ Văn phòng Sở khi vào sổ"},
			"enterprise_tax_code": typed("string", "Mã số thuế doanh nghiệp gửi (Văn phòng Sở vào sổ)"),
			"sender_name":         typed("string", "Họ tên người gửi không có tài khoản"), "sender_email": typed("string", "Thư điện tử người gửi"),
			"sender_phone": typed("string", "Số điện thoại người gửi"), "field": typed("string", "Lĩnh vực, thủ tục liên quan"),
			"publish_consent": flag("Người gửi đồng ý công khai (thông tin cá nhân được che)"),
		}),
		"Petition": object("Một phản ánh, kiến nghị", nil, false, obj{
			"id": obj{"type": "integer", "format": "int64"}, "tracking_code": typed("string", "Mã theo dõi, ví dụ PA-2026-7K3M9Q"),
			"kind": kind, "channel": channel, "state": obj{"type": "string", "enum": states, "description": "Trạng thái theo quy trình quốc gia"},
			"state_label": typed("string", "Trạng thái bằng tiếng Việt"), "subject": typed("string", "Tiêu đề"), "content": typed("string", "Nội dung"),
			"sender": typed("string", "Tên doanh nghiệp hoặc người gửi"), "unit_code": typed("string", "Mã phòng, đơn vị được giao"),
			"received_at": obj{"type": "string", "format": "date-time", "description": "Thời điểm tiếp nhận (UTC)"},
			"answer":      typed("string", "Trả lời của phòng, đơn vị"), "satisfaction": typed("string", "none, satisfied hoặc unsatisfied"),
			"deadlines": object("Các thời hạn tính theo ngày làm việc từ ngày tiếp nhận", nil, false, obj{
				"refuse_by": date("Hạn phân loại, từ chối"), "request_info_by": date("Hạn yêu cầu bổ sung"), "process_by": date("Hạn xử lý, trả lời (lùi thêm khi chờ bổ sung)"),
				"publish_by": date("Hạn công khai trả lời"), "transfer_by": date("Hạn chuyển đơn vị khác"), "paused": flag("Đang chờ người gửi bổ sung"),
				"overdue": object("Hạn nào đã quá", nil, false, obj{"refuse_by": flag("Quá hạn phân loại"), "request_info_by": flag("Quá hạn yêu cầu bổ sung"),
					"process_by": flag("Quá hạn xử lý"), "publish_by": flag("Quá hạn công khai"), "transfer_by": flag("Quá hạn chuyển")}),
			}),
		}),
		"Open311Service": object("Một loại phản ánh theo dạng GeoReport v2", nil, false, obj{
			"service_code": typed("string", "Mã loại"), "service_name": typed("string", "Tên"), "description": typed("string", "Mô tả"),
			"metadata": flag("Luôn false"), "type": typed("string", "realtime"), "keywords": typed("string", ""), "group": typed("string", "Nhóm"),
		}),
		"Open311Input": object("Yêu cầu theo dạng GeoReport v2", []string{"service_code", "description"}, true, obj{
			"service_code": typed("string", "feedback, proposal hoặc complaint"), "description": typed("string", "Nội dung"),
			"title": typed("string", "Tiêu đề; mặc định là đầu nội dung"), "email": typed("string", "Thư điện tử người gửi"),
			"first_name": typed("string", "Tên người gửi"), "last_name": typed("string", "Họ người gửi"), "phone": typed("string", "Số điện thoại"),
		}),
		"Open311Request": object("Một yêu cầu theo dạng GeoReport v2", nil, false, obj{
			"service_request_id": typed("string", "Mã số"), "token": typed("string", "Mã theo dõi"), "status": typed("string", "open hoặc closed"),
			"status_notes": typed("string", "Trạng thái và lý do hoặc trả lời"), "service_code": typed("string", "Mã loại"),
			"service_name": typed("string", "Tên loại"), "description": typed("string", "Nội dung"), "agency_responsible": typed("string", "Phòng xử lý"),
			"service_notice": typed("string", "Ghi chú cho người gửi"), "requested_datetime": obj{"type": "string", "format": "date-time"},
			"expected_datetime": date("Hạn trả lời"),
		}),
	}
}
