package api

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
)

// jsonFields returns the JSON names of the fields of the struct type t in
// order, with those of embedded structs in their place, as encoding/json
// writes them. What ?fields= may name is derived from the response types
// this way, so the two cannot drift apart.
func jsonFields(t reflect.Type) []string {
	var names []string
	for f := range t.Fields() {
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			names = append(names, jsonFields(f.Type)...)
			continue
		}
		if name := jsonName(f); name != "" {
			names = append(names, name)
		}
	}
	return names
}

func jsonName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	if name == "" {
		return f.Name
	}
	return name
}

// selection is a struct encoded with only the fields in keep, in their
// declared order; a nil keep keeps all.
type selection struct {
	v    any
	keep map[string]bool
}

func (s selection) MarshalJSON() ([]byte, error) {
	if s.keep == nil {
		return encode(s.v)
	}
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	var walk func(v reflect.Value) error
	walk = func(v reflect.Value) error {
		for f, fv := range v.Fields() {
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				if err := walk(fv); err != nil {
					return err
				}
				continue
			}
			name := jsonName(f)
			if name == "" || !s.keep[name] {
				continue
			}
			val, err := encode(fv.Interface())
			if err != nil {
				return err
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			key, _ := encode(name)
			b.Write(key)
			b.WriteByte(':')
			b.Write(val)
		}
		return nil
	}
	if err := walk(reflect.Indirect(reflect.ValueOf(s.v))); err != nil {
		return nil, err
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// encode is json.Marshal without escaping <, > and &: bodies are HTML,
// and the API's responses are served as application/json with nosniff,
// never as a page, so the escapes would only make them larger and harder
// to read.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
