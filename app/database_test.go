package app_test

import (
	"fmt"
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
			s := apptest.New(t, func(c *app.Config) { c.StatementsPerRequest = limit })
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
			s := apptest.New(t, func(c *app.Config) { c.StatementsPerRequest = limit })
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
