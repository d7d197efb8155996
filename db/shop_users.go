package db

import (
	"context"
	"slices"
	"sort"
	"sync"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/apperr"
)

// SuperAdminRoleID is the shop role that holds every right (the legacy rid 0).
const SuperAdminRoleID int64 = 0

// ShopRight is one node of the three-level rights tree.
type ShopRight struct {
	bun.BaseModel `bun:"table:shop_rights"`

	ID        int64  `bun:",pk"`
	Name      string `bun:",notnull"`
	ParentID  int64  `bun:",notnull"` // 0 at the top level
	Level     int    `bun:",notnull"`
	Path      string `bun:",notnull"`
	Operation string `bun:",notnull"` // the legacy service call it guarded
	SortOrder int    `bun:",notnull"`

	Children []*ShopRight `bun:"-"` // filled when a tree is built
}

// Parent is the parent right's id, nil at the top level. A method, not a
// resolver, so gqlgen reads it in line as it writes the answer.
func (r *ShopRight) Parent() *int64 {
	if r.ParentID == 0 {
		return nil
	}
	return &r.ParentID
}

// MenuOrder is the right's sort order, nil where it has none (0).
func (r *ShopRight) MenuOrder() *int {
	if r.SortOrder == 0 {
		return nil
	}
	return &r.SortOrder
}

// GuardedOperation is the legacy service call the right guarded, nil where
// it guarded none.
func (r *ShopRight) GuardedOperation() *string {
	if r.Operation == "" {
		return nil
	}
	return &r.Operation
}

type ShopRole struct {
	bun.BaseModel `bun:"table:shop_roles"`

	ID          int64  `bun:",pk,autoincrement"`
	Name        string `bun:",notnull,unique"`
	Description string `bun:",notnull"`

	Rights []*ShopRight `bun:"-"` // an edge: the rights it holds as a tree, when asked for
}

type ShopRoleRight struct {
	bun.BaseModel `bun:"table:shop_role_rights"`

	RoleID  int64 `bun:",pk"`
	RightID int64 `bun:",pk"`
}

// ShopUserStore keeps the shop back office's users (accounts), roles and
// rights.
type ShopUserStore struct {
	h      *Handle
	Roles  NamedTable[ShopRole]
	rights rightsCatalog
}

// rightsCatalog holds every right, read once per process: the catalog is the
// legacy shop's, written by migrations (which run before the server serves)
// and never by the API. Its rights are shared: callers read them, and trees
// are built from copies (ShopRightTree).
type rightsCatalog struct {
	mu  sync.Mutex
	all []*ShopRight // by level then id
}

func newShopUserStore(h *Handle) *ShopUserStore {
	return &ShopUserStore{h: h, Roles: namedTable(h, apperr.EntityRole, func(r *ShopRole) (int64, string) { return r.ID, r.Name })}
}

// RightsByRoleIDs returns each role's rights, flat, ordered by level then
// id: the super-admin role holds every right, the others their grants (one
// statement for all of them, reading only ids).
func (s *ShopUserStore) RightsByRoleIDs(ctx context.Context, roleIDs []int64) (map[int64][]*ShopRight, error) {
	all, err := s.AllRights(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]*ShopRight, len(roleIDs))
	granted := make([]int64, 0, len(roleIDs))
	for _, id := range roleIDs {
		out[id] = []*ShopRight{}
		if id == SuperAdminRoleID {
			out[id] = all
		} else {
			granted = append(granted, id)
		}
	}
	if len(granted) == 0 {
		return out, nil
	}
	var grants []ShopRoleRight
	if err := s.h.idb(ctx).NewSelect().Model(&grants).Where("role_id IN (?)", bun.In(granted)).Scan(ctx); err != nil {
		return nil, err
	}
	held := make(map[ShopRoleRight]bool, len(grants))
	for _, g := range grants {
		held[g] = true
	}
	for _, r := range all {
		for _, role := range granted {
			if held[ShopRoleRight{RoleID: role, RightID: r.ID}] {
				out[role] = append(out[role], r)
			}
		}
	}
	return out, nil
}

// AllRights returns every right, ordered by level then id, from the catalog
// (read from the store the first time).
func (s *ShopUserStore) AllRights(ctx context.Context) ([]*ShopRight, error) {
	c := &s.rights
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.all != nil {
		return c.all, nil
	}
	var rights []*ShopRight
	err := s.h.idb(ctx).NewSelect().Model(&rights).OrderExpr("level ASC, id ASC").Scan(ctx)
	if err == nil && len(rights) > 0 {
		c.all = rights
	}
	return rights, err
}

// Users: accounts seen from the shop back office.

// shopAccountRoles are the roles of the accounts the shop back office
// manages: its own staff and the admins it shares with the pharma back
// office. The accounts table is shared by every back office, and merchant
// management's employees and the merchants' own accounts are not the
// shop's to see or change.
var shopAccountRoles = []string{RoleStaff, RoleAdmin}

// IsShopAccount tells whether the shop back office manages the account.
func IsShopAccount(a *Account) bool { return slices.Contains(shopAccountRoles, a.Role) }

// shopAccounts keeps a query on accounts to those the shop manages: every
// read and write of shop users goes through it, so an account of another
// back office is not found.
func shopAccounts(q bun.QueryBuilder) bun.QueryBuilder {
	return q.Where("?TableAlias.role IN (?)", bun.In(shopAccountRoles))
}

// ShopUserFilter narrows the user list to usernames containing Query.
type ShopUserFilter struct {
	Query string
}

