package compat

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/media"
)

// Goods (shop-admin-v2.md 八): list, create, read, update, delete, the
// picture and attribute syncs, and the image upload. Each answer carries
// the members its example in the document shows.

// shopGoodsRowFields reads what a row of the goods list shows (see
// shopGoodsRow.listed), with the legacy names: only the goods' own columns,
// so the list loads no pictures or attributes. Times are converted to unix
// seconds in shopGoodsRow.
const shopGoodsRowFields = `fragment LegacyGoodsRow on ShopGoods {
	goods_id: id
	goods_name: name
	goods_price: price
	goods_number: number
	goods_weight: weight
	goods_state: state
	createdAt
	updatedAt
	hot_mumber: hotNumber
	is_promote: promoted
}`

// shopGoodsFields reads the whole goods with the legacy names, for the
// read, the writes and the syncs.
const shopGoodsFields = `fragment LegacyGoods on ShopGoods {
	...LegacyGoodsRow
	goods_introduce: introduction
	goods_big_logo: bigLogo
	goods_small_logo: smallLogo
	categoryPath
	deleted
	pics: pictures { pics_id: id goods_id: goodsId pics_big: big pics_mid: mid pics_sma: small }
	attrs: attributes { goods_id: goodsId attr_value: value add_price: addPrice attribute { id name kind values } }
}` + shopGoodsRowFields

type shopGoodsRow struct {
	ID         legacyID   `json:"goods_id"`
	Name       string     `json:"goods_name"`
	Price      float64    `json:"goods_price"`
	Number     int        `json:"goods_number"`
	Weight     float64    `json:"goods_weight"`
	Introduce  string     `json:"goods_introduce"`
	BigLogo    string     `json:"goods_big_logo"`
	SmallLogo  string     `json:"goods_small_logo"`
	State      string     `json:"goods_state"`
	CreatedAt  time.Time  `json:"createdAt"`
	UpdatedAt  time.Time  `json:"updatedAt"`
	HotNumber  int        `json:"hot_mumber"`
	Promoted   bool       `json:"is_promote"`
	Categories []legacyID `json:"categoryPath"`
	Deleted    bool       `json:"deleted"`
	Pics       []struct {
		ID      legacyID `json:"pics_id"`
		GoodsID legacyID `json:"goods_id"`
		Big     string   `json:"pics_big"`
		Mid     string   `json:"pics_mid"`
		Small   string   `json:"pics_sma"`
	} `json:"pics"`
	Attrs []struct {
		GoodsID   legacyID `json:"goods_id"`
		Value     string   `json:"attr_value"`
		AddPrice  *float64 `json:"add_price"`
		Attribute struct {
			ID     legacyID `json:"id"`
			Name   string   `json:"name"`
			Kind   string   `json:"kind"`
			Values string   `json:"values"`
		} `json:"attribute"`
	} `json:"attrs"`
}

// shopGoodsStates are the legacy goods_state numbers.
var shopGoodsStates = map[string]int{"REJECTED": 0, "IN_REVIEW": 1, "APPROVED": 2}

// listed is a row of the goods list.
func (g shopGoodsRow) listed() fields {
	return fields{
		"goods_id": g.ID, "goods_name": g.Name, "goods_price": g.Price, "goods_number": g.Number,
		"goods_weight": g.Weight, "goods_state": shopGoodsStates[g.State],
		"add_time": g.CreatedAt.Unix(), "upd_time": g.UpdatedAt.Unix(),
		"hot_mumber": g.HotNumber, "is_promote": g.Promoted,
	}
}

// detail is the goods with introduction, logos, pictures and attribute
// values, as the read, update and sync examples show them.
func (g shopGoodsRow) detail() fields {
	f := g.listed()
	f["goods_introduce"], f["goods_big_logo"], f["goods_small_logo"] = g.Introduce, g.BigLogo, g.SmallLogo
	pics := make([]fields, len(g.Pics))
	for i, p := range g.Pics {
		pics[i] = fields{"pics_id": p.ID, "goods_id": p.GoodsID, "pics_big": p.Big, "pics_mid": p.Mid, "pics_sma": p.Small}
	}
	attrs := make([]fields, len(g.Attrs))
	for i, a := range g.Attrs {
		write := "manual" // static properties are typed in by hand
		if a.Attribute.Kind == "MANY" {
			write = "list"
		}
		attrs[i] = fields{"goods_id": a.GoodsID, "attr_id": a.Attribute.ID, "attr_value": a.Value, "add_price": a.AddPrice,
			"attr_name": a.Attribute.Name, "attr_sel": strings.ToLower(a.Attribute.Kind), "attr_write": write,
			"attr_vals": a.Attribute.Values}
	}
	f["pics"], f["attrs"] = pics, attrs
	return f
}

