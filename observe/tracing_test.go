package observe_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace/noop"
	collector "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/onegraph/server/observe"
)

// Without an OTLP endpoint tracing is off: no provider, and the globals
// stay OpenTelemetry's no-ops.
func TestTracingIsOffWithoutAnEndpoint(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "")
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "")
	tp, shutdown, err := observe.SetupTracing(context.Background())
	if err != nil || tp != nil {
		t.Fatalf("provider %v, err %v; want none", tp, err)
	}
	if err := shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, span := otel.Tracer("x").Start(context.Background(), "x"); span.IsRecording() {
		t.Error("the global provider records spans")
	}
}

// With OTEL_EXPORTER_OTLP_ENDPOINT set, spans reach the collector by OTLP
// over HTTP when the server shuts down, named for the service "onegraph"
// unless OTEL_SERVICE_NAME says otherwise.
func TestTracingExportsToTheEndpointOnShutdown(t *testing.T) {
	for _, tc := range []struct{ serviceName, want string }{{"", "onegraph"}, {"shop-api", "shop-api"}} {
		t.Run(tc.want, func(t *testing.T) {
			var mu sync.Mutex
			var got []*collector.ExportTraceServiceRequest
			collectorSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				req := &collector.ExportTraceServiceRequest{}
				if r.URL.Path != "/v1/traces" || proto.Unmarshal(body, req) != nil {
					t.Errorf("collector got %s %s", r.Method, r.URL.Path)
				}
				mu.Lock()
				got = append(got, req)
				mu.Unlock()
			}))
			defer collectorSrv.Close()
			t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collectorSrv.URL)
			t.Setenv("OTEL_SERVICE_NAME", tc.serviceName)
			t.Cleanup(func() { // SetupTracing sets the globals
				otel.SetTracerProvider(noop.NewTracerProvider())
				otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator())
			})
			tp, shutdown, err := observe.SetupTracing(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			_, span := tp.Tracer("test").Start(context.Background(), "query Shop")
			span.End()
			if err := shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			var service, name string
			for _, req := range got {
				for _, rs := range req.ResourceSpans {
					for _, a := range rs.Resource.Attributes {
						if a.Key == "service.name" {
							service = a.Value.GetStringValue()
						}
					}
					for _, ss := range rs.ScopeSpans {
						for _, sp := range ss.Spans {
							name += sp.Name
						}
					}
				}
			}
			if service != tc.want || name != "query Shop" {
				t.Errorf("collector got service %q, spans %q; want %q, %q", service, name, tc.want, "query Shop")
			}
		})
	}
}

// Only OTLP over HTTP is built in: a gRPC protocol is refused, not sent
// HTTP it would not understand.
func TestTracingRefusesGRPC(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317")
	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
	if _, _, err := observe.SetupTracing(context.Background()); err == nil ||
		err.Error() != "OTEL_EXPORTER_OTLP_PROTOCOL=grpc: only http/protobuf is supported (the collector's port 4318)" {
		t.Fatalf("err %v", err)
	}
}
