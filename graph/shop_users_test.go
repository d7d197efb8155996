package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
)

// Shop users, roles, rights and menus (schema/shop_users.graphqls). The
// helpers do, fails, get and missing come from pharma_test.go.

const (
	usersFields = `id username role active mobile email shopRole { id name }`
	usersCreate = `mutation($in: CreateShopUserInput!) { createShopUser(input: $in) { ` + usersFields + ` } }`
	usersUpdate = `mutation($id: ID!, $in: UpdateShopUserInput!) { updateShopUser(id: $id, input: $in) { ` + usersFields + ` } }`
	usersActive = `mutation($id: ID!, $on: Boolean!) { setShopUserActive(id: $id, active: $on) { ` + usersFields + ` } }`
	usersRole   = `mutation($id: ID!, $role: ID!) { setShopUserRole(id: $id, roleId: $role) { ` + usersFields + ` } }`
	usersDelete = `mutation($id: ID!) { deleteShopUser(id: $id) }`
	usersOne    = `query($id: ID!) { shopUser(id: $id) { ` + usersFields + ` } }`
	usersList   = `query($q: String, $page: Int!, $size: Int!) {
		shopUsers(search: $q, paging: {page: $page, size: $size}) { total items { username } }
	}`

	usersTree       = `{ id name children { id name children { id name children { id } } } }`
	usersRoleCreate = `mutation($in: ShopRoleInput!) { createShopRole(input: $in) { id name description } }`
	usersRoleUpdate = `mutation($id: ID!, $in: ShopRoleInput!) { updateShopRole(id: $id, input: $in) { id name description } }`
	usersRoleDelete = `mutation($id: ID!) { deleteShopRole(id: $id) }`
	usersRoleOne    = `query($id: ID!) { shopRole(id: $id) { id name description } }`
	usersGrant      = `mutation($id: ID!, $rights: [ID!]!) { grantShopRoleRights(roleId: $id, rightIds: $rights) { rights ` + usersTree + ` } }`
	usersRevoke     = `mutation($id: ID!, $right: ID!) { revokeShopRoleRight(roleId: $id, rightId: $right) { rights ` + usersTree + ` } }`

	builtin   = `{"code":"FORBIDDEN","reason":"BUILTIN"}`
	noRight   = `{"code":"FORBIDDEN","reason":"MISSING_RIGHT"}`
	shopLogin = `mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p, app: SHOP}) { token } }`
)

// usersAdminID is the built-in admin's id: the first account of every store.
const usersAdminID = "1"

// usersNewStaff creates a user through the API, gives it a new role holding
// rights (if any) and returns the user's id and the role's id.
func usersNewStaff(t *testing.T, s *apptest.Server, admin, username string, rights ...int) (userID, roleID string) {
	t.Helper()
	userID = get(t, do(t, s, admin, usersCreate, map[string]any{"in": map[string]any{"username": username, "password": "pw-" + username}}),
		"createShopUser", "id")
	roleID = get(t, do(t, s, admin, usersRoleCreate, map[string]any{"in": map[string]any{"name": "role of " + username}}),
		"createShopRole", "id")
	if len(rights) > 0 {
		do(t, s, admin, usersGrant, map[string]any{"id": roleID, "rights": rights})
	}
	do(t, s, admin, usersRole, map[string]any{"id": userID, "role": roleID})
	return userID, roleID
}

// usersShopToken signs in to the shop back office.
func usersShopToken(t *testing.T, s *apptest.Server, username string) string {
	t.Helper()
	return get(t, do(t, s, "", shopLogin, map[string]any{"u": username, "p": "pw-" + username}), "login", "token")
}

