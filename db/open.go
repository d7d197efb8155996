// Package db holds the bun models, the migrations and the per-domain stores.
// The same code runs on Postgres (production) and on an embedded SQLite file.
package db

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/driver/pgdriver"
	"github.com/uptrace/bun/driver/sqliteshim"
)

// Open connects to Postgres when url is a postgres:// URL, and otherwise to
// the embedded SQLite file DATA_DIR/onegraph.db, creating the folder.
func Open(url, dataDir string) (*bun.DB, error) {
	if url != "" {
		return OpenPostgres(url)
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	return OpenSQLite(filepath.Join(dataDir, "onegraph.db"))
}

// OpenPostgres connects with pgdriver; extra connection parameters (such as a
// search_path for tests) may be given.
func OpenPostgres(url string, opts ...pgdriver.Option) (*bun.DB, error) {
	if !strings.HasPrefix(url, "postgres://") && !strings.HasPrefix(url, "postgresql://") {
		return nil, fmt.Errorf("DATABASE_URL must be a postgres:// URL")
	}
	opts = append([]pgdriver.Option{pgdriver.WithDSN(url)}, opts...)
	sqldb := sql.OpenDB(pgdriver.NewConnector(opts...))
	db := bun.NewDB(sqldb, pgdialect.New())
	if err := db.PingContext(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	return db, nil
}

// OpenSQLite opens (or creates) a SQLite file with foreign keys enforced and
// a busy timeout, so concurrent requests wait instead of failing.
func OpenSQLite(path string) (*bun.DB, error) {
	dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"
	sqldb, err := sql.Open(sqliteshim.ShimName, dsn)
	if err != nil {
		return nil, err
	}
	// One writer at a time is SQLite's model; a single connection also keeps
	// the pragmas above in force for every statement.
	sqldb.SetMaxOpenConns(1)
	db := bun.NewDB(sqldb, sqlitedialect.New())
	if err := db.PingContext(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	return db, nil
}

// OpenScratch opens an empty database of its own for a test or a benchmark:
// a new SQLite file in dir, or, with a postgres:// url, a new schema there
// (the connections' search_path). drop closes it and drops the schema.
func OpenScratch(url, dir string) (db *bun.DB, drop func(), err error) {
	if url == "" {
		db, err = OpenSQLite(filepath.Join(dir, "scratch.db"))
		return db, func() { db.Close() }, err
	}
	buf := make([]byte, 6)
	rand.Read(buf) //nolint:errcheck // never fails
	schema := "t_" + hex.EncodeToString(buf)
	admin, err := OpenPostgres(url)
	if err != nil {
		return nil, nil, err
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		return nil, nil, err
	}
	db, err = OpenPostgres(url, pgdriver.WithConnParams(map[string]any{"search_path": schema}))
	drop = func() {
		if db != nil {
			db.Close()
		}
		admin.Exec("DROP SCHEMA " + schema + " CASCADE") //nolint:errcheck // best effort
		admin.Close()
	}
	if err != nil {
		drop()
		return nil, nil, err
	}
	return db, drop, nil
}
