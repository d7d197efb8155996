package db

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/uptrace/bun"
	"golang.org/x/crypto/bcrypt"

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

type ShopRole struct {
	bun.BaseModel `bun:"table:shop_roles"`

	ID          int64  `bun:",pk,autoincrement"`
	Name        string `bun:",notnull,unique"`
	Description string `bun:",notnull"`
}

type ShopRoleRight struct {
	bun.BaseModel `bun:"table:shop_role_rights"`

	RoleID  int64 `bun:",pk"`
	RightID int64 `bun:",pk"`
}

func (s *Store) ShopRolesByIDs(ctx context.Context, ids []int64) ([]*ShopRole, error) {
	return byIDs[ShopRole](ctx, s.db, ids)
}

// ShopRightsByRoleIDs returns each role's rights, flat, ordered by level
// then id; the super-admin role holds every right.
func (s *Store) ShopRightsByRoleIDs(ctx context.Context, roleIDs []int64) (map[int64][]*ShopRight, error) {
	var rows []struct {
		RoleID    int64 `bun:"role_id"`
		ShopRight `bun:",extend"`
	}
	err := s.db.NewSelect().
		TableExpr("shop_role_rights AS rr").
		Join("JOIN shop_rights AS r ON r.id = rr.right_id").
		ColumnExpr("rr.role_id, r.*").
		Where("rr.role_id IN (?)", bun.In(roleIDs)).
		OrderExpr("r.level ASC, r.id ASC").
		Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]*ShopRight, len(roleIDs))
	for _, id := range roleIDs {
		out[id] = []*ShopRight{}
		if id == SuperAdminRoleID {
			all, err := s.AllShopRights(ctx)
			if err != nil {
				return nil, err
			}
			out[id] = all
		}
	}
	for i := range rows {
		r := rows[i].ShopRight
		out[rows[i].RoleID] = append(out[rows[i].RoleID], &r)
	}
	return out, nil
}

// Shop users: accounts seen from the shop back office.

// ShopUserPatch holds the user fields to change; nil keeps the value.
type ShopUserPatch struct {
	Email, Mobile *string
}

// ListShopUsers lists accounts ordered by id whose username contains query
// (case-insensitive); total counts every match.
func (s *Store) ListShopUsers(ctx context.Context, query string, p *Paging) ([]*Account, int, error) {
	var rows []*Account
	q := s.db.NewSelect().Model(&rows).OrderExpr("id ASC")
	if query != "" {
		q = q.Where("LOWER(username) LIKE ? ESCAPE '\\'", "%"+escapeLike(strings.ToLower(query))+"%")
	}
	total, err := applyPaging(q, p).ScanAndCount(ctx)
	return rows, int(total), err
}

func (s *Store) ShopUser(ctx context.Context, id int64) (*Account, error) {
	return byID[Account](ctx, s.db, id, "user")
}

// CreateShopUser adds an active STAFF account without a shop role; the
// caller has hashed the password.
func (s *Store) CreateShopUser(ctx context.Context, a *Account) error {
	if strings.TrimSpace(a.Username) == "" {
		return apperr.Invalidf("a user needs a username")
	}
	a.Role, a.Active, a.ShopRoleID, a.Builtin = RoleStaff, true, nil, false
	return s.CreateAccount(ctx, a)
}

func (s *Store) UpdateShopUser(ctx context.Context, id int64, p ShopUserPatch) (*Account, error) {
	return s.updateShopUser(ctx, id, nil, func(q *bun.UpdateQuery) *bun.UpdateQuery {
		if p.Email != nil {
			q = q.Set("email = ?", *p.Email)
		}
		if p.Mobile != nil {
			q = q.Set("mobile = ?", *p.Mobile)
		}
		return q
	})
}

// SetShopUserActive enables or disables an account. The built-in admin stays
// enabled: disabling it could lock every administrator out.
func (s *Store) SetShopUserActive(ctx context.Context, id int64, active bool) (*Account, error) {
	var check func(context.Context, bun.Tx, *Account) error
	if !active {
		check = notBuiltin("disabled")
	}
	return s.updateShopUser(ctx, id, check, func(q *bun.UpdateQuery) *bun.UpdateQuery {
		return q.Set("active = ?", active)
	})
}

// SetShopUserRole gives an account a shop role; the built-in admin keeps
// the super-admin role.
func (s *Store) SetShopUserRole(ctx context.Context, id, roleID int64) (*Account, error) {
	return s.updateShopUser(ctx, id, func(ctx context.Context, tx bun.Tx, a *Account) error {
		if err := notBuiltin("given another role")(ctx, tx, a); err != nil {
			return err
		}
		return mustExist[ShopRole](ctx, tx, roleID, "role")
	}, func(q *bun.UpdateQuery) *bun.UpdateQuery {
		return q.Set("shop_role_id = ?", roleID)
	})
}

