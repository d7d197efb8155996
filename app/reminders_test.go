package app_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"testing"
	"time"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/service"
)

const orderRemindersQ = `subscription { orderReminders { timestamp message sender { name } receiver { name } } }`

// subscribeReminders opens a websocket to base as the token's account,
// subscribes to its enterprise's reminders, and waits until the instance
// a has the subscription in place.
func subscribeReminders(t *testing.T, a *app.App, base, token string, enterprise int64) *apptest.WS {
	t.Helper()
	ws := apptest.DialWS(t, base, nil)
	ws.Init(map[string]any{"Authorization": "Bearer " + token})
	ws.Subscribe("1", orderRemindersQ, nil)
	awaitSubscriber(t, a, enterprise)
	return ws
}

// awaitSubscriber waits until the instance has one subscriber for the
// enterprise: what is published from then on reaches it.
func awaitSubscriber(t *testing.T, a *app.App, enterprise int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.ReminderHub.Await(ctx, enterprise, 1); err != nil {
		t.Fatalf("no subscriber on enterprise %d: %v", enterprise, err)
	}
}

const raiseQ = `mutation($to: ID!, $stamp: String!) { raisePartnerReminder(input: {receiverId: $to, type: 1, message: "您有新订单", op: RAISE, timestamp: $stamp}) { id } }`

// A subscription outlives what bounds a request: the server's read and
// write timeouts (net/http sets them on the connection, and clears them when
// the websocket takes it over) and the operation deadline. The test waits
// until all of them have passed, since that is its subject.
func TestSubscriptionOutlivesRequestTimeouts(t *testing.T) {
	t.Parallel()
	const short = 500 * time.Millisecond
	s := apptest.New(t, func(c *app.Config) { c.Limits.Deadline = short })
	srv := app.NewHTTPServer(app.HTTPLimits{ReadHeaderTimeout: short, ReadTimeout: short, WriteTimeout: short}, s.App.Handler())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	t.Cleanup(func() { srv.Close() })
	from := s.SeedPartner(t, "13800000001", "甲汽配").EnterpriseID
	toPartner := s.SeedPartner(t, "13800000002", "乙汽修")
	to, toToken := toPartner.EnterpriseID, toPartner.Token

	ws := apptest.DialWS(t, "http://"+ln.Addr().String(), nil)
	ws.Init(map[string]any{"Authorization": "Bearer " + toToken})
	// Scalars only: the event itself reads nothing under the short deadline.
	ws.Subscribe("1", `subscription { orderReminders { timestamp message } }`, nil)
	awaitSubscriber(t, s.App, to)
	time.Sleep(2 * short)
	// Raised in-process, under no deadline.
	admin := auth.WithViewer(context.Background(), &auth.Viewer{Username: "admin", Role: db.RoleAdmin})
	if _, err := s.App.Services.Reminders.Raise(admin, service.NewReminder{SenderID: &from, ReceiverID: to, Type: 1,
		Message: "您有新订单", Op: 1, Stamp: "late"}); err != nil {
		t.Fatal(err)
	}
	ws.Expect(apptest.NextMessage("1", `{"orderReminders":{"timestamp":"late","message":"您有新订单"}}`))
}

// On Postgres, a reminder raised on one instance reaches a subscriber of
// another on the same database, once; once the subscriber's session ends
// on one instance, its connections on every instance close at their next
// event.
func TestRemindersReachOtherInstances(t *testing.T) {
	if os.Getenv("TEST_DATABASE_URL") == "" {
		t.Skip("instances share a database on Postgres only (TEST_DATABASE_URL)")
	}
	t.Parallel()
	a := apptest.New(t)
	b := a.Twin(t)
	fromToken := a.SeedPartner(t, "13800000001", "甲汽配").Token
	toPartner := a.SeedPartner(t, "13800000002", "乙汽修")
	to, toToken := toPartner.EnterpriseID, toPartner.Token
	onB := subscribeReminders(t, b.App, b.URL, toToken, to)
	onA := subscribeReminders(t, a.App, a.URL, toToken, to)

	for _, stamp := range []string{"1", "1", "2"} {
		a.GraphQL(t, fromToken, raiseQ, map[string]any{"to": to, "stamp": stamp})
	}
	for _, ws := range []*apptest.WS{onB, onA} {
		for _, stamp := range []string{"1", "2"} {
			ws.Expect(apptest.NextMessage("1", fmt.Sprintf(
				`{"orderReminders":{"timestamp":%q,"message":"您有新订单","sender":{"name":"甲汽配"},"receiver":{"name":"乙汽修"}}}`, stamp)))
		}
	}

	a.GraphQL(t, toToken, `mutation { logout }`, nil)
	a.GraphQL(t, fromToken, raiseQ, map[string]any{"to": to, "stamp": "3"})
	for _, ws := range []*apptest.WS{onB, onA} {
		ws.ExpectClose(4403, "Forbidden: session ended")
	}
}
