package compat

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

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

// Legacy ids are a letter and the number GraphQL has as the ID: K and the
// merchant's account id zero-padded to six digits (K073655), S and a
// restaurant's or a sale menu's id (S281196, S8443), T and a station's
// (T12469).
type legacyID struct {
	prefix string
	width  int // at least this many digits
}

var (
	merchantKID   = legacyID{"K", 6}
	restaurantSID = legacyID{"S", 0}
	saleMenuSID   = legacyID{"S", 0}
	stationTID    = legacyID{"T", 0}
)

// format writes a GraphQL ID (a string of digits) in the legacy form.
func (l legacyID) format(id string) string {
	for len(id) < l.width {
		id = "0" + id
	}
	return l.prefix + id
}

// conv is the member (a GraphQL ID) in the legacy form; null stays null.
func (l legacyID) conv() conv {
	return val(func(v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("id %v is no string", v)
		}
		return l.format(s), nil
	})
}

// parse reads a legacy id (the letter in either case; a bare number is
// taken too) as the GraphQL ID's number, refusing anything else with msg.
func (l legacyID) parse(c *call, v any, msg string) int64 {
	s := strings.TrimSpace(scalar(v))
	if len(s) > len(l.prefix) && strings.EqualFold(s[:len(l.prefix)], l.prefix) {
		s = s[len(l.prefix):]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		c.refuse(msg)
	}
	return n
}

// reader reads a legacy id member as a reader of members.
func (l legacyID) reader() reader {
	return func(c *call, v any, msg string) any { return l.parse(c, v, msg) }
}
