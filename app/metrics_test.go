package app_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
)

// scrape fetches url (a /metrics) and answers the lines of the server's own
// metrics and its pool's, comments left out.
func scrape(t *testing.T, url string) []string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	r := apptest.RoundTrip(t, http.DefaultClient, req)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, r.Status, r.Body)
	}
	var lines []string
	for line := range strings.SplitSeq(r.Body, "\n") {
		if strings.HasPrefix(line, "onegraph_") || strings.HasPrefix(line, "go_sql_") {
			lines = append(lines, line)
		}
	}
	return lines
}

// expectLines fails t unless each wanted line is among lines, exactly.
func expectLines(t *testing.T, lines []string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(lines, w) {
			t.Errorf("no line\n\t%s\namong\n\t%s", w, strings.Join(lines, "\n\t"))
		}
	}
}

func TestMetrics(t *testing.T) {
	s := apptest.New(t)

	// A named query: counted and timed under its name and type.
	if r := s.GraphQL(t, "", `query Ping { __typename }`, nil); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	// A legacy route by its pattern, with the operation it runs; its
	// @hasRight check reads the viewer's rights through their loader.
	s.ShopStaff(t, "catalogue", 121)
	token := s.ShopLogin(t, "catalogue", apptest.StaffPassword)
	if r := s.Do(t, token, http.MethodGet, "/api/v2/categories?type=1", nil); r.Status != http.StatusOK {
		t.Fatalf("categories: %d %s", r.Status, r.Body)
	}
	// A refused sign-in: a login failure and an UNAUTHENTICATED error.
	if r := s.GraphQL(t, "", `mutation SignIn { login(input: {username: "admin", password: "wrong", app: PHARMA}) { token } }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("login: %+v", r)
	}
	// A path nothing serves: one label, never the path.
	if r := s.Do(t, "", http.MethodGet, "/no/such/thing-12345", nil); r.Status != http.StatusNotFound {
		t.Fatalf("unknown path: %d", r.Status)
	}

	lines := scrape(t, s.URL+"/metrics")
	expectLines(t, lines,
		`onegraph_http_requests_total{operation="Ping",route="/graphql",status="200",type="query"} 1`,
		`onegraph_http_request_duration_seconds_bucket{operation="Ping",route="/graphql",type="query",le="+Inf"} 1`,
		`onegraph_http_request_duration_seconds_count{operation="Ping",route="/graphql",type="query"} 1`,
		`onegraph_http_requests_total{operation="ShopLogin",route="/api/v2/login",status="200",type="mutation"} 1`,
		`onegraph_http_requests_total{operation="ShopCategoryTree",route="/api/v2/categories",status="200",type="query"} 1`,
		`onegraph_http_request_duration_seconds_count{operation="ShopCategoryTree",route="/api/v2/categories",type="query"} 1`,
		`onegraph_http_requests_total{operation="SignIn",route="/graphql",status="200",type="mutation"} 1`,
		`onegraph_http_requests_total{operation="",route="unmatched",status="404",type=""} 1`,
		`onegraph_graphql_errors_total{code="UNAUTHENTICATED"} 1`,
		`onegraph_login_failures_total{app="PHARMA",reason="BAD_CREDENTIALS"} 1`,
		`onegraph_dataloader_batch_keys_bucket{loader="viewer_rights",le="1"} 1`,
		`onegraph_dataloader_batch_keys_count{loader="viewer_rights"} 1`,
		`onegraph_dataloader_batch_keys_sum{loader="viewer_rights"} 1`,
		`onegraph_dataloader_batch_duration_seconds_count{loader="viewer_rights"} 1`,
		`go_sql_max_open_connections{db_name="onegraph"} `+fmt.Sprint(s.App.DB.Stats().MaxOpenConnections),
	)
	for _, l := range lines {
		if strings.Contains(l, "thing-12345") {
			t.Errorf("a raw path in a label: %s", l)
		}
	}
	// The scrape itself is a request like any other.
	expectLines(t, scrape(t, s.URL+"/metrics"),
		`onegraph_http_requests_total{operation="",route="/metrics",status="200",type=""} 1`)
}

// An anonymous caller may name operations as it likes: past the bound each
// new name counts as "other", so the series stay bounded.
func TestMetricsOperationNamesAreBounded(t *testing.T) {
	s := apptest.New(t, func(c *app.Config) { c.MetricsOperationNames = 3; c.Limits.HideSchema = true })
	post := func(body map[string]any) {
		t.Helper()
		s.Do(t, "", http.MethodPost, "/graphql", body)
	}
	// A name only claimed, by a document that does not parse, takes no place.
	post(map[string]any{"query": "query Ghost {", "operationName": "Ghost"})
	// Nor does one a check refused after parsing (introspection is hidden from anonymous callers).
	for i := range 3 {
		post(map[string]any{"query": fmt.Sprintf("query Peek%d { __schema { queryType { name } } }", i)})
	}
	for i := range 6 {
		name := fmt.Sprintf("Q%d", i)
		post(map[string]any{"query": "query " + name + " { __typename }"})
		post(map[string]any{"query": "query " + name + " { __typename }"}) // a kept name counts again
	}
	post(map[string]any{"query": "{ __typename }"})
	post(map[string]any{"query": "query X { __typename }", "operationName": "not a name!"})
	post(map[string]any{"query": "query " + strings.Repeat("a", 65) + " { __typename }"})
	// The legacy routes' operations are the server's: kept past the bound.
	s.Do(t, "", http.MethodPost, "/api/v2/login", map[string]any{"username": "nobody", "password": "wrong"})

	ops := map[string]bool{}
	var counts []string
	for _, l := range scrape(t, s.URL+"/metrics") {
		if strings.HasPrefix(l, "onegraph_http_requests_total{") && strings.Contains(l, `route="/graphql"`) {
			op := strings.SplitN(strings.SplitN(l, `operation="`, 2)[1], `"`, 2)[0]
			ops[op] = true
			counts = append(counts, l)
		}
	}
	want := []string{"", "Q0", "Q1", "Q2", "anonymous", "other"} // "": refused, no operation ran
	if got := slices.Sorted(func(yield func(string) bool) {
		for op := range ops {
			if !yield(op) {
				return
			}
		}
	}); !slices.Equal(got, want) {
		t.Errorf("operation labels %v, want %v", got, want)
	}
	expectLines(t, counts,
		`onegraph_http_requests_total{operation="Q2",route="/graphql",status="200",type="query"} 2`,
		`onegraph_http_requests_total{operation="other",route="/graphql",status="200",type="query"} 7`, // Q3–Q5 twice, 65 letters
		`onegraph_http_requests_total{operation="anonymous",route="/graphql",status="200",type="query"} 1`,
	)
	expectLines(t, scrape(t, s.URL+"/metrics"),
		`onegraph_http_requests_total{operation="ShopLogin",route="/api/v2/login",status="200",type="mutation"} 1`)
}

// /metrics asks for no login, but another origin's page may not read it,
// whatever origins the API allows.
func TestMetricsNotReadableCrossOrigin(t *testing.T) {
	s := apptest.New(t) // CORS_ORIGINS *
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/metrics", nil)
	req.Header.Set("Origin", "https://elsewhere.example")
	r := apptest.RoundTrip(t, http.DefaultClient, req)
	if r.Status != http.StatusOK || !strings.Contains(r.Body, `go_sql_max_open_connections{db_name="onegraph"}`) {
		t.Fatalf("GET /metrics: %d %s", r.Status, r.Body)
	}
	if got := r.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("Access-Control-Allow-Origin %q on /metrics", got)
	}
	// The API itself still answers other origins.
	req, _ = http.NewRequest(http.MethodGet, s.URL+"/healthz", nil)
	req.Header.Set("Origin", "https://elsewhere.example")
	if got := apptest.RoundTrip(t, http.DefaultClient, req).Header.Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("Access-Control-Allow-Origin %q on /healthz, want *", got)
	}
}

// With METRICS_ADDR, /metrics is served there alone, not on the main address.
func TestMetricsAddr(t *testing.T) {
	s := apptest.New(t, func(c *app.Config) { c.MetricsAddr = "127.0.0.1:0" })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, err := s.App.ServeMetrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Do(t, "", http.MethodGet, "/metrics", nil).Expect(t, http.StatusNotFound, `{"data":null,"meta":{"msg":"Not Found","status":404}}`)
	expectLines(t, scrape(t, "http://"+addr.String()+"/metrics"),
		`onegraph_http_requests_total{operation="",route="unmatched",status="404",type=""} 1`)
	req, _ := http.NewRequest(http.MethodGet, "http://"+addr.String()+"/graphql", nil)
	apptest.RoundTrip(t, http.DefaultClient, req).Expect(t, http.StatusNotFound, `{"data":null,"meta":{"msg":"Not Found","status":404}}`)
}
