package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/onegraph/server/observe"
)

// nameOperation tells observe.Request which operation a request runs: the
// name the client asked for as soon as it arrives (so the request line of a
// refused document names it too), then, once every check has passed and
// the operation runs, its name and type. Only a named type makes a name
// count in the metrics, so a refused document takes no place there.
type nameOperation struct{}

var _ interface {
	graphql.OperationParameterMutator
	graphql.OperationInterceptor
} = nameOperation{}

func (nameOperation) ExtensionName() string                   { return "NameOperation" }
func (nameOperation) Validate(graphql.ExecutableSchema) error { return nil }

func (nameOperation) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	observe.RequestOf(ctx).SetOperation(p.OperationName, "")
	return nil
}

func (nameOperation) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if op := graphql.GetOperationContext(ctx).Operation; op != nil {
		observe.RequestOf(ctx).SetOperation(op.Name, string(op.Operation))
	}
	return next(ctx)
}
