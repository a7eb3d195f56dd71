package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/org"
)

// The OpenAPI 3.1 document of the JSON API, written as a Go value so that the
// closed lists (unit kinds, sectors, ownership, genders) come from the code that
// checks them. A test walks the route table and fails when a route is missing here.

type obj = map[string]any

// apiOpenAPI answers GET /api/v1/openapi.json, without login, so that tools can read
// it before anyone has a token.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSON(w, http.StatusOK, openAPIDocument())
	return nil
}

func openAPIDocument() obj {
	return obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":   "thidua API v1",
			"version": "1.0.0",
			"description": "API JSON của hệ thống quản lý phong trào thi đua: chỉ tiêu, đơn vị, cán bộ, doanh nghiệp. " +
				"Mã truy cập tạo bằng lệnh `thidua token create --username TÊN` và gửi trong tiêu đề `Authorization: Bearer MÃ`. " +
				"Tài khoản đơn vị chỉ thấy và sửa dữ liệu của đơn vị mình; tài khoản doanh nghiệp chỉ thấy doanh nghiệp của mình. " +
				"Lỗi trả về dạng {\"error\": \"…\"}; dữ liệu chưa hợp lệ trả về 400 kèm \"fields\" nêu từng trường. " +
				"Các đường dẫn /api/v1/public/… là dữ liệu mở, không cần mã truy cập.",
		},
		"servers":  []obj{{"url": "/", "description": "Máy chủ đang phục vụ tài liệu này"}},
		"security": []obj{{"bearerAuth": []string{}}},
		"tags": []obj{
			{"name": "targets", "description": "Chỉ tiêu thi đua, tính từ dữ liệu"},
			{"name": "units", "description": "Phòng, đơn vị thuộc Sở"},
			{"name": "staff", "description": "Cán bộ, công chức, viên chức, người lao động"},
			{"name": "enterprises", "description": "Doanh nghiệp tham gia phong trào"},
			{"name": "dossiers", "description": "Hồ sơ thủ tục hành chính"},
			{"name": "petitions", "description": "Phản ánh, kiến nghị của doanh nghiệp và người dân"},
			{"name": "open311", "description": "Phản ánh, kiến nghị theo dạng Open311 GeoReport v2"},
			{"name": "public", "description": "Dữ liệu mở: không cần mã truy cập"},
			{"name": "awards", "description": "Xét danh hiệu thi đua, khen thưởng"},
			{"name": "meta", "description": "Tài liệu API"},
		},
		"paths": openAPIPaths(),
		"components": obj{
			"securitySchemes": obj{"bearerAuth": obj{"type": "http", "scheme": "bearer",
				"description": "Mã truy cập API (bắt đầu bằng thd_) do lệnh `thidua token create --username TÊN` in ra; quyền theo tài khoản đã tạo mã"}},
			"schemas":   openAPISchemas(),
			"responses": openAPIResponses(),
		},
	}
}

// operation is one method of one path.
type operation struct {
	id, tag, summary, desc string
	params                 []obj
	body                   string // request body schema, if any
	status                 string // success status
	result                 obj    // success body schema
	errors                 []int  // statuses answered by openAPIResponses
	public                 bool
}

func (o operation) build() obj {
	out := obj{"operationId": o.id, "tags": []string{o.tag}, "summary": o.summary, "description": o.desc}
	if len(o.params) > 0 {
		out["parameters"] = o.params
	}
	if o.body != "" {
		out["requestBody"] = obj{"required": true, "content": obj{"application/json": obj{"schema": ref(o.body)}}}
	}
	if o.public {
		out["security"] = []obj{}
	}
	res := obj{o.status: obj{"description": "Thành công", "content": obj{"application/json": obj{"schema": o.result}}}}
	for _, status := range o.errors {
		res[strconv.Itoa(status)] = obj{"$ref": "#/components/responses/" + errorResponses[status]}
	}
	out["responses"] = res
	return out
}

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

func param(in, name, desc string, schema obj) obj {
	return obj{"in": in, "name": name, "description": desc, "required": in == "path", "schema": schema}
}

func typed(t, desc string) obj { return obj{"type": t, "description": desc} }

// enum lists codes with their Vietnamese names in the description, the way a
// reader of the document needs them.
func enum[K ~string](codes []K, labels map[K]string, desc string) obj {
	vals := make([]string, len(codes))
	names := make([]string, len(codes))
	for i, c := range codes {
		vals[i] = string(c)
		names[i] = fmt.Sprintf("%s = %s", c, labels[c])
	}
	return obj{"type": "string", "enum": vals, "description": desc + " (" + strings.Join(names, "; ") + ")"}
}

