package seed_test

import (
	"context"
	"testing"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/seed"
)

// The merchant demo keeps the legacy document's account ids and usernames:
// on a store where one is taken it is left out, and the rest of the store
// stays as it was; on a free store it goes in once.
func TestMerchantDemoNeedsItsAccountsFree(t *testing.T) {
	for _, taken := range []struct {
		name string
		acc  *db.Account
	}{
		{"a username", &db.Account{Username: "miaomiao"}},
		{"an id", &db.Account{ID: 73655, Username: "someone"}},
	} {
		t.Run(taken.name, func(t *testing.T) {
			s := apptest.New(t)
			taken.acc.PasswordHash, taken.acc.Role, taken.acc.Active = "-", db.RoleStaff, true
			if err := s.App.Stores.Accounts.Create(context.Background(), taken.acc); err != nil {
				t.Fatal(err)
			}
			accounts := s.Rows(t, "accounts")
			if err := seed.Merchants(context.Background(), s.App.Stores); err != nil {
				t.Fatal(err)
			}
			if n := s.Rows(t, "merchant_cities"); n != 0 || s.Rows(t, "accounts") != accounts {
				t.Errorf("the demo went in beside a taken account: %d cities, %d accounts (were %d)", n, s.Rows(t, "accounts"), accounts)
			}
		})
	}
	s := apptest.New(t)
	for range 2 {
		s.SeedMerchants(t)
	}
	if n := s.Rows(t, "merchant_restaurants"); n != 59 {
		t.Errorf("seeded twice: %d restaurants, want 59", n)
	}
}
