package compat

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/onegraph/server/apperr"
)

// Every failures key of every route table and envelope names a code,
// reason and entity the server has, so no table waits for an error that
// never comes.
func TestFailuresNameRealErrors(t *testing.T) {
	tables := []failures{mgrWording, shopWording, merchantWording, partnerWording}
	for _, rt := range allRoutes() {
		tables = append(tables, rt.fails)
	}
	for _, table := range tables {
		for k := range table {
			if !slices.Contains(apperr.Codes, k.code) ||
				(k.reason != "" && !slices.Contains(apperr.Reasons, k.reason)) ||
				(k.entity != "" && !slices.Contains(apperr.Entities, k.entity)) {
				t.Errorf("failures key %+v names no real error", k)
			}
		}
	}
	// The middleware answers these from the defaults.
	for _, env := range []envelope{mgr{}, shop{}, custommanage{}, partner{}} {
		for _, code := range []apperr.Code{apperr.Unauthenticated, apperr.Unavailable, apperr.Internal} {
			if _, ok := env.wording()[failKey{code: code}]; !ok {
				t.Errorf("%T has no default for %s", env, code)
			}
		}
	}
}

// A panic reads as the envelope's internal failure; the server's own
// abort goes on up.
func TestRecovererAnswersInTheEnvelope(t *testing.T) {
	for _, tc := range []struct {
		env    envelope
		status int
		body   string
	}{
		{mgr{}, http.StatusInternalServerError, `{"ret":1,"msg":"服务器内部错误"}`},
		{shop{}, http.StatusOK, `{"data":null,"meta":{"msg":"服务器内部错误","status":500}}`},
	} {
		r := chi.NewRouter()
		r.Use(recoverer(tc.env))
		r.Get("/boom", func(http.ResponseWriter, *http.Request) { panic("boom") })
		r.Get("/abort", func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })

		w := httptest.NewRecorder()
		r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/boom", nil))
		if w.Code != tc.status {
			t.Errorf("%T: status %d, want %d", tc.env, w.Code, tc.status)
		}
		var got, want any
		json.Unmarshal(w.Body.Bytes(), &got)   //nolint:errcheck // a bad body differs
		json.Unmarshal([]byte(tc.body), &want) //nolint:errcheck
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%T: body %s, want %s", tc.env, w.Body, tc.body)
		}

		func() {
			defer func() {
				if p := recover(); p != http.ErrAbortHandler {
					t.Errorf("%T: abort recovered as %v", tc.env, p)
				}
			}()
			r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/abort", nil))
		}()
	}
}
