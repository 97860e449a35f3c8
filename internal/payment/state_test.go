package payment

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var t0 = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

func day(n int) time.Time { return t0.AddDate(0, 0, n) }

// A member joins (Stripe sends subscription.created while the first
// payment is being made, then updated to active in the same second, then
// checkout.session.completed), a renewal fails once and is retried
// successfully, and at last the member cancels. The ids are chosen so
// that ordering by id alone would get the same-second events wrong.
var (
	evCreated = Event{ID: "evt_9created", Kind: KindSubscriptionChanged, Created: t0, CustomerID: "cus_1",
		SubscriptionID: "sub_1", Status: StatusIncomplete, PriceID: "price_month", PeriodEnd: day(31), Reference: "m1"}
	evActive = Event{ID: "evt_1active", Kind: KindSubscriptionChanged, Created: t0, CustomerID: "cus_1",
		SubscriptionID: "sub_1", Status: StatusActive, PriceID: "price_month", PeriodEnd: day(31), Reference: "m1"}
	evCheckout = Event{ID: "evt_5checkout", Kind: KindCheckoutCompleted, Created: t0.Add(time.Second), Mode: ModeSubscription,
		Paid: true, CustomerID: "cus_1", SubscriptionID: "sub_1", Reference: "m1", CustomerEmail: "ada@example.org"}
	evFailed = Event{ID: "evt_7failed", Kind: KindPaymentFailed, Created: day(31), CustomerID: "cus_1",
		SubscriptionID: "sub_1", Amount: 500, Currency: "eur"}
	evPastDue = Event{ID: "evt_2pastdue", Kind: KindSubscriptionChanged, Created: day(31), CustomerID: "cus_1",
		SubscriptionID: "sub_1", Status: StatusPastDue, PriceID: "price_month", PeriodEnd: day(59), Reference: "m1"}
	evRenewed = Event{ID: "evt_3renewed", Kind: KindSubscriptionChanged, Created: day(34), CustomerID: "cus_1",
		SubscriptionID: "sub_1", Status: StatusActive, PriceID: "price_month", PeriodEnd: day(59), Reference: "m1"}
	evCancel = Event{ID: "evt_4cancel", Kind: KindSubscriptionChanged, Created: day(40), CustomerID: "cus_1",
		SubscriptionID: "sub_1", Status: StatusActive, PriceID: "price_month", PeriodEnd: day(59), CancelAtPeriodEnd: true, Reference: "m1"}
	evDeleted = Event{ID: "evt_0deleted", Kind: KindSubscriptionEnded, Created: day(59), CustomerID: "cus_1",
		SubscriptionID: "sub_1", Status: StatusCanceled, PriceID: "price_month", PeriodEnd: day(59), CancelAtPeriodEnd: true, Reference: "m1"}
)

