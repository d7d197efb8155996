package app

import (
	"context"
	"fmt"
	"net"
	"net/http"

	"github.com/onegraph/server/compat"
)

// MetricsHandler answers Prometheus's scrape of /metrics. It asks for no
// login (operators scrape it), but a page of another origin may not read
// it, whatever CORS_ORIGINS allows the API: it tells what the server runs.
func (a *App) MetricsHandler() http.Handler {
	h := a.metrics.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Del("Access-Control-Allow-Origin")
		w.Header().Del("Access-Control-Allow-Credentials")
		h.ServeHTTP(w, r)
	})
}

// ServeMetrics serves /metrics alone on Config.MetricsAddr until ctx ends,
// and answers the address it listens on; without a MetricsAddr it does
// nothing (Handler serves /metrics). An address it cannot listen on fails
// at once.
func (a *App) ServeMetrics(ctx context.Context) (net.Addr, error) {
	if a.Config.MetricsAddr == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", a.Config.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("METRICS_ADDR: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.MetricsHandler())
	mux.HandleFunc("/", compat.NotFound)
	srv := NewHTTPServer(a.Config.HTTP, mux)
	go srv.Serve(ln) //nolint:errcheck // ends with ctx
	context.AfterFunc(ctx, func() { srv.Close() })
	a.log.Info("metrics listening", "addr", ln.Addr().String(), "metrics", "http://"+ln.Addr().String()+"/metrics")
	return ln.Addr(), nil
}