// created adds the goods' category (cat_id), as the create example shows.
func (g shopGoodsRow) created() fields {
	f := g.detail()
	f["cat_id"] = nil
	if n := len(g.Categories); n > 0 {
		f["cat_id"] = g.Categories[n-1]
	}
	return f
}

// read adds goods_cat: the read example leaves it out but the document's
// table for it lists it, and an edit form needs it to show the category.
func (g shopGoodsRow) read() fields {
	f := g.detail()
	cats := make([]string, len(g.Categories))
	for i, id := range g.Categories {
		cats[i] = strconv.FormatInt(int64(id), 10)
	}
	f["goods_cat"] = strings.Join(cats, ",")
	return f
}

// synced adds is_del and delete_time, as the sync examples show. Only live
// goods can be changed, so they always read "0" and null.
func (g shopGoodsRow) synced() fields {
	f := g.detail()
	f["is_del"], f["delete_time"] = "0", nil
	if g.Deleted {
		f["is_del"] = "1"
	}
	return f
}

// shopGoodsReply answers the goods under the alias `goods` in a shape.
func shopGoodsReply(shape func(shopGoodsRow) fields) func(*call, json.RawMessage) (any, error) {
	return func(_ *call, data json.RawMessage) (any, error) {
		d, err := decode[struct {
			Goods shopGoodsRow `json:"goods"`
		}](data)
		if err != nil {
			return nil, err
		}
		return shape(d.Goods), nil
	}
}

var shopGoodsFails = failures{
	"NOT_FOUND/goods":     {http.StatusOK, 400, "商品不存在"},
	"NOT_FOUND/category":  {http.StatusOK, 400, "商品分类不存在"},
	"NOT_FOUND/attribute": {http.StatusOK, 400, "商品参数不存在"},
	"NOT_FOUND/picture":   {http.StatusOK, 400, "商品图片不存在"},
	"NOT_FOUND/upload":    {http.StatusOK, 400, "上传的图片不存在"},
	"CONFLICT/DUPLICATE":  {http.StatusOK, 400, "商品名称已存在"},
	"INVALID_INPUT/" + string(apperr.ReasonNotImage):  {http.StatusOK, 400, shopGoodsNotImage},
	"INVALID_INPUT/" + string(apperr.ReasonTooLarge):  {http.StatusOK, 400, shopGoodsTooLarge},
	"INVALID_INPUT/" + string(apperr.ReasonNotUpload): {http.StatusOK, 400, "图片路径不正确，应为上传接口返回的 tmp_path"},
}

const (
	shopGoodsIDMsg    = "商品ID必须是数字"
	shopGoodsNotImage = "只能上传图片文件"
	shopGoodsNoFile   = "请选择要上传的文件"
)

var shopGoodsTooLarge = fmt.Sprintf("上传文件不能超过%dMB", media.MaxUploadBytes>>20)

var shopGoodsIDVars = pathIDVars("id", "id", shopGoodsIDMsg)

// shopGoodsInput reads the goods members of a create or update body; an
// update may leave goods_cat out (the document's own example does) and the
// goods keep their category.
func shopGoodsInput(c *call, needCategory bool) (map[string]any, error) {
	name, err := c.string("goods_name", "商品名称不能为空")
	if err != nil {
		return nil, err
	}
	var path []int64
	if _, given := c.params["goods_cat"]; given || needCategory {
		cat, err := c.string("goods_cat", "商品没有设置所属分类")
		if err != nil {
			return nil, err
		}
		for _, s := range strings.Split(cat, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil {
				return nil, reject("商品分类格式不正确")
			}
			path = append(path, id)
		}
	}
	price, err := c.number("goods_price", "商品价格不能为空", "商品价格不正确")
	if err != nil {
		return nil, err
	}
	number, err := c.number("goods_number", "商品数量不能为空", "商品数量不正确")
	if err != nil {
		return nil, err
	}
	if number != float64(int64(number)) {
		return nil, reject("商品数量不正确")
	}
	weight, err := c.number("goods_weight", "商品重量不能为空", "商品重量格式不正确")
	if err != nil {
		return nil, err
	}
	input := map[string]any{"name": name, "price": price, "number": int64(number), "weight": weight}
	if path != nil {
		input["categoryPath"] = path
	}
	if intro, ok := c.params["goods_introduce"].(string); ok {
		input["introduction"] = intro
	}
	// Left out (or null), pictures and attribute values stay as they are.
	if raw, ok := c.params["pics"]; ok && raw != nil {
		if input["pictures"], err = shopGoodsPictures(raw); err != nil {
			return nil, err
		}
	}
	if raw, ok := c.params["attrs"]; ok && raw != nil {
		if input["attributes"], err = shopGoodsAttributes(raw); err != nil {
			return nil, err
		}
	}
	return input, nil
}

