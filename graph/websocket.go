package graph

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/graph/loaders"
)

// Websocket is what the websocket transport of /graphql (subscriptions,
// graphql-transport-ws or the older graphql-ws) needs from the server.
type Websocket struct {
	// Tokens and Sessions check the token of connection_init's payload.
	Tokens   *auth.Tokens
	Sessions auth.Sessions
	// Origins are the origins whose pages may open a websocket: the
	// server's CORS origins ("*": any). The server's own origin, and a
	// client that sends none (not a browser), always may.
	Origins []string
}

// MaxSubscriptions is how many subscriptions one websocket connection may
// hold open at once.
const MaxSubscriptions = 10

const (
	// wsInitTimeout is how long a new connection has to send connection_init.
	wsInitTimeout = 10 * time.Second
	// wsPing is how often the server pings a connection: graphql-ws
	// clients get a keep-alive ("ka"), graphql-transport-ws ones a ping,
	// and one that has not answered pong within two of them is closed.
	wsPing = 25 * time.Second
)

// Close codes of a refused connection_init (graphql-transport-ws's).
const (
	wsBadRequest  = 4400
	wsForbidden   = 4403
	wsUnavailable = 4500
)

// handler serves websocket upgrades with e's schema, limits and errors. A
// subscription outlives the operation deadline (streams bounds its setup
// and each of its events instead), and the http.Server's read and write
// timeouts, which net/http clears when the connection is hijacked.
func (ws Websocket) handler(e *Executor, maxMessageBytes int64) http.Handler {
	srv := handler.New(e.schema)
	srv.AddTransport(transport.Websocket{
		Implementation:        acceptor{},
		InitFunc:              ws.init,
		InitTimeout:           wsInitTimeout,
		KeepAlivePingInterval: wsPing,
		PingPongInterval:      wsPing,
		PayloadReadLimit:      &maxMessageBytes,
	})
	configure(srv, e.limiter)
	srv.Use(streams{deadline: e.limiter.limits.Deadline})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowedOrigin(r, ws.Origins) {
			writeAppError(w, http.StatusForbidden, apperr.New(apperr.Forbidden, "",
				"a page of %s may not open a websocket here: it is not among the server's CORS origins", r.Header.Get("Origin")))
			return
		}
		ctx := r.Context()
		if auth.ByCookie(r) {
			// A browser sends its cookie with any page's websocket, and no
			// preflight stands in the way: on a websocket only a token,
			// which a page must be given, signs in.
			ctx = auth.WithViewer(ctx, nil)
		}
		accepted := new(transport.WebsocketConn)
		srv.ServeHTTP(w, r.WithContext(context.WithValue(ctx, acceptedKey{}, accepted)))
		// gqlgen returns without closing a connection whose connection_init
		// payload is no JSON object; once it has returned, nothing reads
		// the connection. (Closing a closed one does nothing.)
		if c := *accepted; c != nil {
			c.WriteClose(wsBadRequest, "connection_init's payload must be a JSON object") //nolint:errcheck // it goes anyway
			c.Close()                                                                     //nolint:errcheck // as above
		}
	})
}

type acceptedKey struct{}

// acceptor upgrades with coder/websocket, the origin checked before
// (allowedOrigin), and keeps the connection where the handler finds it.
type acceptor struct{}

func (acceptor) Accept(w http.ResponseWriter, r *http.Request, opts transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	conn, err := transport.CoderWebsocketImplementation{AcceptOptions: websocket.AcceptOptions{InsecureSkipVerify: true}}.Accept(w, r, opts)
	if accepted, ok := r.Context().Value(acceptedKey{}).(*transport.WebsocketConn); ok && err == nil {
		*accepted = conn
	}
	return conn, err
}

// isWebsocket tells a websocket upgrade (RFC 6455) from a GraphQL request.
func isWebsocket(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.Contains(strings.ToLower(r.Header.Get("Upgrade")), "websocket")
}

// allowedOrigin tells whether a browser page of r's origin may open a
// websocket, by the rules of the CORS origins: "*" for any, or an origin
// given in full, in any case, with at most one "*" standing for any part.
func allowedOrigin(r *http.Request, origins []string) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	if u, err := url.Parse(origin); err == nil && strings.EqualFold(u.Host, r.Host) {
		return true
	}
	origin = strings.ToLower(origin)
	for _, o := range origins {
		o = strings.ToLower(o)
		prefix, suffix, wild := strings.Cut(o, "*")
		if o == origin || wild && len(origin) >= len(prefix)+len(suffix) &&
			strings.HasPrefix(origin, prefix) && strings.HasSuffix(origin, suffix) {
			return true
		}
	}
	return false
}

