package db

import (
	"context"

	"github.com/uptrace/bun"
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

// AllShopRights returns every right, ordered by level then id.
func (s *Store) AllShopRights(ctx context.Context) ([]*ShopRight, error) {
	var rights []*ShopRight
	err := s.db.NewSelect().Model(&rights).OrderExpr("level ASC, id ASC").Scan(ctx)
	return rights, err
}

// seedShopUsers adds the shop demo data of this domain to a store without any.
func (s *Store) seedShopUsers(ctx context.Context) error {
	return nil
}