func TestShopUsers(t *testing.T) {
	s := apptest.New(t)
	admin := s.AdminToken(t)

	// A new user is an active STAFF account without a shop role.
	data := do(t, s, admin, usersCreate, map[string]any{"in": map[string]any{
		"username": "tom", "password": "secret", "email": "tom@example.com", "mobile": "13951783475"}})
	tom := get(t, data, "createShopUser", "id")
	apptest.EqualJSON(t, data, fmt.Sprintf(`{"createShopUser": {"id": %q, "username": "tom", "role": "STAFF", "active": true,
		"mobile": "13951783475", "email": "tom@example.com", "shopRole": null}}`, tom))
	fails(t, s, admin, usersCreate, map[string]any{"in": map[string]any{"username": "tom", "password": "x"}}, duplicate)
	fails(t, s, admin, usersCreate, map[string]any{"in": map[string]any{"username": " ", "password": "x"}}, invalidInput)
	fails(t, s, admin, usersCreate, map[string]any{"in": map[string]any{"username": "ann", "password": ""}}, invalidInput)
	do(t, s, admin, usersCreate, map[string]any{"in": map[string]any{"username": "tomas", "password": "secret"}})

	// The list searches usernames and pages.
	apptest.EqualJSON(t, do(t, s, admin, usersList, map[string]any{"q": "TOM", "page": 1, "size": 1}),
		`{"shopUsers": {"total": 2, "items": [{"username": "tom"}]}}`)
	apptest.EqualJSON(t, do(t, s, admin, usersList, map[string]any{"q": "tom", "page": 2, "size": 1}),
		`{"shopUsers": {"total": 2, "items": [{"username": "tomas"}]}}`)
	apptest.EqualJSON(t, do(t, s, admin, usersList, map[string]any{"page": 1, "size": 10}),
		`{"shopUsers": {"total": 3, "items": [{"username": "admin"}, {"username": "tom"}, {"username": "tomas"}]}}`)
	fails(t, s, admin, usersList, map[string]any{"page": 0, "size": 10}, invalidInput)

	// Read, update (fields left out keep their value), enable and disable.
	apptest.EqualJSON(t, do(t, s, admin, usersOne, map[string]any{"id": usersAdminID}),
		`{"shopUser": {"id": "1", "username": "admin", "role": "ADMIN", "active": true, "mobile": "", "email": "",
			"shopRole": {"id": "0", "name": "超级管理员"}}}`)
	fails(t, s, admin, usersOne, map[string]any{"id": 999}, missing("user"))
	apptest.EqualJSON(t, do(t, s, admin, usersUpdate, map[string]any{"id": tom, "in": map[string]any{"email": "new@example.com"}}),
		fmt.Sprintf(`{"updateShopUser": {"id": %q, "username": "tom", "role": "STAFF", "active": true,
			"mobile": "13951783475", "email": "new@example.com", "shopRole": null}}`, tom))
	fails(t, s, admin, usersUpdate, map[string]any{"id": 999, "in": map[string]any{}}, missing("user"))
	if got := get(t, do(t, s, admin, usersUpdate, map[string]any{"id": tom, "in": map[string]any{}}), "updateShopUser", "mobile"); got != "13951783475" {
		t.Errorf("an empty update changed mobile to %q", got)
	}
	if got := get(t, do(t, s, admin, usersActive, map[string]any{"id": tom, "on": false}), "setShopUserActive", "email"); got != "new@example.com" {
		t.Errorf("setShopUserActive answered email %q", got)
	}
	fails(t, s, admin, usersActive, map[string]any{"id": usersAdminID, "on": false}, builtin)
	do(t, s, admin, usersActive, map[string]any{"id": usersAdminID, "on": true})

	// Roles: the role must exist; the built-in admin keeps its role.
	role := get(t, do(t, s, admin, usersRoleCreate, map[string]any{"in": map[string]any{"name": "主管"}}), "createShopRole", "id")
	apptest.EqualJSON(t, do(t, s, admin, `query($id: ID!) { shopUser(id: $id) { active shopRole { name } } }`, map[string]any{"id": tom}),
		`{"shopUser": {"active": false, "shopRole": null}}`)
	do(t, s, admin, usersRole, map[string]any{"id": tom, "role": role})
	apptest.EqualJSON(t, do(t, s, admin, `query($id: ID!) { shopUser(id: $id) { shopRole { name description } } }`, map[string]any{"id": tom}),
		`{"shopUser": {"shopRole": {"name": "主管", "description": ""}}}`)
	fails(t, s, admin, usersRole, map[string]any{"id": tom, "role": 999}, missing("role"))
	fails(t, s, admin, usersRole, map[string]any{"id": 999, "role": role}, missing("user"))
	fails(t, s, admin, usersRole, map[string]any{"id": usersAdminID, "role": role}, builtin)

	// Delete: the built-in admin stays.
	fails(t, s, admin, usersDelete, map[string]any{"id": usersAdminID}, builtin)
	apptest.EqualJSON(t, do(t, s, admin, usersDelete, map[string]any{"id": tom}), fmt.Sprintf(`{"deleteShopUser": %q}`, tom))
	fails(t, s, admin, usersOne, map[string]any{"id": tom}, missing("user"))
	fails(t, s, admin, usersDelete, map[string]any{"id": tom}, missing("user"))
}

