package markdown

import (
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// anchor is the self-link the pipeline appends to a heading with id.
func anchor(id string) string {
	return ` <a aria-label="Link to this section" class="anchor" href="#` + id + `">#</a>`
}

func TestArticleFeatures(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{
			name: "typographic quotes, dashes and ellipsis",
			src:  `"Nothing," she said -- it's the '90s --- wait...`,
			want: `<p>“Nothing,” she said – it’s the ’90s — wait…</p>`,
		},
		{
			name: "typographer leaves code alone",
			src:  "`\"a\" -- b`\n\n```\n\"a\" -- b...\n```",
			want: "<p><code>&#34;a&#34; -- b</code></p>\n<pre><code>&#34;a&#34; -- b...\n</code></pre>",
		},
		{
			name: "timestamps are left as written",
			src:  "The shelling began (at 12:34) and stopped at 13:05.",
			want: "<p>The shelling began (at 12:34) and stopped at 13:05.</p>",
		},
		{
			name: "table with alignment as attributes",
			src:  "| City | Deaths | Share |\n|:-----|-------:|:-----:|\n| Aleppo | 1,204 | 40% |",
			want: "<table>\n<thead>\n<tr>\n<th align=\"left\">City</th>\n<th align=\"right\">Deaths</th>\n<th align=\"center\">Share</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td align=\"left\">Aleppo</td>\n<td align=\"right\">1,204</td>\n<td align=\"center\">40%</td>\n</tr>\n</tbody>\n</table>",
		},
		{
			name: "strikethrough",
			src:  "The ~~minister~~ deputy minister resigned.",
			want: "<p>The <del>minister</del> deputy minister resigned.</p>",
		},
		{
			name: "footnotes",
			src:  "Claim.[^src]\n\n[^src]: Interview, 3 March.",
			want: "<p>Claim.<sup id=\"fnref:1\"><a class=\"footnote-ref\" href=\"#fn:1\" role=\"doc-noteref\">1</a></sup></p>\n" +
				"<div class=\"footnotes\" role=\"doc-endnotes\">\n<hr/>\n<ol>\n<li id=\"fn:1\">\n" +
				"<p>Interview, 3 March.\u00a0<a class=\"footnote-backref\" href=\"#fnref:1\" role=\"doc-backlink\">↩︎</a></p>\n</li>\n</ol>\n</div>",
		},
		{
			name: "autolinks: www, URL and e-mail",
			src:  "See www.example.org, <https://example.com/a?b=1&c=2> or desk@example.org.",
			want: `<p>See <a class="external" href="http://www.example.org" rel="noopener">www.example.org</a>, ` +
				`<a class="external" href="https://example.com/a?b=1&amp;c=2" rel="noopener">https://example.com/a?b=1&amp;c=2</a> ` +
				`or <a href="mailto:desk@example.org">desk@example.org</a>.</p>`,
		},
		{
			name: "heading ids, dedup and anchors",
			src:  "## Background\n\n## Background\n\n### Background 2\n\n## Women's rights in São Paulo",
			want: `<h2 id="background">Background` + anchor("background") + "</h2>\n" +
				`<h2 id="background-2">Background` + anchor("background-2") + "</h2>\n" +
				`<h3 id="background-2-2">Background 2` + anchor("background-2-2") + "</h3>\n" +
				`<h2 id="womens-rights-in-sao-paulo">Women’s rights in São Paulo` + anchor("womens-rights-in-sao-paulo") + "</h2>",
		},
		{
			name: "heading id from text, not from markup",
			src:  "## The [*leaked* report](https://example.org/r) & `code`",
			want: `<h2 id="the-leaked-report-code">The <a class="external" href="https://example.org/r" rel="noopener"><em>leaked</em> report</a> &amp; <code>code</code>` +
				anchor("the-leaked-report-code") + "</h2>",
		},
		{
			name: "heading without letters gets a fallback id",
			src:  "# ***\n\n# …",
			want: `<h1 id="section">***` + anchor("section") + "</h1>\n" +
				`<h1 id="section-2">…` + anchor("section-2") + "</h1>",
		},
		{
			name: "external links are marked",
			src:  "[UN report](https://www.un.org/report.pdf \"PDF\") and [old](HTTP://example.com) and [proto](//cdn.example.com/x)",
			want: `<p><a class="external" href="https://www.un.org/report.pdf" rel="noopener" title="PDF">UN report</a> and ` +
				`<a class="external" href="http://example.com" rel="noopener">old</a> and ` +
				`<a class="external" href="//cdn.example.com/x" rel="noopener">proto</a></p>`,
		},
		{
			name: "internal and non-web links are left alone",
			src:  "[about](/about) [up](../2024/03/) [sec](#method) [mail](mailto:desk@example.org) [call](tel:+441234)",
			want: `<p><a href="/about">about</a> <a href="../2024/03/">up</a> <a href="#method">sec</a> ` +
				`<a href="mailto:desk@example.org">mail</a> <a href="tel:+441234">call</a></p>`,
		},
		{
			name: "images keep alt and title and load lazily",
			src:  `![Protesters in Tahrir Square, 2011](/media/tahrir.jpg "Photo: A. Reporter")`,
			want: `<p><img alt="Protesters in Tahrir Square, 2011" loading="lazy" src="/media/tahrir.jpg" title="Photo: A. Reporter"/></p>`,
		},
		{
			name: "block quotes, Markdown and HTML with cite",
			src:  "> We will not leave.\n> -- a resident\n\n<blockquote cite=\"https://example.org/speech\"><p>Quoted.</p></blockquote>",
			want: "<blockquote>\n<p>We will not leave.\n– a resident</p>\n</blockquote>\n" +
				`<blockquote cite="https://example.org/speech"><p>Quoted.</p></blockquote>`,
		},
		{
			name: "fenced code with language class",
			src:  "```python\nprint(\"<b>\")\n```",
			want: "<pre><code class=\"language-python\">print(&#34;&lt;b&gt;&#34;)\n</code></pre>",
		},
		{
			name: "task list without form controls",
			src:  "- [x] verified\n- [ ] to check",
			want: "<ul>\n<li>☑ verified</li>\n<li>☐ to check</li>\n</ul>",
		},
		{
			name: "raw HTML figure survives",
			src: "<figure>\n<img src=\"https://cdn.example.org/a.jpg\" alt=\"A ruined street\" width=\"800\" height=\"600\" loading=\"lazy\">\n" +
				"<figcaption>Homs, 2014. <small>Photo: <cite>Agency</cite></small></figcaption>\n</figure>",
			want: "<figure>\n<img alt=\"A ruined street\" height=\"600\" loading=\"lazy\" src=\"https://cdn.example.org/a.jpg\" width=\"800\"/>\n" +
				"<figcaption>Homs, 2014. <small>Photo: <cite>Agency</cite></small></figcaption>\n</figure>",
		},
		{
			name: "inline HTML journalism needs",
			src:  `The <abbr title="United Nations">UN</abbr> said <q cite="https://un.org/x">enough</q> on <time datetime="2024-03-05">5 March</time>; H<sub>2</sub>O, x<sup>2</sup>, <mark>key</mark>.`,
			want: `<p>The <abbr title="United Nations">UN</abbr> said <q cite="https://un.org/x">enough</q> on <time datetime="2024-03-05">5 March</time>; H<sub>2</sub>O, x<sup>2</sup>, <mark>key</mark>.</p>`,
		},
		{
			name: "details and summary",
			src:  "<details>\n<summary>Methodology</summary>\n\nWe counted *twice*.\n\n</details>",
			want: "<details>\n<summary>Methodology</summary>\n<p>We counted <em>twice</em>.</p>\n</details>",
		},
		{
			name: "ordered list keeps its start",
			src:  "3. third\n4. fourth",
			want: "<ol start=\"3\">\n<li>third</li>\n<li>fourth</li>\n</ol>",
		},
		{
			name: "unbalanced raw HTML is balanced",
			src:  "<div>\n\nopen *div*\n\n</div></div></section>\n\nafter\n\n<div>never closed",
			want: "<div>\n<p>open <em>div</em></p>\n</div>\n<p>after</p>\n<div>never closed</div>",
		},
		{
			name: "dangerous Markdown links and images are replaced by their text",
			src:  "[click](javascript:alert(1)) ![pixel](data:image/gif;base64,R0lGOD) <vbscript:msgbox(1)>",
			want: "<p>click pixel vbscript:msgbox(1)</p>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Article(tt.src).HTML
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Article(%q).HTML mismatch (-want +got):\n%s", tt.src, diff)
			}
			if text := Text(tt.src); text != got {
				t.Errorf("Text(%q) = %q, want the Article HTML %q", tt.src, text, got)
			}
		})
	}
}

