package compat

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/httpx"
)

// The B2B partner API at /partner/ (partner-b2b.md; its paths are the
// legacy README's): POST with a JSON body carrying the caller's username and
// password. Each request signs in through the login operation (whose
// service remembers a checked password for a minute, so bcrypt does not
// run per request) and runs its interface's operation as that account.
// Every answer is {"status": 0, "msg": ..., ...members..., "sec": ...} with
// HTTP 200; a failure is {"status": 1, "msg": <the interface's failure
// message>, "reason": <why>}. sec is echoed to a body that carried one.

const partnerBase = "/partner"

// ViewerOf resolves a session token to its viewer (auth.ViewerOf with the
// server's tokens and sessions): how a partner request becomes its
// account's.
type ViewerOf func(ctx context.Context, token string) (*auth.Viewer, error)

// badCredentials is the partner API's message for a sign-in refused.
const badCredentials = "用户不存在或密码不正确"

// partnerWording is the reason member: why, in the words of the partner
// document's side, for the error vocabulary's keys.
var partnerWording = func() failures {
	f := wording(badCredentials, "没有权限", "数据不存在", "参数错误")
	maps.Copy(f, failures{
		{apperr.Forbidden, apperr.ReasonInactive, ""}:         "账号已停用",
		{apperr.Forbidden, apperr.ReasonWrongRole, ""}:        "该账号不是合作伙伴账号",
		{apperr.Forbidden, apperr.ReasonOtherEnterprise, ""}:  "只能操作本企业的数据",
		{apperr.Forbidden, apperr.ReasonWrongParty, ""}:       "该操作应由订单的另一方执行",
		{apperr.Forbidden, apperr.ReasonBlocked, ""}:          "卖方的黑白名单不允许购买该商品",
		{apperr.InvalidInput, apperr.ReasonBadTransition, ""}: "订单状态不允许此操作",
		{apperr.InvalidInput, apperr.ReasonPriceMismatch, ""}: "价格、折扣或总价与平台不符",
		{apperr.Conflict, apperr.ReasonOutOfStock, ""}:        "库存不足",
		{apperr.Conflict, apperr.ReasonPartialReplay, ""}:     "部分订单行的时间戳已下过单",
		duplicate:                              "数据已经存在",
		missing(apperr.EntityEnterprise):       "企业不存在",
		missing(apperr.EntityListing):          "商品不存在",
		missing(apperr.EntityPartnerCustomer):  "客户不存在",
		missing(apperr.EntityRelation):         "客户关系不存在",
		missing(apperr.EntityRelationKind):     "关系编号不存在",
		missing(apperr.EntityDiscount):         "折扣不存在",
		missing(apperr.EntityGoodsListEntry):   "名单记录不存在",
		missing(apperr.EntityPartnerOrder):     "订单不存在",
		missing(apperr.EntityPartnerOrderLine): "订单不存在",
		missing(apperr.EntityShipment):         "物流信息不存在",
	})
	return f
}()

// partnerRoutes is every interface but registration, which needs no
// sign-in.
func partnerRoutes() []route {
	return slices.Concat([]route{partnerLogin, partnerShelve, partnerCustomers, partnerRelations, partnerDiscounts,
		partnerGoodsLists}, partnerOrderRoutes, partnerReminderRoutes)
}

var (
	partnerSignIn   = route{op: "PartnerSignIn"}
	partnerRegister = route{method: http.MethodPost, path: "/register", op: "PartnerRegister", okMsg: "注册成功", failMsg: "注册失败",
		vars: input(func(c *call) obj {
			return registrationMore.read(c, c.params, registration.need(c, c.params, obj{}, "缺少%s"))
		}),
		fails: failures{duplicate: "用户名已存在"},
		reply: shape("", convs{"account": lift})}
	// The account's enterprise, as the document's login answer has it.
	partnerLogin = route{method: http.MethodPost, path: "/login", op: "PartnerLogin", okMsg: "登录成功", failMsg: badCredentials,
		reply: shape("", convs{"enterprise": lift, "account": lift, "companyid": num})}
)

