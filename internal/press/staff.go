package press

import (
	"context"
	"net/mail"
	"strings"
	"time"
)

// Role is what a staff user may do. Roles are ordered: each may do
// everything the one before it may.
type Role string

// The staff roles.
const (
	// RoleContributor writes drafts of their own and submits them for
	// review; they cannot publish.
	RoleContributor Role = "contributor"
	// RoleAuthor publishes, schedules and unpublishes their own articles.
	RoleAuthor Role = "author"
	// RoleEditor edits and publishes anyone's articles, manages
	// taxonomies, terms and authors, restores from the trash and
	// moderates comments.
	RoleEditor Role = "editor"
	// RoleAdmin may do everything, including managing users, site
	// settings, API tokens, webhooks and reading the audit log.
	RoleAdmin Role = "admin"
)

// Roles lists the roles from least to most trusted.
var Roles = []Role{RoleContributor, RoleAuthor, RoleEditor, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.rank() > 0 }

// AtLeast reports whether r includes every right of min.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() && r.rank() > 0 }

func (r Role) rank() int {
	for i, v := range Roles {
		if r == v {
			return i + 1
		}
	}
	return 0
}

// User is a member of staff who signs in to the admin or uses the Admin
// API. Author, when set, is the slug of the public author profile the user
// writes as: articles with that author in the byline are the user's own.
type User struct {
	ID     int64
	Email  string // lower case, unique
	Name   string
	Role   Role
	Author string // author slug, or ""

	// TOTPEnabled is set once the user has confirmed a second factor;
	// sign-in then asks for a code (or a recovery code).
	TOTPEnabled bool
	Disabled    bool

	CreatedAt   time.Time
	UpdatedAt   time.Time
	LastLoginAt time.Time
	Version     int
}

// NormaliseEmail returns the form in which an address is stored and
// compared: trimmed and lower case.
func NormaliseEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidEmail reports whether s is a single plain address (no display name).
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == "" && strings.Contains(s[strings.LastIndex(s, "@"):], ".")
}

// Validate checks a user before it is stored.
func (u *User) Validate() error {
	var v ValidationError
	if !ValidEmail(u.Email) || u.Email != NormaliseEmail(u.Email) {
		v.Add("email", "must be an email address such as ana@example.org")
	}
	if strings.TrimSpace(u.Name) == "" {
		v.Add("name", "is required")
	}
	if !u.Role.Valid() {
		v.Add("role", "must be one of contributor, author, editor, admin")
	}
	if u.Author != "" && !ValidSlug(u.Author) {
		v.Add("author", "must be an author's slug")
	}
	return v.Err()
}

// Actor is who performs a write: a staff user, or the system itself (the
// scheduler, an import) when UserID is zero. The store records it in
// revisions and the audit log.
type Actor struct {
	UserID int64
	Name   string
	IP     string // the address the request came from, for the audit log
}

type actorKey struct{}

// WithActor returns a context that carries who is acting, for the store to
// record in revisions and the audit log. Every write made on behalf of a
// person must carry one; writes without one are recorded as the system's.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor ctx carries, or the system actor.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Name: "Pressroom"}
}

// Actor returns u as the actor of its writes.
func (u *User) Actor() Actor { return Actor{UserID: u.ID, Name: u.Name} }

// Action is something a user may or may not do. Article actions are
// checked against one article with CanArticle; the others with Can.
type Action string

