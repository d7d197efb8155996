package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/observe"
)

// traceOperations gives each response of an operation a span, and under it
// a span to each resolver that does not resolve an item of a list: a
// page's items' edges come from the loaders, whose batch spans show that
// work once per batch, so the spans of a request grow with its document,
// not with its rows. Fields read off a model get none.
//
// It is installed only with tracing on: every field would pay for the
// field middleware, and a no-op tracer's span start still allocates a
// context. ravilushqa/otelgqlgen, the usual tracer, puts the document and
// the resolvers' arguments on its spans, where a password given as a
// literal would end up; it is not used for that.
type traceOperations struct{ tracer trace.Tracer }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
	graphql.FieldInterceptor
} = traceOperations{}

// tracerName is the instrumentation scope of the operation and resolver spans.
const tracerName = "github.com/onegraph/server/graph"

func (traceOperations) ExtensionName() string                   { return "Tracing" }
func (traceOperations) Validate(graphql.ExecutableSchema) error { return nil }

func (t traceOperations) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	var name, typ string
	if op := graphql.GetOperationContext(ctx).Operation; op != nil {
		name, typ = op.Name, string(op.Operation)
	}
	ctx, span := t.tracer.Start(ctx, observe.OperationSpanName(name, typ), trace.WithAttributes(observe.OperationAttributes(name, typ)...))
	defer span.End()
	resp := next(ctx)
	if resp != nil && len(resp.Errors) > 0 {
		// Codes only: a message may quote a value it refused, a password too.
		errCodes := make([]string, len(resp.Errors))
		for i, e := range resp.Errors {
			errCodes[i], _ = e.Extensions["code"].(string)
		}
		span.SetStatus(codes.Error, strings.Join(errCodes, ","))
	}
	return resp
}

func (t traceOperations) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if !fc.IsResolver || inListItem(fc) {
		return next(ctx)
	}
	ctx, span := t.tracer.Start(ctx, fc.Object+"."+fc.Field.Name,
		trace.WithAttributes(attribute.String("graphql.field.path", fc.Path().String())))
	defer span.End()
	res, err := next(ctx)
	if err != nil {
		var code string // the code, never the message (see InterceptResponse)
		if e, ok := apperr.As(err); ok {
			code = string(e.Code)
		}
		span.SetStatus(codes.Error, code)
	}
	return res, err
}

// inListItem tells whether fc resolves a field of an item of a list.
func inListItem(fc *graphql.FieldContext) bool {
	for ; fc != nil; fc = fc.Parent {
		if fc.Index != nil {
			return true
		}
	}
	return false
}
