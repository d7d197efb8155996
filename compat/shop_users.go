package compat

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/onegraph/server/apperr"
)

// Routes of the shop back office; see shop.go for the envelope.
//
// Users, rights, menus and roles (shop-admin-v2.md 三, 四, 五). Where the
// document's examples give a member a type of its own (mg_state 0/1 after a
// state change, rid as a string after a role change), the answer keeps it:
// clients built on those examples may read it so.
var shopUserRoutes = append(withFails(shopUserFails, []route{
	// 三、用户管理
	{op: "ShopUsers", method: http.MethodGet, path: "/users", okMsg: "获取成功", reply: paged("list", shopUserConvs),
		vars: func(c *call) obj {
			query, _ := c.params["query"].(string)
			return obj{"search": query, "paging": c.paging(shopPage)}
		},
		original: &route{okMsg: "获取管理员列表成功", reply: paged("list", originalUserConvs)}},
	// The example shows columns of the original table (type, openid,
	// is_delete ...) that mean nothing here; the answer carries the
	// documented parameters and the creation time.
	{op: "CreateShopUser", method: http.MethodPost, path: "/users", okMsg: "用户创建成功", okStatus: http.StatusCreated, reply: shopUserReply,
		vars: input(func(c *call) obj {
			in := obj{"username": c.str("username", "用户名不能为空"), "password": c.str("password", "密码不能为空")}
			return contacts.read(c, c.params, in)
		}),
		original: &route{okMsg: "创建成功", reply: shape("user", originalUserConvs.with("rid", chain(pluck("id"), copyTo("role_id"))))}},
	{op: "SetShopUserActive", method: http.MethodPut, path: "/users/{id}/state/{type}", okMsg: "设置状态成功",
		reply: shape("user", shopUserConvs.with("mg_state", flag(1, 0))),
		fails: failures{builtin: "不允许禁用超级管理员", self: "不允许禁用自己"},
		vars: pathIDVars("id", shopUserIDMsg, func(c *call) obj {
			active, err := strconv.ParseBool(chi.URLParam(c.r, "type"))
			if err != nil {
				c.refuse("type 参数错误，应为 true 或 false")
			}
			return obj{"active": active}
		}),
		original: &route{fails: failures{builtin: shopAdminUnchangeable},
			reply: shape("user", shopUserConvs.with("mg_state", flag(1, 0)).with("rid", chain(pluck("id"), orMinusOne)))}},
	{op: "ShopUser", method: http.MethodGet, path: "/users/{id}", okMsg: "查询成功", vars: shopUserIDVars, reply: shopUserReply,
		original: &route{op: "ShopUserOriginal", okMsg: "获取成功", reply: shape("user", originalUserConvs)}},
	{op: "UpdateShopUser", method: http.MethodPut, path: "/users/{id}", okMsg: "更新成功", reply: shopUserReply,
		vars: pathIDVars("id", shopUserIDMsg, input(contacts.vars))},
	{op: "DeleteShopUser", method: http.MethodDelete, path: "/users/{id}", okMsg: "删除成功", vars: shopUserIDVars,
		fails:    failures{builtin: "不允许删除超级管理员", self: "不允许删除自己"},
		original: &route{fails: failures{builtin: "不允许删除admin账户"}}},
	{op: "SetShopUserRole", method: http.MethodPut, path: "/users/{id}/role", okMsg: "设置角色成功",
		reply:    shape("user", shopUserConvs.with("rid", chain(pluck("id"), text))), // a string, as documented
		fails:    failures{builtin: "不允许修改超级管理员的角色"},
		vars:     pathIDVars("id", shopUserIDMsg, func(c *call) obj { return obj{"roleId": c.int("rid", shopRoleIDMsg)} }),
		original: &route{fails: failures{builtin: shopAdminUnchangeable}}},

	// 四、权限管理
	{op: "ShopRights", method: http.MethodGet, path: "/rights/{type}", okMsg: "获取权限列表成功",
		vars: func(c *call) obj {
			kind := chi.URLParam(c.r, "type")
			if kind != "list" && kind != "tree" {
				c.refuse("type 参数错误")
			}
			return obj{"tree": kind == "tree"}
		},
		reply:    shape("list", rightConvs.with("tree", rightsAs("list", true))), // a tree answers as the list
		original: &route{refusals: map[string]string{"type 参数错误": "显示类型参数错误"}}},
	{op: "ShopMenus", method: http.MethodGet, path: "/menus", okMsg: "获取菜单列表成功",
		reply:    shape("menus", rightConvs.with("menus", rightsAs("menus", false))),
		original: &route{op: "ShopMenusOriginal"}}, // with each menu's order
}), withFails(shopRoleFails, []route{
	// 五、角色管理
	{op: "ShopRoles", method: http.MethodGet, path: "/roles", okMsg: "获取成功",
		reply: shape("roles", rightConvs.with("rights", rightsAs("children", false)))},
	{op: "CreateShopRole", method: http.MethodPost, path: "/roles", okMsg: "创建成功", okStatus: http.StatusCreated, reply: shopRoleReply,
		vars: input(shopRoleInput)},
	{op: "ShopRole", method: http.MethodGet, path: "/roles/{id}", okMsg: "获取成功", reply: shopRoleReply,
		vars: shopRoleIDVars,
		original: &route{op: "ShopRoleOriginal", fails: failures{missing(apperr.EntityRole): "获取角色详情失败"},
			reply: shape("role", shopRoleConvs.with("rolePermissionDesc", operationsOf))}},
	// The document answers the update with the read's message.
	{op: "UpdateShopRole", method: http.MethodPut, path: "/roles/{id}", okMsg: "获取成功", reply: shopRoleReply,
		vars: pathIDVars("id", shopRoleIDMsg, input(shopRoleInput))},
	{op: "DeleteShopRole", method: http.MethodDelete, path: "/roles/{id}", okMsg: "删除成功", vars: shopRoleIDVars,
		fails: failures{builtin: "不允许删除超级管理员角色", inUse: "该角色下还有用户，不能删除"},
		// The original told no failure of a delete from another.
		original: &route{fails: failures{builtin: "删除失败", inUse: "删除失败", outranked: "删除失败", missing(apperr.EntityRole): "删除失败"}}},
	{op: "GrantShopRoleRights", method: http.MethodPost, path: "/roles/{roleId}/rights", okMsg: "更新成功",
		vars:  pathIDVars("roleId", shopRoleIDMsg, func(c *call) obj { return obj{"rightIds": rightIDs(c)} }),
		fails: failures{builtin: "超级管理员拥有全部权限，不能修改", invalid: "权限ID不存在"}},
	{op: "RevokeShopRoleRight", method: http.MethodDelete, path: "/roles/{roleId}/rights/{rightId}", okMsg: "取消权限成功",
		reply: shape("role.rights", rightConvs.with("rights", rightsAs("rights", false))),
		fails: failures{builtin: "超级管理员拥有全部权限，不能修改"},
		vars:  pathIDVars("roleId", shopRoleIDMsg, pathIDVars("rightId", "权限ID必须是数字"))},
})...)

