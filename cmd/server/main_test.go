package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/db/migrations"
)

type result struct {
	code           int
	stdout, stderr string
}

// server runs the command line with this environment and stdin.
func server(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, func(k string) string { return env[k] }, strings.NewReader(stdin), &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

// storeEnv is the environment of a store of the test's own: a DATA_DIR not
// made yet, and with TEST_DATABASE_URL a new Postgres schema, the
// search_path of DATABASE_URL.
func storeEnv(t *testing.T) map[string]string {
	t.Helper()
	env := map[string]string{"DATA_DIR": filepath.Join(t.TempDir(), "data")}
	url := os.Getenv("TEST_DATABASE_URL")
	if url == "" {
		return env
	}
	schema, drop, err := db.ScratchSchema(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	env["DATABASE_URL"] = url + sep + "search_path=" + schema
	return env
}

func onPostgres() bool { return os.Getenv("TEST_DATABASE_URL") != "" }

func TestHelpExitsZeroListingCommandsFlagsAndVariables(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, {"-help"}, {"seed", "-h"}} {
		r := server(t, nil, "", args...)
		if r.code != exitOK || r.stderr != "" {
			t.Fatalf("%q: exit %d, stderr %q; want 0 and nothing", args, r.code, r.stderr)
		}
		for _, want := range []string{"Usage: server [flags] [command]", "\n  serve ", "\n  migrate [up|down|status] ", "\n  seed [--demo-accounts] ",
			"\n  passwd <username> ", "\n  create-admin ", "\n  version ", "\n  help ",
			"\n  -addr, ADDR\n      listen address; unset: 127.0.0.1:8080 on the embedded store (this machine only), :8080 with DATABASE_URL\n",
			"\n  -session-ttl, SESSION_TTL (default 24h0m0s)\n", "\n  -introspection, INTROSPECTION (default true)\n",
			"\n  -cors-origins, CORS_ORIGINS (default *)\n", "\n  -db-max-open, DB_MAX_OPEN (default 16)\n",
			"\n  JWT_SECRET (default embedded: generated and kept in DATA_DIR/jwt-secret)\n",
			"\n  ADMIN_PASSWORD (default embedded: 123456; Postgres: none)\n"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%q: help lacks %q:\n%s", args, want, r.stdout)
			}
		}
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"-version"}} {
		r := server(t, nil, "", args...)
		lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		if r.code != exitOK || r.stderr != "" || !strings.HasPrefix(lines[0], "github.com/onegraph/server ") ||
			!strings.HasPrefix(lines[len(lines)-1], "go go1.") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want the module and Go versions", args, r.code, r.stdout, r.stderr)
		}
	}
}

// A binary go build stamped with its VCS state prints the revision.
func TestVersionOfABuiltBinaryNamesItsRevision(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("no git checkout: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "server")
	if out, err := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(out), "\n")
	if fi, err := os.Stat("../../.git"); err == nil && !fi.IsDir() && !strings.Contains(string(out), "\nrevision ") {
		t.Skip("a git worktree (.git is a file): go build stamps no VCS state in one")
	}
	if len(lines) < 4 || lines[1] != "revision "+strings.TrimSpace(string(head)) || !strings.HasPrefix(lines[2], "time ") ||
		(lines[3] != "modified true" && lines[3] != "modified false") {
		t.Errorf("version printed %q, want the module, then revision %s, time and modified", out, head)
	}
}

