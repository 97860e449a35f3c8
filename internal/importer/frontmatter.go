package importer

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/pressroomhq/pressroom/internal/press"
)

// doc decodes one YAML document (a file's front matter, site.yaml, or one
// item inside either) and remembers where each key was, so that a problem
// found later by a press Validate method can still be reported on its line.
type doc struct {
	file   string
	off    int            // added to a YAML line to make it a file line
	start  int            // the line reported when nothing better is known
	prefix string         // names this part of the file in messages, e.g. "terms.regions"
	lines  map[string]int // key path ("source.url") → file line
}

func newDoc(file string, off int) *doc {
	return &doc{file: file, off: off, start: 1, lines: map[string]int{}}
}

// sub returns a doc for the item n of d, whose messages start with prefix
// and whose keys are recorded apart from d's.
func (d *doc) sub(prefix string, n *yaml.Node) *doc {
	return &doc{file: d.file, off: d.off, start: d.line(n), prefix: prefix, lines: map[string]int{}}
}

func (d *doc) line(n *yaml.Node) int { return n.Line + d.off }

func (d *doc) failf(line int, format string, args ...any) error {
	return &Error{File: d.file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// name is how messages call the key at path p.
func (d *doc) name(p string) string {
	switch {
	case d.prefix == "":
		return p
	case p == "":
		return d.prefix
	}
	return d.prefix + "." + p
}

// lineOf is the line of the key at path p, or of its nearest enclosing key
// ("source" for "source.url"), or the start of the document.
func (d *doc) lineOf(p string) int {
	for p != "" {
		if l, ok := d.lines[p]; ok {
			return l
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return d.start
}

// invalid turns the first problem a press Validate method found into an
// *Error on the line of the field it names. One problem at a time matches
// how the rest of the importer reports, and the first is usually the cause.
func (d *doc) invalid(err error) error {
	if err == nil {
		return nil
	}
	var ve *press.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) == 0 {
		return d.failf(d.start, "%s", err)
	}
	f := ve.Fields[0]
	return d.failf(d.lineOf(f.Field), "%s: %s", d.name(f.Field), f.Message)
}

// parse decodes src into its top-level mapping, nil when src is empty or
// only comments. what names the document in messages.
func (d *doc) parse(src, what string) (*yaml.Node, error) {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		return nil, d.yamlError(err)
	}
	if n.Kind == 0 || len(n.Content) == 0 {
		return nil, nil
	}
	root := deref(n.Content[0])
	if isNull(root) {
		return nil, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, d.failf(d.line(root), "%s must be key: value lines", what)
	}
	return root, nil
}

// yamlError places a YAML syntax error on its file line. The parser only
// reports errors as text ("yaml: line 3: …"), so the line is read from it.
// That number is 1-based for the scanner's errors but 0-based for the
// parser's, which have their own messages; an error reported without a
// line is on the first line.
func (d *doc) yamlError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		num, after, found := strings.Cut(rest, ": ")
		if n, err := strconv.Atoi(num); found && err == nil {
			line, msg = n, after
			if zeroBased[msg] {
				line++
			}
		}
	}
	return d.failf(line+d.off, "invalid YAML: %s", msg)
}

// zeroBased are the YAML parser's (as opposed to scanner's) messages,
// whose line numbers count from zero.
var zeroBased = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found undefined tag handle":             true,
	"found duplicate %YAML directive":        true,
	"found duplicate %TAG directive":         true,
	"found incompatible YAML document":       true,
}

// entry is one key: value pair of a mapping.
type entry struct {
	key  string
	path string // key path inside the document, e.g. "source.url"
	line int    // of the key
	val  *yaml.Node
}

