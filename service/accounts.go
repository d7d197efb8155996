package service

import (
	"cmp"
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/observe"
)

// App is an application a login is for; each has its own admission rule.
type App string

const (
	AppPharma    App = "PHARMA"
	AppShop      App = "SHOP"
	AppMerchants App = "MERCHANTS"
	AppPartner   App = "PARTNER"
)

// admission is who may sign in to each app (after the password matched and
// the account is active).
var admission = map[App]func(*db.Account) error{
	AppPharma: func(a *db.Account) error {
		if a.Role != db.RoleAdmin {
			return apperr.New(apperr.Forbidden, apperr.ReasonWrongRole, "the pharma admin is for ADMIN accounts only")
		}
		return nil
	},
	AppMerchants: func(a *db.Account) error {
		if a.Role != db.RoleAdmin && a.Role != db.RoleEmployee {
			return apperr.New(apperr.Forbidden, apperr.ReasonWrongRole, "merchant management is for EMPLOYEE and ADMIN accounts only")
		}
		return nil
	},
	AppPartner: func(a *db.Account) error {
		if a.Role != db.RolePartner {
			return apperr.New(apperr.Forbidden, apperr.ReasonWrongRole, "the partner API is for PARTNER accounts only")
		}
		return nil
	},
	AppShop: func(a *db.Account) error {
		if !db.IsShopAccount(a) { // another back office's, whatever its shop role
			return apperr.New(apperr.Forbidden, apperr.ReasonWrongRole, "the shop back office is for STAFF and ADMIN accounts only")
		}
		if a.ShopRoleID == nil {
			return apperr.New(apperr.Forbidden, apperr.ReasonNoRole, "account %q has no shop role", a.Username)
		}
		return nil
	},
}

// Accounts signs accounts in and out and keeps their profiles. It is the
// auth middleware's Sessions.
type Accounts struct {
	tx       *db.Handle
	accounts *db.AccountStore
	tokens   *auth.Tokens
	ttl      time.Duration
	throttle *loginThrottle
	// credentials answers a partner sign-in checked a moment ago again
	// without bcrypt: the partner API signs in on every request.
	credentials *Credentials
}

// Login checks the password and the app's admission rule, then opens a
// session. A username or client address with too many recent failures is
// refused before its password is checked (loginThrottle.attempt).
func (s *Accounts) Login(ctx context.Context, username, password string, app App) (token string, expires time.Time, acc *db.Account, err error) {
	admit, known := admission[app]
	if !known {
		return "", time.Time{}, nil, apperr.Invalidf("unknown app %q", app)
	}
	defer func() { countLoginFailure(ctx, app, err) }()
	if app != AppPartner || !auth.RepeatedSignIn(ctx) {
		v, err := s.login(ctx, username, password, admit)
		return v.token, v.expires, &v.account, err
	}
	v, err := s.credentials.remembered(username, password, func(epoch uint64, now time.Time) (verified, error) {
		// Every caller of these credentials at this moment waits on this
		// check: the first one's going away must not fail the others.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sharedSignInTimeout)
		defer cancel()
		v, err := s.login(ctx, username, password, admit)
		if err == nil {
			s.credentials.put(username, password, epoch, v, now)
		}
		return v, err
	})
	return v.token, v.expires, &v.account, err
}

// countLoginFailure counts a sign-in refused to the caller (not one the
// database failed) by its reason, or its code when it has none (throttled).
func countLoginFailure(ctx context.Context, app App, err error) {
	e, ok := apperr.As(err)
	if !ok {
		return
	}
	switch e.Code {
	case apperr.Unauthenticated, apperr.Forbidden, apperr.TooManyAttempts:
		observe.CountLoginFailure(ctx, string(app), cmp.Or(string(e.Reason), string(e.Code)))
	}
}

// sharedSignInTimeout bounds a sign-in several partner requests wait on,
// which no one request's end may cancel: a check and a session's insert.
const sharedSignInTimeout = 10 * time.Second

// login checks the password and admission, then opens a session.
func (s *Accounts) login(ctx context.Context, username, password string, admit func(*db.Account) error) (verified, error) {
	done, err := s.throttle.attempt(ctx, username)
	if err != nil {
		return verified{}, err
	}
	acc, err := s.accounts.ByUsername(ctx, username)
	hash := ""
	switch {
	case err == nil:
		hash = acc.PasswordHash
	case !apperr.Is(err, apperr.NotFound):
		return verified{}, err
	}
	passwordOK := auth.CheckPassword(hash, password)
	if err := done(passwordOK); err != nil {
		return verified{}, err
	}
	if !passwordOK {
		return verified{}, apperr.New(apperr.Unauthenticated, apperr.ReasonBadCredentials, "wrong username or password")
	}
	if !acc.Active {
		return verified{}, apperr.New(apperr.Forbidden, apperr.ReasonInactive, "account %q is disabled", acc.Username)
	}
	if err := admit(acc); err != nil {
		return verified{}, err
	}
	return s.openSession(ctx, acc)
}

