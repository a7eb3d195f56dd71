package award

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
)

// Item is one condition of a verdict, met or not, in Vietnamese.
type Item struct {
	OK    bool   `json:"ok"`
	Text  string `json:"text"`
	quota bool   // the quota's item: a nomination checks the quota itself
}

// Verdict says whether someone is eligible for a title, and why, item by item.
type Verdict struct {
	Title    string `json:"title"`
	Name     string `json:"name"`
	Eligible bool   `json:"eligible"`
	Items    []Item `json:"reasons"`
	Citation string `json:"citation"`
	Version  int    `json:"rule_version"`
	Confirm  bool   `json:"to_confirm,omitempty"`
}

func (v *Verdict) add(ok bool, format string, args ...any) {
	v.Items = append(v.Items, Item{OK: ok, Text: fmt.Sprintf(format, args...)})
	if !ok {
		v.Eligible = false
	}
}

// onlyQuota reports whether every unmet condition is the quota's.
func (v Verdict) onlyQuota() bool {
	for _, it := range v.Items {
		if !it.OK && !it.quota {
			return false
		}
	}
	return true
}

// Reasons are the unmet conditions, joined for a line of a list.
func (v Verdict) Reasons() string {
	var out []string
	for _, it := range v.Items {
		if !it.OK {
			out = append(out, it.Text)
		}
	}
	return strings.Join(out, "; ")
}

// PersonVerdicts are a staff member's verdicts.
type PersonVerdicts struct {
	Person
	Verdicts []Verdict `json:"verdicts"`
}

// UnitVerdicts are a unit's own verdicts and its staff's.
type UnitVerdicts struct {
	UnitID   int64            `json:"unit_id"`
	Code     string           `json:"code"`
	Name     string           `json:"name"`
	Verdicts []Verdict        `json:"verdicts"`
	People   []PersonVerdicts `json:"people"`
}

// EnterpriseVerdicts are an assessed enterprise's verdicts.
type EnterpriseVerdicts struct {
	EnterpriseID int64     `json:"enterprise_id"`
	Name         string    `json:"name"`
	Group        string    `json:"group"`
	Verdicts     []Verdict `json:"verdicts"`
}

// Eligibility is the year's verdicts for every unit, person and assessed enterprise.
type Eligibility struct {
	Year        int                  `json:"year"`
	Units       []UnitVerdicts       `json:"units"`
	Enterprises []EnterpriseVerdicts `json:"enterprises"`
}

// Unit returns the verdicts of the unit with code, or nil.
func (e *Eligibility) Unit(code string) *UnitVerdicts {
	for i := range e.Units {
		if strings.EqualFold(e.Units[i].Code, code) {
			return &e.Units[i]
		}
	}
	return nil
}

// ordered returns the rules of a level in force for year, each after the titles it
// requires.
func ordered(rs Rules, level string, year int) []Rule {
	var list []Rule
	seen := map[string]bool{}
	for _, r := range rs {
		if r.Level == level && !seen[r.Title] {
			seen[r.Title] = true
			if in, ok := rs.For(r.Title, year); ok {
				list = append(list, in)
			}
		}
	}
	var out []Rule
	done := map[string]bool{}
	for len(list) > 0 {
		progress := false
		for i := 0; i < len(list); i++ {
			req := list[i].Params.RequiresTitle
			if req == "" || done[req] || !seen[req] {
				done[list[i].Title] = true
				out = append(out, list[i])
				list = append(list[:i], list[i+1:]...)
				i--
				progress = true
			}
		}
		if !progress { // a loop of requirements: keep the rest as they are
			out = append(out, list...)
			break
		}
	}
	return out
}

