package compat

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/go-chi/chi/v5"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/enum"
	"github.com/onegraph/server/media"
)

// Goods (shop-admin-v2.md 八): list, create, read, update, delete, the
// picture and attribute syncs, and the image upload. Each answer carries
// the members its example in the document shows. The review state route
// (right 152 of shop-rights.md; the document has no example) answers as
// the syncs do.

// shopGoodsConvs read goods. Beside the fragments, the create answers the
// goods' category (cat_id), the read all of its path (goods_cat: the read
// example leaves it out but the document's table lists it, and an edit
// form needs it) and the syncs is_del and delete_time.
var shopGoodsConvs = convs{
	"goods_id": num, "pics_id": num, "attr_id": num,
	"goods_state": code(enum.ShopGoodsState), "add_time": unix, "upd_time": unix,
	"attribute": lift, "attr_sel": attrSel,
	"cat_id": last, "goods_cat": join("", ","),
	// Only live goods can be changed, so a sync always reads "0" and null.
	"is_del": chain(flag("1", "0"), beside("delete_time", nil)),
}

// originalGoodsConvs read goods as the original wrote every one: with its
// category path in cat_one_id, cat_two_id, cat_three_id (0 where the path is
// shorter) and cat_id, and whether and when they were deleted.
var originalGoodsConvs = shopGoodsConvs.with("is_del", flag("1", "0")).with("delete_time", unlessNull(unix)).
	with("cat_id", func(o obj, key string) error {
		path, _ := o[key].([]any)
		for i, name := range []string{"cat_one_id", "cat_two_id", "cat_three_id"} {
			o[name] = 0
			if i < len(path) {
				id, err := legacyNum(path[i])
				if err != nil {
					return err
				}
				o[name] = id
			}
		}
		return last(o, key)
	})

// goodsPage is the list; it echoes pagenum as sent, a string in the
// document's example ("1", or "02" when so sent).
func goodsPage(cv convs) reply {
	return func(c *call, data any) (any, error) {
		page, err := paged("page", cv)(c, data)
		if m, ok := page.(obj); ok {
			m["pagenum"] = fmt.Sprint(c.params["pagenum"])
		}
		return page, err
	}
}

const (
	shopGoodsIDMsg    = "商品ID必须是数字"
	shopGoodsNoFile   = "请选择要上传的文件"
	shopGoodsStateMsg = "状态值只能为 0 ，1 或 2"
)

var (
	shopGoodsReply    = shape("goods", shopGoodsConvs)
	originalGoods     = shape("goods", originalGoodsConvs)
	shopGoodsIDVars   = pathIDVars("id", shopGoodsIDMsg)
	shopGoodsTooLarge = fmt.Sprintf("上传文件不能超过%dMB", media.MaxUploadBytes>>20)
	// Too large from the server is mostly too many pixels: shopUploadVars
	// refuses a file over the byte limit itself.
	shopGoodsFails = failures{
		missing(apperr.EntityGoods): "商品不存在", missing(apperr.EntityCategory): "商品分类不存在",
		missing(apperr.EntityAttribute): "商品参数不存在", missing(apperr.EntityPicture): "商品图片不存在",
		missing(apperr.EntityUpload): "上传的图片不存在", duplicate: "商品名称已存在",
		{apperr.InvalidInput, apperr.ReasonNotImage, ""}:  "只能上传图片文件",
		{apperr.InvalidInput, apperr.ReasonTooLarge, ""}:  "图片尺寸或文件过大",
		{apperr.InvalidInput, apperr.ReasonNotUpload, ""}: "图片路径不正确，应为上传接口返回的 tmp_path",
	}
)

// shopGoodsInput reads the goods members of a create or update body; an
// update may leave goods_cat out (the document's own example does) and the
// goods keep their category.
func shopGoodsInput(c *call, needCategory bool) obj {
	input := obj{"name": c.str("goods_name", "商品名称不能为空")}
	if _, given := c.params["goods_cat"]; given || needCategory {
		var path []int64
		for _, s := range strings.Split(c.str("goods_cat", "商品没有设置所属分类"), ",") {
			path = append(path, c.intOf(strings.TrimSpace(s), "商品分类格式不正确"))
		}
		input["categoryPath"] = path
	}
	input["price"] = c.number(c.params["goods_price"], "商品价格不能为空", "商品价格不正确")
	number := c.number(c.params["goods_number"], "商品数量不能为空", "商品数量不正确")
	if number != float64(int64(number)) {
		c.refuse("商品数量不正确")
	}
	input["number"] = int64(number)
	input["weight"] = c.number(c.params["goods_weight"], "商品重量不能为空", "商品重量格式不正确")
	if intro, ok := c.params["goods_introduce"].(string); ok {
		input["introduction"] = intro
	}
	// Left out (or null), pictures and attribute values stay as they are.
	return members{unsent: orNull, fields: []field{{"pics", "pictures", shopGoodsPictures},
		{"attrs", "attributes", shopGoodsAttributes}}}.read(c, c.params, input)
}

