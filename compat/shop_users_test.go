package compat_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/onegraph/server/apptest"
)

// Login, users, rights, menus and roles of the shop back office, checked
// against shop-admin-v2.md 二 to 五: every example answer, with the real ids
// and times in place of the document's.

const usersShopV2 = "/api/v2"

var usersShopTimeRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

// usersShopTime checks a legacy time ("2020-11-09T20:36:26.000Z") and
// returns it.
func usersShopTime(t *testing.T, s string) string {
	t.Helper()
	if !usersShopTimeRE.MatchString(s) {
		t.Errorf("time %q is not like 2020-11-09T20:36:26.000Z", s)
	}
	return s
}

// usersShopStart starts a server and signs the built-in admin in.
func usersShopStart(t *testing.T) (*apptest.Server, string) {
	t.Helper()
	s := apptest.New(t)
	return s, s.ShopLogin(t, "admin", apptest.AdminPassword)
}

// usersShopCreateUser adds a user through POST users and returns its id
// and creation time.
func usersShopCreateUser(t *testing.T, s *apptest.Server, token, username string) (int64, string) {
	t.Helper()
	r := s.Do(t, token, http.MethodPost, usersShopV2+"/users", map[string]any{"username": username, "password": "123456"})
	var v struct {
		ID         int64  `json:"id"`
		CreateTime string `json:"create_time"`
	}
	apptest.ShopData(t, r, &v)
	return v.ID, v.CreateTime
}

// usersShopCreateRole adds a role through POST roles and returns its id.
func usersShopCreateRole(t *testing.T, s *apptest.Server, token, name, desc string) int64 {
	t.Helper()
	r := s.Do(t, token, http.MethodPost, usersShopV2+"/roles", map[string]any{"roleName": name, "roleDesc": desc})
	var v struct {
		RoleID int64 `json:"roleId"`
	}
	apptest.ShopData(t, r, &v)
	r.Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(`{"roleId": %d, "roleName": %q, "roleDesc": %q}`, v.RoleID, name, desc), "创建成功", 201))
	return v.RoleID
}

func TestShopLogin(t *testing.T) {
	s := apptest.New(t)
	for _, base := range []string{usersShopV2, "/api/private/v1"} {
		r := s.Do(t, "", http.MethodPost, base+"/login", map[string]any{"username": "admin", "password": apptest.AdminPassword})
		var v struct {
			Token string `json:"token"`
		}
		apptest.ShopData(t, r, &v)
		if !strings.HasPrefix(v.Token, "Bearer ey") {
			t.Errorf("token %q is not a bearer JWT", v.Token)
		}
		r.Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(`{"id": 1, "rid": 0, "username": "admin", "mobile": "", "email": "", "token": %q}`, v.Token), "登录成功", 200))
		// The token works as it comes.
		s.Do(t, v.Token, http.MethodGet, usersShopV2+"/roles/0", nil).Expect(t, http.StatusOK,
			apptest.ShopAnswer(`{"roleId": 0, "roleName": "超级管理员", "roleDesc": "拥有全部权限"}`, "获取成功", 200))
	}

	login := func(body any) apptest.Response {
		return s.Do(t, "", http.MethodPost, usersShopV2+"/login", body)
	}
	login(map[string]any{"username": "admin", "password": "wrong"}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "用户名或密码错误"))
	login(map[string]any{"username": "nobody", "password": "wrong"}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "用户名或密码错误"))
	login(map[string]any{"username": "admin"}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "用户名和密码不能为空"))
	login("{not json").Expect(t, http.StatusOK, apptest.ShopFailure(400, "请求体格式错误，应为JSON"))

	// A user without a role, or disabled, stays out.
	admin := s.ShopLogin(t, "admin", apptest.AdminPassword)
	id, _ := usersShopCreateUser(t, s, admin, "tom")
	login(map[string]any{"username": "tom", "password": "123456"}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "该用户没有分配角色，无法登录"))
	role := usersShopCreateRole(t, s, admin, "主管", "")
	s.Do(t, admin, http.MethodPut, fmt.Sprintf("%s/users/%d/role", usersShopV2, id), map[string]any{"rid": role})
	r := login(map[string]any{"username": "tom", "password": "123456"})
	var v struct {
		Token string `json:"token"`
	}
	apptest.ShopData(t, r, &v)
	r.Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(`{"id": %d, "rid": %d, "username": "tom", "mobile": "", "email": "", "token": %q}`, id, role, v.Token), "登录成功", 200))
	s.Do(t, admin, http.MethodPut, fmt.Sprintf("%s/users/%d/state/false", usersShopV2, id), nil)
	login(map[string]any{"username": "tom", "password": "123456"}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "该用户已被禁用"))
	// Its open session ends with it.
	s.Do(t, v.Token, http.MethodGet, usersShopV2+"/menus", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "无效token"))

	// Without a token, or with a bad one.
	s.Do(t, "", http.MethodGet, usersShopV2+"/users?pagenum=1&pagesize=1", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "无效token"))
	s.Do(t, "Bearer nonsense", http.MethodGet, usersShopV2+"/roles", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "无效token"))
}