// A user logs in to the shop with the password it was created with, once it
// has a role and while it is enabled.
func TestShopUserLogin(t *testing.T) {
	s := apptest.New(t)
	admin := s.AdminToken(t)
	id := get(t, do(t, s, admin, usersCreate, map[string]any{"in": map[string]any{"username": "amy", "password": "pw-amy"}}), "createShopUser", "id")
	vars := map[string]any{"u": "amy", "p": "pw-amy"}
	fails(t, s, "", shopLogin, vars, `{"code":"FORBIDDEN","reason":"NO_ROLE"}`)
	role := get(t, do(t, s, admin, usersRoleCreate, map[string]any{"in": map[string]any{"name": "r"}}), "createShopRole", "id")
	do(t, s, admin, usersRole, map[string]any{"id": id, "role": role})
	token := usersShopToken(t, s, "amy")
	fails(t, s, "", shopLogin, map[string]any{"u": "amy", "p": "wrong"}, `{"code":"UNAUTHENTICATED","reason":"BAD_CREDENTIALS"}`)
	do(t, s, admin, usersActive, map[string]any{"id": id, "on": false})
	fails(t, s, "", shopLogin, vars, `{"code":"FORBIDDEN","reason":"INACTIVE"}`)
	fails(t, s, token, `{ shopMenus { id } }`, nil, signInFirst) // a disabled account's sessions end
	do(t, s, admin, usersActive, map[string]any{"id": id, "on": true})
	usersShopToken(t, s, "amy")
}

func TestShopRights(t *testing.T) {
	s := apptest.New(t)
	admin := s.AdminToken(t)

	// Flat, by level then id: 5 groups, then the pages.
	flat := do(t, s, admin, `{ shopRights { id name path level parentId order operation children { id } } }`, nil)
	if n := usersLen(t, flat, "shopRights"); n != 48 {
		t.Errorf("%d rights, want 48", n)
	}
	apptest.EqualJSON(t, usersAt(t, flat, "shopRights", 0),
		`{"id": "101", "name": "商品管理", "path": "goods", "level": 0, "parentId": null, "order": 3, "operation": null, "children": null}`)
	apptest.EqualJSON(t, usersAt(t, flat, "shopRights", 5),
		`{"id": "104", "name": "商品列表", "path": "goods", "level": 1, "parentId": "101", "order": 1,
		  "operation": "GoodService.getAllGoods", "children": null}`)

	// The tree, in id order at every level; the level-2 rights hung
	// directly under 101 stay there.
	apptest.EqualJSON(t, do(t, s, admin, `{ shopRightTree { id children { id } } }`, nil), `{"shopRightTree": [
		{"id": "101", "children": [{"id": "104"}, {"id": "115"}, {"id": "121"}, {"id": "156"}, {"id": "157"}, {"id": "158"}]},
		{"id": "102", "children": [{"id": "107"}]},
		{"id": "103", "children": [{"id": "111"}, {"id": "112"}]},
		{"id": "125", "children": [{"id": "110"}]},
		{"id": "145", "children": [{"id": "146"}]}]}`)
	tree := do(t, s, admin, `{ shopRightTree `+usersTree+` }`, nil)
	apptest.EqualJSON(t, usersAt(t, tree, "shopRightTree", 0, "children", 0, "children", 0),
		`{"id": "105", "name": "添加商品", "children": null}`)
	if n := usersLen(t, tree, "shopRightTree", 0, "children", 0, "children"); n != 7 {
		t.Errorf("104 has %d actions, want 7", n)
	}
}

