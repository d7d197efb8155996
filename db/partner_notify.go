package db

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/driver/pgdriver"

	"github.com/onegraph/server/notify"
)

// ReminderChannel is the Postgres channel reminders are announced on.
const ReminderChannel = "partner_reminders"

// ReminderHub is a server's in-process fan-out of reminders, by receiver.
type ReminderHub = notify.Hub[int64, *PartnerReminder]

// ReminderBuffer is how many reminders a subscriber may fall behind by
// before it is disconnected (notify.Hub): far more than one enterprise's
// orders come in while a websocket write is slow.
const ReminderBuffer = 64

// NewReminderHub makes a hub that files reminders under their receiver.
func NewReminderHub() *ReminderHub {
	return notify.New(func(r *PartnerReminder) int64 { return r.ReceiverID }, ReminderBuffer)
}

// PostgresReminders carries reminders between server instances on one
// Postgres database: Publish announces a reminder with NOTIFY, and the
// instance's one listener (LISTEN, on a connection of its own) hands every
// announcement to the instance's hub, its own ones included. NOTIFY is
// delivered when the publisher's transaction commits, to the listeners
// listening then: one reconnecting misses what was sent meanwhile (the
// reminders stay stored, for the partnerReminders query).
type PostgresReminders struct {
	h     *Handle
	local *ReminderHub
	// quiet is the database without the store's query hooks, for what the
	// instance says to itself: the listener's health pings and probes are
	// no request's statements.
	quiet *bun.DB
	ln    *pgdriver.Listener
	// scope tells this database's announcements from those of others on
	// the same Postgres database (another schema: the channel is
	// database-wide).
	scope string
	done  chan struct{}

	mu     sync.Mutex
	probes map[string]chan struct{}
}

// reminderNote is a NOTIFY payload: a reminder, or a probe of the
// listener. A reminder's message is at most 500 runes, so the whole row
// fits Postgres's 8000-byte payload even with every rune escaped.
type reminderNote struct {
	Scope    string           `json:"scope"`
	Reminder *PartnerReminder `json:"reminder,omitempty"`
	Probe    string           `json:"probe,omitempty"`
}

// listenerStart bounds how long a starting instance waits for its listener.
const listenerStart = 10 * time.Second

// ListenReminders starts the instance's listener, feeding local, and
// returns once it is listening (Ready). Close stops it.
func ListenReminders(ctx context.Context, h *Handle, local *ReminderHub) (*PostgresReminders, error) {
	quiet := bun.NewDB(h.db.DB, pgdialect.New())
	p := &PostgresReminders{h: h, local: local, quiet: quiet, ln: pgdriver.NewListener(quiet),
		done: make(chan struct{}), probes: map[string]chan struct{}{}}
	if err := quiet.NewSelect().ColumnExpr("current_schema()").Scan(ctx, &p.scope); err != nil {
		return nil, fmt.Errorf("reminder listener: %w", err)
	}
	// The listener reconnects by itself after any failure, listening
	// again; its channel pings the connection to find a silent break.
	if err := p.ln.Listen(ctx, ReminderChannel); err != nil {
		p.ln.Close()
		return nil, fmt.Errorf("reminder listener: %w", err)
	}
	go p.run(p.ln.Channel())
	ctx, cancel := context.WithTimeout(ctx, listenerStart)
	defer cancel()
	if err := p.Ready(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("reminder listener: %w", err)
	}
	return p, nil
}

func (p *PostgresReminders) run(notes <-chan pgdriver.Notification) {
	defer close(p.done)
	for n := range notes {
		var note reminderNote
		if err := json.Unmarshal([]byte(n.Payload), &note); err != nil {
			slog.Error("reminder listener: unreadable payload", "err", err)
			continue
		}
		switch {
		case note.Scope != p.scope:
		case note.Reminder != nil:
			p.local.Publish(context.Background(), note.Reminder) //nolint:errcheck // a hub never fails
		default:
			p.mu.Lock()
			if probe, ok := p.probes[note.Probe]; ok {
				close(probe)
				delete(p.probes, note.Probe)
			}
			p.mu.Unlock()
		}
	}
}

// Publish announces a committed reminder to every instance's listener.
func (p *PostgresReminders) Publish(ctx context.Context, r *PartnerReminder) error {
	return notifyReminders(ctx, p.h.idb(ctx), reminderNote{Scope: p.scope, Reminder: r})
}

// Subscribe delivers the reminders to receiverID that any instance
// publishes from now on (notify.Hub.Subscribe).
func (p *PostgresReminders) Subscribe(ctx context.Context, receiverID int64) (<-chan *PartnerReminder, func()) {
	return p.local.Subscribe(ctx, receiverID)
}

// Ready sends the listener a probe until one comes back: once it does,
// whatever is published reaches this instance. (A probe sent before the
// listener's LISTEN took effect, or while it reconnects, is lost.)
func (p *PostgresReminders) Ready(ctx context.Context) error {
	buf := make([]byte, 8)
	rand.Read(buf) //nolint:errcheck // never fails
	id, back := hex.EncodeToString(buf), make(chan struct{})
	p.mu.Lock()
	p.probes[id] = back
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.probes, id)
		p.mu.Unlock()
	}()
	for again := probeAgain; ; again = min(2*again, time.Second) {
		if err := notifyReminders(ctx, p.quiet, reminderNote{Scope: p.scope, Probe: id}); err != nil {
			return err
		}
		select {
		case <-back:
			return nil
		case <-time.After(again):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// probeAgain is how long Ready first waits for a probe before it sends
// another: a round trip through a local database takes a millisecond.
const probeAgain = 10 * time.Millisecond

// Close stops the listener and waits for it to hand over what it read.
func (p *PostgresReminders) Close() error {
	err := p.ln.Close()
	<-p.done
	return err
}

func notifyReminders(ctx context.Context, db bun.IDB, note reminderNote) error {
	payload, err := json.Marshal(note)
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, "SELECT pg_notify(?, ?)", ReminderChannel, string(payload))
	return err
}
