package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/onegraph/server/db/migrations"
	"github.com/onegraph/server/httpx"
)

// Shutdown and background job defaults (Config.ShutdownDelay,
// ShutdownTimeout, SessionPurgeInterval; cmd/server's flags).
const (
	// DefaultShutdownDelay is how long a Postgres instance keeps serving,
	// /readyz failing, after SIGTERM before it stops taking connections:
	// long enough for a load balancer or Kubernetes to see it is going and
	// route new requests to the other instances. The embedded store runs
	// one instance with nothing in front of it to tell: no delay.
	DefaultShutdownDelay = 5 * time.Second
	// DefaultShutdownTimeout bounds the wait for in-flight requests.
	DefaultShutdownTimeout = 30 * time.Second
	// DefaultSessionPurgeInterval: expired and revoked sessions are
	// deleted this often.
	DefaultSessionPurgeInterval = time.Hour
	// sessionPurgeBatch is how many sessions one delete statement removes.
	sessionPurgeBatch = 1000
)

// shutdownDelay is Config.ShutdownDelay, or when negative the store's default.
func (c Config) shutdownDelay() time.Duration {
	if c.ShutdownDelay >= 0 {
		return c.ShutdownDelay
	}
	if c.Embedded() {
		return 0
	}
	return DefaultShutdownDelay
}

// Serve answers on ln until ctx ends (SIGINT/SIGTERM in cmd/server), with
// the background jobs (the session purge) running alongside. When ctx ends
// it drains: /readyz answers 503 "draining" at once, the server keeps
// serving for Config.ShutdownDelay so load balancers can notice, then
// stops taking connections and waits up to Config.ShutdownTimeout for the
// requests in flight.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	srv := NewHTTPServer(a.Config.HTTP, a.Handler())
	base := "http://" + playgroundHost(ln.Addr())
	a.log.Info("listening", "addr", ln.Addr().String(), "playground", base+"/", "graphql", base+"/graphql", "openapi", base+"/openapi")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	jobs, stopJobs := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { a.purgeSessions(jobs) })
	defer wg.Wait()
	defer stopJobs()

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.draining.Store(true)
	delay, timeout := a.Config.shutdownDelay(), cmp.Or(a.Config.ShutdownTimeout, DefaultShutdownTimeout)
	a.log.Info("shutting down: /readyz fails, then in-flight requests drain", "delay", delay.String(), "timeout", timeout.String())
	select {
	case err := <-errc:
		return err
	case <-time.After(delay):
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func playgroundHost(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}

// purgeSessions deletes the expired and revoked sessions every
// Config.SessionPurgeInterval (0: never) until ctx ends.
func (a *App) purgeSessions(ctx context.Context) {
	if a.Config.SessionPurgeInterval <= 0 {
		return
	}
	tick := time.NewTicker(a.Config.SessionPurgeInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		n, err := a.Stores.Accounts.PurgeSessions(ctx, sessionPurgeBatch)
		switch {
		case err != nil && ctx.Err() == nil:
			a.log.Error("session purge failed", "removed", n, "err", err)
		case err == nil:
			a.log.Info("sessions purged", "removed", n)
		}
	}
}

// healthz is liveness: the process answers. It asks the database nothing,
// so a database outage does not get every instance restarted.
func (a *App) healthz(w http.ResponseWriter, _ *http.Request) {
	httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz is readiness: whether this instance should get requests. Not
// while it drains, nor when the database does not answer within a short
// while, nor while it lacks migrations this build needs.
func (a *App) readyz(w http.ResponseWriter, r *http.Request) {
	if a.draining.Load() {
		httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "draining"})
		return
	}
	unavailable := func(why string) {
		httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": why})
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := a.Stores.Handle.Ping(ctx); err != nil {
		unavailable("database unreachable")
		return
	}
	pending, err := migrations.Pending(ctx, a.DB)
	switch {
	case err != nil:
		unavailable("database unreachable")
	case len(pending) > 0:
		unavailable("migrations pending")
	default:
		httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	}
}
