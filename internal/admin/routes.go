package admin

import (
	"net/http"

	"github.com/pressroomhq/pressroom/internal/press"
)

// Handler returns the admin's routes, all under /admin/. This is the one
// route table of the admin, one section per feature; signedIn checks the
// session, the CSRF token and the least role of each route, and the
// newsroom checks the rights on each article.
func (a *Admin) Handler() http.Handler {
	mux := http.NewServeMux()
	any := press.Action("")

	// --- shell: static files, dashboard
	mux.HandleFunc("GET /admin/static/{file}", a.serveStatic)
	mux.Handle("GET /admin/{$}", a.signedIn(any, a.handleDashboard))
	mux.Handle("/admin/", a.signedIn(any, func(http.ResponseWriter, *http.Request, *staff) error { return press.ErrNotFound }))

	// --- accounts: sign-in, set-up, sign-out
	mux.Handle("GET /admin/login", a.public(a.handleLoginForm))
	mux.Handle("POST /admin/login", a.public(a.handleLogin))
	mux.Handle("GET /admin/setup", a.public(a.handleSetupForm))
	mux.Handle("POST /admin/setup", a.public(a.handleSetup))
	mux.Handle("POST /admin/logout", a.signedInOrPending(a.handleLogout))
	// second factor, password reset, one's own account (auth.go, account.go)
	mux.Handle("GET /admin/login/verify", a.pending(a.handleVerifyForm))
	mux.Handle("POST /admin/login/verify", a.pending(a.handleVerify))
	mux.Handle("GET /admin/password/forgot", a.public(a.handleForgotForm))
	mux.Handle("POST /admin/password/forgot", a.public(a.handleForgot))
	mux.Handle("GET /admin/password/reset", a.public(a.handleResetForm))
	mux.Handle("POST /admin/password/reset", a.public(a.handleReset))
	mux.Handle("GET /admin/account", a.signedIn(any, a.handleAccount))
	mux.Handle("POST /admin/account/name", a.signedIn(any, a.handleAccountName))
	mux.Handle("POST /admin/account/password", a.signedIn(any, a.handleAccountPassword))
	mux.Handle("GET /admin/account/2fa", a.signedIn(any, a.handleTOTPSetup))
	mux.Handle("POST /admin/account/2fa", a.signedIn(any, a.handleTOTPConfirm))
	mux.Handle("POST /admin/account/2fa/disable", a.signedIn(any, a.handleTOTPDisable))
	mux.Handle("POST /admin/account/2fa/recovery", a.signedIn(any, a.handleRecoveryCodes))

	// --- articles (editor): list and trash (articles.go), editor, save,
	// autosave and preview (article_edit.go), revisions (revisions.go),
	// notes (notes.go), preview links (preview_links.go). The newsroom
	// checks the rights on each article; the roles here only spare a call.
	mux.Handle("GET /admin/articles", a.signedIn(any, a.handleArticleList))
	mux.Handle("GET /admin/articles/new", a.signedIn(press.ActCreateArticle, a.handleArticleNew))
	mux.Handle("POST /admin/articles/new", a.signedIn(press.ActCreateArticle, a.handleArticleCreate))
	mux.Handle("POST /admin/articles/preview", a.signedIn(press.ActCreateArticle, a.handleArticlePreview))
	mux.Handle("GET /admin/articles/{id}", a.signedIn(any, a.handleArticleEdit))
	mux.Handle("POST /admin/articles/{id}", a.signedIn(any, a.handleArticleUpdate))
	mux.Handle("POST /admin/articles/{id}/autosave", a.signedIn(any, a.handleArticleAutosave))
	mux.Handle("POST /admin/articles/{id}/preview", a.signedIn(any, a.handleArticlePreview))
	mux.Handle("POST /admin/articles/{id}/trash", a.signedIn(any, a.handleArticleTrash))
	mux.Handle("POST /admin/articles/{id}/restore", a.signedIn(press.ActRestoreArticle, a.handleArticleRestore))
	mux.Handle("POST /admin/articles/{id}/delete", a.signedIn(press.ActDeleteArticle, a.handleArticleDelete))
	mux.Handle("GET /admin/articles/{id}/revisions", a.signedIn(any, a.handleRevisions))
	mux.Handle("GET /admin/articles/{id}/revisions/compare", a.signedIn(any, a.handleRevisionDiff))
	mux.Handle("POST /admin/articles/{id}/revisions/{rev}/restore", a.signedIn(any, a.handleRevisionRestore))
	mux.Handle("POST /admin/articles/{id}/notes", a.signedIn(press.ActNote, a.handleNoteCreate))
	mux.Handle("POST /admin/articles/{id}/notes/{note}/resolve", a.signedIn(press.ActNote, a.handleNoteResolve))
	mux.Handle("POST /admin/articles/{id}/preview-links", a.signedIn(press.ActPreviewLink, a.handlePreviewLinkCreate))
	mux.Handle("POST /admin/articles/{id}/preview-links/{link}/delete", a.signedIn(press.ActPreviewLink, a.handlePreviewLinkDelete))

	// --- comments (comments.go, comment_bans.go): the moderation queue,
	// bulk and per-row moves, a moderator's edit, bans; editors and admins
	moderate := press.ActModerate
	mux.Handle("GET /admin/comments", a.signedIn(moderate, a.handleComments))
	mux.Handle("POST /admin/comments/moderate", a.signedIn(moderate, a.handleCommentsModerate))
	mux.Handle("GET /admin/comments/{id}/edit", a.signedIn(moderate, a.handleCommentEdit))
	mux.Handle("POST /admin/comments/{id}/edit", a.signedIn(moderate, a.handleCommentUpdate))
	mux.Handle("GET /admin/comments/bans", a.signedIn(moderate, a.handleCommentBans))
	mux.Handle("POST /admin/comments/bans", a.signedIn(moderate, a.handleCommentBanCreate))
	mux.Handle("POST /admin/comments/bans/{id}/delete", a.signedIn(moderate, a.handleCommentBanDelete))

	// --- members (members.go): readers' accounts, their labels, CSV
	// export and import; editors and admins
	members := press.ActManageMembers
	mux.Handle("GET /admin/members", a.signedIn(members, a.handleMembers))
	mux.Handle("POST /admin/members/labels", a.signedIn(members, a.handleMemberLabels))
	mux.Handle("GET /admin/members/export.csv", a.signedIn(members, a.handleMembersExport))
	mux.Handle("POST /admin/members/import", a.signedIn(members, a.handleMembersImport))

	// --- media
	mux.Handle("GET /admin/media", a.signedIn(press.ActUploadMedia, a.handleMediaList))
	mux.Handle("POST /admin/media", a.signedIn(press.ActUploadMedia, a.handleMediaUpload))
	mux.Handle("GET /admin/media/{id}", a.signedIn(press.ActUploadMedia, a.handleMediaShow))
	mux.Handle("POST /admin/media/{id}", a.signedIn(press.ActUploadMedia, a.handleMediaUpdate))
	mux.Handle("POST /admin/media/{id}/delete", a.signedIn(press.ActUploadMedia, a.handleMediaDelete))

	// --- authors, taxonomies, terms, settings
	authors, terms, settings := press.ActManageAuthors, press.ActManageTerms, press.ActManageSettings
	mux.Handle("GET /admin/authors", a.signedIn(authors, a.handleAuthors))
	mux.Handle("POST /admin/authors", a.signedIn(authors, a.handleAuthorCreate))
	mux.Handle("GET /admin/authors/new", a.signedIn(authors, a.handleAuthorNew))
	mux.Handle("GET /admin/authors/{id}", a.signedIn(authors, a.handleAuthorEdit))
	mux.Handle("POST /admin/authors/{id}", a.signedIn(authors, a.handleAuthorUpdate))
	mux.Handle("POST /admin/authors/{id}/delete", a.signedIn(authors, a.handleAuthorDelete))
	mux.Handle("GET /admin/taxonomies", a.signedIn(terms, a.handleTaxonomies))
	mux.Handle("POST /admin/taxonomies", a.signedIn(terms, a.handleTaxonomyCreate))
	mux.Handle("GET /admin/taxonomies/new", a.signedIn(terms, a.handleTaxonomyNew))
	mux.Handle("GET /admin/taxonomies/{tax}", a.signedIn(terms, a.handleTaxonomyEdit))
	mux.Handle("POST /admin/taxonomies/{tax}", a.signedIn(terms, a.handleTaxonomyUpdate))
	mux.Handle("POST /admin/taxonomies/{tax}/delete", a.signedIn(terms, a.handleTaxonomyDelete))
	mux.Handle("GET /admin/taxonomies/{tax}/new-term", a.signedIn(terms, a.handleTermNew))
	mux.Handle("POST /admin/taxonomies/{tax}/terms", a.signedIn(terms, a.handleTermCreate))
	mux.Handle("GET /admin/taxonomies/{tax}/terms/{term}", a.signedIn(terms, a.handleTermEdit))
	mux.Handle("POST /admin/taxonomies/{tax}/terms/{term}", a.signedIn(terms, a.handleTermUpdate))
	mux.Handle("POST /admin/taxonomies/{tax}/terms/{term}/merge", a.signedIn(terms, a.handleTermMerge))
	mux.Handle("POST /admin/taxonomies/{tax}/terms/{term}/delete", a.signedIn(terms, a.handleTermDelete))
	mux.Handle("GET /admin/settings", a.signedIn(settings, a.handleSettings))
	mux.Handle("POST /admin/settings", a.signedIn(settings, a.handleSettingsUpdate))

	// --- users, tokens, audit log (users.go, tokens.go, audit.go): admins only
	mux.Handle("GET /admin/users", a.signedIn(press.ActManageUsers, a.handleUsers))
	mux.Handle("POST /admin/users/require-2fa", a.signedIn(press.ActManageUsers, a.handleRequireTOTP))
	mux.Handle("GET /admin/users/new", a.signedIn(press.ActManageUsers, a.handleUserNew))
	mux.Handle("POST /admin/users/new", a.signedIn(press.ActManageUsers, a.handleUserCreate))
	mux.Handle("GET /admin/users/{id}", a.signedIn(press.ActManageUsers, a.handleUserEdit))
	mux.Handle("POST /admin/users/{id}", a.signedIn(press.ActManageUsers, a.handleUserUpdate))
	mux.Handle("POST /admin/users/{id}/reset-2fa", a.signedIn(press.ActManageUsers, a.handleUserResetTOTP))
	mux.Handle("GET /admin/tokens", a.signedIn(press.ActManageTokens, a.handleTokens))
	mux.Handle("POST /admin/tokens", a.signedIn(press.ActManageTokens, a.handleTokenCreate))
	mux.Handle("POST /admin/tokens/{id}/revoke", a.signedIn(press.ActManageTokens, a.handleTokenRevoke))
	mux.Handle("GET /admin/audit", a.signedIn(press.ActViewAudit, a.handleAudit))

	// --- webhooks (webhooks.go): admins only
	hooks := press.ActManageWebhooks
	mux.Handle("GET /admin/webhooks", a.signedIn(hooks, a.handleWebhooks))
	mux.Handle("POST /admin/webhooks", a.signedIn(hooks, a.handleWebhookCreate))
	mux.Handle("GET /admin/webhooks/{id}", a.signedIn(hooks, a.handleWebhookEdit))
	mux.Handle("POST /admin/webhooks/{id}", a.signedIn(hooks, a.handleWebhookUpdate))
	mux.Handle("POST /admin/webhooks/{id}/secret", a.signedIn(hooks, a.handleWebhookSecret))
	mux.Handle("POST /admin/webhooks/{id}/test", a.signedIn(hooks, a.handleWebhookTest))
	mux.Handle("POST /admin/webhooks/{id}/delete", a.signedIn(hooks, a.handleWebhookDelete))

	return mux
}
