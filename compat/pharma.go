package compat

import (
	"cmp"
	"maps"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/httpx"
)

// The pharma sales admin at /api/mgr/ (bysms-v1.md and medical-admin-v2.md).
// Both client generations are served at once: a list without pagenum and
// pagesize returns every row (v1), one with both is paged and carries total
// (v2). Where the two documents word the same failure differently, the
// newer one's words are used.

const mgrBase = "/api/mgr"

var mgrWording = wording("请先登录", "请使用管理员账户登录", "id:%v不存在", "请求参数错误")

// mountPharma serves sign-in to anybody and the rest to a signed-in caller
// only, checked before the body and the action (as the legacy login
// decorator did). No route takes an upload, so a multipart body is bounded
// by maxBody.
func mountPharma(r chi.Router, run Runner, maxBody int64) {
	env := mgr{}
	r.Group(func(r chi.Router) {
		r.Use(recoverer(env))
		mountActions(r, run, maxBody, pharmaPublic)
		r.Group(func(r chi.Router) {
			r.Use(guard(env))
			mountActions(r, run, maxBody, pharmaRoutes)
		})
	})
}

// mountActions serves each path of a table; the method and the action pick
// the route, which is known only once the body is read.
func mountActions(r chi.Router, run Runner, maxBody int64, table []route) {
	byPath := map[string][]route{}
	for _, rt := range table {
		byPath[rt.path] = append(byPath[rt.path], rt)
	}
	for path, routes := range byPath {
		r.HandleFunc(mgrBase+path, handler(run, mgr{}, maxBody, func(c *call) *route { return pickRoute(c, routes) }))
	}
}

// pickRoute finds the route for the method and action, or refuses with the
// legacy message for a missing or wrong action.
func pickRoute(c *call, routes []route) *route {
	if _, notObject := c.params[bodyKey]; notObject {
		c.refuse(badBody)
	}
	if c.refusal != "" {
		return nil
	}
	// A path without actions has routes with action "": the method decides.
	action, _ := c.params["action"].(string)
	known := false
	for i := range routes {
		if routes[i].action == action || routes[i].action == "" {
			if routes[i].method == c.r.Method {
				return &routes[i]
			}
			known = true
		}
	}
	switch {
	case routes[0].action == "":
		c.refuse("不支持的请求方法")
	case action == "":
		c.refuse("未传action类型")
	case known:
		c.refuse("错误的action类型或错误的请求类型")
	default:
		c.refuse("错误的action类型")
	}
	return nil
}

// mgr is the {"ret": 0, ...} envelope: replies are fields beside ret.
type mgr struct{}

func (mgr) ok(c *call, _ *route, reply any) {
	m, _ := reply.(obj)
	body := obj{"ret": 0}
	maps.Copy(body, m)
	httpx.WriteJSON(c.w, http.StatusOK, body)
}

func (mgr) fail(c *call, f failure) {
	httpx.WriteJSON(c.w, f.status, obj{"ret": f.code, "msg": formatMsg(f.msg, c.id)})
}

// codes: ret 1 with HTTP 200 for a business failure (2 for "in use"), HTTP
// 400 for bad input, 429 for too many failed sign-ins, 302 for "sign in
// first"; a failed sign-in is a business failure.
func (mgr) codes(k failKey) failure {
	switch {
	case k.code == apperr.Unauthenticated && k.reason == "":
		return failure{status: http.StatusFound, code: 302}
	case k.reason == apperr.ReasonInUse:
		return failure{status: http.StatusOK, code: 2}
	}
	return failure{status: cmp.Or(mgrStatus[k.code], http.StatusOK), code: 1}
}

var mgrStatus = map[apperr.Code]int{
	apperr.InvalidInput: http.StatusBadRequest, apperr.GraphQLValidation: http.StatusBadRequest,
	apperr.Unavailable: http.StatusServiceUnavailable, apperr.Internal: http.StatusInternalServerError,
	apperr.TooManyAttempts: http.StatusTooManyRequests, apperr.Timeout: http.StatusServiceUnavailable,
	apperr.ComplexityLimit: http.StatusBadRequest,
}

func (mgr) wording() failures { return mgrWording }

var (
	pharmaPage      = pageRule{optional: true, noNum: "请填写pagenum", noSize: "请填写pagesize", bad: "%s必须是正整数"}
	pharmaOrderPage = pageRule{optional: true, noNum: "缺少pagenum或pagesize字段", noSize: "缺少pagenum或pagesize字段",
		bad: "%s必须是正整数"}
	pharmaConvs = convs{"id": num}
)

