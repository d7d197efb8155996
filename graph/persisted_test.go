package graph_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/graph"
)

func sha256Hex(doc string) string {
	sum := sha256.Sum256([]byte(doc))
	return hex.EncodeToString(sum[:])
}

// byHash is the extensions member that names a document by its hash, as
// Apollo's clients send it.
func byHash(hash string) map[string]any {
	return map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}
}

// postPersisted posts a request that names its document by hash, with the
// document when query is not empty.
func postPersisted(t *testing.T, s *apptest.Server, token, hash, query string, vars map[string]any) apptest.Response {
	t.Helper()
	body := map[string]any{"extensions": byHash(hash), "variables": vars}
	if query != "" {
		body["query"] = query
	}
	authorization := ""
	if token != "" {
		authorization = "Bearer " + token
	}
	return s.Do(t, authorization, http.MethodPost, "/graphql", body)
}

const (
	meQuery         = `query Me { me { username } }`
	meAnswer        = `{"data": {"me": {"username": "admin"}}}`
	pqNotFound      = `{"errors": [{"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}], "data": null}`
	wrongHash       = `{"errors": [{"message": "the hash is not the SHA-256 of the query: send the hash of the query's exact text", "extensions": {"code": "INVALID_INPUT"}}], "data": null}`
	untrustedErrors = `[{"message": "this server runs only its trusted documents: send one by its SHA-256 in extensions.persistedQuery.sha256Hash or documentId", ` +
		`"extensions": {"code": "FORBIDDEN", "reason": "UNTRUSTED_DOCUMENT"}}]`
	untrustedOp = `{"errors": ` + untrustedErrors + `, "data": null}`
)

