package graph

import (
	"context"
	"errors"
	"fmt"
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
	// Tokens and Sessions check the token that signs a connection in, and
	// its session again while the connection is open.
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

// MaxConnections is how many websockets one session may hold open at once
// on one server instance.
const MaxConnections = 5

const (
	// wsInitTimeout is how long a new connection has to send connection_init.
	wsInitTimeout = 10 * time.Second
	// wsPing is how often the server pings a connection: graphql-ws
	// clients get a keep-alive ("ka"), graphql-transport-ws ones a ping,
	// and one that has not answered pong within two of them is closed.
	wsPing = 25 * time.Second
	// wsRecheck is how often an open connection's session is checked
	// again, whether events come or not.
	wsRecheck = wsPing
)

// Close codes of a connection refused or ended (graphql-transport-ws's
// where it has one).
const (
	wsBadRequest  = 4400
	wsForbidden   = 4403
	wsTooMany     = 4429
	wsUnavailable = 4500
)

const (
	sessionEnded     = "Forbidden: session ended"
	sessionUnchecked = "the session could not be checked: try again"
)

// handler serves websocket upgrades with e's schema, limits and errors, and
// only subscriptions. A subscription outlives the operation deadline
// (streams bounds its setup and each of its events instead), and the
// http.Server's read and write timeouts, which net/http clears when the
// connection is hijacked.
func (ws Websocket) handler(e *Executor, maxMessageBytes int64) http.Handler {
	signIn := &signIn{Websocket: ws, open: map[string]int{}}
	srv := handler.New(e.schema)
	srv.AddTransport(transport.Websocket{
		Implementation:        acceptor{},
		InitFunc:              signIn.init,
		InitTimeout:           wsInitTimeout,
		KeepAlivePingInterval: wsPing,
		PingPongInterval:      wsPing,
		PayloadReadLimit:      &maxMessageBytes,
	})
	configure(srv, e)
	srv.Use(streams{deadline: e.limiter.limits.Deadline})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowedOrigin(r, ws.Origins) {
			writeAppError(w, r, http.StatusForbidden, apperr.New(apperr.Forbidden, "",
				"a page of %s may not open a websocket here: it is not among the server's CORS origins", r.Header.Get("Origin")))
			return
		}
		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		// A browser sends its cookie with any page's websocket, and no
		// preflight stands in the way: on a websocket only a token, which a
		// page must be given, signs in (init), never the cookie.
		c := &connection{sessions: ws.Sessions, cancel: cancel, headerToken: auth.BearerToken(r.Header.Get("Authorization"))}
		srv.ServeHTTP(w, r.WithContext(context.WithValue(ctx, connectionKey{}, c)))
		// gqlgen returns without closing a connection whose connection_init
		// payload is no JSON object (init never ran), or one that sent what
		// it cannot read; once it has returned, nothing reads the
		// connection. (Ending an ended one does nothing.)
		if c.ws != nil {
			if !c.initialised.Load() {
				c.end(wsBadRequest, "connection_init's payload must be a JSON object")
			}
			c.ws.Close() //nolint:errcheck // it goes anyway
		}
		if c.leave != nil {
			c.leave()
		}
	})
}

// acceptor upgrades with coder/websocket, the origin checked before
// (allowedOrigin), and keeps the connection where its handler and init
// find it.
type acceptor struct{}

