package docgen

import (
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/plan"
)

var (
	issuer = Issuer{Parent: "UBND tỉnh Lạng Sơn", Agency: "Sở Xây dựng", Abbreviation: "SXD"}
	signer = Signer{Authority: "KT. Giám đốc", Position: "Phó Giám đốc", Name: "Trần Văn Vương"}
	// tricky is text a user might type that is markup in XML.
	tricky = `Tỷ lệ <b>&"đúng hạn"</b> & 'trước hạn'`
)

func sampleReport() Document {
	return Document{
		Issuer:  issuer,
		Type:    Report,
		Number:  "07/BC-SXD",
		Place:   "Lạng Sơn",
		Date:    calendar.NewDate(2026, 2, 5),
		Summary: "Sơ kết phong trào thi đua năm 2026",
		Body: []Block{
			Heading{Level: 1, Text: "I. KẾT QUẢ ĐẠT ĐƯỢC"},
			Paragraph{Text: "Năm 2026, các đơn vị thuộc Sở đã triển khai phong trào thi đua. " + tricky},
			Heading{Level: 2, Text: "1. Giải quyết thủ tục hành chính"},
			Bullet{Text: "Tiếp nhận 1.234 hồ sơ;"},
			Bullet{Text: "- Giải quyết đúng hạn 98,5%."},
			Table{
				Header:         []string{"STT", "Đơn vị", "Hồ sơ", "Tỷ lệ đúng hạn (%)"},
				Rows:           [][]string{{"1", "Văn phòng Sở", "120", "99,17"}, {"2", "Phòng <QLXD> & HT", "1.114", "98,38"}},
				NumericColumns: []int{2, 3},
				Widths:         []int{1, 5, 2, 3},
			},
			Heading{Level: 3, Text: "a) Khó khăn"},
			Paragraph{Text: "Dòng một\nDòng hai"},
		},
		Signer:      signer,
		Recipients:  []string{"UBND tỉnh (b/c)", "- Lãnh đạo Sở;", "Lưu: VT, VP_(BHN)."},
		ArchiveUnit: "VP",
	}
}

func TestReportPageAndSection(t *testing.T) {
	x := render(t, sampleReport())
	doc := x.tree(t, "word/document.xml")
	sect := doc.first("sectPr")
	if sect == nil {
		t.Fatal("no sectPr")
	}
	if sz := sect.child("pgSz"); sz == nil || sz.attr["w"] != "11906" || sz.attr["h"] != "16838" || sz.attr["orient"] == "landscape" {
		t.Errorf("page size %v, want A4 portrait 11906×16838", sz.attr)
	}
	mar := sect.child("pgMar")
	for side, lim := range map[string][2]float64{"top": {20, 25}, "bottom": {20, 25}, "left": {30, 35}, "right": {15, 20}} {
		tw, _ := strconv.Atoi(mar.attr[side])
		if mm := float64(tw) / 1440 * 25.4; mm < lim[0]-0.1 || mm > lim[1]+0.1 {
			t.Errorf("%s margin %.1f mm, Decree 30 wants %v–%v mm", side, mm, lim[0], lim[1])
		}
	}
	if sect.child("titlePg") == nil {
		t.Fatal("no titlePg: page 1 would show a page number")
	}
	refs := map[string]string{}
	for _, kind := range []string{"headerReference", "footerReference"} {
		for _, r := range sect.all(kind) {
			refs[kind+"/"+r.attr["type"]] = x.relTarget(t, r.attr["id"])
		}
	}
	for _, first := range []string{"headerReference/first", "footerReference/first"} {
		part, ok := refs[first]
		if !ok {
			t.Errorf("no %s: page 1 would inherit the default", first)
			continue
		}
		if s := string(x.parts[part]); strings.Contains(s, "PAGE") || strings.Contains(s, "fldSimple") {
			t.Errorf("%s (%s) has a page number field", first, part)
		}
	}
	hdr := x.tree(t, refs["headerReference/default"])
	if instr := hdr.first("instrText"); instr == nil || strings.TrimSpace(instr.text) != "PAGE" {
		t.Error("the default header has no PAGE field: pages 2+ would have no number")
	}
	if jc := hdr.first("jc"); jc == nil || jc.attr["val"] != "center" {
		t.Error("page number not centred")
	}
}

