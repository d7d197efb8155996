package app_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db/migrations"
)

// serve runs the server's real loop (App.Serve) on a loopback port; stop
// ends it as SIGTERM does and returns what Serve returned.
func serve(t *testing.T, s *apptest.Server) (base string, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.App.Serve(ctx, ln) }()
	var once sync.Once
	var served error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case served = <-done:
			case <-time.After(10 * time.Second):
				served = errors.New("Serve did not return")
			}
		})
		return served
	}
	t.Cleanup(func() { stop() }) //nolint:errcheck // the test checks it when it matters
	return "http://" + ln.Addr().String(), stop
}

func get(t *testing.T, url string) apptest.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return apptest.RoundTrip(t, &http.Client{Timeout: 5 * time.Second}, req)
}

// /healthz says the process answers, whatever the database does; /readyz
// says whether it should get requests: not with migrations missing, nor
// without its database.
func TestHealthAndReadiness(t *testing.T) {
	s := apptest.New(t)
	ok := `{"status":"ok"}`
	s.Do(t, "", http.MethodGet, "/healthz", nil).Expect(t, http.StatusOK, ok)
	s.Do(t, "", http.MethodGet, "/readyz", nil).Expect(t, http.StatusOK, ok)

	// This build's last migration, as if it had not run yet.
	all := migrations.Migrations.Sorted()
	last := all[len(all)-1].Name
	if _, err := s.App.DB.NewDelete().Table("bun_migrations").Where("name = ?", last).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Do(t, "", http.MethodGet, "/readyz", nil).
		Expect(t, http.StatusServiceUnavailable, `{"status":"unavailable","error":"migrations pending"}`)
	s.Do(t, "", http.MethodGet, "/healthz", nil).Expect(t, http.StatusOK, ok)

	if err := s.App.DB.Close(); err != nil {
		t.Fatal(err)
	}
	s.Do(t, "", http.MethodGet, "/readyz", nil).
		Expect(t, http.StatusServiceUnavailable, `{"status":"unavailable","error":"database unreachable"}`)
	s.Do(t, "", http.MethodGet, "/healthz", nil).Expect(t, http.StatusOK, ok)
}

// On SIGTERM the server fails /readyz first, keeps answering (/healthz,
// the requests in flight) through the drain delay, then stops taking
// connections and returns once the request in flight is answered.
func TestServeDrains(t *testing.T) {
	const delay = time.Second
	s := apptest.New(t, func(c *app.Config) { c.ShutdownDelay = delay })
	base, stop := serve(t, s)
	get(t, base+"/readyz").Expect(t, http.StatusOK, `{"status":"ok"}`)

	// A sign-in held inside its first statement.
	started, release := make(chan struct{}), make(chan struct{})
	var held atomic.Bool
	s.Statements.Before(func(string) {
		if held.CompareAndSwap(false, true) {
			close(started)
			<-release
		}
	})
	req, _ := http.NewRequest(http.MethodPost, base+"/api/mgr/signin", strings.NewReader("username=admin&password="+apptest.AdminPassword))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	inFlight := make(chan apptest.Response, 1)
	go func() { inFlight <- apptest.RoundTrip(t, http.DefaultClient, req) }()
	<-started

	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	deadline := time.Now().Add(delay * 3 / 4)
	for r := get(t, base+"/readyz"); r.Status != http.StatusServiceUnavailable; r = get(t, base+"/readyz") {
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still %d %s after the signal", r.Status, r.Body)
		}
		time.Sleep(5 * time.Millisecond)
	}
	get(t, base+"/readyz").Expect(t, http.StatusServiceUnavailable, `{"status":"draining"}`)
	get(t, base+"/healthz").Expect(t, http.StatusOK, `{"status":"ok"}`)

	// After the delay the server stops taking connections, but Serve
	// waits for the request in flight.
	for deadline = time.Now().Add(delay + 5*time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := http.Get(base + "/healthz"); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server still takes connections after the drain delay")
		}
	}
	select {
	case err := <-stopped:
		t.Fatalf("Serve returned (%v) with a request in flight", err)
	default:
	}
	close(release)
	(<-inFlight).Expect(t, http.StatusOK, `{"ret": 0, "msg": "登录成功"}`)
	if err := <-stopped; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// Serve purges the expired and revoked sessions every
// SessionPurgeInterval, and the job stops with it.
func TestServePurgesSessions(t *testing.T) {
	s := apptest.New(t, func(c *app.Config) { c.SessionPurgeInterval = 50 * time.Millisecond })
	ctx := context.Background()
	admin, err := s.App.Stores.Accounts.ByUsername(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"expired-1", "expired-2"} {
		if _, err := s.App.Stores.Accounts.OpenSession(ctx, id, admin.ID, -time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	token := s.AdminToken(t)
	_, stop := serve(t, s)

	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(s.Log.String(), `"msg":"sessions purged","removed":2}`) {
		if time.Now().After(deadline) {
			t.Fatalf("no purge of the 2 expired sessions logged:\n%s", s.Log.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if n := s.Rows(t, "sessions"); n != 1 {
		t.Errorf("%d sessions left, want the live one", n)
	}
	// The one left is the live one.
	s.PostGraphQL(t, token, `{ me { username } }`, nil).Expect(t, http.StatusOK, `{"data":{"me":{"username":"admin"}}}`)
}
