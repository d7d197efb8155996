// Package auth signs accounts in and out: bcrypt password hashes, JWTs
// (jwtauth) that carry a session id, and sessions the database can revoke.
package auth

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/jwtauth/v5"
	"github.com/google/uuid"
	"golang.org/x/crypto/bcrypt"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
)

// SessionCookie is the cookie the pharma admin's signin sets (its legacy name).
const SessionCookie = "sessionid"

// App is an application a login is for; each has its own admission rule.
type App string

const (
	AppPharma App = "PHARMA"
	AppShop   App = "SHOP"
)

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

type failureKey struct{}

// Failure returns why the request's token could not be checked (the session store failed), or nil.
func Failure(ctx context.Context) error { err, _ := ctx.Value(failureKey{}).(error); return err }

// WithViewer puts a viewer into ctx.
func WithViewer(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// Service issues and checks tokens against the session table.
type Service struct {
	jwt   *jwtauth.JWTAuth
	store *db.Store
	ttl   time.Duration
	now   func() time.Time
}

func NewService(secret []byte, store *db.Store, ttl time.Duration) *Service {
	return &Service{
		jwt:   jwtauth.New("HS256", secret, nil),
		store: store,
		ttl:   ttl,
		now:   func() time.Time { return time.Now().UTC() },
	}
}

// HashPassword returns a bcrypt hash of password.
func HashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	return string(h), err
}

// dummyHash is compared against when the username is unknown, so a missing
// user and a wrong password take the same time.
var dummyHash, _ = HashPassword("not a password of anybody")

// Login checks the password and app's admission rule, then opens a session.
func (s *Service) Login(ctx context.Context, username, password string, app App) (token string, expires time.Time, acc *db.Account, err error) {
	acc, err = s.store.AccountByUsername(ctx, username)
	hash := dummyHash
	if err == nil {
		hash = acc.PasswordHash
	} else if _, notFound := apperr.As(err); !notFound {
		return "", time.Time{}, nil, err
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil || acc == nil {
		return "", time.Time{}, nil, apperr.New(apperr.Unauthenticated, apperr.ReasonBadCredentials, "wrong username or password")
	}
	if err := admit(app, acc); err != nil {
		return "", time.Time{}, nil, err
	}
	token, expires, err = s.OpenSession(ctx, acc)
	if err != nil {
		return "", time.Time{}, nil, err
	}
	return token, expires, acc, nil
}

// OpenSession opens a session for acc and returns a signed token for it. It
// checks no admission rule: Login does that first; tests use it directly.
func (s *Service) OpenSession(ctx context.Context, acc *db.Account) (token string, expires time.Time, err error) {
	now := s.now()
	sess := &db.Session{ID: uuid.NewString(), AccountID: acc.ID, CreatedAt: now, ExpiresAt: now.Add(s.ttl)}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return "", time.Time{}, err
	}
	_, token, err = s.jwt.Encode(map[string]any{
		"sid": sess.ID,
		"sub": acc.Username,
		"iat": now.Unix(),
		"exp": sess.ExpiresAt.Unix(),
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return token, sess.ExpiresAt, nil
}

func admit(app App, acc *db.Account) error {
	if !acc.Active {
		return apperr.New(apperr.Forbidden, apperr.ReasonInactive, "account %q is disabled", acc.Username)
	}
	switch app {
	case AppPharma:
		if acc.Role != db.RoleAdmin {
			return apperr.New(apperr.Forbidden, apperr.ReasonWrongRole, "the pharma admin is for ADMIN accounts only")
		}
		return nil
	case AppShop:
		if acc.ShopRoleID == nil {
			return apperr.New(apperr.Forbidden, apperr.ReasonNoRole, "account %q has no shop role", acc.Username)
		}
		return nil
	}
	return apperr.Invalidf("unknown app %q", app)
}

// Logout revokes the viewer's session.
func (s *Service) Logout(ctx context.Context, v *Viewer) error {
	return s.store.RevokeSession(ctx, v.SessionID, s.now())
}

// Middleware resolves the request's token (an `Authorization: Bearer`
// header or the sessionid cookie) to a viewer. A missing, bad, expired or
// revoked token leaves the request anonymous; operations decide whether
// that is enough.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if raw := tokenFromRequest(r); raw != "" {
			v, err := s.viewer(r.Context(), raw)
			if err != nil {
				if _, expected := apperr.As(err); !expected {
					http.Error(w, "session store unavailable", http.StatusServiceUnavailable)
					return
				}
			}
			if v != nil {
				r = r.WithContext(WithViewer(r.Context(), v))
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Service) viewer(ctx context.Context, raw string) (*Viewer, error) {
	tok, err := jwtauth.VerifyToken(s.jwt, raw)
	if err != nil {
		return nil, apperr.New(apperr.Unauthenticated, "", "bad token")
	}
	sid, _ := tok.PrivateClaims()["sid"].(string)
	sess, acc, err := s.store.LiveSession(ctx, sid, s.now())
	if err != nil {
		return nil, err
	}
	return &Viewer{AccountID: acc.ID, SessionID: sess.ID, Username: acc.Username, Role: acc.Role, ShopRoleID: acc.ShopRoleID}, nil
}

func tokenFromRequest(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(h), "Bearer"))
	}
	if c, err := r.Cookie(SessionCookie); err == nil {
		return c.Value
	}
	return ""
}
