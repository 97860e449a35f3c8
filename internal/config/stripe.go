package config

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"strings"
)

// loadStripeEnv reads PRESSROOM_STRIPE_* into c.
func (c *Config) loadStripeEnv(getenv func(string) string) {
	for env, dst := range map[string]*string{
		"PRESSROOM_STRIPE_SECRET_KEY": &c.StripeSecretKey, "PRESSROOM_STRIPE_WEBHOOK_SECRET": &c.StripeWebhookSecret,
		"PRESSROOM_STRIPE_API_URL": &c.StripeAPIURL,
	} {
		if v := getenv(env); v != "" {
			*dst = v
		}
	}
}

// stripeFlags adds the Stripe flags, for commands that serve the site.
func (c *Config) stripeFlags(fs *flag.FlagSet) {
	fs.Var((*secretValue)(&c.StripeSecretKey), "stripe-secret-key", "Stripe secret `key` (sk_… or a restricted rk_…) for paid tiers and donations; empty means no payments; prefer the environment (env PRESSROOM_STRIPE_SECRET_KEY)")
	fs.Var((*secretValue)(&c.StripeWebhookSecret), "stripe-webhook-secret", "signing `secret` (whsec_…) of the Stripe webhook endpoint; required with a secret key (env PRESSROOM_STRIPE_WEBHOOK_SECRET)")
	fs.StringVar(&c.StripeAPIURL, "stripe-api-url", c.StripeAPIURL, "Stripe API base `URL`, for tests against stripe-mock; empty means Stripe (env PRESSROOM_STRIPE_API_URL)")
}

// checkStripe refuses Stripe settings that would take money Pressroom
// never hears of, or that are plainly the wrong key, at start-up rather
// than at a reader's first payment.
func (c *Config) checkStripe() error {
	key, hook := c.StripeSecretKey, c.StripeWebhookSecret
	switch {
	case key == "" && hook != "":
		return errors.New("--stripe-secret-key: a webhook secret is set but no secret key (PRESSROOM_STRIPE_SECRET_KEY)")
	case key == "":
	case strings.HasPrefix(key, "pk_"):
		return errors.New("--stripe-secret-key: that is the publishable key (pk_…); want the secret key, sk_… or rk_…")
	case !strings.HasPrefix(key, "sk_") && !strings.HasPrefix(key, "rk_"):
		return errors.New("--stripe-secret-key: want a Stripe secret key, sk_… or rk_…")
	case hook == "":
		return errors.New("--stripe-webhook-secret: a Stripe secret key needs the signing secret (whsec_…) of the webhook endpoint, or payments are never recorded (PRESSROOM_STRIPE_WEBHOOK_SECRET)")
	case !strings.HasPrefix(hook, "whsec_"):
		return errors.New("--stripe-webhook-secret: want the endpoint's signing secret, whsec_…")
	}
	if c.StripeAPIURL != "" {
		u, err := url.Parse(c.StripeAPIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--stripe-api-url: %q: want an http or https URL such as http://127.0.0.1:12111", c.StripeAPIURL)
		}
	}
	return nil
}

// secretValue is a string flag whose value never shows in the usage
// text, which would otherwise print a secret read from the environment as
// the flag's default.
type secretValue string

func (s *secretValue) String() string     { return "" }
func (s *secretValue) Set(v string) error { *s = secretValue(v); return nil }
