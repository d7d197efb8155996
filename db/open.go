// Package db holds the bun models, the migrations and the per-domain stores.
// The same code runs on Postgres (production) and on an embedded SQLite file.
package db

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	neturl "net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/driver/pgdriver"
	"github.com/uptrace/bun/driver/sqliteshim"
)

// Pool bounds the connections kept to the store. database/sql keeps only 2
// idle connections by default, so under load a Postgres server would open
// and close connections for nearly every request.
type Pool struct {
	MaxOpen     int           // connections at most (0: the store's default)
	MaxIdle     int           // idle connections kept (0: MaxOpen)
	MaxLifetime time.Duration // a connection is replaced after this long (0: never)
	MaxIdleTime time.Duration // an idle connection is closed after this long (0: never)
}

// DefaultPostgresPool suits a 2–8 core server sharing Postgres's default
// 100 connections with a few other instances.
var DefaultPostgresPool = Pool{MaxOpen: 16, MaxIdle: 16, MaxLifetime: 30 * time.Minute, MaxIdleTime: 5 * time.Minute}

// sqlitePool: WAL lets readers run beside the one writer, so a connection
// per core serves reads in parallel; writes queue on the write lock.
func sqlitePool() Pool { return Pool{MaxOpen: max(2, runtime.GOMAXPROCS(0))} }

func (p Pool) apply(db *sql.DB) {
	if p.MaxIdle == 0 {
		p.MaxIdle = p.MaxOpen
	}
	db.SetMaxOpenConns(p.MaxOpen)
	db.SetMaxIdleConns(p.MaxIdle)
	db.SetConnMaxLifetime(p.MaxLifetime)
	db.SetConnMaxIdleTime(p.MaxIdleTime)
}

// Open connects to Postgres when url is a postgres:// URL, with the pool
// bounds given (zero MaxOpen: DefaultPostgresPool), and otherwise to the
// embedded SQLite file DATA_DIR/onegraph.db, creating the folder.
func Open(url, dataDir string, pool Pool) (*bun.DB, error) {
	if url != "" {
		db, err := OpenPostgres(url)
		if err == nil && pool.MaxOpen > 0 {
			pool.apply(db.DB)
		}
		return db, err
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	return OpenSQLite(filepath.Join(dataDir, "onegraph.db"))
}

// OpenPostgres connects with pgdriver; extra connection parameters (such as a
// search_path for tests) may be given.
func OpenPostgres(url string, opts ...pgdriver.Option) (*bun.DB, error) {
	if err := CheckPostgresURL(url); err != nil {
		return nil, err
	}
	opts = append([]pgdriver.Option{pgdriver.WithDSN(url)}, opts...)
	sqldb := sql.OpenDB(pgdriver.NewConnector(opts...))
	DefaultPostgresPool.apply(sqldb)
	db := bun.NewDB(sqldb, pgdialect.New())
	db.AddQueryHook(statementSlots{})
	if err := db.PingContext(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	return db, nil
}

// OpenSQLite opens (or creates) a SQLite file in WAL mode with foreign keys
// enforced on every connection. Transactions begin IMMEDIATE, taking the
// one write lock up front, so two writers queue (busy timeout) instead of
// one failing when it upgrades its read to a write.
func OpenSQLite(path string) (*bun.DB, error) {
	dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	sqldb, err := sql.Open(sqliteshim.ShimName, dsn)
	if err != nil {
		return nil, err
	}
	sqlitePool().apply(sqldb)
	db := bun.NewDB(sqldb, sqlitedialect.New())
	db.AddQueryHook(statementSlots{})
	if err := db.PingContext(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	return db, nil
}

// OpenScratch opens an empty database of its own for a test or a benchmark:
// a new SQLite file in dir, or, with a postgres:// url, a new schema there
// (ScratchSchema, the connections' search_path). drop closes it and drops
// the schema.
func OpenScratch(url, dir string) (db *bun.DB, drop func(), err error) {
	if url == "" {
		db, err = OpenSQLite(filepath.Join(dir, "scratch.db"))
		return db, func() { db.Close() }, err
	}
	schema, dropSchema, err := ScratchSchema(url)
	if err != nil {
		return nil, nil, err
	}
	// The application name tells the scratch database's connections from
	// those of parallel tests (a test may break its own on purpose).
	db, err = OpenPostgres(url, pgdriver.WithConnParams(map[string]any{"search_path": schema}), pgdriver.WithApplicationName(schema))
	if err != nil {
		dropSchema()
		return nil, nil, err
	}
	return db, func() { db.Close(); dropSchema() }, nil
}

// ScratchSchema makes an empty Postgres schema of a random name, for a
// test's connections to use as their search_path (a search_path parameter
// of the URL sets it too); drop drops it with everything in it.
func ScratchSchema(url string) (schema string, drop func(), err error) {
	buf := make([]byte, 6)
	rand.Read(buf) //nolint:errcheck // never fails
	schema = "t_" + hex.EncodeToString(buf)
	admin, err := OpenPostgres(url)
	if err != nil {
		return "", nil, err
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		return "", nil, err
	}
	return schema, func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE") //nolint:errcheck // best effort
		admin.Close()
	}, nil
}

// CheckPostgresURL tells whether pgdriver takes raw as its DSN, in words
// that never quote the URL's password: pgdriver itself panics on a DSN it
// cannot read, quoting the whole URL.
func CheckPostgresURL(raw string) (err error) {
	if !strings.HasPrefix(raw, "postgres://") && !strings.HasPrefix(raw, "postgresql://") {
		return errors.New("DATABASE_URL must be a postgres:// URL")
	}
	u, err := neturl.Parse(raw)
	if err != nil {
		if ue := (*neturl.Error)(nil); errors.As(err, &ue) {
			err = ue.Err // without the URL
		}
		return fmt.Errorf("DATABASE_URL is not a valid URL: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			msg := fmt.Sprint(p)
			if password, ok := u.User.Password(); ok && password != "" {
				msg = strings.ReplaceAll(msg, password, "xxxxx")
			}
			err = fmt.Errorf("DATABASE_URL: %s", msg)
		}
	}()
	pgdriver.NewConnector(pgdriver.WithDSN(raw))
	return nil
}
