package graph_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
)

// A connection case: a list's page field and its connection, asked for
// with the same filter and the same selection of a row (an id first).
type connectionCase struct {
	name, token string
	page, conn  string // the fields, with their filter arguments in parentheses
	args        string // the operation's variable definitions of the filter
	vars        map[string]any
	row         string // the selection of a row
	// sizes are the slices whose statements are counted: 5 and 50 unless
	// the fixture's first rows lack an edge that later ones have.
	sizes []int
}

func (c connectionCase) pageQuery() string {
	return fmt.Sprintf(`query($size: Int!%s) { l: %s { total items { %s } } }`, c.args, withArgs(c.page, "paging: {page: 1, size: $size}"), c.row)
}

func (c connectionCase) connQuery(total bool) string {
	count := ""
	if total {
		count = "totalCount"
	}
	return fmt.Sprintf(`query($first: Int!, $after: String%s) { l: %s { %s pageInfo { hasNextPage endCursor } edges { cursor node { %s } } } }`,
		c.args, withArgs(c.conn, "first: $first, after: $after"), count, c.row)
}

// withArgs adds arguments to a field written with or without its own.
func withArgs(field, args string) string {
	if name, own, ok := strings.Cut(field, "("); ok {
		return name + "(" + args + ", " + own
	}
	return field + "(" + args + ")"
}

func (c connectionCase) with(vars map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range c.vars {
		out[k] = v
	}
	for k, v := range vars {
		out[k] = v
	}
	return out
}

// pageIDs are the ids of the rows of the list's page field, in its order.
func (c connectionCase) pageIDs(t *testing.T, s *apptest.Server) []string {
	t.Helper()
	var d struct {
		L struct {
			Total int
			Items []struct{ ID string }
		}
	}
	decode(t, do(t, s, c.token, c.pageQuery(), c.with(map[string]any{"size": 1000})), &d)
	ids := make([]string, len(d.L.Items))
	for i, it := range d.L.Items {
		ids[i] = it.ID
	}
	return ids
}

type connectionSlice struct {
	L struct {
		TotalCount *int
		PageInfo   struct {
			HasNextPage bool
			EndCursor   *string
		}
		Edges []struct {
			Cursor string
			Node   struct{ ID string }
		}
	}
}

// walk reads the connection first rows at a time from its start, passing
// each slice's endCursor as after while hasNextPage, and returns the ids
// read in order. Every slice but the last is full, ends at its last edge's
// cursor, and counts total rows.
func (c connectionCase) walk(t *testing.T, s *apptest.Server, first, total int) []string {
	t.Helper()
	var ids []string
	var after any
	for range total + 2 {
		var d connectionSlice
		decode(t, do(t, s, c.token, c.connQuery(true), c.with(map[string]any{"first": first, "after": after})), &d)
		l := d.L
		if l.TotalCount == nil || *l.TotalCount != total {
			t.Fatalf("after %v: totalCount %v, want %d", after, l.TotalCount, total)
		}
		for _, e := range l.Edges {
			ids = append(ids, e.Node.ID)
		}
		if more := len(ids) < total; l.PageInfo.HasNextPage != more || (more && len(l.Edges) != first) {
			t.Fatalf("after %v: %d edges, hasNextPage %v, having read %d of %d", after, len(l.Edges), l.PageInfo.HasNextPage, len(ids), total)
		}
		if len(l.Edges) == 0 {
			if l.PageInfo.EndCursor != nil {
				t.Fatalf("an empty slice ends at %q", *l.PageInfo.EndCursor)
			}
			return ids
		}
		if end := l.Edges[len(l.Edges)-1].Cursor; l.PageInfo.EndCursor == nil || *l.PageInfo.EndCursor != end {
			t.Fatalf("endCursor %v, want the last edge's %q", l.PageInfo.EndCursor, end)
		}
		if !l.PageInfo.HasNextPage {
			return ids
		}
		after = *l.PageInfo.EndCursor
	}
	t.Fatalf("still more after %d slices of %d", total+2, first)
	return nil
}

