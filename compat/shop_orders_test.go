package compat_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/seed"
)

// Shop orders and logistics (shop-admin-v2.md 九) at /api/v2/ and
// /api/private/v1/. Each response example of the document is one test
// below, with the document's data seeded (apptest.SeedShopOrder, for its
// numbers and times) and the real ids in place of the document's.

const (
	ordersShopV2 = "/api/v2"
	ordersShopV1 = "/api/private/v1"
	// ordersShopNoToken is every shop route's answer without a token.
	ordersShopNoToken = `{"data":null,"meta":{"msg":"无效token","status":400}}`
)

// ordersShopStart starts a server and signs its admin in to the shop.
func ordersShopStart(t *testing.T) (*apptest.Server, string) {
	t.Helper()
	s := apptest.New(t)
	return s, s.ShopLogin(t, "admin", apptest.AdminPassword)
}

// ordersShopDoc47 seeds the order of the document's list example.
func ordersShopDoc47(t *testing.T, s *apptest.Server) int64 {
	t.Helper()
	at := time.Unix(1508331565, 0)
	id, _, _ := s.SeedShopOrder(t, map[string]any{"Number": "59e7502d7993d", "UserID": 133, "Price": 322, "PayMethod": 1,
		"Sent": true, "InvoiceTitle": "个人", "InvoiceContent": "办公用品", "ConsigneeAddress": "江苏省南京市秦淮区龙蟠中路666号",
		"Paid": true, "CreatedAt": at, "UpdatedAt": at})
	return id
}

// ordersShopDoc67 seeds the order of the document's read and update
// examples, with its two lines (their totals as the document has them).
func ordersShopDoc67(t *testing.T, s *apptest.Server) (id int64, lines, goods []int64) {
	t.Helper()
	at := time.Unix(1512533560, 0)
	return s.SeedShopOrder(t, map[string]any{"Number": "itany-g7kmck71vjaujfgoi", "UserID": 1, "Price": 20,
		"InvoiceTitle": "个人", "CreatedAt": at, "UpdatedAt": at},
		map[string]any{"Price": 333, "Number": 2, "Total": 999},
		map[string]any{"Price": 666, "Number": 5, "Total": 999})
}

// ordersShopRow47 is the document's list row with the real id.
func ordersShopRow47(id int64) string {
	return fmt.Sprintf(`{
                "order_id": %d,
                "user_id": 133,
                "order_number": "59e7502d7993d",
                "order_price": 322,
                "order_pay": "1",
                "is_send": "是",
                "trade_no": "",
                "order_fapiao_title": "个人",
                "order_fapiao_company": "",
                "order_fapiao_content": "办公用品",
                "consignee_addr": "江苏省南京市秦淮区龙蟠中路666号",
                "pay_status": "1",
                "create_time": 1508331565,
                "update_time": 1508331565
            }`, id)
}

// ordersShopOrder67 is the document's read answer with the real ids and the
// given changes to the order's members (raw JSON values by member name).
func ordersShopOrder67(id int64, lines, goods []int64, changes map[string]string) string {
	v := map[string]string{
		"order_number": `"itany-g7kmck71vjaujfgoi"`, "order_price": "20", "order_pay": `"0"`, "is_send": `"否"`,
		"consignee_addr": `""`, "pay_status": `"0"`, "update_time": "1512533560",
	}
	for k, c := range changes {
		v[k] = c
	}
	return fmt.Sprintf(`{
    "data": {
        "order_id": %d,
        "user_id": 1,
        "order_number": %s,
        "order_price": %s,
        "order_pay": %s,
        "is_send": %s,
        "trade_no": "",
        "order_fapiao_title": "个人",
        "order_fapiao_company": "",
        "order_fapiao_content": "",
        "consignee_addr": %s,
        "pay_status": %s,
        "create_time": 1512533560,
        "update_time": %s,
        "goods": [
            {
                "id": %d,
                "order_id": %d,
                "goods_id": %d,
                "goods_price": 333,
                "goods_number": 2,
                "goods_total_price": 999
            },
            {
                "id": %d,
                "order_id": %d,
                "goods_id": %d,
                "goods_price": 666,
                "goods_number": 5,
                "goods_total_price": 999
            }
        ]
    },
    "meta": {
        "msg": "获取成功",
        "status": 200
    }
}`, id, v["order_number"], v["order_price"], v["order_pay"], v["is_send"], v["consignee_addr"], v["pay_status"],
		v["update_time"], lines[0], id, goods[0], lines[1], id, goods[1])
}

