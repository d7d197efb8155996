package app_test

import (
	"net/http"
	"testing"

	"github.com/onegraph/server/apptest"
)

// When the database goes away, every surface says so in its own format:
// a session that cannot be checked, and an operation that cannot run.
func TestUnreachableDatabaseAnswersInEachCallersFormat(t *testing.T) {
	s := apptest.New(t)
	pharma := s.Client(t)
	pharma.Do(http.MethodPost, "/api/mgr/signin", apptest.Form("username=admin&password="+apptest.AdminPassword)).
		Expect(t, http.StatusOK, `{"ret": 0, "msg": "登录成功"}`)
	shopToken := s.ShopLogin(t, "admin", apptest.AdminPassword)
	graphToken := s.AdminToken(t)
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

	const unavailable = `{"errors": [{"message": "the database is unavailable, try again later",
		"extensions": {"code": "UNAVAILABLE"}}], "data": null}`
	s.Do(t, "Bearer "+graphToken, http.MethodPost, "/graphql", map[string]any{"query": "{ me { username } }"}).
		Expect(t, http.StatusServiceUnavailable, unavailable)
	r := s.GraphQL(t, "", `mutation { login(input: {username: "admin", password: "x", app: PHARMA}) { token } }`, nil)
	if r.Code() != "UNAVAILABLE" {
		t.Errorf("anonymous login on a closed database: %+v, want UNAVAILABLE", r.Errors)
	}
}
