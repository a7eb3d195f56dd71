package award

import (
	"sort"
	"strings"
)

// womenPreferred is the share of women from which a collective is preferred in a tie.
const womenPreferred = 70.0

// rankUnits ranks the assessed units by their rubric total; among equal totals a
// collective with at least 70% women comes first (the law's tie-break); units still
// equal share a rank.
func rankUnits(f *Facts) map[int64]int {
	type entry struct {
		id    int64
		total float64
		women bool
		name  string
	}
	var list []entry
	for _, u := range f.Units {
		st, ok := f.UnitStandings[u.ID]
		if !ok {
			continue
		}
		women := 0
		for _, m := range u.Members {
			if f.Staff[m].Female {
				women++
			}
		}
		share := 0.0
		if len(u.Members) > 0 {
			share = 100 * float64(women) / float64(len(u.Members))
		}
		list = append(list, entry{u.ID, st.Total, share >= womenPreferred, u.Name})
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].total != list[j].total {
			return list[i].total > list[j].total
		}
		return list[i].women && !list[j].women
	})
	out := map[int64]int{}
	for i, e := range list {
		if i > 0 && list[i-1].total == e.total && list[i-1].women == e.women {
			out[e.id] = out[list[i-1].id]
		} else {
			out[e.id] = i + 1
		}
	}
	return out
}

func checkUnit(f *Facts, r Rule, u UnitInfo, uv *UnitVerdicts, ranks map[int64]int, names map[string]string) Verdict {
	v := newVerdict(r)
	p := r.Params
	key := Subject{UnitID: u.ID}.Key()
	blocks(f, &v, key)
	ratingItems(f, &v, key, p)
	if req := p.RequiresTitle; req != "" {
		if dep := verdictOf(uv.Verdicts, req); dep != nil && dep.Eligible {
			v.add(true, "Đủ điều kiện danh hiệu “%s” năm %d", names[req], f.Year)
		} else {
			v.add(false, "Chưa đủ điều kiện danh hiệu “%s” năm %d", names[req], f.Year)
		}
	}
	members := len(uv.People)
	count := func(title string) int {
		n := 0
		for _, pv := range uv.People {
			if x := verdictOf(pv.Verdicts, title); x != nil && x.Eligible {
				n++
			}
		}
		return n
	}
	if p.MinLDTTShare > 0 {
		n := count("ldtt")
		share := 0.0
		if members > 0 {
			share = 100 * float64(n) / float64(members)
		}
		ok, want := share >= p.MinLDTTShare, "từ"
		if p.ShareStrict {
			ok, want = share > p.MinLDTTShare, "trên"
		}
		ok = ok && members > 0
		v.add(ok, "Tỷ lệ cá nhân đủ điều kiện Lao động tiên tiến: %d/%d = %s%% (cần %s %s%%)", n, members, Decimal(share), want, Decimal(p.MinLDTTShare))
	}
	if p.MinMemberRating != "" {
		var short []string
		for _, pv := range uv.People {
			if f.Ratings[Subject{StaffID: pv.ID}.Key()][f.Year].Rank() < p.MinMemberRating.Rank() {
				short = append(short, pv.Name)
			}
		}
		if len(short) == 0 {
			v.add(members > 0, "100%% cá nhân (%d người) xếp loại từ “%s” năm %d", members, p.MinMemberRating.Label(), f.Year)
		} else {
			v.add(false, "Còn %d cá nhân chưa xếp loại từ “%s” năm %d: %s", len(short), p.MinMemberRating.Label(), f.Year, names3(short))
		}
	}
	if p.MinCSTDCS > 0 {
		n := count("cstdcs")
		v.add(n >= p.MinCSTDCS, "Có %d cá nhân đủ điều kiện Chiến sĩ thi đua cơ sở trong chỉ tiêu (cần ít nhất %d)", n, p.MinCSTDCS)
	}
	if p.MemberDisciplineFrom != "" {
		var hit []string
		for _, pv := range uv.People {
			for _, d := range f.Discipline[Subject{StaffID: pv.ID}.Key()] {
				if d.Level.Severity() >= p.MemberDisciplineFrom.Severity() {
					hit = append(hit, pv.Name+" ("+strings.ToLower(d.Level.Label())+")")
					break
				}
			}
		}
		if len(hit) == 0 {
			v.add(true, "Không có cá nhân bị kỷ luật từ mức %s trở lên", strings.ToLower(p.MemberDisciplineFrom.Label()))
		} else {
			v.add(false, "Có cá nhân bị kỷ luật từ mức %s trở lên: %s", strings.ToLower(p.MemberDisciplineFrom.Label()), names3(hit))
		}
	}
	standingItems(f, &v, p, f.UnitStandings[u.ID], hasStanding(f.UnitStandings, u.ID), ranks[u.ID], "các phòng, đơn vị")
	return v
}

func hasStanding(m map[int64]Standing, id int64) bool { _, ok := m[id]; return ok }

// standingItems checks a minimum rubric total and a maximum rank.
func standingItems(f *Facts, v *Verdict, p Params, st Standing, ok bool, rank int, group string) {
	if p.MinScore == 0 && p.MaxRank == 0 {
		return
	}
	if !ok {
		v.add(false, "Chưa có điểm chấm thi đua năm %d", f.Year)
		return
	}
	if p.MinScore > 0 {
		v.add(st.Total >= p.MinScore, "Điểm chấm thi đua năm %d: %s/100 (cần từ %s)", f.Year, Decimal(st.Total), Decimal(p.MinScore))
	}
	if p.MaxRank > 0 {
		v.add(rank <= p.MaxRank, "Xếp thứ %d trong %s (cần trong %d vị trí dẫn đầu; bằng điểm thì ưu tiên tập thể có từ 70%% nữ)", rank, group, p.MaxRank)
	}
}

// names3 lists at most three names and how many more.
func names3(names []string) string {
	if len(names) <= 3 {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:3], ", ") + " và " + itoa(len(names)-3) + " người khác"
}

// checkEnterprises gives the verdicts of the enterprises assessed in the year,
// ranked within their sector.
func checkEnterprises(f *Facts, rs Rules) []EnterpriseVerdicts {
	rules := ordered(rs, "enterprise", f.Year)
	type entry struct {
		id int64
		st Standing
	}
	var list []entry
	for id, st := range f.Enterprises {
		list = append(list, entry{id, st})
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i].st, list[j].st
		if a.Group != b.Group {
			return a.Group < b.Group
		}
		if a.Total != b.Total {
			return a.Total > b.Total
		}
		return a.Name < b.Name
	})
	var out []EnterpriseVerdicts
	rank := 0
	for i, e := range list {
		switch {
		case i == 0 || list[i-1].st.Group != e.st.Group:
			rank = 1
		case list[i-1].st.Total != e.st.Total:
			rank = i + 1 - firstEnterprise(list[:i+1], func(k int) string { return list[k].st.Group })
		}
		ev := EnterpriseVerdicts{EnterpriseID: e.id, Name: e.st.Name, Group: e.st.Group}
		for _, r := range rules {
			v := newVerdict(r)
			standingItems(f, &v, r.Params, e.st, true, rank, "ngành "+e.st.Group)
			ev.Verdicts = append(ev.Verdicts, v)
		}
		out = append(out, ev)
	}
	return out
}

func firstEnterprise[T any](list []T, group func(int) string) int {
	i := len(list) - 1
	g := group(i)
	for i > 0 && group(i-1) == g {
		i--
	}
	return i
}
