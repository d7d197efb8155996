package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/chinatime"
	"github.com/onegraph/server/db"
)

// Partner orders over GraphQL on a world written straight into the store
// (poWorld): a buyer, two sellers and an outsider, each an enterprise with
// a partner account; seller 1 lists A-100 (128.50, 10 in stock) and A-200
// (33.33, 5), seller 2 lists B-300 (999.99, 3). Seller 1 classes the buyer
// 普通关系 (2) and gives that kind 95.00% on all its goods and 90.00% on
// A-100, and 商友 (3) 50.00%; the buyer classes seller 2 商友, which is the
// buyer's relation, not the seller's: seller 2, which gives 商友 80.00%,
// gives the buyer no discount.

// poEnterprise is an enterprise with its partner account's token.
type poEnterprise struct {
	id    int64
	name  string
	token string
}

func (e poEnterprise) ID() string { return fmt.Sprint(e.id) }

type poWorld struct {
	s                       *apptest.Server
	at                      time.Time // the server's clock
	admin                   string
	buyer, s1, s2, outsider poEnterprise
	a100, a200, b300        int64 // listing ids
}

// The relation kinds the migration writes that the world uses.
const (
	poKindNormal = 2 // 普通关系
	poKindFriend = 3 // 商友
)

func poStart(t *testing.T) *poWorld {
	t.Helper()
	at := time.Now().UTC().Truncate(time.Second)
	s := apptest.New(t, func(c *app.Config) { c.Now = func() time.Time { return at } })
	w := &poWorld{s: s, at: at, admin: s.AdminToken(t)}
	w.buyer = poAddEnterprise(t, s, "买方汽配", "13800000001")
	w.s1 = poAddEnterprise(t, s, "卖方一", "13800000002")
	w.s2 = poAddEnterprise(t, s, "卖方二", "13800000003")
	w.outsider = poAddEnterprise(t, s, "旁观者", "13800000004")
	w.a100 = poAddListing(t, s, w.s1.id, "A-100", 12850, 10)
	w.a200 = poAddListing(t, s, w.s1.id, "A-200", 3333, 5)
	w.b300 = poAddListing(t, s, w.s2.id, "B-300", 99999, 3)
	poInsert(t, s,
		&db.PartnerRelation{EnterpriseID: w.s1.id, TargetID: w.buyer.id, KindID: poKindNormal},
		&db.PartnerRelation{EnterpriseID: w.s1.id, TargetID: w.outsider.id, KindID: poKindFriend},
		&db.PartnerRelation{EnterpriseID: w.buyer.id, TargetID: w.s2.id, KindID: poKindFriend},
		&db.PartnerDiscount{EnterpriseID: w.s1.id, KindID: poKindNormal, Discount: 9500},
		&db.PartnerDiscount{EnterpriseID: w.s1.id, KindID: poKindNormal, ListingID: &w.a100, Discount: 9000},
		&db.PartnerDiscount{EnterpriseID: w.s1.id, KindID: poKindFriend, Discount: 5000},
		&db.PartnerDiscount{EnterpriseID: w.s2.id, KindID: poKindFriend, Discount: 8000},
	)
	return w
}

// poAddEnterprise writes an enterprise and an active partner account of it.
func poAddEnterprise(t *testing.T, s *apptest.Server, name, username string) poEnterprise {
	t.Helper()
	p := s.SeedPartner(t, username, name)
	return poEnterprise{id: p.EnterpriseID, name: name, token: p.Token}
}

// poAddListing writes a catalog goods and a seller's listing of it.
func poAddListing(t testing.TB, s *apptest.Server, seller int64, code string, priceFen, stock int64) int64 {
	t.Helper()
	now := time.Now().UTC()
	g := &db.ShopGoods{Name: "goods " + code, Price: float64(priceFen) / 100, CreatedAt: now, UpdatedAt: now}
	poInsert(t, s, g)
	l := &db.PartnerListing{EnterpriseID: seller, GoodsCode: code, GoodsID: g.ID, OENumber: "OE-" + code, Name: "名称 " + code,
		PriceFen: priceFen, Stock: stock, CreatedAt: now, UpdatedAt: now}
	poInsert(t, s, l)
	return l.ID
}

func poInsert(t testing.TB, s *apptest.Server, rows ...any) {
	t.Helper()
	for _, r := range rows {
		if _, err := s.App.DB.NewInsert().Model(r).Exec(context.Background()); err != nil {
			t.Fatalf("insert %T: %v", r, err)
		}
	}
}

func (w *poWorld) stock(t testing.TB, listing int64) int64 {
	t.Helper()
	var stock int64
	if err := w.s.App.DB.NewSelect().Table("partner_listings").Column("stock").Where("id = ?", listing).Scan(context.Background(), &stock); err != nil {
		t.Fatal(err)
	}
	return stock
}