func decode(t *testing.T, data string, into any) {
	t.Helper()
	if err := json.Unmarshal([]byte(data), into); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
}

// checkConnection walks a list's connection by first rows at a time and
// wants exactly its page field's rows in the same order; then a slice of
// 5 and of 50 costs the same statements, those of a page of 50 with its
// total.
func checkConnection(t *testing.T, s *apptest.Server, c connectionCase, firsts ...int) {
	t.Run(c.name, func(t *testing.T) {
		want := c.pageIDs(t, s)
		if len(want) < 50 {
			t.Fatalf("%d rows: the fixture is too small", len(want))
		}
		for _, first := range firsts {
			got := c.walk(t, s, first, len(want))
			if !slices.Equal(got, want) {
				t.Errorf("by %d:\n%v\nwant the page's\n%v", first, got, want)
			}
		}
		sizes := c.sizes
		if sizes == nil {
			sizes = []int{5, 50}
		}
		page := s.StatementsFor(func() { do(t, s, c.token, c.pageQuery(), c.with(map[string]any{"size": sizes[len(sizes)-1]})) })
		conn := s.SameStatementsAtAnySize(t, sizes, func(first int) {
			var d connectionSlice
			decode(t, do(t, s, c.token, c.connQuery(true), c.with(map[string]any{"first": first})), &d)
			if len(d.L.Edges) != first {
				t.Fatalf("a slice of %d has %d edges", first, len(d.L.Edges))
			}
		})
		if conn != page {
			t.Errorf("a slice took %d statements, a page %d", conn, page)
		}
	})
}

// Walking a connection gives its page field's rows, in the same order,
// none twice and none left out, ties in the time of the lists ordered by
// time included; and a slice primes its nodes' edges as a page does.
func TestConnectionsWalkTheirPageLists(t *testing.T) {
	t.Parallel()
	t.Run("pharma and shop", func(t *testing.T) {
		t.Parallel()
		s := apptest.New(t, noCostLimit)
		seedOrders(t, s, 50)
		seedTiedShopRows(t, s, 50)
		admin, shop := s.AdminToken(t), goodsShopToken(t, s)
		for _, c := range []connectionCase{
			{name: "pharma orders", token: admin, page: "pharmaOrders(search: $q)", conn: "pharmaOrdersConnection(search: $q)",
				args: ", $q: String", vars: map[string]any{"q": "order"},
				row: "id name customer { name } lines { amount medicine { name } }"},
			{name: "shop goods", token: shop, page: "shopGoodsList", conn: "shopGoodsListConnection",
				row: "id name pictures { big } attributes { value attribute { name } }"},
			{name: "shop orders", token: shop, page: "shopOrders(filter: $f)", conn: "shopOrdersConnection(filter: $f)",
				args: ", $f: ShopOrderFilter", vars: map[string]any{"f": map[string]any{"sent": false}},
				row: "id number lines { number goods { name pictures { big } } }"},
		} {
			checkConnection(t, s, c, 7, 10)
		}
	})
	t.Run("restaurants", func(t *testing.T) {
		t.Parallel()
		s, c := merchantServer(t, noCostLimit)
		merchantCloneRestaurants(t, s, 1, 2) // clones made at the same time
		checkConnection(t, s, connectionCase{name: "restaurants", token: c.south, page: "restaurants(filter: $f)",
			conn: "restaurantsConnection(filter: $f)", args: ", $f: RestaurantFilter",
			row: restaurantEveryEdge, sizes: []int{10, 100}}, 7, 10)
	})
	t.Run("partner", func(t *testing.T) {
		t.Parallel()
		s := apptest.New(t, noCostLimit)
		a := addEnterpriseFixture(t, s, "13800000001", "上海祎讯")
		seedPartnerRows(t, s, a, 50)
		b := addEnterpriseFixture(t, s, "13800000002", "乙汽修")
		seedTiedPartnerRows(t, s, a, b, 50)
		enterprise := `{ id name address tell legalMan }`
		listing := `{ id goodsCode price enterprise ` + enterprise + ` goods { id name pictures { id big } attributes { value attribute { name } } } }`
		// A connection's rows are two levels down (edges, node) where a
		// page's are one (items): a discount's goods' attributes are too deep.
		discountListing := `{ id goodsCode price enterprise ` + enterprise + ` goods { id name pictures { id big } } }`
		for _, c := range []connectionCase{
			{name: "enterprises", page: "enterprises", conn: "enterprisesConnection", row: "id name"},
			{name: "listings", page: "partnerListings", conn: "partnerListingsConnection", row: listing[2 : len(listing)-2]},
			{name: "customers", page: "partnerCustomers(filter: $f)", conn: "partnerCustomersConnection(filter: $f)",
				args: ", $f: PartnerCustomerFilter", vars: map[string]any{"f": map[string]any{"search": "客户"}}, row: "id name"},
			{name: "relations", page: "partnerRelations", conn: "partnerRelationsConnection",
				row: "id enterprise " + enterprise + " target " + enterprise + " kind { id name }"},
			{name: "discounts", page: "partnerDiscounts", conn: "partnerDiscountsConnection",
				row: "id discount enterprise " + enterprise + " kind { id name } listing " + discountListing},
			{name: "order lines", page: "partnerOrderLines(filter: $f)", conn: "partnerOrderLinesConnection(filter: $f)",
				args: ", $f: PartnerOrderLineFilter", vars: map[string]any{"f": map[string]any{"side": "SELLER"}},
				row: "id buyer { name } seller { name } listing { goodsCode }"},
			{name: "reminders", page: "partnerReminders", conn: "partnerRemindersConnection", row: "id sender { name } receiver { name }"},
		} {
			c.token = a.token
			checkConnection(t, s, c, 7, 10)
		}
	})
}

