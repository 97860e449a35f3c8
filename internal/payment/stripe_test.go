package payment_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/pressroomhq/pressroom/internal/payment"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/web"
)

const testWebhookSecret = "whsec_pressroom_test_secret"

// mustStripe returns a Stripe provider whose API is apiURL (unused by
// webhook tests).
func mustStripe(t *testing.T, apiURL string) *payment.Stripe {
	t.Helper()
	s, err := payment.NewStripe(payment.StripeOptions{SecretKey: presstest.StripeMockKey, WebhookSecret: testWebhookSecret, APIURL: apiURL})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// signed returns the headers Stripe would send with payload, signed with
// secret at time at.
func signed(payload []byte, secret string, at time.Time) http.Header {
	p := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: at})
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Stripe-Signature", p.Header)
	return h
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseWebhook(t *testing.T) {
	t.Parallel()
	s := mustStripe(t, "")
	periodEnd := time.Unix(1775035800, 0).UTC()
	tests := []struct {
		file string
		want payment.Event
	}{
		{"checkout.session.completed.json", payment.Event{ID: "evt_1Qcheckout", Kind: payment.KindCheckoutCompleted,
			Type: "checkout.session.completed", Created: time.Unix(1772357401, 0).UTC(), Reference: "m_42",
			CustomerID: "cus_Ada", CustomerEmail: "ada@example.org", Mode: payment.ModeSubscription, Paid: true,
			SubscriptionID: "sub_Ada", Amount: 500, Currency: "eur"}},
		{"checkout.session.completed.donation.json", payment.Event{ID: "evt_1Qdonation", Kind: payment.KindCheckoutCompleted,
			Type: "checkout.session.completed", Created: time.Unix(1772357460, 0).UTC(),
			CustomerEmail: "reader@example.org", Mode: payment.ModeOneOff, Paid: true, Amount: 2500, Currency: "eur"}},
		{"customer.subscription.updated.json", payment.Event{ID: "evt_1Qsubupdated", Kind: payment.KindSubscriptionChanged,
			Type: "customer.subscription.updated", Created: time.Unix(1772357401, 0).UTC(), Reference: "m_42",
			CustomerID: "cus_Ada", SubscriptionID: "sub_Ada", Status: payment.StatusActive, PriceID: "price_monthly",
			PeriodEnd: periodEnd, Amount: 500, Currency: "eur"}},
		// An endpoint on an older API version: the period end sits on the
		// subscription and the customer is expanded.
		{"customer.subscription.updated.2024-06-20.json", payment.Event{ID: "evt_1Qsublegacy", Kind: payment.KindSubscriptionChanged,
			Type: "customer.subscription.updated", Created: time.Unix(1772357401, 0).UTC(),
			CustomerID: "cus_Ada", SubscriptionID: "sub_Ada", Status: payment.StatusPastDue, PriceID: "price_yearly",
			PeriodEnd: periodEnd, CancelAtPeriodEnd: true, Amount: 5000, Currency: "eur"}},
		{"customer.subscription.deleted.json", payment.Event{ID: "evt_1Qsubdeleted", Kind: payment.KindSubscriptionEnded,
			Type: "customer.subscription.deleted", Created: time.Unix(1775035801, 0).UTC(), Reference: "m_42",
			CustomerID: "cus_Ada", SubscriptionID: "sub_Ada", Status: payment.StatusCanceled, PriceID: "price_monthly",
			PeriodEnd: periodEnd, CancelAtPeriodEnd: true, Amount: 500, Currency: "eur"}},
		{"invoice.payment_failed.json", payment.Event{ID: "evt_1Qinvfailed", Kind: payment.KindPaymentFailed,
			Type: "invoice.payment_failed", Created: time.Unix(1775035900, 0).UTC(), Reference: "m_42",
			CustomerID: "cus_Ada", CustomerEmail: "ada@example.org", SubscriptionID: "sub_Ada", Amount: 500, Currency: "eur"}},
		{"invoice.payment_failed.2024-06-20.json", payment.Event{ID: "evt_1Qinvlegacy", Kind: payment.KindPaymentFailed,
			Type: "invoice.payment_failed", Created: time.Unix(1775035900, 0).UTC(), Reference: "m_42",
			CustomerID: "cus_Ada", CustomerEmail: "ada@example.org", SubscriptionID: "sub_Ada", Amount: 5000, Currency: "eur"}},
		{"charge.succeeded.json", payment.Event{ID: "evt_1Qcharge", Kind: payment.KindOther, Type: "charge.succeeded",
			Created: time.Unix(1772357402, 0).UTC()}},
	}
	// A payment method that settles later: the checkout completes unpaid,
	// and a second event says the money arrived.
	async := bytes.Replace(readTestdata(t, "checkout.session.completed.donation.json"), []byte(`"payment_status": "paid"`), []byte(`"payment_status": "unpaid"`), 1)
	got, err := s.ParseWebhook(async, signed(async, testWebhookSecret, time.Now()))
	if err != nil || got.Kind != payment.KindCheckoutCompleted || got.Paid {
		t.Errorf("unpaid checkout: %+v, %v; want KindCheckoutCompleted, not paid", got, err)
	}
	async = bytes.Replace(bytes.Replace(async, []byte(`"unpaid"`), []byte(`"paid"`), 1),
		[]byte(`"checkout.session.completed"`), []byte(`"checkout.session.async_payment_succeeded"`), 1)
	got, err = s.ParseWebhook(async, signed(async, testWebhookSecret, time.Now()))
	if err != nil || got.Kind != payment.KindCheckoutCompleted || !got.Paid || got.Amount != 2500 {
		t.Errorf("async payment succeeded: %+v, %v; want KindCheckoutCompleted, paid 2500", got, err)
	}

	for _, tt := range tests {
		payload := readTestdata(t, tt.file)
		got, err := s.ParseWebhook(payload, signed(payload, testWebhookSecret, time.Now()))
		if err != nil {
			t.Errorf("%s: %v", tt.file, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.file, diff)
		}
	}
}