// A wrong command, argument or value exits 2 with a message naming it,
// before anything is opened: DATA_DIR is not even made.
func TestUsageErrorsExitTwoAndTouchNothing(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"bogus"}, `server: unknown command "bogus" (commands: serve, migrate, seed, passwd, create-admin, version, help)`},
		{nil, []string{"-no-such-flag"}, "server: flag provided but not defined: -no-such-flag"},
		{nil, []string{"migrate", "sideways"}, `server: migrate "sideways": want up, down or status`},
		{nil, []string{"migrate", "up", "now"}, `server: migrate: unexpected argument "now"`},
		{nil, []string{"seed", "--demo"}, "server: seed: flag provided but not defined: -demo"},
		{nil, []string{"passwd"}, "server: passwd: which account? server passwd <username>"},
		{nil, []string{"serve", "extra"}, `server: serve: unexpected argument "extra"`},
		{map[string]string{"SESSION_TTL": "90"}, nil, `server: SESSION_TTL="90": time: missing unit in duration "90"`},
		{nil, []string{"-session-ttl", "90"}, `server: invalid value "90" for flag -session-ttl: time: missing unit in duration "90"`},
		{map[string]string{"DB_MAX_OPEN": "many"}, []string{"migrate"}, `server: DB_MAX_OPEN="many": strconv.Atoi: parsing "many": invalid syntax`},
		{map[string]string{"INTROSPECTION": "maybe"}, nil, `server: INTROSPECTION="maybe": strconv.ParseBool: parsing "maybe": invalid syntax`},
		{map[string]string{"TRUSTED_PROXIES": "10.0.0.0/33"}, nil, `server: TRUSTED_PROXIES="10.0.0.0/33": trusted proxy "10.0.0.0/33" is neither a CIDR nor an address`},
		// A URL pgdriver cannot read: refused without its password (pgdriver's own panic quotes it).
		{map[string]string{"DATABASE_URL": "postgres://u:s3cretpw@host:notaport/db"}, []string{"migrate"},
			`server: DATABASE_URL is not a valid URL: invalid port ":notaport" after host`},
		{map[string]string{"DATABASE_URL": "postgres://u:s3cretpw@host/db?sslmode=sometimes"}, []string{"migrate"},
			`server: DATABASE_URL: pgdriver: sslmode 'sometimes' is not supported`},
		{map[string]string{"DATABASE_URL": "mysql://u:s3cretpw@host/db"}, []string{"migrate"}, `server: DATABASE_URL must be a postgres:// URL`},
		// In syntax but out of range: refused as strictly, never replaced by a default.
		{map[string]string{"SESSION_TTL": "-1h"}, nil, `server: SESSION_TTL="-1h": must be at least 1s`},
		{map[string]string{"SESSION_TTL": "0"}, nil, `server: SESSION_TTL="0": must be at least 1s`},
		{map[string]string{"SESSION_TTL": "999ms"}, nil, `server: SESSION_TTL="999ms": must be at least 1s`},
		{map[string]string{"GRAPHQL_DEADLINE": "-1s"}, nil, `server: GRAPHQL_DEADLINE="-1s": must be at least 1ms`},
		{map[string]string{"IMAGE_WORKERS": "-3"}, nil, `server: IMAGE_WORKERS="-3": must be at least 1`},
		{map[string]string{"GRAPHQL_MAX_COST": "0"}, nil, `server: GRAPHQL_MAX_COST="0": must be at least 1`},
		{map[string]string{"GRAPHQL_CACHE_BYTES": "0"}, nil, `server: GRAPHQL_CACHE_BYTES="0": must be at least 1`},
		{map[string]string{"METRICS_OPERATION_NAMES": "0"}, nil, `server: METRICS_OPERATION_NAMES="0": must be at least 1`},
		{map[string]string{"DB_STATEMENTS_PER_REQUEST": "-1"}, nil, `server: DB_STATEMENTS_PER_REQUEST="-1": must be at least 0`},
		{map[string]string{"DB_MAX_OPEN": "0"}, []string{"migrate"}, `server: DB_MAX_OPEN="0": must be at least 1`},
		{map[string]string{"SHUTDOWN_DELAY": "-1s"}, nil, `server: SHUTDOWN_DELAY="-1s": must be at least 0s`},
		{nil, []string{"-graphql-deadline=-1s"}, `server: invalid value "-1s" for flag -graphql-deadline: must be at least 1ms`},
		{nil, []string{"serve", "-shutdown-delay", "-1ns"}, `server: invalid value "-1ns" for flag -shutdown-delay: must be at least 0s`},
		{map[string]string{"DATABASE_URL": "postgres://nowhere/db"}, nil, "server: JWT_SECRET is required when DATABASE_URL is set"},
	} {
		dir := filepath.Join(t.TempDir(), "data")
		// An address no listener takes: a case wrongly accepted fails
		// at once instead of serving until the test times out.
		env := map[string]string{"DATA_DIR": dir, "ADDR": "127.0.0.1:-1"}
		for k, v := range tc.env {
			env[k] = v
		}
		r := server(t, env, "", tc.args...)
		first, _, _ := strings.Cut(r.stderr, "\n")
		if r.code != exitUsage || first != tc.want || r.stdout != "" {
			t.Errorf("%v %q: exit %d, stderr %q; want 2 and %q", tc.env, tc.args, r.code, r.stderr, tc.want)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("%v %q: DATA_DIR was made (%v)", tc.env, tc.args, err)
		}
	}
}