// pharmaPublic is sign-in, the one route open to anybody. The token travels
// in the sessionid cookie.
var pharmaPublic = []route{{op: "SignIn", method: http.MethodPost, path: "/signin",
	vars: loginVars("PHARMA", "请填写用户名和密码"),
	reply: func(c *call, data any) (any, error) {
		login, _ := member(data, "login").(obj)
		expires, err := time.Parse(time.RFC3339Nano, scalar(login["expiresAt"]))
		setSessionCookie(c, scalar(login["token"]), expires)
		return obj{"msg": "登录成功"}, err
	},
	fails: failures{{apperr.Unauthenticated, apperr.ReasonBadCredentials, ""}: "错误的用户名或密码",
		{apperr.Forbidden, apperr.ReasonInactive, ""}: "账户无权限登录", {apperr.Forbidden, apperr.ReasonWrongRole, ""}: "请使用管理员账户登录"}}}

var pharmaRoutes = []route{
	{op: "SignOut", method: http.MethodGet, path: "/signout",
		reply: func(c *call, _ any) (any, error) {
			setSessionCookie(c, "", time.Unix(0, 0))
			return obj{"msg": "登出成功"}, nil
		}},

	// Customers.
	{op: "ListCustomers", method: http.MethodGet, path: "/customers", action: "list_customer", vars: pagingVars(pharmaPage),
		reply: inOrder(shape("list", pharmaConvs), []string{"id", "name", "phonenumber", "address"})},
	{op: "AddCustomer", method: http.MethodPost, path: "/customers", action: "add_customer", reply: shape("created", pharmaConvs),
		fails: failures{duplicate: "客户名已经存在"},
		vars:  addVars("请填入相应的客户数据", customerMembers)},
	{op: "ModifyCustomer", method: http.MethodPut, path: "/customers", action: "modify_customer",
		fails: failures{duplicate: "客户名已经存在"},
		vars:  modifyVars("请填入相应的修改客户数据", customerMembers)},
	{op: "DeleteCustomer", method: http.MethodDelete, path: "/customers", action: "del_customer", vars: idVars("请传入删除的id值"),
		fails: failures{inUse: "订单中引用了这条数据,禁止删除"}},

	// Medicines.
	{op: "ListMedicines", method: http.MethodGet, path: "/medicines", action: "list_medicine", vars: pagingVars(pharmaPage),
		reply: inOrder(shape("list", pharmaConvs), []string{"id", "name", "sn", "desc"})},
	{op: "AddMedicine", method: http.MethodPost, path: "/medicines", action: "add_medicine", reply: shape("created", pharmaConvs),
		fails: failures{duplicate: "药品名已存在"},
		vars:  addVars("请填入相应的药品数据", medicineMembers)},
	{op: "ModifyMedicine", method: http.MethodPut, path: "/medicines", action: "modify_medicine", reply: message("修改成功"),
		fails: failures{{code: apperr.NotFound}: "无此id的药品", duplicate: "药品名已存在"},
		vars:  modifyVars("请填入相应的修改药品数据", medicineMembers)},
	{op: "DeleteMedicine", method: http.MethodDelete, path: "/medicines", action: "del_medicine", vars: idVars("请传入删除的id值"),
		reply: message("删除成功"),
		fails: failures{{code: apperr.NotFound}: "无此id,无法删除", inUse: "订单中正在使用该商品,无法删除"}},

	// Orders: each row carries the members of both client generations.
	{op: "ListOrders", method: http.MethodGet, path: "/orders", action: "list_order", vars: pagingVars(pharmaOrderPage),
		reply: inOrder(func(c *call, data any) (any, error) {
			// First-generation clients were sent full timestamps,
			// second-generation ones the date.
			created := timeAs(legacyTimestamp, time.UTC)
			if c.paged {
				created = timeAs(time.DateOnly, time.UTC)
			}
			return shape("list", convs{"id": num, "create_date": created, "customer_name": pluck("name"),
				"customerid": pluck("id"), "medicine": lift, "medicines_name": join("name", " | ")})(c, data)
		}, []string{"id", "name", "create_date", "customer_name", "customerid", "medicines_name", "medicinelist"},
			[]string{"id", "amount", "name"})},
	{op: "AddOrder", method: http.MethodPost, path: "/orders", action: "add_order", reply: shape("created", pharmaConvs),
		fails: pharmaOrderFails,
		vars: func(c *call) obj {
			const bad = "请传入data或传入正确格式的data"
			data := c.object(c.params["data"], bad)
			customer := c.intOf(data["customerid"], "请传入customerid")
			name := c.strOf(data["name"], "请传入订单名称")
			var lines any
			switch {
			case data["medicinelist"] != nil:
				lines = medicineList(c, data["medicinelist"], bad)
			case data["medicineids"] != nil:
				// v1 lines: a list of medicine ids, one of each.
				lines = each(c, data["medicineids"], bad, func(e any) obj {
					return obj{"medicineId": c.intOf(e, bad), "amount": 1}
				})
			default:
				c.refuse("请传入medicinelist")
			}
			return obj{"input": obj{"name": name, "customerId": customer, "lines": lines}}
		}},
	{op: "ModifyOrder", method: http.MethodPut, path: "/orders", action: "modify_order", fails: pharmaOrderFails,
		vars: idVars("请传入正确的id值", input(func(c *call) obj {
			return orderChanges.read(c, c.object(c.params["data"], orderChanges.msg), obj{})
		}))},
	{op: "DeleteOrder", method: http.MethodDelete, path: "/orders", action: "del_order", vars: idVars("缺少订单id")},

	// The signed-in account's profile.
	{op: "MyProfile", method: http.MethodGet, path: "/profile", action: "get_my_profile",
		reply: inOrder(shape("me", nil), []string{"nickname", "birthdate", "bio"})},
	{op: "ModifyMyProfile", method: http.MethodPut, path: "/profile", action: "modify_my_profile",
		vars: input(func(c *call) obj {
			return profileChanges.read(c, c.object(c.params["profile"], "没有传入profile"), obj{})
		})},
}