// OpenSession opens a session for acc and returns a signed token for it. It
// checks no admission rule: Login does that first; tests use it directly.
func (s *Accounts) OpenSession(ctx context.Context, acc *db.Account) (token string, expires time.Time, err error) {
	v, err := s.openSession(ctx, acc)
	return v.token, v.expires, err
}

func (s *Accounts) openSession(ctx context.Context, acc *db.Account) (verified, error) {
	sess, err := s.accounts.OpenSession(ctx, uuid.NewString(), acc.ID, s.ttl)
	if err != nil {
		return verified{}, err
	}
	token, err := s.tokens.Issue(sess.ID, acc.Username, sess.CreatedAt, sess.ExpiresAt)
	return verified{token: token, expires: sess.ExpiresAt, account: *acc, sessionID: sess.ID}, err
}

// Logout revokes the viewer's session.
func (s *Accounts) Logout(ctx context.Context, v *auth.Viewer) error {
	err := s.accounts.RevokeSession(ctx, v.SessionID)
	s.credentials.dropSession(v.SessionID)
	return err
}

// Viewer resolves a live session to its viewer (auth.Sessions).
func (s *Accounts) Viewer(ctx context.Context, sessionID string) (*auth.Viewer, error) {
	acc, err := s.accounts.LiveSessionAccount(ctx, sessionID)
	if apperr.Is(err, apperr.Unauthenticated) {
		s.credentials.dropSession(sessionID)
	}
	if err != nil {
		return nil, err
	}
	v := &auth.Viewer{AccountID: acc.ID, SessionID: sessionID, Username: acc.Username, Role: acc.Role}
	// The shop role of another back office's account (a row written before
	// the shop kept to its own accounts, say) grants nothing: its session
	// from another app must not reach the shop.
	if db.IsShopAccount(acc) {
		v.ShopRoleID = acc.ShopRoleID
	}
	return v, nil
}

// Me is the viewer's account.
func (s *Accounts) Me(ctx context.Context, v *auth.Viewer) (*db.Account, error) {
	return s.accounts.ByID(ctx, v.AccountID)
}

func (s *Accounts) UpdateProfile(ctx context.Context, v *auth.Viewer, p db.ProfilePatch) (*db.Account, error) {
	var acc *db.Account
	err := s.tx.Run(ctx, func(ctx context.Context) (err error) {
		acc, err = s.accounts.UpdateProfile(ctx, v.AccountID, p)
		return err
	})
	return acc, err
}

// AdminUsername is the built-in admin's: the account EnsureAdmin and
// SetAdmin make.
const AdminUsername = "admin"

// EnsureAdmin makes the built-in admin sign in with this password (SetAdmin)
// when no active account holds the ADMIN role, and tells whether it did.
// A store seeded before its first start thus still gets its admin.
func (s *Accounts) EnsureAdmin(ctx context.Context, password string) (bool, error) {
	made := false
	err := s.tx.Run(ctx, func(ctx context.Context) error {
		admins, err := s.accounts.AdminUsernames(ctx)
		if err != nil || len(admins) > 0 {
			return err
		}
		made = true
		return s.SetAdmin(ctx, password)
	})
	return made && err == nil, err
}

// SetAdmin makes the account admin an active ADMIN (super-admin of the
// shop) that signs in with this password, creating it when missing; its
// sessions end.
func (s *Accounts) SetAdmin(ctx context.Context, password string) error {
	hash, err := newPasswordHash(password)
	if err != nil {
		return err
	}
	return s.tx.Run(ctx, func(ctx context.Context) error {
		acc, err := s.accounts.ByUsername(ctx, AdminUsername)
		if apperr.Is(err, apperr.NotFound) {
			superAdmin := db.SuperAdminRoleID
			return s.accounts.Create(ctx, &db.Account{Username: AdminUsername, PasswordHash: hash, Role: db.RoleAdmin,
				Active: true, ShopRoleID: &superAdmin, Builtin: true})
		}
		if err != nil {
			return err
		}
		if err := s.accounts.MakeAdmin(ctx, acc.ID); err != nil {
			return err
		}
		return s.accounts.SetPassword(ctx, acc.ID, hash)
	})
}

// SetPassword gives an existing account a new password; its sessions end.
func (s *Accounts) SetPassword(ctx context.Context, username, password string) error {
	hash, err := newPasswordHash(password)
	if err != nil {
		return err
	}
	return s.tx.Run(ctx, func(ctx context.Context) error {
		acc, err := s.accounts.ByUsername(ctx, username)
		if err != nil {
			return err
		}
		return s.accounts.SetPassword(ctx, acc.ID, hash)
	})
}

// newPasswordHash hashes a password an operator sets; empty is refused.
func newPasswordHash(password string) (string, error) {
	if password == "" {
		return "", apperr.Invalidf("the password is empty").At("password")
	}
	return auth.HashPassword(password)
}
