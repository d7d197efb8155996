// Package observe is what operators see of the server at work: the JSON
// log, the Prometheus metrics and the OpenTelemetry traces, and what they
// name a request by.
package observe

import (
	"context"
	"net/http"
	"sync"

	"github.com/go-chi/chi/v5"
)

// Request is what a request is named by once it has run: the GraphQL
// operation it ran (a legacy route runs one too), which only the executor
// learns. Middleware puts an empty one in the context; graph fills it in;
// the request line and the metrics read it after the request.
type Request struct {
	mu            sync.Mutex
	operationName string
	operationType string
}

type requestKey struct{}

// Middleware gives each request its Request.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), requestKey{}, &Request{})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// RequestOf is ctx's Request, nil outside Middleware (a test calling the
// executor directly): its methods take a nil one.
func RequestOf(ctx context.Context) *Request {
	r, _ := ctx.Value(requestKey{}).(*Request)
	return r
}

// SetOperation records the operation's name ("" for an anonymous one) and
// type (query, mutation, subscription; "" when the document was refused
// before it was read).
func (r *Request) SetOperation(name, typ string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	r.operationName, r.operationType = name, typ
	r.mu.Unlock()
}

// Operation is what SetOperation recorded last.
func (r *Request) Operation() (name, typ string) {
	if r == nil {
		return "", ""
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.operationName, r.operationType
}

// Route is the pattern of the route that served r (`/api/v2/goods/{id}`),
// "" when none did. chi fills it in as it routes: read it after the request.
// The patterns are the code's, a bounded set, unlike the paths.
func Route(r *http.Request) string {
	if rc := chi.RouteContext(r.Context()); rc != nil {
		return rc.RoutePattern()
	}
	return ""
}
