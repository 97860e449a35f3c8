// Package payment takes readers' money through a payment provider and
// turns the provider's webhooks into plain events: Pressroom sends a reader
// to the provider's hosted pages (checkout, then the customer portal for
// changes and cancellation) and learns what happened only from signed
// webhooks, never from the redirect back, which a reader can forge or
// abandon.
//
// The package knows nothing of members or tiers: the caller says which
// price to charge and which member it is for (a Reference, returned in
// every event about that payment), and keeps the State that Apply computes.
// Stripe is the one provider; Disabled stands in when none is configured,
// so the rest of Pressroom asks Enabled instead of checking for nil.
package payment

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Provider is what the rest of Pressroom needs from a payment provider. It
// is small on purpose: prices, products and invoices live in the
// provider's dashboard, and Pressroom only starts payments, links to
// self-service and listens.
type Provider interface {
	// Enabled reports whether payments can be taken at all; without a
	// provider the site hides paid tiers and donations.
	Enabled() bool
	// Checkout starts a payment and returns the URL of the provider's
	// hosted checkout page to redirect the reader to. Nothing is paid
	// until a webhook says so.
	Checkout(ctx context.Context, req CheckoutRequest) (string, error)
	// Portal returns the URL of the provider's customer portal for
	// customerID (from an Event), where the reader changes card or plan
	// or cancels, then comes back to returnURL.
	Portal(ctx context.Context, customerID, returnURL string) (string, error)
	// ParseWebhook verifies a webhook request's signature and reads its
	// event. An error that wraps ErrInvalidWebhook (and so press.ErrInvalid)
	// means the request was not from the provider or too old to trust:
	// answer 400. Events of a kind Pressroom does not use come back as
	// KindOther without error, to be acknowledged and dropped.
	ParseWebhook(payload []byte, header http.Header) (Event, error)
}

// MemberMetadataKey is the metadata key under which Checkout stores the
// request's Reference on the checkout session, the subscription and the
// payment, so that every later event carries it even when it arrives
// before the event that links the customer to a member.
const MemberMetadataKey = "pressroom_member"

// CheckoutRequest says what a checkout charges and for whom. Exactly one of
// PriceID (a recurring subscription) and Amount (a one-off payment such as
// a donation) is set.
type CheckoutRequest struct {
	// Reference ties the payment to our side, usually a member id; it
	// comes back as Event.Reference. Required for subscriptions.
	Reference string
	// PriceID is the provider's id of a recurring price: a tier's
	// monthly or yearly price.
	PriceID string
	// Amount is a one-off charge in the currency's minor unit (cents),
	// with Currency (ISO 4217, "eur") and Description (what the reader
	// sees on the checkout page; "Donation" when empty).
	Amount      int64
	Currency    string
	Description string
	// CustomerID is the provider's customer of a returning payer, so one
	// reader stays one customer; otherwise Email pre-fills the checkout
	// form and the provider makes a new customer. The provider refuses
	// both at once, so Email is ignored when CustomerID is set.
	CustomerID string
	Email      string
	// SuccessURL and CancelURL are absolute URLs the reader returns to.
	// Stripe replaces {CHECKOUT_SESSION_ID} in SuccessURL.
	SuccessURL string
	CancelURL  string
}

// Kind is what an event means to Pressroom, whatever the provider calls it.
type Kind string

const (
	// KindCheckoutCompleted: a reader finished checkout. For a
	// subscription it links Reference, CustomerID and SubscriptionID; its
	// state comes from the subscription events. For a one-off payment,
	// Paid says whether the money arrived (some payment methods settle
	// later, with a second KindCheckoutCompleted).
	KindCheckoutCompleted Kind = "checkout_completed"
	// KindSubscriptionChanged: a subscription was created or changed;
	// Status, PriceID and PeriodEnd are its state at Created.
	KindSubscriptionChanged Kind = "subscription_changed"
	// KindSubscriptionEnded: a subscription was canceled for good.
	KindSubscriptionEnded Kind = "subscription_ended"
	// KindPaymentFailed: a renewal (or first) payment failed; the
	// provider retries and says what it decided with a
	// KindSubscriptionChanged. Worth an email to the reader.
	KindPaymentFailed Kind = "payment_failed"
	// KindOther: an event Pressroom does not use.
	KindOther Kind = "other"
)

// Mode is how a checkout charges.
type Mode string

const (
	ModeSubscription Mode = "subscription" // recurring, from CheckoutRequest.PriceID
	ModeOneOff       Mode = "one_off"      // once, from CheckoutRequest.Amount
)