// mapping returns the pairs of the mapping n found at key path p, in
// order, recording their lines. A null value (an empty key) has no pairs.
// Repeated keys are refused: YAML leaves them undefined and the last one
// silently winning would hide a mistake.
func (d *doc) mapping(n *yaml.Node, p string) ([]entry, error) {
	if n == nil {
		return nil, nil
	}
	n = deref(n)
	if isNull(n) {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, d.failf(d.line(n), "%s: must be key: value lines, not %s", d.name(p), describe(n))
	}
	out := make([]entry, 0, len(n.Content)/2)
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := deref(n.Content[i])
		line := d.line(k)
		if k.Kind != yaml.ScalarNode {
			return nil, d.failf(line, "%s: keys must be plain names", d.name(p))
		}
		kp := k.Value
		if p != "" {
			kp = p + "." + k.Value
		}
		if at, dup := first[k.Value]; dup {
			return nil, d.failf(line, "%s: repeated (first set on line %d)", d.name(kp), at)
		}
		first[k.Value] = line
		d.lines[kp] = line
		out = append(out, entry{key: k.Value, path: kp, line: line, val: n.Content[i+1]})
	}
	return out, nil
}

// raw returns the text of a scalar value as written, "" for null.
func (d *doc) raw(e entry) (string, error) {
	v := deref(e.val)
	if v.Kind != yaml.ScalarNode {
		return "", d.failf(e.line, "%s: must be text, not %s", d.name(e.path), describe(v))
	}
	if isNull(v) {
		return "", nil
	}
	return v.Value, nil
}

// str returns a one-line text value, trimmed.
func (d *doc) str(e entry) (string, error) {
	s, err := d.raw(e)
	return strings.TrimSpace(s), err
}

// markdown returns a Markdown text value. Block scalars (|) end in a
// newline that means nothing to Markdown, so blank edges are trimmed.
func (d *doc) markdown(e entry) (press.Markdown, error) {
	s, err := d.raw(e)
	return press.Markdown{Source: trimBody(s)}, err
}

func (d *doc) boolean(e entry) (bool, error) {
	v := deref(e.val)
	if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!bool" {
		if b, err := strconv.ParseBool(v.Value); err == nil {
			return b, nil
		}
	}
	return false, d.failf(e.line, "%s: must be true or false", d.name(e.path))
}

func (d *doc) integer(e entry) (int, error) {
	v := deref(e.val)
	if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!int" {
		if n, err := strconv.Atoi(v.Value); err == nil {
			return n, nil
		}
	}
	return 0, d.failf(e.line, "%s: must be a whole number", d.name(e.path))
}

// list returns the items of a sequence value; null is an empty list. A
// single value is refused rather than taken as a one-item list, because
// "authors: Ana Ruiz, Lee Park" would otherwise become one author.
func (d *doc) list(e entry) ([]*yaml.Node, error) {
	v := deref(e.val)
	if isNull(v) {
		return nil, nil
	}
	if v.Kind != yaml.SequenceNode {
		return nil, d.failf(e.line, "%s: must be a list, such as [a, b]", d.name(e.path))
	}
	return v.Content, nil
}

// item is one text in a list, with its line.
type item struct {
	text string
	line int
}

// texts returns a list of non-empty one-line texts.
func (d *doc) texts(e entry) ([]item, error) {
	nodes, err := d.list(e)
	if err != nil {
		return nil, err
	}
	out := make([]item, 0, len(nodes))
	for _, n := range nodes {
		n = deref(n)
		if n.Kind != yaml.ScalarNode || isNull(n) || strings.TrimSpace(n.Value) == "" {
			return nil, d.failf(d.line(n), "%s: every item must be a name or slug", d.name(e.path))
		}
		out = append(out, item{text: strings.TrimSpace(n.Value), line: d.line(n)})
	}
	return out, nil
}

// dateLayouts are the forms a date may take. Layouts without a zone parse
// as UTC, which is what a date-only value means.
var dateLayouts = []string{
	"2006-01-02",
	"2006-01-02 15:04",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02T15:04:05",
	time.RFC3339, // also accepts fractional seconds
	"2006-01-02 15:04:05Z07:00",
}

