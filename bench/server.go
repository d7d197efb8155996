package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof" // on the stats listener, for -cpuprofile-case
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
)

// childArg, first on the command line, makes the binary a child; it is
// not a flag, so -h does not show it.
const childArg = "-bench-child"

// store says how to reach one scratch database: where is the SQLite file,
// or the Postgres schema on url.
type store struct {
	kind, url, where, dir string
}

func (s store) open() (*bun.DB, error) {
	if s.kind == "sqlite" {
		return db.OpenSQLite(s.where)
	}
	return db.OpenPostgres(s.url, pgdriver.WithConnParams(map[string]any{"search_path": s.where}))
}

// stats is what a child reports: statements run and CPU used so far.
type stats struct {
	Statements int64 `json:"statements"`
	CPUNanos   int64 `json:"cpuNanos"`
}

// counter is a bun query hook counting every statement, as apptest's does.
type counter struct{ n atomic.Int64 }

func (c *counter) BeforeQuery(ctx context.Context, _ *bun.QueryEvent) context.Context { return ctx }
func (c *counter) AfterQuery(context.Context, *bun.QueryEvent)                        { c.n.Add(1) }

// runChild serves role ("server": the real app; "reference": the
// hand-written orders page) on the store, and /stats plus pprof on a second
// listener. It prints both addresses on one line and exits when its stdin
// closes, so it never outlives the parent.
func runChild(args []string) error {
	if len(args) != 5 {
		return fmt.Errorf("want role kind url where dir, got %q", args)
	}
	role, st := args[0], store{kind: args[1], url: args[2], where: args[3], dir: args[4]}
	bdb, err := st.open()
	if err != nil {
		return err
	}
	defer bdb.Close()
	var n counter
	bdb.AddQueryHook(&n)
	app.TuneRuntime() // both run as cmd/server does
	var h http.Handler
	switch role {
	case "server", "server-uncached":
		// The app logs to the global logger too (a client gone mid-request
		// is a resolver error); the table is the output.
		log := slog.New(slog.DiscardHandler)
		slog.SetDefault(log)
		cfg := appConfig(st.dir)
		if role == "server-uncached" { // the partner API as it would be without its credential cache
			cfg.CredentialTTL = -1
		}
		a, err := app.New(context.Background(), cfg, bdb, log)
		if err != nil {
			return err
		}
		h = a.Handler()
	case "reference":
		h = &reference{db: bdb, tokens: auth.NewTokens([]byte(jwtSecret))}
	default:
		return fmt.Errorf("unknown role %q", role)
	}
	http.HandleFunc("/stats", func(w http.ResponseWriter, _ *http.Request) {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		json.NewEncoder(w).Encode(stats{n.n.Load(), ru.Utime.Nano() + ru.Stime.Nano()}) //nolint:errcheck // the parent sees a short body
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	statsLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Println(ln.Addr(), statsLn.Addr())
	srv := &http.Server{Handler: h}
	errc := make(chan error, 3)
	go func() { errc <- srv.Serve(ln) }()
	go func() { errc <- http.Serve(statsLn, nil) }()
	go func() {
		io.Copy(io.Discard, os.Stdin) //nolint:errcheck // any end of stdin means the parent is done
		errc <- nil
	}()
	err = <-errc
	// Finish the requests in flight before the deferred Close, so that no
	// query holds a lock when the parent drops the schema (DROP SCHEMA
	// against a running query can deadlock and fail).
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return cmp.Or(err, srv.Shutdown(ctx))
}

// child is a running child process as the parent sees it.
type child struct {
	cmd        *exec.Cmd
	stdin      io.Closer
	url, stats string // base URLs of the served handler and of /stats
}

// startChild runs this binary as a child of role on the store and waits
// for its addresses.
func startChild(role string, st store) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, childArg, role, st.kind, st.url, st.where, st.dir)
	cmd.Stderr = os.Stderr
	// A group of its own: Ctrl-C reaches the parent only, which then stops
	// the children (stop) before it drops the schema.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &child{cmd: cmd, stdin: stdin}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	addrs := strings.Fields(line)
	if err != nil || len(addrs) != 2 {
		c.stop()
		return nil, fmt.Errorf("%s child did not start (%q)", role, line)
	}
	c.url, c.stats = "http://"+addrs[0], "http://"+addrs[1]
	return c, nil
}

// stop closes the child's stdin, upon which it finishes its requests,
// closes its database and exits; it is killed if that takes too long.
func (c *child) stop() {
	c.stdin.Close()
	kill := time.AfterFunc(10*time.Second, func() { c.cmd.Process.Kill() }) //nolint:errcheck // it may be gone
	defer kill.Stop()
	c.cmd.Wait() //nolint:errcheck // a child stopped is all we want
}

// readStats asks the child for its counters.
func (c *child) readStats(ctx context.Context, client *http.Client) (stats, error) {
	var s stats
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.stats+"/stats", nil)
	if err != nil {
		return s, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return s, err
	}
	defer resp.Body.Close()
	return s, json.NewDecoder(resp.Body).Decode(&s)
}