const (
	shopUserIDMsg = "用户ID必须是数字"
	shopRoleIDMsg = "角色ID必须是数字"
)

var (
	// shopUserConvs read a user's ids and times; rid and role_id are the
	// role's id, null for an account without a shop role.
	shopUserConvs = convs{"id": num, "rid": pluck("id"), "role_id": pluck("id"), "role_name": pluck("name"),
		"create_time": timeAs(legacyTimestamp, time.UTC)}
	// The original wrote creation times as unix seconds.
	originalUserConvs = shopUserConvs.with("create_time", unix)
	// The original refused any change to its built-in admin in these words.
	shopAdminUnchangeable = "不允许修改admin账户"
	shopUserReply         = shape("user", shopUserConvs)
	shopUserIDVars        = pathIDVars("id", shopUserIDMsg)
	shopUserFails         = failures{missing(apperr.EntityUser): "用户不存在", missing(apperr.EntityRole): "角色不存在",
		duplicate: "用户名已存在", outranked: "不允许操作权限高于自己的用户"}
	// The refusals of the rule of who may act on whom (service.Caller.Outranks).
	self      = failKey{apperr.Forbidden, apperr.ReasonSelf, ""}
	outranked = failKey{apperr.Forbidden, apperr.ReasonOutranked, ""}
	// contacts reads email and mobile; a member left out keeps its value.
	contacts = members{unsent: orNull, msg: "%s 必须是字符串",
		fields: []field{{"email", "email", anyString}, {"mobile", "mobile", anyString}}}
	// rightConvs read a right's ids; level reads as a string, as the flat
	// list shows it.
	rightConvs = convs{"id": num, "pid": orZero, "level": text}
)

