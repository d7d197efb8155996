package compat

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Routes of the shop back office; see shop.go for the envelope.
//
// Categories and their attributes (shop-admin-v2.md 六 and 七). Where the
// document's examples echo request members back as strings ("cat_pid": "1",
// "cat_id": "43"), the answers carry numbers like every other example of
// the same member: front ends built for the document read both.
var shopCatalogRoutes = []route{
	{
		// type limits the depth shown (1, 2, or 3 / absent: all three). The
		// deepest level shown has no children key, as the document's level-2
		// leaves; a node above it always has one, [] when it has none, so a
		// tree widget can tell "no sub-categories" from "not loaded".
		method: http.MethodGet, path: "/categories",
		doc: `query ShopCategoryTree($paging: PageInput, $two: Boolean!, $three: Boolean!) {
			list: shopCategories(paging: $paging) {
				total
				result: items {
					...catNode
					children @include(if: $two) {
						...catNode
						children @include(if: $three) { ...catNode }
					}
				}
			}
		}
		fragment catNode on ShopCategory {
			cat_id: id cat_name: name cat_pid: parentId cat_level: level cat_deleted: deleted
		}`,
		vars: func(c *call) (map[string]any, error) {
			depth := int64(3)
			if _, ok := c.params["type"]; ok {
				t, err := c.int("type", "type 参数错误，应为 1、2 或 3")
				if err != nil || t < 1 || t > 3 {
					return nil, reject("type 参数错误，应为 1、2 或 3")
				}
				depth = t
			}
			paging, err := shopPaging(c, false)
			if err != nil {
				return nil, err
			}
			vars := map[string]any{"two": depth >= 2, "three": depth >= 3}
			if paging != nil {
				vars["paging"] = paging // a typed nil map would read as an empty PageInput
			}
			return vars, nil
		},
		reply: func(c *call, data json.RawMessage) (any, error) {
			d, err := decode[struct {
				List struct {
					Total  int            `json:"total"`
					Result []categoryNode `json:"result"`
				} `json:"list"`
			}](data)
			if err != nil || !c.paged {
				return d.List.Result, err
			}
			// The document shows only the unpaged array; paged, the original
			// server answered this object (pagenum as asked, 1-based).
			paging, _ := shopPaging(c, false)
			return fields{"total": d.List.Total, "pagenum": paging["page"], "pagesize": paging["size"],
				"result": d.List.Result}, nil
		},
		okMsg: "获取成功",
	},
	{
		method: http.MethodPost, path: "/categories",
		doc: `mutation AddShopCategory($input: CreateShopCategoryInput!) {
			row: createShopCategory(input: $input) { ...catRow }
		}` + catRowFragment,
		vars: func(c *call) (map[string]any, error) {
			pid, err := catalogInt(c, "cat_pid", "分类父ID不能为空，一级分类的父ID为 0", "分类父ID必须是数字")
			if err != nil {
				return nil, err
			}
			name, err := c.string("cat_name", "分类名称不能为空")
			if err != nil {
				return nil, err
			}
			level, err := catalogInt(c, "cat_level", "分类层级不能为空", "分类层级必须是数字")
			if err != nil {
				return nil, err
			}
			return map[string]any{"input": map[string]any{"name": name, "parentId": pid, "level": level}}, nil
		},
		reply: catalogRow[categoryRow],
		fails: failures{
			"NOT_FOUND/category": {http.StatusOK, 400, "父分类不存在或已删除"},
			"INVALID_INPUT":      {http.StatusOK, 400, "分类层级错误：应为父分类层级加一（一级分类为 0，最多三级）"},
		},
		okMsg: "创建成功", okStatus: http.StatusCreated,
	},
	{
		// Deleted categories stay readable here, as in the original server.
		method: http.MethodGet, path: "/categories/{id}",
		doc:   `query ShopCategory($id: ID!) { row: shopCategory(id: $id) { ...catRow } }` + catRowFragment,
		vars:  categoryIDVars,
		reply: catalogRow[categoryRow],
		fails: catalogFails,
		okMsg: "获取成功",
	},
	{
		method: http.MethodPut, path: "/categories/{id}",
		doc: `mutation RenameShopCategory($id: ID!, $name: String!) {
			row: renameShopCategory(id: $id, name: $name) { ...catRow }
		}` + catRowFragment,
		vars: func(c *call) (map[string]any, error) {
			vars, err := categoryIDVars(c)
			if err != nil {
				return nil, err
			}
			vars["name"], err = c.string("cat_name", "分类名称不能为空")
			return vars, err
		},
		reply: catalogRow[categoryRow],
		fails: catalogFails,
		okMsg: "更新成功",
	},
	{
		method: http.MethodDelete, path: "/categories/{id}",
		doc:   `mutation DeleteShopCategory($id: ID!) { deleteShopCategory(id: $id) }`,
		vars:  categoryIDVars,
		fails: catalogFails,
		okMsg: "删除成功",
	},

	// Attributes of a category: many (dynamic parameters) or only (static).
	{
		method: http.MethodGet, path: "/categories/{id}/attributes",
		doc: `query ShopAttributes($categoryId: ID!, $kind: ShopAttributeKind!) {
			rows: shopAttributes(categoryId: $categoryId, kind: $kind) { ...attrRow }
		}` + attrRowFragment,
		vars: func(c *call) (map[string]any, error) {
			vars, err := attributeVars(c, "")
			if err != nil {
				return nil, err
			}
			vars["kind"], err = attributeKind(c, "sel")
			return vars, err
		},
		reply: func(_ *call, data json.RawMessage) (any, error) {
			d, err := decode[struct {
				Rows []attributeRow `json:"rows"`
			}](data)
			out := make([]attributeRow, len(d.Rows))
			for i, a := range d.Rows {
				out[i] = a.legacy()
			}
			return out, err
		},
		fails: catalogFails,
		okMsg: "获取成功",
	},
	{
		method: http.MethodPost, path: "/categories/{id}/attributes",
		doc: `mutation AddShopAttribute($categoryId: ID!, $input: ShopAttributeInput!) {
			row: createShopAttribute(categoryId: $categoryId, input: $input) { ...attrRow }
		}` + attrRowFragment,
		vars:  attributeInputVars(""),
		reply: attributeReply,
		fails: catalogFails,
		okMsg: "创建成功", okStatus: http.StatusCreated,
	},
	{
		// attr_sel, which the document lists here, only says which tab the
		// front end shows: the attribute id alone decides.
		method: http.MethodGet, path: "/categories/{id}/attributes/{attrId}",
		doc: `query ShopAttribute($categoryId: ID!, $id: ID!) {
			row: shopAttribute(categoryId: $categoryId, id: $id) { ...attrRow }
		}` + attrRowFragment,
		vars:  func(c *call) (map[string]any, error) { return attributeVars(c, "attrId") },
		reply: attributeReply,
		fails: catalogFails,
		okMsg: "获取成功",
	},
	{
		// attr_vals left out keeps the current values.
		method: http.MethodPut, path: "/categories/{id}/attributes/{attrId}",
		doc: `mutation UpdateShopAttribute($categoryId: ID!, $id: ID!, $input: ShopAttributeInput!) {
			row: updateShopAttribute(categoryId: $categoryId, id: $id, input: $input) { ...attrRow }
		}` + attrRowFragment,
		vars:  attributeInputVars("attrId"),
		reply: attributeReply,
		fails: catalogFails,
		okMsg: "更新成功",
	},
	{
		method: http.MethodDelete, path: "/categories/{id}/attributes/{attrId}",
		doc:   `mutation DeleteShopAttribute($categoryId: ID!, $id: ID!) { deleteShopAttribute(categoryId: $categoryId, id: $id) }`,
		vars:  func(c *call) (map[string]any, error) { return attributeVars(c, "attrId") },
		fails: catalogFails,
		okMsg: "删除成功",
	},
}