func TestParseWebhookSignature(t *testing.T) {
	t.Parallel()
	s := mustStripe(t, "")
	payload := readTestdata(t, "customer.subscription.updated.json")
	now := time.Now()
	good := signed(payload, testWebhookSecret, now).Get("Stripe-Signature")
	header := func(sig string) http.Header { return http.Header{"Stripe-Signature": {sig}} }

	accepted := []struct {
		name   string
		header http.Header
	}{
		{"fresh", header(good)},
		{"four minutes old", signed(payload, testWebhookSecret, now.Add(-4*time.Minute))},
		// While a secret is being rolled Stripe signs with both.
		{"one of two signatures", header(fmt.Sprintf("t=%d,v1=%s,%s",
			now.Unix(), hex.EncodeToString(webhook.ComputeSignature(now, payload, "whsec_old")), good[len(fmt.Sprintf("t=%d,", now.Unix())):]))},
	}
	for _, tt := range accepted {
		if _, err := s.ParseWebhook(payload, tt.header); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}

	tampered := bytes.Replace(payload, []byte(`"status": "active"`), []byte(`"status": "canceled"`), 1)
	rejected := []struct {
		name    string
		payload []byte
		header  http.Header
	}{
		{"no header", payload, http.Header{}},
		{"malformed header", payload, header("v1=abc,t")},
		{"wrong secret", payload, signed(payload, "whsec_someone_else", now)},
		{"stale", payload, signed(payload, testWebhookSecret, now.Add(-6*time.Minute))},
		{"tampered body", tampered, header(good)},
		{"signed but not JSON", []byte("status=active"), signed([]byte("status=active"), testWebhookSecret, now)},
		{"signed but no id", []byte(`{"object":"event","type":"charge.succeeded"}`),
			signed([]byte(`{"object":"event","type":"charge.succeeded"}`), testWebhookSecret, now)},
	}
	for _, tt := range rejected {
		_, err := s.ParseWebhook(tt.payload, tt.header)
		if !errors.Is(err, payment.ErrInvalidWebhook) || !errors.Is(err, press.ErrInvalid) {
			t.Errorf("%s: err %v, want ErrInvalidWebhook", tt.name, err)
			continue
		}
		if got := web.Status(err); got != http.StatusBadRequest {
			t.Errorf("%s: web.Status = %d, want 400", tt.name, got)
		}
	}
}

func TestNew(t *testing.T) {
	t.Parallel()
	p, err := payment.New(payment.StripeOptions{})
	if err != nil || p.Enabled() {
		t.Fatalf("New without a key = %T (enabled %v), %v; want Disabled", p, p.Enabled(), err)
	}
	if _, err := payment.New(payment.StripeOptions{SecretKey: "sk_test_x"}); err == nil {
		t.Error("New with a key but no webhook secret: no error")
	}
	p, err = payment.New(payment.StripeOptions{SecretKey: "sk_test_x", WebhookSecret: "whsec_x"})
	if err != nil || !p.Enabled() {
		t.Fatalf("New with both secrets = %T, %v", p, err)
	}
}

