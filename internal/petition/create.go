package petition

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
)

// NewPetition is what sending or registering a petition takes.
type NewPetition struct {
	Kind    Kind    `json:"kind"`
	Channel Channel `json:"channel"` // web when empty for an enterprise or the public; the office chooses
	// The sender: an enterprise by id or tax code (an enterprise account sends as
	// itself), or a member of the public with a name and a phone or an e-mail.
	EnterpriseID      int64  `json:"enterprise_id,omitempty"`
	EnterpriseTaxCode string `json:"enterprise_tax_code,omitempty"`
	SenderName        string `json:"sender_name,omitempty"`
	SenderPhone       string `json:"sender_phone,omitempty"`
	SenderEmail       string `json:"sender_email,omitempty"`
	Subject           string `json:"subject"`
	Content           string `json:"content"`
	ProcedureID       int64  `json:"procedure_id,omitempty"`
	Field             string `json:"field,omitempty"`
	DialogueID        int64  `json:"dialogue_id,omitempty"`
	// ReceivedAt is when a paper, phone or e-mail petition really arrived, set by the
	// office registering it; zero means now. JSON gives it in RFC 3339.
	ReceivedAt     time.Time `json:"received_at,omitzero"`
	PublishConsent bool      `json:"publish_consent"`
	Attachments    []Upload  `json:"-"`
}

const (
	maxSubject = 300
	maxContent = 20000
	maxName    = 200
	maxField   = 300
	maxText    = 10000
)

// forbiddenError is ErrForbidden with the reason, for a user.
type forbiddenError struct{ msg string }

func (e forbiddenError) Error() string { return e.msg }
func (e forbiddenError) Unwrap() error { return ErrForbidden }

// Create validates and records a new petition in the state tiếp nhận, with its
// tracking code, deadlines, files, history and audit entry, and notifies the office
// and the sender. a sends it: an enterprise account as itself, a member of the
// public (PublicActor) from the public page, or the office registering one that came
// on paper, by phone, by e-mail or at a dialogue. Nothing is written on error.
func (s *Store) Create(ctx context.Context, a Actor, in NewPetition) (*Petition, error) {
	now := s.stamp()
	if a.Public() && a.Name == "" {
		a.Name = clean(in.SenderName)
	}
	issues, err := in.normalize(a, now)
	if err != nil {
		return nil, err
	}
	for i := range in.Attachments {
		if is := checkUpload(&in.Attachments[i]); is != nil {
			issues = append(issues, *is)
		}
	}
	if len(in.Attachments) > MaxAttachments {
		issues = append(issues, issue{Field: "attachments", Detail: fmt.Sprintf("gửi tối đa %d tệp", MaxAttachments)})
	}
	p := newPetition(&in, now)
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		issues = append(issues, resolveRefs(ctx, tx, &in, p)...)
		e, err := s.env(ctx, tx)
		if err != nil {
			return err
		}
		issues = append(issues, ruleInForce(e, p)...)
		if err := fieldErrors(issues); err != nil {
			return err
		}
		if p.TrackingCode, err = freeTrackingCode(ctx, tx, p.ReceivedOn.Year); err != nil {
			return err
		}
		p.Deadlines = ComputeDeadlines(p, e.rules, e.cal, s.today())
		if err := insertPetition(ctx, tx, p, a.UserID); err != nil {
			return err
		}
		for _, u := range in.Attachments {
			if _, err := insertAttachment(ctx, tx, p.ID, u, a, now); err != nil {
				return err
			}
		}
		ctx := audit.WithActor(ctx, a.audit())
		if err := addEvent(ctx, tx, p, a, now, eventCreate, "", ""); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{At: now, Action: "create", Entity: "petition", EntityID: p.ID,
			Summary: fmt.Sprintf("Tiếp nhận %s %s “%s”", strings.ToLower(p.Kind.Label()), p.TrackingCode, p.Subject), After: p}); err != nil {
			return err
		}
		return s.notify(ctx, tx, p, eventCreate, "", "")
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// newPetition is the petition in describes, received at in.ReceivedAt (now when
// zero) and recorded at now; in is normalized.
func newPetition(in *NewPetition, now time.Time) *Petition {
	if in.ReceivedAt.IsZero() {
		in.ReceivedAt = now
	}
	in.ReceivedAt = in.ReceivedAt.UTC().Truncate(time.Microsecond)
	p := &Petition{Kind: in.Kind, Channel: in.Channel, State: StateReceived, Version: 1, EnterpriseID: in.EnterpriseID,
		SenderName: in.SenderName, SenderPhone: in.SenderPhone, SenderEmail: in.SenderEmail, Subject: in.Subject,
		Content: in.Content, ProcedureID: in.ProcedureID, Field: in.Field, DialogueID: in.DialogueID,
		PublishConsent: in.PublishConsent, ReceivedAt: in.ReceivedAt, ReceivedOn: calendar.DateOf(in.ReceivedAt),
		Satisfaction: SatisfactionNone, CreatedAt: now, UpdatedAt: now}
	p.CycleStartOn = p.ReceivedOn
	return p
}