// ordersShopListOf is a list answer with these rows.
func ordersShopListOf(total int, pagenum string, rows ...string) string {
	return fmt.Sprintf(`{"data":{"total":%d,"pagenum":%q,"goods":[%s]},"meta":{"msg":"获取成功","status":200}}`,
		total, pagenum, strings.Join(rows, ","))
}

// 九.1 订单数据列表: the document's example, then paging and every filter.
func TestShopOrdersLegacyList(t *testing.T) {
	s, token := ordersShopStart(t)
	id47 := ordersShopDoc47(t, s)
	get := func(query url.Values) apptest.Response {
		t.Helper()
		return s.Do(t, token, http.MethodGet, ordersShopV2+"/orders?"+query.Encode(), nil)
	}

	get(url.Values{"pagenum": {"1"}, "pagesize": {"10"}}).Expect(t, http.StatusOK, `{
    "data": {
        "total": 1,
        "pagenum": "1",
        "goods": [`+ordersShopRow47(id47)+`
        ]
    },
    "meta": {
        "msg": "获取成功",
        "status": 200
    }
}`)

	id67, _, _ := ordersShopDoc67(t, s) // newer, so listed first
	row67 := fmt.Sprintf(`{"order_id":%d,"user_id":1,"order_number":"itany-g7kmck71vjaujfgoi","order_price":20,
		"order_pay":"0","is_send":"否","trade_no":"","order_fapiao_title":"个人","order_fapiao_company":"",
		"order_fapiao_content":"","consignee_addr":"","pay_status":"0","create_time":1512533560,"update_time":1512533560}`, id67)
	row47 := ordersShopRow47(id47)

	// Without pagesize every order; pagenum defaults to 1.
	get(nil).Expect(t, http.StatusOK, ordersShopListOf(2, "1", row67, row47))
	get(url.Values{"pagesize": {"1"}}).Expect(t, http.StatusOK, ordersShopListOf(2, "1", row67))
	get(url.Values{"pagenum": {"2"}, "pagesize": {"1"}}).Expect(t, http.StatusOK, ordersShopListOf(2, "2", row47))
	get(url.Values{"pagenum": {"3"}, "pagesize": {"1"}}).Expect(t, http.StatusOK, ordersShopListOf(2, "3"))

	for _, c := range []struct {
		query url.Values
		rows  []string
	}{
		{url.Values{"query": {"59e75"}}, []string{row47}},
		{url.Values{"query": {"ITANY"}}, []string{row67}},
		{url.Values{"query": {""}}, []string{row67, row47}},
		{url.Values{"user_id": {"133"}}, []string{row47}},
		{url.Values{"user_id": {"1"}}, []string{row67}},
		{url.Values{"pay_status": {"1"}}, []string{row47}},
		{url.Values{"pay_status": {"0"}}, []string{row67}},
		{url.Values{"is_send": {"1"}}, []string{row47}},
		{url.Values{"is_send": {"是"}}, []string{row47}},
		{url.Values{"is_send": {"0"}}, []string{row67}},
		{url.Values{"is_send": {"否"}}, []string{row67}},
		{url.Values{"order_fapiao_title": {"个人"}}, []string{row67, row47}},
		{url.Values{"order_fapiao_company": {"公司"}}, nil},
		{url.Values{"order_fapiao_content": {"办公"}}, []string{row47}},
		{url.Values{"consignee_addr": {"南京市"}}, []string{row47}},
		{url.Values{"user_id": {"133"}, "is_send": {"否"}}, nil},
		{url.Values{"query": {"i"}, "pay_status": {"0"}, "pagenum": {"1"}, "pagesize": {"5"}}, []string{row67}},
	} {
		t.Run(c.query.Encode(), func(t *testing.T) {
			get(c.query).Expect(t, http.StatusOK, ordersShopListOf(len(c.rows), "1", c.rows...))
		})
	}

	for query, msg := range map[string]string{
		"is_send=2":              "is_send 参数错误",
		"pay_status=paid":        "pay_status 参数错误",
		"user_id=abc":            "user_id 参数错误",
		"pagesize=0":             "pagesize 参数错误",
		"pagenum=0&pagesize=2":   "pagenum 参数错误",
		"pagenum=1&pagesize=abc": "pagesize 参数错误",
	} {
		s.Do(t, token, http.MethodGet, ordersShopV2+"/orders?"+query, nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, msg))
	}
	s.Do(t, "", http.MethodGet, ordersShopV2+"/orders", nil).Expect(t, http.StatusOK, ordersShopNoToken)
}

