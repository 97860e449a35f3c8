package config

import (
	"errors"
	"flag"
	"fmt"
	"net/mail"
	"strconv"
)

// loadSMTPEnv reads PRESSROOM_SMTP_* into c.
func (c *Config) loadSMTPEnv(getenv func(string) string) error {
	for env, dst := range map[string]*string{
		"PRESSROOM_SMTP_HOST": &c.SMTPHost, "PRESSROOM_SMTP_USERNAME": &c.SMTPUsername,
		"PRESSROOM_SMTP_PASSWORD": &c.SMTPPassword, "PRESSROOM_SMTP_FROM": &c.SMTPFrom, "PRESSROOM_SMTP_TLS": &c.SMTPTLS,
	} {
		if v := getenv(env); v != "" {
			*dst = v
		}
	}
	if v := getenv("PRESSROOM_SMTP_PORT"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("PRESSROOM_SMTP_PORT: %q is not a port number", v)
		}
		c.SMTPPort = p
	}
	return nil
}

// smtpFlags adds the SMTP flags, for commands that may send mail.
func (c *Config) smtpFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.SMTPHost, "smtp-host", c.SMTPHost, "SMTP server `host` for staff email such as password resets; empty means no mail (env PRESSROOM_SMTP_HOST)")
	fs.IntVar(&c.SMTPPort, "smtp-port", c.SMTPPort, "SMTP `port`; 0 means 587 for starttls, 465 for tls, 25 for none (env PRESSROOM_SMTP_PORT)")
	fs.StringVar(&c.SMTPUsername, "smtp-username", c.SMTPUsername, "SMTP user `name`, if the server wants one (env PRESSROOM_SMTP_USERNAME)")
	fs.StringVar(&c.SMTPPassword, "smtp-password", c.SMTPPassword, "SMTP `password`; prefer the environment, which other users cannot list (env PRESSROOM_SMTP_PASSWORD)")
	fs.StringVar(&c.SMTPFrom, "smtp-from", c.SMTPFrom, "From `address` of staff email, e.g. \"The Ledger <newsroom@example.org>\" (env PRESSROOM_SMTP_FROM)")
	fs.StringVar(&c.SMTPTLS, "smtp-tls", c.SMTPTLS, "SMTP encryption `mode`: starttls, tls (implicit, port 465) or none (env PRESSROOM_SMTP_TLS)")
}

// checkSMTP refuses SMTP settings that cannot work, at start-up rather
// than at the first password reset.
func (c *Config) checkSMTP() error {
	switch c.SMTPTLS {
	case "starttls", "tls", "none":
	default:
		return fmt.Errorf("--smtp-tls: %q: want starttls, tls or none", c.SMTPTLS)
	}
	if c.SMTPPort < 0 || c.SMTPPort > 65535 {
		return fmt.Errorf("--smtp-port: %d is not a port", c.SMTPPort)
	}
	if c.SMTPHost == "" {
		return nil
	}
	if c.SMTPFrom == "" {
		return errors.New("--smtp-from: an SMTP host needs a From address (PRESSROOM_SMTP_FROM)")
	}
	if _, err := mail.ParseAddress(c.SMTPFrom); err != nil {
		return fmt.Errorf("--smtp-from: %q: want an address such as \"The Ledger <newsroom@example.org>\"", c.SMTPFrom)
	}
	return nil
}