var catalogFails = failures{
	"NOT_FOUND/category":  {http.StatusOK, 400, "分类不存在"},
	"NOT_FOUND/attribute": {http.StatusOK, 400, "参数不存在"},
}

const catRowFragment = `
fragment catRow on ShopCategory { cat_id: id cat_name: name cat_pid: parentId cat_level: level }`

const attrRowFragment = `
fragment attrRow on ShopAttribute { attr_id: id attr_name: name cat_id: categoryId attr_sel: kind attr_vals: values }`

// categoryRow is a category as the legacy answers show it.
type categoryRow struct {
	ID    legacyID       `json:"cat_id"`
	Name  string         `json:"cat_name"`
	Pid   legacyParentID `json:"cat_pid"`
	Level int            `json:"cat_level"`
}

// categoryNode is a category in the tree; Children is nil (no key) at the
// deepest level asked for.
type categoryNode struct {
	categoryRow
	Deleted  bool            `json:"cat_deleted"`
	Children *[]categoryNode `json:"children,omitempty"`
}

// legacyParentID is a parent id where the top level (null in GraphQL) reads
// 0, as the legacy cat_pid did.
type legacyParentID legacyID

func (id *legacyParentID) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*id = 0
		return nil
	}
	return (*legacyID)(id).UnmarshalJSON(b)
}

