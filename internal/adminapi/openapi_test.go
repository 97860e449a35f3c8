package adminapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/adminapi"
	"github.com/pressroomhq/pressroom/internal/media"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

// obj is a JSON object of the document; a missing one is empty.
var obj = presstest.Obj

type recorder struct{ patterns []string }

func (r *recorder) Handle(p string, h http.Handler) { r.patterns = append(r.patterns, p) }

// mustDoc is the OpenAPI document as the API serves it.
func mustDoc(t *testing.T, base string) presstest.OpenAPI {
	t.Helper()
	r := (&client{t: t, base: base}).call("GET", "/api/admin/v1/openapi.json", nil)
	if r.status != http.StatusOK {
		t.Fatalf("openapi.json: %d", r.status)
	}
	var d presstest.OpenAPI
	if err := json.Unmarshal(r.body, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

var methods = []string{"get", "post", "patch", "delete", "put"}

// TestOpenAPIRoutes: the document describes exactly the routes of the
// route table.
func TestOpenAPIRoutes(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	d := mustDoc(t, s.URL)
	if d["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v", d["openapi"])
	}
	rec := &recorder{}
	adminapi.New(s.DB, s.Newsroom, presstest.Logger()).Register(rec)
	base := d.BasePath()
	var routes, documented []string
	for _, p := range rec.patterns {
		method, path, ok := strings.Cut(p, " ")
		if !ok {
			continue // the catch-all
		}
		routes = append(routes, strings.ToLower(method)+" "+strings.TrimPrefix(path, base))
	}
	for path, item := range obj(d["paths"]) {
		for method := range obj(item) {
			if method != "parameters" {
				documented = append(documented, method+" "+path)
			}
		}
	}
	sort.Strings(routes)
	sort.Strings(documented)
	for _, r := range routes {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in openapi.json", r)
		}
	}
	for _, p := range documented {
		if !slices.Contains(routes, p) {
			t.Errorf("openapi.json documents %s, which no route serves", p)
		}
	}
}

