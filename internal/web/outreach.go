package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/outreach"
	"github.com/thidua/thidua/internal/upload"
	"github.com/thidua/thidua/internal/validate"
)

type outreachListView struct {
	view
	Items     []outreach.Article
	Filter    outreach.Filter
	Pager     pager
	Publisher bool
}

// outreachList lists the articles the user sees: every one for the office and the
// leadership (those waiting for approval first), the user's own and the published
// ones for other staff.
func (s *Server) outreachList(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	q := r.URL.Query()
	v := &outreachListView{view: s.base(r, "Tuyên truyền"), Pager: newPager(r), Publisher: outreach.Publisher(u),
		Filter: outreach.Filter{State: outreach.State(q.Get("state")), Query: q.Get("q")}}
	if st := v.Filter.State; st != "" && st.Label() == "" {
		return badRequest("Không có trạng thái %q", st)
	}
	var err error
	if v.Items, v.Pager.Total, err = s.outreach.List(r.Context(), u, v.Filter, v.Pager.PerPage, v.Pager.Offset()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "outreach", v)
	return nil
}

type articleFormView struct {
	view
	ID       int64
	HasCover bool
	Form     map[string]string
	Errors   validate.Errors
	Units    []org.Unit
	Kinds    []outreach.LinkKind
}

var articleFields = []string{"title", "summary", "body", "byline", "link_kind", "link_ref"}

func (s *Server) renderArticleForm(w http.ResponseWriter, r *http.Request, status int, v *articleFormView) error {
	var err error
	if v.Units, err = s.org.UnitOptions(r.Context()); err != nil {
		return err
	}
	v.Kinds = outreach.LinkKinds
	s.render(w, r, status, "article_form", v)
	return nil
}

// articleNew offers an empty article signed by the user (and their unit).
func (s *Server) articleNew(w http.ResponseWriter, r *http.Request) error {
	u := currentUser(r)
	byline := u.FullName
	if u.UnitID != 0 {
		if unit, err := s.org.GetUnit(r.Context(), u.UnitID); err == nil {
			byline = joinNonEmpty(", ", byline, unit.Name)
		}
	}
	return s.renderArticleForm(w, r, http.StatusOK, &articleFormView{view: s.base(r, "Viết bài tuyên truyền"), Form: map[string]string{"byline": byline}})
}

func joinNonEmpty(sep string, parts ...string) string {
	out := ""
	for _, p := range parts {
		if p != "" {
			if out != "" {
				out += sep
			}
			out += p
		}
	}
	return out
}

func (s *Server) articleFromPath(r *http.Request) (*outreach.Article, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	a, err := s.outreach.Get(r.Context(), currentUser(r), id)
	return a, outreachError(err)
}

func (s *Server) articleEdit(w http.ResponseWriter, r *http.Request) error {
	a, err := s.articleFromPath(r)
	if err != nil {
		return err
	}
	if !outreach.CanEdit(currentUser(r), a) {
		return &userError{http.StatusConflict, "Bài viết đang ở trạng thái “" + a.State.Label() + "”: chỉ Văn phòng Sở, Lãnh đạo Sở sửa được"}
	}
	form := map[string]string{"title": a.Title, "summary": a.Summary, "body": a.Body, "byline": a.Byline, "link_kind": string(a.LinkKind), "link_ref": a.LinkRef}
	return s.renderArticleForm(w, r, http.StatusOK, &articleFormView{view: s.base(r, "Sửa bài tuyên truyền"), ID: a.ID, HasCover: a.HasCover, Form: form})
}

