package app

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/onegraph/server/compat"
	"github.com/onegraph/server/graph"
	"github.com/onegraph/server/graph/loaders"
	"github.com/onegraph/server/media"
)

// maxBodyBytes bounds JSON and form bodies.
const maxBodyBytes = 1 << 20

// Handler is the whole HTTP surface: GraphQL, GraphiQL, health and the
// legacy compat routes, behind one middleware chain.
func (a *App) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID, a.logRequests, recoverJSON)
	r.Use(a.Auth.Middleware, loaders.Middleware(a.Store), media.Middleware)

	r.Get("/healthz", a.health)
	// Uploaded files are served from the server root, as the legacy server did.
	for _, dir := range []string{"tmp_uploads", "uploads"} {
		prefix := "/" + dir + "/"
		r.Handle(prefix+"*", http.StripPrefix(prefix, http.FileServer(http.Dir(filepath.Join(a.Config.DataDir, dir)))))
	}
	r.Handle("/", playground.Handler("OneGraph", "/graphql"))
	r.Group(func(r chi.Router) {
		r.Use(limitBody)
		r.Handle("/graphql", graph.NewHTTPHandler(a.Exec.Schema()))
		compat.Mount(r, a.Exec)
	})
	return r
}

func (a *App) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "application/json")
	if err := a.Store.Ping(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		json.NewEncoder(w).Encode(map[string]string{"status": "unavailable", "error": "database unreachable"}) //nolint:errcheck
		return
	}
	json.NewEncoder(w).Encode(map[string]string{"status": "ok"}) //nolint:errcheck
}

// logRequests writes one structured line per request.
func (a *App) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		a.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", ww.Status()),
			slog.Int("bytes", ww.BytesWritten()),
			slog.Duration("duration", time.Since(start)),
			slog.String("request_id", middleware.GetReqID(r.Context())),
		)
	})
}

// recoverJSON turns a panic into a plain 500 JSON answer, never a stack.
func recoverJSON(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				slog.ErrorContext(r.Context(), "handler panic", "panic", p, "path", r.URL.Path)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusInternalServerError)
				w.Write([]byte(`{"error":"internal error"}`)) //nolint:errcheck
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// limitBody bounds JSON and form bodies; multipart uploads are bounded by
// the GraphQL multipart transport's own upload limit instead.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
			r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		}
		next.ServeHTTP(w, r)
	})
}
