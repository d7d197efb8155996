package compat_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onegraph/server/apptest"
)

// The partner API at /partner/ (partner-b2b.md) over the demo
// (apptest.SeedPartners): every body carries the caller's credentials, every
// answer the envelope {"status", "msg", ..., "sec"}.

func partnerStart(t *testing.T) *apptest.Server {
	t.Helper()
	s := apptest.New(t)
	s.SeedPartners(t)
	return s
}

// partnerPost posts a body to a partner path.
func partnerPost(t *testing.T, s *apptest.Server, path string, body any) apptest.Response {
	t.Helper()
	return s.Do(t, "", http.MethodPost, "/partner"+path, body)
}

// as is a body signed with the demo enterprise's account.
func as(enterprise int, body map[string]any) map[string]any {
	body["username"], body["password"] = apptest.PartnerUser(enterprise), apptest.DemoPassword
	return body
}

func TestPartnerRefusesBadCredentialsAndBodiesInTheEnvelope(t *testing.T) {
	s := partnerStart(t)
	const signInRefused = `{"status": 1, "msg": "用户不存在或密码不正确", "reason": "用户不存在或密码不正确：wrong username or password", "sec": "k1"}`
	for name, body := range map[string]any{
		"wrong password": map[string]any{"username": apptest.PartnerUser(1), "password": "nope", "sec": "k1"},
		"unknown user":   map[string]any{"username": "13999999999", "password": "123456", "sec": "k1"},
	} {
		t.Run(name, func(t *testing.T) {
			partnerPost(t, s, "/login", body).Expect(t, http.StatusOK, signInRefused)
		})
	}
	t.Run("no credentials", func(t *testing.T) {
		partnerPost(t, s, "/relations", map[string]any{"op_type": 4, "sec": 7}).Expect(t, http.StatusOK,
			`{"status": 1, "msg": "用户不存在或密码不正确", "reason": "用户不存在或密码不正确", "sec": 7}`)
	})
	t.Run("credentials in the query string", func(t *testing.T) {
		path := "/relations?username=" + apptest.PartnerUser(2) + "&password=" + apptest.DemoPassword
		partnerPost(t, s, path, map[string]any{"op_type": 4}).Expect(t, http.StatusOK,
			`{"status": 1, "msg": "用户不存在或密码不正确", "reason": "用户不存在或密码不正确"}`)
	})
	t.Run("a form", func(t *testing.T) {
		partnerPost(t, s, "/relations", apptest.Form("username="+apptest.PartnerUser(2)+"&password=123456&op_type=4")).
			Expect(t, http.StatusOK, `{"status": 1, "msg": "操作失败!", "reason": "请求体格式错误，应为JSON"}`)
	})
	t.Run("a password of digits as a number", func(t *testing.T) {
		r := partnerPost(t, s, "/login", map[string]any{"username": apptest.PartnerUser(4), "password": 123456})
		if !strings.Contains(r.Body, `"status":0`) {
			t.Errorf("refused: %s", r.Body)
		}
	})
	t.Run("an account of another system", func(t *testing.T) {
		partnerPost(t, s, "/login", map[string]any{"username": "admin", "password": apptest.AdminPassword}).Expect(t, http.StatusOK,
			`{"status": 1, "msg": "用户不存在或密码不正确", "reason": "该账号不是合作伙伴账号：the partner API is for PARTNER accounts only"}`)
	})
	for name, body := range map[string]string{"not JSON": `{"username": `, "a list": `[1, 2]`, "a string": `"x"`} {
		t.Run(name, func(t *testing.T) {
			partnerPost(t, s, "/login", body).Expect(t, http.StatusOK,
				`{"status": 1, "msg": "用户不存在或密码不正确", "reason": "请求体格式错误，应为JSON"}`)
		})
	}
	t.Run("a path not served", func(t *testing.T) {
		partnerPost(t, s, "/nothing", as(1, map[string]any{"sec": "s"})).Expect(t, http.StatusNotFound,
			`{"status": 1, "msg": "接口不存在", "sec": "s"}`)
	})
	t.Run("a method not served", func(t *testing.T) {
		s.Do(t, "", http.MethodGet, "/partner/login", nil).Expect(t, http.StatusMethodNotAllowed,
			`{"status": 1, "msg": "不支持的请求方法，请用POST"}`)
	})
}

