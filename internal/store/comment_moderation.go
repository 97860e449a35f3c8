package store

import "github.com/pressroomhq/pressroom/internal/press"

// CommentFilter selects comments for the moderation queue.
type CommentFilter struct {
	Status    press.CommentStatus // "" = every status
	ArticleID int64               // 0 = every article
	Query     string              // words in the name, email or body
	Limit     int                 // 0 = 50
	Offset    int
}
