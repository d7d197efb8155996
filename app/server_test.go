package app_test

import (
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/graph"
)

// The production server closes a connection that trickles its headers or
// its body, one byte at a time: a client cannot hold a connection (and the
// goroutine and buffers behind it) for longer than the read timeouts.
func TestServerClosesTricklingConnections(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	const readHeader, read = 300 * time.Millisecond, 600 * time.Millisecond
	srv := app.NewHTTPServer(app.HTTPLimits{ReadHeaderTimeout: readHeader, ReadTimeout: read}, s.App.Handler())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	t.Cleanup(func() { srv.Close() })

	for _, tc := range []struct {
		name    string
		head    string // sent at once
		trickle string // then one byte every 100 ms
		within  time.Duration
	}{
		{"slow headers", "POST /graphql HTTP/1.1\r\nHost: x\r\n", "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", readHeader},
		{"slow body", "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n",
			`{"query":"{ __typename }","variables":{"a":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}`, read},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// Before dialling: the server's clock starts when it accepts,
			// which may be before Dial returns.
			start := time.Now()
			conn, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			closed := make(chan struct{})
			go func() {
				io.Copy(io.Discard, conn) //nolint:errcheck // ends when the server closes or resets it
				close(closed)
			}()
			if _, err := io.WriteString(conn, tc.head); err != nil {
				t.Fatal(err)
			}
			tick := time.NewTicker(100 * time.Millisecond)
			defer tick.Stop()
			for i := 0; ; i++ {
				select {
				case <-closed:
					took := time.Since(start)
					if took < tc.within || took > tc.within+2*time.Second {
						t.Errorf("closed after %v, want just after %v", took, tc.within)
					}
					return
				case <-tick.C:
					if i >= len(tc.trickle) {
						t.Fatalf("still open after %v, trickling %d bytes", time.Since(start), i)
					}
					conn.Write([]byte{tc.trickle[i]}) //nolint:errcheck // the server may have closed
				}
			}
		})
	}
}

// The defaults leave a large upload over a slow link time to arrive, and
// the write timeout covers reading it, running the operation (its
// deadline) and writing the answer.
func TestDefaultHTTPLimits(t *testing.T) {
	l, srv := app.DefaultHTTPLimits, app.NewHTTPServer(app.HTTPLimits{}, http.NotFoundHandler())
	executionDeadline := graph.DefaultLimits.Deadline
	if l.WriteTimeout <= l.ReadTimeout+executionDeadline {
		t.Errorf("write timeout %v does not cover reading (%v) and running (%v) a request", l.WriteTimeout, l.ReadTimeout, executionDeadline)
	}
	if srv.ReadHeaderTimeout != l.ReadHeaderTimeout || srv.ReadTimeout != l.ReadTimeout ||
		srv.WriteTimeout != l.WriteTimeout || srv.IdleTimeout != l.IdleTimeout {
		t.Errorf("a zero HTTPLimits does not run with the defaults: %+v", srv)
	}
}
