package db

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/extra/bunotel"
	"go.opentelemetry.io/otel/trace"
)

// TraceStatements gives each statement run within a traced request a span
// under the request's (bunotel: the statement with its placeholders, never
// its values). Statements outside a request (migrations, listeners) are
// not traced: each would be a trace of its own.
func TraceStatements(bdb *bun.DB, tp trace.TracerProvider) {
	bdb.AddQueryHook(inTrace{bunotel.NewQueryHook(bunotel.WithTracerProvider(tp))})
}

// inTrace runs bunotel's hook only under a span.
type inTrace struct{ *bunotel.QueryHook }

func (h inTrace) BeforeQuery(ctx context.Context, e *bun.QueryEvent) context.Context {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return ctx
	}
	return h.QueryHook.BeforeQuery(ctx, e)
}