var (
	orderChanges = members{msg: "请传入正确的data", fields: []field{{"name", "name", nonBlank},
		{"customerid", "customerId", integer}, {"medicinelist", "setLines", medicineList},
		{"deletelist", "removeMedicineIds", func(c *call, v any, msg string) any {
			return each(c, v, msg, func(e any) int64 { return c.intOf(e, msg) })
		}}}}
	profileChanges = members{msg: "profile中的%s必须是字符串", fields: []field{{"nickname", "nickname", anyString},
		{"birthdate", "birthdate", anyString}, {"bio", "bio", anyString}}}
)

var pharmaOrderFails = failures{
	duplicate: "订单名已经存在", missing(apperr.EntityOrder): "id:%v不存在",
	missing(apperr.EntityCustomer): "客户不存在", missing(apperr.EntityMedicine): "药品不存在",
	invalid: "药品数量必须是大于等于0的整数，且同一药品只能出现一次",
}

func pagingVars(rule pageRule) func(c *call) obj {
	return func(c *call) obj {
		paging := c.paging(rule)
		return obj{"paging": paging, "paged": c.paged}
	}
}

func message(msg string) reply {
	return func(*call, any) (any, error) { return obj{"msg": msg}, nil }
}

// The members of customers and medicines, each legacy name with its
// GraphQL one. A member sent must be a non-blank string.
var (
	customerMembers = []field{{"name", "name", nonBlank}, {"phonenumber", "phoneNumber", nonBlank}, {"address", "address", nonBlank}}
	medicineMembers = []field{{"name", "name", nonBlank}, {"sn", "sn", nonBlank}, {"desc", "description", nonBlank}}
)

// addVars reads the new record, data, into input: every member is needed.
func addVars(incomplete string, fields []field) func(c *call) obj {
	return input(func(c *call) obj {
		data, in := c.object(c.params["data"], "请求体参数中需要填入data"), obj{}
		for _, f := range fields {
			in[f.name] = f.read(c, data[f.key], incomplete)
		}
		return in
	})
}

// modifyVars reads the id and the members newdata sends into input; those
// left out keep their value, as the original server's modify did (its
// documents' examples happen to send them all). Members of neither kind
// are ignored, as it ignored them.
func modifyVars(incomplete string, fields []field) func(c *call) obj {
	changes := members{msg: incomplete, fields: fields}
	return idVars("请传入修改的id值", input(func(c *call) obj {
		return changes.read(c, c.object(c.params["newdata"], "请传入newdata"), obj{})
	}))
}

// medicineList reads v2 lines: [{"id": 2, "amount": 5, "name": "..."}].
func medicineList(c *call, v any, bad string) any {
	return c.objects(v, bad, func(m obj) obj {
		return obj{"medicineId": c.intOf(m["id"], bad), "amount": c.intOf(m["amount"], bad)}
	})
}

func setSessionCookie(c *call, token string, expires time.Time) {
	http.SetCookie(c.w, &http.Cookie{Name: auth.SessionCookie, Value: token, Path: "/", Expires: expires,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: auth.ClientOf(c.r.Context()).HTTPS})
}

