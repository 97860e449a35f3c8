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
		{"0", 0, "0"},
		{"off", 0, "0"},
	}
	for _, tt := range tests {
		var b Bytes
		if err := b.UnmarshalText([]byte(tt.in)); err != nil || b != tt.want || b.String() != tt.str {
			t.Errorf("%q: %d %q %v, want %d %q", tt.in, b, b.String(), err, tt.want, tt.str)
		}
	}
	for _, bad := range []string{"", "-1MB", "20TB", "MB", "1.5MB", "99999999999GB"} {
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
	if _, err := load("", "--max-upload", "0"); err == nil {
		t.Error("--max-upload 0 accepted")
	}
}

func TestCacheFlags(t *testing.T) {
	load := func(env map[string]string, args ...string) (Config, error) {
		cfg, _, err := Load("serve", args, func(k string) string { return env[k] }, Flags{Addr: true}, io.Discard)
		return cfg, err
	}
	cfg, err := load(nil)
	if err != nil || cfg.CacheSize != 64<<20 || cfg.CDNMaxAge != 0 {
		t.Errorf("defaults: %v %v %v", cfg.CacheSize, cfg.CDNMaxAge, err)
	}
	cfg, err = load(map[string]string{"PRESSROOM_CACHE_SIZE": "256MB", "PRESSROOM_CDN_MAX_AGE": "24h"})
	if err != nil || cfg.CacheSize != 256<<20 || cfg.CDNMaxAge.Hours() != 24 {
		t.Errorf("env: %v %v %v", cfg.CacheSize, cfg.CDNMaxAge, err)
	}
	cfg, err = load(nil, "--cache-size", "off")
	if err != nil || cfg.CacheSize != 0 {
		t.Errorf("--cache-size off: %v %v", cfg.CacheSize, err)
	}
	if _, err := load(map[string]string{"PRESSROOM_CDN_MAX_AGE": "a day"}); err == nil {
		t.Error("PRESSROOM_CDN_MAX_AGE=a day accepted")
	}
}
