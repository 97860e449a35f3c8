package cite

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/press"
)

var day = time.Date(2026, 3, 4, 23, 30, 0, 0, time.UTC)

func people(names ...string) []Name {
	out := make([]Name, len(names))
	for i, n := range names {
		out[i] = SplitName(n)
	}
	return out
}

// base is a signed, dated piece; the cases below change one thing each.
func base() Work {
	return Work{Title: "The water war nobody names", Authors: people("Ana Ruiz"), Site: "The Test Desk",
		Published: day, URL: "https://desk.example/articles/water-war", Language: "en"}
}

func with(f func(w *Work)) Work {
	w := base()
	f(&w)
	return w
}

var (
	two      = with(func(w *Work) { w.Authors = people("Ana Ruiz", "Lee Park") })
	three    = with(func(w *Work) { w.Authors = people("Ana María Ruiz", "Jean-Paul Sartre", "Ludwig van Beethoven") })
	seven    = with(func(w *Work) { w.Authors = people("A Aa", "B Bb", "C Cc", "D Dd", "E Ee", "F Ff", "G Gg") })
	unsigned = with(func(w *Work) { w.Authors = nil })
	crossed  = with(func(w *Work) {
		w.Original = press.Source{Name: "Basin Monitor", URL: "https://basin.example/orig?a=1&b=2%20"}
	})
	quoting = with(func(w *Work) { w.Title = `Who pays for the "free" water? Dams & 100% of {costs}` })
)

