package auth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/onegraph/server/apperr"
)

func issue(t *testing.T, tokens *Tokens, sid string, expires time.Time) string {
	t.Helper()
	raw, err := tokens.Issue(sid, "ann", time.Now().Add(-time.Minute), expires)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestTokensCarryTheSessionID(t *testing.T) {
	tokens := NewTokens([]byte("secret"))
	sid, err := tokens.SessionID(issue(t, tokens, "s1", time.Now().Add(time.Hour)))
	if err != nil || sid != "s1" {
		t.Fatalf("session id %q, %v; want s1", sid, err)
	}
}

func TestTokensRefuseForgedExpiredAndForeignTokens(t *testing.T) {
	tokens := NewTokens([]byte("secret"))
	good := issue(t, tokens, "s1", time.Now().Add(time.Hour))
	if _, err := tokens.SessionID(good); err != nil { // remembered from here on
		t.Fatal(err)
	}
	// Flip a character in the middle of the signature (the last one may
	// carry only padding bits).
	dot := strings.LastIndex(good, ".")
	sig := []byte(good[dot+1:])
	sig[len(sig)/2] ^= 1
	for what, raw := range map[string]string{
		"bad signature":  good[:dot+1] + string(sig),
		"expired":        issue(t, tokens, "s1", time.Now().Add(-time.Hour)),
		"another secret": issue(t, NewTokens([]byte("other")), "s1", time.Now().Add(time.Hour)),
		"not a token":    "garbage",
	} {
		if sid, err := tokens.SessionID(raw); !apperr.Is(err, apperr.Unauthenticated) || sid != "" {
			t.Errorf("%s: session id %q, %v; want UNAUTHENTICATED", what, sid, err)
		}
	}
}

// A token verified once is remembered, but only until it expires; and the
// forged ones above are refused after the good one was remembered.
func TestVerifiedTokensAreRememberedUntilTheyExpire(t *testing.T) {
	tokens := NewTokens([]byte("secret"))
	// JWT expiry has whole seconds: this one ends within two.
	expires := time.Now().Add(time.Second).Truncate(time.Second).Add(time.Second)
	raw := issue(t, tokens, "s1", expires)
	for range 2 {
		if sid, err := tokens.SessionID(raw); err != nil || sid != "s1" {
			t.Fatalf("session id %q, %v; want s1", sid, err)
		}
	}
	if tokens.verified.Len() != 1 {
		t.Fatalf("%d tokens remembered, want 1", tokens.verified.Len())
	}
	time.Sleep(time.Until(expires))
	if sid, err := tokens.SessionID(raw); !apperr.Is(err, apperr.Unauthenticated) {
		t.Errorf("expired remembered token: session id %q, %v; want UNAUTHENTICATED", sid, err)
	}
}

func TestCheckPassword(t *testing.T) {
	hash, err := HashPassword("right")
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(hash, "right") || CheckPassword(hash, "wrong") || CheckPassword(hash, "") {
		t.Error("a hash matches the wrong password or not its own")
	}
	// No account: the empty hash matches nothing, not even the empty password.
	if CheckPassword("", "") || CheckPassword("", "not a password of anybody") || CheckPassword("-", "-") || CheckPassword("-", "") {
		t.Error("the empty hash matched")
	}
}

// fakeSessions answers each session id with a viewer or an error.
type fakeSessions struct {
	viewers map[string]*Viewer
	errs    map[string]error
	asked   []string
}

func (f *fakeSessions) Viewer(_ context.Context, sid string) (*Viewer, error) {
	f.asked = append(f.asked, sid)
	if v, ok := f.viewers[sid]; ok {
		return v, nil
	}
	return nil, f.errs[sid]
}

func TestMiddleware(t *testing.T) {
	tokens := NewTokens([]byte("secret"))
	ann := &Viewer{AccountID: 7, SessionID: "live", Username: "ann"}
	storeDown := errors.New("connection refused")
	sessions := &fakeSessions{
		viewers: map[string]*Viewer{"live": ann},
		errs: map[string]error{
			"revoked": apperr.New(apperr.Unauthenticated, "", "session is not valid"),
			"down":    storeDown,
		},
	}
	token := func(sid string) string { return issue(t, tokens, sid, time.Now().Add(time.Hour)) }
	bearer := func(raw string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+raw) }
	}
	cookie := func(raw string) func(*http.Request) {
		return func(r *http.Request) { r.AddCookie(&http.Cookie{Name: SessionCookie, Value: raw}) }
	}
	for _, c := range []struct {
		name        string
		set         func(*http.Request)
		wantViewer  *Viewer
		wantFailure error
		wantAsked   string
	}{
		{"no token", func(*http.Request) {}, nil, nil, ""},
		{"bearer", bearer(token("live")), ann, nil, "live"},
		{"scheme in lower case", func(r *http.Request) { r.Header.Set("Authorization", "bearer "+token("live")) }, ann, nil, "live"},
		// The header, when there is one, is what counts.
		{"another scheme beside the cookie", func(r *http.Request) {
			r.Header.Set("Authorization", "Basic YWRtaW46MTIzNDU2")
			cookie(token("live"))(r)
		}, nil, nil, ""},
		{"cookie", cookie(token("live")), ann, nil, "live"},
		{"bad token", bearer("garbage"), nil, nil, ""},
		{"revoked session", bearer(token("revoked")), nil, nil, "revoked"},
		{"store down", cookie(token("down")), nil, storeDown, "down"},
	} {
		sessions.asked = nil
		var gotViewer *Viewer
		var gotFailure error
		h := Middleware(tokens, sessions)(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			gotViewer, gotFailure = FromContext(r.Context()), Failure(r.Context())
		}))
		req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
		c.set(req)
		h.ServeHTTP(httptest.NewRecorder(), req)
		if gotViewer != c.wantViewer || gotFailure != c.wantFailure {
			t.Errorf("%s: viewer %+v, failure %v; want %+v, %v", c.name, gotViewer, gotFailure, c.wantViewer, c.wantFailure)
		}
		if asked := strings.Join(sessions.asked, ","); asked != c.wantAsked {
			t.Errorf("%s: sessions asked for %q, want %q", c.name, asked, c.wantAsked)
		}
	}
}

