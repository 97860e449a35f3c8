package theme

import (
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestContrast reads the colour variables of both schemes from site.css and
// checks every foreground/background pair the theme uses against WCAG AA
// (4.5:1 for body-size text).
func TestContrast(t *testing.T) {
	b, err := fs.ReadFile(embedded, "static/site.css")
	if err != nil {
		t.Fatal(err)
	}
	css := string(b)
	light := vars(t, css[:strings.Index(css, "@media (prefers-color-scheme: dark)")])
	darkBlock := css[strings.Index(css, "@media (prefers-color-scheme: dark)"):]
	dark := vars(t, darkBlock[:strings.Index(darkBlock, "\n}\n")])
	pairs := [][2]string{
		{"--text", "--bg"}, {"--muted", "--bg"}, {"--accent", "--bg"},
		{"--text", "--bg-soft"}, {"--muted", "--bg-soft"}, {"--accent", "--bg-soft"},
		{"--text", "--accent-soft"}, {"--accent", "--accent-soft"},
	}
	for name, scheme := range map[string]map[string]string{"light": light, "dark": dark} {
		for _, p := range pairs {
			fg, bg := scheme[p[0]], scheme[p[1]]
			if fg == "" || bg == "" {
				t.Fatalf("%s scheme lacks %s or %s", name, p[0], p[1])
			}
			if r := ratio(t, fg, bg); r < 4.5 {
				t.Errorf("%s: %s %s on %s %s has contrast %.2f:1, want at least 4.5:1", name, p[0], fg, p[1], bg, r)
			}
		}
	}
}

var cssVar = regexp.MustCompile(`(--[a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;`)

func vars(t *testing.T, block string) map[string]string {
	out := map[string]string{}
	for _, m := range cssVar.FindAllStringSubmatch(block, -1) {
		out[m[1]] = m[2]
	}
	if len(out) == 0 {
		t.Fatal("no colour variables found")
	}
	return out
}

// ratio is the WCAG 2 contrast ratio of two #rrggbb colours.
func ratio(t *testing.T, a, b string) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(t *testing.T, hex string) float64 {
	var c [3]float64
	for i := range c {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		s := float64(v) / 255
		if s <= 0.03928 {
			c[i] = s / 12.92
		} else {
			c[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

func TestRatio(t *testing.T) {
	// Black on white is the maximum, 21:1; a colour on itself is 1:1.
	for _, tt := range []struct {
		a, b string
		want float64
	}{{"#000000", "#ffffff", 21}, {"#777777", "#777777", 1}, {"#767676", "#ffffff", 4.54}} {
		if got := ratio(t, tt.a, tt.b); math.Abs(got-tt.want) > 0.01 {
			t.Errorf("ratio(%s, %s) = %s, want %.2f", tt.a, tt.b, fmt.Sprintf("%.2f", got), tt.want)
		}
	}
}
