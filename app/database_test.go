package app_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
)

// aliases asks for field n times at once: gqlgen resolves a query's root
// fields in parallel. The statement cap is a defence of its own, so these
// tests lift the alias and cost limits that would refuse such a request.
func unlimitedAliases(c *app.Config) {
	c.Limits.Aliases, c.Limits.Cost = 100, 1<<30
}

// aliases asks for field n times at once: gqlgen resolves a query's root
// fields in parallel.
func aliases(n int, field string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " a%d: %s", i, field)
	}
	return b.String() + " }"
}

// One request of many root fields runs at most its share of statements at
// once; uncapped, the same request runs more (the instrument sees overlap).
func TestOneRequestRunsAtMostItsShareOfStatements(t *testing.T) {
	for _, limit := range []int{db.DefaultStatementsPerRequest, 0} {
		t.Run(fmt.Sprintf("limit %d", limit), func(t *testing.T) {
			s := apptest.New(t, unlimitedAliases, func(c *app.Config) { c.StatementsPerRequest = limit })
			token := s.AdminToken(t)
			s.Statements.Hold(5 * time.Millisecond)
			s.Statements.Reset()
			r := s.GraphQL(t, token, aliases(20, "pharmaCustomers { total }"), nil)
			if len(r.Errors) > 0 {
				t.Fatal(r.Errors)
			}
			n, most := s.Statements.Count(), s.Statements.MaxInFlight()
			t.Logf("%d statements, at most %d at once", n, most)
			if limit > 0 && most > limit {
				t.Errorf("%d statements ran at once, want at most %d", most, limit)
			}
			if limit == 0 && most <= db.DefaultStatementsPerRequest {
				t.Errorf("uncapped, at most %d statements ran at once: the test cannot see a cap", most)
			}
		})
	}
}

// On Postgres a request of 40 aliases of a list holds at most its share of
// the pool's connections (uncapped it held them all).
func TestOneRequestHoldsAtMostItsShareOfConnections(t *testing.T) {
	if os.Getenv("TEST_DATABASE_URL") == "" {
		t.Skip("SQLite's pool is one connection per core, below the cap; the pool's share matters on Postgres")
	}
	for _, limit := range []int{db.DefaultStatementsPerRequest, 0} {
		t.Run(fmt.Sprintf("limit %d", limit), func(t *testing.T) {
			s := apptest.New(t, unlimitedAliases, func(c *app.Config) { c.StatementsPerRequest = limit })
			token := s.AdminToken(t)
			s.Statements.Hold(2 * time.Millisecond)
			var most atomic.Int64
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					if n := int64(s.App.DB.Stats().InUse); n > most.Load() {
						most.Store(n)
					}
					time.Sleep(50 * time.Microsecond)
				}
			})
			r := s.GraphQL(t, token, aliases(40, "pharmaOrders { total items { name lines { amount medicine { name } } } }"), nil)
			close(stop)
			wg.Wait()
			if len(r.Errors) > 0 {
				t.Fatal(r.Errors)
			}
			t.Logf("at most %d connections in use", most.Load())
			if limit > 0 && most.Load() > int64(limit) {
				t.Errorf("%d connections in use at once, want at most %d", most.Load(), limit)
			}
			if limit == 0 && most.Load() <= int64(db.DefaultStatementsPerRequest) {
				t.Errorf("uncapped, at most %d connections were in use: the test cannot see a cap", most.Load())
			}
		})
	}
}

