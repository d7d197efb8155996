// Command server runs the OneGraph GraphQL API and its legacy compat routes.
//
//	server            serve (the default)
//	server migrate    apply pending migrations and exit
//	server seed       add the demo data to the store and exit
//
// Configuration comes from the environment; flags mirror it (see README.md).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/graph"
	"github.com/onegraph/server/media"
	"github.com/onegraph/server/observe"
	"github.com/onegraph/server/seed"
	"github.com/onegraph/server/service"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	app.TuneRuntime()
	if err := run(log, os.Args[1:]); err != nil {
		log.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

func run(log *slog.Logger, args []string) error {
	cfg := app.Config{}
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.StringVar(&cfg.Addr, "addr", env("ADDR", ":8080"), "listen address (ADDR)")
	fs.StringVar(&cfg.DatabaseURL, "database-url", env("DATABASE_URL", ""), "postgres:// URL; empty runs on the embedded SQLite store (DATABASE_URL)")
	fs.StringVar(&cfg.MetricsAddr, "metrics-addr", env("METRICS_ADDR", ""), "listen address of /metrics alone; empty: /metrics on the main address (METRICS_ADDR)")
	fs.IntVar(&cfg.MetricsOperationNames, "metrics-operation-names", envInt("METRICS_OPERATION_NAMES", observe.DefaultOperationNames), "distinct GraphQL operation names the metrics label requests with; later ones count as \"other\" (METRICS_OPERATION_NAMES)")
	fs.StringVar(&cfg.DataDir, "data-dir", env("DATA_DIR", "./data"), "embedded database, uploads and generated secret (DATA_DIR)")
	fs.DurationVar(&cfg.SessionTTL, "session-ttl", envDuration("SESSION_TTL", 24*time.Hour), "how long a login lasts (SESSION_TTL)")
	pool := db.DefaultPostgresPool
	fs.IntVar(&cfg.Pool.MaxOpen, "db-max-open", envInt("DB_MAX_OPEN", pool.MaxOpen), "Postgres connections at most (DB_MAX_OPEN)")
	fs.IntVar(&cfg.Pool.MaxIdle, "db-max-idle", envInt("DB_MAX_IDLE", pool.MaxIdle), "idle Postgres connections kept (DB_MAX_IDLE)")
	fs.DurationVar(&cfg.Pool.MaxLifetime, "db-conn-lifetime", envDuration("DB_CONN_LIFETIME", pool.MaxLifetime), "a Postgres connection is replaced after (DB_CONN_LIFETIME)")
	fs.DurationVar(&cfg.Pool.MaxIdleTime, "db-conn-idle-time", envDuration("DB_CONN_IDLE_TIME", pool.MaxIdleTime), "an idle Postgres connection is closed after (DB_CONN_IDLE_TIME)")
	// GraphQL request limits (README "Limits and security").
	lim := graph.DefaultLimits
	fs.IntVar(&cfg.Limits.DocumentBytes, "graphql-max-bytes", envInt("GRAPHQL_MAX_BYTES", lim.DocumentBytes), "bytes of a GraphQL document (GRAPHQL_MAX_BYTES)")
	fs.IntVar(&cfg.Limits.Tokens, "graphql-max-tokens", envInt("GRAPHQL_MAX_TOKENS", lim.Tokens), "tokens of a GraphQL document (GRAPHQL_MAX_TOKENS)")
	fs.IntVar(&cfg.Limits.Depth, "graphql-max-depth", envInt("GRAPHQL_MAX_DEPTH", lim.Depth), "nesting of an operation (GRAPHQL_MAX_DEPTH)")
	fs.IntVar(&cfg.Limits.IntrospectionDepth, "graphql-max-introspection-depth", envInt("GRAPHQL_MAX_INTROSPECTION_DEPTH", lim.IntrospectionDepth), "nesting under __schema and __type (GRAPHQL_MAX_INTROSPECTION_DEPTH)")
	fs.IntVar(&cfg.Limits.Aliases, "graphql-max-aliases", envInt("GRAPHQL_MAX_ALIASES", lim.Aliases), "extra copies of fields through aliases (GRAPHQL_MAX_ALIASES)")
	fs.IntVar(&cfg.Limits.Directives, "graphql-max-directives", envInt("GRAPHQL_MAX_DIRECTIVES", lim.Directives), "directives in a document (GRAPHQL_MAX_DIRECTIVES)")
	fs.IntVar(&cfg.Limits.Fields, "graphql-max-fields", envInt("GRAPHQL_MAX_FIELDS", lim.Fields), "fields of an operation, fragments expanded (GRAPHQL_MAX_FIELDS)")
	fs.IntVar(&cfg.Limits.Cost, "graphql-max-cost", envInt("GRAPHQL_MAX_COST", lim.Cost), "cost of an operation (GRAPHQL_MAX_COST)")
	fs.IntVar(&cfg.Limits.UnpagedRows, "graphql-unpaged-rows", envInt("GRAPHQL_UNPAGED_ROWS", lim.UnpagedRows), "rows an unpaged list is priced at (GRAPHQL_UNPAGED_ROWS)")
	fs.DurationVar(&cfg.Limits.Deadline, "graphql-deadline", envDuration("GRAPHQL_DEADLINE", lim.Deadline), "execution time of an operation (GRAPHQL_DEADLINE)")
	fs.Int64Var(&cfg.Limits.CacheBytes, "graphql-cache-bytes", int64(envInt("GRAPHQL_CACHE_BYTES", int(lim.CacheBytes))), "memory for parsed documents (GRAPHQL_CACHE_BYTES)")
	fs.Int64Var(&cfg.Limits.APQCacheBytes, "graphql-apq-cache-bytes", envInt64("GRAPHQL_APQ_CACHE_BYTES", lim.APQCacheBytes), "memory for documents clients register by hash, Automatic Persisted Queries (GRAPHQL_APQ_CACHE_BYTES)")
	fs.StringVar(&cfg.TrustedDocuments, "trusted-documents", env("TRUSTED_DOCUMENTS", ""), "path of a trusted documents manifest: /graphql then runs only its documents; empty: any (TRUSTED_DOCUMENTS)")
	introspection := fs.Bool("introspection", envBool("INTROSPECTION", true), "false hides the schema and suggestions from anonymous callers (INTROSPECTION)")
	// Database fairness and faults (issue 8).
	fs.IntVar(&cfg.StatementsPerRequest, "db-statements-per-request", envInt("DB_STATEMENTS_PER_REQUEST", db.DefaultStatementsPerRequest), "statements one request runs at once; 0: no cap (DB_STATEMENTS_PER_REQUEST)")
	fs.DurationVar(&cfg.ReadRetry, "db-read-retry", envDuration("DB_READ_RETRY", db.DefaultReadRetry), "how long a read that met a broken connection waits for the database to run again; 0: never retried (DB_READ_RETRY)")
	// Images: decoding bounds and the resize pool.
	img := media.DefaultLimits
	fs.IntVar(&cfg.Media.MaxPixels, "image-max-pixels", envInt("IMAGE_MAX_PIXELS", img.MaxPixels), "pixels (width × height) of an uploaded image at most (IMAGE_MAX_PIXELS)")
	fs.IntVar(&cfg.Media.MaxDecodedBytes, "image-max-decoded-bytes", envInt("IMAGE_MAX_DECODED_BYTES", img.MaxDecodedBytes), "bytes an uploaded image takes decoded at most (IMAGE_MAX_DECODED_BYTES)")
	fs.IntVar(&cfg.Media.Workers, "image-workers", envInt("IMAGE_WORKERS", img.Workers), "images decoded and resized at once (IMAGE_WORKERS)")
	// Login throttling and trusted proxies.
	lt := service.DefaultLoginThrottle
	fs.DurationVar(&cfg.LoginThrottle.Window, "login-window", envDuration("LOGIN_WINDOW", lt.Window), "failed sign-ins are counted over this sliding window (LOGIN_WINDOW)")
	fs.IntVar(&cfg.LoginThrottle.AccountLimit, "login-account-limit", envInt("LOGIN_ACCOUNT_LIMIT", lt.AccountLimit), "failed sign-ins of one username in the window before it must wait (LOGIN_ACCOUNT_LIMIT)")
	fs.IntVar(&cfg.LoginThrottle.AddressLimit, "login-address-limit", envInt("LOGIN_ADDRESS_LIMIT", lt.AddressLimit), "failed sign-ins from one client address (IPv6: /64) in the window before it must wait (LOGIN_ADDRESS_LIMIT)")
	fs.DurationVar(&cfg.LoginThrottle.Backoff, "login-backoff", envDuration("LOGIN_BACKOFF", lt.Backoff), "first wait past a limit, doubling with each further failure (LOGIN_BACKOFF)")
	fs.DurationVar(&cfg.LoginThrottle.MaxBackoff, "login-max-backoff", envDuration("LOGIN_MAX_BACKOFF", lt.MaxBackoff), "longest wait (LOGIN_MAX_BACKOFF)")
	proxies := fs.String("trusted-proxies", env("TRUSTED_PROXIES", ""), "comma-separated CIDRs of proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (TRUSTED_PROXIES)")
	// Transport: connection timeouts and the body limit.
	hl := app.DefaultHTTPLimits
	fs.DurationVar(&cfg.HTTP.ReadHeaderTimeout, "http-read-header-timeout", envDuration("HTTP_READ_HEADER_TIMEOUT", hl.ReadHeaderTimeout), "a request's headers must be in within (HTTP_READ_HEADER_TIMEOUT)")
	fs.DurationVar(&cfg.HTTP.ReadTimeout, "http-read-timeout", envDuration("HTTP_READ_TIMEOUT", hl.ReadTimeout), "a whole request, body included, must be in within (HTTP_READ_TIMEOUT)")
	fs.DurationVar(&cfg.HTTP.WriteTimeout, "http-write-timeout", envDuration("HTTP_WRITE_TIMEOUT", hl.WriteTimeout), "from a request's headers to the end of its answer, at most (HTTP_WRITE_TIMEOUT)")
	fs.DurationVar(&cfg.HTTP.IdleTimeout, "http-idle-timeout", envDuration("HTTP_IDLE_TIMEOUT", hl.IdleTimeout), "an idle kept-alive connection is closed after (HTTP_IDLE_TIMEOUT)")
	fs.Int64Var(&cfg.HTTP.MaxBodyBytes, "http-max-body-bytes", envInt64("HTTP_MAX_BODY_BYTES", hl.MaxBodyBytes), "bytes of a request body, and of a multipart request's operations and map fields (HTTP_MAX_BODY_BYTES)")
	origins := fs.String("cors-origins", env("CORS_ORIGINS", "*"), "comma-separated origins browsers may call from; \"*\": any; none (-cors-origins=): no other origin than the server's (CORS_ORIGINS)")
	corsHeaders := fs.String("cors-headers", env("CORS_HEADERS", ""), "comma-separated request headers browsers may send besides the defaults (CORS_HEADERS)")
	cfg.JWTSecret = os.Getenv("JWT_SECRET")
	cfg.AdminPassword = os.Getenv("ADMIN_PASSWORD")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.CORSOrigins = splitList(*origins)
	cfg.CORSHeaders = splitList(*corsHeaders)
	cfg.Limits.HideSchema = !*introspection
	trusted, err := auth.ParseTrustedProxies(*proxies)
	if err != nil {
		return err
	}
	cfg.TrustedProxies = trusted
	command := "serve"
	if fs.NArg() > 0 {
		command = fs.Arg(0)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()

	switch command {
	case "migrate":
		return nil // Open has applied them
	case "seed":
		return seed.Demo(ctx, a.Stores)
	case "serve":
		if cfg.Embedded() && a.Fresh {
			if err := seed.Demo(ctx, a.Stores); err != nil {
				return fmt.Errorf("seed demo data: %w", err)
			}
		}
		if _, err := a.ServeMetrics(ctx); err != nil {
			return err
		}
		return serve(ctx, log, cfg.Addr, app.NewHTTPServer(cfg.HTTP, a.Handler()))
	default:
		return fmt.Errorf("unknown command %q (serve, migrate or seed)", command)
	}
}

// serve listens until ctx ends (SIGINT/SIGTERM), then lets in-flight
// requests finish before returning.
func serve(ctx context.Context, log *slog.Logger, addr string, srv *http.Server) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	base := "http://" + playgroundHost(ln.Addr())
	log.Info("listening", "addr", ln.Addr().String(), "playground", base+"/", "graphql", base+"/graphql", "openapi", base+"/openapi")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func playgroundHost(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}

// splitList is a comma-separated list's items, trimmed, without empty ones.
func splitList(s string) []string {
	var items []string
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	return items
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func envInt(key string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(key)); err == nil {
		return n
	}
	return def
}

func envBool(key string, def bool) bool {
	if b, err := strconv.ParseBool(os.Getenv(key)); err == nil {
		return b
	}
	return def
}

func envInt64(key string, def int64) int64 {
	if n, err := strconv.ParseInt(os.Getenv(key), 10, 64); err == nil {
		return n
	}
	return def
}

func envDuration(key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(key)); err == nil {
		return d
	}
	return def
}
