package config

import (
	"io"
	"strings"
	"testing"
)

func TestStripe(t *testing.T) {
	t.Parallel()
	env := map[string]string{"PRESSROOM_STRIPE_SECRET_KEY": "sk_test_env", "PRESSROOM_STRIPE_WEBHOOK_SECRET": "whsec_env",
		"PRESSROOM_STRIPE_API_URL": "http://127.0.0.1:12111"}
	load := func(env map[string]string, args ...string) (Config, error) {
		cfg, _, err := Load("serve", args, func(k string) string { return env[k] }, Flags{Addr: true}, io.Discard)
		return cfg, err
	}
	tests := []struct {
		name              string
		env               map[string]string
		args              []string
		key, hook, apiURL string
	}{
		{name: "none"},
		{name: "env", env: env, key: "sk_test_env", hook: "whsec_env", apiURL: "http://127.0.0.1:12111"},
		{name: "flags beat env", env: env, args: []string{"--stripe-secret-key", "rk_live_flag", "--stripe-webhook-secret=whsec_flag",
			"--stripe-api-url", "https://stripe.internal"}, key: "rk_live_flag", hook: "whsec_flag", apiURL: "https://stripe.internal"},
	}
	for _, tt := range tests {
		cfg, err := load(tt.env, tt.args...)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if cfg.StripeSecretKey != tt.key || cfg.StripeWebhookSecret != tt.hook || cfg.StripeAPIURL != tt.apiURL {
			t.Errorf("%s: key %q, webhook secret %q, API URL %q; want %q, %q, %q", tt.name,
				cfg.StripeSecretKey, cfg.StripeWebhookSecret, cfg.StripeAPIURL, tt.key, tt.hook, tt.apiURL)
		}
	}

	for _, tt := range []struct {
		args []string
		flag string // the flag the error must name
	}{
		{[]string{"--stripe-secret-key", "sk_test_1"}, "--stripe-webhook-secret"},
		{[]string{"--stripe-webhook-secret", "whsec_1"}, "--stripe-secret-key"},
		{[]string{"--stripe-secret-key", "pk_test_1", "--stripe-webhook-secret", "whsec_1"}, "--stripe-secret-key"},
		{[]string{"--stripe-secret-key", "hunter2", "--stripe-webhook-secret", "whsec_1"}, "--stripe-secret-key"},
		{[]string{"--stripe-secret-key", "sk_test_1", "--stripe-webhook-secret", "sk_test_1"}, "--stripe-webhook-secret"},
		{[]string{"--stripe-api-url", "127.0.0.1:12111"}, "--stripe-api-url"},
	} {
		if _, err := load(nil, tt.args...); err == nil || !strings.Contains(err.Error(), tt.flag) {
			t.Errorf("Load(%q) = %v, want an error naming %s", tt.args, err, tt.flag)
		}
	}
	if _, err := load(map[string]string{"PRESSROOM_STRIPE_SECRET_KEY": "sk_test_1"}); err == nil {
		t.Error("PRESSROOM_STRIPE_SECRET_KEY without a webhook secret accepted")
	}
	if _, _, err := Load("migrate", []string{"--stripe-secret-key", "sk_test_1"}, func(string) string { return "" }, Flags{}, io.Discard); err == nil {
		t.Error("migrate accepts --stripe-secret-key")
	}
}

// TestStripeSecretsNotInUsage: flag prints a flag's default in its
// usage, and the default of a secret is what the environment gave.
func TestStripeSecretsNotInUsage(t *testing.T) {
	t.Parallel()
	env := map[string]string{"PRESSROOM_STRIPE_SECRET_KEY": "sk_live_doNotPrint", "PRESSROOM_STRIPE_WEBHOOK_SECRET": "whsec_doNotPrint"}
	var usage strings.Builder
	if _, _, err := Load("serve", []string{"-h"}, func(k string) string { return env[k] }, Flags{Addr: true}, &usage); err == nil {
		t.Fatal("-h: no error")
	}
	if !strings.Contains(usage.String(), "-stripe-secret-key") {
		t.Fatalf("usage does not list the Stripe flags:\n%s", usage.String())
	}
	if strings.Contains(usage.String(), "doNotPrint") {
		t.Errorf("usage shows a secret:\n%s", usage.String())
	}
}