func (w *poWorld) setStock(t testing.TB, listing, stock int64) {
	t.Helper()
	if _, err := w.s.App.DB.NewUpdate().Table("partner_listings").Set("stock = ?", stock).Where("id = ?", listing).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// stocks are A-100's, A-200's and B-300's stock.
func (w *poWorld) stocks(t testing.TB) [3]int64 {
	return [3]int64{w.stock(t, w.a100), w.stock(t, w.a200), w.stock(t, w.b300)}
}

// orderRows are the rows of orders and of lines.
func (w *poWorld) orderRows(t testing.TB) [2]int64 {
	return [2]int64{w.s.Rows(t, "partner_orders"), w.s.Rows(t, "partner_order_lines")}
}

// poLine is an input line.
func poLine(seller poEnterprise, code, price string, amount, discount int, total, stamp string) map[string]any {
	return map[string]any{"sellerId": seller.ID(), "goodsCode": code, "price": price, "amount": amount,
		"discount": discount, "total": total, "timestamp": stamp}
}

// validLines are three lines every figure of which is right: A-100 at the
// goods' own 90.00%, A-200 at the seller's 95.00% on all (63.327 rounds to
// 63.33) and B-300 undiscounted.
func (w *poWorld) validLines(stamp string) []any {
	return []any{
		poLine(w.s1, "A-100", "128.50", 3, 9000, "346.95", stamp+"-1"),
		poLine(w.s1, "A-200", "33.33", 2, 9500, "63.33", stamp+"-2"),
		poLine(w.s2, "B-300", "999.99", 1, 10000, "999.99", stamp+"-3"),
	}
}

const (
	poShipmentFields = `logisticsId logisticsName trackingNumber courierId courierName courierTel senderId senderName senderTel
		senderAddress receiverId receiverName receiverTel receiverAddress shippedAt receivedAt events { time context location }`
	poLineFields = `id orderId buyer { id name } seller { id name } listing { id goodsCode name price } goodsCode goodsName
		price amount discount total timestamp status shipment { ` + poShipmentFields + ` } placedAt updatedAt`
	poOrderFields = `id buyer { id name } placedAt lines { ` + poLineFields + ` }`
	poPlaceQ      = `mutation($in: PlacePartnerOrderInput!) { placePartnerOrder(input: $in) { ` + poOrderFields + ` } }`
	poPlaceIDQ    = `mutation($in: PlacePartnerOrderInput!) { placePartnerOrder(input: $in) { id lines { id } } }`
	poOrderQ      = `query($id: ID!) { partnerOrder(id: $id) { ` + poOrderFields + ` } }`
	poLineQ       = `query($id: ID!) { partnerOrderLine(id: $id) { ` + poLineFields + ` } }`
	poLineStatusQ = `query($id: ID!) { partnerOrderLine(id: $id) { status } }`
	poShipQ       = `mutation($id: ID!, $s: PartnerShipmentInput!) { shipPartnerOrderLine(id: $id, shipment: $s) { ` + poLineFields + ` } }`
	poLinesQ      = `query($f: PartnerOrderLineFilter, $p: PageInput!) { partnerOrderLines(filter: $f, paging: $p) { total items { id } } }`
)

// poMoveQ is a move's mutation answering the line.
func poMoveQ(mutation string) string {
	return fmt.Sprintf(`mutation($id: ID!) { %s(id: $id) { %s } }`, mutation, poLineFields)
}

// lineJSON is a line as poLineFields answers it; shipment is JSON (null
// until shipped).
func (w *poWorld) lineJSON(id, order int64, seller poEnterprise, listing int64, code, price string, amount, discount int,
	total, stamp, status, shipment string) string {
	at := w.at.Format(time.RFC3339)
	return fmt.Sprintf(`{"id":"%d","orderId":"%d","buyer":{"id":"%d","name":%q},"seller":{"id":"%d","name":%q},
		"listing":{"id":"%d","goodsCode":%q,"name":%q,"price":%s},"goodsCode":%q,"goodsName":%q,"price":%s,"amount":%d,
		"discount":%d,"total":%s,"timestamp":%q,"status":%q,"shipment":%s,"placedAt":%q,"updatedAt":%q}`,
		id, order, w.buyer.id, w.buyer.name, seller.id, seller.name, listing, code, "名称 "+code, price, code, "名称 "+code,
		price, amount, discount, total, stamp, status, shipment, at, at)
}

// validLinesJSON are validLines as placed, lines first.. first+2 of order.
func (w *poWorld) validLinesJSON(order, first int64, stamp, status string) []string {
	return []string{
		w.lineJSON(first, order, w.s1, w.a100, "A-100", "128.50", 3, 9000, "346.95", stamp+"-1", status, "null"),
		w.lineJSON(first+1, order, w.s1, w.a200, "A-200", "33.33", 2, 9500, "63.33", stamp+"-2", status, "null"),
		w.lineJSON(first+2, order, w.s2, w.b300, "B-300", "999.99", 1, 10000, "999.99", stamp+"-3", status, "null"),
	}
}

func (w *poWorld) orderJSON(field string, order int64, lines ...string) string {
	return fmt.Sprintf(`{%q:{"id":"%d","buyer":{"id":"%d","name":%q},"placedAt":%q,"lines":[%s]}}`,
		field, order, w.buyer.id, w.buyer.name, w.at.Format(time.RFC3339), strings.Join(lines, ","))
}

// place places lines as the buyer and returns the order's id and its
// lines' ids.
func (w *poWorld) place(t *testing.T, lines []any) (int64, []int64) {
	t.Helper()
	var out struct {
		PlacePartnerOrder struct {
			ID    int64 `json:",string"`
			Lines []struct {
				ID int64 `json:",string"`
			}
		}
	}
	if err := json.Unmarshal([]byte(do(t, w.s, w.buyer.token, poPlaceIDQ, map[string]any{"in": map[string]any{"lines": lines}})), &out); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, l := range out.PlacePartnerOrder.Lines {
		ids = append(ids, l.ID)
	}
	return out.PlacePartnerOrder.ID, ids
}

// An order's lines are checked and placed, each at the discount its
// seller gives the buyer's relation kind (goods-specific over "*", none
// for a relation of the buyer's own); the stock drops. The buyer reads the
// whole order, each seller its own lines, an outsider nothing.
func TestPlacePartnerOrder(t *testing.T) {
	t.Parallel()
	w := poStart(t)
	data := do(t, w.s, w.buyer.token, poPlaceQ, map[string]any{"in": map[string]any{"lines": w.validLines("WEBERP1")}})
	lines := w.validLinesJSON(1, 1, "WEBERP1", "PLACED")
	apptest.EqualJSON(t, data, w.orderJSON("placePartnerOrder", 1, lines...))
	if got := w.stocks(t); got != [3]int64{7, 3, 2} {
		t.Errorf("stock %v, want 7, 3, 2", got)
	}

	apptest.EqualJSON(t, do(t, w.s, w.buyer.token, poOrderQ, map[string]any{"id": 1}), w.orderJSON("partnerOrder", 1, lines...))
	apptest.EqualJSON(t, do(t, w.s, w.admin, poOrderQ, map[string]any{"id": 1}), w.orderJSON("partnerOrder", 1, lines...))
	apptest.EqualJSON(t, do(t, w.s, w.s1.token, poOrderQ, map[string]any{"id": 1}), w.orderJSON("partnerOrder", 1, lines[:2]...))
	apptest.EqualJSON(t, do(t, w.s, w.s2.token, poOrderQ, map[string]any{"id": 1}), w.orderJSON("partnerOrder", 1, lines[2]))
	fails(t, w.s, w.outsider.token, poOrderQ, map[string]any{"id": 1}, missing("partnerOrder"))
	fails(t, w.s, w.buyer.token, poOrderQ, map[string]any{"id": 99}, missing("partnerOrder"))

	apptest.EqualJSON(t, do(t, w.s, w.s2.token, poLineQ, map[string]any{"id": 3}), `{"partnerOrderLine":`+lines[2]+`}`)
	apptest.EqualJSON(t, do(t, w.s, w.buyer.token, poLineQ, map[string]any{"id": 3}), `{"partnerOrderLine":`+lines[2]+`}`)
	for _, tok := range []string{w.s1.token, w.outsider.token} {
		fails(t, w.s, tok, poLineQ, map[string]any{"id": 3}, missing("partnerOrderLine"))
	}

	// ADMIN places for a buyer it names, and must name one.
	id, _ := w.place(t, []any{poLine(w.s1, "A-200", "33.33", 1, 9500, "31.66", "WEBERP2")})
	byAdmin := do(t, w.s, w.admin, poPlaceIDQ, map[string]any{"in": map[string]any{"buyerId": w.buyer.ID(),
		"lines": []any{poLine(w.s1, "A-200", "33.33", 1, 9500, "31.66", "WEBERP3")}}})
	apptest.EqualJSON(t, byAdmin, fmt.Sprintf(`{"placePartnerOrder":{"id":"%d","lines":[{"id":"5"}]}}`, id+1))
	msg := fails(t, w.s, w.admin, poPlaceIDQ, map[string]any{"in": map[string]any{"lines": w.validLines("WEBERP4")}},
		`{"code":"INVALID_INPUT","field":"buyerId"}`)
	if msg != "ADMIN acts for no enterprise of its own: name one" {
		t.Errorf("message %q", msg)
	}
	fails(t, w.s, w.buyer.token, poPlaceIDQ, map[string]any{"in": map[string]any{"buyerId": w.s1.ID(), "lines": w.validLines("WEBERP4")}},
		`{"code":"FORBIDDEN","reason":"OTHER_ENTERPRISE","field":"buyerId"}`)
}

// Every refusal names the line (from 1 in the message, from 0 in the
// field) and writes nothing: no order, no line, the stock as it was,
// though earlier lines had taken theirs.
func TestPlacePartnerOrderRefusals(t *testing.T) {
	t.Parallel()
	w := poStart(t)
	// with is validLines with the second line changed.
	with := func(change map[string]any) []any {
		lines := w.validLines("WEBERP9")
		for k, v := range change {
			lines[1].(map[string]any)[k] = v
		}
		return lines
	}
	many := make([]any, 51)
	for i := range many {
		many[i] = poLine(w.s1, "A-200", "33.33", 1, 9500, "31.66", fmt.Sprint("WEBERP-many-", i))
	}
	for _, c := range []struct {
		name       string
		lines      []any
		extensions string
		message    string
	}{
		{"unknown goods", with(map[string]any{"goodsCode": "A-999"}), `{"code":"NOT_FOUND","entity":"partnerListing","field":"lines.1.goodsCode"}`,
			fmt.Sprintf(`line 2: enterprise %d lists no goods "A-999"`, w.s1.id)},
		{"goods of another seller", with(map[string]any{"goodsCode": "B-300"}), `{"code":"NOT_FOUND","entity":"partnerListing","field":"lines.1.goodsCode"}`,
			fmt.Sprintf(`line 2: enterprise %d lists no goods "B-300"`, w.s1.id)},
		{"own goods", with(map[string]any{"sellerId": w.buyer.ID()}), `{"code":"INVALID_INPUT","field":"lines.1.sellerId"}`,
			fmt.Sprintf("line 2: enterprise %d cannot buy its own goods", w.buyer.id)},
		{"price", with(map[string]any{"price": "33.30"}), `{"code":"INVALID_INPUT","reason":"PRICE_MISMATCH","field":"lines.1.price"}`,
			"line 2: the price is 33.33, not 33.30"},
		{"discount of the other kind", with(map[string]any{"discount": 5000}), `{"code":"INVALID_INPUT","reason":"PRICE_MISMATCH","field":"lines.1.discount"}`,
			"line 2: the discount is 9500, not 5000"},
		{"goods discount on other goods", with(map[string]any{"discount": 9000}), `{"code":"INVALID_INPUT","reason":"PRICE_MISMATCH","field":"lines.1.discount"}`,
			"line 2: the discount is 9500, not 9000"},
		{"total rounded down", with(map[string]any{"total": "63.32"}), `{"code":"INVALID_INPUT","reason":"PRICE_MISMATCH","field":"lines.1.total"}`,
			"line 2: the total is 63.33, not 63.32"},
		{"amount 0", with(map[string]any{"amount": 0}), `{"code":"INVALID_INPUT","field":"lines.1.amount"}`,
			"line 2: the amount must be 1 to 100000, got 0"},
		{"amount over", with(map[string]any{"amount": 100001}), `{"code":"INVALID_INPUT","field":"lines.1.amount"}`,
			"line 2: the amount must be 1 to 100000, got 100001"},
		{"out of stock", with(map[string]any{"amount": 6, "total": "189.98"}), `{"code":"CONFLICT","reason":"OUT_OF_STOCK","field":"lines.1.amount"}`,
			fmt.Sprintf(`line 2: enterprise %d has fewer than 6 of goods "A-200" in stock`, w.s1.id)},
		{"blank stamp", with(map[string]any{"timestamp": " "}), `{"code":"INVALID_INPUT","field":"lines.1.timestamp"}`,
			"line 2: a line needs a timestamp"},
		{"long stamp", with(map[string]any{"timestamp": strings.Repeat("时", 65)}), `{"code":"INVALID_INPUT","field":"lines.1.timestamp"}`,
			"line 2: a timestamp is at most 64 characters"},
		{"stamp twice", with(map[string]any{"timestamp": "WEBERP9-1"}), `{"code":"INVALID_INPUT","field":"lines.1.timestamp"}`,
			`line 2: timestamp "WEBERP9-1" is line 1's too`},
		{"no line", []any{}, `{"code":"INVALID_INPUT","field":"lines"}`, "an order has 1 to 50 lines, got 0"},
		{"51 lines", many, `{"code":"INVALID_INPUT","field":"lines"}`, "an order has 1 to 50 lines, got 51"},
	} {
		t.Run(c.name, func(t *testing.T) {
			msg := fails(t, w.s, w.buyer.token, poPlaceIDQ, map[string]any{"in": map[string]any{"lines": c.lines}}, c.extensions)
			if msg != c.message {
				t.Errorf("message %q, want %q", msg, c.message)
			}
			if got := w.stocks(t); got != [3]int64{10, 5, 3} {
				t.Errorf("stock %v after a refusal, want 10, 5, 3", got)
			}
			if got := w.orderRows(t); got != [2]int64{} {
				t.Errorf("orders and lines %v after a refusal, want none", got)
			}
		})
	}
	// A stamp of 64 characters is one.
	w.place(t, []any{poLine(w.s1, "A-200", "33.33", 1, 9500, "31.66", strings.Repeat("时", 64))})
}

// A seller's black list bars the buyers on it from the goods it names (or
// all its goods); where it has a white list for the goods (or all its
// goods), only the buyers on one of them may order.
func TestPartnerOrdersObeyGoodsLists(t *testing.T) {
	t.Parallel()
	w := poStart(t)
	all := (*int64)(nil)
	entry := func(listing *int64, target poEnterprise, kind string) *db.PartnerGoodsListEntry {
		return &db.PartnerGoodsListEntry{EnterpriseID: w.s1.id, ListingID: listing, TargetID: target.id, ListType: kind}
	}
	w.setStock(t, w.a200, 100)
	w.setStock(t, w.b300, 100)
	black := fmt.Sprintf(`line 2: enterprise %d's black list bars enterprise %d from goods "A-200"`, w.s1.id, w.buyer.id)
	white := fmt.Sprintf(`line 2: enterprise %d sells goods "A-200" only to the enterprises on its white list`, w.s1.id)
	for i, c := range []struct {
		name    string
		entries []*db.PartnerGoodsListEntry
		refusal string // "": placed
	}{
		{"black for all goods", []*db.PartnerGoodsListEntry{entry(all, w.buyer, db.ListBlack)}, black},
		{"black for these goods", []*db.PartnerGoodsListEntry{entry(&w.a200, w.buyer, db.ListBlack)}, black},
		{"black for other goods", []*db.PartnerGoodsListEntry{entry(&w.a100, w.buyer, db.ListBlack)}, ""},
		{"black for another buyer", []*db.PartnerGoodsListEntry{entry(all, w.outsider, db.ListBlack)}, ""},
		{"white for these goods without the buyer", []*db.PartnerGoodsListEntry{entry(&w.a200, w.outsider, db.ListWhite)}, white},
		{"white for all goods without the buyer", []*db.PartnerGoodsListEntry{entry(all, w.outsider, db.ListWhite)}, white},
		{"white for these goods with the buyer", []*db.PartnerGoodsListEntry{entry(&w.a200, w.buyer, db.ListWhite), entry(&w.a200, w.outsider, db.ListWhite)}, ""},
		{"white for all goods with the buyer", []*db.PartnerGoodsListEntry{entry(all, w.buyer, db.ListWhite)}, ""},
		{"white for all goods, the buyer on the goods' own", []*db.PartnerGoodsListEntry{entry(all, w.outsider, db.ListWhite), entry(&w.a200, w.buyer, db.ListWhite)}, ""},
		{"white for other goods", []*db.PartnerGoodsListEntry{entry(&w.a100, w.outsider, db.ListWhite)}, ""},
		{"white and black", []*db.PartnerGoodsListEntry{entry(all, w.buyer, db.ListWhite), entry(&w.a200, w.buyer, db.ListBlack)}, black},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := w.s.App.DB.NewDelete().Model((*db.PartnerGoodsListEntry)(nil)).Where("TRUE").Exec(context.Background()); err != nil {
				t.Fatal(err)
			}
			for _, e := range c.entries {
				poInsert(t, w.s, e)
			}
			before := w.orderRows(t)
			in := map[string]any{"lines": []any{
				poLine(w.s2, "B-300", "999.99", 1, 10000, "999.99", fmt.Sprint("WEBERP-list-", i, "-1")),
				poLine(w.s1, "A-200", "33.33", 1, 9500, "31.66", fmt.Sprint("WEBERP-list-", i, "-2")),
			}}
			if c.refusal == "" {
				do(t, w.s, w.buyer.token, poPlaceIDQ, map[string]any{"in": in})
				if got := w.orderRows(t); got != [2]int64{before[0] + 1, before[1] + 2} {
					t.Errorf("orders and lines %v, want one more order of two lines than %v", got, before)
				}
				return
			}
			msg := fails(t, w.s, w.buyer.token, poPlaceIDQ, map[string]any{"in": in}, `{"code":"FORBIDDEN","reason":"BLOCKED","field":"lines.1"}`)
			if msg != c.refusal {
				t.Errorf("message %q, want %q", msg, c.refusal)
			}
			if got := w.orderRows(t); got != before {
				t.Errorf("orders and lines %v after a refusal, want %v", got, before)
			}
		})
	}
}

