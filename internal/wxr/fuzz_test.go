package wxr

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/press"
)

// FuzzConvert: no input makes the reader or the mapping panic, and every
// failure is an *Error with a position.
func FuzzConvert(f *testing.F) {
	for _, p := range []string{"testdata/traps.xml", filepath.Join(shared, "crazy-cdata-escaped.xml"), filepath.Join(shared, "test-serialized-postmeta-with-cdata.xml")} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(`<rss><channel><item><wp:post_id xmlns:wp="http://wordpress.org/export/1.2/">1</wp:post_id></item></channel></rss>`)
	f.Fuzz(func(t *testing.T, doc string) {
		_, err := Convert(context.Background(), "f.xml", func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(doc)), nil },
			Options{Taxonomies: press.DefaultTaxonomies()}, func(press.Bundle) error { return nil })
		var we *Error
		if err != nil && (!errors.As(err, &we) || we.Line < 1) {
			t.Fatalf("error %v is not an *Error with a line", err)
		}
	})
}
