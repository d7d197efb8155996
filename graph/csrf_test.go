package graph_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/auth"
)

// A GraphQL request authenticated by the session cookie alone runs only if
// a browser could not have sent it from another site's page without a
// preflight: a JSON content type, or one of the preflight headers. A
// bearer token needs neither. The legacy pharma client, which signs in
// with a form and sends the cookie with plain requests, works as before.
func TestCookieRequestsNeedAPreflight(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	legacy := s.Client(t)
	signin := legacy.Do(http.MethodPost, "/api/mgr/signin", apptest.Form("username=admin&password="+apptest.AdminPassword))
	signin.Expect(t, http.StatusOK, `{"ret":0,"msg":"登录成功"}`)
	var cookie string
	for _, c := range (&http.Response{Header: signin.Header}).Cookies() {
		if c.Name == auth.SessionCookie {
			cookie = c.Value
		}
	}
	if cookie == "" {
		t.Fatalf("the form sign-in set no %s cookie: %v", auth.SessionCookie, signin.Header)
	}
	withCookie := func(extra ...string) http.Header {
		h := http.Header{"Cookie": {auth.SessionCookie + "=" + cookie}}
		for i := 0; i < len(extra); i += 2 {
			h.Set(extra[i], extra[i+1])
		}
		return h
	}
	const (
		fileMap  = `{"0":["variables.f"]}`
		rejected = `{"errors":[{"message":"this request could come from another site's page (CSRF): send it with a JSON content type, ` +
			`or with a non-empty X-Apollo-Operation-Name, Apollo-Require-Preflight or GraphQL-Require-Preflight header","extensions":{"code":"CSRF_REJECTED"}}]}`
	)
	png := apptest.PNG(t, 4, 4)
	uploaded := func(t *testing.T, r apptest.Response) {
		t.Helper()
		var out apptest.GraphQLResponse
		if err := json.Unmarshal([]byte(r.Body), &out); err != nil || r.Status != http.StatusOK || len(out.Errors) > 0 {
			t.Fatalf("status %d: %.300s", r.Status, r.Body)
		}
		get(t, string(out.Data), "uploadImage", "tmpPath")
	}
	tmpUploads := func() int {
		entries, _ := os.ReadDir(filepath.Join(s.App.Config.DataDir, "tmp_uploads"))
		return len(entries)
	}

	t.Run("a multipart mutation with only the cookie is refused", func(t *testing.T) {
		send(t, multipartRequest(t, s, "/graphql", withCookie(), uploadOperations(t, 0), fileMap, png)).
			Expect(t, http.StatusBadRequest, rejected)
		if n := tmpUploads(); n != 0 {
			t.Errorf("%d files uploaded by refused requests", n)
		}
	})
	t.Run("the same with Apollo-Require-Preflight runs", func(t *testing.T) {
		uploaded(t, send(t, multipartRequest(t, s, "/graphql", withCookie("Apollo-Require-Preflight", "true"), uploadOperations(t, 0), fileMap, png)))
	})
	t.Run("a bearer token needs no preflight header", func(t *testing.T) {
		uploaded(t, send(t, multipartRequest(t, s, "/graphql", bearer(cookie), uploadOperations(t, 0), fileMap, png)))
	})

	query := url.Values{"query": {`{ me { username } }`}}.Encode()
	for _, tc := range []struct {
		name        string
		method      string
		contentType string
		header      http.Header
		status      int
		body        string
	}{
		{"a GET with only the cookie is refused", http.MethodGet, "", withCookie(), http.StatusBadRequest, rejected},
		{"a GET with GraphQL-Require-Preflight runs", http.MethodGet, "", withCookie("GraphQL-Require-Preflight", "1"), http.StatusOK,
			`{"data":{"me":{"username":"admin"}}}`},
		{"a text/plain POST with only the cookie is refused", http.MethodPost, "text/plain", withCookie(), http.StatusBadRequest, rejected},
		{"an empty preflight header does not count", http.MethodPost, "text/plain", withCookie("X-Apollo-Operation-Name", ""), http.StatusBadRequest, rejected},
		{"a JSON POST with the cookie runs", http.MethodPost, "application/json", withCookie(), http.StatusOK,
			`{"data":{"me":{"username":"admin"}}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target, body := s.URL+"/graphql?"+query, ""
			if tc.method == http.MethodPost {
				target, body = s.URL+"/graphql", `{"query":"{ me { username } }"}`
			}
			req, err := http.NewRequest(tc.method, target, strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header = tc.header
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			send(t, req).Expect(t, tc.status, tc.body)
		})
	}

	t.Run("browsers of other origins may send the preflight headers", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodOptions, s.URL+"/graphql", nil)
		req.Header.Set("Origin", "http://localhost:8081")
		req.Header.Set("Access-Control-Request-Method", http.MethodPost)
		req.Header.Set("Access-Control-Request-Headers", "apollo-require-preflight,graphql-require-preflight,x-apollo-operation-name")
		r := send(t, req)
		allowed := strings.ToLower(r.Header.Get("Access-Control-Allow-Headers"))
		for _, h := range []string{"apollo-require-preflight", "graphql-require-preflight", "x-apollo-operation-name"} {
			if r.Status != http.StatusOK || !strings.Contains(allowed, h) {
				t.Errorf("preflight %d allows %q, not %s", r.Status, allowed, h)
			}
		}
	})
	t.Run("the legacy client goes on with its cookie", func(t *testing.T) {
		legacy.Do(http.MethodGet, "/api/mgr/profile?action=get_my_profile", nil).Expect(t, http.StatusOK, `{"ret":0,"profile":{"nickname":null,"birthdate":null,"bio":null}}`)
	})
}