// Interfaces 1 and 2: registration makes an account and its enterprise;
// login answers the enterprise.
func TestPartnerRegistersAndLogsIn(t *testing.T) {
	s := partnerStart(t)
	body := map[string]any{"username": "13900000009", "password": "abc123", "email": "zs@example.cn", "realName": "张三",
		"nickName": "三哥", "sex": "男", "edu": "本科", "birth": "1990-01-01", "sec": "k9"}
	partnerPost(t, s, "/register", body).Expect(t, http.StatusOK,
		`{"status": 0, "msg": "注册成功", "data": {"username": "13900000009", "realName": "张三"}, "sec": "k9"}`)
	partnerPost(t, s, "/register", body).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "注册失败", "reason": "用户名已存在：username \"13900000009\" is taken", "sec": "k9"}`)
	partnerPost(t, s, "/register", map[string]any{"username": "1390000000", "password": "abc123", "realName": "李四"}).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "注册失败", "reason": "参数错误：the username is an 11-digit mobile number starting with 1, got \"1390000000\""}`)
	partnerPost(t, s, "/register", map[string]any{"username": "13900000010", "password": "abc123"}).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "注册失败", "reason": "缺少realName"}`)

	partnerPost(t, s, "/login", map[string]any{"username": "13900000009", "password": "abc123", "sec": "k9"}).Expect(t, http.StatusOK,
		`{"status": 0, "msg": "登录成功", "data": {"companyName": "张三", "companyAddress": "", "companyid": 6,
		  "username": "13900000009", "tell": "", "legalMan": ""}, "sec": "k9"}`)
	partnerPost(t, s, "/login", as(1, map[string]any{})).Expect(t, http.StatusOK,
		`{"status": 0, "msg": "登录成功", "data": {"companyName": "上海祎讯汽配有限公司", "companyAddress": "上海市嘉定区曹安公路4988号",
		  "companyid": 1, "username": "13800000001", "tell": "021-59990001", "legalMan": "陈祎"}}`)
}

// Interface 3: listing a goods code again sets its stock, price and quality.
func TestPartnerShelvesGoods(t *testing.T) {
	s := partnerStart(t)
	shelve := func(code string, stock int, price any) apptest.Response {
		return partnerPost(t, s, "/goods/shelve", as(2, map[string]any{"oeid": "15400-RTA-003", "stock": stock, "price": price,
			"quality": "品牌件", "info": map[string]any{"goods_name": "机油滤清器", "goods_ID": code, "goods_brand": "本田"}, "sec": 3}))
	}
	shelve("JD-0001", 100, 44.5).Expect(t, http.StatusOK, `{"status": 0, "msg": "上架商品成功", "sec": 3}`)
	shelve("JD-0009", 7, "39.90").Expect(t, http.StatusOK, `{"status": 0, "msg": "上架商品成功", "sec": 3}`)
	shelve("JD-0010", -1, 1).Expect(t, http.StatusOK, `{"status": 1, "msg": "上架商品失败", "reason": "参数错误：stock must be between 0 and 1000000000, got -1", "sec": 3}`)
	shelve("JD-0010", 1, "1.001").Expect(t, http.StatusOK, `{"status": 1, "msg": "上架商品失败", "reason": "price格式错误", "sec": 3}`)
	partnerPost(t, s, "/goods/shelve", as(2, map[string]any{"oeid": "X", "stock": 1, "price": 1, "quality": "q"})).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "上架商品失败", "reason": "缺少info或info不是对象"}`)

	got := s.GraphQL(t, s.PartnerLogin(t, apptest.PartnerUser(2), apptest.DemoPassword),
		`{ partnerListings(filter: {enterpriseId: 2, oeNumber: "15400-RTA-003"}) { total items { goodsCode stock price quality goods { name } } } }`, nil)
	apptest.EqualJSON(t, string(got.Data), `{"partnerListings": {"total": 2, "items": [
		{"goodsCode": "JD-0001", "stock": 100, "price": 44.50, "quality": "品牌件", "goods": {"name": "机油滤清器 (OE 15400-RTA-003)"}},
		{"goodsCode": "JD-0009", "stock": 7, "price": 39.90, "quality": "品牌件", "goods": {"name": "机油滤清器 (OE 15400-RTA-003)"}}]}}`)
}

