package compat

import (
	"net/http"
	"slices"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/chinatime"
	"github.com/onegraph/server/enum"
)

// Routes of the shop back office; see shop.go for the envelope.
//
// Orders (shop-admin-v2.md 九): the legacy order row carries codes as strings
// (order_pay "0".."3", pay_status "0"/"1"), is_send as "是"/"否" and times
// as unix seconds; the aliases give the row its legacy names and
// shopOrderConvs each value its legacy form.
var shopOrderRoutes = []route{
	// The document echoes pagenum as a string; without a page it is 1.
	{op: "ShopOrders", method: http.MethodGet, path: "/orders", okMsg: "获取成功",
		reply: inOrder(paged("list", shopOrderConvs), shopOrderKeys), vars: shopOrderListVars(shopPageOptional),
		original: &route{vars: shopOrderListVars(shopPage)}}, // the original required a page
	// The document leaves the create out: the original server's messages
	// are kept, and the answer is the order as the read shows it.
	{op: "CreateShopOrder", method: http.MethodPost, path: "/orders", okMsg: "创建订单成功", okStatus: http.StatusCreated,
		reply: shopOrderReply, fails: shopOrderCreateFails, vars: input(shopOrderNew)},
	// The document answers the update with the read's message; kept so.
	{op: "UpdateShopOrder", method: http.MethodPut, path: "/orders/{id}", okMsg: "获取成功", reply: shopOrderReply,
		fails: shopOrderFails, vars: pathIDVars("id", shopOrderIDMsg, input(shopOrderChanges.vars)),
		original: &route{okMsg: "更新订单成功", okStatus: http.StatusCreated}},
	{op: "ShopOrder", method: http.MethodGet, path: "/orders/{id}", okMsg: "获取成功", reply: shopOrderReply,
		fails: shopOrderFails, vars: pathIDVars("id", shopOrderIDMsg),
		original: &route{fails: failures{{code: apperr.NotFound}: "获取订单详情失败"}}},
	// The original server lacked this route although its document has it.
	{op: "UpdateShopOrderAddress", method: http.MethodPut, path: "/orders/{id}/address", okMsg: "修改地址成功", fails: shopOrderFails,
		// The address may be empty (to clear it) but must be sent: a request
		// without it is more likely a client bug than a wish to clear it.
		vars: pathIDVars("id", shopOrderIDMsg, func(c *call) obj {
			return obj{"address": anyString(c, c.params["consignee_addr"], "请提供收货地址 consignee_addr")}
		}),
		reply: func(*call, any) (any, error) { return obj{}, nil }},
	// The one shop answer in another envelope: its meta says "message",
	// not "msg", so the reply is the whole body.
	{op: "TrackingEvents", method: http.MethodGet, path: "/kuaidi/{id}",
		vars: func(c *call) obj { return obj{"number": chi.URLParam(c.r, "id")} },
		reply: func(c *call, data any) (any, error) {
			cst := timeAs(time.DateTime, chinatime.Zone)
			events, err := inOrder(shape("events", convs{"time": cst, "ftime": cst}),
				[]string{"time", "ftime", "context", "location"})(c, data)
			return wholeBody{"meta": obj{"status": http.StatusOK, "message": "获取物流信息成功！"}, "data": events}, err
		}},
}

var shopOrderConvs = convs{
	"order_id": num, "user_id": num, "id": num, "goods_id": num,
	"order_pay": chain(code(enum.ShopPayMethod), text),
	"is_send":   flag("是", "否"), "pay_status": flag("1", "0"),
	"create_time": unix, "update_time": unix, "pagenum": text, // as the list's example shows it
}

// The legacy member orders of an order (with its lines, goods) and a line.
var (
	shopOrderKeys = []string{"order_id", "user_id", "order_number", "order_price", "order_pay", "is_send", "trade_no",
		"order_fapiao_title", "order_fapiao_company", "order_fapiao_content", "consignee_addr", "pay_status",
		"create_time", "update_time", "goods"}
	shopOrderLineKeys = []string{"id", "order_id", "goods_id", "goods_price", "goods_number", "goods_total_price"}
)