// Placing the same lines again answers the first order and writes
// nothing; lines of which only some were placed, or placed in another
// order or by another buyer, are refused without a word of that order.
func TestPartnerOrderReplay(t *testing.T) {
	t.Parallel()
	w := poStart(t)
	first := do(t, w.s, w.buyer.token, poPlaceQ, map[string]any{"in": map[string]any{"lines": w.validLines("WEBERP1")}})
	rows, stock := w.orderRows(t), w.stocks(t)
	again := do(t, w.s, w.buyer.token, poPlaceQ, map[string]any{"in": map[string]any{"lines": w.validLines("WEBERP1")}})
	apptest.EqualJSON(t, again, first)
	if w.orderRows(t) != rows || w.stocks(t) != stock {
		t.Errorf("a replay wrote: orders and lines %v (was %v), stock %v (was %v)", w.orderRows(t), rows, w.stocks(t), stock)
	}
	w.place(t, []any{poLine(w.s1, "A-200", "33.33", 1, 9500, "31.66", "WEBERP2")})
	rows, stock = w.orderRows(t), w.stocks(t)

	partial := `{"code":"CONFLICT","reason":"PARTIAL_REPLAY","field":"lines.%d.timestamp"}`
	placedBefore := `line %d: timestamp %q was placed before, in an order that is not exactly these lines`
	valid := w.validLines("WEBERP1")
	for _, c := range []struct {
		name  string
		token string
		lines []any
		line  int
		stamp string
	}{
		{"a new line besides", w.buyer.token, append([]any{poLine(w.s1, "A-200", "33.33", 1, 9500, "31.66", "WEBERP3")}, valid...), 1, "WEBERP1-1"},
		{"some of the lines", w.buyer.token, valid[1:], 0, "WEBERP1-2"},
		{"lines of two orders", w.buyer.token, append(valid, poLine(w.s1, "A-200", "33.33", 1, 9500, "31.66", "WEBERP2")), 0, "WEBERP1-1"},
		{"another buyer", w.outsider.token, valid, 0, "WEBERP1-1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			msg := fails(t, w.s, c.token, poPlaceIDQ, map[string]any{"in": map[string]any{"lines": c.lines}}, fmt.Sprintf(partial, c.line))
			if want := fmt.Sprintf(placedBefore, c.line+1, c.stamp); msg != want {
				t.Errorf("message %q, want %q", msg, want)
			}
			if w.orderRows(t) != rows || w.stocks(t) != stock {
				t.Errorf("a refused replay wrote: orders and lines %v (was %v), stock %v (was %v)", w.orderRows(t), rows, w.stocks(t), stock)
			}
		})
	}
}

