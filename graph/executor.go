package graph

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"go.opentelemetry.io/otel/trace"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/graph/generated"
	"github.com/onegraph/server/graph/scalar"
	"github.com/onegraph/server/httpx"
	"github.com/onegraph/server/media"
	"github.com/onegraph/server/observe"
	"github.com/onegraph/server/service"
)

// NewSchema builds the executable schema: resolvers, the access directives
// that guard every root field, and introspection that states each root
// field's access rule (naming rights from the shop's rights catalog).
func NewSchema(svc *service.Services, rights []*db.ShopRight) (graphql.ExecutableSchema, error) {
	schema, access, err := describeAccess(generated.NewExecutableSchema(generated.Config{}).Schema(), rights)
	if err != nil {
		return nil, err
	}
	return generated.NewExecutableSchema(generated.Config{
		Schema:     schema,
		Resolvers:  &Resolver{svc: svc, access: access},
		Directives: accessDirectives(),
	}), nil
}

// configurable is what handler.Server and executor.Executor share, so both
// get the same limits, caches and error mapping.
type configurable interface {
	Use(graphql.HandlerExtension)
	SetErrorPresenter(graphql.ErrorPresenterFunc)
	SetRecoverFunc(graphql.RecoverFunc)
	SetQueryCache(graphql.Cache[*ast.QueryDocument])
}

// configure puts persisted before the limiter, so the limits apply to a
// document however it came: sent whole or named by its hash.
func configure(c configurable, e *Executor) {
	c.Use(nameOperation{})
	c.Use(e.persisted)
	c.Use(e.limiter)
	c.Use(retryReads{})
	if e.tracer != nil {
		c.Use(traceOperations{e.tracer})
	}
	c.SetQueryCache(e.limiter.cache)
	c.SetErrorPresenter(presentError)
	c.SetRecoverFunc(func(ctx context.Context, p any) error {
		slog.ErrorContext(ctx, "resolver panic", "panic", p, "stack", string(debug.Stack()))
		// An apperr: presentError shows it without logging it again.
		return apperr.New(apperr.Internal, "", "internal error")
	})
}

// NewHTTPHandler serves /graphql (POST, GET and multipart requests, and
// websockets for subscriptions) with the executor's schema, limits and
// parsed-document cache. maxBodyBytes bounds a JSON body, which the server
// limits before; it bounds a multipart request's operations and map fields,
// and a websocket's messages, here.
func NewHTTPHandler(e *Executor, maxBodyBytes int64, ws Websocket) http.Handler {
	server := func(suggest bool) *handler.Server {
		srv := handler.New(e.schema)
		srv.AddTransport(transport.Options{})
		srv.AddTransport(transport.GET{})
		srv.AddTransport(postJSON{})
		srv.AddTransport(multipartForm{maxJSON: maxBodyBytes, maxFile: media.MaxUploadBytes})
		srv.AddTransport(notGraphQL{}) // last: what no other transport takes
		configure(srv, e)
		srv.SetDisableSuggestion(!suggest)
		return srv
	}
	signedIn, anonymous := server(true), server(!e.limiter.limits.HideSchema)
	requests := preventCSRF(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !bodyWithinLimit(w, r, maxBodyBytes) {
			return
		}
		readDocumentIDParameter(r)
		if auth.FromContext(r.Context()) == nil {
			anonymous.ServeHTTP(w, r)
			return
		}
		signedIn.ServeHTTP(w, r)
	}))
	// A websocket is checked by its origin instead of preventCSRF, which
	// would refuse every upgrade a browser with a session cookie makes.
	websockets := ws.handler(e, maxBodyBytes)
	return answerInGraphQL(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isWebsocket(r) {
			websockets.ServeHTTP(w, r)
			return
		}
		requests.ServeHTTP(w, r)
	}))
}

// notGraphQL answers, with a code, a request no transport takes (a method
// or a content type /graphql does not serve), which gqlgen would answer
// with a bare message.
type notGraphQL struct{}

func (notGraphQL) Supports(*http.Request) bool { return true }

func (notGraphQL) Do(w http.ResponseWriter, r *http.Request, _ graphql.GraphExecutor) {
	writeAppError(w, r, http.StatusBadRequest, apperr.Invalidf(
		"a %s with Content-Type %q is not a GraphQL request: POST application/json, GET, or a multipart upload",
		r.Method, r.Header.Get("Content-Type")))
}

// bodyWithinLimit refuses with a code a body over the limit, which gqlgen
// would answer with a bare message: unread when it says its length, else
// once it has been read up to the limit (the server's body reader stops
// there). A multipart request is bounded part by part by its transport.
func bodyWithinLimit(w http.ResponseWriter, r *http.Request, limit int64) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" || r.Body == nil || r.Body == http.NoBody {
		return true
	}
	tooLarge := r.ContentLength > limit
	if r.ContentLength < 0 {
		body, err := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		tooLarge = errors.As(err, new(*http.MaxBytesError))
	}
	if tooLarge {
		writeAppError(w, r, http.StatusRequestEntityTooLarge,
			apperr.New(apperr.InvalidInput, apperr.ReasonTooLarge, "the request body is larger than %d bytes", limit))
	}
	return !tooLarge
}

