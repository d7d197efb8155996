// Package app assembles the server from its configuration: store,
// migrations, auth, the executable schema, the compat routes and the HTTP
// middleware. cmd/server runs it; tests build it the same way.
package app

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"go.opentelemetry.io/otel/trace"

	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/compat"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/db/migrations"
	"github.com/onegraph/server/graph"
	"github.com/onegraph/server/media"
	"github.com/onegraph/server/observe"
	"github.com/onegraph/server/service"
)

// Config is read from the environment by cmd/server (see README.md).
type Config struct {
	Addr          string
	DatabaseURL   string // postgres://...; empty means the embedded SQLite store
	DataDir       string
	JWTSecret     string
	AdminPassword string
	SessionTTL    time.Duration
	CORSOrigins   []string     // origins allowed to call from a browser; "*" for any, none for no other origin
	CORSHeaders   []string     // request headers a browser may send, besides DefaultCORSHeaders
	Pool          db.Pool      // Postgres connection pool bounds; zero: db.DefaultPostgresPool
	Limits        graph.Limits // what one GraphQL operation may ask for; zero fields: graph.DefaultLimits
	// Database fairness and faults: zero turns each off (cmd/server's defaults:
	// db.DefaultStatementsPerRequest, db.DefaultReadRetry).
	StatementsPerRequest int           // statements one request runs at once
	ReadRetry            time.Duration // how long a read that met a broken connection waits to run again
	// Images: decoding bounds and the resize pool; zero: media.DefaultLimits.
	Media media.Limits

	// Login throttling and the client address (issue 8).
	LoginThrottle  service.LoginThrottle // zero fields: service.DefaultLoginThrottle
	TrustedProxies []netip.Prefix        // peers whose X-Forwarded-For and -Proto are believed; none by default
	Now            func() time.Time      // the stores' clock; nil: the wall clock (tests set their own)
	// CredentialTTL is how long a partner request's checked password is
	// believed (service.Credentials): 0 is service.CredentialTTL, the
	// most; negative believes none (the benchmark's "before").
	CredentialTTL time.Duration
	// Transport: connection timeouts and body limits (server.go).
	HTTP HTTPLimits
	// TrustedDocuments is the path of a trusted documents manifest
	// (graph.ReadTrustedDocuments): when set, /graphql runs only its
	// documents (and introspection); empty, any document runs.
	TrustedDocuments string
	// Tracing is where spans go (observe.SetupTracing); nil traces nothing,
	// and costs nothing.
	Tracing trace.TracerProvider
	// Shutdown (Serve): how long /readyz fails before the server stops
	// taking connections (negative: DefaultShutdownDelay with Postgres, 0
	// embedded), and how long it then waits for in-flight requests (0:
	// DefaultShutdownTimeout).
	ShutdownDelay, ShutdownTimeout time.Duration
	// SessionPurgeInterval: how often Serve deletes expired and revoked
	// sessions; 0 never.
	SessionPurgeInterval time.Duration
	// MetricsAddr is where /metrics is served (ServeMetrics): empty, on the
	// main handler with the rest.
	MetricsAddr string
	// MetricsOperationNames bounds the distinct GraphQL operation names the
	// metrics label requests with; 0: observe.DefaultOperationNames.
	MetricsOperationNames int
}

// GCPercent is the garbage collector's target the server runs with unless
// GOGC is set: answers allocate per field written while the live heap stays
// small (tens of MB), so collecting at 4× the live heap rather than Go's 2×
// cuts GC work for little memory. Measured with bench/: +25–35% req/s.
const GCPercent = 400

// TuneRuntime applies GCPercent unless the environment sets GOGC.
func TuneRuntime() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(GCPercent)
	}
}

// Embedded tells whether the server runs on the embedded SQLite store.
func (c Config) Embedded() bool { return c.DatabaseURL == "" }

// DefaultAdminPassword is the embedded store's admin password when
// ADMIN_PASSWORD is not set.
const DefaultAdminPassword = "123456"

// App is a ready server: its store is migrated and its handler built.
type App struct {
	Config   Config
	DB       *bun.DB
	Stores   *db.Stores
	Services *service.Services
	Tokens   *auth.Tokens
	Exec     *graph.Executor
	// Fresh tells that the store had no account when it opened: the first
	// start of a new store, the one the embedded server fills with demo
	// data (an existing store, upgraded, gets no demo logins it did not ask
	// for; `server seed` adds them). The admin made at this start is not
	// counted.
	Fresh bool
	// ReminderHub hands partner reminders to this instance's subscribers
	// (Await tells when a subscription is in place); on Postgres, the
	// reminders of every instance reach it.
	ReminderHub *db.ReminderHub
	reminders   *db.PostgresReminders // nil on the embedded store
	log         *slog.Logger
	draining    atomic.Bool // Serve is shutting down: /readyz fails
	metrics     *observe.Metrics
}

// Open connects to the store and migrates it. It refuses a Postgres store
// without a JWT secret. log is the server's logger, observe.NewLogger's
// (the request line takes its request id from it).
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	if !cfg.Embedded() && cfg.JWTSecret == "" {
		return nil, errors.New("JWT_SECRET is required when DATABASE_URL is set")
	}
	bdb, err := db.Open(cfg.DatabaseURL, cfg.DataDir, cfg.Pool)
	if err != nil {
		return nil, err
	}
	a, err := New(ctx, cfg, bdb, log)
	if err != nil {
		bdb.Close()
	}
	return a, err
}