// The actions the admin and the Admin API check.
const (
	ActCreateArticle  Action = "article.create"    // write a new article
	ActEditArticle    Action = "article.edit"      // change an article's content
	ActSubmitArticle  Action = "article.submit"    // send a draft for review
	ActPublishArticle Action = "article.publish"   // publish, schedule or unpublish
	ActTrashArticle   Action = "article.trash"     // move to the trash
	ActRestoreArticle Action = "article.restore"   // bring back from the trash
	ActDeleteArticle  Action = "article.delete"    // delete for good (empty the trash)
	ActEditAny        Action = "article.edit_any"  // edit other people's articles
	ActUploadMedia    Action = "media.upload"      // upload images
	ActManageMedia    Action = "media.manage"      // edit or delete anyone's media
	ActManageTerms    Action = "taxonomy.manage"   // taxonomies and terms
	ActManageAuthors  Action = "author.manage"     // author profiles
	ActModerate       Action = "comment.moderate"  // comments
	ActManageUsers    Action = "user.manage"       // accounts and roles
	ActManageSettings Action = "settings.manage"   // site settings and texts
	ActManageTokens   Action = "token.manage"      // Admin API tokens of anyone
	ActManageWebhooks Action = "webhook.manage"    // webhooks and their deliveries
	ActViewAudit      Action = "audit.view"        // the audit log
	ActPreviewLink    Action = "article.preview"   // make a secret preview link
	ActNote           Action = "article.note"      // leave editorial notes
	ActViewAll        Action = "article.view_all"  // see everyone's drafts in the list
	ActSchedule       Action = "article.schedule"  // same right as publishing, named for messages
	ActUnpublish      Action = "article.unpublish" // same right as publishing, named for messages
	ActManageMembers  Action = "member.manage"     // readers' memberships: list, label, import, export
)

// minRole is the least role that may perform each site-wide action.
var minRole = map[Action]Role{
	ActCreateArticle:  RoleContributor,
	ActSubmitArticle:  RoleContributor,
	ActUploadMedia:    RoleContributor,
	ActNote:           RoleContributor,
	ActPreviewLink:    RoleContributor,
	ActEditAny:        RoleEditor,
	ActViewAll:        RoleEditor,
	ActRestoreArticle: RoleEditor,
	ActDeleteArticle:  RoleEditor,
	ActManageMedia:    RoleEditor,
	ActManageTerms:    RoleEditor,
	ActManageAuthors:  RoleEditor,
	ActModerate:       RoleEditor,
	ActManageMembers:  RoleEditor,
	ActManageUsers:    RoleAdmin,
	ActManageSettings: RoleAdmin,
	ActManageTokens:   RoleAdmin,
	ActManageWebhooks: RoleAdmin,
	ActViewAudit:      RoleAdmin,
}

// Can reports whether u may perform a site-wide action. A disabled or nil
// user may do nothing.
func (u *User) Can(act Action) bool {
	if u == nil || u.Disabled {
		return false
	}
	min, ok := minRole[act]
	return ok && u.Role.AtLeast(min)
}

// Owns reports whether a is u's own article: u created it or u's author
// profile is in its byline.
func (u *User) Owns(a *Article) bool {
	if u == nil {
		return false
	}
	if a.OwnerID != 0 && a.OwnerID == u.ID {
		return true
	}
	if u.Author == "" {
		return false
	}
	for _, au := range a.Authors {
		if au.Slug == u.Author {
			return true
		}
	}
	return false
}

// CanArticle reports whether u may perform act on article a. The rules, enforced for the web admin
// and the Admin API alike:
//
//   - contributors edit, submit, trash and preview their own articles
//     while they are drafts or pending, and never publish;
//   - authors do everything with their own articles, publishing included;
//   - editors and admins do everything with every article.
func (u *User) CanArticle(act Action, a *Article) bool {
	if u == nil || u.Disabled || !u.Role.Valid() {
		return false
	}
	if u.Role.AtLeast(RoleEditor) {
		return true
	}
	own := u.Owns(a)
	switch act {
	case ActCreateArticle, ActUploadMedia:
		return true
	case ActEditArticle, ActSubmitArticle, ActTrashArticle, ActPreviewLink, ActNote:
		if !own {
			return false
		}
		if u.Role == RoleContributor {
			return a.Status == StatusDraft || a.Status == StatusPending || a.ID == 0
		}
		return true
	case ActPublishArticle, ActSchedule, ActUnpublish:
		return own && u.Role.AtLeast(RoleAuthor)
	}
	return false
}

