package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/pressroomhq/pressroom/internal/auth"
	"github.com/pressroomhq/pressroom/internal/press"
)

const tokenUsage = `usage: pressroom token create --email E --name LABEL [--data DIR | --db URL]
       pressroom token list [--email E] [--data DIR | --db URL]
       pressroom token revoke ID [--data DIR | --db URL]

An Admin API token acts as its user, with that user's role. create prints
the token once: only its hash is stored, so it cannot be shown again.`

// tokenPrefixLen is how much of a token lists show, to tell tokens apart.
const tokenPrefixLen = 8

// runToken manages Admin API tokens from the command line.
func runToken(ctx context.Context, e *env, args []string) error {
	c, err := parseStaffCommand(e, "token", tokenUsage, []string{"create", "list", "revoke"}, args)
	if err != nil {
		return helpOK(err)
	}
	sub, f, rest, usage := c.sub, c.flags, c.rest, c.usage
	var id int64
	switch sub {
	case "create":
		if f.email == "" || f.name == "" || len(rest) != 0 {
			return usage("--email and --name are required, and nothing else")
		}
	case "list":
		if len(rest) != 0 {
			return usage("unexpected arguments %q", rest)
		}
	case "revoke":
		if len(rest) != 1 {
			return usage("give the ID of one token (see pressroom token list)")
		}
		if id, err = strconv.ParseInt(rest[0], 10, 64); err != nil || id <= 0 {
			return usage("%q is not a token ID", rest[0])
		}
	}
	db, ctx, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	switch sub {
	case "create":
		u, _, err := db.UserByEmail(ctx, f.email)
		if err != nil {
			return fmt.Errorf("token create: %w", err)
		}
		if u.Disabled {
			return fmt.Errorf("token create: %s is disabled", u.Email)
		}
		secret := auth.NewAPIToken()
		k, err := db.CreateToken(ctx, u.ID, f.name, auth.HashSecret(secret), secret[:tokenPrefixLen])
		if err != nil {
			return fmt.Errorf("token create: %w", err)
		}
		fmt.Fprintf(e.stderr, "token %d %q for %s <%s> (%s); it is shown only now:\n", k.ID, k.Name, u.Name, u.Email, u.Role)
		fmt.Fprintln(e.stdout, secret)
	case "list":
		var userID int64
		if f.email != "" {
			u, _, err := db.UserByEmail(ctx, f.email)
			if err != nil {
				return fmt.Errorf("token list: %w", err)
			}
			userID = u.ID
		}
		list, err := db.Tokens(ctx, userID)
		if err != nil {
			return fmt.Errorf("token list: %w", err)
		}
		if len(list) == 0 {
			fmt.Fprintln(e.stdout, "no tokens")
			return nil
		}
		users, err := db.Users(ctx)
		if err != nil {
			return fmt.Errorf("token list: %w", err)
		}
		email := map[int64]string{}
		for _, u := range users {
			email[u.ID] = u.Email
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tPREFIX\tNAME\tUSER\tCREATED\tLAST USED\tREVOKED")
		for _, k := range list {
			fmt.Fprintf(tw, "%d\t%s…\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Prefix, k.Name, email[k.UserID],
				when(k.CreatedAt), when(k.LastUsedAt), when(k.RevokedAt))
		}
		return tw.Flush()
	case "revoke":
		if err := db.RevokeToken(ctx, id); err != nil {
			if errors.Is(err, press.ErrNotFound) {
				return fmt.Errorf("token revoke: no live token %d", id)
			}
			return fmt.Errorf("token revoke: %w", err)
		}
		fmt.Fprintf(e.stdout, "revoked token %d\n", id)
	}
	return nil
}

// when formats a time for lists: UTC to the minute, "-" for never.
func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}
