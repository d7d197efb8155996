package graph

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/onegraph/server/auth"
)

// brokenSessions is a session store that cannot be read.
type brokenSessions struct{}

func (brokenSessions) Viewer(context.Context, string) (*auth.Viewer, error) {
	return nil, errors.New("connection refused")
}

// What never reaches a resolver still answers as a GraphQL error with a
// code: a token the session store could not check, and a panic.
func TestFailuresBeforeTheResolversAnswerInGraphQL(t *testing.T) {
	tokens := auth.NewTokens([]byte("secret"))
	token, err := tokens.Issue("sid", "someone", time.Now(), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		next   http.HandlerFunc
		status int
		body   string
	}{
		{"session store down", func(http.ResponseWriter, *http.Request) { t.Error("served without a session check") },
			http.StatusServiceUnavailable,
			`{"errors":[{"message":"the database is unavailable, try again later","extensions":{"code":"UNAVAILABLE"}}]}`},
		{"panic", func(http.ResponseWriter, *http.Request) { panic("boom") },
			http.StatusInternalServerError,
			`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := answerInGraphQL(tc.next)
			if tc.name == "session store down" {
				h = auth.Middleware(tokens, brokenSessions{})(h)
			}
			req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != tc.status || w.Header().Get("Content-Type") != "application/json" {
				t.Errorf("status %d %q, want %d application/json", w.Code, w.Header().Get("Content-Type"), tc.status)
			}
			var got, want any
			json.Unmarshal(w.Body.Bytes(), &got)   //nolint:errcheck // a bad body differs
			json.Unmarshal([]byte(tc.body), &want) //nolint:errcheck
			if !reflect.DeepEqual(got, want) {
				t.Errorf("body %s, want %s", w.Body, tc.body)
			}
		})
	}
}
