package web

import "github.com/thidua/thidua/internal/procedure"

// The public endpoints of the OpenAPI document: no token (security: []), answers
// cacheable for five minutes with an ETag.

func publicPaths() map[string][]struct {
	method string
	op     operation
} {
	period := []obj{
		param("query", "from", "Từ ngày (YYYY-MM-DD); mặc định ngày đầu năm nay", obj{"type": "string", "format": "date"}),
		param("query", "to", "Đến ngày (YYYY-MM-DD); mặc định hôm nay", obj{"type": "string", "format": "date"}),
	}
	year := param("query", "year", "Năm (YYYY)", obj{"type": "integer"})
	paging := []obj{
		param("query", "page", "Trang, bắt đầu từ 1", obj{"type": "integer", "minimum": 1, "default": 1}),
		param("query", "per_page", "Số bản ghi mỗi trang, tối đa 200", obj{"type": "integer", "minimum": 1, "maximum": maxPerPage, "default": 50}),
	}
	q := param("query", "q", "Tìm theo từ khoá, có dấu hay không dấu đều được", typed("string", ""))
	const cache = " Không cần mã truy cập; trả lời kèm Cache-Control: public, max-age=300 và ETag (gửi If-None-Match để nhận 304)."
	get := func(id, summary, desc string, params []obj, result obj) []struct {
		method string
		op     operation
	} {
		return []struct {
			method string
			op     operation
		}{{"get", operation{id: id, tag: "public", summary: summary, desc: desc + cache, params: params, status: "200",
			result: result, errors: []int{400}, public: true}}}
	}
	return map[string][]struct {
		method string
		op     operation
	}{
		"/api/v1/public/procedures": get("publicProcedures", "Danh mục thủ tục hành chính đang có hiệu lực",
			"Phí, lệ phí, mức độ trực tuyến và lý do chưa toàn trình; sắp theo mã.",
			append([]obj{q, param("query", "field", "Lĩnh vực, đúng như danh mục ghi", typed("string", "")),
				param("query", "level", "Mức độ trực tuyến", enum(procedure.Levels, procedure.LevelLabels, "Mã mức độ"))}, paging...),
			ref("PublicProcedureList")),
		"/api/v1/public/dossier-stats": get("publicDossierStats", "Kết quả giải quyết hồ sơ theo đơn vị trong kỳ",
			"Biểu II.06a của từng phòng, đơn vị có hồ sơ trong kỳ và của toàn Sở, kèm điểm tiến độ giải quyết theo Bộ chỉ số 766.",
			period, ref("PublicDossierStats")),
		"/api/v1/public/dossier-monthly": get("publicDossierMonthly", "Tỷ lệ hồ sơ giải quyết đúng hạn theo tháng",
			"Mỗi đơn vị mỗi tháng, rồi toàn Sở (unit_id 0) mỗi tháng.", period,
			object("Xu hướng theo tháng", []string{"items"}, false, obj{"items": obj{"type": "array", "items": ref("PublicMonth")}})),
		"/api/v1/public/index-766": get("publicIndex766", "Các nhóm Bộ chỉ số 766 mà thidua tính được",
			"Tiến độ giải quyết, dịch vụ công trực tuyến (tính một phần), xử lý phản ánh đúng hạn và mức độ hài lòng; các nhóm khác có computed = false và score = null.",
			period, ref("Index766")),
		"/api/v1/public/petition-scores": get("publicPetitionScores", "Xử lý phản ánh, kiến nghị theo đơn vị trong năm",
			"Tỷ lệ trả lời đúng hạn, tỷ lệ hài lòng và điểm 766 (6 × tỷ lệ; đủ 6 khi không có phản ánh) của từng đơn vị và toàn Sở, từ đầu năm đến hôm nay hoặc hết năm.",
			[]obj{year}, ref("PublicPetitionScores")),
		"/api/v1/public/answers": get("publicAnswers", "Trả lời phản ánh, kiến nghị đã công khai",
			"Chỉ các phản ánh mà người gửi đồng ý công khai; thông tin cá nhân đã được che, không có thông tin người gửi. Mới nhất trước.",
			append([]obj{q}, paging...), ref("PublicAnswerList")),
		"/api/v1/public/dialogues": get("publicDialogues", "Hội nghị đối thoại doanh nghiệp đã tổ chức",
			"Ngày, tên, địa điểm, vai trò của Sở và số doanh nghiệp tham dự; không có tên người, tên doanh nghiệp. Mới nhất trước.",
			append([]obj{year}, paging...), ref("PublicDialogueList")),
		"/api/v1/public/targets": get("publicTargets", "Chỉ tiêu của phong trào đang diễn ra",
			"Như GET /api/v1/targets, không cần đăng nhập; 404 khi chưa nạp kế hoạch nào.", []obj{year}, obj{"type": "array", "items": ref("Target")}),
	}
}