// errorResponses names the shared error answers in components.responses.
var errorResponses = map[int]string{400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
	413: "TooLarge", 415: "UnsupportedMediaType"}

var (
	errsRead  = []int{401, 403, 404}
	errsList  = []int{400, 401, 403}
	errsWrite = []int{400, 401, 403, 413, 415}
)

func listParams(extra ...obj) []obj {
	return append([]obj{
		param("query", "q", "Tìm theo từ khoá, có dấu hay không dấu đều được", typed("string", "")),
		param("query", "active", "1 = đang hoạt động (mặc định), 0 = đã ngừng, all = tất cả", obj{"type": "string", "enum": []string{"1", "0", "all"}, "default": "1"}),
		param("query", "page", "Trang, bắt đầu từ 1", obj{"type": "integer", "minimum": 1, "default": 1}),
		param("query", "per_page", "Số bản ghi mỗi trang, tối đa 200 (lớn hơn thì lấy 200)", obj{"type": "integer", "minimum": 1, "maximum": maxPerPage, "default": 50}),
	}, extra...)
}

func openAPIPaths() obj {
	unitCode := param("path", "code", "Mã đơn vị, ví dụ QLXD", typed("string", ""))
	staffID := param("path", "id", "Mã số (id) của cán bộ", obj{"type": "integer", "format": "int64"})
	taxCode := param("path", "tax_code", "Mã số thuế: 10 chữ số, hoặc 10 chữ số, gạch ngang và 3 chữ số chi nhánh", typed("string", ""))
	paths := map[string][]struct {
		method string
		op     operation
	}{
		"/api/v1/targets": {{"get", operation{id: "listTargets", tag: "targets", summary: "Giá trị các chỉ tiêu trong một kỳ",
			desc: "Mỗi chỉ tiêu kèm tử số, mẫu số, ngưỡng và đã đạt hay chưa; null nghĩa là chưa có dữ liệu (khác với 0). Mọi tài khoản đều xem được.",
			params: []obj{
				param("query", "movement", "Mã phong trào; mặc định là phong trào đang diễn ra", typed("string", "")),
				param("query", "year", "Năm (YYYY) trong phong trào", obj{"type": "integer"}),
				param("query", "period", "Mã giai đoạn, một năm, hoặc all cho cả giai đoạn; bị year ghi đè", typed("string", "")),
			},
			status: "200", result: obj{"type": "array", "items": ref("Target")}, errors: []int{400, 401, 404}}}},
		"/api/v1/openapi.json": {{"get", operation{id: "openapi", tag: "meta", summary: "Tài liệu OpenAPI này",
			desc: "Không cần đăng nhập.", status: "200", result: typed("object", "Tài liệu OpenAPI 3.1"), public: true}}},
		"/api/v1/units": {
			{"get", operation{id: "listUnits", tag: "units", summary: "Danh sách đơn vị",
				desc:   "Các tài khoản của Sở (không gồm doanh nghiệp) đều xem được. Sắp theo mã đơn vị.",
				params: listParams(param("query", "kind", "Loại đơn vị", enum(org.UnitKinds, org.UnitKindLabels, "Mã loại hoặc tên tiếng Việt"))),
				status: "200", result: ref("UnitList"), errors: errsList}},
			{"post", operation{id: "createUnit", tag: "units", summary: "Thêm đơn vị", desc: "Chỉ Văn phòng Sở. Trả về 201 và tiêu đề Location.",
				body: "UnitInput", status: "201", result: ref("Unit"), errors: errsWrite}},
		},
		"/api/v1/units/{code}": {
			{"get", operation{id: "getUnit", tag: "units", summary: "Một đơn vị", desc: "Các tài khoản của Sở đều xem được.",
				params: []obj{unitCode}, status: "200", result: ref("Unit"), errors: errsRead}},
			{"put", operation{id: "updateUnit", tag: "units", summary: "Sửa đơn vị",
				desc:   "Chỉ Văn phòng Sở. Thay toàn bộ các trường; không gửi code thì giữ mã cũ, không gửi parent_code thì đơn vị không còn cấp trên.",
				params: []obj{unitCode}, body: "UnitInput", status: "200", result: ref("Unit"), errors: append(errsWrite, 404)}},
		},
		"/api/v1/staff": {
			{"get", operation{id: "listStaff", tag: "staff", summary: "Danh sách cán bộ",
				desc: "Tài khoản của Sở thấy mọi đơn vị; tài khoản đơn vị chỉ thấy đơn vị mình, dù gửi unit của đơn vị khác. Doanh nghiệp: 403. Sắp theo tên.",
				params: listParams(param("query", "unit", "Mã số (id) của đơn vị", obj{"type": "integer", "format": "int64"}),
					param("query", "gender", "Giới tính", enum(org.Genders, org.GenderLabels, "Mã hoặc tên tiếng Việt"))),
				status: "200", result: ref("StaffList"), errors: errsList}},
			{"post", operation{id: "createStaff", tag: "staff", summary: "Thêm cán bộ",
				desc: "Văn phòng Sở, hoặc lãnh đạo đơn vị cho đơn vị mình (không gửi unit_id/unit_code thì là đơn vị mình; đơn vị khác: 403).",
				body: "StaffInput", status: "201", result: ref("Staff"), errors: errsWrite}},
		},
		"/api/v1/staff/{id}": {
			{"get", operation{id: "getStaff", tag: "staff", summary: "Một cán bộ", desc: "Cán bộ của đơn vị khác trả về 404 với tài khoản đơn vị.",
				params: []obj{staffID}, status: "200", result: ref("Staff"), errors: errsRead}},
			{"put", operation{id: "updateStaff", tag: "staff", summary: "Sửa cán bộ",
				desc:   "Văn phòng Sở, hoặc lãnh đạo đơn vị cho cán bộ đơn vị mình. Thay toàn bộ các trường.",
				params: []obj{staffID}, body: "StaffInput", status: "200", result: ref("Staff"), errors: append(errsWrite, 404)}},
		},
		"/api/v1/enterprises": {
			{"get", operation{id: "listEnterprises", tag: "enterprises", summary: "Danh sách doanh nghiệp",
				desc: "Tài khoản doanh nghiệp chỉ thấy chính mình. Sắp theo tên.",
				params: listParams(param("query", "sector", "Lĩnh vực", enum(enterprise.Sectors, enterprise.SectorLabels, "Mã lĩnh vực hoặc tên tiếng Việt")),
					param("query", "ownership", "Loại hình sở hữu", enum(enterprise.Ownerships, enterprise.OwnershipLabels, "Mã hoặc tên tiếng Việt"))),
				status: "200", result: ref("EnterpriseList"), errors: errsList}},
			{"post", operation{id: "createEnterprise", tag: "enterprises", summary: "Thêm doanh nghiệp",
				desc: "Chỉ Văn phòng Sở. Mã số thuế được kiểm tra chữ số kiểm tra và không được trùng.",
				body: "EnterpriseInput", status: "201", result: ref("Enterprise"), errors: errsWrite}},
		},
		"/api/v1/dossiers/stats": {{"get", dossierStatsOperation()}},
		"/api/v1/dossiers/times": {{"get", dossierTimesOperation()}},
		"/api/v1/enterprises/{tax_code}": {
			{"get", operation{id: "getEnterprise", tag: "enterprises", summary: "Một doanh nghiệp",
				desc:   "Tài khoản doanh nghiệp chỉ xem được chính mình; mã số thuế khác trả về 404.",
				params: []obj{taxCode}, status: "200", result: ref("Enterprise"), errors: errsRead}},
			{"put", operation{id: "updateEnterprise", tag: "enterprises", summary: "Sửa doanh nghiệp",
				desc: "Văn phòng Sở sửa mọi doanh nghiệp; doanh nghiệp sửa thông tin của mình nhưng không đổi được mã số thuế (403). " +
					"Tài khoản khác: 403. Thay toàn bộ các trường; không gửi tax_code thì giữ mã cũ.",
				params: []obj{taxCode}, body: "EnterpriseInput", status: "200", result: ref("Enterprise"), errors: append(errsWrite, 404)}},
		},
	}
	for path, ops := range petitionPaths() {
		paths[path] = ops
	}
	for path, ops := range publicPaths() {
		paths[path] = ops
	}
	for path, ops := range awardPaths() {
		paths[path] = ops
	}
	out := obj{}
	for path, ops := range paths {
		item := obj{}
		for _, o := range ops {
			item[o.method] = o.op.build()
		}
		out[path] = item
	}
	return out
}

