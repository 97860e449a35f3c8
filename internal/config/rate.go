package config

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Rate is a number of requests allowed per period, written "60/m". The
// zero Rate, written "off", means no limit.
type Rate struct {
	N   int
	Per time.Duration
}

// IsZero reports whether r sets no limit.
func (r Rate) IsZero() bool { return r.N == 0 }

var rateUnits = []struct {
	name string
	d    time.Duration
}{{"s", time.Second}, {"m", time.Minute}, {"h", time.Hour}}

// String returns r as UnmarshalText reads it: "60/m", or "off".
func (r Rate) String() string {
	if r.IsZero() {
		return "off"
	}
	for _, u := range rateUnits {
		if r.Per == u.d {
			return strconv.Itoa(r.N) + "/" + u.name
		}
	}
	return strconv.Itoa(r.N) + "/" + r.Per.String()
}

// MarshalText implements encoding.TextMarshaler, for flag.TextVar.
func (r Rate) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads "N/s", "N/m" or "N/h" (N requests a second, minute
// or hour), "N/" followed by a duration such as "10/30s", or "off" (or
// empty, or "0") for no limit.
func (r *Rate) UnmarshalText(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "" || s == "off" || s == "0" {
		*r = Rate{}
		return nil
	}
	bad := errors.New("want a rate such as 60/m (per second: /s, per hour: /h) or off, not " + strconv.Quote(s))
	count, unit, ok := strings.Cut(s, "/")
	n, err := strconv.Atoi(count)
	if !ok || err != nil || n <= 0 {
		return bad
	}
	per := time.Duration(0)
	for _, u := range rateUnits {
		if unit == u.name {
			per = u.d
		}
	}
	if per == 0 {
		if per, err = time.ParseDuration(unit); err != nil || per <= 0 {
			return bad
		}
	}
	*r = Rate{N: n, Per: per}
	return nil
}
