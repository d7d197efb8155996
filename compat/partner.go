package compat

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"slices"

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
	return slices.Concat([]route{partnerLogin})
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
		r.Use(recoverer(env))
		unserved := func(status int, msg string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				env.fail(&call{w: w, r: r}, failure{status: status, msg: msg})
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
				return &rt
			}))
		}
	})
}

// partnerBody checks the body is a JSON object and brings op_type up from
// param where an interface puts it there (9, 12, 14), so a route's choice
// reads it in one place; nil when the request is refused.
func partnerBody(c *call, rt *route) *route {
	c.rt = rt
	if _, notObject := c.params[bodyKey]; notObject || c.refusal != "" {
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

// signIn runs the login operation with the body's credentials and makes
// the request its account's; a refusal it answers itself (the credentials'
// message). A remembered session found signed out meanwhile is forgotten by
// the session check, so one more sign-in checks the password again.
func signIn(c *call, run Runner, viewerOf ViewerOf) bool {
	rt := c.rt
	defer func() { c.rt = rt }()
	c.rt = &partnerLogin // a refusal reads as a sign-in's
	vars := loginVars("PARTNER", badCredentials)(c)
	if c.refusal != "" {
		return false
	}
	for range 2 {
		raw, ok := runOp(c, run, partner{}, &partnerSignIn, vars)
		if !ok {
			c.answered = true
			return false
		}
		var data any
		json.Unmarshal(raw, &data) //nolint:errcheck // the executor wrote it; a token missing fails below
		token, _ := member(member(data, "login"), "token").(string)
		v, err := viewerOf(c.r.Context(), token)
		if err == nil {
			c.r = c.r.WithContext(auth.WithViewer(c.r.Context(), v))
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
	if c.rt != nil && c.rt.failMsg != "" {
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