// Automatic Persisted Queries: a hash the server does not know answers
// PersistedQueryNotFound; the document sent with its hash runs and is
// registered; from then on the hash alone runs it, over POST or GET.
func TestAutomaticPersistedQueries(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := s.AdminToken(t)
	hash := sha256Hex(meQuery)

	postPersisted(t, s, token, hash, "", nil).Expect(t, http.StatusOK, pqNotFound)
	postPersisted(t, s, token, hash, meQuery, nil).Expect(t, http.StatusOK, meAnswer)
	postPersisted(t, s, token, hash, "", nil).Expect(t, http.StatusOK, meAnswer)

	t.Run("over GET", func(t *testing.T) {
		ext, _ := json.Marshal(byHash(hash))
		s.Do(t, "Bearer "+token, http.MethodGet, "/graphql?"+url.Values{"extensions": {string(ext)}}.Encode(), nil).
			Expect(t, http.StatusOK, meAnswer)
		const other = `query MyName { me { username } }`
		ext, _ = json.Marshal(byHash(sha256Hex(other)))
		get := "/graphql?" + url.Values{"extensions": {string(ext)}}.Encode()
		s.Do(t, "Bearer "+token, http.MethodGet, get, nil).Expect(t, http.StatusOK, pqNotFound)
		s.Do(t, "Bearer "+token, http.MethodGet, get+"&"+url.Values{"query": {other}}.Encode(), nil).Expect(t, http.StatusOK, meAnswer)
		s.Do(t, "Bearer "+token, http.MethodGet, get, nil).Expect(t, http.StatusOK, meAnswer)

		// A GET with the session cookie alone needs a preflight header, as any GET does (csrf.go).
		signin := s.Client(t).Do(http.MethodPost, "/api/mgr/signin", apptest.Form("username=admin&password="+apptest.AdminPassword))
		cookie := (&http.Response{Header: signin.Header}).Cookies()
		if len(cookie) != 1 || cookie[0].Name != auth.SessionCookie {
			t.Fatalf("the sign-in set cookies %v", cookie)
		}
		for header, status := range map[string]int{"": http.StatusBadRequest, "X-Apollo-Operation-Name": http.StatusOK} {
			req, _ := http.NewRequest(http.MethodGet, s.URL+get, nil)
			req.AddCookie(cookie[0])
			if header != "" {
				req.Header.Set(header, "MyName")
			}
			if r := apptest.RoundTrip(t, http.DefaultClient, req); r.Status != status {
				t.Errorf("a GET by hash with the cookie and header %q answered %d %s, want %d", header, r.Status, r.Body, status)
			}
		}
	})

	t.Run("a hash that is not the query's is refused, and registers nothing", func(t *testing.T) {
		const query = `query Username { me { username } }`
		other := sha256Hex("something else")
		postPersisted(t, s, token, other, query, nil).Expect(t, http.StatusOK, wrongHash)
		postPersisted(t, s, token, other, "", nil).Expect(t, http.StatusOK, pqNotFound)
		postPersisted(t, s, token, sha256Hex(query), "", nil).Expect(t, http.StatusOK, pqNotFound)
	})

	t.Run("a document the limits or validation refuse is not registered", func(t *testing.T) {
		deep := `{ shopCategories { items { children { children { children { children { children { id } } } } } } } }`
		postPersisted(t, s, token, sha256Hex(deep), deep, nil).Expect(t, http.StatusUnprocessableEntity,
			refused("DEPTH_LIMIT", "the operation is nested deeper than 6 levels"))
		postPersisted(t, s, token, sha256Hex(deep), "", nil).Expect(t, http.StatusOK, pqNotFound)
		const typo = `{ mee { id } }`
		if r := postPersisted(t, s, token, sha256Hex(typo), typo, nil); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("an invalid document answered %d %s", r.Status, r.Body)
		}
		postPersisted(t, s, token, sha256Hex(typo), "", nil).Expect(t, http.StatusOK, pqNotFound)
	})

	t.Run("a document the cost limit refuses is not registered", func(t *testing.T) {
		const costly = `query Costly { pharmaOrders(paging: {page: 1, size: 1000}) { items { lines { medicine { name } } } } }`
		postPersisted(t, s, token, sha256Hex(costly), costly, nil).Expect(t, http.StatusUnprocessableEntity,
			refused("COMPLEXITY_LIMIT", "the operation costs 21001, more than 5000: ask for smaller pages or fewer lists"))
		postPersisted(t, s, token, sha256Hex(costly), "", nil).Expect(t, http.StatusOK, pqNotFound)
	})

	t.Run("a registered document is priced with each request's variables", func(t *testing.T) {
		const orders = `query Orders($n: Int!) { pharmaOrders(paging: {page: 1, size: $n}) { items { lines { medicine { name } } } } }`
		postPersisted(t, s, token, sha256Hex(orders), orders, map[string]any{"n": 10}).
			Expect(t, http.StatusOK, `{"data": {"pharmaOrders": {"items": []}}}`)
		postPersisted(t, s, token, sha256Hex(orders), "", map[string]any{"n": 300}).Expect(t, http.StatusUnprocessableEntity,
			refused("COMPLEXITY_LIMIT", "the operation costs 6301, more than 5000: ask for smaller pages or fewer lists"))
	})

	t.Run("a malformed persistedQuery is refused", func(t *testing.T) {
		for ext, msg := range map[string]string{
			`{"persistedQuery": {"version": 2, "sha256Hash": "` + hash + `"}}`: "persisted query version 2 is not supported: send version 1",
			`{"persistedQuery": {"version": 1, "sha256Hash": "abc"}}`:          `a persisted document is named by the SHA-256 of its text: 64 hex digits in extensions.persistedQuery.sha256Hash, or documentId \"sha256:<hex>\"`,
			`{"persistedQuery": "` + hash + `"}`:                               `a persisted document is named by the SHA-256 of its text: 64 hex digits in extensions.persistedQuery.sha256Hash, or documentId \"sha256:<hex>\"`,
		} {
			s.Do(t, "Bearer "+token, http.MethodPost, "/graphql", `{"extensions": `+ext+`}`).Expect(t, http.StatusOK,
				`{"errors": [{"message": "`+msg+`", "extensions": {"code": "INVALID_INPUT"}}], "data": null}`)
		}
	})
}

// An anonymous introspection query, refused when introspection is off for
// anonymous callers, is not registered by its hash either.
func TestAPQDoesNotRegisterHiddenIntrospection(t *testing.T) {
	t.Parallel()
	s := apptest.New(t, func(c *app.Config) { c.Limits.HideSchema = true })
	const schema = `{ __schema { queryType { name } } }`
	forbidden := `{"errors": [{"message": "introspection is off for anonymous callers: sign in to read the schema", "extensions": {"code": "FORBIDDEN"}}], "data": null}`
	postPersisted(t, s, "", sha256Hex(schema), schema, nil).Expect(t, http.StatusOK, forbidden)
	postPersisted(t, s, s.AdminToken(t), sha256Hex(schema), "", nil).Expect(t, http.StatusOK, pqNotFound)
}