// The same order sent by 10 clients at once is placed once, and every one
// of them is answered that order; the stock, exactly the order's, drops
// once (a replay that reached the stock would find none).
func TestPartnerOrderConcurrentReplays(t *testing.T) {
	t.Parallel()
	w := poStart(t)
	a300 := poAddListing(t, w.s, w.s1.id, "A-300", 1000, 4)
	in := map[string]any{"in": map[string]any{"lines": []any{poLine(w.s1, "A-300", "10.00", 4, 9500, "38.00", "WEBERP-race")}}}
	// Every statement held a while: the clients read the stamps before any
	// commits, so on Postgres all but one meet the first one's lines when
	// they insert theirs.
	w.s.Statements.Hold(20 * time.Millisecond)
	answers := make([]string, 10)
	var wg sync.WaitGroup
	for i := range answers {
		wg.Go(func() {
			r := w.s.GraphQL(t, w.buyer.token, poPlaceIDQ, in)
			answers[i] = fmt.Sprintf("%s %v", r.Data, r.Errors)
		})
	}
	wg.Wait()
	w.s.Statements.Hold(0)
	// The order's id is any its concurrent inserts drew: on Postgres those
	// rolled back drew some too.
	if !strings.HasPrefix(answers[0], `{"placePartnerOrder":{"id":"`) || !strings.HasSuffix(answers[0], `"}]}} []`) {
		t.Errorf("client 0: %s, want an order", answers[0])
	}
	for i, a := range answers {
		if a != answers[0] {
			t.Errorf("client %d: %s, client 0: %s", i, a, answers[0])
		}
	}
	if got := w.orderRows(t); got != [2]int64{1, 1} {
		t.Errorf("orders and lines %v, want one of each", got)
	}
	if got := w.stock(t, a300); got != 0 {
		t.Errorf("stock %d, want 0", got)
	}
}

