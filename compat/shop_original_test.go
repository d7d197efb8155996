package compat_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
)

// /api/private/v1 answers as the shop's original server did where that
// differs from shop-admin-v2.md (issue 13, points 4 to 9); each test sends
// the same request to /api/v2 where the document's answer differs, to show
// the two apart.

const originalV1 = "/api/private/v1"

// originalStart starts a server whose clock stands still at a whole second,
// so creation and deletion times are known, and signs its admin in.
func originalStart(t *testing.T) (s *apptest.Server, admin string, now int64) {
	t.Helper()
	at := time.Now().UTC().Truncate(time.Second)
	s = apptest.New(t, func(c *app.Config) { c.Now = func() time.Time { return at } })
	return s, s.ShopLogin(t, "admin", apptest.AdminPassword), at.Unix()
}

// originalData is the data member of a shop answer, as JSON text.
func originalData(t *testing.T, r apptest.Response) string {
	t.Helper()
	var body struct{ Data json.RawMessage }
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
		t.Fatalf("not a shop answer: %s", r.Body)
	}
	return string(body.Data)
}

// Point 4 and the users' messages of point 9.
func TestShopOriginalUsers(t *testing.T) {
	s, admin, now := originalStart(t)
	user := func(id int64, rid, roleID string) string {
		return fmt.Sprintf(`{"id": %d, "username": "olga", "mobile": "139", "email": "o@x.cn", "rid": %s, "role_id": %s, "create_time": %d}`,
			id, rid, roleID, now)
	}

	r := s.Do(t, admin, http.MethodPost, originalV1+"/users", map[string]any{"username": "olga", "password": "123456", "email": "o@x.cn", "mobile": "139"})
	var created struct{ ID int64 }
	apptest.ShopData(t, r, &created)
	r.Expect(t, http.StatusOK, apptest.ShopAnswer(user(created.ID, "null", "null"), "创建成功", 201))
	path := fmt.Sprintf("/users/%d", created.ID)

	s.Do(t, admin, http.MethodGet, originalV1+path, nil).Expect(t, http.StatusOK, apptest.ShopAnswer(user(created.ID, "null", "null"), "获取成功", 200))
	s.Do(t, admin, http.MethodGet, usersShopV2+path, nil).Expect(t, http.StatusOK, apptest.ShopAnswer(
		fmt.Sprintf(`{"id": %d, "username": "olga", "mobile": "139", "email": "o@x.cn", "role_id": null}`, created.ID), "查询成功", 200))

	s.Do(t, admin, http.MethodGet, originalV1+"/users?pagenum=1&pagesize=5&query=olg", nil).Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(
		`{"total": 1, "pagenum": 1, "users": [{"id": %d, "username": "olga", "mobile": "139", "email": "o@x.cn",
		  "create_time": %d, "mg_state": true, "role_name": null}]}`, created.ID, now), "获取管理员列表成功", 200))

	// Without a role, rid reads -1; with one, its id, a number.
	state := func(id int64, rid string) string {
		return fmt.Sprintf(`{"id": %d, "username": "olga", "mobile": "139", "email": "o@x.cn", "rid": %s, "mg_state": 0}`, id, rid)
	}
	s.Do(t, admin, http.MethodPut, originalV1+path+"/state/false", nil).Expect(t, http.StatusOK, apptest.ShopAnswer(state(created.ID, "-1"), "设置状态成功", 200))
	s.Do(t, admin, http.MethodPut, usersShopV2+path+"/state/false", nil).Expect(t, http.StatusOK, apptest.ShopAnswer(state(created.ID, "null"), "设置状态成功", 200))
	role := usersShopCreateRole(t, s, admin, "客服", "")
	s.Do(t, admin, http.MethodPut, originalV1+path+"/role", map[string]any{"rid": role})
	s.Do(t, admin, http.MethodPut, originalV1+path+"/state/false", nil).Expect(t, http.StatusOK,
		apptest.ShopAnswer(state(created.ID, fmt.Sprint(role)), "设置状态成功", 200))
	r = s.Do(t, admin, http.MethodGet, originalV1+path, nil)
	r.Expect(t, http.StatusOK, apptest.ShopAnswer(user(created.ID, fmt.Sprint(role), fmt.Sprint(role)), "获取成功", 200))

	// The built-in admin, in the original's words.
	for _, tc := range []struct{ method, path, v1, v2 string }{
		{http.MethodPut, "/users/1/state/false", "不允许修改admin账户", "不允许禁用超级管理员"},
		{http.MethodPut, "/users/1/role", "不允许修改admin账户", "不允许修改超级管理员的角色"},
		{http.MethodDelete, "/users/1", "不允许删除admin账户", "不允许删除超级管理员"},
	} {
		body := map[string]any{"rid": role}
		s.Do(t, admin, tc.method, originalV1+tc.path, body).Expect(t, http.StatusOK, apptest.ShopFailure(400, tc.v1))
		s.Do(t, admin, tc.method, usersShopV2+tc.path, body).Expect(t, http.StatusOK, apptest.ShopFailure(400, tc.v2))
	}

	// An account without a shop role may not sign in; the original said so
	// in words of its own, at its own base path only.
	s.CreateAccount(t, "nora", "123456", "SHOP", true)
	signIn := map[string]any{"username": "nora", "password": "123456"}
	s.Do(t, "", http.MethodPost, originalV1+"/login", signIn).Expect(t, http.StatusOK, apptest.ShopFailure(400, "该用户没有权限登录"))
	s.Do(t, "", http.MethodPost, usersShopV2+"/login", signIn).Expect(t, http.StatusOK, apptest.ShopFailure(400, "该用户没有分配角色，无法登录"))

	// Not kept from the original: a message that tells which accounts
	// exist, sign-in by GET (the password in the URL), "查询执行出错" for a
	// malformed page number.
	for _, who := range []string{"admin", "nobody"} {
		s.Do(t, "", http.MethodPost, originalV1+"/login", map[string]any{"username": who, "password": "wrong"}).
			Expect(t, http.StatusOK, apptest.ShopFailure(400, "用户名或密码错误"))
	}
	s.Do(t, "", http.MethodGet, originalV1+"/login?username=admin&password="+apptest.AdminPassword, nil).
		Expect(t, http.StatusOK, apptest.ShopFailure(400, "无效token"))
	s.Do(t, admin, http.MethodGet, originalV1+"/users?pagenum=abc&pagesize=5", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "pagenum 参数错误"))
}

