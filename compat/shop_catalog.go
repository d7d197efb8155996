package compat

import (
	"net/http"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/enum"
)

// Routes of the shop back office; see shop.go for the envelope.
//
// Categories and their attributes (shop-admin-v2.md 六 and 七). Where the
// document's examples echo request members back as strings ("cat_pid": "1",
// "cat_id": "43"), the answers carry numbers like every other example of
// the same member: front ends built for the document read both.
var shopCatalogRoutes = withFails(catalogFails, []route{
	// type limits the depth shown (1, 2, or 3 / absent: all three). The
	// deepest level shown has no children key, as the document's level-2
	// leaves; a node above it always has one, [] when it has none, so a
	// tree widget can tell "no sub-categories" from "not loaded".
	{op: "ShopCategoryTree", method: http.MethodGet, path: "/categories", okMsg: "获取成功", vars: categoryTreeVars, reply: inOrder(categoryTreeReply, categoryKeys)},
	{op: "AddShopCategory", method: http.MethodPost, path: "/categories", okMsg: "创建成功", okStatus: http.StatusCreated, reply: catalogRow,
		vars: input(func(c *call) obj {
			pid := catalogInt(c, "cat_pid", "分类父ID不能为空，一级分类的父ID为 0", "分类父ID必须是数字")
			name := c.str("cat_name", "分类名称不能为空")
			level := catalogInt(c, "cat_level", "分类层级不能为空", "分类层级必须是数字")
			return obj{"name": name, "parentId": pid, "level": level}
		}),
		fails: failures{missing(apperr.EntityCategory): "父分类不存在或已删除",
			invalid: "分类层级错误：应为父分类层级加一（一级分类为 0，最多三级）"},
		original: &route{op: "AddShopCategoryOriginal", refusals: map[string]string{"分类名称不能为空": "必须提供分类名称"}}},
	// Deleted categories stay readable here, as in the original server.
	{op: "ShopCategory", method: http.MethodGet, path: "/categories/{id}", okMsg: "获取成功", vars: categoryIDVars, reply: catalogRow,
		original: &route{op: "ShopCategoryOriginal", fails: failures{missing(apperr.EntityCategory): "获取分类对象失败"}}},
	{op: "RenameShopCategory", method: http.MethodPut, path: "/categories/{id}", okMsg: "更新成功", reply: catalogRow,
		vars:     pathIDVars("id", categoryIDMsg, func(c *call) obj { return obj{"name": c.str("cat_name", "分类名称不能为空")} }),
		original: &route{op: "RenameShopCategoryOriginal"}},
	{op: "DeleteShopCategory", method: http.MethodDelete, path: "/categories/{id}", okMsg: "删除成功", vars: categoryIDVars},

	// Attributes of a category: many (dynamic parameters) or only (static).
	{op: "ShopAttributes", method: http.MethodGet, path: "/categories/{id}/attributes", okMsg: "获取成功", reply: catalogRow,
		vars:     pathIDVars("id", categoryIDMsg, func(c *call) obj { return obj{"kind": attributeKind(c, "sel")} }),
		original: &route{reply: originalAttributes, refusals: map[string]string{attributeKindMsg("sel"): "属性类型必须设置"}}},
	{op: "AddShopAttribute", method: http.MethodPost, path: "/categories/{id}/attributes", okMsg: "创建成功", okStatus: http.StatusCreated,
		vars: pathIDVars("id", categoryIDMsg, attributeInput), reply: catalogRow, original: originalAttributeWrite},
	// attr_sel, which the document lists here, only says which tab the
	// front end shows: the attribute id alone decides.
	{op: "ShopAttribute", method: http.MethodGet, path: "/categories/{id}/attributes/{attrId}", okMsg: "获取成功", reply: catalogRow,
		vars: attributeIDVars(), original: &route{reply: originalAttributes}},
	// attr_vals left out keeps the current values.
	{op: "UpdateShopAttribute", method: http.MethodPut, path: "/categories/{id}/attributes/{attrId}", okMsg: "更新成功",
		vars: attributeIDVars(attributeInput), reply: catalogRow, original: originalAttributeWrite},
	{op: "DeleteShopAttribute", method: http.MethodDelete, path: "/categories/{id}/attributes/{attrId}", okMsg: "删除成功",
		vars: attributeIDVars()},
})

