package db

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// Purging deletes the expired and the revoked sessions, in batches, and
// keeps the live ones (both stores).
func TestPurgeSessions(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	s := testStores(t, func() time.Time { return now })
	acc := &Account{Username: "u", PasswordHash: "x", Role: RoleStaff, Active: true, CreatedAt: now}
	insert(t, s, acc)
	// 5 expired (one this very instant), 2 revoked but not expired, 3 live.
	var sessions []*Session
	for i := range 10 {
		sess := &Session{ID: fmt.Sprintf("s%02d", i), AccountID: acc.ID, CreatedAt: now.Add(-48 * time.Hour)}
		switch {
		case i < 5:
			sess.ExpiresAt = now.Add(-time.Duration(i) * time.Hour)
		case i < 7:
			sess.ExpiresAt, sess.RevokedAt = now.Add(time.Hour), &now
		default:
			sess.ExpiresAt = now.Add(time.Second)
		}
		sessions = append(sessions, sess)
	}
	insert(t, s, sessions...)

	n, err := s.Accounts.PurgeSessions(ctx, 3) // three batches: 3, 3, 1
	if err != nil || n != 7 {
		t.Fatalf("purged %d, %v; want 7", n, err)
	}
	var left []string
	if err := s.Handle.db.NewSelect().Model((*Session)(nil)).Column("id").Order("id").Scan(ctx, &left); err != nil {
		t.Fatal(err)
	}
	if want := []string{"s07", "s08", "s09"}; !slices.Equal(left, want) {
		t.Errorf("sessions left %q, want %q", left, want)
	}
	if n, err := s.Accounts.PurgeSessions(ctx, 3); err != nil || n != 0 {
		t.Errorf("second purge: %d, %v; want 0", n, err)
	}
}