// Point 6 (menus, roles), the rights and roles messages of point 9 and the
// revoke of point 7.
func TestShopOriginalRightsAndRoles(t *testing.T) {
	s, admin, _ := originalStart(t)
	s.Do(t, admin, http.MethodGet, originalV1+"/rights/all", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "显示类型参数错误"))
	s.Do(t, admin, http.MethodGet, usersShopV2+"/rights/all", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "type 参数错误"))

	role := usersShopCreateRole(t, s, admin, "订单员", "管订单")
	s.Do(t, admin, http.MethodPost, fmt.Sprintf("%s/roles/%d/rights", originalV1, role), map[string]any{"rids": "102,107,109,154,145"})
	id, _ := usersShopCreateUser(t, s, admin, "olga")
	s.Do(t, admin, http.MethodPut, fmt.Sprintf("%s/users/%d/role", originalV1, id), map[string]any{"rid": role})
	olga := s.ShopLogin(t, "olga", "123456")

	// Every menu carries its order, null where the original had none.
	s.Do(t, olga, http.MethodGet, originalV1+"/menus", nil).Expect(t, http.StatusOK, apptest.ShopAnswer(`[
		{"id": 102, "authName": "订单管理", "path": "orders", "order": 4,
		 "children": [{"id": 107, "authName": "订单列表", "path": "orders", "order": null, "children": []}]},
		{"id": 145, "authName": "数据统计", "path": "reports", "order": 5, "children": []}]`, "获取菜单列表成功", 200))

	// rolePermissionDesc: the service calls the role's rights guard.
	path := fmt.Sprintf("/roles/%d", role)
	s.Do(t, admin, http.MethodGet, originalV1+path, nil).Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(
		`{"roleId": %d, "roleName": "订单员", "roleDesc": "管订单",
		  "rolePermissionDesc": "OrderService.getAllOrders,OrderService.createOrder,OrderService.updateOrder"}`, role), "获取成功", 200))
	s.Do(t, admin, http.MethodGet, usersShopV2+path, nil).Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(
		`{"roleId": %d, "roleName": "订单员", "roleDesc": "管订单"}`, role), "获取成功", 200))
	s.Do(t, admin, http.MethodGet, originalV1+"/roles/999999", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "获取角色详情失败"))
	s.Do(t, admin, http.MethodGet, usersShopV2+"/roles/999999", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "角色不存在"))

	// Revoking a right the role does not hold takes nothing away.
	s.Do(t, admin, http.MethodDelete, originalV1+path+"/rights/105", nil).Expect(t, http.StatusOK, apptest.ShopAnswer(`[
		{"id": 102, "authName": "订单管理", "path": "orders", "children": [
			{"id": 107, "authName": "订单列表", "path": "orders", "children": [
				{"id": 109, "authName": "添加订单", "path": "orders"}, {"id": 154, "authName": "订单更新", "path": "orders"}]}]},
		{"id": 145, "authName": "数据统计", "path": "reports", "children": []}]`, "取消权限成功", 200))

	// A role delete that fails says only that, whatever the reason: the
	// role is in use, the built-in one, unknown, or above the caller's.
	deputy := usersShopCreateRole(t, s, admin, "副管理员", "")
	s.Do(t, admin, http.MethodPost, fmt.Sprintf("%s/roles/%d/rights", originalV1, deputy), map[string]any{"rids": "103,111,130"})
	dan, _ := usersShopCreateUser(t, s, admin, "dan")
	s.Do(t, admin, http.MethodPut, fmt.Sprintf("%s/users/%d/role", originalV1, dan), map[string]any{"rid": deputy})
	s.Do(t, s.ShopLogin(t, "dan", "123456"), http.MethodDelete, originalV1+path, nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "删除失败"))
	for _, p := range []string{path, "/roles/0", "/roles/999999"} {
		s.Do(t, admin, http.MethodDelete, originalV1+p, nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "删除失败"))
	}
	s.Do(t, admin, http.MethodDelete, usersShopV2+path, nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "该角色下还有用户，不能删除"))
}

