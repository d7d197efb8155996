package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/onegraph/server/observe"
)

// nameOperation tells observe.Request which operation a request runs: the
// name the client asked for as soon as it arrives (so a refused document is
// named too), then the name and type of the operation the document holds.
type nameOperation struct{}

var _ interface {
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = nameOperation{}

func (nameOperation) ExtensionName() string                   { return "NameOperation" }
func (nameOperation) Validate(graphql.ExecutableSchema) error { return nil }

func (nameOperation) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	observe.RequestOf(ctx).SetOperation(p.OperationName, "")
	return nil
}

func (nameOperation) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if op.Operation != nil {
		observe.RequestOf(ctx).SetOperation(op.Operation.Name, string(op.Operation.Operation))
	}
	return nil
}
