package graph_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
)

// The shop back office manages STAFF and ADMIN accounts only: merchant
// management's employees and merchants share the accounts table, but a shop
// user manager, even the super-admin, neither sees nor changes them, and
// they do not sign in to the shop.
func TestShopUsersLeaveOtherBackOfficesAccounts(t *testing.T) {
	s := apptest.New(t)
	s.SeedMerchants(t)
	ctx := context.Background()
	admin := s.AdminToken(t)
	_, managerRole := usersNewStaff(t, s, admin, "manager", usersManagerRights...)
	const employee, merchant = 2011, 73655 // miaomiao, mmsh01
	stored := func() []*db.Account {
		var rows []*db.Account
		for _, id := range []int64{employee, merchant} {
			a, err := s.App.Stores.Accounts.ByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			rows = append(rows, a)
		}
		return rows
	}
	before := stored()

	for name, token := range map[string]string{"super-admin": admin, "manager": usersShopToken(t, s, "manager")} {
		t.Run(name, func(t *testing.T) {
			apptest.EqualJSON(t, do(t, s, token, usersList, map[string]any{"page": 1, "size": 100}),
				`{"shopUsers": {"total": 2, "items": [{"username": "admin"}, {"username": "manager"}]}}`)
			apptest.EqualJSON(t, do(t, s, token, usersList, map[string]any{"q": "mi", "page": 1, "size": 100}),
				`{"shopUsers": {"total": 1, "items": [{"username": "admin"}]}}`)
			apptest.EqualJSON(t, do(t, s, token, usersList, map[string]any{"q": "mmsh", "page": 1, "size": 100}),
				`{"shopUsers": {"total": 0, "items": []}}`)
			for _, id := range []int{employee, merchant} {
				fails(t, s, token, usersOne, map[string]any{"id": id}, missing("user"))
				fails(t, s, token, usersUpdate, map[string]any{"id": id, "in": map[string]any{"mobile": "110"}}, missing("user"))
				fails(t, s, token, usersActive, map[string]any{"id": id, "on": false}, missing("user"))
				fails(t, s, token, usersRole, map[string]any{"id": id, "role": managerRole}, missing("user"))
				fails(t, s, token, usersDelete, map[string]any{"id": id}, missing("user"))
			}
		})
	}
	if after := stored(); !reflect.DeepEqual(before, after) {
		t.Errorf("the shop changed accounts of merchant management: %+v, want %+v", after, before)
	}
	s.MerchantsLogin(t, "miaomiao", apptest.DemoPassword)
	fails(t, s, "", shopLogin, map[string]any{"u": "miaomiao", "p": apptest.DemoPassword}, `{"code":"FORBIDDEN","reason":"WRONG_ROLE"}`)

	// An employee whose row holds a shop role (written directly: the API
	// cannot give it one) still does not sign in to the shop.
	if _, err := s.App.DB.NewUpdate().Model((*db.Account)(nil)).Set("shop_role_id = ?", db.SuperAdminRoleID).
		Where("id = ?", employee).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	fails(t, s, "", shopLogin, map[string]any{"u": "miaomiao", "p": apptest.DemoPassword}, `{"code":"FORBIDDEN","reason":"WRONG_ROLE"}`)
	// Nor does its merchant-management session hold that role's rights.
	miaomiao := s.MerchantsLogin(t, "miaomiao", apptest.DemoPassword)
	apptest.EqualJSON(t, do(t, s, miaomiao, `{ shopMenus { id } }`, nil), `{"shopMenus": []}`)
	fails(t, s, miaomiao, usersList, map[string]any{"page": 1, "size": 1}, noRight)
}
