package main

import (
	"strings"
	"testing"
)

func TestRedirectCommand(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	run := func(want int, args ...string) (string, string) {
		t.Helper()
		out, errOut, code := command(t, nil, append(append([]string{"redirect"}, args...), "--data", data)...)
		if code != want {
			t.Fatalf("redirect %s: exit %d, want %d; stderr %q", strings.Join(args, " "), code, want, errOut)
		}
		return out, errOut
	}
	if out, _ := run(0, "list"); !strings.Contains(out, "no redirects") {
		t.Errorf("empty list = %q", out)
	}
	if out, _ := run(0, "add", "/2019/05/old-slug/?utm_source=x", "/articles/new"); out != "/2019/05/old-slug -> /articles/new\n" {
		t.Errorf("add = %q", out)
	}
	run(0, "add", "/?p=12", "https://elsewhere.example/x")
	out, _ := run(0, "list")
	if !strings.Contains(out, "/2019/05/old-slug  /articles/new") || !strings.Contains(out, "/?p=12") {
		t.Errorf("list = %q", out)
	}
	if _, errOut := run(1, "add", "/old", "articles/new"); !strings.Contains(errOut, "a path on this site starts with /") {
		t.Errorf("bad target: stderr %q", errOut)
	}
	if _, errOut := run(1, "add", "/articles/new", "/2019/05/old-slug"); !strings.Contains(errOut, "lead back") {
		t.Errorf("loop: stderr %q", errOut)
	}
	run(0, "remove", "/2019/05/old-slug/")
	if _, errOut := run(1, "remove", "/2019/05/old-slug"); !strings.Contains(errOut, "not found") {
		t.Errorf("removing twice: stderr %q", errOut)
	}
	run(2, "add", "/only-one")
	run(2, "rename", "/a", "/b")
}
