package db

import (
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

// PartnerReminderStore keeps reminders.
type PartnerReminderStore struct{ h *Handle }
