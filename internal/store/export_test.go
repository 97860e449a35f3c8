package store

import "database/sql"

// SQLDB exposes the connection pool to the conformance suite, which reads
// the catalog to compare the engines' schemas.
func SQLDB(db *DB) *sql.DB { return db.sql }

// MigrationNames lists the migrations embedded for engine, in order.
func MigrationNames(engine string) ([]string, error) {
	if engine == EnginePostgres {
		return migrationNames(postgresDialect)
	}
	return migrationNames(sqliteDialect)
}