func TestShopRoles(t *testing.T) {
	s := apptest.New(t)
	admin := s.AdminToken(t)

	created := do(t, s, admin, usersRoleCreate, map[string]any{"in": map[string]any{"name": "测试角色", "description": "测试负责人"}})
	id := get(t, created, "createShopRole", "id")
	apptest.EqualJSON(t, created, fmt.Sprintf(`{"createShopRole": {"id": %q, "name": "测试角色", "description": "测试负责人"}}`, id))
	fails(t, s, admin, usersRoleCreate, map[string]any{"in": map[string]any{"name": "测试角色"}}, duplicate)
	fails(t, s, admin, usersRoleCreate, map[string]any{"in": map[string]any{"name": ""}}, invalidInput)
	apptest.EqualJSON(t, do(t, s, admin, usersRoleUpdate, map[string]any{"id": id, "in": map[string]any{"name": "测试角色", "description": "测试角色描述"}}),
		fmt.Sprintf(`{"updateShopRole": {"id": %q, "name": "测试角色", "description": "测试角色描述"}}`, id))
	fails(t, s, admin, usersRoleUpdate, map[string]any{"id": 999, "in": map[string]any{"name": "x"}}, missing("role"))
	fails(t, s, admin, usersRoleUpdate, map[string]any{"id": id, "in": map[string]any{"name": "超级管理员"}}, duplicate)
	apptest.EqualJSON(t, do(t, s, admin, usersRoleOne, map[string]any{"id": id}),
		fmt.Sprintf(`{"shopRole": {"id": %q, "name": "测试角色", "description": "测试角色描述"}}`, id))
	fails(t, s, admin, usersRoleOne, map[string]any{"id": 999}, missing("role"))

	// Granting sets the rights to exactly these, with their ancestors.
	apptest.EqualJSON(t, do(t, s, admin, usersGrant, map[string]any{"id": id, "rights": []int{101, 104, 105, 116, 122}}),
		`{"grantShopRoleRights": {"rights": [{"id": "101", "name": "商品管理", "children": [
			{"id": "104", "name": "商品列表", "children": [
				{"id": "105", "name": "添加商品", "children": null},
				{"id": "116", "name": "商品修改", "children": null}]},
			{"id": "121", "name": "商品分类", "children": [{"id": "122", "name": "添加分类", "children": null}]}]}]}}`)
	apptest.EqualJSON(t, do(t, s, admin, usersGrant, map[string]any{"id": id, "rights": []int{105, 116, 109}}),
		`{"grantShopRoleRights": {"rights": [
			{"id": "101", "name": "商品管理", "children": [{"id": "104", "name": "商品列表", "children": [
				{"id": "105", "name": "添加商品", "children": null},
				{"id": "116", "name": "商品修改", "children": null}]}]},
			{"id": "102", "name": "订单管理", "children": [{"id": "107", "name": "订单列表", "children": [
				{"id": "109", "name": "添加订单", "children": null}]}]}]}}`)
	fails(t, s, admin, usersGrant, map[string]any{"id": id, "rights": []int{105, 9999}}, invalidInput)
	fails(t, s, admin, usersGrant, map[string]any{"id": 999, "rights": []int{105}}, missing("role"))
	fails(t, s, admin, usersGrant, map[string]any{"id": 0, "rights": []int{105}}, builtin)

	// Revoking takes the right's subtree with it.
	apptest.EqualJSON(t, do(t, s, admin, usersRevoke, map[string]any{"id": id, "right": 104}),
		`{"revokeShopRoleRight": {"rights": [
			{"id": "101", "name": "商品管理", "children": null},
			{"id": "102", "name": "订单管理", "children": [{"id": "107", "name": "订单列表", "children": [
				{"id": "109", "name": "添加订单", "children": null}]}]}]}}`)
	apptest.EqualJSON(t, do(t, s, admin, usersRevoke, map[string]any{"id": id, "right": 102}),
		`{"revokeShopRoleRight": {"rights": [{"id": "101", "name": "商品管理", "children": null}]}}`)
	fails(t, s, admin, usersRevoke, map[string]any{"id": id, "right": 9999}, missing("right"))
	fails(t, s, admin, usersRevoke, map[string]any{"id": 999, "right": 101}, missing("role"))
	fails(t, s, admin, usersRevoke, map[string]any{"id": 0, "right": 101}, builtin)
	apptest.EqualJSON(t, do(t, s, admin, usersGrant, map[string]any{"id": id, "rights": []int{}}),
		`{"grantShopRoleRights": {"rights": []}}`)

	// Every role with its tree; the super-admin role holds every right.
	do(t, s, admin, usersGrant, map[string]any{"id": id, "rights": []int{105}})
	roles := do(t, s, admin, `{ shopRoles { id name rights `+usersTree+` } }`, nil)
	if get(t, roles, "shopRoles", 0, "name") != "超级管理员" || usersLen(t, roles, "shopRoles", 0, "rights") != 5 {
		t.Errorf("role 0 first with every group: %s", roles)
	}
	apptest.EqualJSON(t, usersAt(t, roles, "shopRoles", 1), fmt.Sprintf(`{"id": %q, "name": "测试角色", "rights": [{"id": "101", "name": "商品管理", "children": [
		{"id": "104", "name": "商品列表", "children": [{"id": "105", "name": "添加商品", "children": null}]}]}]}`, id))

	// Delete: not the super-admin role, not a role somebody holds.
	fails(t, s, admin, usersRoleDelete, map[string]any{"id": 0}, builtin)
	user := get(t, do(t, s, admin, usersCreate, map[string]any{"in": map[string]any{"username": "u", "password": "p"}}), "createShopUser", "id")
	do(t, s, admin, usersRole, map[string]any{"id": user, "role": id})
	fails(t, s, admin, usersRoleDelete, map[string]any{"id": id}, inUse)
	do(t, s, admin, usersDelete, map[string]any{"id": user})
	apptest.EqualJSON(t, do(t, s, admin, usersRoleDelete, map[string]any{"id": id}), fmt.Sprintf(`{"deleteShopRole": %q}`, id))
	fails(t, s, admin, usersRoleOne, map[string]any{"id": id}, missing("role"))
	fails(t, s, admin, usersRoleDelete, map[string]any{"id": id}, missing("role"))
}