// 20 orders at once for the last 7 units: 7 are placed, 13 refused as out
// of stock, and the stock ends at 0, never below.
func TestPartnerOrdersRaceForTheLastUnits(t *testing.T) {
	t.Parallel()
	w := poStart(t)
	a300 := poAddListing(t, w.s, w.s1.id, "A-300", 1000, 7)
	w.s.Statements.Hold(10 * time.Millisecond) // so the orders' transactions overlap
	defer w.s.Statements.Hold(0)
	var mu sync.Mutex
	outcomes := map[string]int{}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			in := map[string]any{"in": map[string]any{"lines": []any{poLine(w.s1, "A-300", "10.00", 1, 9500, "9.50", fmt.Sprint("WEBERP-last-", i))}}}
			r := w.s.GraphQL(t, w.buyer.token, poPlaceIDQ, in)
			outcome := "placed"
			if len(r.Errors) > 0 {
				outcome = fmt.Sprint(r.Errors[0].Extensions["code"], " ", r.Errors[0].Extensions["reason"])
			}
			mu.Lock()
			outcomes[outcome]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if want := map[string]int{"placed": 7, "CONFLICT OUT_OF_STOCK": 13}; fmt.Sprint(outcomes) != fmt.Sprint(want) {
		t.Errorf("outcomes %v, want %v", outcomes, want)
	}
	if got := w.stock(t, a300); got != 0 {
		t.Errorf("stock %d, want 0", got)
	}
	if got := w.orderRows(t); got != [2]int64{7, 7} {
		t.Errorf("orders and lines %v, want 7 of each", got)
	}
}

