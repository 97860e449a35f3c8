package main

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/pressroomhq/pressroom/internal/config"
	"github.com/pressroomhq/pressroom/internal/demo"
	"github.com/pressroomhq/pressroom/internal/server"
	"github.com/pressroomhq/pressroom/internal/theme"
	"github.com/pressroomhq/pressroom/internal/webhook"
)

func runServe(ctx context.Context, e *env, args []string) error {
	cfg, rest, err := e.load("serve", args, config.Flags{Addr: true, Demo: true})
	if err != nil {
		return helpOK(err)
	}
	if len(rest) > 0 {
		return fmt.Errorf("serve: unexpected argument %q", rest[0])
	}
	logger := e.logger(cfg)
	th, err := theme.Load()
	if err != nil {
		return err
	}
	db, nr, err := open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer db.Close()
	if cfg.Demo {
		installed, err := demo.Install(ctx, db, nr, cfg.MediaDir())
		if err != nil {
			return err
		}
		if installed {
			logger.Info("installed demo content")
		}
	}
	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("serving", "url", "http://"+l.Addr().String()+"/", "database", db.Engine())
	// Background work: the scheduler publishes scheduled articles on time
	// and empties the old trash. Each step is one transaction that claims
	// its rows, so any number of nodes may run it.
	go nr.RunScheduler(ctx, time.Second)
	// Writes by other processes (a command run beside this one, another
	// node) reach the page cache within a second.
	go db.WatchChanges(ctx, time.Second)
	// Webhook deliveries are claimed with a lease, so the same holds for
	// the sender: one delivery, one POST at a time, whatever the nodes.
	go webhook.New(db, logger, webhook.Options{}).Run(ctx)
	h := server.Handler(db, th, cfg.MediaDir(), logger, server.Options{APIRate: cfg.APIRate, Newsroom: nr, MaxUpload: int64(cfg.MaxUpload), Mailer: mailer(cfg),
		CacheSize: int64(cfg.CacheSize), CDNMaxAge: cfg.CDNMaxAge})
	return server.Serve(ctx, l, h, cfg.ShutdownTimeout, logger)
}

// helpOK turns "-h was asked for" into success.
func helpOK(err error) error {
	if err == errHelp {
		return nil
	}
	return err
}
