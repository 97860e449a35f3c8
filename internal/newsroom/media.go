package newsroom

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/pressroomhq/pressroom/internal/media"
	"github.com/pressroomhq/pressroom/internal/press"
)

// mediaConfig is where uploads go and how big they may be.
type mediaConfig struct {
	storage  media.Storage
	maxBytes int64
}

// UseMedia makes uploads go to s, at most maxBytes each
// (media.DefaultMaxBytes when maxBytes <= 0). Without it, uploads fail.
func (n *Newsroom) UseMedia(s media.Storage, maxBytes int64) {
	if maxBytes <= 0 {
		maxBytes = media.DefaultMaxBytes
	}
	n.media = mediaConfig{storage: s, maxBytes: maxBytes}
}

// MaxUpload returns the size limit of one upload in bytes.
func (n *Newsroom) MaxUpload() int64 {
	if n.media.maxBytes <= 0 {
		return media.DefaultMaxBytes
	}
	return n.media.maxBytes
}

// errNoStorage is returned by uploads before UseMedia is called.
var errNoStorage = errors.New("newsroom: no media storage configured")

// UploadMedia stores an image uploaded by u under the name filename (used
// only to name the stored file and for the library). It:
//
//   - refuses users without press.ActUploadMedia (press.ErrForbidden);
//   - reads at most the size limit, failing with an error matching
//     media.ErrTooLarge as soon as r proves longer;
//   - checks the type by content and refuses anything but JPEG, PNG, GIF
//     and WebP with a *press.ValidationError on field "file" naming what it
//     found;
//   - re-encodes the image without metadata, upright, with its srcset
//     variants (see media.Process), and stores them under
//     YYYY/MM/slugified-name.ext and YYYY/MM/slugified-name-640w.ext,
//     adding -2, -3, … to the name when it is taken;
//   - returns the existing image instead when the very same file was
//     uploaded before.
//
// Nothing is left in storage or in the database when it fails.
func (n *Newsroom) UploadMedia(ctx context.Context, u *press.User, filename string, r io.Reader) (press.Media, error) {
	if !u.Can(press.ActUploadMedia) {
		return press.Media{}, press.Forbidden(press.ActUploadMedia)
	}
	if n.media.storage == nil {
		return press.Media{}, errNoStorage
	}
	ctx = actorCtx(ctx, u)
	data, err := media.ReadAll(r, n.MaxUpload())
	if err != nil {
		return press.Media{}, fmt.Errorf("newsroom: upload %q: %w", filename, err)
	}
	res, err := media.Process(data)
	if err != nil {
		return press.Media{}, fmt.Errorf("newsroom: upload %q: %w", filename, err)
	}
	data = nil
	if m, err := n.db.MediaBySHA256(ctx, res.SHA256); err == nil {
		return m, nil
	} else if !errors.Is(err, press.ErrNotFound) {
		return press.Media{}, fmt.Errorf("newsroom: upload %q: %w", filename, err)
	}

	dir := time.Now().UTC().Format("2006/01")
	m := press.Media{Filename: cleanFilename(filename), MimeType: res.MimeType, Size: int64(len(res.Data)),
		Width: res.Width, Height: res.Height, SHA256: res.SHA256, UploadedBy: u.ID}
	stem := mediaStem(filename)
	var stored []string
	for try := 1; ; try++ {
		name := stem
		switch {
		case try > 20:
			name = stem + "-" + strconv.FormatInt(time.Now().UnixNano()%1e9, 36)
		case try > 1:
			name = stem + "-" + strconv.Itoa(try)
		}
		stored, err = n.putMedia(ctx, dir+"/"+name, res, &m)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || try > 25 {
			return press.Media{}, fmt.Errorf("newsroom: upload %q: %w", filename, err)
		}
	}
	if err := n.db.CreateMedia(ctx, &m); err != nil {
		n.removeMedia(ctx, stored)
		return press.Media{}, fmt.Errorf("newsroom: upload %q: %w", filename, err)
	}
	n.logger.Info("media uploaded", "media_id", m.ID, "path", m.Path, "bytes", m.Size, "user_id", u.ID)
	return m, nil
}

// putMedia stores the original and the variants of res under base (a key
// without extension), filling m's paths. When any key is taken, it
// removes what it stored and returns an error matching fs.ErrExist.
func (n *Newsroom) putMedia(ctx context.Context, base string, res *media.Result, m *press.Media) ([]string, error) {
	var stored []string
	put := func(key string, data []byte) error {
		if err := n.media.storage.Put(ctx, key, bytes.NewReader(data)); err != nil {
			n.removeMedia(ctx, stored)
			return err
		}
		stored = append(stored, key)
		return nil
	}
	m.Path, m.Variants = base+res.Ext, nil
	if err := put(m.Path, res.Data); err != nil {
		return nil, err
	}
	for _, v := range res.Variants {
		key := base + "-" + strconv.Itoa(v.Width) + "w" + media.VariantExt(res.Ext)
		if err := put(key, v.Data); err != nil {
			return nil, err
		}
		m.Variants = append(m.Variants, press.Variant{Path: key, Width: v.Width, Height: v.Height})
	}
	return stored, nil
}

// removeMedia deletes stored files, logging what it cannot delete.
func (n *Newsroom) removeMedia(ctx context.Context, keys []string) {
	for _, k := range keys {
		if err := n.media.storage.Delete(context.WithoutCancel(ctx), k); err != nil {
			n.logger.Error("media file left behind", "path", k, "err", err)
		}
	}
}