// 九.3 查看订单详情, under both base paths.
func TestShopOrderLegacyRead(t *testing.T) {
	s, token := ordersShopStart(t)
	id, lines, goods := ordersShopDoc67(t, s)
	for _, base := range []string{ordersShopV2, ordersShopV1} {
		s.Do(t, token, http.MethodGet, fmt.Sprintf("%s/orders/%d", base, id), nil).
			Expect(t, http.StatusOK, ordersShopOrder67(id, lines, goods, nil))
	}
	s.Do(t, token, http.MethodGet, ordersShopV2+"/orders/abc", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "订单ID必须是数字"))
	s.Do(t, token, http.MethodGet, ordersShopV2+"/orders/999999", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "订单不存在"))
	s.Do(t, "", http.MethodGet, fmt.Sprintf("%s/orders/%d", ordersShopV1, id), nil).Expect(t, http.StatusOK, ordersShopNoToken)
}

// 九.2 修改订单状态: incremental, as the document says (the original server
// replaced every field); answers the order with its lines.
func TestShopOrderLegacyUpdate(t *testing.T) {
	s, token := ordersShopStart(t)
	id, lines, goods := ordersShopDoc67(t, s)
	ordersShopDoc47(t, s)
	path := fmt.Sprintf("%s/orders/%d", ordersShopV2, id)

	// put sends an update and checks the answer: the document's order with
	// these changes and update_time moved to now.
	put := func(body any, changes map[string]string) {
		t.Helper()
		start := time.Now().Unix()
		r := s.Do(t, token, http.MethodPut, path, body)
		var v struct {
			Data struct {
				UpdateTime int64 `json:"update_time"`
			} `json:"data"`
		}
		json.Unmarshal([]byte(r.Body), &v) //nolint:errcheck // Expect reports a bad answer
		if v.Data.UpdateTime < start {
			t.Errorf("update_time %d did not move to now (%d)", v.Data.UpdateTime, start)
		}
		changes["update_time"] = strconv.FormatInt(v.Data.UpdateTime, 10)
		r.Expect(t, http.StatusOK, ordersShopOrder67(id, lines, goods, changes))
	}
	// One member: only it changes.
	put(map[string]any{"is_send": 1}, map[string]string{"is_send": `"是"`})
	put(map[string]any{"pay_status": "1"}, map[string]string{"is_send": `"是"`, "pay_status": `"1"`})
	// The document's answer: back to unsent and unpaid.
	put(map[string]any{"is_send": 0, "pay_status": 0}, map[string]string{})
	// Nothing sent: nothing but update_time changes.
	put(map[string]any{}, map[string]string{})
	// Every member, in the forms legacy clients send them.
	put(map[string]any{"is_send": "是", "order_pay": "3", "order_price": 25.5, "order_number": "itany-new", "pay_status": 1},
		map[string]string{"is_send": `"是"`, "order_pay": `"3"`, "order_price": "25.5", "order_number": `"itany-new"`, "pay_status": `"1"`})
	// Stored: the read shows it (with the update_time of the last update).
	r := s.Do(t, token, http.MethodGet, path, nil)
	var v struct {
		Data struct {
			UpdateTime int64 `json:"update_time"`
		} `json:"data"`
	}
	json.Unmarshal([]byte(r.Body), &v) //nolint:errcheck // Expect reports a bad answer
	r.Expect(t, http.StatusOK, ordersShopOrder67(id, lines, goods, map[string]string{"is_send": `"是"`, "order_pay": `"3"`,
		"order_price": "25.5", "order_number": `"itany-new"`, "pay_status": `"1"`, "update_time": strconv.FormatInt(v.Data.UpdateTime, 10)}))

	for _, c := range []struct {
		body any
		msg  string
	}{
		{map[string]any{"order_pay": 4}, "order_pay 参数错误"},
		{map[string]any{"order_pay": "alipay"}, "order_pay 参数错误"},
		{map[string]any{"order_price": -1}, "order_price 参数错误"},
		{map[string]any{"order_price": "abc"}, "order_price 参数错误"},
		{map[string]any{"is_send": "maybe"}, "is_send 参数错误"},
		{map[string]any{"pay_status": 2}, "pay_status 参数错误"},
		{map[string]any{"order_number": "59e7502d7993d"}, "订单编号已存在"},
	} {
		s.Do(t, token, http.MethodPut, path, c.body).Expect(t, http.StatusOK, apptest.ShopFailure(400, c.msg))
	}
	s.Do(t, token, http.MethodPut, ordersShopV2+"/orders/x1", map[string]any{"is_send": 1}).
		Expect(t, http.StatusOK, apptest.ShopFailure(400, "订单ID必须是数字"))
	s.Do(t, token, http.MethodPut, ordersShopV2+"/orders/999999", map[string]any{"is_send": 1}).
		Expect(t, http.StatusOK, apptest.ShopFailure(400, "订单不存在"))
	s.Do(t, "", http.MethodPut, path, map[string]any{"is_send": 0}).Expect(t, http.StatusOK, ordersShopNoToken)
	// The refused requests changed nothing.
	s.Do(t, token, http.MethodGet, path, nil).Expect(t, http.StatusOK, ordersShopOrder67(id, lines, goods, map[string]string{
		"is_send": `"是"`, "order_pay": `"3"`, "order_price": "25.5", "order_number": `"itany-new"`, "pay_status": `"1"`,
		"update_time": strconv.FormatInt(v.Data.UpdateTime, 10)}))
}

