package main

import (
	"context"
	"fmt"

	"github.com/pressroomhq/pressroom/internal/config"
)

func runMigrate(ctx context.Context, e *env, args []string) error {
	cfg, rest, err := e.load("migrate", args, config.Flags{})
	if err != nil {
		return helpOK(err)
	}
	if len(rest) > 0 {
		return fmt.Errorf("migrate: unexpected argument %q", rest[0])
	}
	db, _, err := open(ctx, cfg, e.logger(cfg))
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(e.stdout, "database is up to date (%s)\n", db.Engine())
	return nil
}
