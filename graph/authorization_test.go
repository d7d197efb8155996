package graph_test

import (
	"net/http"
	"testing"

	"github.com/onegraph/server/apptest"
)

// The Authorization scheme is case-insensitive (RFC 7235): "bearer" and
// "BEARER" read as "Bearer".
func TestAuthorizationSchemeIgnoresCase(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := s.AdminToken(t)
	me := map[string]any{"query": `{ me { username role } }`}
	for _, scheme := range []string{"Bearer", "bearer", "BEARER"} {
		t.Run(scheme, func(t *testing.T) {
			s.Do(t, scheme+" "+token, http.MethodPost, "/graphql", me).
				Expect(t, http.StatusOK, `{"data":{"me":{"username":"admin","role":"ADMIN"}}}`)
		})
	}
	// Another scheme carries no token: the caller is anonymous.
	s.Do(t, "Basic "+token, http.MethodPost, "/graphql", me).Expect(t, http.StatusOK, `{"errors":[{"message":"sign in first",
		"path":["me"],"locations":[{"line":1,"column":3}],"extensions":{"code":"UNAUTHENTICATED"}}],"data":null}`)
}
