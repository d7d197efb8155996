package compat

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
)

// Routes of the shop back office; see shop.go for the envelope.
//
// Orders (shop-admin-v2.md 九): the legacy order row carries codes as strings
// (order_pay "0".."3", pay_status "0"/"1"), is_send as "是"/"否" and times
// as unix seconds; the GraphQL aliases below give the row its legacy names and
// the small types at the end of the file turn each value into its legacy form.
var shopOrderRoutes = []route{
	{
		method: http.MethodGet, path: "/orders",
		doc: `query ShopOrders($filter: ShopOrderFilter, $paging: PageInput) {
			list: shopOrders(filter: $filter, paging: $paging) { total goods: items { ` + shopOrderRowFields + ` } }
		}`,
		vars: shopOrderListVars,
		reply: func(c *call, data json.RawMessage) (any, error) {
			d, err := decode[struct {
				List struct {
					Total int            `json:"total"`
					Goods []shopOrderRow `json:"goods"`
				} `json:"list"`
			}](data)
			// The document echoes pagenum as a string; without a page it is 1.
			page := int64(1)
			if n, perr := c.int("pagenum", ""); c.paged && perr == nil {
				page = n
			}
			return fields{"total": d.List.Total, "pagenum": strconv.FormatInt(page, 10), "goods": d.List.Goods}, err
		},
		okMsg: "获取成功",
	},
	{
		method: http.MethodPut, path: "/orders/{id}",
		doc: `mutation UpdateShopOrder($id: ID!, $input: UpdateShopOrderInput!) {
			order: updateShopOrder(id: $id, input: $input) { ` + shopOrderFields + ` }
		}`,
		vars:  shopOrderUpdateVars,
		reply: shopOrderReply,
		// The document answers the update with the read's message; kept so.
		okMsg: "获取成功",
		fails: shopOrderFails,
	},
	{
		method: http.MethodGet, path: "/orders/{id}",
		doc:   `query ShopOrder($id: ID!) { order: shopOrder(id: $id) { ` + shopOrderFields + ` } }`,
		vars:  shopOrderIDVars,
		reply: shopOrderReply,
		okMsg: "获取成功",
		fails: shopOrderFails,
	},
	{
		// The original server lacked this route although its document has it.
		method: http.MethodPut, path: "/orders/{id}/address",
		doc: `mutation UpdateShopOrderAddress($id: ID!, $address: String!) {
			updateShopOrderAddress(id: $id, consigneeAddress: $address) { id }
		}`,
		vars: func(c *call) (map[string]any, error) {
			vars, err := shopOrderIDVars(c)
			if err != nil {
				return nil, err
			}
			// The address may be empty (to clear it) but must be sent: a
			// request without it is more likely a client bug than a wish to
			// clear the address.
			addr, ok := c.params["consignee_addr"].(string)
			if !ok {
				return nil, reject("请提供收货地址 consignee_addr")
			}
			vars["address"] = addr
			return vars, nil
		},
		reply: func(*call, json.RawMessage) (any, error) { return fields{}, nil },
		okMsg: "修改地址成功",
		fails: shopOrderFails,
	},
	{
		// The one shop answer in another envelope: its meta says "message",
		// not "msg", so the reply is the whole body.
		method: http.MethodGet, path: "/kuaidi/{id}",
		doc: `query TrackingEvents($number: String!) {
			events: trackingEvents(trackingNumber: $number) { time ftime: time context location }
		}`,
		vars: func(c *call) (map[string]any, error) {
			return map[string]any{"number": chi.URLParam(c.r, "id")}, nil
		},
		reply: func(_ *call, data json.RawMessage) (any, error) {
			d, err := decode[struct {
				Events []struct {
					Time     shopOrderCST `json:"time"`
					Ftime    shopOrderCST `json:"ftime"`
					Context  string       `json:"context"`
					Location *string      `json:"location"`
				} `json:"events"`
			}](data)
			return wholeBody{
				"meta": fields{"status": http.StatusOK, "message": "获取物流信息成功！"},
				"data": d.Events,
			}, err
		},
	},
}

