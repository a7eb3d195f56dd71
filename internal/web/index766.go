package web

import (
	"context"

	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/kpi"
	"github.com/thidua/thidua/internal/petition"
)

// The national service index of Decision 766/QĐ-TTg has six groups worth 100 points.
// thidua holds the dossiers and the petitions, so it computes the parts that come
// from them and names the rest as computed elsewhere, rather than guessing them.

// index766Line is one line of the panel: a group, or the part of a group, that
// thidua computes, or a group it does not.
type index766Line struct {
	Code       string   `json:"code"`
	Name       string   `json:"name"`
	Max        float64  `json:"max"`
	Score      *float64 `json:"score"` // null: no data in the period, or not computed
	Computed   bool     `json:"computed"`
	Partial    bool     `json:"partial"` // computed from part of what the group measures
	Definition string   `json:"definition"`
	Key        string   `json:"-"` // its entry on the "Cách tính" page (/definitions#Key), if any
}

// index766 is the panel for one period and one scope (the department or a unit).
type index766 struct {
	From  calendar.Date  `json:"from"`
	To    calendar.Date  `json:"to"`
	Lines []index766Line `json:"groups"`
}

// Definitions of the lines, shown beside each figure and in the API: the figures
// that kpi defines take its text, so that a figure has one definition.
var (
	defProgress766 = figureFormula("progress_766")
	defPetOnTime   = figureFormula("petition_766") + " Điểm đúng hạn: tỷ lệ trả lời đúng hạn; thuộc nhóm Mức độ hài lòng (18 điểm)."
	defPetSatisfy  = figureFormula("petition_766") + " Điểm hài lòng: không có dữ liệu khi có phản ánh, kiến nghị mà chưa người gửi nào đánh giá; thuộc nhóm Mức độ hài lòng (18 điểm)."
)

// figureFormula is kpi's definition of a figure.
func figureFormula(key string) string {
	for _, f := range kpi.Figures() {
		if f.Key == key {
			return f.Formula
		}
	}
	panic("web: no definition of the figure " + key)
}

const (
	defOnline766   = "Tính một phần: 12 × hồ sơ tiếp nhận trực tuyến ÷ hồ sơ tiếp nhận trong kỳ. Nhóm chỉ số này của Bộ chỉ số 766 còn gồm các tiêu chí thidua không có dữ liệu (mức độ cung cấp dịch vụ công trực tuyến trên Cổng Dịch vụ công, hồ sơ xử lý trực tuyến), nên đây không phải điểm chính thức."
	defNotComputed = "thidua không có dữ liệu để tính nhóm này; điểm do Cổng Dịch vụ công quốc gia đánh giá."
)

// compute766 builds the panel from the period's dossier figures and petition score,
// both of the same scope.
func compute766(from, to calendar.Date, st dossier.Stats, pet petition.UnitScore) index766 {
	var online *float64
	if share := st.OnlineShare(); share != nil {
		v := round2(12 * *share / 100)
		online = &v
	}
	return index766{From: from, To: to, Lines: []index766Line{
		{Code: "progress", Name: "Tiến độ giải quyết hồ sơ", Max: 20, Score: st.Progress766(), Computed: true, Definition: defProgress766, Key: "progress_766"},
		{Code: "online", Name: "Dịch vụ công trực tuyến (tỷ lệ hồ sơ tiếp nhận trực tuyến)", Max: 12, Score: online, Computed: true, Partial: true, Definition: defOnline766, Key: "received_online_share"},
		{Code: "petition_on_time", Name: "Xử lý phản ánh, kiến nghị đúng hạn", Max: 6, Score: pet.OnTimeScore, Computed: true, Definition: defPetOnTime, Key: "petition_766"},
		{Code: "petition_satisfaction", Name: "Mức độ hài lòng với trả lời phản ánh, kiến nghị", Max: 6, Score: pet.SatisfactionScore, Computed: true, Definition: defPetSatisfy, Key: "petition_766"},
		{Code: "disclosure", Name: "Công khai, minh bạch", Max: 18, Definition: defNotComputed},
		{Code: "payment", Name: "Thanh toán trực tuyến", Max: 10, Definition: defNotComputed},
		{Code: "digitisation", Name: "Số hóa hồ sơ, kết quả giải quyết", Max: 22, Definition: defNotComputed},
	}}
}

// Computed and NotComputed split the lines for the panel.
func (x index766) Computed() []index766Line    { return x.pick(true) }
func (x index766) NotComputed() []index766Line { return x.pick(false) }

func (x index766) pick(computed bool) []index766Line {
	var out []index766Line
	for _, l := range x.Lines {
		if l.Computed == computed {
			out = append(out, l)
		}
	}
	return out
}

// ScoreText writes a line's score out of its maximum; no data is not zero.
func (l index766Line) ScoreText() string {
	if l.Score == nil {
		return "không có dữ liệu"
	}
	return kpi.Decimal(*l.Score) + "/" + kpi.Decimal(l.Max)
}

func round2(v float64) float64 { return float64(int64(v*100+0.5)) / 100 }

// index766For computes the panel for the department (unitID 0) or one unit, given
// that scope's dossier figures for the same period.
func (s *Server) index766For(ctx context.Context, from, to calendar.Date, unitID int64, st dossier.Stats) (index766, error) {
	units, total, err := s.petitions.Scores(ctx, from, to)
	if err != nil {
		return index766{}, err
	}
	pet := total
	if unitID != 0 {
		pet = petition.UnitScore{Handled: 0}
		full := petition.ScoreMax
		pet.OnTimeScore, pet.SatisfactionScore = &full, &full
		for _, u := range units {
			if u.UnitID == unitID {
				pet = u
			}
		}
	}
	return compute766(from, to, st, pet), nil
}
