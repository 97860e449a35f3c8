package newsroom

import (
	"context"

	"github.com/pressroomhq/pressroom/internal/markdown"
	"github.com/pressroomhq/pressroom/internal/press"
)

// The management of taxonomies, terms, authors and the site settings, for
// the web admin and the Admin API alike: editors and admins manage
// taxonomies, terms and authors (press.ActManageTerms,
// press.ActManageAuthors), only admins the settings
// (press.ActManageSettings). Each method renders the Markdown it is given,
// so that readers see sanitised HTML the moment the change commits, and
// records the user as the actor of the store's audit line.

// CreateTerm renders m's description and stores m as a new term.
func (n *Newsroom) CreateTerm(ctx context.Context, u *press.User, m *press.Term) error {
	if err := n.may(u, press.ActManageTerms); err != nil {
		return err
	}
	m.Description.HTML = markdown.Text(m.Description.Source)
	return wrap(n.db.CreateTerm(as(ctx, u), m), "create term %s/%s", m.Taxonomy, m.Slug)
}

// UpdateTerm replaces the term slug of m.Taxonomy with m, rendering its
// description; a new slug leaves a redirect from the old address.
func (n *Newsroom) UpdateTerm(ctx context.Context, u *press.User, slug string, m *press.Term) error {
	if err := n.may(u, press.ActManageTerms); err != nil {
		return err
	}
	m.Description.HTML = markdown.Text(m.Description.Source)
	return wrap(n.db.UpdateTerm(as(ctx, u), slug, m), "update term %s/%s", m.Taxonomy, slug)
}

// RenameTerm changes a term's slug and name (an empty name keeps it),
// with a redirect from the old address.
func (n *Newsroom) RenameTerm(ctx context.Context, u *press.User, taxonomy, from, to, name string) error {
	if err := n.may(u, press.ActManageTerms); err != nil {
		return err
	}
	return wrap(n.db.RenameTerm(as(ctx, u), taxonomy, from, to, name), "rename term %s/%s", taxonomy, from)
}

// DeleteTerm deletes a term; its articles lose it, its children move up.
func (n *Newsroom) DeleteTerm(ctx context.Context, u *press.User, taxonomy, slug string) error {
	if err := n.may(u, press.ActManageTerms); err != nil {
		return err
	}
	return wrap(n.db.DeleteTerm(as(ctx, u), taxonomy, slug), "delete term %s/%s", taxonomy, slug)
}

// MergeTerms merges the term from into the term into of taxonomy; see
// store.DB.MergeTerms.
func (n *Newsroom) MergeTerms(ctx context.Context, u *press.User, taxonomy, from, into string) error {
	if err := n.may(u, press.ActManageTerms); err != nil {
		return err
	}
	return wrap(n.db.MergeTerms(as(ctx, u), taxonomy, from, into), "merge term %s/%s", taxonomy, from)
}

// CreateTaxonomy stores a new taxonomy.
func (n *Newsroom) CreateTaxonomy(ctx context.Context, u *press.User, x *press.Taxonomy) error {
	if err := n.may(u, press.ActManageTerms); err != nil {
		return err
	}
	return wrap(n.db.CreateTaxonomy(as(ctx, u), x), "create taxonomy %q", x.Slug)
}

// UpdateTaxonomy replaces the taxonomy slug with x; a new slug leaves
// redirects from the old addresses of its index and terms.
func (n *Newsroom) UpdateTaxonomy(ctx context.Context, u *press.User, slug string, x *press.Taxonomy) error {
	if err := n.may(u, press.ActManageTerms); err != nil {
		return err
	}
	return wrap(n.db.UpdateTaxonomy(as(ctx, u), slug, x), "update taxonomy %q", slug)
}

// DeleteTaxonomy deletes a taxonomy with all its terms.
func (n *Newsroom) DeleteTaxonomy(ctx context.Context, u *press.User, slug string) error {
	if err := n.may(u, press.ActManageTerms); err != nil {
		return err
	}
	return wrap(n.db.DeleteTaxonomy(as(ctx, u), slug), "delete taxonomy %q", slug)
}

// CreateAuthor renders a's bio and stores a as a new author.
func (n *Newsroom) CreateAuthor(ctx context.Context, u *press.User, a *press.Author) error {
	if err := n.may(u, press.ActManageAuthors); err != nil {
		return err
	}
	a.Bio.HTML = markdown.Text(a.Bio.Source)
	return wrap(n.db.CreateAuthor(as(ctx, u), a), "create author %q", a.Slug)
}

// UpdateAuthor replaces the author slug with a, rendering the bio; a new
// slug leaves a redirect from the old author page.
func (n *Newsroom) UpdateAuthor(ctx context.Context, u *press.User, slug string, a *press.Author) error {
	if err := n.may(u, press.ActManageAuthors); err != nil {
		return err
	}
	a.Bio.HTML = markdown.Text(a.Bio.Source)
	return wrap(n.db.UpdateAuthor(as(ctx, u), slug, a), "update author %q", slug)
}

// DeleteAuthor deletes the author slug, crediting the author reassign in
// their place; an author with articles and no reassign is refused.
func (n *Newsroom) DeleteAuthor(ctx context.Context, u *press.User, slug, reassign string) error {
	if err := n.may(u, press.ActManageAuthors); err != nil {
		return err
	}
	return wrap(n.db.DeleteAuthor(as(ctx, u), slug, reassign), "delete author %q", slug)
}

// UpdateSettings renders every standing text of s and stores s as the
// site settings.
func (n *Newsroom) UpdateSettings(ctx context.Context, u *press.User, s press.Site) error {
	if err := n.may(u, press.ActManageSettings); err != nil {
		return err
	}
	for _, m := range siteTexts(&s) {
		m.HTML = markdown.Text(m.Source)
	}
	return wrap(n.db.SaveSettings(as(ctx, u), s), "update settings")
}