// Point 6 (categories, attributes) and the catalog's messages of point 9.
func TestShopOriginalCatalog(t *testing.T) {
	s, admin, _ := originalStart(t)
	r := s.Do(t, admin, http.MethodPost, originalV1+"/categories", map[string]any{"cat_pid": 0, "cat_name": "家电", "cat_level": 0})
	var created struct {
		ID int64 `json:"cat_id"`
	}
	apptest.ShopData(t, r, &created)
	category := func(name string, deleted bool) string {
		return fmt.Sprintf(`{"cat_id": %d, "cat_name": %q, "cat_pid": 0, "cat_level": 0, "cat_deleted": %v}`, created.ID, name, deleted)
	}
	r.Expect(t, http.StatusOK, apptest.ShopAnswer(category("家电", false), "创建成功", 201))
	path := fmt.Sprintf("/categories/%d", created.ID)
	s.Do(t, admin, http.MethodPut, originalV1+path, map[string]any{"cat_name": "大家电"}).Expect(t, http.StatusOK,
		apptest.ShopAnswer(category("大家电", false), "更新成功", 200))
	s.Do(t, admin, http.MethodGet, originalV1+path, nil).Expect(t, http.StatusOK, apptest.ShopAnswer(category("大家电", false), "获取成功", 200))
	s.Do(t, admin, http.MethodGet, usersShopV2+path, nil).Expect(t, http.StatusOK, apptest.ShopAnswer(
		fmt.Sprintf(`{"cat_id": %d, "cat_name": "大家电", "cat_pid": 0, "cat_level": 0}`, created.ID), "获取成功", 200))

	noName := map[string]any{"cat_pid": 0, "cat_level": 0}
	s.Do(t, admin, http.MethodPost, originalV1+"/categories", noName).Expect(t, http.StatusOK, apptest.ShopFailure(400, "必须提供分类名称"))
	s.Do(t, admin, http.MethodPost, usersShopV2+"/categories", noName).Expect(t, http.StatusOK, apptest.ShopFailure(400, "分类名称不能为空"))
	s.Do(t, admin, http.MethodGet, originalV1+"/categories/999999", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "获取分类对象失败"))
	s.Do(t, admin, http.MethodGet, usersShopV2+"/categories/999999", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "分类不存在"))

	// Attributes carry delete_time, null: a deleted one is gone for good.
	attrs := originalV1 + path + "/attributes"
	r = s.Do(t, admin, http.MethodPost, attrs, map[string]any{"attr_name": "颜色", "attr_sel": "many", "attr_vals": "红 白"})
	var attr struct {
		ID int64 `json:"attr_id"`
	}
	apptest.ShopData(t, r, &attr)
	row := func(vals string) string {
		return fmt.Sprintf(`{"attr_id": %d, "attr_name": "颜色", "cat_id": %d, "attr_sel": "many", "attr_write": "list",
			"attr_vals": %q, "delete_time": null}`, attr.ID, created.ID, vals)
	}
	r.Expect(t, http.StatusOK, apptest.ShopAnswer(row("红 白"), "创建成功", 201))
	one := fmt.Sprintf("%s/%d", attrs, attr.ID)
	s.Do(t, admin, http.MethodPut, one, map[string]any{"attr_name": "颜色", "attr_sel": "many", "attr_vals": "黑"}).
		Expect(t, http.StatusOK, apptest.ShopAnswer(row("黑"), "更新成功", 200))
	s.Do(t, admin, http.MethodGet, one, nil).Expect(t, http.StatusOK, apptest.ShopAnswer(row("黑"), "获取成功", 200))
	s.Do(t, admin, http.MethodGet, attrs+"?sel=many", nil).Expect(t, http.StatusOK, apptest.ShopAnswer("["+row("黑")+"]", "获取成功", 200))

	for _, q := range []string{"", "?sel=all"} {
		s.Do(t, admin, http.MethodGet, attrs+q, nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "属性类型必须设置"))
		s.Do(t, admin, http.MethodGet, usersShopV2+path+"/attributes"+q, nil).Expect(t, http.StatusOK,
			apptest.ShopFailure(400, "sel 参数错误，应为 many 或 only"))
	}
	badSel := map[string]any{"attr_name": "尺寸", "attr_sel": "some"}
	s.Do(t, admin, http.MethodPost, attrs, badSel).Expect(t, http.StatusOK, apptest.ShopFailure(400, "参数 attr_sel 类型必须为 only 或 many"))
	s.Do(t, admin, http.MethodPut, one, badSel).Expect(t, http.StatusOK, apptest.ShopFailure(400, "参数 attr_sel 类型必须为 only 或 many"))
	s.Do(t, admin, http.MethodPost, usersShopV2+path+"/attributes", badSel).Expect(t, http.StatusOK,
		apptest.ShopFailure(400, "attr_sel 参数错误，应为 many 或 only"))

	// A deleted category reads with cat_deleted true.
	s.Do(t, admin, http.MethodDelete, originalV1+path, nil).Expect(t, http.StatusOK, apptest.ShopFailure(200, "删除成功"))
	s.Do(t, admin, http.MethodGet, originalV1+path, nil).Expect(t, http.StatusOK, apptest.ShopAnswer(category("大家电", true), "获取成功", 200))
}