// ruleInForce refuses a petition received on a day no deadline rule covers.
func ruleInForce(e env, p *Petition) []issue {
	if _, ok := e.rules.InForce(RuleProcess, p.Kind, p.ReceivedOn); !ok {
		return []issue{{Field: "received_at", Detail: fmt.Sprintf("chưa có quy định thời hạn áp dụng cho ngày %s", p.ReceivedOn.DMY())}}
	}
	return nil
}

// normalize tidies what was typed and reports what cannot be accepted; the
// references to other records are checked by resolveRefs, which sees the database.
func (in *NewPetition) normalize(a Actor, now time.Time) ([]issue, error) {
	var out []issue
	add := func(field, format string, args ...any) {
		out = append(out, issue{Field: field, Detail: fmt.Sprintf(format, args...)})
	}
	office := a.Role == auth.RoleOffice
	switch {
	case a.Role == auth.RoleEnterprise:
		if in.EnterpriseID != 0 && in.EnterpriseID != a.EnterpriseID {
			return nil, forbiddenError{"Tài khoản doanh nghiệp chỉ gửi được phản ánh, kiến nghị của chính doanh nghiệp mình"}
		}
		in.EnterpriseID = a.EnterpriseID
	case a.Public():
		if in.EnterpriseID != 0 || strings.TrimSpace(in.EnterpriseTaxCode) != "" {
			add("enterprise", "muốn gửi với tư cách doanh nghiệp, hãy đăng nhập tài khoản của doanh nghiệp")
		}
	case !office:
		return nil, forbiddenError{"Chỉ Văn phòng Sở vào sổ phản ánh, kiến nghị nhận qua văn bản, điện thoại, thư điện tử hoặc hội nghị đối thoại"}
	}
	in.Subject, in.Field, in.SenderName = clean(in.Subject), clean(in.Field), clean(in.SenderName)
	in.Content = tidyText(in.Content)
	in.SenderEmail = strings.ToLower(strings.TrimSpace(in.SenderEmail))
	switch {
	case in.Kind == "":
		add("kind", "chọn phản ánh, kiến nghị hoặc khiếu nại, tố cáo")
	case !in.Kind.Valid():
		add("kind", "không có loại “%s”; chọn một trong: %s", in.Kind, kinds.Names())
	}
	switch {
	case in.Channel == "" && !office:
		in.Channel = ChannelWeb
	case in.Channel == "":
		add("channel", "chọn kênh đã nhận: %s", channels.Names())
	case !in.Channel.Valid():
		add("channel", "không có kênh “%s”; chọn một trong: %s", in.Channel, channels.Names())
	case in.Channel != ChannelWeb && !office:
		add("channel", "phản ánh, kiến nghị gửi qua trang này là kênh trực tuyến")
	}
	checkText(add, "subject", in.Subject, maxSubject, true)
	checkText(add, "content", in.Content, maxContent, true)
	checkText(add, "field", in.Field, maxField, false)
	checkText(add, "sender_name", in.SenderName, maxName, false)
	if in.SenderPhone = strings.TrimSpace(in.SenderPhone); in.SenderPhone != "" {
		phone, ok := NormalizePhone(in.SenderPhone)
		if !ok {
			add("sender_phone", "“%s” không phải số điện thoại Việt Nam (10 hoặc 11 chữ số, ví dụ 0912 345 678)", in.SenderPhone)
		}
		in.SenderPhone = phone
	}
	if in.SenderEmail != "" && !validEmail(in.SenderEmail) {
		add("sender_email", "“%s” không phải địa chỉ thư điện tử", in.SenderEmail)
	}
	if in.EnterpriseID == 0 && strings.TrimSpace(in.EnterpriseTaxCode) == "" {
		if in.SenderName == "" {
			add("sender_name", "không được để trống")
		}
		if in.SenderPhone == "" && in.SenderEmail == "" {
			add("sender_contact", "nhập số điện thoại hoặc thư điện tử để Sở gửi trả lời")
		}
	}
	if !in.ReceivedAt.IsZero() {
		switch {
		case !office:
			add("received_at", "chỉ Văn phòng Sở nhập thời điểm tiếp nhận khi vào sổ phản ánh, kiến nghị nhận trực tiếp")
		case in.ReceivedAt.After(now):
			add("received_at", "%s là thời điểm trong tương lai", in.ReceivedAt.In(calendar.Location()).Format("15:04 02/01/2006"))
		}
	}
	return out, nil
}