// poShipment is a shipment input with every member, and the JSON of the
// shipment it makes (events and receivedAt given).
var poShipment = map[string]any{"logisticsId": "L1", "logisticsName": "顺丰速运", "trackingNumber": " SF1001 ",
	"courierId": "C7", "courierName": "李师傅", "courierTel": "13900000007", "senderId": "S1", "senderName": "卖方仓库",
	"senderTel": "02100000001", "senderAddress": "上海市嘉定区", "receiverId": "R1", "receiverName": "张三",
	"receiverTel": "13700000001", "receiverAddress": "北京市顺义区"}

func (w *poWorld) shipmentJSON(receivedAt, events string) string {
	return fmt.Sprintf(`{"logisticsId":"L1","logisticsName":"顺丰速运","trackingNumber":"SF1001","courierId":"C7",
		"courierName":"李师傅","courierTel":"13900000007","senderId":"S1","senderName":"卖方仓库","senderTel":"02100000001",
		"senderAddress":"上海市嘉定区","receiverId":"R1","receiverName":"张三","receiverTel":"13700000001",
		"receiverAddress":"北京市顺义区","shippedAt":%q,"receivedAt":%s,"events":%s}`, w.at.Format(time.RFC3339), receivedAt, events)
}

// A line walks placed → accepted (seller) → shipped (seller) → received
// (buyer) → return requested (buyer) → return confirmed (seller), each
// move answered with the line; shipping and receiving write tracking
// events the shop's kuaidi route shows; the confirmed return puts the
// amount back into stock.
func TestPartnerOrderLineWalk(t *testing.T) {
	t.Parallel()
	w := poStart(t)
	_, lines := w.place(t, w.validLines("WEBERP1"))
	id := lines[0]
	line := func(status, shipment string) string {
		return w.lineJSON(id, 1, w.s1, w.a100, "A-100", "128.50", 3, 9000, "346.95", "WEBERP1-1", status, shipment)
	}
	at := w.at.Format(time.RFC3339)
	shipped := fmt.Sprintf(`[{"time":%q,"context":"已发货 顺丰速运 SF1001","location":null}]`, at)
	received := fmt.Sprintf(`[{"time":%q,"context":"已发货 顺丰速运 SF1001","location":null},{"time":%q,"context":"已签收 张三","location":null}]`, at, at)
	answer := func(field, line string) string { return fmt.Sprintf(`{%q:%s}`, field, line) }

	apptest.EqualJSON(t, do(t, w.s, w.s1.token, poMoveQ("acceptPartnerOrderLine"), map[string]any{"id": id}),
		answer("acceptPartnerOrderLine", line("ACCEPTED", "null")))
	fails(t, w.s, w.s1.token, poShipQ, map[string]any{"id": id, "s": map[string]any{"trackingNumber": "  "}},
		`{"code":"INVALID_INPUT","field":"shipment.trackingNumber"}`)
	fails(t, w.s, w.s1.token, poShipQ, map[string]any{"id": id, "s": map[string]any{"trackingNumber": "SF1", "senderName": strings.Repeat("名", 201)}},
		`{"code":"INVALID_INPUT","field":"shipment.senderName"}`)
	apptest.EqualJSON(t, do(t, w.s, w.s1.token, poShipQ, map[string]any{"id": id, "s": poShipment}),
		answer("shipPartnerOrderLine", line("SHIPPED", w.shipmentJSON("null", shipped))))
	apptest.EqualJSON(t, do(t, w.s, w.buyer.token, poMoveQ("receivePartnerOrderLine"), map[string]any{"id": id}),
		answer("receivePartnerOrderLine", line("RECEIVED", w.shipmentJSON(fmt.Sprintf("%q", at), received))))
	apptest.EqualJSON(t, do(t, w.s, w.buyer.token, poMoveQ("requestPartnerReturn"), map[string]any{"id": id}),
		answer("requestPartnerReturn", line("RETURN_REQUESTED", w.shipmentJSON(fmt.Sprintf("%q", at), received))))
	if got := w.stock(t, w.a100); got != 7 {
		t.Errorf("stock %d before the return, want 7", got)
	}
	apptest.EqualJSON(t, do(t, w.s, w.s1.token, poMoveQ("confirmPartnerReturn"), map[string]any{"id": id}),
		answer("confirmPartnerReturn", line("RETURN_CONFIRMED", w.shipmentJSON(fmt.Sprintf("%q", at), received))))
	if got := w.stock(t, w.a100); got != 10 {
		t.Errorf("stock %d after the return, want 10", got)
	}

	// The shop's kuaidi route reads the events, newest first (one clock:
	// the later written first).
	cst := w.at.In(chinatime.Zone).Format(time.DateTime)
	shop := w.s.ShopLogin(t, "admin", apptest.AdminPassword)
	w.s.Do(t, shop, http.MethodGet, "/api/v2/kuaidi/SF1001", nil).Expect(t, http.StatusOK, fmt.Sprintf(`{"meta":{"status":200,"message":"获取物流信息成功！"},"data":[
		{"time":%q,"ftime":%q,"context":"已签收 张三","location":null},
		{"time":%q,"ftime":%q,"context":"已发货 顺丰速运 SF1001","location":null}]}`, cst, cst, cst, cst))
}

