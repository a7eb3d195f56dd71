package web

// The award endpoints of the OpenAPI document.

func awardPaths() map[string][]struct {
	method string
	op     operation
} {
	return map[string][]struct {
		method string
		op     operation
	}{
		"/api/v1/eligibility": {{"get", operation{id: "getEligibility", tag: "awards", summary: "Kết quả xét điều kiện danh hiệu của một đơn vị và cán bộ",
			desc: "Với từng danh hiệu theo quy định đang có hiệu lực ngày 31/12 của năm: đủ điều kiện hay không, từng lý do bằng tiếng Việt (ok = đạt điều kiện đó), " +
				"căn cứ pháp lý, phiên bản quy định và to_confirm khi giá trị cần xác nhận với văn bản gốc. Tài khoản đơn vị chỉ xem đơn vị mình.",
			params: []obj{
				param("query", "year", "Năm xét (YYYY); mặc định năm nay", obj{"type": "integer"}),
				obj{"in": "query", "name": "unit", "description": "Mã đơn vị, ví dụ QLXD", "required": true, "schema": typed("string", "")},
			},
			status: "200", result: ref("Eligibility"), errors: []int{400, 401, 403, 404}}}},
	}
}

func awardSchemas() obj {
	item := object("Một điều kiện", []string{"ok", "text"}, false, obj{"ok": typed("boolean", "Đạt điều kiện này"), "text": typed("string", "Điều kiện và số liệu, tiếng Việt")})
	verdict := object("Kết quả xét một danh hiệu", nil, false, obj{
		"title": typed("string", "Mã danh hiệu: ldtt, cstdcs, ttldtt, ttldxs, giay_khen, …"), "name": typed("string", "Tên danh hiệu"),
		"eligible": typed("boolean", "Đủ điều kiện"), "reasons": obj{"type": "array", "items": ref("EligibilityItem")},
		"citation": typed("string", "Căn cứ pháp lý"), "rule_version": typed("integer", "Phiên bản quy định"),
		"to_confirm": typed("boolean", "Giá trị quy định cần xác nhận với văn bản gốc"),
	})
	verdicts := obj{"type": "array", "items": ref("Verdict")}
	return obj{
		"EligibilityItem": item,
		"Verdict":         verdict,
		"Eligibility": object("Kết quả xét của một đơn vị và cán bộ của đơn vị", []string{"year", "unit"}, false, obj{
			"year": typed("integer", "Năm xét"),
			"unit": object("Đơn vị", nil, false, obj{
				"unit_id": typed("integer", "Mã số đơn vị"), "code": typed("string", "Mã đơn vị"), "name": typed("string", "Tên đơn vị"),
				"verdicts": verdicts,
				"people": obj{"type": "array", "items": object("Cán bộ", nil, false, obj{
					"staff_id": typed("integer", "Mã số cán bộ"), "name": typed("string", "Họ và tên"), "female": typed("boolean", "Nữ"), "verdicts": verdicts})},
			}),
		}),
	}
}
