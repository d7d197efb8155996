package graph_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/seed"
	"github.com/onegraph/server/service"
)

// Shop orders and tracking events over GraphQL. Tests that need orders of
// given numbers, times or states insert them with apptest.SeedShopOrder;
// createShopOrder's own tests create them.

const (
	shopOrderFieldsQ = `id number userId price payMethod sent tradeNumber invoiceTitle invoiceCompany
		invoiceContent consigneeAddress paid createdAt updatedAt`
	shopOrdersQ = `query($filter: ShopOrderFilter, $paging: PageInput) {
		shopOrders(filter: $filter, paging: $paging) { total items { number } }
	}`
	shopOrderQ = `query($id: ID!) {
		shopOrder(id: $id) { ` + shopOrderFieldsQ + ` lines { id goodsId price number total goods { id name } } }
	}`
	updateShopOrderQ = `mutation($id: ID!, $input: UpdateShopOrderInput!) {
		updateShopOrder(id: $id, input: $input) { ` + shopOrderFieldsQ + ` }
	}`
	updateShopOrderAddressQ = `mutation($id: ID!, $a: String!) {
		updateShopOrderAddress(id: $id, consigneeAddress: $a) { id consigneeAddress updatedAt }
	}`
	trackingEventsQ = `query($n: String!) { trackingEvents(trackingNumber: $n) { time context location } }`
)

// shopOrdersSeedThree adds three orders, created a day apart (A oldest), that
// differ in every filtered field.
func shopOrdersSeedThree(t *testing.T, s *apptest.Server) (a, b, c int64) {
	t.Helper()
	day := time.Date(2020, 11, 13, 6, 0, 0, 0, time.UTC)
	a, _, _ = s.SeedShopOrder(t, map[string]any{"Number": "ORD-A-100%", "UserID": 7, "Price": 10, "PayMethod": 1,
		"Sent": true, "Paid": true, "InvoiceTitle": "个人", "InvoiceContent": "办公用品",
		"ConsigneeAddress": "江苏省南京市秦淮区龙蟠中路666号", "CreatedAt": day, "UpdatedAt": day})
	b, _, _ = s.SeedShopOrder(t, map[string]any{"Number": "ord-b-200", "UserID": 8, "Price": 20,
		"InvoiceTitle": "公司", "InvoiceCompany": "南京IT教育公司", "InvoiceContent": "宠物用品",
		"ConsigneeAddress": "上海市浦东新区寒亭路8号", "CreatedAt": day.AddDate(0, 0, 1), "UpdatedAt": day})
	c, _, _ = s.SeedShopOrder(t, map[string]any{"Number": "ORD-C-300", "UserID": 7, "Price": 30, "PayMethod": 3,
		"Paid": true, "InvoiceTitle": "个人", "ConsigneeAddress": "上海市静安区", "CreatedAt": day.AddDate(0, 0, 2), "UpdatedAt": day})
	return a, b, c
}

func TestShopOrdersListFiltersAndPages(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	shopOrdersSeedThree(t, s)

	list := func(filter, paging map[string]any) string {
		t.Helper()
		vars := map[string]any{}
		if filter != nil {
			vars["filter"] = filter
		}
		if paging != nil {
			vars["paging"] = paging
		}
		return do(t, s, token, shopOrdersQ, vars)
	}
	page := func(total int, numbers ...string) string {
		items := ""
		for i, n := range numbers {
			if i > 0 {
				items += ","
			}
			items += `{"number":` + jsonString(n) + `}`
		}
		return fmt.Sprintf(`{"shopOrders":{"total":%d,"items":[%s]}}`, total, items)
	}

	// Newest first; without paging every order.
	apptest.EqualJSON(t, list(nil, nil), page(3, "ORD-C-300", "ord-b-200", "ORD-A-100%"))
	apptest.EqualJSON(t, list(nil, map[string]any{"page": 1, "size": 2}), page(3, "ORD-C-300", "ord-b-200"))
	apptest.EqualJSON(t, list(nil, map[string]any{"page": 2, "size": 2}), page(3, "ORD-A-100%"))
	apptest.EqualJSON(t, list(nil, map[string]any{"page": 3, "size": 2}), page(3))

	for _, c := range []struct {
		name   string
		filter map[string]any
		want   []string
	}{
		{"part of the number, any case", map[string]any{"search": "ord-"}, []string{"ORD-C-300", "ord-b-200", "ORD-A-100%"}},
		{"number", map[string]any{"search": "b-2"}, []string{"ord-b-200"}},
		{"a LIKE wildcard is a plain character", map[string]any{"search": "%"}, []string{"ORD-A-100%"}},
		{"an empty search does not filter", map[string]any{"search": ""}, []string{"ORD-C-300", "ord-b-200", "ORD-A-100%"}},
		{"user", map[string]any{"userId": "7"}, []string{"ORD-C-300", "ORD-A-100%"}},
		{"paid", map[string]any{"paid": true}, []string{"ORD-C-300", "ORD-A-100%"}},
		{"unpaid", map[string]any{"paid": false}, []string{"ord-b-200"}},
		{"sent", map[string]any{"sent": true}, []string{"ORD-A-100%"}},
		{"not sent", map[string]any{"sent": false}, []string{"ORD-C-300", "ord-b-200"}},
		{"invoice title", map[string]any{"invoiceTitle": "个人"}, []string{"ORD-C-300", "ORD-A-100%"}},
		{"invoice company", map[string]any{"invoiceCompany": "IT教育"}, []string{"ord-b-200"}},
		{"invoice content", map[string]any{"invoiceContent": "用品"}, []string{"ord-b-200", "ORD-A-100%"}},
		{"address", map[string]any{"consigneeAddress": "上海"}, []string{"ORD-C-300", "ord-b-200"}},
		{"all at once", map[string]any{"userId": 7, "paid": true, "sent": false, "consigneeAddress": "静安"}, []string{"ORD-C-300"}},
		{"nothing matches", map[string]any{"userId": 99}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			apptest.EqualJSON(t, list(c.filter, nil), page(len(c.want), c.want...))
		})
	}
	// total counts every match, not the page.
	apptest.EqualJSON(t, list(map[string]any{"paid": true}, map[string]any{"page": 1, "size": 1}), page(2, "ORD-C-300"))

	fails(t, s, token, shopOrdersQ, map[string]any{"paging": map[string]any{"page": 0, "size": 2}}, invalidInput)
	fails(t, s, token, shopOrdersQ, map[string]any{"paging": map[string]any{"page": 1, "size": 1001}}, invalidInput)
}

