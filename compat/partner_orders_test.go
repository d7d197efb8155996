package compat_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
)

// The partner API's order interfaces (8–14) over the demo's orders: line 1
// placed (骏达 sells 祎讯 JD-0001), 2 accepted, 3 shipped (华通,
// SF1400000000001), 4 received, 5 return requested (华通), 6 returned.

// orderBody is interface 8's body: 祎讯 buys 3 air filters of 骏达 (its
// 商友, 95%) and 10 spark plugs of 华通 (普通关系, 98%).
func orderBody(stamp string) map[string]any {
	return as(1, map[string]any{"param": []any{
		map[string]any{"companyID": 1, "goods_id": "JD-0002", "seller_ID": 2, "seller_company_name": "广州骏达汽车配件有限公司",
			"goods_name": "空气滤清器", "goods_price": 68.00, "goods_amount": 3, "discount": 9500, "goods_totalPrice": 193.80,
			"timestamp": stamp + "1"},
		map[string]any{"companyID": 1, "goods_id": "HT-1001", "seller_ID": 3, "seller_company_name": "北京华通汽配城",
			"goods_name": "火花塞", "goods_price": "35.50", "goods_amount": 10, "discount": 9800, "goods_totalPrice": "347.90",
			"timestamp": stamp + "2"},
	}, "sec": "o"})
}

const placed = `{"status": 0, "msg": "操作成功!", "companyID": 1, "companyName": "上海祎讯汽配有限公司", "order_id": 4, "order_PID": 4,
	"data": [{"goods_id": "JD-0002", "timestamp": "WEBERP17642080000011", "order_id": 7},
	         {"goods_id": "HT-1001", "timestamp": "WEBERP17642080000012", "order_id": 8}], "sec": "o"}`

// Interface 8: an order, placed once however often it is sent.
func TestPartnerPlacesOrdersOnce(t *testing.T) {
	s := partnerStart(t)
	body := orderBody("WEBERP1764208000001")
	partnerPost(t, s, "/orders", body).Expect(t, http.StatusOK, placed)
	partnerPost(t, s, "/orders", body).Expect(t, http.StatusOK, placed)
	if n := s.Rows(t, "partner_orders"); n != 4 {
		t.Errorf("%d orders after a replay, want 4", n)
	}

	// Ten copies at once: one more order, each copy answered with it.
	body = orderBody("WEBERP1764208000002")
	var wg sync.WaitGroup
	answers := make([]apptest.Response, 10)
	for i := range answers {
		wg.Go(func() { answers[i] = partnerPost(t, s, "/orders", body) })
	}
	wg.Wait()
	// Which copy's order won is up to the database: its ids are read back.
	var order, first, second int64
	ctx := context.Background()
	s.App.DB.NewSelect().Table("partner_order_lines").ColumnExpr("order_id, id").Where("stamp = ?", "WEBERP17642080000021").Scan(ctx, &order, &first)
	s.App.DB.NewSelect().Table("partner_order_lines").Column("id").Where("stamp = ?", "WEBERP17642080000022").Scan(ctx, &second)
	for _, a := range answers {
		a.Expect(t, http.StatusOK, sprintf(`{"status": 0, "msg": "操作成功!", "companyID": 1, "companyName": "上海祎讯汽配有限公司",
			"order_id": %d, "order_PID": %[1]d, "data": [{"goods_id": "JD-0002", "timestamp": "WEBERP17642080000021", "order_id": %d},
			{"goods_id": "HT-1001", "timestamp": "WEBERP17642080000022", "order_id": %d}], "sec": "o"}`, order, first, second))
	}
	if n := s.Rows(t, "partner_order_lines"); n != 10 {
		t.Errorf("%d lines, want 10", n)
	}
	got := s.GraphQL(t, s.PartnerLogin(t, apptest.PartnerUser(2), apptest.DemoPassword),
		`{ partnerListings(filter: {enterpriseId: 2, goodsCode: "JD-0002"}) { items { stock } } }`, nil)
	apptest.EqualJSON(t, string(got.Data), `{"partnerListings": {"items": [{"stock": 292}]}}`)
}

