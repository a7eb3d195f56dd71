// Package plan reads, checks and stores the plan of an emulation movement: its
// contents, targets, phases, report deadlines, commendation and duties. A plan is a
// YAML file (docs/plan-format.md); Parse turns it into a Plan and lists every problem
// with its line, and Store keeps loaded plans in the database so that other
// capabilities look targets up by measure and deadlines by kind instead of hard-coding
// one year's numbers.
package plan

import (
	"strings"

	"github.com/thidua/thidua/internal/calendar"
)

// Plan is one movement's plan, as written in its file. The yaml and json names are
// the same, so the document stored for display reads like the file.
type Plan struct {
	Code         string         `yaml:"code" json:"code"`
	Title        string         `yaml:"title" json:"title"`
	Issuer       Issuer         `yaml:"issuer" json:"issuer"`
	Document     Document       `yaml:"document" json:"document"`
	Period       Period         `yaml:"period" json:"period"`
	Headings     Headings       `yaml:"headings" json:"headings"`
	LegalBases   []LegalBasis   `yaml:"legal_bases" json:"legal_bases"`
	Preamble     string         `yaml:"preamble" json:"preamble"`
	Purposes     []Item         `yaml:"purposes" json:"purposes"`
	Requirements []Item         `yaml:"requirements" json:"requirements"`
	Contents     []ContentGroup `yaml:"contents" json:"contents"`
	Solutions    []Item         `yaml:"solutions" json:"solutions"`
	Targets      []Target       `yaml:"targets" json:"targets"`
	Phases       []Phase        `yaml:"phases" json:"phases"`
	Reports      []Report       `yaml:"reports" json:"reports"`
	Commendation []Commendation `yaml:"commendation" json:"commendation"`
	Duties       []Duty         `yaml:"duties" json:"duties"`
	Difficulties string         `yaml:"difficulties" json:"difficulties"`
	Closing      string         `yaml:"closing" json:"closing"`
	Recipients   []string       `yaml:"recipients" json:"recipients"`
	Signer       Signer         `yaml:"signer" json:"signer"`
}

// Issuer is the body that issues the plan, as printed in the document's header.
type Issuer struct {
	Parent       string `yaml:"parent" json:"parent"`             // UBND TỈNH LẠNG SƠN
	Agency       string `yaml:"agency" json:"agency"`             // SỞ XÂY DỰNG
	Abbreviation string `yaml:"abbreviation" json:"abbreviation"` // SXD
}

// Document is the plan's identity as an official document. Number and Date stay
// empty until the plan is numbered and signed.
type Document struct {
	Type   string        `yaml:"type" json:"type"`     // KẾ HOẠCH
	Number string        `yaml:"number" json:"number"` // e.g. 25/KH-SXD
	Date   calendar.Date `yaml:"date" json:"date,omitzero"`
	Place  string        `yaml:"place" json:"place"`
}

// Period is the whole movement, first and last day included.
type Period struct {
	Start calendar.Date `yaml:"start" json:"start"`
	End   calendar.Date `yaml:"end" json:"end"`
}

// Contains reports whether d falls within the period.
func (p Period) Contains(d calendar.Date) bool { return !d.Before(p.Start) && !d.After(p.End) }

// Headings are the section titles as the document prints them, without their Roman
// numerals. Parse fills the ones a file leaves out with DefaultHeadings.
type Headings struct {
	PurposesRequirements string `yaml:"purposes_requirements" json:"purposes_requirements"`
	Purposes             string `yaml:"purposes" json:"purposes"`
	Requirements         string `yaml:"requirements" json:"requirements"`
	Contents             string `yaml:"contents" json:"contents"`
	Solutions            string `yaml:"solutions" json:"solutions"`
	Targets              string `yaml:"targets" json:"targets"`
	Phases               string `yaml:"phases" json:"phases"`
	Commendation         string `yaml:"commendation" json:"commendation"`
	Organization         string `yaml:"organization" json:"organization"`
	Reports              string `yaml:"reports" json:"reports"`
}