func TestShopOrderReadsLinesAndGoods(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	created := time.Date(2017, 12, 6, 4, 12, 40, 0, time.UTC)
	id, lines, goods := s.SeedShopOrder(t, map[string]any{"Number": "itany-g7kmck71vjaujfgoi", "UserID": 1, "Price": 20,
		"PayMethod": 2, "TradeNumber": "T-1", "InvoiceTitle": "个人", "InvoiceCompany": "c", "InvoiceContent": "d",
		"ConsigneeAddress": "e", "CreatedAt": created, "UpdatedAt": created},
		map[string]any{"Price": 333, "Number": 2, "Total": 666},
		map[string]any{"Price": 666.5, "Number": 5, "Total": 3332.5})

	got := do(t, s, token, shopOrderQ, map[string]any{"id": id})
	apptest.EqualJSON(t, got, fmt.Sprintf(`{"shopOrder":{"id":"%d","number":"itany-g7kmck71vjaujfgoi","userId":"1","price":20,
		"payMethod":"WECHAT","sent":false,"tradeNumber":"T-1","invoiceTitle":"个人","invoiceCompany":"c","invoiceContent":"d",
		"consigneeAddress":"e","paid":false,"createdAt":%q,"updatedAt":%q,"lines":[
		{"id":"%d","goodsId":"%d","price":333,"number":2,"total":666,"goods":{"id":"%d","name":"goods of itany-g7kmck71vjaujfgoi #1"}},
		{"id":"%d","goodsId":"%d","price":666.5,"number":5,"total":3332.5,"goods":{"id":"%d","name":"goods of itany-g7kmck71vjaujfgoi #2"}}]}}`,
		id, get(t, got, "shopOrder", "createdAt"), get(t, got, "shopOrder", "updatedAt"),
		lines[0], goods[0], goods[0], lines[1], goods[1], goods[1]))
	shopOrdersSameTime(t, get(t, got, "shopOrder", "createdAt"), created)

	// Every pay method code reads as its enum.
	for code, name := range []string{"UNPAID", "ALIPAY", "WECHAT", "BANK_CARD"} {
		oid, _, _ := s.SeedShopOrder(t, map[string]any{"PayMethod": code})
		r := do(t, s, token, `query($id: ID!) { shopOrder(id: $id) { payMethod lines { id } } }`, map[string]any{"id": oid})
		apptest.EqualJSON(t, r, `{"shopOrder":{"payMethod":"`+name+`","lines":[]}}`)
	}

	fails(t, s, token, shopOrderQ, map[string]any{"id": 999999}, missing("order"))
}

