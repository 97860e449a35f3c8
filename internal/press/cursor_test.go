package press

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCursorRoundTrip(t *testing.T) {
	for _, c := range []Cursor{
		{PublishedAt: time.Date(2026, 3, 4, 9, 30, 0, 123456000, time.UTC), ID: 1},
		{PublishedAt: time.Date(1969, 7, 20, 20, 17, 40, 0, time.UTC), ID: 1<<63 - 1},
		{PublishedAt: time.Date(2026, 3, 4, 12, 30, 0, 0, time.FixedZone("IST", 5*3600+1800)), ID: 42},
	} {
		s := c.String()
		if strings.ContainsAny(s, "+/=") {
			t.Errorf("cursor %q is not URL-safe", s)
		}
		got, err := ParseCursor(s)
		if err != nil {
			t.Fatalf("ParseCursor(%q): %v", s, err)
		}
		if !got.PublishedAt.Equal(c.PublishedAt) || got.PublishedAt.Location() != time.UTC || got.ID != c.ID {
			t.Errorf("ParseCursor(String(%v)) = %v", c, got)
		}
	}
}

func TestParseCursorMalformed(t *testing.T) {
	good := Cursor{PublishedAt: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), ID: 7}.String()
	otherVersion := "Ag" + good[2:] // first byte 0x02
	for _, s := range []string{
		"", "x", "not a cursor", good[:len(good)-1], good + "AA", good + "=", "!" + good[1:], otherVersion,
		Cursor{PublishedAt: time.Unix(0, 0), ID: 0}.String(),
		Cursor{PublishedAt: time.Unix(0, 0), ID: -5}.String(),
		Cursor{PublishedAt: time.Date(-300, 1, 1, 0, 0, 0, 0, time.UTC), ID: 5}.String(),
		Cursor{PublishedAt: time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC), ID: 5}.String(),
	} {
		_, err := ParseCursor(s)
		var v *ValidationError
		if !errors.Is(err, ErrInvalid) || !errors.As(err, &v) || v.Message("cursor") == "" {
			t.Errorf("ParseCursor(%q) = %v, want a validation error about the cursor", s, err)
		}
	}
	if _, err := ParseCursor(otherVersion); err == nil || !strings.Contains(err.Error(), "another version") {
		t.Errorf("another version: %v", err)
	}
}
