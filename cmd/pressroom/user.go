package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/pressroomhq/pressroom/internal/auth"
	"github.com/pressroomhq/pressroom/internal/config"
	"github.com/pressroomhq/pressroom/internal/press"
)

const userUsage = `usage: pressroom user add --email E --name N --role R [--author SLUG] [--password-stdin] [--data DIR | --db URL]
       pressroom user list [--data DIR | --db URL]
       pressroom user passwd --email E [--password-stdin] [--data DIR | --db URL]
       pressroom user disable --email E | enable --email E [--data DIR | --db URL]

Roles: contributor, author, editor, admin. Without --password-stdin the
password is asked for on the terminal, without echo.`

// userFlags are the user command's own flags, taken out of the arguments
// before the common ones (--data, --db) are parsed.
type userFlags struct {
	email, name, role, author string
	passwordStdin             bool
}

// splitUserFlags takes --email, --name, --role, --author (with a value,
// as "--email x" or "--email=x", one dash or two) and --password-stdin
// out of args and returns the rest.
func splitUserFlags(args []string) (userFlags, []string, error) {
	var f userFlags
	vals := map[string]*string{"email": &f.email, "name": &f.name, "role": &f.role, "author": &f.author}
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") {
			rest = append(rest, a)
			continue
		}
		if name == "password-stdin" && !hasValue {
			f.passwordStdin = true
			continue
		}
		dst, ok := vals[name]
		if !ok {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return f, nil, fmt.Errorf("flag needs an argument: --%s", name)
			}
			i++
			value = args[i]
		}
		*dst = value
	}
	return f, rest, nil
}

// runUser manages staff accounts from the command line: the way in when
// nobody can sign in (the first admin on a headless server, a lost
// password on a site without mail).
func runUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, userUsage)
		return errUsage
	}
	sub := args[0]
	switch sub {
	case "add", "list", "passwd", "disable", "enable":
	default:
		fmt.Fprintf(e.stderr, "pressroom: user: unknown subcommand %q\n%s\n", sub, userUsage)
		return errUsage
	}
	f, args, err := splitUserFlags(args[1:])
	if err != nil {
		fmt.Fprintf(e.stderr, "pressroom: user %s: %v\n%s\n", sub, err, userUsage)
		return errUsage
	}
	cfg, rest, err := e.load("user "+sub, args, config.Flags{})
	if err != nil {
		return helpOK(err)
	}
	usage := func(format string, a ...any) error {
		fmt.Fprintf(e.stderr, "pressroom: user %s: %s\n%s\n", sub, fmt.Sprintf(format, a...), userUsage)
		return errUsage
	}
	if len(rest) != 0 {
		return usage("unexpected arguments %q", rest)
	}
	switch sub {
	case "add":
		if f.email == "" || f.name == "" || f.role == "" {
			return usage("--email, --name and --role are required")
		}
		if !press.Role(f.role).Valid() {
			return usage("--role %q: want contributor, author, editor or admin", f.role)
		}
	case "passwd", "disable", "enable":
		if f.email == "" {
			return usage("--email is required")
		}
	}
	var password string
	if sub == "add" || sub == "passwd" {
		// Ask before opening the store: a refused prompt changes nothing.
		if password, err = readPassword(e, f.passwordStdin); err != nil {
			if errors.Is(err, errNoTerminal) {
				return usageError{fmt.Errorf("user %s: %w", sub, err)}
			}
			return fmt.Errorf("user %s: %w", sub, err)
		}
	}
	db, _, err := open(ctx, cfg, e.logger(cfg))
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = press.WithActor(ctx, press.Actor{Name: "command line"})
	switch sub {
	case "add":
		u := press.User{Email: f.email, Name: strings.TrimSpace(f.name), Role: press.Role(f.role), Author: f.author}
		err := db.CreateUser(ctx, &u, auth.HashPassword(password))
		if errors.Is(err, press.ErrConflict) {
			return fmt.Errorf("user add: %s already has an account (change its password with pressroom user passwd)", u.Email)
		}
		if err != nil {
			return fmt.Errorf("user add: %w", err)
		}
		fmt.Fprintf(e.stdout, "added %s <%s> as %s\n", u.Name, u.Email, u.Role)
	case "passwd":
		u, _, err := db.UserByEmail(ctx, f.email)
		if err != nil {
			return fmt.Errorf("user passwd: %w", err)
		}
		if err := db.SetPassword(ctx, u.ID, auth.HashPassword(password)); err != nil {
			return fmt.Errorf("user passwd: %w", err)
		}
		fmt.Fprintf(e.stdout, "changed the password of %s; their sessions are ended\n", u.Email)
	case "disable", "enable":
		u, _, err := db.UserByEmail(ctx, f.email)
		if err != nil {
			return fmt.Errorf("user %s: %w", sub, err)
		}
		u.Disabled = sub == "disable"
		if err := db.UpdateUser(ctx, &u); err != nil {
			return fmt.Errorf("user %s: %w", sub, err)
		}
		fmt.Fprintf(e.stdout, "%sd %s\n", sub, u.Email)
	case "list":
		users, err := db.Users(ctx)
		if err != nil {
			return err
		}
		if len(users) == 0 {
			fmt.Fprintln(e.stdout, "no users (add one with pressroom user add, or open /admin/ to set up the first admin)")
			return nil
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "EMAIL\tNAME\tROLE\tAUTHOR\t2FA\tLAST SIGN-IN (UTC)\tSTATE")
		for _, u := range users {
			last, state, twoFA := "never", "active", "off"
			if !u.LastLoginAt.IsZero() {
				last = u.LastLoginAt.Format("2006-01-02 15:04")
			}
			if u.Disabled {
				state = "disabled"
			}
			if u.TOTPEnabled {
				twoFA = "on"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, u.Role, or(u.Author, "-"), twoFA, last, state)
		}
		return tw.Flush()
	}
	return nil
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

var errNoTerminal = errors.New("standard input is not a terminal to ask for the password on; pipe the password in with --password-stdin")

// readPassword reads the new password: the first line of standard input
// with --password-stdin (for scripts), else twice from the terminal
// without echo. It checks the password policy.
func readPassword(e *env, fromStdin bool) (string, error) {
	var password string
	if fromStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return "", err
		}
		password = strings.TrimRight(line, "\r\n")
	} else {
		f, ok := e.stdin.(*os.File)
		if !ok || !term.IsTerminal(int(f.Fd())) {
			return "", errNoTerminal
		}
		ask := func(prompt string) (string, error) {
			fmt.Fprint(e.stderr, prompt)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(e.stderr)
			return string(b), err
		}
		var err error
		if password, err = ask("Password: "); err != nil {
			return "", err
		}
		again, err := ask("Password again: ")
		if err != nil {
			return "", err
		}
		if again != password {
			return "", errors.New("the passwords do not match")
		}
	}
	if msg := auth.CheckPasswordPolicy(password); msg != "" {
		return "", fmt.Errorf("the password %s", msg)
	}
	return password, nil
}