func TestApplyRules(t *testing.T) {
	t.Parallel()
	active := State{CustomerID: "cus_1", SubscriptionID: "sub_1", Status: StatusActive, PriceID: "price_month",
		PeriodEnd: day(31), LastEventID: evActive.ID, LastEventAt: evActive.Created}
	ended := State{CustomerID: "cus_1", SubscriptionID: "sub_1", Status: StatusCanceled, PriceID: "price_month",
		PeriodEnd: day(59), CancelAtPeriodEnd: true, LastEventID: evDeleted.ID, LastEventAt: evDeleted.Created}
	with := func(e Event, f func(*Event)) Event { f(&e); return e }
	tests := []struct {
		name        string
		state       State
		event       Event
		want        State
		wantChanged bool
	}{
		{name: "first subscription event", event: evCreated, wantChanged: true,
			want: State{CustomerID: "cus_1", SubscriptionID: "sub_1", Status: StatusIncomplete, PriceID: "price_month",
				PeriodEnd: day(31), LastEventID: evCreated.ID, LastEventAt: t0}},
		{name: "checkout links an unknown customer", event: evCheckout, wantChanged: true,
			want: State{CustomerID: "cus_1", SubscriptionID: "sub_1"}},
		{name: "checkout after the subscription changes nothing", state: active, event: evCheckout, want: active},
		{name: "one-off payment links the customer only", event: with(evCheckout, func(e *Event) { e.Mode, e.SubscriptionID = ModeOneOff, "" }),
			wantChanged: true, want: State{CustomerID: "cus_1"}},
		{name: "duplicate of the last event", state: active, event: evActive, want: active},
		{name: "older event", state: active, event: with(evPastDue, func(e *Event) { e.ID, e.Created = "evt_z", t0.Add(-time.Minute) }), want: active},
		{name: "same second, incomplete after active", state: active, event: evCreated, want: active},
		{name: "same second, same phase: higher id wins", state: active,
			event: with(evActive, func(e *Event) { e.ID, e.PeriodEnd = "evt_2", day(32) }), wantChanged: true,
			want: State{CustomerID: "cus_1", SubscriptionID: "sub_1", Status: StatusActive, PriceID: "price_month",
				PeriodEnd: day(32), LastEventID: "evt_2", LastEventAt: t0}},
		{name: "payment failure changes nothing", state: active, event: evFailed, want: active},
		{name: "unknown kind changes nothing", state: active, event: Event{ID: "evt_x", Kind: KindOther, Created: day(90)}, want: active},
		{name: "event without id", state: active, event: with(evRenewed, func(e *Event) { e.ID = "" }), want: active},
		{name: "ended stays ended", state: ended,
			event: with(evRenewed, func(e *Event) { e.ID, e.Created = "evt_late", day(60) }), want: ended},
		{name: "end of another subscription", state: active,
			event: with(evDeleted, func(e *Event) { e.SubscriptionID = "sub_old" }), want: active},
		{name: "new subscription after an ended one", state: ended,
			event: with(evActive, func(e *Event) {
				e.ID, e.SubscriptionID, e.Created, e.PriceID = "evt_new", "sub_2", day(70), "price_year"
			}),
			wantChanged: true,
			want: State{CustomerID: "cus_1", SubscriptionID: "sub_2", Status: StatusActive, PriceID: "price_year",
				PeriodEnd: day(31), LastEventID: "evt_new", LastEventAt: day(70)}},
	}
	for _, tt := range tests {
		got, changed := tt.state.Apply(tt.event)
		if diff := cmp.Diff(tt.want, got); diff != "" || changed != tt.wantChanged {
			t.Errorf("%s: changed %v, want %v; state (-want +got):\n%s", tt.name, changed, tt.wantChanged, diff)
		}
	}
}

