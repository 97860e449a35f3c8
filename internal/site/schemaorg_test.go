package site_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

// vocab is the schema.org vocabulary, read from the release file in the
// shared test data (../shared/testdata/schemaorg, beside the repository).
type vocab struct {
	super      map[string][]string // class → its direct superclasses
	dataType   map[string]bool     // Text, Date, Number … and their subclasses are data types
	props      map[string]vocabProp
	superseded map[string]string // term → the term that replaces it
}

type vocabProp struct {
	domains, ranges []string
}

var schemaOrg struct {
	once sync.Once
	v    *vocab
	err  error
	path string
}

// mustVocab returns the schema.org vocabulary, read once per test binary.
// Without the shared test data the test skips, except under CI=true.
func mustVocab(t *testing.T) *vocab {
	t.Helper()
	schemaOrg.once.Do(func() {
		schemaOrg.path, schemaOrg.err = vocabPath()
		if schemaOrg.err == nil {
			schemaOrg.v, schemaOrg.err = loadVocab(schemaOrg.path)
		}
	})
	if os.IsNotExist(schemaOrg.err) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("schema.org vocabulary: %v", schemaOrg.err)
		}
		t.Skipf("schema.org vocabulary not found (%v); it comes with the shared test data beside the repository", schemaOrg.err)
	}
	if schemaOrg.err != nil {
		t.Fatalf("schema.org vocabulary: %v", schemaOrg.err)
	}
	return schemaOrg.v
}

// vocabPath finds the vocabulary relative to the repository root (the
// folder holding go.mod), where the shared test data sits beside it.
func vocabPath() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			p := filepath.Join(dir, "..", "shared", "testdata", "schemaorg", "schemaorg-all-https.jsonld")
			_, err := os.Stat(p)
			return p, err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

func loadVocab(path string) (*vocab, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Graph []map[string]json.RawMessage `json:"@graph"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	v := &vocab{super: map[string][]string{}, dataType: map[string]bool{}, props: map[string]vocabProp{}, superseded: map[string]string{}}
	for _, n := range doc.Graph {
		var id string
		json.Unmarshal(n["@id"], &id)
		types := ids(n["@type"])
		if by := ids(n["schema:supersededBy"]); len(by) > 0 {
			v.superseded[id] = by[0]
		}
		switch {
		case slices.Contains(types, "rdfs:Class"):
			v.super[id] = ids(n["rdfs:subClassOf"])
			if slices.Contains(types, "schema:DataType") {
				v.dataType[id] = true
			}
		case slices.Contains(types, "rdf:Property"):
			v.props[id] = vocabProp{domains: ids(n["schema:domainIncludes"]), ranges: ids(n["schema:rangeIncludes"])}
		}
	}
	if len(v.super) < 500 || len(v.props) < 1000 {
		return nil, fmt.Errorf("%s: only %d classes and %d properties", path, len(v.super), len(v.props))
	}
	// Subclasses of data types (URL of Text, Integer of Number) are data
	// types too.
	for c := range v.super {
		for d := range v.dataType {
			if v.isA(c, d) {
				v.dataType[c] = true
			}
		}
	}
	return v, nil
}

// ids reads a JSON-LD reference or list of references: {"@id": …} or a
// string, or a list of them.
func ids(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		list = []json.RawMessage{raw}
	}
	var out []string
	for _, item := range list {
		var ref struct {
			ID string `json:"@id"`
		}
		var s string
		if json.Unmarshal(item, &ref) == nil && ref.ID != "" {
			out = append(out, ref.ID)
		} else if json.Unmarshal(item, &s) == nil {
			out = append(out, s)
		}
	}
	return out
}

// isA reports whether class c is want or a subclass of it, through any
// chain of rdfs:subClassOf.
func (v *vocab) isA(c, want string) bool {
	if c == want {
		return true
	}
	for _, s := range v.super[c] {
		if v.isA(s, want) {
			return true
		}
	}
	return false
}

// anyIsA reports whether one of classes is one of wants or below it.
func (v *vocab) anyIsA(classes, wants []string) bool {
	for _, c := range classes {
		for _, w := range wants {
			if v.isA(c, w) {
				return true
			}
		}
	}
	return false
}

var (
	isoDate     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	isoDateTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$`)
)

