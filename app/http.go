package app

import (
	"context"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/cors"

	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/compat"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/graph"
	"github.com/onegraph/server/graph/loaders"
	"github.com/onegraph/server/graph/scalar"
	"github.com/onegraph/server/httpx"
	"github.com/onegraph/server/media"
	"github.com/onegraph/server/observe"
	"github.com/onegraph/server/webui"
)

// Handler is the whole HTTP surface: GraphQL, the browser pages (GraphiQL,
// the OpenAPI viewer), health and the legacy compat routes, behind one
// middleware chain.
func (a *App) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID, answerRequestID, observe.Middleware, observe.TraceRequests(a.Config.Tracing), a.metrics.Middleware, a.logRequests, securityHeaders, recoverJSON)
	// Who is calling, and over HTTPS or not, for the login throttle and the session cookie.
	r.Use(auth.ClientMiddleware(a.Config.TrustedProxies))
	// The legacy shop server had CORS on and its front ends depend on it:
	// they send the token in the Authorization header from another origin.
	corsOptions := cors.Options{
		AllowedOrigins: a.Config.CORSOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodOptions},
		AllowedHeaders: append(slices.Clone(DefaultCORSHeaders), a.Config.CORSHeaders...),
		ExposedHeaders: []string{middleware.RequestIDHeader},
		MaxAge:         300,
	}
	if len(a.Config.CORSOrigins) == 0 {
		// The cors package reads no origins as any; here they mean none.
		corsOptions.AllowOriginFunc = func(*http.Request, string) bool { return false }
	}
	r.Use(cors.Handler(corsOptions))
	r.Use(auth.Middleware(a.Tokens, patientSessions{a}), media.Middleware)

	// A path or method nothing serves answers JSON, as the original shop
	// server did, not Go's text/plain.
	r.NotFound(compat.NotFound)
	r.MethodNotAllowed(compat.MethodNotAllowed)
	r.Get("/healthz", a.healthz)
	r.Get("/readyz", a.readyz)
	if a.Config.MetricsAddr == "" {
		r.Get("/metrics", a.MetricsHandler().ServeHTTP)
	}
	// Uploaded files are served from the server root, as the legacy server did.
	for _, dir := range []string{"tmp_uploads", "uploads"} {
		prefix := "/" + dir + "/"
		r.Handle(prefix+"*", http.StripPrefix(prefix, serveFiles(filesOnly{http.Dir(filepath.Join(a.Config.DataDir, dir))})))
	}
	r.Get("/", webui.Playground.ServeHTTP)
	r.Get("/openapi", webui.OpenAPIViewer.ServeHTTP)
	r.Get(webui.AssetsPrefix+"*", webui.Assets(http.HandlerFunc(compat.NotFound)).ServeHTTP)
	r.Group(func(r chi.Router) {
		r.Use(limitBody(a.Config.HTTP.MaxBodyBytes), scalar.MarkBadText, loaders.Middleware(a.Stores, a.Config.Tracing), a.databaseShare)
		r.Handle("/graphql", graph.NewHTTPHandler(a.Exec, a.Config.HTTP.MaxBodyBytes,
			graph.Websocket{Tokens: a.Tokens, Sessions: patientSessions{a}, Origins: a.Config.CORSOrigins}))
		compat.Mount(r, a.Exec, a.Config.HTTP.MaxBodyBytes, func(ctx context.Context, token string) (*auth.Viewer, error) {
			return auth.ViewerOf(ctx, a.Tokens, patientSessions{a}, token)
		})
	})
	return r
}

// DefaultCORSHeaders are the request headers a browser may send from
// another origin, whatever Config.CORSHeaders adds: the token and the
// body's type, and what GraphQL clients send: the CSRF-prevention headers
// (graph.PreflightHeaders), Apollo's client name and version, and a
// request id.
var DefaultCORSHeaders = append([]string{"Authorization", "Content-Type",
	"Apollographql-Client-Name", "Apollographql-Client-Version", middleware.RequestIDHeader}, graph.PreflightHeaders...)