// answerInGraphQL answers, as GraphQL errors, what never reaches a
// resolver: a request whose token could not be checked (the session store
// failed) and a panic outside the resolvers (gqlgen recovers theirs).
func answerInGraphQL(next http.Handler) http.Handler {
	return httpx.Recover(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusInternalServerError, "internal error", apperr.Internal)
	})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := auth.Failure(r.Context()); err != nil {
			writeError(w, r, http.StatusServiceUnavailable, apperr.Unreachable(err).Message, apperr.Unavailable)
			return
		}
		next.ServeHTTP(w, r)
	}))
}

// writeError answers a request that never reached execution with one
// GraphQL error carrying its code, and no data (the request was not run).
func writeError(w http.ResponseWriter, r *http.Request, status int, msg string, code apperr.Code) {
	writeAppError(w, r, status, apperr.New(code, "", "%s", msg))
}

// writeAppError is writeError for an error with its reason or entity.
func writeAppError(w http.ResponseWriter, r *http.Request, status int, e *apperr.Error) {
	httpx.WriteJSON(w, status, map[string]gqlerror.List{"errors": {presentError(r.Context(), e)}})
}

// Executor runs operations in-process (for the legacy compat routes) with
// exactly the schema, limits and error mapping of the HTTP endpoint.
type Executor struct {
	schema    graphql.ExecutableSchema
	exec      *executor.Executor
	limiter   limiter
	persisted *persisted
	// operations holds the hash of each operation of a server document
	// (with the fragments it spreads), by document and name: an operation
	// runs on its own, so the document limits apply to it, not to a route
	// table's file, and by its hash, as a persisted document.
	operations map[operationKey]string
	tracer     trace.Tracer // nil: operations are not traced
}

// NewExecutor builds the executor, registering every operation of the
// server documents by its hash; it fails when one of them does not parse.
// With a tracer provider (nil: none) the HTTP endpoint and the executor
// trace operations and their resolvers.
func NewExecutor(es graphql.ExecutableSchema, limits Limits, docs Documents, tp trace.TracerProvider) (*Executor, error) {
	limits = limits.withDefaults()
	e := &Executor{schema: es, exec: executor.New(es), limiter: limiter{limits: limits, cache: newDocCache(limits.CacheBytes)},
		persisted: newPersisted(docs, limits), operations: map[operationKey]string{}}
	if tp != nil {
		e.tracer = tp.Tracer(tracerName)
	}
	for _, doc := range docs.Server {
		parsed, err := parser.ParseQuery(&ast.Source{Input: doc})
		if err != nil {
			return nil, fmt.Errorf("a server document does not parse: %w", err)
		}
		for _, op := range parsed.Operations {
			e.operations[operationKey{doc, op.Name}] = e.persisted.pin(operationOf(parsed, op))
		}
	}
	configure(e.exec, e)
	return e, nil
}

// PinnedOperations are the names of the operations of every document the
// server pinned: the legacy routes' and, in trusted documents mode, the
// manifest's; a set the operator chose, not the callers.
func (e *Executor) PinnedOperations() []string {
	var names []string
	for _, doc := range e.persisted.pinned {
		parsed, err := parser.ParseQuery(&ast.Source{Input: doc})
		if err != nil {
			continue // a manifest's document that does not parse never runs
		}
		for _, op := range parsed.Operations {
			if op.Name != "" {
				names = append(names, op.Name)
			}
		}
	}
	return names
}

// Schema is the executable schema the executor runs.
func (e *Executor) Schema() graphql.ExecutableSchema { return e.schema }

// Run executes one named operation of a server document (Documents.Server)
// by its hash. ctx must carry what the HTTP middleware puts there (viewer,
// loaders), as the caller's request context does.
func (e *Executor) Run(ctx context.Context, document, operation string, vars map[string]any) *graphql.Response {
	ctx = graphql.StartOperationTrace(ctx)
	now := graphql.Now()
	hash, ok := e.operations[operationKey{document, operation}]
	if !ok {
		return &graphql.Response{Errors: gqlerror.List{presentError(ctx, fmt.Errorf("operation %q is not in a server document", operation))}}
	}
	params := &graphql.RawParams{
		OperationName: operation,
		Variables:     roundTrip(vars),
		Extensions:    map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}},
		ReadTime:      graphql.TraceTiming{Start: now, End: now},
	}
	rc, errs := e.exec.CreateOperationContext(ctx, params)
	if errs != nil {
		return e.exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs)
	}
	responses, ctx := e.exec.DispatchOperation(ctx, rc)
	return responses(ctx)
}

