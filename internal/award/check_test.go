package award

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/initiative"
)

func TestQuota(t *testing.T) {
	for _, tc := range []struct {
		n        int
		percent  float64
		rounding string
		want     int
	}{
		{20, 15, "floor", 3}, {19, 15, "floor", 2}, {19, 15, "half_up", 3}, {19, 15, "ceil", 3},
		{6, 15, "floor", 0}, {6, 15, "half_up", 1}, {3, 15, "half_up", 0}, {4, 15, "half_up", 1}, // 0,45 → 0; 0,6 → 1
		{10, 15, "half_up", 2}, {0, 15, "ceil", 0}, {40, 15, "floor", 6}, {100, 15, "floor", 15},
	} {
		if got := Quota(tc.n, tc.percent, tc.rounding); got != tc.want {
			t.Errorf("Quota(%d, %v, %s) = %d, want %d", tc.n, tc.percent, tc.rounding, got, tc.want)
		}
	}
}

var (
	seedOnce  sync.Once
	seedRules Rules
)

// seeded is the rules the migration seeds, read once from a fresh database.
func seeded(t *testing.T) Rules {
	t.Helper()
	seedOnce.Do(func() {
		d := dbtest.SQLite(t)
		var err error
		if seedRules, err = NewStore(d, clock).Rules(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
	return seedRules
}

// facts builds a year's facts by hand.
type facts struct {
	*Facts
	next int64
}

func newFacts() *facts {
	return &facts{Facts: &Facts{Year: 2026, AsOf: calendar.NewDate(2026, 11, 29), Ratings: map[string]map[int]Rating{},
		Discipline: map[string][]Discipline{}, Cases: map[string][]Case{}, Initiatives: map[int64][]initiative.RecognisedInitiative{},
		UnitStandings: map[int64]Standing{}, Enterprises: map[int64]Standing{}}}
}

func (f *facts) unit(code string, rating Rating) int64 {
	f.next++
	f.Units = append(f.Units, UnitInfo{ID: f.next, Code: code, Name: "Đơn vị " + code})
	f.rate(Subject{UnitID: f.next}, 2026, rating)
	return f.next
}

func (f *facts) rate(sub Subject, year int, r Rating) {
	if r == "" {
		return
	}
	if f.Ratings[sub.Key()] == nil {
		f.Ratings[sub.Key()] = map[int]Rating{}
	}
	f.Ratings[sub.Key()][year] = r
}

// person adds a member to the last unit.
func (f *facts) person(name string, female bool, r Rating) int64 {
	f.next++
	u := &f.Units[len(f.Units)-1]
	u.Members = append(u.Members, len(f.Staff))
	f.Staff = append(f.Staff, Person{ID: f.next, UnitID: u.ID, Name: name, Female: female})
	f.rate(Subject{StaffID: f.next}, 2026, r)
	return f.next
}

func (f *facts) people(n int, r Rating) {
	for i := 0; i < n; i++ {
		f.person("Cán bộ "+itoa(len(f.Staff)+1), false, r)
	}
}

func (f *facts) initiative(staff int64) {
	f.Initiatives[staff] = append(f.Initiatives[staff], initiative.RecognisedInitiative{Title: "Sáng kiến " + itoa(int(staff)), Number: "15/QĐ-SXD"})
}

func personVerdict(e *Eligibility, staff int64, title string) *Verdict {
	for _, u := range e.Units {
		for _, p := range u.People {
			if p.ID == staff {
				return verdictOf(p.Verdicts, title)
			}
		}
	}
	return nil
}

func unitVerdict(e *Eligibility, unit int64, title string) *Verdict {
	for _, u := range e.Units {
		if u.UnitID == unit {
			return verdictOf(u.Verdicts, title)
		}
	}
	return nil
}

func expect(t *testing.T, v *Verdict, eligible bool, texts ...string) {
	t.Helper()
	if v == nil {
		t.Fatal("no verdict")
	}
	all := ""
	for _, it := range v.Items {
		all += it.Text + "\n"
	}
	if v.Eligible != eligible {
		t.Errorf("%s: eligible %v, want %v:\n%s", v.Name, v.Eligible, eligible, all)
	}
	for _, want := range texts {
		if !strings.Contains(all, want) {
			t.Errorf("%s: reasons lack %q:\n%s", v.Name, want, all)
		}
	}
}

func TestLDTT(t *testing.T) {
	rs := seeded(t)
	for _, tc := range []struct {
		name     string
		rating   Rating
		setup    func(f *facts, id int64)
		eligible bool
		why      string
	}{
		{"good", Good, nil, true, "Xếp loại năm 2026: Hoàn thành tốt nhiệm vụ"},
		{"excellent", Excellent, nil, true, "Không bị kỷ luật trong năm 2026"},
		{"complete", Complete, nil, false, "Xếp loại năm 2026 là “Hoàn thành nhiệm vụ”, chưa đạt mức “Hoàn thành tốt nhiệm vụ”"},
		{"no rating", "", nil, false, "Chưa có xếp loại mức độ hoàn thành nhiệm vụ năm 2026"},
		{"reprimanded", Excellent, func(f *facts, id int64) {
			f.Discipline[Subject{StaffID: id}.Key()] = []Discipline{{Level: Reprimand, Decision: "QĐ số 5/QĐ-SXD"}}
		}, false, "Đang chịu hình thức kỷ luật khiển trách (QĐ số 5/QĐ-SXD) trong năm 2026"},
		{"under investigation", Good, func(f *facts, id int64) {
			f.Cases[Subject{StaffID: id}.Key()] = []Case{{Kind: Investigation, OpenedOn: calendar.NewDate(2026, 10, 1)}}
		}, false, "Đang đang bị điều tra"},
		{"complaint", Good, func(f *facts, id int64) {
			f.Cases[Subject{StaffID: id}.Key()] = []Case{{Kind: Complaint, OpenedOn: calendar.NewDate(2026, 10, 1)}}
		}, false, "có khiếu nại, tố cáo chưa được giải quyết (từ 01/10/2026)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFacts()
			f.unit("QLXD", Good)
			id := f.person("Vi Thị Lan", true, tc.rating)
			if tc.setup != nil {
				tc.setup(f, id)
			}
			expect(t, personVerdict(Check(f.Facts, rs), id, "ldtt"), tc.eligible, tc.why)
		})
	}
}

// CSTĐCS: LĐTT plus a recognised initiative, within 15% of the unit's LĐTT holders
// rounded down; the better rating first, then women, then more initiatives; equals
// at the cut go to the council.
func TestCSTDCSQuota(t *testing.T) {
	rs := seeded(t)
	t.Run("no initiative", func(t *testing.T) {
		f := newFacts()
		f.unit("QLXD", Good)
		id := f.person("Vi Thị Lan", true, Excellent)
		expect(t, personVerdict(Check(f.Facts, rs), id, "cstdcs"), false, "Thiếu sáng kiến được công nhận năm 2026", "Đủ điều kiện danh hiệu “Lao động tiên tiến”")
	})
	t.Run("exactly 15% of 20", func(t *testing.T) {
		f := newFacts()
		f.unit("QLXD", Good)
		var cands []int64
		for i := 0; i < 4; i++ {
			id := f.person("Ứng viên "+itoa(i+1), false, Excellent)
			f.initiative(id)
			cands = append(cands, id)
		}
		f.people(16, Good)
		e := Check(f.Facts, rs)
		got := 0
		for _, id := range cands {
			if personVerdict(e, id, "cstdcs").Eligible {
				got++
			}
		}
		if got != 3 {
			t.Errorf("%d within the quota of 20 × 15%% = 3", got)
		}
		expect(t, personVerdict(e, cands[3], "cstdcs"), false, "Chỉ tiêu: 15% của 20 người đạt LĐTT trong đơn vị, làm tròn xuống = 3", "Hội đồng xét chọn")
	})
	t.Run("19 holders round down to 2", func(t *testing.T) {
		f := newFacts()
		f.unit("QLXD", Good)
		ids := []int64{f.person("A", false, Excellent), f.person("B", false, Excellent), f.person("C", false, Good)}
		for _, id := range ids {
			f.initiative(id)
		}
		f.people(16, Good)
		e := Check(f.Facts, rs)
		expect(t, personVerdict(e, ids[0], "cstdcs"), true, "làm tròn xuống = 2")
		expect(t, personVerdict(e, ids[2], "cstdcs"), false, "xếp thứ 3 trong số người đủ điều kiện nên vượt chỉ tiêu")
	})
	t.Run("women first on a tie", func(t *testing.T) {
		f := newFacts()
		f.unit("QLXD", Good)
		man, woman := f.person("Hoàng Đức Hùng", false, Excellent), f.person("Vi Thị Lan", true, Excellent)
		f.initiative(man)
		f.initiative(woman)
		f.people(5, Good) // 7 holders × 15% = 1,05 → 1
		e := Check(f.Facts, rs)
		expect(t, personVerdict(e, woman, "cstdcs"), true, "xếp thứ 1")
		expect(t, personVerdict(e, man, "cstdcs"), false, "ưu tiên xếp loại cao hơn, rồi cán bộ nữ")
	})
	t.Run("better rating before women", func(t *testing.T) {
		f := newFacts()
		f.unit("QLXD", Good)
		man, woman := f.person("Hoàng Đức Hùng", false, Excellent), f.person("Vi Thị Lan", true, Good)
		f.initiative(man)
		f.initiative(woman)
		f.people(5, Good)
		e := Check(f.Facts, rs)
		expect(t, personVerdict(e, man, "cstdcs"), true)
		expect(t, personVerdict(e, woman, "cstdcs"), false)
	})
	t.Run("six holders give none", func(t *testing.T) {
		f := newFacts()
		f.unit("QLXD", Good)
		id := f.person("Vi Thị Lan", true, Excellent)
		f.initiative(id)
		f.people(5, Good)
		expect(t, personVerdict(Check(f.Facts, rs), id, "cstdcs"), false, "15% của 6 người đạt LĐTT trong đơn vị, làm tròn xuống = 0")
	})
}

func TestCollectiveTitles(t *testing.T) {
	rs := seeded(t)
	for _, tc := range []struct {
		name     string
		build    func(f *facts)
		title    string
		eligible bool
		why      string
	}{
		{"TTLĐTT at exactly 50%", func(f *facts) { f.people(5, Good); f.people(5, Complete) }, "ttldtt", false, "5/10 = 50% (cần trên 50%)"},
		{"TTLĐTT at 60%", func(f *facts) { f.people(6, Good); f.people(4, Complete) }, "ttldtt", true, "6/10 = 60%"},
		{"TTLĐTT with a warning", func(f *facts) {
			f.people(9, Good)
			id := f.person("Hoàng Đức Hùng", false, Good)
			f.Discipline[Subject{StaffID: id}.Key()] = []Discipline{{Level: Warning}}
		}, "ttldtt", false, "Có cá nhân bị kỷ luật từ mức cảnh cáo trở lên: Hoàng Đức Hùng (cảnh cáo)"},
		{"TTLĐTT with a reprimand only", func(f *facts) {
			f.people(9, Good)
			id := f.person("Hoàng Đức Hùng", false, Good)
			f.Discipline[Subject{StaffID: id}.Key()] = []Discipline{{Level: Reprimand}}
		}, "ttldtt", true, "9/10 = 90%"},
		{"TTLĐXS at exactly 70%", func(f *facts) {
			for i := 0; i < 7; i++ {
				id := f.person("Xuất sắc "+itoa(i), false, Excellent)
				if i == 0 {
					f.initiative(id)
				}
			}
			f.people(3, Complete)
		}, "ttldxs", true, "7/10 = 70% (cần từ 70%)"},
		{"TTLĐXS at 60%", func(f *facts) {
			f.initiative(f.person("A", false, Excellent))
			f.people(5, Good)
			f.people(4, Complete)
		}, "ttldxs", false, "6/10 = 60%"},
		{"TTLĐXS with someone incomplete", func(f *facts) {
			f.initiative(f.person("A", false, Excellent))
			f.people(8, Good)
			f.person("Lê Văn Khuyết", false, Incomplete)
		}, "ttldxs", false, "Còn 1 cá nhân chưa xếp loại từ “Hoàn thành nhiệm vụ” năm 2026: Lê Văn Khuyết"},
		{"TTLĐXS without a CSTĐCS", func(f *facts) { f.people(10, Excellent) }, "ttldxs", false, "Có 0 cá nhân đủ điều kiện Chiến sĩ thi đua cơ sở"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFacts()
			u := f.unit("QLXD", Excellent)
			tc.build(f)
			expect(t, unitVerdict(Check(f.Facts, rs), u, tc.title), tc.eligible, tc.why)
		})
	}
}

// Equal totals: the collective with at least 70% women leads; a total just under
// the minimum fails.
func TestRankTieBreakForWomen(t *testing.T) {
	rs := seeded(t)
	f := newFacts()
	men := f.unit("A", Excellent)
	f.people(10, Excellent)
	women := f.unit("B", Excellent)
	for i := 0; i < 10; i++ {
		f.person("Nữ "+itoa(i), i < 7, Excellent)
	}
	low := f.unit("C", Excellent)
	f.people(10, Excellent)
	f.UnitStandings[men] = Standing{Total: 95}
	f.UnitStandings[women] = Standing{Total: 95}
	f.UnitStandings[low] = Standing{Total: 89.99}
	ranks := rankUnits(f.Facts)
	if ranks[women] != 1 || ranks[men] != 2 || ranks[low] != 3 {
		t.Errorf("ranks %v", ranks)
	}
	e := Check(f.Facts, rs)
	expect(t, unitVerdict(e, low, "bang_khen_tinh_tap_the"), false, "Điểm chấm thi đua năm 2026: 89,99/100 (cần từ 90)")
	expect(t, unitVerdict(e, men, "giay_khen_phong_trao"), true, "95/100 (cần từ 80)")
}

// Bằng khen: two consecutive years of excellent completion; a year short fails and
// says which.
func TestConsecutiveYears(t *testing.T) {
	rs := seeded(t)
	f := newFacts()
	f.unit("QLXD", Excellent)
	both, one := f.person("A", false, Excellent), f.person("B", false, Excellent)
	f.rate(Subject{StaffID: both}, 2025, Excellent)
	f.rate(Subject{StaffID: one}, 2025, Good)
	f.initiative(both)
	f.initiative(one)
	e := Check(f.Facts, rs)
	expect(t, personVerdict(e, both, "bang_khen_tinh"), true, "Xếp loại năm 2025: Hoàn thành xuất sắc nhiệm vụ")
	expect(t, personVerdict(e, one, "bang_khen_tinh"), false, "Xếp loại năm 2025 là “Hoàn thành tốt nhiệm vụ”, chưa đạt mức “Hoàn thành xuất sắc nhiệm vụ”")
}
