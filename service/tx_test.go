package service_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/service"
)

// Two use cases that each run their own transaction, called inside one
// Handle.Run, join it: when the outer fails after both returned, neither
// write lands.
func TestUseCasesInsideOneRunRollBackTogether(t *testing.T) {
	s := apptest.New(t)
	svc := s.App.Services
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	customer := &db.PharmaCustomer{Name: "before"}
	if err := svc.Pharma.Customers.Create(ctx, customer); err != nil {
		t.Fatal(err)
	}
	staff := s.CreateAccount(t, "staff", "pw", db.RoleStaff, true)

	super := db.SuperAdminRoleID
	abort := errors.New("abort")
	err := s.App.Stores.Handle.Run(ctx, func(ctx context.Context) error {
		if err := svc.Pharma.Customers.Update(ctx, &db.PharmaCustomer{ID: customer.ID, Name: "after"}); err != nil {
			return err
		}
		if _, err := svc.ShopUsers.SetUserActive(ctx, service.Caller{RoleID: &super}, staff.ID, false); err != nil {
			return err
		}
		return abort
	})
	if !errors.Is(err, abort) {
		t.Fatalf("run: %v, want abort", err)
	}
	if c, err := svc.Pharma.Customers.Get(ctx, customer.ID); err != nil || c.Name != "before" {
		t.Errorf("customer after rollback: %+v, %v; want named before", c, err)
	}
	if a, err := svc.ShopUsers.User(ctx, staff.ID, service.AccountEdges{}); err != nil || !a.Active {
		t.Errorf("staff after rollback: %+v, %v; want active", a, err)
	}
}
