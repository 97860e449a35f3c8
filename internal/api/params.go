package api

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// params reads a request's query string. A parameter the endpoint does
// not take, or one given twice, is an error rather than ignored, so that
// a misspelt filter never quietly returns everything; an empty one is as
// good as none, as forms send them. Problems are
// gathered, and err reports them all at once as a 400 naming each
// parameter.
type params struct {
	q    url.Values
	errs press.ValidationError
}

func readParams(r *http.Request, allowed ...string) *params {
	p := &params{}
	var err error
	if p.q, err = url.ParseQuery(r.URL.RawQuery); err != nil {
		p.errs.Add("query", "is malformed: "+err.Error())
		return p
	}
	names := make([]string, 0, len(p.q))
	for name := range p.q {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		switch {
		case !slices.Contains(allowed, name):
			if len(allowed) == 0 {
				p.errs.Add(name, "is not a parameter of this endpoint, which takes none")
			} else {
				p.errs.Add(name, "is not a parameter of this endpoint, which takes "+strings.Join(allowed, ", "))
			}
		case len(p.q[name]) > 1:
			p.errs.Add(name, "is given more than once")
		}
	}
	return p
}

// get returns the value of the parameter name, or "".
func (p *params) get(name string) string { return p.q.Get(name) }

func (p *params) bad(name, message string) { p.errs.Add(name, message) }

// err returns the problems found, or nil.
func (p *params) err() error { return p.errs.Err() }

// Page sizes of lists read with a cursor.
const (
	defaultLimit = press.DefaultPageSize
	maxLimit     = 100
)

// limit reads ?limit=, from 1 to maxLimit.
func (p *params) limit() int {
	v := p.get("limit")
	if v == "" {
		return defaultLimit
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxLimit {
		p.bad("limit", "must be a whole number from 1 to "+strconv.Itoa(maxLimit))
		return defaultLimit
	}
	return n
}

// cursor reads ?cursor=, or returns nil when there is none.
func (p *params) cursor() *press.Cursor {
	v := p.get("cursor")
	if v == "" {
		return nil
	}
	c, err := press.ParseCursor(v)
	if err != nil {
		var verr *press.ValidationError
		if errors.As(err, &verr) {
			p.errs.Fields = append(p.errs.Fields, verr.Fields...)
		} else {
			p.bad("cursor", err.Error())
		}
		return nil
	}
	return &c
}

// time reads a time parameter: an RFC 3339 time, or a date (YYYY-MM-DD,
// in UTC) meaning its start, or with end set the start of the next day, so
// that ?until=2026-03-31 includes the 31st. A "+" of a zone offset that
// arrived as a space (an unencoded "+" in a query string is one) counts as
// a "+".
func (p *params) time(name string, end bool) time.Time {
	v := p.get(name)
	if v == "" {
		return time.Time{}
	}
	v = strings.ReplaceAll(v, " ", "+")
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t.UTC()
	}
	if d, err := time.Parse(time.DateOnly, v); err == nil {
		if end {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	p.bad(name, "must be an RFC 3339 time such as 2026-03-04T09:30:00Z, or a date such as 2026-03-04")
	return time.Time{}
}

// fields reads ?fields=a,b,c against the field names the response has,
// and returns the set asked for, or nil (every field) when there is none.
func (p *params) fields(names []string) map[string]bool {
	if p.get("fields") == "" {
		return nil
	}
	keep := map[string]bool{}
	for f := range strings.SplitSeq(p.get("fields"), ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !slices.Contains(names, f) {
			p.bad("fields", strconv.Quote(f)+" is not a field; the fields are "+strings.Join(names, ", "))
			continue
		}
		keep[f] = true
	}
	if len(keep) == 0 && p.errs.Message("fields") == "" {
		p.bad("fields", "names no field; the fields are "+strings.Join(names, ", "))
	}
	return keep
}
