package graph_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
)

// With the database gone, a signed-in request cannot have its session
// checked: it is answered 503 with one GraphQL error and no data, as the
// operation never ran.
func TestSignedInRequestWithDatabaseClosedIs503Unavailable(t *testing.T) {
	// Reads wait for the database to come back (app.Config.ReadRetry), here
	// briefly: it never does.
	s := apptest.New(t, func(c *app.Config) { c.ReadRetry = 100 * time.Millisecond })
	token := s.AdminToken(t)
	if err := s.App.DB.Close(); err != nil {
		t.Fatal(err)
	}
	r := s.PostGraphQL(t, token, `{ me { username } }`, nil)
	status, body := r.Status, r.Body
	const want = `{"errors":[{"message":"the database is unavailable, try again later","extensions":{"code":"UNAVAILABLE"}}]}` + "\n"
	if status != http.StatusServiceUnavailable || body != want {
		t.Errorf("status %d, body %q; want 503, %q", status, body, want)
	}
}

// An anonymous operation that reaches the closed database fails as
// UNAVAILABLE, not INTERNAL.
func TestAnonymousLoginWithDatabaseClosedIsUnavailable(t *testing.T) {
	s := apptest.New(t)
	if err := s.App.DB.Close(); err != nil {
		t.Fatal(err)
	}
	r := s.PostGraphQL(t, "", `mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p, app: PHARMA}) { token } }`,
		map[string]any{"u": "admin", "p": apptest.AdminPassword})
	want := `{"errors":[{"message":"the database is unavailable, try again later","path":["login"],"locations":[{"line":1,"column":38}],"extensions":{"code":"UNAVAILABLE"}}],"data":null}`
	r.Expect(t, http.StatusOK, want)
}