func TestShopMenus(t *testing.T) {
	s := apptest.New(t)
	admin := s.AdminToken(t)
	const menus = `{ shopMenus { id children { id children { id } } } }`

	// The super-admin's menu: every group by its sort order, pages likewise.
	apptest.EqualJSON(t, do(t, s, admin, menus, nil), `{"shopMenus": [
		{"id": "125", "children": [{"id": "110", "children": null}]},
		{"id": "103", "children": [{"id": "111", "children": null}, {"id": "112", "children": null}]},
		{"id": "101", "children": [{"id": "104", "children": null}, {"id": "115", "children": null}, {"id": "121", "children": null}]},
		{"id": "102", "children": [{"id": "107", "children": null}]},
		{"id": "145", "children": [{"id": "146", "children": null}]}]}`)

	// A role's menu has the groups and pages it holds, never actions.
	usersNewStaff(t, s, admin, "sue", 105, 107)
	apptest.EqualJSON(t, do(t, s, usersShopToken(t, s, "sue"), menus, nil), `{"shopMenus": [
		{"id": "101", "children": [{"id": "104", "children": null}]},
		{"id": "102", "children": [{"id": "107", "children": null}]}]}`)

	// An account without a shop role has no menu.
	pharmaOnly := s.CreateAccount(t, "pharma", "pw", "ADMIN", true)
	apptest.EqualJSON(t, do(t, s, s.TokenFor(t, pharmaOnly), menus, nil), `{"shopMenus": []}`)
	fails(t, s, "", menus, nil, signInFirst)
}