// articleSave writes a new draft or changes the article of the path, with its
// cover when one is sent; a refused form comes back as typed.
func (s *Server) articleSave(w http.ResponseWriter, r *http.Request) error {
	// Room for a cover somewhat over the limit, so the form can say so beside the field.
	r.Body = http.MaxBytesReader(w, r.Body, 2*outreach.MaxCoverSize+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &userError{http.StatusRequestEntityTooLarge, "Ảnh bìa quá lớn: ảnh bìa tối đa 2 MB. Quay lại, chọn ảnh nhỏ hơn rồi lưu lại."}
		}
		return badRequest("Không đọc được biểu mẫu gửi lên")
	}
	form := formValues(r, articleFields...)
	in := outreach.Input{Title: form["title"], Summary: form["summary"], Body: r.PostFormValue("body"), Byline: form["byline"],
		LinkKind: form["link_kind"], LinkRef: form["link_ref"], RemoveCover: r.PostFormValue("remove_cover") == "1"}
	if f, h, err := r.FormFile("cover"); err == nil {
		data, rerr := io.ReadAll(f)
		f.Close()
		if rerr != nil {
			return badRequest("Không đọc được ảnh bìa gửi lên")
		}
		if len(data) > 0 || h.Filename != "" {
			in.Cover = &outreach.Upload{Name: h.Filename, Data: data}
		}
	}
	u := currentUser(r)
	var a *outreach.Article
	var err error
	id := int64(0)
	if r.PathValue("id") != "" {
		if id, err = pathID(r); err != nil {
			return err
		}
		a, err = s.outreach.Update(r.Context(), u, id, in)
	} else {
		a, err = s.outreach.Create(r.Context(), u, in)
	}
	var fe validate.Errors
	if errors.As(err, &fe) {
		v := &articleFormView{view: s.base(r, "Bài tuyên truyền"), ID: id, Form: form, Errors: fe}
		if id != 0 {
			if old, gerr := s.outreach.Get(r.Context(), u, id); gerr == nil {
				v.HasCover = old.HasCover
			}
		}
		return s.renderArticleForm(w, r, http.StatusBadRequest, v)
	}
	if err := outreachError(err); err != nil {
		return err
	}
	return redirect(w, r, "/outreach/"+strconv.FormatInt(a.ID, 10), "Đã lưu bài viết")
}

type articleAdminView struct {
	view
	A       *outreach.Article
	Steps   []string
	CanEdit bool
	Note    string
	Errors  validate.Errors
}

func (s *Server) renderArticleAdmin(w http.ResponseWriter, r *http.Request, status int, note string, errs validate.Errors) error {
	a, err := s.articleFromPath(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	s.render(w, r, status, "article_admin", &articleAdminView{view: s.base(r, a.Title), A: a, Steps: outreach.Steps(u, a),
		CanEdit: outreach.CanEdit(u, a), Note: note, Errors: errs})
	return nil
}

func (s *Server) articleAdmin(w http.ResponseWriter, r *http.Request) error {
	return s.renderArticleAdmin(w, r, http.StatusOK, "", nil)
}

// articleStep submits, publishes, returns or takes down an article; the store checks
// who may and from which state.
func (s *Server) articleStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	step, note := r.PathValue("step"), r.PostFormValue("note")
	err = s.outreach.Step(r.Context(), currentUser(r), id, step, note)
	var fe validate.Errors
	if errors.As(err, &fe) {
		return s.renderArticleAdmin(w, r, http.StatusBadRequest, note, fe)
	}
	if err := outreachError(err); err != nil {
		return err
	}
	msg := map[string]string{outreach.StepSubmit: "Đã gửi bài viết để Văn phòng Sở, Lãnh đạo Sở duyệt", outreach.StepPublish: "Đã đăng bài viết lên trang công khai",
		outreach.StepReturn: "Đã trả lại bài viết cho tác giả", outreach.StepUnpublish: "Đã gỡ bài viết khỏi trang công khai"}[step]
	return redirect(w, r, "/outreach/"+strconv.FormatInt(id, 10), msg)
}

// articleCoverStaff shows the cover of an article the user may see, published or not.
func (s *Server) articleCoverStaff(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u := currentUser(r)
	c, err := s.outreach.CoverOf(r.Context(), id, false, func(a *outreach.Article) bool { return outreach.CanSee(u, a) })
	if err := outreachError(err); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-cache")
	serveCover(w, r, c)
	return nil
}

// serveCover shows a cover in the page, so only as one of the image types an upload
// may be; anything else would be served as a download.
func serveCover(w http.ResponseWriter, r *http.Request, c *outreach.Cover) {
	ct := "application/octet-stream"
	for _, t := range upload.Images.Types {
		if t.ContentType == c.ContentType {
			ct = c.ContentType
		}
	}
	w.Header().Set("Content-Type", ct)
	http.ServeContent(w, r, "", c.UpdatedAt, bytes.NewReader(c.Data))
}

// outreachError maps the outreach store's errors to what the user sees.
func outreachError(err error) error {
	var se *outreach.StateError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, outreach.ErrNotFound):
		return errNotFound
	case errors.Is(err, outreach.ErrForbidden):
		return &userError{http.StatusForbidden, err.Error()}
	case errors.As(err, &se):
		return &userError{http.StatusConflict, se.Msg}
	}
	return err
}