func TestUpdateShopOrderChangesOnlyWhatIsGiven(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	old := time.Date(2017, 10, 18, 12, 59, 25, 0, time.UTC)
	id, _, _ := s.SeedShopOrder(t, map[string]any{"Number": "59e7502d7993d", "UserID": 133, "Price": 322, "PayMethod": 1,
		"Sent": true, "Paid": true, "InvoiceTitle": "个人", "InvoiceContent": "办公用品",
		"ConsigneeAddress": "江苏省南京市秦淮区龙蟠中路666号", "CreatedAt": old, "UpdatedAt": old})
	s.SeedShopOrder(t, map[string]any{"Number": "taken"})

	// want is the order after an update; the times come from the answer
	// (checked by update).
	want := func(got, number string, price float64, pay string, sent, paid bool) string {
		return fmt.Sprintf(`{"updateShopOrder":{"id":"%d","number":%q,"userId":"133","price":%v,"payMethod":%q,"sent":%v,
			"tradeNumber":"","invoiceTitle":"个人","invoiceCompany":"","invoiceContent":"办公用品",
			"consigneeAddress":"江苏省南京市秦淮区龙蟠中路666号","paid":%v,"createdAt":%q,"updatedAt":%q}}`,
			id, number, price, pay, sent, paid,
			get(t, got, "updateShopOrder", "createdAt"), get(t, got, "updateShopOrder", "updatedAt"))
	}
	update := func(input map[string]any) string {
		t.Helper()
		before := time.Now().Add(-time.Second)
		got := do(t, s, token, updateShopOrderQ, map[string]any{"id": id, "input": input})
		updated := get(t, got, "updateShopOrder", "updatedAt")
		if at, err := time.Parse(time.RFC3339Nano, updated); err != nil || at.Before(before) {
			t.Errorf("updatedAt %s did not move to now", updated)
		}
		shopOrdersSameTime(t, get(t, got, "updateShopOrder", "createdAt"), old)
		return got
	}

	// One field: the rest stays.
	got := update(map[string]any{"sent": false})
	apptest.EqualJSON(t, got, want(got, "59e7502d7993d", 322, "ALIPAY", false, true))
	// No field: only updatedAt moves.
	got = update(map[string]any{})
	apptest.EqualJSON(t, got, want(got, "59e7502d7993d", 322, "ALIPAY", false, true))
	// Every field.
	got = update(map[string]any{"number": "N-2", "price": 19.9, "payMethod": "BANK_CARD", "sent": true, "paid": false})
	apptest.EqualJSON(t, got, want(got, "N-2", 19.9, "BANK_CARD", true, false))
	// And it was stored.
	stored := do(t, s, token, `query($id: ID!) { shopOrder(id: $id) { number price payMethod sent paid } }`, map[string]any{"id": id})
	apptest.EqualJSON(t, stored, `{"shopOrder":{"number":"N-2","price":19.9,"payMethod":"BANK_CARD","sent":true,"paid":false}}`)

	vars := func(input map[string]any) map[string]any { return map[string]any{"id": id, "input": input} }
	fails(t, s, token, updateShopOrderQ, vars(map[string]any{"number": "taken"}), duplicate)
	fails(t, s, token, updateShopOrderQ, vars(map[string]any{"number": " "}), invalidInput)
	fails(t, s, token, updateShopOrderQ, vars(map[string]any{"price": -1}), invalidInput)
	fails(t, s, token, updateShopOrderQ, map[string]any{"id": 999999, "input": map[string]any{"sent": true}}, missing("order"))
	// A refused update changed nothing.
	apptest.EqualJSON(t, do(t, s, token, `query($id: ID!) { shopOrder(id: $id) { number price } }`, map[string]any{"id": id}),
		`{"shopOrder":{"number":"N-2","price":19.9}}`)
}

// GraphQL cannot send a NaN or Inf price (JSON has no such numbers), and the
// compat route refuses them before the store; the store refuses them on its
// own.
func TestUpdateShopOrderStoreRefusesNonFinitePrice(t *testing.T) {
	s := apptest.New(t)
	ctx := context.Background()
	id, _, _ := s.SeedShopOrder(t, map[string]any{"Number": "finite", "Price": 20})
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		_, err := s.App.Services.ShopOrders.Update(ctx, id, service.ShopOrderPatch{Price: &v})
		if e, ok := apperr.As(err); !ok || e.Code != apperr.InvalidInput {
			t.Errorf("price %v: %v, want INVALID_INPUT", v, err)
		}
	}
	if o, err := s.App.Services.ShopOrders.Order(ctx, id, db.ShopOrderEdges{}); err != nil || o.Price != 20 {
		t.Errorf("refused updates changed the order: %+v %v", o, err)
	}
}

