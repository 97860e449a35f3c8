package main

import (
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/auth"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func TestUserCommand(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	run := func(want int, stdin string, args ...string) (string, string) {
		t.Helper()
		out, errOut, code := commandIn(t, stdin, append(append([]string{"user"}, args...), "--data", data)...)
		if code != want {
			t.Fatalf("user %s: exit %d, want %d; stdout %q, stderr %q", strings.Join(args, " "), code, want, out, errOut)
		}
		return out, errOut
	}
	if out, _ := run(0, "", "list"); !strings.Contains(out, "no users") {
		t.Errorf("empty list = %q", out)
	}
	// No terminal and no --password-stdin: refused, clearly, nothing made.
	if _, errOut := run(2, "", "add", "--email", "ada@example.org", "--name", "Ada", "--role", "admin"); !strings.Contains(errOut, "--password-stdin") {
		t.Errorf("add without a terminal: stderr %q", errOut)
	}
	if _, errOut := run(1, "short\n", "add", "--email", "ada@example.org", "--name", "Ada", "--role", "admin", "--password-stdin"); !strings.Contains(errOut, "at least 10 characters") {
		t.Errorf("short password: stderr %q", errOut)
	}
	out, _ := run(0, "the first admin password\n", "add", "--email=Ada@Example.org", "--name", "Ada Admin", "--role", "admin", "--password-stdin")
	if out != "added Ada Admin <ada@example.org> as admin\n" {
		t.Errorf("add = %q", out)
	}
	run(0, "an editor's password\n", "add", "-email", "ed@example.org", "-name", "Ed Editor", "-role", "editor", "-password-stdin")
	if _, errOut := run(1, "the first admin password\n", "add", "--email", "ada@example.org", "--name", "Ada", "--role", "admin", "--password-stdin"); !strings.Contains(errOut, "already has an account") {
		t.Errorf("duplicate: stderr %q", errOut)
	}
	if _, errOut := run(1, "a long enough password\n", "add", "--email", "x@example.org", "--name", "X", "--role", "author", "--author", "nobody", "--password-stdin"); !strings.Contains(errOut, "no author profile nobody") {
		t.Errorf("unknown author: stderr %q", errOut)
	}
	run(2, "", "add", "--email", "x@example.org", "--name", "X", "--role", "boss", "--password-stdin")
	run(2, "", "add", "--email", "x@example.org")
	run(2, "", "passwd")
	run(2, "", "rename")

	run(0, "a changed password\n", "passwd", "--email", "ed@example.org", "--password-stdin")
	if _, errOut := run(1, "a changed password\n", "passwd", "--email", "nobody@example.org", "--password-stdin"); !strings.Contains(errOut, "not found") {
		t.Errorf("passwd of nobody: stderr %q", errOut)
	}
	run(0, "", "disable", "--email", "ed@example.org")
	if _, errOut := run(1, "", "disable", "--email", "ada@example.org"); !strings.Contains(errOut, "last admin") {
		t.Errorf("disabling the last admin: stderr %q", errOut)
	}
	out, _ = run(0, "", "list")
	if !strings.Contains(out, "ada@example.org  Ada Admin  admin") || !strings.Contains(out, "disabled") {
		t.Errorf("list = %q", out)
	}

	db, err := store.Open(t.Context(), filepath.Join(data, "pressroom.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, hash, err := db.UserByEmail(t.Context(), "ed@example.org")
	if err != nil || auth.CheckPassword(hash, "a changed password") != nil || !u.Disabled {
		t.Fatalf("ed after passwd and disable: %+v, %v", u, err)
	}
	lines, _ := db.AuditLog(t.Context(), store.AuditFilter{Action: "user."})
	if len(lines) == 0 || lines[0].Actor != "command line" {
		t.Fatalf("audit lines of the CLI: %+v", lines)
	}
}

// TestServeMailsResetLinks: the SMTP settings reach the admin through
// serve, and a user added on the command line gets a reset link mailed
// through a real SMTP server.
func TestServeMailsResetLinks(t *testing.T) {
	t.Parallel()
	mp := presstest.MustMailpit(t)
	data := t.TempDir()
	if _, errOut, code := commandIn(t, "a long enough password\n", "user", "add", "--email", "ana@example.org", "--name", "Ana", "--role", "admin", "--password-stdin", "--data", data); code != 0 {
		t.Fatalf("user add: exit %d: %s", code, errOut)
	}
	s := startServer(t, []string{"PRESSROOM_SMTP_HOST=127.0.0.1", "PRESSROOM_SMTP_PORT=" + strconv.Itoa(mp.SMTPPort),
		"PRESSROOM_SMTP_TLS=none", "PRESSROOM_SMTP_FROM=newsroom@example.org"}, "--data", data)
	defer s.stop(t)
	c := presstest.NewStaff(t, strings.TrimSuffix(s.URL, "/"))
	res, body := c.Get("/admin/password/forgot")
	if res.StatusCode != http.StatusOK || strings.Contains(body, "pressroom user passwd") {
		t.Fatalf("forgot page with SMTP settings: %d\n%s", res.StatusCode, body)
	}
	c.CSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)[1]
	if res, _ := c.Post("/admin/password/forgot", url.Values{"email": {"ana@example.org"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("reset request: %d", res.StatusCode)
	}
	msg := mp.WaitFor("ana@example.org")
	if !strings.Contains(msg.Text, "/admin/password/reset?token=") || msg.From.Address != "newsroom@example.org" {
		t.Fatalf("reset mail from %+v:\n%s", msg.From, msg.Text)
	}
}
