package app_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
)

// When the database goes away, every legacy surface says so in its own
// envelope: a session that cannot be checked, and an operation that cannot
// run (graph/unavailable_test.go covers /graphql).
func TestUnreachableDatabaseAnswersInTheLegacyEnvelopes(t *testing.T) {
	// Reads wait for the database to come back (app.Config.ReadRetry), here
	// briefly: it never does.
	s := apptest.New(t, func(c *app.Config) { c.ReadRetry = 100 * time.Millisecond })
	pharma := s.Client(t)
	pharma.Do(http.MethodPost, "/api/mgr/signin", apptest.Form("username=admin&password="+apptest.AdminPassword)).
		Expect(t, http.StatusOK, `{"ret": 0, "msg": "登录成功"}`)
	shopToken := s.ShopLogin(t, "admin", apptest.AdminPassword)
	if err := s.App.DB.Close(); err != nil {
		t.Fatal(err)
	}

	const down = "服务暂时不可用，请稍后再试"
	pharma.Do(http.MethodGet, "/api/mgr/customers?action=list_customer", nil).
		Expect(t, http.StatusServiceUnavailable, `{"ret": 1, "msg": "`+down+`"}`)
	s.Do(t, shopToken, http.MethodGet, "/api/v2/users?pagenum=1&pagesize=5", nil).
		Expect(t, http.StatusOK, apptest.ShopFailure(503, down))
	// Sign-in is public: no session to check, the operation meets the closed database.
	s.Do(t, "", http.MethodPost, "/api/v2/login", map[string]any{"username": "admin", "password": "x"}).
		Expect(t, http.StatusOK, apptest.ShopFailure(503, down))
	s.Client(t).Do(http.MethodPost, "/api/mgr/signin", apptest.Form("username=admin&password=x")).
		Expect(t, http.StatusServiceUnavailable, `{"ret": 1, "msg": "`+down+`"}`)
}