// documentId, the GraphQL-over-HTTP member naming a persisted document: a
// null one names none, one that is not a string is refused.
func TestDocumentIDThatIsNotAString(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := s.AdminToken(t)
	const typename = `{ __typename }`
	s.Do(t, "Bearer "+token, http.MethodPost, "/graphql", `{"query": "{ __typename }", "documentId": null}`).
		Expect(t, http.StatusOK, `{"data": {"__typename": "Query"}}`)
	s.Do(t, "Bearer "+token, http.MethodPost, "/graphql", map[string]any{"query": typename, "extensions": byHash(sha256Hex(typename)), "documentId": nil}).
		Expect(t, http.StatusOK, `{"data": {"__typename": "Query"}}`)
	for _, id := range []string{`5`, `{"sha256": "` + sha256Hex(typename) + `"}`} {
		s.Do(t, "Bearer "+token, http.MethodPost, "/graphql", `{"query": "{ __typename }", "documentId": `+id+`}`).Expect(t, http.StatusBadRequest,
			`{"errors": [{"message": "documentId is a string: \"sha256:<hex>\"", "extensions": {"code": "INVALID_INPUT"}}]}`)
	}
}

// The documents clients register are kept within their budget, least
// recently used first out: a dropped one must be sent again.
func TestAPQDropsDocumentsPastItsBudget(t *testing.T) {
	t.Parallel()
	const first, second = `query First { me { username } }`, `query Other { me { username } }`
	// Room for one of them (a document is counted with its hash and its entry).
	s := apptest.New(t, func(c *app.Config) { c.Limits.APQCacheBytes = int64(len(first)+64) + graph.APQEntryOverhead })
	token := s.AdminToken(t)
	postPersisted(t, s, token, sha256Hex(first), first, nil).Expect(t, http.StatusOK, meAnswer)
	postPersisted(t, s, token, sha256Hex(first), "", nil).Expect(t, http.StatusOK, meAnswer)
	postPersisted(t, s, token, sha256Hex(second), second, nil).Expect(t, http.StatusOK, meAnswer)
	postPersisted(t, s, token, sha256Hex(second), "", nil).Expect(t, http.StatusOK, meAnswer)
	postPersisted(t, s, token, sha256Hex(first), "", nil).Expect(t, http.StatusOK, pqNotFound)
}

