package graph_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/graph"
	"github.com/onegraph/server/service"
)

// partner is a test enterprise with one signed-in PARTNER account.
type partner struct {
	id    int64
	token string
}

func addPartner(t testing.TB, s *apptest.Server, username, name string) partner {
	t.Helper()
	p := s.SeedPartner(t, username, name)
	return partner{id: p.EnterpriseID, token: p.Token}
}

// remindersServer is a server whose clock stands still at the returned
// second, with three enterprises.
func remindersServer(t testing.TB, opts ...func(*app.Config)) (s *apptest.Server, at string, a, b, c partner) {
	now := time.Now().UTC().Truncate(time.Second)
	s = apptest.New(t, append([]func(*app.Config){func(cfg *app.Config) { cfg.Now = func() time.Time { return now } }}, opts...)...)
	return s, now.Format(time.RFC3339), addPartner(t, s, "13800000001", "甲汽配"), addPartner(t, s, "13800000002", "乙汽修"),
		addPartner(t, s, "13800000003", "丙商贸")
}

const reminderFields = `id type sender { id name } receiver { id name } message orderRef op timestamp createdAt`

const raiseReminderQ = `mutation($in: PartnerReminderInput!) { raisePartnerReminder(input: $in) { ` + reminderFields + ` } }`

const orderRemindersQ = `subscription($e: ID) { orderReminders(enterpriseId: $e) { ` + reminderFields + ` } }`

// reminderIn is a reminder to `to` stamped stamp; more sets other fields.
func reminderIn(to partner, stamp string, more ...any) map[string]any {
	in := map[string]any{"receiverId": to.id, "type": 1, "message": "您有新订单", "orderRef": "PO-1", "op": "RAISE", "timestamp": stamp}
	for i := 0; i+1 < len(more); i += 2 {
		in[more[i].(string)] = more[i+1]
	}
	return in
}

// reminderJSON is a reminder as reminderFields selects it.
func reminderJSON(id string, from, to partner, fromName, toName, message, stamp, at string) string {
	return fmt.Sprintf(`{"id":%q,"type":1,"sender":{"id":"%d","name":%q},"receiver":{"id":"%d","name":%q},`+
		`"message":%q,"orderRef":"PO-1","op":"RAISE","timestamp":%q,"createdAt":%q}`,
		id, from.id, fromName, to.id, toName, message, stamp, at)
}

// A partner reminds another enterprise; the same timestamp again answers
// the first reminder and stores nothing.
func TestRaisePartnerReminder(t *testing.T) {
	t.Parallel()
	s, at, a, b, _ := remindersServer(t)
	got := do(t, s, a.token, raiseReminderQ, map[string]any{"in": reminderIn(b, "20261127093000001")})
	id := get(t, got, "raisePartnerReminder", "id")
	first := reminderJSON(id, a, b, "甲汽配", "乙汽修", "您有新订单", "20261127093000001", at)
	apptest.EqualJSON(t, got, `{"raisePartnerReminder":`+first+`}`)

	again := do(t, s, a.token, raiseReminderQ, map[string]any{"in": reminderIn(b, "20261127093000001", "message", "再次提醒")})
	apptest.EqualJSON(t, again, `{"raisePartnerReminder":`+first+`}`)
	if n := s.Rows(t, "partner_reminders"); n != 1 {
		t.Errorf("%d reminders stored, want 1", n)
	}

	// A cancel is a reminder of its own, with its own stamp; the order
	// reference may be left out.
	in := reminderIn(b, "20261127093000002", "op", "CANCEL")
	delete(in, "orderRef")
	got = do(t, s, a.token, `mutation($in: PartnerReminderInput!) { raisePartnerReminder(input: $in) { op orderRef } }`, map[string]any{"in": in})
	apptest.EqualJSON(t, got, `{"raisePartnerReminder":{"op":"CANCEL","orderRef":""}}`)
}