// Every operation needs its right (a role lacking it is refused) and a
// session; a role's own grants take effect at once.
func TestShopUsersAccess(t *testing.T) {
	s := apptest.New(t)
	admin := s.AdminToken(t)
	_, role := usersNewStaff(t, s, admin, "bob", 101, 104)
	bob := usersShopToken(t, s, "bob")

	ops := []struct {
		query string
		vars  map[string]any
	}{
		{usersList, map[string]any{"page": 1, "size": 1}},
		{usersOne, map[string]any{"id": 1}},
		{`{ shopRights { id } }`, nil},
		{`{ shopRightTree { id } }`, nil},
		{`{ shopRoles { id } }`, nil},
		{usersRoleOne, map[string]any{"id": role}},
		{usersCreate, map[string]any{"in": map[string]any{"username": "x", "password": "x"}}},
		{usersUpdate, map[string]any{"id": 1, "in": map[string]any{}}},
		{usersActive, map[string]any{"id": 1, "on": true}},
		{usersRole, map[string]any{"id": 1, "role": role}},
		{usersDelete, map[string]any{"id": 1}},
		{usersRoleCreate, map[string]any{"in": map[string]any{"name": "x"}}},
		{usersRoleUpdate, map[string]any{"id": role, "in": map[string]any{"name": "x"}}},
		{usersRoleDelete, map[string]any{"id": role}},
		{usersGrant, map[string]any{"id": role, "rights": []int{}}},
		{usersRevoke, map[string]any{"id": role, "right": 101}},
	}
	for _, op := range ops {
		fails(t, s, bob, op.query, op.vars, noRight)
		fails(t, s, "", op.query, op.vars, signInFirst)
	}

	// A role that may revoke its own rights sees the change in the answer.
	_, own := usersNewStaff(t, s, admin, "eve", 103, 111, 135)
	apptest.EqualJSON(t, do(t, s, usersShopToken(t, s, "eve"), usersRevoke, map[string]any{"id": own, "right": 111}),
		`{"revokeShopRoleRight": {"rights": [{"id": "103", "name": "权限管理", "children": null}]}}`)
}

// Listing 5 or 50 users with their roles costs the same statements.
func TestShopUserListStatementsDoNotGrowWithPageSize(t *testing.T) {
	s := apptest.New(t)
	admin := s.AdminToken(t)
	roles := make([]string, 3)
	for i := range roles {
		roles[i] = get(t, do(t, s, admin, usersRoleCreate, map[string]any{"in": map[string]any{"name": fmt.Sprint("role ", i)}}), "createShopRole", "id")
	}
	// Inserted directly: 50 bcrypt hashes through the API would be slow.
	users := make([]db.Account, 50)
	for i := range users {
		role, _ := strconv.ParseInt(roles[i%3], 10, 64)
		users[i] = db.Account{Username: fmt.Sprint("user ", i), PasswordHash: "-", Role: db.RoleStaff, Active: true,
			CreatedAt: time.Now(), ShopRoleID: &role}
	}
	if _, err := s.App.DB.NewInsert().Model(&users).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	const list = `query($size: Int!) { shopUsers(paging: {page: 1, size: $size}) { total items { id username shopRole { name rights { id } } } } }`
	large := s.SameStatementsAtAnySize(t, []int{5, 50}, func(size int) {
		do(t, s, admin, list, map[string]any{"size": size})
	})
	// session (the admin's role 0 holds every right: the catalog, read at
	// start) + page (2: rows and count) + roles + the grants of those roles
	if large != 5 {
		t.Errorf("50 users took %d statements, want 5", large)
	}
}