// Interface 4: the CRM's customers, added, modified, deleted and queried
// a page at a time.
func TestPartnerKeepsCustomers(t *testing.T) {
	s := partnerStart(t)
	crm := func(op int, param map[string]any, page ...int) apptest.Response {
		body := as(1, map[string]any{"op_type": op, "param": param, "sec": "c"})
		if len(page) == 2 {
			body["pageNum"], body["pageSize"] = page[0], page[1]
		}
		return partnerPost(t, s, "/customers", body)
	}
	crm(1, map[string]any{"name": "江桥汽修", "phone": "021-59993333", "address": "上海市嘉定区江桥镇", "trade": "汽车维修"}).
		Expect(t, http.StatusOK, `{"status": 0, "msg": "操作成功!", "id": 4, "sec": "c"}`)
	crm(3, map[string]any{"id": 4, "phone": "021-59994444"}).Expect(t, http.StatusOK, `{"status": 0, "msg": "操作成功!", "sec": "c"}`)
	crm(2, map[string]any{"id": 2}).Expect(t, http.StatusOK, `{"status": 0, "msg": "操作成功!", "sec": "c"}`)
	crm(4, map[string]any{}, 1, 2).Expect(t, http.StatusOK, `{"status": 0, "msg": "操作成功!", "pageNum": 1, "pageSize": 2,
		"totalRecords": 3, "currentSize": 2, "data": [
		{"id": 1, "name": "嘉定汽修一厂", "phone": "021-59991111", "address": "上海市嘉定区城北路88号", "trade": "汽车维修"},
		{"id": 3, "name": "南翔快修", "phone": "13611112222", "address": "上海市嘉定区南翔镇", "trade": "汽车维修"}], "sec": "c"}`)
	crm(4, map[string]any{"name": "江桥"}, 1, 50).Expect(t, http.StatusOK, `{"status": 0, "msg": "操作成功!", "pageNum": 1, "pageSize": 50,
		"totalRecords": 1, "currentSize": 1, "data": [
		{"id": 4, "name": "江桥汽修", "phone": "021-59994444", "address": "上海市嘉定区江桥镇", "trade": "汽车维修"}], "sec": "c"}`)
	crm(4, map[string]any{}, 1, 51).Expect(t, http.StatusOK, `{"status": 1, "msg": "查询失败", "reason": "pageSize最大为50", "sec": "c"}`)
	crm(2, map[string]any{"id": 2}).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "操作失败!", "reason": "客户不存在：partnerCustomer 2 does not exist", "sec": "c"}`)
	crm(5, map[string]any{}).Expect(t, http.StatusOK, `{"status": 1, "msg": "操作失败!", "reason": "op_type无效", "sec": "c"}`)
	partnerPost(t, s, "/customers", as(1, map[string]any{"param": map[string]any{}})).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "操作失败!", "reason": "缺少op_type"}`)
	crm(1, nil).Expect(t, http.StatusOK, `{"status": 1, "msg": "操作失败!", "reason": "缺少param或param不是对象", "sec": "c"}`)
	// Another enterprise's customer is not there for 骏达.
	partnerPost(t, s, "/customers", as(2, map[string]any{"op_type": 2, "param": map[string]any{"id": 1}})).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "操作失败!", "reason": "客户不存在：partnerCustomer 1 does not exist"}`)
}

// Interface 5: relations, by (enterprise_ID, target_enterprise_ID); "*"
// queries every kind.
func TestPartnerKeepsRelations(t *testing.T) {
	s := partnerStart(t)
	rel := func(op int, param map[string]any) apptest.Response {
		return partnerPost(t, s, "/relations", as(2, map[string]any{"op_type": op, "param": param, "pageNum": 1, "pageSize": 10}))
	}
	rel(4, map[string]any{"enterprise_ID": 2, "relation_ID": "*"}).Expect(t, http.StatusOK, `{"status": 0, "msg": "操作成功!",
		"pageNum": 1, "pageSize": 10, "totalRecords": 3, "currentSize": 3, "data": [
		{"id": 1, "enterprise_ID": 2, "target_enterprise_ID": 1, "target_enterprise_name": "上海祎讯汽配有限公司", "relation_ID": 3, "relation_name": "商友"},
		{"id": 2, "enterprise_ID": 2, "target_enterprise_ID": 4, "target_enterprise_name": "杭州顺风汽修厂", "relation_ID": 2, "relation_name": "普通关系"},
		{"id": 3, "enterprise_ID": 2, "target_enterprise_ID": 5, "target_enterprise_name": "深圳鹏程汽配", "relation_ID": 1, "relation_name": "竞争关系"}]}`)
	rel(1, map[string]any{"enterprise_ID": 2, "target_enterprise_ID": 3, "relation_ID": 2}).Expect(t, http.StatusOK,
		`{"status": 0, "msg": "操作成功!", "id": 6}`)
	rel(1, map[string]any{"enterprise_ID": 2, "target_enterprise_ID": 3, "relation_ID": 2}).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "操作失败!", "reason": "数据已经存在：enterprise 2 has a relation to enterprise 3 already"}`)
	rel(3, map[string]any{"enterprise_ID": 2, "target_enterprise_ID": 3, "relation_ID": 1}).Expect(t, http.StatusOK,
		`{"status": 0, "msg": "操作成功!"}`)
	rel(4, map[string]any{"enterprise_ID": 2, "relation_ID": 1}).Expect(t, http.StatusOK, `{"status": 0, "msg": "操作成功!",
		"pageNum": 1, "pageSize": 10, "totalRecords": 2, "currentSize": 2, "data": [
		{"id": 3, "enterprise_ID": 2, "target_enterprise_ID": 5, "target_enterprise_name": "深圳鹏程汽配", "relation_ID": 1, "relation_name": "竞争关系"},
		{"id": 6, "enterprise_ID": 2, "target_enterprise_ID": 3, "target_enterprise_name": "北京华通汽配城", "relation_ID": 1, "relation_name": "竞争关系"}]}`)
	rel(2, map[string]any{"enterprise_ID": 2, "target_enterprise_ID": 3}).Expect(t, http.StatusOK, `{"status": 0, "msg": "操作成功!"}`)
	rel(2, map[string]any{"enterprise_ID": 2, "target_enterprise_ID": 3}).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "操作失败!", "reason": "客户关系不存在：enterprise 2 has no relation to enterprise 3"}`)
	rel(1, map[string]any{"enterprise_ID": 1, "target_enterprise_ID": 3, "relation_ID": 2}).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "操作失败!", "reason": "只能操作本企业的数据：account \"13800000002\" works for enterprise 2, not 1"}`)
	rel(1, map[string]any{"enterprise_ID": 2, "target_enterprise_ID": 3, "relation_ID": 9}).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "操作失败!", "reason": "关系编号不存在：relationKind 9 does not exist"}`)
}

// Interface 6: discounts in hundredths of a percent, by (enterprise_ID,
// relation_ID, goods_ID or "*").
func TestPartnerKeepsDiscounts(t *testing.T) {
	s := partnerStart(t)
	disc := func(op int, param map[string]any) apptest.Response {
		return partnerPost(t, s, "/discounts", as(2, map[string]any{"op_type": op, "param": param}))
	}
	disc(1, map[string]any{"enterprise_ID": 2, "relation_ID": 2, "goods_ID": "JD-0002", "discount": 9700}).Expect(t, http.StatusOK,
		`{"status": 0, "msg": "操作成功!", "id": 5}`)
	disc(3, map[string]any{"enterprise_ID": 2, "relation_ID": 2, "goods_ID": "JD-0002", "discount": 9650}).Expect(t, http.StatusOK,
		`{"status": 0, "msg": "操作成功!"}`)
	disc(1, map[string]any{"enterprise_ID": 2, "relation_ID": 2, "goods_ID": "*", "discount": 9000}).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "操作失败!", "reason": "数据已经存在：enterprise 2 grants relation kind 2 a discount for every goods already"}`)
	disc(1, map[string]any{"enterprise_ID": 2, "relation_ID": 1, "goods_ID": "*", "discount": 10001}).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "操作失败!", "reason": "参数错误：a discount is 1 to 10000 hundredths of a percent, got 10001"}`)
	disc(2, map[string]any{"enterprise_ID": 2, "relation_ID": 3, "goods_ID": "JD-0003"}).Expect(t, http.StatusOK,
		`{"status": 0, "msg": "操作成功!"}`)
	disc(4, map[string]any{"enterprise_ID": 2, "relation_ID": "*", "goods_ID": "*"}).Expect(t, http.StatusOK, `{"status": 0, "msg": "操作成功!",
		"pageNum": 1, "pageSize": 10, "totalRecords": 3, "currentSize": 3, "data": [
		{"id": 1, "enterprise_ID": 2, "relation_ID": 3, "relation_name": "商友", "goods_ID": "*", "goods_name": "全部商品", "discount": 9500},
		{"id": 3, "enterprise_ID": 2, "relation_ID": 2, "relation_name": "普通关系", "goods_ID": "*", "goods_name": "全部商品", "discount": 9850},
		{"id": 5, "enterprise_ID": 2, "relation_ID": 2, "relation_name": "普通关系", "goods_ID": "JD-0002", "goods_name": "空气滤清器", "discount": 9650}]}`)
}

// Interface 15: goods black and white lists (the body README documents).
func TestPartnerKeepsGoodsLists(t *testing.T) {
	s := partnerStart(t)
	list := func(op int, param map[string]any) apptest.Response {
		return partnerPost(t, s, "/goods/lists", as(2, map[string]any{"op_type": op, "param": param, "sec": "g"}))
	}
	list(1, map[string]any{"enterprise_ID": 2, "target_enterprise_ID": 4, "goods_ID": "JD-0002", "list_type": "white"}).
		Expect(t, http.StatusOK, `{"status": 0, "msg": "设置成功! ", "id": 3, "sec": "g"}`)
	list(1, map[string]any{"enterprise_ID": 2, "target_enterprise_ID": 4, "goods_ID": "JD-0002", "list_type": "grey"}).
		Expect(t, http.StatusOK, `{"status": 1, "msg": "设置失败! ", "reason": "list_type格式错误", "sec": "g"}`)
	list(4, map[string]any{"enterprise_ID": 2}).Expect(t, http.StatusOK, `{"status": 0, "msg": "操作成功!",
		"pageNum": 1, "pageSize": 10, "totalRecords": 2, "currentSize": 2, "data": [
		{"id": 1, "enterprise_ID": 2, "target_enterprise_ID": 5, "target_enterprise_name": "深圳鹏程汽配", "goods_ID": "*", "goods_name": "全部商品", "list_type": "black"},
		{"id": 3, "enterprise_ID": 2, "target_enterprise_ID": 4, "target_enterprise_name": "杭州顺风汽修厂", "goods_ID": "JD-0002", "goods_name": "空气滤清器", "list_type": "white"}], "sec": "g"}`)
	list(2, map[string]any{"enterprise_ID": 2, "target_enterprise_ID": 5, "goods_ID": "*", "list_type": "black"}).
		Expect(t, http.StatusOK, `{"status": 0, "msg": "设置成功! ", "sec": "g"}`)
	list(2, map[string]any{"enterprise_ID": 2, "target_enterprise_ID": 5, "goods_ID": "*", "list_type": "black"}).
		Expect(t, http.StatusOK, `{"status": 1, "msg": "设置失败! ", "reason": "名单记录不存在：enterprise 2's black list has no entry of enterprise 5 for every goods", "sec": "g"}`)
	list(3, map[string]any{}).Expect(t, http.StatusOK, `{"status": 1, "msg": "设置失败! ", "reason": "op_type无效", "sec": "g"}`)
}

// A partner's requests each carry the password: a checked one is believed
// for a while (no bcrypt per request, one session), but not past a sign-out
// of that session nor past the account's disabling.
func TestPartnerCredentialsAreCheckedOnceAWhile(t *testing.T) {
	s := partnerStart(t)
	query := as(3, map[string]any{"op_type": 4, "param": map[string]any{}})
	sessions := s.Rows(t, "sessions")
	// A burst at first (an ERP's first requests at once) is one sign-in:
	// one bcrypt check, one session, and no throttling of the attempts.
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if r := partnerPost(t, s, "/relations", query); !strings.Contains(r.Body, `"status":0`) {
				t.Errorf("a query of the burst failed: %s", r.Body)
			}
		})
	}
	wg.Wait()
	for range 5 {
		if r := partnerPost(t, s, "/relations", query); !strings.Contains(r.Body, `"status":0`) {
			t.Fatalf("a query failed: %s", r.Body)
		}
	}
	if n := s.Rows(t, "sessions") - sessions; n != 1 {
		t.Errorf("13 requests opened %d sessions, want 1", n)
	}

	// A GraphQL client's login opens a session of its own: its sign-out
	// leaves the partner requests' one alone.
	token := s.PartnerLogin(t, apptest.PartnerUser(3), apptest.DemoPassword)
	if r := s.GraphQL(t, token, `mutation { logout }`, nil); r.Errors != nil {
		t.Fatalf("logout: %v", r.Errors)
	}
	if r := partnerPost(t, s, "/relations", query); !strings.Contains(r.Body, `"status":0`) {
		t.Fatalf("after a GraphQL client's sign-out: %s", r.Body)
	}
	if n := s.Rows(t, "sessions") - sessions; n != 2 {
		t.Errorf("after a GraphQL client's login, %d sessions, want 2", n)
	}

	// A session ended elsewhere (another instance's sign-out, say): the
	// remembered sign-in is found stale and the password checked again.
	if _, err := s.App.DB.NewUpdate().Table("sessions").Set("revoked_at = ?", time.Now()).Where("revoked_at IS NULL").
		Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := partnerPost(t, s, "/relations", query); !strings.Contains(r.Body, `"status":0`) {
		t.Fatalf("after the session ended elsewhere: %s", r.Body)
	}
	if n := s.Rows(t, "sessions") - sessions; n != 3 {
		t.Errorf("after the session ended elsewhere, %d sessions, want 3", n)
	}

	var id string
	s.App.DB.NewSelect().Table("accounts").Column("id").Where("username = ?", apptest.PartnerUser(3)).Scan(context.Background(), &id)
	if r := s.GraphQL(t, s.AdminToken(t), `mutation($id: ID!) { setPartnerAccountActive(accountId: $id, active: false) { active } }`,
		map[string]any{"id": id}); r.Errors != nil {
		t.Fatalf("disable: %v", r.Errors)
	}
	partnerPost(t, s, "/relations", query).Expect(t, http.StatusOK,
		`{"status": 1, "msg": "用户不存在或密码不正确", "reason": "账号已停用：account \"13800000003\" is disabled"}`)
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
