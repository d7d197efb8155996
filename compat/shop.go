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
