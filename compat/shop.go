package compat

import (
	"cmp"
	"maps"
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/httpx"
)

// The shop back office at /api/v2/ (shop-admin-v2.md), also served at
// /api/private/v1/, the base path the original front ends were built with.
// /api/v2 answers as the document shows; /api/private/v1 as the original
// server did, where a route's original says how that differs (shapes,
// messages, codes). Every JSON answer has HTTP status 200 and its code in
// meta.status, because those front ends read meta.status and take any other
// HTTP status for a network failure. The route tables live in
// shop_users.go, shop_catalog.go, shop_goods.go, shop_orders.go and
// shop_reports.go.

const (
	shopDocumented = "/api/v2"
	shopOriginal   = "/api/private/v1"
)

var shopWording = wording("无效token", "权限验证失败", "数据不存在", "参数错误")

// shopRoutes is every route that needs a signed-in caller.
func shopRoutes() []route {
	return slices.Concat(shopUserRoutes, shopCatalogRoutes, shopGoodsRoutes, shopOrderRoutes, shopReportRoutes)
}

// mountShop serves login to anybody and the rest to a signed-in caller
// only, checked before the body is read.
func mountShop(r chi.Router, run Runner, maxBody int64) {
	env := shop{}
	mount := func(r chi.Router, routes []route, original bool) {
		for _, rt := range routes {
			if original {
				rt = rt.asOriginal()
			}
			r.MethodFunc(rt.method, rt.path, handler(run, env, rt.formLimit(maxBody), func(*call) *route { return &rt }))
		}
	}
	for _, base := range []string{shopDocumented, shopOriginal} {
		original := base == shopOriginal
		r.Route(base, func(r chi.Router) {
			r.Use(recoverer(env))
			// The original checked the token before it looked for a
			// route, and answered a path it did not serve with its last
			// handler's "Not Found".
			unknown := func(msg string) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					env.fail(&call{w: w, r: r}, failure{status: http.StatusOK, code: http.StatusNotFound, msg: msg})
				})
			}
			notFound := unknown("接口不存在")
			if original {
				notFound = guard(env)(unknown("Not Found"))
			}
			r.NotFound(notFound.ServeHTTP)
			r.MethodNotAllowed(notFound.ServeHTTP)
			mount(r, shopPublic, original)
			r.Group(func(r chi.Router) {
				r.Use(guard(env))
				mount(r, shopRoutes(), original)
			})
		})
	}
}

// NotFound and MethodNotAllowed answer, outside the legacy base paths, a
// request no route serves, in the shop's envelope as the original shop
// server answered any path it did not know, and with the HTTP status too:
// the clients there are not the legacy front ends.
func NotFound(w http.ResponseWriter, _ *http.Request) { unserved(w, http.StatusNotFound) }

func MethodNotAllowed(w http.ResponseWriter, _ *http.Request) {
	unserved(w, http.StatusMethodNotAllowed)
}

func unserved(w http.ResponseWriter, status int) {
	httpx.WriteJSON(w, status, obj{"data": nil, "meta": obj{"msg": http.StatusText(status), "status": status}})
}

// asOriginal is the route as the original server answered it.
func (rt route) asOriginal() route {
	o := rt.original
	if o == nil {
		return rt
	}
	rt.op, rt.okMsg, rt.okStatus = cmp.Or(o.op, rt.op), cmp.Or(o.okMsg, rt.okMsg), cmp.Or(o.okStatus, rt.okStatus)
	if o.vars != nil {
		rt.vars = o.vars
	}
	if o.reply != nil {
		rt.reply = o.reply
	}
	rt.fails = maps.Clone(rt.fails)
	if rt.fails == nil {
		rt.fails = failures{}
	}
	maps.Copy(rt.fails, o.fails)
	rt.refusals, rt.original = o.refusals, nil
	return rt
}

// shop is the {"data": ..., "meta": {"msg", "status"}} envelope.
type shop struct{}

// wholeBody is a reply that is the entire answer, for the one legacy route
// whose envelope differs (/kuaidi).
type wholeBody obj