// The operator (ADMIN) reads every line but makes no move: only the party
// named may.
func TestPartnerOrderLineMovesAreThePartiesOnly(t *testing.T) {
	t.Parallel()
	w := poStart(t)
	_, lines := w.place(t, w.validLines("WEBERP1"))
	id := map[string]any{"id": lines[2]}
	msg := fails(t, w.s, w.admin, poMoveQ("acceptPartnerOrderLine"), id, `{"code":"FORBIDDEN","reason":"WRONG_PARTY"}`)
	if msg != "the seller accepts an order line" {
		t.Errorf("message %q", msg)
	}
	apptest.EqualJSON(t, do(t, w.s, w.admin, poLineStatusQ, id), `{"partnerOrderLine":{"status":"PLACED"}}`)
}

// Every move from every state by either party: only the machine's moves
// by their party pass; the other party is refused whatever the state
// (WRONG_PARTY), the right party in a wrong state with both states named
// (BAD_TRANSITION), an outsider as if the line did not exist. A refused
// move leaves the line as it was.
func TestPartnerOrderLineIllegalMoves(t *testing.T) {
	t.Parallel()
	w := poStart(t)
	type move struct {
		mutation, to string
		code         int    // to's
		by           string // "seller" or "buyer"
		does         string
		vars         map[string]any // besides the id
	}
	moves := []move{
		{"acceptPartnerOrderLine", "ACCEPTED", 2, "seller", "accepts an order line", nil},
		{"shipPartnerOrderLine", "SHIPPED", 50, "seller", "ships an order line", map[string]any{"s": map[string]any{"trackingNumber": "ZT1"}}},
		{"receivePartnerOrderLine", "RECEIVED", 55, "buyer", "receives an order line", nil},
		{"requestPartnerReturn", "RETURN_REQUESTED", 90, "buyer", "asks to return an order line", nil},
		{"confirmPartnerReturn", "RETURN_CONFIRMED", 99, "seller", "confirms a return", nil},
	}
	query := func(m move) string {
		if m.vars != nil {
			return `mutation($id: ID!, $s: PartnerShipmentInput!) { shipPartnerOrderLine(id: $id, shipment: $s) { status } }`
		}
		return fmt.Sprintf(`mutation($id: ID!) { %s(id: $id) { status } }`, m.mutation)
	}
	vars := func(m move, id int64) map[string]any {
		v := map[string]any{"id": id}
		for k, x := range m.vars {
			v[k] = x
		}
		return v
	}
	states := []struct {
		name string
		code int
	}{{"PLACED", 1}, {"ACCEPTED", 2}, {"SHIPPED", 50}, {"RECEIVED", 55}, {"RETURN_REQUESTED", 90}, {"RETURN_CONFIRMED", 99}}
	tokens := map[string]string{"seller": w.s1.token, "buyer": w.buyer.token}
	for i, from := range states {
		// A line walked to the state by the machine's own moves.
		_, lines := w.place(t, []any{poLine(w.s1, "A-200", "33.33", 1, 9500, "31.66", fmt.Sprint("WEBERP-state-", i))})
		id := lines[0]
		for _, m := range moves[:i] {
			do(t, w.s, tokens[m.by], query(m), vars(m, id))
		}
		var legal *move
		for j, m := range moves {
			if j == i {
				legal = &moves[j] // made last, once every refusal is seen
				continue
			}
			fails(t, w.s, w.outsider.token, query(m), vars(m, id), missing("partnerOrderLine"))
			for _, by := range []string{"seller", "buyer"} {
				if by != m.by {
					msg := fails(t, w.s, tokens[by], query(m), vars(m, id), `{"code":"FORBIDDEN","reason":"WRONG_PARTY"}`)
					if want := "the " + m.by + " " + m.does; msg != want {
						t.Errorf("%s by the %s from %s: %q, want %q", m.mutation, by, from.name, msg, want)
					}
					continue
				}
				msg := fails(t, w.s, tokens[by], query(m), vars(m, id), `{"code":"INVALID_INPUT","reason":"BAD_TRANSITION"}`)
				if want := fmt.Sprintf("order line %d is %s (%d) and cannot become %s (%d)", id, from.name, from.code, m.to, m.code); msg != want {
					t.Errorf("%s by the %s from %s: %q, want %q", m.mutation, by, from.name, msg, want)
				}
			}
			apptest.EqualJSON(t, do(t, w.s, w.buyer.token, poLineStatusQ, map[string]any{"id": id}),
				fmt.Sprintf(`{"partnerOrderLine":{"status":%q}}`, from.name))
		}
		if legal == nil {
			continue // RETURN_CONFIRMED is final
		}
		other := map[string]string{"seller": "buyer", "buyer": "seller"}[legal.by]
		fails(t, w.s, tokens[other], query(*legal), vars(*legal, id), `{"code":"FORBIDDEN","reason":"WRONG_PARTY"}`)
		fails(t, w.s, w.outsider.token, query(*legal), vars(*legal, id), missing("partnerOrderLine"))
		apptest.EqualJSON(t, do(t, w.s, tokens[legal.by], query(*legal), vars(*legal, id)),
			fmt.Sprintf(`{%q:{"status":%q}}`, legal.mutation, legal.to))
	}
}