// pharmaSpecs say what the OpenAPI document says of each route beyond its
// row (openapi.go): medical-admin-v2.md's words, v1's members too.
var pharmaSpecs = func() map[string]spec {
	customer := object(p("id", tInt), p("name", tStr), p("phonenumber", tStr), p("address", tStr))
	medicine := object(p("id", tInt), p("name", tStr), p("sn", tStr), p("desc", tStr))
	order := object(p("id", tInt), p("name", tStr), p("create_date", tStr), p("customer_name", tStr),
		p("customerid", tInt), p("medicines_name", tStr),
		p("medicinelist", listOf(object(p("id", tInt), p("amount", tInt), p("name", tStr)))))
	list := func(row schema) schema { return object(p("retlist", listOf(row)), o("total", tInt)) }
	paging := []param{may("pagenum", intLike, "要获取第几页信息（v2；与 pagesize 同时给出时分页并返回 total）"),
		may("pagesize", intLike, "每页多少条记录（v2）")}
	id := func(desc string) param { return need("id", intLike, desc) }
	msg := object(p("msg", tStr))
	created := object(p("id", tInt))
	customerData := bodyObject([]param{need("name", tStr, "客户名"), need("phonenumber", tStr, "电话"), need("address", tStr, "地址")})
	medicineData := bodyObject([]param{need("name", tStr, "药品名"), need("sn", tStr, "药品编号"), need("desc", tStr, "描述")})
	// A change names only some members: the data's schema without its
	// required list (a copy: the add routes keep theirs).
	changes := func(data schema) schema { data = maps.Clone(data); delete(data, "required"); return data }
	lines := listOf(open(p("id", intLike), p("amount", intLike)))
	return map[string]spec{
		"SignIn": {summary: "登录", doc: "成功后 sessionid 在 Cookie 中（Set-Cookie）",
			body: []param{need("username", tStr, "用户名"), need("password", tStr, "密码")}, reply: msg},
		"SignOut":        {summary: "退出登录", reply: msg},
		"ListCustomers":  {summary: "列出客户", doc: "不带 pagenum、pagesize 时返回全部（v1）", query: paging, reply: list(customer)},
		"AddCustomer":    {summary: "添加客户", body: []param{need("data", customerData, "客户数据")}, reply: created},
		"ModifyCustomer": {summary: "修改客户", body: []param{id("要修改的客户 id"), need("newdata", changes(customerData), "要修改的字段")}},
		"DeleteCustomer": {summary: "删除客户", body: []param{id("要删除的客户 id")}},
		"ListMedicines":  {summary: "列出药品", doc: "不带 pagenum、pagesize 时返回全部（v1）", query: paging, reply: list(medicine)},
		"AddMedicine":    {summary: "添加药品", body: []param{need("data", medicineData, "药品数据")}, reply: created},
		"ModifyMedicine": {summary: "修改药品", body: []param{id("要修改的药品 id"), need("newdata", changes(medicineData), "要修改的字段")},
			reply: msg},
		"DeleteMedicine": {summary: "删除药品", body: []param{id("要删除的药品 id")}, reply: msg},
		"ListOrders": {summary: "列出订单", doc: "不带 pagenum、pagesize 时返回全部（v1，create_date 为完整时间）；分页时 create_date 为日期（v2）",
			query: paging, reply: list(order)},
		"AddOrder": {summary: "添加订单", body: []param{need("data", bodyObject([]param{
			need("name", tStr, "订单名"), need("customerid", intLike, "客户id"),
			may("medicinelist", lines, "订单药品列表：id、amount（v2）"), may("medicineids", listOf(intLike), "药品 id 列表，各一件（v1）"),
		}), "订单数据")}, reply: created},
		"ModifyOrder": {summary: "修改订单", body: []param{id("订单id"), need("data", bodyObject([]param{
			may("name", tStr, "订单名"), may("customerid", intLike, "客户id"),
			may("medicinelist", lines, "要设置的药品及数量"), may("deletelist", listOf(intLike), "要删除的药品 id"),
		}), "要修改的内容")}},
		"DeleteOrder": {summary: "删除订单", body: []param{id("订单id")}},
		"MyProfile":   {summary: "获取个人信息", reply: object(p("profile", open(p("nickname", nullable(tStr)), p("birthdate", nullable(tStr)), p("bio", nullable(tStr)))))},
		"ModifyMyProfile": {summary: "修改个人信息", body: []param{need("profile", bodyObject([]param{
			may("nickname", tStr, "昵称"), may("birthdate", tStr, "生日"), may("bio", tStr, "简介")}), "个人信息")}},
	}
}()