func TestShopUsersLegacy(t *testing.T) {
	s, admin := usersShopStart(t)
	users := usersShopV2 + "/users"

	// 2. 添加用户
	r := s.Do(t, admin, http.MethodPost, users, map[string]any{"username": "tom", "password": "123456", "email": "test@test.com", "mobile": "test"})
	var tom struct {
		ID         int64  `json:"id"`
		CreateTime string `json:"create_time"`
	}
	apptest.ShopData(t, r, &tom)
	r.Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(`{"id": %d, "rid": null, "username": "tom", "mobile": "test", "email": "test@test.com",
		"create_time": %q}`, tom.ID, usersShopTime(t, tom.CreateTime)), "用户创建成功", 201))
	s.Do(t, admin, http.MethodPost, users, map[string]any{"username": "tom", "password": "x"}).
		Expect(t, http.StatusOK, apptest.ShopFailure(400, "用户名已存在"))
	s.Do(t, admin, http.MethodPost, users, map[string]any{"username": "ann"}).
		Expect(t, http.StatusOK, apptest.ShopFailure(400, "密码不能为空"))
	s.Do(t, admin, http.MethodPost, users, map[string]any{"password": "x"}).
		Expect(t, http.StatusOK, apptest.ShopFailure(400, "用户名不能为空"))
	s.Do(t, admin, http.MethodPost, users, map[string]any{"username": "ann", "password": "x", "email": 5}).
		Expect(t, http.StatusOK, apptest.ShopFailure(400, "email 必须是字符串"))

	// 1. 用户数据列表
	r = s.Do(t, admin, http.MethodGet, users+"?query=&pagenum=1&pagesize=2", nil)
	var list struct {
		Users []struct {
			CreateTime string `json:"create_time"`
		} `json:"users"`
	}
	apptest.ShopData(t, r, &list)
	if len(list.Users) != 2 {
		t.Fatalf("users: %s", r.Body)
	}
	r.Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(`{"total": 2, "pagenum": 1, "users": [
		{"id": 1, "username": "admin", "mobile": "", "email": "", "create_time": %q, "mg_state": true, "role_name": "超级管理员"},
		{"id": %d, "username": "tom", "mobile": "test", "email": "test@test.com", "create_time": %q, "mg_state": true, "role_name": null}]}`,
		usersShopTime(t, list.Users[0].CreateTime), tom.ID, tom.CreateTime), "获取成功", 200))
	s.Do(t, admin, http.MethodGet, users+"?query=TO&pagenum=1&pagesize=5", nil).Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(`{"total": 1, "pagenum": 1, "users": [
		{"id": %d, "username": "tom", "mobile": "test", "email": "test@test.com", "create_time": %q, "mg_state": true, "role_name": null}]}`,
		tom.ID, tom.CreateTime), "获取成功", 200))
	s.Do(t, admin, http.MethodGet, users+"?query=tom&pagenum=2&pagesize=5", nil).
		Expect(t, http.StatusOK, apptest.ShopAnswer(`{"total": 1, "pagenum": 2, "users": []}`, "获取成功", 200))
	s.Do(t, admin, http.MethodGet, users+"?pagesize=5", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "pagenum 参数错误"))
	s.Do(t, admin, http.MethodGet, users+"?pagenum=1", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "pagesize 参数错误"))

	// 3. 修改用户状态
	tomURL := fmt.Sprintf("%s/%d", users, tom.ID)
	s.Do(t, admin, http.MethodPut, tomURL+"/state/false", nil).Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(
		`{"id": %d, "rid": null, "username": "tom", "mobile": "test", "email": "test@test.com", "mg_state": 0}`, tom.ID), "设置状态成功", 200))
	s.Do(t, admin, http.MethodPut, tomURL+"/state/true", nil).Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(
		`{"id": %d, "rid": null, "username": "tom", "mobile": "test", "email": "test@test.com", "mg_state": 1}`, tom.ID), "设置状态成功", 200))
	s.Do(t, admin, http.MethodPut, tomURL+"/state/maybe", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "type 参数错误，应为 true 或 false"))
	s.Do(t, admin, http.MethodPut, users+"/x/state/true", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "用户ID必须是数字"))
	s.Do(t, admin, http.MethodPut, users+"/999/state/true", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "用户不存在"))
	s.Do(t, admin, http.MethodPut, users+"/1/state/false", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "不允许禁用超级管理员"))

	// 4. 根据 ID 查询用户信息
	s.Do(t, admin, http.MethodGet, tomURL, nil).Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(
		`{"id": %d, "username": "tom", "role_id": null, "mobile": "test", "email": "test@test.com"}`, tom.ID), "查询成功", 200))
	s.Do(t, admin, http.MethodGet, users+"/1", nil).Expect(t, http.StatusOK, apptest.ShopAnswer(
		`{"id": 1, "username": "admin", "role_id": 0, "mobile": "", "email": ""}`, "查询成功", 200))
	s.Do(t, admin, http.MethodGet, users+"/999", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "用户不存在"))
	s.Do(t, admin, http.MethodGet, users+"/abc", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "用户ID必须是数字"))

	// 5. 编辑提交用户
	s.Do(t, admin, http.MethodPut, tomURL, map[string]any{"email": "123@123.com", "mobile": "111"}).Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(
		`{"id": %d, "username": "tom", "role_id": null, "mobile": "111", "email": "123@123.com"}`, tom.ID), "更新成功", 200))
	s.Do(t, admin, http.MethodPut, tomURL, map[string]any{"mobile": "222"}).Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(
		`{"id": %d, "username": "tom", "role_id": null, "mobile": "222", "email": "123@123.com"}`, tom.ID), "更新成功", 200))
	s.Do(t, admin, http.MethodPut, users+"/999", map[string]any{"mobile": "1"}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "用户不存在"))

	// 7. 分配用户角色
	role := usersShopCreateRole(t, s, admin, "主管", "技术负责人")
	s.Do(t, admin, http.MethodPut, tomURL+"/role", map[string]any{"rid": role}).Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(
		`{"id": %d, "rid": "%d", "username": "tom", "mobile": "222", "email": "123@123.com"}`, tom.ID, role), "设置角色成功", 200))
	s.Do(t, admin, http.MethodPut, tomURL+"/role", map[string]any{"rid": fmt.Sprint(role)}).Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(
		`{"id": %d, "rid": "%d", "username": "tom", "mobile": "222", "email": "123@123.com"}`, tom.ID, role), "设置角色成功", 200))
	s.Do(t, admin, http.MethodGet, users+"?query=tom&pagenum=1&pagesize=5", nil).Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(`{"total": 1, "pagenum": 1, "users": [
		{"id": %d, "username": "tom", "mobile": "222", "email": "123@123.com", "create_time": %q, "mg_state": true, "role_name": "主管"}]}`,
		tom.ID, tom.CreateTime), "获取成功", 200))
	s.Do(t, admin, http.MethodPut, tomURL+"/role", map[string]any{"rid": 999}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "角色不存在"))
	s.Do(t, admin, http.MethodPut, tomURL+"/role", map[string]any{}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "角色ID必须是数字"))
	s.Do(t, admin, http.MethodPut, users+"/1/role", map[string]any{"rid": role}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "不允许修改超级管理员的角色"))

	// 6. 删除单个用户
	s.Do(t, admin, http.MethodDelete, users+"/1", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "不允许删除超级管理员"))
	s.Do(t, admin, http.MethodDelete, tomURL, nil).Expect(t, http.StatusOK, apptest.ShopFailure(200, "删除成功"))
	s.Do(t, admin, http.MethodDelete, tomURL, nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "用户不存在"))
	s.Do(t, admin, http.MethodDelete, users+"/x", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "用户ID必须是数字"))
}

