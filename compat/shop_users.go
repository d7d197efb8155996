package compat

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
)

// Routes of the shop back office; see shop.go for the envelope.
//
// Users, rights, menus and roles (shop-admin-v2.md 三, 四, 五). Where the
// document's examples give a member a type of its own (mg_state 0/1 after a
// state change, rid as a string after a role change), the answer keeps it:
// clients built on those examples may read it so.
var shopUserRoutes = []route{
	// 三、用户管理
	{
		method: http.MethodGet, path: "/users",
		doc: `query ShopUsers($query: String, $paging: PageInput!) {
			list: shopUsers(query: $query, paging: $paging) { total users: items { ` + shopUserRowFields + ` } }
		}`,
		vars: func(c *call) (map[string]any, error) {
			paging, err := shopPaging(c, true)
			if err != nil {
				return nil, err
			}
			query, _ := c.params["query"].(string)
			return map[string]any{"query": query, "paging": paging}, nil
		},
		reply: func(c *call, data json.RawMessage) (any, error) {
			d, err := decode[struct {
				List struct {
					Total int           `json:"total"`
					Users []shopUserRow `json:"users"`
				} `json:"list"`
			}](data)
			users := make([]fields, len(d.List.Users))
			for i, u := range d.List.Users {
				users[i] = u.listed()
			}
			page, _ := c.int("pagenum", "")
			return fields{"total": d.List.Total, "pagenum": page, "users": users}, err
		},
		okMsg: "获取成功",
	},
	{
		method: http.MethodPost, path: "/users",
		doc: `mutation CreateShopUser($input: CreateShopUserInput!) {
			user: createShopUser(input: $input) { ` + shopUserRowFields + ` }
		}`,
		vars: func(c *call) (map[string]any, error) {
			username, err := c.string("username", "用户名不能为空")
			if err != nil {
				return nil, err
			}
			password, err := c.string("password", "密码不能为空")
			if err != nil {
				return nil, err
			}
			input := map[string]any{"username": username, "password": password}
			if err := optionalStrings(c, input, "email", "mobile"); err != nil {
				return nil, err
			}
			return map[string]any{"input": input}, nil
		},
		// The example shows columns of the original table (type, openid,
		// is_delete ...) that mean nothing here; the answer carries the
		// documented parameters and the creation time.
		reply: shopUserReply(func(u shopUserRow) fields {
			f := u.contact()
			f["rid"], f["create_time"] = u.roleID(), legacyTime(u.CreatedAt)
			return f
		}),
		okMsg: "用户创建成功", okStatus: http.StatusCreated,
		fails: shopUserFails(failures{"CONFLICT/DUPLICATE": {http.StatusOK, 400, "用户名已存在"}}),
	},
	{
		method: http.MethodPut, path: "/users/{uId}/state/{type}",
		doc: `mutation SetShopUserActive($id: ID!, $active: Boolean!) {
			user: setShopUserActive(id: $id, active: $active) { ` + shopUserRowFields + ` }
		}`,
		vars: func(c *call) (map[string]any, error) {
			id, err := c.pathID("uId", "用户ID必须是数字")
			if err != nil {
				return nil, err
			}
			active, err := strconv.ParseBool(chi.URLParam(c.r, "type"))
			if err != nil {
				return nil, reject("type 参数错误，应为 true 或 false")
			}
			return map[string]any{"id": id, "active": active}, nil
		},
		reply: shopUserReply(func(u shopUserRow) fields {
			f := u.contact()
			f["rid"], f["mg_state"] = u.roleID(), 0
			if u.Active {
				f["mg_state"] = 1
			}
			return f
		}),
		okMsg: "设置状态成功",
		fails: shopUserFails(failures{"FORBIDDEN/BUILTIN": {http.StatusOK, 400, "不允许禁用超级管理员"}}),
	},
	{
		method: http.MethodGet, path: "/users/{id}",
		doc:   `query ShopUser($id: ID!) { user: shopUser(id: $id) { ` + shopUserRowFields + ` } }`,
		vars:  shopUserIDVars,
		reply: shopUserReply(shopUserRow.withRoleID),
		okMsg: "查询成功",
		fails: shopUserFails(nil),
	},
	{
		method: http.MethodPut, path: "/users/{id}",
		doc: `mutation UpdateShopUser($id: ID!, $input: UpdateShopUserInput!) {
			user: updateShopUser(id: $id, input: $input) { ` + shopUserRowFields + ` }
		}`,
		vars: func(c *call) (map[string]any, error) {
			vars, err := shopUserIDVars(c)
			if err != nil {
				return nil, err
			}
			input := map[string]any{}
			if err := optionalStrings(c, input, "email", "mobile"); err != nil {
				return nil, err
			}
			vars["input"] = input
			return vars, nil
		},
		reply: shopUserReply(shopUserRow.withRoleID),
		okMsg: "更新成功",
		fails: shopUserFails(nil),
	},
	{
		method: http.MethodDelete, path: "/users/{id}",
		doc:   `mutation DeleteShopUser($id: ID!) { deleteShopUser(id: $id) }`,
		vars:  shopUserIDVars,
		okMsg: "删除成功",
		fails: shopUserFails(failures{"FORBIDDEN/BUILTIN": {http.StatusOK, 400, "不允许删除超级管理员"}}),
	},
	{
		method: http.MethodPut, path: "/users/{id}/role",
		doc: `mutation SetShopUserRole($id: ID!, $roleId: ID!) {
			user: setShopUserRole(id: $id, roleId: $roleId) { ` + shopUserRowFields + ` }
		}`,
		vars: func(c *call) (map[string]any, error) {
			vars, err := shopUserIDVars(c)
			if err != nil {
				return nil, err
			}
			if vars["roleId"], err = c.int("rid", "角色ID必须是数字"); err != nil {
				return nil, err
			}
			return vars, nil
		},
		reply: shopUserReply(func(u shopUserRow) fields {
			f := u.contact()
			f["rid"] = strconv.FormatInt(int64(u.ShopRole.ID), 10) // a string, as the document shows
			return f
		}),
		okMsg: "设置角色成功",
		fails: shopUserFails(failures{"FORBIDDEN/BUILTIN": {http.StatusOK, 400, "不允许修改超级管理员的角色"}}),
	},

	// 四、权限管理
	{
		method: http.MethodGet, path: "/rights/{type}",
		doc: `query ShopRights($tree: Boolean!) {
			list: shopRights @skip(if: $tree) { id name path level parentId }
			tree: shopRightTree @include(if: $tree) { ...ShopRightNode children { ...ShopRightNode children { ...ShopRightNode } } }
		}` + shopRightNodeFragment,
		vars: func(c *call) (map[string]any, error) {
			switch chi.URLParam(c.r, "type") {
			case "list":
				return map[string]any{"tree": false}, nil
			case "tree":
				return map[string]any{"tree": true}, nil
			}
			return nil, reject("type 参数错误")
		},
		reply: func(_ *call, data json.RawMessage) (any, error) {
			d, err := decode[struct {
				List []shopRightRow `json:"list"`
				Tree []shopRightRow `json:"tree"`
			}](data)
			if d.Tree != nil {
				return rightsTree(d.Tree, nil), err
			}
			list := make([]fields, len(d.List))
			for i, r := range d.List {
				list[i] = fields{"id": r.ID, "authName": r.Name, "level": strconv.Itoa(r.Level), "pid": r.parent(), "path": r.Path}
			}
			return list, err
		},
		okMsg: "获取权限列表成功",
	},
	{
		method: http.MethodGet, path: "/menus",
		doc: `query ShopMenus { menus: shopMenus { ...ShopRightNode children { ...ShopRightNode } } }` +
			shopRightNodeFragment,
		reply: func(_ *call, data json.RawMessage) (any, error) {
			d, err := decode[struct {
				Menus []shopRightRow `json:"menus"`
			}](data)
			return menuTree(d.Menus), err
		},
		okMsg: "获取菜单列表成功",
	},

	// 五、角色管理
	{
		method: http.MethodGet, path: "/roles",
		doc: `query ShopRoles { roles: shopRoles { id name description rights { ...ShopRightTree } } }` +
			shopRightTreeFragment,
		reply: func(_ *call, data json.RawMessage) (any, error) {
			d, err := decode[struct {
				Roles []shopRoleRow `json:"roles"`
			}](data)
			roles := make([]fields, len(d.Roles))
			for i, r := range d.Roles {
				roles[i] = fields{"id": r.ID, "roleName": r.Name, "roleDesc": r.Description, "children": roleTree(r.Rights)}
			}
			return roles, err
		},
		okMsg: "获取成功",
	},
	{
		method: http.MethodPost, path: "/roles",
		doc: `mutation CreateShopRole($input: ShopRoleInput!) { role: createShopRole(input: $input) { id name description } }`,
		vars: func(c *call) (map[string]any, error) {
			input, err := shopRoleInput(c)
			return map[string]any{"input": input}, err
		},
		reply:    shopRoleReply,
		okMsg:    "创建成功",
		okStatus: http.StatusCreated,
		fails:    shopRoleFails,
	},
	{
		method: http.MethodGet, path: "/roles/{id}",
		doc:   `query ShopRole($id: ID!) { role: shopRole(id: $id) { id name description } }`,
		vars:  shopRoleIDVars("id"),
		reply: shopRoleReply,
		okMsg: "获取成功",
		fails: shopRoleFails,
	},
	{
		method: http.MethodPut, path: "/roles/{id}",
		doc: `mutation UpdateShopRole($id: ID!, $input: ShopRoleInput!) {
			role: updateShopRole(id: $id, input: $input) { id name description }
		}`,
		vars: func(c *call) (map[string]any, error) {
			vars, err := shopRoleIDVars("id")(c)
			if err != nil {
				return nil, err
			}
			vars["input"], err = shopRoleInput(c)
			return vars, err
		},
		reply: shopRoleReply,
		okMsg: "获取成功", // the document answers the update with the read's message
		fails: shopRoleFails,
	},
	{
		method: http.MethodDelete, path: "/roles/{id}",
		doc:   `mutation DeleteShopRole($id: ID!) { deleteShopRole(id: $id) }`,
		vars:  shopRoleIDVars("id"),
		okMsg: "删除成功",
		fails: withFailures(shopRoleFails, failures{
			"FORBIDDEN/BUILTIN": {http.StatusOK, 400, "不允许删除超级管理员角色"},
			"CONFLICT/IN_USE":   {http.StatusOK, 400, "该角色下还有用户，不能删除"},
		}),
	},
	{
		method: http.MethodPost, path: "/roles/{roleId}/rights",
		doc: `mutation GrantShopRoleRights($roleId: ID!, $rightIds: [ID!]!) {
			grantShopRoleRights(roleId: $roleId, rightIds: $rightIds) { id }
		}`,
		vars: func(c *call) (map[string]any, error) {
			vars, err := shopRoleIDVars("roleId")(c)
			if err != nil {
				return nil, err
			}
			vars["rightIds"], err = rightIDs(c)
			return vars, err
		},
		okMsg: "更新成功",
		fails: withFailures(shopRoleFails, failures{
			"FORBIDDEN/BUILTIN": {http.StatusOK, 400, "超级管理员拥有全部权限，不能修改"},
			"INVALID_INPUT":     {http.StatusOK, 400, "权限ID不存在"},
		}),
	},
	{
		method: http.MethodDelete, path: "/roles/{roleId}/rights/{rightId}",
		doc: `mutation RevokeShopRoleRight($roleId: ID!, $rightId: ID!) {
			role: revokeShopRoleRight(roleId: $roleId, rightId: $rightId) { rights { ...ShopRightTree } }
		}` + shopRightTreeFragment,
		vars: func(c *call) (map[string]any, error) {
			vars, err := shopRoleIDVars("roleId")(c)
			if err != nil {
				return nil, err
			}
			vars["rightId"], err = c.pathID("rightId", "权限ID必须是数字")
			return vars, err
		},
		reply: func(_ *call, data json.RawMessage) (any, error) {
			d, err := decode[struct {
				Role shopRoleRow `json:"role"`
			}](data)
			return roleTree(d.Role.Rights), err
		},
		okMsg: "取消权限成功",
		fails: withFailures(shopRoleFails, failures{
			"FORBIDDEN/BUILTIN": {http.StatusOK, 400, "超级管理员拥有全部权限，不能修改"},
		}),
	},
}

