// Package apptest starts the real server for tests: the app's own handler on
// a fresh database — a SQLite file, or a Postgres schema of its own when
// TEST_DATABASE_URL is set — reached over loopback HTTP.
package apptest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
)

// AdminPassword is the password of the admin account every test server has.
const AdminPassword = "admin-secret"

// Server is a running app on its own database.
type Server struct {
	*httptest.Server
	App        *app.App
	Statements *StatementCounter
	Log        *Log // what the app logged
	logger     *slog.Logger
}

// New starts a server on a fresh database and stops it when t ends. It runs
// with cmd/server's defaults, which opts may change.
func New(t testing.TB, opts ...func(*app.Config)) *Server {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	bdb := openTestDB(t, dir)
	counter := &StatementCounter{}
	bdb.AddQueryHook(counter)
	logs, logger := newLog()
	cfg := app.Config{DataDir: dir, AdminPassword: AdminPassword, JWTSecret: "test-secret", CORSOrigins: []string{"*"},
		StatementsPerRequest: db.DefaultStatementsPerRequest, ReadRetry: db.DefaultReadRetry}
	for _, opt := range opts {
		opt(&cfg)
	}
	a, err := app.New(ctx, cfg, bdb, logger)
	if err != nil {
		t.Fatalf("start app: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	s := &Server{Server: httptest.NewServer(specChecked(t, a.Handler())), App: a, Statements: counter, Log: logs, logger: logger}
	t.Cleanup(s.Close)
	return s
}

func openTestDB(t testing.TB, dir string) *bun.DB {
	t.Helper()
	bdb, drop, err := db.OpenScratch(os.Getenv("TEST_DATABASE_URL"), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return bdb
}

// StatementCounter is a bun query hook that counts the SQL statements run,
// and how many ran at once. It runs after the store's own hooks, so it sees
// a statement once the statement holds its request's slot.
type StatementCounter struct {
	mu                    sync.Mutex
	seen                  []string
	inFlight, maxInFlight int
	hold                  time.Duration
	before                func(query string)
}

func (c *StatementCounter) BeforeQuery(ctx context.Context, e *bun.QueryEvent) context.Context {
	c.mu.Lock()
	c.inFlight++
	c.maxInFlight = max(c.maxInFlight, c.inFlight)
	hold, before := c.hold, c.before
	c.mu.Unlock()
	time.Sleep(hold)
	if before != nil {
		before(e.Query)
	}
	return ctx
}

// Before calls fn with every statement about to run (nil: none), as a test
// that breaks something in mid-request needs.
func (c *StatementCounter) Before(fn func(query string)) {
	c.mu.Lock()
	c.before = fn
	c.mu.Unlock()
}

func (c *StatementCounter) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	c.mu.Lock()
	c.inFlight--
	c.seen = append(c.seen, e.Query)
	c.mu.Unlock()
}

// Hold makes every statement wait this long before it runs, so statements
// that can overlap do.
func (c *StatementCounter) Hold(d time.Duration) {
	c.mu.Lock()
	c.hold = d
	c.mu.Unlock()
}

// MaxInFlight returns the most statements that were running at once since
// the last Reset.
func (c *StatementCounter) MaxInFlight() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.maxInFlight
}

// Count returns the statements run since the last Reset.
func (c *StatementCounter) Count() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return int64(len(c.seen))
}

// Seen lists the statements run since the last Reset, for failure messages.
func (c *StatementCounter) Seen() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Join(c.seen, "\n")
}

func (c *StatementCounter) Reset() {
	c.mu.Lock()
	c.seen, c.maxInFlight = nil, c.inFlight
	c.mu.Unlock()
}

// StatementsFor returns how many SQL statements fn runs.
func (s *Server) StatementsFor(fn func()) int64 {
	s.Statements.Reset()
	fn()
	return s.Statements.Count()
}

// SameStatementsAtAnySize runs run once per size, counting the statements of
// each, fails t unless every size costs the same, and returns the count of
// the last size. It proves a list's cost does not grow with its page. Then
// it runs the last size from concurrentRuns goroutines at once and fails t
// unless they cost exactly that many times as much: no batch splits when
// requests compete for the CPU and the connections.
func (s *Server) SameStatementsAtAnySize(t testing.TB, sizes []int, run func(size int)) int64 {
	t.Helper()
	var first, n int64
	for i, size := range sizes {
		n = s.StatementsFor(func() { run(size) })
		if i == 0 {
			first = n
		} else if n != first {
			t.Errorf("size %d took %d statements, size %d took %d:\n%s", sizes[0], first, size, n, s.Statements.Seen())
		}
	}
	seen, last := s.Statements.Seen(), sizes[len(sizes)-1]
	underLoad := s.StatementsFor(func() {
		var wg sync.WaitGroup
		for range concurrentRuns {
			wg.Go(func() { run(last) })
		}
		wg.Wait()
	})
	if underLoad != concurrentRuns*n {
		t.Errorf("%d concurrent runs of size %d took %d statements, want %d", concurrentRuns, last, underLoad, concurrentRuns*n)
	}
	t.Logf("size %d: %d statements:\n%s", last, n, seen)
	return n
}