// Status is a subscription's state, in Stripe's words, which other
// providers' states map onto.
type Status string

const (
	StatusIncomplete        Status = "incomplete" // first payment not made yet
	StatusIncompleteExpired Status = "incomplete_expired"
	StatusTrialing          Status = "trialing"
	StatusActive            Status = "active"
	StatusPastDue           Status = "past_due" // a renewal failed; retrying
	StatusUnpaid            Status = "unpaid"   // retries exhausted, subscription kept
	StatusPaused            Status = "paused"
	StatusCanceled          Status = "canceled"
)

// Entitled reports whether a subscription in status s gives access to paid
// content. past_due does: the provider is still retrying the card, and
// locking a reader out over an expired card before they can fix it loses
// more members than it protects.
func (s Status) Entitled() bool {
	return s == StatusActive || s == StatusTrialing || s == StatusPastDue
}

// ended reports whether s is final: a canceled or expired subscription
// never becomes active again (the reader gets a new one instead).
func (s Status) ended() bool {
	return s == StatusCanceled || s == StatusIncompleteExpired
}

// Event is one webhook event, reduced to what Pressroom uses. Fields an
// event does not carry are zero.
type Event struct {
	ID      string // the provider's event id, unique per event and repeated on retries
	Kind    Kind
	Type    string    // the provider's event type, for logs ("customer.subscription.updated")
	Created time.Time // when the provider made the event (second precision), the order of truth

	Reference     string // CheckoutRequest.Reference, when the event can be traced to one
	CustomerID    string
	CustomerEmail string

	Mode              Mode // KindCheckoutCompleted only
	Paid              bool // KindCheckoutCompleted: the money arrived (or none was due)
	SubscriptionID    string
	Status            Status
	PriceID           string
	PeriodEnd         time.Time // end of the period paid for
	CancelAtPeriodEnd bool      // the reader canceled; access runs to PeriodEnd

	Amount   int64  // minor units: the payment, the invoice due or the price
	Currency string // lower case ISO 4217
}

// ErrInvalidWebhook is wrapped by ParseWebhook's errors when the request
// cannot be trusted or read: missing, wrong or stale signature, bad JSON.
// It wraps press.ErrInvalid, so web.Status answers 400 and the provider
// stops retrying a request that will never verify.
var ErrInvalidWebhook error = &kindError{"payment: invalid webhook", press.ErrInvalid}

// ErrDisabled is returned by every Disabled call. It wraps
// press.ErrNotFound: without a provider, checkout and webhook pages do not
// exist.
var ErrDisabled error = &kindError{"payment: no payment provider configured (set --stripe-secret-key)", press.ErrNotFound}

// kindError is a sentinel that also matches a press sentinel, so callers
// may test for either.
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string        { return e.msg }
func (e *kindError) Is(target error) bool { return target == e.kind }

// Disabled is the Provider used when no payment provider is configured.
type Disabled struct{}

var _ Provider = Disabled{}

// Enabled reports false.
func (Disabled) Enabled() bool { return false }

// Checkout returns ErrDisabled.
func (Disabled) Checkout(context.Context, CheckoutRequest) (string, error) { return "", ErrDisabled }

// Portal returns ErrDisabled.
func (Disabled) Portal(context.Context, string, string) (string, error) { return "", ErrDisabled }

// ParseWebhook returns ErrDisabled.
func (Disabled) ParseWebhook([]byte, http.Header) (Event, error) { return Event{}, ErrDisabled }

// Validate checks r before any request leaves, so a bad form gets field
// messages instead of a provider error. It returns a *press.ValidationError.
func (r CheckoutRequest) Validate() error {
	var v press.ValidationError
	switch {
	case r.PriceID == "" && r.Amount == 0:
		v.Add("price_id", "give a price to subscribe to or an amount to pay once")
	case r.PriceID != "" && r.Amount != 0:
		v.Add("amount", "give a price or an amount, not both")
	case r.PriceID != "" && r.Reference == "":
		v.Add("reference", "a subscription must name whom it is for")
	case r.Amount < 0:
		v.Add("amount", "must be more than zero")
	}
	if r.Amount != 0 && !isCurrency(r.Currency) {
		v.Add("currency", "want a three-letter currency code such as eur or usd")
	}
	for _, f := range []struct{ name, url string }{{"success_url", r.SuccessURL}, {"cancel_url", r.CancelURL}} {
		if !isAbsoluteURL(f.url) {
			v.Add(f.name, "want an absolute http or https URL")
		}
	}
	return v.Err()
}

func isCurrency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, c := range strings.ToLower(s) {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func isAbsoluteURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
