package graph

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/onegraph/server/apperr"
)

// An operation whose every run answers UNAVAILABLE, under a retry that
// would run it up to five times: a query runs five times, a mutation once.
func TestOnlyQueriesAreRetried(t *testing.T) {
	for op, wantRuns := range map[ast.Operation]int{ast.Query: 5, ast.Mutation: 1, ast.Subscription: 1} {
		ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{
			Operation: &ast.OperationDefinition{Operation: op},
		})
		ctx = WithReadRetry(ctx, func(_ context.Context, read func() bool) {
			for i := 0; i < 5 && read(); i++ {
			}
		})
		runs := 0
		responses := retryReads{}.InterceptOperation(ctx, func(context.Context) graphql.ResponseHandler {
			runs++
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{
				Message: "down", Extensions: map[string]any{"code": string(apperr.Unavailable)},
			}}})
		})
		if resp := responses(ctx); !unavailable(resp) {
			t.Errorf("%s: answer %v, want the last run's UNAVAILABLE", op, resp)
		}
		if runs != wantRuns {
			t.Errorf("%s ran %d times, want %d", op, runs, wantRuns)
		}
	}
}