func TestReportFonts(t *testing.T) {
	x := render(t, sampleReport())
	st := x.tree(t, "word/styles.xml")
	def := st.first("docDefaults").first("rFonts")
	for _, a := range []string{"ascii", "hAnsi", "cs", "eastAsia"} {
		if def == nil || def.attr[a] != "Times New Roman" {
			t.Errorf("docDefaults rFonts %s = %q", a, def.attr[a])
		}
	}
	th := x.tree(t, "word/theme/theme1.xml")
	for _, f := range []string{"majorFont", "minorFont"} {
		if l := th.first(f).child("latin"); l == nil || l.attr["typeface"] != "Times New Roman" {
			t.Errorf("theme %s is not Times New Roman", f)
		}
	}
	for _, part := range []string{"word/document.xml", "word/header1.xml"} {
		for i, r := range x.tree(t, part).all("r") {
			f := r.first("rFonts")
			for _, a := range []string{"ascii", "hAnsi", "cs", "eastAsia"} {
				if f == nil || f.attr[a] != "Times New Roman" {
					t.Fatalf("%s run %d (%q): rFonts %s not Times New Roman", part, i, r.plain(), a)
				}
			}
		}
	}
}

func TestReportHeaderTitleAndClosing(t *testing.T) {
	x := render(t, sampleReport())
	doc := x.tree(t, "word/document.xml")
	head := doc.first("tbl")
	if b := head.first("tblBorders").child("top"); b.attr["val"] != "none" {
		t.Errorf("header table has borders: %v", b.attr)
	}
	want := []struct {
		text         string
		bold, italic bool
		size         string
	}{
		{"UBND TỈNH LẠNG SƠN", false, false, "13"},
		{"SỞ XÂY DỰNG", true, false, "13"},
		{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true, false, "12"},
		{"Độc lập - Tự do - Hạnh phúc", true, false, "13"},
		{"Số: 07/BC-SXD", false, false, "13"},
		{"Lạng Sơn, ngày 05 tháng 02 năm 2026", false, true, "14"},
	}
	for _, w := range want {
		p := head.para(w.text)
		if p == nil {
			t.Errorf("header lacks %q", w.text)
			continue
		}
		if p.runsAre("b") != w.bold || p.runsAre("i") != w.italic || p.runSize() != w.size {
			t.Errorf("%q: bold %v italic %v size %s, want %v %v %s", w.text, p.runsAre("b"), p.runsAre("i"), p.runSize(), w.bold, w.italic, w.size)
		}
	}
	// The short rules: an empty paragraph with a top border under the agency and the motto.
	if n := len(head.all("pBdr")); n != 2 {
		t.Errorf("%d rules in the header, want 2 (agency, motto)", n)
	}
	num := regexp.MustCompile(`^Số: \d{2,}/(QĐ|KH|BC|TTr|TB|HD|BB|GM|PXL)-[A-ZĐ]+$`)
	if !num.MatchString("Số: 07/BC-SXD") || head.para("Số: 07/BC-SXD") == nil {
		t.Error("number line not in the format Số: 07/BC-SXD")
	}

	for _, s := range []string{"BÁO CÁO", "Sơ kết phong trào thi đua năm 2026", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Vương"} {
		p := doc.para(s)
		if p == nil || !p.runsAre("b") || p.runSize() != "14" {
			t.Errorf("%q missing, not bold or not 14 pt", s)
		}
	}
	if jc := doc.para("BÁO CÁO").first("jc"); jc.attr["val"] != "center" {
		t.Error("type name not centred")
	}
	if p := doc.para("Nơi nhận:"); p == nil || !p.runsAre("b") || !p.runsAre("i") || p.runSize() != "12" {
		t.Error(`"Nơi nhận:" missing or not bold italic 12`)
	}
	closing := doc.all("tbl")[2]
	var lines []string
	for _, p := range closing.all("tc")[0].all("p")[1:] {
		lines = append(lines, p.plain())
		if p.runSize() != "11" {
			t.Errorf("recipient %q not 11 pt", p.plain())
		}
	}
	wantLines := []string{"- UBND tỉnh (b/c);", "- Lãnh đạo Sở;", "- Lưu: VT, VP."}
	if strings.Join(lines, "|") != strings.Join(wantLines, "|") {
		t.Errorf("recipients %q, want %q", lines, wantLines)
	}
}

