package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/graph/loaders"
)

// RetryFunc runs read again while it reports an unreachable database, as
// db.Handle.RetryRead does.
type RetryFunc func(ctx context.Context, read func() (unavailable bool))

type retryKey struct{}

// retryingKey marks the context of a read retryReads may run again: its
// UNAVAILABLE errors are reported (counted, logged) by retryReads, once,
// if its last attempt still has them, not by presentError at each attempt.
type retryingKey struct{}

// WithReadRetry lets the queries run with ctx (over HTTP or through the
// Executor) run again through retry when their answer says the database
// was unavailable. Without it nothing is retried.
func WithReadRetry(ctx context.Context, retry RetryFunc) context.Context {
	return context.WithValue(ctx, retryKey{}, retry)
}

// retryReads is the extension that re-runs a query whose answer carries an
// UNAVAILABLE error. It wraps the operation, not the response: a query's
// response handler runs its fields once (a second call ends the stream), so
// each attempt asks the operation for a fresh one. Mutations and
// subscriptions are never retried: a write may have happened.
type retryReads struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = retryReads{}

func (retryReads) ExtensionName() string                   { return "RetryReads" }
func (retryReads) Validate(graphql.ExecutableSchema) error { return nil }
func (retryReads) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	retry, on := ctx.Value(retryKey{}).(RetryFunc)
	if op := graphql.GetOperationContext(ctx).Operation; !on || op == nil || op.Operation != ast.Query {
		return next(ctx)
	}
	opCtx := context.WithValue(ctx, retryingKey{}, true)
	responses := next(opCtx)
	return func(ctx context.Context) *graphql.Response {
		reportCtx := ctx
		ctx = context.WithValue(ctx, retryingKey{}, true)
		var resp *graphql.Response
		attempt := 0
		retry(ctx, func() bool {
			if attempt++; attempt > 1 {
				// Loads cached by the failed attempt hold its errors.
				loaders.Forget(ctx)
				responses = next(opCtx)
			}
			resp = responses(ctx)
			return unavailable(resp)
		})
		if resp != nil {
			for _, e := range resp.Errors {
				if e.Extensions["code"] == string(apperr.Unavailable) {
					_, known := apperr.As(e.Err) // else mapError hid the cause
					reportError(reportCtx, e, !known)
				}
			}
		}
		return resp
	}
}

func unavailable(resp *graphql.Response) bool {
	if resp == nil {
		return false
	}
	for _, e := range resp.Errors {
		if e.Extensions["code"] == string(apperr.Unavailable) {
			return true
		}
	}
	return false
}