var (
	registration = members{msg: "%s格式错误", fields: []field{
		{"username", "username", nonBlank}, {"password", "password", nonBlank}, {"realName", "realName", nonBlank},
	}}
	registrationMore = members{unsent: orNull, msg: "%s格式错误", fields: []field{
		{"email", "email", anyString}, {"nickName", "nickName", anyString}, {"sex", "sex", textual},
		{"edu", "education", textual}, {"birth", "birth", textual},
	}}
)

// mountPartner serves each interface at POST /partner/<path>; any other
// path or method answers in the envelope.
func mountPartner(r chi.Router, run Runner, viewerOf ViewerOf) {
	env := partner{}
	r.Route(partnerBase, func(r chi.Router) {
		r.Use(recoverer(env), bodyOnly)
		unserved := func(status int, msg string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				c := &call{w: w, r: r}
				c.decode() // for its sec
				env.fail(c, failure{status: status, msg: msg})
			}
		}
		r.NotFound(unserved(http.StatusNotFound, "接口不存在"))
		r.MethodNotAllowed(unserved(http.StatusMethodNotAllowed, "不支持的请求方法，请用POST"))
		r.Post(partnerRegister.path, handler(run, env, 0, func(c *call) *route {
			return partnerBody(c, &partnerRegister)
		}))
		for _, rt := range partnerRoutes() {
			r.Post(rt.path, handler(run, env, 0, func(c *call) *route {
				if partnerBody(c, &rt) == nil || !signIn(c, run, viewerOf) {
					return nil
				}
				if rt.decide != nil {
					return rt.decide(c, run, &rt)
				}
				return &rt
			}))
		}
	})
}

// bodyOnly drops the query string: the partner API's members, credentials
// among them, travel in the body, never in a URL that proxies log.
func bodyOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.Clone(r.Context())
		r.URL.RawQuery = ""
		next.ServeHTTP(w, r)
	})
}

// partnerBody checks the body is a JSON object (a form is none) and brings op_type up from
// param where an interface puts it there (9, 12, 14; 7's op_type is not a
// choice), so a route's choice reads it in one place; nil when the request
// is refused.
func partnerBody(c *call, rt *route) *route {
	c.rt = rt
	ct, _, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	form := ct == "application/x-www-form-urlencoded" || ct == "multipart/form-data"
	if _, notObject := c.params[bodyKey]; notObject || form || c.refusal != "" {
		c.refuse(badBody)
		return nil
	}
	if _, top := c.params["op_type"]; !top {
		if p, ok := c.params["param"].(obj); ok {
			if op, ok := p["op_type"]; ok {
				c.params["op_type"] = op
			}
		}
	}
	return rt
}

// signIn runs the login operation with the body's credentials, as a sign-in
// repeated on every request (auth.WithRepeatedSignIn: remembered for a
// while), and makes the request its account's. While it runs, a refusal of the credentials
// (missing, wrong, of a disabled or another system's account, throttled)
// reads as a sign-in's (partner.fail); one it answers itself. A remembered
// session found signed out meanwhile is forgotten by the session check, so
// one more sign-in checks the password again.
func signIn(c *call, run Runner, viewerOf ViewerOf) bool {
	c.signingIn = true
	ctx := c.r.Context()
	c.r = c.r.WithContext(auth.WithRepeatedSignIn(ctx))
	vars := obj{"input": obj{"username": c.textOf(c.params["username"], badCredentials),
		"password": c.textOf(c.params["password"], badCredentials), "app": "PARTNER"}}
	if c.refusal != "" {
		return false
	}
	for range 2 {
		raw, ok := runOp(c, run, partner{}, &partnerSignIn, vars)
		if !ok {
			c.answered = true
			return false
		}
		token, _ := member(member(decoded(raw), "login"), "token").(string)
		v, err := viewerOf(c.r.Context(), token)
		if err == nil {
			c.r, c.signingIn = c.r.WithContext(auth.WithViewer(ctx, v)), false
			return true
		}
		if !apperr.Is(err, apperr.Unauthenticated) {
			partner{}.fail(c, failureFor(partner{}, nil, failKey{code: apperr.Unavailable}))
			c.answered = true
			return false
		}
	}
	partner{}.fail(c, failureFor(partner{}, nil, failKey{code: apperr.Unauthenticated}))
	c.answered = true
	return false
}

