package apptest

import (
	"slices"
	"strings"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/onegraph/server/app"
)

// Spans records the spans of a traced test server, its own provider (the
// global one is left alone): spans := apptest.NewSpans(); apptest.New(t, spans.Trace).
type Spans struct{ exporter *tracetest.InMemoryExporter }

func NewSpans() *Spans { return &Spans{tracetest.NewInMemoryExporter()} }

// Trace is the option that traces a server into s.
func (s *Spans) Trace(c *app.Config) {
	c.Tracing = sdktrace.NewTracerProvider(sdktrace.WithSyncer(s.exporter))
}

// Of returns the spans of the one request fn makes, once its server span
// has ended (after the client has its answer).
func (s *Spans) Of(t testing.TB, fn func()) tracetest.SpanStubs {
	t.Helper()
	s.exporter.Reset()
	fn()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		got := s.exporter.GetSpans()
		if slices.ContainsFunc(got, func(sp tracetest.SpanStub) bool { return sp.SpanKind == trace.SpanKindServer }) {
			return got
		}
	}
	t.Fatalf("no server span; spans: %v", SpanNames(s.exporter.GetSpans()))
	return nil
}

// SpanNames lists the spans' names, for failure messages.
func SpanNames(spans []tracetest.SpanStub) string {
	names := make([]string, len(spans))
	for i, sp := range spans {
		names[i] = sp.Name
	}
	return strings.Join(names, ", ")
}