func TestReportBody(t *testing.T) {
	x := render(t, sampleReport())
	doc := x.tree(t, "word/document.xml")
	p := doc.para("Năm 2026, các đơn vị thuộc Sở đã triển khai phong trào thi đua. " + tricky)
	if p == nil {
		t.Fatal("body paragraph with <b>&\" lost or altered")
	}
	if jc := p.first("jc"); jc.attr["val"] != "both" {
		t.Error("body not justified")
	}
	if ind := p.first("ind"); ind == nil || ind.attr["firstLine"] != "720" {
		t.Error("body has no 1.27 cm first-line indent")
	}
	if p.runSize() != "14" {
		t.Errorf("body %s pt, want 14", p.runSize())
	}
	raw := string(x.parts["word/document.xml"])
	if strings.Contains(raw, "<b>") || !strings.Contains(raw, "&lt;b&gt;&amp;") {
		t.Error("body text not escaped")
	}
	for name, part := range x.parts {
		if strings.Contains(string(part), "{{") {
			t.Errorf("%s contains a template marker", name)
		}
	}
	if doc.para("- Tiếp nhận 1.234 hồ sơ;") == nil || doc.para("- Giải quyết đúng hạn 98,5%.") == nil {
		t.Error("bullets not written as one dash each")
	}
	if doc.para("Dòng một\nDòng hai") == nil {
		t.Error("newline in a paragraph not kept as a line break")
	}
	if !doc.para("a) Khó khăn").runsAre("i") || !doc.para("I. KẾT QUẢ ĐẠT ĐƯỢC").runsAre("b") {
		t.Error("heading emphasis wrong")
	}

	tbl := doc.all("tbl")[1]
	if b := tbl.first("tblBorders").child("insideH"); b.attr["val"] != "single" {
		t.Error("figure table has no borders")
	}
	rows := tbl.all("tr")
	if rows[0].first("tblHeader") == nil || !rows[0].all("p")[0].runsAre("b") {
		t.Error("header row not bold or not repeated")
	}
	cells := rows[2].all("tc")
	if cells[1].plain() != "Phòng <QLXD> & HT" {
		t.Errorf("cell text %q", cells[1].plain())
	}
	for i, want := range []string{"left", "left", "right", "right"} {
		if jc := cells[i].first("jc"); jc.attr["val"] != want {
			t.Errorf("column %d aligned %s, want %s", i, jc.attr["val"], want)
		}
	}
}

func TestDecision(t *testing.T) {
	d := Document{
		Issuer: issuer, Type: Decision, Number: "125/QĐ-SXD", Place: "Lạng Sơn",
		Date:    calendar.NewDate(2026, 11, 26),
		Summary: "Về việc khen thưởng tập thể, cá nhân có thành tích\ntrong phong trào thi đua năm 2026",
		Body: []Block{
			Paragraph{Text: "GIÁM ĐỐC SỞ XÂY DỰNG", Align: Center, Bold: true},
			Paragraph{Runs: []Run{{Text: "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", Italic: true}}},
			Paragraph{Text: "QUYẾT ĐỊNH:", Align: Center, Bold: true},
			Paragraph{Runs: []Run{{Text: "Điều 1. ", Bold: true}, {Text: "Tặng Giấy khen của Giám đốc Sở cho 03 tập thể."}}},
		},
		Signer:     Signer{Position: "Giám đốc", Name: "Nguyễn Văn A"},
		Recipients: []string{"Như Điều 3"},
	}
	x := render(t, d)
	doc := x.tree(t, "word/document.xml")
	for _, s := range []string{"QUYẾT ĐỊNH", "Số: 125/QĐ-SXD", "Lạng Sơn, ngày 26 tháng 11 năm 2026", "GIÁM ĐỐC", "- Như Điều 3;", "- Lưu: VT."} {
		if doc.para(s) == nil {
			t.Errorf("decision lacks %q", s)
		}
	}
	if p := doc.para("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"); p == nil || !p.runsAre("i") {
		t.Error("italic legal basis lost")
	}
	if p := doc.para("QUYẾT ĐỊNH:"); p.first("ind") != nil {
		t.Error("a centred paragraph must not carry a first-line indent")
	}
}

