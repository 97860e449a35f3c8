package press

import (
	"net/url"
	"strings"
	"time"
)

// Redirect sends requests for an old address, such as a WordPress
// permalink, to where the content lives now, with 301 Moved Permanently.
type Redirect struct {
	ID int64
	// From is the old address as a path, with its query when the query is
	// what identifies the content ("/?p=123"); it is matched as normalised
	// by NormalisePath.
	From string
	// To is a path on this site ("/articles/slug") or an absolute URL.
	To        string
	CreatedAt time.Time
}

// NormalisePath puts a request path (and query) in the form redirects are
// stored and looked up in: a leading slash, no trailing slash except for
// the root, percent-encoding as the URL package writes it, and only the
// query parameters WordPress uses to identify content (p, page_id,
// attachment_id, cat, tag, author), sorted. It returns "" for what is not
// a path.
func NormalisePath(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "" || u.Host != "") && u.Path == "" && u.RawQuery == "" {
		return ""
	}
	// Re-escape from the decoded path so that %c3%a9 (as WordPress writes
	// links) and %C3%A9 (as browsers send a typed é) are one key.
	p := (&url.URL{Path: u.Path}).EscapedPath()
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	if len(p) > 1 {
		p = strings.TrimRight(p, "/")
		if p == "" {
			p = "/"
		}
	}
	q := url.Values{}
	for _, k := range legacyQueryKeys {
		if v := u.Query().Get(k); v != "" {
			q.Set(k, v)
		}
	}
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	return p
}

// legacyQueryKeys are the query parameters that address content in
// WordPress's plain permalinks.
var legacyQueryKeys = []string{"p", "page_id", "attachment_id", "cat", "tag", "author"}

// Validate checks a redirect and normalises its From.
func (r *Redirect) Validate() error {
	var v ValidationError
	from := NormalisePath(r.From)
	switch {
	case from == "":
		v.Add("from", "must be a path such as /2019/05/old-slug/ or /?p=123")
	case from == "/":
		v.Add("from", "cannot be the front page")
	default:
		r.From = from
	}
	to, err := url.Parse(r.To)
	switch {
	case r.To == "" || err != nil:
		v.Add("to", "must be a path on this site or an absolute http(s) URL")
	case to.IsAbs() && to.Scheme != "http" && to.Scheme != "https":
		v.Add("to", "must be a path on this site or an absolute http(s) URL")
	case !to.IsAbs() && !strings.HasPrefix(r.To, "/"):
		v.Add("to", "a path on this site starts with /")
	case !to.IsAbs() && NormalisePath(r.To) == r.From:
		v.Add("to", "would redirect to itself")
	}
	return v.Err()
}

// CommentStatus is where a comment stands in moderation.
type CommentStatus string

// The statuses a comment can have. Only approved comments are shown.
const (
	CommentApproved CommentStatus = "approved"
	CommentPending  CommentStatus = "pending"
	CommentSpam     CommentStatus = "spam"
	CommentTrash    CommentStatus = "trash"
)

// Comment is a reader's comment on an article, written here or imported
// (from WordPress, with its thread and dates).
type Comment struct {
	ID        int64
	ArticleID int64
	Article   string // the article's slug
	ParentID  int64  // the comment it answers, or 0
	// SourceID identifies the comment where it came from (WordPress's
	// comment_id), so that importing again updates instead of
	// duplicating; ParentSourceID is its parent's, for threads.
	SourceID       string
	ParentSourceID string
	AuthorName     string
	AuthorEmail    string
	AuthorURL      string
	AuthorIP       string
	Body           string // Markdown (a small subset), as written
	BodyHTML       string // rendered and sanitised at write time
	Status         CommentStatus
	CreatedAt      time.Time

	UserAgent string
	// Reason says why a comment was held or marked spam ("first comment",
	// "3 links", "blocked word", "reported 3 times", "spam score 0.9").
	Reason   string
	Flags    int       // readers' reports
	Verified bool      // the guest confirmed their email address
	EditedAt time.Time // last edit by its writer or a moderator; zero if none
	Depth    int       // 1 for a top-level comment, filled by thread reads
}

// Attachment is a media file an imported site referred to: its URL and
// what is known about it. Downloading the file itself is optional.
type Attachment struct {
	SourceID string // WordPress's post id of the attachment
	URL      string // where the file is (or was)
	Title    string
	Alt      string
	Caption  string
	MimeType string
	Article  string // slug of the article it is attached to, if any
	Path     string // under the media directory, when downloaded; else ""
}

// Validate checks a comment before it is stored.
func (c *Comment) Validate() error {
	var v ValidationError
	if c.Article == "" {
		v.Add("article", "is required")
	}
	if strings.TrimSpace(c.Body) == "" {
		v.Add("body", "is required")
	}
	switch c.Status {
	case CommentApproved, CommentPending, CommentSpam, CommentTrash:
	default:
		v.Add("status", "must be approved, pending, spam or trash")
	}
	if c.CreatedAt.IsZero() {
		v.Add("created_at", "is required")
	}
	if c.ParentSourceID != "" && c.ParentSourceID == c.SourceID {
		v.Add("parent", "a comment cannot answer itself")
	}
	return v.Err()
}

// Validate checks an attachment before it is stored.
func (a *Attachment) Validate() error {
	var v ValidationError
	if strings.TrimSpace(a.URL) == "" {
		v.Add("url", "is required")
	}
	return v.Err()
}
