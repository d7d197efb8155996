package db

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/apperr"
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

// Categories

// ListShopCategories lists the live top-level categories, optionally paged;
// total counts them over all pages. Sub-categories come through the loader.
func (s *Store) ListShopCategories(ctx context.Context, p *Paging) ([]*ShopCategory, int, error) {
	var rows []*ShopCategory
	q := s.db.NewSelect().Model(&rows).Where("parent_id = 0").Where("NOT deleted").OrderExpr("id ASC")
	if p == nil {
		err := q.Scan(ctx)
		return rows, len(rows), err
	}
	total, err := applyPaging(q, p).ScanAndCount(ctx)
	return rows, int(total), err
}

// ShopCategory reads a category, deleted or not.
func (s *Store) ShopCategory(ctx context.Context, id int64) (*ShopCategory, error) {
	return byID[ShopCategory](ctx, s.db, id, "category")
}

// CreateShopCategory adds a category under a live parent (ParentID 0: at the
// top), one level below it.
func (s *Store) CreateShopCategory(ctx context.Context, c *ShopCategory) error {
	if err := requireName("category", c.Name); err != nil {
		return err
	}
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		want := 0
		if c.ParentID != 0 {
			parent, err := byID[ShopCategory](ctx, tx, c.ParentID, "category")
			if err != nil {
				return err
			}
			if parent.Deleted {
				return apperr.Missing("category", c.ParentID)
			}
			want = parent.Level + 1
		}
		if want > 2 {
			return apperr.Invalidf("categories have three levels; category %d is already at the last one", c.ParentID)
		}
		if c.Level != want {
			return apperr.Invalidf("a category under parent %d must have level %d, got %d", c.ParentID, want, c.Level)
		}
		c.Deleted = false
		_, err := tx.NewInsert().Model(c).Exec(ctx)
		return err
	})
}

// RenameShopCategory changes a category's name; like reads, it works on
// deleted categories too (the legacy server did not tell them apart).
func (s *Store) RenameShopCategory(ctx context.Context, id int64, name string) (*ShopCategory, error) {
	if err := requireName("category", name); err != nil {
		return nil, err
	}
	if err := setColumnsByID[ShopCategory](ctx, s.db, id, "category", "name = ?", name); err != nil {
		return nil, err
	}
	return s.ShopCategory(ctx, id)
}

// DeleteShopCategory marks a category deleted. Its subtree leaves the tree
// with it, since children are only read under live parents; deleting it
// again changes nothing.
func (s *Store) DeleteShopCategory(ctx context.Context, id int64) error {
	return setColumnsByID[ShopCategory](ctx, s.db, id, "category", "deleted = ?", true)
}

// setColumnsByID sets columns of one row by id, or fails with NOT_FOUND.
func setColumnsByID[T any](ctx context.Context, db bun.IDB, id int64, what apperr.Entity, set string, args ...any) error {
	res, err := db.NewUpdate().Model((*T)(nil)).Set(set, args...).Where("id = ?", id).Exec(ctx)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = apperr.Missing(what, id)
		}
		return err
	}
	return nil
}

// Attributes

// ShopAttributes lists a category's attributes of one kind.
func (s *Store) ShopAttributes(ctx context.Context, categoryID int64, kind string) ([]*ShopAttribute, error) {
	if err := mustExist[ShopCategory](ctx, s.db, categoryID, "category"); err != nil {
		return nil, err
	}
	rows := []*ShopAttribute{}
	err := s.db.NewSelect().Model(&rows).
		Where("category_id = ?", categoryID).Where("kind = ?", kind).
		OrderExpr("id ASC").Scan(ctx)
	return rows, err
}

// ShopAttribute reads an attribute of this category.
func (s *Store) ShopAttribute(ctx context.Context, categoryID, id int64) (*ShopAttribute, error) {
	return attributeOf(ctx, s.db, categoryID, id)
}

// attributeOf reads an attribute, failing with NOT_FOUND for the category
// when that is missing, and for the attribute when it belongs elsewhere.
func attributeOf(ctx context.Context, db bun.IDB, categoryID, id int64) (*ShopAttribute, error) {
	if err := mustExist[ShopCategory](ctx, db, categoryID, "category"); err != nil {
		return nil, err
	}
	a := new(ShopAttribute)
	err := db.NewSelect().Model(a).Where("id = ?", id).Where("category_id = ?", categoryID).Scan(ctx)
	if isNoRows(err) {
		return nil, apperr.Missing("attribute", id)
	}
	return a, err
}

func validAttribute(a *ShopAttribute) error {
	if err := requireName("attribute", a.Name); err != nil {
		return err
	}
	if a.Kind != AttributeMany && a.Kind != AttributeOnly {
		return apperr.Invalidf("an attribute kind is %q or %q, got %q", AttributeMany, AttributeOnly, a.Kind)
	}
	return nil
}