// "NaN" and "Inf" parse as floats but no JSON answer can carry them: an
// update sending them as order_price is refused and writes nothing, so the
// list and the read keep answering.
func TestShopOrderLegacyUpdateRefusesNonFinitePrice(t *testing.T) {
	s, token := ordersShopStart(t)
	id, lines, goods := ordersShopDoc67(t, s)
	path := fmt.Sprintf("%s/orders/%d", ordersShopV2, id)
	for _, v := range []string{"NaN", "Inf", "-Inf", "+Inf", "Infinity", "nan"} {
		s.Do(t, token, http.MethodPut, path, map[string]any{"order_price": v}).
			Expect(t, http.StatusOK, apptest.ShopFailure(400, "order_price 参数错误"))
	}
	if r := s.Do(t, token, http.MethodGet, ordersShopV2+"/orders?pagenum=1&pagesize=10", nil); !strings.Contains(r.Body, `"status":200`) ||
		!strings.Contains(r.Body, `"order_price":20`) {
		t.Errorf("the list after refused updates: %s", r.Body)
	}
	s.Do(t, token, http.MethodGet, path, nil).Expect(t, http.StatusOK, ordersShopOrder67(id, lines, goods, map[string]string{}))
}

// 九.4 修改地址 (a route the original server lacked).
func TestShopOrderLegacyAddress(t *testing.T) {
	s, token := ordersShopStart(t)
	id, lines, goods := ordersShopDoc67(t, s)
	path := fmt.Sprintf("%s/orders/%d/address", ordersShopV2, id)

	s.Do(t, token, http.MethodPut, path, map[string]any{"consignee_addr": "上海市浦东新区寒亭路8号"}).Expect(t, http.StatusOK, `{
    "data": {},
    "meta": {
        "msg": "修改地址成功",
        "status": 200
    }
}`)
	r := s.Do(t, token, http.MethodGet, fmt.Sprintf("%s/orders/%d", ordersShopV1, id), nil)
	var v struct {
		Data struct {
			UpdateTime int64 `json:"update_time"`
		} `json:"data"`
	}
	json.Unmarshal([]byte(r.Body), &v) //nolint:errcheck // Expect reports a bad answer
	r.Expect(t, http.StatusOK, ordersShopOrder67(id, lines, goods, map[string]string{
		"consignee_addr": `"上海市浦东新区寒亭路8号"`, "update_time": strconv.FormatInt(v.Data.UpdateTime, 10)}))

	// The address may be emptied; under the other base path too.
	s.Do(t, token, http.MethodPut, fmt.Sprintf("%s/orders/%d/address", ordersShopV1, id), map[string]any{"consignee_addr": ""}).
		Expect(t, http.StatusOK, `{"data":{},"meta":{"msg":"修改地址成功","status":200}}`)

	s.Do(t, token, http.MethodPut, path, map[string]any{}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "请提供收货地址 consignee_addr"))
	s.Do(t, token, http.MethodPut, ordersShopV2+"/orders/abc/address", map[string]any{"consignee_addr": "x"}).
		Expect(t, http.StatusOK, apptest.ShopFailure(400, "订单ID必须是数字"))
	s.Do(t, token, http.MethodPut, ordersShopV2+"/orders/999999/address", map[string]any{"consignee_addr": "x"}).
		Expect(t, http.StatusOK, apptest.ShopFailure(400, "订单不存在"))
	s.Do(t, "", http.MethodPut, path, map[string]any{"consignee_addr": "x"}).Expect(t, http.StatusOK, ordersShopNoToken)
}

