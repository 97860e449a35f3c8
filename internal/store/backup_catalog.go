package store

import (
	"context"
	"strings"
)

// sqliteCatalog reads SQLite's schema through its table-valued pragmas.
type sqliteCatalog struct{}

func (sqliteCatalog) tables(ctx context.Context, t *tx) ([]string, error) {
	// type is "virtual" for FTS5 tables and "shadow" for their storage.
	return queryColumn[string](ctx, t, `SELECT name FROM pragma_table_list
		WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
}

func (sqliteCatalog) columns(ctx context.Context, t *tx, table string) ([]catalogColumn, error) {
	// table_info leaves out generated (hidden) columns.
	return queryAll(ctx, t, scanCatalogColumn, "SELECT name, type FROM pragma_table_info(?) ORDER BY cid", table)
}

func (sqliteCatalog) references(ctx context.Context, t *tx, table string) ([]catalogReference, error) {
	return queryAll(ctx, t, scanCatalogReference, `SELECT "from", "table" FROM pragma_foreign_key_list(?)`, table)
}

func (sqliteCatalog) resetIDs(context.Context, *tx, string) error { return nil }

// postgresCatalog reads PostgreSQL's schema from information_schema and
// pg_catalog, in the current schema.
type postgresCatalog struct{}

func (postgresCatalog) tables(ctx context.Context, t *tx) ([]string, error) {
	return queryColumn[string](ctx, t, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
}

func (postgresCatalog) columns(ctx context.Context, t *tx, table string) ([]catalogColumn, error) {
	return queryAll(ctx, t, scanCatalogColumn, `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER'
		ORDER BY ordinal_position`, table)
}

func (postgresCatalog) references(ctx context.Context, t *tx, table string) ([]catalogReference, error) {
	return queryAll(ctx, t, scanCatalogReference, `SELECT a.attname, r.relname
		FROM pg_constraint c
		JOIN pg_class k ON k.oid = c.conrelid
		JOIN pg_class r ON r.oid = c.confrelid
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
		WHERE c.contype = 'f' AND k.relname = ? AND k.relnamespace = current_schema()::regnamespace`, table)
}

func (postgresCatalog) resetIDs(ctx context.Context, t *tx, table string) error {
	cols, err := queryColumn[string](ctx, t, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ?
			AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`, table)
	if err != nil {
		return err
	}
	for _, col := range cols {
		// The next id is one above the highest, or 1 in an empty table.
		_, err := t.exec(ctx, "SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX("+ident(col)+"), 0) + 1, false) FROM "+ident(table),
			ident(table), col)
		if err != nil {
			return err
		}
	}
	return nil
}

func scanCatalogColumn(s scanner) (catalogColumn, error) {
	var c catalogColumn
	err := s.Scan(&c.name, &c.typ)
	c.typ = strings.ToLower(c.typ)
	return c, err
}

func scanCatalogReference(s scanner) (catalogReference, error) {
	var r catalogReference
	err := s.Scan(&r.column, &r.table)
	return r, err
}
