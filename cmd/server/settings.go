package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/graph"
	"github.com/onegraph/server/media"
	"github.com/onegraph/server/observe"
	"github.com/onegraph/server/service"
)

// newSettings is the table of the server's settings: each a flag and the
// environment variable of the same name, with its default and, for a
// number or a duration, the least value it accepts. Add a setting here and
// `server help` lists it.
func newSettings(cfg *app.Config) *settings {
	s := &settings{fs: flag.NewFlagSet("server", flag.ContinueOnError)}
	s.fs.SetOutput(io.Discard) // parse reports the errors; usage prints the help
	s.fs.Usage = func() {}

	s.text(&cfg.Addr, "addr", "ADDR", "", "listen address; unset: "+embeddedAddr+" on the embedded store (this machine only), "+postgresAddr+" with DATABASE_URL")
	s.text(&cfg.DatabaseURL, "database-url", "DATABASE_URL", "", "postgres:// URL; unset: the embedded SQLite store in DATA_DIR")
	s.text(&cfg.MetricsAddr, "metrics-addr", "METRICS_ADDR", "", "listen address of /metrics alone; unset: /metrics on the main address")
	s.int(&cfg.MetricsOperationNames, "metrics-operation-names", "METRICS_OPERATION_NAMES", observe.DefaultOperationNames, 1, `distinct GraphQL operation names the metrics label requests with; later ones count as "other"`)
	s.text(&cfg.DataDir, "data-dir", "DATA_DIR", "./data", "embedded database, uploads and the embedded store's generated JWT secret")
	s.duration(&cfg.SessionTTL, "session-ttl", "SESSION_TTL", 24*time.Hour, time.Second, "how long a login lasts")
	s.strings(&cfg.CORSOrigins, "cors-origins", "CORS_ORIGINS", []string{"*"}, `comma-separated origins browsers may call from; "*": any; none (-cors-origins=): no other origin than the server's`)
	s.strings(&cfg.CORSHeaders, "cors-headers", "CORS_HEADERS", nil, "comma-separated request headers browsers may send besides the defaults")
	s.text(&cfg.TrustedDocuments, "trusted-documents", "TRUSTED_DOCUMENTS", "", "path of a trusted documents manifest: /graphql then runs only its documents; unset: any")
	pool := db.DefaultPostgresPool
	s.int(&cfg.Pool.MaxOpen, "db-max-open", "DB_MAX_OPEN", pool.MaxOpen, 1, "Postgres connections at most")
	s.int(&cfg.Pool.MaxIdle, "db-max-idle", "DB_MAX_IDLE", pool.MaxIdle, 1, "idle Postgres connections kept")
	s.duration(&cfg.Pool.MaxLifetime, "db-conn-lifetime", "DB_CONN_LIFETIME", pool.MaxLifetime, 0, "a Postgres connection is replaced after; 0: never")
	s.duration(&cfg.Pool.MaxIdleTime, "db-conn-idle-time", "DB_CONN_IDLE_TIME", pool.MaxIdleTime, 0, "an idle Postgres connection is closed after; 0: never")
	// Database fairness and faults (issue 8).
	s.int(&cfg.StatementsPerRequest, "db-statements-per-request", "DB_STATEMENTS_PER_REQUEST", db.DefaultStatementsPerRequest, 0, "statements one request runs at once; 0: no cap")
	s.duration(&cfg.ReadRetry, "db-read-retry", "DB_READ_RETRY", db.DefaultReadRetry, 0, "how long a read that met a broken connection waits for the database to run again; 0: never retried")
	// GraphQL request limits (README "Limits and security").
	lim := graph.DefaultLimits
	s.int(&cfg.Limits.DocumentBytes, "graphql-max-bytes", "GRAPHQL_MAX_BYTES", lim.DocumentBytes, 1, "bytes of a GraphQL document")
	s.int(&cfg.Limits.Tokens, "graphql-max-tokens", "GRAPHQL_MAX_TOKENS", lim.Tokens, 1, "tokens of a GraphQL document")
	s.int(&cfg.Limits.Depth, "graphql-max-depth", "GRAPHQL_MAX_DEPTH", lim.Depth, 1, "nesting of an operation")
	s.int(&cfg.Limits.IntrospectionDepth, "graphql-max-introspection-depth", "GRAPHQL_MAX_INTROSPECTION_DEPTH", lim.IntrospectionDepth, 1, "nesting under __schema and __type")
	s.int(&cfg.Limits.Aliases, "graphql-max-aliases", "GRAPHQL_MAX_ALIASES", lim.Aliases, 1, "extra copies of fields through aliases")
	s.int(&cfg.Limits.Directives, "graphql-max-directives", "GRAPHQL_MAX_DIRECTIVES", lim.Directives, 1, "directives in a document")
	s.int(&cfg.Limits.Fields, "graphql-max-fields", "GRAPHQL_MAX_FIELDS", lim.Fields, 1, "fields of an operation, fragments expanded")
	s.int(&cfg.Limits.Cost, "graphql-max-cost", "GRAPHQL_MAX_COST", lim.Cost, 1, "cost of an operation")
	s.int(&cfg.Limits.UnpagedRows, "graphql-unpaged-rows", "GRAPHQL_UNPAGED_ROWS", lim.UnpagedRows, 1, "rows an unpaged list is priced at")
	s.duration(&cfg.Limits.Deadline, "graphql-deadline", "GRAPHQL_DEADLINE", lim.Deadline, aMoment, "execution time of an operation")
	s.int64(&cfg.Limits.CacheBytes, "graphql-cache-bytes", "GRAPHQL_CACHE_BYTES", lim.CacheBytes, 1, "memory for parsed documents")
	s.int64(&cfg.Limits.APQCacheBytes, "graphql-apq-cache-bytes", "GRAPHQL_APQ_CACHE_BYTES", lim.APQCacheBytes, 1, "memory for documents clients register by hash (Automatic Persisted Queries)")
	s.boolean(&cfg.Limits.HideSchema, "introspection", "INTROSPECTION", true, "false hides the schema and suggestions from anonymous callers", true)
	// Images: decoding bounds and the resize pool.
	img := media.DefaultLimits
	s.int(&cfg.Media.MaxPixels, "image-max-pixels", "IMAGE_MAX_PIXELS", img.MaxPixels, 1, "pixels (width × height) of an uploaded image at most")
	s.int(&cfg.Media.MaxDecodedBytes, "image-max-decoded-bytes", "IMAGE_MAX_DECODED_BYTES", img.MaxDecodedBytes, 1, "bytes an uploaded image takes decoded at most")
	s.int(&cfg.Media.Workers, "image-workers", "IMAGE_WORKERS", img.Workers, 1, "images decoded and resized at once")
	// Login throttling and trusted proxies.
	lt := service.DefaultLoginThrottle
	s.duration(&cfg.LoginThrottle.Window, "login-window", "LOGIN_WINDOW", lt.Window, aMoment, "failed sign-ins are counted over this sliding window")
	s.int(&cfg.LoginThrottle.AccountLimit, "login-account-limit", "LOGIN_ACCOUNT_LIMIT", lt.AccountLimit, 1, "failed sign-ins of one username in the window before it must wait")
	s.int(&cfg.LoginThrottle.AddressLimit, "login-address-limit", "LOGIN_ADDRESS_LIMIT", lt.AddressLimit, 1, "failed sign-ins from one client address (IPv6: /64) in the window before it must wait")
	s.duration(&cfg.LoginThrottle.Backoff, "login-backoff", "LOGIN_BACKOFF", lt.Backoff, aMoment, "first wait past a limit, doubling with each further failure")
	s.duration(&cfg.LoginThrottle.MaxBackoff, "login-max-backoff", "LOGIN_MAX_BACKOFF", lt.MaxBackoff, aMoment, "longest wait")
	add(s, &cfg.TrustedProxies, "trusted-proxies", "TRUSTED_PROXIES", nil, auth.ParseTrustedProxies, joinPrefixes,
		"comma-separated CIDRs of proxies whose X-Forwarded-For and X-Forwarded-Proto are believed")
	// Transport: connection timeouts and the body limit.
	hl := app.DefaultHTTPLimits
	s.duration(&cfg.HTTP.ReadHeaderTimeout, "http-read-header-timeout", "HTTP_READ_HEADER_TIMEOUT", hl.ReadHeaderTimeout, aMoment, "a request's headers must be in within")
	s.duration(&cfg.HTTP.ReadTimeout, "http-read-timeout", "HTTP_READ_TIMEOUT", hl.ReadTimeout, aMoment, "a whole request, body included, must be in within")
	s.duration(&cfg.HTTP.WriteTimeout, "http-write-timeout", "HTTP_WRITE_TIMEOUT", hl.WriteTimeout, aMoment, "from a request's headers to the end of its answer, at most")
	s.duration(&cfg.HTTP.IdleTimeout, "http-idle-timeout", "HTTP_IDLE_TIMEOUT", hl.IdleTimeout, aMoment, "an idle kept-alive connection is closed after")
	s.int64(&cfg.HTTP.MaxBodyBytes, "http-max-body-bytes", "HTTP_MAX_BODY_BYTES", hl.MaxBodyBytes, 1, "bytes of a request body, and of a multipart request's operations and map fields")
	// Shutdown and background jobs (app/serve.go). The delay's default, a
	// negative one, stands for the store's; one given must be 0 or more.
	add(s, &cfg.ShutdownDelay, "shutdown-delay", "SHUTDOWN_DELAY", -1, atLeast(0, time.ParseDuration, time.Duration.String), func(d time.Duration) string {
		if d < 0 {
			return app.DefaultShutdownDelay.String() + " with DATABASE_URL, 0s embedded"
		}
		return d.String()
	}, "after SIGTERM or SIGINT, /readyz fails this long while the server keeps serving, so a load balancer stops sending requests; 0: none")
	s.duration(&cfg.ShutdownTimeout, "shutdown-timeout", "SHUTDOWN_TIMEOUT", app.DefaultShutdownTimeout, aMoment, "then the requests in flight have this long to finish")
	s.duration(&cfg.SessionPurgeInterval, "session-purge-interval", "SESSION_PURGE_INTERVAL", app.DefaultSessionPurgeInterval, 0, "expired and revoked sessions are deleted this often; 0: never")
	return s
}