func TestSplitName(t *testing.T) {
	for in, want := range map[string]Name{
		"Ana Ruiz":             {"Ana", "Ruiz"},
		"  Ana   María Ruiz ":  {"Ana María", "Ruiz"},
		"Ludwig van Beethoven": {"Ludwig", "van Beethoven"},
		"Ana de la Cruz":       {"Ana", "de la Cruz"},
		"bell hooks":           {"bell", "hooks"},
		"Amira al-Haddad":      {"Amira", "al-Haddad"},
		"Ruiz, Ana":            {"Ana", "Ruiz"},
		"Zendaya":              {"", "Zendaya"},
		"王小明":                  {"", "王小明"},
		"":                     {"", ""},
	} {
		if got := SplitName(in); got != want {
			t.Errorf("SplitName(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestAPA(t *testing.T) {
	for _, tt := range []struct {
		name string
		w    Work
		want string
	}{
		{"one author", base(), "Ruiz, A. (2026, March 4). _The water war nobody names_. The Test Desk. https://desk.example/articles/water-war"},
		{"two authors", two, "Ruiz, A., & Park, L. (2026, March 4). _The water war nobody names_. The Test Desk. https://desk.example/articles/water-war"},
		{"three authors, initials and particles", three, "Ruiz, A. M., Sartre, J.-P., & van Beethoven, L. (2026, March 4). _The water war nobody names_. The Test Desk. https://desk.example/articles/water-war"},
		{"no author: the site is the group author", unsigned, "The Test Desk. (2026, March 4). _The water war nobody names_. https://desk.example/articles/water-war"},
		{"cross-posted", crossed, "Ruiz, A. (2026, March 4). _The water war nobody names_. The Test Desk. https://desk.example/articles/water-war (Original work published by Basin Monitor)"},
		{"question mark ends the title", quoting, `Ruiz, A. (2026, March 4). _Who pays for the "free" water? Dams & 100% of {costs}_. The Test Desk. https://desk.example/articles/water-war`},
		{"title ending in a question mark", with(func(w *Work) { w.Title = "Who pays?" }), "Ruiz, A. (2026, March 4). _Who pays?_ The Test Desk. https://desk.example/articles/water-war"},
		{"mononym", with(func(w *Work) { w.Authors = people("Zendaya") }), "Zendaya. (2026, March 4). _The water war nobody names_. The Test Desk. https://desk.example/articles/water-war"},
	} {
		if got := markup(tt.w.APA()); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
	many := with(func(w *Work) {
		w.Authors = nil
		for i := 1; i <= 22; i++ {
			w.Authors = append(w.Authors, Name{Given: "Given", Family: "F" + strconv.Itoa(i)})
		}
	})
	if got := many.APA().String(); !strings.HasPrefix(got, "F1, G., F2, G.,") || !strings.Contains(got, "F19, G., . . . F22, G. (2026") || strings.Contains(got, "F20") {
		t.Errorf("22 authors: %s", got)
	}
}

func TestMLA(t *testing.T) {
	for _, tt := range []struct {
		name string
		w    Work
		want string
	}{
		{"one author", base(), "Ruiz, Ana. “The water war nobody names.” _The Test Desk_, 4 Mar. 2026, desk.example/articles/water-war."},
		{"two authors", two, "Ruiz, Ana, and Lee Park. “The water war nobody names.” _The Test Desk_, 4 Mar. 2026, desk.example/articles/water-war."},
		{"three or more: et al.", three, "Ruiz, Ana María, et al. “The water war nobody names.” _The Test Desk_, 4 Mar. 2026, desk.example/articles/water-war."},
		{"no author: begins with the title", unsigned, "“The water war nobody names.” _The Test Desk_, 4 Mar. 2026, desk.example/articles/water-war."},
		{"cross-posted", crossed, "Ruiz, Ana. “The water war nobody names.” _The Test Desk_, 4 Mar. 2026, desk.example/articles/water-war. Originally published in _Basin Monitor_."},
		{"quotes inside the title", quoting, "Ruiz, Ana. “Who pays for the ‘free’ water? Dams & 100% of {costs}.” _The Test Desk_, 4 Mar. 2026, desk.example/articles/water-war."},
		{"curly quotes, question mark", with(func(w *Work) {
			w.Title = "The “ledger” speaks?"
			w.Published = time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
		}),
			"Ruiz, Ana. “The ‘ledger’ speaks?” _The Test Desk_, 1 Sept. 2025, desk.example/articles/water-war."},
		{"short month in full", with(func(w *Work) { w.Published = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC) }),
			"Ruiz, Ana. “The water war nobody names.” _The Test Desk_, 30 June 2025, desk.example/articles/water-war."},
	} {
		if got := markup(tt.w.MLA()); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestChicago(t *testing.T) {
	for _, tt := range []struct {
		name string
		w    Work
		want string
	}{
		{"one author", base(), "Ruiz, Ana. “The water war nobody names.” _The Test Desk_, March 4, 2026. https://desk.example/articles/water-war."},
		{"two authors", two, "Ruiz, Ana, and Lee Park. “The water war nobody names.” _The Test Desk_, March 4, 2026. https://desk.example/articles/water-war."},
		{"three authors", three, "Ruiz, Ana María, Jean-Paul Sartre, and Ludwig van Beethoven. “The water war nobody names.” _The Test Desk_, March 4, 2026. https://desk.example/articles/water-war."},
		{"seven authors: three and et al.", seven, "Aa, A, B Bb, C Cc, et al. “The water war nobody names.” _The Test Desk_, March 4, 2026. https://desk.example/articles/water-war."},
		{"no author", unsigned, "“The water war nobody names.” _The Test Desk_, March 4, 2026. https://desk.example/articles/water-war."},
		{"cross-posted", crossed, "Ruiz, Ana. “The water war nobody names.” _The Test Desk_, March 4, 2026. https://desk.example/articles/water-war. Originally published in _Basin Monitor_."},
		{"quotes inside the title", quoting, "Ruiz, Ana. “Who pays for the ‘free’ water? Dams & 100% of {costs}.” _The Test Desk_, March 4, 2026. https://desk.example/articles/water-war."},
	} {
		if got := markup(tt.w.Chicago()); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

// markup writes italics as _…_ so expected references read like the style
// guides print them.
func markup(t Text) string {
	var b strings.Builder
	for _, s := range t {
		if s.Italic {
			b.WriteString("_" + s.Text + "_")
		} else {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func TestTextRuns(t *testing.T) {
	got := base().MLA()
	want := Text{{Text: "Ruiz, Ana. “The water war nobody names.” "}, {Text: "The Test Desk", Italic: true}, {Text: ", 4 Mar. 2026, desk.example/articles/water-war."}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("runs (-want +got):\n%s", diff)
	}
	if got.String() != "Ruiz, Ana. “The water war nobody names.” The Test Desk, 4 Mar. 2026, desk.example/articles/water-war." {
		t.Errorf("String = %q", got.String())
	}
}

func TestBibTeX(t *testing.T) {
	for _, tt := range []struct {
		name string
		w    Work
		want string
	}{
		{"one author", base(), `@article{ruiz2026water,
  author = {Ruiz, Ana},
  title = {{The water war nobody names}},
  journal = {The Test Desk},
  year = {2026},
  month = mar,
  date = {2026-03-04},
  url = {https://desk.example/articles/water-war},
}
`},
		{"authors with particles, a mononym and the word and", with(func(w *Work) {
			w.Authors = append(people("Ludwig van Beethoven", "Zendaya"), Name{Given: "Sand and", Family: "Sea"})
		}), `@article{vanbeethoven2026water,
  author = {van Beethoven, Ludwig and {Zendaya} and Sea, {Sand and}},
  title = {{The water war nobody names}},
  journal = {The Test Desk},
  year = {2026},
  month = mar,
  date = {2026-03-04},
  url = {https://desk.example/articles/water-war},
}
`},
		{"no author, cross-posted, special characters", with(func(w *Work) {
			w.Authors = nil
			w.Title = `Who pays? 100% & $5 for #water_rights {now} ~ ^ \ "done"`
			w.Original = crossed.Original
			w.URL = "https://desk.example/articles/{x} y"
		}), `@article{thetestdesk2026who,
  title = {{Who pays? 100\% \& \$5 for \#water\_rights \{now\} \textasciitilde{} \textasciicircum{} \textbackslash{} "done"}},
  journal = {The Test Desk},
  year = {2026},
  month = mar,
  date = {2026-03-04},
  url = {https://desk.example/articles/%7Bx%7D%20y},
  note = {Originally published by Basin Monitor: https://basin.example/orig?a=1\&b=2\%20},
}
`},
	} {
		if diff := cmp.Diff(tt.want, tt.w.BibTeX()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestBibTeXBraces: whatever the title, the braces of every field balance,
// or BibTeX would read the rest of the file into it.
func TestBibTeXBraces(t *testing.T) {
	for _, title := range []string{"}{", "{", "}", `\}`, `a\`, "x}}}", "{{{y"} {
		w := with(func(w *Work) { w.Title = title; w.Authors = people("Ana }Ruiz") })
		depth := 0
		b := w.BibTeX()
		for i := 0; i < len(b); i++ {
			switch b[i] {
			case '\\':
				i++ // an escaped character
			case '{':
				depth++
			case '}':
				depth--
			}
			if depth < 0 {
				t.Fatalf("title %q: unbalanced braces in\n%s", title, b)
			}
		}
		if depth != 0 {
			t.Errorf("title %q: %d braces left open in\n%s", title, depth, b)
		}
	}
}

func TestKey(t *testing.T) {
	for _, tt := range []struct {
		w    Work
		want string
	}{
		{base(), "ruiz2026water"},
		{with(func(w *Work) { w.Authors = people("Zoë Ångström"); w.Title = "The Ørsted deal" }), "angstrom2026orsted"},
		{with(func(w *Work) { w.Authors = people("أمينة حداد"); w.Title = "سوريا" }), "article2026"},
		{with(func(w *Work) { w.Published = time.Time{}; w.Title = "A of the" }), "ruiz"},
	} {
		if got := tt.w.Key(); got != tt.want {
			t.Errorf("Key(%v, %q) = %q, want %q", tt.w.Authors, tt.w.Title, got, tt.want)
		}
	}
}

func TestRIS(t *testing.T) {
	w := with(func(w *Work) {
		w.Authors = people("Ana Ruiz", "Ludwig van Beethoven")
		w.Title = "Water,\nwar &\t\"peace\""
		w.Abstract = "Dams, drought and a quiet contest."
		w.Original = crossed.Original
	})
	want := strings.Join([]string{
		"TY  - NEWS",
		"AU  - Ruiz, Ana",
		"AU  - van Beethoven, Ludwig",
		`TI  - Water, war & "peace"`,
		"T2  - The Test Desk",
		"PY  - 2026",
		"DA  - 2026/03/04/",
		"UR  - https://desk.example/articles/water-war",
		"LA  - en",
		"AB  - Dams, drought and a quiet contest.",
		"N1  - Originally published by Basin Monitor: https://basin.example/orig?a=1&b=2%20",
		"ER  - ",
		"",
	}, "\r\n")
	if diff := cmp.Diff(want, w.RIS()); diff != "" {
		t.Errorf("RIS (-want +got):\n%s", diff)
	}
	if got := unsigned.RIS(); strings.Contains(got, "AU  -") || !strings.HasPrefix(got, "TY  - NEWS\r\nTI  - ") {
		t.Errorf("unsigned RIS:\n%s", got)
	}
}

func TestFromArticle(t *testing.T) {
	site := &press.Site{Name: "The Test Desk", BaseURL: "https://desk.example/", Language: "en"}
	a := &press.Article{Slug: "sūq", Title: "T", Dek: "D", PublishedAt: day.In(time.FixedZone("x", 5*3600)),
		Authors: []press.Author{{Name: "Ana Ruiz"}, {Name: "Bo"}}, Source: press.Source{Name: "S", URL: "https://s.example"}}
	want := Work{Title: "T", Abstract: "D", Authors: []Name{{"Ana", "Ruiz"}, {"", "Bo"}}, Site: "The Test Desk",
		Published: day, URL: "https://desk.example/articles/s%C5%AB" + "q", Language: "en", Original: a.Source}
	if diff := cmp.Diff(want, FromArticle(a, site)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	a.Language = "fr"
	if got := FromArticle(a, site).Language; got != "fr" {
		t.Errorf("Language = %q, want the article's own", got)
	}
}