func (shop) ok(c *call, rt *route, reply any) {
	if whole, ok := reply.(wholeBody); ok {
		httpx.WriteJSON(c.w, http.StatusOK, whole)
		return
	}
	meta := obj{"msg": rt.okMsg, "status": cmp.Or(rt.okStatus, http.StatusOK)}
	httpx.WriteJSON(c.w, http.StatusOK, obj{"data": reply, "meta": meta})
}

func (shop) fail(c *call, f failure) {
	httpx.WriteJSON(c.w, http.StatusOK, obj{"data": nil, "meta": obj{"msg": formatMsg(f.msg, c.id), "status": f.code}})
}

// codes: meta.status 400 for every failure but a missing right (401), the
// database being down (503), throttled sign-ins (429) and an internal error
// (500).
func (shop) codes(k failKey) failure {
	f := failure{status: http.StatusOK, code: 400}
	switch {
	case k.code == apperr.Forbidden && (k.reason == "" || k.reason == apperr.ReasonMissingRight):
		f.code = 401
	case k.code == apperr.Unavailable || k.code == apperr.Timeout:
		f.code = 503
	case k.code == apperr.TooManyAttempts:
		f.code = 429
	case k.code == apperr.Internal:
		f.code = 500
	}
	return f
}

func (shop) wording() failures { return shopWording }

// A list must ask for a page, or, where optional, without pagesize has
// every row; pagenum defaults to 1.
var shopPage, shopPageOptional = pageRule{bad: "%s 参数错误"}, pageRule{optional: true, bad: "%s 参数错误"}

// paged answers the member at path with pagenum, the page asked for, beside
// its own; the conversions apply to it too.
func paged(path string, cv convs) reply {
	return func(c *call, data any) (any, error) {
		if m, ok := member(data, path).(obj); ok {
			m["pagenum"] = c.page
		}
		return shape(path, cv)(c, data)
	}
}

var shopPublic = []route{{
	op: "ShopLogin", method: http.MethodPost, path: "/login",
	vars: loginVars("SHOP", "用户名和密码不能为空"),
	reply: shape("login", convs{"id": num, "rid": pluck("id"), "account": lift,
		// The legacy token came with its scheme, ready for the header.
		"token": val(func(v any) (any, error) { return "Bearer " + scalar(v), nil })}),
	okMsg: "登录成功",
	// An account of another back office (WRONG_ROLE) has, as the shop's
	// clients know it, no role in the shop.
	fails: failures{{apperr.Unauthenticated, apperr.ReasonBadCredentials, ""}: "用户名或密码错误",
		{apperr.Forbidden, apperr.ReasonInactive, ""}: "该用户已被禁用", {apperr.Forbidden, apperr.ReasonNoRole, ""}: "该用户没有分配角色，无法登录",
		{apperr.Forbidden, apperr.ReasonWrongRole, ""}: "该用户没有分配角色，无法登录"},
	original: &route{fails: failures{{apperr.Forbidden, apperr.ReasonNoRole, ""}: "该用户没有权限登录",
		{apperr.Forbidden, apperr.ReasonWrongRole, ""}: "该用户没有权限登录"}},
}}

