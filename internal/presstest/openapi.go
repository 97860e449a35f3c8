package presstest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// OpenAPI is an OpenAPI document read as plain JSON, so the public API's
// and the Admin API's tests can hold every answer to what their document
// says with one validator.
type OpenAPI map[string]any

// Obj is v as a JSON object; anything else (a missing member, say) is an
// empty one, so lookups into the document chain without checks.
func Obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// Resolve follows $ref pointers within the document.
func (d OpenAPI) Resolve(s map[string]any) map[string]any {
	for range 10 {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		var v any = map[string]any(d)
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			v = Obj(v)[part]
		}
		s = Obj(v)
	}
	return s
}

// Validate checks v against the JSON Schema s, as far as the documents use
// JSON Schema: $ref, oneOf, type (one or several), enum, properties,
// required, additionalProperties, items and the formats date-time (in
// UTC) and uri (absolute). Every property an object documents must be
// present, as the APIs always write every field, unless optional says it
// may be absent (nil: none may); "required" holds regardless. It returns
// the problems found, each starting with where in v (".a.b[2]").
func (d OpenAPI) Validate(v any, s map[string]any, optional func(property string) bool) []string {
	return d.validate("", v, s, optional)
}

func (d OpenAPI) validate(at string, v any, s map[string]any, optional func(string) bool) []string {
	s = d.Resolve(s)
	if alts, ok := s["oneOf"].([]any); ok {
		var passed int
		var last []string
		for _, alt := range alts {
			if p := d.validate(at, v, Obj(alt), optional); len(p) == 0 {
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
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		problems = append(problems, fmt.Sprintf("%s: %s is not one of %v", at, short(v), enum))
	}
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
		if items := Obj(s["items"]); items != nil {
			for i, x := range v {
				problems = append(problems, d.validate(fmt.Sprintf("%s[%d]", at, i), x, items, optional)...)
			}
		}
	case map[string]any:
		props := Obj(s["properties"])
		for name, x := range v {
			if ps, ok := props[name]; ok {
				problems = append(problems, d.validate(at+"."+name, x, Obj(ps), optional)...)
				continue
			}
			switch extra := s["additionalProperties"].(type) {
			case bool:
				if !extra {
					problems = append(problems, fmt.Sprintf("%s: %q is not documented", at, name))
				}
			case map[string]any:
				problems = append(problems, d.validate(at+"."+name, x, extra, optional)...)
			}
		}
		for name := range props {
			if _, ok := v[name]; !ok && (optional == nil || !optional(name)) {
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

// jsonType is the JSON Schema type of a value decoded by encoding/json.
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

// short is v as JSON, cut to fit in a test failure.
func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}

// BasePath is where the document's paths are, from its one server ("" when
// it names no single server).
func (d OpenAPI) BasePath() string {
	servers, _ := d["servers"].([]any)
	if len(servers) != 1 {
		return ""
	}
	base, _ := Obj(servers[0])["url"].(string)
	return base
}
