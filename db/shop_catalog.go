package db

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/apperr"
)

type ShopCategory struct {
	bun.BaseModel `bun:"table:shop_categories"`

	ID       int64  `bun:",pk,autoincrement"`
	Name     string `bun:",notnull"`
	ParentID int64  `bun:",notnull"` // 0 at the top level
	Level    int    `bun:",notnull"`
	Deleted  bool   `bun:",notnull"`

	// Live sub-categories, set by LoadCategoryEdges when asked for.
	Children []*ShopCategory `bun:"rel:has-many,join:id=parent_id"`
}

// Parent is the parent category's id, nil at the top level: a method gqlgen
// reads in line (a resolver would cost a goroutine per category in a tree).
func (c *ShopCategory) Parent() *int64 {
	if c.ParentID == 0 {
		return nil
	}
	return &c.ParentID
}

type ShopAttribute struct {
	bun.BaseModel `bun:"table:shop_attributes"`

	ID         int64  `bun:",pk,autoincrement"`
	Name       string `bun:",notnull"`
	CategoryID int64  `bun:",notnull"`
	Kind       string `bun:",notnull"` // a code of enum.ShopAttributeKind (the legacy attr_sel)
	Values     string `bun:",notnull"` // space-separated
}

// ShopCatalogStore keeps the shop's categories and their attributes.
type ShopCatalogStore struct{ h *Handle }

func (s *ShopCatalogStore) AttributesByIDs(ctx context.Context, ids []int64) ([]*ShopAttribute, error) {
	return byIDs[ShopAttribute](ctx, s.h.idb(ctx), ids)
}

// Categories

// TopCategories lists the live top-level categories, optionally paged;
// total counts them over all pages. Sub-categories come with
// LoadCategoryEdges.
func (s *ShopCatalogStore) TopCategories(ctx context.Context, p *Paging) ([]*ShopCategory, int, error) {
	rows := []*ShopCategory{}
	q := s.h.idb(ctx).NewSelect().Model(&rows).Where("parent_id = 0").Where("NOT deleted")
	total, err := scanPage(ctx, q, &rows, p, byIDOrder)
	return rows, total, err
}

// Category reads a category, deleted or not.
func (s *ShopCatalogStore) Category(ctx context.Context, id int64) (*ShopCategory, error) {
	return byID[ShopCategory](ctx, s.h.idb(ctx), id, apperr.EntityCategory)
}

// ShopCategoryEdges names the edges of categories a reader asks for.
type ShopCategoryEdges struct {
	// ChildLevels is how many levels of children below the categories:
	// children { children } is 2, none is 0.
	ChildLevels int
}

// LoadCategoryEdges sets the live children of these categories, and theirs,
// as many levels down as e asks for: one statement per level for all the
// parents of that level (by id, as the tree lists them), none for a level
// with no parents.
func (s *ShopCatalogStore) LoadCategoryEdges(ctx context.Context, e ShopCategoryEdges, cats ...*ShopCategory) error {
	id := func(c *ShopCategory) int64 { return c.ID }
	parents := cats
	for range e.ChildLevels {
		if len(parents) == 0 {
			return nil
		}
		var children []*ShopCategory
		err := s.h.idb(ctx).NewSelect().Model(&children).
			Where("parent_id IN (?)", bun.In(keysOf(parents, id))).Where("NOT deleted").
			OrderExpr("id ASC").Scan(ctx)
		if err != nil {
			return err
		}
		attachMany(parents, id, children, func(c *ShopCategory) int64 { return c.ParentID },
			func(p *ShopCategory, cs []*ShopCategory) { p.Children = cs })
		parents = children
	}
	return nil
}

// LiveCategories reads the categories with these ids that are not deleted.
func (s *ShopCatalogStore) LiveCategories(ctx context.Context, ids []int64) ([]*ShopCategory, error) {
	return liveByIDs[ShopCategory](ctx, s.h.idb(ctx), ids)
}

func (s *ShopCatalogStore) CreateCategory(ctx context.Context, c *ShopCategory) error {
	_, err := s.h.idb(ctx).NewInsert().Model(c).Exec(ctx)
	return err
}

// RenameCategory changes a category's name, deleted or not.
func (s *ShopCatalogStore) RenameCategory(ctx context.Context, id int64, name string) error {
	return setColumnsByID[ShopCategory](ctx, s.h.idb(ctx), id, apperr.EntityCategory, "name = ?", name)
}

// DeleteCategory marks a category deleted.
func (s *ShopCatalogStore) DeleteCategory(ctx context.Context, id int64) error {
	return setColumnsByID[ShopCategory](ctx, s.h.idb(ctx), id, apperr.EntityCategory, "deleted = ?", true)
}

// Attributes

// Attributes lists a category's attributes of one kind.
func (s *ShopCatalogStore) Attributes(ctx context.Context, categoryID int64, kind string) ([]*ShopAttribute, error) {
	rows := []*ShopAttribute{}
	err := s.h.idb(ctx).NewSelect().Model(&rows).
		Where("category_id = ?", categoryID).Where("kind = ?", kind).
		OrderExpr("id ASC").Scan(ctx)
	return rows, err
}

// Attribute reads an attribute, failing with NOT_FOUND for the category
// when that is missing, and for the attribute when it belongs elsewhere.
func (s *ShopCatalogStore) Attribute(ctx context.Context, categoryID, id int64) (*ShopAttribute, error) {
	if err := mustExist[ShopCategory](ctx, s.h.idb(ctx), categoryID, apperr.EntityCategory); err != nil {
		return nil, err
	}
	a := new(ShopAttribute)
	err := s.h.idb(ctx).NewSelect().Model(a).Where("id = ?", id).Where("category_id = ?", categoryID).Scan(ctx)
	if isNoRows(err) {
		return nil, apperr.Missing(apperr.EntityAttribute, id)
	}
	return a, err
}

func (s *ShopCatalogStore) CreateAttribute(ctx context.Context, a *ShopAttribute) error {
	_, err := s.h.idb(ctx).NewInsert().Model(a).Exec(ctx)
	return err
}

func (s *ShopCatalogStore) UpdateAttribute(ctx context.Context, a *ShopAttribute) error {
	_, err := s.h.idb(ctx).NewUpdate().Model(a).WherePK().Exec(ctx)
	return err
}

// DeleteAttribute deletes an attribute for good; the goods' values of it go
// with it (ON DELETE CASCADE).
func (s *ShopCatalogStore) DeleteAttribute(ctx context.Context, id int64) error {
	return deleteRow[ShopAttribute](ctx, s.h.idb(ctx), id, apperr.EntityAttribute)
}

// LiveCategoryNamed reads the first live category with this name.
func (s *ShopCatalogStore) LiveCategoryNamed(ctx context.Context, name string) (*ShopCategory, error) {
	c := new(ShopCategory)
	err := s.h.idb(ctx).NewSelect().Model(c).Where("name = ?", name).Where("NOT deleted").OrderExpr("id ASC").Limit(1).Scan(ctx)
	if isNoRows(err) {
		return nil, apperr.Missing(apperr.EntityCategory, name)
	}
	return c, err
}
