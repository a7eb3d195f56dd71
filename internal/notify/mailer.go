package notify

import (
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"os"
	"strconv"
	"strings"
	"time"
)

// SMTP is how e-mail leaves thidua.
type SMTP struct {
	Host     string
	Port     int
	TLS      string // starttls (the default), tls (implicit, port 465) or none
	Username string
	Password string
	From     string // the sender address, e.g. "Sở Xây dựng <thidua@sxd.langson.gov.vn>"
}

// SMTPFromEnv reads THIDUA_SMTP_HOST, _PORT, _TLS, _USER, _PASSWORD and _FROM; it
// returns nil when no host is set, and an error naming the variable that is wrong.
func SMTPFromEnv() (*SMTP, error) {
	c := &SMTP{Host: os.Getenv("THIDUA_SMTP_HOST"), TLS: os.Getenv("THIDUA_SMTP_TLS"),
		Username: os.Getenv("THIDUA_SMTP_USER"), Password: os.Getenv("THIDUA_SMTP_PASSWORD"), From: os.Getenv("THIDUA_SMTP_FROM")}
	if c.Host == "" {
		return nil, nil
	}
	if c.TLS == "" {
		c.TLS = "starttls"
	}
	c.Port = map[string]int{"starttls": 587, "tls": 465, "none": 25}[c.TLS]
	if c.Port == 0 {
		return nil, fmt.Errorf("THIDUA_SMTP_TLS phải là starttls, tls hoặc none (đang là %q)", c.TLS)
	}
	if p := os.Getenv("THIDUA_SMTP_PORT"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return nil, fmt.Errorf("THIDUA_SMTP_PORT không phải số cổng hợp lệ: %q", p)
		}
		c.Port = n
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return nil, fmt.Errorf("THIDUA_SMTP_FROM phải là một địa chỉ e-mail (đang là %q)", c.From)
	}
	return c, nil
}

// Mailer sends e-mail over SMTP.
type Mailer struct {
	cfg     SMTP
	timeout time.Duration
}

// NewMailer returns a mailer for cfg.
func NewMailer(cfg SMTP) *Mailer { return &Mailer{cfg: cfg, timeout: 30 * time.Second} }

// Send delivers one plain-text message.
func (m *Mailer) Send(to, subject, body string) error {
	from, err := mail.ParseAddress(m.cfg.From)
	if err != nil {
		return fmt.Errorf("smtp: sender: %w", err)
	}
	rcpt, err := mail.ParseAddress(to)
	if err != nil {
		return fmt.Errorf("smtp: recipient %q: %w", to, err)
	}
	msg, err := message(from, rcpt, subject, body, time.Now())
	if err != nil {
		return err
	}
	addr := net.JoinHostPort(m.cfg.Host, strconv.Itoa(m.cfg.Port))
	dialer := &net.Dialer{Timeout: m.timeout}
	var conn net.Conn
	if m.cfg.TLS == "tls" {
		conn, err = tls.DialWithDialer(dialer, "tcp", addr, &tls.Config{ServerName: m.cfg.Host})
	} else {
		conn, err = dialer.Dial("tcp", addr)
	}
	if err != nil {
		return fmt.Errorf("smtp: connect %s: %w", addr, err)
	}
	conn.SetDeadline(time.Now().Add(m.timeout))
	c, err := smtp.NewClient(conn, m.cfg.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp: greeting: %w", err)
	}
	defer c.Close()
	if m.cfg.TLS == "starttls" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("smtp: the server does not offer STARTTLS (set THIDUA_SMTP_TLS=none to send without it)")
		}
		if err := c.StartTLS(&tls.Config{ServerName: m.cfg.Host}); err != nil {
			return fmt.Errorf("smtp: starttls: %w", err)
		}
	}
	if m.cfg.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", m.cfg.Username, m.cfg.Password, m.cfg.Host)); err != nil {
			return fmt.Errorf("smtp: auth: %w", err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return fmt.Errorf("smtp: MAIL FROM: %w", err)
	}
	if err := c.Rcpt(rcpt.Address); err != nil {
		return fmt.Errorf("smtp: RCPT TO %s: %w", rcpt.Address, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("smtp: write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp: end of data: %w", err)
	}
	return c.Quit()
}

// message is an RFC 5322 message with a UTF-8 subject and a quoted-printable body,
// so that Vietnamese survives every mail server on the way.
func message(from, to *mail.Address, subject, body string, at time.Time) ([]byte, error) {
	id := make([]byte, 12)
	rand.Read(id)
	domain := "thidua.local"
	if _, d, ok := strings.Cut(from.Address, "@"); ok {
		domain = d
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\n", from.String())
	fmt.Fprintf(&b, "To: %s\r\n", to.String())
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.BEncoding.Encode("utf-8", subject))
	fmt.Fprintf(&b, "Date: %s\r\n", at.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", hex.EncodeToString(id), domain)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(strings.ReplaceAll(body, "\n", "\r\n"))); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
