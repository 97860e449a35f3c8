package payment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"

	"github.com/pressroomhq/pressroom/internal/press"
)

// WebhookTolerance is how old a webhook's signature may be. Stripe signs
// each delivery attempt afresh, so an older one is a replay.
const WebhookTolerance = 5 * time.Minute

// StripeOptions configure a Stripe provider.
type StripeOptions struct {
	SecretKey     string // sk_live_…, sk_test_… or a restricted rk_… key
	WebhookSecret string // whsec_…, of the webhook endpoint
	// APIURL replaces https://api.stripe.com, for tests against
	// stripe-mock; empty means Stripe.
	APIURL string
	// HTTPClient makes the API requests; nil means stripe-go's, which
	// times out after 80 seconds.
	HTTPClient *http.Client
}

// New returns the provider o describes: Stripe when it has a secret key,
// else Disabled.
func New(o StripeOptions) (Provider, error) {
	if o.SecretKey == "" {
		return Disabled{}, nil
	}
	return NewStripe(o)
}

// Stripe takes payments through Stripe Checkout and the Stripe customer
// portal, and reads Stripe's webhooks.
type Stripe struct {
	client        *stripe.Client
	webhookSecret string
}

var _ Provider = (*Stripe)(nil)

// NewStripe returns a Stripe provider. Both secrets are required: without
// the webhook secret Stripe would take money Pressroom never hears of.
func NewStripe(o StripeOptions) (*Stripe, error) {
	if o.SecretKey == "" {
		return nil, errors.New("payment: stripe: no secret key")
	}
	if o.WebhookSecret == "" {
		return nil, errors.New("payment: stripe: no webhook signing secret")
	}
	cfg := &stripe.BackendConfig{
		HTTPClient: o.HTTPClient,
		// Errors are returned and logged once by whoever handles them;
		// stripe-go would otherwise print them to stderr as well.
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
	}
	if o.APIURL != "" {
		cfg.URL = stripe.String(o.APIURL)
	}
	return &Stripe{
		client:        stripe.NewClient(o.SecretKey, stripe.WithBackends(stripe.NewBackendsWithConfig(cfg))),
		webhookSecret: o.WebhookSecret,
	}, nil
}

// Enabled reports true.
func (s *Stripe) Enabled() bool { return true }

// Checkout creates a Checkout Session. The Reference goes into the
// session's client_reference_id and into the metadata of the session and
// of the subscription or payment it creates, because subscription and
// invoice events do not carry the session's fields.
func (s *Stripe) Checkout(ctx context.Context, req CheckoutRequest) (string, error) {
	if err := req.Validate(); err != nil {
		return "", err
	}
	p := &stripe.CheckoutSessionCreateParams{
		SuccessURL: stripe.String(req.SuccessURL),
		CancelURL:  stripe.String(req.CancelURL),
	}
	p.Context = ctx
	var meta map[string]string
	if req.Reference != "" {
		p.ClientReferenceID = stripe.String(req.Reference)
		meta = map[string]string{MemberMetadataKey: req.Reference}
		p.Metadata = meta
	}
	if req.CustomerID != "" {
		p.Customer = stripe.String(req.CustomerID)
	} else if req.Email != "" {
		p.CustomerEmail = stripe.String(req.Email)
	}
	if req.PriceID != "" {
		p.Mode = stripe.String(string(stripe.CheckoutSessionModeSubscription))
		p.LineItems = []*stripe.CheckoutSessionCreateLineItemParams{{Price: stripe.String(req.PriceID), Quantity: stripe.Int64(1)}}
		if meta != nil {
			p.SubscriptionData = &stripe.CheckoutSessionCreateSubscriptionDataParams{Metadata: meta}
		}
	} else {
		desc := req.Description
		if desc == "" {
			desc = "Donation"
		}
		p.Mode = stripe.String(string(stripe.CheckoutSessionModePayment))
		p.SubmitType = stripe.String(string(stripe.CheckoutSessionSubmitTypeDonate))
		p.LineItems = []*stripe.CheckoutSessionCreateLineItemParams{{
			Quantity: stripe.Int64(1),
			PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{
				Currency:    stripe.String(strings.ToLower(req.Currency)),
				UnitAmount:  stripe.Int64(req.Amount),
				ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{Name: stripe.String(desc)},
			},
		}}
		if meta != nil {
			p.PaymentIntentData = &stripe.CheckoutSessionCreatePaymentIntentDataParams{Metadata: meta}
		}
	}
	sess, err := s.client.V1CheckoutSessions.Create(ctx, p)
	if err != nil {
		return "", fmt.Errorf("payment: stripe checkout: %w", err)
	}
	if sess.URL == "" {
		return "", errors.New("payment: stripe checkout: no URL in the session")
	}
	return sess.URL, nil
}