// resolveRefs finds the enterprise (by id or tax code) and the procedure.
func resolveRefs(ctx context.Context, tx *sql.Tx, in *NewPetition, p *Petition) []issue {
	var out []issue
	if tc := strings.TrimSpace(in.EnterpriseTaxCode); tc != "" {
		var id int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM enterprises WHERE tax_code = $1", tc).Scan(&id)
		switch {
		case err != nil:
			out = append(out, issue{Field: "enterprise", Detail: fmt.Sprintf("không có doanh nghiệp mã số thuế %s", tc)})
		case in.EnterpriseID != 0 && id != in.EnterpriseID:
			out = append(out, issue{Field: "enterprise", Detail: fmt.Sprintf("mã số thuế %s không phải của doanh nghiệp này", tc)})
		default:
			in.EnterpriseID = id
		}
	}
	if in.EnterpriseID != 0 {
		err := tx.QueryRowContext(ctx, "SELECT name, tax_code FROM enterprises WHERE id = $1", in.EnterpriseID).
			Scan(&p.EnterpriseName, &p.EnterpriseTaxCode)
		if err != nil {
			out = append(out, issue{Field: "enterprise", Detail: fmt.Sprintf("không có doanh nghiệp số %d", in.EnterpriseID)})
		}
		p.EnterpriseID = in.EnterpriseID
	}
	if in.ProcedureID != 0 {
		err := tx.QueryRowContext(ctx, "SELECT code, name FROM procedures WHERE id = $1", in.ProcedureID).Scan(&p.ProcedureCode, &p.ProcedureName)
		if err != nil {
			out = append(out, issue{Field: "procedure", Detail: fmt.Sprintf("không có thủ tục số %d", in.ProcedureID)})
		}
	}
	return out
}

func insertPetition(ctx context.Context, tx *sql.Tx, p *Petition, createdBy int64) error {
	d := p.Deadlines
	err := tx.QueryRowContext(ctx, `INSERT INTO petitions (tracking_code, kind, channel, state, version, enterprise_id, sender_name,
		sender_phone, sender_email, subject, content, procedure_id, field, dialogue_id, publish_consent, received_at, received_on,
		cycle_start_on, refuse_by, request_info_by, process_by, transfer_by, publish_by, due_key, satisfaction, created_by,
		created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
		$25, $26, $27, $28) RETURNING id`,
		p.TrackingCode, string(p.Kind), string(p.Channel), string(p.State), p.Version, nullID(p.EnterpriseID), p.SenderName,
		p.SenderPhone, p.SenderEmail, p.Subject, p.Content, nullID(p.ProcedureID), p.Field, nullID(p.DialogueID), p.PublishConsent,
		p.ReceivedAt, p.ReceivedOn.String(), p.CycleStartOn.String(), d.RefuseBy.String(), d.RequestInfoBy.String(),
		d.ProcessBy.String(), d.TransferBy.String(), nullDate(d.PublishBy), dueKey(p.State, d), string(p.Satisfaction),
		nullID(createdBy), p.CreatedAt, p.UpdatedAt).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("petition: insert: %w", err)
	}
	return nil
}

func checkText(add func(field, format string, args ...any), field, v string, limit int, required bool) {
	switch {
	case required && v == "":
		add(field, "không được để trống")
	case utf8.RuneCountInString(v) > limit:
		add(field, "dài quá %d ký tự", limit)
	}
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s && strings.Contains(s[strings.IndexByte(s, '@'):], ".")
}

// tidyText composes text as typed, without the NUL bytes PostgreSQL refuses and
// the spaces around it; line breaks and everything else stay.
func tidyText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(norm.NFC.String(s), "\x00", ""))
}

// clean puts text in the composed Unicode form and collapses runs of spaces.
func clean(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// trackingAlphabet leaves out the letters and digits people confuse when they read a
// code aloud or copy it from paper: 0 and O, 1, I and L.
const trackingAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// trackingLength is the random part's length: 31⁶, about 887 million codes a year,
// so that guessing one that exists takes millions of tries, which the public page's
// rate limit does not allow.
const trackingLength = 6

// newTrackingCode draws a code for a petition received in year: "PA-2026-7K3M9Q".
func newTrackingCode(year int) (string, error) {
	b := make([]byte, trackingLength)
	n := big.NewInt(int64(len(trackingAlphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, n)
		if err != nil {
			return "", fmt.Errorf("petition: tracking code: %w", err)
		}
		b[i] = trackingAlphabet[k.Int64()]
	}
	return fmt.Sprintf("PA-%04d-%s", year, b), nil
}

// freeTrackingCode draws codes until one is not taken; a clash is one in hundreds of
// millions, so the loop ends at once in practice.
func freeTrackingCode(ctx context.Context, q db.Querier, year int) (string, error) {
	for range 10 {
		code, err := newTrackingCode(year)
		if err != nil {
			return "", err
		}
		var one int
		err = q.QueryRowContext(ctx, "SELECT 1 FROM petitions WHERE tracking_code = $1", code).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return code, nil
		}
		if err != nil {
			return "", fmt.Errorf("petition: tracking code: %w", err)
		}
	}
	return "", errors.New("petition: no free tracking code")
}

// NormalizeTrackingCode reads a code as people type it: any case, spaces around or
// inside, the dashes left out ("pa 2026 7k3m9q", "PA20267K3M9Q").
func NormalizeTrackingCode(s string) string {
	s = strings.ToUpper(strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '-', '_', '.':
			return -1
		}
		return r
	}, s))
	if len(s) != 2+4+trackingLength || !strings.HasPrefix(s, "PA") {
		return s
	}
	return s[:2] + "-" + s[2:6] + "-" + s[6:]
}
