package db

import (
	"context"

	"github.com/uptrace/bun"
)

// Attribute kinds (the legacy attr_sel).
const (
	AttributeMany = "many" // dynamic parameters, chosen from a list
	AttributeOnly = "only" // static properties, typed by hand
)

type ShopCategory struct {
	bun.BaseModel `bun:"table:shop_categories"`

	ID       int64  `bun:",pk,autoincrement"`
	Name     string `bun:",notnull"`
	ParentID int64  `bun:",notnull"` // 0 at the top level
	Level    int    `bun:",notnull"`
	Deleted  bool   `bun:",notnull"`
}

type ShopAttribute struct {
	bun.BaseModel `bun:"table:shop_attributes"`

	ID         int64  `bun:",pk,autoincrement"`
	Name       string `bun:",notnull"`
	CategoryID int64  `bun:",notnull"`
	Kind       string `bun:",notnull"` // AttributeMany or AttributeOnly
	Values     string `bun:",notnull"` // space-separated
}

// ShopCategoriesByParentIDs returns the live sub-categories of these parents.
func (s *Store) ShopCategoriesByParentIDs(ctx context.Context, parents []int64) ([]*ShopCategory, error) {
	var rows []*ShopCategory
	err := s.db.NewSelect().Model(&rows).
		Where("parent_id IN (?)", bun.In(parents)).Where("NOT deleted").
		OrderExpr("id ASC").Scan(ctx)
	return rows, err
}

func (s *Store) ShopAttributesByIDs(ctx context.Context, ids []int64) ([]*ShopAttribute, error) {
	return byIDs[ShopAttribute](ctx, s.db, ids)
}

// seedShopCatalog adds the shop demo data of this domain to a store without any.
func (s *Store) seedShopCatalog(ctx context.Context) error {
	return nil
}