// shopGoodsPictures reads the legacy pictures: one with pics_id is kept,
// one with only pic is made from that temporary upload.
func shopGoodsPictures(raw any) ([]map[string]any, error) {
	const bad = "商品图片参数错误：每张图片需要 pics_id 或 pic"
	list, ok := raw.([]any)
	if !ok {
		return nil, reject(bad)
	}
	out := make([]map[string]any, len(list))
	for i, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, reject(bad)
		}
		if _, has := m["pics_id"]; has {
			id, err := intIn(m, "pics_id", "pics_id 必须是数字")
			if err != nil {
				return nil, err
			}
			out[i] = map[string]any{"id": id}
			continue
		}
		pic, err := stringIn(m, "pic", bad)
		if err != nil {
			return nil, err
		}
		out[i] = map[string]any{"tmpPath": pic}
	}
	return out, nil
}

// shopGoodsAttributes reads the legacy attribute values [{attr_id, attr_value}].
func shopGoodsAttributes(raw any) ([]map[string]any, error) {
	const bad = "商品参数错误：每个参数需要 attr_id 和 attr_value"
	list, ok := raw.([]any)
	if !ok {
		return nil, reject(bad)
	}
	out := make([]map[string]any, len(list))
	for i, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, reject(bad)
		}
		id, err := intIn(m, "attr_id", bad)
		if err != nil {
			return nil, err
		}
		value, ok := m["attr_value"].(string)
		if !ok {
			return nil, reject(bad)
		}
		out[i] = map[string]any{"attributeId": id, "value": value}
	}
	return out, nil
}

// shopGoodsList is the array a sync sends as its whole body; an object
// body carrying it under key is taken too.
func shopGoodsList(c *call, key string) any {
	if list, ok := c.params[bodyKey]; ok {
		return list
	}
	return c.params[key]
}

// shopUploadVars reads the multipart member `file`. The compat decoder
// reads no files, so the route does; the body is bounded here because
// multipart bodies skip the server's JSON body limit.
func shopUploadVars(c *call) (map[string]any, error) {
	const limit = media.MaxUploadBytes + 1<<20 // the file plus the multipart framing
	c.r.Body = http.MaxBytesReader(c.w, c.r.Body, limit)
	// Parsed in memory (limit), so no temporary files are left behind.
	if err := c.r.ParseMultipartForm(limit); err != nil {
		if tooBig := new(http.MaxBytesError); errors.As(err, &tooBig) {
			return nil, reject(shopGoodsTooLarge)
		}
		return nil, reject(shopGoodsNoFile)
	}
	f, h, err := c.r.FormFile("file")
	if err != nil {
		return nil, reject(shopGoodsNoFile)
	}
	if h.Size > media.MaxUploadBytes {
		return nil, reject(shopGoodsTooLarge)
	}
	return map[string]any{"file": graphql.Upload{File: f, Filename: h.Filename, Size: h.Size,
		ContentType: h.Header.Get("Content-Type")}}, nil
}

