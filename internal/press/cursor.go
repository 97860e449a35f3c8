package press

import (
	"encoding/base64"
	"encoding/binary"
	"time"
)

// Cursor is a place in the newest-first order of articles: the PublishedAt
// and ID of the last article a reader has been given. The next page is
// everything strictly after it in that order. Unlike an offset, a position
// does not move when articles are published meanwhile: a newer one sorts
// before it and an older one (a back-dated import) after it, so paging
// through a listing never skips or repeats an article that was there all
// along.
type Cursor struct {
	PublishedAt time.Time
	ID          int64
}

// ArticlePage is one page of a listing read with a cursor. Next is the
// cursor of its last article when more articles follow, and nil on the
// last page. Listed articles carry what ArticleList's do.
type ArticlePage struct {
	Articles []Article
	Next     *Cursor
}

// CursorAfter returns the cursor of a: the page it starts comes after a.
func CursorAfter(a *Article) Cursor {
	return Cursor{PublishedAt: a.PublishedAt, ID: a.ID}
}

// cursorVersion is the first byte of every encoded cursor, so that a later
// layout can tell its own cursors from these and refuse them clearly.
const cursorVersion = 1

// cursorLen is a version byte, the time in Unix microseconds (the precision
// stores keep) and the ID, both as big-endian 64-bit integers.
const cursorLen = 1 + 8 + 8

// String encodes c as short, opaque, URL-safe text (unpadded base64url).
// Clients are to hand it back, not to read it.
func (c Cursor) String() string {
	var b [cursorLen]byte
	b[0] = cursorVersion
	binary.BigEndian.PutUint64(b[1:9], uint64(c.PublishedAt.UnixMicro()))
	binary.BigEndian.PutUint64(b[9:], uint64(c.ID))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// ParseCursor decodes what Cursor.String made. Anything else, including a
// cursor cut short or of another version, is a *ValidationError about the
// field "cursor" (so errors.Is(err, ErrInvalid)). The time comes back in
// UTC.
func ParseCursor(s string) (Cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != cursorLen {
		return Cursor{}, badCursor("is malformed: pass back next_cursor exactly as it was given")
	}
	if b[0] != cursorVersion {
		return Cursor{}, badCursor("is from another version of the API: start again without a cursor")
	}
	c := Cursor{
		PublishedAt: time.UnixMicro(int64(binary.BigEndian.Uint64(b[1:9]))).UTC(),
		ID:          int64(binary.BigEndian.Uint64(b[9:])),
	}
	// Only years 1 to 9999 are ever stored; a time beyond them did not
	// come from a stored article, and not every engine could compare it.
	if c.ID <= 0 || c.PublishedAt.Year() < 1 || c.PublishedAt.Year() > 9999 {
		return Cursor{}, badCursor("is malformed: pass back next_cursor exactly as it was given")
	}
	return c, nil
}

func badCursor(message string) error {
	var v ValidationError
	v.Add("cursor", message)
	return &v
}
