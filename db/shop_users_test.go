package db

import (
	"context"
	"testing"
	"time"
)

// A write of some columns from a row read earlier leaves the other columns
// as they are now: an email change cannot undo a concurrent disable.
func TestUpdateUserWritesOnlyItsColumns(t *testing.T) {
	s := testStores(t, nil)
	ctx := context.Background()
	stale := &Account{Username: "u", PasswordHash: "-", Role: RoleStaff, Active: true, CreatedAt: time.Now()}
	insert(t, s, stale)
	if _, err := s.Handle.db.NewUpdate().Model((*Account)(nil)).Set("active = ?", false).Where("id = ?", stale.ID).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	stale.Email = "new@example.com"
	if err := s.ShopUsers.UpdateUser(ctx, stale, "email"); err != nil {
		t.Fatal(err)
	}
	now, err := s.ShopUsers.User(ctx, stale.ID)
	if err != nil {
		t.Fatal(err)
	}
	if now.Active || now.Email != "new@example.com" {
		t.Errorf("after the email change: active %v, email %q; want false, new@example.com", now.Active, now.Email)
	}
}
