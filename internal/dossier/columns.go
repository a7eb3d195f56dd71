package dossier

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/thidua/thidua/internal/tabular"
	"github.com/thidua/thidua/internal/textnorm"
)

// Columns are the columns of a dossier export. The aliases are the names the same
// column goes by in the exports of provincial one-stop systems (DOMAIN.md); where a
// file has several of them the first in the list wins, so the processing unit comes
// before the receiving one.
var Columns = []tabular.Column{
	{Key: "code", Header: "Mã hồ sơ", Aliases: []string{"Số hồ sơ", "Mã hồ sơ TTHC", "Số biên nhận", "Mã biên nhận"}, Required: true},
	{Key: "procedure", Header: "Mã thủ tục", Aliases: []string{"Mã TTHC", "Mã thủ tục hành chính", "Mã TT"}},
	{Key: "procedure_name", Header: "Tên thủ tục", Aliases: []string{"Tên thủ tục hành chính", "Tên TTHC", "Thủ tục hành chính", "Thủ tục"}},
	{Key: "unit", Header: "Đơn vị xử lý", Aliases: []string{"Đơn vị giải quyết", "Đơn vị thực hiện", "Cơ quan giải quyết",
		"Phòng xử lý", "Đơn vị tiếp nhận", "Đơn vị"}},
	{Key: "channel", Header: "Kênh tiếp nhận", Aliases: []string{"Hình thức tiếp nhận", "Hình thức nộp", "Hình thức nộp hồ sơ",
		"Kênh nộp"}, Required: true},
	{Key: "received", Header: "Ngày tiếp nhận", Aliases: []string{"Ngày nhận", "Ngày nộp hồ sơ", "Ngày nhận hồ sơ", "Ngày nộp",
		"Thời gian tiếp nhận"}, Required: true},
	{Key: "appointment", Header: "Ngày hẹn trả", Aliases: []string{"Ngày hẹn trả kết quả", "Ngày hẹn", "Hạn xử lý", "Hạn giải quyết"}},
	{Key: "finished", Header: "Ngày hoàn thành", Aliases: []string{"Ngày kết thúc xử lý", "Ngày có kết quả", "Ngày hoàn thành xử lý",
		"Ngày kết thúc", "Ngày trả kết quả"}},
	{Key: "supplement_count", Header: "Số lần yêu cầu bổ sung", Aliases: []string{"Số lần bổ sung", "Số lần yêu cầu bổ sung hồ sơ"}},
	{Key: "supplement_requested", Header: "Ngày yêu cầu bổ sung", Aliases: []string{"Ngày yêu cầu bổ sung hồ sơ"}},
	{Key: "supplement_returned", Header: "Ngày bổ sung", Aliases: []string{"Ngày nhận bổ sung", "Ngày bổ sung hồ sơ", "Ngày công dân bổ sung"}},
	{Key: "reappointed", Header: "Ngày hẹn lại", Aliases: []string{"Ngày hẹn trả lại", "Ngày hẹn trả mới"}},
	{Key: "reappointments", Header: "Số lần hẹn lại", Aliases: []string{"Số lần hẹn trả lại"}},
	{Key: "apology", Header: "Thư xin lỗi", Aliases: []string{"Phiếu xin lỗi", "Có thư xin lỗi", "Xin lỗi"}},
	{Key: "status", Header: "Trạng thái", Aliases: []string{"Trạng thái hồ sơ", "Trạng thái xử lý", "Tình trạng"}},
}

// columnsWith returns Columns with the explicit mapping of odd headers applied: each
// entry maps a header as the file writes it ("Ngày nộp") to one this importer knows
// ("Ngày tiếp nhận", or any of its aliases). The file's header then comes first, so
// it wins over another column of the file that the importer would also recognise.
func columnsWith(mapping map[string]string, file string) ([]tabular.Column, error) {
	cols := make([]tabular.Column, len(Columns))
	copy(cols, Columns)
	from := make([]string, 0, len(mapping))
	for f := range mapping {
		from = append(from, f)
	}
	sort.Strings(from)
	for _, f := range from {
		target := mapping[f]
		i := columnNamed(cols, target)
		if i < 0 || strings.TrimSpace(f) == "" {
			return nil, &tabular.FileError{File: file, Reason: fmt.Sprintf("cách ghép cột “%s=%s” không dùng được: không có cột “%s”; các cột nhận được: %s",
				f, target, target, headers())}
		}
		c := cols[i]
		c.Aliases = append([]string{c.Header}, c.Aliases...)
		c.Header = strings.TrimSpace(f)
		cols[i] = c
	}
	return cols, nil
}

func columnNamed(cols []tabular.Column, name string) int {
	k := headerKey(name)
	for i, c := range cols {
		for _, h := range append([]string{c.Header, c.Key}, c.Aliases...) {
			if headerKey(h) == k {
				return i
			}
		}
	}
	return -1
}

func headers() string {
	names := make([]string, len(Columns))
	for i, c := range Columns {
		names[i] = c.Header
	}
	return strings.Join(names, ", ")
}

// headerKey compares headers as tabular does: no case, diacritics, spaces or punctuation.
func headerKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, textnorm.Fold(s))
}

// ParseMapping reads "Ngày nộp=Ngày tiếp nhận" as the command line's --map gives it.
func ParseMapping(s string) (from, to string, ok bool) {
	from, to, ok = strings.Cut(s, "=")
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	return from, to, ok && from != "" && to != ""
}
