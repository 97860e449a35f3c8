package store_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/pressroomhq/pressroom/internal/presstest"
	"github.com/pressroomhq/pressroom/internal/store"
)

func TestMigrate(t *testing.T) {
	t.Parallel()
	for _, engine := range presstest.Engines {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			dsn := presstest.MustEmptyDSN(t, engine)
			// Several nodes starting at once all migrate; each migration
			// must be applied exactly once.
			const nodes = 4
			var wg sync.WaitGroup
			applied := make([][]string, nodes)
			errs := make([]error, nodes)
			for i := range nodes {
				wg.Go(func() {
					db, err := store.Open(ctx, dsn, store.Options{})
					if err != nil {
						errs[i] = err
						return
					}
					defer db.Close()
					applied[i], errs[i] = db.Migrate(ctx)
				})
			}
			wg.Wait()
			var all []string
			for i := range nodes {
				if errs[i] != nil {
					t.Fatalf("node %d: %v", i, errs[i])
				}
				all = append(all, applied[i]...)
			}
			want, err := store.MigrationNames(engine)
			if err != nil {
				t.Fatal(err)
			}
			// Each migration is applied once, by one of the nodes.
			slices.Sort(all)
			if diff := cmp.Diff(want, all); diff != "" {
				t.Errorf("applied (-want +got):\n%s", diff)
			}

			db, err := store.Open(ctx, dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if db.Engine() != engine {
				t.Errorf("Engine() = %q, want %q", db.Engine(), engine)
			}
			if err := db.Ping(ctx); err != nil {
				t.Error(err)
			}
			again, err := db.Migrate(ctx)
			if err != nil || len(again) != 0 {
				t.Errorf("second Migrate = %v, %v; want nothing applied", again, err)
			}

			// A database migrated by a newer Pressroom is refused.
			if _, err := store.SQLDB(db).ExecContext(ctx,
				"INSERT INTO schema_migrations (name, applied_at) SELECT '9999_future', MAX(applied_at) FROM schema_migrations"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Migrate(ctx); err == nil || !strings.Contains(err.Error(), "9999_future") {
				t.Errorf("Migrate with an unknown migration applied: err = %v", err)
			}
		})
	}
}

// TestSchemaParity checks that both engines have the same tables, columns
// (in the same order) and named indexes, so code written against one
// works on the other.
func TestSchemaParity(t *testing.T) {
	t.Parallel()
	lite := schema(t, presstest.MustStore(t, store.EngineSQLite))
	pg := schema(t, presstest.MustStore(t, store.EnginePostgres))
	if diff := cmp.Diff(lite, pg); diff != "" {
		t.Errorf("schemas differ (-sqlite +postgres):\n%s", diff)
	}
	for _, table := range []string{"settings", "taxonomies", "terms", "authors", "pages", "articles",
		"article_authors", "article_terms", "schema_migrations"} {
		if _, ok := lite[table]; !ok {
			t.Errorf("table %s is missing", table)
		}
	}
}

// searchOnly are the objects only one engine has: full-text search shares
// the table search_documents, but each engine indexes it its own way (see
// migrations/*/0002_search.sql). SQLite has the FTS5 tables search_fts and
// search_head and the shadow tables FTS5 keeps for them; PostgreSQL has
// generated tsvector columns on search_documents and their GIN indexes.
// schema leaves them out.
var searchOnly = map[string]bool{
	"search_fts": true, "search_fts_config": true, "search_fts_data": true,
	"search_fts_docsize": true, "search_fts_idx": true,
	"search_head": true, "search_head_config": true, "search_head_data": true,
	"search_head_docsize": true, "search_head_idx": true,
	"search_documents.document": true, "search_documents.head": true,
	"search_documents_document_idx": true, "search_documents_head_idx": true,
}

// schema returns the columns of every table, in order, and the names of
// the explicitly created indexes under the key "indexes".
func schema(t *testing.T, db *store.DB) map[string][]string {
	t.Helper()
	ctx := t.Context()
	var columns, indexes string
	switch db.Engine() {
	case store.EngineSQLite:
		columns = `SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, c.cid`
		indexes = `SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`
	case store.EnginePostgres:
		columns = `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`
		indexes = `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()
			AND indexname NOT LIKE '%\_pkey' AND indexname NOT LIKE '%\_key' ORDER BY indexname`
	}
	out := map[string][]string{}
	rows := query(ctx, t, store.SQLDB(db), columns)
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			t.Fatal(err)
		}
		if searchOnly[table] || searchOnly[table+"."+column] {
			continue
		}
		out[table] = append(out[table], column)
	}
	rows.Close()
	rows = query(ctx, t, store.SQLDB(db), indexes)
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if searchOnly[name] {
			continue
		}
		out["indexes"] = append(out["indexes"], name)
	}
	rows.Close()
	slices.Sort(out["indexes"])
	return out
}

func query(ctx context.Context, t *testing.T, db *sql.DB, q string) *sql.Rows {
	t.Helper()
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
