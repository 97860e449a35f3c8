package theme

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"
)

// Catalog holds every string the theme shows in one language, and how that
// language writes dates. Adding a language is adding one file,
// messages/{tag}.json, with the same keys as en.json.
type Catalog struct {
	Lang     string            `json:"lang"`
	Dir      string            `json:"dir"`         // "ltr" or "rtl"
	Months   []string          `json:"months"`      // January … December
	DateForm string            `json:"date_format"` // "{month} {day}, {year}"
	Messages map[string]string `json:"messages"`
}

// M returns the message key with its {0}, {1} … placeholders filled from
// args. A missing key returns the key itself, so a gap shows on the page
// instead of failing it; a test keeps every catalog complete.
func (c *Catalog) M(key string, args ...any) string {
	msg, ok := c.Messages[key]
	if !ok {
		return key
	}
	if len(args) == 0 {
		return msg
	}
	pairs := make([]string, 0, 2*len(args))
	for i, a := range args {
		pairs = append(pairs, "{"+strconv.Itoa(i)+"}", fmt.Sprint(a))
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}

// N returns the plural form of key for n: key+".one" when n is 1, else
// key+".other", with {0} replaced by n. This is English-shaped plural
// logic; a language with more forms adds keys and a rule here.
func (c *Catalog) N(key string, n int) string {
	if n == 1 {
		return c.M(key+".one", n)
	}
	return c.M(key+".other", n)
}

// Date formats t (in UTC, the newsroom's reference) as the language writes
// a date.
func (c *Catalog) Date(t time.Time) string {
	t = t.UTC()
	return strings.NewReplacer(
		"{month}", c.Months[t.Month()-1],
		"{day}", strconv.Itoa(t.Day()),
		"{year}", strconv.Itoa(t.Year()),
	).Replace(c.DateForm)
}

// MonthYear formats a calendar month, e.g. "March 2026".
func (c *Catalog) MonthYear(year int, month time.Month) string {
	return c.M("month_year", c.Months[month-1], year)
}

func loadCatalogs(fsys fs.FS) (map[string]*Catalog, error) {
	files, err := fs.Glob(fsys, "messages/*.json")
	if err != nil {
		return nil, err
	}
	out := make(map[string]*Catalog, len(files))
	for _, name := range files {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var c Catalog
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("theme: %s: %w", name, err)
		}
		tag := strings.TrimSuffix(path.Base(name), ".json")
		if c.Lang != tag {
			return nil, fmt.Errorf("theme: %s: lang is %q, want %q", name, c.Lang, tag)
		}
		if len(c.Months) != 12 || c.DateForm == "" {
			return nil, fmt.Errorf("theme: %s: needs 12 months and a date_format", name)
		}
		if c.Dir == "" {
			c.Dir = "ltr"
		}
		out[tag] = &c
	}
	if out["en"] == nil {
		return nil, fmt.Errorf("theme: messages/en.json is missing")
	}
	return out, nil
}

// HTML is M for messages that carry markup in their arguments: the message
// text and plain arguments are escaped, template.HTML arguments (links built
// by the theme) are inserted as they are.
func (c *Catalog) HTML(key string, args ...any) template.HTML {
	msg, ok := c.Messages[key]
	if !ok {
		msg = key
	}
	pairs := make([]string, 0, 2*len(args))
	for i, a := range args {
		var v string
		switch a := a.(type) {
		case template.HTML:
			v = string(a)
		default:
			v = template.HTMLEscapeString(fmt.Sprint(a))
		}
		pairs = append(pairs, "{"+strconv.Itoa(i)+"}", v)
	}
	return template.HTML(strings.NewReplacer(pairs...).Replace(template.HTMLEscapeString(msg)))
}
