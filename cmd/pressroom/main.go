// Command pressroom runs a Pressroom publishing site and its maintenance
// commands. See "pressroom help".
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if err != errUsage {
			fmt.Fprintln(os.Stderr, "pressroom:", err)
		}
		os.Exit(exitCode(err))
	}
}

// run dispatches to a subcommand. It is main without the process: tests
// call it with their own arguments, environment and streams.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		printHelp(stderr)
		return errUsage
	}
	env := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return runServe(ctx, env, rest)
	case "migrate":
		return runMigrate(ctx, env, rest)
	case "import":
		return runImport(ctx, env, rest)
	case "licensing":
		return runLicensing(ctx, env, rest)
	case "export":
		return runExport(ctx, env, rest)
	case "backup":
		return runBackup(ctx, env, rest)
	case "restore":
		return runRestore(ctx, env, rest)
	case "redirect":
		return runRedirect(ctx, env, rest)
	case "user":
		return runUser(ctx, env, rest)
	case "token":
		return runToken(ctx, env, rest)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "pressroom", version())
		return nil
	case "help", "-h", "-help", "--help":
		printHelp(stdout)
		return nil
	default:
		fmt.Fprintf(stderr, "pressroom: unknown command %q\n\n", cmd)
		printHelp(stderr)
		return errUsage
	}
}
