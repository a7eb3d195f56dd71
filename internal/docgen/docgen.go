// Package docgen writes official documents as .docx files laid out the way Decree
// 30/2020/NĐ-CP requires (A4, margins, Times New Roman, the two-column header with
// the agency and the national motto, number, place and date, type and summary, the
// signature block and "Nơi nhận"), and numbers them in a register per type and year.
//
// A document is data (Document with a list of Blocks); Render turns it into
// WordprocessingML directly, so every piece of text goes through one escaping
// function and no template marker can reach the output. See docs/documents.md.
package docgen

import (
	"errors"
	"fmt"
	"strings"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/plan"
)

// Issuer and Signer are the plan's: the header and the signature block of every
// document come from the plan file and the settings, not from code.
type (
	Issuer = plan.Issuer
	Signer = plan.Signer
)

// Kind is a document type by its official abbreviation (Decree 30, appendix III),
// the part of the number between "/" and "-": 07/BC-SXD is a BÁO CÁO.
type Kind string

const (
	Decision   Kind = "QĐ"  // quyết định
	Plan       Kind = "KH"  // kế hoạch
	Report     Kind = "BC"  // báo cáo
	Submission Kind = "TTr" // tờ trình
	Notice     Kind = "TB"  // thông báo
	Guidance   Kind = "HD"  // hướng dẫn
	Minutes    Kind = "BB"  // biên bản
	Invitation Kind = "GM"  // giấy mời
	// Apology is the one-stop "Phiếu xin lỗi và hẹn lại ngày trả kết quả"; it is not
	// among Decree 30's types, but provinces number it in its own series (PXL).
	Apology Kind = "PXL"
)

var kindTitles = map[Kind]string{
	Decision:   "QUYẾT ĐỊNH",
	Plan:       "KẾ HOẠCH",
	Report:     "BÁO CÁO",
	Submission: "TỜ TRÌNH",
	Notice:     "THÔNG BÁO",
	Guidance:   "HƯỚNG DẪN",
	Minutes:    "BIÊN BẢN",
	Invitation: "GIẤY MỜI",
	Apology:    "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
}

// Kinds lists the known types in the order forms offer them.
func Kinds() []Kind {
	return []Kind{Decision, Plan, Report, Submission, Notice, Guidance, Minutes, Invitation, Apology}
}

// Valid reports whether k is a known type.
func (k Kind) Valid() bool { _, ok := kindTitles[k]; return ok }

// Title is the type name printed above the summary, e.g. "BÁO CÁO".
func (k Kind) Title() string { return kindTitles[k] }

// Document is one official document. Number and Date may be empty for a draft:
// the number line then keeps a blank for the clerk ("Số:      /BC-SXD"), as drafts
// sent for signature do.
type Document struct {
	Issuer  Issuer
	Type    Kind
	Number  string        // "07/BC-SXD", from Register.Next
	Place   string        // "Lạng Sơn"
	Date    calendar.Date // the signing date
	Title   string        // overrides Type.Title(), e.g. for a form's long name
	Summary string        // trích yếu, printed bold under the title; may be empty
	Body    []Block
	Signer  Signer
	// Recipients are the lines under "Nơi nhận:", without the leading "- ".
	Recipients []string
	// ArchiveUnit is the drafting unit's abbreviation for the last line
	// "- Lưu: VT, <unit>."; when empty, a recipient line starting "Lưu:" is used.
	ArchiveUnit string
}

// FromPlan starts a document of kind issued under p: the issuer, place, signer and
// recipients come from the plan file (its last "Lưu: …" recipient is the archive
// line), so a department changes them in data, not code.
func FromPlan(p *plan.Plan, kind Kind) Document {
	return Document{
		Issuer:     p.Issuer,
		Type:       kind,
		Place:      p.Document.Place,
		Signer:     p.Signer,
		Recipients: append([]string(nil), p.Recipients...),
	}
}

// Block is one element of a document's body: Heading, Paragraph, Bullet or Table.
type Block interface{ block() }

// Heading is a section title. Text carries its own numbering ("I. KẾT QUẢ ĐẠT
// ĐƯỢC", "1. Công tác chỉ đạo", "a) Tuyên truyền"), as Vietnamese documents number
// by hand; Level 1 and 2 are bold, level 3 bold italic.
type Heading struct {
	Level int
	Text  string
}

// Align is a paragraph's horizontal alignment; the zero value justifies.
type Align int

const (
	Justify Align = iota
	Center
	Left
	Right
)

// Paragraph is body text: justified with a first-line indent unless told otherwise.
// Runs, when set, replace Text, for mixed emphasis such as an italic "Căn cứ".
// A newline in the text is a line break inside the paragraph.
type Paragraph struct {
	Text     string
	Runs     []Run
	Align    Align
	NoIndent bool
	Bold     bool // applies to Text only
	Italic   bool // applies to Text only
}

// Run is a piece of text with its own emphasis.
type Run struct {
	Text         string
	Bold, Italic bool
}

// Bullet is a dash item ("- …"), the way administrative documents list things.
type Bullet struct {
	Text string
}

// Table is a bordered table of figures. NumericColumns (0-based) are right-aligned;
// Widths, when given, are relative column widths (e.g. 1, 5, 2, 2).
type Table struct {
	Header         []string
	Rows           [][]string
	NumericColumns []int
	Widths         []int
}

func (Heading) block()   {}
func (Paragraph) block() {}
func (Bullet) block()    {}
func (Table) block()     {}

// ErrInvalid is wrapped by Render's errors about a document that cannot be laid out.
var ErrInvalid = errors.New("docgen: invalid document")

// check lists what makes a document unprintable. A draft may lack a number and a
// date, but not its issuer or its type.
func (d *Document) check() error {
	var probs []string
	if strings.TrimSpace(d.Issuer.Agency) == "" {
		probs = append(probs, "thiếu tên cơ quan ban hành")
	}
	if d.Title == "" && !d.Type.Valid() {
		probs = append(probs, fmt.Sprintf("loại văn bản %q không hợp lệ", d.Type))
	}
	for i, b := range d.Body {
		t, ok := b.(Table)
		if !ok {
			continue
		}
		cols := len(t.Header)
		if cols == 0 {
			probs = append(probs, fmt.Sprintf("bảng ở mục %d không có dòng tiêu đề", i+1))
			continue
		}
		for j, r := range t.Rows {
			if len(r) != cols {
				probs = append(probs, fmt.Sprintf("bảng ở mục %d, dòng %d có %d cột, cần %d", i+1, j+1, len(r), cols))
			}
		}
		if len(t.Widths) != 0 && len(t.Widths) != cols {
			probs = append(probs, fmt.Sprintf("bảng ở mục %d có %d độ rộng cột cho %d cột", i+1, len(t.Widths), cols))
		}
	}
	if len(probs) > 0 {
		return fmt.Errorf("%w: %s", ErrInvalid, strings.Join(probs, "; "))
	}
	return nil
}

// title is the type name as printed.
func (d *Document) title() string {
	if d.Title != "" {
		return d.Title
	}
	return d.Type.Title()
}