// TestOpenAPIResponses makes every documented operation answer every
// status it documents, with the examples the document gives, and checks
// each JSON answer against its schema to the bottom.
func TestOpenAPIResponses(t *testing.T) {
	t.Parallel()
	s := presstest.MustSite(t)
	s.Newsroom.UseMedia(media.NewDisk(s.MediaDir), 100<<10)
	ed, _ := mustToken(t, s, "Edna Editor", press.RoleEditor)
	cora, _ := mustToken(t, s, "Cora Contrib", press.RoleContributor)
	// The fixtures the examples name: article 1, author ana-ruiz, term
	// regions/iraq.
	ed.must("POST", "/api/admin/v1/authors", map[string]any{"name": "Ana Ruiz"}, http.StatusCreated)
	ed.must("POST", "/api/admin/v1/taxonomies/regions/terms", map[string]any{"name": "Iraq"}, http.StatusCreated)
	if id := idOf(ed.must("POST", "/api/admin/v1/articles", map[string]any{"title": "Fixture", "authors": []string{"ana-ruiz"},
		"terms": map[string]any{"regions": []string{"iraq"}}, "status": "published"}, http.StatusCreated)); id != "1" {
		t.Fatalf("fixture article is %s, the examples say 1", id)
	}
	anon := &client{t: t, base: s.URL}
	d := mustDoc(t, s.URL)
	base := d.BasePath()

	// invalid are bodies each writing operation refuses with 422.
	invalid := map[string]any{
		"createArticle": map[string]any{"title": ""},
		"updateArticle": map[string]any{"title": ""},
		"createAuthor":  map[string]any{"name": ""},
		"updateAuthor":  map[string]any{"name": ""},
		"createTerm":    map[string]any{"name": "Mosul", "parent": "atlantis"},
		"uploadMedia":   "not an image",
	}
	paths := obj(d["paths"])
	var names []string
	for p := range paths {
		names = append(names, p)
	}
	// Deletes last, so the fixtures stay for the other operations.
	sort.Slice(names, func(i, j int) bool { return names[i] < names[j] })
	type op struct {
		path, method string
		op           map[string]any
	}
	var ops []op
	for _, p := range names {
		for _, m := range methods {
			if o := obj(obj(paths[p])[m]); o != nil {
				ops = append(ops, op{p, m, o})
			}
		}
	}
	sort.SliceStable(ops, func(i, j int) bool { return ops[i].method != "delete" && ops[j].method == "delete" })

	for _, o := range ops {
		name := o.op["operationId"].(string)
		responses := obj(o.op["responses"])
		target, missing := o.path, o.path
		var query []map[string]any
		params, _ := o.op["parameters"].([]any)
		shared, _ := obj(paths[o.path])["parameters"].([]any)
		params = append(params, shared...)
		for _, p := range params {
			p := d.Resolve(obj(p))
			switch p["in"] {
			case "path":
				target = strings.ReplaceAll(target, "{"+p["name"].(string)+"}", fmt.Sprint(p["example"]))
				missing = strings.ReplaceAll(missing, "{"+p["name"].(string)+"}", "999999")
			case "query":
				query = append(query, p)
			}
		}
		target, missing = base+target, base+missing
		method := strings.ToUpper(o.method)
		exercised := map[string]bool{}
		check := func(who *client, path string, ctype string, body []byte, status int) {
			t.Helper()
			exercised[fmt.Sprint(status)] = true
			var rd *bytes.Reader
			if body != nil {
				rd = bytes.NewReader(body)
			}
			var r reply
			if rd != nil {
				r = who.do(method, path, ctype, rd)
			} else {
				r = who.do(method, path, "", nil)
			}
			if r.status != status {
				t.Errorf("%s %s: %d, want %d: %s", method, path, r.status, status, r.body)
				return
			}
			resp := d.Resolve(obj(responses[fmt.Sprint(status)]))
			if resp == nil {
				t.Errorf("%s %s: %d is not documented", method, path, status)
				return
			}
			schema := obj(obj(obj(resp["content"])["application/json"])["schema"])
			if schema == nil {
				if len(r.body) != 0 {
					t.Errorf("%s %s: %d has a body but documents none", method, path, status)
				}
				return
			}
			if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("%s %s: Content-Type %q", method, path, ct)
			}
			var v any
			if err := json.Unmarshal(r.body, &v); err != nil {
				t.Errorf("%s %s: %v", method, path, err)
				return
			}
			for _, problem := range d.Validate(v, schema, mayBeAbsent) {
				t.Errorf("%s %s %d: %s", method, path, status, problem)
			}
		}
		var success int
		for code := range responses {
			if c := 0; code[0] == '2' {
				fmt.Sscan(code, &c)
				success = c
			}
		}

		// The request the example describes.
		reqBody := obj(o.op["requestBody"])
		ctype := ""
		var example []byte
		jsonBody := obj(obj(reqBody["content"])["application/json"])
		switch {
		case jsonBody != nil:
			ctype = "application/json"
			ex := obj(jsonBody["example"])
			if _, ok := ex["version"]; ok {
				cur := ed.must("GET", target, nil, http.StatusOK)
				ex["version"] = cur["version"]
			}
			example, _ = json.Marshal(ex)
		case reqBody != nil:
			ctype, example = multipartFile(t, jpegBytes(t, 40, 30))
		}
		check(ed, target, ctype, example, success)
		for _, p := range query {
			check(ed, target+"?"+url.Values{p["name"].(string): {fmt.Sprint(p["example"])}}.Encode(), "", nil, success)
		}
		if responses["400"] != nil {
			if reqBody != nil {
				check(ed, target, "application/json", []byte(`{"bogus": 1}`), http.StatusBadRequest)
				if ctype != "application/json" {
					exercised["400"] = true
				}
			} else {
				check(ed, target+"?bogus=1", "", nil, http.StatusBadRequest)
			}
		}
		if responses["401"] != nil {
			check(anon, target, ctype, example, http.StatusUnauthorized)
		}
		if responses["403"] != nil {
			body := example
			if name == "updateArticle" || name == "deleteArticle" {
				// A contributor's own draft, which they may not publish or trash once published.
				own := cora.must("POST", "/api/admin/v1/articles", map[string]any{"title": "Cora's"}, http.StatusCreated)
				ed.must("PATCH", "/api/admin/v1/articles/"+idOf(own), map[string]any{"version": 1, "status": "published"}, http.StatusOK)
				body, _ = json.Marshal(map[string]any{"version": 2, "status": "draft"})
				check(cora, "/api/admin/v1/articles/"+idOf(own), ctype, body, http.StatusForbidden)
			} else if name == "createArticle" {
				check(cora, target, ctype, []byte(`{"title": "Straight out", "status": "published"}`), http.StatusForbidden)
			} else {
				check(cora, target, ctype, body, http.StatusForbidden)
			}
		}
		if responses["404"] != nil && missing != target {
			check(ed, missing, ctype, example, http.StatusNotFound)
		}
		if responses["409"] != nil {
			check(ed, target, ctype, []byte(`{"version": 1, "title": "Stale"}`), http.StatusConflict)
		}
		if responses["413"] != nil {
			if ctype == "application/json" {
				check(ed, target, ctype, []byte(`{"title": "`+strings.Repeat("x", 1<<20)+`"}`), http.StatusRequestEntityTooLarge)
			} else {
				ct, big := multipartFile(t, bytes.Repeat([]byte{0xff}, 200<<10))
				check(ed, target, ct, big, http.StatusRequestEntityTooLarge)
			}
		}
		if responses["422"] != nil {
			bad, ok := invalid[name]
			if !ok {
				t.Errorf("%s documents 422; the test has no invalid body for it", name)
			} else if s, isString := bad.(string); isString {
				ct, b := multipartFile(t, []byte(s))
				check(ed, target, ct, b, http.StatusUnprocessableEntity)
			} else {
				m := bad.(map[string]any)
				if strings.Contains(name, "update") && name == "updateArticle" {
					cur := ed.must("GET", target, nil, http.StatusOK)
					m["version"] = cur["version"]
				}
				b, _ := json.Marshal(m)
				check(ed, target, "application/json", b, http.StatusUnprocessableEntity)
			}
		}
		for code := range responses {
			if !exercised[code] {
				t.Errorf("%s %s: documented %s is never exercised", method, o.path, code)
			}
		}
	}
}

func multipartFile(t testing.TB, data []byte) (string, []byte) {
	ct, b := multipartBody(t, "file", "upload.jpg", data)
	return ct, b.Bytes()
}

// mayBeAbsent says which documented properties an answer may leave out:
// every other one is always written.
func mayBeAbsent(property string) bool { return property == "current_version" }
