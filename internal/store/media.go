package store

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/pressroomhq/pressroom/internal/press"
)

const mediaColumns = `m.id, m.path, m.filename, m.mime_type, m.size, m.width, m.height, m.alt, m.caption, m.credit,
	m.variants, m.sha256, COALESCE(m.uploaded_by, 0), m.created_at, m.updated_at`

// mediaUses counts the articles using the image of the row m: its
// original as featured image (a site path or an absolute URL ending in
// it) or any of its files in the body. Paths are slugs with hyphens, so
// they carry no LIKE wildcards.
const mediaUses = `(SELECT COUNT(*) FROM articles a WHERE a.image_src = '/media/' || m.path
	OR a.image_src LIKE '%/media/' || m.path OR a.body LIKE '%/media/' || m.path || '%')`

func scanMedia(s scanner, extra ...any) (press.Media, error) {
	var m press.Media
	var variants string
	dest := append([]any{&m.ID, &m.Path, &m.Filename, &m.MimeType, &m.Size, &m.Width, &m.Height, &m.Alt, &m.Caption, &m.Credit,
		&variants, &m.SHA256, &m.UploadedBy, scanTime(&m.CreatedAt), scanTime(&m.UpdatedAt)}, extra...)
	if err := s.Scan(dest...); err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(variants), &m.Variants); err != nil {
		return m, err
	}
	return m, nil
}

func mediaTarget(id int64) string { return "media:" + strconv.FormatInt(id, 10) }

