package service

import (
	"context"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/enum"
)

// ReminderBroker delivers reminders live: Publish hands a stored reminder to
// every subscriber of its receiver, on this server instance or (through the
// database) on any; Subscribe delivers those published for receiverID from
// now on, until cancel is called or ctx ends, and then closes the channel
// (it closes it too when the subscriber falls too far behind). The embedded
// store's is an in-process db.ReminderHub; on Postgres, db.PostgresReminders.
type ReminderBroker interface {
	Publish(ctx context.Context, r *db.PartnerReminder) error
	Subscribe(ctx context.Context, receiverID int64) (reminders <-chan *db.PartnerReminder, cancel func())
}

// Reminders are the partner platform's order reminders (下单提醒): one
// enterprise tells another about an order, which is stored and delivered
// live to the receiver's subscribers.
type Reminders struct {
	tx          *db.Handle
	store       *db.PartnerReminderStore
	enterprises *db.PartnerStore
	partners    *Partners // who acts for which enterprise
	broker      ReminderBroker
}

// Bounds of a reminder's texts, in characters.
const (
	MaxReminderMessage  = 500
	MaxReminderOrderRef = 64
	MaxReminderStamp    = 64
)

// NewReminder is what a sender gives; Op is a code of enum.PartnerReminderOp.
type NewReminder struct {
	SenderID   *int64 // nil: the caller's own enterprise
	ReceiverID int64
	Type       int
	Message    string
	OrderRef   string
	Op         int
	Stamp      string
}

// Raise stores a reminder from the enterprise the caller acts for and, once
// it is committed, delivers it. The sender's stamp names it: the same stamp
// again answers the first reminder, and nothing is stored or delivered.
func (s *Reminders) Raise(ctx context.Context, in NewReminder) (*db.PartnerReminder, error) {
	sender, err := s.partners.Acting(ctx, in.SenderID)
	if err != nil {
		return nil, err
	}
	if err := checkReminder(sender, in); err != nil {
		return nil, err
	}
	var stored *db.PartnerReminder
	var created bool
	err = s.tx.Run(ctx, func(ctx context.Context) error {
		if err := s.enterprises.EnterpriseExists(ctx, in.ReceiverID); err != nil {
			return atField(err, "receiverId")
		}
		stored, created, err = s.store.CreateOnce(ctx, &db.PartnerReminder{Type: in.Type, SenderID: sender,
			ReceiverID: in.ReceiverID, Message: in.Message, OrderRef: in.OrderRef, Op: in.Op, Stamp: in.Stamp})
		return err
	})
	if err != nil || !created {
		return stored, err
	}
	// The reminder is stored whatever happens to its delivery, which is
	// at most once in any case: it stays readable through Received.
	if err := s.broker.Publish(ctx, stored); err != nil {
		slog.ErrorContext(ctx, "reminder not delivered", "reminder", stored.ID, "err", err)
	}
	return stored, nil
}

func checkReminder(sender int64, in NewReminder) error {
	texts := []struct {
		field, value string
		max          int
	}{{"message", in.Message, MaxReminderMessage}, {"orderRef", in.OrderRef, MaxReminderOrderRef}, {"timestamp", in.Stamp, MaxReminderStamp}}
	for _, t := range texts {
		if n := utf8.RuneCountInString(t.value); n > t.max {
			return apperr.Invalidf("%s is at most %d characters, got %d", t.field, t.max, n).At("%s", t.field)
		}
	}
	switch {
	case in.ReceiverID == sender:
		return apperr.Invalidf("enterprise %d cannot remind itself", sender).At("receiverId")
	case in.Type < 1:
		return apperr.Invalidf("a reminder's type is 1 or more, got %d", in.Type).At("type")
	case strings.TrimSpace(in.Message) == "":
		return apperr.Invalidf("a reminder needs a message").At("message")
	case strings.TrimSpace(in.Stamp) == "":
		return apperr.Invalidf("a reminder needs a timestamp, which names it").At("timestamp")
	}
	if !enum.PartnerReminderOp.Valid(in.Op) {
		return apperr.Invalidf("op_type is 1 (remind) or 2 (cancel), got %d", in.Op).At("op")
	}
	return nil
}

// Received lists the reminders the enterprise the caller acts for
// received, newest first.
func (s *Reminders) Received(ctx context.Context, enterpriseID *int64, p *db.Paging) ([]*db.PartnerReminder, int, error) {
	receiver, err := s.partners.Acting(ctx, enterpriseID)
	if err != nil {
		return nil, 0, err
	}
	return listPage(ctx, db.ReceivedReminders{ReceiverID: receiver}, p, s.store.Received)
}

// Subscribe delivers the reminders raised from now on for the enterprise
// the caller acts for, checked within ctx, until stream ends
// (ReminderBroker.Subscribe). A subscription lives long, so the decision
// comes with it, to be re-run (mayReceive) before each reminder goes out,
// with the viewer as it is then: an account moved to another enterprise
// no longer receives its old one's.
func (s *Reminders) Subscribe(ctx, stream context.Context, enterpriseID *int64) (
	reminders <-chan *db.PartnerReminder, mayReceive func(context.Context) error, err error) {
	receiver, err := s.partners.Acting(ctx, enterpriseID)
	if err != nil {
		return nil, nil, err
	}
	reminders, _ = s.broker.Subscribe(stream, receiver)
	return reminders, func(ctx context.Context) error {
		_, err := s.partners.Acting(ctx, &receiver)
		return err
	}, nil
}