// credentialCodes are the refusals of a sign-in that say the credentials
// do not admit the caller; others (an outage) read as the interface's.
var credentialCodes = []apperr.Code{apperr.Unauthenticated, apperr.Forbidden, apperr.TooManyAttempts, apperr.InvalidInput}

// decoded is an operation's data as a reply reads it.
func decoded(raw json.RawMessage) any {
	var data any
	json.Unmarshal(raw, &data) //nolint:errcheck // the executor wrote it; what is missing reads as nil
	return data
}

// partner is the {"status": 0|1, "msg": ..., "sec": ...} envelope. A reply
// is the members beside status and msg.
type partner struct{}

func (partner) ok(c *call, rt *route, reply any) {
	body := obj{"status": 0, "msg": rt.okMsg}
	m, _ := reply.(obj)
	maps.Copy(body, m)
	writePartner(c, http.StatusOK, body)
}

// fail: msg is the interface's failure message, reason the error's words
// and, where the operation said more (which line, which state), its message.
func (partner) fail(c *call, f failure) {
	msg := "操作失败!"
	switch {
	case c.signingIn && slices.Contains(credentialCodes, f.key.code):
		msg = badCredentials
	case c.rt != nil && c.rt.failMsg != "":
		msg = c.rt.failMsg
	}
	reason := f.msg
	if c.detail != "" {
		reason += "：" + c.detail
	}
	body := obj{"status": 1, "msg": msg, "reason": reason}
	if f.status == http.StatusNotFound || f.status == http.StatusMethodNotAllowed {
		body["msg"] = f.msg
		delete(body, "reason")
	}
	writePartner(c, f.status, body)
}

func writePartner(c *call, status int, body obj) {
	if sec, ok := c.params["sec"]; ok {
		body["sec"] = sec
	}
	httpx.WriteJSON(c.w, status, body)
}

// codes: every answer is HTTP 200 but for a path or method not served.
func (partner) codes(failKey) failure { return failure{status: http.StatusOK, code: 1} }

func (partner) wording() failures { return partnerWording }

// Interface 3 lists goods (上架); listing a goods code again sets its stock,
// price and quality.
var partnerShelve = route{method: http.MethodPost, path: "/goods/shelve", op: "PartnerShelve",
	okMsg: "上架商品成功", failMsg: "上架商品失败",
	vars: input(func(c *call) obj {
		in := shelved.need(c, c.params, obj{}, "缺少%s")
		return shelvedInfo.need(c, c.object(c.params["info"], "缺少info或info不是对象"), in, "缺少info.%s")
	})}

var (
	shelved = members{msg: "%s格式错误", fields: []field{
		{"oeid", "oeNumber", textual}, {"stock", "stock", smallInt}, {"price", "price", money}, {"quality", "quality", textual},
	}}
	shelvedInfo = members{msg: "info.%s格式错误", fields: []field{
		{"goods_name", "name", nonBlank}, {"goods_ID", "goodsCode", textual}, {"goods_brand", "brand", anyString},
	}}
)

// The CRUD interfaces (4, 5, 6, 15): op_type 1, 2, 3 and 4 add, delete,
// modify and query; param holds the row. A query is paged (pageNum,
// pageSize at most 50) and answers the page's members.