// updateShopUser sets columns of one account after it exists and check (if
// any) passes, and returns the account as it is then; all in one
// transaction, so the check still holds when the write lands.
func (s *Store) updateShopUser(ctx context.Context, id int64, check func(context.Context, bun.Tx, *Account) error,
	set func(*bun.UpdateQuery) *bun.UpdateQuery) (*Account, error) {
	var a *Account
	err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		cur, err := byID[Account](ctx, tx, id, "user")
		if err != nil {
			return err
		}
		if check != nil {
			if err := check(ctx, tx, cur); err != nil {
				return err
			}
		}
		// Without a Set, bun writes the row as read: a harmless no-op.
		if _, err := set(tx.NewUpdate().Model(cur).WherePK()).Exec(ctx); err != nil {
			return err
		}
		a, err = byID[Account](ctx, tx, id, "user")
		return err
	})
	return a, err
}

// DeleteShopUser deletes an account (its sessions go with it); the
// built-in admin cannot be deleted.
func (s *Store) DeleteShopUser(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		a, err := byID[Account](ctx, tx, id, "user")
		if err != nil {
			return err
		}
		if err := notBuiltin("deleted")(ctx, tx, a); err != nil {
			return err
		}
		_, err = tx.NewDelete().Model((*Account)(nil)).Where("id = ?", id).Exec(ctx)
		return err
	})
}

func notBuiltin(what string) func(context.Context, bun.Tx, *Account) error {
	return func(_ context.Context, _ bun.Tx, a *Account) error {
		if a.Builtin {
			return apperr.New(apperr.Forbidden, apperr.ReasonBuiltin, "the built-in admin cannot be %s", what)
		}
		return nil
	}
}

// Roles

func (s *Store) ListShopRoles(ctx context.Context) ([]*ShopRole, error) {
	rows, _, err := listByName[ShopRole](ctx, s.db, "", nil)
	return rows, err
}

func (s *Store) ShopRole(ctx context.Context, id int64) (*ShopRole, error) {
	return byID[ShopRole](ctx, s.db, id, "role")
}

func (s *Store) CreateShopRole(ctx context.Context, r *ShopRole) error {
	return insertNamed(ctx, s.db, r, "role", r.Name)
}

func (s *Store) UpdateShopRole(ctx context.Context, r *ShopRole) error {
	return updateNamed(ctx, s.db, r.ID, r, "role", r.Name)
}

// DeleteShopRole deletes a role and its grants. The super-admin role and a
// role some account still holds stay.
func (s *Store) DeleteShopRole(ctx context.Context, id int64) error {
	if id == SuperAdminRoleID {
		return errSuperAdminRole("deleted")
	}
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := mustExist[ShopRole](ctx, tx, id, "role"); err != nil {
			return err
		}
		used, err := tx.NewSelect().Model((*Account)(nil)).Where("shop_role_id = ?", id).Exists(ctx)
		if err != nil {
			return err
		}
		if used {
			return apperr.New(apperr.Conflict, apperr.ReasonInUse, "role %d is held by an account", id)
		}
		if _, err := tx.NewDelete().Model((*ShopRoleRight)(nil)).Where("role_id = ?", id).Exec(ctx); err != nil {
			return err
		}
		_, err = tx.NewDelete().Model((*ShopRole)(nil)).Where("id = ?", id).Exec(ctx)
		return err
	})
}

// The super-admin role holds every right implicitly (ShopRightsByRoleIDs),
// so its grants are not stored and cannot change.
func errSuperAdminRole(what string) error {
	return apperr.New(apperr.Forbidden, apperr.ReasonBuiltin, "the super-admin role cannot be %s", what)
}

// GrantShopRoleRights sets a role's rights to exactly these, plus the
// ancestors of each: legacy clients send the half-checked parents anyway,
// and a right whose parent is missing would not show in the role's tree.
func (s *Store) GrantShopRoleRights(ctx context.Context, roleID int64, rightIDs []int64) error {
	return s.changeRoleRights(ctx, roleID, "granted rights", func(ctx context.Context, tx bun.Tx, all []*ShopRight) error {
		byID := make(map[int64]*ShopRight, len(all))
		for _, r := range all {
			byID[r.ID] = r
		}
		keep := map[int64]bool{}
		for _, id := range rightIDs {
			if byID[id] == nil {
				return apperr.Invalidf("right %d does not exist", id)
			}
			for r := byID[id]; r != nil && !keep[r.ID]; r = byID[r.ParentID] {
				keep[r.ID] = true
			}
		}
		if _, err := tx.NewDelete().Model((*ShopRoleRight)(nil)).Where("role_id = ?", roleID).Exec(ctx); err != nil {
			return err
		}
		if len(keep) == 0 {
			return nil
		}
		rows := make([]ShopRoleRight, 0, len(keep))
		for id := range keep {
			rows = append(rows, ShopRoleRight{RoleID: roleID, RightID: id})
		}
		_, err := tx.NewInsert().Model(&rows).Exec(ctx)
		return err
	})
}

