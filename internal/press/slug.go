package press

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSlugLen bounds slugs so URLs stay readable and indexes small.
const MaxSlugLen = 120

// fold maps common accented Latin letters to ASCII so that "Zürich" and
// "São Paulo" make readable slugs. The standard library has no Unicode
// decomposition, and the domain package takes no dependencies; this covers
// Latin-1 and Latin Extended-A, which is what outlet names and headlines use.
// Other letters (Arabic, Cyrillic, CJK …) are kept as they are: modern
// browsers show them in URLs, and dropping them would leave empty slugs.
var fold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a", 'æ': "ae",
	'ç': "c", 'ć': "c", 'ĉ': "c", 'ċ': "c", 'č': "c", 'ď': "d", 'đ': "d", 'ð': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ĕ': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ĝ': "g", 'ğ': "g", 'ġ': "g", 'ģ': "g", 'ĥ': "h", 'ħ': "h",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ĩ': "i", 'ī': "i", 'ĭ': "i", 'į': "i", 'ı': "i",
	'ĵ': "j", 'ķ': "k", 'ĺ': "l", 'ļ': "l", 'ľ': "l", 'ŀ': "l", 'ł': "l",
	'ñ': "n", 'ń': "n", 'ņ': "n", 'ň': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o",
	'ō': "o", 'ŏ': "o", 'ő': "o", 'œ': "oe", 'ŕ': "r", 'ŗ': "r", 'ř': "r",
	'ś': "s", 'ŝ': "s", 'ş': "s", 'š': "s", 'ß': "ss", 'ţ': "t", 'ť': "t", 'ŧ': "t", 'þ': "th",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ũ': "u", 'ū': "u", 'ŭ': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ŵ': "w", 'ý': "y", 'ÿ': "y", 'ŷ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
}

// Slugify turns a title or name into a URL slug: lower case, letters and
// digits kept (accented Latin letters folded to ASCII), everything else
// collapsed into single hyphens, trimmed to MaxSlugLen at a word boundary.
// It returns "" when s has no letters or digits.
func Slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		if f, ok := fold[r]; ok {
			b.WriteString(f)
			hyphen = false
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			hyphen = false
			continue
		}
		if r == '\'' || r == '’' {
			continue // "Women's rights" → "womens-rights", not "women-s-rights"
		}
		if !hyphen && b.Len() > 0 {
			b.WriteByte('-')
			hyphen = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > MaxSlugLen {
		cut := strings.LastIndexByte(out[:MaxSlugLen], '-')
		if cut <= 0 {
			cut = MaxSlugLen
			for cut > 0 && !utf8.RuneStart(out[cut]) {
				cut--
			}
		}
		out = strings.TrimSuffix(out[:cut], "-")
	}
	return out
}

// ValidSlug reports whether s is already a slug: non-empty, at most
// MaxSlugLen bytes, lower-case letters, digits and single inner hyphens.
func ValidSlug(s string) bool {
	if s == "" || len(s) > MaxSlugLen || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		switch {
		case r == '-':
		case unicode.IsDigit(r):
		case unicode.IsLetter(r) && !unicode.IsUpper(r):
		default:
			return false
		}
	}
	return true
}

// reservedSlugs are first path segments the site routes itself. A page
// with one of these slugs could never be reached, so it is refused.
var reservedSlugs = map[string]bool{
	"admin": true, "api": true, "archive": true, "articles": true, "assets": true,
	"atom.xml": true, "authors": true, "feed": true, "feed.json": true, "feed.xml": true,
	"healthz": true, "licensing": true, "login": true, "logout": true, "media": true, "members": true,
	"news-sitemap.xml": true, "oembed": true, "page": true, "robots.txt": true, "search": true,
	"setup": true, "sitemap.xml": true, "static": true, "favicon.ico": true,
	"sitemaps": true, "join": true, "signin": true, "signout": true, "account": true,
}

// ReservedSlug reports whether a page may not use slug because the site
// itself answers at /{slug}. Taxonomy slugs are reserved too; callers pass
// the site's taxonomies.
func ReservedSlug(slug string, taxonomies []Taxonomy) bool {
	if reservedSlugs[slug] {
		return true
	}
	for _, t := range taxonomies {
		if t.Slug == slug {
			return true
		}
	}
	return false
}