// usersShopLeaf and usersShopNode write rights/tree nodes.
func usersShopLeaf(id int, name, path, pid string) string {
	return fmt.Sprintf(`{"id": %d, "authName": %q, "path": %q, "pid": %q}`, id, name, path, pid)
}

func usersShopNode(id int, name, path string, pid int, children ...string) string {
	return fmt.Sprintf(`{"id": %d, "authName": %q, "path": %q, "pid": %d, "children": [%s]}`, id, name, path, pid, strings.Join(children, ","))
}

func TestShopRightsLegacy(t *testing.T) {
	s, admin := usersShopStart(t)

	// type=list: level as a string, pid 0 at the top.
	r := s.Do(t, admin, http.MethodGet, usersShopV2+"/rights/list", nil)
	var list []json.RawMessage
	apptest.ShopData(t, r, &list)
	if len(list) != 48 {
		t.Fatalf("%d rights, want 48", len(list))
	}
	apptest.EqualJSON(t, string(list[0]), `{"id": 101, "authName": "商品管理", "level": "0", "pid": 0, "path": "goods"}`)
	apptest.EqualJSON(t, string(list[1]), `{"id": 102, "authName": "订单管理", "level": "0", "pid": 0, "path": "orders"}`)
	apptest.EqualJSON(t, string(list[5]), `{"id": 104, "authName": "商品列表", "level": "1", "pid": 101, "path": "goods"}`)
	apptest.EqualJSON(t, string(list[47]), `{"id": 159, "authName": "设置管理状态", "level": "2", "pid": 110, "path": "users"}`)
	if !strings.Contains(r.Body, `"meta":{"msg":"获取权限列表成功","status":200}`) {
		t.Errorf("meta of %s", r.Body)
	}

	// type=tree: the last level has no children and its pid is the chain
	// of its ancestors.
	r = s.Do(t, admin, http.MethodGet, usersShopV2+"/rights/tree", nil)
	var tree []json.RawMessage
	apptest.ShopData(t, r, &tree)
	if len(tree) != 5 {
		t.Fatalf("%d groups, want 5: %s", len(tree), r.Body)
	}
	apptest.EqualJSON(t, string(tree[0]), usersShopNode(101, "商品管理", "goods", 0,
		usersShopNode(104, "商品列表", "goods", 101,
			usersShopLeaf(105, "添加商品", "goods", "104,101"),
			usersShopLeaf(116, "商品修改", "goods", "104,101"),
			usersShopLeaf(117, "商品删除", "goods", "104,101"),
			usersShopLeaf(150, "更新商品图片", "goods", "104,101"),
			usersShopLeaf(151, "更新商品属性", "goods", "104,101"),
			usersShopLeaf(152, "更新商品状态", "goods", "104,101"),
			usersShopLeaf(153, "获取商品详情", "goods", "104,101")),
		usersShopNode(115, "分类参数", "params", 101,
			usersShopLeaf(142, "获取参数列表", "categories", "115,101"),
			usersShopLeaf(143, "创建商品参数", "categories", "115,101"),
			usersShopLeaf(144, "删除商品参数", "categories", "115,101")),
		usersShopNode(121, "商品分类", "categories", 101,
			usersShopLeaf(122, "添加分类", "categories", "121,101"),
			usersShopLeaf(123, "删除分类", "categories", "121,101"),
			usersShopLeaf(149, "获取分类详情", "categories", "121,101")),
		usersShopLeaf(156, "分类参数添加", "categories", "101"),
		usersShopLeaf(157, "分类参数删除", "categories", "101"),
		usersShopLeaf(158, "分类参数详情", "categories", "101")))
	apptest.EqualJSON(t, string(tree[4]), usersShopNode(145, "数据统计", "reports", 0,
		usersShopNode(146, "数据报表", "reports", 145, usersShopLeaf(148, "查看数据", "reports", "146,145"))))

	s.Do(t, admin, http.MethodGet, usersShopV2+"/rights/all", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "type 参数错误"))
}

