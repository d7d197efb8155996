package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
)

// answeredSessions answers each session check with the next error the
// test hands it (nil: the session is live).
type answeredSessions chan error

func (s answeredSessions) Viewer(context.Context, string) (*auth.Viewer, error) {
	if err := <-s; err != nil {
		return nil, err
	}
	return &auth.Viewer{SessionID: "s"}, nil
}

// closeRecorder is a websocket that records how it was closed.
type closeRecorder struct {
	transport.WebsocketConn
	closes []string
}

func (c *closeRecorder) WriteClose(code int, reason string) error {
	c.closes = append(c.closes, fmt.Sprint(code, " ", reason))
	return nil
}

// watchedConnection is a signed-in connection whose watch runs on ticks
// and expiry the test sends; done closes when watch returns.
func watchedConnection(t *testing.T) (answers answeredSessions, ws *closeRecorder, ticks, expired chan time.Time, done chan struct{}) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	answers, ws = make(answeredSessions), &closeRecorder{}
	c := &connection{sessions: answers, sessionID: "s", cancel: cancel, ws: ws}
	ticks, expired, done = make(chan time.Time), make(chan time.Time), make(chan struct{})
	go func() {
		defer close(done)
		c.watch(ctx, ticks, expired)
	}()
	return answers, ws, ticks, expired, done
}

// Between events, an open connection's session is checked again at each
// tick: a store that cannot answer keeps it open; a session that has ended
// closes it with 4403.
func TestWatchChecksTheSessionAtEachTick(t *testing.T) {
	answers, ws, ticks, _, done := watchedConnection(t)
	for _, answer := range []error{nil, errors.New("connection refused")} {
		ticks <- time.Now()
		answers <- answer
	}
	ticks <- time.Now() // taken once the last check has returned
	if len(ws.closes) != 0 {
		t.Fatalf("closed %v while the session was live or unknown", ws.closes)
	}
	answers <- apperr.New(apperr.Unauthenticated, "", "session is not valid")
	<-done
	if want := []string{"4403 Forbidden: session ended"}; !slices.Equal(ws.closes, want) {
		t.Errorf("closes %v, want %v", ws.closes, want)
	}
}

// A connection ends when its session expires, whether checked or not.
func TestWatchEndsAtExpiry(t *testing.T) {
	_, ws, _, expired, done := watchedConnection(t)
	expired <- time.Now()
	<-done
	if want := []string{"4403 Forbidden: session ended"}; !slices.Equal(ws.closes, want) {
		t.Errorf("closes %v, want %v", ws.closes, want)
	}
}
