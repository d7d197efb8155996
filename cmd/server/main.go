// Command server runs the OneGraph GraphQL API and its legacy compat routes;
// `server help` lists its commands, flags and environment variables.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/db/migrations"
	"github.com/onegraph/server/observe"
	"github.com/onegraph/server/seed"
	"github.com/onegraph/server/service"
)

func main() {
	app.TuneRuntime()
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // the command ran and failed
	exitUsage  = 2 // the command line or the environment is wrong: nothing was opened
)

// run is the whole program, its world injected: the arguments after the
// program name, the environment, and the standard streams. The command
// line and every environment variable are parsed before anything is
// opened, so a wrong one changes nothing.
func run(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd, err := parse(args, getenv)
	if errors.Is(err, flag.ErrHelp) {
		usage(stdout)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "server: %v\n`server help` lists the commands, flags and environment variables.\n", err)
		return exitUsage
	}
	log := observe.NewLogger(stderr)
	slog.SetDefault(log) // everything logs through it, the log package too
	db.LogThrough(log)   // and the database libraries, which keep loggers of their own
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := cmd.run(ctx, log, stdin, stdout); err != nil {
		log.Error("server "+cmd.name+" failed", "err", err)
		return exitFailed
	}
	return exitOK
}

// commands are what `server help` lists, in its order.
var commands = []struct{ name, args, what string }{
	{"serve", "", "run the server (the default command); migrations are applied first"},
	{"migrate", "[up|down|status]", "up (the default): apply the pending migrations; down: roll back the last group applied (one up; on a store one start made, that is every migration: all tables and their data); status: list every migration, applied or pending. Opens the database only: no JWT_SECRET needed"},
	{"seed", "[--demo-accounts]", "add the demo data of every domain (a domain that has data is left as it is) and print what was added. The demo's staff, employees and partners are accounts: on the embedded store they sign in with password " + seed.DemoPassword + "; on Postgres they get no usable password unless --demo-accounts is given"},
	{"passwd", "<username>", "set an existing account's password, read from stdin (one line); its sessions end"},
	{"create-admin", "", "make the account " + service.AdminUsername + " an active ADMIN with the password read from stdin (one line), creating it if missing"},
	{"version", "", "print the module version and the VCS revision it was built from (also -version)"},
	{"help", "", "print this text (also -h, --help)"},
}

// command is a parsed command line: what to run, with which configuration.
type command struct {
	name         string
	cfg          app.Config
	arg          string // migrate: up, down or status; passwd: the username
	demoAccounts bool   // seed --demo-accounts
}

// Environment variables read without a flag: a flag's value shows in ps.
const (
	envJWTSecret     = "JWT_SECRET"
	envAdminPassword = "ADMIN_PASSWORD"
)

// Listen addresses by store: the embedded store is a demo with a known
// admin password, so it answers on this machine only unless told otherwise.
const (
	embeddedAddr = "127.0.0.1:8080"
	postgresAddr = ":8080"
)