// mediaStem turns an uploaded file's name into the stem of its key:
// "Harbour at Dawn (2).JPG" → "harbour-at-dawn-2", "image" when nothing
// is left, at most 60 characters.
func mediaStem(filename string) string {
	base := path.Base(strings.ReplaceAll(filename, `\`, "/"))
	base = strings.TrimSuffix(base, path.Ext(base))
	s := press.Slugify(base)
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	// A stem ending like a variant ("-640w") could take a variant's name.
	if i := strings.LastIndexByte(s, '-'); i >= 0 && strings.HasSuffix(s, "w") {
		if _, err := strconv.Atoi(s[i+1 : len(s)-1]); err == nil {
			s += "-img"
		}
	}
	if s == "" {
		s = "image"
	}
	return s
}

// cleanFilename is the name shown in the library: the last element of
// what the browser sent, at most 200 bytes.
func cleanFilename(filename string) string {
	s := strings.TrimSpace(path.Base(strings.ReplaceAll(filename, `\`, "/")))
	if s == "." || s == "/" || s == "" {
		s = "upload"
	}
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// actorCtx makes u the actor of the writes made with ctx, unless ctx
// already carries u (with the request's address).
func actorCtx(ctx context.Context, u *press.User) context.Context {
	if press.ActorFrom(ctx).UserID == u.ID && u.ID != 0 {
		return ctx
	}
	return press.WithActor(ctx, u.Actor())
}

// mayChange reports whether u may change or delete m: editors and admins
// any image, other staff their own uploads.
func mayChange(u *press.User, m press.Media) bool {
	return u.Can(press.ActManageMedia) || (u.Can(press.ActUploadMedia) && m.UploadedBy != 0 && m.UploadedBy == u.ID)
}

// MayChangeMedia reports whether u may edit or delete m, for showing the
// buttons only to those who may use them.
func MayChangeMedia(u *press.User, m press.Media) bool { return mayChange(u, m) }

// Media returns the image with id, for staff.
func (n *Newsroom) Media(ctx context.Context, u *press.User, id int64) (press.Media, error) {
	if !u.Can(press.ActUploadMedia) {
		return press.Media{}, press.Forbidden(press.ActUploadMedia)
	}
	m, err := n.db.Media(ctx, id)
	if err != nil {
		return m, fmt.Errorf("newsroom: %w", err)
	}
	return m, nil
}

// MediaList returns a page of the media library and the number of
// matching images, for staff.
func (n *Newsroom) MediaList(ctx context.Context, u *press.User, f press.MediaFilter) ([]press.Media, int, error) {
	if !u.Can(press.ActUploadMedia) {
		return nil, 0, press.Forbidden(press.ActUploadMedia)
	}
	list, total, err := n.db.MediaList(ctx, f)
	if err != nil {
		return nil, 0, fmt.Errorf("newsroom: %w", err)
	}
	return list, total, nil
}

// MediaUsage returns summaries of the articles using the image m.
func (n *Newsroom) MediaUsage(ctx context.Context, u *press.User, m press.Media) ([]press.Article, error) {
	if !u.Can(press.ActUploadMedia) {
		return nil, press.Forbidden(press.ActUploadMedia)
	}
	list, err := n.db.MediaUsage(ctx, m.Path)
	if err != nil {
		return nil, fmt.Errorf("newsroom: %w", err)
	}
	return list, nil
}

// UpdateMedia sets the alt text, caption and credit of the image with id.
// Editors and admins may change any image; other staff their own uploads
// (press.ErrForbidden otherwise).
func (n *Newsroom) UpdateMedia(ctx context.Context, u *press.User, id int64, up press.MediaUpdate) (press.Media, error) {
	m, err := n.Media(ctx, u, id)
	if err != nil {
		return m, err
	}
	if !mayChange(u, m) {
		return m, press.Forbidden(press.ActManageMedia)
	}
	if m, err = n.db.UpdateMedia(actorCtx(ctx, u), id, up); err != nil {
		return m, fmt.Errorf("newsroom: %w", err)
	}
	return m, nil
}

// UsedError refuses to delete an image that articles use; it matches
// press.ErrConflict.
type UsedError struct {
	Articles []press.Article
}

func (e *UsedError) Error() string {
	if len(e.Articles) == 1 {
		return "the image is used by 1 article"
	}
	return "the image is used by " + strconv.Itoa(len(e.Articles)) + " articles"
}

// Is makes errors.Is(err, press.ErrConflict) true.
func (e *UsedError) Is(target error) bool { return target == press.ErrConflict }

// DeleteMedia deletes the image with id and its files, with the same
// rights as UpdateMedia. An image that articles still use (see
// store.DB.MediaUsage) is refused with a *UsedError naming them, since
// deleting it would break their pages; remove it from them first.
func (n *Newsroom) DeleteMedia(ctx context.Context, u *press.User, id int64) error {
	m, err := n.Media(ctx, u, id)
	if err != nil {
		return err
	}
	if !mayChange(u, m) {
		return press.Forbidden(press.ActManageMedia)
	}
	used, err := n.db.MediaUsage(ctx, m.Path)
	if err != nil {
		return fmt.Errorf("newsroom: %w", err)
	}
	if len(used) > 0 {
		return fmt.Errorf("newsroom: delete media %d: %w", id, &UsedError{Articles: used})
	}
	if m, err = n.db.DeleteMedia(actorCtx(ctx, u), id); err != nil {
		return fmt.Errorf("newsroom: %w", err)
	}
	if n.media.storage != nil {
		keys := []string{m.Path}
		for _, v := range m.Variants {
			keys = append(keys, v.Path)
		}
		n.removeMedia(ctx, keys)
	}
	return nil
}
