package observe

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every metric of the server's own.
const Namespace = "onegraph"

// DefaultOperationNames is how many distinct operation names the metrics
// keep as labels before they count further ones as OtherOperation.
const DefaultOperationNames = 200

// The operation label's values that are not a client's operation name.
const (
	AnonymousOperation = "anonymous" // an operation without a name
	OtherOperation     = "other"     // a name past the bound, or not a GraphQL name
	UnmatchedRoute     = "unmatched" // a path no route serves (404), whatever the path
)

// Metrics are one app's Prometheus metrics, in a registry of their own (not
// the process's default one), so several apps in one process — tests —
// count apart.
type Metrics struct {
	registry *prometheus.Registry
	names    operationNames

	requests      *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	errors        *prometheus.CounterVec
	batchKeys     *prometheus.HistogramVec
	batchDuration *prometheus.HistogramVec
	loginFailures *prometheus.CounterVec
}

// NewMetrics makes an app's metrics, with the Go runtime's, the process's
// and db's connection pool statistics. maxNames bounds the distinct
// operation names of clients kept as labels (DefaultOperationNames when not
// positive); the server's own (serverNames: the legacy routes') are kept
// besides, so clients cannot crowd them out.
func NewMetrics(maxNames int, db *sql.DB, serverNames ...string) *Metrics {
	if maxNames <= 0 {
		maxNames = DefaultOperationNames
	}
	seen := map[string]struct{}{}
	for _, n := range serverNames {
		seen[n] = struct{}{}
	}
	reg := prometheus.NewRegistry()
	m := &Metrics{
		registry: reg,
		names:    operationNames{limit: len(seen) + maxNames, seen: seen},
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "http_requests_total",
			Help: "HTTP requests answered, by route pattern, GraphQL operation name and type, and status."},
			[]string{"route", "operation", "type", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "http_request_duration_seconds",
			Help: "Time to answer an HTTP request, by route pattern and GraphQL operation name and type.", Buckets: prometheus.DefBuckets},
			[]string{"route", "operation", "type"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "graphql_errors_total",
			Help: "GraphQL errors answered (the legacy routes' included), by extensions.code."},
			[]string{"code"}),
		batchKeys: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "dataloader_batch_keys",
			Help: "Keys a dataloader batch reads at once, by loader.", Buckets: []float64{1, 2, 5, 10, 20, 50, 100, 200, 500}},
			[]string{"loader"}),
		batchDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "dataloader_batch_duration_seconds",
			Help:    "Time a dataloader batch takes to read its keys (what its loads wait on past the batch window), by loader.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1}},
			[]string{"loader"}),
		loginFailures: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "login_failures_total",
			Help: "Refused sign-ins, by app and reason (BAD_CREDENTIALS, INACTIVE, WRONG_ROLE, NO_ROLE, TOO_MANY_ATTEMPTS)."},
			[]string{"app", "reason"}),
	}
	reg.MustRegister(m.requests, m.duration, m.errors, m.batchKeys, m.batchDuration, m.loginFailures,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		reg.MustRegister(collectors.NewDBStatsCollector(db, Namespace))
	}
	return m
}

// Handler answers the metrics in Prometheus's text (or OpenMetrics) format.
// A collector that fails leaves out its metrics, logged, rather than the
// whole answer.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		ErrorLog:      errorLog{},
		ErrorHandling: promhttp.ContinueOnError,
		Registry:      m.registry, // counts its own failures
	})
}

type errorLog struct{}

func (errorLog) Println(v ...any) { slog.Error("metrics collection", "err", fmt.Sprint(v...)) }

type metricsKey struct{}

// Middleware counts and times every request by its route pattern (known
// once chi has routed it) and the GraphQL operation it ran (Request, so
// Middleware must run inside observe.Middleware), and lets what the request
// runs count into m (CountError, ObserveBatch, CountLoginFailure).
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r.WithContext(context.WithValue(r.Context(), metricsKey{}, m)))
		route := cmp.Or(Route(r), UnmatchedRoute)
		name, typ := RequestOf(r.Context()).Operation()
		op := m.names.label(name, typ)
		status := ww.Status()
		if status == 0 {
			status = http.StatusOK // nothing written: net/http answers 200
		}
		m.requests.WithLabelValues(route, op, typ, strconv.Itoa(status)).Inc()
		m.duration.WithLabelValues(route, op, typ).Observe(time.Since(start).Seconds())
	})
}

func metricsOf(ctx context.Context) *Metrics {
	m, _ := ctx.Value(metricsKey{}).(*Metrics)
	return m
}

// CountError counts a GraphQL error answered with this extensions.code
// (a code of the server's, never a client's text).
func CountError(ctx context.Context, code string) {
	if m := metricsOf(ctx); m != nil {
		m.errors.WithLabelValues(code).Inc()
	}
}

// ObserveBatch records a dataloader batch of the loader named loader: its
// keys, and its time since start.
func ObserveBatch(ctx context.Context, loader string, keys int, start time.Time) {
	if m := metricsOf(ctx); m != nil {
		m.batchKeys.WithLabelValues(loader).Observe(float64(keys))
		m.batchDuration.WithLabelValues(loader).Observe(time.Since(start).Seconds())
	}
}

// CountLoginFailure counts a sign-in to app refused for reason (the
// server's app names and reasons, a bounded set).
func CountLoginFailure(ctx context.Context, app, reason string) {
	if m := metricsOf(ctx); m != nil {
		m.loginFailures.WithLabelValues(app, reason).Inc()
	}
}

// operationNames bounds the operation label: clients choose operation
// names, and each distinct one would be a new series in every request
// metric for the life of the process. The first limit valid names of
// operations that ran are kept; any other counts as OtherOperation.
type operationNames struct {
	mu    sync.Mutex
	limit int
	seen  map[string]struct{}
}

var graphQLName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// label is the operation label of a request that named operation name of
// type typ ("" when the document was refused before it was read; both ""
// when no operation ran, or none could be named).
func (n *operationNames) label(name, typ string) string {
	switch {
	case name == "" && typ == "":
		return ""
	case name == "":
		return AnonymousOperation
	case !graphQLName.MatchString(name):
		return OtherOperation
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, ok := n.seen[name]; ok {
		return name
	}
	// A refused document's name takes no place: the name was only claimed.
	if typ == "" || len(n.seen) >= n.limit {
		return OtherOperation
	}
	n.seen[name] = struct{}{}
	return name
}
