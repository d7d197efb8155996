package db

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// masked shows a message of its own over the error it wraps, as a GraphQL
// error does once the presenter has replaced its message.
type masked struct{ err error }

func (m masked) Error() string { return "internal error" }
func (m masked) Unwrap() error { return m.err }

func TestIsUnavailableOnAClosedDatabase(t *testing.T) {
	s := testStores(t, nil)
	ctx := context.Background()
	if _, err := s.Accounts.Count(ctx); err != nil || IsUnavailable(err) {
		t.Fatalf("open database: %v", err)
	}
	if _, err := s.Handle.db.NewSelect().ColumnExpr("no_such_column").Table("accounts").Exec(ctx); err == nil || IsUnavailable(err) {
		t.Errorf("a failing statement reads as unavailable: %v", err)
	}
	s.Handle.db.Close()
	_, err := s.Accounts.ByUsername(ctx, "admin")
	for what, e := range map[string]error{
		"as returned": err,
		"wrapped":     fmt.Errorf("login: %w", err),
		"masked":      masked{err},
		"joined":      errors.Join(errors.New("other"), masked{err}),
	} {
		if !IsUnavailable(e) {
			t.Errorf("%s: %v does not read as unavailable", what, e)
		}
	}
	if IsUnavailable(nil) || IsUnavailable(masked{errors.New("boom")}) {
		t.Error("nil or an unrelated error reads as unavailable")
	}
}