func publicSchemas() obj {
	str := func(desc string) obj { return typed("string", desc) }
	count := func(desc string) obj { return obj{"type": "integer", "minimum": 0, "description": desc} }
	nullable := func(t, desc string) obj {
		return obj{"type": []string{t, "null"}, "description": desc + "; null khi không có dữ liệu (khác 0)"}
	}
	date := func(desc string) obj { return obj{"type": "string", "format": "date", "description": desc} }
	unitStats := dossierStatsSchema()
	props := obj{"unit_id": obj{"type": "integer", "format": "int64", "description": "Mã số đơn vị"}, "unit_code": str("Mã đơn vị"),
		"unit_name": str("Tên đơn vị"), "progress_766": nullable("number", "Điểm tiến độ giải quyết theo Bộ chỉ số 766, trên 20")}
	for k, v := range unitStats["properties"].(obj) {
		props[k] = v
	}
	totalProps := obj{"progress_766": props["progress_766"]}
	for k, v := range unitStats["properties"].(obj) {
		totalProps[k] = v
	}
	score := func(extra obj) obj {
		p := obj{"unit_name": str("Tên đơn vị; “Toàn Sở” cho dòng tổng"), "handled": count("Đã trả lời trong kỳ"),
			"on_time": count("Trả lời đúng hạn"), "rated": count("Người gửi đã đánh giá"), "satisfied": count("Người gửi hài lòng"),
			"on_time_rate": nullable("number", "Tỷ lệ đúng hạn, phần trăm"), "satisfaction_rate": nullable("number", "Tỷ lệ hài lòng, phần trăm"),
			"on_time_score": nullable("number", "Điểm đúng hạn, trên 6"), "satisfaction_score": nullable("number", "Điểm hài lòng, trên 6")}
		for k, v := range extra {
			p[k] = v
		}
		return object("Xử lý phản ánh, kiến nghị của một đơn vị", nil, false, p)
	}
	return obj{
		"PublicProcedure": object("Một thủ tục hành chính", nil, false, obj{
			"code": str("Mã thủ tục quốc gia"), "name": str("Tên thủ tục"), "field": str("Lĩnh vực"),
			"unit_code": str("Mã đơn vị thực hiện"), "unit_name": str("Đơn vị thực hiện"),
			"statutory_days": nullable("number", "Thời hạn giải quyết, ngày làm việc"), "fee": count("Phí, lệ phí (đồng); 0 khi không thu hoặc ghi bằng chữ"),
			"fee_text": str("Phí, lệ phí khi danh mục ghi bằng chữ"), "fee_basis": str("Căn cứ thu phí"),
			"online_level":       enum(procedure.Levels, procedure.LevelLabels, "Mức độ trực tuyến"),
			"online_level_label": str("Mức độ trực tuyến bằng tiếng Việt"), "eligible_full": typed("boolean", "Đủ điều kiện cung cấp toàn trình"),
			"not_full_reason": str("Lý do chưa cung cấp toàn trình, đã công bố"),
		}),
		"PublicProcedureList": listOf("PublicProcedure", "Một trang thủ tục"),
		"PublicDossierStats": object("Kết quả giải quyết hồ sơ trong kỳ", []string{"from", "to", "units", "total"}, false, obj{
			"from": date("Từ ngày"), "to": date("Đến ngày"),
			"units": obj{"type": "array", "items": object("Một đơn vị", nil, false, props)},
			"total": object("Toàn Sở", nil, false, totalProps),
		}),
		"PublicMonth": object("Một đơn vị trong một tháng", nil, false, obj{
			"unit_id": obj{"type": "integer", "format": "int64", "description": "Mã số đơn vị; 0 là toàn Sở"}, "unit_code": str("Mã đơn vị; rỗng cho toàn Sở"),
			"unit_name": str("Tên đơn vị"), "month": str("Tháng, YYYY-MM"), "resolved": count("Hồ sơ giải quyết trong tháng"),
			"in_time": count("Trước hạn, đúng hạn"), "rate": nullable("number", "Tỷ lệ đúng hạn, phần trăm"),
		}),
		"Index766": object("Các nhóm Bộ chỉ số 766 trong kỳ", []string{"from", "to", "groups"}, false, obj{
			"from": date("Từ ngày"), "to": date("Đến ngày"),
			"groups": obj{"type": "array", "items": object("Một nhóm hoặc phần nhóm", nil, false, obj{
				"code": obj{"type": "string", "enum": []string{"progress", "online", "petition_on_time", "petition_satisfaction", "disclosure", "payment", "digitisation"}, "description": "Mã nhóm"},
				"name": str("Tên nhóm"), "max": typed("number", "Điểm tối đa"), "score": nullable("number", "Điểm; null cả khi thidua không tính nhóm này"),
				"computed": typed("boolean", "thidua có tính nhóm này"), "partial": typed("boolean", "Chỉ tính được một phần của nhóm"),
				"definition": str("Cách tính"),
			})},
		}),
		"PublicPetitionScores": object("Xử lý phản ánh, kiến nghị trong năm", []string{"year", "from", "to", "units", "total"}, false, obj{
			"year": typed("integer", "Năm"), "from": date("Từ ngày"), "to": date("Đến ngày"),
			"units": obj{"type": "array", "items": score(obj{"unit_id": obj{"type": "integer", "format": "int64", "description": "Mã số đơn vị"},
				"unit_code": str("Mã đơn vị")})},
			"total": score(nil),
		}),
		"PublicAnswer": object("Một trả lời đã công khai", nil, false, obj{
			"id": obj{"type": "integer", "format": "int64", "description": "Số; trang /answers/{id}"}, "kind": str("Loại: feedback, proposal, complaint"),
			"subject": str("Tiêu đề (đã che thông tin cá nhân)"), "question": str("Nội dung (đã che thông tin cá nhân)"), "answer": str("Trả lời"),
			"field": str("Lĩnh vực, nếu có"), "unit_name": str("Đơn vị trả lời"), "received_on": date("Ngày nhận"), "published_on": date("Ngày công khai"),
		}),
		"PublicAnswerList": listOf("PublicAnswer", "Một trang trả lời"),
		"PublicDialogue": object("Một hội nghị đối thoại đã tổ chức", nil, false, obj{
			"id": obj{"type": "integer", "format": "int64", "description": "Mã số"}, "title": str("Tên hội nghị"), "held_on": date("Ngày tổ chức"),
			"place": str("Địa điểm"), "role": str("Sở tổ chức, hoặc Tham gia"), "organiser": str("Cơ quan tổ chức khi Sở tham gia"),
			"enterprises": count("Số doanh nghiệp tham dự"),
		}),
		"PublicDialogueList": listOf("PublicDialogue", "Một trang hội nghị"),
	}
}
