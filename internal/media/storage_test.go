package media_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/media"
)

func TestDisk(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d := media.NewDisk(dir)
	start := time.Now().Add(-time.Second)
	if err := d.Put(ctx, "2026/11/a.jpg", strings.NewReader("first")); err != nil {
		t.Fatal(err)
	}
	// Put never replaces.
	err := d.Put(ctx, "2026/11/a.jpg", strings.NewReader("second"))
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("second Put: %v, want fs.ErrExist", err)
	}
	f, err := d.Open(ctx, "2026/11/a.jpg")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(f)
	f.Close()
	if string(body) != "first" || f.Size() != 5 || f.ModTime().Before(start) {
		t.Errorf("Open: %q, size %d, modtime %v", body, f.Size(), f.ModTime())
	}
	// No temporary files are left beside it.
	entries, _ := os.ReadDir(filepath.Join(dir, "2026", "11"))
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want 1", len(entries))
	}
	for _, key := range []string{"2026", "2026/11", "../x", "/etc/passwd", "a/../../b", `a\b`, ""} {
		if _, err := d.Open(ctx, key); err == nil {
			t.Errorf("Open(%q) succeeded", key)
		}
		if err := d.Put(ctx, key, strings.NewReader("x")); err == nil {
			t.Errorf("Put(%q) succeeded", key)
		}
	}
	if err := d.Delete(ctx, "2026/11/a.jpg"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Open(ctx, "2026/11/a.jpg"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open after Delete: %v, want fs.ErrNotExist", err)
	}
	if err := d.Delete(ctx, "2026/11/a.jpg"); err != nil {
		t.Errorf("second Delete: %v, want nil", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "2026")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("empty folders left behind: %v", err)
	}
}

func TestDiskPutFailureLeavesNothing(t *testing.T) {
	ctx := context.Background()
	d := media.NewDisk(t.TempDir())
	err := d.Put(ctx, "x/b.jpg", io.MultiReader(strings.NewReader("part"), failing{}))
	if err == nil {
		t.Fatal("Put succeeded")
	}
	if _, err := d.Open(ctx, "x/b.jpg"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after a failed Put: %v, want fs.ErrNotExist", err)
	}
	// The key is free again.
	if err := d.Put(ctx, "x/b.jpg", strings.NewReader("ok")); err != nil {
		t.Error(err)
	}
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("connection reset") }