func TestUpdateShopOrderAddress(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	id, _, _ := s.SeedShopOrder(t, map[string]any{"ConsigneeAddress": "old", "Sent": true, "CreatedAt": time.Now().Add(-time.Hour)})

	got := do(t, s, token, updateShopOrderAddressQ, map[string]any{"id": id, "a": "上海市浦东新区寒亭路8号"})
	apptest.EqualJSON(t, got, fmt.Sprintf(`{"updateShopOrderAddress":{"id":"%d","consigneeAddress":"上海市浦东新区寒亭路8号","updatedAt":%q}}`,
		id, get(t, got, "updateShopOrderAddress", "updatedAt")))
	// An empty address clears it; nothing else changes.
	do(t, s, token, updateShopOrderAddressQ, map[string]any{"id": id, "a": ""})
	apptest.EqualJSON(t, do(t, s, token, `query($id: ID!) { shopOrder(id: $id) { consigneeAddress sent } }`, map[string]any{"id": id}),
		`{"shopOrder":{"consigneeAddress":"","sent":true}}`)

	fails(t, s, token, updateShopOrderAddressQ, map[string]any{"id": 999999, "a": "x"}, missing("order"))
}

func TestTrackingEventsNewestFirst(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	ctx := context.Background()
	at := time.Date(2020, 11, 13, 6, 37, 6, 0, time.UTC)
	here := "南京"
	events := []db.TrackingEvent{
		{TrackingNumber: "SF1", Time: at, Context: "已收件", Location: &here},
		{TrackingNumber: "SF1", Time: at.Add(2 * time.Hour), Context: "已签收"},
		{TrackingNumber: "SF1", Time: at.Add(time.Hour), Context: "派件中"},
		{TrackingNumber: "SF2", Time: at, Context: "another shipment"},
	}
	if _, err := s.App.DB.NewInsert().Model(&events).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	got := do(t, s, token, trackingEventsQ, map[string]any{"n": "SF1"})
	var times []string
	for i := range 3 {
		times = append(times, get(t, got, "trackingEvents", i, "time"))
	}
	apptest.EqualJSON(t, got, fmt.Sprintf(`{"trackingEvents":[
		{"time":%q,"context":"已签收","location":null},
		{"time":%q,"context":"派件中","location":null},
		{"time":%q,"context":"已收件","location":"南京"}]}`, times[0], times[1], times[2]))
	for i, want := range []time.Time{at.Add(2 * time.Hour), at.Add(time.Hour), at} {
		shopOrdersSameTime(t, times[i], want)
	}
	apptest.EqualJSON(t, do(t, s, token, trackingEventsQ, map[string]any{"n": "unknown"}), `{"trackingEvents":[]}`)
}

// A role holding only the order list (107) lists orders and reads tracking
// events, but may neither read one order (155), update (154) nor create
// (109); without a token nothing works.
func TestShopOrdersAccess(t *testing.T) {
	s := apptest.New(t)
	id, _, _ := s.SeedShopOrder(t, nil)
	token := s.TokenFor(t, s.ShopStaff(t, "order-clerk", 107))

	do(t, s, token, shopOrdersQ, nil)
	do(t, s, token, trackingEventsQ, map[string]any{"n": "x"})
	lacks := `{"code":"FORBIDDEN","reason":"MISSING_RIGHT"}`
	fails(t, s, token, shopOrderQ, map[string]any{"id": id}, lacks)
	fails(t, s, token, updateShopOrderQ, map[string]any{"id": id, "input": map[string]any{"sent": true}}, lacks)
	fails(t, s, token, updateShopOrderAddressQ, map[string]any{"id": id, "a": "x"}, lacks)
	create := map[string]any{"input": map[string]any{"userId": 1, "price": 1, "lines": []any{ordersLine(1, 1, 1)}}}
	fails(t, s, token, createShopOrderQ, create, lacks)

	for _, c := range []struct {
		q    string
		vars map[string]any
	}{
		{shopOrdersQ, nil},
		{shopOrderQ, map[string]any{"id": id}},
		{trackingEventsQ, map[string]any{"n": "x"}},
		{updateShopOrderQ, map[string]any{"id": id, "input": map[string]any{"sent": true}}},
		{updateShopOrderAddressQ, map[string]any{"id": id, "a": "x"}},
		{createShopOrderQ, create},
	} {
		fails(t, s, "", c.q, c.vars, signInFirst)
	}
	// Nothing changed.
	apptest.EqualJSON(t, do(t, s, s.AdminToken(t), `query($id: ID!) { shopOrder(id: $id) { sent consigneeAddress } }`,
		map[string]any{"id": id}), `{"shopOrder":{"sent":false,"consigneeAddress":""}}`)
	if n := s.Rows(t, "shop_orders"); n != 1 {
		t.Errorf("%d orders, want the one seeded", n)
	}
}

