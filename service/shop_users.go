package service

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
)

// ShopUsers is the shop back office's users, roles and rights.
type ShopUsers struct {
	tx       *db.Handle
	store    *db.ShopUserStore
	accounts *db.AccountStore
	// Roles are the roles; UpdateRole and DeleteRole change them under the
	// rule of who may act on whom.
	Roles Named[db.ShopRole]
}

func newShopUsers(tx *db.Handle, store *db.ShopUserStore, accounts *db.AccountStore) *ShopUsers {
	return &ShopUsers{tx: tx, store: store, accounts: accounts,
		Roles: Named[db.ShopRole]{tx: tx, table: store.Roles, inUse: store.RoleHeld, usedBy: "held by an account"}}
}

// Caller is who asks for a change of accounts, roles or rights: its
// account, its shop role and the rights that role holds (the resolvers read
// them once per request).
type Caller struct {
	AccountID int64
	RoleID    *int64
	Held      []*db.ShopRight
}

func (c Caller) super() bool { return c.RoleID != nil && *c.RoleID == db.SuperAdminRoleID }

// lacks returns the first of these rights the caller does not hold.
func (c Caller) lacks(rights []int64) (int64, bool) {
	mine := make(map[int64]bool, len(c.Held))
	for _, r := range c.Held {
		mine[r.ID] = true
	}
	for _, id := range rights {
		if !mine[id] {
			return id, true
		}
	}
	return 0, false
}

// MayHandOut keeps role managers from raising anybody's power above their
// own: a caller other than the super-admin may only hand out rights it
// holds. Otherwise a holder of right 134 (grant) or 137 (assign) could give
// itself or an account it controls every right.
func (c Caller) MayHandOut(rights []int64) error {
	if c.RoleID == nil {
		return apperr.New(apperr.Forbidden, apperr.ReasonMissingRight, "no shop role")
	}
	if c.super() {
		return nil // holds every right; the ids are checked where they are used
	}
	if id, lacks := c.lacks(rights); lacks {
		return apperr.New(apperr.Forbidden, apperr.ReasonMissingRight, "you cannot hand out right %d, which you do not hold", id)
	}
	return nil
}

// Outranks is the rule for acting on an account or a role (what names it):
// the caller's role must hold every right of the target's role (rights;
// roleID nil: no shop role, no rights). Otherwise a holder of the
// user-management rights could disable, demote or delete those above it.
// The super-admin role outranks all and only it outranks itself: it holds
// every right, also those a later migration adds, which no grant matches.
func (c Caller) Outranks(roleID *int64, rights []int64, what string) error {
	switch {
	case c.RoleID == nil:
		return apperr.New(apperr.Forbidden, apperr.ReasonMissingRight, "no shop role")
	case c.super():
		return nil
	case roleID != nil && *roleID == db.SuperAdminRoleID:
		return apperr.New(apperr.Forbidden, apperr.ReasonOutranked, "only a super-admin may change %s", what)
	}
	if id, lacks := c.lacks(rights); lacks {
		return apperr.New(apperr.Forbidden, apperr.ReasonOutranked, "%s holds right %d, which you do not", what, id)
	}
	return nil
}

// move is something done to an account. Every move is under Outranks;
// these say where the rule bends for oneself and for the built-in admin.
type move struct {
	what      string // as a refusal says it: "disabled"
	onSelf    bool   // an account may do it to itself
	onBuiltin bool   // the built-in admin undergoes it (from a super-admin)
}

var (
	moveUpdate = move{what: "changed", onSelf: true, onBuiltin: true}
	moveEnable = move{what: "enabled", onSelf: true, onBuiltin: true}
	// The built-in admin stays enabled, a super-admin and present, so that
	// one administrator can always sign in; nobody locks themselves out.
	moveDisable = move{what: "disabled"}
	moveSetRole = move{what: "given another role", onSelf: true} // to a role it may hand out
	moveDelete  = move{what: "deleted"}
)

