package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"

	"github.com/pressroomhq/pressroom/internal/config"
	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/store"
)

// errUsage reports a command line that could not be understood; its
// message has already been printed with the usage text.
var errUsage = errors.New("usage")

// usageError is a command-line mistake with its own message; it exits
// like errUsage.
type usageError struct{ err error }

func (u usageError) Error() string        { return u.err.Error() }
func (u usageError) Unwrap() error        { return u.err }
func (u usageError) Is(target error) bool { return target == errUsage }

// exitCode maps an error to the process exit status: 2 for usage errors,
// as flag does, 1 for everything else.
func exitCode(err error) int {
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

type env struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
}

// load parses a subcommand's flags; -h prints usage and succeeds.
func (e *env) load(name string, args []string, want config.Flags) (config.Config, []string, error) {
	cfg, rest, err := config.Load(name, args, e.getenv, want, e.stderr)
	if errors.Is(err, flag.ErrHelp) {
		return cfg, nil, errHelp
	}
	if err != nil {
		return cfg, nil, usageError{fmt.Errorf("%s: %w", name, err)}
	}
	return cfg, rest, nil
}

// errHelp reports that -h printed a command's usage: not a failure.
var errHelp = errors.New("help shown")

func (e *env) logger(cfg config.Config) *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
}

// open opens the configured store and applies pending migrations, so every
// command sees the current schema.
func open(ctx context.Context, cfg config.Config, logger *slog.Logger) (*store.DB, *newsroom.Newsroom, error) {
	db, err := store.Open(ctx, cfg.DSN(), store.Options{Logger: logger})
	if err != nil {
		return nil, nil, err
	}
	// Migrate logs each migration it applies.
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	nr := newsroom.New(db, logger)
	if err := nr.RerenderStale(ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, nr, nil
}

// version reports the module version the binary was built from, or
// "devel" for a build from a work tree.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, `Pressroom: a publishing platform for independent news and research outlets.

Usage:
  pressroom serve [--addr 127.0.0.1:8080] [--data DIR | --db URL] [--demo]
  pressroom import markdown PATH... [--data DIR | --db URL]
  pressroom import wxr FILE [--map TAX=TAX,...] [--download-media] [--data DIR | --db URL]
  pressroom migrate [--data DIR | --db URL]
  pressroom licensing list [N] [--data DIR | --db URL]
  pressroom export markdown DIR [--force] [--no-media] [--data DIR | --db URL]
  pressroom export json FILE [--data DIR | --db URL]
  pressroom backup FILE [--data DIR | --db URL]
  pressroom restore FILE [--data DIR | --db URL]
  pressroom redirect add FROM TO | list | remove FROM [--data DIR | --db URL]
  pressroom user add --email E --name N --role R [--author SLUG] [--password-stdin]
  pressroom user list | passwd --email E [--password-stdin] | disable --email E | enable --email E
  pressroom token create --email E --name LABEL | list [--email E] | revoke ID
  pressroom version
  pressroom help

Storage is embedded SQLite in --data (default ./pressroom-data) unless --db
names a PostgreSQL URL. Flags may also come from the environment:
PRESSROOM_ADDR, PRESSROOM_DATA, PRESSROOM_DB, PRESSROOM_LOG_LEVEL,
PRESSROOM_API_RATE, PRESSROOM_MAX_UPLOAD and PRESSROOM_SMTP_HOST, _PORT,
_USERNAME, _PASSWORD, _FROM, _TLS (mail for password resets).
Run "pressroom COMMAND -h" for a command's flags.
`)
}
