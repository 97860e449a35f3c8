package api_test

import (
	"context"
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
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/server"
)

// mustDoc is the OpenAPI document as the API serves it.
func mustDoc(t *testing.T, base string) presstest.OpenAPI {
	t.Helper()
	return getJSON[presstest.OpenAPI](t, base+"/api/v1/openapi.json", http.StatusOK)
}

// obj is a JSON object of the document; a missing one is empty.
var obj = presstest.Obj

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
	base := d.BasePath()
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
	mustComments(t, s, "water-war")
	limited := mustServer(t, s, server.Options{APIRate: rate(t, "1/h")})
	d := mustDoc(t, s.URL)
	base := d.BasePath()
	for path, item := range obj(d["paths"]) {
		op := obj(obj(item)["get"])
		responses := obj(op["responses"])
		// The target with path parameters set to their examples, and one
		// with them set to what does not exist.
		target, missing := path, path
		var query []map[string]any
		params, _ := op["parameters"].([]any)
		for _, p := range params {
			p := d.Resolve(obj(p))
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
			schema := obj(obj(obj(d.Resolve(resp)["content"])["application/json"])["schema"])
			var body any
			if err := json.Unmarshal([]byte(presstest.MustGet(t, url, status).Body), &body); err != nil {
				t.Fatal(err)
			}
			var optional func(string) bool
			if partial {
				// ?fields= leaves out what it was not asked for.
				optional = func(string) bool { return true }
			}
			for _, problem := range d.Validate(body, schema, optional) {
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
			for _, problem := range d.Validate(body, obj(obj(obj(d.Resolve(obj(responses["429"]))["content"])["application/json"])["schema"]), nil) {
				t.Errorf("429 on %s: %s", path, problem)
			}
		}
	}
}

// mustComments gives the article slug an approved comment, a reply to it,
// and an edited comment, so that comment responses have every field.
func mustComments(t *testing.T, s *presstest.Site, slug string) {
	t.Helper()
	ctx := context.Background()
	u := presstest.MustUser(t, s.DB, "Eda Editor", press.RoleEditor, "")
	post := func(name string, parent int64) int64 {
		res, err := s.Newsroom.PostComment(ctx, newsroom.CommentInput{ArticleSlug: slug, ParentID: parent, Name: name,
			Email: strings.ToLower(name) + "@example.org", Body: "Said by *" + name + "*.", IP: "192.0.2.1", FormAge: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		if res.Comment.Status != press.CommentApproved {
			if _, err := s.Newsroom.ModerateComments(ctx, &u, []int64{res.Comment.ID}, press.CommentApproved); err != nil {
				t.Fatal(err)
			}
		}
		return res.Comment.ID
	}
	first := post("Rania", 0)
	post("Omar", first)
	if _, err := s.Newsroom.EditComment(ctx, &u, first, "Said by *Rania*, edited."); err != nil {
		t.Fatal(err)
	}
}