// target reads account id, within the caller's transaction, for the caller
// to do m to it, refusing what the rule forbids.
func (s *ShopUsers) target(ctx context.Context, c Caller, m move, id int64) (*db.Account, error) {
	a, err := s.store.User(ctx, id)
	switch {
	case err != nil:
		return nil, err
	case a.Builtin && !m.onBuiltin:
		return nil, apperr.New(apperr.Forbidden, apperr.ReasonBuiltin, "the built-in admin cannot be %s", m.what)
	case a.ID == c.AccountID && !m.onSelf:
		return nil, apperr.New(apperr.Forbidden, apperr.ReasonSelf, "an account cannot be %s by itself", m.what)
	}
	role := a.ShopRoleID
	if a.Builtin {
		super := db.SuperAdminRoleID
		role = &super // whatever its row says
	}
	return a, s.mayActOn(ctx, c, role, fmt.Sprintf("user %d", id))
}

// mayActOn applies Outranks to a role, reading its rights.
func (s *ShopUsers) mayActOn(ctx context.Context, c Caller, roleID *int64, what string) error {
	var rights []int64
	if roleID != nil && !c.super() {
		held, err := s.store.RightsByRoleIDs(ctx, []int64{*roleID})
		if err != nil {
			return err
		}
		rights = ids(held[*roleID])
	}
	return c.Outranks(roleID, rights, what)
}

// Users

// AccountEdges names the edges of accounts a reader asks for.
type AccountEdges struct {
	ShopRole   bool
	RoleRights bool // with ShopRole
}

// Users lists a page of accounts with the edges e asks for.
func (s *ShopUsers) Users(ctx context.Context, f db.ShopUserFilter, p *db.Paging, e AccountEdges) ([]*db.Account, int, error) {
	return pageWithEdges(ctx, f, p, e, s.store.Users, s.LoadAccountEdges)
}

// User reads an account with the edges e asks for.
func (s *ShopUsers) User(ctx context.Context, id int64, e AccountEdges) (*db.Account, error) {
	return oneWithEdges(ctx, id, e, s.store.User, s.LoadAccountEdges)
}

// LoadAccountEdges sets the edges e asks for on these accounts: their shop
// roles in one statement, those roles' rights in one more.
func (s *ShopUsers) LoadAccountEdges(ctx context.Context, e AccountEdges, accounts ...*db.Account) error {
	if !e.ShopRole {
		return nil
	}
	if err := s.store.LoadAccountRoles(ctx, accounts...); err != nil || !e.RoleRights {
		return err
	}
	var roles []*db.ShopRole
	for _, a := range accounts {
		if a.ShopRole != nil {
			roles = append(roles, a.ShopRole)
		}
	}
	return s.LoadRoleRights(ctx, roles...)
}

// LoadRoleRights sets the rights tree of each role, one statement for all.
func (s *ShopUsers) LoadRoleRights(ctx context.Context, roles ...*db.ShopRole) error {
	if len(roles) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(roles))
	for _, r := range roles {
		if !slices.Contains(ids, r.ID) { // few roles: a scan beats a map
			ids = append(ids, r.ID)
		}
	}
	held, err := s.store.RightsByRoleIDs(ctx, ids)
	for _, r := range roles {
		r.Rights = RoleTree(held[r.ID])
	}
	return err
}