func (acceptor) Accept(w http.ResponseWriter, r *http.Request, opts transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	conn, err := transport.CoderWebsocketImplementation{AcceptOptions: websocket.AcceptOptions{InsecureSkipVerify: true}}.Accept(w, r, opts)
	if c := connectionOf(r.Context()); c != nil && err == nil {
		c.ws = conn
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

// signIn signs connections in, and counts each session's open ones.
type signIn struct {
	Websocket
	mu   sync.Mutex
	open map[string]int // by session id
}

// init signs a connection in from connection_init's payload: a session
// token under "Authorization" (or "authorization"), as "Bearer <token>" or
// bare, or under "token"; without one, the token of the upgrade request's
// Authorization header. Every subscription needs a signed-in viewer, so an
// anonymous connection is refused at once, as is one more than its session
// may hold (MaxConnections). The connection keeps its session, checks it
// again while it is open (watch), and ends when it expires.
func (s *signIn) init(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	c := connectionOf(ctx)
	c.initialised.Store(true)
	raw := auth.BearerToken(p.Authorization())
	if raw == "" {
		raw = p.GetString("token")
	}
	if raw == "" {
		raw = c.headerToken
	}
	if raw == "" {
		return refuse(ctx, wsForbidden, "Forbidden: sign in: send a token in connection_init's payload")
	}
	sid, expires, err := s.Tokens.Session(raw)
	var v *auth.Viewer
	if err == nil {
		v, err = s.Sessions.Viewer(ctx, sid)
	}
	switch {
	case apperr.Is(err, apperr.Unauthenticated):
		return refuse(ctx, wsForbidden, "Forbidden: bad, expired or revoked token")
	case err != nil:
		slog.ErrorContext(ctx, "session check failed", "err", err)
		return refuse(ctx, wsUnavailable, sessionUnchecked)
	}
	if !s.take(sid) {
		return refuse(ctx, wsTooMany, fmt.Sprintf("Too many connections: a session holds at most %d websockets at once", MaxConnections))
	}
	c.sessionID, c.leave = sid, func() { s.give(sid) }
	recheck, expiry := time.NewTicker(wsRecheck), time.NewTimer(time.Until(expires))
	go func() {
		defer recheck.Stop()
		defer expiry.Stop()
		c.watch(ctx, recheck.C, expiry.C)
	}()
	return auth.WithViewer(ctx, v), nil, nil
}

// take opens a connection of the session unless it holds the most it may.
func (s *signIn) take(session string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.open[session] >= MaxConnections {
		return false
	}
	s.open[session]++
	return true
}

func (s *signIn) give(session string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.open[session]--; s.open[session] <= 0 {
		delete(s.open, session)
	}
}

// refuse closes a connection at its connection_init with a close code and
// reason (at most 123 bytes, a close frame's limit); graphql-ws clients get
// the reason as a connection_error first.
func refuse(ctx context.Context, code int, reason string) (context.Context, *transport.InitPayload, error) {
	ctx = transport.AppendCloseReason(transport.WithWebsocketCloseCode(ctx, code), reason)
	return ctx, nil, errors.New(reason)
}

type connectionKey struct{}

// connection is a websocket connection: the token its upgrade request
// carried, the session it signed in with, and its open subscriptions.
type connection struct {
	headerToken string
	sessions    auth.Sessions
	// cancel ends the connection's context, and with it its subscriptions.
	cancel context.CancelFunc
	ws     transport.WebsocketConn // once upgraded
	ending sync.Once
	// sessionID and leave (which gives the session's count back) are set
	// once the connection is signed in.
	sessionID   string
	leave       func()
	open        atomic.Int32
	initialised atomic.Bool // init ran: a payload gqlgen could read
}

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

// end closes the connection with a close code and reason, and ends its
// subscriptions; the first end is the one that counts.
func (c *connection) end(code int, reason string) {
	c.ending.Do(func() {
		c.ws.WriteClose(code, reason) //nolint:errcheck // it goes anyway
		c.cancel()
	})
}

// viewer checks the connection's session again, as every HTTP request has
// its own checked (one statement): the viewer as it is now, or
// UNAUTHENTICATED once the session has ended (signed out, expired, the
// account disabled), which ends the connection (4403). Any other error
// means the store could not say: the connection stays open, to be checked
// again next time.
func (c *connection) viewer(ctx context.Context) (*auth.Viewer, error) {
	v, err := c.sessions.Viewer(ctx, c.sessionID)
	switch {
	case apperr.Is(err, apperr.Unauthenticated):
		c.end(wsForbidden, sessionEnded)
	case err != nil:
		slog.WarnContext(ctx, "session check failed: the websocket stays open", "err", err)
	}
	return v, err
}

// watch checks the session again at each tick, and ends the connection once
// the session has ended or when it expires, until ctx ends.
func (c *connection) watch(ctx context.Context, ticks, expired <-chan time.Time) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-expired:
			c.end(wsForbidden, sessionEnded)
			return
		case <-ticks:
			if _, err := c.viewer(ctx); apperr.Is(err, apperr.Unauthenticated) {
				return
			}
		}
	}
}

