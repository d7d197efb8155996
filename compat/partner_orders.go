package compat

import (
	"net/http"
	"strconv"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/enum"
)

// The partner API's order interfaces (8–14): placing an order, accepting
// it, shipping, receiving, the logistics view, and returns. order_id is a
// line (the child order), order_PID its parent order; companyID in an
// answer about a line is its seller's, whose the order is to fulfil.

var partnerOrderRoutes = []route{partnerPlaceOrder, partnerAcceptOrder, partnerShip, partnerReceive, partnerLogistics,
	partnerReturns, partnerConfirmReturn}

// orderStatus writes a line's status as its code (2, 50, ...).
var orderStatus = code(enum.PartnerOrderStatus)

// Interface 8: one request, one parent order, a line per goods. Every line
// names the buyer (companyID, the caller's enterprise); seller_company_name
// and goods_name are the client's copies, not checked.
var partnerPlaceOrder = route{method: http.MethodPost, path: "/orders", op: "PartnerPlaceOrder",
	okMsg: "操作成功!", failMsg: "下单失败",
	vars: func(c *call) obj {
		var buyer any
		lines := c.objects(c.params["param"], "缺少param或param不是订单行的列表", func(m obj) obj {
			id := c.intOf(m["companyID"], "companyID格式错误")
			if buyer == nil {
				buyer = id
			} else if buyer != id {
				c.refuse("各订单行的companyID必须相同")
			}
			return orderLine.need(c, m, obj{}, "缺少%s")
		})
		if len(lines) == 0 {
			c.refuse("param不能为空")
		}
		return obj{"input": obj{"buyerId": buyer, "lines": lines}}
	},
	reply: func(c *call, data any) (any, error) {
		order, err := shape("order", convs{"buyer": lift, "order_id": num, "companyID": num})(c, data)
		if o, ok := order.(obj); ok {
			o["order_PID"] = o["order_id"]
		}
		return order, err
	}}

var orderLine = members{msg: "%s格式错误", fields: []field{
	{"goods_id", "goodsCode", textual}, {"seller_ID", "sellerId", integer}, {"goods_price", "price", money},
	{"goods_amount", "amount", smallInt}, {"discount", "discount", smallInt}, {"goods_totalPrice", "total", money},
	{"timestamp", "timestamp", textual},
}}

// lineID reads param.order_id, the line a move or a view is about.
func lineID(c *call) obj {
	return obj{"id": c.intOf(c.param()["order_id"], "缺少order_id或格式错误")}
}

// Interface 9: op_type 1 accepts the line (the seller), 4 reads its state.
var partnerAcceptOrder = route{method: http.MethodPost, path: "/orders/query", op: "PartnerOrderState",
	vars: func(c *call) obj { c.refuse("缺少op_type"); return nil }, failMsg: "接单失败",
	choice: &choice{member: "op_type", unknown: "op_type无效，应为1（接单）或4（查询）", variants: map[string]*route{
		"1": {method: http.MethodPost, path: "/orders/query", op: "PartnerAcceptOrder", okMsg: "接单成功! ", failMsg: "接单失败",
			vars: lineID, reply: lineState},
		"4": {method: http.MethodPost, path: "/orders/query", op: "PartnerOrderState", okMsg: "操作成功!", failMsg: "查询失败",
			vars: lineID, reply: lineState},
	}}}

var lineState = shape("line", convs{"seller": lift, "companyID": num, "order_ID": num, "order_status": orderStatus})

// Interfaces 10 and 11 carry the status the move leads to; another is
// refused.
func movingTo(status int, vars func(c *call) obj) func(c *call) obj {
	return func(c *call) obj {
		if v := c.param()["status"]; !blank(v) && c.intOf(v, "status格式错误") != int64(status) {
			c.refuse("status应为" + strconv.Itoa(status))
		}
		return vars(c)
	}
}

// Interface 10: the seller ships the line.
var partnerShip = route{method: http.MethodPost, path: "/shipments", op: "PartnerShip", okMsg: "成功", failMsg: "失败",
	vars: movingTo(50, func(c *call) obj {
		p := lineID(c)
		p["shipment"] = shipment.read(c, c.param(), tracking.need(c, c.param(), obj{}, "缺少%s"))
		return p
	})}

var (
	tracking = members{msg: "%s格式错误", fields: []field{{"logistics_order", "trackingNumber", textual}}}
	shipment = members{unsent: orNull, msg: "%s格式错误", fields: []field{
		{"logistics_ID", "logisticsId", textual}, {"logistics_name", "logisticsName", textual},
		{"logistics_user_ID", "courierId", textual}, {"logistics_user_name", "courierName", textual},
		{"logistics_user_tel", "courierTel", textual},
		{"sender_ID", "senderId", textual}, {"sender_name", "senderName", textual}, {"sender_tel", "senderTel", textual},
		{"sender_address", "senderAddress", textual},
		{"receiver_ID", "receiverId", textual}, {"receiver_name", "receiverName", textual},
		{"receiver_tel", "receiverTel", textual}, {"receiver_address", "receiverAddress", textual},
	}}
)