// Point 5 and the goods' message of point 9.
func TestShopOriginalGoods(t *testing.T) {
	s, admin, now := originalStart(t)
	c := goodsShopSetup(t, s, admin)
	ids := strings.Split(c.cat, ",")
	r := s.Do(t, admin, http.MethodPost, originalV1+"/goods", map[string]any{
		"goods_name": "电视机", "goods_cat": c.cat, "goods_price": 1999, "goods_number": 5, "goods_weight": 20})
	var created struct {
		ID int64 `json:"goods_id"`
	}
	apptest.ShopData(t, r, &created)
	// The goods' own members, as every answer of the original carried them.
	goods := func(name, deleted, deleteTime string) string {
		return fmt.Sprintf(`"goods_id": %d, "goods_name": %q, "goods_price": 1999, "goods_number": 5, "goods_weight": 20,
			"goods_state": 1, "add_time": %d, "upd_time": %d, "hot_mumber": 0, "is_promote": false,
			"cat_id": %s, "cat_one_id": %s, "cat_two_id": %s, "cat_three_id": %s, "is_del": %q, "delete_time": %s`,
			created.ID, name, now, now, ids[2], ids[0], ids[1], ids[2], deleted, deleteTime)
	}
	detail := func(name, deleted, deleteTime, extra string) string {
		return fmt.Sprintf(`{%s, "goods_introduce": "", "goods_big_logo": "", "goods_small_logo": "", "pics": [], "attrs": [] %s}`,
			goods(name, deleted, deleteTime), extra)
	}
	goodsCat := fmt.Sprintf(`, "goods_cat": %q`, c.cat)
	r.Expect(t, http.StatusOK, apptest.ShopAnswer(detail("电视机", "0", "null", goodsCat), "创建商品成功", 201))

	path := fmt.Sprintf("/goods/%d", created.ID)
	s.Do(t, admin, http.MethodPut, originalV1+path, map[string]any{"goods_name": "曲面电视机", "goods_price": 1999, "goods_number": 5, "goods_weight": 20}).
		Expect(t, http.StatusOK, apptest.ShopAnswer(detail("曲面电视机", "0", "null", ""), "更新商品成功", 200))
	s.Do(t, admin, http.MethodGet, originalV1+path, nil).Expect(t, http.StatusOK,
		apptest.ShopAnswer(detail("曲面电视机", "0", "null", goodsCat), "获取成功", 200))
	s.Do(t, admin, http.MethodGet, originalV1+"/goods?pagenum=1&pagesize=10", nil).Expect(t, http.StatusOK, apptest.ShopAnswer(
		fmt.Sprintf(`{"total": 1, "pagenum": "1", "goods": [{%s}]}`, goods("曲面电视机", "0", "null")), "获取成功", 200))

	// After a delete the goods read as deleted, and when.
	s.Do(t, admin, http.MethodDelete, originalV1+path, nil).Expect(t, http.StatusOK, apptest.ShopFailure(200, "删除成功"))
	s.Do(t, admin, http.MethodGet, originalV1+path, nil).Expect(t, http.StatusOK,
		apptest.ShopAnswer(detail("曲面电视机", "1", fmt.Sprint(now), goodsCat), "获取成功", 200))

	s.Do(t, admin, http.MethodGet, originalV1+"/goods/999999", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "获取商品基本信息失败"))
	s.Do(t, admin, http.MethodGet, usersShopV2+"/goods/999999", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "商品不存在"))
}