func TestDraftHasBlankNumberAndDate(t *testing.T) {
	d := sampleReport()
	d.Number, d.Date = "", calendar.Date{}
	doc := render(t, d).tree(t, "word/document.xml")
	if doc.para("Số:        /BC-SXD") == nil {
		t.Error("draft number line not left blank for the clerk")
	}
	if doc.para("Lạng Sơn, ngày      tháng      năm      ") == nil {
		t.Error("draft date line not left blank")
	}
}

func TestDateText(t *testing.T) {
	for _, c := range []struct {
		d    calendar.Date
		want string
	}{
		{calendar.NewDate(2026, 2, 5), "ngày 05 tháng 02 năm 2026"},
		{calendar.NewDate(2026, 11, 26), "ngày 26 tháng 11 năm 2026"},
		{calendar.NewDate(2027, 1, 1), "ngày 01 tháng 01 năm 2027"},
		{calendar.NewDate(2026, 3, 9), "ngày 09 tháng 3 năm 2026"},
		{calendar.NewDate(2026, 12, 10), "ngày 10 tháng 12 năm 2026"},
	} {
		if got := DateText(c.d); got != c.want {
			t.Errorf("DateText(%s) = %q, want %q", c.d, got, c.want)
		}
	}
	if got := NumberText(7, Report, "SXD"); got != "07/BC-SXD" {
		t.Errorf("NumberText = %q", got)
	}
	if got := NumberText(123, Submission, "SXD"); got != "123/TTr-SXD" {
		t.Errorf("NumberText = %q", got)
	}
}

func TestRenderRefusesBrokenDocuments(t *testing.T) {
	for name, d := range map[string]Document{
		"no agency":   {Type: Report},
		"no type":     {Issuer: issuer},
		"ragged rows": {Issuer: issuer, Type: Report, Body: []Block{Table{Header: []string{"a", "b"}, Rows: [][]string{{"1"}}}}},
		"no header":   {Issuer: issuer, Type: Report, Body: []Block{Table{Rows: [][]string{{"1"}}}}},
	} {
		var sb strings.Builder
		if err := Render(&sb, d); !errors.Is(err, ErrInvalid) || sb.Len() != 0 {
			t.Errorf("%s: err %v, wrote %d bytes", name, err, sb.Len())
		}
	}
}

func TestFromPlan(t *testing.T) {
	p := &plan.Plan{
		Issuer:     issuer,
		Document:   plan.Document{Place: "Lạng Sơn"},
		Signer:     signer,
		Recipients: []string{"Các phòng, ban, đơn vị thuộc Sở;", "Lãnh đạo Sở;", "Lưu: VT, VP_(BHN)."},
	}
	d := FromPlan(p, Plan)
	d.Date = calendar.NewDate(2026, 5, 5)
	doc := render(t, d).tree(t, "word/document.xml")
	for _, s := range []string{"KẾ HOẠCH", "Lạng Sơn, ngày 05 tháng 5 năm 2026", "Số:        /KH-SXD",
		"- Các phòng, ban, đơn vị thuộc Sở;", "- Lãnh đạo Sở;", "- Lưu: VT, VP_(BHN).", "PHÓ GIÁM ĐỐC"} {
		if doc.para(s) == nil {
			t.Errorf("plan document lacks %q", s)
		}
	}
}

// BenchmarkRenderReviewReport renders a final-review-sized report: five yearly
// tables of 50 units each (issue 5 asks for under 2 s).
func BenchmarkRenderReviewReport(b *testing.B) {
	d := sampleReport()
	d.Body = nil
	for year := 2026; year <= 2030; year++ {
		d.Body = append(d.Body, Heading{Level: 2, Text: "Năm " + strconv.Itoa(year)})
		tbl := Table{Header: []string{"STT", "Đơn vị", "T1", "T2", "T3", "T4", "T5"}, NumericColumns: []int{2, 3, 4, 5, 6}}
		for u := 1; u <= 50; u++ {
			tbl.Rows = append(tbl.Rows, []string{strconv.Itoa(u), "Đơn vị " + strconv.Itoa(u), "100", "98,50", "100", "1", "2"})
		}
		d.Body = append(d.Body, tbl)
	}
	for b.Loop() {
		if err := Render(io.Discard, d); err != nil {
			b.Fatal(err)
		}
	}
}
