// Package mail sends email through an SMTP server: password-reset links
// now, newsletters later. It uses only the standard library's net/smtp,
// speaking STARTTLS, implicit TLS or (for a relay on the same machine)
// plain SMTP.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

// Message is one email. Text is required; HTML, when set, is sent beside
// it as multipart/alternative, so that every reader has a plain version.
type Message struct {
	To      []string // plain addresses
	Subject string
	Text    string
	HTML    string
}

// Mailer sends messages. Send returns once the server accepted the
// message for delivery, or fails.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// TLS modes of an SMTP connection.
const (
	StartTLS = "starttls" // plain connection upgraded with STARTTLS, which must be offered (port 587)
	TLS      = "tls"      // TLS from the first byte (port 465)
	NoTLS    = "none"     // no encryption: only for a relay on a trusted network
)

// SMTP is a Mailer over an SMTP server.
type SMTP struct {
	Host     string
	Port     int    // 0 means the mode's usual port: 587, 465 or 25
	TLS      string // StartTLS (the default when ""), TLS or NoTLS
	Username string // when set, PLAIN authentication, which net/smtp allows only over TLS or to localhost
	Password string
	From     string // the From address, e.g. "The Ledger <newsroom@example.org>"

	// TLSConfig overrides the TLS settings (tests trust their own CA).
	TLSConfig *tls.Config
	// Timeout bounds a whole send when ctx has no deadline; 0 means 30 s.
	Timeout time.Duration
	// Now dates messages; nil means time.Now.
	Now func() time.Time
}

// Check reports a configuration that cannot work, before anything is sent.
func (s *SMTP) Check() error {
	if s.Host == "" {
		return errors.New("mail: no SMTP host")
	}
	switch s.TLS {
	case "", StartTLS, TLS, NoTLS:
	default:
		return fmt.Errorf("mail: TLS mode %q: want starttls, tls or none", s.TLS)
	}
	if _, err := mail.ParseAddress(s.From); err != nil || strings.ContainsAny(s.From, "\r\n") {
		return fmt.Errorf("mail: From address %q: want an address such as newsroom@example.org", s.From)
	}
	return nil
}

func (s *SMTP) addr() string {
	port := s.Port
	if port == 0 {
		switch s.TLS {
		case TLS:
			port = 465
		case NoTLS:
			port = 25
		default:
			port = 587
		}
	}
	return net.JoinHostPort(s.Host, strconv.Itoa(port))
}

// Send delivers m to the server.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	if err := s.Check(); err != nil {
		return err
	}
	from, _ := mail.ParseAddress(s.From)
	if len(m.To) == 0 {
		return errors.New("mail: no recipient")
	}
	for _, to := range m.To {
		if a, err := mail.ParseAddress(to); err != nil || a.Address != to {
			return fmt.Errorf("mail: recipient %q is not a plain address", to)
		}
	}
	msg, err := s.build(from, m)
	if err != nil {
		return err
	}
	if _, ok := ctx.Deadline(); !ok {
		timeout := s.Timeout
		if timeout == 0 {
			timeout = 30 * time.Second
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	if err := s.deliver(ctx, from.Address, m.To, msg); err != nil {
		return fmt.Errorf("mail: %s: %w", s.addr(), err)
	}
	return nil
}

func (s *SMTP) tlsConfig() *tls.Config {
	if s.TLSConfig != nil {
		c := s.TLSConfig.Clone()
		if c.ServerName == "" {
			c.ServerName = s.Host
		}
		return c
	}
	return &tls.Config{ServerName: s.Host, MinVersion: tls.VersionTLS12}
}

func (s *SMTP) deliver(ctx context.Context, from string, to []string, msg []byte) error {
	var conn net.Conn
	var err error
	if s.TLS == TLS {
		conn, err = (&tls.Dialer{Config: s.tlsConfig()}).DialContext(ctx, "tcp", s.addr())
	} else {
		conn, err = (&net.Dialer{}).DialContext(ctx, "tcp", s.addr())
	}
	if err != nil {
		return err
	}
	// net/smtp takes no context: the deadline bounds every exchange, and
	// a cancelled context closes the connection.
	if d, ok := ctx.Deadline(); ok {
		conn.SetDeadline(d)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if err := c.Hello(helloName()); err != nil {
		return err
	}
	if s.TLS == "" || s.TLS == StartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("the server does not offer STARTTLS; set the TLS mode to tls or (on a trusted network) none")
		}
		if err := c.StartTLS(s.tlsConfig()); err != nil {
			return err
		}
	}
	if s.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return err
		}
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	for _, r := range to {
		if err := c.Rcpt(r); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// helloName is the name given in EHLO. Servers do not check it against
// the connection, and the machine's own name may leak an internal host.
func helloName() string {
	return "localhost"
}

// build writes the message: headers, then a plain-text part, or
// multipart/alternative with the plain part first (readers show the last
// part they understand). Bodies are quoted-printable, so any text and line
// length travel safely. Header values never carry CR or LF.
func (s *SMTP) build(from *mail.Address, m Message) ([]byte, error) {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", from.String())
	header("To", strings.Join(m.To, ", "))
	header("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	header("Date", now().Format(time.RFC1123Z))
	header("Message-ID", "<"+randomID()+"@"+domain(from.Address)+">")
	header("MIME-Version", "1.0")
	if m.HTML == "" {
		header("Content-Type", `text/plain; charset="utf-8"`)
		header("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		// The body first: b.Bytes() taken in the same return statement
		// would be evaluated before writeQP wrote anything.
		err := writeQP(&b, m.Text)
		return b.Bytes(), err
	}
	mw := multipart.NewWriter(&b)
	header("Content-Type", `multipart/alternative; boundary="`+mw.Boundary()+`"`)
	b.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + `; charset="utf-8"`},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		if err := writeQP(pw, part.body); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func writeQP(w interface{ Write([]byte) (int, error) }, text string) error {
	qp := quotedprintable.NewWriter(w)
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n")
	if _, err := qp.Write([]byte(text)); err != nil {
		return err
	}
	return qp.Close()
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func domain(addr string) string {
	return addr[strings.LastIndexByte(addr, '@')+1:]
}

func randomID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