// rightsAs writes a list of rights under name as the legacy trees did: the
// last level (2, which may hang right below the top) has no children
// member, the levels above always have one, [] when empty. With pids each
// node keeps its pid, which on the last level is the chain of its
// ancestors' ids ("104,101"), as the document shows; without, it has none.
func rightsAs(name string, pids bool) conv {
	return func(o obj, key string) error {
		tree := rightTree(o[key], nil, pids)
		delete(o, key)
		o[name] = tree
		return nil
	}
}

func rightTree(nodes any, ancestors []string, pids bool) []any {
	list, _ := nodes.([]any)
	for _, n := range list {
		node := n.(obj)
		if fmt.Sprint(node["level"]) == "2" {
			delete(node, "children")
			node["pid"] = strings.Join(ancestors, ",")
		} else {
			chain := append([]string{fmt.Sprint(node["id"])}, ancestors...)
			node["children"] = rightTree(node["children"], chain, pids)
		}
		if !pids {
			delete(node, "pid")
		}
		delete(node, "level")
	}
	if list == nil {
		list = []any{}
	}
	return list
}

// rightIDs reads rids, the comma-separated right ids of a grant; an empty
// string takes every right away.
func rightIDs(c *call) []int64 {
	ids := []int64{}
	rids := textual(c, c.params["rids"], "rids 参数错误，应为以逗号分隔的权限ID").(string)
	for _, s := range strings.Split(rids, ",") {
		if s = strings.TrimSpace(s); s != "" {
			ids = append(ids, c.intOf(s, "权限ID必须是数字"))
		}
	}
	return ids
}

func shopRoleInput(c *call) obj {
	desc, _ := c.params["roleDesc"].(string)
	return obj{"name": c.str("roleName", "角色名称不能为空"), "description": desc}
}

// operationsOf writes a role's rights tree as the original's
// rolePermissionDesc: the service calls its rights guard, comma-separated.
var operationsOf = val(func(v any) (any, error) {
	var ops []string
	var walk func(nodes any)
	walk = func(nodes any) {
		list, _ := nodes.([]any)
		for _, n := range list {
			if op, ok := member(n, "operation").(string); ok && !slices.Contains(ops, op) {
				ops = append(ops, op)
			}
			walk(member(n, "children"))
		}
	}
	walk(v)
	return strings.Join(ops, ","), nil
})

var (
	shopRoleConvs  = convs{"roleId": num}
	shopRoleReply  = shape("role", shopRoleConvs)
	shopRoleIDVars = pathIDVars("id", shopRoleIDMsg)
	shopRoleFails  = failures{missing(apperr.EntityRole): "角色不存在", missing(apperr.EntityRight): "权限不存在",
		duplicate: "角色名称已存在", invalid: "参数错误", outranked: "不允许修改权限高于自己的角色"}
)
