package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/privacy"
)

// Staff e-mails and petitioners' phones and e-mails are shown in full to whoever
// handles those people (the office, the unit itself, the petition's unit) and masked
// for the roles that only oversee (the leadership, planning, the council).
func TestPersonalIdentifiersMasked(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := demoSite(t, d)
		s := &site{Server: ts, db: d}
		var staffID int64
		var email string
		d.Read().QueryRow(`SELECT s.id, s.email FROM staff s JOIN units u ON u.id = s.unit_id WHERE u.code = 'QLXD' AND s.email <> '' ORDER BY s.id LIMIT 1`).Scan(&staffID, &email)
		var petitionID int64
		var phone, unitCode string
		d.Read().QueryRow(`SELECT p.id, p.sender_phone, u.code FROM petitions p JOIN units u ON u.id = p.unit_id WHERE p.sender_phone <> '' AND u.code = 'QLXD' ORDER BY p.id LIMIT 1`).Scan(&petitionID, &phone, &unitCode)
		if email == "" || phone == "" {
			t.Fatalf("the demo lacks a staff e-mail (%q) or a petitioner's phone (%q) of QLXD", email, phone)
		}
		masked, maskedPhone := privacy.Email(email), privacy.Number(phone)
		staffPages := []string{"/staff?unit=" + unitID(t, d, "QLXD") + "&q=" + email[:strings.Index(email, "@")], fmt.Sprint("/staff/", staffID), fmt.Sprint("/api/v1/staff/", staffID)}
		for user, full := range map[string]bool{"vanphong": true, "truongphong": true, "chuyenvien": true, "lanhdao": false, "khtc": false, "hoidong": false} {
			c := demoLogin(t, s, user)
			for _, p := range staffPages {
				code, body := get(t, c, ts.URL+p)
				if code != 200 {
					t.Errorf("%s: %s answers %d", user, p, code)
					continue
				}
				if full != strings.Contains(body, email) || !full && !strings.Contains(body, masked) {
					t.Errorf("%s: %s shows the e-mail in full: %v, masked: %v", user, p, strings.Contains(body, email), strings.Contains(body, masked))
				}
			}
		}
		for user, want := range map[string]string{"vanphong": phone, "truongphong": phone, "lanhdao": maskedPhone, "khtc": "", "hoidong": ""} {
			c := demoLogin(t, s, user)
			code, body := get(t, c, ts.URL+fmt.Sprint("/petitions/", petitionID))
			if code != 200 {
				t.Errorf("%s: petition answers %d", user, code)
				continue
			}
			if strings.Contains(body, phone) != (want == phone) || want != "" && !strings.Contains(body, want) {
				t.Errorf("%s sees the petitioner's phone as %q?", user, want)
			}
		}
	})
}
