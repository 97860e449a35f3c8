package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/wxr"
)

// wxrPosts is how many posts the generated export holds;
// PRESSROOM_BENCH_WXR_POSTS overrides it for a quicker run.
func wxrPosts() int {
	if n, err := strconv.Atoi(os.Getenv("PRESSROOM_BENCH_WXR_POSTS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// writeWXR streams a WordPress export of n posts, generated from a fixed
// seed, to path: 50 authors, 40 categories, 200 tags, classic and block
// bodies of 1–6 kB with captions and embeds, a comment thread on every
// tenth post and a featured image (an attachment item after its post) on
// every fifth.
func writeWXR(tb testing.TB, path string, n int) int64 {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<16)
	rng := rand.New(rand.NewPCG(2026, 11))
	words := strings.Fields("port harbour crane ship cargo tide river drought levee grain tariff customs quay berth dredging " +
		"container freight union strike ledger ministry budget audit contract water basin pump canal delta silt")
	sentence := func() string {
		k := 8 + rng.IntN(12)
		ws := make([]string, k)
		for i := range ws {
			ws[i] = words[rng.IntN(len(words))]
		}
		ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
		return strings.Join(ws, " ") + "."
	}
	fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Benchmark Ledger</title><link>https://bench.example</link><wp:wxr_version>1.2</wp:wxr_version>
`)
	for i := 1; i <= 50; i++ {
		fmt.Fprintf(w, "<wp:author><wp:author_id>%d</wp:author_id><wp:author_login><![CDATA[writer%d]]></wp:author_login><wp:author_email>w%d@bench.example</wp:author_email><wp:author_display_name><![CDATA[Writer %d]]></wp:author_display_name></wp:author>\n", i, i, i, i)
	}
	for i := 1; i <= 40; i++ {
		parent := ""
		if i > 8 {
			parent = "cat-" + strconv.Itoa(1+i%8)
		}
		fmt.Fprintf(w, "<wp:category><wp:term_id>%d</wp:term_id><wp:category_nicename>cat-%d</wp:category_nicename><wp:category_parent>%s</wp:category_parent><wp:cat_name><![CDATA[Category %d]]></wp:cat_name></wp:category>\n", i, i, parent, i)
	}
	for i := 1; i <= 200; i++ {
		fmt.Fprintf(w, "<wp:tag><wp:term_id>%d</wp:term_id><wp:tag_slug>tag-%d</wp:tag_slug><wp:tag_name><![CDATA[Tag %d]]></wp:tag_name></wp:tag>\n", 1000+i, i, i)
	}
	start := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)
	id := 0
	for p := 1; p <= n; p++ {
		id++
		postID := id
		var body strings.Builder
		blocks := rng.IntN(3) == 0
		for k := 1 + rng.IntN(6); k > 0; k-- {
			para := sentence() + " " + sentence() + "\n" + sentence() + " " + sentence() + " " + sentence()
			if blocks {
				body.WriteString("<!-- wp:paragraph -->\n<p>" + strings.ReplaceAll(para, "\n", " ") + "</p>\n<!-- /wp:paragraph -->\n\n")
			} else {
				body.WriteString(para + "\n\n")
			}
		}
		if rng.IntN(4) == 0 {
			body.WriteString(`[caption id="attachment_1" align="alignnone" width="300"]<img src="https://bench.example/a.jpg" alt="A" /> A caption[/caption]` + "\n\n")
		}
		if rng.IntN(8) == 0 {
			body.WriteString("https://www.youtube.com/watch?v=" + strconv.Itoa(p) + "\n\n")
		}
		date := start.Add(time.Duration(p) * 47 * time.Minute).Format(time.DateTime)
		status := "publish"
		switch rng.IntN(20) {
		case 0:
			status = "draft"
		case 1:
			status = "trash"
		}
		title := sentence()
		fmt.Fprintf(w, "<item><title><![CDATA[%s]]></title><link>https://bench.example/%d/%s/</link><dc:creator><![CDATA[writer%d]]></dc:creator>"+
			"<content:encoded><![CDATA[%s]]></content:encoded><excerpt:encoded><![CDATA[%s]]></excerpt:encoded>"+
			"<wp:post_id>%d</wp:post_id><wp:post_date>%s</wp:post_date><wp:post_date_gmt>%s</wp:post_date_gmt><wp:post_name>%s</wp:post_name>"+
			"<wp:status>%s</wp:status><wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order><wp:post_type>post</wp:post_type>"+
			"<category domain=\"category\" nicename=\"cat-%d\"><![CDATA[Category]]></category><category domain=\"post_tag\" nicename=\"tag-%d\"><![CDATA[Tag]]></category>",
			title, p, press.Slugify(title), 1+rng.IntN(50), body.String(), sentence(), postID, date, date, press.Slugify(title), status, 1+rng.IntN(40), 1+rng.IntN(200))
		thumb := p%5 == 0
		if thumb {
			fmt.Fprintf(w, "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>%d</wp:meta_value></wp:postmeta>", postID+1)
		}
		if p%10 == 0 {
			for c := 1; c <= 3; c++ {
				parent := 0
				if c > 1 {
					parent = postID*10 + c - 1
				}
				fmt.Fprintf(w, "<wp:comment><wp:comment_id>%d</wp:comment_id><wp:comment_author><![CDATA[Reader]]></wp:comment_author><wp:comment_date_gmt>%s</wp:comment_date_gmt><wp:comment_content><![CDATA[%s]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>%d</wp:comment_parent></wp:comment>",
					postID*10+c, date, sentence(), parent)
			}
		}
		fmt.Fprint(w, "</item>\n")
		if thumb {
			id++
			fmt.Fprintf(w, "<item><title>image %d</title><wp:post_id>%d</wp:post_id><wp:status>inherit</wp:status><wp:post_parent>%d</wp:post_parent><wp:post_type>attachment</wp:post_type><wp:attachment_url>https://bench.example/uploads/%d.jpg</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>Alt %d</wp:meta_value></wp:postmeta></item>\n", p, id, postID, id, id)
		}
	}
	fmt.Fprint(w, "</channel>\n</rss>\n")
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	st, err := f.Stat()
	if err != nil {
		tb.Fatal(err)
	}
	return st.Size()
}

// peakSampler records the largest live heap (runtime/metrics
// /memory/classes/heap/objects:bytes, sampled every 20 ms) and the whole
// Go runtime's memory mapped from the OS (/memory/classes/total:bytes)
// while it runs.
type peakSampler struct {
	stop        chan struct{}
	done        sync.WaitGroup
	heap, total uint64
}

func startPeakSampler() *peakSampler {
	runtime.GC()
	p := &peakSampler{stop: make(chan struct{})}
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/total:bytes"}}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(samples)
			p.heap = max(p.heap, samples[0].Value.Uint64())
			p.total = max(p.total, samples[1].Value.Uint64())
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

func (p *peakSampler) finish() { close(p.stop); p.done.Wait() }

// BenchmarkImportWXR imports a generated export of 100,000 posts (plus
// 20,000 attachments and 30,000 comments) into an empty store, rendering
// every body, in one transaction. Run it once: -benchtime 1x.
func BenchmarkImportWXR(b *testing.B) {
	n := wxrPosts()
	path := filepath.Join(b.TempDir(), "export.xml")
	size := writeWXR(b, path, n)
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := presstest.MustStore(b, engine)
				nr := newsroom.New(db, presstest.Logger())
				taxonomies, err := db.Taxonomies(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				peak := startPeakSampler()
				b.StartTimer()
				t0 := time.Now()
				var st wxr.Stats
				_, err = nr.ImportStream(context.Background(), func(add func(press.Bundle) error) error {
					var err error
					st, err = wxr.Convert(context.Background(), path, func() (io.ReadCloser, error) { return os.Open(path) },
						wxr.Options{Taxonomies: taxonomies}, add)
					return err
				})
				elapsed := time.Since(t0)
				b.StopTimer()
				peak.finish()
				if err != nil {
					b.Fatal(err)
				}
				items := st.Articles + st.Pages + st.Attachments
				b.ReportMetric(float64(items)/elapsed.Seconds(), "items/s")
				b.ReportMetric(float64(peak.heap)/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(peak.total)/(1<<20), "peak-runtime-MB")
				b.ReportMetric(float64(size)/(1<<20), "file-MB")
				b.ReportMetric(float64(items), "items")
				b.StartTimer()
			}
		})
	}
}

// TestWriteWXR writes the benchmark's export to PRESSROOM_BENCH_WXR_OUT,
// to try "pressroom import wxr" on a large file; without it, it skips.
func TestWriteWXR(t *testing.T) {
	out := os.Getenv("PRESSROOM_BENCH_WXR_OUT")
	if out == "" {
		t.Skip("PRESSROOM_BENCH_WXR_OUT names no file to write")
	}
	writeWXR(t, out, wxrPosts())
}