var shopGoodsRoutes = []route{
	{
		method: http.MethodGet, path: "/goods",
		doc: `query ShopGoodsList($query: String, $paging: PageInput!) {
			page: shopGoodsList(query: $query, paging: $paging) {
				total
				items { ...LegacyGoodsRow }
			}
		}` + shopGoodsRowFields,
		vars: func(c *call) (map[string]any, error) {
			paging, err := shopPaging(c, true)
			if err != nil {
				return nil, err
			}
			vars := map[string]any{"paging": paging}
			if q, ok := c.params["query"].(string); ok && q != "" {
				vars["query"] = q
			}
			return vars, nil
		},
		reply: func(c *call, data json.RawMessage) (any, error) {
			d, err := decode[struct {
				Page struct {
					Total int            `json:"total"`
					Items []shopGoodsRow `json:"items"`
				} `json:"page"`
			}](data)
			goods := make([]fields, len(d.Page.Items))
			for i, g := range d.Page.Items {
				goods[i] = g.listed()
			}
			// pagenum echoes the request, a string in the document's example.
			return fields{"total": d.Page.Total, "pagenum": fmt.Sprint(c.params["pagenum"]), "goods": goods}, err
		},
		fails: shopGoodsFails,
		okMsg: "获取成功",
	},
	{
		method: http.MethodPost, path: "/goods",
		doc: `mutation CreateShopGoods($input: ShopGoodsInput!) {
			goods: createShopGoods(input: $input) { ...LegacyGoods }
		}` + shopGoodsFields,
		vars: func(c *call) (map[string]any, error) {
			input, err := shopGoodsInput(c, true)
			return map[string]any{"input": input}, err
		},
		reply:    shopGoodsReply(shopGoodsRow.created),
		fails:    shopGoodsFails,
		okMsg:    "创建商品成功",
		okStatus: http.StatusCreated,
	},
	{
		method: http.MethodGet, path: "/goods/{id}",
		doc: `query ShopGoods($id: ID!) {
			goods: shopGoods(id: $id) { ...LegacyGoods }
		}` + shopGoodsFields,
		vars:  shopGoodsIDVars,
		reply: shopGoodsReply(shopGoodsRow.read),
		fails: shopGoodsFails,
		okMsg: "获取成功",
	},
	{
		method: http.MethodPut, path: "/goods/{id}",
		doc: `mutation UpdateShopGoods($id: ID!, $input: ShopGoodsInput!) {
			goods: updateShopGoods(id: $id, input: $input) { ...LegacyGoods }
		}` + shopGoodsFields,
		vars: func(c *call) (map[string]any, error) {
			vars, err := shopGoodsIDVars(c)
			if err != nil {
				return nil, err
			}
			vars["input"], err = shopGoodsInput(c, false)
			return vars, err
		},
		reply: shopGoodsReply(shopGoodsRow.detail),
		fails: shopGoodsFails,
		okMsg: "更新商品成功",
	},
	{
		method: http.MethodDelete, path: "/goods/{id}",
		doc:   `mutation DeleteShopGoods($id: ID!) { deleteShopGoods(id: $id) }`,
		vars:  shopGoodsIDVars,
		fails: shopGoodsFails,
		okMsg: "删除成功",
	},
	{
		method: http.MethodPut, path: "/goods/{id}/pics",
		doc: `mutation SetShopGoodsPictures($id: ID!, $pictures: [ShopGoodsPictureInput!]!) {
			goods: setShopGoodsPictures(id: $id, pictures: $pictures) { ...LegacyGoods }
		}` + shopGoodsFields,
		vars: func(c *call) (map[string]any, error) {
			vars, err := shopGoodsIDVars(c)
			if err != nil {
				return nil, err
			}
			vars["pictures"], err = shopGoodsPictures(shopGoodsList(c, "pics"))
			return vars, err
		},
		reply: shopGoodsReply(shopGoodsRow.synced),
		fails: shopGoodsFails,
		okMsg: "更新成功",
	},
	{
		method: http.MethodPut, path: "/goods/{id}/attributes",
		doc: `mutation SetShopGoodsAttributes($id: ID!, $attributes: [ShopGoodsAttributeInput!]!) {
			goods: setShopGoodsAttributes(id: $id, attributes: $attributes) { ...LegacyGoods }
		}` + shopGoodsFields,
		vars: func(c *call) (map[string]any, error) {
			vars, err := shopGoodsIDVars(c)
			if err != nil {
				return nil, err
			}
			vars["attributes"], err = shopGoodsAttributes(shopGoodsList(c, "attrs"))
			return vars, err
		},
		reply: shopGoodsReply(shopGoodsRow.synced),
		fails: shopGoodsFails,
		okMsg: "更新成功",
	},
	{
		method: http.MethodPost, path: "/upload",
		doc: `mutation UploadImage($file: Upload!) {
			file: uploadImage(file: $file) { tmpPath url }
		}`,
		vars: shopUploadVars,
		reply: func(_ *call, data json.RawMessage) (any, error) {
			d, err := decode[struct {
				File struct {
					TmpPath string `json:"tmpPath"`
					URL     string `json:"url"`
				} `json:"file"`
			}](data)
			return fields{"tmp_path": d.File.TmpPath, "url": d.File.URL}, err
		},
		fails: shopGoodsFails,
		okMsg: "上传成功",
	},
}