// Permission errors name the action, so that messages and logs say what
// was refused rather than only that something was.
type PermissionError struct {
	Action Action
}

func (e *PermissionError) Error() string { return "not allowed: " + string(e.Action) }

// Is makes errors.Is(err, ErrForbidden) true for every permission error.
func (e *PermissionError) Is(target error) bool { return target == ErrForbidden }

// Forbidden returns the error for a refused action.
func Forbidden(act Action) error { return &PermissionError{Action: act} }

// AuditEntry is one line of the audit log: who did what to what, when.
type AuditEntry struct {
	ID      int64
	At      time.Time
	UserID  int64  // 0 for the system
	Actor   string // the user's name at the time
	Action  string // e.g. "article.publish", "user.role", "settings.update"
	Target  string // e.g. "article:42", "user:3"
	Summary string // human-readable detail, e.g. "Water ledger: draft → published"
	IP      string
}

// APIToken is a credential for the Admin API. Only a hash of the secret is
// stored; the secret is shown once, when the token is created.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	Prefix     string // the first characters of the secret, to tell tokens apart
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

// Revision is a saved state of an article: every save keeps one.
type Revision struct {
	ID        int64
	ArticleID int64
	Version   int // the article version this revision is
	UserID    int64
	Author    string // who saved it (name at the time)
	CreatedAt time.Time
	Autosave  bool
	Note      string  // e.g. "Restored revision 12"
	Article   Article // the snapshot (content fields only)
}

// Note is an editorial note on an article, visible only in the admin.
// Notes thread (Parent) and may quote the passage they are about (Anchor).
type Note struct {
	ID         int64
	ArticleID  int64
	Parent     int64
	UserID     int64
	Author     string
	Body       string // plain text
	Anchor     string // quoted passage of the body, or ""
	CreatedAt  time.Time
	ResolvedAt time.Time
	ResolvedBy string
}

// PreviewLink is a secret, expiring address that shows an unpublished
// article to someone without an account.
type PreviewLink struct {
	ID        int64
	ArticleID int64
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Webhook events.
const (
	EventArticlePublished   = "article.published"
	EventArticleUpdated     = "article.updated"
	EventArticleUnpublished = "article.unpublished"
	EventArticleDeleted     = "article.deleted"
)

// WebhookEvents lists the events a webhook can subscribe to.
var WebhookEvents = []string{EventArticlePublished, EventArticleUpdated, EventArticleUnpublished, EventArticleDeleted}

// Webhook is a URL told about events by signed JSON POSTs.
type Webhook struct {
	ID        int64
	URL       string
	Secret    string // HMAC-SHA256 key
	Events    []string
	Active    bool
	CreatedAt time.Time
}

// Delivery is one attempt history of sending one event to one webhook.
type Delivery struct {
	ID          int64
	WebhookID   int64
	Event       string
	Payload     string
	Attempts    int
	NextAttempt time.Time
	LastStatus  int
	LastError   string
	CreatedAt   time.Time
	DeliveredAt time.Time
	Failed      bool // gave up after the last retry
}

// ConflictError is a save refused because the article changed since the
// editor loaded it: it says who changed it and when, and carries the
// stored article so the editor can be shown the difference. It matches
// ErrConflict.
type ConflictError struct {
	By      string // name of whoever saved the stored version
	At      time.Time
	Current Article
}

func (e *ConflictError) Error() string {
	return "changed by " + e.By + " at " + e.At.UTC().Format("2006-01-02 15:04 MST")
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// Session is a signed-in browser. The cookie carries a random secret; the
// store keeps only its hash (IDHash). A session is Verified once the user
// gave every factor they have; before that it may only finish signing in.
type Session struct {
	IDHash     string
	UserID     int64
	CSRF       string // the token every state-changing form must carry
	Verified   bool
	IP         string
	UserAgent  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}
