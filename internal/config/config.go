// Package config holds Pressroom's run-time configuration: defaults, then
// PRESSROOM_* environment variables, then command-line flags, in rising
// order of precedence. It does no I/O beyond reading what it is given.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"time"
)

// Config is everything a Pressroom command may need to start.
type Config struct {
	Addr     string     // listen address for serve
	DataDir  string     // holds the SQLite database and media
	DBURL    string     // postgres://… selects PostgreSQL; empty means SQLite in DataDir
	Demo     bool       // fill an empty site with demo content
	LogLevel slog.Level // debug, info, warn, error

	ShutdownTimeout time.Duration // how long serve waits for requests in flight on SIGTERM
	APIRate         Rate          // requests per API client; the zero Rate leaves the API unlimited
	MaxUpload       Bytes         // largest uploaded file
	// CacheSize bounds the page cache for anonymous readers; 0 turns
	// it off (every request renders).
	CacheSize Bytes
	// CDNMaxAge lets a CDN in front keep pages this long, purged by
	// their Surrogate-Key; 0 makes it revalidate every time.
	CDNMaxAge time.Duration

	// SMTP sends staff email (password-reset links); without SMTPHost
	// there is no mail and `pressroom user passwd` resets passwords.
	SMTPHost     string
	SMTPPort     int    // 0: the TLS mode's usual port (587, 465 or 25)
	SMTPUsername string // optional
	SMTPPassword string // best given by environment, not on the command line
	SMTPFrom     string // e.g. "The Ledger <newsroom@example.org>"
	SMTPTLS      string // starttls (default), tls or none

	// Stripe takes payments for paid tiers and donations; without
	// StripeSecretKey there are none and paid tiers are hidden.
	StripeSecretKey     string // best given by environment, not on the command line
	StripeWebhookSecret string // whsec_…, required with StripeSecretKey
	StripeAPIURL        string // empty means Stripe; tests point it at stripe-mock
}

// Default returns the configuration used when nothing else is said.
func Default() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DataDir:         "./pressroom-data",
		LogLevel:        slog.LevelInfo,
		ShutdownTimeout: 15 * time.Second,
		MaxUpload:       20 << 20,
		CacheSize:       64 << 20,
		SMTPTLS:         "starttls",
	}
}

// DSN returns what store.Open takes: the PostgreSQL URL when one is set,
// else the path of the SQLite file in the data directory.
func (c Config) DSN() string {
	if c.DBURL != "" {
		return c.DBURL
	}
	return filepath.Join(c.DataDir, "pressroom.db")
}

// MediaDir is where uploaded and demo media live.
func (c Config) MediaDir() string { return filepath.Join(c.DataDir, "media") }

// Flags names the flags a command accepts; commands differ (migrate has no
// --addr), so each asks only for what it uses.
type Flags struct {
	Addr, Demo bool
}

