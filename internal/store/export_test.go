package store

import "database/sql"

// SQLDB exposes the connection pool to the conformance suite, which reads
// the catalog to compare the engines' schemas.
func SQLDB(db *DB) *sql.DB { return db.sql }
