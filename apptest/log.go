package apptest

import (
	"bytes"
	"encoding/json"
	"log"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onegraph/server/observe"
)

// Log is what a test server logged: the JSON lines of observe.NewLogger,
// as cmd/server writes them.
type Log struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// newLog is a server's logger, as cmd/server makes it, writing to a Log.
func newLog() (*Log, *slog.Logger) {
	l := &Log{}
	return l, observe.NewLogger(l)
}

// String is every line logged so far.
func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Request returns the lines logged with this request id, in order, once
// its request line (the last) is in: it is written after the answer, so it
// may come after the client has read it.
func (l *Log) Request(t testing.TB, requestID string) []map[string]any {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var lines []map[string]any
		for raw := range strings.SplitSeq(strings.TrimSpace(l.String()), "\n") {
			var line map[string]any
			if err := json.Unmarshal([]byte(raw), &line); err != nil {
				t.Fatalf("log line is not JSON: %v: %s", err, raw)
			}
			if line["request_id"] == requestID {
				lines = append(lines, line)
			}
		}
		if n := len(lines); n > 0 && lines[n-1]["msg"] == "request" {
			return lines
		}
		if time.Now().After(deadline) {
			t.Fatalf("no request line for request %q in the log:\n%s", requestID, l.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// LogDefault makes s's logger the process default until t ends, as
// cmd/server does (slog.SetDefault), so that what the code logs through
// slog's functions (a resolver's error, say) lands in s.Log. The default
// is the process's: a test that calls it must not run in parallel.
func (s *Server) LogDefault(t testing.TB) {
	prev, out, flags := slog.Default(), log.Writer(), log.Flags()
	slog.SetDefault(s.logger)
	t.Cleanup(func() {
		slog.SetDefault(prev)
		// SetDefault pointed the log package at s's logger; back as it was.
		log.SetOutput(out)
		log.SetFlags(flags)
	})
}
