package app_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/onegraph/server/apptest"
)

// A GraphQL request and a legacy route each make one trace: the request's
// server span (continuing the caller's trace when it sends a traceparent),
// then the operation, the root field's resolver, the rights loader's batch
// and every statement, each under the request. An unknown path's span is
// named by its method alone, never the path.
func TestEachRequestIsOneTraceWithItsStatementsUnderIt(t *testing.T) {
	t.Parallel()
	spans := apptest.NewSpans()
	s := apptest.New(t, spans.Trace)
	// A role with the category list only (121): @hasRight loads its rights.
	token := s.TokenFor(t, s.ShopStaff(t, "traced-clerk", 121))
	const callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
	for _, tc := range []struct {
		name, method, path string
		body               string
		traceparent        string
		root, operation    string
		resolver           string
	}{
		{"graphql", http.MethodPost, "/graphql", `{"query": "query Categories { shopCategories { total } }"}`,
			"00-" + callerTrace + "-00f067aa0ba902b7-01", "POST /graphql query Categories", "query Categories", "Query.shopCategories"},
		{"legacy", http.MethodGet, "/api/v2/categories", "", "",
			"GET /api/v2/categories query ShopCategoryTree", "query ShopCategoryTree", "Query.shopCategories"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, s.URL+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			if tc.traceparent != "" {
				req.Header.Set("Traceparent", tc.traceparent)
			}
			got := spans.Of(t, func() {
				if r := apptest.RoundTrip(t, http.DefaultClient, req); r.Status != http.StatusOK {
					t.Fatalf("status %d: %s", r.Status, r.Body)
				}
			})
			byID := map[trace.SpanID]tracetest.SpanStub{}
			var roots []tracetest.SpanStub
			traces := map[string]bool{}
			for _, sp := range got {
				byID[sp.SpanContext.SpanID()] = sp
				traces[sp.SpanContext.TraceID().String()] = true
			}
			if len(traces) != 1 || tc.traceparent != "" && !traces[callerTrace] {
				t.Errorf("spans in traces %v, want one (the caller's %s, if it sent one)", traces, callerTrace)
			}
			for _, sp := range got {
				if _, in := byID[sp.Parent.SpanID()]; !in {
					roots = append(roots, sp)
				}
			}
			if len(roots) != 1 || roots[0].Name != tc.root || roots[0].SpanKind != trace.SpanKindServer || roots[0].Parent.IsValid() != (tc.traceparent != "") {
				t.Fatalf("want one root, the server span %q (under the caller's span if it sent one); roots: %v", tc.root, apptest.SpanNames(roots))
			}
			root := roots[0]
			// under tells whether sp is below the span named parent.
			under := func(sp tracetest.SpanStub, parent string) bool {
				for p, ok := byID[sp.Parent.SpanID()]; ok; p, ok = byID[p.Parent.SpanID()] {
					if p.Name == parent {
						return true
					}
				}
				return false
			}
			var statements, batchStatements int
			for _, sp := range got {
				switch {
				case sp.Name == root.Name:
				case sp.SpanKind == trace.SpanKindClient: // a statement
					statements++
					if !under(sp, root.Name) {
						t.Errorf("statement %q is not under the request", sp.Name)
					}
					if under(sp, "dataloader viewer_rights") {
						batchStatements++
					}
				case !under(sp, root.Name):
					t.Errorf("span %q is not under the request", sp.Name)
				}
			}
			want := map[string]string{tc.operation: root.Name, tc.resolver: tc.operation, "dataloader viewer_rights": tc.resolver}
			for name, parent := range want {
				if i := slices.IndexFunc(got, func(sp tracetest.SpanStub) bool { return sp.Name == name }); i < 0 || !under(got[i], parent) {
					t.Errorf("no span %q under %q in %v", name, parent, apptest.SpanNames(got))
				}
			}
			if statements == 0 || batchStatements != 1 {
				t.Errorf("%d statements, %d of them under the rights batch (want 1): %v", statements, batchStatements, apptest.SpanNames(got))
			}
		})
	}
	t.Run("unknown path", func(t *testing.T) {
		got := spans.Of(t, func() {
			s.Do(t, "", http.MethodGet, "/no/such/page/42", nil).Expect(t, http.StatusNotFound, `{"data": null, "meta": {"msg": "Not Found", "status": 404}}`)
		})
		if len(got) != 1 || got[0].Name != http.MethodGet {
			t.Errorf("spans %v, want one named GET", apptest.SpanNames(got))
		}
	})
}

// A span carries error codes, never error messages: a message may quote
// the value it refused, and that value may be a password (typed unquoted
// into a login) or a search text.
func TestSpansNeverHoldWhatTheCallerSent(t *testing.T) {
	t.Parallel()
	spans := apptest.NewSpans()
	s := apptest.New(t, spans.Trace)
	token := s.TokenFor(t, s.ShopStaff(t, "traced-goods-clerk", 104))
	for _, tc := range []struct {
		name, token, query, secret string
		status                     string // of the operation span
	}{
		{"unquoted password", "", `mutation { login(input: {username: "admin", password: 987654321, app: SHOP}) { token } }`,
			"987654321", "GRAPHQL_VALIDATION_FAILED"},
		{"wrong password", "", `mutation { login(input: {username: "admin", password: "wrong-pw-4711", app: SHOP}) { token } }`,
			"wrong-pw-4711", "UNAUTHENTICATED"},
		{"conflicting search", token, `{ shopGoodsList(search: "secret-a", query: "secret-b") { total } }`,
			"secret-", "INVALID_INPUT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := spans.Of(t, func() { s.PostGraphQL(t, tc.token, tc.query, nil) })
			var operation *tracetest.SpanStub
			for i, sp := range got {
				if all := fmt.Sprintf("%+v", sp); strings.Contains(all, tc.secret) {
					t.Errorf("span %q holds %q: %s", sp.Name, tc.secret, all)
				}
				if sp.SpanKind == trace.SpanKindInternal && sp.Parent.SpanID() == rootOf(got).SpanContext.SpanID() {
					operation = &got[i]
				}
			}
			if operation == nil {
				t.Fatalf("no operation span under the request: %s", apptest.SpanNames(got))
			}
			if operation.Status.Description != tc.status {
				t.Errorf("operation span %q status %q, want %q", operation.Name, operation.Status.Description, tc.status)
			}
		})
	}
}

// rootOf is the request's server span.
func rootOf(spans tracetest.SpanStubs) tracetest.SpanStub {
	for _, sp := range spans {
		if sp.SpanKind == trace.SpanKindServer {
			return sp
		}
	}
	return tracetest.SpanStub{}
}
