package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pressroomhq/pressroom/internal/api"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/server"
)

// doc is the OpenAPI document as the API serves it.
type doc map[string]any

func mustDoc(t *testing.T, base string) doc {
	t.Helper()
	return getJSON[doc](t, base+"/api/v1/openapi.json", http.StatusOK)
}

// obj is a JSON object of the document; a missing one is empty.
func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// resolve follows $ref pointers within the document.
func (d doc) resolve(s map[string]any) map[string]any {
	for i := 0; i < 10; i++ {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		var v any = map[string]any(d)
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			v = obj(v)[part]
		}
		s = obj(v)
	}
	return s
}

// basePath is where the document's paths are, from its servers.
func (d doc) basePath() string {
	servers, _ := d["servers"].([]any)
	if len(servers) != 1 {
		return ""
	}
	return obj(servers[0])["url"].(string)
}

// recorder is an api.Router that records the patterns registered on it.
type recorder struct{ patterns []string }

func (r *recorder) Handle(p string, h http.Handler) { r.patterns = append(r.patterns, p) }
func (r *recorder) HandleFunc(p string, h func(http.ResponseWriter, *http.Request)) {
	r.patterns = append(r.patterns, p)
}

// TestOpenAPIRoutes: the document describes exactly the routes of the
// API's route table.
func TestOpenAPIRoutes(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	d := mustDoc(t, s.URL)
	if d["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v", d["openapi"])
	}
	rec := &recorder{}
	api.New(s.DB, presstest.Logger(), api.Options{}).Register(rec)
	base := d.basePath()
	var routes []string
	for _, p := range rec.patterns {
		method, path, _ := strings.Cut(p, " ")
		switch {
		case p == "/api/":
			continue // the catch-all
		case method != "GET" || !strings.HasPrefix(path, base+"/"):
			t.Errorf("route %q: the API serves GET under %s only", p, base)
			continue
		}
		routes = append(routes, strings.TrimPrefix(path, base))
	}
	var documented []string
	for path, item := range obj(d["paths"]) {
		for method := range obj(item) {
			if method != "get" && method != "parameters" {
				t.Errorf("%s %s is documented; the API is read-only", method, path)
			}
		}
		documented = append(documented, path)
	}
	sort.Strings(routes)
	sort.Strings(documented)
	for _, r := range routes {
		if !slices.Contains(documented, r) {
			t.Errorf("route GET %s%s is not in openapi.json", base, r)
		}
	}
	for _, p := range documented {
		if !slices.Contains(routes, p) {
			t.Errorf("openapi.json documents %s%s, which no route serves", base, p)
		}
	}
}

// TestOpenAPIResponses requests every documented operation: plainly, with
// each documented parameter set to its example, and in each documented
// failure, and checks every answer against its documented schema, to the
// bottom: no field undocumented, none documented missing, every type and
// format as said.
func TestOpenAPIResponses(t *testing.T) {
	t.Parallel()
	s := mustFixtureSite(t)
	limited := mustServer(t, s, server.Options{APIRate: rate(t, "1/h")})
	d := mustDoc(t, s.URL)
	base := d.basePath()
	for path, item := range obj(d["paths"]) {
		op := obj(obj(item)["get"])
		responses := obj(op["responses"])
		// The target with path parameters set to their examples, and one
		// with them set to what does not exist.
		target, missing := path, path
		var query []map[string]any
		params, _ := op["parameters"].([]any)
		for _, p := range params {
			p := d.resolve(obj(p))
			switch p["in"] {
			case "path":
				target = strings.ReplaceAll(target, "{"+p["name"].(string)+"}", fmt.Sprint(p["example"]))
				missing = strings.ReplaceAll(missing, "{"+p["name"].(string)+"}", "no-such-thing")
			case "query":
				query = append(query, p)
			}
		}
		target, missing = s.URL+base+target, s.URL+base+missing
		check := func(url string, status int, partial bool) {
			t.Helper()
			resp := obj(responses[fmt.Sprint(status)])
			if resp == nil {
				t.Errorf("GET %s: %d is not documented", url, status)
				return
			}
			schema := obj(obj(obj(d.resolve(resp)["content"])["application/json"])["schema"])
			var body any
			if err := json.Unmarshal([]byte(presstest.MustGet(t, url, status).Body), &body); err != nil {
				t.Fatal(err)
			}
			for _, problem := range d.check("", body, schema, partial) {
				t.Errorf("GET %s: %s", url, problem)
			}
		}

		check(target, http.StatusOK, false)
		for _, p := range query {
			name := p["name"].(string)
			example, ok := p["example"]
			if !ok {
				t.Errorf("%s: parameter %s has no example", path, name)
				continue
			}
			check(target+"?"+url.Values{name: {fmt.Sprint(example)}}.Encode(), http.StatusOK, name == "fields")
		}
		// Every endpoint refuses unknown parameters.
		check(target+"?bogus=1", http.StatusBadRequest, false)
		if missing != target {
			check(missing, http.StatusNotFound, false)
		}
		if responses["304"] != nil {
			req := presstest.NewRequest(t, "GET", target)
			req.Header.Set("If-None-Match", presstest.MustGet(t, target, http.StatusOK).Resp.Header.Get("ETag"))
			presstest.MustDo(t, req, http.StatusNotModified)
		}
		if responses["429"] != nil {
			// The limited server shares the store; each path is its own
			// client, by key.
			req := presstest.NewRequest(t, "GET", strings.Replace(target, s.URL, limited, 1))
			req.Header.Set("X-API-Key", path)
			presstest.MustDo(t, req, http.StatusOK)
			req.Header.Set("X-API-Key", path)
			d429 := presstest.MustDo(t, req, http.StatusTooManyRequests)
			var body any
			json.Unmarshal([]byte(d429.Body), &body)
			for _, problem := range d.check("", body, obj(obj(obj(d.resolve(obj(responses["429"]))["content"])["application/json"])["schema"]), false) {
				t.Errorf("429 on %s: %s", path, problem)
			}
		}
	}
}