// TestApplyAnyOrder delivers realistic event sequences in every order,
// then again with each event repeated at a random later point (Stripe
// retries until it gets a 2xx), and wants one final state from all.
func TestApplyAnyOrder(t *testing.T) {
	t.Parallel()
	resubscribe := []Event{
		evActive,
		{ID: "evt_8end", Kind: KindSubscriptionEnded, Created: day(59), CustomerID: "cus_1", SubscriptionID: "sub_1",
			Status: StatusCanceled, PriceID: "price_month", PeriodEnd: day(59)},
		{ID: "evt_6new", Kind: KindSubscriptionChanged, Created: day(80), CustomerID: "cus_1", SubscriptionID: "sub_2",
			Status: StatusIncomplete, PriceID: "price_year", PeriodEnd: day(445)},
		{ID: "evt_5checkout2", Kind: KindCheckoutCompleted, Created: day(80), Mode: ModeSubscription, Paid: true,
			CustomerID: "cus_1", SubscriptionID: "sub_2"},
		{ID: "evt_4live", Kind: KindSubscriptionChanged, Created: day(80), CustomerID: "cus_1", SubscriptionID: "sub_2",
			Status: StatusActive, PriceID: "price_year", PeriodEnd: day(445)},
	}
	tests := []struct {
		name   string
		events []Event
		want   State
	}{
		{name: "join", events: []Event{evCreated, evActive, evCheckout},
			want: State{CustomerID: "cus_1", SubscriptionID: "sub_1", Status: StatusActive, PriceID: "price_month",
				PeriodEnd: day(31), LastEventID: evActive.ID, LastEventAt: t0}},
		{name: "join, renewal fails", events: []Event{evCreated, evActive, evCheckout, evFailed, evPastDue},
			want: State{CustomerID: "cus_1", SubscriptionID: "sub_1", Status: StatusPastDue, PriceID: "price_month",
				PeriodEnd: day(59), LastEventID: evPastDue.ID, LastEventAt: day(31)}},
		{name: "join, fail, retry succeeds, cancel", events: []Event{evCreated, evActive, evCheckout, evFailed, evPastDue, evRenewed, evCancel},
			want: State{CustomerID: "cus_1", SubscriptionID: "sub_1", Status: StatusActive, PriceID: "price_month",
				PeriodEnd: day(59), CancelAtPeriodEnd: true, LastEventID: evCancel.ID, LastEventAt: day(40)}},
		{name: "cancel takes effect", events: []Event{evActive, evCheckout, evPastDue, evCancel, evDeleted},
			want: State{CustomerID: "cus_1", SubscriptionID: "sub_1", Status: StatusCanceled, PriceID: "price_month",
				PeriodEnd: day(59), CancelAtPeriodEnd: true, LastEventID: evDeleted.ID, LastEventAt: day(59)}},
		{name: "resubscribe", events: resubscribe,
			want: State{CustomerID: "cus_1", SubscriptionID: "sub_2", Status: StatusActive, PriceID: "price_year",
				PeriodEnd: day(445), LastEventID: "evt_4live", LastEventAt: day(80)}},
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for _, tt := range tests {
		n := 0
		for order := range permutations(tt.events) {
			n++
			deliveries := [][]Event{order, withRetries(rng, order)}
			for _, d := range deliveries {
				var s State
				for _, e := range d {
					s, _ = s.Apply(e)
				}
				if diff := cmp.Diff(tt.want, s); diff != "" {
					t.Fatalf("%s: delivered as %v (-want +got):\n%s", tt.name, ids(d), diff)
				}
			}
		}
		if want := factorial(len(tt.events)); n != want {
			t.Fatalf("%s: %d orders tried, want %d", tt.name, n, want)
		}
	}
}

// withRetries returns events with each one delivered again at a random
// later point.
func withRetries(rng *rand.Rand, events []Event) []Event {
	out := append([]Event(nil), events...)
	for i := range events {
		at := i + 1 + rng.IntN(len(out)-i)
		out = append(out[:at], append([]Event{events[i]}, out[at:]...)...)
	}
	return out
}

func permutations(events []Event) func(yield func([]Event) bool) {
	return func(yield func([]Event) bool) {
		var rec func(k int) bool
		p := append([]Event(nil), events...)
		rec = func(k int) bool {
			if k == len(p) {
				return yield(append([]Event(nil), p...))
			}
			for i := k; i < len(p); i++ {
				p[k], p[i] = p[i], p[k]
				if !rec(k + 1) {
					return false
				}
				p[k], p[i] = p[i], p[k]
			}
			return true
		}
		rec(0)
	}
}

func factorial(n int) int {
	if n <= 1 {
		return 1
	}
	return n * factorial(n-1)
}

func ids(events []Event) string {
	s := ""
	for _, e := range events {
		s += fmt.Sprintf(" %s", e.ID)
	}
	return s
}

func TestEntitled(t *testing.T) {
	t.Parallel()
	for s, want := range map[Status]bool{
		StatusActive: true, StatusTrialing: true, StatusPastDue: true,
		StatusIncomplete: false, StatusIncompleteExpired: false, StatusUnpaid: false, StatusPaused: false,
		StatusCanceled: false, "": false, "something_new": false,
	} {
		if got := s.Entitled(); got != want {
			t.Errorf("Status(%q).Entitled() = %v, want %v", s, got, want)
		}
	}
}
