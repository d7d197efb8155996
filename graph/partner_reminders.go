package graph

import (
	"context"

	"github.com/onegraph/server/db"
)

// A list of reminders reads the enterprises it shows with it (look-ahead);
// a reminder answered alone or delivered live loads them (loaders).

func reminderEdges(reminder selection) db.ReminderEdges {
	return db.ReminderEdges{Sender: reminder.has("sender"), Receiver: reminder.has("receiver")}
}

// loadedOr is an enterprise edge read with its row, else loaded by id.
func loadedOr(ctx context.Context, loaded *db.Enterprise, id int64) (*db.Enterprise, error) {
	if loaded != nil {
		return loaded, nil
	}
	return enterpriseByID(ctx, id)
}