// What a reminder may not be is refused, and nothing is stored.
func TestRaisePartnerReminderRefusals(t *testing.T) {
	t.Parallel()
	s, _, a, b, _ := remindersServer(t)
	admin := s.AdminToken(t)
	for _, tc := range []struct {
		name, token string
		in          map[string]any
		extensions  string
	}{
		{"blank message", a.token, reminderIn(b, "s1", "message", "  "), `{"code":"INVALID_INPUT","field":"message"}`},
		{"long message", a.token, reminderIn(b, "s1", "message", strings.Repeat("单", 501)), `{"code":"INVALID_INPUT","field":"message"}`},
		{"long order", a.token, reminderIn(b, "s1", "orderRef", strings.Repeat("8", 65)), `{"code":"INVALID_INPUT","field":"orderRef"}`},
		{"blank timestamp", a.token, reminderIn(b, " "), `{"code":"INVALID_INPUT","field":"timestamp"}`},
		{"long timestamp", a.token, reminderIn(b, strings.Repeat("1", 65)), `{"code":"INVALID_INPUT","field":"timestamp"}`},
		{"type 0", a.token, reminderIn(b, "s1", "type", 0), `{"code":"INVALID_INPUT","field":"type"}`},
		{"to itself", a.token, reminderIn(a, "s1"), `{"code":"INVALID_INPUT","field":"receiverId"}`},
		{"no receiver", a.token, reminderIn(partner{id: 999}, "s1"), `{"code":"NOT_FOUND","entity":"enterprise","field":"receiverId"}`},
		{"another's sender", a.token, reminderIn(a, "s1", "senderId", b.id), `{"code":"FORBIDDEN","reason":"OTHER_ENTERPRISE","field":"enterpriseId"}`},
		{"admin names none", admin, reminderIn(b, "s1"), `{"code":"INVALID_INPUT","field":"enterpriseId"}`},
		{"anonymous", "", reminderIn(b, "s1"), `{"code":"UNAUTHENTICATED"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fails(t, s, tc.token, raiseReminderQ, map[string]any{"in": tc.in}, tc.extensions)
		})
	}
	if n := s.Rows(t, "partner_reminders"); n != 0 {
		t.Errorf("%d reminders stored, want 0", n)
	}
	// A message of 500 characters is not too long; ADMIN names the sender.
	got := do(t, s, admin, `mutation($in: PartnerReminderInput!) { raisePartnerReminder(input: $in) { sender { id } } }`,
		map[string]any{"in": reminderIn(b, "s1", "message", strings.Repeat("单", 500), "senderId", a.id)})
	apptest.EqualJSON(t, got, fmt.Sprintf(`{"raisePartnerReminder":{"sender":{"id":"%d"}}}`, a.id))
}

// Ten requests with one stamp at once store one reminder, and all answer it.
func TestRaisePartnerReminderConcurrently(t *testing.T) {
	t.Parallel()
	s, _, a, b, _ := remindersServer(t)
	ids := make([]string, 10)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			ids[i] = get(t, do(t, s, a.token, raiseReminderQ, map[string]any{"in": reminderIn(b, "same")}), "raisePartnerReminder", "id")
		})
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Errorf("answers name reminders %v, want one", ids)
			break
		}
	}
	if n := s.Rows(t, "partner_reminders"); n != 1 {
		t.Errorf("%d reminders stored, want 1", n)
	}
}

const partnerRemindersQ = `query($e: ID, $p: PageInput!) { partnerReminders(enterpriseId: $e, paging: $p) { total items { ` +
	reminderFields + ` } } }`

// An enterprise reads the reminders it received, newest first, a page at
// a time, its edges loaded a statement per kind whatever the page's size.
func TestPartnerReminders(t *testing.T) {
	t.Parallel()
	s, at, a, b, c := remindersServer(t)
	var ids []string
	for i, from := range []partner{a, c, a} {
		stamp := fmt.Sprintf("s%d", i)
		ids = append(ids, get(t, do(t, s, from.token, raiseReminderQ, map[string]any{"in": reminderIn(b, stamp)}), "raisePartnerReminder", "id"))
	}
	do(t, s, b.token, raiseReminderQ, map[string]any{"in": reminderIn(a, "to a")})

	got := do(t, s, b.token, partnerRemindersQ, map[string]any{"p": map[string]any{"page": 1, "size": 2}})
	apptest.EqualJSON(t, got, `{"partnerReminders":{"total":3,"items":[`+
		reminderJSON(ids[2], a, b, "甲汽配", "乙汽修", "您有新订单", "s2", at)+`,`+
		reminderJSON(ids[1], c, b, "丙商贸", "乙汽修", "您有新订单", "s1", at)+`]}}`)
	got = do(t, s, s.AdminToken(t), partnerRemindersQ, map[string]any{"e": b.id, "p": map[string]any{"page": 2, "size": 2}})
	apptest.EqualJSON(t, got, `{"partnerReminders":{"total":3,"items":[`+
		reminderJSON(ids[0], a, b, "甲汽配", "乙汽修", "您有新订单", "s0", at)+`]}}`)
	fails(t, s, b.token, partnerRemindersQ, map[string]any{"e": a.id, "p": map[string]any{"page": 1, "size": 2}},
		`{"code":"FORBIDDEN","reason":"OTHER_ENTERPRISE","field":"enterpriseId"}`)

	s.SameStatementsAtAnySize(t, []int{1, 3}, func(size int) {
		do(t, s, b.token, partnerRemindersQ, map[string]any{"p": map[string]any{"page": 1, "size": size}})
	})
}

// The receiver's subscriber gets each reminder raised for its enterprise as
// it is raised, exactly as the raise answered it, and once whatever the
// sender repeats; another enterprise's subscriber gets only its own.
func TestOrderRemindersSubscription(t *testing.T) {
	t.Parallel()
	s, at, a, b, c := remindersServer(t)
	toB := s.DialWS(t, nil)
	toB.Init(map[string]any{"Authorization": "Bearer " + b.token})
	toB.Subscribe("1", orderRemindersQ, nil)
	toC := s.DialWS(t, nil)
	toC.Init(map[string]any{"token": c.token})
	toC.Subscribe("c", orderRemindersQ, map[string]any{"e": c.id})
	awaitSubscribers(t, s, b, 1)
	awaitSubscribers(t, s, c, 1)

	raised := do(t, s, a.token, raiseReminderQ, map[string]any{"in": reminderIn(b, "t1")})
	first := reminderJSON(get(t, raised, "raisePartnerReminder", "id"), a, b, "甲汽配", "乙汽修", "您有新订单", "t1", at)
	toB.Expect(apptest.NextMessage("1", `{"orderReminders":`+first+`}`))

	// The repeat delivers nothing: the next message is the next reminder.
	do(t, s, a.token, raiseReminderQ, map[string]any{"in": reminderIn(b, "t1")})
	raised = do(t, s, c.token, raiseReminderQ, map[string]any{"in": reminderIn(b, "t2", "message", "请尽快发货")})
	second := reminderJSON(get(t, raised, "raisePartnerReminder", "id"), c, b, "丙商贸", "乙汽修", "请尽快发货", "t2", at)
	toB.Expect(apptest.NextMessage("1", `{"orderReminders":`+second+`}`))

	// C's first message is its own reminder: it got none of B's.
	raised = do(t, s, a.token, raiseReminderQ, map[string]any{"in": reminderIn(c, "t3")})
	toC.Expect(apptest.NextMessage("c", `{"orderReminders":`+
		reminderJSON(get(t, raised, "raisePartnerReminder", "id"), a, c, "甲汽配", "丙商贸", "您有新订单", "t3", at)+`}`))

	// Completing the subscription ends it.
	toB.Send(map[string]string{"id": "1", "type": "complete"})
	awaitSubscribers(t, s, b, 0)
}

// awaitSubscribers waits until the server has n live subscriptions for p's
// enterprise: a reminder raised from then on reaches them.
func awaitSubscribers(t testing.TB, s *apptest.Server, p partner, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.App.ReminderHub.Await(ctx, p.id, n); err != nil {
		t.Fatalf("%d subscribers for enterprise %d: %v", n, p.id, err)
	}
}

// A connection signs in with a token in connection_init's payload, or in
// the upgrade request's Authorization header; an anonymous one, or one
// with a bad token, is closed at once (4403, graphql-transport-ws's
// Forbidden). The session cookie, which a browser sends with any site's
// websocket, signs nobody in.
func TestOrderRemindersSignIn(t *testing.T) {
	t.Parallel()
	s, _, a, b, _ := remindersServer(t)
	for _, tc := range []struct {
		name    string
		header  http.Header
		payload any
		reason  string
	}{
		{"anonymous", nil, nil, "Forbidden: sign in: send a token in connection_init's payload"},
		{"empty payload", nil, map[string]any{}, "Forbidden: sign in: send a token in connection_init's payload"},
		{"bad token", nil, map[string]any{"Authorization": "Bearer nope"}, "Forbidden: bad, expired or revoked token"},
		{"bad header token", http.Header{"Authorization": {"Bearer nope"}}, nil, "Forbidden: bad, expired or revoked token"},
		{"cookie", http.Header{"Cookie": {"sessionid=" + b.token}}, nil, "Forbidden: sign in: send a token in connection_init's payload"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := s.DialWS(t, tc.header)
			ws.Send(map[string]any{"type": "connection_init", "payload": tc.payload})
			ws.ExpectClose(4403, tc.reason)
		})
	}

	// A payload that is no JSON object (gqlgen left the connection open).
	ws := s.DialWS(t, nil)
	ws.Send(map[string]any{"type": "connection_init", "payload": "Bearer " + b.token})
	ws.ExpectClose(4400, "connection_init's payload must be a JSON object")

	// Signed in by the upgrade's header, or by a bare token under
	// "authorization" next to a cookie the server does not go by.
	byHeader := s.DialWS(t, http.Header{"Authorization": {"Bearer " + b.token}})
	byHeader.Init(nil)
	byHeader.Subscribe("h", `subscription { orderReminders { message } }`, nil)
	byCookie := s.DialWS(t, http.Header{"Cookie": {"sessionid=" + b.token}})
	byCookie.Init(map[string]any{"authorization": b.token})
	byCookie.Subscribe("c", `subscription { orderReminders { message } }`, nil)
	awaitSubscribers(t, s, b, 2)
	do(t, s, a.token, raiseReminderQ, map[string]any{"in": reminderIn(b, "u1")})
	byHeader.Expect(apptest.NextMessage("h", `{"orderReminders":{"message":"您有新订单"}}`))
	byCookie.Expect(apptest.NextMessage("c", `{"orderReminders":{"message":"您有新订单"}}`))
}

// A partner subscribes for its own enterprise; ADMIN names one; any other
// role, or another enterprise, is refused, as a query would be.
func TestOrderRemindersWho(t *testing.T) {
	t.Parallel()
	s, at, a, b, _ := remindersServer(t)
	staff := s.TokenFor(t, s.CreateAccount(t, "13900000009", "pw", db.RoleStaff, true))
	ws := s.DialWS(t, nil)
	ws.Init(map[string]any{"Authorization": "Bearer " + staff})
	ws.Subscribe("1", orderRemindersQ, nil)
	ws.Expect(`{"id":"1","type":"next","payload":{"data":null,"errors":[{"message":"this operation needs the PARTNER role",
		"path":["orderReminders"],"locations":[{"line":1,"column":24}],"extensions":{"code":"FORBIDDEN","reason":"WRONG_ROLE"}}]}}`)
	ws.Expect(`{"id":"1","type":"complete"}`)

	ws = s.DialWS(t, nil)
	ws.Init(map[string]any{"Authorization": "Bearer " + b.token})
	ws.Subscribe("other", orderRemindersQ, map[string]any{"e": a.id})
	ws.Expect(fmt.Sprintf(`{"id":"other","type":"next","payload":{"data":null,"errors":[{"message":"account \"13800000002\" works for enterprise %d, not %d",
		"path":["orderReminders"],"locations":[{"line":1,"column":24}],"extensions":{"code":"FORBIDDEN","reason":"OTHER_ENTERPRISE","field":"enterpriseId"}}]}}`, b.id, a.id))
	ws.Expect(`{"id":"other","type":"complete"}`)

	admin := s.DialWS(t, nil)
	admin.Init(map[string]any{"Authorization": "Bearer " + s.AdminToken(t)})
	admin.Subscribe("none", orderRemindersQ, nil)
	admin.Expect(`{"id":"none","type":"next","payload":{"data":null,"errors":[{"message":"ADMIN acts for no enterprise of its own: name one",
		"path":["orderReminders"],"locations":[{"line":1,"column":24}],"extensions":{"code":"INVALID_INPUT","field":"enterpriseId"}}]}}`)
	admin.Expect(`{"id":"none","type":"complete"}`)
	admin.Subscribe("b", orderRemindersQ, map[string]any{"e": b.id})
	awaitSubscribers(t, s, b, 1)
	raised := do(t, s, a.token, raiseReminderQ, map[string]any{"in": reminderIn(b, "w1")})
	admin.Expect(apptest.NextMessage("b", `{"orderReminders":`+
		reminderJSON(get(t, raised, "raisePartnerReminder", "id"), a, b, "甲汽配", "乙汽修", "您有新订单", "w1", at)+`}`))
}

// A connection holds at most graph.MaxSubscriptions subscriptions; a
// subscription's document meets the limits of any operation; and a
// subscription sent as a plain request is refused.
func TestOrderRemindersLimits(t *testing.T) {
	t.Parallel()
	s, _, _, b, _ := remindersServer(t)
	ws := s.DialWS(t, nil)
	ws.Init(map[string]any{"Authorization": "Bearer " + b.token})
	for i := range graph.MaxSubscriptions {
		ws.Subscribe(fmt.Sprint(i), `subscription { orderReminders { id } }`, nil)
	}
	awaitSubscribers(t, s, b, graph.MaxSubscriptions)
	ws.Subscribe("one more", `subscription { orderReminders { id } }`, nil)
	ws.Expect(`{"id":"one more","type":"next","payload":{"data":null,"errors":[{"message":"a connection holds at most 10 subscriptions at once: complete one first",
		"extensions":{"code":"SUBSCRIPTION_LIMIT"}}]}}`)
	ws.Expect(`{"id":"one more","type":"complete"}`)

	ws.Subscribe("deep", `subscription { orderReminders { sender { a { b { c { d { e { f } } } } } } } }`, nil)
	ws.Expect(`{"id":"deep","type":"error","payload":[{"message":"the operation is nested deeper than 6 levels","extensions":{"code":"DEPTH_LIMIT"}}]}`)

	r := s.GraphQL(t, b.token, `subscription { orderReminders { id } }`, nil)
	expectError(t, r, `{"code":"INVALID_INPUT"}`)
	if want := "a subscription runs on a websocket: open one at /graphql (graphql-transport-ws) and subscribe there"; len(r.Errors) == 1 && r.Errors[0].Message != want {
		t.Errorf("message %q, want %q", r.Errors[0].Message, want)
	}
}

// A page of another site may open a websocket only from one of the
// server's CORS origins; the server's own pages, and clients that are no
// browser (no Origin), always may.
func TestOrderRemindersOrigin(t *testing.T) {
	t.Parallel()
	s, _, _, b, _ := remindersServer(t, func(c *app.Config) { c.CORSOrigins = []string{"https://erp.example.com", "https://*.partner.example"} })
	s.RefusedWS(t, http.Header{"Origin": {"https://evil.example"}}).Expect(t, http.StatusForbidden,
		`{"errors":[{"message":"a page of https://evil.example may not open a websocket here: it is not among the server's CORS origins","extensions":{"code":"FORBIDDEN"}}]}`)
	for _, origin := range []string{"", "https://ERP.example.com", "https://shop.partner.example", s.URL} {
		ws := s.DialWS(t, http.Header{"Origin": {origin}})
		ws.Init(map[string]any{"Authorization": "Bearer " + b.token})
	}
}

// slowWhile delays, while on, every statement run under a deadline past
// that deadline (the session check has none).
type slowWhile struct {
	on *atomic.Bool
	by time.Duration
}

func (h slowWhile) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context {
	if _, ok := ctx.Deadline(); ok && h.on.Load() {
		time.Sleep(h.by)
	}
	return ctx
}

func (slowWhile) AfterQuery(context.Context, *bun.QueryEvent) {}

// A subscription's setup and each of its events resolve within the
// operation deadline, and an event past it does not end the subscription.
func TestOrderRemindersDeadline(t *testing.T) {
	t.Parallel()
	s, _, a, b, _ := remindersServer(t, func(c *app.Config) { c.Limits.Deadline = 50 * time.Millisecond })
	slow := new(atomic.Bool)
	s.App.DB.AddQueryHook(slowWhile{on: slow, by: 100 * time.Millisecond})
	ws := s.DialWS(t, nil)
	ws.Init(map[string]any{"Authorization": "Bearer " + b.token})

	slow.Store(true)
	ws.Subscribe("slow", orderRemindersQ, nil)
	ws.Expect(`{"id":"slow","type":"next","payload":{"data":null,"errors":[{"message":"the operation ran past its deadline",
		"path":["orderReminders"],"locations":[{"line":1,"column":24}],"extensions":{"code":"TIMEOUT"}}]}}`)
	ws.Expect(`{"id":"slow","type":"complete"}`)

	slow.Store(false)
	ws.Subscribe("1", `subscription { orderReminders { timestamp sender { name } } }`, nil)
	awaitSubscribers(t, s, b, 1)
	// Raised without a deadline: only the event's resolvers are slow.
	admin := auth.WithViewer(context.Background(), &auth.Viewer{Username: "admin", Role: db.RoleAdmin})
	raise := func(stamp string) *db.PartnerReminder {
		r, err := s.App.Services.Reminders.Raise(admin, service.NewReminder{SenderID: &a.id, ReceiverID: b.id, Type: 1,
			Message: "您有新订单", OrderRef: "PO-1", Op: 1, Stamp: stamp})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	slow.Store(true)
	raise("d1")
	// (gqlgen leaves the subscription's field out of an event's paths)
	ws.Expect(`{"id":"1","type":"next","payload":{"data":{"orderReminders":null},"errors":[{"message":"the operation ran past its deadline",
		"path":["sender"],"locations":[{"line":1,"column":43}],"extensions":{"code":"TIMEOUT"}}]}}`)
	slow.Store(false)
	raise("d2")
	ws.Expect(apptest.NextMessage("1", `{"orderReminders":{"timestamp":"d2","sender":{"name":"甲汽配"}}}`))
}

// A connection lives long, and its loaders with it: each event loads
// afresh what it shows.
func TestOrderRemindersLoadAfresh(t *testing.T) {
	t.Parallel()
	s, _, a, b, _ := remindersServer(t)
	ws := s.DialWS(t, nil)
	ws.Init(map[string]any{"Authorization": "Bearer " + a.token})
	ws.Subscribe("1", `subscription { orderReminders { timestamp sender { name } } }`, nil)
	awaitSubscribers(t, s, a, 1)
	for i, name := range []string{"乙汽修", "乙汽修（新）"} {
		if _, err := s.App.DB.NewUpdate().Model((*db.Enterprise)(nil)).Set("name = ?", name).Where("id = ?", b.id).Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
		// Raised over HTTP, where queries and mutations go.
		do(t, s, b.token, raiseReminderQ, map[string]any{"in": reminderIn(a, fmt.Sprint("to a ", i))})
		ws.Expect(apptest.NextMessage("1", fmt.Sprintf(`{"orderReminders":{"timestamp":"to a %d","sender":{"name":%q}}}`, i, name)))
	}
}

// A query or a mutation sent over the websocket is refused before it runs:
// they go over HTTP, where every request has its session checked. The
// connection stays open for subscriptions.
func TestOrderRemindersOnlySubscriptions(t *testing.T) {
	t.Parallel()
	s, at, a, b, _ := remindersServer(t)
	ws := s.DialWS(t, nil)
	ws.Init(map[string]any{"Authorization": "Bearer " + b.token})
	for _, op := range []struct{ id, query string }{{"query", `{ me { username } }`}, {"mutation", raiseReminderQ}} {
		id := op.id
		ws.Subscribe(id, op.query, map[string]any{"in": reminderIn(a, "over the socket")})
		ws.Expect(fmt.Sprintf(`{"id":%q,"type":"next","payload":{"data":null,"errors":[{"message":`+
			`"queries and mutations go over HTTP POST/GET; the websocket serves subscriptions","extensions":{"code":"INVALID_INPUT"}}]}}`, id))
		ws.Expect(fmt.Sprintf(`{"id":%q,"type":"complete"}`, id))
	}
	if n := s.Rows(t, "partner_reminders"); n != 0 {
		t.Errorf("%d reminders stored, want 0: the mutation ran", n)
	}
	ws.Subscribe("1", orderRemindersQ, nil)
	awaitSubscribers(t, s, b, 1)
	raised := do(t, s, a.token, raiseReminderQ, map[string]any{"in": reminderIn(b, "over HTTP")})
	ws.Expect(apptest.NextMessage("1", `{"orderReminders":`+
		reminderJSON(get(t, raised, "raisePartnerReminder", "id"), a, b, "甲汽配", "乙汽修", "您有新订单", "over HTTP", at)+`}`))
}

// accountID is the id of the account a token signs in.
func accountID(t testing.TB, s *apptest.Server, token string) string {
	t.Helper()
	return get(t, do(t, s, token, `{ me { id } }`, nil), "me", "id")
}

// The session of an open connection is checked again before each event
// goes out and at each new subscription: once it has ended (signed out,
// or the account disabled), nothing more goes out and the connection is
// closed with 4403. A reminder not delivered stays readable over HTTP.
func TestOrderRemindersSessionEnds(t *testing.T) {
	t.Parallel()
	s, _, a, _, _ := remindersServer(t)
	admin := s.AdminToken(t)
	logout := func(b partner) { do(t, s, b.token, `mutation { logout }`, nil) }
	disable := func(b partner) {
		do(t, s, admin, `mutation($a: ID!) { setPartnerAccountActive(accountId: $a, active: false) { active } }`,
			map[string]any{"a": accountID(t, s, b.token)})
	}
	for i, tc := range []struct {
		name  string
		end   func(b partner)
		event bool // then a reminder for b is raised; else b subscribes again
	}{
		{"logout, then an event", logout, true},
		{"disabled, then an event", disable, true},
		{"logout, then a subscription", logout, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := addPartner(t, s, fmt.Sprint("1390000000", i), fmt.Sprint("乙", i))
			ws := s.DialWS(t, nil)
			ws.Init(map[string]any{"Authorization": "Bearer " + b.token})
			ws.Subscribe("1", orderRemindersQ, nil)
			awaitSubscribers(t, s, b, 1)
			tc.end(b)
			if tc.event {
				do(t, s, a.token, raiseReminderQ, map[string]any{"in": reminderIn(b, tc.name)})
			} else {
				ws.Subscribe("2", orderRemindersQ, nil)
			}
			ws.ExpectClose(4403, "Forbidden: session ended")
			awaitSubscribers(t, s, b, 0)
			if tc.event {
				got := do(t, s, admin, `query($e: ID) { partnerReminders(enterpriseId: $e, paging: {page: 1, size: 5}) { items { timestamp } } }`,
					map[string]any{"e": b.id})
				apptest.EqualJSON(t, got, fmt.Sprintf(`{"partnerReminders":{"items":[{"timestamp":%q}]}}`, tc.name))
			}
		})
	}
}

// A subscription's access is decided again before each event goes out:
// once its account works for another enterprise, the subscription for the
// old one ends with the error a new one would get, and the connection
// stays open for a subscription for the new one.
func TestOrderRemindersAccountMoved(t *testing.T) {
	t.Parallel()
	s, at, a, b, c := remindersServer(t)
	ws := s.DialWS(t, nil)
	ws.Init(map[string]any{"Authorization": "Bearer " + b.token})
	ws.Subscribe("1", orderRemindersQ, nil)
	awaitSubscribers(t, s, b, 1)
	do(t, s, s.AdminToken(t), `mutation($a: ID!, $e: ID!) { attachPartnerAccount(accountId: $a, enterpriseId: $e) { enterprise { id } } }`,
		map[string]any{"a": accountID(t, s, b.token), "e": c.id})

	do(t, s, a.token, raiseReminderQ, map[string]any{"in": reminderIn(b, "to the old one")})
	ws.Expect(fmt.Sprintf(`{"id":"1","type":"error","payload":[{"message":"account \"13800000002\" works for enterprise %d, not %d",`+
		`"extensions":{"code":"FORBIDDEN","reason":"OTHER_ENTERPRISE","field":"enterpriseId"}}]}`, c.id, b.id))
	awaitSubscribers(t, s, b, 0)

	ws.Subscribe("2", orderRemindersQ, nil)
	awaitSubscribers(t, s, c, 1)
	raised := do(t, s, a.token, raiseReminderQ, map[string]any{"in": reminderIn(c, "to the new one")})
	ws.Expect(apptest.NextMessage("2", `{"orderReminders":`+
		reminderJSON(get(t, raised, "raisePartnerReminder", "id"), a, c, "甲汽配", "丙商贸", "您有新订单", "to the new one", at)+`}`))
}

// failSessions fails, while on, every session check (the statement that
// reads the sessions table) as a store that cannot answer would, and
// counts them.
type failSessions struct {
	on     *atomic.Bool
	failed *atomic.Int32
}

func (h failSessions) BeforeQuery(ctx context.Context, e *bun.QueryEvent) context.Context {
	if h.on.Load() && strings.Contains(e.Query, "sessions") {
		h.failed.Add(1)
		ctx, cancel := context.WithCancel(ctx)
		cancel()
		return ctx
	}
	return ctx
}

func (failSessions) AfterQuery(context.Context, *bun.QueryEvent) {}

// When the session cannot be checked, an event is not let out unchecked:
// an UNAVAILABLE error stands in its place, and the subscription and the
// connection go on, the next event checked afresh (a new subscription is
// refused meanwhile). The reminder withheld stays readable over HTTP.
func TestOrderRemindersSessionUnchecked(t *testing.T) {
	t.Parallel()
	s, _, a, b, _ := remindersServer(t)
	failing := failSessions{on: new(atomic.Bool), failed: new(atomic.Int32)}
	s.App.DB.AddQueryHook(failing)
	ws := s.DialWS(t, nil)
	ws.Init(map[string]any{"Authorization": "Bearer " + b.token})
	ws.Subscribe("1", `subscription { orderReminders { timestamp } }`, nil)
	awaitSubscribers(t, s, b, 1)
	// Raised in-process: no session is checked on the way.
	admin := auth.WithViewer(context.Background(), &auth.Viewer{Username: "admin", Role: db.RoleAdmin})
	raise := func(stamp string) {
		if _, err := s.App.Services.Reminders.Raise(admin, service.NewReminder{SenderID: &a.id, ReceiverID: b.id, Type: 1,
			Message: "您有新订单", Op: 1, Stamp: stamp}); err != nil {
			t.Fatal(err)
		}
	}
	failing.on.Store(true)
	raise("withheld")
	ws.Expect(`{"id":"1","type":"next","payload":{"data":null,"errors":[{"message":"the session could not be checked, so this event was withheld: read it over HTTP",
		"extensions":{"code":"UNAVAILABLE"}}]}}`)
	// A new subscription is refused, to be tried again.
	ws.Subscribe("2", orderRemindersQ, nil)
	ws.Expect(`{"id":"2","type":"next","payload":{"data":null,"errors":[{"message":"the session could not be checked: try again","extensions":{"code":"UNAVAILABLE"}}]}}`)
	ws.Expect(`{"id":"2","type":"complete"}`)
	failing.on.Store(false)
	if n := failing.failed.Load(); n != 2 {
		t.Errorf("%d session checks failed, want 2", n)
	}
	raise("delivered")
	ws.Expect(apptest.NextMessage("1", `{"orderReminders":{"timestamp":"delivered"}}`))
	got := do(t, s, b.token, `{ partnerReminders(paging: {page: 1, size: 5}) { items { timestamp } } }`, nil)
	apptest.EqualJSON(t, got, `{"partnerReminders":{"items":[{"timestamp":"delivered"},{"timestamp":"withheld"}]}}`)
}

// A session holds at most graph.MaxConnections websockets open at once on
// an instance: one more is refused at connection_init (4429); another
// session of the same account is not.
func TestOrderRemindersConnectionsPerSession(t *testing.T) {
	t.Parallel()
	s, _, _, b, _ := remindersServer(t)
	for range graph.MaxConnections {
		s.DialWS(t, nil).Init(map[string]any{"Authorization": "Bearer " + b.token})
	}
	ws := s.DialWS(t, nil)
	ws.Send(map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + b.token}})
	ws.ExpectClose(4429, "Too many connections: a session holds at most 5 websockets at once")
	s.DialWS(t, nil).Init(map[string]any{"Authorization": "Bearer " + s.PartnerLogin(t, "13800000002", "pw-13800000002")})
}