const concurrentRuns = 16

// CreateAccount adds an account with this password and role.
func (s *Server) CreateAccount(t testing.TB, username, password, role string, active bool) *db.Account {
	t.Helper()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	acc := &db.Account{Username: username, PasswordHash: hash, Role: role, Active: active}
	if err := s.App.Stores.Accounts.Create(context.Background(), acc); err != nil {
		t.Fatal(err)
	}
	return acc
}

// StaffPassword is the password of the accounts ShopStaff adds.
const StaffPassword = "staff-pw-1"

// ShopStaff adds an active STAFF account whose shop role, its own ("role
// of" the username), holds only these rights, or none. The rows are written
// directly, so that a test of who may do what does not depend on the
// user-management operations. Sign it in with TokenFor, or through the
// legacy login with ShopLogin and StaffPassword.
func (s *Server) ShopStaff(t testing.TB, username string, rights ...int64) *db.Account {
	t.Helper()
	ctx := context.Background()
	role := &db.ShopRole{Name: "role of " + username}
	if _, err := s.App.DB.NewInsert().Model(role).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	for _, r := range rights {
		if _, err := s.App.DB.NewInsert().Model(&db.ShopRoleRight{RoleID: role.ID, RightID: r}).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	acc := s.CreateAccount(t, username, StaffPassword, db.RoleStaff, true)
	acc.ShopRoleID = &role.ID
	if _, err := s.App.DB.NewUpdate().Model(acc).Column("shop_role_id").WherePK().Exec(ctx); err != nil {
		t.Fatal(err)
	}
	return acc
}

// GraphQLResponse is a decoded GraphQL answer.
type GraphQLResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// Code is the first error's extensions.code, or "" without errors.
func (r GraphQLResponse) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// GraphQL posts an operation to /graphql, with a bearer token if given.
func (s *Server) GraphQL(t testing.TB, token, query string, vars map[string]any) GraphQLResponse {
	t.Helper()
	var out GraphQLResponse
	if r := s.PostGraphQL(t, token, query, vars); json.Unmarshal([]byte(r.Body), &out) != nil {
		t.Fatalf("decode graphql response: %s", r.Body)
	}
	return out
}

// PostGraphQL posts an operation to /graphql and returns the answer as
// written: status, headers and body.
func (s *Server) PostGraphQL(t testing.TB, token, query string, vars map[string]any) Response {
	t.Helper()
	authorization := ""
	if token != "" {
		authorization = "Bearer " + token
	}
	return s.Do(t, authorization, http.MethodPost, "/graphql", map[string]any{"query": query, "variables": vars})
}

// Login signs in to the pharma admin through GraphQL and returns the token.
func (s *Server) Login(t testing.TB, username, password string) string {
	t.Helper()
	return s.loginTo(t, "PHARMA", username, password)
}

// loginTo signs in to an app through GraphQL and returns the token.
func (s *Server) loginTo(t testing.TB, app, username, password string) string {
	t.Helper()
	r := s.GraphQL(t, "", `mutation($u: String!, $p: String!, $app: LoginApp!) { login(input: {username: $u, password: $p, app: $app}) { token } }`,
		map[string]any{"u": username, "p": password, "app": app})
	if len(r.Errors) > 0 {
		t.Fatalf("login %s: %v", username, r.Errors)
	}
	var d struct{ Login struct{ Token string } }
	json.Unmarshal(r.Data, &d) //nolint:errcheck // checked by the empty token below
	if d.Login.Token == "" {
		t.Fatal("login returned no token")
	}
	return d.Login.Token
}

// AdminToken signs the built-in admin in.
func (s *Server) AdminToken(t testing.TB) string { return s.Login(t, "admin", AdminPassword) }

// TokenFor opens a session for any account, bypassing the app admission
// rule (so a STAFF or inactive account can hold a token), and returns its
// token.
func (s *Server) TokenFor(t testing.TB, acc *db.Account) string {
	t.Helper()
	token, _, err := s.App.Services.Accounts.OpenSession(context.Background(), acc)
	if err != nil {
		t.Fatalf("open session for %s: %v", acc.Username, err)
	}
	return token
}

// Client is a legacy client: it keeps cookies, like a browser.
type Client struct {
	t    testing.TB
	base string
	http *http.Client
}

func (s *Server) Client(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, base: s.URL, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// Response is a legacy answer.
type Response struct {
	Status int
	Header http.Header
	Body   string
}

// Do sends a request; a body that is not a string is sent as JSON.
func (c *Client) Do(method, path string, body any) Response {
	c.t.Helper()
	return send(c.t, c.http, c.base, "", method, path, body)
}

// rawBody is a body sent as it is, with its content type.
type rawBody struct {
	r           io.Reader
	contentType string
}

// send makes one request: a string body goes as JSON text, a Form as a
// form, a rawBody as it is, anything else marshalled to JSON.
func send(t testing.TB, hc *http.Client, base, authorization, method, path string, body any) Response {
	t.Helper()
	var rd io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case string:
		rd, contentType = strings.NewReader(b), "application/json"
	case Form:
		rd, contentType = strings.NewReader(string(b)), "application/x-www-form-urlencoded"
	case rawBody:
		rd, contentType = b.r, b.contentType
	default:
		raw, _ := json.Marshal(b)
		rd, contentType = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	return RoundTrip(t, hc, req)
}

// RoundTrip sends a request made by the test and reads the whole answer.
func RoundTrip(t testing.TB, hc *http.Client, req *http.Request) Response {
	t.Helper()
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: string(raw)}
}

// Form is a x-www-form-urlencoded body.
type Form string

// Expect fails t unless the answer has this status and exactly this JSON
// (same members and values, any member order).
func (r Response) Expect(t testing.TB, status int, wantJSON string) {
	t.Helper()
	if r.Status != status {
		t.Errorf("status %d, want %d (body %s)", r.Status, status, r.Body)
	}
	EqualJSON(t, r.Body, wantJSON)
}

// EqualJSON fails t unless got and want are the same JSON value.
func EqualJSON(t testing.TB, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("answer is not JSON: %v: %s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expectation %v: %s", err, want)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("JSON differs\n got: %s\nwant: %s", compact(got), compact(want))
	}
}

