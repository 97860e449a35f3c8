package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/pressroomhq/pressroom/internal/config"
)

// runLicensing lists the licensing requests readers sent, newest first,
// for editors until the admin shows them.
func runLicensing(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "list" {
		fmt.Fprintln(e.stderr, "usage: pressroom licensing list [--data DIR | --db URL] [N]")
		return errUsage
	}
	cfg, rest, err := e.load("licensing list", args[1:], config.Flags{})
	if err != nil {
		return helpOK(err)
	}
	limit := 50
	if len(rest) > 0 {
		if limit, err = strconv.Atoi(rest[0]); err != nil || limit < 1 {
			fmt.Fprintf(e.stderr, "pressroom: licensing list: %q is not a number of requests\n", rest[0])
			return errUsage
		}
	}
	db, _, err := open(ctx, cfg, e.logger(cfg))
	if err != nil {
		return err
	}
	defer db.Close()
	reqs, err := db.LicensingRequests(ctx, limit)
	if err != nil {
		return err
	}
	if len(reqs) == 0 {
		fmt.Fprintln(e.stdout, "no licensing requests")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RECEIVED (UTC)\tARTICLE\tUSE\tOUTLET\tNAME\tEMAIL\tMESSAGE")
	for _, r := range reqs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%q\n", r.CreatedAt.Format("2006-01-02 15:04"), r.Article, r.Use, r.Outlet, r.Name, r.Email, r.Message)
	}
	return tw.Flush()
}