// Check gives every verdict of the year from the facts and the rules in force.
func Check(f *Facts, rs Rules) *Eligibility {
	out := &Eligibility{Year: f.Year}
	personRules, unitRules := ordered(rs, "person", f.Year), ordered(rs, "unit", f.Year)
	personTitles := titleNames(rs, "person", f.Year)
	ranks := rankUnits(f)
	for _, u := range f.Units {
		uv := UnitVerdicts{UnitID: u.ID, Code: u.Code, Name: u.Name, People: make([]PersonVerdicts, len(u.Members))}
		for i, m := range u.Members {
			uv.People[i].Person = f.Staff[m]
		}
		for _, r := range personRules {
			for i := range uv.People {
				uv.People[i].Verdicts = append(uv.People[i].Verdicts, checkPerson(f, r, &uv.People[i], personTitles))
			}
			if r.Params.QuotaPercent > 0 {
				applyQuota(f, r, uv.People, rs)
			}
		}
		for _, r := range unitRules {
			uv.Verdicts = append(uv.Verdicts, checkUnit(f, r, u, &uv, ranks, personTitles))
		}
		out.Units = append(out.Units, uv)
	}
	out.Enterprises = checkEnterprises(f, rs)
	return out
}

func titleNames(rs Rules, level string, year int) map[string]string {
	out := map[string]string{}
	for _, r := range rs {
		if in, ok := rs.For(r.Title, year); ok {
			out[r.Title] = in.Name
		}
	}
	return out
}

func newVerdict(r Rule) Verdict {
	return Verdict{Title: r.Title, Name: r.Name, Eligible: true, Citation: r.Citation, Version: r.Version, Confirm: r.Confirm}
}

func verdictOf(vs []Verdict, title string) *Verdict {
	for i := range vs {
		if vs[i].Title == title {
			return &vs[i]
		}
	}
	return nil
}

func yearText(y int) string { return strconv.Itoa(y) }

// blocks adds the conditions every commendation shares: no discipline in force, no
// pending investigation or complaint.
func blocks(f *Facts, v *Verdict, key string) {
	if ds := f.Discipline[key]; len(ds) > 0 {
		d := ds[0]
		text := "Đang chịu hình thức kỷ luật " + strings.ToLower(d.Level.Label())
		if d.Decision != "" {
			text += " (" + d.Decision + ")"
		}
		v.add(false, "%s trong năm %d", text, f.Year)
	} else {
		v.add(true, "Không bị kỷ luật trong năm %d", f.Year)
	}
	if cs := f.Cases[key]; len(cs) > 0 {
		v.add(false, "Đang %s (từ %s)", cs[0].Kind.Label(), cs[0].OpenedOn.DMY())
	}
}

// ratingItems checks a minimum rating, for consecutive years when asked.
func ratingItems(f *Facts, v *Verdict, key string, p Params) {
	if p.MinRating == "" {
		return
	}
	years := p.ConsecutiveYears
	if years < 1 {
		years = 1
	}
	for y := f.Year - years + 1; y <= f.Year; y++ {
		got := f.Ratings[key][y]
		switch {
		case got == "":
			v.add(false, "Chưa có xếp loại mức độ hoàn thành nhiệm vụ năm %d", y)
		case got.Rank() < p.MinRating.Rank():
			v.add(false, "Xếp loại năm %d là “%s”, chưa đạt mức “%s”", y, got.Label(), p.MinRating.Label())
		default:
			v.add(true, "Xếp loại năm %d: %s", y, got.Label())
		}
	}
}

func checkPerson(f *Facts, r Rule, p *PersonVerdicts, names map[string]string) Verdict {
	v := newVerdict(r)
	key := Subject{StaffID: p.ID}.Key()
	blocks(f, &v, key)
	ratingItems(f, &v, key, r.Params)
	if req := r.Params.RequiresTitle; req != "" {
		if dep := verdictOf(p.Verdicts, req); dep != nil && dep.Eligible {
			v.add(true, "Đủ điều kiện danh hiệu “%s” năm %d", names[req], f.Year)
		} else {
			v.add(false, "Chưa đủ điều kiện danh hiệu “%s” năm %d", names[req], f.Year)
		}
	}
	if r.Params.RequireInitiative {
		if list := f.Initiatives[p.ID]; len(list) > 0 {
			it := list[0]
			text := "Có sáng kiến được công nhận năm " + yearText(f.Year) + ": “" + it.Title + "”"
			if it.Number != "" {
				text += " (Quyết định số " + it.Number + ")"
			}
			v.add(true, "%s", text)
		} else {
			v.add(false, "Thiếu sáng kiến được công nhận năm %d", f.Year)
		}
	}
	return v
}