const shopOrderRowFields = `order_id: id user_id: userId order_number: number order_price: price
	order_pay: payMethod is_send: sent trade_no: tradeNumber order_fapiao_title: invoiceTitle
	order_fapiao_company: invoiceCompany order_fapiao_content: invoiceContent
	consignee_addr: consigneeAddress pay_status: paid create_time: createdAt update_time: updatedAt`

// shopOrderFields is a row with its lines, which the document calls goods.
const shopOrderFields = shopOrderRowFields + `
	goods: lines { id goods_id: goodsId goods_price: price goods_number: number goods_total_price: total }`

var shopOrderFails = failures{
	"NOT_FOUND":          {http.StatusOK, 400, "订单不存在"},
	"CONFLICT/DUPLICATE": {http.StatusOK, 400, "订单编号已存在"},
}

type shopOrderRow struct {
	ID             legacyID          `json:"order_id"`
	UserID         legacyID          `json:"user_id"`
	Number         string            `json:"order_number"`
	Price          float64           `json:"order_price"`
	PayMethod      shopOrderPay      `json:"order_pay"`
	Sent           shopOrderYesNo    `json:"is_send"`
	TradeNumber    string            `json:"trade_no"`
	InvoiceTitle   string            `json:"order_fapiao_title"`
	InvoiceCompany string            `json:"order_fapiao_company"`
	InvoiceContent string            `json:"order_fapiao_content"`
	Address        string            `json:"consignee_addr"`
	Paid           shopOrderFlagCode `json:"pay_status"`
	CreatedAt      shopOrderUnix     `json:"create_time"`
	UpdatedAt      shopOrderUnix     `json:"update_time"`
}

type shopOrderLineRow struct {
	ID      legacyID `json:"id"`
	OrderID legacyID `json:"order_id"`
	GoodsID legacyID `json:"goods_id"`
	Price   float64  `json:"goods_price"`
	Number  int      `json:"goods_number"`
	Total   float64  `json:"goods_total_price"`
}

func shopOrderReply(_ *call, data json.RawMessage) (any, error) {
	d, err := decode[struct {
		Order struct {
			shopOrderRow
			Goods []shopOrderLineRow `json:"goods"`
		} `json:"order"`
	}](data)
	for i := range d.Order.Goods {
		d.Order.Goods[i].OrderID = d.Order.ID
	}
	return d.Order, err
}

var shopOrderIDVars = pathIDVars("id", "id", "订单ID必须是数字")

// shopOrderParam reads an optional member; an empty string counts as not
// sent, as forms and query strings send untouched fields that way.
func shopOrderParam(c *call, key string) (any, bool) {
	v, ok := c.params[key]
	if s, isString := v.(string); !ok || v == nil || (isString && s == "") {
		return nil, false
	}
	return v, true
}

// shopOrderFlag reads a yes/no member as 1/0 (number or string), a JSON
// boolean, or the document's words for it (是/否, 已付款/未付款).
func shopOrderFlag(c *call, key, yes, no string) (*bool, error) {
	v, ok := shopOrderParam(c, key)
	if !ok {
		return nil, nil
	}
	var s string
	switch v := v.(type) {
	case bool:
		return &v, nil
	case json.Number:
		s = v.String()
	case string:
		s = v
	}
	var b bool
	switch s {
	case "1", yes:
		b = true
	case "0", no:
	default:
		return nil, reject(key + " 参数错误")
	}
	return &b, nil
}

func shopOrderListVars(c *call) (map[string]any, error) {
	vars := map[string]any{}
	paging, err := shopPaging(c, false)
	if err != nil {
		return nil, err
	}
	if paging != nil {
		vars["paging"] = paging
	}
	filter := map[string]any{}
	for key, field := range map[string]string{
		"query": "query", "order_fapiao_title": "invoiceTitle", "order_fapiao_company": "invoiceCompany",
		"order_fapiao_content": "invoiceContent", "consignee_addr": "consigneeAddress",
	} {
		if v, ok := shopOrderParam(c, key); ok {
			s, isString := v.(string)
			if !isString {
				return nil, reject(key + " 参数错误")
			}
			filter[field] = s
		}
	}
	if _, ok := shopOrderParam(c, "user_id"); ok {
		id, err := c.int("user_id", "user_id 参数错误")
		if err != nil {
			return nil, err
		}
		filter["userId"] = id
	}
	if err := shopOrderFlags(c, filter); err != nil {
		return nil, err
	}
	vars["filter"] = filter
	return vars, nil
}