// usersAt returns the JSON at a path of member names and indexes.
func usersAt(t *testing.T, doc string, path ...any) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatalf("not JSON: %v: %s", err, doc)
	}
	for _, p := range path {
		switch p := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[p]
		case int:
			a, _ := v.([]any)
			if p >= len(a) {
				t.Fatalf("no item %v in %s", path, doc)
			}
			v = a[p]
		}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// usersLen is the length of the list at a path.
func usersLen(t *testing.T, doc string, path ...any) int {
	t.Helper()
	var items []any
	if err := json.Unmarshal([]byte(usersAt(t, doc, path...)), &items); err != nil {
		t.Fatalf("%v is not a list in %s", path, doc)
	}
	return len(items)
}

// A role manager cannot raise anybody's power above their own: they grant
// and assign only what they hold; the super-admin role is the super-admin's.
func TestShopRoleManagersCannotEscalate(t *testing.T) {
	s := apptest.New(t)
	admin := s.AdminToken(t)
	bobID, bobRole := usersNewStaff(t, s, admin, "bob", 125, 110, 137, 103, 111, 134)
	_, strongRole := usersNewStaff(t, s, admin, "carol", 125, 110, 132)
	_, weakRole := usersNewStaff(t, s, admin, "dave")
	bob := usersShopToken(t, s, "bob")

	fails(t, s, bob, usersRole, map[string]any{"id": bobID, "role": "0"}, noRight)
	fails(t, s, bob, usersRole, map[string]any{"id": bobID, "role": strongRole}, noRight)
	fails(t, s, bob, usersGrant, map[string]any{"id": bobRole, "rights": []int{125, 110, 132}}, noRight)
	fails(t, s, bob, usersGrant, map[string]any{"id": weakRole, "rights": []int{125, 110, 132}}, noRight)
	// What bob holds, he may hand out.
	do(t, s, bob, usersGrant, map[string]any{"id": weakRole, "rights": []int{125, 110}})
	do(t, s, bob, usersRole, map[string]any{"id": bobID, "role": weakRole})
}

// usersManagerRights are every user- and role-management right (their
// parents come with them): all a back-office manager needs to act on users.
var usersManagerRights = []int{131, 132, 133, 136, 137, 159, 129, 130, 134, 135, 139, 140}

