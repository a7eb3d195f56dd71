package dossier

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/textnorm"
	"github.com/thidua/thidua/internal/validate"
)

// maxCodeLen bounds a dossier code; real ones are about 25 characters.
const maxCodeLen = 100

// parseRow reads the current row of the sheet into a dossier, classified with the
// calendar. Issues name the column keys of Columns.
func parseRow(s *sheet, r *refs) (Dossier, []validate.Issue) {
	var issues []validate.Issue
	bad := func(field, format string, args ...any) {
		issues = append(issues, validate.Issue{Field: field, Detail: fmt.Sprintf(format, args...)})
	}
	d := Dossier{Code: s.value("code"), Status: s.value("status")}
	switch {
	case d.Code == "":
		bad("code", "không được để trống")
	case len(d.Code) > maxCodeLen:
		bad("code", "dài quá %d ký tự", maxCodeLen)
	}

	date := func(key string) calendar.Date {
		v := s.value(key)
		day, ok := parseDay(v)
		if !ok {
			bad(key, "“%s” không phải ngày; %s", v, dateHelp)
		}
		return day
	}
	d.ReceivedOn, d.AppointmentOn, d.FinishedOn = date("received"), date("appointment"), date("finished")
	d.SupplementRequestedOn, d.SupplementReturnedOn = date("supplement_requested"), date("supplement_returned")
	d.ReappointedOn = date("reappointed")
	if d.ReceivedOn.IsZero() && s.value("received") == "" {
		bad("received", "không được để trống")
	}
	issues = append(issues, checkDates(d)...)

	count := func(key string) int {
		v := s.value(key)
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			bad(key, "“%s” không phải số nguyên", v)
		case n < 0:
			bad(key, "%d: số lần không được âm", n)
		}
		return max(n, 0)
	}
	d.SupplementCount, d.Reappointments = count("supplement_count"), count("reappointments")
	// Exports that list the first request's dates may leave the count out.
	if !d.SupplementRequestedOn.IsZero() && d.SupplementCount == 0 {
		d.SupplementCount = 1
	}
	if !d.ReappointedOn.IsZero() && d.Reappointments == 0 {
		d.Reappointments = 1
	}
	if v := s.value("apology"); v != "" {
		yes, ok := parseYesNo(v)
		if !ok {
			bad("apology", "“%s”: ghi Có hoặc Không", v)
		}
		d.Apology = yes
	}

	proc, ok := r.procedure(s.value("procedure"), s.value("procedure_name"))
	switch {
	case ok:
		d.ProcedureID, d.ProcedureCode = proc.id, proc.code
	case s.value("procedure") != "":
		bad("procedure", "không có thủ tục mã “%s” trong danh mục thủ tục", s.value("procedure"))
	case s.value("procedure_name") != "":
		bad("procedure_name", "không có thủ tục “%s” trong danh mục thủ tục, hoặc có nhiều thủ tục cùng tên; hãy ghi mã thủ tục", s.value("procedure_name"))
	default:
		bad("procedure", "không được để trống")
	}
	d.UnitID = unitOf(s, r, proc, bad)
	d.Channel = channelOf(s, proc, bad)
	if proc != nil && d.AppointmentOn.IsZero() && proc.statutory == nil {
		bad("appointment", "trống, mà thủ tục %s chưa có thời hạn giải quyết trong danh mục: không xác định được hạn của hồ sơ", proc.code)
	}
	if len(issues) == 0 {
		at := d.ReceivedOn
		if d.Finished() {
			at = d.FinishedOn
		}
		d.apply(classify(d, r.days, proc.statutory, at))
	}
	return d, issues
}

// checkDates refuses the dates that would make the classification meaningless.
func checkDates(d Dossier) []validate.Issue {
	var out []validate.Issue
	before := func(field string, a, b calendar.Date, what string) {
		if !a.IsZero() && !b.IsZero() && a.Before(b) {
			out = append(out, validate.Issue{Field: field, Detail: fmt.Sprintf("%s trước %s %s", a.DMY(), what, b.DMY())})
		}
	}
	before("finished", d.FinishedOn, d.ReceivedOn, "ngày tiếp nhận")
	before("appointment", d.AppointmentOn, d.ReceivedOn, "ngày tiếp nhận")
	before("supplement_requested", d.SupplementRequestedOn, d.ReceivedOn, "ngày tiếp nhận")
	before("supplement_returned", d.SupplementReturnedOn, d.SupplementRequestedOn, "ngày yêu cầu bổ sung")
	before("finished", d.FinishedOn, d.SupplementRequestedOn, "ngày yêu cầu bổ sung")
	before("finished", d.FinishedOn, d.SupplementReturnedOn, "ngày bổ sung")
	if !d.SupplementReturnedOn.IsZero() && d.SupplementRequestedOn.IsZero() {
		out = append(out, validate.Issue{Field: "supplement_returned", Detail: "có ngày bổ sung mà không có ngày yêu cầu bổ sung"})
	}
	return out
}

func unitOf(s *sheet, r *refs, proc *procedureRef, bad func(string, string, ...any)) int64 {
	v := s.value("unit")
	if v == "" {
		// Without the column, or with the cell empty, the procedure's responsible unit.
		if proc != nil && proc.unitID != 0 {
			return proc.unitID
		}
		if proc != nil {
			bad("unit", "trống, mà thủ tục %s chưa có đơn vị thực hiện trong danh mục", proc.code)
		}
		return 0
	}
	id, ok := r.unit(v)
	if !ok {
		bad("unit", "không có đơn vị mã hoặc tên “%s”", v)
	}
	return id
}

// channelOf reads the channel. A plain "Trực tuyến" says the dossier came online but
// not how far online its processing went: that is the procedure's online level in
// the catalogue, full or partial. Both count as received online in Biểu II.06a.
func channelOf(s *sheet, proc *procedureRef, bad func(string, string, ...any)) Channel {
	v := s.value("channel")
	c, ok := parseChannel(v)
	switch {
	case v == "":
		bad("channel", "không được để trống")
	case !ok:
		bad("channel", "“%s” không phải kênh tiếp nhận; dùng Trực tiếp, Bưu chính, Trực tuyến toàn trình hoặc Trực tuyến một phần", v)
	case c == online && proc != nil && proc.fullOnline:
		c = OnlineFull
	case c == online:
		c = OnlinePartial
	}
	return c
}

// parseYesNo reads Có/Không and the other ways spreadsheets say yes and no.
func parseYesNo(s string) (bool, bool) {
	switch textnorm.Fold(strings.TrimSpace(s)) {
	case "co", "x", "1", "yes", "true", "da co", "co thu xin loi", "da gui":
		return true, true
	case "khong", "0", "no", "false", "chua co", "chua":
		return false, true
	}
	return false, false
}