// CreateUser adds an active STAFF account without a shop role.
func (s *ShopUsers) CreateUser(ctx context.Context, username, password, email, mobile string) (*db.Account, error) {
	if password == "" {
		return nil, apperr.Invalidf("a user needs a password")
	}
	if strings.TrimSpace(username) == "" {
		return nil, apperr.Invalidf("a user needs a username")
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	a := &db.Account{Username: username, PasswordHash: hash, Email: email, Mobile: mobile, Role: db.RoleStaff, Active: true}
	return a, s.accounts.Create(ctx, a)
}

// ShopUserPatch holds the user fields to change; nil keeps the value.
type ShopUserPatch struct {
	Email, Mobile *string
}

func (s *ShopUsers) UpdateUser(ctx context.Context, c Caller, id int64, p ShopUserPatch) (*db.Account, error) {
	return s.changeUser(ctx, c, moveUpdate, id, func(_ context.Context, a *db.Account) (columns []string, err error) {
		if p.Email != nil {
			a.Email, columns = *p.Email, append(columns, "email")
		}
		if p.Mobile != nil {
			a.Mobile, columns = *p.Mobile, append(columns, "mobile")
		}
		return columns, nil
	})
}

// SetUserActive enables or disables an account.
func (s *ShopUsers) SetUserActive(ctx context.Context, c Caller, id int64, active bool) (*db.Account, error) {
	m := moveEnable
	if !active {
		m = moveDisable
	}
	return s.changeUser(ctx, c, m, id, func(_ context.Context, a *db.Account) ([]string, error) {
		a.Active = active
		return []string{"active"}, nil
	})
}

// SetUserRole gives an account a shop role whose every right the caller
// holds.
func (s *ShopUsers) SetUserRole(ctx context.Context, caller Caller, id, roleID int64) (*db.Account, error) {
	var a *db.Account
	err := s.tx.Run(ctx, func(ctx context.Context) error {
		rights, err := s.store.RightsByRoleIDs(ctx, []int64{roleID})
		if err != nil {
			return err
		}
		if err := caller.MayHandOut(ids(rights[roleID])); err != nil {
			return err
		}
		a, err = s.changeUser(ctx, caller, moveSetRole, id, func(ctx context.Context, a *db.Account) ([]string, error) {
			if _, err := s.store.Roles.Get(ctx, roleID); err != nil {
				return nil, err
			}
			a.ShopRoleID = &roleID
			return []string{"shop_role_id"}, nil
		})
		return err
	})
	return a, err
}

// changeUser applies change (which may refuse, and says which columns it
// set) to an existing account the caller may do m to, in one transaction,
// so a check still holds when the write lands.
func (s *ShopUsers) changeUser(ctx context.Context, c Caller, m move, id int64, change func(context.Context, *db.Account) ([]string, error)) (*db.Account, error) {
	var a *db.Account
	err := s.tx.Run(ctx, func(ctx context.Context) (err error) {
		if a, err = s.target(ctx, c, m, id); err != nil {
			return err
		}
		columns, err := change(ctx, a)
		if err != nil {
			return err
		}
		return s.store.UpdateUser(ctx, a, columns...)
	})
	return a, err
}

// DeleteUser deletes an account (its sessions go with it).
func (s *ShopUsers) DeleteUser(ctx context.Context, c Caller, id int64) error {
	return s.tx.Run(ctx, func(ctx context.Context) error {
		if _, err := s.target(ctx, c, moveDelete, id); err != nil {
			return err
		}
		return s.store.DeleteUser(ctx, id)
	})
}

// Roles

// UpdateRole renames and describes a role the caller outranks.
func (s *ShopUsers) UpdateRole(ctx context.Context, c Caller, role *db.ShopRole) error {
	return s.tx.Run(ctx, func(ctx context.Context) error {
		if err := s.mayActOn(ctx, c, &role.ID, fmt.Sprintf("role %d", role.ID)); err != nil {
			return err
		}
		return s.Roles.Update(ctx, role)
	})
}

// DeleteRole deletes a role (its grants go with it) that no account
// holds and the caller outranks; the super-admin role stays.
func (s *ShopUsers) DeleteRole(ctx context.Context, c Caller, id int64) error {
	if id == db.SuperAdminRoleID {
		return errSuperAdminRole("deleted")
	}
	return s.tx.Run(ctx, func(ctx context.Context) error {
		if err := s.mayActOn(ctx, c, &id, fmt.Sprintf("role %d", id)); err != nil {
			return err
		}
		return s.Roles.Delete(ctx, id)
	})
}

// The super-admin role holds every right implicitly, so its grants are not
// stored and cannot change.
func errSuperAdminRole(what string) error {
	return apperr.New(apperr.Forbidden, apperr.ReasonBuiltin, "the super-admin role cannot be %s", what)
}

// GrantRoleRights sets a role's rights to exactly these, plus the ancestors
// of each: legacy clients send the half-checked parents anyway, and a right
// whose parent is missing would not show in the role's tree. The caller
// hands out only what it holds.
func (s *ShopUsers) GrantRoleRights(ctx context.Context, caller Caller, roleID int64, rightIDs []int64) error {
	if err := caller.MayHandOut(rightIDs); err != nil {
		return err
	}
	return s.changeRoleRights(ctx, caller, roleID, "granted rights", func(ctx context.Context, all []*db.ShopRight) error {
		byID := make(map[int64]*db.ShopRight, len(all))
		for _, r := range all {
			byID[r.ID] = r
		}
		keep := map[int64]bool{}
		var grant []int64
		for _, id := range rightIDs {
			if byID[id] == nil {
				return apperr.Invalidf("right %d does not exist", id)
			}
			for r := byID[id]; r != nil && !keep[r.ID]; r = byID[r.ParentID] {
				keep[r.ID] = true
				grant = append(grant, r.ID)
			}
		}
		return s.store.SetRoleRights(ctx, roleID, grant)
	})
}

// RevokeRoleRight removes a right and its whole subtree from a role.
func (s *ShopUsers) RevokeRoleRight(ctx context.Context, c Caller, roleID, rightID int64) error {
	return s.changeRoleRights(ctx, c, roleID, "revoked rights", func(ctx context.Context, all []*db.ShopRight) error {
		// all is ordered by level, so a parent is met before its children.
		drop := map[int64]bool{}
		var ids []int64
		for _, r := range all {
			if r.ID == rightID || drop[r.ParentID] {
				drop[r.ID] = true
				ids = append(ids, r.ID)
			}
		}
		if !drop[rightID] {
			return apperr.Missing(apperr.EntityRight, rightID)
		}
		return s.store.RevokeRoleRights(ctx, roleID, ids)
	})
}

// changeRoleRights runs change in one transaction on an existing role other
// than the super-admin's that the caller outranks, with every right
// (ordered by level) at hand.
func (s *ShopUsers) changeRoleRights(ctx context.Context, c Caller, roleID int64, what string, change func(context.Context, []*db.ShopRight) error) error {
	if roleID == db.SuperAdminRoleID {
		return errSuperAdminRole(what)
	}
	return s.tx.Run(ctx, func(ctx context.Context) error {
		if _, err := s.store.Roles.Get(ctx, roleID); err != nil {
			return err
		}
		if err := s.mayActOn(ctx, c, &roleID, fmt.Sprintf("role %d", roleID)); err != nil {
			return err
		}
		all, err := s.store.AllRights(ctx)
		if err != nil {
			return err
		}
		return change(ctx, all)
	})
}

// Rights

func (s *ShopUsers) Rights(ctx context.Context) ([]*db.ShopRight, error) {
	return s.store.AllRights(ctx)
}

// RightTree is every right as a tree of three levels, in id order.
func (s *ShopUsers) RightTree(ctx context.Context) ([]*db.ShopRight, error) {
	all, err := s.store.AllRights(ctx)
	return db.ShopRightTree(all, 2, false), err
}

// Menus is the caller's menu: the groups and pages it holds, by menu order.
func Menus(held []*db.ShopRight) []*db.ShopRight { return db.ShopRightTree(held, 1, true) }

// RoleTree is a role's rights as a tree of three levels.
func RoleTree(held []*db.ShopRight) []*db.ShopRight { return db.ShopRightTree(held, 2, false) }

func ids(rights []*db.ShopRight) []int64 {
	out := make([]int64, len(rights))
	for i, r := range rights {
		out[i] = r.ID
	}
	return out
}
