package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/seed"
)

// Every list takes the same arguments: an optional paging, the same left
// out or sent as null (the schema's default page where it gives one, every
// row otherwise), and its search text as search or as query, the name it
// had before, kept deprecated.

// listsServer is a server with the demo data, and the tokens of the admin
// and of 华南销售部's employee miaomiao (the restaurants are a group's).
func listsServer(t *testing.T) (s *apptest.Server, admin, south string) {
	t.Helper()
	s = apptest.New(t)
	if err := seed.Demo(context.Background(), s.App.Stores); err != nil {
		t.Fatal(err)
	}
	return s, s.AdminToken(t), s.MerchantsLogin(t, "miaomiao", apptest.DemoPassword)
}

const searchConflict = `search %q and query %q differ: query is the deprecated name of search, send search alone`

func TestListsTakeSearchOrTheDeprecatedQuery(t *testing.T) {
	t.Parallel()
	s, admin, south := listsServer(t)
	for _, c := range []struct {
		list, token, doc, text, want string
	}{
		{"shopGoodsList", admin, `query($s: String, $q: String) { l: shopGoodsList(search: $s, query: $q) { total items { name } } }`,
			"海信 55英寸", `{"l":{"total":1,"items":[{"name":"海信 55英寸 4K 曲面智能电视"}]}}`},
		{"shopGoodsListConnection", admin, `query($s: String, $q: String) { l: shopGoodsListConnection(search: $s, query: $q) {
			totalCount edges { node { name } } } }`,
			"海信 55英寸", `{"l":{"totalCount":1,"edges":[{"node":{"name":"海信 55英寸 4K 曲面智能电视"}}]}}`},
		{"shopUsers", admin, `query($s: String, $q: String) { l: shopUsers(search: $s, query: $q) { total items { username } } }`,
			"zhu", `{"l":{"total":1,"items":[{"username":"zhuguan"}]}}`},
		{"shopOrders", admin, `query($s: String, $q: String) { l: shopOrders(filter: {search: $s, query: $q}) { total items { number } } }`,
			"g7kmck", `{"l":{"total":1,"items":[{"number":"itany-g7kmck71vjaujfgoi"}]}}`},
		{"shopOrdersConnection", admin, `query($s: String, $q: String) { l: shopOrdersConnection(filter: {search: $s, query: $q}) {
			totalCount edges { node { number } } } }`,
			"g7kmck", `{"l":{"totalCount":1,"edges":[{"node":{"number":"itany-g7kmck71vjaujfgoi"}}]}}`},
		{"restaurants", south, `query($s: String, $q: String) { l: restaurants(filter: {search: $s, query: $q}) { total items { id } } }`,
			"K073692", `{"l":{"total":2,"items":[{"id":"312203"},{"id":"312202"}]}}`},
		{"restaurantsConnection", south, `query($s: String, $q: String) { l: restaurantsConnection(filter: {search: $s, query: $q}) {
			totalCount edges { node { id } } } }`,
			"K073692", `{"l":{"totalCount":2,"edges":[{"node":{"id":"312203"}},{"node":{"id":"312202"}}]}}`},
	} {
		t.Run(c.list, func(t *testing.T) {
			all := do(t, s, c.token, c.doc, nil)
			for _, vars := range []map[string]any{
				{"s": c.text}, {"q": c.text}, {"s": c.text, "q": c.text}, {"s": c.text, "q": nil}, {"s": nil, "q": c.text},
			} {
				got := do(t, s, c.token, c.doc, vars)
				apptest.EqualJSON(t, got, c.want)
				if got == all {
					t.Errorf("%v: the search did not narrow the list: %s", vars, got)
				}
			}
			msg := fails(t, s, c.token, c.doc, map[string]any{"s": c.text, "q": c.text + "x"}, `{"code":"INVALID_INPUT"}`)
			if want := fmt.Sprintf(searchConflict, c.text, c.text+"x"); msg != want {
				t.Errorf("message %q, want %q", msg, want)
			}
		})
	}
	// The export links to the search it was given: checked as the list is.
	fails(t, s, south, `{ restaurantsExport(filter: {search: "a", query: "b"}) { url } }`, nil, `{"code":"INVALID_INPUT"}`)
	if r := s.GraphQL(t, south, `{ restaurantsExport(filter: {query: "K073692"}) { url } }`, nil); len(r.Errors) > 0 ||
		!strings.Contains(string(r.Data), `"url":"/custommanage/list?export=1\u0026download_token=`) {
		t.Errorf("export by the deprecated query: %s %+v", r.Data, r.Errors)
	}
}

