package adminapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// object is a JSON request body as its fields, still encoded, so that
// each can be decoded on its own: unknown fields are named in the 400,
// a PATCH can tell a missing field from an empty one, and a wrong type
// names the field that has it.
type object map[string]json.RawMessage

// readObject reads a JSON object of at most maxJSON bytes whose fields
// are all in known.
func readObject(w http.ResponseWriter, r *http.Request, known ...string) (object, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return nil, badRequest("", "the body must be JSON (Content-Type: application/json)")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSON))
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return nil, tooLarge("the JSON body is larger than 1 MB")
		}
		return nil, err
	}
	var o object
	if err := json.Unmarshal(body, &o); err != nil || o == nil {
		return nil, badRequest("", "the body must be one JSON object")
	}
	for name := range o {
		if !slices.Contains(known, name) {
			return nil, badRequest(name, "unknown field "+strconv.Quote(name))
		}
	}
	return o, nil
}

// has reports whether the body carries field.
func (o object) has(field string) bool { _, ok := o[field]; return ok }

// get decodes field into dst when the body has it; a value of the wrong
// type, or with unknown fields of its own, is a 400 naming it.
func (o object) get(field string, dst any) error {
	raw, ok := o[field]
	if !ok {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var te *json.UnmarshalTypeError
		msg := "has the wrong type"
		switch {
		case errors.As(err, &te) && te.Field != "":
			return badRequest(field+"."+te.Field, "has the wrong type: want "+te.Type.String())
		case errors.As(err, &te):
			msg = "has the wrong type: want " + jsonKind(te.Type.String())
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
			return badRequest(field+"."+name, "unknown field "+strconv.Quote(name))
		}
		return badRequest(field, msg)
	}
	return nil
}

func jsonKind(goType string) string {
	switch {
	case goType == "string":
		return "a string"
	case strings.HasPrefix(goType, "int"):
		return "an integer"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case goType == "bool":
		return "true or false"
	}
	return "an object"
}

// getTime decodes field as an RFC 3339 time or null (the zero time).
func (o object) getTime(field string, dst *time.Time) error {
	var s *string
	if err := o.get(field, &s); err != nil {
		return err
	}
	if !o.has(field) {
		return nil
	}
	if s == nil || *s == "" {
		*dst = time.Time{}
		return nil
	}
	t, err := time.Parse(time.RFC3339, *s)
	if err != nil {
		return badRequest(field, "must be an RFC 3339 time such as 2026-05-01T09:00:00Z")
	}
	*dst = t.UTC()
	return nil
}

// params reads a query string, refusing parameters not in known and
// repeated ones, so that a typo is not silently ignored.
func params(r *http.Request, known ...string) (map[string]string, error) {
	out := map[string]string{}
	for name, vals := range r.URL.Query() {
		if !slices.Contains(known, name) {
			return nil, badRequest(name, "unknown parameter "+strconv.Quote(name))
		}
		if len(vals) > 1 {
			return nil, badRequest(name, "parameter "+strconv.Quote(name)+" is repeated")
		}
		out[name] = vals[0]
	}
	return out, nil
}

// intParam parses the integer parameter name within [lo, hi]; def when
// absent.
func intParam(p map[string]string, name string, def, lo, hi int) (int, error) {
	s, ok := p[name]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, badRequest(name, name+" must be an integer from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi))
	}
	return n, nil
}

// pathID parses the {id} of the route.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, &apiError{status: http.StatusNotFound, code: "not_found", message: "not found"}
	}
	return id, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
