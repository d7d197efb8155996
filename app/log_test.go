package app_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
)

// requestLines are the log lines of the answer's request, without what
// changes from run to run (time, duration, bytes), which they must have.
func requestLines(t *testing.T, s *apptest.Server, r apptest.Response) []map[string]any {
	t.Helper()
	id := r.Header.Get(middleware.RequestIDHeader)
	lines := s.Log.Request(t, id)
	for _, line := range lines {
		if line["time"] == nil {
			t.Errorf("line without a time: %v", line)
		}
		delete(line, "time")
		if line["msg"] == "request" {
			if _, ok := line["duration"].(float64); !ok {
				t.Errorf("request line without a duration: %v", line)
			}
			if line["bytes"] != float64(len(r.Body)) {
				t.Errorf("request line bytes %v, the answer has %d", line["bytes"], len(r.Body))
			}
			delete(line, "duration")
			delete(line, "bytes")
		}
	}
	return lines
}

func equalLines(t *testing.T, got []map[string]any, want string) {
	t.Helper()
	raw, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	apptest.EqualJSON(t, string(raw), want)
}

// A resolver that fails is logged once, as JSON, with its request's id,
// and its request line names the operation that ran.
func TestFailingResolverIsLoggedOnceWithTheRequestID(t *testing.T) {
	s := apptest.New(t, func(c *app.Config) { c.ReadRetry = 100 * time.Millisecond })
	s.LogDefault(t)
	token := s.AdminToken(t)
	if err := s.App.DB.Close(); err != nil {
		t.Fatal(err)
	}
	r := s.PostGraphQL(t, "", `mutation SignIn($u: String!, $p: String!) { login(input: {username: $u, password: $p, app: PHARMA}) { token } }`,
		map[string]any{"u": "admin", "p": apptest.AdminPassword})
	id := r.Header.Get(middleware.RequestIDHeader)
	equalLines(t, requestLines(t, s, r), `[
		{"level": "ERROR", "msg": "resolver error", "err": "sql: database is closed", "path": "login", "code": "UNAVAILABLE", "request_id": "`+id+`"},
		{"level": "INFO", "msg": "request", "method": "POST", "path": "/graphql", "route": "/graphql", "status": 200,
			"operation": "SignIn", "operation_type": "mutation", "request_id": "`+id+`"}]`)

	// A session the store cannot check: logged once, and no operation runs.
	r = s.PostGraphQL(t, token, `query Me { me { username } }`, nil)
	id = r.Header.Get(middleware.RequestIDHeader)
	equalLines(t, requestLines(t, s, r), `[
		{"level": "ERROR", "msg": "session check failed", "err": "sql: database is closed", "request_id": "`+id+`"},
		{"level": "INFO", "msg": "request", "method": "POST", "path": "/graphql", "route": "/graphql", "status": 503, "request_id": "`+id+`"}]`)
}

// A legacy route names both its pattern and the operation it ran; the
// error of that operation is logged once, not again by the compat layer,
// and so is a session the store could not check.
func TestLegacyRouteFailureIsLoggedOnce(t *testing.T) {
	s := apptest.New(t, func(c *app.Config) { c.ReadRetry = 100 * time.Millisecond })
	s.LogDefault(t)
	token := s.ShopLogin(t, "admin", apptest.AdminPassword)
	r := s.Do(t, token, http.MethodGet, "/api/v2/goods/1", nil)
	id := r.Header.Get(middleware.RequestIDHeader)
	equalLines(t, requestLines(t, s, r), `[
		{"level": "INFO", "msg": "request", "method": "GET", "path": "/api/v2/goods/1", "route": "/api/v2/goods/{id}", "status": 200,
			"operation": "ShopGoods", "operation_type": "query", "request_id": "`+id+`"}]`)
	if err := s.App.DB.Close(); err != nil {
		t.Fatal(err)
	}

	r = s.Do(t, "", http.MethodPost, "/api/v2/login", map[string]any{"username": "admin", "password": "x"})
	id = r.Header.Get(middleware.RequestIDHeader)
	equalLines(t, requestLines(t, s, r), `[
		{"level": "ERROR", "msg": "resolver error", "err": "sql: database is closed", "path": "login", "code": "UNAVAILABLE", "request_id": "`+id+`"},
		{"level": "INFO", "msg": "request", "method": "POST", "path": "/api/v2/login", "route": "/api/v2/login", "status": 200,
			"operation": "ShopLogin", "operation_type": "mutation", "request_id": "`+id+`"}]`)

	// The session cannot be checked: no operation runs.
	r = s.Do(t, token, http.MethodGet, "/api/v2/users?pagenum=1&pagesize=5", nil)
	id = r.Header.Get(middleware.RequestIDHeader)
	equalLines(t, requestLines(t, s, r), `[
		{"level": "ERROR", "msg": "session check failed", "err": "sql: database is closed", "request_id": "`+id+`"},
		{"level": "INFO", "msg": "request", "method": "GET", "path": "/api/v2/users", "route": "/api/v2/users", "status": 200,
			"request_id": "`+id+`"}]`)
}