func parse(args []string, getenv func(string) string) (*command, error) {
	c := &command{name: "serve"}
	s := newSettings(&c.cfg)
	version := s.fs.Bool("version", false, "")
	for _, v := range s.rows {
		if text := getenv(v.env); text != "" {
			if err := s.fs.Set(v.flag, text); err != nil {
				return nil, fmt.Errorf("%s=%q: %w", v.env, text, err)
			}
		}
	}
	c.cfg.JWTSecret = getenv(envJWTSecret)
	c.cfg.AdminPassword = getenv(envAdminPassword)
	if err := s.fs.Parse(args); err != nil {
		return nil, err
	}
	rest := s.fs.Args()
	if *version {
		c.name = "version"
	} else if len(rest) > 0 {
		c.name, rest = rest[0], rest[1:]
	}
	switch c.name {
	case "help":
		return nil, flag.ErrHelp
	case "serve":
		if err := s.fs.Parse(rest); err != nil { // flags may follow the command
			return nil, err
		}
		rest = s.fs.Args()
		if !c.cfg.Embedded() && c.cfg.JWTSecret == "" {
			return nil, errors.New(envJWTSecret + " is required when DATABASE_URL is set")
		}
	case "migrate":
		c.arg = "up"
		if len(rest) > 0 {
			c.arg, rest = rest[0], rest[1:]
		}
		if c.arg != "up" && c.arg != "down" && c.arg != "status" {
			return nil, fmt.Errorf("migrate %q: want up, down or status", c.arg)
		}
	case "seed":
		fs := flag.NewFlagSet("seed", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		fs.BoolVar(&c.demoAccounts, "demo-accounts", false, "")
		if err := fs.Parse(rest); err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
		rest = fs.Args()
	case "passwd":
		if len(rest) == 0 {
			return nil, errors.New("passwd: which account? server passwd <username>")
		}
		c.arg, rest = rest[0], rest[1:]
	case "create-admin", "version":
	default:
		names := make([]string, len(commands))
		for i, cmd := range commands {
			names[i] = cmd.name
		}
		return nil, fmt.Errorf("unknown command %q (commands: %s)", c.name, strings.Join(names, ", "))
	}
	if len(rest) > 0 {
		return nil, fmt.Errorf("%s: unexpected argument %q", c.name, rest[0])
	}
	if !c.cfg.Embedded() {
		if err := db.CheckPostgresURL(c.cfg.DatabaseURL); err != nil {
			return nil, err
		}
	}
	if c.cfg.Addr == "" {
		c.cfg.Addr = postgresAddr
		if c.cfg.Embedded() {
			c.cfg.Addr = embeddedAddr
		}
	}
	return c, nil
}

func (c *command) run(ctx context.Context, log *slog.Logger, stdin io.Reader, stdout io.Writer) error {
	switch c.name {
	case "version":
		printVersion(stdout)
		return nil
	case "migrate":
		return migrate(ctx, c.cfg, c.arg, stdout)
	case "seed":
		return seedDemo(ctx, log, c.cfg, c.cfg.Embedded() || c.demoAccounts, stdout)
	case "passwd", "create-admin":
		return setPassword(ctx, log, c.cfg, c.name == "create-admin", c.arg, stdin, stdout)
	default:
		return serve(ctx, log, c.cfg)
	}
}

// serve runs the server until SIGINT or SIGTERM. The embedded store's
// first start fills it with the demo data.
func serve(ctx context.Context, log *slog.Logger, cfg app.Config) error {
	tracing, stopTracing, err := observe.SetupTracing(ctx)
	if err != nil {
		return err
	}
	defer func() { // sends the spans not yet sent, giving an unreachable collector 5 s
		flush, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := stopTracing(flush); err != nil {
			log.Warn("tracing", "err", err)
		}
	}()
	cfg.Tracing = tracing
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if cfg.Embedded() && a.Fresh {
		report, err := seed.Run(ctx, a.Stores, true)
		if err != nil {
			return fmt.Errorf("seed demo data: %w", err)
		}
		log.Info("new store: added the demo data (`server help` lists the demo accounts' password)", "added", report.Lines())
	}
	if _, err := a.ServeMetrics(ctx); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	return a.Serve(ctx, ln)
}

// migrate runs one migrate step on the database alone.
func migrate(ctx context.Context, cfg app.Config, step string, stdout io.Writer) error {
	bdb, err := db.Open(cfg.DatabaseURL, cfg.DataDir, cfg.Pool)
	if err != nil {
		return err
	}
	defer bdb.Close()
	var names []string
	switch step {
	case "status":
		steps, err := migrations.Status(ctx, bdb)
		if err != nil {
			return err
		}
		for _, st := range steps {
			if st.Applied {
				fmt.Fprintf(stdout, "applied  %s %s (group %d, %s)\n", st.Name, st.Comment, st.Group, st.At.UTC().Format(time.RFC3339))
			} else {
				fmt.Fprintf(stdout, "pending  %s %s\n", st.Name, st.Comment)
			}
		}
		return nil
	case "down":
		if names, err = migrations.Rollback(ctx, bdb); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "rolled back: %s\n", orNone(names))
	default:
		if names, err = migrations.Up(ctx, bdb); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "applied: %s\n", orNone(names))
	}
	return nil
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// openStores opens the database and applies the pending migrations: what
// seed and the account commands need, without the server's secret,
// listeners or admin account.
func openStores(ctx context.Context, log *slog.Logger, cfg app.Config) (*db.Stores, func(), error) {
	bdb, err := db.Open(cfg.DatabaseURL, cfg.DataDir, cfg.Pool)
	if err != nil {
		return nil, nil, err
	}
	applied, err := migrations.Up(ctx, bdb)
	if err != nil {
		bdb.Close()
		return nil, nil, err
	}
	if len(applied) > 0 {
		log.Info("migrations applied", "names", strings.Join(applied, ","))
	}
	return db.NewStores(db.NewHandle(bdb, nil)), func() { bdb.Close() }, nil
}

// seedDemo adds the demo data and prints what each domain got.
func seedDemo(ctx context.Context, log *slog.Logger, cfg app.Config, passwords bool, stdout io.Writer) error {
	stores, closeStores, err := openStores(ctx, log, cfg)
	if err != nil {
		return err
	}
	defer closeStores()
	report, err := seed.Run(ctx, stores, passwords)
	if err != nil {
		return err
	}
	for _, line := range report.Lines() {
		fmt.Fprintln(stdout, line)
	}
	switch {
	case report.Accounts() == 0:
	case passwords:
		fmt.Fprintf(stdout, "the demo accounts added sign in with password %s (README lists them)\n", seed.DemoPassword)
	default:
		fmt.Fprintln(stdout, "the demo accounts added have no usable password: `server passwd <username>` sets one, `server seed --demo-accounts` on a new database gives them the demo password")
	}
	return nil
}

// setPassword sets an account's password, or the admin's (creating it),
// from the first line of stdin.
func setPassword(ctx context.Context, log *slog.Logger, cfg app.Config, admin bool, username string, stdin io.Reader, stdout io.Writer) error {
	password, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read the password from stdin: %w", err)
	}
	password = strings.TrimRight(password, "\r\n")
	stores, closeStores, err := openStores(ctx, log, cfg)
	if err != nil {
		return err
	}
	defer closeStores()
	accounts := service.New(stores, service.Config{}).Accounts
	if admin {
		username = service.AdminUsername
		err = accounts.SetAdmin(ctx, password)
	} else {
		err = accounts.SetPassword(ctx, username, password)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "account %s: password set, its sessions ended\n", username)
	return nil
}

// printVersion prints the main module's version and the VCS state the
// binary was built from (go build stamps them).
func printVersion(w io.Writer) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		fmt.Fprintln(w, "server: no build information in this binary")
		return
	}
	fmt.Fprintf(w, "%s %s\n", info.Main.Path, info.Main.Version)
	vcs := map[string]string{}
	for _, s := range info.Settings {
		vcs[s.Key] = s.Value
	}
	for _, key := range []string{"vcs.revision", "vcs.time", "vcs.modified"} {
		if v := vcs[key]; v != "" {
			fmt.Fprintf(w, "%s %s\n", strings.TrimPrefix(key, "vcs."), v)
		}
	}
	fmt.Fprintf(w, "go %s\n", info.GoVersion)
}