// admit lets out an event of a subscription on c, or its stream's first
// answer, once c's session is checked again and, with the viewer as it is
// now, the subscription's own access decision (recheck, if it left one)
// allows it. Once the session has ended, nothing goes out: the connection
// is closing (4403). A decision that refuses ends the subscription with
// its error (an "error" message). When the store cannot say, this event is
// withheld (an UNAVAILABLE error in its place) and the subscription goes
// on: the next event is checked afresh.
func (c *connection) admit(ctx context.Context, recheck func(context.Context) error, event *graphql.Response) *graphql.Response {
	v, err := c.viewer(ctx)
	if apperr.Is(err, apperr.Unauthenticated) {
		return nil
	}
	if err == nil && recheck != nil {
		err = recheck(auth.WithViewer(ctx, v))
	}
	if err == nil {
		return event
	}
	if e, ok := apperr.As(err); ok && e.Code != apperr.Unavailable && e.Code != apperr.Internal && e.Code != apperr.Timeout {
		transport.AddSubscriptionError(ctx, presentError(ctx, err))
		return nil
	}
	slog.WarnContext(ctx, "event withheld: who may receive it could not be checked", "err", err)
	return &graphql.Response{Errors: gqlerror.List{limitError(apperr.Unavailable,
		"the session could not be checked, so this event was withheld: read it over HTTP")}}
}

// streams runs only subscriptions (queries and mutations go over HTTP,
// where every request has its session checked) and bounds what a websocket
// connection's subscriptions hold the server to: their number
// (MaxSubscriptions), their setup (the root resolver, which checks who may
// subscribe) and the resolution of each event, each within the operation
// deadline. Each subscription, and each event before it goes out, has the
// connection's session checked again (admit). The stream itself lives
// until its subscriber completes it or goes away.
type streams struct{ deadline time.Duration }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
	graphql.OperationInterceptor
	graphql.ResponseInterceptor
	graphql.FieldInterceptor
} = streams{}

func (streams) ExtensionName() string                   { return "Streams" }
func (streams) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext refuses a query or mutation before it starts.
func (streams) MutateOperationContext(_ context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if op.Operation.Operation != ast.Subscription {
		return limitError(apperr.InvalidInput, "queries and mutations go over HTTP POST/GET; the websocket serves subscriptions")
	}
	return nil
}

type streamKey struct{}

// stream is a subscription's: the context its stream lives in, which the
// transport ends with the subscription however it ends, and the access
// decision its resolver leaves to re-run before each event goes out.
type stream struct {
	ctx     context.Context
	recheck func(context.Context) error
}

// streamOf is the stream of the subscription ctx resolves, for its
// resolver, whose own context ends with the setup.
func streamOf(ctx context.Context) *stream {
	if s, ok := ctx.Value(streamKey{}).(*stream); ok {
		return s
	}
	return &stream{ctx: ctx}
}

// InterceptOperation checks the session again and runs a subscription's
// resolver, which runs within next, as the viewer is now and under the
// deadline, and its stream in ctx.
func (s streams) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	conn := connectionOf(ctx)
	v, err := conn.viewer(ctx)
	switch {
	case apperr.Is(err, apperr.Unauthenticated):
		return func(context.Context) *graphql.Response { return nil } // the connection is closing
	case err != nil:
		return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{limitError(apperr.Unavailable, sessionUnchecked)}})
	}
	if !conn.take() {
		return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{limitError(apperr.SubscriptionLimit,
			"a connection holds at most %d subscriptions at once: complete one first", MaxSubscriptions)}})
	}
	context.AfterFunc(ctx, conn.release)
	st := &stream{}
	ctx = context.WithValue(auth.WithViewer(ctx, v), streamKey{}, st)
	st.ctx = ctx
	setup, cancel := context.WithTimeout(ctx, s.deadline)
	defer cancel()
	respond := next(setup)
	return func(context.Context) *graphql.Response { return respond(ctx) }
}

// InterceptResponse forgets, after each answer, what the connection's
// loaders hold (a connection lives long: the next event loads afresh),
// resolves each event within the deadline, counted from its first
// resolver (before it, the response waits for the event), and lets it out
// only once admitted.
func (s streams) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	defer loaders.Forget(ctx)
	event := s.resolve(ctx, next)
	if event == nil {
		return nil // the stream has ended
	}
	return connectionOf(ctx).admit(ctx, streamOf(ctx).recheck, event)
}

func (s streams) resolve(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
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
