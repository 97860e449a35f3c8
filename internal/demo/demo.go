// Package demo installs the demo outlet, The Meridian Desk: a dozen
// authors, about sixty articles across regions, themes and two in-depth
// reports, pages and site texts. The content is ordinary Markdown with front
// matter, embedded in the binary and imported through the same importer an
// outlet uses, so the demo also exercises that path. All of it is fiction
// written for Pressroom.
package demo

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pressroomhq/pressroom/internal/importer"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
)

//go:embed content
var content embed.FS

// mediaPrefix is where the demo's images are referenced from; Install
// draws them into the media directory, which the site serves at /media/.
const mediaPrefix = "/media/demo/"

// Bundle reads the embedded demo content.
func Bundle(taxonomies []press.Taxonomy) (press.Bundle, error) {
	return importer.LoadFS(content, "content", importer.Options{Taxonomies: taxonomies})
}

// Install fills the site with the demo content when it has no articles yet,
// and reports whether it did. A site with content is left alone, so --demo
// is safe to pass on every start.
func Install(ctx context.Context, db *store.DB, nr *newsroom.Newsroom, mediaDir string) (bool, error) {
	existing, err := db.Articles(ctx, press.ArticleFilter{Limit: 1})
	if err != nil {
		return false, err
	}
	if existing.Total > 0 {
		return false, nil
	}
	taxonomies, err := db.Taxonomies(ctx)
	if err != nil {
		return false, err
	}
	b, err := Bundle(taxonomies)
	if err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	if err := writeImages(b, mediaDir); err != nil {
		return false, fmt.Errorf("demo: images: %w", err)
	}
	if _, err := nr.Import(ctx, b); err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	return true, nil
}

// writeImages draws every image the demo content refers to under
// mediaPrefix: the logo, author portraits and article illustrations.
func writeImages(b press.Bundle, mediaDir string) error {
	files := map[string][]byte{}
	add := func(src string, draw func(name string) []byte) {
		if name, ok := strings.CutPrefix(src, mediaPrefix); ok && !strings.Contains(name, "/") {
			files[name] = draw(strings.TrimSuffix(name, ".svg"))
		}
	}
	if b.Site != nil {
		add(b.Site.Logo, func(string) []byte { return logo() })
	}
	for _, a := range b.Authors {
		name := a.Name
		add(a.Photo, func(string) []byte { return portrait(name) })
	}
	for _, a := range b.Articles {
		add(a.Image.Src, illustration)
	}
	dir := filepath.Join(mediaDir, "demo")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Files lists the embedded content files, for tests.
func Files() ([]string, error) {
	var out []string
	err := fs.WalkDir(content, "content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	return out, err
}
