package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/petition"
	"github.com/thidua/thidua/internal/validate"
)

type templatesView struct {
	view
	Templates []petition.Template
	Units     []unitChoice
	UnitID    int64
	Form      map[string]string
	Errors    validate.Errors
}

// petitionTemplates lists a unit's answer templates with a form for a new one; the
// office picks the unit.
func (s *Server) petitionTemplates(w http.ResponseWriter, r *http.Request) error {
	return s.renderTemplates(w, r, http.StatusOK, map[string]string{}, nil)
}

func (s *Server) renderTemplates(w http.ResponseWriter, r *http.Request, status int, form map[string]string, errs validate.Errors) error {
	u := currentUser(r)
	v := &templatesView{view: s.base(r, "Mẫu trả lời phản ánh, kiến nghị"), UnitID: u.UnitID, Form: form, Errors: errs}
	if u.Role == auth.RoleOffice {
		var err error
		if v.Units, err = s.unitChoices(r.Context()); err != nil {
			return err
		}
		v.UnitID, _ = strconv.ParseInt(r.URL.Query().Get("unit"), 10, 64)
		if v.UnitID == 0 && len(v.Units) > 0 {
			v.UnitID = v.Units[0].ID
		}
	}
	var err error
	if v.Templates, err = s.petitions.Templates(r.Context(), auth.ScopeOf(u), v.UnitID); err != nil {
		return petitionError(err)
	}
	s.render(w, r, status, "petition_templates", v)
	return nil
}

func (s *Server) petitionTemplateSave(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	form := formValues(r, "title", "body", "unit")
	t := petition.Template{UnitID: u.UnitID, Title: form["title"], Body: form["body"]}
	if u.Role == auth.RoleOffice {
		t.UnitID, _ = strconv.ParseInt(form["unit"], 10, 64)
	}
	var err error
	if id := r.PathValue("id"); id != "" {
		if t.ID, err = strconv.ParseInt(id, 10, 64); err != nil {
			return errNotFound
		}
		_, err = s.petitions.UpdateTemplate(r.Context(), auth.ScopeOf(u), t)
	} else {
		_, err = s.petitions.CreateTemplate(r.Context(), auth.ScopeOf(u), t)
	}
	var fe validate.Errors
	if errors.As(err, &fe) {
		return s.renderTemplates(w, r, http.StatusBadRequest, form, fe)
	}
	if err := petitionError(err); err != nil {
		return err
	}
	return redirect(w, r, "/petition-templates?unit="+strconv.FormatInt(t.UnitID, 10), "Đã lưu mẫu trả lời")
}

func (s *Server) petitionTemplateDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := petitionError(s.petitions.DeleteTemplate(r.Context(), auth.ScopeOf(currentUser(r)), id)); err != nil {
		return err
	}
	return redirect(w, r, "/petition-templates", "Đã xóa mẫu trả lời")
}
