package service_test

import (
	"context"
	"testing"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/service"
)

// Login admits to the pharma admin ADMIN accounts only and to the shop
// STAFF and ADMIN accounts with a shop role: an account of merchant
// management stays out even if its row holds a shop role.
func TestLoginAdmission(t *testing.T) {
	s := apptest.New(t)
	ctx := context.Background()
	role := &db.ShopRole{Name: "clerks"}
	if err := s.App.Stores.ShopUsers.Roles.Create(ctx, role); err != nil {
		t.Fatal(err)
	}
	account := func(name, accountRole string, shopRole *int64, active bool) {
		acc := s.CreateAccount(t, name, "pw", accountRole, active)
		if shopRole != nil {
			acc.ShopRoleID = shopRole
			// Written directly: the shop's own writes refuse an EMPLOYEE.
			if _, err := s.App.DB.NewUpdate().Model(acc).Column("shop_role_id").WherePK().Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	account("staff", db.RoleStaff, nil, true)
	account("clerk", db.RoleStaff, &role.ID, true)
	account("boss", db.RoleAdmin, nil, true)
	account("gone", db.RoleAdmin, &role.ID, false)
	account("worker", db.RoleEmployee, &role.ID, true)
	account("seller", db.RoleMerchant, &role.ID, true)

	for _, c := range []struct {
		user, password string
		app            service.App
		code           apperr.Code // "" when admitted
		reason         apperr.Reason
	}{
		{"admin", apptest.AdminPassword, service.AppPharma, "", ""},
		{"admin", apptest.AdminPassword, service.AppShop, "", ""},
		{"boss", "pw", service.AppPharma, "", ""},
		{"boss", "pw", service.AppShop, apperr.Forbidden, apperr.ReasonNoRole},
		{"clerk", "pw", service.AppShop, "", ""},
		{"clerk", "pw", service.AppPharma, apperr.Forbidden, apperr.ReasonWrongRole},
		{"staff", "pw", service.AppPharma, apperr.Forbidden, apperr.ReasonWrongRole},
		{"staff", "pw", service.AppShop, apperr.Forbidden, apperr.ReasonNoRole},
		{"gone", "pw", service.AppShop, apperr.Forbidden, apperr.ReasonInactive},
		{"worker", "pw", service.AppShop, apperr.Forbidden, apperr.ReasonWrongRole},
		{"worker", "pw", service.AppMerchants, "", ""},
		{"seller", "pw", service.AppShop, apperr.Forbidden, apperr.ReasonWrongRole},
		{"clerk", "wrong", service.AppShop, apperr.Unauthenticated, apperr.ReasonBadCredentials},
		{"nobody", "pw", service.AppShop, apperr.Unauthenticated, apperr.ReasonBadCredentials},
		{"admin", apptest.AdminPassword, "BANK", apperr.InvalidInput, ""},
	} {
		token, _, acc, err := s.App.Services.Accounts.Login(ctx, c.user, c.password, c.app)
		if c.code == "" {
			if err != nil || token == "" || acc.Username != c.user {
				t.Errorf("%s to %s: %v; want admitted", c.user, c.app, err)
			}
			continue
		}
		e, ok := apperr.As(err)
		if !ok || e.Code != c.code || e.Reason != c.reason || token != "" {
			t.Errorf("%s to %s: %v (token %q); want %s/%s", c.user, c.app, err, token, c.code, c.reason)
		}
	}
}