// envOnly are the settings read from the environment alone: secrets, which
// in a flag would show in ps.
var envOnly = []struct{ env, def, what string }{
	{envJWTSecret, "embedded: generated and kept in DATA_DIR/jwt-secret", "HMAC key of the session tokens; required with DATABASE_URL"},
	{envAdminPassword, "embedded: " + app.DefaultAdminPassword + "; Postgres: none", "at start, when no active account holds the ADMIN role, the account " + service.AdminUsername + " is made an ADMIN with this password (see create-admin)"},
	{"GOGC", strconv.Itoa(app.GCPercent), "Go's garbage-collector target"},
}

type settings struct {
	fs   *flag.FlagSet
	rows []setting
}

// setting is one row of `server help`.
type setting struct{ flag, env, def, usage string }

// value is a setting's flag.Value: its text, from the command line or the
// environment alike, is parsed strictly, and a wrong one is refused with
// the parser's reason.
type value[T any] struct {
	p      *T
	parse  func(string) (T, error)
	format func(T) string
}

func (v *value[T]) Set(text string) error {
	x, err := v.parse(text)
	if err == nil {
		*v.p = x
	}
	return err
}

func (v *value[T]) String() string {
	if v == nil || v.p == nil {
		return ""
	}
	return v.format(*v.p)
}

