package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
)

// limiter applies Limits to every operation, on /graphql and in-process
// alike: the document limits before parsing and validation, cost and
// introspection after, and the deadline around execution.
type limiter struct {
	limits Limits
	cache  *docCache
}

var _ interface {
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
	graphql.OperationInterceptor
} = limiter{}

// A document over a limit is refused as an invalid one is: gqlgen answers
// both with 422 (its "protocol" kind).
func init() {
	for _, code := range []apperr.Code{apperr.TokenLimit, apperr.DepthLimit, apperr.AliasLimit,
		apperr.DirectiveLimit, apperr.FieldLimit, apperr.ComplexityLimit} {
		errcode.RegisterErrorType(string(code), errcode.KindProtocol)
	}
}

func (limiter) ExtensionName() string                   { return "Limits" }
func (limiter) Validate(graphql.ExecutableSchema) error { return nil }

func (l limiter) MutateOperationParameters(_ context.Context, p *graphql.RawParams) *gqlerror.Error {
	if l.cache.has(p.Query) {
		return nil // it passed them when it was parsed
	}
	return l.limits.checkDocument(p.Query)
}

func (l limiter) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if op.DisableIntrospection = l.limits.HideSchema && auth.FromContext(ctx) == nil; op.DisableIntrospection && introspects(op) {
		return limitError(apperr.Forbidden, "introspection is off for anonymous callers: sign in to read the schema")
	}
	if cost := (coster{limits: l.limits, vars: op.Variables}).operation(op.Operation); cost > l.limits.Cost {
		return limitError(apperr.ComplexityLimit, "the operation costs %d, more than %d: ask for smaller pages or fewer lists", cost, l.limits.Cost)
	}
	return nil
}

// InterceptOperation runs the operation under its deadline; resolvers see
// it through their context and presentError answers TIMEOUT past it. A
// subscription runs only on a websocket, which bounds it its own way
// (streams).
func (l limiter) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if subscription(ctx) {
		if connectionOf(ctx) == nil {
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{limitError(apperr.InvalidInput,
				"a subscription runs on a websocket: open one at /graphql (graphql-transport-ws) and subscribe there")}})
		}
		return next(ctx)
	}
	ctx, cancel := context.WithTimeout(ctx, l.limits.Deadline)
	respond := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		defer cancel() // queries and mutations answer once
		return respond(ctx)
	}
}

// introspects tells whether an operation's root fields read the schema.
func introspects(op *graphql.OperationContext) bool {
	for _, f := range graphql.CollectFields(op, op.Operation.SelectionSet, []string{"Query"}) {
		if f.Name == "__schema" || f.Name == "__type" {
			return true
		}
	}
	return false
}