// writeManifest writes a trusted documents manifest of these documents and
// returns its path.
func writeManifest(t *testing.T, docs ...string) string {
	t.Helper()
	manifest := map[string]string{}
	for _, doc := range docs {
		manifest[sha256Hex(doc)] = doc
	}
	raw, _ := json.Marshal(manifest)
	path := filepath.Join(t.TempDir(), "persisted-documents.json")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// In trusted documents mode only the manifest's documents run, by hash or
// sent whole; any other is refused, and cannot be registered; the schema
// can still be read; the legacy routes, whose operations the server
// registers itself, answer as ever.
func TestTrustedDocuments(t *testing.T) {
	t.Parallel()
	const login = `mutation SignIn($u: String!, $p: String!) { login(input: {username: $u, password: $p, app: PHARMA}) { account { username } } }`
	s := apptest.New(t, func(c *app.Config) { c.TrustedDocuments = writeManifest(t, meQuery, login) })
	admin, err := s.App.Stores.Accounts.ByUsername(t.Context(), "admin")
	if err != nil {
		t.Fatal(err)
	}
	token := s.TokenFor(t, admin) // the test's own sign-in is not in the manifest

	t.Run("a manifest document runs by its hash", func(t *testing.T) {
		postPersisted(t, s, token, sha256Hex(meQuery), "", nil).Expect(t, http.StatusOK, meAnswer)
		postPersisted(t, s, "", sha256Hex(login), "", map[string]any{"u": "admin", "p": apptest.AdminPassword}).
			Expect(t, http.StatusOK, `{"data": {"login": {"account": {"username": "admin"}}}}`)
	})
	t.Run("and sent whole, with its hash or without", func(t *testing.T) {
		postPersisted(t, s, token, sha256Hex(meQuery), meQuery, nil).Expect(t, http.StatusOK, meAnswer)
		s.PostGraphQL(t, token, meQuery, nil).Expect(t, http.StatusOK, meAnswer)
	})
	t.Run("and over GET", func(t *testing.T) {
		ext, _ := json.Marshal(byHash(sha256Hex(meQuery)))
		s.Do(t, "Bearer "+token, http.MethodGet, "/graphql?"+url.Values{"extensions": {string(ext)}}.Encode(), nil).
			Expect(t, http.StatusOK, meAnswer)
	})
	t.Run("and by documentId, the GraphQL-over-HTTP way", func(t *testing.T) {
		id := "sha256:" + sha256Hex(meQuery)
		s.Do(t, "Bearer "+token, http.MethodPost, "/graphql", map[string]any{"documentId": id, "extensions": map[string]any{"trace": true}}).
			Expect(t, http.StatusOK, meAnswer)
		s.Do(t, "Bearer "+token, http.MethodGet, "/graphql?"+url.Values{"documentId": {id}}.Encode(), nil).Expect(t, http.StatusOK, meAnswer)
		s.Do(t, "Bearer "+token, http.MethodPost, "/graphql", map[string]any{"documentId": "sha256:" + sha256Hex("{ me { id } }")}).
			Expect(t, http.StatusOK, pqNotFound)
		s.Do(t, "Bearer "+token, http.MethodPost, "/graphql", map[string]any{"documentId": "Me"}).Expect(t, http.StatusOK,
			`{"errors": [{"message": "a persisted document is named by the SHA-256 of its text: 64 hex digits in extensions.persistedQuery.sha256Hash, `+
				`or documentId \"sha256:<hex>\"", "extensions": {"code": "INVALID_INPUT"}}], "data": null}`)
	})

	const other = `query MeAgain { me { username } }`
	t.Run("any other document is refused", func(t *testing.T) {
		s.PostGraphQL(t, token, other, nil).Expect(t, http.StatusOK, untrustedOp)
		s.PostGraphQL(t, token, `{ __typename me { username } }`, nil).Expect(t, http.StatusOK, untrustedOp)
		s.Do(t, "Bearer "+token, http.MethodGet, "/graphql?"+url.Values{"query": {other}}.Encode(), nil).Expect(t, http.StatusOK, untrustedOp)
		for _, doc := range []string{
			`{ __schema: me { username } }`,
			`{ __typename ... on Query { me { username } } }`,
			`query { __typename ...Me } fragment Me on Query { me { username } }`,
			`mutation { __typename }`,
			`{ __schema { queryType { name } } } mutation M { __typename }`,
		} {
			s.PostGraphQL(t, token, doc, nil).Expect(t, http.StatusOK, untrustedOp)
		}
	})
	t.Run("before it is validated or cached", func(t *testing.T) {
		// A validation error would map the schema ("Did you mean").
		s.PostGraphQL(t, "", `{ secretThing }`, nil).Expect(t, http.StatusOK, untrustedOp)
		s.PostGraphQL(t, "", `{ __schema { nothing } }`, nil).Expect(t, http.StatusUnprocessableEntity,
			`{"errors": [{"message": "Cannot query field \"nothing\" on type \"__Schema\".", "locations": [{"line": 1, "column": 14}],
			  "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}], "data": null}`)
		if graph.ParsedDocumentCached(s.App.Exec, other) {
			t.Error("a refused document is in the parsed-document cache")
		}
	})
	t.Run("and a client cannot register it", func(t *testing.T) {
		postPersisted(t, s, token, sha256Hex(other), "", nil).Expect(t, http.StatusOK, pqNotFound)
		postPersisted(t, s, token, sha256Hex(other), other, nil).Expect(t, http.StatusOK, untrustedOp)
		postPersisted(t, s, token, sha256Hex(other), "", nil).Expect(t, http.StatusOK, pqNotFound)
	})
	t.Run("a hash that is not the query's is refused", func(t *testing.T) {
		postPersisted(t, s, token, sha256Hex(meQuery), other, nil).Expect(t, http.StatusOK, wrongHash)
	})
	t.Run("on a websocket too", func(t *testing.T) {
		ws := s.DialWS(t, nil)
		ws.Init(map[string]any{"Authorization": "Bearer " + token})
		ws.Subscribe("1", `subscription { orderReminders { id } }`, nil)
		ws.Expect(`{"id":"1","type":"next","payload":` + untrustedOp + `}`)
		ws.Expect(`{"id":"1","type":"complete"}`)
	})
	t.Run("introspection runs, as INTROSPECTION says", func(t *testing.T) {
		s.PostGraphQL(t, "", `{ __schema { queryType { name } } }`, nil).Expect(t, http.StatusOK, `{"data": {"__schema": {"queryType": {"name": "Query"}}}}`)
		s.PostGraphQL(t, "", `query Q { t: __type(name: "Query") { ...Named } } fragment Named on __Type { name }`, nil).
			Expect(t, http.StatusOK, `{"data": {"t": {"name": "Query"}}}`)
	})
	t.Run("the legacy routes answer", func(t *testing.T) {
		legacy := s.Client(t)
		legacy.Do(http.MethodPost, "/api/mgr/signin", apptest.Form("username=admin&password="+apptest.AdminPassword)).
			Expect(t, http.StatusOK, `{"ret":0,"msg":"登录成功"}`)
		legacy.Do(http.MethodGet, "/api/mgr/profile?action=get_my_profile", nil).
			Expect(t, http.StatusOK, `{"ret":0,"profile":{"nickname":null,"birthdate":null,"bio":null}}`)
		legacy.Do(http.MethodGet, "/api/mgr/customers?action=list_customer", nil).
			Expect(t, http.StatusOK, `{"ret":0,"retlist":[]}`)
	})
}