// 九.5 查看物流信息: the demo store answers the document's tracking number
// with exactly the document's answer.
func TestShopKuaidiLegacy(t *testing.T) {
	s, token := ordersShopStart(t)
	if err := seed.Demo(context.Background(), s.App.Stores); err != nil {
		t.Fatal(err)
	}
	s.Do(t, token, http.MethodGet, ordersShopV2+"/kuaidi/815294206237577", nil).Expect(t, http.StatusOK, ordersShopKuaidiDoc)
	s.Do(t, token, http.MethodGet, ordersShopV1+"/kuaidi/unknown-1", nil).
		Expect(t, http.StatusOK, `{"meta":{"status":200,"message":"获取物流信息成功！"},"data":[]}`)
	s.Do(t, "", http.MethodGet, ordersShopV2+"/kuaidi/815294206237577", nil).Expect(t, http.StatusOK, ordersShopNoToken)
}

// A role holding only the order list (107) lists orders and tracks
// shipments but may not read (155) or update (154) an order.
func TestShopOrdersLegacyMissingRight(t *testing.T) {
	s, token := ordersShopStart(t)
	id, _, _ := ordersShopDoc67(t, s)
	clerk := shopClerk(t, s, "clerk", 107)

	for _, tok := range []string{token, clerk} {
		r := s.Do(t, tok, http.MethodGet, ordersShopV2+"/orders", nil)
		if !strings.Contains(r.Body, `"status":200`) {
			t.Errorf("list: %s", r.Body)
		}
	}
	s.Do(t, clerk, http.MethodGet, ordersShopV2+"/kuaidi/1", nil).
		Expect(t, http.StatusOK, `{"meta":{"status":200,"message":"获取物流信息成功！"},"data":[]}`)
	denied := apptest.ShopFailure(401, "权限验证失败")
	s.Do(t, clerk, http.MethodGet, fmt.Sprintf("%s/orders/%d", ordersShopV2, id), nil).Expect(t, http.StatusOK, denied)
	s.Do(t, clerk, http.MethodPut, fmt.Sprintf("%s/orders/%d", ordersShopV2, id), map[string]any{"is_send": 1}).
		Expect(t, http.StatusOK, denied)
	s.Do(t, clerk, http.MethodPut, fmt.Sprintf("%s/orders/%d/address", ordersShopV2, id), map[string]any{"consignee_addr": "x"}).
		Expect(t, http.StatusOK, denied)
}