// init signs a connection in from connection_init's payload: a session
// token under "Authorization" (or "authorization"), as "Bearer <token>" or
// bare, or under "token". Without one, a token sent in the upgrade
// request's Authorization header signs it in. Every subscription needs a
// signed-in viewer, so an anonymous connection is refused at once.
func (ws Websocket) init(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	v := auth.FromContext(ctx)
	raw := auth.BearerToken(p.Authorization())
	if raw == "" {
		raw = p.GetString("token")
	}
	if raw != "" {
		var err error
		if v, err = auth.ViewerOf(ctx, ws.Tokens, ws.Sessions, raw); err != nil {
			if apperr.Is(err, apperr.Unauthenticated) {
				return refuse(ctx, wsForbidden, "Forbidden: bad, expired or revoked token")
			}
			slog.ErrorContext(ctx, "session check failed", "err", err)
			return refuse(ctx, wsUnavailable, "the session could not be checked: try again")
		}
	}
	if v == nil {
		return refuse(ctx, wsForbidden, "Forbidden: sign in: send a token in connection_init's payload")
	}
	return context.WithValue(auth.WithViewer(ctx, v), connectionKey{}, &connection{}), nil, nil
}

// refuse closes a connection at its connection_init with a close code and
// reason (at most 123 bytes, a close frame's limit); graphql-ws clients get
// the reason as a connection_error first.
func refuse(ctx context.Context, code int, reason string) (context.Context, *transport.InitPayload, error) {
	ctx = transport.AppendCloseReason(transport.WithWebsocketCloseCode(ctx, code), reason)
	return ctx, nil, errors.New(reason)
}

type connectionKey struct{}

// connection is a signed-in websocket connection: its open subscriptions.
type connection struct{ open atomic.Int32 }

func connectionOf(ctx context.Context) *connection {
	c, _ := ctx.Value(connectionKey{}).(*connection)
	return c
}

// take opens a subscription unless the connection holds the most it may.
func (c *connection) take() bool {
	if c.open.Add(1) > MaxSubscriptions {
		c.open.Add(-1)
		return false
	}
	return true
}

func (c *connection) release() { c.open.Add(-1) }

// streams bounds what a websocket connection's subscriptions hold the
// server to: their number (MaxSubscriptions), their setup (the root
// resolver, which checks who may subscribe) and the resolution of each
// event, each within the operation deadline. The stream itself lives until
// its subscriber completes it or goes away.
type streams struct{ deadline time.Duration }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
	graphql.ResponseInterceptor
	graphql.FieldInterceptor
} = streams{}

func (streams) ExtensionName() string                   { return "Streams" }
func (streams) Validate(graphql.ExecutableSchema) error { return nil }

type streamKey struct{}

// InterceptOperation runs a subscription's resolver, which runs within
// next, under the deadline, and its stream in ctx, which the transport ends
// with the subscription, however it ends.
func (s streams) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if !subscription(ctx) {
		return next(ctx)
	}
	conn := connectionOf(ctx)
	if !conn.take() {
		return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{limitError(apperr.SubscriptionLimit,
			"a connection holds at most %d subscriptions at once: complete one first", MaxSubscriptions)}})
	}
	context.AfterFunc(ctx, conn.release)
	setup, cancel := context.WithTimeout(context.WithValue(ctx, streamKey{}, ctx), s.deadline)
	defer cancel()
	respond := next(setup)
	return func(context.Context) *graphql.Response { return respond(ctx) }
}

// streamOf is the context a subscription's stream lives in, for its
// resolver, whose own context ends with the setup.
func streamOf(ctx context.Context) context.Context {
	if stream, ok := ctx.Value(streamKey{}).(context.Context); ok {
		return stream
	}
	return ctx
}

// InterceptResponse forgets, after each answer, what the connection's
// loaders hold (a connection lives long: the next answer, or event, loads
// afresh), and resolves each event of a subscription within the deadline,
// counted from its first resolver: before it, the response waits for the
// event.
func (s streams) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	defer loaders.Forget(ctx)
	if !subscription(ctx) {
		return next(ctx)
	}
	clock := &eventClock{deadline: s.deadline}
	defer clock.stop()
	return next(context.WithValue(ctx, eventClockKey{}, clock))
}

func (streams) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	if clock, ok := ctx.Value(eventClockKey{}).(*eventClock); ok && graphql.GetFieldContext(ctx).IsResolver {
		ctx = clock.bound(ctx)
	}
	return next(ctx)
}

func subscription(ctx context.Context) bool {
	op := graphql.GetOperationContext(ctx).Operation
	return op != nil && op.Operation == ast.Subscription
}

type eventClockKey struct{}

// eventClock is an event's deadline, set by its first resolver.
type eventClock struct {
	deadline time.Duration
	mu       sync.Mutex
	end      time.Time
	cancels  []context.CancelFunc
}

// bound is ctx ending at the event's deadline: a resolver's children
// resolve in its context after it returns, so it ends with the event.
func (c *eventClock) bound(ctx context.Context) context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.end.IsZero() {
		c.end = time.Now().Add(c.deadline)
	}
	ctx, cancel := context.WithDeadline(ctx, c.end)
	c.cancels = append(c.cancels, cancel)
	return ctx
}

// stop ends the event's contexts once it is written.
func (c *eventClock) stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cancel := range c.cancels {
		cancel()
	}
}
