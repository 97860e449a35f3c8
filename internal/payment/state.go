package payment

import "time"

// State is what Pressroom keeps about one member's paid subscription, so
// that it can answer "may this reader read paid articles?" without asking
// the provider. The caller stores it and feeds every event for the member
// through Apply.
type State struct {
	CustomerID        string
	SubscriptionID    string
	Status            Status // "" until a subscription event arrives
	PriceID           string // tells the tier and whether monthly or yearly
	PeriodEnd         time.Time
	CancelAtPeriodEnd bool

	// The last subscription event applied: webhooks arrive late, out of
	// order and more than once, and this is what older ones are compared
	// with.
	LastEventID string
	LastEventAt time.Time
}

// Apply returns s after e and whether anything changed. It is pure, so
// the caller may run it inside the transaction that reads and writes the
// member, which makes concurrent deliveries safe.
//
// Subscription events carry the subscription's whole state, so the newest
// one wins and an older one, arriving late, changes nothing. Newest means
// latest Created; Stripe's clock counts seconds, and events of one second
// are ordered by the subscription's life (incomplete, then live, then
// ended), then by id, so every order of delivery ends in the same state.
// An ended subscription stays ended, and the end of another subscription
// than the member's current one does not end theirs. A repeated event is
// older than or equal to the last applied, so it changes nothing.
//
// A completed checkout only fills in the customer and subscription ids
// when they are unknown: it says who paid, not in what state the
// subscription is (Stripe sends that as a subscription event in the same
// second). A failed payment changes nothing here: Stripe follows it with
// the subscription's new status. Record and act on those events (a
// donation, an email) by event id, not through State.
func (s State) Apply(e Event) (State, bool) {
	if e.ID == "" || e.ID == s.LastEventID {
		return s, false
	}
	switch e.Kind {
	case KindCheckoutCompleted:
		next := s
		if next.CustomerID == "" {
			next.CustomerID = e.CustomerID
		}
		if next.SubscriptionID == "" && e.Mode == ModeSubscription {
			next.SubscriptionID = e.SubscriptionID
		}
		return next, next != s
	case KindSubscriptionChanged, KindSubscriptionEnded:
		if e.SubscriptionID == "" || e.Status == "" {
			return s, false
		}
		if e.SubscriptionID != s.SubscriptionID && s.SubscriptionID != "" && e.Status.ended() {
			return s, false
		}
		if e.SubscriptionID == s.SubscriptionID && s.Status.ended() && !e.Status.ended() {
			return s, false
		}
		if s.LastEventID != "" && !newer(e.Created, e.Status, e.ID, s.LastEventAt, s.Status, s.LastEventID) {
			return s, false
		}
		next := State{
			CustomerID:        s.CustomerID,
			SubscriptionID:    e.SubscriptionID,
			Status:            e.Status,
			PriceID:           e.PriceID,
			PeriodEnd:         e.PeriodEnd,
			CancelAtPeriodEnd: e.CancelAtPeriodEnd,
			LastEventID:       e.ID,
			LastEventAt:       e.Created,
		}
		if e.CustomerID != "" {
			next.CustomerID = e.CustomerID
		}
		return next, true
	}
	return s, false
}

// newer reports whether the event (at, status, id) comes after the one
// (lastAt, lastStatus, lastID).
func newer(at time.Time, status Status, id string, lastAt time.Time, lastStatus Status, lastID string) bool {
	if c := at.Truncate(time.Second).Compare(lastAt.Truncate(time.Second)); c != 0 {
		return c > 0
	}
	if a, b := phase(status), phase(lastStatus); a != b {
		return a > b
	}
	return id > lastID
}

// phase orders statuses along a subscription's life: every subscription
// starts incomplete (or live, when the first payment went through at
// once), and ended ones stay ended.
func phase(s Status) int {
	switch {
	case s == StatusIncomplete:
		return 0
	case s.ended():
		return 2
	default:
		return 1
	}
}