// Listing 5 or 50 orders with their lines and the lines' goods issues the
// same statements: both edges load for the whole page.
func TestShopOrderListStatementsDoNotGrowWithPageSize(t *testing.T) {
	s := apptest.New(t)
	for i := range 50 {
		s.SeedShopOrder(t, map[string]any{"Number": "n" + strconv.Itoa(i)},
			map[string]any{"Price": 1, "Number": 1, "Total": 1}, map[string]any{"Price": 2, "Number": 2, "Total": 4})
	}
	token := s.AdminToken(t)
	q := `query($size: Int!) {
		shopOrders(paging: {page: 1, size: $size}) { total items { number lines { number goods { name } } } }
	}`
	large := s.SameStatementsAtAnySize(t, []int{5, 50}, func(size int) {
		do(t, s, token, q, map[string]any{"size": size})
	})
	// session (the super-admin's rights are the catalog, read at start) + page
	// (2: rows and count) + lines joined with their goods
	if large != 4 {
		t.Errorf("50 orders took %d statements, want 4", large)
	}
}

// The demo data has orders (with lines once there are goods) and the
// document's shipment; seeding again adds nothing.
func TestSeedShopOrders(t *testing.T) {
	s := apptest.New(t)
	ctx := context.Background()
	token := s.AdminToken(t)
	for range 2 {
		if err := seed.Demo(ctx, s.App.Stores); err != nil {
			t.Fatal(err)
		}
	}
	orders := do(t, s, token, `{ shopOrders { total items { number lines { goods { id } } } } }`, nil)
	if n := get(t, orders, "shopOrders", "total"); n != "3" {
		t.Errorf("%s demo orders, want 3: %s", n, orders)
	}
	events := do(t, s, token, trackingEventsQ, map[string]any{"n": "815294206237577"})
	last := get(t, events, "trackingEvents", 14, "context")
	if last != "南京IT教育公司-城东汪小主宠物店-已收件" {
		t.Errorf("oldest event %q", last)
	}
	shopOrdersSameTime(t, get(t, events, "trackingEvents", 0, "time"), time.Date(2020, 11, 15, 4, 39, 56, 0, time.UTC))
}

// shopOrdersSameTime checks that an RFC 3339 time is this instant.
func shopOrdersSameTime(t *testing.T, got string, want time.Time) {
	t.Helper()
	at, err := time.Parse(time.RFC3339Nano, got)
	if err != nil || !at.Equal(want) {
		t.Errorf("time %s, want %s", got, want.Format(time.RFC3339))
	}
}

// An order's lines answer with their goods and, when asked, the goods'
// pictures and attribute values, whether read, listed or written; goods on
// two lines show on both. Each edge is one statement for the whole page.
func TestShopOrderLinesGoodsWithTheirEdges(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	cat := goodsSeedCatalog(t, s)
	ctx := context.Background()
	goods := make([]int64, 2)
	for i := range goods {
		g, err := s.App.Services.ShopGoods.Create(ctx, service.GoodsFields{Name: fmt.Sprintf("goods %d", i), CategoryPath: cat.path, Price: 1},
			service.GoodsChildren{SetAttributes: true, Attributes: []service.GoodsAttribute{{AttributeID: cat.color, Value: fmt.Sprintf("色 %d", i)}}})
		if err == nil { // a picture row without files: the reads read rows only
			err = s.App.Stores.ShopGoods.ReplacePics(ctx, g.ID, nil, []db.ShopGoodsPic{{GoodsID: g.ID, Big: fmt.Sprintf("big %d", i)}})
		}
		if err != nil {
			t.Fatal(err)
		}
		goods[i] = g.ID
	}
	day := time.Date(2020, 11, 13, 6, 0, 0, 0, time.UTC)
	a, _, _ := s.SeedShopOrder(t, map[string]any{"Number": "A", "CreatedAt": day},
		map[string]any{"GoodsID": goods[0], "Number": 1}, map[string]any{"GoodsID": goods[1], "Number": 2},
		map[string]any{"GoodsID": goods[0], "Number": 3})
	b, _, _ := s.SeedShopOrder(t, map[string]any{"Number": "B", "CreatedAt": day.AddDate(0, 0, 1)},
		map[string]any{"GoodsID": goods[1], "Number": 4})

	const lines = `lines { number goods { name pictures { big } attributes { value attribute { name } } } }`
	goodsJSON := func(i int) string {
		return fmt.Sprintf(`{"name": "goods %d", "pictures": [{"big": "big %d"}], "attributes": [{"value": "色 %d", "attribute": {"name": "颜色"}}]}`, i, i, i)
	}
	linesA := fmt.Sprintf(`[{"number": 1, "goods": %s}, {"number": 2, "goods": %s}, {"number": 3, "goods": %s}]`, goodsJSON(0), goodsJSON(1), goodsJSON(0))
	linesB := fmt.Sprintf(`[{"number": 4, "goods": %s}]`, goodsJSON(1))

	apptest.EqualJSON(t, do(t, s, token, `query($id: ID!) { shopOrder(id: $id) { `+lines+` } }`, map[string]any{"id": a}),
		`{"shopOrder": {"lines": `+linesA+`}}`)
	n := s.SameStatementsAtAnySize(t, []int{1, 2}, func(size int) {
		data := do(t, s, token, `query($size: Int!) { shopOrders(paging: {page: 1, size: $size}) { items { number `+lines+` } } }`,
			map[string]any{"size": size})
		if size == 2 {
			apptest.EqualJSON(t, data, `{"shopOrders": {"items": [{"number": "B", "lines": `+linesB+`}, {"number": "A", "lines": `+linesA+`}]}}`)
		}
	})
	// session (the super-admin's rights are the catalog) + page (2: rows and count) +
	// lines joined with their goods + the goods' pictures + their attribute
	// values joined with their attributes
	if n != 6 {
		t.Errorf("orders with their lines' goods' edges took %d statements, want 6", n)
	}

	// Aliases and fragments merge: goods asked for under one alias of the
	// lines load for the lines.
	merged := do(t, s, token, `query($id: ID!) { shopOrder(id: $id) { a: lines { number } ... on ShopOrder { b: lines { goods { pictures { big } } } } } }`,
		map[string]any{"id": b})
	apptest.EqualJSON(t, merged, `{"shopOrder": {"a": [{"number": 4}], "b": [{"goods": {"pictures": [{"big": "big 1"}]}}]}}`)

	// The writes answer with the same edges.
	updated := do(t, s, token, `mutation($id: ID!) { updateShopOrder(id: $id, input: {paid: true}) { paid `+lines+` } }`, map[string]any{"id": a})
	apptest.EqualJSON(t, updated, `{"updateShopOrder": {"paid": true, "lines": `+linesA+`}}`)
	moved := do(t, s, token, `mutation($id: ID!) { updateShopOrderAddress(id: $id, consigneeAddress: "上海") { consigneeAddress `+lines+` } }`,
		map[string]any{"id": b})
	apptest.EqualJSON(t, moved, `{"updateShopOrderAddress": {"consigneeAddress": "上海", "lines": `+linesB+`}}`)
}

