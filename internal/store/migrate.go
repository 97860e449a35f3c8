package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
)

// migrations holds the schema history of both engines: the same numbered
// file names under migrations/sqlite and migrations/postgres.
//
//go:embed migrations
var migrations embed.FS

// migrationName is the form of a migration file: four digits, so that
// names sort in the order they apply, then what it does.
var migrationName = regexp.MustCompile(`^[0-9]{4}_[a-z0-9_]+\.sql$`)

// Migrate brings the schema up to date by applying, in order, the embedded
// migrations the database has not had yet, each in its own transaction,
// and returns their names (such as "0001_init"), or none when the schema
// was current. Migrations only go forward. Several processes may migrate
// the same database at once: each migration is applied exactly once.
// Migrate refuses a database that has migrations this binary does not
// know, which means a newer Pressroom has already upgraded it.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	names, err := migrationNames(db.d)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	var done []string
	err = db.write(ctx, func(t *tx) error {
		if err := t.migrationsTable(ctx); err != nil {
			return err
		}
		rows, err := t.query(ctx, "SELECT name FROM schema_migrations")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				return err
			}
			done = append(done, name)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	for _, name := range done {
		if !slices.Contains(names, name) {
			return nil, fmt.Errorf("store: migrate: the database has migration %s, which this version of Pressroom does not know; run a newer version", name)
		}
	}
	var applied []string
	for _, name := range names {
		if slices.Contains(done, name) {
			continue
		}
		ran, err := db.migrate(ctx, name)
		if err != nil {
			return applied, fmt.Errorf("store: migrate %s: %w", name, err)
		}
		if ran {
			db.log.InfoContext(ctx, "store: migration applied", "engine", db.d.name, "migration", name)
			applied = append(applied, name)
		}
	}
	return applied, nil
}

// migrate applies one migration unless another process got there first,
// and reports whether it did.
func (db *DB) migrate(ctx context.Context, name string) (bool, error) {
	body, err := fs.ReadFile(migrations, db.d.migrations+"/"+name+".sql")
	if err != nil {
		return false, err
	}
	ran := false
	apply := func(t *tx) error {
		if err := t.migrationsTable(ctx); err != nil {
			return err
		}
		var n int
		err := t.queryRow(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE name = ?", name).Scan(&n)
		if err != nil || n > 0 {
			return err
		}
		// Migrations run without arguments so that both drivers accept
		// several statements in one call.
		if _, err := t.sql.ExecContext(ctx, string(body)); err != nil {
			return err
		}
		if fk := t.d.migrationFKs; fk != nil {
			if err := t.noViolations(ctx, fk[2]); err != nil {
				return err
			}
		}
		_, err = t.exec(ctx, "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", name, t.d.time(db.clock()))
		ran = err == nil
		return err
	}
	fk := db.d.migrationFKs
	if fk == nil {
		return ran, db.write(ctx, apply)
	}
	// Enforcement is a setting of the connection and cannot change inside
	// a transaction, so the migration gets a connection of its own.
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fk[0]); err != nil {
		return false, err
	}
	// Back on before the connection returns to the pool, whatever happens.
	defer conn.ExecContext(context.WithoutCancel(ctx), fk[1])
	t, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer t.Rollback()
	if err := apply(&tx{sql: t, d: db.d}); err != nil {
		return false, err
	}
	return ran, t.Commit()
}

// noViolations runs the engine's foreign key check and fails when it
// reports any row.
func (t *tx) noViolations(ctx context.Context, check string) error {
	rows, err := t.query(ctx, check)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		return fmt.Errorf("the migration leaves rows that break a foreign key (%s)", check)
	}
	return rows.Err()
}

// migrationsTable takes the migration lock, when the engine needs one, and
// makes sure the table of applied migrations exists.
func (t *tx) migrationsTable(ctx context.Context) error {
	if t.d.migrateLock != "" {
		if _, err := t.exec(ctx, t.d.migrateLock); err != nil {
			return err
		}
	}
	_, err := t.exec(ctx, t.d.migrationsTable)
	return err
}

// migrationNames lists the engine's migrations in the order they apply.
func migrationNames(d *dialect) ([]string, error) {
	entries, err := fs.ReadDir(migrations, d.migrations)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !migrationName.MatchString(e.Name()) {
			return nil, fmt.Errorf("%s/%s is not named NNNN_name.sql", d.migrations, e.Name())
		}
		names = append(names, strings.TrimSuffix(e.Name(), ".sql"))
	}
	slices.Sort(names)
	return names, nil
}
