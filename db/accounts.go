package db

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/apperr"
)

// Account roles; the GraphQL enum AccountRole mirrors them.
const (
	RoleAdmin    = "ADMIN"
	RoleStaff    = "STAFF"
	RoleEmployee = "EMPLOYEE" // merchant management
	RoleMerchant = "MERCHANT" // a merchant's own account
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

	ShopRole *ShopRole `bun:"rel:belongs-to,join:shop_role_id=id"` // an edge, see ShopUserStore.LoadAccountRoles
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

// AccountStore keeps accounts and their sessions.
type AccountStore struct{ h *Handle }

func (s *AccountStore) ByUsername(ctx context.Context, username string) (*Account, error) {
	return oneWhere[Account](ctx, s.h.idb(ctx), "username", username, apperr.EntityAccount)
}

func (s *AccountStore) ByID(ctx context.Context, id int64) (*Account, error) {
	return byID[Account](ctx, s.h.idb(ctx), id, apperr.EntityAccount)
}

// Create adds an account, stamped now unless CreatedAt is set.
func (s *AccountStore) Create(ctx context.Context, a *Account) error {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = s.h.Now()
	}
	_, err := s.h.idb(ctx).NewInsert().Model(a).Exec(ctx)
	return duplicate(err, "username %q is taken", a.Username)
}

// AnyTaken tells whether an account has one of these ids or usernames.
func (s *AccountStore) AnyTaken(ctx context.Context, ids []int64, usernames []string) (bool, error) {
	return s.h.idb(ctx).NewSelect().Model((*Account)(nil)).
		Where("id IN (?) OR username IN (?)", bun.In(append(ids, 0)), bun.In(append(usernames, ""))).Exists(ctx)
}

// Count tells how many accounts there are.
func (s *AccountStore) Count(ctx context.Context) (int, error) {
	n, err := s.h.idb(ctx).NewSelect().Model((*Account)(nil)).Count(ctx)
	return int(n), err
}

// AdminUsernames are the usernames of the active ADMIN accounts (none: the
// server makes one).
func (s *AccountStore) AdminUsernames(ctx context.Context) ([]string, error) {
	var names []string
	err := s.h.idb(ctx).NewSelect().Model((*Account)(nil)).Column("username").
		Where("role = ?", RoleAdmin).Where("active").Order("username").Scan(ctx, &names)
	return names, err
}

// SetPassword replaces the account's password hash and revokes its live
// sessions: whoever knew the old password is signed out.
func (s *AccountStore) SetPassword(ctx context.Context, accountID int64, hash string) error {
	if _, err := s.h.idb(ctx).NewUpdate().Model((*Account)(nil)).Set("password_hash = ?", hash).
		Where("id = ?", accountID).Exec(ctx); err != nil {
		return err
	}
	_, err := s.h.idb(ctx).NewUpdate().Model((*Session)(nil)).Set("revoked_at = ?", s.h.Now()).
		Where("account_id = ?", accountID).Where("revoked_at IS NULL").Exec(ctx)
	return err
}

// MakeAdmin turns the account into the built-in admin: an active ADMIN,
// super-admin of the shop, that cannot be deleted nor lose that role.
func (s *AccountStore) MakeAdmin(ctx context.Context, accountID int64) error {
	superAdmin := SuperAdminRoleID
	_, err := s.h.idb(ctx).NewUpdate().Model((*Account)(nil)).
		Set("role = ?", RoleAdmin).Set("active = ?", true).Set("shop_role_id = ?", superAdmin).Set("builtin = ?", true).
		Where("id = ?", accountID).Exec(ctx)
	return err
}

// UpdateProfile sets the profile fields the patch gives.
func (s *AccountStore) UpdateProfile(ctx context.Context, accountID int64, p ProfilePatch) (*Account, error) {
	q := s.h.idb(ctx).NewUpdate().Model((*Account)(nil)).Where("id = ?", accountID)
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
	return s.ByID(ctx, accountID)
}

// OpenSession stores a new session of the account that lasts ttl.
func (s *AccountStore) OpenSession(ctx context.Context, id string, accountID int64, ttl time.Duration) (*Session, error) {
	now := s.h.Now()
	sess := &Session{ID: id, AccountID: accountID, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	_, err := s.h.idb(ctx).NewInsert().Model(sess).Exec(ctx)
	return sess, err
}

// LiveSessionAccount returns the active account of a session that is
// neither revoked nor expired, in one statement (it runs on every request).
func (s *AccountStore) LiveSessionAccount(ctx context.Context, sessionID string) (*Account, error) {
	acc := new(Account)
	err := s.h.idb(ctx).NewSelect().Model(acc).
		Join("JOIN sessions AS session ON session.account_id = ?TableAlias.id").
		Where("session.id = ?", sessionID).
		Where("session.revoked_at IS NULL").
		Where("session.expires_at > ?", s.h.Now()).
		Where("?TableAlias.active").
		Scan(ctx)
	if isNoRows(err) {
		return nil, apperr.New(apperr.Unauthenticated, "", "session is not valid")
	}
	return acc, err
}

// RevokeSession ends a session now.
func (s *AccountStore) RevokeSession(ctx context.Context, id string) error {
	_, err := s.h.idb(ctx).NewUpdate().Model((*Session)(nil)).
		Set("revoked_at = ?", s.h.Now()).
		Where("id = ?", id).
		Where("revoked_at IS NULL").
		Exec(ctx)
	return err
}

// PurgeSessions deletes the sessions that can no longer sign anyone in,
// expired or revoked, batch at a time: each batch is one short statement,
// so a large backlog never holds the table's locks long. It returns how
// many it deleted, and stops between batches when ctx ends.
func (s *AccountStore) PurgeSessions(ctx context.Context, batch int64) (int64, error) {
	var total int64
	for ctx.Err() == nil {
		dead := s.h.idb(ctx).NewSelect().Model((*Session)(nil)).Column("id").
			Where("expires_at <= ? OR revoked_at IS NOT NULL", s.h.Now()).
			Limit(batch)
		res, err := s.h.idb(ctx).NewDelete().Model((*Session)(nil)).Where("id IN (?)", dead).Exec(ctx)
		if err != nil {
			return total, err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, err
		}
		total += n
		if n < batch {
			return total, nil
		}
	}
	return total, ctx.Err()
}