// usersShopMenu writes a menu group; pages have children [].
func usersShopMenu(id int, name, path string, pages ...string) string {
	for i, p := range pages {
		var id int
		var name, path string
		fmt.Sscanf(p, "%d %s %s", &id, &name, &path)
		pages[i] = fmt.Sprintf(`{"id": %d, "authName": %q, "path": %q, "children": []}`, id, name, path)
	}
	return fmt.Sprintf(`{"id": %d, "authName": %q, "path": %q, "children": [%s]}`, id, name, path, strings.Join(pages, ","))
}

func TestShopMenusLegacy(t *testing.T) {
	s, admin := usersShopStart(t)

	// Every group, by the original sort order, with its pages.
	s.Do(t, admin, http.MethodGet, usersShopV2+"/menus", nil).Expect(t, http.StatusOK, apptest.ShopAnswer("["+strings.Join([]string{
		usersShopMenu(125, "用户管理", "users", "110 用户列表 users"),
		usersShopMenu(103, "权限管理", "rights", "111 角色列表 roles", "112 权限列表 rights"),
		usersShopMenu(101, "商品管理", "goods", "104 商品列表 goods", "115 分类参数 params", "121 商品分类 categories"),
		usersShopMenu(102, "订单管理", "orders", "107 订单列表 orders"),
		usersShopMenu(145, "数据统计", "reports", "146 数据报表 reports"),
	}, ",")+"]", "获取菜单列表成功", 200))

	// A role's menu: what it holds.
	role := usersShopCreateRole(t, s, admin, "订单员", "")
	s.Do(t, admin, http.MethodPost, fmt.Sprintf("%s/roles/%d/rights", usersShopV2, role), map[string]any{"rids": "102,107,109,145"})
	id, _ := usersShopCreateUser(t, s, admin, "olga")
	s.Do(t, admin, http.MethodPut, fmt.Sprintf("%s/users/%d/role", usersShopV2, id), map[string]any{"rid": role})
	olga := s.ShopLogin(t, "olga", "123456")
	s.Do(t, olga, http.MethodGet, usersShopV2+"/menus", nil).Expect(t, http.StatusOK, apptest.ShopAnswer("["+
		usersShopMenu(102, "订单管理", "orders", "107 订单列表 orders")+","+usersShopMenu(145, "数据统计", "reports")+"]", "获取菜单列表成功", 200))
}