type operationKey struct{ document, name string }

// OperationDocument is the named operation of a document with the fragments
// it spreads, and nothing else.
func OperationDocument(document, name string) (string, error) {
	doc, err := parser.ParseQuery(&ast.Source{Input: document})
	if err != nil {
		return "", err
	}
	op := doc.Operations.ForName(name)
	if op == nil {
		return "", fmt.Errorf("no operation %q", name)
	}
	return operationOf(doc, op), nil
}

// operationOf is the text of an operation of doc with the fragments it
// spreads.
func operationOf(doc *ast.QueryDocument, op *ast.OperationDefinition) string {
	out := &ast.QueryDocument{Operations: ast.OperationList{op}}
	seen := map[string]bool{}
	var spreads func(ast.SelectionSet)
	spreads = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch sel := sel.(type) {
			case *ast.Field:
				spreads(sel.SelectionSet)
			case *ast.InlineFragment:
				spreads(sel.SelectionSet)
			case *ast.FragmentSpread:
				if f := doc.Fragments.ForName(sel.Name); f != nil && !seen[sel.Name] {
					seen[sel.Name] = true
					out.Fragments = append(out.Fragments, f)
					spreads(f.SelectionSet)
				}
			}
		}
	}
	spreads(op.SelectionSet)
	var b strings.Builder
	formatter.NewFormatter(&b, formatter.WithIndent(" ")).FormatQueryDocument(out)
	return b.String()
}

// roundTrip gives variables the shapes a JSON request would have (numbers as
// json.Number, structs as maps), which is what input coercion expects;
// invalid UTF-8, which json.Marshal mends, is marked for the String scalar
// to refuse. Uploads are passed as they are: a file does not survive JSON.
func roundTrip(vars map[string]any) map[string]any {
	for _, v := range vars {
		if _, isUpload := v.(graphql.Upload); isUpload {
			return vars
		}
	}
	raw, err := json.Marshal(vars)
	if err != nil {
		return vars
	}
	out := map[string]any{}
	dec := json.NewDecoder(bytes.NewReader(scalar.MarkMended(raw)))
	dec.UseNumber()
	if dec.Decode(&out) != nil {
		return vars
	}
	return out
}

// presentError maps the error vocabulary to `extensions.code` (and
// `extensions.reason`, `entity`, `field`); anything unexpected is hidden.
// Every error answered passes here once with its request's context, and is
// reported (counted by code; logged when hidden) — but for an UNAVAILABLE
// one of a read that retryReads may run again, which it reports itself if
// its last attempt still fails.
func presentError(ctx context.Context, err error) *gqlerror.Error {
	gqlErr, hidden := mapError(ctx, err)
	if ctx.Value(retryingKey{}) != nil && gqlErr.Extensions["code"] == string(apperr.Unavailable) {
		return gqlErr
	}
	reportError(ctx, gqlErr, hidden)
	return gqlErr
}

// reportError counts a presented error by its code, and logs the cause of
// one mapError hid (INTERNAL, TIMEOUT, an unreachable database).
func reportError(ctx context.Context, gqlErr *gqlerror.Error, hidden bool) {
	code, _ := gqlErr.Extensions["code"].(string)
	observe.CountError(ctx, cmp.Or(code, "NONE"))
	if hidden {
		// gqlErr.Err: the cause, without the position and path gqlErr's text adds.
		slog.ErrorContext(ctx, "resolver error", "err", gqlErr.Err, "path", gqlErr.Path.String(), "code", code)
	}
}

func mapError(ctx context.Context, err error) (gqlErr *gqlerror.Error, hidden bool) {
	gqlErr = graphql.DefaultErrorPresenter(ctx, err)
	if e, ok := apperr.As(err); ok {
		gqlErr.Message = e.Message
		gqlErr.Extensions = map[string]any{"code": string(e.Code)}
		if e.Reason != "" {
			gqlErr.Extensions["reason"] = string(e.Reason)
		}
		if e.Entity != "" {
			gqlErr.Extensions["entity"] = string(e.Entity)
		}
		if e.Field != "" {
			gqlErr.Extensions["field"] = e.Field
		}
		if e.RetryAfter > 0 {
			gqlErr.Extensions["retryAfter"] = int64(e.RetryAfter / time.Second)
		}
		return gqlErr, false
	}
	if gqlErr.Err == nil || gqlErr.Extensions["code"] != nil {
		return gqlErr, false // parse and validation errors keep gqlgen's own codes
	}
	// Decided before the message changes: gqlErr may be err itself.
	code, msg := apperr.Internal, "internal error"
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		code, msg = apperr.Timeout, "the operation ran past its deadline"
	case db.IsUnavailable(err):
		code, msg = apperr.Unavailable, apperr.Unreachable(err).Message
	}
	gqlErr.Message = msg
	gqlErr.Extensions = map[string]any{"code": string(code)}
	return gqlErr, true
}
