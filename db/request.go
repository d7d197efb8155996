package db

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// DefaultStatementsPerRequest is how many statements one request may have in
// flight at once. gqlgen resolves a query's root fields in parallel, so
// without a cap one request of many aliases takes the whole pool (and, over
// several instances, the cluster's max_connections).
const DefaultStatementsPerRequest = 4

// DefaultReadRetry is how long a read that met a broken connection waits for
// the database to answer again before it fails: a restart takes seconds.
const DefaultReadRetry = 5 * time.Second

// slots is one request's share of the pool: a token per statement in flight.
type slots chan struct{}

type slotsKey struct{}

// heldKey marks a context whose work already holds a slot: a transaction
// holds one for its whole life (it holds a connection that long), and its
// statements run one at a time on that connection, so they take no other
// (which also means they can never wait on each other).
type heldKey struct{}

// LimitStatements caps the statements run with ctx (and contexts made from
// it) at n at once; n <= 0 leaves them uncapped.
func LimitStatements(ctx context.Context, n int) context.Context {
	if n <= 0 {
		return ctx
	}
	return context.WithValue(ctx, slotsKey{}, make(slots, n))
}

// acquire takes a slot of ctx's request, waiting at most as long as ctx
// lives. The context returned marks the slot held; release gives it back.
func acquire(ctx context.Context) (held context.Context, release func(), err error) {
	s, capped := ctx.Value(slotsKey{}).(slots)
	if !capped || ctx.Value(heldKey{}) != nil {
		return ctx, func() {}, nil
	}
	select {
	case s <- struct{}{}:
		return context.WithValue(ctx, heldKey{}, true), func() { <-s }, nil
	case <-ctx.Done():
		return ctx, nil, ctx.Err()
	}
}

// statementSlots is the query hook that makes every statement outside a
// transaction take a slot of its request for as long as it runs. bun calls
// AfterQuery after every BeforeQuery, errors included; a Scan has read its
// rows to the end by then (which releases their connection), so the slot
// outlives the statement's hold on the pool.
type statementSlots struct{}

func (statementSlots) BeforeQuery(ctx context.Context, e *bun.QueryEvent) context.Context {
	held, release, err := acquire(ctx)
	if err != nil {
		// ctx is done, so the statement fails at once with ctx's error.
		return ctx
	}
	if e.Stash == nil {
		e.Stash = map[any]any{}
	}
	e.Stash[slotsKey{}] = release
	return held
}

func (statementSlots) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	if release, ok := e.Stash[slotsKey{}].(func()); ok {
		release()
	}
}

// RetryRead runs read and, while it reports that it met an unreachable
// database, waits for the database to answer a ping and runs it again, for
// at most wait in all and never beyond ctx. Only for work that is safe to
// repeat: reads.
//
// After a restart every idle connection is dead and fails the first
// statement it is given, which drops it: a failed ping is tried again at
// once while idle connections remain, so they clear fast; otherwise it, or a
// read that failed again, backs off from 10 ms to 500 ms.
func (h *Handle) RetryRead(ctx context.Context, wait time.Duration, read func() (unavailable bool)) {
	if !read() || wait <= 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	for backoff := 10 * time.Millisecond; ; {
		err := h.Ping(ctx)
		if err == nil && !read() || ctx.Err() != nil {
			return
		}
		if err != nil && h.db.Stats().Idle > 0 {
			continue
		}
		select {
		case <-time.After(backoff):
			backoff = min(2*backoff, 500*time.Millisecond)
		case <-ctx.Done():
			return
		}
	}
}