// The Authorization scheme is case-insensitive (RFC 7235).
func TestBearerToken(t *testing.T) {
	for h, want := range map[string]string{
		"Bearer abc":     "abc",
		"bearer abc":     "abc",
		"BEARER abc":     "abc",
		"bEaReR abc":     "abc",
		"  Bearer  abc ": "abc",
		"abc":            "abc", // a bare token, as clients that keep it alone send
		"Bearer":         "",
		"bearer   ":      "",
		"Basic xyz":      "", // another scheme holds no token of ours
		"Token abc":      "",
		// Not "Bearer <token>": read as they are, and refused when verified.
		"Bearerabc":  "Bearerabc",
		"Bearer a b": "a b",
	} {
		if got := BearerToken(h); got != want {
			t.Errorf("BearerToken(%q) = %q, want %q", h, got, want)
		}
	}
}

// A download token lets in a request for its own path only, carrying its
// payload; it is no session token, and a session token is no download token.
func TestDownloadTokens(t *testing.T) {
	tokens := NewTokens([]byte("secret"))
	ann := &Viewer{AccountID: 7, SessionID: "live", Username: "ann"}
	sessions := &fakeSessions{viewers: map[string]*Viewer{"live": ann},
		errs: map[string]error{"revoked": apperr.New(apperr.Unauthenticated, "", "session is not valid")}}
	now := time.Now()
	download := func(sid, path string, expires time.Time) string {
		raw, err := tokens.IssueDownload(sid, path, json.RawMessage(`{"cityCode":"440300"}`), now, expires)
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	good := download("live", "/export", now.Add(time.Minute))
	for _, c := range []struct {
		name        string
		target      string
		bearer      string
		wantViewer  *Viewer
		wantPayload string
	}{
		{"download token", "/export?" + DownloadParam + "=" + good, "", ann, `{"cityCode":"440300"}`},
		{"another path", "/other?" + DownloadParam + "=" + good, "", nil, ""},
		{"expired", "/export?" + DownloadParam + "=" + download("live", "/export", now.Add(-time.Minute)), "", nil, ""},
		{"session ended", "/export?" + DownloadParam + "=" + download("revoked", "/export", now.Add(time.Minute)), "", nil, ""},
		{"as a bearer token", "/export", good, nil, ""},
		{"a session token as a download token", "/export?" + DownloadParam + "=" + issue(t, tokens, "live", now.Add(time.Hour)), "", nil, ""},
	} {
		var gotViewer *Viewer
		var gotPayload json.RawMessage
		h := Middleware(tokens, sessions)(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			gotViewer = FromContext(r.Context())
			gotPayload, _ = DownloadPayload(r.Context())
		}))
		req := httptest.NewRequest(http.MethodGet, c.target, nil)
		if c.bearer != "" {
			req.Header.Set("Authorization", "Bearer "+c.bearer)
		}
		h.ServeHTTP(httptest.NewRecorder(), req)
		if gotViewer != c.wantViewer || string(gotPayload) != c.wantPayload {
			t.Errorf("%s: viewer %+v, payload %s; want %+v, %s", c.name, gotViewer, gotPayload, c.wantViewer, c.wantPayload)
		}
	}
}