// categoryTreeVars reads the depth and the optional page of the tree.
func categoryTreeVars(c *call) obj {
	depth := int64(3)
	if _, ok := c.params["type"]; ok {
		const bad = "type 参数错误，应为 1、2 或 3"
		if depth = c.int("type", bad); depth < 1 || depth > 3 {
			c.refuse(bad)
		}
	}
	return obj{"two": depth >= 2, "three": depth >= 3, "paging": c.paging(shopPageOptional)}
}

// categoryTreeReply answers the tree. The document shows only the unpaged
// array; paged, the original server answered an object with the page asked
// for (1-based).
func categoryTreeReply(c *call, data any) (any, error) {
	list, err := shape("list", catalogConvs)(c, data)
	if m, ok := list.(obj); ok && c.paged {
		m["pagenum"], m["pagesize"] = c.page, c.size
		return m, err
	}
	return member(list, "result"), err
}

const categoryIDMsg = "分类ID必须是数字"

var (
	catalogFails = failures{missing(apperr.EntityCategory): "分类不存在", missing(apperr.EntityAttribute): "参数不存在"}
	// catalogConvs read categories and attributes; cat_pid is 0 at the top
	// level, as the legacy one was.
	catalogConvs = convs{"cat_id": num, "cat_pid": orZero, "attr_id": num, "attr_sel": attrSel}
	catalogRow   = inOrder(shape("row", catalogConvs), categoryKeys, attributeKeys) // the one root field, aliased row
	// The legacy member orders of categories and attributes.
	categoryKeys   = []string{"cat_id", "cat_name", "cat_pid", "cat_level", "cat_deleted", "children"}
	attributeKeys  = []string{"attr_id", "attr_name", "cat_id", "attr_sel", "attr_write", "attr_vals", "delete_time"}
	categoryIDVars = pathIDVars("id", categoryIDMsg)
	// attributeInput reads the body {attr_name, attr_sel, attr_vals?} of an
	// attribute write.
	attributeInput = input(func(c *call) obj {
		in := obj{"name": c.str("attr_name", "参数名称不能为空"), "kind": attributeKind(c, "attr_sel")}
		return members{unsent: orNull, msg: "attr_vals 必须是字符串，多个值以空格分隔",
			fields: []field{{"attr_vals", "values", anyString}}}.read(c, c.params, in)
	})
)

// The original's attributes carried delete_time, always null here: an
// attribute is deleted for good. Its writes refused a bad attr_sel in
// words of their own.
var (
	originalAttributes = inOrder(shape("row", catalogConvs.with("attr_id", chain(num, beside("delete_time", nil)))),
		categoryKeys, attributeKeys)
	originalAttributeWrite = &route{reply: originalAttributes,
		refusals: map[string]string{attributeKindMsg("attr_sel"): "参数 attr_sel 类型必须为 only 或 many"}}
)

// attrSel writes the kind as attr_sel did and adds attr_write: dynamic
// parameters are picked from a list, static properties typed in by hand.
func attrSel(o obj, key string) error {
	err := code(enum.ShopAttributeKind)(o, key)
	o["attr_write"] = "manual"
	if o[key] == "many" {
		o["attr_write"] = "list"
	}
	return err
}

// attributeIDVars reads the category's and the attribute's ids from the path.
func attributeIDVars(more ...func(c *call) obj) func(c *call) obj {
	return pathIDVars("id", categoryIDMsg, pathIDVars("attrId", "参数ID必须是数字", more...))
}

// attributeKind reads many or only as the GraphQL enum.
func attributeKind(c *call, key string) string {
	msg := attributeKindMsg(key)
	name, err := enum.ShopAttributeKind.Name(c.str(key, msg))
	if err != nil {
		c.refuse(msg)
	}
	return name
}

func attributeKindMsg(key string) string { return key + " 参数错误，应为 many 或 only" }

// catalogInt reads a required integer member, telling a missing one from a
// malformed one.
func catalogInt(c *call, key, missing, bad string) int64 {
	if v, ok := c.params[key]; !ok || v == nil || v == "" {
		c.refuse(missing)
	}
	return c.int(key, bad)
}