// Portal creates a customer portal session. What the portal offers (plan
// changes, cancellation) is set in Stripe's dashboard.
func (s *Stripe) Portal(ctx context.Context, customerID, returnURL string) (string, error) {
	// Both are the caller's to get right, not the reader's: a member
	// without a customer has nothing to manage.
	if customerID == "" {
		return "", fmt.Errorf("payment: stripe portal: no customer: %w", press.ErrInvalid)
	}
	if !isAbsoluteURL(returnURL) {
		return "", fmt.Errorf("payment: stripe portal: return URL %q is not an absolute http or https URL: %w", returnURL, press.ErrInvalid)
	}
	p := &stripe.BillingPortalSessionCreateParams{Customer: stripe.String(customerID), ReturnURL: stripe.String(returnURL)}
	p.Context = ctx
	sess, err := s.client.V1BillingPortalSessions.Create(ctx, p)
	if err != nil {
		return "", fmt.Errorf("payment: stripe portal for %s: %w", customerID, err)
	}
	if sess.URL == "" {
		return "", errors.New("payment: stripe portal: no URL in the session")
	}
	return sess.URL, nil
}

// ParseWebhook verifies the Stripe-Signature header (within
// WebhookTolerance) and maps the event. It accepts events of any API
// version: a webhook endpoint keeps the version it was made with, which
// may be older than stripe-go's, so the fields read here are read for
// both shapes (before 2025-03-31 a subscription's period end and an
// invoice's subscription sat elsewhere) instead of through stripe-go's
// types.
func (s *Stripe) ParseWebhook(payload []byte, header http.Header) (Event, error) {
	ev, err := webhook.ConstructEventWithOptions(payload, header.Get("Stripe-Signature"), s.webhookSecret,
		webhook.ConstructEventOptions{Tolerance: WebhookTolerance, IgnoreAPIVersionMismatch: true})
	if err != nil {
		return Event{}, fmt.Errorf("%w: %w", ErrInvalidWebhook, err)
	}
	if ev.ID == "" || ev.Data == nil {
		return Event{}, fmt.Errorf("%w: event without id or data", ErrInvalidWebhook)
	}
	e := Event{ID: ev.ID, Type: string(ev.Type), Kind: KindOther, Created: time.Unix(ev.Created, 0).UTC()}
	switch ev.Type {
	case "checkout.session.completed", "checkout.session.async_payment_succeeded":
		e.Kind = KindCheckoutCompleted
		err = readCheckoutSession(ev.Data.Raw, &e)
	case "customer.subscription.created", "customer.subscription.updated":
		e.Kind = KindSubscriptionChanged
		err = readSubscription(ev.Data.Raw, &e)
	case "customer.subscription.deleted":
		e.Kind = KindSubscriptionEnded
		err = readSubscription(ev.Data.Raw, &e)
		if e.Status == "" {
			e.Status = StatusCanceled
		}
	case "invoice.payment_failed":
		e.Kind = KindPaymentFailed
		err = readInvoice(ev.Data.Raw, &e)
	}
	if err != nil {
		return Event{}, fmt.Errorf("%w: %s %s: %w", ErrInvalidWebhook, ev.Type, ev.ID, err)
	}
	return e, nil
}

// stripeCustomer reads a customer field, which is an id or, when
// expanded, an object with one.
type stripeCustomer string

func (c *stripeCustomer) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '{' {
		var obj struct{ ID string }
		err := json.Unmarshal(b, &obj)
		*c = stripeCustomer(obj.ID)
		return err
	}
	var id string
	err := json.Unmarshal(b, &id)
	*c = stripeCustomer(id)
	return err
}