// attributeRow is an attribute as the legacy answers show it; decoded, its
// Sel holds the GraphQL kind until legacy() rewrites it.
type attributeRow struct {
	ID    legacyID `json:"attr_id"`
	Name  string   `json:"attr_name"`
	CatID legacyID `json:"cat_id"`
	Sel   string   `json:"attr_sel"`
	Write string   `json:"attr_write"`
	Vals  string   `json:"attr_vals"`
}

// legacy spells the kind as attr_sel did and adds attr_write: dynamic
// parameters are picked from a list, static properties typed by hand.
func (a attributeRow) legacy() attributeRow {
	a.Sel = strings.ToLower(a.Sel)
	a.Write = "manual"
	if a.Sel == "many" {
		a.Write = "list"
	}
	return a
}

// catalogRow answers the operation's one root field, aliased row.
func catalogRow[T any](_ *call, data json.RawMessage) (any, error) {
	d, err := decode[struct {
		Row T `json:"row"`
	}](data)
	return d.Row, err
}

func attributeReply(_ *call, data json.RawMessage) (any, error) {
	d, err := decode[struct {
		Row attributeRow `json:"row"`
	}](data)
	return d.Row.legacy(), err
}

var categoryIDVars = pathIDVars("id", "id", "分类ID必须是数字")

// attributeVars reads the category id and, if attrParam is given, the
// attribute id from the path.
func attributeVars(c *call, attrParam string) (map[string]any, error) {
	cat, err := c.pathID("id", "分类ID必须是数字")
	if err != nil {
		return nil, err
	}
	vars := map[string]any{"categoryId": cat}
	if attrParam != "" {
		if vars["id"], err = c.pathID(attrParam, "参数ID必须是数字"); err != nil {
			return nil, err
		}
	}
	return vars, nil
}

// attributeInputVars reads the path ids and the body {attr_name, attr_sel,
// attr_vals?} of an attribute write.
func attributeInputVars(attrParam string) func(c *call) (map[string]any, error) {
	return func(c *call) (map[string]any, error) {
		vars, err := attributeVars(c, attrParam)
		if err != nil {
			return nil, err
		}
		name, err := c.string("attr_name", "参数名称不能为空")
		if err != nil {
			return nil, err
		}
		kind, err := attributeKind(c, "attr_sel")
		if err != nil {
			return nil, err
		}
		in := map[string]any{"name": name, "kind": kind}
		if v, ok := c.params["attr_vals"]; ok && v != nil {
			s, ok := v.(string)
			if !ok {
				return nil, reject("attr_vals 必须是字符串，多个值以空格分隔")
			}
			in["values"] = s
		}
		vars["input"] = in
		return vars, nil
	}
}

// attributeKind reads many or only as the GraphQL enum.
func attributeKind(c *call, key string) (string, error) {
	msg := key + " 参数错误，应为 many 或 only"
	sel, err := c.string(key, msg)
	if err != nil || (sel != "many" && sel != "only") {
		return "", reject(msg)
	}
	return strings.ToUpper(sel), nil
}

// catalogInt reads a required integer member, telling a missing one from a
// malformed one.
func catalogInt(c *call, key, missing, bad string) (int64, error) {
	if v, ok := c.params[key]; !ok || v == nil || v == "" {
		return 0, reject(missing)
	}
	return c.int(key, bad)
}