// Users

const shopUserRowFields = `id username mobile email createdAt active shopRole { id name }`

type shopUserRow struct {
	ID        legacyID  `json:"id"`
	Username  string    `json:"username"`
	Mobile    string    `json:"mobile"`
	Email     string    `json:"email"`
	CreatedAt time.Time `json:"createdAt"`
	Active    bool      `json:"active"`
	ShopRole  *struct {
		ID   legacyID `json:"id"`
		Name string   `json:"name"`
	} `json:"shopRole"`
}

// contact is what every user answer carries.
func (u shopUserRow) contact() fields {
	return fields{"id": u.ID, "username": u.Username, "mobile": u.Mobile, "email": u.Email}
}

// roleID is the user's role id, or null for an account without a shop role.
func (u shopUserRow) roleID() any {
	if u.ShopRole == nil {
		return nil
	}
	return u.ShopRole.ID
}

func (u shopUserRow) withRoleID() fields {
	f := u.contact()
	f["role_id"] = u.roleID()
	return f
}

func (u shopUserRow) listed() fields {
	f := u.contact()
	f["create_time"], f["mg_state"], f["role_name"] = legacyTime(u.CreatedAt), u.Active, nil
	if u.ShopRole != nil {
		f["role_name"] = u.ShopRole.Name
	}
	return f
}

