package graph_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
)

// refused is the answer to a document over a limit: one error naming the
// limit by its code, no data.
func refused(code, message string) string {
	return fmt.Sprintf(`{"errors": [{"message": %q, "extensions": {"code": %q}}], "data": null}`, message, code)
}

// The worst anonymous documents the hardening review sent are refused by a
// limit before validation (which is what they made expensive), each with
// its own code; bench/ times them.
func TestHostileDocumentsAreRefusedByALimit(t *testing.T) {
	s := apptest.New(t)
	for _, doc := range apptest.HostileDocuments() {
		t.Run(doc.Name, func(t *testing.T) {
			want := refused(doc.Code, doc.Message)
			if doc.Code == "INVALID_INPUT" {
				want = fmt.Sprintf(`{"errors": [{"message": %q, "extensions": {"code": "INVALID_INPUT", "reason": "TOO_LARGE"}}]}`, doc.Message)
			}
			s.PostGraphQL(t, "", doc.Query(0), nil).Expect(t, doc.Status, want)
		})
	}
}

// Documents within the size limits that ask for too much, signed in or not.
func TestOperationsOverALimitAreRefused(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	unpagedOrders := func(alias string) string {
		return alias + `: pharmaOrders { items { lines { medicine { name } } } } `
	}
	for _, tc := range []struct {
		name, token, query string
		code, message      string
	}{
		// Each costs its page object + 100 orders × (1 + 10 lines × (1 + a medicine)).
		{"3 aliases of an unpaged list", token, "{ " + unpagedOrders("a") + unpagedOrders("b") + unpagedOrders("c") + "}",
			"COMPLEXITY_LIMIT", "the operation costs 6303, more than 5000: ask for smaller pages or fewer lists"},
		{"51 directives", "", "{ me { " + strings.Repeat("id @x ", 51) + "} }",
			"DIRECTIVE_LIMIT", "the document uses more than 50 directives"},
		{"7 levels deep", token, "{ shopCategories { items { children { children { children { children { children { id } } } } } } } }",
			"DEPTH_LIMIT", "the operation is nested deeper than 6 levels"},
		{"two logins", "", `mutation { a: login(input: {username: "admin", password: "1"}) { token } b: login(input: {username: "admin", password: "2"}) { token } }`,
			"ALIAS_LIMIT", "login may be asked once per operation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.PostGraphQL(t, tc.token, tc.query, nil).Expect(t, http.StatusUnprocessableEntity, refused(tc.code, tc.message))
		})
	}
}

// A client's standard introspection query nests deeper than operations may
// (its type references follow ofType seven levels down) and passes; the
// same depth elsewhere does not.
func TestIntrospectionHasItsOwnDepth(t *testing.T) {
	s := apptest.New(t)
	typeRef := "kind name"
	for range 7 {
		typeRef = "kind name ofType { " + typeRef + " }"
	}
	query := `{ __schema { types { name fields { name args { name type { ` + typeRef + ` } } type { ` + typeRef + ` } } } } }`
	if r := s.GraphQL(t, "", query, nil); len(r.Errors) > 0 {
		t.Fatalf("introspection refused: %+v", r.Errors)
	}
	deeper := "name"
	for range 13 {
		deeper = "ofType { " + deeper + " }"
	}
	deeper = `{ __schema { types { fields { type { ` + deeper + ` } } } } }`
	s.PostGraphQL(t, "", deeper, nil).Expect(t, http.StatusUnprocessableEntity,
		refused("DEPTH_LIMIT", "the operation is nested deeper than 15 levels"))
}