// usersShopStripPid turns rights/tree nodes into roles nodes (no pid).
func usersShopStripPid(nodes []map[string]any) []map[string]any {
	for _, n := range nodes {
		delete(n, "pid")
		if c, ok := n["children"].([]any); ok {
			kids := make([]map[string]any, len(c))
			for i, k := range c {
				kids[i] = k.(map[string]any)
			}
			n["children"] = usersShopStripPid(kids)
		}
	}
	return nodes
}

func TestShopRolesLegacy(t *testing.T) {
	s, admin := usersShopStart(t)
	roles := usersShopV2 + "/roles"

	// 2. 添加角色
	id := usersShopCreateRole(t, s, admin, "admin2", "admin2Desc")
	roleURL := fmt.Sprintf("%s/%d", roles, id)
	s.Do(t, admin, http.MethodPost, roles, map[string]any{"roleName": "admin2"}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "角色名称已存在"))
	s.Do(t, admin, http.MethodPost, roles, map[string]any{"roleDesc": "x"}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "角色名称不能为空"))

	// 3. 根据 ID 查询角色
	s.Do(t, admin, http.MethodGet, roleURL, nil).Expect(t, http.StatusOK,
		apptest.ShopAnswer(fmt.Sprintf(`{"roleId": %d, "roleName": "admin2", "roleDesc": "admin2Desc"}`, id), "获取成功", 200))
	s.Do(t, admin, http.MethodGet, roles+"/999", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "角色不存在"))
	s.Do(t, admin, http.MethodGet, roles+"/x", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "角色ID必须是数字"))

	// 4. 编辑提交角色 (the document answers with the read's message)
	s.Do(t, admin, http.MethodPut, roleURL, map[string]any{"roleName": "测试角色", "roleDesc": "测试角色描述"}).Expect(t, http.StatusOK,
		apptest.ShopAnswer(fmt.Sprintf(`{"roleId": %d, "roleName": "测试角色", "roleDesc": "测试角色描述"}`, id), "获取成功", 200))
	s.Do(t, admin, http.MethodPut, roleURL, map[string]any{"roleName": "超级管理员"}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "角色名称已存在"))
	s.Do(t, admin, http.MethodPut, roleURL, map[string]any{"roleDesc": "x"}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "角色名称不能为空"))
	s.Do(t, admin, http.MethodPut, roles+"/999", map[string]any{"roleName": "x"}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "角色不存在"))

	// 6. 角色授权
	grant := roleURL + "/rights"
	s.Do(t, admin, http.MethodPost, grant, map[string]any{"rids": "101,104,105,116"}).Expect(t, http.StatusOK, apptest.ShopFailure(200, "更新成功"))
	s.Do(t, admin, http.MethodPost, grant, map[string]any{"rids": "101,9999"}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "权限ID不存在"))
	s.Do(t, admin, http.MethodPost, grant, map[string]any{"rids": "101,abc"}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "权限ID必须是数字"))
	s.Do(t, admin, http.MethodPost, grant, map[string]any{}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "rids 参数错误，应为以逗号分隔的权限ID"))
	s.Do(t, admin, http.MethodPost, roles+"/999/rights", map[string]any{"rids": "101"}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "角色不存在"))
	s.Do(t, admin, http.MethodPost, roles+"/0/rights", map[string]any{"rids": "101"}).Expect(t, http.StatusOK, apptest.ShopFailure(400, "超级管理员拥有全部权限，不能修改"))

	// 1. 角色列表: the super-admin role holds the whole tree.
	r := s.Do(t, admin, http.MethodGet, usersShopV2+"/rights/tree", nil)
	var all []map[string]any
	apptest.ShopData(t, r, &all)
	allTree, _ := json.Marshal(usersShopStripPid(all))
	granted := `[{"id": 101, "authName": "商品管理", "path": "goods", "children": [
		{"id": 104, "authName": "商品列表", "path": "goods", "children": [
			{"id": 105, "authName": "添加商品", "path": "goods"},
			{"id": 116, "authName": "商品修改", "path": "goods"}]}]}]`
	s.Do(t, admin, http.MethodGet, roles, nil).Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(`[
		{"id": 0, "roleName": "超级管理员", "roleDesc": "拥有全部权限", "children": %s},
		{"id": %d, "roleName": "测试角色", "roleDesc": "测试角色描述", "children": %s}]`, allTree, id, granted), "获取成功", 200))

	// 7. 删除角色指定权限: the answer is the role's remaining tree.
	s.Do(t, admin, http.MethodDelete, grant+"/116", nil).Expect(t, http.StatusOK, apptest.ShopAnswer(`[{"id": 101, "authName": "商品管理", "path": "goods", "children": [
		{"id": 104, "authName": "商品列表", "path": "goods", "children": [{"id": 105, "authName": "添加商品", "path": "goods"}]}]}]`, "取消权限成功", 200))
	s.Do(t, admin, http.MethodDelete, grant+"/104", nil).Expect(t, http.StatusOK,
		apptest.ShopAnswer(`[{"id": 101, "authName": "商品管理", "path": "goods", "children": []}]`, "取消权限成功", 200))
	s.Do(t, admin, http.MethodDelete, grant+"/101", nil).Expect(t, http.StatusOK, apptest.ShopAnswer(`[]`, "取消权限成功", 200))
	s.Do(t, admin, http.MethodDelete, grant+"/9999", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "权限不存在"))
	s.Do(t, admin, http.MethodDelete, grant+"/x", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "权限ID必须是数字"))
	s.Do(t, admin, http.MethodDelete, roles+"/x/rights/101", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "角色ID必须是数字"))
	s.Do(t, admin, http.MethodDelete, roles+"/0/rights/101", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "超级管理员拥有全部权限，不能修改"))

	// 5. 删除角色: not the super-admin role, not one a user holds.
	s.Do(t, admin, http.MethodDelete, roles+"/0", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "不允许删除超级管理员角色"))
	user, _ := usersShopCreateUser(t, s, admin, "held")
	s.Do(t, admin, http.MethodPut, fmt.Sprintf("%s/users/%d/role", usersShopV2, user), map[string]any{"rid": id})
	s.Do(t, admin, http.MethodDelete, roleURL, nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "该角色下还有用户，不能删除"))
	s.Do(t, admin, http.MethodDelete, fmt.Sprintf("%s/users/%d", usersShopV2, user), nil)
	s.Do(t, admin, http.MethodDelete, roleURL, nil).Expect(t, http.StatusOK, apptest.ShopFailure(200, "删除成功"))
	s.Do(t, admin, http.MethodDelete, roleURL, nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "角色不存在"))
}