// crud is the route of a path whose op_type picks the operation; the row
// itself serves a request without op_type (or with another), which it
// refuses with failMsg.
func crud(path, failMsg string, add, del, modify, query *route) route {
	variants := map[string]*route{"1": add, "2": del, "3": modify, "4": query}
	for _, v := range variants {
		if v == nil {
			continue
		}
		v.method, v.path = http.MethodPost, path
		v.okMsg, v.failMsg = cmp.Or(v.okMsg, "操作成功!"), cmp.Or(v.failMsg, "操作失败!")
	}
	query.failMsg = "查询失败"
	for op, v := range variants {
		if v == nil {
			delete(variants, op)
		}
	}
	return route{method: http.MethodPost, path: path, op: query.op, okMsg: "操作成功!", failMsg: failMsg,
		vars:   func(c *call) obj { c.refuse("缺少op_type"); return nil },
		choice: &choice{member: "op_type", variants: variants, unknown: "op_type无效"}}
}

// param is the body's param object.
func (c *call) param() obj { return c.object(c.params["param"], "缺少param或param不是对象") }

// maxPartnerPage is the largest page the partner document allows.
const maxPartnerPage = 50

// partnerPage reads pageNum and pageSize (page 1 of 10 where left out) as
// the operation's paging; a page over 50 is refused.
func partnerPage(c *call) obj {
	c.page, c.size, c.paged = 1, 10, true
	if v := c.params["pageNum"]; !blank(v) {
		if c.page = c.intOf(v, "pageNum格式错误"); c.page < 1 {
			c.refuse("pageNum格式错误")
		}
	}
	if v := c.params["pageSize"]; !blank(v) {
		c.size = c.intOf(v, "pageSize格式错误")
		switch {
		case c.size < 1:
			c.refuse("pageSize格式错误")
		case c.size > maxPartnerPage:
			c.refuse(fmt.Sprintf("pageSize最大为%d", maxPartnerPage))
		}
	}
	return obj{"page": c.page, "size": c.size}
}

// pageOf answers a query's page: the operation's page member holds
// totalRecords and data; the rows are converted by cv.
func pageOf(cv convs) reply {
	return func(c *call, data any) (any, error) {
		if err := cv.apply(data); err != nil {
			return nil, err
		}
		page, _ := member(data, "page").(obj)
		rows, _ := page["data"].([]any)
		if rows == nil {
			rows = []any{}
		}
		return obj{"pageNum": c.page, "pageSize": c.size, "totalRecords": page["totalRecords"],
			"currentSize": len(rows), "data": rows}, nil
	}
}

// paramVars reads param with the tables: needed members must be sent,
// optional ones may be.
func paramVars(need, optional members) func(c *call) obj {
	return func(c *call) obj {
		p := c.param()
		return optional.read(c, p, need.need(c, p, obj{}, "缺少%s"))
	}
}

// queryVars reads a query's filter from param, which it may leave out, and
// its page.
func queryVars(filter members) func(c *call) obj {
	return func(c *call) obj {
		p, _ := c.params["param"].(obj)
		return obj{"filter": filter.read(c, p, obj{}), "paging": partnerPage(c)}
	}
}

// byStar reads "*" (every goods, every kind) as null, anything else with read.
func byStar(read reader) reader {
	return func(c *call, v any, msg string) any {
		if v == "*" {
			return nil
		}
		return read(c, v, msg)
	}
}

// Interface 4: the CRM's customers.
var partnerCustomers = crud("/customers", "操作失败!",
	&route{op: "PartnerAddCustomer", vars: input(paramVars(customerName, customerMore)), reply: shape("added", convs{"id": num})},
	&route{op: "PartnerDeleteCustomer", vars: paramVars(customerID, members{}), reply: nil},
	&route{op: "PartnerUpdateCustomer", vars: func(c *call) obj {
		p := c.param()
		return obj{"id": customerID.need(c, p, obj{}, "缺少%s")["id"], "input": customerMore.read(c, p, customerName.read(c, p, obj{}))}
	}},
	&route{op: "PartnerCustomers", vars: queryVars(members{unsent: orBlank, msg: "%s格式错误", fields: []field{{"name", "search", anyString}}}),
		reply: pageOf(convs{"id": num})},
)

