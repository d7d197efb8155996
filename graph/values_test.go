package graph_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/onegraph/server/apptest"
)

// Bad values are refused at the edge as INVALID_INPUT, on both stores, and
// nothing is written: a NUL (Postgres refuses it in text, which answered
// INTERNAL), invalid UTF-8 and lone surrogates (encoding/json would store
// U+FFFD), Ints beyond 32 bits (a page of 2^62 wrapped to page 1).

const (
	badText = `{"errors":[{"message":"a string must be valid UTF-8 without NUL characters","path":%s,` +
		`"extensions":{"code":"INVALID_INPUT"}}],"data":null}`
	createCustomer = `mutation($in: PharmaCustomerInput!) { createPharmaCustomer(input: $in) { id } }`
)

func TestBadTextIsRefused(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	sessions, customers := s.Rows(t, "sessions"), s.Rows(t, "pharma_customers")
	expect := func(r apptest.Response, path string) {
		t.Helper()
		r.Expect(t, http.StatusOK, strings.Replace(badText, "%s", path, 1))
	}

	login := `mutation($u: String!) { login(input: {username: $u, password: "x", app: PHARMA}) { token } }`
	expect(s.PostGraphQL(t, "", login, map[string]any{"u": "ad\x00min"}), `["login","input","username"]`)
	expect(s.PostGraphQL(t, "", `mutation { login(input: {username: "ad\u0000min", password: "x", app: PHARMA}) { token } }`, nil),
		`["login","input","username"]`)
	expect(s.PostGraphQL(t, token, createCustomer, map[string]any{"in": map[string]any{"name": "a\x00b", "phoneNumber": "1", "address": "x"}}),
		`["createPharmaCustomer","input","name"]`)

	// Raw JSON bodies: encoding/json reads these as U+FFFD.
	body := func(name string) string {
		return `{"query":"mutation($in: PharmaCustomerInput!) { createPharmaCustomer(input: $in) { id } }",` +
			`"variables":{"in":{"name":"` + name + `","phoneNumber":"1","address":"x"}}}`
	}
	for _, name := range []string{"a\xffb", `a\ud800b`, `a\udc00b`, `a\ud800\u0041b`} {
		expect(s.Do(t, "Bearer "+token, http.MethodPost, "/graphql", body(name)), `["createPharmaCustomer","input","name"]`)
	}
	// A surrogate pair, an escaped backslash before "ud800" and U+FFFD
	// itself are good text.
	for _, name := range []string{`\ud83d\ude00`, `\\ud800`, "\uFFFD"} {
		if r := s.Do(t, "Bearer "+token, http.MethodPost, "/graphql", body(name)); !strings.Contains(r.Body, `"id"`) {
			t.Errorf("%s refused: %s", name, r.Body)
		}
	}
	if n := s.Rows(t, "sessions"); n != sessions {
		t.Errorf("sessions %d, want %d", n, sessions)
	}
	if n := s.Rows(t, "pharma_customers"); n != customers+3 {
		t.Errorf("customers %d, want %d", n, customers+3)
	}
}

func TestIntsBeyond32BitsAreRefused(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	const pageMsg = `{"errors":[{"message":"Int must be a 32-bit signed integer: 4611686018427387904 overflows signed 32-bit integer",` +
		`"path":["pharmaCustomers","paging","page"],"extensions":{"code":"INVALID_INPUT"}}],"data":null}`
	list := `query($p: PageInput) { pharmaCustomers(paging: $p) { total } }`
	s.PostGraphQL(t, token, list, map[string]any{"p": map[string]any{"page": 1 << 62, "size": 10}}).Expect(t, http.StatusOK, pageMsg)
	s.PostGraphQL(t, token, `{ pharmaCustomers(paging: {page: 4611686018427387904, size: 10}) { total } }`, nil).
		Expect(t, http.StatusOK, pageMsg)

	// Beyond 64 bits gqlparser's own validation refuses a literal, and the
	// ID scalar an id (these held before; they pin the edges).
	s.PostGraphQL(t, token, `{ pharmaCustomers(paging: {page: 99999999999999999999, size: 10}) { total } }`, nil).
		Expect(t, http.StatusUnprocessableEntity, `{"errors":[{"message":"Int cannot represent non 32-bit signed integer value: 99999999999999999999",`+
			`"locations":[{"line":1,"column":34}],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}},`+
			`{"message":"Expected value of type \"PageInput\", found {page:99999999999999999999,size:10}.",`+
			`"locations":[{"line":1,"column":27}],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}],"data":null}`)
	s.PostGraphQL(t, token, `{ pharmaCustomer(id: "9223372036854775808") { id } }`, nil).Expect(t, http.StatusOK,
		`{"errors":[{"message":"9223372036854775808 is not an id","path":["pharmaCustomer","id"],"extensions":{"code":"INVALID_INPUT"}}],"data":null}`)

	customer := do(t, s, token, createCustomer, map[string]any{"in": map[string]any{"name": "c", "phoneNumber": "1", "address": "x"}})
	medicine := do(t, s, token, `mutation { createMedicine(input: {name: "m", sn: "1", description: "d"}) { id } }`, nil)
	orders, lines := s.Rows(t, "pharma_orders"), s.Rows(t, "pharma_order_lines")
	s.PostGraphQL(t, token, `mutation($in: CreatePharmaOrderInput!) { createPharmaOrder(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"name": "o", "customerId": get(t, customer, "createPharmaCustomer", "id"),
		"lines": []any{map[string]any{"medicineId": get(t, medicine, "createMedicine", "id"), "amount": int64(1<<63 - 1)}},
	}}).Expect(t, http.StatusOK, `{"errors":[{"message":"Int must be a 32-bit signed integer: 9223372036854775807 overflows signed 32-bit integer",`+
		`"path":["createPharmaOrder","input","lines",0,"amount"],"extensions":{"code":"INVALID_INPUT"}}],"data":null}`)
	if o, l := s.Rows(t, "pharma_orders"), s.Rows(t, "pharma_order_lines"); o != orders || l != lines {
		t.Errorf("orders %d lines %d, want %d %d", o, l, orders, lines)
	}
}