// answerRequestID answers with the request's id, the one its log line
// carries (the client's X-Request-Id, or one made up), so that a client
// can quote it.
func answerRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(middleware.RequestIDHeader, middleware.GetReqID(r.Context()))
		next.ServeHTTP(w, r)
	})
}

// databaseShare caps the statements a GraphQL or legacy request runs at
// once, and lets its queries wait out a database restart.
func (a *App) databaseShare(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := db.LimitStatements(r.Context(), a.Config.StatementsPerRequest)
		ctx = graph.WithReadRetry(ctx, func(ctx context.Context, read func() bool) {
			a.Stores.Handle.RetryRead(ctx, a.Config.ReadRetry, read)
		})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// patientSessions checks sessions as the accounts service does, waiting
// out a database restart like any read (Config.ReadRetry): the check is a
// read whatever the operation, and failing it fails the whole request.
type patientSessions struct{ a *App }

func (s patientSessions) Viewer(ctx context.Context, sessionID string) (v *auth.Viewer, err error) {
	s.a.Stores.Handle.RetryRead(ctx, s.a.Config.ReadRetry, func() bool {
		v, err = s.a.Services.Accounts.Viewer(ctx, sessionID)
		return db.IsUnavailable(err)
	})
	return v, err
}

// logRequests writes one structured line per request (its request id comes
// from the logger, observe.NewLogger): what it was (the route that served
// it, the GraphQL operation it ran: a legacy route runs one too) and how it
// went.
func (a *App) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", ww.Status()),
			slog.Int("bytes", ww.BytesWritten()),
			slog.Duration("duration", time.Since(start)),
		}
		if route := observe.Route(r); route != "" {
			attrs = append(attrs, slog.String("route", route))
		}
		if name, typ := observe.RequestOf(r.Context()).Operation(); typ != "" {
			attrs = append(attrs, slog.String("operation", name), slog.String("operation_type", typ))
		}
		a.log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
	})
}

// recoverJSON answers a panic on the paths no surface of its own recovers
// (health, files, the browser pages) as a plain JSON 500.
var recoverJSON = httpx.Recover(func(w http.ResponseWriter, _ *http.Request) {
	httpx.WriteJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error"})
})

// limitBody bounds every request body to limit; a multipart/form-data one
// may carry an upload besides: its operations and map fields (each bounded
// to limit by the GraphQL transport), one file and the framing. The
// surfaces bound each file to media.MaxUploadBytes as it streams.
func limitBody(limit int64) func(http.Handler) http.Handler {
	multipart := 2*limit + media.MaxUploadBytes + 64<<10
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n := limit
			if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
				n = multipart
			}
			if r.ContentLength > n {
				// It says it is too large: nothing of it is read.
				r.Body = overLimit{n}
			} else {
				r.Body = http.MaxBytesReader(w, r.Body, n)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// overLimit stands for a body over the limit, failing as a MaxBytesReader
// does once it reaches the limit.
type overLimit struct{ limit int64 }

func (b overLimit) Read([]byte) (int, error) { return 0, &http.MaxBytesError{Limit: b.limit} }
func (overLimit) Close() error               { return nil }

// serveFiles serves the files of root; a path that names none answers the
// JSON 404 of every other unknown path (http.FileServer's is text/plain).
func serveFiles(root http.FileSystem) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := root.Open(path.Clean("/" + r.URL.Path))
		if err != nil {
			compat.NotFound(w, r)
			return
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			compat.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, st.Name(), st.ModTime(), f)
	})
}

// filesOnly serves the files of a folder but never lists a folder nor shows
// a hidden file (such as an upload still being written).
type filesOnly struct{ fs http.FileSystem }

func (f filesOnly) Open(name string) (http.File, error) {
	if strings.HasPrefix(path.Base(name), ".") {
		return nil, fs.ErrNotExist
	}
	file, err := f.fs.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := file.Stat(); err != nil || st.IsDir() {
		file.Close()
		return nil, fs.ErrNotExist
	}
	return file, nil
}
