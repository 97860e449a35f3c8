package mail_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/mail"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

// TestSendThroughSMTP sends to a real SMTP server (mailpit) over STARTTLS
// with credentials and over plain SMTP, and reads back what arrived.
func TestSendThroughSMTP(t *testing.T) {
	t.Parallel()
	mp := presstest.MustMailpit(t)
	for _, tc := range []struct {
		name, mode, user string
	}{{"starttls", mail.StartTLS, "newsroom"}, {"none", mail.NoTLS, ""}} {
		t.Run(tc.name, func(t *testing.T) {
			s := mp.SMTP(tc.mode)
			s.Username, s.Password = tc.user, "secret"
			to := tc.name + "@example.org"
			err := s.Send(context.Background(), mail.Message{To: []string{to},
				Subject: "Reset your password\r\nBcc: evil@example.org — ünïcode",
				Text:    "Follow this link:\nhttps://example.org/admin/password/reset?token=abc",
				HTML:    `<p>Follow <a href="https://example.org/x">this link</a>.</p>`})
			if err != nil {
				t.Fatal(err)
			}
			got := mp.WaitFor(to)
			if got.Subject != "Reset your password Bcc: evil@example.org — ünïcode" {
				t.Errorf("subject %q: want one line, decoded", got.Subject)
			}
			if got.From.Address != "newsroom@example.org" || got.From.Name != "The Ledger" {
				t.Errorf("from %+v", got.From)
			}
			if !strings.Contains(got.Text, "reset?token=abc") || !strings.Contains(got.HTML, `<a href="https://example.org/x">`) {
				t.Errorf("bodies: text %q, html %q", got.Text, got.HTML)
			}
			if !strings.Contains(got.Raw, "multipart/alternative") || strings.Contains(got.Raw, "\nBcc:") {
				t.Errorf("source:\n%s", got.Raw)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	for _, s := range []mail.SMTP{
		{Host: "", From: "a@example.org"},
		{Host: "mx", From: "not an address"},
		{Host: "mx", From: "a@example.org", TLS: "ssl"},
	} {
		if err := s.Check(); err == nil {
			t.Errorf("Check(%+v) = nil, want an error", s)
		}
	}
	ok := mail.SMTP{Host: "mx", From: "The Ledger <a@example.org>"}
	if err := ok.Check(); err != nil {
		t.Errorf("Check(%+v) = %v", ok, err)
	}
}

func TestStartTLSRequired(t *testing.T) {
	t.Parallel()
	// A server that offers no STARTTLS is refused rather than spoken to
	// in the clear: here, mailpit with a client that does not trust its
	// certificate fails the handshake instead.
	mp := presstest.MustMailpit(t)
	s := mp.SMTP(mail.StartTLS)
	s.TLSConfig = nil
	if err := s.Send(context.Background(), mail.Message{To: []string{"x@example.org"}, Subject: "x", Text: "x"}); err == nil {
		t.Fatal("sent over STARTTLS to a server with an untrusted certificate")
	}
}
