// Package media turns uploaded images into the files Pressroom serves
// (checked by content, metadata stripped, upright, with resized variants
// for srcset) and keeps those files in a Storage: a folder on disk by
// default, a shared store (S3, a database) later, behind one interface
// that the admin writes through and the public site reads through.
package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Storage keeps media files under slash-separated keys such as
// "2026/11/harbour.jpg". Implementations are safe for concurrent use.
type Storage interface {
	// Put stores the bytes of r under key. It never replaces a file:
	// when key is taken it returns an error matching fs.ErrExist and
	// leaves the stored file alone. Nothing is left under key when Put
	// fails for another reason.
	Put(ctx context.Context, key string, r io.Reader) error
	// Open returns the file stored under key, or an error matching
	// fs.ErrNotExist. The caller closes it.
	Open(ctx context.Context, key string) (File, error)
	// Delete removes the file stored under key. Deleting a missing key is
	// not an error, so that a half-finished delete can be retried.
	Delete(ctx context.Context, key string) error
}

// File is a stored file as http.ServeContent wants it: seekable, with its
// time of last change and its size.
type File interface {
	io.ReadSeekCloser
	ModTime() time.Time
	Size() int64
}

// ErrInvalidKey is returned for keys that are not clean relative paths
// (fs.ValidPath): empty, absolute, with "." or ".." elements, or
// backslashes.
var ErrInvalidKey = errors.New("media: invalid key")

// ValidKey reports whether key may name a stored file.
func ValidKey(key string) bool {
	return key != "." && fs.ValidPath(key) && !strings.Contains(key, `\`)
}

// Disk is a Storage in a folder of the local file system, the data
// folder's media directory by default. Directories are created as needed;
// a file appears under its key only once it is completely written.
type Disk struct {
	dir string
}

// NewDisk returns the storage in dir, which need not exist yet.
func NewDisk(dir string) *Disk { return &Disk{dir: dir} }

// Dir returns the folder the files are kept in.
func (d *Disk) Dir() string { return d.dir }

func (d *Disk) path(key string) (string, error) {
	if !ValidKey(key) || d.dir == "" {
		return "", fmt.Errorf("%w: %q", ErrInvalidKey, key)
	}
	return filepath.Join(d.dir, filepath.FromSlash(key)), nil
}

// Put writes r to a temporary file beside the key's, then moves it into
// place. The key is reserved first with an exclusive create, so two
// uploads racing for one name cannot replace each other.
func (d *Disk) Put(ctx context.Context, key string, r io.Reader) (err error) {
	name, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o750); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	reserve, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	reserve.Close()
	defer func() {
		if err != nil {
			os.Remove(name)
		}
	}()
	tmp, err := os.CreateTemp(filepath.Dir(name), ".upload-*")
	if err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = io.Copy(tmp, contextReader{ctx, r}); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	if err = os.Chmod(tmp.Name(), 0o640); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	if err = os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	return nil
}

// Open opens the file under key. Directories are not files: opening one
// is fs.ErrNotExist, so that nothing can list the folder.
func (d *Disk) Open(ctx context.Context, key string) (File, error) {
	name, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("media: open %s: %w", key, err)
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || strings.HasPrefix(path.Base(key), ".upload-") {
		f.Close()
		return nil, fmt.Errorf("media: open %s: %w", key, fs.ErrNotExist)
	}
	return diskFile{f, info}, nil
}

// Delete removes the file under key, and its folder when that is left
// empty.
func (d *Disk) Delete(ctx context.Context, key string) error {
	name, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("media: delete %s: %w", key, err)
	}
	// Best effort: fails, as it should, while the folder holds files.
	for dir := path.Dir(key); dir != "."; dir = path.Dir(dir) {
		if os.Remove(filepath.Join(d.dir, filepath.FromSlash(dir))) != nil {
			break
		}
	}
	return nil
}

type diskFile struct {
	*os.File
	info fs.FileInfo
}

func (f diskFile) ModTime() time.Time { return f.info.ModTime() }
func (f diskFile) Size() int64        { return f.info.Size() }

// contextReader stops a copy when its context is cancelled.
type contextReader struct {
	ctx context.Context
	r   io.Reader
}

func (c contextReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
