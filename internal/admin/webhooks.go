package admin

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/auth"
	"github.com/pressroomhq/pressroom/internal/press"
)

// WebhooksPage lists the webhooks, for admins, with a form for a new one.
type WebhooksPage struct {
	Layout
	Webhooks []WebhookRow
	Form     WebhookForm
	Events   []string
	Errors   map[string]string
}

// WebhookRow is a webhook with the outcome of its latest delivery.
type WebhookRow struct {
	press.Webhook
	Last *press.Delivery
}

// WebhookForm is what the create and edit forms carry.
type WebhookForm struct {
	URL    string
	Events []string
	Active bool
}

// Has reports whether the form subscribes to event, for its checkbox.
func (f WebhookForm) Has(event string) bool { return slices.Contains(f.Events, event) }

// WebhookEditPage is one webhook: its settings, its secret and its
// recent deliveries.
type WebhookEditPage struct {
	Layout
	Webhook    press.Webhook
	Form       WebhookForm
	Events     []string
	Errors     map[string]string
	Deliveries []press.Delivery
	Created    bool // just made: say where the secret is
}

// recentDeliveries is how many deliveries the edit page shows.
const recentDeliveries = 25

func (a *Admin) webhooksPage(w http.ResponseWriter, r *http.Request, s *staff) (*WebhooksPage, error) {
	hooks, err := a.db.Webhooks(r.Context())
	if err != nil {
		return nil, err
	}
	p := &WebhooksPage{Layout: a.layout(w, r, s, "Webhooks", "webhooks"), Events: press.WebhookEvents,
		Errors: map[string]string{}, Form: WebhookForm{Events: press.WebhookEvents, Active: true}}
	for _, h := range hooks {
		row := WebhookRow{Webhook: h}
		if last, err := a.db.Deliveries(r.Context(), h.ID, 1); err != nil {
			return nil, err
		} else if len(last) > 0 {
			row.Last = &last[0]
		}
		p.Webhooks = append(p.Webhooks, row)
	}
	return p, nil
}

func (a *Admin) handleWebhooks(w http.ResponseWriter, r *http.Request, s *staff) error {
	p, err := a.webhooksPage(w, r, s)
	if err != nil {
		return err
	}
	return a.render(w, "webhooks", p)
}

// webhookForm reads the create and edit forms.
func webhookForm(r *http.Request) WebhookForm {
	return WebhookForm{URL: strings.TrimSpace(r.PostForm.Get("url")), Events: r.PostForm["events"],
		Active: r.PostForm.Get("active") == "on"}
}

// webhookErrors turns a validation error into messages by field; false for
// any other error.
func webhookErrors(err error) (map[string]string, bool) {
	var v *press.ValidationError
	if !errors.As(err, &v) {
		return nil, false
	}
	m := map[string]string{}
	for _, f := range v.Fields {
		if _, ok := m[f.Field]; !ok {
			m[f.Field] = f.Message
		}
	}
	return m, true
}

// handleWebhookCreate registers a webhook with a new random secret and
// shows its page, where the secret is to be copied to the receiver.
func (a *Admin) handleWebhookCreate(w http.ResponseWriter, r *http.Request, s *staff) error {
	f := webhookForm(r)
	h := press.Webhook{URL: f.URL, Events: f.Events, Active: f.Active, Secret: auth.NewSecret()}
	if err := a.db.CreateWebhook(r.Context(), &h); err != nil {
		errs, ok := webhookErrors(err)
		if !ok {
			return err
		}
		p, err := a.webhooksPage(w, r, s)
		if err != nil {
			return err
		}
		p.Form, p.Errors = f, errs
		return a.renderStatus(w, http.StatusUnprocessableEntity, "webhooks", p)
	}
	return a.redirect(w, r, "/admin/webhooks/"+strconv.FormatInt(h.ID, 10)+"?created=1",
		"Webhook added. Give its secret to the receiver so that it can check signatures.")
}

func webhookID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, press.ErrNotFound
	}
	return id, nil
}

func (a *Admin) webhookEditPage(w http.ResponseWriter, r *http.Request, s *staff, id int64) (*WebhookEditPage, error) {
	h, err := a.db.Webhook(r.Context(), id)
	if err != nil {
		return nil, err
	}
	list, err := a.db.Deliveries(r.Context(), id, recentDeliveries)
	if err != nil {
		return nil, err
	}
	return &WebhookEditPage{Layout: a.layout(w, r, s, "Webhook "+h.URL, "webhooks"), Webhook: h, Events: press.WebhookEvents,
		Form: WebhookForm{URL: h.URL, Events: h.Events, Active: h.Active}, Errors: map[string]string{}, Deliveries: list,
		Created: r.URL.Query().Get("created") == "1"}, nil
}

func (a *Admin) handleWebhookEdit(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := webhookID(r)
	if err != nil {
		return err
	}
	p, err := a.webhookEditPage(w, r, s, id)
	if err != nil {
		return err
	}
	return a.render(w, "webhook_edit", p)
}

func (a *Admin) handleWebhookUpdate(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := webhookID(r)
	if err != nil {
		return err
	}
	h, err := a.db.Webhook(r.Context(), id)
	if err != nil {
		return err
	}
	f := webhookForm(r)
	h.URL, h.Events, h.Active = f.URL, f.Events, f.Active
	if err := a.db.UpdateWebhook(r.Context(), &h); err != nil {
		errs, ok := webhookErrors(err)
		if !ok {
			return err
		}
		p, err := a.webhookEditPage(w, r, s, id)
		if err != nil {
			return err
		}
		p.Form, p.Errors = f, errs
		return a.renderStatus(w, http.StatusUnprocessableEntity, "webhook_edit", p)
	}
	return a.redirect(w, r, "/admin/webhooks/"+strconv.FormatInt(id, 10), "Saved.")
}

// handleWebhookSecret replaces the secret, for when the old one leaked;
// deliveries signed from now on use the new one.
func (a *Admin) handleWebhookSecret(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := webhookID(r)
	if err != nil {
		return err
	}
	h, err := a.db.Webhook(r.Context(), id)
	if err != nil {
		return err
	}
	h.Secret = auth.NewSecret()
	if err := a.db.UpdateWebhook(r.Context(), &h); err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/webhooks/"+strconv.FormatInt(id, 10), "New secret made: give it to the receiver.")
}

// handleWebhookTest queues a signed "ping" delivery, which the sender
// posts within seconds; its outcome shows in the list of deliveries.
func (a *Admin) handleWebhookTest(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := webhookID(r)
	if err != nil {
		return err
	}
	if _, err := a.db.EnqueueTestDelivery(r.Context(), id); err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/webhooks/"+strconv.FormatInt(id, 10), "Test event queued: reload in a few seconds to see how it went.")
}

func (a *Admin) handleWebhookDelete(w http.ResponseWriter, r *http.Request, s *staff) error {
	id, err := webhookID(r)
	if err != nil {
		return err
	}
	if err := a.db.DeleteWebhook(r.Context(), id); err != nil {
		return err
	}
	return a.redirect(w, r, "/admin/webhooks", "Webhook deleted.")
}