// applyQuota keeps, within a unit, at most the rule's share of the people eligible
// for LĐTT, rounded as the rule says. Those over the quota are ranked by their rating
// (the better first), then women first (the tie-break of the law), then the number of
// recognised initiatives; people equal on all three at the cut are marked for the
// council to choose between.
func applyQuota(f *Facts, r Rule, people []PersonVerdicts, rs Rules) {
	base := "ldtt"
	holders, idx := 0, []int{}
	for i := range people {
		if v := verdictOf(people[i].Verdicts, base); v != nil && v.Eligible {
			holders++
		}
		if v := verdictOf(people[i].Verdicts, r.Title); v != nil && v.Eligible {
			idx = append(idx, i)
		}
	}
	quota := Quota(holders, r.Params.QuotaPercent, r.Params.Rounding)
	quotaText := fmt.Sprintf("Chỉ tiêu: %s%% của %d người đạt LĐTT trong đơn vị, %s = %d", Decimal(r.Params.QuotaPercent), holders, Roundings[r.Params.Rounding], quota)
	key := func(i int) [3]int {
		p := people[i]
		female := 0
		if p.Female {
			female = 1
		}
		return [3]int{f.Ratings[Subject{StaffID: p.ID}.Key()][f.Year].Rank(), female, len(f.Initiatives[p.ID])}
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ka, kb := key(idx[a]), key(idx[b])
		for k := range ka {
			if ka[k] != kb[k] {
				return ka[k] > kb[k]
			}
		}
		return false
	})
	for pos, i := range idx {
		v := verdictOf(people[i].Verdicts, r.Title)
		switch {
		case pos < quota:
			v.add(true, "%s; xếp thứ %d trong số người đủ điều kiện", quotaText, pos+1)
		case quota > 0 && key(i) == key(idx[quota-1]):
			v.add(false, "%s; đồng hạng với người cuối cùng trong chỉ tiêu (cùng xếp loại, giới tính và số sáng kiến): Hội đồng xét chọn", quotaText)
		default:
			v.add(false, "%s; xếp thứ %d trong số người đủ điều kiện nên vượt chỉ tiêu (ưu tiên xếp loại cao hơn, rồi cán bộ nữ)", quotaText, pos+1)
		}
		v.Items[len(v.Items)-1].quota = true
	}
}

// Eligibility checks a year for everyone: each unit's and staff member's verdicts
// (a unit's account sees its own unit only) and the assessed enterprises' (for
// department-wide roles). unitCode, when given, keeps that unit.
func (s *Store) Eligibility(ctx context.Context, u *auth.User, movementID int64, year int, unitCode string) (*Eligibility, error) {
	sc := auth.ScopeOf(u)
	if u == nil || (!sc.All && sc.UnitID == 0) {
		return nil, ErrForbidden
	}
	f, err := s.LoadFacts(ctx, movementID, year)
	if err != nil {
		return nil, err
	}
	rs, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	e := Check(f, rs)
	keep := e.Units[:0]
	for _, uv := range e.Units {
		if sc.SeesUnit(uv.UnitID) && (unitCode == "" || equalFold(uv.Code, unitCode)) {
			keep = append(keep, uv)
		}
	}
	e.Units = keep
	if !sc.All {
		e.Enterprises = nil
	}
	return e, nil
}
