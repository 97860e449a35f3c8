package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/pressroomhq/pressroom/internal/config"
	"github.com/pressroomhq/pressroom/internal/exporter"
)

const exportUsage = `usage: pressroom export markdown DIR [--force] [--no-media] [--data DIR | --db URL]
       pressroom export json FILE [--data DIR | --db URL]   (FILE - is standard output)`

// runExport writes the whole site out: as Markdown files that
// "pressroom import markdown" reads back, or as one JSON document.
func runExport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (args[0] != "markdown" && args[0] != "json") {
		fmt.Fprintln(e.stderr, exportUsage)
		return errUsage
	}
	format := args[0]
	var force, noMedia bool
	var rest []string
	for _, a := range args[1:] {
		switch a {
		case "--force", "-force":
			force = true
		case "--no-media", "-no-media":
			noMedia = true
		default:
			rest = append(rest, a)
		}
	}
	if format == "json" && (force || noMedia) {
		return usageError{errors.New("export json: --force and --no-media are for export markdown")}
	}
	cfg, paths, err := e.load("export "+format, rest, config.Flags{})
	if err != nil {
		return helpOK(err)
	}
	if len(paths) != 1 {
		fmt.Fprintln(e.stderr, exportUsage)
		return errUsage
	}
	db, _, err := open(ctx, cfg, e.logger(cfg))
	if err != nil {
		return err
	}
	defer db.Close()
	if format == "json" {
		return writeOut(paths[0], e.stdout, func(w io.Writer) error {
			return exporter.JSON(ctx, db, w, time.Now())
		})
	}
	opt := exporter.Options{Force: force}
	if !noMedia {
		opt.MediaDir = cfg.MediaDir()
	}
	st, err := exporter.Markdown(ctx, db, paths[0], opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "exported %d articles, %d authors, %d terms, %d pages, %d media files to %s\n",
		st.Articles, st.Authors, st.Terms, st.Pages, st.MediaFiles, paths[0])
	return nil
}

// writeOut runs write on the file name, or on stdout when name is "-".
// A file is written under a temporary name and renamed when complete, so
// a failure never leaves half a file under the name asked for.
func writeOut(name string, stdout io.Writer, write func(io.Writer) error) error {
	if name == "-" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
