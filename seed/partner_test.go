package seed_test

import (
	"context"
	"testing"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
)

// The partner demo goes in once, on a store where its usernames are free.
func TestPartnerDemoGoesInOnce(t *testing.T) {
	s := apptest.New(t)
	taken := &db.Account{Username: apptest.PartnerUser(3), PasswordHash: "-", Role: db.RoleStaff, Active: true}
	if err := s.App.Stores.Accounts.Create(context.Background(), taken); err != nil {
		t.Fatal(err)
	}
	s.SeedPartners(t)
	if n := s.Rows(t, "partner_enterprises"); n != 0 {
		t.Errorf("the demo went in beside a taken username: %d enterprises", n)
	}
	s = apptest.New(t)
	for range 2 {
		s.SeedPartners(t)
	}
	for table, want := range map[string]int64{"partner_enterprises": 5, "partner_accounts": 5, "partner_listings": 6, "partner_customers": 3,
		"partner_order_lines": 6, "partner_shipments": 4, "partner_reminders": 1} {
		if n := s.Rows(t, table); n != want {
			t.Errorf("seeded twice: %d rows in %s, want %d", n, table, want)
		}
	}
}
