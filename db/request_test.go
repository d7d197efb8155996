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

func TestRetryReadRunsAgainOnlyWhileUnavailable(t *testing.T) {
	s := testStores(t, nil)
	runs := 0
	s.Handle.RetryRead(context.Background(), time.Second, func() bool { runs++; return runs < 3 })
	if runs != 3 {
		t.Errorf("read ran %d times, want 3 (twice unavailable, then answered)", runs)
	}
	runs = 0
	s.Handle.RetryRead(context.Background(), 0, func() bool { runs++; return true })
	if runs != 1 {
		t.Errorf("with no wait the read ran %d times, want 1", runs)
	}
}

// While the database does not answer, a read is given up after the wait.
func TestRetryReadGivesUpAfterItsWait(t *testing.T) {
	s := testStores(t, nil)
	if err := s.Handle.db.Close(); err != nil {
		t.Fatal(err)
	}
	runs, start := 0, time.Now()
	s.Handle.RetryRead(context.Background(), 200*time.Millisecond, func() bool { runs++; return true })
	if elapsed := time.Since(start); runs != 1 || elapsed < 200*time.Millisecond || elapsed > 2*time.Second {
		t.Errorf("read ran %d times over %v; want once (the database never answered the ping), given up after 200ms", runs, elapsed)
	}
}