// check validates a JSON-LD document against the vocabulary: its context
// is schema.org; every @type is a class and every property exists, is not
// superseded, and is used on a type in its domain (or below one); every
// value is in its range: a node of a type in the range (or below), or a
// literal of a data type the range includes. It returns one line per
// problem, and the type.property pairs it saw.
func (v *vocab) check(doc []byte) (problems, used []string) {
	var root map[string]any
	if err := json.Unmarshal(doc, &root); err != nil {
		return []string{"not a JSON object: " + err.Error()}, nil
	}
	if root["@context"] != "https://schema.org" {
		problems = append(problems, fmt.Sprintf("@context is %v, want https://schema.org", root["@context"]))
	}
	seen := map[string]bool{}
	var node func(path string, n map[string]any)
	node = func(path string, n map[string]any) {
		var types []string
		switch t := n["@type"].(type) {
		case string:
			types = []string{"schema:" + t}
		case []any:
			for _, x := range t {
				s, _ := x.(string)
				types = append(types, "schema:"+s)
			}
		}
		for _, t := range types {
			if _, ok := v.super[t]; !ok || v.dataType[t] {
				problems = append(problems, fmt.Sprintf("%s: @type %s is not a schema.org class", path, t))
			} else if by := v.superseded[t]; by != "" {
				problems = append(problems, fmt.Sprintf("%s: @type %s is superseded by %s", path, t, by))
			}
		}
		keys := make([]string, 0, len(n))
		for k := range n {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if strings.HasPrefix(k, "@") {
				continue
			}
			at := path + "." + k
			if len(types) == 0 {
				problems = append(problems, fmt.Sprintf("%s: a node without @type has properties", at))
				continue
			}
			p, ok := v.props["schema:"+k]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: %s is not a schema.org property", at, k))
				continue
			}
			if by := v.superseded["schema:"+k]; by != "" {
				problems = append(problems, fmt.Sprintf("%s: %s is superseded by %s", at, k, by))
			}
			if !v.anyIsA(types, p.domains) {
				problems = append(problems, fmt.Sprintf("%s: %s is not a property of %v (its domain: %v)", at, k, types, p.domains))
			}
			for _, t := range types {
				seen[strings.TrimPrefix(t, "schema:")+"."+k] = true
			}
			values, isList := n[k].([]any)
			if !isList {
				values = []any{n[k]}
			}
			for i, val := range values {
				vat := at
				if isList {
					vat = fmt.Sprintf("%s[%d]", at, i)
				}
				if msg := v.inRange(val, p.ranges); msg != "" {
					problems = append(problems, fmt.Sprintf("%s: %s (its range: %v)", vat, msg, p.ranges))
				}
				if child, ok := val.(map[string]any); ok {
					node(vat, child)
				}
			}
		}
	}
	nodes, _ := root["@graph"].([]any)
	if nodes == nil {
		nodes = []any{root}
	}
	for i, n := range nodes {
		m, ok := n.(map[string]any)
		if !ok {
			problems = append(problems, fmt.Sprintf("@graph[%d] is not a node", i))
			continue
		}
		node(fmt.Sprintf("@graph[%d]", i), m)
	}
	for k := range seen {
		used = append(used, k)
	}
	sort.Strings(used)
	return problems, used
}

