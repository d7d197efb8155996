// Package auth is the leaf of who is calling: the viewer and its context
// accessors, the legacy session cookie, password hashing, and the JWTs
// (jwtauth) that carry a session id. It knows no store: the middleware asks
// a Sessions implementation (the accounts service) whether a session is
// live, so the compat layer can read the viewer without reaching the
// database packages.
package auth

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/jwtauth/v5"
	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/crypto/bcrypt"

	"github.com/onegraph/server/apperr"
)

// SessionCookie is the cookie the pharma admin's signin sets (its legacy name).
const SessionCookie = "sessionid"

// Viewer is the signed-in account of a request.
type Viewer struct {
	AccountID  int64
	SessionID  string
	Username   string
	Role       string
	ShopRoleID *int64 // nil: no access to the shop back office
}

type viewerKey struct{}

// FromContext returns the request's viewer, or nil when nobody is signed in.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(viewerKey{}).(*Viewer)
	return v
}

// WithViewer puts a viewer into ctx.
func WithViewer(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

type failureKey struct{}

// Failure returns why the request's token could not be checked (the session
// store failed), or nil. Each surface answers it in its own format.
func Failure(ctx context.Context) error {
	err, _ := ctx.Value(failureKey{}).(error)
	return err
}

// MaxPasswordBytes is the longest password bcrypt takes.
const MaxPasswordBytes = 72

// HashPassword returns a bcrypt hash of password; a password bcrypt cannot
// take (longer than MaxPasswordBytes) is INVALID_INPUT.
func HashPassword(password string) (string, error) {
	if len(password) > MaxPasswordBytes {
		return "", apperr.Invalidf("a password is at most %d bytes", MaxPasswordBytes).At("password")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	return string(h), err
}

// dummyHash is compared against when there is no account, so a missing user
// and a wrong password take the same time.
var dummyHash, _ = HashPassword("not a password of anybody")

// CheckPassword tells whether password matches hash. A hash that is not
// bcrypt's (empty: no such account; "-": an account without a password)
// never matches but costs the same time as a real comparison.
func CheckPassword(hash, password string) bool {
	if _, err := bcrypt.Cost([]byte(hash)); err != nil {
		bcrypt.CompareHashAndPassword([]byte(dummyHash), []byte(password)) //nolint:errcheck // timing only
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// Tokens signs and verifies the JWTs that carry a session id.
type Tokens struct {
	jwt *jwtauth.JWTAuth
	// verified remembers tokens whose signature checked out, so a client's
	// next requests skip parsing and verifying the same bytes again (a
	// tenth of a small request's CPU). Only the signature is remembered:
	// expiry is checked on every use, and the session behind the token on
	// every request (revocation does not wait for this cache).
	verified *lru.Cache[string, verifiedToken]
}

type verifiedToken struct {
	sessionID string
	expires   time.Time
}

// verifiedTokens bounds the cache: a few thousand clients' tokens.
const verifiedTokens = 4096

func NewTokens(secret []byte) *Tokens {
	verified, _ := lru.New[string, verifiedToken](verifiedTokens) // only a size <= 0 fails
	return &Tokens{jwt: jwtauth.New("HS256", secret, nil), verified: verified}
}

// Issue signs a token for a session of subject that ends at expires.
func (t *Tokens) Issue(sessionID, subject string, issued, expires time.Time) (string, error) {
	_, token, err := t.jwt.Encode(map[string]any{
		"sid": sessionID,
		"sub": subject,
		"iat": issued.Unix(),
		"exp": expires.Unix(),
	})
	return token, err
}

// SessionID verifies a token (signature, expiry) and returns its session id.
func (t *Tokens) SessionID(raw string) (string, error) {
	sid, _, err := t.Session(raw)
	return sid, err
}

// Session verifies a token (signature, expiry) and returns its session id
// and when it expires, which is when its session does.
func (t *Tokens) Session(raw string) (id string, expires time.Time, err error) {
	if v, ok := t.verified.Get(raw); ok && time.Now().Before(v.expires) {
		return v.sessionID, v.expires, nil
	}
	tok, err := jwtauth.VerifyToken(t.jwt, raw)
	if err != nil || len(tok.Audience()) > 0 { // a download token is no session token
		return "", time.Time{}, apperr.New(apperr.Unauthenticated, "", "bad token")
	}
	sid, _ := tok.PrivateClaims()["sid"].(string)
	t.verified.Add(raw, verifiedToken{sid, tok.Expiration()})
	return sid, tok.Expiration(), nil
}

// Sessions resolves a live session to its viewer. It answers UNAUTHENTICATED
// for a session that is unknown, revoked or expired, or whose account is
// disabled; any other error means the store could not say.
type Sessions interface {
	Viewer(ctx context.Context, sessionID string) (*Viewer, error)
}

// Middleware resolves the request's token (an `Authorization: Bearer`
// header or the sessionid cookie) to a viewer. A missing, bad, expired or
// revoked token leaves the request anonymous; operations decide whether
// that is enough. When the store cannot say, the failure goes into the
// context (Failure) for the surface to answer in its own format.
func Middleware(tokens *Tokens, sessions Sessions) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sid, payload, err := sessionOf(tokens, r)
			if sid != "" || err != nil {
				ctx := r.Context()
				var v *Viewer
				if err == nil {
					v, err = sessions.Viewer(ctx, sid)
				}
				switch {
				case err == nil:
					ctx = WithViewer(ctx, v)
					if payload != nil {
						ctx = context.WithValue(ctx, downloadKey{}, payload)
					}
				case !apperr.Is(err, apperr.Unauthenticated):
					// Logged here, once, whichever surface answers it.
					slog.ErrorContext(ctx, "session check failed", "err", err)
					ctx = context.WithValue(ctx, failureKey{}, err)
				}
				r = r.WithContext(ctx)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// ByCookie tells whether the request's token is the session cookie, which
// a browser attaches on its own, rather than an Authorization header.
func ByCookie(r *http.Request) bool {
	return r.Header.Get("Authorization") == "" && tokenFromRequest(r) != ""
}

// tokenFromRequest reads the Authorization header, or when there is none
// the sessionid cookie.
func tokenFromRequest(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		return BearerToken(h)
	}
	if c, err := r.Cookie(SessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// BearerToken reads the token of an Authorization header value: "Bearer
// <token>" with the scheme in any case (RFC 7235 makes schemes
// case-insensitive; the original shop server took "bearer <token>") and any
// spaces around the token, or a bare token with no scheme, which clients
// that keep the token alone send. Another scheme ("Basic xyz") or "Bearer"
// alone holds no token.
func BearerToken(h string) string {
	scheme, token, found := strings.Cut(strings.TrimSpace(h), " ")
	switch {
	case strings.EqualFold(scheme, "Bearer"):
		return strings.TrimSpace(token)
	case found:
		return ""
	}
	return scheme
}

// ViewerOf resolves a session token (what a request's Authorization header
// carries) to its viewer, as Middleware does, for a surface that receives
// the token otherwise (a websocket's connection_init, a partner request's
// credentials): UNAUTHENTICATED for a bad, expired or revoked one; any other
// error means the session store could not say.
func ViewerOf(ctx context.Context, tokens *Tokens, sessions Sessions, raw string) (*Viewer, error) {
	sid, err := tokens.SessionID(raw)
	if err != nil {
		return nil, err
	}
	return sessions.Viewer(ctx, sid)
}

type repeatedSignInKey struct{}

// WithRepeatedSignIn marks ctx as a sign-in its surface repeats on every
// request (the partner API, whose every body carries the credentials): the
// accounts service may answer it from a short-lived cache of checked
// passwords, sharing one session, rather than run bcrypt each time. Any
// other sign-in opens a session of its own.
func WithRepeatedSignIn(ctx context.Context) context.Context {
	return context.WithValue(ctx, repeatedSignInKey{}, true)
}

// RepeatedSignIn tells whether ctx is marked by WithRepeatedSignIn.
func RepeatedSignIn(ctx context.Context) bool {
	marked, _ := ctx.Value(repeatedSignInKey{}).(bool)
	return marked
}