func TestPartnerRefusesOrdersThatDisagree(t *testing.T) {
	s := partnerStart(t)
	order := func(stamp string, edit func(line map[string]any)) apptest.Response {
		body := orderBody(stamp)
		edit(body["param"].([]any)[1].(map[string]any))
		return partnerPost(t, s, "/orders", body)
	}
	for _, tc := range []struct {
		name   string
		edit   func(line map[string]any)
		reason string
	}{
		// First, as a refused order may spend ids (Postgres sequences).
		{"a_white_list", func(l map[string]any) {
			l["goods_id"], l["goods_price"], l["goods_totalPrice"] = "HT-1002", 88, "862.40"
		}, ""},
		{"a_price", func(l map[string]any) { l["goods_price"] = 35 }, "价格、折扣或总价与平台不符：line 2: the price is 35.50, not 35.00"},
		{"a_discount", func(l map[string]any) { l["discount"] = 9500 }, "价格、折扣或总价与平台不符：line 2: the discount is 9800, not 9500"},
		{"a_total", func(l map[string]any) { l["goods_totalPrice"] = 355 }, "价格、折扣或总价与平台不符：line 2: the total is 347.90, not 355.00"},
		{"the_stock", func(l map[string]any) { l["goods_amount"], l["goods_totalPrice"] = 781, "27170.99" }, `库存不足：line 2: enterprise 3 has fewer than 781 of goods \"HT-1001\" in stock`},
		{"another_buyer", func(l map[string]any) { l["companyID"] = 4 }, "各订单行的companyID必须相同"},
		{"a_goods", func(l map[string]any) { l["goods_id"] = "HT-9999" }, `商品不存在：line 2: enterprise 3 lists no goods \"HT-9999\"`},
		{"no_timestamp", func(l map[string]any) { delete(l, "timestamp") }, "缺少timestamp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := order("WEBERP-"+tc.name+"-", tc.edit)
			if tc.reason == "" { // 祎讯 is on 华通's white list for wiper blades: ordered
				r.Expect(t, http.StatusOK, `{"status": 0, "msg": "操作成功!", "companyID": 1, "companyName": "上海祎讯汽配有限公司",
					"order_id": 4, "order_PID": 4, "data": [{"goods_id": "JD-0002", "timestamp": "WEBERP-a_white_list-1", "order_id": 7},
					{"goods_id": "HT-1002", "timestamp": "WEBERP-a_white_list-2", "order_id": 8}], "sec": "o"}`)
				return
			}
			r.Expect(t, http.StatusOK, `{"status": 1, "msg": "下单失败", "reason": "`+tc.reason+`", "sec": "o"}`)
		})
	}
	if n := s.Rows(t, "partner_orders"); n != 4 {
		t.Errorf("%d orders, want the demo's 3 and the white-listed one", n)
	}
	// 鹏程 is on 骏达's black list.
	partnerPost(t, s, "/orders", as(5, map[string]any{"param": []any{map[string]any{"companyID": 5, "goods_id": "JD-0002",
		"seller_ID": 2, "goods_price": 68, "goods_amount": 1, "discount": 10000, "goods_totalPrice": 68, "timestamp": "WEBERP1"}}})).
		Expect(t, http.StatusOK, `{"status": 1, "msg": "下单失败",
		"reason": "卖方的黑白名单不允许购买该商品：line 1: enterprise 2's black list bars enterprise 5 from goods \"JD-0002\""}`)
	// Another enterprise's order cannot be placed in its name.
	partnerPost(t, s, "/orders", as(4, orderBody("WEBERP9"))).Expect(t, http.StatusOK, `{"status": 1, "msg": "下单失败",
		"reason": "只能操作本企业的数据：account \"13800000004\" works for enterprise 4, not 1", "sec": "o"}`)
	partnerPost(t, s, "/orders", as(1, map[string]any{"param": map[string]any{}})).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "下单失败", "reason": "缺少param或param不是订单行的列表"}`)
}

// Interfaces 9–14 walk lines through their states; every other move, and
// the other side's, is refused.
func TestPartnerMovesOrderLines(t *testing.T) {
	s := partnerStart(t)
	post := func(enterprise int, path string, param map[string]any, top ...any) apptest.Response {
		body := as(enterprise, map[string]any{"param": param, "sec": 1})
		for i := 0; i+1 < len(top); i += 2 {
			body[top[i].(string)] = top[i+1]
		}
		return partnerPost(t, s, path, body)
	}
	// 9: accept, read; accepting twice is refused, as is the buyer's accepting.
	post(2, "/orders/query", map[string]any{"companyID": 2, "order_id": 1, "op_type": 1}).Expect(t, http.StatusOK,
		`{"status": 0, "msg": "接单成功! ", "companyID": 2, "order_ID": 1, "order_status": 2, "sec": 1}`)
	post(2, "/orders/query", map[string]any{"companyID": 2, "order_id": 1, "op_type": 1}).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "接单失败", "reason": "订单状态不允许此操作：order line 1 is ACCEPTED (2) and cannot become ACCEPTED (2)", "sec": 1}`)
	post(1, "/orders/query", map[string]any{"companyID": 1, "order_id": 1, "op_type": 4}).Expect(t, http.StatusOK,
		`{"status": 0, "msg": "操作成功!", "companyID": 2, "order_ID": 1, "order_status": 2, "sec": 1}`)
	post(1, "/orders/query", map[string]any{"order_id": 2, "op_type": 1}).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "接单失败", "reason": "该操作应由订单的另一方执行：the seller accepts an order line", "sec": 1}`)
	post(4, "/orders/query", map[string]any{"order_id": 1, "op_type": 4}).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "查询失败", "reason": "订单不存在：partnerOrderLine 1 does not exist", "sec": 1}`)

	// 10: ship line 2 (accepted); the tracking number's events show at /kuaidi.
	shipment := map[string]any{"order_id": 2, "logistics_ID": "SF", "logistics_name": "顺丰速运", "logistics_order": "SF1400000000002",
		"logistics_user_ID": "SF0755001", "logistics_user_name": "刘师傅", "logistics_user_tel": "13900000001",
		"sender_ID": "2", "sender_name": "骏达仓库", "sender_tel": "020-86660002", "sender_address": "广州市白云区机场路1688号",
		"receiver_ID": "1", "receiver_name": "祎讯收货部", "receiver_tel": "021-59990001", "receiver_address": "上海市嘉定区曹安公路4988号",
		"status": 50}
	post(2, "/shipments", shipment).Expect(t, http.StatusOK, `{"status": 0, "msg": "成功", "sec": 1}`)
	post(2, "/shipments", shipment).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "失败", "reason": "订单状态不允许此操作：order line 2 is SHIPPED (50) and cannot become SHIPPED (50)", "sec": 1}`)
	shipment["status"] = 55
	post(2, "/shipments", shipment).Expect(t, http.StatusOK, `{"status": 1, "msg": "失败", "reason": "status应为50", "sec": 1}`)

	// 12: the logistics of line 2, as its buyer sees them.
	logistics := `{"status": 0, "msg": "成功", "data": {"order_id": 2, "logistics_ID": "SF", "logistics_name": "顺丰速运",
		"logistics_order": "SF1400000000002", "logistics_user_ID": "SF0755001", "logistics_user_name": "刘师傅",
		"logistics_user_tel": "13900000001", "sender_ID": "2", "sender_name": "骏达仓库", "sender_tel": "020-86660002",
		"sender_address": "广州市白云区机场路1688号", "receiver_ID": "1", "receiver_name": "祎讯收货部", "receiver_tel": "021-59990001",
		"receiver_address": "上海市嘉定区曹安公路4988号", "status": %d, "message": "%s"}, "sec": 1}`
	post(1, "/logistics", map[string]any{"order_id": 2, "logistics_order": "SF1400000000002", "op_type": 4}).Expect(t, http.StatusOK,
		sprintf(logistics, 50, "已发货 顺丰速运 SF1400000000002"))
	post(1, "/logistics", map[string]any{"order_id": 1, "op_type": 4}).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "失败", "reason": "物流信息不存在", "sec": 1}`)

	// 11: the buyer receives it; the seller may not.
	post(2, "/receipts", map[string]any{"order_id": 2, "logistics_order": "SF1400000000002", "status": 55}).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "失败", "reason": "该操作应由订单的另一方执行：the buyer receives an order line", "sec": 1}`)
	post(1, "/receipts", map[string]any{"order_id": 2, "logistics_ID": "SF", "logistics_name": "顺丰速运",
		"logistics_order": "SF1400000000002", "status": 55}).Expect(t, http.StatusOK, `{"status": 0, "msg": "成功", "sec": 1}`)
	post(1, "/logistics", map[string]any{"order_id": 2, "op_type": 4}).Expect(t, http.StatusOK,
		sprintf(logistics, 55, "已签收 祎讯收货部"))
	r := s.Do(t, "Bearer "+s.AdminToken(t), http.MethodGet, "/api/v2/kuaidi/SF1400000000002", nil)
	if !containsAll(r.Body, "已发货 顺丰速运 SF1400000000002", "已签收 祎讯收货部") {
		t.Errorf("kuaidi does not show the shipment's events: %s", r.Body)
	}

	// 13: the buyer reads the line, then asks to return it.
	view := `{"status": 0, "msg": "操作成功!", "companyID": 2, "companyName": "广州骏达汽车配件有限公司", "order_id": 2,
		"order_status": %d, "logistics_order": "SF1400000000002", "logistics_status": 55, "buyer_id": 1,
		"buyer_name": "上海祎讯汽配有限公司", "buyer_tel": "021-59990001", "sec": 1}`
	post(1, "/returns", map[string]any{"companyID": 1, "order_PID": 1, "order_id": 2}).Expect(t, http.StatusOK, sprintf(view, 55))
	post(1, "/returns", map[string]any{"order_id": 2, "order_status": 55}).Expect(t, http.StatusOK, sprintf(view, 55))
	post(1, "/returns", map[string]any{"order_id": 2, "order_status": 2}).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "操作失败!", "reason": "order_status只能是订单当前的状态或90（申请退货）", "sec": 1}`)
	post(1, "/returns", map[string]any{"order_id": 2, "order_status": 90}).Expect(t, http.StatusOK, sprintf(view, 90))
	post(1, "/returns", map[string]any{"order_id": 2, "order_status": 90}).Expect(t, http.StatusOK, sprintf(view, 90))

	// 14: the seller takes it back; its 4 brake pads go back into stock.
	confirm := map[string]any{"op_type": 99, "companyID": 2, "order_PID": 1, "goods_id": "JD-0003", "order_id": 2,
		"order_status": 90, "logistics_order": "SF1400000000002", "logistics_status": 55}
	post(1, "/returns/confirm", confirm).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "退货失败", "reason": "该操作应由订单的另一方执行：the seller confirms a return", "sec": 1}`)
	post(2, "/returns/confirm", confirm).Expect(t, http.StatusOK, `{"status": 0, "msg": "操作成功!", "companyID": 2,
		"companyName": "广州骏达汽车配件有限公司", "order_id": 2, "goods_id": "JD-0003", "logistics_order": "SF1400000000002", "sec": 1}`)
	post(2, "/returns/confirm", confirm).Expect(t, http.StatusOK, `{"status": 1, "msg": "退货失败",
		"reason": "订单状态不允许此操作：order line 2 is RETURN_CONFIRMED (99) and cannot become RETURN_CONFIRMED (99)", "sec": 1}`)
	confirm["op_type"] = 1
	post(2, "/returns/confirm", confirm).Expect(t, http.StatusOK, `{"status": 1, "msg": "退货失败", "reason": "op_type应为99（退货确认）", "sec": 1}`)
	got := s.GraphQL(t, s.PartnerLogin(t, apptest.PartnerUser(2), apptest.DemoPassword),
		`{ partnerListings(filter: {enterpriseId: 2, goodsCode: "JD-0003"}) { items { stock } } }`, nil)
	apptest.EqualJSON(t, string(got.Data), `{"partnerListings": {"items": [{"stock": 120}]}}`)

	// A tracking number is its shipments' own: another party's or a shop
	// order's is refused; the seller's own to the same buyer (one parcel)
	// is not.
	shopParcel := []db.TrackingEvent{{TrackingNumber: "YT9000000001", Time: time.Now().UTC(), Context: "已揽收"}}
	if err := s.App.Stores.ShopOrders.AddTrackingEvents(context.Background(), shopParcel); err != nil {
		t.Fatal(err)
	}
	for _, number := range []string{"YT9000000001", "SF1400000000001", "SF1400000000006"} {
		post(2, "/shipments", map[string]any{"order_id": 1, "logistics_order": number}).Expect(t, http.StatusOK,
			sprintf(`{"status": 1, "msg": "失败", "reason": "数据已经存在：tracking number \"%s\" is another shipment's", "sec": 1}`, number))
	}
	post(2, "/shipments", map[string]any{"order_id": 1, "logistics_order": "SF1400000000002"}).Expect(t, http.StatusOK,
		`{"status": 0, "msg": "成功", "sec": 1}`)

	// 14 with its members in the body, as the document draws them.
	partnerPost(t, s, "/returns/confirm", as(3, map[string]any{"op_type": 99, "companyID": 3, "order_id": 5, "order_status": 90})).
		Expect(t, http.StatusOK, `{"status": 0, "msg": "操作成功!", "companyID": 3, "companyName": "北京华通汽配城", "order_id": 5,
		"goods_id": "HT-1002", "logistics_order": "SF1400000000005"}`)
}

// Interface 7: a reminder, stored once however often it is sent.
func TestPartnerRemindsOfOrders(t *testing.T) {
	s := partnerStart(t)
	remind := as(1, map[string]any{"param": map[string]any{"type": 1, "sender": 1, "receiver": 2, "message": "您有新订单",
		"order_ID": "4", "op_type": 1, "timestamp": "1764208000123"}, "sec": "r"})
	for range 2 {
		partnerPost(t, s, "/reminders", remind).Expect(t, http.StatusOK, `{"status": 0, "msg": "操作成功!", "sec": "r"}`)
	}
	if n := s.Rows(t, "partner_reminders"); n != 2 {
		t.Errorf("%d reminders, want the demo's and one more", n)
	}
	remind["param"].(map[string]any)["op_type"] = 3
	partnerPost(t, s, "/reminders", remind).Expect(t, http.StatusOK, `{"status": 1, "msg": "操作失败!", "reason": "op_type格式错误", "sec": "r"}`)
}
