package compat_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/onegraph/server/apptest"
)

// The Authorization scheme is case-insensitive (RFC 7235), as the original
// shop server took it: "bearer <token>" and "BEARER <token>" read as
// "Bearer <token>" on both base paths.
func TestShopAuthorizationSchemeIgnoresCase(t *testing.T) {
	s := apptest.New(t)
	r := s.Do(t, "", http.MethodPost, "/api/v2/login", map[string]any{"username": "admin", "password": apptest.AdminPassword})
	var admin struct {
		ID    int64  `json:"id"`
		Token string `json:"token"`
	}
	apptest.ShopData(t, r, &admin)
	raw, ok := strings.CutPrefix(admin.Token, "Bearer ")
	if !ok {
		t.Fatalf("login token %q lacks its scheme", admin.Token)
	}
	want := apptest.ShopAnswer(fmt.Sprintf(`{"id":%d,"username":"admin","mobile":"","email":"","role_id":0}`, admin.ID), "查询成功", 200)
	for _, base := range []string{"/api/v2", "/api/private/v1"} {
		path := fmt.Sprintf("%s/users/%d", base, admin.ID)
		// What "Bearer" gets on this base path is what the others must get.
		bearer := s.Do(t, admin.Token, http.MethodGet, path, nil)
		if base == "/api/v2" {
			bearer.Expect(t, http.StatusOK, want)
		}
		var user struct {
			ID int64 `json:"id"`
		}
		if apptest.ShopData(t, bearer, &user); user.ID != admin.ID {
			t.Fatalf("%s with Bearer: %s", path, bearer.Body)
		}
		for _, c := range []struct{ name, authorization string }{
			{"lower case", "bearer " + raw},
			{"upper case", "BEARER " + raw},
			{"spaces before the token", "Bearer   " + raw},
		} {
			t.Run(base+" "+c.name, func(t *testing.T) {
				s.Do(t, c.authorization, http.MethodGet, path, nil).Expect(t, http.StatusOK, bearer.Body)
			})
		}
		// Another scheme is no token.
		s.Do(t, "Basic "+raw, http.MethodGet, path, nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "无效token"))
	}
}