func TestDisabled(t *testing.T) {
	t.Parallel()
	var p payment.Provider = payment.Disabled{}
	ctx := context.Background()
	_, err1 := p.Checkout(ctx, payment.CheckoutRequest{})
	_, err2 := p.Portal(ctx, "cus_1", "https://ledger.example/account")
	_, err3 := p.ParseWebhook([]byte("{}"), http.Header{})
	for i, err := range []error{err1, err2, err3} {
		if !errors.Is(err, payment.ErrDisabled) || web.Status(err) != http.StatusNotFound {
			t.Errorf("call %d: err %v (status %d), want ErrDisabled and 404", i+1, err, web.Status(err))
		}
	}
	if p.Enabled() {
		t.Error("Disabled is enabled")
	}
}

func TestCheckoutRequestValidate(t *testing.T) {
	t.Parallel()
	ok := payment.CheckoutRequest{Reference: "m_1", PriceID: "price_1",
		SuccessURL: "https://ledger.example/welcome", CancelURL: "https://ledger.example/join"}
	with := func(f func(*payment.CheckoutRequest)) payment.CheckoutRequest { r := ok; f(&r); return r }
	donation := with(func(r *payment.CheckoutRequest) { r.PriceID, r.Reference, r.Amount, r.Currency = "", "", 500, "EUR" })
	for _, r := range []payment.CheckoutRequest{ok, donation} {
		if err := r.Validate(); err != nil {
			t.Errorf("Validate(%+v) = %v", r, err)
		}
	}
	tests := []struct {
		req   payment.CheckoutRequest
		field string
	}{
		{with(func(r *payment.CheckoutRequest) { r.PriceID = "" }), "price_id"},
		{with(func(r *payment.CheckoutRequest) { r.Amount, r.Currency = 500, "eur" }), "amount"},
		{with(func(r *payment.CheckoutRequest) { r.Reference = "" }), "reference"},
		{with(func(r *payment.CheckoutRequest) { r.SuccessURL = "/welcome" }), "success_url"},
		{with(func(r *payment.CheckoutRequest) { r.CancelURL = "javascript:alert(1)" }), "cancel_url"},
		{func() payment.CheckoutRequest { r := donation; r.Amount = -5; return r }(), "amount"},
		{func() payment.CheckoutRequest { r := donation; r.Currency = "euro"; return r }(), "currency"},
		{func() payment.CheckoutRequest { r := donation; r.Currency = ""; return r }(), "currency"},
	}
	for _, tt := range tests {
		err := tt.req.Validate()
		var v *press.ValidationError
		if !errors.As(err, &v) || v.Message(tt.field) == "" {
			t.Errorf("Validate(%+v) = %v, want a message for %s", tt.req, err, tt.field)
		}
	}
}

// recorder stands between the provider and stripe-mock and keeps the
// form of every request, so tests see what was asked of Stripe as well as
// what stripe-mock (which checks each request against Stripe's OpenAPI
// description) answered.
type recorder struct {
	mu    sync.Mutex
	calls []call
}

type call struct {
	path string
	form url.Values
}

func (rec *recorder) last(t *testing.T) call {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.calls) == 0 {
		t.Fatal("no request reached Stripe")
	}
	return rec.calls[len(rec.calls)-1]
}

func (rec *recorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.calls)
}

func mustRecordedStripeMock(t *testing.T) (*payment.Stripe, *recorder) {
	t.Helper()
	target, err := url.Parse(presstest.MustStripeMock(t))
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		rec.mu.Lock()
		rec.calls = append(rec.calls, call{r.URL.Path, form})
		rec.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return mustStripe(t, srv.URL), rec
}