// legacyTime writes a time as the original server did: UTC, milliseconds.
func legacyTime(t time.Time) string { return t.UTC().Format(legacyTimestamp) }

func shopUserReply(shape func(shopUserRow) fields) func(*call, json.RawMessage) (any, error) {
	return func(_ *call, data json.RawMessage) (any, error) {
		d, err := decode[struct {
			User shopUserRow `json:"user"`
		}](data)
		return shape(d.User), err
	}
}

var shopUserIDVars = pathIDVars("id", "id", "用户ID必须是数字")

// shopUserFails are the user routes' messages over the envelope's defaults.
func shopUserFails(extra failures) failures {
	return withFailures(failures{
		"NOT_FOUND/user":     {http.StatusOK, 400, "用户不存在"},
		"NOT_FOUND/role":     {http.StatusOK, 400, "角色不存在"},
		"CONFLICT/DUPLICATE": {http.StatusOK, 400, "用户名已存在"},
	}, extra)
}

func withFailures(base, extra failures) failures {
	out := failures{}
	for _, m := range []failures{base, extra} {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// optionalStrings copies the string members among keys into input; a
// member left out is left out (it keeps its value), one of another type is
// refused.
func optionalStrings(c *call, input map[string]any, keys ...string) error {
	for _, k := range keys {
		switch v := c.params[k].(type) {
		case nil:
		case string:
			input[k] = v
		default:
			return reject(k + " 必须是字符串")
		}
	}
	return nil
}

// Rights

// shopRightNodeFragment is one node of a rights answer; trees nest it.
const shopRightNodeFragment = `
fragment ShopRightNode on ShopRight { id name path level parentId }`

// shopRightTreeFragment is a role's rights, three levels deep.
const shopRightTreeFragment = `
fragment ShopRightTree on ShopRight { ...ShopRightNode children { ...ShopRightNode children { ...ShopRightNode } } }` +
	shopRightNodeFragment

type shopRightRow struct {
	ID       legacyID       `json:"id"`
	Name     string         `json:"name"`
	Path     string         `json:"path"`
	Level    int            `json:"level"`
	ParentID *legacyID      `json:"parentId"`
	Children []shopRightRow `json:"children"`
}

// parent is the legacy pid: 0 at the top level.
func (r shopRightRow) parent() legacyID {
	if r.ParentID == nil {
		return 0
	}
	return *r.ParentID
}

// leaf tells the last level, which the legacy trees write without a
// children member; groups and pages always have one, empty or not.
func (r shopRightRow) leaf() bool { return r.Level >= 2 }

// node writes a right with the legacy names and, above the last level, its
// children as child writes them.
func (r shopRightRow) node(child func(shopRightRow) fields) fields {
	f := fields{"id": r.ID, "authName": r.Name, "path": r.Path}
	if !r.leaf() {
		children := make([]fields, len(r.Children))
		for i, c := range r.Children {
			children[i] = child(c)
		}
		f["children"] = children
	}
	return f
}

// roleTree is a role's rights as roles answers write them.
func roleTree(rights []shopRightRow) []fields {
	out := make([]fields, len(rights))
	for i, r := range rights {
		out[i] = r.node(func(c shopRightRow) fields { return roleTree([]shopRightRow{c})[0] })
	}
	return out
}

// rightsTree is rights/tree: each node carries its pid, which on the last
// level is the chain of its ancestors' ids ("104,101"), as the document
// shows.
func rightsTree(rights []shopRightRow, ancestors []string) []fields {
	out := make([]fields, len(rights))
	for i, r := range rights {
		chain := append([]string{strconv.FormatInt(int64(r.ID), 10)}, ancestors...)
		f := r.node(func(c shopRightRow) fields { return rightsTree([]shopRightRow{c}, chain)[0] })
		f["pid"] = r.parent()
		if r.leaf() {
			f["pid"] = strings.Join(ancestors, ",")
		}
		out[i] = f
	}
	return out
}

// menuTree is menus: groups and their pages, every page with children [].
func menuTree(groups []shopRightRow) []fields {
	out := make([]fields, len(groups))
	for i, g := range groups {
		pages := make([]fields, len(g.Children))
		for j, p := range g.Children {
			pages[j] = fields{"id": p.ID, "authName": p.Name, "path": p.Path, "children": []fields{}}
		}
		out[i] = fields{"id": g.ID, "authName": g.Name, "path": g.Path, "children": pages}
	}
	return out
}

// rightIDs reads rids, the comma-separated right ids of a grant; an empty
// string takes every right away.
func rightIDs(c *call) ([]int64, error) {
	var raw string
	switch v := c.params["rids"].(type) {
	case string:
		raw = v
	case json.Number:
		raw = v.String()
	default:
		return nil, reject("rids 参数错误，应为以逗号分隔的权限ID")
	}
	ids := []int64{}
	for _, s := range strings.Split(raw, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, reject("权限ID必须是数字")
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// Roles

type shopRoleRow struct {
	ID          legacyID       `json:"id"`
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Rights      []shopRightRow `json:"rights"`
}

func shopRoleReply(_ *call, data json.RawMessage) (any, error) {
	d, err := decode[struct {
		Role shopRoleRow `json:"role"`
	}](data)
	return fields{"roleId": d.Role.ID, "roleName": d.Role.Name, "roleDesc": d.Role.Description}, err
}

// shopRoleIDVars reads the role id path parameter into the variable of the
// same name.
func shopRoleIDVars(name string) func(c *call) (map[string]any, error) {
	return pathIDVars(name, name, "角色ID必须是数字")
}

func shopRoleInput(c *call) (map[string]any, error) {
	name, err := c.string("roleName", "角色名称不能为空")
	if err != nil {
		return nil, err
	}
	desc, _ := c.params["roleDesc"].(string)
	return map[string]any{"name": name, "description": desc}, nil
}

var shopRoleFails = failures{
	"NOT_FOUND/role":     {http.StatusOK, 400, "角色不存在"},
	"NOT_FOUND/right":    {http.StatusOK, 400, "权限不存在"},
	"CONFLICT/DUPLICATE": {http.StatusOK, 400, "角色名称已存在"},
	"INVALID_INPUT":      {http.StatusOK, 400, "参数错误"},
}
