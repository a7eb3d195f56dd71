package award

import (
	"context"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// ExportXLSX writes a rubric version's raw scores: one row per assessment, criterion,
// stage and scorer, with the evidence figures each used, then a sheet of totals and
// ranks. Scores are numbers, so the office can sum and sort them in Excel.
func (s *Store) ExportXLSX(ctx context.Context, rubricID int64, w io.Writer) error {
	r, err := s.Rubric(ctx, rubricID)
	if err != nil {
		return err
	}
	ranked, err := s.Ranking(ctx, rubricID)
	if err != nil {
		return err
	}
	scores, err := loadScores(ctx, s.db.Read(), "a.rubric_id = $1", rubricID)
	if err != nil {
		return err
	}
	names, err := s.userNames(ctx)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	raw := "Điểm chi tiết"
	f.SetSheetName(f.GetSheetName(0), raw)
	header := []any{"Đơn vị / doanh nghiệp", "Nhóm", "Nội dung", "Tiêu chí", "Điểm tối đa", "Trọng số (%)", "Bước chấm", "Người chấm", "Điểm", "Số liệu", "Tử số", "Mẫu số"}
	if err := f.SetSheetRow(raw, "A1", &header); err != nil {
		return err
	}
	row := 2
	for _, res := range ranked {
		for _, sc := range scores[res.Assessment.ID] {
			c := r.Criterion(sc.criterion)
			if c == nil {
				continue
			}
			line := []any{res.Assessment.Name, res.Assessment.Group, c.ContentCode, c.Name, c.MaxPoints, c.Weight, sc.stage.Label(), names[sc.userID], sc.points}
			if c.Kind == Evidence {
				v := any("")
				if sc.used.Value != nil {
					v = *sc.used.Value
				}
				line = append(line, v, sc.used.Num, sc.used.Den)
			}
			axis, _ := excelize.CoordinatesToCellName(1, row)
			if err := f.SetSheetRow(raw, axis, &line); err != nil {
				return err
			}
			row++
		}
	}
	totals := "Tổng hợp, xếp hạng"
	if _, err := f.NewSheet(totals); err != nil {
		return err
	}
	header = []any{"Nhóm", "Hạng", "Đơn vị / doanh nghiệp", "Điểm theo trọng số", "Điểm thưởng", "Điểm trừ", "Tổng điểm", "Trạng thái"}
	if err := f.SetSheetRow(totals, "A1", &header); err != nil {
		return err
	}
	for i, res := range ranked {
		a := res.Assessment
		line := []any{a.Group, res.Rank, a.Name, res.Weighted, a.Bonus, a.Penalty, res.Total, a.State.Label()}
		axis, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(totals, axis, &line); err != nil {
			return err
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("award: export: %w", err)
	}
	return nil
}

func (s *Store) userNames(ctx context.Context) (map[int64]string, error) {
	rows, err := s.db.Read().QueryContext(ctx, "SELECT id, username, full_name FROM users WHERE id IN (SELECT DISTINCT user_id FROM award_scores)")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var user, full string
		if err := rows.Scan(&id, &user, &full); err != nil {
			return nil, err
		}
		out[id] = full
		if full == "" {
			out[id] = user
		}
	}
	return out, rows.Err()
}
