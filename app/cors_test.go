package app_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
)

// preflight sends a browser's CORS preflight for a POST to /graphql with
// these request headers, and returns the answer's CORS headers.
func preflight(t *testing.T, s *apptest.Server, origin, headers string) map[string]string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodOptions, s.URL+"/graphql", nil)
	req.Header.Set("Origin", origin)
	req.Header.Set("Access-Control-Request-Method", http.MethodPost)
	req.Header.Set("Access-Control-Request-Headers", headers)
	r := apptest.RoundTrip(t, http.DefaultClient, req)
	if r.Status != http.StatusOK {
		t.Errorf("preflight: status %d", r.Status)
	}
	got := map[string]string{}
	for name, v := range r.Header {
		if strings.HasPrefix(name, "Access-Control-") {
			got[name] = strings.Join(v, ",")
		}
	}
	return got
}

func equalHeaders(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %v, want %v", what, got, want)
		return
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s: %q, want %q", what, k, got[k], v)
		}
	}
}

// A browser on another origin may send what GraphQL clients send (Apollo's
// CSRF-prevention and client-awareness headers, a request id) besides the
// token and the content type; CORS_HEADERS allows more; nothing else passes.
func TestCORSPreflightAllowsGraphQLClientHeaders(t *testing.T) {
	t.Parallel()
	const clientHeaders = "content-type,authorization,apollo-require-preflight,x-apollo-operation-name," +
		"apollographql-client-name,apollographql-client-version,x-request-id,graphql-require-preflight"
	s := apptest.New(t)
	equalHeaders(t, "GraphQL client", preflight(t, s, "https://shop.example", clientHeaders), map[string]string{
		"Access-Control-Allow-Origin":  "*",
		"Access-Control-Allow-Methods": "POST",
		"Access-Control-Allow-Headers": "Content-Type, Authorization, Apollo-Require-Preflight, X-Apollo-Operation-Name, " +
			"Apollographql-Client-Name, Apollographql-Client-Version, X-Request-Id, Graphql-Require-Preflight",
		"Access-Control-Max-Age": "300",
	})
	// A header not allowed: the browser gets no permission, and sends nothing.
	equalHeaders(t, "unknown header", preflight(t, s, "https://shop.example", "content-type,x-tenant"), map[string]string{})

	configured := apptest.New(t, func(c *app.Config) {
		c.CORSOrigins = []string{"https://shop.example"}
		c.CORSHeaders = []string{"X-Tenant"}
	})
	equalHeaders(t, "configured header", preflight(t, configured, "https://shop.example", "content-type,x-tenant"), map[string]string{
		"Access-Control-Allow-Origin":  "https://shop.example",
		"Access-Control-Allow-Methods": "POST",
		"Access-Control-Allow-Headers": "Content-Type, X-Tenant",
		"Access-Control-Max-Age":       "300",
	})
	// The defaults stay when CORS_HEADERS adds to them.
	if got := preflight(t, configured, "https://shop.example", "x-apollo-operation-name")["Access-Control-Allow-Headers"]; got != "X-Apollo-Operation-Name" {
		t.Errorf("a default header next to a configured one: %q", got)
	}
	equalHeaders(t, "another origin", preflight(t, configured, "https://evil.example", "content-type"), map[string]string{})
}

// Every answer carries its request's id, the one its log line has: the
// client's X-Request-Id, or one the server made up; a browser on another
// origin may read it.
func TestAnswersCarryTheRequestID(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	for sent, want := range map[string]string{"client-id-42": "client-id-42", "": ""} {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "https://shop.example")
		if sent != "" {
			req.Header.Set("X-Request-Id", sent)
		}
		r := apptest.RoundTrip(t, http.DefaultClient, req)
		apptest.EqualJSON(t, r.Body, `{"data":{"__typename":"Query"}}`)
		if got := r.Header.Get("Access-Control-Expose-Headers"); got != "X-Request-Id" {
			t.Errorf("Access-Control-Expose-Headers: %q", got)
		}
		id := r.Header.Get("X-Request-Id")
		if want != "" && id != want || id == "" {
			t.Errorf("sent X-Request-Id %q, answered %q", sent, id)
		}
	}
}

// An empty list of CORS origins (CORS_ORIGINS set to nothing) lets no other
// origin in, over HTTP or a websocket; it does not mean any.
func TestEmptyCORSOriginsAllowNoOtherOrigin(t *testing.T) {
	t.Parallel()
	s := apptest.New(t, func(c *app.Config) { c.CORSOrigins = nil })
	equalHeaders(t, "preflight", preflight(t, s, "https://shop.example", "content-type"), map[string]string{})
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://shop.example")
	if r := apptest.RoundTrip(t, http.DefaultClient, req); r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("a POST from another origin may be read: %v", r.Header)
	}
	s.RefusedWS(t, http.Header{"Origin": {"https://shop.example"}}).Expect(t, http.StatusForbidden,
		`{"errors":[{"message":"a page of https://shop.example may not open a websocket here: it is not among the server's CORS origins","extensions":{"code":"FORBIDDEN"}}]}`)
	// The server's own pages and clients that are no browser still may.
	s.DialWS(t, http.Header{"Origin": {s.URL}})
	s.DialWS(t, nil)
}