// A role lacking a right is refused with 401 权限验证失败; granting it lets
// the same session in.
func TestShopUsersNeedRights(t *testing.T) {
	s, admin := usersShopStart(t)
	role := usersShopCreateRole(t, s, admin, "商品员", "")
	s.Do(t, admin, http.MethodPost, fmt.Sprintf("%s/roles/%d/rights", usersShopV2, role), map[string]any{"rids": "101,104"})
	id, _ := usersShopCreateUser(t, s, admin, "gina")
	s.Do(t, admin, http.MethodPut, fmt.Sprintf("%s/users/%d/role", usersShopV2, id), map[string]any{"rid": role})
	gina := s.ShopLogin(t, "gina", "123456")

	for _, req := range []struct{ method, path string }{
		{http.MethodGet, "/users?pagenum=1&pagesize=5"},
		{http.MethodGet, "/users/1"},
		{http.MethodPost, "/users"},
		{http.MethodDelete, "/users/1"},
		{http.MethodGet, "/rights/list"},
		{http.MethodGet, "/roles"},
		{http.MethodPost, "/roles"},
	} {
		body := map[string]any{"username": "x", "password": "x", "roleName": "x"}
		s.Do(t, gina, req.method, "/api/private/v1"+req.path, body).Expect(t, http.StatusOK, apptest.ShopFailure(401, "权限验证失败"))
	}
	s.Do(t, admin, http.MethodPost, fmt.Sprintf("%s/roles/%d/rights", usersShopV2, role), map[string]any{"rids": "110,125"})
	r := s.Do(t, gina, http.MethodGet, "/api/private/v1/users?pagenum=1&pagesize=1", nil)
	if !strings.Contains(r.Body, `"meta":{"msg":"获取管理员列表成功","status":200}`) {
		t.Errorf("list after the grant: %s", r.Body)
	}
}

