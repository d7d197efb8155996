package compat_test

import (
	"net/http"
	"testing"

	"github.com/onegraph/server/apptest"
)

// The partner API at /partner/ (partner-b2b.md) over the demo
// (apptest.SeedPartners): every body carries the caller's credentials, every
// answer the envelope {"status", "msg", ..., "sec"}.

func partnerStart(t *testing.T) *apptest.Server {
	t.Helper()
	s := apptest.New(t)
	s.SeedPartners(t)
	return s
}

// partnerPost posts a body to a partner path.
func partnerPost(t *testing.T, s *apptest.Server, path string, body any) apptest.Response {
	t.Helper()
	return s.Do(t, "", http.MethodPost, "/partner"+path, body)
}

// as is a body signed with the demo enterprise's account.
func as(enterprise int, body map[string]any) map[string]any {
	body["username"], body["password"] = apptest.PartnerUser(enterprise), apptest.DemoPassword
	return body
}

func TestPartnerRefusesBadCredentialsAndBodiesInTheEnvelope(t *testing.T) {
	s := partnerStart(t)
	const signInRefused = `{"status": 1, "msg": "用户不存在或密码不正确", "reason": "用户不存在或密码不正确：wrong username or password", "sec": "k1"}`
	for name, body := range map[string]any{
		"wrong password": map[string]any{"username": apptest.PartnerUser(1), "password": "nope", "sec": "k1"},
		"unknown user":   map[string]any{"username": "13999999999", "password": "123456", "sec": "k1"},
	} {
		t.Run(name, func(t *testing.T) {
			partnerPost(t, s, "/login", body).Expect(t, http.StatusOK, signInRefused)
		})
	}
	t.Run("no credentials", func(t *testing.T) {
		partnerPost(t, s, "/login", map[string]any{"op_type": 4, "sec": 7}).Expect(t, http.StatusOK,
			`{"status": 1, "msg": "用户不存在或密码不正确", "reason": "用户不存在或密码不正确", "sec": 7}`)
	})
	t.Run("an account of another system", func(t *testing.T) {
		partnerPost(t, s, "/login", map[string]any{"username": "admin", "password": apptest.AdminPassword}).Expect(t, http.StatusOK,
			`{"status": 1, "msg": "用户不存在或密码不正确", "reason": "该账号不是合作伙伴账号：the partner API is for PARTNER accounts only"}`)
	})
	for name, body := range map[string]string{"not JSON": `{"username": `, "a list": `[1, 2]`, "a string": `"x"`} {
		t.Run(name, func(t *testing.T) {
			partnerPost(t, s, "/login", body).Expect(t, http.StatusOK,
				`{"status": 1, "msg": "用户不存在或密码不正确", "reason": "请求体格式错误，应为JSON"}`)
		})
	}
	t.Run("a path not served", func(t *testing.T) {
		partnerPost(t, s, "/nothing", as(1, map[string]any{"sec": "s"})).Expect(t, http.StatusNotFound,
			`{"status": 1, "msg": "接口不存在"}`)
	})
	t.Run("a method not served", func(t *testing.T) {
		s.Do(t, "", http.MethodGet, "/partner/login", nil).Expect(t, http.StatusMethodNotAllowed,
			`{"status": 1, "msg": "不支持的请求方法，请用POST"}`)
	})
}