// The whole answer of a conflict, as a client reads it.
func TestListSearchConflictAnswer(t *testing.T) {
	t.Parallel()
	s, admin, _ := listsServer(t)
	s.PostGraphQL(t, admin, `{ shopUsers(search: "zhu", query: "tes") { total } }`, nil).Expect(t, http.StatusOK,
		`{"errors":[{"message":"search \"zhu\" and query \"tes\" differ: query is the deprecated name of search, send search alone",
			"path":["shopUsers"],"locations":[{"line":1,"column":3}],"extensions":{"code":"INVALID_INPUT"}}],"data":null}`)
}

// Left out, sent as null or as a null variable, paging reads the same: the
// list's default page where the schema gives one, every row otherwise.
func TestListPagingLeftOutOrNull(t *testing.T) {
	t.Parallel()
	s, admin, south := listsServer(t)
	// 25 enterprises more than the demo's 5: more than the default page.
	for i := range 25 {
		e := &db.Enterprise{Name: fmt.Sprintf("企业 %02d", i), CreatedAt: time.Now()}
		if _, err := s.App.DB.NewInsert().Model(e).Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		list, token  string
		items, total int
	}{
		// Every row: no default page.
		{"pharmaCustomers", admin, 3, 3},
		{"shopCategories", admin, 3, 3},
		{"shopOrders", admin, 3, 3},
		// The default page: paging was PageInput! with this default, or
		// was required (a page of 20, priced so in cost_test.go).
		{"shopGoodsList", admin, 8, 8},
		{"shopUsers", admin, 3, 3},
		{"restaurants", south, 10, 38},
		{"enterprises", admin, 20, 30},
	} {
		t.Run(c.list, func(t *testing.T) {
			page := func(args string) string { return `{ l: ` + c.list + args + ` { total items { __typename } } }` }
			left := do(t, s, c.token, page(""), nil)
			if n := strings.Count(left, "__typename"); n != c.items || get(t, left, "l", "total") != fmt.Sprint(c.total) {
				t.Errorf("left out: %d items of %s, want %d of %d", n, get(t, left, "l", "total"), c.items, c.total)
			}
			apptest.EqualJSON(t, do(t, s, c.token, page("(paging: null)"), nil), left)
			apptest.EqualJSON(t, do(t, s, c.token, "query($p: PageInput) "+page("(paging: $p)"), map[string]any{"p": nil}), left)
		})
	}
}

// Introspection shows query deprecated next to search, on the arguments
// and on the filters' fields, and hides it unless deprecated ones are
// asked for.
func TestListQueryIsDeprecated(t *testing.T) {
	t.Parallel()
	s, admin, _ := listsServer(t)
	const field = `name isDeprecated deprecationReason`
	data := do(t, s, admin, `{
		q: __type(name: "Query") { fields { name args(includeDeprecated: true) { `+field+` } } }
		r: __type(name: "RestaurantFilter") { inputFields(includeDeprecated: true) { `+field+` } }
		o: __type(name: "ShopOrderFilter") { inputFields(includeDeprecated: true) { `+field+` } }
		shown: __type(name: "ShopOrderFilter") { inputFields { name } }
	}`, nil)
	var got struct {
		Q struct {
			Fields []struct {
				Name string
				Args []json.RawMessage
			}
		}
		R, O  struct{ InputFields []json.RawMessage }
		Shown struct{ InputFields []struct{ Name string } }
	}
	if err := json.Unmarshal([]byte(data), &got); err != nil {
		t.Fatal(err)
	}
	const (
		search = `{"name":"search","isDeprecated":false,"deprecationReason":null}`
		query  = `{"name":"query","isDeprecated":true,"deprecationReason":"Use ` + "`search`" + `."}`
	)
	args := map[string]string{}
	for _, f := range got.Q.Fields {
		for _, a := range f.Args {
			if strings.Contains(string(a), `"name":"query"`) || strings.Contains(string(a), `"name":"search"`) {
				args[f.Name] += string(a)
			}
		}
	}
	for _, list := range []string{"shopGoodsList", "shopGoodsListConnection", "shopUsers"} {
		apptest.EqualJSON(t, "["+strings.Replace(args[list], "}{", "},{", 1)+"]", "["+search+","+query+"]")
	}
	for name, fields := range map[string][]json.RawMessage{"RestaurantFilter": got.R.InputFields, "ShopOrderFilter": got.O.InputFields} {
		if len(fields) < 2 {
			t.Fatalf("%s: %d input fields", name, len(fields))
		}
		apptest.EqualJSON(t, "["+string(fields[0])+","+string(fields[1])+"]", "["+search+","+query+"]")
	}
	for _, f := range got.Shown.InputFields {
		if f.Name == "query" {
			t.Error("ShopOrderFilter shows its deprecated query to a client that does not ask for deprecated fields")
		}
	}
}