func TestExcerptAndWordCount(t *testing.T) {
	long := strings.Repeat("Residents of the besieged district said food had run out. ", 8)
	tests := []struct {
		name        string
		src         string
		wantExcerpt string
		wantWords   int
	}{
		{name: "empty", src: "", wantExcerpt: "", wantWords: 0},
		{name: "blank", src: " \n\n\t\n", wantExcerpt: "", wantWords: 0},
		{
			name:        "one short paragraph, markup stripped",
			src:         "The **ceasefire** held for [three days](https://example.org).",
			wantExcerpt: "The ceasefire held for three days.",
			wantWords:   6,
		},
		{
			name:        "headings are not the excerpt but are counted",
			src:         "# Title here\n\nFirst paragraph.",
			wantExcerpt: "First paragraph.",
			wantWords:   4,
		},
		{
			name: "short standfirst is followed by the lede, then stops",
			src: "*Updated.*\n\nThe lede is here and it is long enough to stand alone as an excerpt of " +
				"an article about the ceasefire, which held for three days before the shelling resumed.\n\nThird paragraph.",
			wantExcerpt: "Updated. The lede is here and it is long enough to stand alone as an excerpt of " +
				"an article about the ceasefire, which held for three days before the shelling resumed.",
			wantWords: 33,
		},
		{
			name:        "long text is cut at a word boundary with an ellipsis",
			src:         long,
			wantExcerpt: long[:299] + "…", // the 300th character is a space
			wantWords:   80,
		},
		{
			name:        "image-only paragraphs are skipped, alt text is not a word",
			src:         "![A photo of the square](/a.jpg)\n\nWords here.",
			wantExcerpt: "Words here.",
			wantWords:   2,
		},
		{
			name:        "footnotes count as words but stay out of the excerpt",
			src:         "One two.[^1]\n\n[^1]: Three four five.",
			wantExcerpt: "One two.",
			wantWords:   5,
		},
		{
			name:        "dashes and symbols are not words",
			src:         "Before --- after & beyond -- 2024",
			wantExcerpt: "Before — after & beyond – 2024",
			wantWords:   4,
		},
		{
			name:        "no paragraph falls back to all text",
			src:         "- first point\n- second point",
			wantExcerpt: "first point second point",
			wantWords:   4,
		},
		{
			name:        "raw HTML tags are not text",
			src:         "<figure><img src=\"/a.jpg\" alt=\"x\"><figcaption>Cap</figcaption></figure>\n\nBody <em>text</em>.",
			wantExcerpt: "Body text.",
			wantWords:   2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Article(tt.src)
			if got.Excerpt != tt.wantExcerpt {
				t.Errorf("Excerpt = %q, want %q", got.Excerpt, tt.wantExcerpt)
			}
			if got.WordCount != tt.wantWords {
				t.Errorf("WordCount = %d, want %d (plain text %q)", got.WordCount, tt.wantWords, Plain(tt.src))
			}
			if n := utf8.RuneCountInString(got.Excerpt); n > excerptMax+1 {
				t.Errorf("Excerpt has %d runes, want at most %d", n, excerptMax+1)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		s    string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"one two three four", 10, "one two…"},
		{"one two, three four", 9, "one two…"},         // the comma would dangle
		{"Zürich Zürich Zürich", 15, "Zürich Zürich…"}, // runes, not bytes
		{"https://example.org/a-very-long-url-without-spaces", 20, "https://example.org…"},
		{"a https://example.org/a-very-long-url-without-spaces", 20, "a https://example.or…"}, // the only space is too early to cut at
	}
	for _, tt := range tests {
		if got := truncate(tt.s, tt.max); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.s, tt.max, got, tt.want)
		}
	}
}