// CreateMedia stores an uploaded image's record, setting its ID and
// times, and logs media.upload. A taken path is press.ErrConflict.
func (db *DB) CreateMedia(ctx context.Context, m *press.Media) error {
	if err := m.Validate(); err != nil {
		return db.fail(err, "media %q", m.Path)
	}
	variants := m.Variants
	if variants == nil {
		variants = []press.Variant{}
	}
	vj, err := json.Marshal(variants)
	if err != nil {
		return db.fail(err, "media %q", m.Path)
	}
	err = db.write(ctx, func(t *tx) error {
		now := db.clock()
		var by any
		if m.UploadedBy != 0 {
			by = m.UploadedBy
		}
		err := t.queryRow(ctx, `INSERT INTO media (path, filename, mime_type, size, width, height, alt, caption, credit,
				variants, sha256, uploaded_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			m.Path, m.Filename, m.MimeType, m.Size, m.Width, m.Height, m.Alt, m.Caption, m.Credit,
			string(vj), m.SHA256, by, t.d.time(now), t.d.time(now)).Scan(&m.ID)
		if err != nil {
			return err
		}
		m.CreatedAt, m.UpdatedAt = now, now
		return t.audit(ctx, now, "media.upload", mediaTarget(m.ID),
			m.Path+" ("+m.Filename+", "+strconv.Itoa(m.Width)+"×"+strconv.Itoa(m.Height)+")")
	})
	if err != nil {
		return db.fail(err, "media %q", m.Path)
	}
	return nil
}

// Media returns the image with id, with its use count.
func (db *DB) Media(ctx context.Context, id int64) (press.Media, error) {
	m, err := db.oneMedia(ctx, "m.id = ?", id)
	if err != nil {
		return m, db.fail(err, "media %d", id)
	}
	return m, nil
}

// MediaByPath returns the image whose original is stored under path
// (a storage key such as "2026/11/a.jpg", or its site path
// "/media/2026/11/a.jpg").
func (db *DB) MediaByPath(ctx context.Context, path string) (press.Media, error) {
	key := strings.TrimPrefix(path, "/media/")
	m, err := db.oneMedia(ctx, "m.path = ?", key)
	if err != nil {
		return m, db.fail(err, "media %q", key)
	}
	return m, nil
}

// MediaByPaths returns the images among paths (keys or site paths), keyed
// by the storage key; paths that are no uploaded image are left out. It
// serves pages that show several images at once.
func (db *DB) MediaByPaths(ctx context.Context, paths []string) (map[string]press.Media, error) {
	out := map[string]press.Media{}
	if len(paths) == 0 {
		return out, nil
	}
	args := make([]any, len(paths))
	for i, p := range paths {
		args[i] = strings.TrimPrefix(p, "/media/")
	}
	err := db.read(ctx, func(t *tx) error {
		rows, err := t.query(ctx, "SELECT "+mediaColumns+" FROM media m WHERE m.path IN ("+placeholders(len(args))+")", args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMedia(rows)
			if err != nil {
				return err
			}
			press.Depend(ctx, press.KeyMedia(m.ID))
			out[m.Path] = m
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail(err, "media by paths")
	}
	return out, nil
}

// MediaBySHA256 returns the oldest image uploaded with the given digest,
// to offer it instead of storing the same file twice.
func (db *DB) MediaBySHA256(ctx context.Context, sum string) (press.Media, error) {
	m, err := db.oneMedia(ctx, "m.sha256 = ? ORDER BY m.id LIMIT 1", sum)
	if err != nil {
		return m, db.fail(err, "media with sha256 %s", sum)
	}
	return m, nil
}

// oneMedia reads the first image matching where, with its use count.
func (db *DB) oneMedia(ctx context.Context, where string, args ...any) (m press.Media, err error) {
	err = db.read(ctx, func(t *tx) error {
		m, err = t.oneMedia(ctx, where, args...)
		return err
	})
	return m, err
}

func (t *tx) oneMedia(ctx context.Context, where string, args ...any) (press.Media, error) {
	var uses int
	m, err := scanMedia(t.queryRow(ctx, "SELECT "+mediaColumns+", "+mediaUses+" FROM media m WHERE "+where, args...), &uses)
	m.Uses = uses
	if err == nil {
		press.Depend(ctx, press.KeyMedia(m.ID))
	}
	return m, err
}

// MediaList returns a page of the media library, newest first, each
// image with its use count, and how many images match the filter in all.
func (db *DB) MediaList(ctx context.Context, f press.MediaFilter) ([]press.Media, int, error) {
	where, args := " WHERE 1 = 1", []any(nil)
	if q := strings.TrimSpace(f.Query); q != "" {
		where += ` AND (lower(m.filename) LIKE ? ESCAPE '\' OR lower(m.alt) LIKE ? ESCAPE '\' OR lower(m.caption) LIKE ? ESCAPE '\'
			OR lower(m.path) LIKE ? ESCAPE '\')`
		p := "%" + likeEscape(strings.ToLower(q)) + "%"
		args = append(args, p, p, p, p)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	var out []press.Media
	var total int
	err := db.read(ctx, func(t *tx) error {
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM media m"+where, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := t.query(ctx, "SELECT "+mediaColumns+", "+mediaUses+" FROM media m"+where+
			" ORDER BY m.created_at DESC, m.id DESC LIMIT ? OFFSET ?", append(args, f.Limit, max(0, f.Offset))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var uses int
			m, err := scanMedia(rows, &uses)
			if err != nil {
				return err
			}
			m.Uses = uses
			out = append(out, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, db.fail(err, "media list")
	}
	return out, total, nil
}

// likeEscape escapes the wildcards of LIKE (with ESCAPE '\') in s, so that
// it matches only itself.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// UpdateMedia changes the alt text, caption and credit of the image with
// id and returns it as stored.
func (db *DB) UpdateMedia(ctx context.Context, id int64, u press.MediaUpdate) (press.Media, error) {
	m := press.Media{Alt: strings.TrimSpace(u.Alt), Caption: strings.TrimSpace(u.Caption), Credit: strings.TrimSpace(u.Credit)}
	if err := m.Validate(); err != nil {
		return m, db.fail(err, "media %d", id)
	}
	err := db.write(ctx, func(t *tx) error {
		now := db.clock()
		res, err := t.exec(ctx, "UPDATE media SET alt = ?, caption = ?, credit = ?, updated_at = ? WHERE id = ?",
			m.Alt, m.Caption, m.Credit, t.d.time(now), id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return press.ErrNotFound
		}
		if m, err = t.oneMedia(ctx, "m.id = ?", id); err != nil {
			return err
		}
		t.changed(press.KeyMedia(id)) // its alt text shows on pages
		return t.audit(ctx, now, "media.update", mediaTarget(id), m.Path)
	})
	if err != nil {
		return m, db.fail(err, "media %d", id)
	}
	return m, nil
}

// DeleteMedia removes the record of the image with id and logs
// media.delete; the caller removes its files from storage. It returns the
// deleted record, whose paths say which files those are.
func (db *DB) DeleteMedia(ctx context.Context, id int64) (press.Media, error) {
	var m press.Media
	err := db.write(ctx, func(t *tx) (err error) {
		if m, err = scanMedia(t.queryRow(ctx, "SELECT "+mediaColumns+" FROM media m WHERE m.id = ?", id)); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM media WHERE id = ?", id); err != nil {
			return err
		}
		t.changed(press.KeyMedia(id))
		return t.audit(ctx, db.clock(), "media.delete", mediaTarget(id), m.Path+" ("+m.Filename+")")
	})
	if err != nil {
		return m, db.fail(err, "media %d", id)
	}
	return m, nil
}

// MediaUsage returns the articles that use the image stored under path
// (key or site path), in any status, the trash included, most recently
// changed first: those with it as featured image and those whose body
// refers to the original or one of its variants. Only the summary fields
// are filled: ID, Slug, Title, Status, UpdatedAt, TrashedAt, Image.
func (db *DB) MediaUsage(ctx context.Context, path string) ([]press.Article, error) {
	key := strings.TrimPrefix(path, "/media/")
	var out []press.Article
	err := db.read(ctx, func(t *tx) error {
		paths := []string{key}
		var vj string
		err := t.queryRow(ctx, "SELECT variants FROM media WHERE path = ?", key).Scan(&vj)
		if err == nil {
			var vs []press.Variant
			if json.Unmarshal([]byte(vj), &vs) == nil {
				for _, v := range vs {
					paths = append(paths, v.Path)
				}
			}
		}
		conds := []string{"a.image_src = ?", `a.image_src LIKE ? ESCAPE '\'`}
		args := []any{"/media/" + key, "%/media/" + likeEscape(key)}
		for _, p := range paths {
			conds = append(conds, `a.body LIKE ? ESCAPE '\'`)
			args = append(args, "%/media/"+likeEscape(p)+"%")
		}
		rows, err := t.query(ctx, `SELECT a.id, a.slug, a.title, a.status, a.updated_at, a.trashed_at, a.image_src, a.image_alt
			FROM articles a WHERE `+strings.Join(conds, " OR ")+` ORDER BY a.updated_at DESC, a.id DESC`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a press.Article
			var status string
			if err := rows.Scan(&a.ID, &a.Slug, &a.Title, &status, scanTime(&a.UpdatedAt), scanTime(&a.TrashedAt),
				&a.Image.Src, &a.Image.Alt); err != nil {
				return err
			}
			a.Status = press.Status(status)
			out = append(out, a)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail(err, "media %q usage", key)
	}
	return out, nil
}
