package db

import (
	"context"
	"strings"
	"testing"
	"time"
)

// The failure store counts, per key, the failures inside the window that
// came before an attempt, and forgets and prunes them (both stores).
func TestLoginFailureStore(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	s := testStores(t, func() time.Time { return now }).LoginFailures
	alice, bob := LoginKey{LoginScopeAccount, "alice"}, LoginKey{LoginScopeAccount, "bob"}
	addr := LoginKey{LoginScopeAddress, "192.0.2.1"}
	attempt := func(keys ...LoginKey) []int64 {
		t.Helper()
		ids, at, err := s.Attempt(ctx, keys)
		if err != nil || len(ids) != len(keys) || !at.Equal(now) {
			t.Fatalf("attempt: ids %v at %v, err %v", ids, at, err)
		}
		return ids
	}
	counts := func(before int64, since time.Time) map[LoginKey]LoginFailures {
		t.Helper()
		c, err := s.Before(ctx, []LoginKey{alice, addr}, before, since)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	want := func(got map[LoginKey]LoginFailures, k LoginKey, n int, last time.Time) {
		t.Helper()
		if g := got[k]; g.N != n || (n > 0 && !g.Last.Equal(last)) {
			t.Errorf("%v: %d failures, last %v; want %d, last %v", k, g.N, g.Last, n, last)
		}
	}

	old := now
	attempt(alice, addr)
	now = now.Add(time.Minute)
	attempt(alice, addr)
	attempt(bob, addr)
	now = now.Add(time.Minute)
	mine := attempt(alice, addr)

	c := counts(mine[0], old.Add(-time.Second))
	want(c, alice, 2, old.Add(time.Minute)) // not the attempt itself
	want(c, addr, 3, old.Add(time.Minute))
	if len(c) != 2 {
		t.Errorf("counts of other keys: %v", c)
	}
	want(counts(mine[0], old), alice, 1, old.Add(time.Minute)) // the window leaves the oldest out
	want(counts(mine[1]+1, old.Add(-time.Second)), addr, 4, now)

	// A success forgets the attempt's rows and the account's failures.
	if err := s.Forget(ctx, mine, alice); err != nil {
		t.Fatal(err)
	}
	c = counts(1<<62, old.Add(-time.Second))
	want(c, alice, 0, time.Time{})
	want(c, addr, 3, old.Add(time.Minute))
	if err := s.Forget(ctx, nil); err != nil { // nothing to forget: no row goes
		t.Fatal(err)
	}
	want(counts(1<<62, old.Add(-time.Second)), addr, 3, old.Add(time.Minute))

	if err := s.Prune(ctx, old); err != nil {
		t.Fatal(err)
	}
	var left []LoginFailure
	if err := s.h.db.NewSelect().Model(&left).Order("id").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for _, r := range left {
		subjects = append(subjects, r.Subject)
	}
	if got := strings.Join(subjects, " "); got != "192.0.2.1 bob 192.0.2.1" {
		t.Errorf("after pruning the first minute: %s", got)
	}
}
