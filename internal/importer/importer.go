// Package importer reads a site written as Markdown files with YAML front
// matter into a press.Bundle. It only reads and checks: rendering and
// storing are the newsroom's job, so the same bundle can be stored in one
// transaction or thrown away when a later file turns out to be broken.
//
// # Layout
//
// An imported folder may hold, at any depth:
//
//   - site.yaml at its root: the site settings, taxonomies, terms and menus;
//   - authors/…/*.md: one author each (front matter, then the bio);
//   - pages/…/*.md: one standalone page each;
//   - any other *.md or *.markdown file: one article each.
//
// Hidden files and folders (names starting with "."), symbolic links and
// files of other types are skipped, so a Git checkout imports as it is. A
// README.md without front matter is skipped too, because site repositories
// commonly carry one; with front matter it imports like any other file.
// Files are read one at a time: site.yaml first, then authors, pages and
// articles, each in sorted path order, so every file can be checked
// completely when it is read and a given tree always yields the same bundle
// and the same first error. The bundle lists things in that order too.
//
// # Rules the issue left open
//
//   - A published article or page needs a non-empty body; a draft may be
//     empty, so an editor can import placeholders. Author bios are optional.
//   - Dates without a time zone are UTC; date-only values are midnight UTC.
//   - Term and author lists must be YAML lists, even of one item, so that
//     "authors: Ana Ruiz, Lee Park" cannot become one author.
//   - References to authors and terms match a declared one by slug, then by
//     name (ignoring case), then by the slug the reference would make; a name
//     shared by two terms must be referred to by slug.
//   - Listing the same author or term twice on one article is an error, as
//     is a second site.yaml in one import or a site.yaml below the root.
//   - In site.yaml, a term may be written as just its name; taxonomy
//     positions follow the list; a taxonomy may not take the slug of an
//     article front-matter key. Site-declared terms are returned parents
//     first, whatever order site.yaml declares them in, so they can be stored
//     in bundle order; a loop of parents is an error.
//   - language values must look like BCP 47 tags; author emails must be
//     bare addresses.
//   - Files larger than 8 MiB are refused, to bound memory per file.
package importer

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Options describes the site the files are imported into.
type Options struct {
	// Taxonomies are the taxonomies the site already has. Their slugs, and
	// those a site.yaml declares, are the front-matter keys an article may
	// use for term lists; their slugs are also refused as page slugs. There
	// is no implicit default: a caller without a store passes
	// press.DefaultTaxonomies(). When a taxonomy slug equals an article
	// field name (say "source"), the field wins.
	Taxonomies []press.Taxonomy
}

// Error is a problem with the content of one imported file. Line is the
// 1-based line of the offending key when known, else of the start of the
// front matter, or 0 when the problem concerns the file as a whole.
// Every *Error matches press.ErrInvalid under errors.Is. Errors reading the
// disk are returned as they are, not as *Error.
type Error struct {
	File string
	Line int
	Msg  string
}

// Error returns "file:line: msg", or "file: msg" when the line is unknown.
func (e *Error) Error() string {
	if e.Line > 0 {
		return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Msg
	}
	return e.File + ": " + e.Msg
}

// Is makes errors.Is(err, press.ErrInvalid) true, so callers can treat a
// broken import like any other invalid input.
func (e *Error) Is(target error) bool { return target == press.ErrInvalid }

// maxFileSize bounds what one file may make the importer hold in memory.
// Eight mebibytes is far more than any article or site.yaml needs.
const maxFileSize = 8 << 20

// kind is what a file describes, decided by its name and folder.
type kind int

const (
	kindNone kind = iota
	kindSite
	kindAuthor
	kindPage
	kindArticle
)

// file is one file found for reading. name is what errors call it.
type file struct {
	name string
	kind kind
	open func() (fs.File, error)
}

// Load reads the files and folders at paths. A folder contributes every
// file below it as described in the package documentation, and its
// site.yaml when it has one at its root. A file named directly is read
// whatever its name (a hidden file or a symbolic link included, since the
// caller asked for it); its kind follows the folders in the path as given,
// so "site/authors/lina.md" is an author. Naming a file that is neither
// Markdown nor site.yaml is an error rather than silently doing nothing.
// Errors name files as the caller wrote the path, joined with
// filepath.Join for files found inside a folder. A file reached twice
// through overlapping paths is read once.
func Load(paths []string, opt Options) (press.Bundle, error) {
	if len(paths) == 0 {
		return press.Bundle{}, errors.New("importer: no files or folders to load")
	}
	var files []file
	seen := map[string]bool{}
	add := func(f file) {
		key, err := filepath.Abs(f.name)
		if err != nil {
			key = f.name
		}
		if !seen[key] {
			seen[key] = true
			files = append(files, f)
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return press.Bundle{}, fmt.Errorf("importer: %w", err)
		}
		if !info.IsDir() {
			k, err := classify(filepath.ToSlash(p), true)
			if err != nil {
				return press.Bundle{}, &Error{File: p, Msg: err.Error()}
			}
			add(file{name: p, kind: k, open: func() (fs.File, error) { return os.Open(p) }})
			continue
		}
		name := func(rel string) string { return filepath.Join(p, filepath.FromSlash(rel)) }
		if err := collect(os.DirFS(p), ".", name, add); err != nil {
			return press.Bundle{}, err
		}
	}
	return load(files, opt)
}