// check validates v against the JSON Schema s, as far as the document
// uses JSON Schema: $ref, oneOf, type (one or several), properties,
// required, additionalProperties, items and the formats date-time and uri.
// Every property an object documents must be present, as the API always
// writes every field; partial relaxes that (but not "required") for
// responses that ?fields= cut down.
func (d doc) check(at string, v any, s map[string]any, partial bool) []string {
	s = d.resolve(s)
	if alts, ok := s["oneOf"].([]any); ok {
		var passed int
		var last []string
		for _, alt := range alts {
			if p := d.check(at, v, obj(alt), partial); len(p) == 0 {
				passed++
			} else {
				last = p
			}
		}
		if passed != 1 {
			return append([]string{fmt.Sprintf("%s: %d alternatives of oneOf match %s", at, passed, short(v))}, last...)
		}
		return nil
	}
	var types []string
	switch ty := s["type"].(type) {
	case string:
		types = []string{ty}
	case []any:
		for _, x := range ty {
			types = append(types, x.(string))
		}
	}
	if len(types) > 0 && !slices.Contains(types, jsonType(v)) && !(jsonType(v) == "integer" && slices.Contains(types, "number")) {
		return []string{fmt.Sprintf("%s: %s is %s, want %s", at, short(v), jsonType(v), strings.Join(types, " or "))}
	}
	var problems []string
	switch v := v.(type) {
	case string:
		switch s["format"] {
		case "date-time":
			if t, err := time.Parse(time.RFC3339Nano, v); err != nil || t.Location() != time.UTC || !strings.HasSuffix(v, "Z") {
				problems = append(problems, fmt.Sprintf("%s: %q is not an RFC 3339 time in UTC", at, v))
			}
		case "uri":
			if u, err := url.Parse(v); err != nil || !u.IsAbs() || u.Host == "" {
				problems = append(problems, fmt.Sprintf("%s: %q is not an absolute URL", at, v))
			}
		}
	case []any:
		if items := obj(s["items"]); items != nil {
			for i, x := range v {
				problems = append(problems, d.check(fmt.Sprintf("%s[%d]", at, i), x, items, partial)...)
			}
		}
	case map[string]any:
		props := obj(s["properties"])
		for name, x := range v {
			if ps, ok := props[name]; ok {
				problems = append(problems, d.check(at+"."+name, x, obj(ps), partial)...)
				continue
			}
			switch extra := s["additionalProperties"].(type) {
			case bool:
				if !extra {
					problems = append(problems, fmt.Sprintf("%s: %q is not documented", at, name))
				}
			case map[string]any:
				problems = append(problems, d.check(at+"."+name, x, extra, partial)...)
			}
		}
		for name := range props {
			if _, ok := v[name]; !ok && !partial {
				problems = append(problems, fmt.Sprintf("%s: documented %q is missing", at, name))
			}
		}
		required, _ := s["required"].([]any)
		for _, name := range required {
			if _, ok := v[name.(string)]; !ok {
				problems = append(problems, fmt.Sprintf("%s: required %q is missing", at, name))
			}
		}
	}
	return problems
}

func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if v == float64(int64(v)) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}
