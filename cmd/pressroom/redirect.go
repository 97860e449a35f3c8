package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/pressroomhq/pressroom/internal/config"
	"github.com/pressroomhq/pressroom/internal/press"
)

const redirectUsage = `usage: pressroom redirect add FROM TO [--data DIR | --db URL]
       pressroom redirect list [--data DIR | --db URL]
       pressroom redirect remove FROM [--data DIR | --db URL]`

// runRedirect manages the redirects of old addresses (such as WordPress
// permalinks) to where their content lives now.
func runRedirect(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, redirectUsage)
		return errUsage
	}
	sub := args[0]
	var want int // positional arguments
	switch sub {
	case "add":
		want = 2
	case "list":
		want = 0
	case "remove":
		want = 1
	default:
		fmt.Fprintf(e.stderr, "pressroom: redirect: unknown subcommand %q\n%s\n", sub, redirectUsage)
		return errUsage
	}
	cfg, rest, err := e.load("redirect "+sub, args[1:], config.Flags{})
	if err != nil {
		return helpOK(err)
	}
	if len(rest) != want {
		fmt.Fprintf(e.stderr, "pressroom: redirect %s: want %d arguments, got %d\n%s\n", sub, want, len(rest), redirectUsage)
		return errUsage
	}
	db, _, err := open(ctx, cfg, e.logger(cfg))
	if err != nil {
		return err
	}
	defer db.Close()
	switch sub {
	case "add":
		x := press.Redirect{From: rest[0], To: rest[1]}
		if err := db.SaveRedirect(ctx, &x); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s -> %s\n", x.From, x.To)
	case "remove":
		if err := db.DeleteRedirect(ctx, rest[0]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "removed %s\n", press.NormalisePath(rest[0]))
	case "list":
		list, err := db.Redirects(ctx)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			fmt.Fprintln(e.stdout, "no redirects")
			return nil
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "FROM\tTO\tCREATED (UTC)")
		for _, x := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", x.From, x.To, x.CreatedAt.Format("2006-01-02 15:04"))
		}
		return tw.Flush()
	}
	return nil
}