// A page of 5 or of 50 orders costs the same statements.
func TestShopOrdersLegacyListStatements(t *testing.T) {
	s, token := ordersShopStart(t)
	for range 50 {
		s.SeedShopOrder(t, nil, map[string]any{"Price": 1, "Number": 1, "Total": 1})
	}
	s.SameStatementsAtAnySize(t, []int{5, 50}, func(size int) {
		r := s.Do(t, token, http.MethodGet, fmt.Sprintf("%s/orders?pagenum=1&pagesize=%d", ordersShopV2, size), nil)
		if !strings.Contains(r.Body, `"total":50`) {
			t.Fatalf("list: %s", r.Body)
		}
	})
}

// ordersShopKuaidiDoc is the document's answer for 815294206237577, verbatim.
const ordersShopKuaidiDoc = `
{
    "meta":{
        "status":200,
        "message":"获取物流信息成功！"
    },
    "data":[
        {
            "time":"2020-11-15 12:39:56",
            "ftime":"2020-11-15 12:39:56",
            "context":"已签收,签收人是 汤小洋 先生/女士，如有疑问请联系派件员阿奇(13805148888)，如您未收到此快递，请拨打投诉电话：15294207777，感谢使用申通快递，期待再次为您服务",
            "location":null
        },
        {
            "time":"2020-11-15 08:46:54",
            "ftime":"2020-11-15 08:46:54",
            "context":"上海浦东寒亭营业厅-寒亭阿奇(13805148888)-派件中",
            "location":null
        },
        {
            "time":"2020-11-15 08:38:57",
            "ftime":"2020-11-15 08:38:57",
            "context":"已到达-上海浦东寒亭营业厅",
            "location":null
        },
        {
            "time":"2020-11-15 06:38:13",
            "ftime":"2020-11-15 06:38:13",
            "context":"已到达-上海浦东寒亭营业厅",
            "location":null
        },
        {
            "time":"2020-11-14 20:56:45",
            "ftime":"2020-11-14 20:56:45",
            "context":"上海浦东转运中心-已发往-上海浦东寒亭公司",
            "location":null
        },
        {
            "time":"2020-11-14 20:52:44",
            "ftime":"2020-11-14 20:52:44",
            "context":"已到达-上海浦东转运中心",
            "location":null
        },
        {
            "time":"2020-11-14 17:43:48",
            "ftime":"2020-11-14 17:43:48",
            "context":"已到达-上海浦东转运中心",
            "location":null
        },
        {
            "time":"2020-11-14 10:53:46",
            "ftime":"2020-11-14 10:53:46",
            "context":"上海浦东转运中心-已发往-上海浦东转运中心",
            "location":null
        },
        {
            "time":"2020-11-14 10:43:31",
            "ftime":"2020-11-14 10:43:31",
            "context":"已到达-上海浦东转运中心",
            "location":null
        },
        {
            "time":"2020-11-14 02:43:20",
            "ftime":"2020-11-14 02:43:20",
            "context":"江苏苏州转运中心-已发往-上海浦东转运中心",
            "location":null
        },
        {
            "time":"2020-11-14 02:41:40",
            "ftime":"2020-11-14 02:41:40",
            "context":"已到达-江苏苏州转运中心",
            "location":null
        },
        {
            "time":"2020-11-13 16:28:13",
            "ftime":"2020-11-13 16:28:13",
            "context":"江苏南京转运中心-已发往-江苏苏州转运中心",
            "location":null
        },
        {
            "time":"2020-11-13 15:03:30",
            "ftime":"2020-11-13 15:03:30",
            "context":"南京IT教育公司-已发往-江苏南京转运中心",
            "location":null
        },
        {
            "time":"2020-11-13 14:47:56",
            "ftime":"2020-11-13 14:47:56",
            "context":"南京IT教育公司-已发往-江苏南京转运中心",
            "location":null
        },
        {
            "time":"2020-11-13 14:37:06",
            "ftime":"2020-11-13 14:37:06",
            "context":"南京IT教育公司-城东汪小主宠物店-已收件",
            "location":null
        }
    ]
}`