// With introspection off, anonymous callers see neither the schema nor
// suggestions of field names; signed-in callers keep both.
func TestIntrospectionCanBeTurnedOffForAnonymousCallers(t *testing.T) {
	s := apptest.New(t, func(c *app.Config) { c.Limits.HideSchema = true })
	token := s.AdminToken(t)
	const schema = `{ __schema { queryType { name } } }`
	s.PostGraphQL(t, "", schema, nil).Expect(t, http.StatusOK,
		`{"errors": [{"message": "introspection is off for anonymous callers: sign in to read the schema", "extensions": {"code": "FORBIDDEN"}}], "data": null}`)
	s.PostGraphQL(t, token, schema, nil).Expect(t, http.StatusOK, `{"data": {"__schema": {"queryType": {"name": "Query"}}}}`)

	const typo = `{ mee { id } }`
	s.PostGraphQL(t, "", typo, nil).Expect(t, http.StatusUnprocessableEntity,
		`{"errors": [{"message": "Cannot query field \"mee\" on type \"Query\".", "locations": [{"line": 1, "column": 3}],
		  "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}], "data": null}`)
	s.PostGraphQL(t, token, typo, nil).Expect(t, http.StatusUnprocessableEntity,
		`{"errors": [{"message": "Cannot query field \"mee\" on type \"Query\". Did you mean \"me\"?", "locations": [{"line": 1, "column": 3}],
		  "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}], "data": null}`)
}

// slowStatements delays every statement run under a deadline (an
// operation's, not the session check's) past that deadline.
type slowStatements struct{ by time.Duration }

func (h slowStatements) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	if _, ok := ctx.Deadline(); ok {
		time.Sleep(h.by)
	}
	return ctx
}

func (slowStatements) AfterQuery(context.Context, *bun.QueryEvent) {}

// An operation that runs past its deadline answers TIMEOUT.
func TestAnOperationPastItsDeadlineAnswersTimeout(t *testing.T) {
	s := apptest.New(t, func(c *app.Config) { c.Limits.Deadline = 20 * time.Millisecond })
	// (signing in is an operation too: bcrypt alone takes longer)
	admin, err := s.App.Stores.Accounts.ByUsername(context.Background(), "admin")
	if err != nil {
		t.Fatal(err)
	}
	token := s.TokenFor(t, admin)
	s.App.DB.AddQueryHook(slowStatements{by: 50 * time.Millisecond})
	s.PostGraphQL(t, token, `{ pharmaOrders { total } }`, nil).Expect(t, http.StatusOK,
		`{"errors": [{"message": "the operation ran past its deadline", "path": ["pharmaOrders"], "locations": [{"line": 1, "column": 3}], "extensions": {"code": "TIMEOUT"}}], "data": null}`)
}

// A body over the limit is refused with a code, whether it says its length
// (then unread: the answer comes while the client has sent almost nothing)
// or comes in chunks.
func TestABodyOverTheLimitIsRefusedWithACode(t *testing.T) {
	s := apptest.New(t)
	body := `{"query": "{ me { id } }", "extensions": {"padding": "` + strings.Repeat("x", 2<<20) + `"}}`
	want := `{"errors": [{"message": "the request body is larger than 1048576 bytes", "extensions": {"code": "INVALID_INPUT", "reason": "TOO_LARGE"}}]}`
	for name, reader := range map[string]func() io.Reader{
		"with its length": func() io.Reader { return strings.NewReader(body) },
		"chunked":         func() io.Reader { return io.MultiReader(strings.NewReader(body)) },
	} {
		t.Run(name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, s.URL+"/graphql", reader())
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			apptest.RoundTrip(t, http.DefaultClient, req).Expect(t, http.StatusRequestEntityTooLarge, want)
		})
	}
	t.Run("unread", func(t *testing.T) {
		conn, err := net.Dial("tcp", s.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{", 2<<20)
		conn.SetReadDeadline(time.Now().Add(5 * time.Second)) //nolint:errcheck // a missed deadline fails the read
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("no answer before the body: %v", err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		apptest.Response{Status: resp.StatusCode, Body: string(b)}.Expect(t, http.StatusRequestEntityTooLarge, want)
	})
}

// A request that is not GraphQL over HTTP is refused with a code.
func TestARequestNoTransportTakesIsRefusedWithACode(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	req, err := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader("{ me { id } }"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "text/plain")
	req.Header.Set("Authorization", "Bearer "+token)
	apptest.RoundTrip(t, http.DefaultClient, req).Expect(t, http.StatusBadRequest,
		`{"errors": [{"message": "a POST with Content-Type \"text/plain\" is not a GraphQL request: POST application/json, GET, or a multipart upload",
		  "extensions": {"code": "INVALID_INPUT"}}]}`)
}