var (
	customerID   = members{msg: "%s格式错误", fields: []field{{"id", "id", integer}}}
	customerName = members{msg: "%s格式错误", fields: []field{{"name", "name", nonBlank}}}
	customerMore = members{unsent: orNull, msg: "%s格式错误", fields: []field{
		{"phone", "phone", textual}, {"address", "address", anyString}, {"trade", "trade", anyString},
	}}
)

// Interface 5: relations, named by (enterprise_ID, target_enterprise_ID).
var partnerRelations = crud("/relations", "操作失败!",
	&route{op: "PartnerAddRelation", vars: input(paramVars(relationKey.with(relationKind), actingEnterprise)),
		reply: shape("added", convs{"id": num})},
	&route{op: "PartnerDeleteRelation", vars: paramVars(relationKey, actingEnterprise)},
	&route{op: "PartnerChangeRelation", vars: input(paramVars(relationKey.with(relationKind), actingEnterprise))},
	&route{op: "PartnerRelations", vars: queryVars(actingEnterprise.with(relationKind, relationKey)),
		reply: pageOf(convs{"enterprise": lift, "target": lift, "kind": lift,
			"id": num, "enterprise_ID": num, "target_enterprise_ID": num, "relation_ID": num})},
)

var (
	// actingEnterprise is enterprise_ID, the enterprise the caller acts
	// for: its own, which it may leave out.
	actingEnterprise = members{unsent: orBlank, msg: "%s格式错误", fields: []field{{"enterprise_ID", "enterpriseId", integer}}}
	relationKey      = members{unsent: orBlank, msg: "%s格式错误", fields: []field{{"target_enterprise_ID", "targetId", integer}}}
	relationKind     = members{unsent: orBlank, msg: "%s格式错误", fields: []field{{"relation_ID", "kindId", byStar(integer)}}}
)

// with is the members of ms and of more.
func (ms members) with(more ...members) members {
	out := ms
	out.fields = slices.Clone(ms.fields)
	for _, m := range more {
		out.fields = append(out.fields, m.fields...)
	}
	return out
}

// Interface 6: discounts, named by (enterprise_ID, relation_ID, goods_ID or
// "*" for every goods), in hundredths of a percent.
var partnerDiscounts = crud("/discounts", "操作失败!",
	&route{op: "PartnerAddDiscount", vars: input(paramVars(discountKey.with(discountRate), actingEnterprise)),
		reply: shape("added", convs{"id": num})},
	&route{op: "PartnerDeleteDiscount", vars: func(c *call) obj { return obj{"key": paramVars(discountKey, actingEnterprise)(c)} }},
	&route{op: "PartnerChangeDiscount", vars: input(paramVars(discountKey.with(discountRate), actingEnterprise))},
	&route{op: "PartnerDiscounts", vars: queryVars(actingEnterprise.with(discountKey)),
		reply: pageOf(convs{"enterprise": lift, "kind": lift, "listing": everyGoods,
			"id": num, "enterprise_ID": num, "relation_ID": num})},
)

var (
	discountKey = members{unsent: orBlank, msg: "%s格式错误", fields: []field{
		{"relation_ID", "kindId", byStar(integer)}, {"goods_ID", "goodsCode", byStar(textual)},
	}}
	discountRate = members{msg: "%s格式错误", fields: []field{{"discount", "discount", smallInt}}}
)

// everyGoods lifts a row's listing (goods_ID, goods_name) into it; none is
// the row for every goods, "*".
var everyGoods conv = func(o obj, key string) error {
	if o[key] == nil {
		o[key] = obj{"goods_ID": "*", "goods_name": "全部商品"}
	}
	return lift(o, key)
}

