package apptest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// WS is a graphql-transport-ws client connection to /graphql.
type WS struct {
	t    testing.TB
	conn *websocket.Conn
}

// wsWait bounds the wait for one message: a test that would hang fails.
const wsWait = 10 * time.Second

// DialWS opens a websocket to the server's /graphql speaking
// graphql-transport-ws, with these headers on the upgrade request (nil:
// none); it is closed when t ends.
func (s *Server) DialWS(t testing.TB, header http.Header) *WS {
	t.Helper()
	return DialWS(t, s.URL, header)
}

// DialWS opens a graphql-transport-ws websocket to base's /graphql.
func DialWS(t testing.TB, base string, header http.Header) *WS {
	t.Helper()
	conn, resp, err := dialWS(base, header)
	if err != nil {
		t.Fatalf("open websocket: %v (%s)", err, resp.Body)
	}
	t.Cleanup(func() { conn.CloseNow() }) //nolint:errcheck // the server may have closed it
	return &WS{t: t, conn: conn}
}

// RefusedWS tries to open a websocket that the server must refuse, and
// returns its answer to the upgrade request.
func (s *Server) RefusedWS(t testing.TB, header http.Header) Response {
	t.Helper()
	conn, resp, err := dialWS(s.URL, header)
	if err == nil {
		conn.CloseNow() //nolint:errcheck // refused or not, it goes
		t.Fatal("the websocket was opened")
	}
	return resp
}

func dialWS(base string, header http.Header) (*websocket.Conn, Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), wsWait)
	defer cancel()
	conn, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql",
		&websocket.DialOptions{HTTPHeader: header, Subprotocols: []string{"graphql-transport-ws"}})
	var r Response
	if resp != nil {
		r = Response{Status: resp.StatusCode, Header: resp.Header}
	}
	if resp != nil && resp.Body != nil {
		body, _ := io.ReadAll(resp.Body)
		r.Body = string(body)
	}
	return conn, r, err
}

// Send sends one message, any value as JSON.
func (w *WS) Send(msg any) {
	w.t.Helper()
	raw, err := json.Marshal(msg)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), wsWait)
		defer cancel()
		err = w.conn.Write(ctx, websocket.MessageText, raw)
	}
	if err != nil {
		w.t.Fatalf("websocket send: %v", err)
	}
}

// Init sends connection_init with this payload (nil: none) and expects
// connection_ack.
func (w *WS) Init(payload any) {
	w.t.Helper()
	w.Send(map[string]any{"type": "connection_init", "payload": payload})
	w.Expect(`{"type":"connection_ack"}`)
}

// Subscribe starts an operation under id.
func (w *WS) Subscribe(id, query string, vars map[string]any) {
	w.t.Helper()
	w.Send(map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": query, "variables": vars}})
}

// Next reads the next message.
func (w *WS) Next() string {
	w.t.Helper()
	msg, err := w.read()
	if err != nil {
		w.t.Fatalf("websocket read: %v", err)
	}
	return msg
}

// read reads the next message, answering the server's pings on the way.
func (w *WS) read() (string, error) {
	w.t.Helper()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), wsWait)
		_, raw, err := w.conn.Read(ctx)
		cancel()
		if err != nil || !strings.Contains(string(raw), `"type":"ping"`) {
			return string(raw), err
		}
		w.Send(map[string]string{"type": "pong"})
	}
}

// Expect fails t unless the next message is exactly this JSON.
func (w *WS) Expect(want string) {
	w.t.Helper()
	EqualJSON(w.t, w.Next(), want)
}

// NextMessage is a subscription's `next` message carrying data.
func NextMessage(id, data string) string {
	return fmt.Sprintf(`{"id":%q,"type":"next","payload":{"data":%s}}`, id, data)
}

// ExpectClose fails t unless the server closes the connection, next, with
// this code and reason.
func (w *WS) ExpectClose(code int, reason string) {
	w.t.Helper()
	msg, err := w.read()
	var closed websocket.CloseError
	if !errors.As(err, &closed) {
		w.t.Fatalf("want the connection closed with %d %q, got message %s (err %v)", code, reason, msg, err)
	}
	if int(closed.Code) != code || closed.Reason != reason {
		w.t.Errorf("closed with %d %q, want %d %q", closed.Code, closed.Reason, code, reason)
	}
}
