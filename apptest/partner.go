package apptest

import (
	"context"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/uptrace/bun/driver/pgdriver"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/seed"
)

// The partner platform's tests run on the demo seed's partner part (see
// seed/partner.go): enterprises 1 上海祎讯 (a buyer), 2 广州骏达 and 3 北京华通
// (sellers), 4 杭州顺风 and 5 深圳鹏程, each with one PARTNER account named
// by PartnerUser, password DemoPassword.

// SeedPartners adds the partner demo.
func (s *Server) SeedPartners(t testing.TB) {
	t.Helper()
	if err := seed.Partners(context.Background(), s.App.Stores); err != nil {
		t.Fatalf("seed partners: %v", err)
	}
}

// PartnerUser is the username of the demo enterprise's partner account.
func PartnerUser(enterprise int) string {
	return [...]string{1: "13800000001", 2: "13800000002", 3: "13800000003", 4: "13800000004", 5: "13800000005"}[enterprise]
}

// PartnerLogin signs a partner in through GraphQL and returns the token.
func (s *Server) PartnerLogin(t testing.TB, username, password string) string {
	t.Helper()
	return s.loginTo(t, "PARTNER", username, password)
}

// Partner is an enterprise SeedPartner wrote, its account and a token of it.
type Partner struct {
	EnterpriseID int64
	Account      *db.Account
	Token        string
}

// SeedPartner writes an enterprise and a PARTNER account of it (password
// "pw-" + username) directly, for tests whose subject is not registration,
// and signs the account in.
func (s *Server) SeedPartner(t testing.TB, username, enterprise string) Partner {
	t.Helper()
	ctx := context.Background()
	e := &db.Enterprise{Name: enterprise, CreatedAt: time.Now().UTC()}
	if _, err := s.App.DB.NewInsert().Model(e).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	acc := s.CreateAccount(t, username, "pw-"+username, db.RolePartner, true)
	if _, err := s.App.DB.NewInsert().Model(&db.PartnerProfile{AccountID: acc.ID, EnterpriseID: e.ID, RealName: enterprise}).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	return Partner{EnterpriseID: e.ID, Account: acc, Token: s.TokenFor(t, acc)}
}

// Twin starts a second server instance on s's Postgres database, as a
// second replica of the server would run: its own connections, its own
// listener, the same configuration (and so the same JWT secret). The
// embedded store serves one instance only.
func (s *Server) Twin(t testing.TB) *Server {
	t.Helper()
	url := os.Getenv("TEST_DATABASE_URL")
	if url == "" {
		t.Fatal("two instances share a database only on Postgres (TEST_DATABASE_URL)")
	}
	ctx := context.Background()
	var schema string
	if err := s.App.DB.NewSelect().ColumnExpr("current_schema()").Scan(ctx, &schema); err != nil {
		t.Fatal(err)
	}
	bdb, err := db.OpenPostgres(url, pgdriver.WithConnParams(map[string]any{"search_path": schema}), pgdriver.WithApplicationName(schema))
	if err != nil {
		t.Fatal(err)
	}
	counter := &StatementCounter{}
	bdb.AddQueryHook(counter)
	logs, logger := newLog()
	a, err := app.New(ctx, s.App.Config, bdb, logger)
	if err != nil {
		bdb.Close()
		t.Fatalf("start the twin: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	twin := &Server{Server: httptest.NewServer(specChecked(t, a.Handler())), App: a, Statements: counter, Log: logs, logger: logger}
	t.Cleanup(twin.Close)
	return twin
}