// Every default `server help` prints is a value its setting accepts and
// gives back unchanged: no default lies outside its own range.
// SHUTDOWN_DELAY's default stands for the store's, so help names the two.
func TestEveryDefaultIsInItsRange(t *testing.T) {
	var cfg app.Config
	s := newSettings(&cfg)
	if cfg.ShutdownDelay >= 0 {
		t.Errorf("SHUTDOWN_DELAY unset is %v, want a negative: the store's default", cfg.ShutdownDelay)
	}
	for _, st := range s.rows {
		defaults := []string{st.def}
		if st.env == "SHUTDOWN_DELAY" {
			defaults = []string{app.DefaultShutdownDelay.String(), "0s"}
		}
		for _, def := range defaults {
			if err := s.fs.Set(st.flag, def); err != nil {
				t.Errorf("%s: its default %q is refused: %v", st.env, def, err)
			} else if got := s.fs.Lookup(st.flag).Value.String(); got != def {
				t.Errorf("%s: its default %q reads back as %q", st.env, def, got)
			}
		}
	}
}

// The least value of each kind of range is accepted and reaches the
// configuration as given; 0 where it means off.
func TestSettingsAcceptTheLeastOfTheirRange(t *testing.T) {
	for _, tc := range []struct {
		env, value string
		got        func(app.Config) any
		want       any
	}{
		{"SESSION_TTL", "1s", func(c app.Config) any { return c.SessionTTL }, time.Second},
		{"GRAPHQL_DEADLINE", "1ms", func(c app.Config) any { return c.Limits.Deadline }, time.Millisecond},
		{"IMAGE_WORKERS", "1", func(c app.Config) any { return c.Media.Workers }, 1},
		{"GRAPHQL_APQ_CACHE_BYTES", "1", func(c app.Config) any { return c.Limits.APQCacheBytes }, int64(1)},
		{"DB_STATEMENTS_PER_REQUEST", "0", func(c app.Config) any { return c.StatementsPerRequest }, 0},
		{"DB_READ_RETRY", "0", func(c app.Config) any { return c.ReadRetry }, time.Duration(0)},
		{"DB_CONN_LIFETIME", "0s", func(c app.Config) any { return c.Pool.MaxLifetime }, time.Duration(0)},
		{"SESSION_PURGE_INTERVAL", "0s", func(c app.Config) any { return c.SessionPurgeInterval }, time.Duration(0)},
		{"SHUTDOWN_DELAY", "0", func(c app.Config) any { return c.ShutdownDelay }, time.Duration(0)},
	} {
		c, err := parse(nil, func(k string) string { return map[string]string{tc.env: tc.value}[k] })
		if err != nil {
			t.Errorf("%s=%s: %v", tc.env, tc.value, err)
		} else if got := tc.got(c.cfg); got != tc.want {
			t.Errorf("%s=%s: configured %v, want %v", tc.env, tc.value, got, tc.want)
		}
	}
}

// The listen address by store, and a flag over its variable.
func TestListenAddress(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, nil, "127.0.0.1:8080"},
		{map[string]string{"DATABASE_URL": "postgres://h/db", "JWT_SECRET": "s"}, nil, ":8080"},
		{map[string]string{"ADDR": ":9000"}, nil, ":9000"},
		{map[string]string{"ADDR": ":9000"}, []string{"-addr", "127.0.0.1:9001"}, "127.0.0.1:9001"},
		{nil, []string{"serve", "-addr", ":9002"}, ":9002"},
	} {
		c, err := parse(tc.args, func(k string) string { return tc.env[k] })
		if err != nil || c.cfg.Addr != tc.want {
			t.Errorf("%v %q: addr %q (%v), want %q", tc.env, tc.args, c.cfg.Addr, err, tc.want)
		}
	}
}