// inRange says why val is not a value of a property with ranges, or "".
func (v *vocab) inRange(val any, ranges []string) string {
	has := func(want ...string) bool { return v.anyIsA(ranges, want) }
	switch x := val.(type) {
	case map[string]any:
		t, ok := x["@type"].(string)
		if !ok {
			if _, ref := x["@id"]; ref && len(x) == 1 {
				return "" // a reference to a node described elsewhere
			}
			return "a node without @type"
		}
		if !v.anyIsA([]string{"schema:" + t}, ranges) {
			return "a " + t + " is not in the range"
		}
	case string:
		switch {
		case strings.HasPrefix(x, "https://") || strings.HasPrefix(x, "http://"):
			if !has("schema:URL") && !slices.Contains(ranges, "schema:Text") {
				return "a URL is not in the range"
			}
		case isoDateTime.MatchString(x):
			if !slices.Contains(ranges, "schema:DateTime") && !slices.Contains(ranges, "schema:Text") {
				return "a date and time is not in the range"
			}
		case isoDate.MatchString(x):
			if !slices.Contains(ranges, "schema:Date") && !slices.Contains(ranges, "schema:DateTime") && !slices.Contains(ranges, "schema:Text") {
				return "a date is not in the range"
			}
		default:
			// Text itself, not URL or another narrower data type.
			if !slices.Contains(ranges, "schema:Text") {
				return fmt.Sprintf("text %q is not in the range", x)
			}
		}
	case float64:
		if !has("schema:Number") {
			return "a number is not in the range"
		}
	case bool:
		if !has("schema:Boolean") {
			return "a boolean is not in the range"
		}
	default:
		return fmt.Sprintf("%T is not a JSON-LD value", val)
	}
	return ""
}

// TestSchemaOrgChecker: the checker finds each kind of mistake, so a page
// that passes it has none of them.
func TestSchemaOrgChecker(t *testing.T) {
	v := mustVocab(t)
	good := `{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"H","datePublished":"2026-03-04T09:30:00Z",
		"author":[{"@type":"Person","name":"A","url":"https://a.example/"}],"publisher":{"@type":"NewsMediaOrganization","name":"O","logo":{"@type":"ImageObject","url":"https://o.example/l.png"}},
		"isPartOf":{"@type":"CreativeWorkSeries","name":"S"},"copyrightYear":2025,"mainEntityOfPage":{"@id":"https://x.example/"}}]}`
	if problems, used := v.check([]byte(good)); len(problems) != 0 || !slices.Contains(used, "NewsArticle.headline") || !slices.Contains(used, "NewsMediaOrganization.logo") {
		t.Errorf("a good document: problems %q, used %q", problems, used)
	}
	for _, tt := range []struct{ doc, want string }{
		{`{"@context":"http://schema.org","@type":"Person","name":"A"}`, "@context"},
		{`{"@context":"https://schema.org","@type":"NewsStory","name":"A"}`, "NewsStory is not a schema.org class"},
		{`{"@context":"https://schema.org","@type":"Text"}`, "Text is not a schema.org class"},
		{`{"@context":"https://schema.org","@type":"Person","nickname":"A"}`, "nickname is not a schema.org property"},
		{`{"@context":"https://schema.org","@type":"Person","logo":"https://a.example/l.png"}`, "logo is not a property of [schema:Person]"},
		{`{"@context":"https://schema.org","@type":"Article","copyrightHolder":"Ana"}`, `text "Ana" is not in the range`},
		{`{"@context":"https://schema.org","@type":"Article","author":{"@type":"ImageObject","url":"https://a.example/"}}`, "a ImageObject is not in the range"},
		{`{"@context":"https://schema.org","@type":"Article","url":"not a url"}`, `text "not a url" is not in the range`},
		{`{"@context":"https://schema.org","@type":"Article","copyrightYear":"2025"}`, `text "2025" is not in the range`},
		{`{"@context":"https://schema.org","@type":"Article","headline":7}`, "a number is not in the range"},
		{`{"@context":"https://schema.org","@type":"Article","author":{"name":"A"}}`, "a node without @type"},
		{`{"@context":"https://schema.org","@type":"Article","isPartOf":{"@type":"CreativeWorkSeries","logo":"https://a.example/"}}`, "isPartOf.logo: logo is not a property of [schema:CreativeWorkSeries]"},
		{`{"@context":"https://schema.org","@type":"Article","publisher":{"@type":"Organization","members":[{"@type":"Person","name":"A"}]}}`, "members is superseded by schema:member"},
	} {
		problems, _ := v.check([]byte(tt.doc))
		if !strings.Contains(strings.Join(problems, "\n"), tt.want) {
			t.Errorf("%s\n  problems %q\n  want one mentioning %q", tt.doc, problems, tt.want)
		}
	}
}