// A Postgres restart drops every connection of the pool. A query that
// meets the dead connections still answers: its session check, or its
// operation once begun, waits for the database to answer again and runs
// again, on GraphQL and on a legacy route. With the retry off, the same
// requests fail.
func TestQueriesOutliveTheDatabaseDroppingEveryConnection(t *testing.T) {
	url := os.Getenv("TEST_DATABASE_URL")
	if url == "" {
		t.Skip("SQLite is a file this process opens itself: there is no server to restart or connection to break")
	}
	const users = `{ shopUsers(paging: {page: 1, size: 5}) { total items { username } } }`
	const usersAnswer = `{"data": {"shopUsers": {"total": 2, "items": [{"username": "admin"}, {"username": "clerk"}]}}}`
	for _, retry := range []time.Duration{db.DefaultReadRetry, 0} {
		t.Run(fmt.Sprintf("retry %v", retry), func(t *testing.T) {
			s := apptest.New(t, func(c *app.Config) { c.ReadRetry = retry })
			s.LogDefault(t) // resolver errors are logged through the default logger
			token, admin := shopClerk(t, s), s.AdminToken(t)
			pharma := s.Client(t)
			pharma.Do(http.MethodPost, "/api/mgr/signin", apptest.Form("username=admin&password="+apptest.AdminPassword)).
				Expect(t, http.StatusOK, `{"ret": 0, "msg": "登录成功"}`)
			name := applicationName(t, s)
			// Fill the pool with idle connections, as traffic would, once any
			// dead ones are gone (each failed ping drops one).
			warm := func() {
				for i := 0; i < 100 && s.App.DB.Ping() != nil; i++ {
				}
				s.GraphQL(t, admin, aliases(8, "pharmaCustomers { total }"), nil)
			}
			warm()

			// Between requests: the session check meets the dead connections.
			if n, err := dropConnections(url, name); err != nil || n < 2 {
				t.Fatalf("dropped %d connections (%v), want the pool's two or more", n, err)
			}
			between := s.PostGraphQL(t, token, users, nil)
			// In mid-operation: the session is checked, then the connections
			// drop, and the operation (the viewer's rights first) meets them;
			// run again, it must not be answered the rights' failure kept
			// by the request's loader.
			warm()
			dropAtSecondStatement(t, s, url, name)
			midway := s.PostGraphQL(t, token, users, nil)
			warm()
			dropAtSecondStatement(t, s, url, name)
			legacy := pharma.Do(http.MethodGet, "/api/mgr/customers?action=list_customer", nil)
			s.Statements.Before(nil)

			if retry == 0 {
				between.Expect(t, http.StatusServiceUnavailable, `{"errors": [{"message": "the database is unavailable, try again later", "extensions": {"code": "UNAVAILABLE"}}]}`)
				midway.Expect(t, http.StatusOK, `{"errors": [{"message": "the database is unavailable, try again later", "path": ["shopUsers"], "locations": [{"line": 1, "column": 3}], "extensions": {"code": "UNAVAILABLE"}}], "data": null}`)
				legacy.Expect(t, http.StatusServiceUnavailable, `{"ret": 1, "msg": "服务暂时不可用，请稍后再试"}`)
				// Each failed operation (midway, legacy) logged once.
				if n := strings.Count(s.Log.String(), `"msg":"resolver error"`); n != 2 {
					t.Errorf("%d resolver errors logged, want 2:\n%s", n, s.Log)
				}
				return
			}
			between.Expect(t, http.StatusOK, usersAnswer)
			midway.Expect(t, http.StatusOK, usersAnswer)
			legacy.Expect(t, http.StatusOK, `{"ret": 0, "retlist": []}`)
			// Answered after a retry: nothing failed, nothing to log or count.
			if strings.Contains(s.Log.String(), `"msg":"resolver error"`) {
				t.Errorf("a read answered after a retry logged an error:\n%s", s.Log)
			}
			if m := s.Do(t, "", http.MethodGet, "/metrics", nil); strings.Contains(m.Body, `onegraph_graphql_errors_total{code="UNAVAILABLE"}`) {
				t.Errorf("a read answered after a retry counted an error")
			}
		})
	}
}

// shopClerk signs in an account whose shop role holds the right to list
// users: unlike the super-admin's, its rights are read from the database,
// once per request, by a loader that keeps what it read (errors included).
func shopClerk(t *testing.T, s *apptest.Server) string {
	t.Helper()
	return s.TokenFor(t, s.ShopStaff(t, "clerk", 110))
}

// dropAtSecondStatement drops the connections of the application named
// when the next request's second statement (after its session check) is
// about to run.
func dropAtSecondStatement(t *testing.T, s *apptest.Server, url, name string) {
	var n atomic.Int32
	s.Statements.Before(func(string) {
		if n.Add(1) != 2 {
			return
		}
		// Not t.Fatal: this runs on the server's goroutine.
		if dropped, err := dropConnections(url, name); err != nil || dropped == 0 {
			t.Errorf("dropped %d connections in mid-request (%v)", dropped, err)
		}
	})
}

// applicationName is the name s's connections give Postgres: the scratch
// schema's, unlike any other test's.
func applicationName(t *testing.T, s *apptest.Server) string {
	t.Helper()
	var name string
	if err := s.App.DB.NewRaw("SELECT current_setting('application_name')").Scan(context.Background(), &name); err != nil {
		t.Fatal(err)
	}
	return name
}

// dropConnections terminates, from a connection of its own, every backend
// of the application named, as a restart of Postgres does, and returns how
// many it dropped.
func dropConnections(url, name string) (int, error) {
	ctx := context.Background()
	admin, err := db.OpenPostgres(url)
	if err != nil {
		return 0, err
	}
	defer admin.Close()
	var dropped int
	if err := admin.NewRaw(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = ? AND pid <> pg_backend_pid()`, name).Scan(ctx, &dropped); err != nil {
		return 0, err
	}
	// pg_terminate_backend only signals: wait until the backends are gone,
	// but for the reminder listener's, which comes back at once (a new
	// connection's first statement is its LISTEN).
	for range 100 {
		var left int
		if err := admin.NewRaw(`SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND query NOT LIKE 'LISTEN %'`,
			name).Scan(ctx, &left); err != nil || left == 0 {
			return dropped, err
		}
		time.Sleep(10 * time.Millisecond)
	}
	return dropped, errors.New("the dropped connections did not go away")
}
