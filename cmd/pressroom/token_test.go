package main

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestTokenCommand: a token made on the command line signs in to the
// Admin API of the running server until it is revoked.
func TestTokenCommand(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	run := func(want int, stdin string, args ...string) (string, string) {
		t.Helper()
		out, errOut, code := commandIn(t, stdin, append(args, "--data", data)...)
		if code != want {
			t.Fatalf("%s: exit %d, want %d; stdout %q, stderr %q", strings.Join(args, " "), code, want, out, errOut)
		}
		return out, errOut
	}
	run(0, "an editor's password\n", "user", "add", "--email", "ed@example.org", "--name", "Ed Editor", "--role", "editor", "--password-stdin")
	run(2, "", "token", "create", "--email", "ed@example.org")
	run(2, "", "token", "revoke", "x")
	if _, errOut := run(1, "", "token", "create", "--email", "nobody@example.org", "--name", "ci"); !strings.Contains(errOut, "not found") {
		t.Errorf("token for nobody: %q", errOut)
	}
	if out, _ := run(0, "", "token", "list"); out != "no tokens\n" {
		t.Errorf("empty list: %q", out)
	}
	out, errOut := run(0, "", "token", "create", "--email", "ed@example.org", "--name", "ci")
	token := strings.TrimSpace(out)
	if !strings.HasPrefix(token, "pr_") || len(token) < 40 || !strings.Contains(errOut, "shown only now") {
		t.Fatalf("create: stdout %q, stderr %q", out, errOut)
	}
	out, _ = run(0, "", "token", "list")
	if !strings.Contains(out, token[:8]+"…") || !strings.Contains(out, "ci") || !strings.Contains(out, "ed@example.org") || strings.Contains(out, token) {
		t.Errorf("list = %q", out)
	}

	srv := startServer(t, nil, "--data", data)
	me := func() int {
		req, _ := http.NewRequest("GET", srv.URL+"api/admin/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := (&http.Client{Timeout: 20 * time.Second}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if got := me(); got != http.StatusOK {
		t.Errorf("GET /api/admin/v1/me with the token: %d", got)
	}
	out, _ = run(0, "", "token", "revoke", "1")
	if out != "revoked token 1\n" {
		t.Errorf("revoke = %q", out)
	}
	run(1, "", "token", "revoke", "1")
	if got := me(); got != http.StatusUnauthorized {
		t.Errorf("GET /api/admin/v1/me with a revoked token: %d", got)
	}
	srv.stop(t)
}
