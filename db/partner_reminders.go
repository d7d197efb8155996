package db

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// PartnerReminder is one enterprise's reminder to another about an order;
// Op is a code of enum.PartnerReminderOp.
type PartnerReminder struct {
	bun.BaseModel `bun:"table:partner_reminders"`

	ID         int64     `bun:",pk,autoincrement"`
	Type       int       `bun:",notnull"`
	SenderID   int64     `bun:",notnull"`
	ReceiverID int64     `bun:",notnull"`
	Message    string    `bun:",notnull"`
	OrderRef   string    `bun:",notnull"`
	Op         int       `bun:"op_type,notnull"`
	Stamp      string    `bun:",notnull"`
	CreatedAt  time.Time `bun:",notnull"`
}

// ReceivedReminders are the reminders an enterprise received.
type ReceivedReminders struct {
	ReceiverID int64
}

// PartnerReminderStore keeps reminders.
type PartnerReminderStore struct{ h *Handle }

// CreateOnce stores r unless its sender already sent one with its stamp,
// and returns the stored reminder: r, created, or the first one. A
// concurrent twin waits on the unique index and then finds the first.
func (s *PartnerReminderStore) CreateOnce(ctx context.Context, r *PartnerReminder) (stored *PartnerReminder, created bool, err error) {
	r.CreatedAt = s.h.Now()
	res, err := s.h.idb(ctx).NewInsert().Model(r).On("CONFLICT (sender_id, stamp) DO NOTHING").Exec(ctx)
	if err != nil {
		return nil, false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return r, n == 1, err
	}
	first := new(PartnerReminder)
	err = s.h.idb(ctx).NewSelect().Model(first).Where("sender_id = ? AND stamp = ?", r.SenderID, r.Stamp).Scan(ctx)
	return first, false, err
}

// Received lists the reminders an enterprise received, newest first.
func (s *PartnerReminderStore) Received(ctx context.Context, f ReceivedReminders, p *Paging) ([]*PartnerReminder, int, error) {
	var rows []*PartnerReminder
	q := s.h.idb(ctx).NewSelect().Model(&rows).
		Where("?TableAlias.receiver_id = ?", f.ReceiverID)
	total, err := scanPage(ctx, q, &rows, p, latestIDFirst)
	return rows, total, err
}
