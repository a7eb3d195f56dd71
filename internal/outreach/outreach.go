// Package outreach keeps the movement's outreach (tuyên truyền; the plan's "phổ biến
// gương điển hình tiên tiến, mô hình hiệu quả"): articles on good practice and
// exemplary models, written by staff, submitted for approval and published by the
// office or the leadership on the public pages and in an Atom feed, or taken down.
package outreach

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/validate"
)

// State is where an article stands.
type State string

const (
	Draft       State = "draft"
	Submitted   State = "submitted"
	Published   State = "published"
	Unpublished State = "unpublished"
)

// States in the order lists offer them.
var States = []State{Draft, Submitted, Published, Unpublished}

var stateLabels = map[State]string{Draft: "Bản nháp", Submitted: "Chờ duyệt", Published: "Đã đăng", Unpublished: "Đã gỡ"}

// Label is the state in Vietnamese.
func (s State) Label() string { return stateLabels[s] }

// LinkKind is what an article may be about.
type LinkKind string

const (
	LinkNone       LinkKind = ""
	LinkUnit       LinkKind = "unit"
	LinkEnterprise LinkKind = "enterprise"
	LinkInitiative LinkKind = "initiative"
	LinkDialogue   LinkKind = "dialogue"
)

// LinkKinds in the order forms offer them.
var LinkKinds = []LinkKind{LinkUnit, LinkEnterprise, LinkInitiative, LinkDialogue}

var linkLabels = map[LinkKind]string{LinkUnit: "Phòng, đơn vị", LinkEnterprise: "Doanh nghiệp", LinkInitiative: "Sáng kiến",
	LinkDialogue: "Đối thoại doanh nghiệp"}

// Label is the kind in Vietnamese.
func (k LinkKind) Label() string { return linkLabels[k] }

// Article is one outreach article.
type Article struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Summary     string    `json:"summary"`
	Body        string    `json:"body"`
	Byline      string    `json:"byline"`
	AuthorID    int64     `json:"author_id"`
	LinkKind    LinkKind  `json:"link_kind"`
	LinkID      int64     `json:"link_id"`
	LinkName    string    `json:"link_name"` // the unit's, enterprise's name, the initiative's or dialogue's title
	LinkRef     string    `json:"link_ref"`  // how the form names it: unit code, tax code, number
	State       State     `json:"state"`
	ReviewNote  string    `json:"review_note"`
	PublishedAt time.Time `json:"published_at"`
	PublishedBy string    `json:"published_by"`
	HasCover    bool      `json:"has_cover"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Paragraphs are the body's paragraphs: a blank line separates two; a single line
// break stays inside its paragraph.
func (a *Article) Paragraphs() []string { return paragraphs(a.Body) }

func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Lead is what lists show under the title: the summary, or the start of the body.
func (a *Article) Lead() string {
	if a.Summary != "" {
		return a.Summary
	}
	ps := a.Paragraphs()
	if len(ps) == 0 {
		return ""
	}
	return clip(strings.Join(strings.Fields(ps[0]), " "), 300)
}

// clip shortens s to at most n characters, at a word, with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

// Publisher reports whether u publishes articles: the office and the leadership.
func Publisher(u *auth.User) bool {
	return u != nil && (u.Role == auth.RoleOffice || u.Role == auth.RoleLeader)
}

// CanEdit reports whether u may change a: a publisher at any time, the author while
// it is a draft.
func CanEdit(u *auth.User, a *Article) bool {
	return Publisher(u) || (u != nil && a.AuthorID == u.ID && a.State == Draft)
}

// Limits of an article's text, in characters.
const (
	MaxTitle   = 200
	MaxSummary = 600
	MaxBody    = 60000
	MaxByline  = 200
)

// Input is what the article form sends.
type Input struct {
	Title, Summary, Body, Byline, LinkKind, LinkRef string
	Cover                                           *Upload // nil keeps the cover as it is
	RemoveCover                                     bool
}

// parse tidies the text fields and checks their lengths; a draft may be incomplete
// but not empty.
func (in Input) parse() (Article, validate.Errors) {
	errs := validate.Errors{}
	a := Article{Title: strings.TrimSpace(in.Title), Summary: strings.TrimSpace(in.Summary), Body: strings.TrimSpace(in.Body),
		Byline: strings.TrimSpace(in.Byline), LinkKind: LinkKind(strings.TrimSpace(in.LinkKind)), LinkRef: strings.TrimSpace(in.LinkRef)}
	long := func(field, label, v string, max int) {
		if n := utf8.RuneCountInString(v); n > max {
			errs.Add(field, label+" dài "+itoa(n)+" ký tự, tối đa "+itoa(max)+" ký tự")
		}
	}
	long("title", "Tiêu đề", a.Title, MaxTitle)
	long("summary", "Tóm tắt", a.Summary, MaxSummary)
	long("body", "Nội dung", a.Body, MaxBody)
	long("byline", "Tác giả", a.Byline, MaxByline)
	if a.Title == "" && a.Body == "" {
		errs.Add("title", "Tiêu đề: nhập tiêu đề hoặc nội dung trước khi lưu bản nháp")
	}
	if a.LinkKind != LinkNone && a.LinkKind.Label() == "" {
		errs.Add("link_kind", "Liên kết: không có loại liên kết “"+string(a.LinkKind)+"”")
	}
	if a.LinkKind == LinkNone {
		a.LinkRef = ""
	} else if a.LinkRef == "" {
		errs.Add("link_ref", "Liên kết: nhập "+refHint[a.LinkKind]+", hoặc chọn “Không liên kết”")
	}
	return a, errs
}

var refHint = map[LinkKind]string{LinkUnit: "mã đơn vị (ví dụ QLXD)", LinkEnterprise: "mã số thuế của doanh nghiệp",
	LinkInitiative: "số của sáng kiến", LinkDialogue: "số của cuộc đối thoại"}

// complete says what an article lacks before it may be submitted or published.
func complete(a *Article) error {
	errs := validate.Errors{}
	if a.Title == "" {
		errs.Add("title", "Tiêu đề: bài viết chưa có tiêu đề nên chưa thể đăng")
	}
	if len(paragraphs(a.Body)) == 0 {
		errs.Add("body", "Nội dung: bài viết chưa có nội dung nên chưa thể đăng")
	}
	if a.Byline == "" {
		errs.Add("byline", "Tác giả: nhập tên tác giả hoặc đơn vị viết bài")
	}
	return errs.Err()
}

// Errors of the store, in Vietnamese for the user.
var (
	ErrNotFound  = errors.New("Không có bài viết này")
	ErrForbidden = errors.New("Bạn không được xem hoặc thay đổi bài viết này")
)

// StateError is a step refused because of where the article stands.
type StateError struct{ Msg string }

func (e *StateError) Error() string { return e.Msg }

func notInState(a *Article, what string) error {
	return &StateError{Msg: "Bài viết đang ở trạng thái “" + a.State.Label() + "” nên không thể " + what}
}