// DefaultHeadings are the usual section titles of a Vietnamese emulation plan.
var DefaultHeadings = Headings{
	PurposesRequirements: "MỤC ĐÍCH, YÊU CẦU",
	Purposes:             "Mục đích",
	Requirements:         "Yêu cầu",
	Contents:             "NỘI DUNG PHONG TRÀO THI ĐUA",
	Solutions:            "GIẢI PHÁP THỰC HIỆN",
	Targets:              "CHỈ TIÊU THI ĐUA",
	Phases:               "THỜI GIAN THỰC HIỆN",
	Commendation:         "TIÊU CHUẨN VÀ HÌNH THỨC KHEN THƯỞNG",
	Organization:         "TỔ CHỨC THỰC HIỆN",
	Reports:              "Chế độ báo cáo",
}

// LegalBasis is one document the plan is based on (căn cứ). Text is the wording after
// "Căn cứ"; Reference is the short citation when the basis is a numbered document.
type LegalBasis struct {
	Text      string `yaml:"text" json:"text"`
	Reference string `yaml:"reference" json:"reference"`
}

// Item is a numbered paragraph: a purpose, a requirement or a solution. Title is used
// by solutions only.
type Item struct {
	Code  string `yaml:"code" json:"code"`
	Title string `yaml:"title" json:"title,omitempty"`
	Text  string `yaml:"text" json:"text"`
}

// Audience is who an emulation content is addressed to.
type Audience string

const (
	AudienceUnits       Audience = "units"       // divisions and affiliated units
	AudienceEnterprises Audience = "enterprises" // enterprises of the sector
)

// ContentGroup gathers the emulation contents for one audience (II.1, II.2).
type ContentGroup struct {
	Code     string    `yaml:"code" json:"code"`
	Audience Audience  `yaml:"audience" json:"audience"`
	Title    string    `yaml:"title" json:"title"`
	Items    []Content `yaml:"items" json:"items"`
}

// Content is one emulation content (II.1.a …). Its code is stable because scoring
// rubrics group their criteria by it.
type Content struct {
	Code    string   `yaml:"code" json:"code"`
	Title   string   `yaml:"title" json:"title"`
	Text    string   `yaml:"text" json:"text"`
	Bullets []string `yaml:"bullets" json:"bullets"`
}

// Signer is the signature block.
type Signer struct {
	Authority string `yaml:"authority" json:"authority"` // KT. GIÁM ĐỐC
	Position  string `yaml:"position" json:"position"`   // PHÓ GIÁM ĐỐC
	Name      string `yaml:"name" json:"name"`
}

// CommendationKind says when a commendation happens.
type CommendationKind string

const (
	CommendationAnnual CommendationKind = "annual" // khen thưởng hằng năm
	CommendationReview CommendationKind = "review" // khen thưởng sơ kết, tổng kết
)

// Commendation is one form of commendation the plan provides for (VI.1, VI.2).
type Commendation struct {
	Code  string           `yaml:"code" json:"code"`
	Kind  CommendationKind `yaml:"kind" json:"kind"`
	Title string           `yaml:"title" json:"title"`
	Text  string           `yaml:"text" json:"text"`
}

// Duty is what one unit, or every unit of a kind, must do (VII.1 …). Exactly one of
// UnitCode and UnitKind is set; they match the codes and kinds of the unit list.
type Duty struct {
	Code     string   `yaml:"code" json:"code"`
	Title    string   `yaml:"title" json:"title"`
	UnitCode string   `yaml:"unit_code" json:"unit_code"`
	UnitKind string   `yaml:"unit_kind" json:"unit_kind"`
	Text     string   `yaml:"text" json:"text"`
	Bullets  []string `yaml:"bullets" json:"bullets"`
}

// Label is the short number a code is printed with: "a" for II.1.a, "3" for VII.3.
func Label(code string) string {
	if i := strings.LastIndexByte(code, '.'); i >= 0 {
		return code[i+1:]
	}
	return code
}

// AllContents lists the contents of every group for one audience, in file order.
func (p *Plan) AllContents(a Audience) []Content {
	var out []Content
	for _, g := range p.Contents {
		if g.Audience == a {
			out = append(out, g.Items...)
		}
	}
	return out
}