// The legacy routes refuse the moves of an account above its role (finding
// 9 of issue 8) in the envelope's words, and let through what it may do.
func TestShopUsersLegacyManagersCannotActAboveThemselves(t *testing.T) {
	s, admin := usersShopStart(t)
	staff := func(username string, role int64) int64 {
		id, _ := usersShopCreateUser(t, s, admin, username)
		s.Do(t, admin, http.MethodPut, fmt.Sprintf("%s/users/%d/role", usersShopV2, id), map[string]any{"rid": role})
		return id
	}
	root := staff("root", 0)
	managers := usersShopCreateRole(t, s, admin, "用户管理员", "")
	s.Do(t, admin, http.MethodPost, fmt.Sprintf("%s/roles/%d/rights", usersShopV2, managers),
		map[string]any{"rids": "131,132,133,136,137,159,129,130,134,135,139,140"})
	mallory := staff("mallory", managers)
	guests := usersShopCreateRole(t, s, admin, "访客", "")
	lesser := staff("lesser", guests)
	token := s.ShopLogin(t, "mallory", "123456")
	user := func(id int64) string { return fmt.Sprintf("%s/users/%d", usersShopV2, id) }
	const above, aboveRole = "不允许操作权限高于自己的用户", "不允许修改权限高于自己的角色"

	for _, c := range []struct {
		method, path string
		body         any
		msg          string
	}{
		{http.MethodPut, user(root) + "/state/false", nil, above},
		{http.MethodPut, user(root) + "/role", map[string]any{"rid": managers}, above},
		{http.MethodDelete, user(root), nil, above},
		{http.MethodPut, user(1), map[string]any{"email": "evil@example.com"}, above},
		{http.MethodPut, usersShopV2 + "/roles/0", map[string]any{"roleName": "nobody"}, aboveRole},
		{http.MethodDelete, user(mallory), nil, "不允许删除自己"},
		{http.MethodPut, user(mallory) + "/state/false", nil, "不允许禁用自己"},
	} {
		s.Do(t, token, c.method, c.path, c.body).Expect(t, http.StatusOK, apptest.ShopFailure(400, c.msg))
	}

	// On a lesser account the manager acts.
	s.Do(t, token, http.MethodPut, user(lesser)+"/state/false", nil).Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(
		`{"id": %d, "rid": %d, "username": "lesser", "mobile": "", "email": "", "mg_state": 0}`, lesser, guests), "设置状态成功", 200))
	s.Do(t, token, http.MethodDelete, user(lesser), nil).Expect(t, http.StatusOK, apptest.ShopAnswer("null", "删除成功", 200))
	// The super-admin acts on the manager.
	s.Do(t, s.ShopLogin(t, "root", "123456"), http.MethodDelete, user(mallory), nil).Expect(t, http.StatusOK, apptest.ShopAnswer("null", "删除成功", 200))
}