const createShopOrderQ = `mutation($input: CreateShopOrderInput!) {
	createShopOrder(input: $input) { ` + shopOrderFieldsQ + ` lines { id goodsId price number total goods { id name } } }
}`

// ordersSeedGoods adds goods at these prices, named "goods 0", "goods 1",
// ..., and returns their ids.
func ordersSeedGoods(t *testing.T, s *apptest.Server, prices ...float64) []int64 {
	t.Helper()
	now := time.Now().UTC()
	ids := make([]int64, len(prices))
	for i, p := range prices {
		g := &db.ShopGoods{Name: fmt.Sprintf("goods %d", i), Price: p, CreatedAt: now, UpdatedAt: now}
		if _, err := s.App.DB.NewInsert().Model(g).Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
		ids[i] = g.ID
	}
	return ids
}

// ordersLine is a line of createShopOrder's input.
func ordersLine(goods int64, price float64, number int) map[string]any {
	return map[string]any{"goodsId": goods, "price": price, "number": number}
}

// ordersRows counts the orders and their lines, to check that a refused
// create wrote nothing.
func ordersRows(t *testing.T, s *apptest.Server) [2]int64 {
	t.Helper()
	return [2]int64{s.Rows(t, "shop_orders"), s.Rows(t, "shop_order_lines")}
}