func TestPlain(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"", ""},
		{"# Heading\n\nPara *one*\nline two.", "Heading Para one line two."},
		{`AT&amp;T \*not emphasis\* &copy; &#8212; 5 &lt; 6`, "AT&T *not emphasis* © — 5 < 6"},
		{"`a &amp; <b>` and `x`", "a &amp; <b> and x"},
		{`"Quoted" -- it's`, "“Quoted” – it’s"},
		{"Before <span class=\"x\">inside</span> after\n\n<div>block html</div>", "Before inside after"},
		{"![alt](/a.jpg) caption", "caption"},
		{"| a | b |\n|---|---|\n| c | d |", "a b c d"},
		{"Note[^1]\n\n[^1]: Source.", "Note Source."},
		{"- [x] done\n- [ ] open", "done open"},
		{"<https://example.org> www.example.com", "https://example.org www.example.com"},
		{"    indented code\n\n```\nfenced\n```", "indented code fenced"},
	}
	for _, tt := range tests {
		if got := Plain(tt.src); got != tt.want {
			t.Errorf("Plain(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestComment(t *testing.T) {
	const rel = `rel="nofollow ugc noopener"`
	tests := []struct {
		name string
		src  string
		want string
	}{
		{
			name: "emphasis, strikethrough and code",
			src:  "*Really?* **Yes.** ~~No~~ `x := 1`",
			want: "<p><em>Really?</em> <strong>Yes.</strong> <del>No</del> <code>x := 1</code></p>",
		},
		{
			name: "links get nofollow ugc noopener",
			src:  "[source](https://example.org/a) and [article](/articles/x) and www.example.com",
			want: `<p><a class="external" href="https://example.org/a" ` + rel + `>source</a> and ` +
				`<a href="/articles/x" ` + rel + `>article</a> and ` +
				`<a class="external" href="http://www.example.com" ` + rel + `>www.example.com</a></p>`,
		},
		{
			name: "headings stay paragraphs",
			src:  "# Shouting\n\nSetext\n===",
			want: "<p># Shouting</p>\n<p>Setext\n===</p>",
		},
		{
			name: "images become links",
			src:  "![my photo](https://example.org/p.jpg) and ![](https://example.org/q.jpg)",
			want: `<p><a class="external" href="https://example.org/p.jpg" ` + rel + `>my photo</a> and ` +
				`<a class="external" href="https://example.org/q.jpg" ` + rel + `>https://example.org/q.jpg</a></p>`,
		},
		{
			name: "raw HTML is shown as typed",
			src:  "I <3 this <b>bold</b> claim",
			want: "<p>I &lt;3 this &lt;b&gt;bold&lt;/b&gt; claim</p>",
		},
		{
			name: "block quotes, lists and fenced code",
			src:  "> quoted\n\n1. one\n2. two\n\n- a\n\n```js\nalert(1)\n```",
			want: "<blockquote>\n<p>quoted</p>\n</blockquote>\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n<ul>\n<li>a</li>\n</ul>\n" +
				"<pre><code class=\"language-js\">alert(1)\n</code></pre>",
		},
		{
			name: "no tables, footnotes or task lists",
			src:  "| a | b |\n|---|---|\n\nsee[^1]\n\n- [x] z",
			want: "<p>| a | b |\n|—|—|</p>\n<p>see[^1]</p>\n<ul>\n<li>[x] z</li>\n</ul>",
		},
		{
			name: "thematic breaks are text",
			src:  "above\n\n***\n\nbelow",
			want: "<p>above</p>\n<p>***</p>\n<p>below</p>",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Comment(tt.src)); diff != "" {
				t.Errorf("Comment(%q) mismatch (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

// TestConcurrent renders from many goroutines at once: the converters and
// policies are shared, built once, and must be safe for that (run with
// -race to make this test bite).
func TestConcurrent(t *testing.T) {
	src := "## Head\n\nText with [a link](https://example.org) and a note.[^1]\n\n[^1]: Note."
	want := Article(src)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				if got := Article(src); got != want {
					t.Errorf("concurrent Article = %+v, want %+v", got, want)
					return
				}
				_ = Comment(src)
			}
		})
	}
	wg.Wait()
}

func TestUniqueID(t *testing.T) {
	ids := idSet{used: map[string]bool{}, next: map[string]int{}}
	var got []string
	for _, base := range []string{"a", "a", "a-2", "", "a", "section", ""} {
		got = append(got, ids.unique(base))
	}
	want := []string{"a", "a-2", "a-2-2", "section", "a-3", "section-2", "section-3"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("unique ids mismatch (-want +got):\n%s", diff)
	}

	// Thousands of equal headings: each must still get its own id.
	src := strings.Repeat("## Update\n\n", 3000)
	html := Article(src).HTML
	for _, id := range []string{`id="update"`, `id="update-2"`, `id="update-3000"`} {
		if !strings.Contains(html, id) {
			t.Errorf("3000 equal headings: output lacks %s", id)
		}
	}
}
