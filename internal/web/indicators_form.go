package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/indicator"
	"github.com/thidua/thidua/internal/validate"
)

type enterpriseIndicatorsView struct {
	view
	Items []indicator.Indicator
	Due   dueView
	Done  *indicator.Indicator // the report of the period now due, if made
}

// enterpriseIndicators is an enterprise's own history, with the period it is asked
// for now and its deadline.
func (s *Server) enterpriseIndicators(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	v := &enterpriseIndicatorsView{view: s.base(r, "Chỉ tiêu sản xuất kinh doanh của doanh nghiệp")}
	var err error
	if v.Items, err = s.indicators.History(r.Context(), auth.ScopeOf(u), u.EnterpriseID); err != nil {
		return err
	}
	p := indicator.Period{Year: calendar.DateOf(s.now()).Year - 1}
	if v.Due, err = s.dueOf(r, p); err != nil {
		return err
	}
	for i := range v.Items {
		if v.Items[i].Period == p {
			v.Done = &v.Items[i]
		}
	}
	s.render(w, r, http.StatusOK, "indicator_history", v)
	return nil
}

type indicatorFormView struct {
	view
	ID       int64
	Form     map[string]string
	Errors   validate.Errors
	Halves   []int
	Existing int64 // the report already made for the period typed, to edit instead
}

var indicatorFields = []string{"year", "half", "revenue", "profit", "budget_paid", "employees", "avg_income", "investment",
	"digital", "green", "welfare", "insurance_full", "insurance_arrears", "accidents", "violations", "tax_arrears"}

// Labels are the fields' Vietnamese names for the form.
func (v *indicatorFormView) Labels() map[string]string { return indicator.FieldLabels }

// formField is one number field of the form, as its template draws it.
type formField struct {
	Name, Label, Value, Error, Mode string
	Required                        bool
}

// Field is the named number field with its label, what was typed and its error;
// mode is its inputmode (text where a minus sign must be typed).
func (v *indicatorFormView) Field(name, mode string) formField {
	required := name == "revenue" || name == "profit" || name == "budget_paid" || name == "employees"
	return formField{Name: name, Label: indicator.FieldLabels[name], Value: v.Form[name], Error: v.Errors[name], Mode: mode, Required: required}
}

// indicatorForm shows the form of a new period (?year=&half= pre-fill it) or of the
// enterprise's report in the path.
func (s *Server) indicatorForm(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	v := &indicatorFormView{view: s.base(r, "Báo cáo chỉ tiêu sản xuất kinh doanh"), Halves: indicator.Halves,
		Form: map[string]string{"year": strconv.Itoa(calendar.DateOf(s.now()).Year - 1), "half": "0", "insurance_full": "Có"}}
	q := r.URL.Query()
	if y := q.Get("year"); y != "" {
		v.Form["year"] = y
	}
	if h := q.Get("half"); h != "" {
		v.Form["half"] = h
	}
	if r.PathValue("id") != "" {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		i, err := s.indicators.Get(r.Context(), auth.ScopeOf(u), id)
		if err != nil {
			return err
		}
		v.ID, v.Title, v.Form = id, "Sửa chỉ tiêu "+i.Period.String(), formOf(i)
	}
	s.render(w, r, http.StatusOK, "indicator_form", v)
	return nil
}

// formOf writes stored figures back as the form shows them.
func formOf(i *indicator.Indicator) map[string]string {
	full := "Không"
	if i.InsuranceFull {
		full = "Có"
	}
	return map[string]string{"year": strconv.Itoa(i.Year), "half": strconv.Itoa(i.Half), "revenue": indicator.Money(i.Revenue),
		"profit": indicator.Money(i.Profit), "budget_paid": indicator.Money(i.BudgetPaid), "employees": strconv.Itoa(i.Employees),
		"avg_income": indicator.Money(i.AvgIncome), "investment": indicator.Money(i.Investment), "digital": i.Digital,
		"green": i.Green, "welfare": i.Welfare, "insurance_full": full, "insurance_arrears": indicator.Money(i.InsuranceArrears),
		"accidents": strconv.Itoa(i.Accidents), "violations": strconv.Itoa(i.Violations), "tax_arrears": indicator.Money(i.TaxArrears)}
}

// indicatorSave creates the enterprise's report of a period, or changes the one in
// the path. Refused figures come back in the form as typed, each message beside its
// field; a period already reported links to its report.
func (s *Server) indicatorSave(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	sc := auth.ScopeOf(u)
	form := formValues(r, indicatorFields...)
	in := indicator.Input{Year: form["year"], Half: form["half"], Revenue: form["revenue"], Profit: form["profit"],
		BudgetPaid: form["budget_paid"], Employees: form["employees"], AvgIncome: form["avg_income"], Investment: form["investment"],
		Digital: form["digital"], Green: form["green"], Welfare: form["welfare"], InsuranceFull: form["insurance_full"],
		InsuranceArrears: form["insurance_arrears"], Accidents: form["accidents"], Violations: form["violations"], TaxArrears: form["tax_arrears"]}
	var id int64
	if r.PathValue("id") != "" {
		var err error
		if id, err = pathID(r); err != nil {
			return err
		}
	}
	var i *indicator.Indicator
	var err error
	if id == 0 {
		i, err = s.indicators.Create(r.Context(), sc, u.EnterpriseID, in)
	} else {
		i, err = s.indicators.Update(r.Context(), sc, id, in)
	}
	var fe validate.Errors
	if errors.As(err, &fe) {
		v := &indicatorFormView{view: s.base(r, "Báo cáo chỉ tiêu sản xuất kinh doanh"), ID: id, Form: form, Errors: fe, Halves: indicator.Halves}
		year, _ := strconv.Atoi(form["year"])
		half, _ := indicator.ParseHalf(form["half"])
		if got, err := s.indicators.Find(r.Context(), sc, u.EnterpriseID, indicator.Period{Year: year, Half: half}); err == nil && got.ID != id {
			v.Existing = got.ID
		}
		s.render(w, r, http.StatusBadRequest, "indicator_form", v)
		return nil
	}
	if err != nil {
		return err
	}
	return redirect(w, r, "/enterprise/indicators", "Đã lưu số liệu "+i.Period.String())
}