// A new order is unpaid and unsent, numbered by the server, stamped by the
// stores' clock to the second, and costs what its lines add up to, to the
// cent: 19.9 × 3 + 0.3 is 60, which floats do not make it. A read shows
// exactly what the create answered.
func TestCreateShopOrder(t *testing.T) {
	at := time.Now().UTC().Truncate(time.Second)
	s := apptest.New(t, func(c *app.Config) { c.Now = func() time.Time { return at.Add(700 * time.Millisecond) } })
	token := s.AdminToken(t)
	goods := ordersSeedGoods(t, s, 19.9, 0.3)
	if price, n := 19.9, 3.0; price*n+0.3 == 60 {
		t.Fatal("the float sum is exact: the test proves nothing")
	}

	got := do(t, s, token, createShopOrderQ, map[string]any{"input": map[string]any{
		"userId": 133, "price": 60, "consigneeAddress": "上海市浦东新区寒亭路8号", "invoiceTitle": "公司",
		"invoiceCompany": "南京IT教育公司", "invoiceContent": "宠物用品",
		"lines": []any{ordersLine(goods[0], 19.9, 3), ordersLine(goods[1], 0.3, 1)},
	}})
	id, number := get(t, got, "createShopOrder", "id"), get(t, got, "createShopOrder", "number")
	if !regexp.MustCompile(`^itany-[0-9a-z]{17}$`).MatchString(number) {
		t.Errorf("order number %q, want itany- and 17 base-36 digits", number)
	}
	stamp := jsonString(at.Format(time.RFC3339Nano))
	order := fmt.Sprintf(`{"id":%q,"number":%q,"userId":"133","price":60,"payMethod":"UNPAID","sent":false,"tradeNumber":"",
		"invoiceTitle":"公司","invoiceCompany":"南京IT教育公司","invoiceContent":"宠物用品","consigneeAddress":"上海市浦东新区寒亭路8号",
		"paid":false,"createdAt":%s,"updatedAt":%s,"lines":[
		{"id":%q,"goodsId":"%d","price":19.9,"number":3,"total":59.7,"goods":{"id":"%d","name":"goods 0"}},
		{"id":%q,"goodsId":"%d","price":0.3,"number":1,"total":0.3,"goods":{"id":"%d","name":"goods 1"}}]}`,
		id, number, stamp, stamp, get(t, got, "createShopOrder", "lines", 0, "id"), goods[0], goods[0],
		get(t, got, "createShopOrder", "lines", 1, "id"), goods[1], goods[1])
	apptest.EqualJSON(t, got, `{"createShopOrder":`+order+`}`)
	apptest.EqualJSON(t, do(t, s, token, shopOrderQ, map[string]any{"id": id}), `{"shopOrder":`+order+`}`)

	// The optional fields left out are empty; prices agree to the cent and
	// are kept so; each order gets a number of its own.
	other := do(t, s, token, `mutation($input: CreateShopOrderInput!) {
		createShopOrder(input: $input) { number price invoiceTitle invoiceCompany invoiceContent consigneeAddress lines { price total } }
	}`, map[string]any{"input": map[string]any{"userId": 1, "price": 0.6049, "lines": []any{ordersLine(goods[1], 0.3049, 2)}}})
	apptest.EqualJSON(t, other, fmt.Sprintf(`{"createShopOrder":{"number":%q,"price":0.6,"invoiceTitle":"","invoiceCompany":"",
		"invoiceContent":"","consigneeAddress":"","lines":[{"price":0.3,"total":0.6}]}}`, get(t, other, "createShopOrder", "number")))
	if get(t, other, "createShopOrder", "number") == number {
		t.Errorf("two orders numbered %s", number)
	}
}

// Every refusal names the input at fault, in extensions.field and in the
// message (the line's index and goods), and writes nothing.
func TestCreateShopOrderRefusals(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	goods := ordersSeedGoods(t, s, 19.9, 0.3, 5)
	if _, err := s.App.DB.NewUpdate().Model((*db.ShopGoods)(nil)).Set("deleted = ?", true).Where("id = ?", goods[2]).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	many := make([]any, service.MaxShopOrderLines+1)
	for i := range many {
		many[i] = ordersLine(goods[1], 0.3, 1)
	}
	before := ordersRows(t, s)
	for _, c := range []struct {
		name       string
		price      float64
		lines      []any
		extensions string
		msg        string
	}{
		{"unknown goods", 20.2, []any{ordersLine(goods[0], 19.9, 1), ordersLine(999999, 0.3, 1)},
			`{"code":"NOT_FOUND","entity":"goods","field":"lines.1.goodsId"}`, "lines[1] (goods 999999): goods 999999 does not exist"},
		{"deleted goods", 5, []any{ordersLine(goods[2], 5, 1)},
			`{"code":"NOT_FOUND","entity":"goods","field":"lines.0.goodsId"}`, fmt.Sprintf("lines[0] (goods %d): goods %d does not exist", goods[2], goods[2])},
		{"a price that is not the goods'", 20.21, []any{ordersLine(goods[0], 19.9, 1), ordersLine(goods[1], 0.31, 1)},
			`{"code":"INVALID_INPUT","reason":"PRICE_MISMATCH","field":"lines.1.price"}`,
			fmt.Sprintf("lines[1] (goods %d): price 0.31 is not the goods' current price 0.3", goods[1])},
		{"a total that is not the lines' sum", 60.01, []any{ordersLine(goods[0], 19.9, 3), ordersLine(goods[1], 0.3, 1)},
			`{"code":"INVALID_INPUT","reason":"PRICE_MISMATCH","field":"price"}`, "price 60.01 is not the sum of the lines' price × number, 60"},
		{"a total off by more than half a cent", 0.606, []any{ordersLine(goods[1], 0.3, 2)},
			`{"code":"INVALID_INPUT","reason":"PRICE_MISMATCH","field":"price"}`, "price 0.606 is not the sum of the lines' price × number, 0.6"},
		{"a negative total", -0.3, []any{ordersLine(goods[1], 0.3, 1)},
			`{"code":"INVALID_INPUT","reason":"PRICE_MISMATCH","field":"price"}`, "price -0.3 is not the sum of the lines' price × number, 0.3"},
		{"none of the goods", 0.3, []any{ordersLine(goods[1], 0.3, 1), ordersLine(goods[1], 0.3, 0)},
			`{"code":"INVALID_INPUT","field":"lines.1.number"}`, fmt.Sprintf("lines[1] (goods %d): number must be 1 or more, got 0", goods[1])},
		{"fewer than none", 0.3, []any{ordersLine(goods[1], 0.3, -2)},
			`{"code":"INVALID_INPUT","field":"lines.0.number"}`, fmt.Sprintf("lines[0] (goods %d): number must be 1 or more, got -2", goods[1])},
		{"a negative price", 0, []any{ordersLine(goods[1], -0.3, 1)},
			`{"code":"INVALID_INPUT","field":"lines.0.price"}`, fmt.Sprintf("lines[0] (goods %d): price must be an amount 0 or more, got -0.3", goods[1])},
		{"more than an order can cost", 0, []any{ordersLine(goods[1], 0.3, 1), ordersLine(goods[0], 1e13, math.MaxInt32)},
			`{"code":"INVALID_INPUT","field":"lines.1.number"}`, fmt.Sprintf("lines[1] (goods %d): 2147483647 at 1e+13 is more than an order can cost", goods[0])},
		{"no line", 0, []any{}, `{"code":"INVALID_INPUT","field":"lines"}`, "an order needs a line at least"},
		{"too many lines", 300.3, many, `{"code":"INVALID_INPUT","field":"lines"}`, "an order has 1000 lines at most, got 1001"},
	} {
		t.Run(c.name, func(t *testing.T) {
			msg := fails(t, s, token, createShopOrderQ, map[string]any{"input": map[string]any{"userId": 1, "price": c.price, "lines": c.lines}}, c.extensions)
			if msg != c.msg {
				t.Errorf("message %q, want %q", msg, c.msg)
			}
		})
	}
	msg := fails(t, s, token, createShopOrderQ, map[string]any{"input": map[string]any{"userId": 0, "price": 0.3,
		"lines": []any{ordersLine(goods[1], 0.3, 1)}}}, `{"code":"INVALID_INPUT","field":"userId"}`)
	if msg != "userId must be 1 or more, got 0" {
		t.Errorf("message %q", msg)
	}
	if after := ordersRows(t, s); after != before {
		t.Errorf("refused creates wrote orders and lines: %v, then %v", before, after)
	}
}