// shopGoodsPictures reads the legacy pictures: one with pics_id is kept,
// one with only pic is made from that temporary upload.
func shopGoodsPictures(c *call, raw any, _ string) any {
	const bad = "商品图片参数错误：每张图片需要 pics_id 或 pic"
	return c.objects(raw, bad, func(m obj) obj {
		if _, has := m["pics_id"]; has {
			return obj{"id": c.intOf(m["pics_id"], "pics_id 必须是数字")}
		}
		return obj{"tmpPath": c.strOf(m["pic"], bad)}
	})
}

// shopGoodsAttributes reads the legacy attribute values [{attr_id, attr_value}].
func shopGoodsAttributes(c *call, raw any, _ string) any {
	const bad = "商品参数错误：每个参数需要 attr_id 和 attr_value"
	return c.objects(raw, bad, func(m obj) obj {
		return obj{"attributeId": c.intOf(m["attr_id"], bad), "value": anyString(c, m["attr_value"], bad)}
	})
}

// shopGoodsSync reads the goods id and the list a sync sends as its whole
// body (an object body carrying it under key is taken too) into the
// variable name.
func shopGoodsSync(name, key string, read reader) func(c *call) obj {
	return pathIDVars("id", shopGoodsIDMsg, func(c *call) obj {
		list, ok := c.params[bodyKey]
		if !ok {
			list = c.params[key]
		}
		return obj{name: read(c, list, "")}
	})
}

// shopGoodsState reads the path's state, a legacy goods_state code (0
// 未通过, 1 审核中, 2 已审核), as its GraphQL name.
func shopGoodsState(c *call) obj {
	return obj{"state": codeName(enum.ShopGoodsState)(c, chi.URLParam(c.r, "state"), shopGoodsStateMsg)}
}

// shopUploadVars reads the multipart member `file` (decode parsed the form,
// bounded to uploadFormLimit).
func shopUploadVars(c *call) obj {
	f, h, err := c.r.FormFile("file")
	switch {
	case err != nil:
		c.refuse(shopGoodsNoFile)
		return nil
	case h.Size > media.MaxUploadBytes:
		c.refuse(shopGoodsTooLarge)
	}
	return obj{"file": graphql.Upload{File: f, Filename: h.Filename, Size: h.Size,
		ContentType: h.Header.Get("Content-Type")}}
}

var shopGoodsRoutes = withFails(shopGoodsFails, []route{
	{op: "ShopGoodsList", method: http.MethodGet, path: "/goods", okMsg: "获取成功", reply: goodsPage(shopGoodsConvs),
		vars: func(c *call) obj {
			query := members{unsent: orBlank, fields: []field{{"query", "search", anyString}}}
			return query.read(c, c.params, obj{"paging": c.paging(shopPage)})
		},
		original: &route{op: "ShopGoodsListOriginal", reply: goodsPage(originalGoodsConvs)}},
	{op: "CreateShopGoods", method: http.MethodPost, path: "/goods", okMsg: "创建商品成功", okStatus: http.StatusCreated, reply: shopGoodsReply,
		vars:     input(func(c *call) obj { return shopGoodsInput(c, true) }),
		original: &route{op: "CreateShopGoodsOriginal", reply: originalGoods}},
	// Deleted goods stay readable, with is_del "1" at /api/private/v1.
	{op: "ShopGoods", method: http.MethodGet, path: "/goods/{id}", okMsg: "获取成功", vars: shopGoodsIDVars, reply: shopGoodsReply,
		original: &route{op: "ShopGoodsOriginal", reply: originalGoods, fails: failures{missing(apperr.EntityGoods): "获取商品基本信息失败"}}},
	{op: "UpdateShopGoods", method: http.MethodPut, path: "/goods/{id}", okMsg: "更新商品成功", reply: shopGoodsReply,
		vars:     pathIDVars("id", shopGoodsIDMsg, input(func(c *call) obj { return shopGoodsInput(c, false) })),
		original: &route{op: "UpdateShopGoodsOriginal", reply: originalGoods}},
	{op: "DeleteShopGoods", method: http.MethodDelete, path: "/goods/{id}", okMsg: "删除成功", vars: shopGoodsIDVars},
	{op: "SetShopGoodsPictures", method: http.MethodPut, path: "/goods/{id}/pics", okMsg: "更新成功", reply: shopGoodsReply,
		vars: shopGoodsSync("pictures", "pics", shopGoodsPictures)},
	{op: "SetShopGoodsAttributes", method: http.MethodPut, path: "/goods/{id}/attributes", okMsg: "更新成功", reply: shopGoodsReply,
		vars: shopGoodsSync("attributes", "attrs", shopGoodsAttributes)},
	{op: "SetShopGoodsState", method: http.MethodPut, path: "/goods/{id}/state/{state}", okMsg: "更新成功", reply: shopGoodsReply,
		vars: pathIDVars("id", shopGoodsIDMsg, shopGoodsState)},
	{op: "UploadImage", method: http.MethodPost, path: "/upload", upload: true, okMsg: "上传成功", vars: shopUploadVars, reply: shape("file", nil),
		// A form too large or unreadable reads as no file of the right size.
		refusals: map[string]string{bodyTooLarge: shopGoodsTooLarge, badForm: shopGoodsNoFile}},
})
