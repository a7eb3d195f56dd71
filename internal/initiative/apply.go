package initiative

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/validate"
)

// ApplyInput is what the office records when a recognised initiative is found
// applied effectively: where it is applied (units of the department, and other bodies
// one per line), since when, the day its effectiveness is recorded (T5 counts the
// initiative in that day's year; today when left empty), the benefit measured, and
// the evidence document.
type ApplyInput struct {
	UnitIDs                  []string
	Others                   string
	AppliedFrom, EffectiveOn string
	MeasuredDong             string
	MeasuredSocial           string
	EvidenceNote             string
	Evidence                 Upload
}

// RecordApplied moves a recognised initiative to applied effectively, with its
// applying units, dates, measured benefit and evidence, in one transaction.
func (s *Store) RecordApplied(ctx context.Context, u *auth.User, id int64, in ApplyInput) error {
	today := s.today()
	return s.move(ctx, u, id, "apply", func(tx *sql.Tx, it *Initiative) (string, error) {
		errs := validate.Errors{}
		apps, err := applyingUnits(ctx, tx, in, errs)
		if err != nil {
			return "", err
		}
		from := applyDate(in.AppliedFrom, "applied_from", "Ngày bắt đầu áp dụng", today, errs)
		if !from.IsZero() && from.Before(it.FirstAppliedOn) {
			errs.Add("applied_from", fmt.Sprintf("Ngày bắt đầu áp dụng %s trước ngày áp dụng lần đầu của sáng kiến (%s)", from.DMY(), it.FirstAppliedOn.DMY()))
		}
		effective := today
		if strings.TrimSpace(in.EffectiveOn) != "" {
			effective = applyDate(in.EffectiveOn, "effective_on", "Ngày ghi nhận áp dụng hiệu quả", today, errs)
		}
		if !effective.IsZero() && !from.IsZero() && effective.Before(from) {
			errs.Add("effective_on", fmt.Sprintf("Ngày ghi nhận áp dụng hiệu quả %s trước ngày bắt đầu áp dụng %s", effective.DMY(), from.DMY()))
		}
		measured, ok := parseDong(in.MeasuredDong)
		if !ok {
			errs.Add("measured_dong", fmt.Sprintf("Lợi ích kinh tế thực tế %q không hợp lệ: nhập số tiền bằng đồng, ví dụ 120.000.000", strings.TrimSpace(in.MeasuredDong)))
		}
		social := strings.TrimSpace(in.MeasuredSocial)
		if ok && (measured == nil || *measured == 0) && social == "" {
			errs.Add("measured_social", "Nêu hiệu quả đo được khi áp dụng: lợi ích kinh tế (đồng) hoặc lợi ích xã hội")
		}
		ct, ferr := in.Evidence.check("evidence")
		var fe validate.Errors
		if errors.As(ferr, &fe) {
			errs.Add("evidence", fe["evidence"])
		}
		if err := errs.Err(); err != nil {
			return "", err
		}
		for i, a := range apps {
			if _, err := tx.ExecContext(ctx, `INSERT INTO initiative_applications (initiative_id, position, unit_id, name) VALUES ($1, $2, $3, $4)`,
				id, i+1, nullID(a.UnitID), a.Name); err != nil {
				return "", fmt.Errorf("initiative: applications: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE initiatives SET applied_from = $1, effective_on = $2, measured_dong = $3, measured_social = $4,
			evidence_note = $5 WHERE id = $6`, from.String(), effective.String(), nullDong(measured), social, strings.TrimSpace(in.EvidenceNote), id); err != nil {
			return "", err
		}
		if _, err := insertFile(ctx, tx, it, PurposeEvidence, in.Evidence, ct, s.now().UTC()); err != nil {
			return "", err
		}
		it.StageOn = effective
		names := make([]string, len(apps))
		for i, a := range apps {
			names[i] = a.Name
		}
		return "áp dụng tại " + strings.Join(names, ", ") + " từ " + from.DMY(), nil
	})
}

// applyDate reads a date that must not be in the future.
func applyDate(text, field, label string, today calendar.Date, errs validate.Errors) calendar.Date {
	s := strings.TrimSpace(text)
	d, err := calendar.ParseDate(s)
	switch {
	case s == "":
		errs.Add(field, "Nhập "+strings.ToLower(label[:1])+label[1:])
	case err != nil:
		errs.Add(field, fmt.Sprintf("%s %q không hợp lệ (cần dạng YYYY-MM-DD)", label, s))
	case d.After(today):
		errs.Add(field, fmt.Sprintf("%s %s là ngày trong tương lai", label, d.DMY()))
	default:
		return d
	}
	return calendar.Date{}
}

// applyingUnits reads the units chosen from the list (named from the units table)
// and the other bodies typed one per line; at least one is needed.
func applyingUnits(ctx context.Context, tx *sql.Tx, in ApplyInput, errs validate.Errors) ([]Application, error) {
	var out []Application
	seen := map[int64]bool{}
	for _, v := range in.UnitIDs {
		if strings.TrimSpace(v) == "" {
			continue
		}
		uid, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || seen[uid] {
			continue
		}
		seen[uid] = true
		var name string
		err = tx.QueryRowContext(ctx, "SELECT name FROM units WHERE id = $1", uid).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			errs.Add("units", "Không có đơn vị số "+strconv.FormatInt(uid, 10))
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, Application{UnitID: uid, Name: name})
	}
	for _, line := range strings.Split(in.Others, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, Application{Name: line})
		}
	}
	if len(out) == 0 {
		errs.Add("units", "Chọn ít nhất một đơn vị áp dụng sáng kiến, hoặc ghi tên cơ quan, doanh nghiệp áp dụng")
	}
	return out, nil
}