// An account acts on another only if its role holds every right of the
// other's; role 0 and the built-in admin are the super-admin's; nobody
// deletes or disables itself. Refused: the six moves of finding 9.
func TestShopUserManagersCannotActAboveThemselves(t *testing.T) {
	s := apptest.New(t)
	admin := s.AdminToken(t)
	rootID, _ := usersNewStaff(t, s, admin, "root")
	do(t, s, admin, usersRole, map[string]any{"id": rootID, "role": "0"})
	malloryID, malloryRole := usersNewStaff(t, s, admin, "mallory", usersManagerRights...)
	mallory := usersShopToken(t, s, "mallory")
	strongerID, _ := usersNewStaff(t, s, admin, "stronger", append([]int{105}, usersManagerRights...)...)
	lesserID, lesserRole := usersNewStaff(t, s, admin, "lesser", 110)
	const outranked, self = `{"code":"FORBIDDEN","reason":"OUTRANKED"}`, `{"code":"FORBIDDEN","reason":"SELF"}`

	if msg := fails(t, s, mallory, usersActive, map[string]any{"id": rootID, "on": false}, outranked); msg != "only a super-admin may change user "+rootID {
		t.Errorf("message %q", msg)
	}
	fails(t, s, mallory, usersRole, map[string]any{"id": rootID, "role": malloryRole}, outranked)
	fails(t, s, mallory, usersDelete, map[string]any{"id": rootID}, outranked)
	fails(t, s, mallory, usersUpdate, map[string]any{"id": usersAdminID, "in": map[string]any{"email": "evil@example.com"}}, outranked)
	fails(t, s, mallory, usersRoleUpdate, map[string]any{"id": 0, "in": map[string]any{"name": "nobody"}}, outranked)
	fails(t, s, mallory, usersDelete, map[string]any{"id": malloryID}, self)
	fails(t, s, mallory, usersActive, map[string]any{"id": malloryID, "on": false}, self)
	// A role holding one right more outranks the manager too, account and role.
	if msg := fails(t, s, mallory, usersActive, map[string]any{"id": strongerID, "on": false}, outranked); msg != "user "+strongerID+" holds right 101, which you do not" {
		t.Errorf("message %q", msg)
	}
	strongerRole := get(t, do(t, s, admin, usersOne, map[string]any{"id": strongerID}), "shopUser", "shopRole", "id")
	fails(t, s, mallory, usersRevoke, map[string]any{"id": strongerRole, "right": 105}, outranked)
	fails(t, s, mallory, usersRoleUpdate, map[string]any{"id": strongerRole, "in": map[string]any{"name": "weak"}}, outranked)
	// Nothing changed.
	apptest.EqualJSON(t, do(t, s, admin, `{ shopUsers(paging: {page: 1, size: 10}) { items { username active email shopRole { id } } }
		r: shopRole(id: 0) { name } }`, nil), fmt.Sprintf(`{"shopUsers": {"items": [
		{"username": "admin", "active": true, "email": "", "shopRole": {"id": "0"}},
		{"username": "root", "active": true, "email": "", "shopRole": {"id": "0"}},
		{"username": "mallory", "active": true, "email": "", "shopRole": {"id": %q}},
		{"username": "stronger", "active": true, "email": "", "shopRole": {"id": %q}},
		{"username": "lesser", "active": true, "email": "", "shopRole": {"id": %q}}]}, "r": {"name": "超级管理员"}}`,
		malloryRole, strongerRole, lesserRole))

	// On a lesser account and role, and on its own contacts, the manager acts.
	do(t, s, mallory, usersUpdate, map[string]any{"id": lesserID, "in": map[string]any{"email": "l@example.com"}})
	do(t, s, mallory, usersUpdate, map[string]any{"id": malloryID, "in": map[string]any{"email": "m@example.com"}})
	do(t, s, mallory, usersActive, map[string]any{"id": lesserID, "on": false})
	do(t, s, mallory, usersActive, map[string]any{"id": lesserID, "on": true})
	do(t, s, mallory, usersRoleUpdate, map[string]any{"id": lesserRole, "in": map[string]any{"name": "lesser still"}})
	do(t, s, mallory, usersRole, map[string]any{"id": lesserID, "role": malloryRole})
	do(t, s, mallory, usersDelete, map[string]any{"id": lesserID})
	do(t, s, mallory, usersRoleDelete, map[string]any{"id": lesserRole})

	// A super-admin acts on anybody, the built-in admin's contacts and role 0
	// included, but not on itself.
	root := usersShopToken(t, s, "root")
	do(t, s, root, usersUpdate, map[string]any{"id": usersAdminID, "in": map[string]any{"email": "admin@example.com"}})
	do(t, s, root, usersRoleUpdate, map[string]any{"id": 0, "in": map[string]any{"name": "超级管理员", "description": "全部权限"}})
	apptest.EqualJSON(t, do(t, s, root, usersRoleOne, map[string]any{"id": 0}),
		`{"shopRole": {"id": "0", "name": "超级管理员", "description": "全部权限"}}`)
	do(t, s, root, usersActive, map[string]any{"id": strongerID, "on": false})
	empty := get(t, do(t, s, root, usersRoleCreate, map[string]any{"in": map[string]any{"name": "empty"}}), "createShopRole", "id")
	do(t, s, root, usersRole, map[string]any{"id": malloryID, "role": empty})
	fails(t, s, root, usersDelete, map[string]any{"id": rootID}, self)
	fails(t, s, root, usersActive, map[string]any{"id": usersAdminID, "on": false}, builtin)
	do(t, s, admin, usersDelete, map[string]any{"id": rootID})
}
