package graph_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/onegraph/server/apptest"
)

// getGraphQL sends an operation as GET /graphql?query=...&variables=...
func getGraphQL(t *testing.T, s *apptest.Server, token string, params url.Values) (int, apptest.GraphQLResponse) {
	t.Helper()
	authorization := ""
	if token != "" {
		authorization = "Bearer " + token
	}
	r := s.Do(t, authorization, http.MethodGet, "/graphql?"+params.Encode(), nil)
	var out apptest.GraphQLResponse
	if err := json.Unmarshal([]byte(r.Body), &out); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return r.Status, out
}

func TestGraphQLOverGET(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := s.AdminToken(t)
	do(t, s, token, customerKind.createQ(), map[string]any{"in": customerKind.vars("Over GET", "")})

	t.Run("query with variables", func(t *testing.T) {
		status, r := getGraphQL(t, s, token, url.Values{
			"query":     {`query($s: String) { me { username } pharmaCustomers(search: $s) { total items { name } } }`},
			"variables": {`{"s": "over"}`},
		})
		if status != http.StatusOK || len(r.Errors) > 0 {
			t.Fatalf("status %d, errors %+v", status, r.Errors)
		}
		apptest.EqualJSON(t, string(r.Data), `{"me":{"username":"admin"},"pharmaCustomers":{"total":1,"items":[{"name":"Over GET"}]}}`)
	})

	t.Run("access rules hold", func(t *testing.T) {
		_, r := getGraphQL(t, s, "", url.Values{"query": {`{ pharmaCustomers { total } }`}})
		expectError(t, r, signInFirst)
	})

	t.Run("no mutations", func(t *testing.T) {
		status, r := getGraphQL(t, s, token, url.Values{"query": {`mutation { deletePharmaCustomer(id: "1") }`}})
		if status == http.StatusOK || len(r.Errors) == 0 {
			t.Errorf("a mutation over GET answered %d %s %+v", status, r.Data, r.Errors)
		}
		apptest.EqualJSON(t, do(t, s, token, `{ pharmaCustomers { total } }`, nil), `{"pharmaCustomers":{"total":1}}`)
	})
}

func TestGraphiQLPage(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	resp, err := http.Get(s.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("content type %q, want text/html", ct)
	}
	page := string(body)
	for _, want := range []string{"<html", "graphiql", "OneGraph", "/graphql"} {
		if !strings.Contains(strings.ToLower(page), strings.ToLower(want)) {
			t.Errorf("the page does not mention %q", want)
		}
	}
}