// No password, token or secret reaches the log: not at start, not from a
// sign-in (right or wrong), an account or merchant created with a
// password, nor a request's Authorization header.
func TestSecretsAreNeverLogged(t *testing.T) {
	const jwtSecret = "jwt-secret-never-logged"
	s := apptest.New(t, func(c *app.Config) { c.JWTSecret = jwtSecret })
	s.LogDefault(t)
	s.SeedMerchants(t)
	secrets := []string{jwtSecret, apptest.AdminPassword, "wrong-password-1", "shop-user-password-2", "merchant-password-3"}

	token := s.AdminToken(t)
	secrets = append(secrets, token)
	s.Do(t, "", http.MethodPost, "/api/v2/login", map[string]any{"username": "admin", "password": "wrong-password-1"})
	s.Client(t).Do(http.MethodPost, "/api/mgr/signin", apptest.Form("username=admin&password=wrong-password-1"))
	s.PostGraphQL(t, "", `mutation { login(input: {username: "admin", password: "wrong-password-1", app: PHARMA}) { token } }`, nil)
	shopToken := s.ShopLogin(t, "admin", apptest.AdminPassword)
	secrets = append(secrets, strings.TrimPrefix(shopToken, "Bearer "))
	s.Do(t, shopToken, http.MethodGet, "/api/v2/users?pagenum=1&pagesize=5", nil)
	s.GraphQL(t, token, `mutation($in: CreateShopUserInput!) { createShopUser(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"username": "newuser", "password": "shop-user-password-2"}})
	s.GraphQL(t, token, `mutation($in: AddRestaurantInput!) { addRestaurant(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"merchant": map[string]any{"username": "newmerchant", "password": "merchant-password-3", "companyName": "公司"},
		"name":     "店", "receiverName": "收", "receiverPhone": "1", "cityCode": "440300",
		"areaId": "30100000000", "streetId": "30100100000", "address": "1号"}})
	// A request that fails inside, with a token and a password: its error is logged.
	s.App.DB.Close()
	s.PostGraphQL(t, token, `mutation { login(input: {username: "admin", password: "wrong-password-1", app: PHARMA}) { token } }`, nil)
	r := s.PostGraphQL(t, "", `mutation { login(input: {username: "admin", password: "wrong-password-1", app: PHARMA}) { token } }`, nil)
	s.Log.Request(t, r.Header.Get(middleware.RequestIDHeader)) // the last line is in

	logged := s.Log.String()
	if !strings.Contains(logged, `"msg":"resolver error"`) {
		t.Fatalf("the failing request logged no error:\n%s", logged)
	}
	for _, secret := range secrets {
		if strings.Contains(logged, secret) {
			t.Errorf("the log holds %q:\n%s", secret, logged)
		}
	}
}

// A resolver's panic is logged once, with its stack and request id; the
// client sees INTERNAL.
func TestResolverPanicIsLoggedOnce(t *testing.T) {
	s := apptest.New(t)
	s.LogDefault(t)
	s.Statements.Before(func(string) { panic("boom") })
	r := s.PostGraphQL(t, "", `mutation SignIn { login(input: {username: "admin", password: "x", app: PHARMA}) { token } }`, nil)
	s.Statements.Before(nil)
	r.Expect(t, http.StatusOK, `{"errors":[{"message":"internal error","path":["login"],"extensions":{"code":"INTERNAL"}}],"data":null}`)
	lines := requestLines(t, s, r)
	if len(lines) == 2 {
		if stack, _ := lines[0]["stack"].(string); !strings.Contains(stack, "panic") {
			t.Errorf("the panic's line has no stack: %v", lines[0])
		}
		delete(lines[0], "stack")
	}
	id := r.Header.Get(middleware.RequestIDHeader)
	equalLines(t, lines, `[
		{"level": "ERROR", "msg": "resolver panic", "panic": "boom", "request_id": "`+id+`"},
		{"level": "INFO", "msg": "request", "method": "POST", "path": "/graphql", "route": "/graphql", "status": 200,
			"operation": "SignIn", "operation_type": "mutation", "request_id": "`+id+`"}]`)
}
