package observe

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"github.com/go-chi/chi/v5/middleware"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// ServiceName names the server's spans unless OTEL_SERVICE_NAME (or
// OTEL_RESOURCE_ATTRIBUTES) says otherwise.
const ServiceName = "onegraph"

// SetupTracing exports spans by OTLP over HTTP when
// OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set;
// the exporter, the batching and the sampler read the other standard
// OTEL_* variables themselves. Unset, tracing is off: it answers a nil
// provider, which every part of the server takes as "trace nothing", and
// the global provider stays OpenTelemetry's no-op. shutdown flushes the
// spans not yet sent.
func SetupTracing(ctx context.Context) (tp trace.TracerProvider, shutdown func(context.Context) error, err error) {
	if os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") == "" && os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") == "" {
		return nil, func(context.Context) error { return nil }, nil
	}
	// Only OTLP over HTTP is built in: a collector's gRPC port would not
	// understand it, and saying so beats sending into the void.
	if p := cmp.Or(os.Getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"), os.Getenv("OTEL_EXPORTER_OTLP_PROTOCOL")); p != "" && p != "http/protobuf" {
		return nil, nil, fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL=%s: only http/protobuf is supported (the collector's port 4318)", p)
	}
	exporter, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("OTLP trace exporter: %w", err)
	}
	// Later detectors win: the environment overrides the default name.
	res, err := resource.New(ctx, resource.WithSchemaURL(semconv.SchemaURL),
		resource.WithAttributes(semconv.ServiceName(ServiceName)), resource.WithFromEnv(), resource.WithTelemetrySDK())
	if err != nil {
		return nil, nil, fmt.Errorf("tracing resource: %w", err)
	}
	provider := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter), sdktrace.WithResource(res))
	// Libraries that trace through the globals join the same traces; the
	// SDK's own failures (a collector that does not answer) reach the log.
	otel.SetTracerProvider(provider)
	otel.SetTextMapPropagator(propagator)
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { slog.Warn("tracing", "err", err) }))
	return provider, provider.Shutdown, nil
}

// propagator continues a caller's trace from its W3C traceparent header.
var propagator = propagation.TraceContext{}

// TraceRequests gives each request a server span, continuing the caller's
// trace, named once the request has run by its method and route (never the
// raw path: an unknown path is its method alone) and, for one that ran a
// GraphQL operation, by the operation. Mount it inside chi (the route is
// known only there) and after Middleware. With a nil provider it is no
// middleware at all.
func TraceRequests(tp trace.TracerProvider) func(http.Handler) http.Handler {
	if tp == nil {
		return func(next http.Handler) http.Handler { return next }
	}
	traced := otelhttp.NewMiddleware("http.server", otelhttp.WithTracerProvider(tp), otelhttp.WithPropagators(propagator),
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string { return r.Method }))
	return func(next http.Handler) http.Handler {
		return traced(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r)
			nameSpan(r)
		}))
	}
}

// nameSpan names the request's span after it has run.
func nameSpan(r *http.Request) {
	span := trace.SpanFromContext(r.Context())
	span.SetAttributes(attribute.String("request.id", middleware.GetReqID(r.Context())))
	name := r.Method
	if route := Route(r); route != "" {
		name += " " + route
		span.SetAttributes(semconv.HTTPRoute(route))
	}
	if op, typ := RequestOf(r.Context()).Operation(); typ != "" {
		name += " " + OperationSpanName(op, typ)
		span.SetAttributes(OperationAttributes(op, typ)...)
	}
	span.SetName(name)
}

// OperationSpanName is what a GraphQL operation's span is called: its type
// and name ("query ShopGoods"), its type alone when anonymous, and "GraphQL
// Operation" when the document was refused before it was read, as the
// OpenTelemetry GraphQL conventions have it.
func OperationSpanName(name, typ string) string {
	return cmp.Or(strings.TrimSpace(typ+" "+name), "GraphQL Operation")
}

// OperationAttributes describe a GraphQL operation on a span. The document
// itself is left out: a literal in it may be a password.
func OperationAttributes(name, typ string) []attribute.KeyValue {
	attrs := []attribute.KeyValue{semconv.GraphQLOperationTypeKey.String(typ)}
	if name != "" {
		attrs = append(attrs, semconv.GraphQLOperationName(name))
	}
	return attrs
}