// IsBoolFlag lets a boolean flag stand alone (-introspection).
func (v *value[T]) IsBoolFlag() bool {
	_, ok := any(v.p).(*bool)
	return ok
}

func add[T any](s *settings, p *T, name, env string, def T, parse func(string) (T, error), format func(T) string, usage string) {
	*p = def
	s.fs.Var(&value[T]{p, parse, format}, name, usage)
	s.rows = append(s.rows, setting{name, env, format(def), usage})
}

func (s *settings) text(p *string, name, env, def, usage string) {
	add(s, p, name, env, def, func(t string) (string, error) { return t, nil }, func(t string) string { return t }, usage)
}

// The numbers and durations take the least value they accept: below it a
// setting would be refused, or silently replaced by its default, only once
// the server runs.
func (s *settings) int(p *int, name, env string, def, least int, usage string) {
	add(s, p, name, env, def, atLeast(least, strconv.Atoi, strconv.Itoa), strconv.Itoa, usage)
}

func (s *settings) int64(p *int64, name, env string, def, least int64, usage string) {
	format := func(n int64) string { return strconv.FormatInt(n, 10) }
	add(s, p, name, env, def, atLeast(least, func(t string) (int64, error) { return strconv.ParseInt(t, 10, 64) }, format), format, usage)
}