// Interface 15: goods black and white lists. Its body, which the document
// leaves out: {username, password, op_type (1 add, 2 delete, 4 query),
// param: {enterprise_ID, target_enterprise_ID, goods_ID or "*", list_type:
// "black" | "white"}, pageNum, pageSize, sec}.
var partnerGoodsLists = crud("/goods/lists", "设置失败! ",
	&route{op: "PartnerAddListEntry", okMsg: "设置成功! ", failMsg: "设置失败! ",
		vars: input(paramVars(listEntry, actingEnterprise)), reply: shape("added", convs{"id": num})},
	&route{op: "PartnerDeleteListEntry", okMsg: "设置成功! ", failMsg: "设置失败! ",
		vars: input(paramVars(listEntry, actingEnterprise))},
	nil,
	&route{op: "PartnerGoodsLists", vars: queryVars(actingEnterprise.with(listEntry)),
		reply: pageOf(convs{"enterprise": lift, "target": lift, "listing": everyGoods, "list_type": lowerCase,
			"id": num, "enterprise_ID": num, "target_enterprise_ID": num})},
)

var listEntry = members{unsent: orBlank, msg: "%s格式错误", fields: []field{
	{"target_enterprise_ID", "targetId", integer}, {"goods_ID", "goodsCode", byStar(textual)},
	{"list_type", "listType", legacyWords(map[string]any{"black": "BLACK", "white": "WHITE"})},
}}

// legacyWords reads a legacy word as the GraphQL value it stands for.
func legacyWords(values map[string]any) reader {
	return func(c *call, v any, msg string) any {
		s, _ := v.(string)
		out, ok := values[s]
		if !ok {
			c.refuse(msg)
		}
		return out
	}
}

// lowerCase is an enum name as the legacy lower-case word (BLACK: black).
var lowerCase = val(func(v any) (any, error) { return strings.ToLower(scalar(v)), nil })

