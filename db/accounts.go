package db

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/apperr"
)

// Account roles; the GraphQL enum AccountRole mirrors them.
const (
	RoleAdmin = "ADMIN"
	RoleStaff = "STAFF"
)

// Account is the one login model behind every legacy system.
type Account struct {
	bun.BaseModel `bun:"table:accounts"`

	ID           int64     `bun:",pk,autoincrement"`
	Username     string    `bun:",notnull,unique"`
	PasswordHash string    `bun:",notnull"`
	Role         string    `bun:",notnull"`
	Active       bool      `bun:",notnull"`
	Nickname     *string   `bun:""`
	Birthdate    *string   `bun:""`
	Bio          *string   `bun:""`
	CreatedAt    time.Time `bun:",notnull"`
	Mobile       string    `bun:",notnull,default:''"`
	Email        string    `bun:",notnull,default:''"`
	ShopRoleID   *int64    `bun:""`                       // nil: no access to the shop back office
	Builtin      bool      `bun:",notnull,default:false"` // the admin made at first start
}

// Session is what a JWT points at: revoking it signs the token out.
type Session struct {
	bun.BaseModel `bun:"table:sessions"`

	ID        string     `bun:",pk"`
	AccountID int64      `bun:",notnull"`
	CreatedAt time.Time  `bun:",notnull"`
	ExpiresAt time.Time  `bun:",notnull"`
	RevokedAt *time.Time `bun:""`
}

// ProfilePatch holds the profile fields to change; nil keeps the value.
type ProfilePatch struct {
	Nickname, Birthdate, Bio *string
}

func (s *Store) AccountByUsername(ctx context.Context, username string) (*Account, error) {
	a := new(Account)
	err := s.db.NewSelect().Model(a).Where("username = ?", username).Scan(ctx)
	if isNoRows(err) {
		return nil, apperr.Missing("account", username)
	}
	return a, err
}

func (s *Store) AccountByID(ctx context.Context, id int64) (*Account, error) {
	a := new(Account)
	err := s.db.NewSelect().Model(a).Where("id = ?", id).Scan(ctx)
	if isNoRows(err) {
		return nil, apperr.Missing("account", id)
	}
	return a, err
}

func (s *Store) CreateAccount(ctx context.Context, a *Account) error {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = time.Now().UTC()
	}
	_, err := s.db.NewInsert().Model(a).Exec(ctx)
	if isUniqueViolation(err) {
		return apperr.New(apperr.Conflict, apperr.ReasonDuplicate, "username %q is taken", a.Username)
	}
	return err
}

// CountAccounts tells whether the accounts table is empty (for the first admin).
func (s *Store) CountAccounts(ctx context.Context) (int, error) {
	n, err := s.db.NewSelect().Model((*Account)(nil)).Count(ctx)
	return int(n), err
}

func (s *Store) UpdateProfile(ctx context.Context, accountID int64, p ProfilePatch) (*Account, error) {
	q := s.db.NewUpdate().Model((*Account)(nil)).Where("id = ?", accountID)
	changed := false
	for col, v := range map[string]*string{"nickname": p.Nickname, "birthdate": p.Birthdate, "bio": p.Bio} {
		if v != nil {
			q = q.Set("? = ?", bun.Ident(col), *v)
			changed = true
		}
	}
	if changed {
		if _, err := q.Exec(ctx); err != nil {
			return nil, err
		}
	}
	return s.AccountByID(ctx, accountID)
}

func (s *Store) CreateSession(ctx context.Context, sess *Session) error {
	_, err := s.db.NewInsert().Model(sess).Exec(ctx)
	return err
}

// LiveSession returns the session with its account when the session is
// neither revoked nor expired and the account is still active.
func (s *Store) LiveSession(ctx context.Context, id string, now time.Time) (*Session, *Account, error) {
	invalid := apperr.New(apperr.Unauthenticated, "", "session is not valid")
	sess := new(Session)
	err := s.db.NewSelect().Model(sess).
		Where("id = ?", id).
		Where("revoked_at IS NULL").
		Where("expires_at > ?", now).
		Scan(ctx)
	if isNoRows(err) {
		return nil, nil, invalid
	}
	if err != nil {
		return nil, nil, err
	}
	acc, err := s.AccountByID(ctx, sess.AccountID)
	if _, notFound := apperr.As(err); notFound || (err == nil && !acc.Active) {
		return nil, nil, invalid
	}
	return sess, acc, err
}

func (s *Store) RevokeSession(ctx context.Context, id string, now time.Time) error {
	_, err := s.db.NewUpdate().Model((*Session)(nil)).
		Set("revoked_at = ?", now).
		Where("id = ?", id).
		Where("revoked_at IS NULL").
		Exec(ctx)
	return err
}