func openAPIResponses() obj {
	desc := map[int]string{
		400: "Tham số hoặc dữ liệu chưa hợp lệ; không có gì bị thay đổi. Lỗi theo từng trường nằm trong fields.",
		401: "Chưa đăng nhập, hoặc mã truy cập sai hay đã bị thu hồi",
		403: "Tài khoản không có quyền với nội dung này",
		404: "Không có, hoặc tài khoản không được xem",
		413: "Dữ liệu gửi lên lớn quá 1 MiB",
		415: "Dữ liệu gửi lên không có Content-Type: application/json",
	}
	out := obj{}
	for status, name := range errorResponses {
		schema := "Error"
		if status == 400 {
			schema = "ValidationError"
		}
		out[name] = obj{"description": desc[status], "content": obj{"application/json": obj{"schema": ref(schema)}}}
	}
	return out
}

// object is a schema of an object with the given properties; closed objects (the
// request bodies) refuse other fields, as the API does.
func object(desc string, required []string, closed bool, props obj) obj {
	out := obj{"type": "object", "description": desc, "properties": props}
	if len(required) > 0 {
		out["required"] = required
	}
	if closed {
		out["additionalProperties"] = false
	}
	return out
}

func listOf(item, desc string) obj {
	return object(desc, []string{"items", "total", "page", "per_page"}, false, obj{
		"items":    obj{"type": "array", "items": ref(item)},
		"total":    typed("integer", "Số bản ghi khớp điều kiện, trên mọi trang"),
		"page":     typed("integer", "Trang này"),
		"per_page": typed("integer", "Số bản ghi mỗi trang"),
	})
}