// partnerSpecs say what the OpenAPI document says of each partner
// interface beyond its row (openapi.go), in partner-b2b.md's words. Every
// body carries username and password (the caller signs in per request)
// and may carry sec, echoed in the answer.
var partnerSpecs = func() map[string]spec {
	signed := func(more ...param) []param {
		return append([]param{need("username", textLike, "用户名"), need("password", textLike, "密码"),
			may("sec", tAny, "原样返回")}, more...)
	}
	paramOf := func(ms ...members) param {
		var fields []param
		for _, m := range ms {
			fields = append(fields, membersOf(m, false)...)
		}
		return may("param", bodyObject(fields), "")
	}
	crud := func(summary string, ms ...members) spec {
		return spec{summary: summary, doc: "op_type：1 增加，2 删除，3 修改，4 查询（pageNum、pageSize，最多 50）",
			body: signed(need("op_type", intLike, "1 增加，2 删除，3 修改，4 查询"), paramOf(ms...),
				may("pageNum", intLike, "页码"), may("pageSize", intLike, "每页条数，最多 50"))}
	}
	added := open(p("id", tInt))
	page := object(p("pageNum", tInt), p("pageSize", tInt), p("totalRecords", tInt), p("currentSize", tInt),
		p("data", listOf(schema{"type": "object"})))
	line := param{name: "param", s: bodyObject([]param{need("order_id", intLike, "子订单号")}), required: true}
	view := open(p("order_id", tInt), p("companyID", tInt))
	return map[string]spec{
		"PartnerRegister": {summary: "1.注册", body: membersOf(registration.with(registrationMore), false),
			reply: object(p("data", open(p("username", tStr), p("realName", tStr))))},
		"PartnerLogin": {summary: "2.登录", body: signed(),
			reply: object(p("data", open(p("companyid", tInt), p("companyName", tStr), p("username", tStr))))},
		"PartnerShelve": {summary: "3.商品上架", body: signed(slices.Concat(membersOf(shelved, true),
			[]param{need("info", bodyObject(membersOf(shelvedInfo, true)), "商品信息")})...)},
		"POST /customers":        crud("4.客户查增删改", customerID, customerName, customerMore),
		"PartnerAddCustomer":     {summary: "增加客户", reply: added},
		"PartnerDeleteCustomer":  {summary: "删除客户"},
		"PartnerUpdateCustomer":  {summary: "修改客户"},
		"PartnerCustomers":       {summary: "查询客户", reply: page},
		"POST /relations":        crud("5.客户关系", actingEnterprise, relationKey, relationKind),
		"PartnerAddRelation":     {summary: "增加客户关系", reply: added},
		"PartnerDeleteRelation":  {summary: "删除客户关系"},
		"PartnerChangeRelation":  {summary: "修改客户关系"},
		"PartnerRelations":       {summary: "查询客户关系", reply: page},
		"POST /discounts":        crud("6.客户折扣", actingEnterprise, discountKey, discountRate),
		"PartnerAddDiscount":     {summary: "增加折扣", reply: added},
		"PartnerDeleteDiscount":  {summary: "删除折扣"},
		"PartnerChangeDiscount":  {summary: "修改折扣"},
		"PartnerDiscounts":       {summary: "查询折扣", reply: page},
		"POST /goods/lists":      crud("15.商品黑白名单接口", actingEnterprise, listEntry),
		"PartnerAddListEntry":    {summary: "加入黑白名单", reply: added},
		"PartnerDeleteListEntry": {summary: "移出黑白名单"},
		"PartnerGoodsLists":      {summary: "查询黑白名单", reply: page},
		"PartnerRemind": {summary: "7.下单提醒", doc: "op_type 1 提醒，2 撤回；同一 timestamp 为同一提醒",
			body: signed(need("param", bodyObject(slices.Concat(membersOf(reminder, true), membersOf(reminderSender, false))), ""))},
		"PartnerPlaceOrder": {summary: "8.下单", doc: "param 为订单行列表，每行同一 companyID（买方）",
			body:  signed(need("param", listOf(bodyObject(slices.Concat([]param{need("companyID", intLike, "买方企业")}, membersOf(orderLine, true)))), "订单行")),
			reply: open(p("order_id", tInt), p("order_PID", tInt))},
		"POST /orders/query": {summary: "9.订单查询", doc: "op_type 1 接单（卖方），4 查询",
			body: signed(need("op_type", intLike, "1 接单，4 查询"), line)},
		"PartnerAcceptOrder": {summary: "接单", reply: open(p("order_status", tInt))},
		"PartnerOrderState":  {summary: "查询订单状态", reply: open(p("order_status", tInt))},
		"PartnerShip": {summary: "10.发货", doc: "status 若给出须为 50",
			body: signed(need("param", bodyObject(slices.Concat([]param{need("order_id", intLike, "子订单号"), may("status", intLike, "50")},
				membersOf(tracking, true), membersOf(shipment, false))), ""))},
		"PartnerReceive": {summary: "11.收货", doc: "status 若给出须为 55",
			body: signed(need("param", bodyObject([]param{need("order_id", intLike, "子订单号"), may("status", intLike, "55")}), ""))},
		"PartnerLogistics": {summary: "12.物流查看", body: signed(may("op_type", intLike, "4（查询）"), line),
			reply: object(p("data", open(p("order_id", tInt), p("status", oneOf(50, 55)), p("message", nullable(tStr)))))},
		"PartnerReturnView": {summary: "13.退货查看", doc: "param.order_status 为 90 时申请退货",
			body: signed(line), reply: view},
		"PartnerRequestReturn": {summary: "申请退货（order_status 90）", reply: view},
		"PartnerConfirmReturn": {summary: "14.退货确认", doc: "op_type 99；order_id 可在 param 中或在请求体中",
			body: signed(may("op_type", intLike, "99，或在 param 中"), may("param", schema{"type": "object"}, "order_id、order_status（90）"),
				may("order_id", intLike, "子订单号（不用 param 时）")), reply: view},
	}
}()