// The line list shows the acting enterprise's lines, newest first, on the
// side asked for, in a state, of an order; total counts them all. ADMIN
// lists any enterprise's or every line.
func TestPartnerOrderLines(t *testing.T) {
	t.Parallel()
	w := poStart(t)
	first, _ := w.place(t, w.validLines("WEBERP1"))                                                // lines 1, 2 (s1), 3 (s2)
	w.place(t, []any{poLine(w.s1, "A-200", "33.33", 1, 9500, "31.66", "WEBERP2")})                 // line 4 (s1)
	sold := do(t, w.s, w.s1.token, poPlaceIDQ, map[string]any{"in": map[string]any{"lines": []any{ // line 5: s1 buys
		poLine(w.s2, "B-300", "999.99", 1, 10000, "999.99", "WEBERP3")}}})
	if want := `{"placePartnerOrder":{"id":"3","lines":[{"id":"5"}]}}`; sold != want {
		t.Fatalf("placed %s, want %s", sold, want)
	}
	do(t, w.s, w.s1.token, poMoveQ("acceptPartnerOrderLine"), map[string]any{"id": 2})

	page := map[string]any{"page": 1, "size": 20}
	for _, c := range []struct {
		name   string
		token  string
		filter map[string]any
		want   string // ids, newest first
		total  int
	}{
		{"buyer, both sides", w.buyer.token, nil, "4 3 2 1", 4},
		{"seller, both sides", w.s1.token, nil, "5 4 2 1", 4},
		{"seller, selling", w.s1.token, map[string]any{"side": "SELLER"}, "4 2 1", 3},
		{"seller, buying", w.s1.token, map[string]any{"side": "BUYER"}, "5", 1},
		{"seller, its own named", w.s1.token, map[string]any{"enterpriseId": w.s1.ID(), "side": "SELLER"}, "4 2 1", 3},
		{"accepted", w.buyer.token, map[string]any{"status": "ACCEPTED"}, "2", 1},
		{"placed", w.buyer.token, map[string]any{"status": "PLACED"}, "4 3 1", 3},
		{"of an order", w.s2.token, map[string]any{"orderId": first}, "3", 1},
		{"outsider", w.outsider.token, nil, "", 0},
		{"admin, every line", w.admin, nil, "5 4 3 2 1", 5},
		{"admin, for seller 2", w.admin, map[string]any{"enterpriseId": w.s2.ID()}, "5 3", 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out struct {
				PartnerOrderLines struct {
					Total int
					Items []struct{ ID string }
				}
			}
			json.Unmarshal([]byte(do(t, w.s, c.token, poLinesQ, map[string]any{"f": c.filter, "p": page})), &out) //nolint:errcheck // compared below
			var ids []string
			for _, it := range out.PartnerOrderLines.Items {
				ids = append(ids, it.ID)
			}
			if got := strings.Join(ids, " "); got != c.want || out.PartnerOrderLines.Total != c.total {
				t.Errorf("lines %q of %d, want %q of %d", got, out.PartnerOrderLines.Total, c.want, c.total)
			}
		})
	}
	apptest.EqualJSON(t, do(t, w.s, w.buyer.token, poLinesQ, map[string]any{"p": map[string]any{"page": 2, "size": 3}}),
		`{"partnerOrderLines":{"total":4,"items":[{"id":"1"}]}}`)
	fails(t, w.s, w.buyer.token, poLinesQ, map[string]any{"f": map[string]any{"enterpriseId": w.s1.ID()}, "p": page},
		`{"code":"FORBIDDEN","reason":"OTHER_ENTERPRISE","field":"filter.enterpriseId"}`)
	fails(t, w.s, w.buyer.token, poLinesQ, map[string]any{"p": map[string]any{"page": 1, "size": 0}}, `{"code":"INVALID_INPUT"}`)
}

// A page of lines, and an order, with every edge selected cost the same
// statements whatever their size: each edge is one statement per page.
func TestPartnerOrderStatementsDoNotGrowWithSize(t *testing.T) {
	t.Parallel()
	w := poStart(t)
	ctx := context.Background()
	big := poAddListing(t, w.s, w.s1.id, "A-BIG", 100, 1000)
	orders := map[int]int64{}
	for _, size := range []int{5, 50} {
		lines := make([]any, size)
		for i := range lines {
			lines[i] = poLine(w.s1, "A-BIG", "1.00", 1, 9500, "0.95", fmt.Sprintf("WEBERP-%d-%d", size, i))
		}
		orders[size], _ = w.place(t, lines)
	}
	// Every line shipped, with a tracking event besides the shipping's.
	var ids []int64
	if err := w.s.App.DB.NewSelect().Table("partner_order_lines").Column("id").Scan(ctx, &ids); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		do(t, w.s, w.s1.token, poMoveQ("acceptPartnerOrderLine"), map[string]any{"id": id})
		do(t, w.s, w.s1.token, poShipQ, map[string]any{"id": id, "s": map[string]any{"trackingNumber": fmt.Sprint("SF", id)}})
		poInsert(t, w.s, &db.TrackingEvent{TrackingNumber: fmt.Sprint("SF", id), Time: w.at, Context: "运输中"})
	}
	if got := w.stock(t, big); got != 945 {
		t.Fatalf("stock %d, want 945", got)
	}
	everyEdge := `id buyer { name } seller { name } listing { goodsCode } shipment { trackingNumber events { context } }`
	n := w.s.SameStatementsAtAnySize(t, []int{5, 50}, func(size int) {
		data := do(t, w.s, w.s1.token, `query($p: PageInput!) { partnerOrderLines(paging: $p) { total items { `+everyEdge+` } } }`,
			map[string]any{"p": map[string]any{"page": 1, "size": size}})
		if got := strings.Count(data, "运输中"); got != size {
			t.Errorf("%d lines with their events, want %d", got, size)
		}
	})
	// the session, the profile, the page and its count, then one statement
	// each for the enterprises, listings, shipments and events
	if n != 8 {
		t.Errorf("a page took %d statements, want 8", n)
	}
	n = w.s.SameStatementsAtAnySize(t, []int{5, 50}, func(size int) {
		data := do(t, w.s, w.buyer.token, `query($id: ID!) { partnerOrder(id: $id) { id buyer { name } lines { `+everyEdge+` } } }`,
			map[string]any{"id": orders[size]})
		if got := strings.Count(data, "运输中"); got != size {
			t.Errorf("%d lines with their events, want %d", got, size)
		}
	})
	// the session, the profile, the order and its buyer; the profile again
	// for the lines' scope, the lines, then the edges as above
	if n != 10 {
		t.Errorf("an order took %d statements, want 10", n)
	}
}
