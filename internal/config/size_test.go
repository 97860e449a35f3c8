package config

import (
	"io"
	"testing"
)

func TestBytes(t *testing.T) {
	tests := []struct {
		in   string
		want Bytes
		str  string
	}{
		{"20MB", 20 << 20, "20MB"},
		{"20 mb", 20 << 20, "20MB"},
		{"512K", 512 << 10, "512KB"},
		{"1GiB", 1 << 30, "1GB"},
		{"1000", 1000, "1000"},
		{"1536KB", 1536 << 10, "1536KB"},
	}
	for _, tt := range tests {
		var b Bytes
		if err := b.UnmarshalText([]byte(tt.in)); err != nil || b != tt.want || b.String() != tt.str {
			t.Errorf("%q: %d %q %v, want %d %q", tt.in, b, b.String(), err, tt.want, tt.str)
		}
	}
	for _, bad := range []string{"", "0", "-1MB", "20TB", "MB", "1.5MB", "99999999999GB"} {
		var b Bytes
		if err := b.UnmarshalText([]byte(bad)); err == nil {
			t.Errorf("%q accepted as %d", bad, b)
		}
	}
}

func TestMaxUpload(t *testing.T) {
	load := func(env string, args ...string) (Bytes, error) {
		getenv := func(k string) string {
			if k == "PRESSROOM_MAX_UPLOAD" {
				return env
			}
			return ""
		}
		cfg, _, err := Load("serve", args, getenv, Flags{Addr: true}, io.Discard)
		return cfg.MaxUpload, err
	}
	for _, tt := range []struct {
		env  string
		args []string
		want Bytes
	}{
		{want: 20 << 20},
		{env: "5MB", want: 5 << 20},
		{env: "5MB", args: []string{"--max-upload", "100KB"}, want: 100 << 10},
	} {
		got, err := load(tt.env, tt.args...)
		if err != nil || got != tt.want {
			t.Errorf("env %q args %v: %v, %v; want %v", tt.env, tt.args, got, err, tt.want)
		}
	}
	if _, err := load("lots"); err == nil {
		t.Error("PRESSROOM_MAX_UPLOAD=lots accepted")
	}
}