// seedTiedShopRows adds n goods and n orders (a line each), created in
// fives at the same time, straight into the store.
func seedTiedShopRows(t *testing.T, s *apptest.Server, n int) {
	t.Helper()
	start := time.Date(2026, 11, 1, 8, 0, 0, 123456000, time.UTC)
	goods := make([]*db.ShopGoods, n)
	for i := range n {
		at := start.Add(time.Duration(i/5) * time.Minute)
		goods[i] = &db.ShopGoods{Name: fmt.Sprint("goods ", i), CreatedAt: at, UpdatedAt: at}
		s.SeedShopOrder(t, map[string]any{"CreatedAt": at}, map[string]any{"Price": 1, "Number": 1, "Total": 1})
	}
	if _, err := s.App.DB.NewInsert().Model(&goods).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// seedTiedPartnerRows adds, for a, n CRM customers, n reminders from b,
// and n order lines b bought from a, created in fives at the same time,
// straight into the store.
func seedTiedPartnerRows(t *testing.T, s *apptest.Server, a, b enterpriseFixture, n int) {
	t.Helper()
	ctx := context.Background()
	insert := func(rows any) {
		if _, err := s.App.DB.NewInsert().Model(rows).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var listing db.PartnerListing
	if err := s.App.DB.NewSelect().Model(&listing).Where("enterprise_id = ?", a.id).Limit(1).Scan(ctx); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	order := &db.PartnerOrder{BuyerID: b.id, PlacedBy: b.acc.ID, CreatedAt: start}
	insert(order)
	customers, reminders, lines := make([]*db.PartnerCustomer, n), make([]*db.PartnerReminder, n), make([]*db.PartnerOrderLine, n)
	for i := range n {
		at := start.Add(time.Duration(i/5) * time.Second)
		customers[i] = &db.PartnerCustomer{EnterpriseID: a.id, Name: fmt.Sprint("客户", i), CreatedAt: at}
		reminders[i] = &db.PartnerReminder{Type: 1, SenderID: b.id, ReceiverID: a.id, Message: "您有新订单", Op: 1,
			Stamp: fmt.Sprint("s", i), CreatedAt: at}
		lines[i] = &db.PartnerOrderLine{OrderID: order.ID, BuyerID: b.id, SellerID: a.id, ListingID: listing.ID,
			GoodsCode: listing.GoodsCode, GoodsName: listing.Name, PriceFen: 100, Amount: 1, Discount: 10000, TotalFen: 100,
			Stamp: fmt.Sprint("WEBERP-", i), Status: 1, CreatedAt: at, UpdatedAt: at}
	}
	insert(&customers)
	insert(&reminders)
	insert(&lines)
}

// cursorOf is the cursor of a row as the server writes it: opaque to
// clients, but fixed here so that a change of its layout is seen.
func cursorOf(layout string) string { return base64.RawURLEncoding.EncodeToString([]byte(layout)) }

// A connection as a client reads it, and what it refuses: a cursor that
// is none, another list's, or of another layout, and first out of bounds,
// each naming the argument at fault.
func TestConnectionSlicesAndRefusals(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	seedOrders(t, s, 3)
	token := s.AdminToken(t)
	const q = `query($first: Int!, $after: String) { pharmaOrdersConnection(first: $first, after: $after) {
		totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id name } } } }`
	first, second, third := cursorOf(`{"v":1,"l":"pharmaOrders","id":1}`), cursorOf(`{"v":1,"l":"pharmaOrders","id":2}`),
		cursorOf(`{"v":1,"l":"pharmaOrders","id":3}`)
	apptest.EqualJSON(t, do(t, s, token, q, map[string]any{"first": 2}), `{"pharmaOrdersConnection":{"totalCount":3,
		"pageInfo":{"hasNextPage":true,"hasPreviousPage":false,"startCursor":"`+first+`","endCursor":"`+second+`"},
		"edges":[{"cursor":"`+first+`","node":{"id":"1","name":"order 0"}},{"cursor":"`+second+`","node":{"id":"2","name":"order 1"}}]}}`)
	apptest.EqualJSON(t, do(t, s, token, q, map[string]any{"first": 2, "after": second}), `{"pharmaOrdersConnection":{"totalCount":3,
		"pageInfo":{"hasNextPage":false,"hasPreviousPage":false,"startCursor":"`+third+`","endCursor":"`+third+`"},"edges":[{"cursor":"`+third+`","node":{"id":"3","name":"order 2"}}]}}`)
	apptest.EqualJSON(t, do(t, s, token, q, map[string]any{"first": 2, "after": third}), `{"pharmaOrdersConnection":{"totalCount":3,
		"pageInfo":{"hasNextPage":false,"hasPreviousPage":false,"startCursor":null,"endCursor":null},"edges":[]}}`)
	// first's default is 20.
	apptest.EqualJSON(t, do(t, s, token, `{ pharmaOrdersConnection { pageInfo { hasNextPage } edges { node { id } } } }`, nil),
		`{"pharmaOrdersConnection":{"pageInfo":{"hasNextPage":false},"edges":[{"node":{"id":"1"}},{"node":{"id":"2"}},{"node":{"id":"3"}}]}}`)

	shopCursor := cursorOf(`{"v":1,"l":"shopOrders","t":"2026-11-01T08:00:00Z","id":1}`)
	for name, after := range map[string]string{
		"not base64":     "not a cursor!",
		"not JSON":       cursorOf("pharmaOrders:1"),
		"another list's": shopCursor,
		"another layout": cursorOf(`{"v":2,"l":"pharmaOrders","id":1}`),
	} {
		t.Run(name, func(t *testing.T) {
			msg := fails(t, s, token, q, map[string]any{"first": 2, "after": after}, `{"code":"INVALID_INPUT","field":"after"}`)
			if msg != "after is not a cursor of pharmaOrders" {
				t.Errorf("message %q", msg)
			}
		})
	}
	// A pharma cursor is another list's to the shop orders too.
	shop := goodsShopToken(t, s)
	const shopQ = `query($after: String) { shopOrdersConnection(after: $after) { edges { cursor } } }`
	fails(t, s, shop, shopQ, map[string]any{"after": first}, `{"code":"INVALID_INPUT","field":"after"}`)
	// A cursor holds exactly its layout's fields, keyed as written: a time
	// exactly when its list is ordered by time, of a year (in UTC) the
	// stores hold, and a row's id.
	for _, c := range []struct{ name, list, layout string }{
		{"a time on a list by id", "pharmaOrders", `{"v":1,"l":"pharmaOrders","t":"2026-11-01T08:00:00Z","id":1}`},
		{"id 0", "pharmaOrders", `{"v":1,"l":"pharmaOrders","id":0}`},
		{"a negative id", "pharmaOrders", `{"v":1,"l":"pharmaOrders","id":-1}`},
		{"no id", "pharmaOrders", `{"v":1,"l":"pharmaOrders"}`},
		{"an unknown field", "pharmaOrders", `{"v":1,"l":"pharmaOrders","id":1,"x":1}`},
		{"a key of another case", "pharmaOrders", `{"v":1,"l":"pharmaOrders","ID":1}`},
		{"no time on a list by time", "shopOrders", `{"v":1,"l":"shopOrders","id":1}`},
		{"a null time", "shopOrders", `{"v":1,"l":"shopOrders","t":null,"id":1}`},
		{"a time of another case", "shopOrders", `{"v":1,"l":"shopOrders","T":"2026-11-01T08:00:00Z","id":1}`},
		{"year 0", "shopOrders", `{"v":1,"l":"shopOrders","t":"0000-01-01T00:00:00Z","id":1}`},
		{"year 0 in UTC", "shopOrders", `{"v":1,"l":"shopOrders","t":"0001-01-01T00:00:00+01:00","id":1}`},
		{"year 10000 in UTC", "shopOrders", `{"v":1,"l":"shopOrders","t":"9999-12-31T23:00:00-05:00","id":1}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			who, query, vars := token, q, map[string]any{"first": 2, "after": cursorOf(c.layout)}
			if c.list == "shopOrders" {
				who, query, vars = shop, shopQ, map[string]any{"after": cursorOf(c.layout)}
			}
			msg := fails(t, s, who, query, vars, `{"code":"INVALID_INPUT","field":"after"}`)
			if want := "after is not a cursor of " + c.list; msg != want {
				t.Errorf("message %q, want %q", msg, want)
			}
		})
	}
	// The years at the bounds read as places in the list: no row comes
	// after year 1, every row after the end of year 9999.
	order, _, _ := s.SeedShopOrder(t, nil, map[string]any{"Price": 1, "Number": 1, "Total": 1})
	for layout, want := range map[string]string{
		`{"v":1,"l":"shopOrders","t":"0001-01-01T00:00:00Z","id":1}`:      `[]`,
		`{"v":1,"l":"shopOrders","t":"9999-12-31T23:59:59+00:00","id":1}`: fmt.Sprintf(`[{"node":{"id":"%d"}}]`, order),
	} {
		apptest.EqualJSON(t, do(t, s, shop, `query($after: String) { shopOrdersConnection(after: $after) { edges { node { id } } } }`,
			map[string]any{"after": cursorOf(layout)}), `{"shopOrdersConnection":{"edges":`+want+`}}`)
	}
	for _, n := range []int{0, -1, 1001} {
		msg := fails(t, s, token, q, map[string]any{"first": n}, `{"code":"INVALID_INPUT","field":"first"}`)
		if want := fmt.Sprintf("first must be between 1 and 1000, got %d", n); msg != want {
			t.Errorf("message %q, want %q", msg, want)
		}
	}
	fails(t, s, "", q, map[string]any{"first": 2}, signInFirst)
}

// The cost limit prices a connection by first, as a page by its size: 1 +
// first × (edge + order + 10 lines × (line + medicine)).
func TestConnectionsArePricedByFirst(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := s.AdminToken(t)
	const q = `query($first: Int!) { pharmaOrdersConnection(first: $first) { edges { node { lines { medicine { name } } } } } }`
	s.PostGraphQL(t, token, q, map[string]any{"first": 300}).Expect(t, 422,
		refused("COMPLEXITY_LIMIT", "the operation costs 6601, more than 5000: ask for smaller pages or fewer lists"))
	apptest.EqualJSON(t, do(t, s, token, q, map[string]any{"first": 200}), `{"pharmaOrdersConnection":{"edges":[]}}`)
}
