// Command bench measures the server under load on a realistic data set.
//
//	go run ./bench [-store sqlite,postgres] [-postgres URL] [-scale 1,10]
//	               [-c 1,8,32] [-duration 4s] [-cases a,b] [-cpuprofile-case NAME]
//
// For each store and scale it seeds a scratch database (a SQLite file, or a
// Postgres schema dropped at the end), starts two children of this binary on
// it — the real app, and a hand-written reference handler for the orders page
// — logs in, and runs every case at every concurrency: c clients sending
// back to back for the duration after a short warm-up. Every answer is
// checked; the GraphQL orders page must equal the reference's byte for byte.
// It prints one table per store and scale: req/s, p50, p99, the serving
// child's CPU and SQL statements per request, the GraphQL/reference and
// legacy/GraphQL ratios, and the project's performance goals, judged.
//
// Scale multiplies the pharma orders only (5,000 of 3 lines each per unit);
// the rest is fixed: 500 customers, 300 medicines, 200 shop users in 8
// roles, 1,230 categories and 1,000 goods. -cpuprofile-case writes its
// profiles to the current directory (the repository root under run.sh).
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/onegraph/server/db"
)

type options struct {
	stores       []string
	postgres     string
	scales, conc []int
	duration     time.Duration
	cases        []string
	profileCase  string
	hostile      bool
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == childArg {
		if err := runChild(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "bench child:", err)
			os.Exit(1)
		}
		return
	}
	opts, err := parseFlags()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err = run(ctx, opts)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseFlags() (options, error) {
	stores := flag.String("store", "sqlite,postgres", "stores to measure: sqlite, postgres")
	pg := flag.String("postgres", cmp.Or(os.Getenv("BENCH_DATABASE_URL"), os.Getenv("TEST_DATABASE_URL"),
		"postgres://postgres@127.0.0.1:5432/test?sslmode=disable"), "Postgres URL (a scratch schema is made there)")
	scales := flag.String("scale", "1", "data set sizes: scale 1 is 5,000 pharma orders of 3 lines")
	conc := flag.String("c", "1,8,32", "concurrencies: clients sending back to back")
	duration := flag.Duration("duration", 4*time.Second, "measured time per case and concurrency")
	cases := flag.String("cases", strings.Join(caseNames, ","), "cases to run")
	profile := flag.String("cpuprofile-case", "", "write the serving child's CPU profile of each point of this case to CASE-STORE-sSCALE-cN.pprof")
	hostile := flag.Bool("hostile", true, "after the cases, send the worst anonymous documents of the hardening review")
	flag.Parse()
	o := options{stores: strings.Split(*stores, ","), postgres: *pg, duration: *duration,
		cases: strings.Split(*cases, ","), profileCase: *profile, hostile: *hostile}
	var err error
	if o.scales, err = positives(*scales); err != nil {
		return o, fmt.Errorf("-scale: %w", err)
	}
	if o.conc, err = positives(*conc); err != nil {
		return o, fmt.Errorf("-c: %w", err)
	}
	for _, s := range o.stores {
		if s != "sqlite" && s != "postgres" {
			return o, fmt.Errorf("-store: unknown store %q", s)
		}
	}
	for _, c := range o.cases {
		if !slices.Contains(caseNames, c) {
			return o, fmt.Errorf("-cases: unknown case %q (cases: %s)", c, strings.Join(caseNames, ","))
		}
	}
	if o.profileCase != "" && !slices.Contains(o.cases, o.profileCase) {
		return o, fmt.Errorf("-cpuprofile-case: %q is not among the cases run", o.profileCase)
	}
	if o.duration <= 0 {
		return o, fmt.Errorf("-duration must be positive")
	}
	return o, nil
}

func positives(list string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(list, ",") {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a positive integer", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func run(ctx context.Context, o options) error {
	// Keep-alive connections for every client of the largest concurrency.
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: slices.Max(o.conc) + 4}}
	for _, kind := range o.stores {
		for _, scale := range o.scales {
			if err := benchStore(ctx, client, o, kind, scale); err != nil {
				return fmt.Errorf("%s, scale %d: %w", kind, scale, err)
			}
		}
	}
	return nil
}

// benchStore seeds one scratch database, starts the children on it, runs
// the cases and prints the table. Deferred calls stop the children before
// the schema is dropped, on success, error or Ctrl-C alike.
func benchStore(ctx context.Context, client *http.Client, o options, kind string, scale int) error {
	dir, err := os.MkdirTemp("", "onegraph-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	url := ""
	if kind == "postgres" {
		url = o.postgres
	}
	bdb, drop, err := db.OpenScratch(url, dir)
	if err != nil {
		return err
	}
	defer drop()
	progress("%s, scale %d: seeding", kind, scale)
	start := time.Now()
	ds, err := seedAll(ctx, bdb, dir, scale)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	// The children reach the same database: the Postgres schema the
	// scratch connections use, or the SQLite file.
	where := "SELECT current_schema()"
	if kind == "sqlite" {
		where = "SELECT file FROM pragma_database_list WHERE name = 'main'"
	}
	st := store{kind: kind, url: url, dir: dir}
	if err := bdb.QueryRowContext(ctx, where).Scan(&st.where); err != nil {
		return err
	}
	progress("%s, scale %d: seeded %d orders, %d lines in %s", kind, scale, ds.orders, ds.lines, time.Since(start).Round(time.Millisecond))
	srv, err := startChild("server", st)
	if err != nil {
		return err
	}
	defer srv.stop()
	ref, err := startChild("reference", st)
	if err != nil {
		return err
	}
	defer ref.stop()
	// Only the partner case that measures the credential cache's absence
	// needs a server without it.
	uncached := srv
	if slices.Contains(o.cases, "partner-relations-uncached") {
		if uncached, err = startChild("server-uncached", st); err != nil {
			return err
		}
		defer uncached.stop()
	}
	admin, shop, err := login(ctx, client, srv)
	if err != nil {
		return err
	}
	res := results{}
	for _, bc := range newCases(srv, ref, uncached, admin, shop, ds) {
		if !slices.Contains(o.cases, bc.name) {
			continue
		}
		judge, err := bc.judge(ctx, client)
		if err != nil {
			return fmt.Errorf("%s: %w", bc.name, err)
		}
		res[bc.name] = map[int]point{}
		for _, c := range o.conc {
			progress("%s, scale %d: %s c=%d", kind, scale, bc.name, c)
			profile := ""
			if bc.name == o.profileCase {
				profile = fmt.Sprintf("%s-%s-s%d-c%d.pprof", bc.name, kind, scale, c)
			}
			p, err := measure(ctx, client, bc, judge, c, o.duration, profile)
			if err != nil {
				return err
			}
			res[bc.name][c] = p
		}
	}
	fmt.Printf("\n%s, scale %d (%d orders, %d lines), %s per point\n", kind, scale, ds.orders, ds.lines, o.duration)
	printTable(os.Stdout, res, o.conc)
	if o.hostile {
		return runHostile(ctx, client, srv)
	}
	return nil
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}