// An order and its lines are written in one transaction: when the lines'
// insert fails (here its context is cancelled as it starts), the order
// inserted before it is rolled back too.
func TestCreateShopOrderWritesAllOrNothing(t *testing.T) {
	s := apptest.New(t)
	goods := ordersSeedGoods(t, s, 2)
	before := ordersRows(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var seen []string
	s.Statements.Before(func(q string) {
		for _, table := range []string{"shop_orders", "shop_order_lines"} {
			if strings.HasPrefix(q, `INSERT INTO "`+table+`"`) {
				seen = append(seen, table)
			}
		}
		if strings.HasPrefix(q, `INSERT INTO "shop_order_lines"`) {
			cancel()
		}
	})
	_, err := s.App.Services.ShopOrders.Create(ctx, service.NewShopOrder{UserID: 1, Price: 4,
		Lines: []service.NewShopOrderLine{{GoodsID: goods[0], Price: 2, Number: 2}}})
	s.Statements.Before(nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("create: %v, want the cancelled context's error", err)
	}
	if !slices.Equal(seen, []string{"shop_orders", "shop_order_lines"}) {
		t.Fatalf("inserts %v, want the order's then its lines'", seen)
	}
	if after := ordersRows(t, s); after != before {
		t.Errorf("a failed create left orders and lines: %v, then %v", before, after)
	}
}

// A create costs the same statements whatever its lines: the goods are
// read in one statement and the lines inserted in one.
func TestCreateShopOrderStatementsDoNotGrowWithLines(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	goods := ordersSeedGoods(t, s, make([]float64, 20)...)
	n := s.SameStatementsAtAnySize(t, []int{1, 20}, func(size int) {
		lines := make([]any, size)
		for i := range lines {
			lines[i] = ordersLine(goods[i], 0, i+1)
		}
		do(t, s, token, `mutation($input: CreateShopOrderInput!) { createShopOrder(input: $input) { number lines { number goods { name } } } }`,
			map[string]any{"input": map[string]any{"userId": 1, "price": 0, "lines": lines}})
	})
	// session (the super-admin's rights are the catalog) + the transaction
	// (begin, the goods, the order, the lines, commit) + the lines joined
	// with their goods for the answer
	if n != 7 {
		t.Errorf("a create took %d statements, want 7", n)
	}
}