// Load builds the configuration for one command from its arguments and the
// environment, and returns the positional arguments left over. Flags may
// stand before or after positional arguments ("import markdown DIR --db
// URL" works as well as "import markdown --db URL DIR"). The usage text is
// written to usage on -h or a parse error.
func Load(name string, args []string, getenv func(string) string, want Flags, usage io.Writer) (Config, []string, error) {
	cfg := Default()
	if v := getenv("PRESSROOM_ADDR"); v != "" {
		cfg.Addr = v
	}
	if v := getenv("PRESSROOM_DATA"); v != "" {
		cfg.DataDir = v
	}
	if v := getenv("PRESSROOM_DB"); v != "" {
		cfg.DBURL = v
	}
	if v := getenv("PRESSROOM_LOG_LEVEL"); v != "" {
		if err := cfg.LogLevel.UnmarshalText([]byte(v)); err != nil {
			return cfg, nil, fmt.Errorf("PRESSROOM_LOG_LEVEL: %w", err)
		}
	}
	if v := getenv("PRESSROOM_API_RATE"); v != "" {
		if err := cfg.APIRate.UnmarshalText([]byte(v)); err != nil {
			return cfg, nil, fmt.Errorf("PRESSROOM_API_RATE: %w", err)
		}
	}

	if v := getenv("PRESSROOM_MAX_UPLOAD"); v != "" {
		if err := cfg.MaxUpload.UnmarshalText([]byte(v)); err != nil {
			return cfg, nil, fmt.Errorf("PRESSROOM_MAX_UPLOAD: %w", err)
		}
	}

	if v := getenv("PRESSROOM_CACHE_SIZE"); v != "" {
		if err := cfg.CacheSize.UnmarshalText([]byte(v)); err != nil {
			return cfg, nil, fmt.Errorf("PRESSROOM_CACHE_SIZE: %w", err)
		}
	}
	if v := getenv("PRESSROOM_CDN_MAX_AGE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return cfg, nil, fmt.Errorf("PRESSROOM_CDN_MAX_AGE: %q is not a duration such as 24h", v)
		}
		cfg.CDNMaxAge = d
	}

	if err := cfg.loadSMTPEnv(getenv); err != nil {
		return cfg, nil, err
	}
	cfg.loadStripeEnv(getenv)

	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(usage)
	if want.Addr {
		fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen `address` (env PRESSROOM_ADDR)")
		fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", cfg.ShutdownTimeout, "time to finish requests in flight on SIGTERM")
		fs.TextVar(&cfg.MaxUpload, "max-upload", cfg.MaxUpload, "largest uploaded file, e.g. 20MB or 512KB (env PRESSROOM_MAX_UPLOAD)")
		fs.TextVar(&cfg.CacheSize, "cache-size", cfg.CacheSize, "memory for the page cache of anonymous readers, e.g. 64MB; 0 turns it off (env PRESSROOM_CACHE_SIZE)")
		fs.DurationVar(&cfg.CDNMaxAge, "cdn-max-age", cfg.CDNMaxAge, "how long a CDN that purges by Surrogate-Key may keep pages, e.g. 24h; 0 means revalidate (env PRESSROOM_CDN_MAX_AGE)")
		cfg.smtpFlags(fs)
		cfg.stripeFlags(fs)
		fs.TextVar(&cfg.APIRate, "api-rate", cfg.APIRate, "`rate` of requests each API client may make, e.g. 60/m (also /s, /h), or off (env PRESSROOM_API_RATE)")
	}
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data `directory` for the SQLite database and media (env PRESSROOM_DATA)")
	fs.StringVar(&cfg.DBURL, "db", cfg.DBURL, "PostgreSQL `URL`, e.g. postgres://user@host/db; empty means SQLite in the data directory (env PRESSROOM_DB)")
	fs.TextVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "log `level`: debug, info, warn or error (env PRESSROOM_LOG_LEVEL)")
	if want.Demo {
		fs.BoolVar(&cfg.Demo, "demo", false, "fill an empty site with demo content")
	}

	// flag stops at the first positional argument; keep parsing after it so
	// flags may follow paths. "--" still ends flag parsing.
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return cfg, nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		if args[0] == "--" {
			rest = append(rest, args[1:]...)
			break
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
	if cfg.MaxUpload <= 0 {
		return cfg, nil, fmt.Errorf("--max-upload: must be more than 0")
	}
	if err := cfg.checkSMTP(); err != nil {
		return cfg, nil, err
	}
	if err := cfg.checkStripe(); err != nil {
		return cfg, nil, err
	}
	if cfg.DBURL != "" && !strings.HasPrefix(cfg.DBURL, "postgres://") && !strings.HasPrefix(cfg.DBURL, "postgresql://") {
		return cfg, nil, errors.New("--db: want a postgres:// or postgresql:// URL (SQLite needs no URL: use --data DIR)")
	}
	return cfg, rest, nil
}