// 添加订单 (right 109; the document leaves it out): the order answers as the
// read shows it, under both base paths. Lines are at the goods' current
// prices and the total is their sum to the cent (19.9 × 3 + 0.3 is 60,
// which floats do not make it); times are the stores' clock to the second.
func TestShopOrderLegacyCreate(t *testing.T) {
	at := time.Now().UTC().Truncate(time.Second)
	s := apptest.New(t, func(c *app.Config) { c.Now = func() time.Time { return at.Add(300 * time.Millisecond) } })
	token := s.ShopLogin(t, "admin", apptest.AdminPassword)
	c := goodsShopSetup(t, s, token)
	var goods []int64
	for i, price := range []any{19.9, "0.3"} {
		r := s.Do(t, token, http.MethodPost, ordersShopV2+"/goods", map[string]any{
			"goods_name": fmt.Sprintf("goods %d", i), "goods_cat": c.cat, "goods_price": price, "goods_number": 1, "goods_weight": 1})
		var g goodsShopAnswer
		apptest.ShopData(t, r, &g)
		goods = append(goods, g.ID)
	}
	body := func(changes map[string]any) map[string]any {
		b := map[string]any{"user_id": 133, "order_price": "60", "consignee_addr": "上海市浦东新区寒亭路8号",
			"order_fapiao_title": "公司", "order_fapiao_company": "南京IT教育公司", "order_fapiao_content": "宠物用品",
			"goods": []any{
				map[string]any{"goods_id": goods[0], "goods_price": 19.9, "goods_number": 3},
				map[string]any{"goods_id": strconv.FormatInt(goods[1], 10), "goods_price": "0.3", "goods_number": "1"},
			}}
		return edited(b, changes)
	}
	// line is the body's goods with one line's member changed.
	line := func(i int, key string, v any) map[string]any {
		lines := body(nil)["goods"].([]any)
		edited(lines[i].(map[string]any), map[string]any{key: v})
		return body(map[string]any{"goods": lines})
	}

	for _, base := range []string{ordersShopV2, ordersShopV1} {
		r := s.Do(t, token, http.MethodPost, base+"/orders", body(nil))
		var created struct {
			ID     int64  `json:"order_id"`
			Number string `json:"order_number"`
			Goods  []struct {
				ID int64 `json:"id"`
			} `json:"goods"`
		}
		apptest.ShopData(t, r, &created)
		if !regexp.MustCompile(`^itany-[0-9a-z]{17}$`).MatchString(created.Number) || len(created.Goods) != 2 {
			t.Fatalf("create answered %s", r.Body)
		}
		order := fmt.Sprintf(`{
			"order_id": %d, "user_id": 133, "order_number": %q, "order_price": 60, "order_pay": "0", "is_send": "否",
			"trade_no": "", "order_fapiao_title": "公司", "order_fapiao_company": "南京IT教育公司",
			"order_fapiao_content": "宠物用品", "consignee_addr": "上海市浦东新区寒亭路8号", "pay_status": "0",
			"create_time": %d, "update_time": %d,
			"goods": [
				{"id": %d, "order_id": %d, "goods_id": %d, "goods_price": 19.9, "goods_number": 3, "goods_total_price": 59.7},
				{"id": %d, "order_id": %d, "goods_id": %d, "goods_price": 0.3, "goods_number": 1, "goods_total_price": 0.3}
			]}`, created.ID, created.Number, at.Unix(), at.Unix(),
			created.Goods[0].ID, created.ID, goods[0], created.Goods[1].ID, created.ID, goods[1])
		r.Expect(t, http.StatusOK, apptest.ShopAnswer(order, "创建订单成功", 201))
		s.Do(t, token, http.MethodGet, fmt.Sprintf("%s/orders/%d", base, created.ID), nil).
			Expect(t, http.StatusOK, apptest.ShopAnswer(order, "获取成功", 200))
	}

	// Texts left out are empty.
	r := s.Do(t, token, http.MethodPost, ordersShopV2+"/orders", map[string]any{"user_id": "7", "order_price": 0.3,
		"goods": []any{map[string]any{"goods_id": goods[1], "goods_price": 0.3, "goods_number": 1}}})
	var texts map[string]any
	apptest.ShopData(t, r, &texts)
	for _, k := range []string{"order_fapiao_title", "order_fapiao_company", "order_fapiao_content", "consignee_addr"} {
		if texts[k] != "" {
			t.Errorf("%s %v, want empty: %s", k, texts[k], r.Body)
		}
	}

	rows := func() [2]int64 { return [2]int64{s.Rows(t, "shop_orders"), s.Rows(t, "shop_order_lines")} }
	before := rows()
	const failed = "创建订单失败"
	for _, c := range []struct {
		name string
		body any
		msg  string
	}{
		{"no user", body(map[string]any{"user_id": nil}), "用户ID不能为空"},
		{"a blank user", body(map[string]any{"user_id": " "}), "用户ID不能为空"},
		{"a user that is no number", body(map[string]any{"user_id": "u1"}), "用户ID必须是数字"},
		{"no total", body(map[string]any{"order_price": nil}), "订单价格不能为空"},
		{"a total that is no number", body(map[string]any{"order_price": "sixty"}), "订单价格必须为数字"},
		{"unknown goods", line(1, "goods_id", 999999), failed},
		{"a price that is not the goods'", line(0, "goods_price", 19.91), failed},
		{"a total that is not the lines' sum", body(map[string]any{"order_price": 60.01}), failed},
		{"none of the goods", line(1, "goods_number", 0), failed},
		{"a negative number", line(1, "goods_number", -1), failed},
		{"a fractional number", line(0, "goods_number", 1.5), failed},
		{"a number that is no number", line(0, "goods_number", "x"), failed},
		{"a number over 32 bits", line(0, "goods_number", int64(1)<<32), failed},
		{"a line without its number", line(0, "goods_number", nil), failed},
		{"a line without its price", line(0, "goods_price", nil), failed},
		{"a line without its goods", line(0, "goods_id", nil), failed},
		{"no goods", body(map[string]any{"goods": nil}), failed},
		{"empty goods", body(map[string]any{"goods": []any{}}), failed},
		{"goods that are no list", body(map[string]any{"goods": "1,2"}), failed},
		{"a line that is no object", body(map[string]any{"goods": []any{goods[0]}}), failed},
		{"a text that is no text", body(map[string]any{"order_fapiao_title": 1}), "order_fapiao_title 参数错误"},
		{"a body that is not JSON", "{not json", "请求体格式错误，应为JSON"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s.Do(t, token, http.MethodPost, ordersShopV2+"/orders", c.body).Expect(t, http.StatusOK, apptest.ShopFailure(400, c.msg))
		})
	}
	s.Do(t, "", http.MethodPost, ordersShopV2+"/orders", body(nil)).Expect(t, http.StatusOK, ordersShopNoToken)
	s.Do(t, "", http.MethodPost, ordersShopV1+"/orders", body(nil)).Expect(t, http.StatusOK, ordersShopNoToken)
	if after := rows(); after != before {
		t.Errorf("refused creates wrote orders and lines: %v, then %v", before, after)
	}
}