// migrate opens only the database: on Postgres it needs no JWT_SECRET.
// up applies every step, status lists them, down rolls back the last group.
func TestMigrateUpStatusDownWithoutJWTSecret(t *testing.T) {
	env := storeEnv(t)
	var names, pending []string
	for _, m := range migrations.Migrations.Sorted() {
		names = append(names, m.Name)
		pending = append(pending, "pending  "+m.Name+" "+m.Comment)
	}
	status := func() []string {
		t.Helper()
		r := server(t, env, "", "migrate", "status")
		if r.code != exitOK {
			t.Fatalf("migrate status: exit %d: %s", r.code, r.stderr)
		}
		return strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	}
	if got := status(); !slices.Equal(got, pending) {
		t.Fatalf("status of a new store:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(pending, "\n"))
	}
	if r := server(t, env, "", "migrate"); r.code != exitOK || r.stdout != "applied: "+strings.Join(names, ", ")+"\n" {
		t.Fatalf("migrate: exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}
	for i, line := range status() {
		if want := "applied  " + names[i] + " "; !strings.HasPrefix(line, want) || !strings.Contains(line, " (group 1, ") {
			t.Errorf("status line %d %q, want it to start %q and name group 1", i, line, want)
		}
	}
	if r := server(t, env, "", "migrate", "up"); r.code != exitOK || r.stdout != "applied: none\n" {
		t.Fatalf("migrate up again: exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}
	reversed := slices.Clone(names)
	slices.Reverse(reversed)
	if r := server(t, env, "", "migrate", "down"); r.code != exitOK || r.stdout != "rolled back: "+strings.Join(reversed, ", ")+"\n" {
		t.Fatalf("migrate down: exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}
	if got := status(); !slices.Equal(got, pending) {
		t.Errorf("status after down:\n%s", strings.Join(got, "\n"))
	}
	if r := server(t, env, "", "migrate", "down"); r.code != exitOK || r.stdout != "rolled back: none\n" {
		t.Errorf("migrate down with none applied: exit %d, stdout %q", r.code, r.stdout)
	}
	if _, err := os.Stat(filepath.Join(env["DATA_DIR"], "jwt-secret")); !os.IsNotExist(err) {
		t.Errorf("migrate made a JWT secret (%v)", err)
	}
}

// started opens the app as `server serve` would with this environment
// (ADMIN_PASSWORD and JWT_SECRET added) and serves its handler; the log
// of its start is returned.
func started(t *testing.T, env map[string]string, adminPassword string) (*apptest.Server, string) {
	t.Helper()
	env = mapsWith(env, map[string]string{"JWT_SECRET": "cli-test-secret", "ADMIN_PASSWORD": adminPassword})
	c, err := parse(nil, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	a, err := app.Open(context.Background(), c.cfg, slog.New(slog.NewJSONHandler(&log, nil)))
	if err != nil {
		t.Fatal(err)
	}
	s := &apptest.Server{Server: httptest.NewServer(a.Handler()), App: a}
	t.Cleanup(func() { s.Close(); a.Close() })
	return s, log.String()
}

func mapsWith(m, more map[string]string) map[string]string {
	out := map[string]string{}
	for _, from := range []map[string]string{m, more} {
		for k, v := range from {
			out[k] = v
		}
	}
	return out
}

// login signs in through the login mutation and returns the error code,
// "" when it signed in.
func login(t *testing.T, s *apptest.Server, app, username, password string) string {
	t.Helper()
	r := s.GraphQL(t, "", `mutation($u: String!, $p: String!, $app: LoginApp!) { login(input: {username: $u, password: $p, app: $app}) { account { username role } } }`,
		map[string]any{"u": username, "p": password, "app": app})
	if len(r.Errors) > 0 {
		b, _ := json.Marshal(r.Errors)
		var errs []struct{ Extensions struct{ Code string } }
		json.Unmarshal(b, &errs) //nolint:errcheck // an empty code fails the caller
		return errs[0].Extensions.Code
	}
	return ""
}

// The operator's path of the issue: seed a new database, then start it
// with ADMIN_PASSWORD. Seeding made accounts, but none holds the ADMIN
// role, so the start makes admin, who signs in. Without --demo-accounts a
// Postgres store's demo accounts have no usable password.
func TestSeedThenStartMakesTheAdmin(t *testing.T) {
	for _, demoAccounts := range []bool{false, true} {
		env := storeEnv(t)
		args := []string{"seed"}
		if demoAccounts {
			args = append(args, "--demo-accounts")
		}
		r := server(t, env, "", args...)
		passwords := demoAccounts || !onPostgres()
		last := "the demo accounts added have no usable password: `server passwd <username>` sets one, `server seed --demo-accounts` on a new database gives them the demo password\n"
		if passwords {
			last = "the demo accounts added sign in with password 123456 (README lists them)\n"
		}
		want := "pharma: 3 customers, 3 medicines, 2 orders\n" +
			"shop users: 2 roles, 2 accounts\n" +
			"shop catalog: 25 categories, 10 attributes\n" +
			"shop goods: 3 goods\n" +
			"shop orders: 3 orders\n" +
			"shipment tracking: 15 events\n" +
			"merchant management: 5 cities, 5 stations, 10 employees, 8 sale menus, 3 labels, 40 merchants, 59 restaurants, 50 accounts\n" +
			"partner platform: 5 enterprises, 5 catalog goods, 6 listings, 3 customers, 3 orders, 5 accounts\n" + last
		if r.code != exitOK || r.stdout != want {
			t.Fatalf("%q: exit %d, stdout\n%s\nwant\n%s\nstderr %s", args, r.code, r.stdout, want, r.stderr)
		}
		if again := server(t, env, "", args...); again.code != exitOK || !strings.HasPrefix(again.stdout, "pharma: nothing (it has data already)\n") ||
			strings.Contains(again.stdout, "sign in") || strings.Contains(again.stdout, "password") {
			t.Errorf("%q again: exit %d, stdout %q", args, again.code, again.stdout)
		}

		s, log := started(t, env, "admin-pw")
		if !strings.Contains(log, `"msg":"no active account held the ADMIN role: made account admin with ADMIN_PASSWORD"`) {
			t.Errorf("start log does not say the admin was made:\n%s", log)
		}
		if code := login(t, s, "PHARMA", "admin", "admin-pw"); code != "" {
			t.Errorf("%q, then start: admin cannot sign in: %s", args, code)
		}
		wantDemo := "UNAUTHENTICATED"
		if passwords {
			wantDemo = ""
		}
		for _, acc := range [][2]string{{"SHOP", "zhuguan"}, {"MERCHANTS", "miaomiao"}, {"PARTNER", "13800000001"}} {
			if code := login(t, s, acc[0], acc[1], "123456"); code != wantDemo {
				t.Errorf("%q: demo account %s with 123456: %q, want %q", args, acc[1], code, wantDemo)
			}
		}
		s.Close()
		s.App.Close()

		// The next start finds the admin and says so.
		if _, log := started(t, env, ""); !strings.Contains(log, `"msg":"admin accounts","usernames":["admin"]`) {
			t.Errorf("second start log does not name the admin:\n%s", log)
		}
	}
}

// passwd sets a password from stdin; create-admin makes the admin on a
// store that has none, and a start without ADMIN_PASSWORD says how to.
func TestPasswdAndCreateAdmin(t *testing.T) {
	env := storeEnv(t)
	if r := server(t, env, "", "migrate"); r.code != exitOK {
		t.Fatal(r.stderr)
	}
	if onPostgres() {
		_, log := started(t, env, "")
		if !strings.Contains(log, `"level":"WARN","msg":"no admin account: no active account holds the ADMIN role; make one with `+"`server create-admin`"+` (password on stdin) or start with ADMIN_PASSWORD set"`) {
			t.Errorf("start without an admin does not say how to make one:\n%s", log)
		}
	}
	if r := server(t, env, "first-pw\n", "create-admin"); r.code != exitOK || r.stdout != "account admin: password set, its sessions ended\n" {
		t.Fatalf("create-admin: exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}
	if r := server(t, env, "", "seed", "--demo-accounts"); r.code != exitOK {
		t.Fatal(r.stderr)
	}
	if r := server(t, env, "new pw with spaces \r\nsecond line ignored\n", "passwd", "zhuguan"); r.code != exitOK ||
		r.stdout != "account zhuguan: password set, its sessions ended\n" {
		t.Fatalf("passwd: exit %d, stdout %q, stderr %s", r.code, r.stdout, r.stderr)
	}
	if r := server(t, env, "pw", "create-admin"); r.code != exitOK { // the last line may lack its newline
		t.Fatal(r.stderr)
	}
	for _, tc := range []struct{ stdin, user, want string }{
		{"x\n", "nobody", `"err":"account nobody does not exist"`},
		{"\n", "zhuguan", `"err":"the password is empty"`},
	} {
		r := server(t, env, tc.stdin, "passwd", tc.user)
		if r.code != exitFailed || !strings.Contains(r.stderr, `"msg":"server passwd failed"`) || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("passwd %s: exit %d, stderr %s; want 1 and %s", tc.user, r.code, r.stderr, tc.want)
		}
	}

	s, _ := started(t, env, "")
	for _, tc := range []struct{ app, user, password, want string }{
		{"SHOP", "zhuguan", "new pw with spaces ", ""},
		{"SHOP", "zhuguan", "123456", "UNAUTHENTICATED"},
		{"PHARMA", "admin", "pw", ""},
		{"PHARMA", "admin", "first-pw", "UNAUTHENTICATED"},
	} {
		if code := login(t, s, tc.app, tc.user, tc.password); code != tc.want {
			t.Errorf("login %s %q: %q, want %q", tc.user, tc.password, code, tc.want)
		}
	}
}
