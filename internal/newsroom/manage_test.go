package newsroom_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/newsroom"
	"github.com/pressroomhq/pressroom/internal/press"
	"github.com/pressroomhq/pressroom/internal/presstest"
)

// TestManagePermissions checks the newsroom itself, which the Admin API
// relies on as much as the web admin: every management operation is
// refused to roles below editor, and the settings to all but admins.
func TestManagePermissions(t *testing.T) {
	t.Parallel()
	db := presstest.MustStore(t, "sqlite")
	n := newsroom.New(db, presstest.Logger())
	ctx := t.Context()
	ops := map[string]struct {
		settings bool
		do       func(u *press.User) error
	}{
		"create term": {false, func(u *press.User) error {
			return n.CreateTerm(ctx, u, &press.Term{Taxonomy: "themes", Slug: "t-" + string(u.Role), Name: "T"})
		}},
		"rename term":     {false, func(u *press.User) error { return n.RenameTerm(ctx, u, "themes", "nope", "nope-2", "") }},
		"merge terms":     {false, func(u *press.User) error { return n.MergeTerms(ctx, u, "themes", "nope", "other") }},
		"delete term":     {false, func(u *press.User) error { return n.DeleteTerm(ctx, u, "themes", "nope") }},
		"update taxonomy": {false, func(u *press.User) error { return n.UpdateTaxonomy(ctx, u, "nope", &press.Taxonomy{}) }},
		"delete taxonomy": {false, func(u *press.User) error { return n.DeleteTaxonomy(ctx, u, "nope") }},
		"create author": {false, func(u *press.User) error {
			return n.CreateAuthor(ctx, u, &press.Author{Slug: "a-" + string(u.Role), Name: "A", Bio: press.Markdown{Source: "*hi*\n\n<script>x</script>"}})
		}},
		"delete author":   {false, func(u *press.User) error { return n.DeleteAuthor(ctx, u, "nope", "") }},
		"update settings": {true, func(u *press.User) error { return n.UpdateSettings(ctx, u, press.DefaultSite()) }},
	}
	for _, role := range press.Roles {
		u := presstest.MustUser(t, db, "User "+string(role), role, "")
		for name, op := range ops {
			err := op.do(&u)
			allowed := role.AtLeast(press.RoleEditor) && (!op.settings || role == press.RoleAdmin)
			if errors.Is(err, press.ErrForbidden) == allowed {
				t.Errorf("%s: %s: %v (allowed %v)", role, name, err, allowed)
			}
		}
	}
	// What editors wrote was rendered and sanitised on the way in.
	a, err := db.Author(ctx, "a-editor")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Bio.HTML, "<script") || !strings.Contains(a.Bio.HTML, "<em>hi</em>") {
		t.Errorf("bio HTML %q: want rendered, without the script", a.Bio.HTML)
	}
}