func TestStripeCheckout(t *testing.T) {
	s, rec := mustRecordedStripeMock(t)
	ctx := context.Background()
	base := payment.CheckoutRequest{SuccessURL: "https://ledger.example/welcome?session={CHECKOUT_SESSION_ID}",
		CancelURL: "https://ledger.example/join"}
	tests := []struct {
		name string
		req  func(r *payment.CheckoutRequest)
		want map[string]string // form fields sent; "" means absent
	}{
		{"subscription, new customer", func(r *payment.CheckoutRequest) {
			r.Reference, r.PriceID, r.Email = "m_42", "price_monthly", "ada@example.org"
		}, map[string]string{
			"mode": "subscription", "line_items[0][price]": "price_monthly", "line_items[0][quantity]": "1",
			"client_reference_id": "m_42", "metadata[pressroom_member]": "m_42",
			"subscription_data[metadata][pressroom_member]": "m_42",
			"customer_email": "ada@example.org", "customer": "",
			"success_url": base.SuccessURL, "cancel_url": base.CancelURL,
		}},
		{"subscription, returning customer", func(r *payment.CheckoutRequest) {
			r.Reference, r.PriceID, r.Email, r.CustomerID = "m_42", "price_yearly", "ada@example.org", "cus_Ada"
		}, map[string]string{
			"mode": "subscription", "line_items[0][price]": "price_yearly",
			"customer": "cus_Ada", "customer_email": "",
		}},
		{"donation", func(r *payment.CheckoutRequest) {
			r.Amount, r.Currency, r.Description, r.Email = 2500, "EUR", "Support The Ledger", "reader@example.org"
		}, map[string]string{
			"mode": "payment", "submit_type": "donate",
			"line_items[0][price_data][unit_amount]":          "2500",
			"line_items[0][price_data][currency]":             "eur",
			"line_items[0][price_data][product_data][name]":   "Support The Ledger",
			"line_items[0][quantity]":                         "1",
			"customer_email":                                  "reader@example.org",
			"client_reference_id":                             "",
			"subscription_data[metadata][pressroom_member]":   "",
			"payment_intent_data[metadata][pressroom_member]": "",
		}},
		{"member's donation", func(r *payment.CheckoutRequest) {
			r.Amount, r.Currency, r.Reference = 1000, "usd", "m_7"
		}, map[string]string{
			"mode": "payment", "line_items[0][price_data][product_data][name]": "Donation",
			"client_reference_id": "m_7", "payment_intent_data[metadata][pressroom_member]": "m_7",
		}},
	}
	for _, tt := range tests {
		req := base
		tt.req(&req)
		got, err := s.Checkout(ctx, req)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if u, err := url.Parse(got); err != nil || u.Scheme != "https" || u.Host == "" {
			t.Errorf("%s: checkout URL %q is not an https URL", tt.name, got)
		}
		c := rec.last(t)
		if c.path != "/v1/checkout/sessions" {
			t.Errorf("%s: request to %s", tt.name, c.path)
		}
		for k, want := range tt.want {
			if got := c.form.Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", tt.name, k, got, want)
			}
		}
	}

	// Bad input is refused before Stripe is asked.
	n := rec.count()
	if _, err := s.Checkout(ctx, base); !errors.Is(err, press.ErrInvalid) {
		t.Errorf("checkout without price or amount: %v", err)
	}
	if rec.count() != n {
		t.Error("an invalid checkout reached Stripe")
	}
}

func TestStripeCheckoutError(t *testing.T) {
	// A publishable key where the secret key belongs: stripe-mock refuses
	// it as Stripe does, and the error says which call failed.
	s, err := payment.NewStripe(payment.StripeOptions{SecretKey: "pk_test_pressroom", WebhookSecret: testWebhookSecret,
		APIURL: presstest.MustStripeMock(t)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Checkout(context.Background(), payment.CheckoutRequest{Reference: "m_1", PriceID: "price_1",
		SuccessURL: "https://ledger.example/ok", CancelURL: "https://ledger.example/join"})
	if err == nil || !strings.HasPrefix(err.Error(), "payment: stripe checkout: ") {
		t.Errorf("checkout with a publishable key: err %v, want a payment: stripe checkout error", err)
	}
	_, err = s.Portal(context.Background(), "cus_Ada", "https://ledger.example/account")
	if err == nil || !strings.HasPrefix(err.Error(), "payment: stripe portal for cus_Ada: ") {
		t.Errorf("portal with a publishable key: err %v", err)
	}
}

func TestStripePortal(t *testing.T) {
	s, rec := mustRecordedStripeMock(t)
	ctx := context.Background()
	got, err := s.Portal(ctx, "cus_Ada", "https://ledger.example/account")
	if err != nil {
		t.Fatal(err)
	}
	if u, err := url.Parse(got); err != nil || u.Scheme != "https" || u.Host == "" {
		t.Errorf("portal URL %q is not an https URL", got)
	}
	c := rec.last(t)
	if c.path != "/v1/billing_portal/sessions" || c.form.Get("customer") != "cus_Ada" ||
		c.form.Get("return_url") != "https://ledger.example/account" {
		t.Errorf("portal request %s %v", c.path, c.form)
	}
	n := rec.count()
	for _, bad := range [][2]string{{"", "https://ledger.example/account"}, {"cus_Ada", "/account"}} {
		if _, err := s.Portal(ctx, bad[0], bad[1]); !errors.Is(err, press.ErrInvalid) {
			t.Errorf("Portal(%q, %q): err %v, want press.ErrInvalid", bad[0], bad[1], err)
		}
	}
	if rec.count() != n {
		t.Error("an invalid portal request reached Stripe")
	}
}
