package db

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/db/migrations"
)

// openTestDB opens a fresh, migrated database as apptest does: a SQLite file
// of the test's own, or a Postgres schema of its own when TEST_DATABASE_URL
// is set. (apptest itself imports package db through app.)
func openTestDB(t testing.TB) *bun.DB {
	t.Helper()
	bdb, drop, err := OpenScratch(os.Getenv("TEST_DATABASE_URL"), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
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