// shopOrderFlags reads is_send and pay_status into sent and paid.
func shopOrderFlags(c *call, into map[string]any) error {
	sent, err := shopOrderFlag(c, "is_send", "是", "否")
	if err != nil {
		return err
	}
	paid, err := shopOrderFlag(c, "pay_status", "已付款", "未付款")
	if err != nil {
		return err
	}
	if sent != nil {
		into["sent"] = *sent
	}
	if paid != nil {
		into["paid"] = *paid
	}
	return nil
}

// shopOrderUpdateVars reads the incremental update: only the members sent
// change (the original server replaced every field; the document says not to).
func shopOrderUpdateVars(c *call) (map[string]any, error) {
	vars, err := shopOrderIDVars(c)
	if err != nil {
		return nil, err
	}
	input := map[string]any{}
	if err := shopOrderFlags(c, input); err != nil {
		return nil, err
	}
	if _, ok := shopOrderParam(c, "order_pay"); ok {
		n, err := c.int("order_pay", "order_pay 参数错误")
		if err != nil || n < 0 || n >= int64(len(shopOrderPayMethods)) {
			return nil, reject("order_pay 参数错误")
		}
		input["payMethod"] = shopOrderPayMethods[n]
	}
	if _, ok := shopOrderParam(c, "order_price"); ok {
		price, err := c.number("order_price", "order_price 参数错误", "order_price 参数错误")
		if err != nil {
			return nil, err
		}
		input["price"] = price
	}
	// The document calls order_number 订单数量, but its examples show the
	// order's number ("itany-g7kmck71vjaujfgoi"); a numeric one is taken too.
	if v, ok := shopOrderParam(c, "order_number"); ok {
		switch v := v.(type) {
		case string:
			input["number"] = v
		case json.Number:
			input["number"] = v.String()
		default:
			return nil, reject("order_number 参数错误")
		}
	}
	vars["input"] = input
	return vars, nil
}

// shopOrderPayMethods are the GraphQL pay methods by their legacy code.
var shopOrderPayMethods = []string{"UNPAID", "ALIPAY", "WECHAT", "BANK_CARD"}

// shopOrderPay reads a GraphQL pay method as its legacy code "0".."3".
type shopOrderPay string

func (p *shopOrderPay) UnmarshalJSON(b []byte) error {
	var m string
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	for i, v := range shopOrderPayMethods {
		if v == m {
			*p = shopOrderPay(strconv.Itoa(i))
			return nil
		}
	}
	return fmt.Errorf("unknown pay method %q", m)
}

// shopOrderYesNo reads a GraphQL boolean as "是" or "否".
type shopOrderYesNo string

func (y *shopOrderYesNo) UnmarshalJSON(b []byte) error {
	var v bool
	err := json.Unmarshal(b, &v)
	*y = map[bool]shopOrderYesNo{true: "是", false: "否"}[v]
	return err
}

// shopOrderFlagCode reads a GraphQL boolean as "1" or "0".
type shopOrderFlagCode string

func (f *shopOrderFlagCode) UnmarshalJSON(b []byte) error {
	var v bool
	err := json.Unmarshal(b, &v)
	*f = map[bool]shopOrderFlagCode{true: "1", false: "0"}[v]
	return err
}

// shopOrderUnix reads a GraphQL Time as unix seconds.
type shopOrderUnix int64

func (u *shopOrderUnix) UnmarshalJSON(b []byte) error {
	var t time.Time
	err := json.Unmarshal(b, &t)
	*u = shopOrderUnix(t.Unix())
	return err
}

// shopOrderCST reads a GraphQL Time as the legacy "2006-01-02 15:04:05" in China
// Standard Time (a fixed zone, so no tzdata is needed).
type shopOrderCST string

var shopOrderZone = time.FixedZone("CST", 8*3600)

func (c *shopOrderCST) UnmarshalJSON(b []byte) error {
	var t time.Time
	err := json.Unmarshal(b, &t)
	*c = shopOrderCST(t.In(shopOrderZone).Format(time.DateTime))
	return err
}
