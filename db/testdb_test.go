package db

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"

	"github.com/onegraph/server/db/migrations"
)

// openTestDB opens a fresh, migrated database as apptest does: a SQLite file
// of the test's own, or a Postgres schema of its own when TEST_DATABASE_URL
// is set. (apptest itself imports package db through app.)
func openTestDB(t testing.TB) *bun.DB {
	t.Helper()
	var bdb *bun.DB
	var err error
	if url := os.Getenv("TEST_DATABASE_URL"); url == "" {
		bdb, err = OpenSQLite(filepath.Join(t.TempDir(), "test.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { bdb.Close() })
	} else {
		buf := make([]byte, 6)
		rand.Read(buf) //nolint:errcheck // never fails
		schema := "t_" + hex.EncodeToString(buf)
		admin, err := OpenPostgres(url)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
			t.Fatal(err)
		}
		bdb, err = OpenPostgres(url, pgdriver.WithConnParams(map[string]any{"search_path": schema}))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			bdb.Close()
			admin.Exec("DROP SCHEMA " + schema + " CASCADE") //nolint:errcheck // best effort
			admin.Close()
		})
	}
	if _, err := migrations.Up(context.Background(), bdb); err != nil {
		t.Fatal(err)
	}
	return bdb
}

// testStores are the stores over a fresh database, stamping rows with now
// (nil: the wall clock).
func testStores(t testing.TB, now func() time.Time) *Stores {
	t.Helper()
	return NewStores(NewHandle(openTestDB(t), now))
}

// insert adds rows directly, failing t on error.
func insert[T any](t testing.TB, s *Stores, rows ...*T) {
	t.Helper()
	for _, r := range rows {
		if _, err := s.Handle.db.NewInsert().Model(r).Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}