// New builds the app on an open database: migrations, secret, admin account.
func New(ctx context.Context, cfg Config, bdb *bun.DB, log *slog.Logger) (*App, error) {
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 24 * time.Hour
	}
	cfg.HTTP = cfg.HTTP.orDefaults()
	// The legacy routes' operations run by hash, trusted in either mode.
	docs := graph.Documents{Server: []string{compat.Operations}}
	if cfg.TrustedDocuments != "" {
		trusted, err := graph.ReadTrustedDocuments(cfg.TrustedDocuments)
		if err != nil {
			return nil, fmt.Errorf("TRUSTED_DOCUMENTS: %w", err)
		}
		docs.Trusted = trusted
	}
	applied, err := migrations.Up(ctx, bdb)
	if err != nil {
		return nil, err
	}
	if len(applied) > 0 {
		log.Info("migrations applied", "names", strings.Join(applied, ","))
	}
	if cfg.Tracing != nil {
		db.TraceStatements(bdb, cfg.Tracing)
	}
	secret := cfg.JWTSecret
	if secret == "" {
		if secret, err = embeddedSecret(cfg.DataDir); err != nil {
			return nil, err
		}
	}
	stores := db.NewStores(db.NewHandle(bdb, cfg.Now))
	// The shop's rights catalog is read once, here, so no request pays for
	// it; the schema names the rights its fields need from it.
	rights, err := stores.ShopUsers.AllRights(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the shop rights: %w", err)
	}
	tokens := auth.NewTokens([]byte(secret))
	a := &App{Config: cfg, DB: bdb, Stores: stores, Tokens: tokens, log: log, ReminderHub: db.NewReminderHub()}
	var reminders service.ReminderBroker = a.ReminderHub
	// On Postgres other instances may serve the receivers: reminders go
	// through the database, and this instance's one listener feeds its hub.
	if bdb.Dialect().Name() == dialect.PG {
		if a.reminders, err = db.ListenReminders(ctx, stores.Handle, a.ReminderHub); err != nil {
			return nil, err
		}
		reminders = a.reminders
	}
	a.Services = service.New(stores, service.Config{Tokens: tokens, SessionTTL: cfg.SessionTTL, Media: media.New(cfg.DataDir, cfg.Media),
		LoginThrottle: cfg.LoginThrottle, CredentialTTL: cmp.Or(cfg.CredentialTTL, service.CredentialTTL), Reminders: reminders})
	schema, err := graph.NewSchema(a.Services, rights)
	if err == nil {
		a.Exec, err = graph.NewExecutor(schema, cfg.Limits, docs, cfg.Tracing)
	}
	if err != nil {
		a.stopReminders()
		return nil, err
	}
	a.metrics = observe.NewMetrics(cfg.MetricsOperationNames, bdb.DB, a.Exec.PinnedOperations()...)
	if err := a.ensureAdmin(ctx); err != nil {
		a.stopReminders()
		return nil, err
	}
	return a, nil
}

// Close stops the reminder listener, ends the live subscriptions (their
// clients see them complete) and closes the database.
func (a *App) Close() error {
	a.stopReminders()
	return a.DB.Close()
}

func (a *App) stopReminders() {
	if a.reminders != nil {
		if err := a.reminders.Close(); err != nil {
			a.log.Warn("reminder listener", "err", err)
		}
	}
	a.ReminderHub.Close()
}

// ensureAdmin makes the admin account when no active account holds the
// ADMIN role and a password is known (ADMIN_PASSWORD, or on the embedded
// store the default), and says in the log which admins there are or how to
// make one.
func (a *App) ensureAdmin(ctx context.Context) error {
	n, err := a.Stores.Accounts.Count(ctx)
	if err != nil {
		return err
	}
	a.Fresh = n == 0
	password := a.Config.AdminPassword
	if password == "" && a.Config.Embedded() {
		password = DefaultAdminPassword
	}
	if password != "" {
		made, err := a.Services.Accounts.EnsureAdmin(ctx, password)
		if err != nil {
			return fmt.Errorf("make the admin account: %w", err)
		}
		if made && a.Config.AdminPassword == "" {
			a.log.Warn("!!! made account " + service.AdminUsername + " (role ADMIN) with the DEFAULT PASSWORD " + DefaultAdminPassword + ": set ADMIN_PASSWORD for anything but a demo !!!")
			return nil
		}
		if made {
			a.log.Info("no active account held the ADMIN role: made account "+service.AdminUsername+" with ADMIN_PASSWORD", "username", service.AdminUsername)
			return nil
		}
	}
	admins, err := a.Stores.Accounts.AdminUsernames(ctx)
	if err != nil {
		return err
	}
	if len(admins) == 0 {
		a.log.Warn("no admin account: no active account holds the ADMIN role; make one with `server create-admin` (password on stdin) or start with ADMIN_PASSWORD set")
		return nil
	}
	a.log.Info("admin accounts", "usernames", admins)
	return nil
}

// embeddedSecret reads the JWT secret kept in DATA_DIR, making one the first
// time, so tokens survive restarts of the embedded server.
func embeddedSecret(dataDir string) (string, error) {
	path := filepath.Join(dataDir, "jwt-secret")
	if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
		return strings.TrimSpace(string(b)), nil
	}
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return "", err
	}
	secret := hex.EncodeToString(buf)
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(path, []byte(secret), 0o600); err != nil {
		return "", fmt.Errorf("keep jwt secret: %w", err)
	}
	return secret, nil
}
