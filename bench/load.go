package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const warmup = 500 * time.Millisecond

// seq numbers requests across the whole run, so create-order names are
// unique.
var seq atomic.Int64

// request is one case's HTTP request; body (nil: a GET) is built per
// request from its sequence number.
type request struct {
	url, auth string
	body      func(n int64) string
}

func (q request) do(ctx context.Context, client *http.Client) (int, []byte, error) {
	method, body := http.MethodGet, io.Reader(nil)
	if q.body != nil {
		method, body = http.MethodPost, strings.NewReader(q.body(seq.Add(1)))
	}
	req, err := http.NewRequestWithContext(ctx, method, q.url, body)
	if err != nil {
		return 0, nil, err
	}
	if q.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if q.auth != "" {
		req.Header.Set("Authorization", q.auth)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// point is the measure of one case at one concurrency.
type point struct {
	rps      float64
	p50, p99 time.Duration
	cpu      time.Duration // the serving child's CPU per request
	stmts    float64       // the serving child's statements per request
}

// measure runs c clients sending the case's request back to back: a
// warm-up, then d counted. A request counts when it completes inside the
// window, which is also when the child's counters are read, so rates and
// per-request costs cover the same span. Every answer is judged; the first
// bad one stops the run. profile, when set, receives the child's CPU
// profile of the window.
func measure(ctx context.Context, client *http.Client, bc benchCase, judge judgeFunc, c int, d time.Duration, profile string) (point, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	from := time.Now().Add(warmup)
	until := from.Add(d)
	lats := make([][]time.Duration, c)
	var wg sync.WaitGroup
	for i := range c {
		wg.Go(func() {
			for ctx.Err() == nil && time.Now().Before(until) {
				start := time.Now()
				status, body, err := bc.req.do(ctx, client)
				end := time.Now()
				if err == nil {
					err = judge(status, body)
				}
				if err != nil {
					cancel(fmt.Errorf("%s c=%d: %w", bc.name, c, err))
					return
				}
				if end.After(from) && end.Before(until) {
					lats[i] = append(lats[i], end.Sub(start))
				}
			}
		})
	}
	before, after, err := window(ctx, client, bc.on, from, until, profile)
	if err != nil {
		cancel(err)
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return point{}, err
	}
	all := slices.Concat(lats...)
	if len(all) == 0 {
		return point{}, fmt.Errorf("%s c=%d: no request completed in %s", bc.name, c, d)
	}
	slices.Sort(all)
	n := len(all)
	return point{rps: float64(n) / d.Seconds(), p50: all[n/2], p99: all[n*99/100],
		cpu:   time.Duration(after.CPUNanos-before.CPUNanos) / time.Duration(n),
		stmts: float64(after.Statements-before.Statements) / float64(n)}, nil
}

// window reads the child's counters at from and at until, and profiles
// its CPU in between when profile names a file.
func window(ctx context.Context, client *http.Client, c *child, from, until time.Time, profile string) (before, after stats, err error) {
	if err = sleepUntil(ctx, from); err != nil {
		return
	}
	if before, err = c.readStats(ctx, client); err != nil {
		return
	}
	var prof sync.WaitGroup
	defer prof.Wait()
	if profile != "" {
		prof.Go(func() { fetchProfile(ctx, client, c, until.Sub(from), profile) })
	}
	if err = sleepUntil(ctx, until); err != nil {
		return
	}
	after, err = c.readStats(ctx, client)
	return
}

func sleepUntil(ctx context.Context, t time.Time) error {
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-time.After(time.Until(t)):
		return nil
	}
}

// fetchProfile writes the child's CPU profile of the next d to file.
func fetchProfile(ctx context.Context, client *http.Client, c *child, d time.Duration, file string) {
	secs := int((d + time.Second - 1) / time.Second)
	status, body, err := request{url: fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", c.stats, secs)}.do(ctx, client)
	if err == nil && status != http.StatusOK {
		err = fmt.Errorf("status %d: %s", status, body)
	}
	if err == nil {
		err = os.WriteFile(file, body, 0o644)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "cpu profile %s: %v\n", file, err)
		return
	}
	fmt.Fprintf(os.Stderr, "wrote %s\n", file)
}
