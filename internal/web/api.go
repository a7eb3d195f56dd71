package web

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/org"
)

// The JSON API v1 answers with the same capability calls as the pages; only the
// encoding differs. Lists answer {"items": [...], "total": N, "page": P, "per_page": K}.

type apiList struct {
	Items   any `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// maxPerPage bounds one page of an API list.
const maxPerPage = 200

// apiPage reads ?page= and ?per_page= (50 when absent, at most maxPerPage).
func apiPage(r *http.Request) (page, per int) {
	page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	if page < 1 {
		page = 1
	}
	per, _ = strconv.Atoi(r.URL.Query().Get("per_page"))
	if per < 1 {
		per = 50
	}
	return page, min(per, maxPerPage)
}

// apiActive reads ?active=1|0|all like the pages do, but refuses anything else: an
// integrator's typo should not silently list only active records.
func apiActive(r *http.Request) (*bool, error) {
	switch v := r.URL.Query().Get("active"); v {
	case "", "1":
		t := true
		return &t, nil
	case "0":
		f := false
		return &f, nil
	case "all":
		return nil, nil
	default:
		return nil, badRequest("Tham số active=%q không dùng được; dùng 1 (đang hoạt động), 0 (đã ngừng) hoặc all (tất cả)", v)
	}
}

// apiChoice reads a query parameter that names one of a closed list, by its code or
// its Vietnamese name; empty means no filter.
func apiChoice[K ~string](r *http.Request, name string, parse func(string) (K, bool), codes []K) (K, error) {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v == "" {
		return "", nil
	}
	k, ok := parse(v)
	if !ok {
		names := make([]string, len(codes))
		for i, c := range codes {
			names[i] = string(c)
		}
		return "", badRequest("Tham số %s=%q không có; dùng một trong: %s", name, v, strings.Join(names, ", "))
	}
	return k, nil
}

// maxBody bounds a request body; the largest record is a few kilobytes.
const maxBody = 1 << 20

// invalidInput is a request the API refuses with the fields it names, so a client
// can show each message beside its own field. Nothing was saved.
type invalidInput struct {
	msg    string
	fields map[string]string
}

func (e *invalidInput) Error() string { return e.msg }

func invalidFields(fields map[string]string) error {
	return &invalidInput{msg: "Dữ liệu chưa hợp lệ", fields: fields}
}

// apiWrite wraps the API handlers that take a body: the one error mapper in
// middleware.go knows no field lists, so validation errors are answered here.
func apiWrite(h func(w http.ResponseWriter, r *http.Request) error) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		err := h(w, r)
		var ie *invalidInput
		if errors.As(err, &ie) {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": ie.msg, "fields": ie.fields})
			return nil
		}
		return err
	}
}

// apiFields turns a store's FieldErrors into the API's answer, naming each field as
// the request body does where the store's name differs (parent → parent_code).
func apiFields(err error, rename map[string]string) error {
	var ofe org.FieldErrors
	var efe enterprise.FieldErrors
	var fe map[string]string
	switch {
	case errors.As(err, &ofe):
		fe = ofe
	case errors.As(err, &efe):
		fe = efe
	default:
		return err
	}
	out := make(map[string]string, len(fe))
	for k, v := range fe {
		if n, ok := rename[k]; ok {
			k = n
		}
		out[k] = v
	}
	return invalidFields(out)
}

var (
	unitRename  = map[string]string{"parent": "parent_code"}
	staffRename = map[string]string{"unit": "unit_id"}
)

func created(w http.ResponseWriter, location string, v any) error {
	w.Header().Set("Location", location)
	writeJSON(w, http.StatusCreated, v)
	return nil
}

// decodeBody reads one JSON object into dst, whose json tags list every field the
// API accepts; what names the record in messages ("đơn vị").
func decodeBody(w http.ResponseWriter, r *http.Request, dst any, what string) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return &userError{http.StatusUnsupportedMediaType,
			"Dữ liệu gửi lên phải là JSON, với tiêu đề Content-Type: application/json"}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	err = dec.Decode(dst)
	if err == nil && dec.Decode(new(json.RawMessage)) != io.EOF {
		return badRequest("Dữ liệu gửi lên chỉ được gồm một đối tượng JSON {…} về %s", what)
	}
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooBig):
		return &userError{http.StatusRequestEntityTooLarge, "Dữ liệu gửi lên quá lớn (tối đa 1 MiB)"}
	case errors.Is(err, io.EOF):
		return badRequest("Chưa gửi dữ liệu: cần một đối tượng JSON {…} về %s", what)
	case errors.As(err, &syntax):
		return badRequest("Dữ liệu gửi lên không phải JSON hợp lệ: lỗi cú pháp ở ký tự thứ %d", syntax.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("Dữ liệu gửi lên không phải JSON hợp lệ: bị cắt ngang, thiếu phần cuối")
	case errors.As(err, &typ) && typ.Field != "":
		field, _, _ := strings.Cut(typ.Field, ".") // "sectors.0" is the sectors field
		return invalidFields(map[string]string{field: "Trường “" + field + "” cần giá trị kiểu " + jsonType(typ.Type.Kind().String()) +
			", không nhận " + jsonType(typ.Value)})
	case errors.As(err, &typ):
		return badRequest("Dữ liệu gửi lên phải là một đối tượng JSON {…} về %s", what)
	}
	if name, ok := unknownField(err); ok {
		return &invalidInput{msg: "Trường “" + name + "” không có trong dữ liệu " + what + "; xem danh sách trường tại /api/v1/openapi.json",
			fields: map[string]string{name: "Trường “" + name + "” không có trong dữ liệu " + what}}
	}
	return badRequest("Dữ liệu gửi lên không đọc được: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// unknownField finds the field name in the error DisallowUnknownFields gives, which
// encoding/json offers only as text: `json: unknown field "x"`.
func unknownField(err error) (string, bool) {
	rest, ok := strings.CutPrefix(err.Error(), "json: unknown field ")
	if !ok {
		return "", false
	}
	name, uerr := strconv.Unquote(rest)
	if uerr != nil {
		name = rest
	}
	return name, true
}

// jsonType names a Go kind or a JSON value kind as JSON calls it.
func jsonType(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"), kind == "number":
		return "số (number)"
	case kind == "string":
		return "chuỗi (string)"
	case kind == "bool":
		return "true/false (boolean)"
	case kind == "slice", kind == "array":
		return "mảng (array)"
	case kind == "struct", kind == "map", kind == "object":
		return "đối tượng (object)"
	}
	return kind
}

type apiTarget struct {
	Code        string   `json:"code"`
	Name        string   `json:"name"`
	Kind        string   `json:"kind"`
	Threshold   float64  `json:"threshold"`
	Value       *float64 `json:"value"`
	Numerator   *int     `json:"numerator"`
	Denominator *int     `json:"denominator"`
	Met         *bool    `json:"met"`
	AsOf        string   `json:"as_of"`
	Definition  string   `json:"definition"`
	Years       any      `json:"years,omitempty"`
}

// apiTargets answers GET /api/v1/targets?movement=CODE&year=YYYY (or &period=P1|all).
func (s *Server) apiTargets(w http.ResponseWriter, r *http.Request) error {
	key := r.URL.Query().Get("period")
	if y := r.URL.Query().Get("year"); y != "" {
		if _, err := strconv.Atoi(y); err != nil {
			return badRequest("Tham số year=%q không phải là năm (cần dạng YYYY)", y)
		}
		key = y
	}
	m, p, _, results, err := s.computeTargets(r, key)
	if err != nil {
		return err
	}
	out := make([]apiTarget, 0, len(results))
	for _, t := range results {
		at := apiTarget{Code: t.Code, Name: t.Name, Kind: string(t.Kind), Threshold: t.Threshold, Value: t.Value,
			Numerator: t.Numerator, Denominator: t.Denominator, Met: t.Met, AsOf: t.AsOf.String(), Definition: t.Definition}
		if len(t.Years) > 0 {
			at.Years = t.Years
		}
		out = append(out, at)
	}
	w.Header().Set("X-Thidua-Movement", m.Code)
	w.Header().Set("X-Thidua-Period", p.From.String()+"/"+p.To.String())
	writeJSON(w, http.StatusOK, out)
	return nil
}
