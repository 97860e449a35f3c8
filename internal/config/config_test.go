package config

import (
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestLoadPrecedence(t *testing.T) {
	env := map[string]string{
		"PRESSROOM_ADDR": "127.0.0.1:9000",
		"PRESSROOM_DATA": "/env/data",
		"PRESSROOM_DB":   "postgres://env@host/db",
	}
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantAddr string
		wantData string
		wantDB   string
		wantDemo bool
		wantRest []string
	}{
		{name: "defaults", wantAddr: "127.0.0.1:8080", wantData: "./pressroom-data"},
		{name: "env", env: env, wantAddr: "127.0.0.1:9000", wantData: "/env/data", wantDB: "postgres://env@host/db"},
		{name: "flags beat env", env: env, args: []string{"--addr", ":1", "--data", "/flag", "--db", "postgres://flag/db"},
			wantAddr: ":1", wantData: "/flag", wantDB: "postgres://flag/db"},
		{name: "flags after paths", args: []string{"a.md", "--demo", "dir", "--data=/d"},
			wantAddr: "127.0.0.1:8080", wantData: "/d", wantDemo: true, wantRest: []string{"a.md", "dir"}},
		{name: "double dash ends flags", args: []string{"--", "--demo"},
			wantAddr: "127.0.0.1:8080", wantData: "./pressroom-data", wantRest: []string{"--demo"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			cfg, rest, err := Load("serve", tt.args, getenv, Flags{Addr: true, Demo: true}, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			got := []any{cfg.Addr, cfg.DataDir, cfg.DBURL, cfg.Demo, rest}
			want := []any{tt.wantAddr, tt.wantData, tt.wantDB, tt.wantDemo, tt.wantRest}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Load(%q) (-want +got):\n%s", tt.args, diff)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	none := func(string) string { return "" }
	for _, args := range [][]string{
		{"--db", "mysql://x"},
		{"--addr", "x"}, // migrate has no --addr
		{"--log-level", "loud"},
	} {
		if _, _, err := Load("migrate", args, none, Flags{}, io.Discard); err == nil {
			t.Errorf("Load(%q) = nil error, want one", args)
		}
	}
	if _, _, err := Load("serve", nil, func(string) string { return "chatty" }, Flags{}, io.Discard); err == nil {
		t.Error("bad PRESSROOM_LOG_LEVEL accepted")
	}
}

func TestDSN(t *testing.T) {
	c := Default()
	c.DataDir = "/srv/press"
	if got, want := c.DSN(), "/srv/press/pressroom.db"; got != want {
		t.Errorf("DSN() = %q, want %q", got, want)
	}
	c.DBURL = "postgres://h/db"
	if got := c.DSN(); got != c.DBURL {
		t.Errorf("DSN() = %q, want the URL", got)
	}
	if c.LogLevel != slog.LevelInfo {
		t.Errorf("default log level %v", c.LogLevel)
	}
}

func TestAPIRate(t *testing.T) {
	load := func(env string, args ...string) (Rate, error) {
		getenv := func(k string) string {
			if k == "PRESSROOM_API_RATE" {
				return env
			}
			return ""
		}
		cfg, _, err := Load("serve", args, getenv, Flags{Addr: true}, io.Discard)
		return cfg.APIRate, err
	}
	tests := []struct {
		env  string
		args []string
		want Rate
	}{
		{want: Rate{}},
		{env: "60/m", want: Rate{60, time.Minute}},
		{env: "60/m", args: []string{"--api-rate", "5/s"}, want: Rate{5, time.Second}},
		{env: "60/m", args: []string{"--api-rate=off"}, want: Rate{}},
		{args: []string{"--api-rate", "1000/h"}, want: Rate{1000, time.Hour}},
		{args: []string{"--api-rate", "10/30s"}, want: Rate{10, 30 * time.Second}},
		{args: []string{"--api-rate", "0"}, want: Rate{}},
	}
	for _, tt := range tests {
		got, err := load(tt.env, tt.args...)
		if err != nil || got != tt.want {
			t.Errorf("env %q, args %q: rate %v, err %v; want %v", tt.env, tt.args, got, err, tt.want)
		}
		if back, err := load(got.String()); err != nil || back != got {
			t.Errorf("%v does not read back from %q: %v, %v", got, got.String(), back, err)
		}
	}
	for _, bad := range []string{"60", "60/", "/m", "x/m", "-1/m", "60/fortnight", "60/-1s", "1.5/s"} {
		if _, err := load("", "--api-rate", bad); err == nil {
			t.Errorf("--api-rate %s accepted", bad)
		}
		if _, err := load(bad); err == nil || !strings.Contains(err.Error(), "PRESSROOM_API_RATE") {
			t.Errorf("PRESSROOM_API_RATE=%s: err %v", bad, err)
		}
	}
	if _, _, err := Load("migrate", []string{"--api-rate", "1/s"}, func(string) string { return "" }, Flags{}, io.Discard); err == nil {
		t.Error("migrate accepts --api-rate")
	}
}

func TestSMTP(t *testing.T) {
	t.Parallel()
	env := map[string]string{"PRESSROOM_SMTP_HOST": "mx.example.org", "PRESSROOM_SMTP_PORT": "2525",
		"PRESSROOM_SMTP_USERNAME": "newsroom", "PRESSROOM_SMTP_PASSWORD": "s3cret",
		"PRESSROOM_SMTP_FROM": "The Ledger <newsroom@example.org>", "PRESSROOM_SMTP_TLS": "tls"}
	cfg, _, err := Load("serve", []string{"--smtp-port", "465"}, func(k string) string { return env[k] }, Flags{Addr: true}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SMTPHost != "mx.example.org" || cfg.SMTPPort != 465 || cfg.SMTPUsername != "newsroom" ||
		cfg.SMTPPassword != "s3cret" || cfg.SMTPFrom != "The Ledger <newsroom@example.org>" || cfg.SMTPTLS != "tls" {
		t.Fatalf("SMTP settings: %+v", cfg)
	}
	if cfg, _, _ := Load("serve", nil, func(string) string { return "" }, Flags{Addr: true}, io.Discard); cfg.SMTPTLS != "starttls" || cfg.SMTPHost != "" {
		t.Fatalf("default SMTP settings: %+v", cfg)
	}
	for _, args := range [][]string{
		{"--smtp-tls", "ssl"},
		{"--smtp-host", "mx"},                             // no From
		{"--smtp-host", "mx", "--smtp-from", "not valid"}, // bad From
	} {
		if _, _, err := Load("serve", args, func(string) string { return "" }, Flags{Addr: true}, io.Discard); err == nil {
			t.Errorf("Load(%q) = nil error", args)
		}
	}
	if _, _, err := Load("serve", nil, func(k string) string {
		return map[string]string{"PRESSROOM_SMTP_PORT": "smtp"}[k]
	}, Flags{Addr: true}, io.Discard); err == nil {
		t.Error("PRESSROOM_SMTP_PORT=smtp accepted")
	}
}
