package db

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/schema"
)

// Login failure scopes: what a failed sign-in is counted against.
const (
	LoginScopeAccount = "account" // the username tried
	LoginScopeAddress = "address" // the client address it came from
)

// LoginKey is one subject failed sign-ins are counted against.
type LoginKey struct{ Scope, Subject string }

// LoginFailure is one failed sign-in of a key, or one still in flight.
type LoginFailure struct {
	bun.BaseModel `bun:"table:login_failures"`

	ID       int64     `bun:",pk,autoincrement"`
	Scope    string    `bun:",notnull"`
	Subject  string    `bun:",notnull"`
	FailedAt time.Time `bun:",notnull"`
}

// LoginFailures are a key's failures in a window: how many, and when the
// last one was.
type LoginFailures struct {
	N    int
	Last time.Time
}

// LoginFailureStore keeps failed sign-ins, in the database so that every
// instance counts the same ones.
type LoginFailureStore struct{ h *Handle }

// Attempt records a sign-in attempt against each key, stamped with the
// store's clock, as a failure until Forget removes it: concurrent attempts
// see each other before any password is checked. It returns the rows' ids
// and their time.
func (s *LoginFailureStore) Attempt(ctx context.Context, keys []LoginKey) (ids []int64, at time.Time, err error) {
	at = s.h.Now()
	rows := make([]LoginFailure, len(keys))
	for i, k := range keys {
		rows[i] = LoginFailure{Scope: k.Scope, Subject: k.Subject, FailedAt: at}
	}
	if err := insertAll(ctx, s.h.idb(ctx), rows); err != nil {
		return nil, at, err
	}
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	return ids, at, nil
}

// Before counts each key's failures after since that were recorded before
// the row with id before (the attempts that came first), in one statement.
// keys holds at least one; a key without failures is absent.
func (s *LoginFailureStore) Before(ctx context.Context, keys []LoginKey, before int64, since time.Time) (map[LoginKey]LoginFailures, error) {
	var rows []struct {
		Scope, Subject string
		N              int
		Last           time.Time
	}
	err := s.h.idb(ctx).NewSelect().Model((*LoginFailure)(nil)).
		Column("scope", "subject").ColumnExpr("COUNT(*) AS n").ColumnExpr("MAX(failed_at) AS last").
		Where("id < ?", before).Where("failed_at > ?", since).Where(anyKey(keys)).
		Group("scope", "subject").Scan(ctx, &rows)
	counts := make(map[LoginKey]LoginFailures, len(rows))
	for _, r := range rows {
		counts[LoginKey{r.Scope, r.Subject}] = LoginFailures{N: r.N, Last: r.Last}
	}
	return counts, err
}

// Forget removes the rows ids and every failure of the keys.
func (s *LoginFailureStore) Forget(ctx context.Context, ids []int64, keys ...LoginKey) error {
	if len(ids) == 0 && len(keys) == 0 {
		return nil
	}
	q := s.h.idb(ctx).NewDelete().Model((*LoginFailure)(nil))
	if len(ids) > 0 {
		q = q.WhereOr("id IN (?)", bun.In(ids))
	}
	if len(keys) > 0 {
		q = q.WhereOr(anyKey(keys))
	}
	_, err := q.Exec(ctx)
	return err
}

// Prune removes the failures recorded at or before t: they have left every
// window, so the table holds only a window's worth of rows.
func (s *LoginFailureStore) Prune(ctx context.Context, t time.Time) error {
	return deleteWhere[LoginFailure](ctx, s.h.idb(ctx), "failed_at <= ?", t)
}

// anyKey is the condition "the row is of one of the keys" (at least one).
func anyKey(keys []LoginKey) (string, schema.QueryWithArgs) {
	var cond []string
	var args []any
	for _, k := range keys {
		cond = append(cond, "(scope = ? AND subject = ?)")
		args = append(args, k.Scope, k.Subject)
	}
	return "(?)", bun.SafeQuery(strings.Join(cond, " OR "), args...)
}
