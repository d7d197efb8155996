package compat_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/onegraph/server/apptest"
)

// The shop's user management leaves merchant management's accounts alone:
// its employees and merchants are not listed and, to the shop, do not
// exist; nor do they sign in to the shop, even with a shop role.
func TestShopUsersLegacyLeaveOtherBackOfficesAccounts(t *testing.T) {
	s, admin := usersShopStart(t)
	s.SeedMerchants(t)
	role := usersShopCreateRole(t, s, admin, "主管", "")

	// The original answered the list in its own words, with times in seconds.
	for base, listed := range map[string]string{usersShopV2: "获取成功", "/api/private/v1": "获取管理员列表成功"} {
		users := base + "/users"
		r := s.Do(t, admin, http.MethodGet, users+"?pagenum=1&pagesize=100", nil)
		var list struct {
			Users []struct {
				CreateTime json.RawMessage `json:"create_time"`
			} `json:"users"`
		}
		apptest.ShopData(t, r, &list)
		if len(list.Users) != 1 {
			t.Fatalf("users: %s", r.Body)
		}
		onlyAdmin := apptest.ShopAnswer(fmt.Sprintf(`{"total": 1, "pagenum": 1, "users": [{"id": 1, "username": "admin", "mobile": "", "email": "",
			"create_time": %s, "mg_state": true, "role_name": "超级管理员"}]}`, list.Users[0].CreateTime), listed, 200)
		r.Expect(t, http.StatusOK, onlyAdmin)
		s.Do(t, admin, http.MethodGet, users+"?query=mi&pagenum=1&pagesize=100", nil).Expect(t, http.StatusOK, onlyAdmin)

		for _, id := range []int{2011, 73655} { // miaomiao, an employee; mmsh01, a merchant
			user := fmt.Sprintf("%s/%d", users, id)
			for _, req := range []struct {
				method, path string
				body         any
			}{
				{http.MethodGet, user, nil},
				{http.MethodPut, user, map[string]any{"mobile": "110"}},
				{http.MethodPut, user + "/state/false", nil},
				{http.MethodPut, user + "/role", map[string]any{"rid": role}},
				{http.MethodDelete, user, nil},
			} {
				s.Do(t, admin, req.method, req.path, req.body).Expect(t, http.StatusOK, apptest.ShopFailure(400, "用户不存在"))
			}
		}
	}
	s.MerchantsLogin(t, "miaomiao", apptest.DemoPassword)

	// An employee whose row holds a shop role (written directly: the API
	// cannot give it one) is refused as one without a role.
	if _, err := s.App.DB.NewUpdate().Table("accounts").Set("shop_role_id = ?", role).Where("id = 2011").Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	login := map[string]any{"username": "miaomiao", "password": apptest.DemoPassword}
	s.Do(t, "", http.MethodPost, usersShopV2+"/login", login).Expect(t, http.StatusOK, apptest.ShopFailure(400, "该用户没有分配角色，无法登录"))
	s.Do(t, "", http.MethodPost, "/api/private/v1/login", login).Expect(t, http.StatusOK, apptest.ShopFailure(400, "该用户没有权限登录"))
}