func (s *settings) duration(p *time.Duration, name, env string, def, least time.Duration, usage string) {
	add(s, p, name, env, def, atLeast(least, time.ParseDuration, time.Duration.String), time.Duration.String, usage)
}

// aMoment is the least of a duration that must not be zero.
const aMoment = time.Millisecond

// atLeast is parse refusing a value below least, so a value out of range is
// refused as strictly as one out of syntax.
func atLeast[T cmp.Ordered](least T, parse func(string) (T, error), format func(T) string) func(string) (T, error) {
	return func(text string) (T, error) {
		x, err := parse(text)
		if err == nil && x < least {
			err = errors.New("must be at least " + format(least))
		}
		return x, err
	}
}

// boolean is a true/false setting; inverted stores its negation (the
// setting says "on", the field "hide").
func (s *settings) boolean(p *bool, name, env string, def bool, usage string, inverted bool) {
	flip := func(b bool) bool { return b != inverted }
	add(s, p, name, env, flip(def), func(t string) (bool, error) { b, err := strconv.ParseBool(t); return flip(b), err },
		func(b bool) string { return strconv.FormatBool(flip(b)) }, usage)
}

func (s *settings) strings(p *[]string, name, env string, def []string, usage string) {
	add(s, p, name, env, def, func(t string) ([]string, error) { return splitList(t), nil },
		func(items []string) string { return strings.Join(items, ",") }, usage)
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

func joinPrefixes(ps []netip.Prefix) string {
	items := make([]string, len(ps))
	for i, p := range ps {
		items[i] = p.String()
	}
	return strings.Join(items, ",")
}

// usage is `server help`: the commands, then every setting with its flag,
// variable and default.
func usage(w io.Writer) {
	fmt.Fprint(w, "Usage: server [flags] [command]\n\nCommands:\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range commands {
		fmt.Fprintf(tw, "  %s\t%s\n", strings.TrimSpace(c.name+" "+c.args), c.what)
	}
	tw.Flush()
	fmt.Fprint(w, "\nFlags, each also read from its environment variable (the flag wins); an invalid value stops the server before it opens anything:\n")
	for _, st := range newSettings(&app.Config{}).rows {
		def := ""
		if st.def != "" {
			def = " (default " + st.def + ")"
		}
		fmt.Fprintf(w, "  -%s, %s%s\n      %s\n", st.flag, st.env, def, st.usage)
	}
	fmt.Fprint(w, "\nEnvironment only (secrets stay out of flags, which any user sees in ps):\n")
	for _, e := range envOnly {
		fmt.Fprintf(w, "  %s (default %s)\n      %s\n", e.env, e.def, e.what)
	}
}
