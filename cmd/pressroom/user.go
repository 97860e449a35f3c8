package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/pressroomhq/pressroom/internal/auth"
	"github.com/pressroomhq/pressroom/internal/config"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/store"
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

// staffCommand is a command line of the user and token commands, which
// share their shape (pressroom NAME SUB [flags]) and their flags.
type staffCommand struct {
	e          *env
	name, text string // the command and its usage text
	sub        string
	flags      userFlags
	cfg        config.Config
	rest       []string // what is left after the flags
}

// parseStaffCommand reads pressroom NAME SUB [flags], SUB one of subs,
// printing text (NAME's usage) with any mistake. Its error is errUsage,
// errHelp after -h, or usageError for a bad common flag.
func parseStaffCommand(e *env, name, text string, subs, args []string) (staffCommand, error) {
	c := staffCommand{e: e, name: name, text: text}
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, text)
		return c, errUsage
	}
	c.sub = args[0]
	if !slices.Contains(subs, c.sub) {
		fmt.Fprintf(e.stderr, "pressroom: %s: unknown subcommand %q\n%s\n", name, c.sub, text)
		return c, errUsage
	}
	f, args, err := splitUserFlags(args[1:])
	if err != nil {
		return c, c.usage("%v", err)
	}
	c.flags = f
	c.cfg, c.rest, err = e.load(name+" "+c.sub, args, config.Flags{})
	return c, err
}

// usage prints a mistake in the command line with the usage text.
func (c staffCommand) usage(format string, a ...any) error {
	fmt.Fprintf(c.e.stderr, "pressroom: %s %s: %s\n%s\n", c.name, c.sub, fmt.Sprintf(format, a...), c.text)
	return errUsage
}

// open opens the store, with "command line" as the actor its audit log
// names.
func (c staffCommand) open(ctx context.Context) (*store.DB, context.Context, error) {
	db, _, err := open(ctx, c.cfg, c.e.logger(c.cfg))
	if err != nil {
		return nil, ctx, err
	}
	return db, press.WithActor(ctx, press.Actor{Name: "command line"}), nil
}

// runUser manages staff accounts from the command line: the way in when
// nobody can sign in (the first admin on a headless server, a lost
// password on a site without mail).
func runUser(ctx context.Context, e *env, args []string) error {
	c, err := parseStaffCommand(e, "user", userUsage, []string{"add", "list", "passwd", "disable", "enable"}, args)
	if err != nil {
		return helpOK(err)
	}
	sub, f, rest, usage := c.sub, c.flags, c.rest, c.usage
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
	db, ctx, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
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
