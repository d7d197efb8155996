package db

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/onegraph/server/apperr"
)

var errAbort = errors.New("abort")

// deadline bounds a test that runs a transaction: on SQLite's one connection
// a statement outside the transaction waits for ever, and should fail instead.
func deadline(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func customerNames(t *testing.T, s *Stores) []string {
	t.Helper()
	rows, _, err := s.Pharma.Customers.List(context.Background(), NameFilter{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range rows {
		names = append(names, c.Name)
	}
	return names
}

func TestRunCommitsWhenFnSucceeds(t *testing.T) {
	s := testStores(t, nil)
	err := s.Handle.Run(deadline(t), func(ctx context.Context) error {
		return s.Pharma.Customers.Create(ctx, &PharmaCustomer{Name: "kept"})
	})
	if got := customerNames(t, s); err != nil || !slices.Equal(got, []string{"kept"}) {
		t.Fatalf("err %v, customers %q; want kept", err, got)
	}
}

func TestRunRollsBackAStoreWriteWhenFnFails(t *testing.T) {
	s := testStores(t, nil)
	err := s.Handle.Run(deadline(t), func(ctx context.Context) error {
		if err := s.Pharma.Customers.Create(ctx, &PharmaCustomer{Name: "lost"}); err != nil {
			return err
		}
		return errAbort
	})
	if got := customerNames(t, s); !errors.Is(err, errAbort) || got != nil {
		t.Fatalf("err %v, customers %q; want abort and none", err, got)
	}
}

// A nested Run joins the outer transaction: the outer sees the inner's
// write before commit, and the outer's failure takes both writes back.
func TestNestedRunJoinsTheOuterTransaction(t *testing.T) {
	s := testStores(t, nil)
	var seenInside []string
	err := s.Handle.Run(deadline(t), func(ctx context.Context) error {
		if err := s.Handle.Run(ctx, func(ctx context.Context) error {
			return s.Pharma.Customers.Create(ctx, &PharmaCustomer{Name: "inner"})
		}); err != nil {
			return err
		}
		if err := s.Pharma.Customers.Create(ctx, &PharmaCustomer{Name: "outer"}); err != nil {
			return err
		}
		rows, _, err := s.Pharma.Customers.List(ctx, NameFilter{}, nil)
		for _, c := range rows {
			seenInside = append(seenInside, c.Name)
		}
		if err != nil {
			return err
		}
		return errAbort
	})
	if !errors.Is(err, errAbort) {
		t.Fatalf("err %v, want abort", err)
	}
	if !slices.Equal(seenInside, []string{"inner", "outer"}) {
		t.Errorf("inside the transaction: %q, want inner and outer", seenInside)
	}
	if got := customerNames(t, s); got != nil {
		t.Errorf("after rollback: %q, want none", got)
	}
}

// A store read inside Run uses the transaction's connection: it sees the
// transaction's own write, which another connection would not, and it never
// waits for a second connection (here: until the deadline).
func TestStoreReadInsideRunDoesNotWaitForAConnection(t *testing.T) {
	s := testStores(t, nil)
	s.Handle.db.SetMaxOpenConns(1)
	err := s.Handle.Run(deadline(t), func(ctx context.Context) error {
		if err := s.Pharma.Customers.Create(ctx, &PharmaCustomer{Name: "c"}); err != nil {
			return err
		}
		_, err := s.Pharma.Customers.Get(ctx, 1)
		return err
	})
	if err != nil {
		t.Fatalf("read inside Run: %v", err)
	}
}

// The handle's clock stamps what the stores write and decides whether a
// session has expired.
func TestInjectedClockStampsRowsAndExpiresSessions(t *testing.T) {
	t0 := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	now := t0
	s := testStores(t, func() time.Time { return now })
	ctx := context.Background()
	acc := &Account{Username: "ann", PasswordHash: "-", Role: RoleStaff, Active: true}
	if err := s.Accounts.Create(ctx, acc); err != nil {
		t.Fatal(err)
	}
	sess, err := s.Accounts.OpenSession(ctx, "s1", acc.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	stored := new(Session)
	if err := s.Handle.db.NewSelect().Model(stored).Where("id = ?", "s1").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	if !sess.CreatedAt.Equal(t0) || !stored.CreatedAt.Equal(t0) || !stored.ExpiresAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("session stamped %v..%v (stored %v..%v), want %v..%v",
			sess.CreatedAt, sess.ExpiresAt, stored.CreatedAt, stored.ExpiresAt, t0, t0.Add(time.Hour))
	}
	if got, err := s.Accounts.ByID(ctx, acc.ID); err != nil || !got.CreatedAt.Equal(t0) {
		t.Errorf("account created at %v (err %v), want %v", got.CreatedAt, err, t0)
	}

	now = t0.Add(time.Hour - time.Second)
	if got, err := s.Accounts.LiveSessionAccount(ctx, "s1"); err != nil || got.ID != acc.ID {
		t.Errorf("a second before expiry: %v, %v; want the account", got, err)
	}
	now = t0.Add(time.Hour)
	if got, err := s.Accounts.LiveSessionAccount(ctx, "s1"); !apperr.Is(err, apperr.Unauthenticated) {
		t.Errorf("at expiry: %v, %v; want UNAUTHENTICATED", got, err)
	}
}