// LoadFS is Load for one file or folder root inside fsys (the embedded demo
// site, a test's fstest.MapFS). Errors name files by their path in fsys. An
// empty root means ".".
func LoadFS(fsys fs.FS, root string, opt Options) (press.Bundle, error) {
	if root == "" {
		root = "."
	}
	info, err := fs.Stat(fsys, root)
	if err != nil {
		return press.Bundle{}, fmt.Errorf("importer: %w", err)
	}
	var files []file
	add := func(f file) { files = append(files, f) }
	if !info.IsDir() {
		k, err := classify(root, true)
		if err != nil {
			return press.Bundle{}, &Error{File: root, Msg: err.Error()}
		}
		add(file{name: root, kind: k, open: func() (fs.File, error) { return fsys.Open(root) }})
	} else {
		name := func(rel string) string { return path.Join(root, rel) }
		if err := collect(fsys, root, name, add); err != nil {
			return press.Bundle{}, err
		}
	}
	return load(files, opt)
}

// collect walks root in fsys and adds every file worth reading. name turns
// a path relative to root into the name errors use.
func collect(fsys fs.FS, root string, name func(rel string) string, add func(file)) error {
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == root {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir // .git, .obsidian and the like
			}
			return nil
		}
		// A symbolic link could lead outside the tree or round in a
		// loop; devices and pipes are never content.
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		rel := p
		if root != "." {
			rel = strings.TrimPrefix(p, root+"/")
		}
		k, err := classify(rel, false)
		if err != nil {
			return &Error{File: name(rel), Msg: err.Error()}
		}
		if k != kindNone {
			add(file{name: name(rel), kind: k, open: func() (fs.File, error) { return fsys.Open(p) }})
		}
		return nil
	})
	var ie *Error
	if err != nil && !errors.As(err, &ie) {
		return fmt.Errorf("importer: %w", err)
	}
	return err
}

// classify decides what the file at the slash-separated path rel describes.
// explicit is true for a file the caller named, which is read even when a
// folder walk would skip it.
func classify(rel string, explicit bool) (kind, error) {
	base, dir := path.Base(rel), path.Dir(rel)
	atRoot := explicit || dir == "."
	switch {
	case base == "site.yaml" && atRoot:
		return kindSite, nil
	case base == "site.yaml":
		// Silently ignoring it would hide settings the user meant to apply.
		return kindNone, errors.New("site.yaml is read only at the root of an imported folder")
	case base == "site.yml" && atRoot:
		return kindNone, errors.New("site.yml is not read; name it site.yaml")
	}
	switch strings.ToLower(path.Ext(base)) {
	case ".md", ".markdown":
	default:
		if explicit {
			return kindNone, errors.New("not a Markdown file (.md, .markdown) or site.yaml")
		}
		return kindNone, nil
	}
	for _, part := range strings.Split(dir, "/") {
		switch part {
		case "authors":
			return kindAuthor, nil
		case "pages":
			return kindPage, nil
		}
	}
	return kindArticle, nil
}

// load reads files into a bundle. Kinds are read in dependency order (the
// site declares taxonomies and terms, articles refer to authors) so that
// every file is complete and checked as soon as it is read.
func load(files []file, opt Options) (press.Bundle, error) {
	slices.SortStableFunc(files, func(a, b file) int { return strings.Compare(a.name, b.name) })
	l := newLoader(opt)
	for _, k := range []kind{kindSite, kindAuthor, kindPage, kindArticle} {
		for _, f := range files {
			if f.kind != k {
				continue
			}
			data, err := readFile(f)
			if err != nil {
				return press.Bundle{}, err
			}
			if err := l.read(f, data); err != nil {
				return press.Bundle{}, err
			}
		}
	}
	return l.bundle, nil
}

// readFile reads f whole, refusing files too large to hold.
func readFile(f file) ([]byte, error) {
	r, err := f.open()
	if err != nil {
		return nil, fmt.Errorf("importer: %w", err)
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("importer: %s: %w", f.name, err)
	}
	if len(data) > maxFileSize {
		return nil, &Error{File: f.name, Msg: "is larger than 8 MiB"}
	}
	return data, nil
}
