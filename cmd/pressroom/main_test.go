package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

// binary is the pressroom command built once for the end-to-end tests,
// which run it as a user would: as a process, with flags and signals.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pressroom-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "pressroom")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building pressroom: %v\n%s", err, out)
		os.Exit(1)
	}
	code := presstest.Run(m)
	os.RemoveAll(dir)
	os.Exit(code)
}

// command runs pressroom with args to completion, bounded in time, with
// env added to a clean environment and nothing on standard input.
func command(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return commandWith(t, env, nil, args...)
}

// commandIn runs pressroom with stdin as its standard input (a pipe, never
// a terminal).
func commandIn(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return commandWith(t, nil, strings.NewReader(stdin), args...)
}

// commandWith runs pressroom with args to completion, bounded in time;
// stdin, when not nil, is its standard input.
func commandWith(t *testing.T, env []string, stdin io.Reader, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append(cleanEnv(), env...)
	cmd.Stdin = stdin
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), errb.String(), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), 0
}

// cleanEnv drops PRESSROOM_* variables so the developer's own settings do
// not leak into the tests.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PRESSROOM_") {
			env = append(env, kv)
		}
	}
	return env
}

// proc is a running pressroom serve process.
type proc struct {
	URL  string
	cmd  *exec.Cmd
	done chan error
	logs *strings.Builder
	mu   *sync.Mutex
}

var listening = regexp.MustCompile(`msg=serving url=(http://\S+/)`)

// startServer runs "pressroom serve" on a free loopback port and waits
// until it says where it listens.
func startServer(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(cleanEnv(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &proc{cmd: cmd, done: make(chan error, 1), logs: &strings.Builder{}, mu: &sync.Mutex{}}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			s.mu.Lock()
			s.logs.WriteString(line + "\n")
			s.mu.Unlock()
			if m := listening.FindStringSubmatch(line); m != nil {
				urlc <- m[1]
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-s.done
		}
	})
	select {
	case s.URL = <-urlc:
	case err := <-s.done:
		t.Fatalf("pressroom serve exited early: %v\n%s", err, s.log())
	case <-time.After(90 * time.Second):
		t.Fatalf("pressroom serve did not start in time\n%s", s.log())
	}
	return s
}

func (s *proc) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.String()
}

// stop sends SIGTERM and expects a clean exit.
func (s *proc) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("pressroom serve exited with %v after SIGTERM\n%s", err, s.log())
		}
	case <-time.After(20 * time.Second):
		t.Errorf("pressroom serve did not stop within 20s of SIGTERM")
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: 20 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeDemoSQLite(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	s := startServer(t, []string{"PRESSROOM_DATA=" + data}, "--demo")
	if code, body := get(t, s.URL+"healthz"); code != 200 || !strings.Contains(body, `"database":"sqlite"`) {
		t.Errorf("healthz = %d %s", code, body)
	}
	code, body := get(t, s.URL)
	if code != 200 || !strings.Contains(body, "The Meridian Desk") {
		t.Errorf("GET / = %d; body mentions the demo outlet: %v", code, strings.Contains(body, "The Meridian Desk"))
	}
	if _, err := os.Stat(filepath.Join(data, "pressroom.db")); err != nil {
		t.Errorf("database not in the data directory: %v", err)
	}
	if code, _ := get(t, s.URL+"media/demo/logo.svg"); code != 200 {
		t.Errorf("demo logo = %d", code)
	}
	s.stop(t)

	// A second start with --demo leaves existing content alone.
	s = startServer(t, []string{"PRESSROOM_DATA=" + data}, "--demo")
	if strings.Contains(s.log(), "installed demo content") {
		t.Error("demo content installed twice")
	}
	s.stop(t)
}

func TestServePostgres(t *testing.T) {
	t.Parallel()
	url := presstest.MustEmptyDSN(t, "postgres")
	s := startServer(t, nil, "--db", url, "--demo")
	if code, body := get(t, s.URL+"healthz"); code != 200 || !strings.Contains(body, `"database":"postgres"`) {
		t.Errorf("healthz = %d %s", code, body)
	}
	if code, body := get(t, s.URL+"authors"); code != 200 || !strings.Contains(body, "Amira Haddad") {
		t.Errorf("GET /authors = %d", code)
	}
	s.stop(t)
}

func TestCommandLine(t *testing.T) {
	t.Parallel()
	if out, _, code := command(t, nil, "version"); code != 0 || !strings.HasPrefix(out, "pressroom ") {
		t.Errorf("version = %q, exit %d", out, code)
	}
	if out, _, code := command(t, nil, "help"); code != 0 || !strings.Contains(out, "pressroom serve") {
		t.Errorf("help = %q, exit %d", out, code)
	}
	if _, errOut, code := command(t, nil, "frobnicate"); code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, stderr %q", code, errOut)
	}
	if _, errOut, code := command(t, nil, "serve", "--bogus"); code != 2 || !strings.Contains(errOut, "flag provided but not defined: -bogus") {
		t.Errorf("bad flag: exit %d, stderr %q", code, errOut)
	}
	data := t.TempDir()
	if out, _, code := command(t, nil, "migrate", "--data", data); code != 0 || !strings.Contains(out, "up to date (sqlite)") {
		t.Errorf("migrate = %q, exit %d", out, code)
	}
	if out, _, code := command(t, nil, "licensing", "list", "--data", data); code != 0 || !strings.Contains(out, "no licensing requests") {
		t.Errorf("licensing list = %q, exit %d", out, code)
	}
	if _, _, code := command(t, nil, "licensing", "list", "many", "--data", data); code != 2 {
		t.Errorf("licensing list many: exit %d, want 2", code)
	}
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const goodArticle = `---
title: Rivers in court
date: 2026-02-01
authors: [Ana Ruiz]
regions: [Peru]
---
Body with a [link](https://court.example/case).
`

func countArticles(t *testing.T, data string) int {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(data, "pressroom.db"), store.Options{Logger: presstest.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, err := db.Articles(context.Background(), press.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return list.Total
}

func TestImportMarkdown(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	src := writeFiles(t, map[string]string{"rivers.md": goodArticle})
	// Flags after the path, as a user might type them.
	for i := 0; i < 2; i++ {
		out, errOut, code := command(t, nil, "import", "markdown", src, "--data", data)
		if code != 0 || !strings.Contains(out, "imported 1 articles") {
			t.Fatalf("import run %d: exit %d\n%s%s", i+1, code, out, errOut)
		}
	}
	if n := countArticles(t, data); n != 1 {
		t.Errorf("after importing twice: %d articles, want 1", n)
	}

	// A bad file among good ones: file:line, exit 1, nothing written.
	bad := writeFiles(t, map[string]string{
		"a-good.md": strings.Replace(goodArticle, "Rivers in court", "Another good one", 1),
		"b-bad.md":  "---\ntitle: Broken\ndate: 2026-13-45\n---\nBody\n",
	})
	fresh := t.TempDir()
	_, errOut, code := command(t, nil, "import", "markdown", "--data", fresh, bad)
	if code != 1 {
		t.Errorf("bad import exit %d, want 1", code)
	}
	if want := filepath.Join(bad, "b-bad.md") + ":3:"; !strings.Contains(errOut, want) {
		t.Errorf("stderr %q does not name %s", errOut, want)
	}
	if n := countArticles(t, fresh); n != 0 {
		t.Errorf("a failed import wrote %d articles", n)
	}
	if _, errOut, code := command(t, nil, "import", "markdown", "--data", fresh); code != 2 || !strings.Contains(errOut, "usage") {
		t.Errorf("import without paths: exit %d, %q", code, errOut)
	}
}
