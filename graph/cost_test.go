package graph

import (
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/onegraph/server/graph/generated"
)

// Lists cost their length times what an item costs: the page size under a
// paged field, @listSize where the schema declares it, the unpaged row
// count otherwise; objects cost 1, scalars and introspection nothing.
func TestCostPricesListsByTheirLength(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	limits := DefaultLimits
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
		want        int
	}{
		{"scalars", `{ me { id username } }`, nil, 1},
		{"a page: 1 + 50 × (order + customer + 10 lines × (line + medicine))",
			`query($p: PageInput) { pharmaOrders(paging: $p) { total items { id customer { name } lines { medicine { name } } } } }`,
			map[string]any{"p": map[string]any{"page": 1, "size": 50}}, 1101},
		{"unpaged: 100 rows", `{ pharmaOrders { items { id } } }`, nil, 101},
		{"a default page left out: 1 + 10 restaurants", `{ restaurants { items { id } } }`, nil, 11},
		{"a default page sent as null is the default page", `{ restaurants(paging: null) { items { id } } }`, nil, 11},
		{"a default page as a null variable is the default page", `query($p: PageInput) { restaurants(paging: $p) { items { id } } }`,
			map[string]any{"p": nil}, 11},
		{"no default page, sent as null: 100 rows", `{ pharmaCustomers(paging: null) { items { id } } }`, nil, 101},
		{"paging once required, left out: its default page of 20", `{ shopGoodsList { items { id } } }`, nil, 21},
		{"a page the service refuses costs nothing", `query($p: PageInput) { pharmaOrders(paging: $p) { items { id } } }`,
			map[string]any{"p": map[string]any{"page": 1, "size": 1001}}, 1},
		{"a connection: 1 + pageInfo + first 50 × (edge + order + customer + 10 lines × (line + medicine))",
			`query($n: Int!) { pharmaOrdersConnection(first: $n) { totalCount pageInfo { endCursor }
				edges { cursor node { id customer { name } lines { medicine { name } } } } } }`,
			map[string]any{"n": 50}, 1152},
		{"a connection's first left out: its default, 20", `{ pharmaOrdersConnection { edges { node { id } } } }`, nil, 41},
		{"a connection the service refuses costs nothing", `{ pharmaOrdersConnection(first: 1001) { edges { node { id } } } }`, nil, 1},
		{"a tree: 20 roles × (1 + 5 rights × (1 + 3 children))", `{ shopRoles { rights { children { id } } } }`, nil, 20 * (1 + 5*(1+3))},
		{"the sales report: 1 + 5 regions, whatever its days (lists of scalars cost nothing)",
			`{ shopSalesReport(days: 31) { days series { amounts } } }`, nil, 6},
		{"introspection", `{ __schema { types { fields { name } } } }`, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, errs := gqlparser.LoadQuery(schema, tc.query)
			if errs != nil {
				t.Fatal(errs)
			}
			got := coster{limits: limits, vars: tc.vars}.operation(doc.Operations[0])
			if got != tc.want {
				t.Errorf("cost %d, want %d", got, tc.want)
			}
		})
	}
}

// Only a connection's first is a page size: a list with an argument of
// that name that is not a connection is priced as any unpaged list.
func TestCostReadsFirstOnConnectionsOnly(t *testing.T) {
	schema := gqlparser.MustLoadSchema(&ast.Source{Name: "notes.graphqls", Input: `
		type Query { notes(first: String): [Note!]! notesConnection(first: Int): NoteConnection! }
		type Note { id: ID! }
		type NoteConnection { edges: [NoteEdge!]! }
		type NoteEdge { node: Note! }`})
	for query, want := range map[string]int{
		`{ notes(first: "a") { id } }`:                            DefaultLimits.UnpagedRows,
		`{ notes(first: "7") { id } }`:                            DefaultLimits.UnpagedRows,
		`{ notesConnection(first: 7) { edges { node { id } } } }`: 1 + 7*2,
	} {
		doc, errs := gqlparser.LoadQuery(schema, query)
		if errs != nil {
			t.Fatal(errs)
		}
		if got := (coster{limits: DefaultLimits}).operation(doc.Operations[0]); got != want {
			t.Errorf("%s: cost %d, want %d", query, got, want)
		}
	}
}
