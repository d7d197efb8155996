package db

import (
	"context"
	"errors"
	"testing"
	"time"
)

// With one slot a transaction still runs all its statements: they use the
// slot the transaction holds rather than waiting for another.
func TestTransactionStatementsRunOnTheTransactionsSlot(t *testing.T) {
	s := testStores(t, nil)
	ctx := LimitStatements(deadline(t), 1)
	err := s.Handle.Run(ctx, func(ctx context.Context) error {
		for _, name := range []string{"a", "b"} {
			if err := s.Pharma.Customers.Create(ctx, &PharmaCustomer{Name: name}); err != nil {
				return err
			}
		}
		_, _, err := s.Pharma.Customers.List(ctx, NameFilter{}, nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A transaction holds its request's slot until it ends (it holds a
// connection that long); a statement of the same request waiting for the
// slot gives up when its context ends, and runs once the slot is free.
func TestStatementWaitsForItsRequestsSlotUntilItsDeadline(t *testing.T) {
	s := testStores(t, nil)
	ctx := LimitStatements(deadline(t), 1)
	inTx, finish, done := make(chan struct{}), make(chan struct{}), make(chan error)
	go func() {
		done <- s.Handle.Run(ctx, func(ctx context.Context) error {
			close(inTx)
			<-finish
			return s.Pharma.Customers.Create(ctx, &PharmaCustomer{Name: "in tx"})
		})
	}()
	<-inTx
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, _, err := s.Pharma.Customers.List(short, NameFilter{}, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("statement while the transaction holds the only slot: err %v, want the deadline", err)
	}
	if waited := time.Since(start); waited > 2*time.Second {
		t.Errorf("the statement gave up after %v, want about 100ms", waited)
	}
	close(finish)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if names := customerNames(t, s); len(names) != 1 {
		t.Errorf("customers %v, want the one the transaction made", names)
	}
	if _, _, err := s.Pharma.Customers.List(ctx, NameFilter{}, nil); err != nil {
		t.Errorf("statement after the transaction: %v", err)
	}
}