// date returns a date value in UTC; null is the zero time.
func (d *doc) date(e entry) (time.Time, error) {
	s, err := d.str(e)
	if err != nil || s == "" {
		return time.Time{}, err
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, d.failf(e.line, "%s: %q is not a date; write 2015-10-22, 2015-10-22 14:30 or 2015-10-22T14:30:00+02:00", d.name(e.path), s)
}

func (d *doc) status(e entry) (press.Status, error) {
	s, err := d.str(e)
	if err != nil || s == "" {
		return press.StatusPublished, err
	}
	// Files hold finished or unfinished work; the other workflow states
	// (review, schedule, trash) belong to the admin.
	if st := press.Status(s); st == press.StatusDraft || st == press.StatusPublished {
		return st, nil
	}
	return "", d.failf(e.line, "%s: %q must be draft or published", d.name(e.path), s)
}

// languageTag is the shape of a BCP 47 tag, loose enough for any real one
// and strict enough to catch "English" or "en_US" before they reach a
// lang attribute.
var languageTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

func (d *doc) language(e entry) (string, error) {
	s, err := d.str(e)
	if err != nil || s == "" || languageTag.MatchString(s) {
		return s, err
	}
	return "", d.failf(e.line, "%s: %q is not a language tag such as en or pt-BR", d.name(e.path), s)
}

// unknown reports a key the document does not define, suggesting the
// nearest known one: typos must not be dropped silently, and the fix is
// usually one letter away. hint, when no key is near, says what is allowed.
func (d *doc) unknown(e entry, known []string, hint string) error {
	if s := nearest(e.key, known); s != "" {
		return d.failf(e.line, "unknown key %q (did you mean %q?)", d.name(e.path), s)
	}
	if hint == "" {
		hint = "known keys: " + strings.Join(known, ", ")
	}
	return d.failf(e.line, "unknown key %q (%s)", d.name(e.path), hint)
}

// nearest returns the entry of known closest to key when it is close
// enough to be a typo of it, or "".
func nearest(key string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		dist := distance(strings.ToLower(key), k)
		if dist < bestDist && dist < utf8.RuneCountInString(k) {
			best, bestDist = k, dist
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// deref follows an alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names the kind of a node for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "key: value lines"
	case yaml.SequenceNode:
		return "a list"
	}
	return "a single value"
}

// checkUTF8 refuses text that is not UTF-8, on the line of the first bad
// byte: a file saved as Latin-1 or UTF-16 would otherwise import as garbage.
func checkUTF8(name string, data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return &Error{File: name, Line: line, Msg: "is not valid UTF-8; save it as UTF-8"}
}

// normalize strips a byte order mark and turns CRLF line ends into LF, so
// files saved on Windows read like any other.
func normalize(data []byte) string {
	s := strings.TrimPrefix(string(data), "\ufeff")
	return strings.ReplaceAll(s, "\r\n", "\n")
}

// splitFront splits a Markdown file into its front matter and body. found
// reports whether the first line is "---"; closed whether another "---"
// line ends the front matter.
func splitFront(text string) (front, body string, found, closed bool) {
	first, rest, _ := strings.Cut(text, "\n")
	if strings.TrimRight(first, " \t") != "---" {
		return "", text, false, false
	}
	for off := 0; off <= len(rest); {
		line, _, more := strings.Cut(rest[off:], "\n")
		if strings.TrimRight(line, " \t") == "---" {
			return rest[:off], strings.TrimPrefix(rest[off+len(line):], "\n"), true, true
		}
		if !more {
			break
		}
		off += len(line) + 1
	}
	return "", "", true, false
}

// trimBody drops blank lines before and whitespace after a Markdown text.
// Leading spaces on the first line are kept: they may start a code block.
func trimBody(s string) string {
	for {
		line, rest, ok := strings.Cut(s, "\n")
		if !ok || strings.TrimSpace(line) != "" {
			break
		}
		s = rest
	}
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return strings.TrimRight(s, " \t\n")
}