func compact(s string) string {
	var b bytes.Buffer
	if json.Compact(&b, []byte(s)) != nil {
		return s
	}
	return b.String()
}

// SeedShopOrder inserts a shop order with its lines, for tests that need
// what the API does not set (numbers, times, states). order and each line give db.ShopOrder and
// db.ShopOrderLine fields by their Go names ("Number", "UserID", "PayMethod",
// "Sent", "InvoiceTitle", "CreatedAt" as a time.Time, ...; "Price", "Number",
// "Total", "GoodsID" for a line), so tests outside db need not import it.
// Fields left out get defaults: a unique number, now for the times, and for a
// line without "GoodsID" a goods row of its own at the line's price. It
// returns the order's id and, line by line, the lines' and goods' ids.
func (s *Server) SeedShopOrder(t testing.TB, order map[string]any, lines ...map[string]any) (orderID int64, lineIDs, goodsIDs []int64) {
	t.Helper()
	ctx := context.Background()
	// fill sets a model's fields from the map through their JSON form, over
	// the defaults already in the model.
	fill := func(into any, fields map[string]any) {
		raw, err := json.Marshal(fields)
		if err == nil {
			err = json.Unmarshal(raw, into)
		}
		if err != nil {
			t.Fatalf("seed shop order: %v", err)
		}
	}
	now := time.Now().UTC()
	buf := make([]byte, 6)
	rand.Read(buf) //nolint:errcheck // never fails
	o := &db.ShopOrder{Number: "test-" + hex.EncodeToString(buf), CreatedAt: now, UpdatedAt: now}
	fill(o, order)
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	if _, err := s.App.DB.NewInsert().Model(o).Exec(ctx); err != nil {
		t.Fatalf("seed shop order: %v", err)
	}
	for i, fields := range lines {
		l := &db.ShopOrderLine{OrderID: o.ID}
		fill(l, fields)
		l.OrderID = o.ID
		if l.GoodsID == 0 {
			g := &db.ShopGoods{Name: fmt.Sprintf("goods of %s #%d", o.Number, i+1), Price: l.Price, CreatedAt: now, UpdatedAt: now}
			if _, err := s.App.DB.NewInsert().Model(g).Exec(ctx); err != nil {
				t.Fatalf("seed shop order goods: %v", err)
			}
			l.GoodsID = g.ID
		}
		if _, err := s.App.DB.NewInsert().Model(l).Exec(ctx); err != nil {
			t.Fatalf("seed shop order line: %v", err)
		}
		lineIDs, goodsIDs = append(lineIDs, l.ID), append(goodsIDs, l.GoodsID)
	}
	return o.ID, lineIDs, goodsIDs
}

// Rows counts a table's rows, to check that a refused request wrote nothing.
func (s *Server) Rows(t testing.TB, table string) int64 {
	t.Helper()
	n, err := s.App.DB.NewSelect().Table(table).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int64(n)
}