// shopOrderReply answers the order with its lines, each naming its order.
var shopOrderReply = inOrder(func(c *call, data any) (any, error) {
	order, err := shape("order", shopOrderConvs)(c, data)
	lines, _ := member(order, "goods").([]any)
	for _, l := range lines {
		l.(obj)["order_id"] = member(order, "order_id")
	}
	return order, err
}, shopOrderKeys, shopOrderLineKeys)

const shopOrderIDMsg = "订单ID必须是数字"

func shopOrderListVars(page pageRule) func(c *call) obj {
	return func(c *call) obj { return obj{"paging": c.paging(page), "filter": shopOrderFilter.vars(c)} }
}

var shopOrderFails = failures{{code: apperr.NotFound}: "订单不存在", duplicate: "订单编号已存在"}

// shopOrderFlag reads is_send or pay_status: 1/0 (number or string), a JSON
// boolean, or the document's words for them.
func shopOrderFlag(yes, no string) reader {
	return func(c *call, v any, msg string) any {
		if b, ok := v.(bool); ok {
			return b
		}
		switch scalar(v) {
		case "1", yes:
			return true
		case "0", no:
			return false
		}
		c.refuse(msg)
		return nil
	}
}

var shopOrderFlags = []field{
	{"is_send", "sent", shopOrderFlag("是", "否")}, {"pay_status", "paid", shopOrderFlag("已付款", "未付款")},
}

// shopOrderFilter reads a list's filters; shopOrderChanges the incremental
// update: only the members sent change (the original server replaced every
// field; the document says not to).
var shopOrderFilter = members{unsent: orBlank, msg: "%s 参数错误", fields: slices.Concat([]field{
	{"query", "search", anyString}, {"user_id", "userId", integer},
}, shopOrderTextFields, shopOrderFlags)}

// shopOrderTextFields are an order's texts: the consignee address and the
// invoice's title, company and content.
var shopOrderTextFields = []field{
	{"consignee_addr", "consigneeAddress", anyString}, {"order_fapiao_title", "invoiceTitle", anyString},
	{"order_fapiao_company", "invoiceCompany", anyString}, {"order_fapiao_content", "invoiceContent", anyString},
}

var shopOrderChanges = members{unsent: orBlank, msg: "%s 参数错误", fields: slices.Concat(shopOrderFlags, []field{
	{"order_pay", "payMethod", codeName(enum.ShopPayMethod)},
	{"order_price", "price", func(c *call, v any, msg string) any { return c.number(v, msg, msg) }},
	// The document calls order_number 订单数量, but its examples show the
	// order's number ("itany-g7kmck71vjaujfgoi"); a numeric one is taken too.
	{"order_number", "number", textual},
})}

// shopOrderCreateFailed is the original server's answer to an order it
// could not create; here to unknown goods, a price that is not the goods',
// a total that is not the lines' sum, a bad number and no goods.
const shopOrderCreateFailed = "创建订单失败"

var shopOrderCreateFails = failures{invalid: shopOrderCreateFailed, missing(apperr.EntityGoods): shopOrderCreateFailed}

// shopOrderNew reads a create: the user and the total with the original's
// messages, the lines (goods), and the texts the order may carry.
func shopOrderNew(c *call) obj {
	if blank(c.params["user_id"]) {
		c.refuse("用户ID不能为空")
	}
	in := obj{
		"userId": c.int("user_id", "用户ID必须是数字"),
		"price":  c.number(c.params["order_price"], "订单价格不能为空", "订单价格必须为数字"),
		"lines": c.objects(c.params["goods"], shopOrderCreateFailed, func(m obj) obj {
			return obj{"goodsId": c.intOf(m["goods_id"], shopOrderCreateFailed),
				"price":  c.number(m["goods_price"], shopOrderCreateFailed, shopOrderCreateFailed),
				"number": c.intOf(m["goods_number"], shopOrderCreateFailed)}
		}),
	}
	return shopOrderTexts.read(c, c.params, in)
}

// shopOrderTexts are the texts a new order may carry.
var shopOrderTexts = members{unsent: orNull, msg: "%s 参数错误", fields: shopOrderTextFields}
