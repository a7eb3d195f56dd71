package plan

import (
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/thidua/thidua/plans"
)

const seedFile = "langson-sxd-2026.yaml"

func seedData(t testing.TB) []byte {
	t.Helper()
	data, err := plans.Files.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func seedPlan(t *testing.T) *Plan {
	t.Helper()
	p, probs := Parse(seedFile, seedData(t))
	for _, pr := range probs {
		t.Errorf("shipped plan: %s", pr)
	}
	if p == nil {
		t.FailNow()
	}
	return p
}

func TestEveryShippedPlanIsValid(t *testing.T) {
	names, err := fs.Glob(plans.Files, "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no embedded plans (%v)", err)
	}
	for _, name := range names {
		data, _ := plans.Files.ReadFile(name)
		if _, probs := Parse(name, data); len(probs) > 0 {
			t.Errorf("%s: %d problems, first: %s", name, len(probs), probs[0])
		}
	}
}

func TestSeedPlanTargets(t *testing.T) {
	p := seedPlan(t)
	want := []Target{
		{Code: "T1", Kind: KindCoverage, Measure: MeasureUnitsDeployed, Threshold: 100},
		{Code: "T2", Kind: KindRatio, Measure: MeasureDossiersOnTime, Threshold: 98},
		{Code: "T3", Kind: KindCoverage, Measure: MeasureProceduresFullOnline, Threshold: 100},
		{Code: "T4", Kind: KindCountPerYear, Measure: MeasureDialoguesHeld, PerYear: 1},
		{Code: "T5", Kind: KindCountPerYear, Measure: MeasureInitiativesApplied, PerYear: 1},
	}
	if len(p.Targets) != len(want) {
		t.Fatalf("%d targets, want %d", len(p.Targets), len(want))
	}
	for i, w := range want {
		got := p.Targets[i]
		got.Name = ""
		if got != w {
			t.Errorf("target %d = %+v, want %+v", i+1, got, w)
		}
	}
	if got := p.Targets[1].Name; got != "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn đạt từ 98% trở lên." {
		t.Errorf("T2 name = %q", got)
	}
	if got, _ := TargetFor(p.Targets, MeasureInitiativesApplied); !strings.Contains(got.Name, "hoặc hỗ trợ doanh nghiệp") {
		t.Errorf("T5 name should join the line the original breaks: %q", got.Name)
	}
}

func TestSeedPlanScheduleAndReports(t *testing.T) {
	p := seedPlan(t)
	if p.Code != "langson-sxd-2026" || p.Period.Start.String() != "2026-01-01" || p.Period.End.String() != "2030-12-31" {
		t.Errorf("movement %s %s–%s", p.Code, p.Period.Start, p.Period.End)
	}
	var phases []string
	for _, ph := range p.Phases {
		phases = append(phases, ph.Code+" "+ph.Name+" "+ph.Start.String()+" "+ph.End.String())
	}
	if got, want := strings.Join(phases, "; "), "P1 Giai đoạn 1 2026-01-01 2028-06-30; P2 Giai đoạn 2 2028-07-01 2030-12-31"; got != want {
		t.Errorf("phases = %s\nwant     %s", got, want)
	}
	var reports []string
	for _, r := range p.Reports {
		due, _ := r.Due.MarshalText()
		cutoff, _ := r.Cutoff.MarshalText()
		reports = append(reports, string(r.Kind)+" due "+string(due)+" cutoff "+string(cutoff)+" to "+r.Recipient)
	}
	want := "interim due 2028-05-19 cutoff 2028-04-30 to Văn phòng Sở; final due 2030-11-29 cutoff 2030-10-31 to Văn phòng Sở; ad_hoc due  cutoff  to "
	if got := strings.Join(reports, "; "); got != want {
		t.Errorf("reports = %s\nwant      %s", got, want)
	}
	if p.Reports[0].Phase != "P1" || p.Reports[2].Text != "Báo cáo đột xuất khi có yêu cầu." {
		t.Errorf("interim phase %q, ad hoc text %q", p.Reports[0].Phase, p.Reports[2].Text)
	}
}

