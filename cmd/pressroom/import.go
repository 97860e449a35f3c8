package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/pressroomhq/pressroom/internal/config"
	"github.com/pressroomhq/pressroom/internal/importer"
)

func runImport(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "wxr" {
		return runImportWXR(ctx, e, args[1:])
	}
	if len(args) == 0 || args[0] != "markdown" {
		fmt.Fprintln(e.stderr, "usage: pressroom import markdown PATH... [--data DIR | --db URL]")
		fmt.Fprintln(e.stderr, "       "+wxrUsage[len("usage: "):])
		return errUsage
	}
	cfg, paths, err := e.load("import markdown", args[1:], config.Flags{})
	if err != nil {
		return helpOK(err)
	}
	if len(paths) == 0 {
		fmt.Fprintln(e.stderr, "usage: pressroom import markdown PATH... [--data DIR | --db URL]")
		return errUsage
	}
	logger := e.logger(cfg)
	db, nr, err := open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer db.Close()
	taxonomies, err := db.Taxonomies(ctx)
	if err != nil {
		return err
	}
	b, err := importer.Load(paths, importer.Options{Taxonomies: taxonomies})
	if err != nil {
		var ie *importer.Error
		if errors.As(err, &ie) {
			return ie // already "file:line: what is wrong"
		}
		return err
	}
	stats, err := nr.Import(ctx, b)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "imported %d articles, %d authors, %d terms, %d pages: %d created, %d updated, %d unchanged\n",
		stats.Articles, stats.Authors, stats.Terms, stats.Pages, stats.Created, stats.Updated, stats.Unchanged)
	return nil
}
