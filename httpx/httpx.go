// Package httpx is the HTTP plumbing every surface shares (GraphQL, the
// legacy envelopes, health): JSON answers and panic recovery, each surface
// answering in its own format.
package httpx

import (
	"log/slog"
	"net/http"
	"runtime/debug"
)

// WriteJSON answers body as JSON with this status, in the bytes
// json.Encoder writes (a newline ends them); ordered maps keep their order.
func WriteJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	b, err := appendJSON(make([]byte, 0, 1024), body)
	if err != nil { // a value JSON cannot hold: a bug upstream
		slog.Error("answer not written as JSON", "err", err)
		return
	}
	w.Write(append(b, '\n')) //nolint:errcheck // the client went away
}

// Recover logs a panic of the handlers below and answers it with answer,
// never with a stack. http.ErrAbortHandler, the server's own way to abort a
// response, goes on up.
func Recover(answer http.HandlerFunc) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				p := recover()
				if p == nil {
					return
				}
				if p == http.ErrAbortHandler {
					panic(p)
				}
				slog.ErrorContext(r.Context(), "handler panic", "panic", p, "path", r.URL.Path, "stack", string(debug.Stack()))
				answer(w, r)
			}()
			next.ServeHTTP(w, r)
		})
	}
}
