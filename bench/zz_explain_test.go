package bench

import (
	"database/sql"
	"fmt"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

func TestZZExplain(t *testing.T) {
	db, err := sql.Open("sqlite", "file:/tmp/pressroom-bench/sqlite-100000/pressroom.db?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	_ = 0
	sub := `WITH RECURSIVE subtree(id) AS (SELECT t.id FROM terms t JOIN taxonomies x ON x.id = t.taxonomy_id WHERE x.slug = 'themes' AND t.slug = (SELECT slug FROM terms WHERE taxonomy_id=(SELECT id FROM taxonomies WHERE slug='themes') ORDER BY id LIMIT 1) UNION SELECT c.id FROM terms c JOIN subtree s ON c.parent_id = s.id) `
	_ = sub
	for _, q := range []string{
		`SELECT substr(published_at, 1, 7) AS ym, COUNT(*) FROM articles WHERE status = 'published' AND published_at IS NOT NULL GROUP BY ym ORDER BY ym DESC`,
		`SELECT COUNT(*) FROM articles WHERE status = 'published' AND published_at >= '2020-01' AND published_at < '2020-02'`,
	} {
		rows, err := db.Query("EXPLAIN QUERY PLAN " + q)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println(q[max(0, len(q)-110):])
		for rows.Next() {
			var a, b, c int
			var d string
			rows.Scan(&a, &b, &c, &d)
			fmt.Println("   ", d)
		}
		rows.Close()
		for i := range 2 {
			start := time.Now()
			r2, err := db.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			for r2.Next() {
			}
			r2.Close()
			fmt.Println("   took", i, time.Since(start))
		}
	}
}
