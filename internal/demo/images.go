package demo

import (
	"fmt"
	"hash/fnv"
	"html"
	"strings"
)

// The demo's pictures are drawn, not shipped: small SVGs derived from a
// name, so the binary carries no image files and every picture is ours.

var palettes = [][3]string{
	{"#1f3a5f", "#4f7cac", "#c0d6df"},
	{"#5b2333", "#a4494d", "#f2c5a0"},
	{"#2d4a3e", "#5f8f6f", "#d8e2c4"},
	{"#4a3b2a", "#a07d4a", "#efe0c0"},
	{"#2b2d42", "#8d99ae", "#edf2f4"},
	{"#3d2c52", "#7d5ba6", "#e3d7f0"},
}

func seed(name string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(name))
	return h.Sum32()
}

// illustration draws a topographic motif: contour lines around a few
// centres, in one of the palettes.
func illustration(name string) []byte {
	s := seed(name)
	next := func(n uint32) int { s = s*1664525 + 1013904223; return int((s >> 8) % n) }
	p := palettes[next(uint32(len(palettes)))]
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 675" width="1200" height="675">`)
	fmt.Fprintf(&b, `<rect width="1200" height="675" fill="%s"/>`, p[0])
	for c := 0; c < 3; c++ {
		cx, cy := 150+next(900), 100+next(475)
		for r := 40; r < 520; r += 38 + next(20) {
			fmt.Fprintf(&b, `<ellipse cx="%d" cy="%d" rx="%d" ry="%d" fill="none" stroke="%s" stroke-opacity="0.%d" stroke-width="2" transform="rotate(%d %d %d)"/>`,
				cx, cy, r, r*2/3+next(30), p[1+c%2], 35+next(50), next(180), cx, cy)
		}
	}
	fmt.Fprintf(&b, `<rect y="600" width="1200" height="75" fill="%s" fill-opacity="0.85"/></svg>`, p[0])
	return []byte(b.String())
}

// portrait draws a circle with the person's initials.
func portrait(name string) []byte {
	p := palettes[seed(name)%uint32(len(palettes))]
	var initials []rune
	for _, f := range strings.Fields(name) {
		initials = append(initials, []rune(f)[0])
	}
	if len(initials) > 2 {
		initials = []rune{initials[0], initials[len(initials)-1]}
	}
	return []byte(fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 160" width="160" height="160">`+
		`<rect width="160" height="160" fill="%s"/><circle cx="80" cy="80" r="62" fill="%s"/>`+
		`<text x="80" y="80" dy="0.35em" text-anchor="middle" font-family="Georgia, serif" font-size="52" fill="%s">%s</text></svg>`,
		p[2], p[0], p[2], html.EscapeString(strings.ToUpper(string(initials)))))
}

// logo draws The Meridian Desk's mark: a meridian arc over a horizon.
func logo() []byte {
	return []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">` +
		`<rect width="64" height="64" rx="12" fill="#8a1c1c"/>` +
		`<path d="M32 10a22 22 0 0 1 0 44a22 22 0 0 1 0-44z" fill="none" stroke="#fdfcf9" stroke-width="3"/>` +
		`<path d="M32 10c-9 8-9 36 0 44M32 10c9 8 9 36 0 44" fill="none" stroke="#fdfcf9" stroke-width="2"/>` +
		`<path d="M10 38h44" stroke="#fdfcf9" stroke-width="3"/></svg>`)
}
