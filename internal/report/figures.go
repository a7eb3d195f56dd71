package report

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/deployment"
	"github.com/thidua/thidua/internal/dialogue"
	"github.com/thidua/thidua/internal/dossier"
)

// Figure is one number a report states, as thidua computed it: what it is, its
// value as written in the report ("chưa có dữ liệu" when there is nothing to count),
// and where it comes from.
type Figure struct {
	Group  string `json:"group"`
	Label  string `json:"label"`
	Value  string `json:"value"`
	Source string `json:"source"`
}

// NoData is what a figure says when the records behind it do not exist.
const NoData = "chưa có dữ liệu"

// FigureSource adds the figures of one capability for a submitter over [from, to].
// Capabilities that land later (petitions, initiatives) add theirs with AddSource.
type FigureSource func(ctx context.Context, sub Submitter, from, to calendar.Date) ([]Figure, error)

// AddSource registers more figures for every report form.
func (s *Store) AddSource(f FigureSource) { s.sources = append(s.sources, f) }

// Figures are the numbers a submitter's form is filled with, for the report's
// period up to its cut-off date (or today, if that comes first).
func (s *Store) Figures(ctx context.Context, d *Definition, sub Submitter) ([]Figure, error) {
	to := d.Cutoff
	if today := s.today(); today.Before(to) {
		to = today
	}
	from := d.PeriodFrom
	var out []Figure
	if sub.UnitID != 0 {
		figs, err := s.unitFigures(ctx, d, sub.UnitID, from, to)
		if err != nil {
			return nil, err
		}
		out = append(out, figs...)
	}
	for _, src := range s.sources {
		figs, err := src(ctx, sub, from, to)
		if err != nil {
			return nil, err
		}
		out = append(out, figs...)
	}
	return out, nil
}

// unitFigures are a unit's deployment, registration, dossiers and the department's
// dialogues over the period.
func (s *Store) unitFigures(ctx context.Context, d *Definition, unitID int64, from, to calendar.Date) ([]Figure, error) {
	period := fmt.Sprintf("%s–%s", from.DMY(), to.DMY())
	var out []Figure
	dep, err := deployment.NewStore(s.db, s.now).Get(ctx, d.MovementID, unitID)
	switch {
	case errors.Is(err, db.ErrNotFound):
		out = append(out, Figure{Group: "Triển khai", Label: "Văn bản triển khai phong trào", Value: "chưa ghi nhận", Source: "Sổ triển khai"})
	case err != nil:
		return nil, err
	default:
		on, _ := calendar.ParseDate(dep.DeployedOn)
		out = append(out, Figure{Group: "Triển khai", Label: "Văn bản triển khai phong trào", Value: dep.DocNumber + " ngày " + on.DMY(), Source: "Sổ triển khai"})
	}
	var titles string
	err = s.db.Read().QueryRowContext(ctx, `SELECT titles FROM registrations WHERE movement_id = $1 AND unit_id = $2 AND year = $3`,
		d.MovementID, unitID, to.Year).Scan(&titles)
	reg := "chưa đăng ký"
	if err == nil {
		reg = "đã đăng ký"
		if titles != "" {
			reg += " (" + strings.ReplaceAll(titles, ",", ", ") + ")"
		}
	}
	out = append(out, Figure{Group: "Triển khai", Label: "Đăng ký thi đua năm " + strconv.Itoa(to.Year), Value: reg, Source: "Sổ đăng ký thi đua"})

	st, err := dossier.NewStore(s.db, s.now).Stats(ctx, auth.Scope{All: true}, dossier.StatsQuery{From: from, To: to, UnitID: unitID})
	if err != nil {
		return nil, err
	}
	src := "Hồ sơ TTHC nhập từ hệ thống một cửa, " + period
	if st.ReceivedTotal+st.CarriedOver == 0 {
		out = append(out, Figure{Group: "Thủ tục hành chính", Label: "Hồ sơ thủ tục hành chính", Value: NoData, Source: src})
	} else {
		rate := NoData
		if st.OnTimeRate != nil {
			rate = formatPercent(*st.OnTimeRate)
		}
		out = append(out,
			Figure{Group: "Thủ tục hành chính", Label: "Hồ sơ tiếp nhận (kể cả kỳ trước chuyển sang)", Value: number(st.ReceivedTotal + st.CarriedOver), Source: src},
			Figure{Group: "Thủ tục hành chính", Label: "Hồ sơ đã giải quyết", Value: number(st.ResolvedTotal), Source: src},
			Figure{Group: "Thủ tục hành chính", Label: "Trong đó trước hạn và đúng hạn", Value: number(st.ResolvedEarly + st.ResolvedOnTime), Source: src},
			Figure{Group: "Thủ tục hành chính", Label: "Tỷ lệ giải quyết đúng hạn (chỉ tiêu ≥ 98%)", Value: rate, Source: src},
			Figure{Group: "Thủ tục hành chính", Label: "Hồ sơ quá hạn chưa có thư xin lỗi", Value: number(st.LateWithoutApology), Source: src},
		)
	}
	n, err := dialogue.NewStore(s.db, s.now).HeldBetween(ctx, from, to)
	if err != nil {
		return nil, err
	}
	out = append(out, Figure{Group: "Đối thoại doanh nghiệp", Label: "Cuộc đối thoại doanh nghiệp Sở tổ chức hoặc tham gia", Value: number(n), Source: "Sổ đối thoại, " + period})
	return out, nil
}

// number writes an integer the Vietnamese way: 1.234.
func number(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func formatPercent(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', 2, 64), ".", ",", 1) + "%"
}