func TestSeedPlanDocument(t *testing.T) {
	p := seedPlan(t)
	var units, enterprises []string
	for _, c := range p.AllContents(AudienceUnits) {
		units = append(units, Label(c.Code))
	}
	for _, c := range p.AllContents(AudienceEnterprises) {
		enterprises = append(enterprises, Label(c.Code))
	}
	if got := strings.Join(units, ","); got != "a,b,c,d,đ" {
		t.Errorf("unit contents = %s", got)
	}
	if got := strings.Join(enterprises, ","); got != "a,b,c,d" {
		t.Errorf("enterprise contents = %s", got)
	}
	if c := p.AllContents(AudienceUnits)[2]; c.Code != "II.1.c" || c.Title != "Thi đua cải thiện môi trường đầu tư kinh doanh" || len(c.Bullets) != 5 {
		t.Errorf("II.1.c = %+v", c)
	}
	if len(p.Purposes) != 4 || len(p.Requirements) != 4 || len(p.Solutions) != 5 || len(p.Commendation) != 2 || len(p.Duties) != 4 {
		t.Errorf("purposes %d, requirements %d, solutions %d, commendation %d, duties %d; want 4, 4, 5, 2, 4",
			len(p.Purposes), len(p.Requirements), len(p.Solutions), len(p.Commendation), len(p.Duties))
	}
	if p.Signer != (Signer{Authority: "KT. GIÁM ĐỐC", Position: "PHÓ GIÁM ĐỐC", Name: "Trần Văn Vương"}) {
		t.Errorf("signer = %+v", p.Signer)
	}
	if p.Issuer != (Issuer{Parent: "UBND TỈNH LẠNG SƠN", Agency: "SỞ XÂY DỰNG", Abbreviation: "SXD"}) {
		t.Errorf("issuer = %+v", p.Issuer)
	}
	var refs []string
	for _, b := range p.LegalBases {
		refs = append(refs, b.Reference)
	}
	if got := strings.Join(refs, "; "); got != "Kế hoạch số 161/KH-UBND ngày 27/4/2026; Quyết định số 463/QĐ-TTg ngày 22/3/2026" {
		t.Errorf("legal bases = %s", got)
	}
	if d := p.Duties[3]; d.UnitKind == "" || d.Title != "Các đơn vị trực thuộc" {
		t.Errorf("VII.4 = %+v", d)
	}
	if got := p.Recipients[len(p.Recipients)-1]; got != "Lưu: VT, VP_(BHN)." {
		t.Errorf("last recipient = %q", got)
	}
}

// Every sentence of the shipped plan must be the original's, word for word: a typo
// or a paraphrase in the file would be printed as the department's own text.
func TestSeedPlanWordingIsTheOriginal(t *testing.T) {
	raw, err := os.ReadFile("testdata/ke-hoach-phong-trao-thi-dua.txt")
	if err != nil {
		t.Fatal(err)
	}
	original := strings.Join(strings.Fields(string(raw)), " ")
	p := seedPlan(t)
	texts := []string{p.Title, p.Preamble, p.Difficulties, p.Closing, p.Document.Type,
		p.Signer.Authority, p.Signer.Position, p.Signer.Name}
	texts = append(texts, p.Recipients...)
	for _, b := range p.LegalBases {
		texts = append(texts, b.Text)
	}
	for _, list := range [][]Item{p.Purposes, p.Requirements, p.Solutions} {
		for _, it := range list {
			texts = append(texts, it.Title, it.Text)
		}
	}
	for _, g := range p.Contents {
		texts = append(texts, g.Title)
		for _, c := range g.Items {
			texts = append(texts, c.Title, c.Text)
			texts = append(texts, c.Bullets...)
		}
	}
	for _, x := range p.Targets {
		texts = append(texts, x.Name)
	}
	for _, x := range p.Phases {
		texts = append(texts, x.Name, x.Description)
	}
	for _, x := range p.Reports {
		texts = append(texts, x.Name, x.Text, x.Recipient)
	}
	for _, x := range p.Commendation {
		texts = append(texts, x.Title, x.Text)
	}
	for _, x := range p.Duties {
		texts = append(texts, x.Title, x.Text)
		texts = append(texts, x.Bullets...)
	}
	h := reflect.ValueOf(p.Headings)
	for i := range h.NumField() {
		texts = append(texts, h.Field(i).String())
	}
	for _, s := range texts {
		if !strings.Contains(original, s) {
			t.Errorf("not in the original plan: %q", s)
		}
	}
}
