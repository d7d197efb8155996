package graph_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/onegraph/server/apptest"
)

// postRaw posts an operation to /graphql and returns the status and the
// body exactly as written.
func postRaw(t *testing.T, s *apptest.Server, token, query string, vars map[string]any) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

// With the database gone, a signed-in request cannot have its session
// checked: it is answered 503 with one GraphQL error and no data, as the
// operation never ran.
func TestSignedInRequestWithDatabaseClosedIs503Unavailable(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	if err := s.App.DB.Close(); err != nil {
		t.Fatal(err)
	}
	status, body := postRaw(t, s, token, `{ me { username } }`, nil)
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
	status, body := postRaw(t, s, "", `mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p, app: PHARMA}) { token } }`,
		map[string]any{"u": "admin", "p": apptest.AdminPassword})
	want := `{"errors":[{"message":"the database is unavailable, try again later","path":["login"],"locations":[{"line":1,"column":38}],"extensions":{"code":"UNAVAILABLE"}}],"data":null}`
	if status != http.StatusOK {
		t.Errorf("status %d, want 200", status)
	}
	apptest.EqualJSON(t, body, want)
}