func openAPISchemas() obj {
	id := obj{"type": "integer", "format": "int64", "description": "Mã số nội bộ", "readOnly": true}
	stamp := func(desc string) obj {
		return obj{"type": "string", "format": "date-time", "description": desc + " (UTC)"}
	}
	nullable := func(t, desc string) obj {
		return obj{"type": []string{t, "null"}, "description": desc + "; null khi chưa có dữ liệu"}
	}
	kind := enum(org.UnitKinds, org.UnitKindLabels, "Loại đơn vị")
	gender := enum(org.Genders, org.GenderLabels, "Giới tính")
	sector := enum(enterprise.Sectors, enterprise.SectorLabels, "Lĩnh vực")
	ownership := enum(enterprise.Ownerships, enterprise.OwnershipLabels, "Loại hình sở hữu")
	taxCode := obj{"type": "string", "pattern": `^[0-9]{10}(-[0-9]{3})?$`, "description": "Mã số thuế: 10 chữ số (chữ số thứ 10 là chữ số kiểm tra), chi nhánh thêm -001 … -999"}
	schemas := obj{
		"Error": object("Lỗi", []string{"error"}, false, obj{"error": typed("string", "Thông báo tiếng Việt")}),
		"ValidationError": object("Dữ liệu chưa hợp lệ; không có gì bị thay đổi", []string{"error"}, false, obj{
			"error":  typed("string", "Thông báo chung, ví dụ “Dữ liệu chưa hợp lệ”"),
			"fields": obj{"type": "object", "additionalProperties": obj{"type": "string"}, "description": "Trường → lỗi của trường, ví dụ {\"tax_code\": \"Mã số thuế: …\"}"},
		}),
		"Target": object("Một chỉ tiêu trong kỳ đã chọn", nil, false, obj{
			"code": typed("string", "Mã chỉ tiêu, ví dụ T1"), "name": typed("string", "Tên chỉ tiêu"),
			"kind":      obj{"type": "string", "enum": []string{"ratio", "coverage", "count_per_year"}, "description": "Cách đánh giá: tỷ lệ đạt ngưỡng, bao phủ 100%, số lượng mỗi năm"},
			"threshold": typed("number", "Ngưỡng phải đạt"), "value": nullable("number", "Giá trị (phần trăm hoặc số lượng)"),
			"numerator": nullable("integer", "Tử số"), "denominator": nullable("integer", "Mẫu số"), "met": nullable("boolean", "Đã đạt"),
			"as_of":      obj{"type": "string", "format": "date", "description": "Ngày cuối được tính"},
			"definition": typed("string", "Cách tính, bằng tiếng Việt"),
			"years": obj{"type": "array", "description": "Từng năm, với chỉ tiêu tính theo năm", "items": object("", nil, false, obj{
				"year": typed("integer", "Năm"), "count": nullable("integer", "Số lượng"), "met": nullable("boolean", "Đã đạt")})},
		}),
		"Unit": object("Phòng, đơn vị thuộc Sở", nil, false, obj{
			"id": id, "code": typed("string", "Mã đơn vị"), "name": typed("string", "Tên đơn vị"), "kind": kind,
			"kind_label":  typed("string", "Tên loại đơn vị"),
			"parent_id":   obj{"type": "integer", "format": "int64", "description": "Đơn vị cấp trên; không có khi trực thuộc Sở"},
			"parent_code": typed("string", "Mã đơn vị cấp trên; không có khi trực thuộc Sở"),
			"email":       typed("string", "Thư điện tử"), "active": typed("boolean", "Còn hoạt động"),
			"created_at": stamp("Thời điểm tạo"), "updated_at": stamp("Thời điểm sửa gần nhất"),
		}),
		"UnitInput": object("Dữ liệu gửi lên khi thêm, sửa đơn vị", []string{"name", "kind"}, true, obj{
			"code": typed("string", "Mã đơn vị: chữ không dấu, chữ số, . _ -, tối đa 30 ký tự; bắt buộc khi thêm"),
			"name": typed("string", "Tên đơn vị"), "kind": kind,
			"parent_code": typed("string", "Mã đơn vị cấp trên, nếu có"), "email": typed("string", "Thư điện tử"),
		}),
		"UnitList": listOf("Unit", "Một trang đơn vị"),
		"Staff": object("Cán bộ, công chức, viên chức, người lao động", nil, false, obj{
			"id": id, "unit_id": obj{"type": "integer", "format": "int64", "description": "Đơn vị"},
			"unit_code": typed("string", "Mã đơn vị"), "unit_name": typed("string", "Tên đơn vị"),
			"full_name": typed("string", "Họ và tên"), "position": typed("string", "Chức vụ"), "gender": gender,
			"gender_label": typed("string", "Giới tính bằng tiếng Việt"), "email": typed("string", "Thư điện tử"),
			"active": typed("boolean", "Còn công tác"), "created_at": stamp("Thời điểm tạo"), "updated_at": stamp("Thời điểm sửa gần nhất"),
		}),
		"StaffInput": object("Dữ liệu gửi lên khi thêm, sửa cán bộ; đơn vị chọn bằng unit_id hoặc unit_code", []string{"full_name", "gender"}, true, obj{
			"unit_id":   obj{"type": "integer", "format": "int64", "description": "Mã số (id) đơn vị"},
			"unit_code": typed("string", "Mã đơn vị, thay cho unit_id"),
			"full_name": typed("string", "Họ và tên"), "position": typed("string", "Chức vụ"), "gender": gender,
			"email": typed("string", "Thư điện tử"),
		}),
		"StaffList": listOf("Staff", "Một trang cán bộ"),
		"Enterprise": object("Doanh nghiệp tham gia phong trào", nil, false, obj{
			"id": id, "tax_code": taxCode, "name": typed("string", "Tên doanh nghiệp"),
			"sectors":       obj{"type": "array", "items": sector, "description": "Lĩnh vực, theo thứ tự của kế hoạch"},
			"sector_labels": obj{"type": "array", "items": obj{"type": "string"}, "description": "Tên các lĩnh vực, cùng thứ tự với sectors"},
			"ownership":     ownership, "ownership_label": typed("string", "Tên loại hình sở hữu"),
			"address": typed("string", "Địa chỉ"), "representative": typed("string", "Người đại diện"),
			"employees": typed("integer", "Số lao động"), "email": typed("string", "Thư điện tử"),
			"active": typed("boolean", "Còn tham gia"), "created_at": stamp("Thời điểm tạo"), "updated_at": stamp("Thời điểm sửa gần nhất"),
		}),
		"EnterpriseInput": object("Dữ liệu gửi lên khi thêm, sửa doanh nghiệp", []string{"name", "sectors", "ownership"}, true, obj{
			"tax_code": taxCode, "name": typed("string", "Tên doanh nghiệp"),
			"sectors":   obj{"type": "array", "items": sector, "minItems": 1, "description": "Ít nhất một lĩnh vực (mã hoặc tên tiếng Việt)"},
			"ownership": ownership, "address": typed("string", "Địa chỉ"), "representative": typed("string", "Người đại diện"),
			"employees": obj{"type": "integer", "minimum": 0, "description": "Số lao động"}, "email": typed("string", "Thư điện tử"),
		}),
		"EnterpriseList": listOf("Enterprise", "Một trang doanh nghiệp"),
		"DossierStats":   dossierStatsSchema(),
		"ProcedureTime":  procedureTimeSchema(),
	}
	for name, schema := range petitionSchemas() {
		schemas[name] = schema
	}
	for name, schema := range publicSchemas() {
		schemas[name] = schema
	}
	for name, schema := range awardSchemas() {
		schemas[name] = schema
	}
	return schemas
}