func readCheckoutSession(raw []byte, e *Event) error {
	var cs struct {
		ClientReferenceID string            `json:"client_reference_id"`
		Metadata          map[string]string `json:"metadata"`
		Customer          stripeCustomer    `json:"customer"`
		CustomerEmail     string            `json:"customer_email"`
		CustomerDetails   *struct {
			Email string `json:"email"`
		} `json:"customer_details"`
		Mode          string         `json:"mode"`
		PaymentStatus string         `json:"payment_status"`
		Subscription  stripeCustomer `json:"subscription"` // an id or an expanded object, like customer
		AmountTotal   int64          `json:"amount_total"`
		Currency      string         `json:"currency"`
	}
	if err := json.Unmarshal(raw, &cs); err != nil {
		return err
	}
	e.Reference = cs.ClientReferenceID
	if e.Reference == "" {
		e.Reference = cs.Metadata[MemberMetadataKey]
	}
	e.CustomerID = string(cs.Customer)
	e.CustomerEmail = cs.CustomerEmail
	if cs.CustomerDetails != nil && cs.CustomerDetails.Email != "" {
		e.CustomerEmail = cs.CustomerDetails.Email // what the reader typed, which wins
	}
	switch cs.Mode {
	case "subscription":
		e.Mode = ModeSubscription
	case "payment":
		e.Mode = ModeOneOff
	}
	e.Paid = cs.PaymentStatus == "paid" || cs.PaymentStatus == "no_payment_required"
	e.SubscriptionID = string(cs.Subscription)
	e.Amount, e.Currency = cs.AmountTotal, cs.Currency
	return nil
}

func readSubscription(raw []byte, e *Event) error {
	var sub struct {
		ID                string            `json:"id"`
		Customer          stripeCustomer    `json:"customer"`
		Status            string            `json:"status"`
		Metadata          map[string]string `json:"metadata"`
		CancelAtPeriodEnd bool              `json:"cancel_at_period_end"`
		CurrentPeriodEnd  int64             `json:"current_period_end"` // API versions before 2025-03-31
		Items             struct {
			Data []struct {
				CurrentPeriodEnd int64 `json:"current_period_end"` // since 2025-03-31
				Price            struct {
					ID         string `json:"id"`
					UnitAmount int64  `json:"unit_amount"`
					Currency   string `json:"currency"`
				} `json:"price"`
			} `json:"data"`
		} `json:"items"`
	}
	if err := json.Unmarshal(raw, &sub); err != nil {
		return err
	}
	if sub.ID == "" {
		return errors.New("subscription without id")
	}
	e.SubscriptionID = sub.ID
	e.CustomerID = string(sub.Customer)
	e.Status = Status(sub.Status)
	e.Reference = sub.Metadata[MemberMetadataKey]
	e.CancelAtPeriodEnd = sub.CancelAtPeriodEnd
	end := sub.CurrentPeriodEnd
	// Checkout makes one item per subscription; the latest period end is
	// the subscription's either way.
	for i, it := range sub.Items.Data {
		if i == 0 {
			e.PriceID, e.Amount, e.Currency = it.Price.ID, it.Price.UnitAmount, it.Price.Currency
		}
		end = max(end, it.CurrentPeriodEnd)
	}
	if end != 0 {
		e.PeriodEnd = time.Unix(end, 0).UTC()
	}
	return nil
}

func readInvoice(raw []byte, e *Event) error {
	type details struct {
		Subscription stripeCustomer    `json:"subscription"`
		Metadata     map[string]string `json:"metadata"`
	}
	var inv struct {
		Customer      stripeCustomer `json:"customer"`
		CustomerEmail string         `json:"customer_email"`
		AmountDue     int64          `json:"amount_due"`
		Currency      string         `json:"currency"`
		// Before 2025-03-31:
		Subscription        stripeCustomer `json:"subscription"`
		SubscriptionDetails *details       `json:"subscription_details"`
		// Since:
		Parent *struct {
			SubscriptionDetails *details `json:"subscription_details"`
		} `json:"parent"`
	}
	if err := json.Unmarshal(raw, &inv); err != nil {
		return err
	}
	e.CustomerID = string(inv.Customer)
	e.CustomerEmail = inv.CustomerEmail
	e.Amount, e.Currency = inv.AmountDue, inv.Currency
	d := inv.SubscriptionDetails
	if inv.Parent != nil && inv.Parent.SubscriptionDetails != nil {
		d = inv.Parent.SubscriptionDetails
	}
	e.SubscriptionID = string(inv.Subscription)
	if d != nil {
		if d.Subscription != "" {
			e.SubscriptionID = string(d.Subscription)
		}
		e.Reference = d.Metadata[MemberMetadataKey]
	}
	return nil
}
