package db

import (
	"context"
	"os"
	"reflect"
	"testing"
	"time"
)

// postgresReminders starts a listener of an instance on h feeding a hub of
// its own, stopped when t ends; on SQLite the test is skipped.
func postgresReminders(t *testing.T, h *Handle) (*PostgresReminders, *ReminderHub) {
	t.Helper()
	if os.Getenv("TEST_DATABASE_URL") == "" {
		t.Skip("LISTEN/NOTIFY is Postgres's (TEST_DATABASE_URL)")
	}
	hub := NewReminderHub()
	p, err := ListenReminders(context.Background(), h, hub)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p, hub
}

func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// next reads a subscriber's next reminder, failing t after a while.
func next(t *testing.T, ch <-chan *PartnerReminder) *PartnerReminder {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-waitCtx(t).Done():
		t.Fatal("no reminder came")
		return nil
	}
}

func testReminder(id, receiver int64) *PartnerReminder {
	return &PartnerReminder{ID: id, Type: 1, SenderID: 7, ReceiverID: receiver, Message: "您有新订单\u0000\"", OrderRef: "PO-1",
		Op: 1, Stamp: "s", CreatedAt: time.Date(2026, 11, 27, 9, 30, 0, 123456789, time.UTC)}
}

// A reminder one instance publishes reaches, whole, the subscribers of its
// receiver on every instance on the database, and no other database's.
func TestPostgresRemindersReachEveryInstance(t *testing.T) {
	t.Parallel()
	h := testStores(t, nil).Handle
	one, oneHub := postgresReminders(t, h)
	_, twoHub := postgresReminders(t, h)
	elsewhere, elsewhereHub := postgresReminders(t, testStores(t, nil).Handle)
	onOne, _ := oneHub.Subscribe(context.Background(), 2)
	onTwo, _ := twoHub.Subscribe(context.Background(), 2)
	onElsewhere, _ := elsewhereHub.Subscribe(context.Background(), 2)

	sent := testReminder(1, 2)
	if err := one.Publish(context.Background(), sent); err != nil {
		t.Fatal(err)
	}
	for _, ch := range []<-chan *PartnerReminder{onOne, onTwo} {
		if got := next(t, ch); !reflect.DeepEqual(got, sent) {
			t.Errorf("got %+v, want %+v", got, sent)
		}
	}
	// The other database's subscriber gets its own first: none of ours.
	own := testReminder(9, 2)
	if err := elsewhere.Publish(context.Background(), own); err != nil {
		t.Fatal(err)
	}
	if got := next(t, onElsewhere); got.ID != own.ID {
		t.Errorf("the other database's subscriber got reminder %d first, want %d", got.ID, own.ID)
	}
}

// The listener reconnects, and listens again, after its connection breaks.
func TestPostgresRemindersReconnect(t *testing.T) {
	t.Parallel()
	h := testStores(t, nil).Handle
	p, hub := postgresReminders(t, h)
	ctx := waitCtx(t)
	var killed int
	err := h.db.NewRaw(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = current_setting('application_name') AND query LIKE 'LISTEN%'`).Scan(ctx, &killed)
	if err != nil || killed != 1 {
		t.Fatalf("terminated %d listener connections (%v), want 1", killed, err)
	}
	if err := p.Ready(ctx); err != nil {
		t.Fatalf("the listener did not come back: %v", err)
	}
	sub, _ := hub.Subscribe(ctx, 2)
	if err := p.Publish(ctx, testReminder(3, 2)); err != nil {
		t.Fatal(err)
	}
	if got := next(t, sub); got.ID != 3 {
		t.Errorf("got reminder %d, want 3", got.ID)
	}
}