// Interface 11: the buyer confirms the line arrived.
var partnerReceive = route{method: http.MethodPost, path: "/receipts", op: "PartnerReceive", okMsg: "成功", failMsg: "失败",
	vars: movingTo(55, lineID)}

// Interface 12: the line's shipment (op_type 4, the only one), with its
// last tracking event as message.
var partnerLogistics = route{method: http.MethodPost, path: "/logistics", op: "PartnerLogistics", okMsg: "成功", failMsg: "失败",
	vars: func(c *call) obj {
		if v := c.params["op_type"]; !blank(v) && scalar(v) != "4" {
			c.refuse("op_type应为4（查询）")
		}
		return lineID(c)
	},
	reply: func(c *call, data any) (any, error) {
		line, _ := member(data, "line").(obj)
		sh, _ := line["shipment"].(obj)
		if sh == nil {
			return nil, refusal{apperr.NotFound, apperr.EntityShipment}
		}
		events, _ := sh["events"].([]any)
		sh["order_id"], sh["status"], sh["message"] = line["order_id"], logisticsStatus(sh), nil
		if len(events) > 0 {
			sh["message"] = member(events[len(events)-1], "context")
		}
		delete(sh, "events")
		delete(sh, "receivedAt")
		return shape("", convs{"order_id": num})(c, obj{"data": sh})
	}}

// logisticsStatus is a shipment's state: 50 shipped, 55 received.
func logisticsStatus(shipment obj) int {
	if shipment["receivedAt"] != nil {
		return 55
	}
	return 50
}

// Interface 13: the buyer's view of a line to return. Without order_status,
// or with the line's current one, it reads; with 90 it asks to return the
// line; with any other it is refused. The line is read first to tell.
var partnerReturns = route{method: http.MethodPost, path: "/returns", op: "PartnerReturnView", okMsg: "操作成功!",
	vars: lineID, reply: returnView(returnMembers...),
	decide: func(c *call, run Runner, rt *route) *route {
		asked, vars := c.param()["order_status"], lineID(c)
		if blank(asked) || c.refusal != "" {
			return rt
		}
		raw, ok := runOp(c, run, partner{}, rt, vars)
		if !ok {
			c.answered = true
			return nil
		}
		current, _ := member(member(decoded(raw), "line"), "order_status").(string)
		code, err := enum.PartnerOrderStatus.Code(current)
		switch n := c.intOf(asked, "order_status格式错误"); {
		case err != nil || n == int64(code):
			return rt
		case n == 90:
			return &partnerRequestReturn
		}
		c.refuse("order_status只能是订单当前的状态或90（申请退货）")
		return rt
	}}

var partnerRequestReturn = route{method: http.MethodPost, path: "/returns", op: "PartnerRequestReturn", okMsg: "操作成功!",
	vars: lineID, reply: returnView(returnMembers...)}

var returnMembers = []string{"companyID", "companyName", "order_id", "order_status", "logistics_order", "logistics_status",
	"buyer_id", "buyer_name", "buyer_tel"}

// returnView answers the members of a line's return view that an
// interface's answer has; logistics_status is the shipment's state, 50
// shipped and 55 received.
func returnView(keep ...string) reply {
	return func(c *call, data any) (any, error) {
		line, _ := member(data, "line").(obj)
		if sh, ok := line["shipment"].(obj); ok {
			line["logistics_order"], line["logistics_status"] = sh["logistics_order"], logisticsStatus(sh)
		}
		out, err := shape("", convs{"seller": lift, "buyer": lift, "companyID": num, "order_id": num, "buyer_id": num,
			"order_status": orderStatus})(c, line)
		m, _ := out.(obj)
		view := obj{}
		for _, k := range keep {
			view[k] = m[k]
		}
		return view, err
	}
}

// Interface 14: the seller takes a returned line back (op_type 99; its
// order_status, where sent, must be the line's current one, 90). Its
// members may come in param or, as the document draws them, in the body.
var partnerConfirmReturn = route{method: http.MethodPost, path: "/returns/confirm", op: "PartnerConfirmReturn",
	okMsg: "操作成功!", failMsg: "退货失败",
	vars: func(c *call) obj {
		p, ok := c.params["param"].(obj)
		if !ok {
			p = c.params
		}
		if op := c.params["op_type"]; scalar(op) != "99" {
			c.refuse("op_type应为99（退货确认）")
		}
		if v := p["order_status"]; !blank(v) && c.intOf(v, "order_status格式错误") != 90 {
			c.refuse("order_status应为订单当前的状态90（申请退货）")
		}
		return obj{"id": c.intOf(p["order_id"], "缺少order_id或格式错误")}
	},
	reply: returnView("companyID", "companyName", "order_id", "goods_id", "logistics_order")}