// shopSpecs say what the OpenAPI document says of each shop route beyond
// its row (openapi.go), in shop-admin-v2.md's words; the data is specified
// to its top members and the ids and names of its rows.
var shopSpecs = func() map[string]spec {
	page := []param{may("pagenum", intLike, "当前页码"), may("pagesize", intLike, "每页显示条数")}
	user := open(p("id", tInt), p("username", tStr))
	role := open(p("roleName", tStr))
	right := open(p("id", tInt), p("authName", tStr))
	category := open(p("cat_id", tInt), p("cat_name", tStr), p("cat_pid", tInt), p("cat_level", tInt))
	attribute := open(p("attr_id", tInt), p("attr_name", tStr), p("cat_id", tInt), p("attr_sel", oneOf("many", "only")),
		p("attr_write", oneOf("list", "manual")), p("attr_vals", tStr))
	goods := open(p("goods_id", tInt), p("goods_name", tStr))
	order := open(p("order_id", tInt), p("user_id", tInt), p("order_number", tStr), p("create_time", tInt))
	contacts := []param{may("email", tStr, "邮箱"), may("mobile", textLike, "手机号")}
	arrayOr := func(key string) schema {
		list := listOf(schema{"type": "object"})
		return schema{"anyOf": []any{list, bodyObject([]param{need(key, list, "")})}}
	}
	goodsBody := []param{need("goods_name", tStr, "商品名称"), need("goods_cat", tStr, "以,分割的分类列表"),
		need("goods_price", numLike, "价格"), need("goods_number", numLike, "数量"), need("goods_weight", numLike, "重量"),
		may("goods_introduce", tStr, "介绍"), may("pics", listOf(open()), "上传的图片临时路径（对象）"),
		may("attrs", listOf(open()), "商品的参数（数组），包含 动态参数 和 静态属性")}
	attributeBody := []param{need("attr_name", tStr, "参数名称"), need("attr_sel", oneOf("many", "only"), "many 动态参数，only 静态属性"),
		may("attr_vals", tStr, "参数的明细，以空格分隔")}
	return map[string]spec{
		"ShopLogin": {summary: "登录验证接口", body: []param{need("username", tStr, "用户名"), need("password", tStr, "密码")},
			reply: open(p("id", tInt), p("username", tStr), p("token", tStr))},
		"ShopUsers": {summary: "用户数据列表", query: append([]param{may("query", tStr, "查询参数")}, page...),
			reply: object(p("total", tInt), p("pagenum", tInt), p("users", listOf(user)))},
		"CreateShopUser": {summary: "添加用户", body: append([]param{need("username", tStr, "用户名称"), need("password", tStr, "用户密码")}, contacts...),
			reply: user},
		"SetShopUserActive": {summary: "修改用户状态", doc: "type 为 true 或 false", reply: user},
		"ShopUser":          {summary: "根据 ID 查询用户信息", reply: open(p("id", tInt))},
		"UpdateShopUser":    {summary: "编辑提交用户", body: contacts, reply: open(p("id", tInt))},
		"DeleteShopUser":    {summary: "删除单个用户"},
		"SetShopUserRole":   {summary: "分配用户角色", body: []param{need("rid", intLike, "角色 id")}, reply: open(p("id", tInt))},
		"ShopRights":        {summary: "所有权限列表", doc: "type 为 list（列表）或 tree（树状）", reply: listOf(right)},
		"ShopMenus":         {summary: "左侧菜单权限", reply: listOf(right)},
		"ShopRoles":         {summary: "角色列表", reply: listOf(role)},
		"CreateShopRole": {summary: "添加角色", body: []param{need("roleName", tStr, "角色名称"), may("roleDesc", tStr, "角色描述")},
			reply: role},
		"ShopRole":            {summary: "根据 ID 查询角色", reply: role},
		"UpdateShopRole":      {summary: "编辑提交角色", body: []param{need("roleName", tStr, "角色名称"), may("roleDesc", tStr, "角色描述")}, reply: role},
		"DeleteShopRole":      {summary: "删除角色"},
		"GrantShopRoleRights": {summary: "角色授权", body: []param{need("rids", tStr, "以 , 分割的权限 ID 列表")}},
		"RevokeShopRoleRight": {summary: "删除角色指定权限", doc: "返回角色剩余的权限树", reply: listOf(right)},
		"ShopCategoryTree": {summary: "商品分类数据列表", doc: "不分页时为分类数组；分页时为 {total, pagenum, pagesize, result}",
			query: append([]param{may("type", intLike, "1、2、3 分别表示显示一层、二层、三层分类列表")}, page...),
			reply: schema{"anyOf": []any{listOf(category), open(p("result", listOf(category)), p("pagenum", tInt), p("pagesize", tInt))}}},
		"AddShopCategory": {summary: "添加分类", body: []param{need("cat_pid", intLike, "分类父 ID，一级分类为 0"),
			need("cat_name", tStr, "分类名称"), need("cat_level", intLike, "分类层级：0 一级，1 二级，2 三级")}, reply: category},
		"ShopCategory":       {summary: "根据 id 查询分类", reply: category},
		"RenameShopCategory": {summary: "编辑提交分类", body: []param{need("cat_name", tStr, "分类名称")}, reply: category},
		"DeleteShopCategory": {summary: "删除分类"},
		"ShopAttributes": {summary: "参数列表", query: []param{need("sel", oneOf("many", "only"), "many 动态参数，only 静态属性")},
			reply: listOf(attribute)},
		"AddShopAttribute":    {summary: "添加动态参数或静态属性", body: attributeBody, reply: attribute},
		"ShopAttribute":       {summary: "根据 ID 查询参数", query: []param{may("attr_sel", oneOf("many", "only"), "只决定前端显示的标签页")}, reply: attribute},
		"UpdateShopAttribute": {summary: "更新参数及明细", body: attributeBody, reply: attribute},
		"DeleteShopAttribute": {summary: "删除参数"},
		"ShopGoodsList": {summary: "商品列表数据", query: append([]param{may("query", tStr, "查询参数")}, page...),
			reply: open(p("total", tInt), p("pagenum", tStr), p("goods", listOf(goods)))},
		"CreateShopGoods": {summary: "添加商品", body: goodsBody, reply: goods},
		"ShopGoods":       {summary: "根据 ID 查询商品", reply: goods},
		"UpdateShopGoods": {summary: "编辑提交商品", doc: "goods_cat 可省略，保持原分类",
			body: slices.Concat([]param{may("goods_cat", tStr, "以,分割的分类列表")}, goodsBody[:1], goodsBody[2:]), reply: goods},
		"DeleteShopGoods": {summary: "删除商品"},
		"SetShopGoodsPictures": {summary: "同步商品图片", doc: "请求体为图片数组，或 {pics: 图片数组}：有 pics_id 保留，只有 pic 则新生成",
			bodyAs: arrayOr("pics"), reply: goods},
		"SetShopGoodsAttributes": {summary: "同步商品属性", doc: "请求体为参数数组，或 {attrs: 参数数组}", bodyAs: arrayOr("attrs"), reply: goods},
		"SetShopGoodsState":      {summary: "修改商品审核状态", doc: "state 为 0、1 或 2（文档无此接口的示例）", reply: goods},
		"UploadImage": {summary: "图片上传", body: []param{need("file", schema{"type": "string", "contentMediaType": "application/octet-stream"}, "上传文件")},
			reply: open(p("tmp_path", tStr), p("url", tStr))},
		"ShopOrders": {summary: "订单数据列表", query: append([]param{may("query", tStr, "查询参数"), may("user_id", intLike, "用户 ID"),
			may("pay_status", tStr, "支付状态"), may("is_send", tStr, "是否发货"), may("order_fapiao_title", tStr, "个人或公司"),
			may("order_fapiao_company", tStr, "公司名称"), may("order_fapiao_content", tStr, "发票内容"), may("consignee_addr", tStr, "收货地址")}, page...),
			reply: open(p("total", tInt), p("pagenum", tStr), p("goods", listOf(order)))},
		"CreateShopOrder": {summary: "创建订单", doc: "文档未列出；保留原服务器的行为", reply: order},
		"UpdateShopOrder": {summary: "修改订单状态", body: []param{may("is_send", tAny, "1 已经发货，0 未发货"),
			may("order_pay", tAny, "支付方式 0 未支付 1 支付宝 2 微信 3 银行卡"), may("order_price", numLike, "订单价格"),
			may("order_number", tAny, "订单数量"), may("pay_status", tAny, "0 未付款、1 已付款")}, reply: order},
		"ShopOrder":              {summary: "查看订单详情", reply: order},
		"UpdateShopOrderAddress": {summary: "修改地址", body: []param{need("consignee_addr", tStr, "收货地址，可以为空字符串")}, reply: object()},
		"TrackingEvents": {summary: "查看物流信息", doc: "整个应答为 {data, meta: {status, message}}，不是通常的 meta.msg", whole: true,
			reply: object(p("data", listOf(object(p("time", tStr), p("ftime", tStr), p("context", tStr), p("location", tAny)))),
				p("meta", object(p("status", schema{"const": 200}), p("message", tStr))))},
		"ShopSalesReport": {summary: "数据报表", doc: "type 1 为各地区每日销售额（ECharts 配置）；其他类型为空对象", reply: schema{"type": "object"}},
	}
}()