// CreateShopAttribute adds an attribute to an existing category.
func (s *Store) CreateShopAttribute(ctx context.Context, a *ShopAttribute) error {
	if err := validAttribute(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := mustExist[ShopCategory](ctx, tx, a.CategoryID, "category"); err != nil {
			return err
		}
		_, err := tx.NewInsert().Model(a).Exec(ctx)
		return err
	})
}

// UpdateShopAttribute changes an attribute of this category; nil values keep
// the current ones.
func (s *Store) UpdateShopAttribute(ctx context.Context, categoryID, id int64, name, kind string, values *string) (*ShopAttribute, error) {
	var a *ShopAttribute
	err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if a, err = attributeOf(ctx, tx, categoryID, id); err != nil {
			return err
		}
		a.Name, a.Kind = name, kind
		if values != nil {
			a.Values = *values
		}
		if err := validAttribute(a); err != nil {
			return err
		}
		_, err = tx.NewUpdate().Model(a).WherePK().Exec(ctx)
		return err
	})
	return a, err
}

// DeleteShopAttribute deletes an attribute of this category for good; the
// goods' values of it go with it (ON DELETE CASCADE).
func (s *Store) DeleteShopAttribute(ctx context.Context, categoryID, id int64) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := attributeOf(ctx, tx, categoryID, id); err != nil {
			return err
		}
		_, err := tx.NewDelete().Model((*ShopAttribute)(nil)).Where("id = ?", id).Exec(ctx)
		return err
	})
}

// seedShopCatalog adds the shop demo data of this domain to a store without
// any: a three-level tree and attributes on some leaves. The goods seed
// looks up 曲面电视 and its 颜色 and 尺寸 by name.
func (s *Store) seedShopCatalog(ctx context.Context) error {
	n, err := s.db.NewSelect().Model((*ShopCategory)(nil)).Count(ctx)
	if err != nil || n > 0 {
		return err
	}
	type attr struct{ name, kind, values string }
	type leaf struct {
		name  string
		attrs []attr
	}
	type mid struct {
		name   string
		leaves []leaf
	}
	tree := []struct {
		name string
		mids []mid
	}{
		{"大家电", []mid{
			{"电视", []leaf{
				{"曲面电视", []attr{{"颜色", AttributeMany, "黑色 白色 银色"}, {"尺寸", AttributeOnly, "65英寸"}}},
				{"海信", []attr{{"屏幕", AttributeMany, "4K高清 8K高清"}}},
				{"超薄电视", nil},
			}},
			{"空调", []leaf{
				{"壁挂式空调", []attr{{"匹数", AttributeMany, "1匹 1.5匹 2匹"}, {"能效等级", AttributeOnly, "一级能效"}}},
				{"柜式空调", nil},
			}},
			{"冰箱", []leaf{{"多门冰箱", nil}, {"对开门冰箱", nil}}},
		}},
		{"手机", []mid{
			{"智能手机", []leaf{
				{"5G手机", []attr{{"内存", AttributeMany, "8GB 12GB 16GB"}, {"机身颜色", AttributeMany, "黑色 白色 蓝色"}, {"产地", AttributeOnly, "中国大陆"}}},
				{"拍照手机", nil},
			}},
			{"手机配件", []leaf{{"手机壳", nil}, {"充电器", []attr{{"功率", AttributeOnly, "65W"}}}}},
		}},
		{"电脑办公", []mid{
			{"笔记本", []leaf{{"轻薄本", []attr{{"cpu", AttributeMany, "i5 i7 i9"}}}, {"游戏本", nil}}},
			{"办公设备", []leaf{{"打印机", nil}, {"投影仪", nil}}},
		}},
	}
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		add := func(name string, parent int64, level int) (int64, error) {
			c := &ShopCategory{Name: name, ParentID: parent, Level: level}
			_, err := tx.NewInsert().Model(c).Exec(ctx)
			return c.ID, err
		}
		var attrs []ShopAttribute
		for _, top := range tree {
			topID, err := add(top.name, 0, 0)
			if err != nil {
				return err
			}
			for _, m := range top.mids {
				midID, err := add(m.name, topID, 1)
				if err != nil {
					return err
				}
				for _, l := range m.leaves {
					leafID, err := add(l.name, midID, 2)
					if err != nil {
						return err
					}
					for _, a := range l.attrs {
						attrs = append(attrs, ShopAttribute{Name: a.name, CategoryID: leafID, Kind: a.kind, Values: a.values})
					}
				}
			}
		}
		_, err := tx.NewInsert().Model(&attrs).Exec(ctx)
		return err
	})
}
