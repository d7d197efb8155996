package compat

import (
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/httpx"
)

// Merchant management at /custommanage/ (custommanage.txt): the index, the
// restaurant search and its Excel export, adding and editing restaurants.
// Every answer is {"code": 0, ...}; a failure carries code 1 (401 and 403
// for a caller not signed in or not an employee) and the HTTP status that
// says the same.

const merchantBase = "/custommanage"

var merchantWording = wording("请先登录", "没有权限", "数据不存在", "参数错误")

// merchantRoutes is every route; each needs a signed-in employee or admin.
func merchantRoutes() []route {
	return slices.Concat(merchantReadRoutes, merchantEditRoutes)
}

// merchantReadRoutes are the index, the search and its export.
var merchantReadRoutes = []route{}

// merchantEditRoutes add and edit restaurants.
var merchantEditRoutes = []route{}

func mountMerchant(r chi.Router, run Runner) {
	env := custommanage{}
	r.Route(merchantBase, func(r chi.Router) {
		r.Use(recoverer(env), guard(env))
		for _, rt := range merchantRoutes() {
			r.MethodFunc(rt.method, rt.path, handler(run, env, func(*call) *route { return &rt }))
		}
	})
}

// custommanage is the {"code": 0, "msg": ..., "data": ...} envelope. A
// reply is the members beside code (msg and data, or count and data), and
// the route's okMsg, where it has one, is msg.
type custommanage struct{}

func (custommanage) ok(c *call, rt *route, reply any) {
	body := obj{"code": 0}
	if rt.okMsg != "" {
		body["msg"] = rt.okMsg
	}
	if m, ok := reply.(obj); ok {
		for k, v := range m {
			body[k] = v
		}
	}
	httpx.WriteJSON(c.w, http.StatusOK, body)
}

func (custommanage) fail(c *call, f failure) {
	httpx.WriteJSON(c.w, f.status, obj{"code": f.code, "msg": formatMsg(f.msg, c.id), "data": nil})
}

// codes: the HTTP status says what code 1 does not.
func (custommanage) codes(k failKey) failure {
	switch k.code {
	case apperr.Unauthenticated:
		return failure{status: http.StatusUnauthorized, code: http.StatusUnauthorized}
	case apperr.Forbidden:
		return failure{status: http.StatusForbidden, code: http.StatusForbidden}
	}
	status, ok := merchantStatus[k.code]
	if !ok {
		status = http.StatusBadRequest
	}
	return failure{status: status, code: 1}
}

var merchantStatus = map[apperr.Code]int{
	apperr.TooManyAttempts: http.StatusTooManyRequests, apperr.Unavailable: http.StatusServiceUnavailable,
	apperr.Timeout: http.StatusServiceUnavailable, apperr.Internal: http.StatusInternalServerError,
}

func (custommanage) wording() failures { return merchantWording }
