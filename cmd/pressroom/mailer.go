package main

import (
	"github.com/pressroomhq/pressroom/internal/config"
	"github.com/pressroomhq/pressroom/internal/mail"
)

// mailer returns the SMTP mailer of the configuration, or nil when no
// SMTP host is set (the admin then says to use `pressroom user passwd`).
func mailer(cfg config.Config) mail.Mailer {
	if cfg.SMTPHost == "" {
		return nil
	}
	return &mail.SMTP{Host: cfg.SMTPHost, Port: cfg.SMTPPort, TLS: cfg.SMTPTLS,
		Username: cfg.SMTPUsername, Password: cfg.SMTPPassword, From: cfg.SMTPFrom}
}
