package compat

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/onegraph/server/apperr"
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
	{op: "ShopOrders", method: http.MethodGet, path: "/orders", okMsg: "获取成功", vars: shopOrderListVars,
		reply: echoPage(shape("list", shopOrderConvs), true)},
	// The document answers the update with the read's message; kept so.
	{op: "UpdateShopOrder", method: http.MethodPut, path: "/orders/{id}", okMsg: "获取成功", vars: shopOrderUpdateVars, reply: shopOrderReply,
		fails: shopOrderFails},
	{op: "ShopOrder", method: http.MethodGet, path: "/orders/{id}", okMsg: "获取成功", vars: shopOrderIDVars, reply: shopOrderReply,
		fails: shopOrderFails},
	// The original server lacked this route although its document has it.
	{op: "UpdateShopOrderAddress", method: http.MethodPut, path: "/orders/{id}/address", okMsg: "修改地址成功", fails: shopOrderFails,
		vars: pathIDVars("id", shopOrderIDMsg, func(c *call) obj {
			// The address may be empty (to clear it) but must be sent: a
			// request without it is more likely a client bug than a wish to
			// clear the address.
			addr, ok := c.params["consignee_addr"].(string)
			if !ok {
				c.refuse("请提供收货地址 consignee_addr")
			}
			return obj{"address": addr}
		}),
		reply: func(*call, any) (any, error) { return obj{}, nil }},
	// The one shop answer in another envelope: its meta says "message",
	// not "msg", so the reply is the whole body.
	{op: "TrackingEvents", method: http.MethodGet, path: "/kuaidi/{id}",
		vars: func(c *call) obj { return obj{"number": chi.URLParam(c.r, "id")} },
		reply: func(c *call, data any) (any, error) {
			// Times in China Standard Time (a fixed zone: no tzdata needed).
			cst := timeAs(time.DateTime, time.FixedZone("CST", 8*3600))
			events, err := shape("events", convs{"time": cst, "ftime": cst})(c, data)
			return wholeBody{"meta": obj{"status": http.StatusOK, "message": "获取物流信息成功！"}, "data": events}, err
		}},
}

var shopOrderConvs = convs{
	"order_id": num, "user_id": num, "id": num, "goods_id": num,
	"order_pay": chain(code(enum.ShopPayMethod), text),
	"is_send":   flag("是", "否"), "pay_status": flag("1", "0"),
	"create_time": unix, "update_time": unix,
}

// shopOrderReply answers the order with its lines, each naming its order.
func shopOrderReply(c *call, data any) (any, error) {
	order, err := shape("order", shopOrderConvs)(c, data)
	lines, _ := member(order, "goods").([]any)
	for _, l := range lines {
		l.(obj)["order_id"] = member(order, "order_id")
	}
	return order, err
}

var shopOrderFails = failures{
	{code: apperr.NotFound}: "订单不存在",
	duplicate:               "订单编号已存在",
}

const shopOrderIDMsg = "订单ID必须是数字"

var shopOrderIDVars = pathIDVars("id", shopOrderIDMsg)

// shopOrderParam reads an optional member; an empty string counts as not
// sent, as forms and query strings send untouched fields that way.
func shopOrderParam(c *call, key string) (any, bool) {
	v := c.params[key]
	return v, v != nil && v != ""
}

// shopOrderFlags reads is_send and pay_status into sent and paid: 1/0
// (number or string), a JSON boolean, or the document's words for them.
func shopOrderFlags(c *call, into obj) {
	for _, f := range []struct{ key, field, yes, no string }{
		{"is_send", "sent", "是", "否"},
		{"pay_status", "paid", "已付款", "未付款"},
	} {
		v, ok := shopOrderParam(c, f.key)
		if b, isBool := v.(bool); ok && isBool {
			into[f.field] = b
			continue
		}
		switch s := scalar(v); {
		case !ok:
		case s == "1" || s == f.yes:
			into[f.field] = true
		case s == "0" || s == f.no:
			into[f.field] = false
		default:
			c.refuse(f.key + " 参数错误")
		}
	}
}

func shopOrderListVars(c *call) obj {
	vars, filter := obj{"paging": c.paging(shopPageOptional)}, obj{}
	for key, field := range map[string]string{
		"query": "query", "order_fapiao_title": "invoiceTitle", "order_fapiao_company": "invoiceCompany",
		"order_fapiao_content": "invoiceContent", "consignee_addr": "consigneeAddress",
	} {
		if v, ok := shopOrderParam(c, key); ok {
			if _, isString := v.(string); !isString {
				c.refuse(key + " 参数错误")
			}
			filter[field] = v
		}
	}
	if _, ok := shopOrderParam(c, "user_id"); ok {
		filter["userId"] = c.int("user_id", "user_id 参数错误")
	}
	shopOrderFlags(c, filter)
	vars["filter"] = filter
	return vars
}

// shopOrderUpdateVars reads the incremental update: only the members sent
// change (the original server replaced every field; the document says not to).
var shopOrderUpdateVars = pathIDVars("id", shopOrderIDMsg, input(func(c *call) obj {
	input := obj{}
	shopOrderFlags(c, input)
	if _, ok := shopOrderParam(c, "order_pay"); ok {
		name, err := enum.ShopPayMethod.Name(int(c.int("order_pay", "order_pay 参数错误")))
		if err != nil {
			c.refuse("order_pay 参数错误")
		}
		input["payMethod"] = name
	}
	if _, ok := shopOrderParam(c, "order_price"); ok {
		input["price"] = c.number("order_price", "order_price 参数错误", "order_price 参数错误")
	}
	// The document calls order_number 订单数量, but its examples show the
	// order's number ("itany-g7kmck71vjaujfgoi"); a numeric one is taken too.
	if v, ok := shopOrderParam(c, "order_number"); ok {
		switch v.(type) {
		case string, json.Number:
			input["number"] = scalar(v)
		default:
			c.refuse("order_number 参数错误")
		}
	}
	return input
}))