// RevokeShopRoleRight removes a right and its whole subtree from a role.
func (s *Store) RevokeShopRoleRight(ctx context.Context, roleID, rightID int64) error {
	return s.changeRoleRights(ctx, roleID, "revoked rights", func(ctx context.Context, tx bun.Tx, all []*ShopRight) error {
		// all is ordered by level, so a parent is met before its children.
		drop := map[int64]bool{}
		for _, r := range all {
			if r.ID == rightID || drop[r.ParentID] {
				drop[r.ID] = true
			}
		}
		if !drop[rightID] {
			return apperr.Missing("right", rightID)
		}
		ids := make([]int64, 0, len(drop))
		for id := range drop {
			ids = append(ids, id)
		}
		_, err := tx.NewDelete().Model((*ShopRoleRight)(nil)).
			Where("role_id = ?", roleID).Where("right_id IN (?)", bun.In(ids)).Exec(ctx)
		return err
	})
}

// changeRoleRights runs change in one transaction on an existing role other
// than the super-admin's, with every right (ordered by level) at hand.
func (s *Store) changeRoleRights(ctx context.Context, roleID int64, what string, change func(context.Context, bun.Tx, []*ShopRight) error) error {
	if roleID == SuperAdminRoleID {
		return errSuperAdminRole(what)
	}
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := mustExist[ShopRole](ctx, tx, roleID, "role"); err != nil {
			return err
		}
		all, err := allShopRights(ctx, tx)
		if err != nil {
			return err
		}
		return change(ctx, tx, all)
	})
}

// Rights

// AllShopRights returns every right, ordered by level then id.
func (s *Store) AllShopRights(ctx context.Context) ([]*ShopRight, error) {
	return allShopRights(ctx, s.db)
}

func allShopRights(ctx context.Context, db bun.IDB) ([]*ShopRight, error) {
	var rights []*ShopRight
	err := db.NewSelect().Model(&rights).OrderExpr("level ASC, id ASC").Scan(ctx)
	return rights, err
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

// seedShopUsers adds two demo roles and a user holding each (password
// 123456), unless a role besides the super-admin one exists.
func (s *Store) seedShopUsers(ctx context.Context) error {
	n, err := s.db.NewSelect().Model((*ShopRole)(nil)).Where("id <> ?", SuperAdminRoleID).Count(ctx)
	if err != nil || n > 0 {
		return err
	}
	// bcrypt directly: db cannot import auth, which imports db.
	hash, err := bcrypt.GenerateFromPassword([]byte("123456"), bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		roles := []ShopRole{{Name: "主管", Description: "技术负责人"}, {Name: "测试角色", Description: "测试负责人"}}
		if _, err := tx.NewInsert().Model(&roles).Exec(ctx); err != nil {
			return err
		}
		// 主管 runs goods and orders; 测试角色 may only look at goods.
		grants := map[int64][]int64{roles[1].ID: {101, 104, 153}}
		for _, r := range ShopRights {
			if r.ID == 101 || r.ID == 102 || r.ParentID == 101 || r.ParentID == 102 ||
				r.ParentID == 104 || r.ParentID == 107 || r.ParentID == 115 || r.ParentID == 121 {
				grants[roles[0].ID] = append(grants[roles[0].ID], r.ID)
			}
		}
		var rows []ShopRoleRight
		for role, rights := range grants {
			for _, right := range rights {
				rows = append(rows, ShopRoleRight{RoleID: role, RightID: right})
			}
		}
		if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return err
		}
		now := time.Now().UTC()
		users := []Account{
			{Username: "zhuguan", Mobile: "13800000001", Email: "zhuguan@example.com", ShopRoleID: &roles[0].ID},
			{Username: "tester", Mobile: "13800000002", Email: "tester@example.com", ShopRoleID: &roles[1].ID},
		}
		for i := range users {
			users[i].PasswordHash, users[i].Role, users[i].Active, users[i].CreatedAt = string(hash), RoleStaff, true, now
		}
		_, err := tx.NewInsert().Model(&users).Exec(ctx)
		return err
	})
}
