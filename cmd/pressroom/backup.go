package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/pressroomhq/pressroom/internal/config"
	"github.com/pressroomhq/pressroom/internal/store"
)

// runBackup writes a consistent backup of the store while the site keeps
// serving; see store.DB.Backup for the format. Unlike other commands it
// does not migrate: a backup never changes the database it copies, and a
// backup of an older schema restores into a newer one.
func runBackup(ctx context.Context, e *env, args []string) error {
	cfg, paths, err := e.load("backup", args, config.Flags{})
	if err != nil {
		return helpOK(err)
	}
	if len(paths) != 1 {
		fmt.Fprintln(e.stderr, "usage: pressroom backup FILE [--data DIR | --db URL]   (FILE - is standard output)")
		return errUsage
	}
	db, err := store.Open(ctx, cfg.DSN(), store.Options{Logger: e.logger(cfg)})
	if err != nil {
		return err
	}
	defer db.Close()
	return writeOut(paths[0], e.stdout, func(w io.Writer) error { return db.Backup(ctx, w) })
}

// runRestore reads a backup, from either engine, into an empty store.
func runRestore(ctx context.Context, e *env, args []string) error {
	cfg, paths, err := e.load("restore", args, config.Flags{})
	if err != nil {
		return helpOK(err)
	}
	if len(paths) != 1 {
		fmt.Fprintln(e.stderr, "usage: pressroom restore FILE [--data DIR | --db URL]   (FILE - is standard input)")
		return errUsage
	}
	var in io.Reader = e.stdin
	if paths[0] != "-" {
		f, err := os.Open(paths[0])
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	db, _, err := open(ctx, cfg, e.logger(cfg))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Restore(ctx, in); err != nil {
		if errors.Is(err, store.ErrNotEmpty) {
			return fmt.Errorf("%w\nnothing was changed: restore into a new --data directory, or a newly created PostgreSQL database for --db", err)
		}
		return err
	}
	fmt.Fprintf(e.stdout, "restored %s into %s\n", paths[0], db.Engine())
	return nil
}