func (f ShopUserFilter) apply(q *bun.SelectQuery) *bun.SelectQuery {
	return whereContains(q, "username", f.Query)
}

// Users lists the shop's accounts ordered by id; total counts every match.
func (s *ShopUserStore) Users(ctx context.Context, f ShopUserFilter, p *Paging) ([]*Account, int, error) {
	rows := []*Account{}
	q := f.apply(s.h.idb(ctx).NewSelect().Model(&rows).ApplyQueryBuilder(shopAccounts))
	total, err := scanPage(ctx, q, &rows, p, byIDOrder)
	return rows, total, err
}

// LoadAccountRoles sets the shop role of these accounts, one statement for
// all; an account without one keeps nil.
func (s *ShopUserStore) LoadAccountRoles(ctx context.Context, accounts ...*Account) error {
	var withRole []*Account
	for _, a := range accounts {
		if a.ShopRoleID != nil {
			withRole = append(withRole, a)
		}
	}
	if len(withRole) == 0 {
		return nil
	}
	roleOf := func(a *Account) int64 { return *a.ShopRoleID }
	roles, err := s.Roles.ByIDs(ctx, keysOf(withRole, roleOf))
	if err != nil {
		return err
	}
	return attachOne(withRole, roleOf, roles, func(r *ShopRole) int64 { return r.ID },
		func(a *Account, r *ShopRole) { a.ShopRole = r }, apperr.EntityRole)
}

// User reads one of the shop's accounts.
func (s *ShopUserStore) User(ctx context.Context, id int64) (*Account, error) {
	a := new(Account)
	err := s.h.idb(ctx).NewSelect().Model(a).Where("?TableAlias.id = ?", id).ApplyQueryBuilder(shopAccounts).Scan(ctx)
	if isNoRows(err) {
		return nil, apperr.Missing(apperr.EntityUser, id)
	}
	return a, err
}

// UpdateUser writes these columns of one of the shop's accounts; only
// these, so a concurrent change of another column is not undone.
func (s *ShopUserStore) UpdateUser(ctx context.Context, a *Account, columns ...string) error {
	if len(columns) == 0 {
		return nil
	}
	res, err := s.h.idb(ctx).NewUpdate().Model(a).Column(columns...).WherePK().ApplyQueryBuilder(shopAccounts).Exec(ctx)
	return oneAffected(res, err, apperr.EntityUser, a.ID)
}

// DeleteUser deletes one of the shop's accounts; its sessions go with it.
func (s *ShopUserStore) DeleteUser(ctx context.Context, id int64) error {
	res, err := s.h.idb(ctx).NewDelete().Model((*Account)(nil)).Where("?TableAlias.id = ?", id).ApplyQueryBuilder(shopAccounts).Exec(ctx)
	return oneAffected(res, err, apperr.EntityUser, id)
}

// Roles

// RoleHeld tells whether an account holds the role.
func (s *ShopUserStore) RoleHeld(ctx context.Context, id int64) (bool, error) {
	return exists[Account](ctx, s.h.idb(ctx), "shop_role_id = ?", id)
}

// SetRoleRights replaces a role's grants with these rights.
func (s *ShopUserStore) SetRoleRights(ctx context.Context, roleID int64, rightIDs []int64) error {
	if err := deleteWhere[ShopRoleRight](ctx, s.h.idb(ctx), "role_id = ?", roleID); err != nil {
		return err
	}
	rows := make([]ShopRoleRight, len(rightIDs))
	for i, id := range rightIDs {
		rows[i] = ShopRoleRight{RoleID: roleID, RightID: id}
	}
	return insertAll(ctx, s.h.idb(ctx), rows)
}

// RevokeRoleRights drops these rights from a role's grants.
func (s *ShopUserStore) RevokeRoleRights(ctx context.Context, roleID int64, rightIDs []int64) error {
	return deleteWhere[ShopRoleRight](ctx, s.h.idb(ctx), "role_id = ? AND right_id IN (?)", roleID, bun.In(rightIDs))
}

// ShopRightTree nests a flat list of rights (ordered by level then id) up to
// maxLevel, on copies: the flat rows may be shared by concurrent resolvers.
// A right whose parent is not in the list is left out. Children is nil on
// nodes without children; byMenuOrder sorts every level by SortOrder then id
// instead of by id.
func ShopRightTree(flat []*ShopRight, maxLevel int, byMenuOrder bool) []*ShopRight {
	nodes := make(map[int64]*ShopRight, len(flat))
	var roots []*ShopRight
	for _, r := range flat {
		if r.Level > maxLevel {
			continue
		}
		n := *r
		n.Children = nil
		if r.ParentID == 0 {
			roots = append(roots, &n)
		} else if p := nodes[r.ParentID]; p != nil {
			p.Children = append(p.Children, &n)
		} else {
			continue
		}
		nodes[n.ID] = &n
	}
	// Children were appended in level-then-id order, which is id order
	// except where a parent has children of two levels (101 has both).
	var sortLevel func([]*ShopRight)
	sortLevel = func(rs []*ShopRight) {
		sort.SliceStable(rs, func(i, j int) bool {
			if byMenuOrder && rs[i].SortOrder != rs[j].SortOrder {
				return rs[i].SortOrder < rs[j].SortOrder
			}
			return rs[i].ID < rs[j].ID
		})
		for _, r := range rs {
			sortLevel(r.Children)
		}
	}
	sortLevel(roots)
	if roots == nil {
		roots = []*ShopRight{}
	}
	return roots
}
