package app_test

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/onegraph/server/apptest"
)

// Every answer — GraphQL, legacy, health, files, the browser pages and
// their assets — carries the security headers; the pages (webui) have a CSP
// that lets run this server's scripts and their inline script by its hash,
// and nothing else, every other answer one that allows nothing.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	const apiCSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
	pages := map[string]bool{"/": true, "/openapi": true}
	for _, tc := range []struct {
		name, method, path, contentType, body string
	}{
		{"graphql", http.MethodPost, "/graphql", "application/json", `{"query":"{ __typename }"}`},
		{"graphql refusal", http.MethodPost, "/graphql", "text/plain", `x`},
		{"legacy shop", http.MethodPost, "/api/v2/login", "application/json", `{"username":"admin","password":"x"}`},
		{"legacy pharma", http.MethodPost, "/api/mgr/signin", "application/x-www-form-urlencoded", "username=admin&password=x"},
		{"health", http.MethodGet, "/healthz", "", ""},
		{"missing file", http.MethodGet, "/uploads/nothing.png", "", ""},
		{"missing page asset", http.MethodGet, "/ui/assets/0000/graphiql.min.js", "", ""},
		{"playground", http.MethodGet, "/", "", ""},
		{"openapi viewer", http.MethodGet, "/openapi", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, s.URL+tc.path, strings.NewReader(tc.body))
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			h := resp.Header
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Frame-Options") != "DENY" {
				t.Errorf("headers %v", h)
			}
			if !pages[tc.path] {
				if got := h.Get("Content-Security-Policy"); got != apiCSP {
					t.Errorf("CSP %q, want %q", got, apiCSP)
				}
				return
			}
			csp := directives(h.Get("Content-Security-Policy"))
			inline := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindAllStringSubmatch(string(body), -1)
			if len(inline) != 1 {
				t.Fatalf("the page has %d inline scripts: %.500s", len(inline), body)
			}
			sum := sha256.Sum256([]byte(inline[0][1]))
			for name, want := range map[string][]string{
				"script-src":      {"'self'", "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"},
				"style-src":       {"'self'", "'unsafe-inline'"},
				"default-src":     {"'none'"},
				"frame-ancestors": {"'none'"},
				"connect-src":     {"'self'"},
			} {
				if !slices.Equal(csp[name], want) {
					t.Errorf("%s %q, want %q", name, csp[name], want)
				}
			}
		})
	}
}

// directives splits a CSP into its directives' sources.
func directives(csp string) map[string][]string {
	out := map[string][]string{}
	for d := range strings.SplitSeq(csp, ";") {
		if f := strings.Fields(d); len(f) > 0 {
			out[f[0]] = f[1:]
		}
	}
	return out
}
