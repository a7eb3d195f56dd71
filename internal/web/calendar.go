package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/job"
	"github.com/thidua/thidua/internal/petition"

	"github.com/thidua/thidua/internal/calendar"
)

type calendarView struct {
	view
	Year      int
	Months    []calendar.Month
	Holidays  []calendar.Day
	Overrides []calendar.Override
	Headers   [7]string
	CanEdit   bool
	Form      map[string]string
	Errors    map[string]string
	Deadline  string
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCalendar(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderCalendar(w http.ResponseWriter, r *http.Request, status int, form, errs map[string]string) error {
	year := calendar.DateOf(s.now()).Year
	if y := r.URL.Query().Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < calendar.MinYear || n > calendar.MaxYear {
			return badRequest("Năm %q không hợp lệ (từ %d đến %d)", y, calendar.MinYear, calendar.MaxYear)
		}
		year = n
	}
	cal, err := s.calendars.Calendar(r.Context())
	if err != nil {
		return err
	}
	u := currentUser(r)
	v := &calendarView{view: s.base(r, "Lịch ngày làm việc"), Year: year, Months: cal.Year(year), Holidays: cal.Holidays(year),
		Overrides: cal.Overrides(year), Headers: calendar.WeekdayHeaders, CanEdit: officeOnly.allows(u), Form: form, Errors: errs}
	// A worked example of a deadline, so that staff can check the calendar by hand.
	if from, n := r.URL.Query().Get("from"), r.URL.Query().Get("days"); from != "" && n != "" {
		d, derr := calendar.ParseDate(from)
		k, kerr := strconv.Atoi(n)
		switch {
		case derr != nil:
			v.Deadline = "Ngày bắt đầu không hợp lệ: " + from
		case kerr != nil || k < 1 || k > 1000:
			v.Deadline = "Số ngày làm việc phải là số nguyên từ 1 đến 1000"
		default:
			v.Deadline = cal.Explain(d, k).String()
		}
	}
	s.render(w, r, status, "calendar", v)
	return nil
}

// calendarSet adds or changes a day of the office's corrections to the computed
// calendar (extra days off, swapped working Saturdays).
func (s *Server) calendarSet(w http.ResponseWriter, r *http.Request) error {
	form := map[string]string{"date": strings.TrimSpace(r.PostFormValue("date")), "working": r.PostFormValue("working"),
		"name": r.PostFormValue("name"), "note": r.PostFormValue("note")}
	d, err := calendar.ParseDate(form["date"])
	if err != nil {
		return s.renderCalendar(w, r, http.StatusBadRequest, form, map[string]string{"date": "Ngày không hợp lệ: \"" + form["date"] + "\" (cần dạng YYYY-MM-DD)"})
	}
	_, err = s.calendars.Set(r.Context(), calendar.Override{Date: d, Working: form["working"] == "1", Name: form["name"], Note: form["note"]})
	var fe *calendar.FieldError
	if errors.As(err, &fe) {
		return s.renderCalendar(w, r, http.StatusBadRequest, form, map[string]string{fe.Field: fe.Message})
	}
	if err != nil {
		return err
	}
	if err := s.calendarChanged(r); err != nil {
		return err
	}
	return redirect(w, r, "/calendar?year="+strconv.Itoa(d.Year), "Đã lưu điều chỉnh lịch ngày "+d.DMY())
}

func (s *Server) calendarUnset(w http.ResponseWriter, r *http.Request) error {
	d, err := calendar.ParseDate(r.PathValue("date"))
	if err != nil {
		return badRequest("Ngày không hợp lệ: %q", r.PathValue("date"))
	}
	if err := s.calendars.Delete(r.Context(), d); err != nil {
		return err
	}
	if err := s.calendarChanged(r); err != nil {
		return err
	}
	return redirect(w, r, "/calendar?year="+strconv.Itoa(d.Year), "Đã bỏ điều chỉnh ngày "+d.DMY()+"; ngày này theo lịch tính sẵn")
}

// calendarChanged has the open petitions' deadlines recounted in the background: a
// new day off moves every deadline that counts over it.
func (s *Server) calendarChanged(r *http.Request) error {
	_, _, err := s.jobs.Enqueue(r.Context(), s.db.Write(), job.Spec{Kind: petition.KindRefresh, CreatedBy: currentUser(r).ID})
	return err
}
