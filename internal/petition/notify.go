package petition

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/thidua/thidua/internal/auth"
)

// Notice is one message about a petition to the people it concerns. Whoever
// implements Notifier resolves the recipients (the users of UnitIDs and of Roles)
// and delivers it, by e-mail or in the application.
type Notice struct {
	UserIDs []int64
	Emails  []string
	UnitIDs []int64  // everyone of those units
	Roles   []string // everyone with those roles
	Subject string
	Body    string // plain text
	Link    string // a path in the application
}

// Notifier delivers notices. Store calls it inside the transaction of the change,
// so that a notice is queued exactly when the change is committed; an error rolls
// the change back.
type Notifier interface {
	Notify(ctx context.Context, tx *sql.Tx, n Notice) error
}

// Links build the paths notices point to.
type Links struct {
	Staff  func(id int64) string    // a petition's page for signed-in users
	Sender func(code string) string // the public tracking page of a code
}

// DefaultLinks are the paths the web layer serves.
var DefaultLinks = Links{
	Staff:  func(id int64) string { return fmt.Sprintf("/petitions/%d", id) },
	Sender: func(code string) string { return "/petitions/track?code=" + code },
}

// notify sends the notices of one change of p, made by action from state from with
// the note the actor wrote.
func (s *Store) notify(ctx context.Context, tx *sql.Tx, p *Petition, action Action, from State, note string) error {
	if s.notifier == nil {
		return nil
	}
	staff, sender := s.notices(p, action, from, note)
	head := fmt.Sprintf("[%s] ", p.TrackingCode)
	if staff.Subject != "" {
		staff.Subject, staff.Link = head+staff.Subject, s.links.Staff(p.ID)
		if err := s.notifier.Notify(ctx, tx, staff); err != nil {
			return fmt.Errorf("petition: notify: %w", err)
		}
	}
	if sender.Subject == "" {
		return nil
	}
	sender.Subject = head + sender.Subject
	if p.EnterpriseID != 0 {
		ids, err := enterpriseUsers(ctx, tx, p.EnterpriseID)
		if err != nil {
			return err
		}
		if len(ids) > 0 {
			n := sender
			n.UserIDs, n.Link = ids, s.links.Staff(p.ID)
			if err := s.notifier.Notify(ctx, tx, n); err != nil {
				return fmt.Errorf("petition: notify: %w", err)
			}
		}
	}
	if p.SenderEmail != "" {
		n := sender
		n.Emails, n.Link = []string{p.SenderEmail}, s.links.Sender(p.TrackingCode)
		if err := s.notifier.Notify(ctx, tx, n); err != nil {
			return fmt.Errorf("petition: notify: %w", err)
		}
	}
	return nil
}

// notices writes what the staff concerned and the sender are told; an empty
// Subject means nobody on that side is.
func (s *Store) notices(p *Petition, action Action, from State, note string) (staff, sender Notice) {
	office := []string{string(auth.RoleOffice)}
	var units []int64
	if p.UnitID != 0 {
		units = []int64{p.UnitID}
	}
	subject := "“" + p.Subject + "”"
	due := ""
	if d := p.Deadlines.ProcessBy; !d.IsZero() {
		due = " Hạn xử lý: " + d.DMY() + "."
	}
	switch action {
	case eventCreate:
		staff = Notice{Roles: office, Subject: "Phản ánh, kiến nghị mới cần phân loại",
			Body: fmt.Sprintf("%s: %s, gửi ngày %s.%s", p.Kind.Label(), subject, p.ReceivedOn.DMY(), due)}
		sender = Notice{Subject: "Sở đã tiếp nhận phản ánh, kiến nghị của Ông/Bà",
			Body: fmt.Sprintf("Sở đã tiếp nhận %s %s ngày %s. Mã tra cứu: %s.", strings.ToLower(p.Kind.Label()), subject,
				p.ReceivedOn.DMY(), p.TrackingCode)}
	case ActionAssign:
		staff = Notice{UnitIDs: units, Subject: "Được giao xử lý phản ánh, kiến nghị",
			Body: fmt.Sprintf("%s %s được giao cho %s.%s", p.Kind.Label(), subject, p.UnitName, due)}
		if from == StateReceived {
			sender = Notice{Subject: "Phản ánh, kiến nghị đang được xử lý",
				Body: fmt.Sprintf("%s %s đã được giao cho %s xử lý.%s", p.Kind.Label(), subject, p.UnitName, due)}
		}
	case ActionRefuse:
		sender = Notice{Subject: "Phản ánh, kiến nghị không được tiếp nhận",
			Body: fmt.Sprintf("%s %s không được tiếp nhận. Lý do: %s", p.Kind.Label(), subject, note)}
	case ActionTransfer:
		sender = Notice{Subject: "Phản ánh, kiến nghị được chuyển cơ quan có thẩm quyền",
			Body: fmt.Sprintf("%s %s không thuộc thẩm quyền của Sở và đã được chuyển đến %s.", p.Kind.Label(), subject, p.TransferredTo)}
	case ActionRequestInfo:
		sender = Notice{Subject: "Đề nghị bổ sung thông tin",
			Body: fmt.Sprintf("Để xử lý %s %s, đề nghị bổ sung: %s", strings.ToLower(p.Kind.Label()), subject, note)}
	case ActionSupplyInfo:
		staff = Notice{UnitIDs: units, Subject: "Người gửi đã bổ sung thông tin",
			Body: fmt.Sprintf("Thông tin bổ sung cho %s: %s.%s", subject, note, due)}
	case ActionAnswer:
		staff = Notice{Roles: office, Subject: "Phản ánh, kiến nghị đã có trả lời, chờ công khai",
			Body: fmt.Sprintf("%s đã trả lời %s. Hạn công khai: %s.", p.UnitName, subject, p.Deadlines.PublishBy.DMY())}
	case ActionPublish:
		staff = Notice{UnitIDs: units, Subject: "Trả lời phản ánh, kiến nghị đã được công khai",
			Body: fmt.Sprintf("Trả lời %s đã được gửi người gửi%s.", subject, map[bool]string{true: " và công khai", false: ""}[p.Public])}
		sender = Notice{Subject: "Trả lời phản ánh, kiến nghị",
			Body: fmt.Sprintf("Trả lời %s:\n\n%s\n\nÔng/Bà có thể đánh giá mức độ hài lòng hoặc đề nghị xem xét lại bằng mã tra cứu %s.",
				subject, p.Answer, p.TrackingCode)}
	case ActionReopen:
		staff = Notice{UnitIDs: units, Roles: office, Subject: "Người gửi đề nghị xem xét lại",
			Body: fmt.Sprintf("%s %s được mở lại (lần %d). Lý do: %s", p.Kind.Label(), subject, p.ReopenCount, note)}
	case ActionRate:
		staff = Notice{UnitIDs: units, Subject: "Người gửi đánh giá trả lời",
			Body: fmt.Sprintf("Người gửi %s: %s.", strings.ToLower(p.Satisfaction.Label()), subject)}
		if p.Satisfaction == SatisfactionUnsatisfied {
			staff.Roles = office
		}
	}
	return staff, sender
}

func enterpriseUsers(ctx context.Context, tx *sql.Tx, enterpriseID int64) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM users WHERE enterprise_id = $1 AND active = $2 ORDER BY id", enterpriseID, true)
	if err != nil {
		return nil, fmt.Errorf("petition: enterprise users: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