// Point 7 (orders) and the orders' message of point 9.
func TestShopOriginalOrders(t *testing.T) {
	s, admin, _ := originalStart(t)
	id, _, _ := ordersShopDoc67(t, s)
	path := fmt.Sprintf("/orders/%d", id)

	r := s.Do(t, admin, http.MethodPut, originalV1+path, map[string]any{"is_send": "是"})
	read := s.Do(t, admin, http.MethodGet, originalV1+path, nil)
	r.Expect(t, http.StatusOK, apptest.ShopAnswer(originalData(t, read), "更新订单成功", 201))
	read.Expect(t, http.StatusOK, apptest.ShopAnswer(originalData(t, r), "获取成功", 200))
	if !strings.Contains(read.Body, `"is_send":"是"`) {
		t.Errorf("the update did not take: %s", read.Body)
	}
	s.Do(t, admin, http.MethodPut, usersShopV2+path, map[string]any{"is_send": "否"}).Expect(t, http.StatusOK,
		apptest.ShopAnswer(originalData(t, s.Do(t, admin, http.MethodGet, usersShopV2+path, nil)), "获取成功", 200))

	for _, q := range []string{"", "?pagesize=10", "?pagenum=0&pagesize=10"} {
		s.Do(t, admin, http.MethodGet, originalV1+"/orders"+q, nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "pagenum 参数错误"))
	}
	s.Do(t, admin, http.MethodGet, originalV1+"/orders?pagenum=1", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "pagesize 参数错误"))
	if r := s.Do(t, admin, http.MethodGet, usersShopV2+"/orders", nil); !strings.Contains(r.Body, `"total":1`) {
		t.Errorf("/api/v2 without a page lists every order: %s", r.Body)
	}

	s.Do(t, admin, http.MethodGet, originalV1+"/orders/999999", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "获取订单详情失败"))
	s.Do(t, admin, http.MethodGet, usersShopV2+"/orders/999999", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "订单不存在"))
}

// Point 8: a path no route serves.
func TestShopOriginalUnknownRoutes(t *testing.T) {
	s, admin, _ := originalStart(t)
	notFound := apptest.ShopFailure(404, "Not Found")
	for _, tc := range []struct {
		token, method, path string
		status              int
		want                string
	}{
		// Under the original's base path the token is checked first; the
		// answer's HTTP status is 200, as every answer there.
		{"", http.MethodGet, originalV1 + "/nothing", http.StatusOK, apptest.ShopFailure(400, "无效token")},
		{"Bearer nonsense", http.MethodGet, originalV1 + "/nothing", http.StatusOK, apptest.ShopFailure(400, "无效token")},
		{admin, http.MethodGet, originalV1 + "/nothing", http.StatusOK, notFound},
		{admin, http.MethodPatch, originalV1 + "/users", http.StatusOK, notFound},
		// Anywhere else the same JSON with its HTTP status, never Go's text.
		{"", http.MethodGet, "/nothing", http.StatusNotFound, notFound},
		{admin, http.MethodGet, "/api/nothing", http.StatusNotFound, notFound},
		{"", http.MethodGet, "/api/mgr/nothing", http.StatusNotFound, notFound},
		{"", http.MethodGet, "/uploads/goodspics/nothing.png", http.StatusNotFound, notFound},
		{"", http.MethodGet, "/tmp_uploads/", http.StatusNotFound, notFound},
		{"", http.MethodPost, "/healthz", http.StatusMethodNotAllowed, apptest.ShopFailure(405, "Method Not Allowed")},
		// /api/v2 keeps its own answer.
		{"", http.MethodGet, usersShopV2 + "/nothing", http.StatusOK, apptest.ShopFailure(404, "接口不存在")},
	} {
		r := s.Do(t, tc.token, tc.method, tc.path, nil)
		r.Expect(t, tc.status, tc.want)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s %s: Content-Type %q", tc.method, tc.path, ct)
		}
	}
}
