package config

import (
	"errors"
	"strconv"
	"strings"
)

// Bytes is a size in bytes, written "20MB", "512KB", "1GB" or a plain
// number of bytes. Units are binary (1 MB = 1,048,576 bytes), as file
// managers mostly count.
type Bytes int64

var byteUnits = []struct {
	name string
	n    int64
}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}}

// String returns b as UnmarshalText reads it, in the largest unit that
// divides it: "20MB", "1536KB", "1000".
func (b Bytes) String() string {
	for _, u := range byteUnits {
		if b > 0 && int64(b)%u.n == 0 {
			return strconv.FormatInt(int64(b)/u.n, 10) + u.name
		}
	}
	return strconv.FormatInt(int64(b), 10)
}

// MarshalText implements encoding.TextMarshaler, for flag.TextVar.
func (b Bytes) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// UnmarshalText reads a positive size: digits, optionally followed by KB,
// MB or GB (also K, M, G, KiB, MiB, GiB, any case, spaces allowed).
func (b *Bytes) UnmarshalText(text []byte) error {
	s := strings.ToUpper(strings.TrimSpace(string(text)))
	if s == "OFF" {
		s = "0"
	}
	bad := errors.New("want a size such as 20MB, 512KB or a number of bytes, not " + strconv.Quote(string(text)))
	num := strings.TrimRight(s, "KMGIB ")
	unit := strings.TrimSpace(s[len(num):])
	unit = strings.Replace(unit, "IB", "B", 1)
	if unit != "" && !strings.HasSuffix(unit, "B") {
		unit += "B"
	}
	n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
	if err != nil || n < 0 {
		return bad
	}
	mult := int64(1)
	switch unit {
	case "", "B":
	default:
		mult = 0
		for _, u := range byteUnits {
			if unit == u.name {
				mult = u.n
			}
		}
	}
	if mult == 0 || n > (1<<62)/mult {
		return bad
	}
	*b = Bytes(n * mult)
	return nil
}
