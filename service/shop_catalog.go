package service

import (
	"context"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/enum"
)

// ShopCatalog is the shop's category tree (three levels, soft-deleted) and
// the categories' attributes.
type ShopCatalog struct {
	tx    *db.Handle
	store *db.ShopCatalogStore
}

// categoryLevels is how deep the tree goes: levels 0, 1 and 2.
const categoryLevels = 3

// TopCategories lists a page of top-level categories with the edges e
// asks for.
func (s *ShopCatalog) TopCategories(ctx context.Context, p *db.Paging, e db.ShopCategoryEdges) ([]*db.ShopCategory, int, error) {
	if err := checkPage(p); err != nil {
		return nil, 0, err
	}
	cats, total, err := s.store.TopCategories(ctx, p)
	if err == nil {
		err = s.store.LoadCategoryEdges(ctx, e, cats...)
	}
	return cats, total, err
}

// Category reads a category, deleted or not, with the edges e asks for.
func (s *ShopCatalog) Category(ctx context.Context, id int64, e db.ShopCategoryEdges) (*db.ShopCategory, error) {
	return oneWithEdges(ctx, id, e, s.store.Category, s.store.LoadCategoryEdges)
}

// LoadCategoryEdges sets the edges e asks for on categories a write
// returned.
func (s *ShopCatalog) LoadCategoryEdges(ctx context.Context, e db.ShopCategoryEdges, cats ...*db.ShopCategory) error {
	return s.store.LoadCategoryEdges(ctx, e, cats...)
}

// CreateCategory adds a category under a live parent (ParentID 0: at the
// top), one level below it.
func (s *ShopCatalog) CreateCategory(ctx context.Context, c *db.ShopCategory) error {
	if err := requireName(apperr.EntityCategory, c.Name); err != nil {
		return err
	}
	return s.tx.Run(ctx, func(ctx context.Context) error {
		want := 0
		if c.ParentID != 0 {
			parent, err := s.store.Category(ctx, c.ParentID)
			if err != nil {
				return err
			}
			if parent.Deleted {
				return apperr.Missing(apperr.EntityCategory, c.ParentID)
			}
			want = parent.Level + 1
		}
		if want >= categoryLevels {
			return apperr.Invalidf("categories have three levels; category %d is already at the last one", c.ParentID)
		}
		if c.Level != want {
			return apperr.Invalidf("a category under parent %d must have level %d, got %d", c.ParentID, want, c.Level)
		}
		c.Deleted = false
		return s.store.CreateCategory(ctx, c)
	})
}

// RenameCategory changes a category's name; like reads, it works on deleted
// categories too (the legacy server did not tell them apart).
func (s *ShopCatalog) RenameCategory(ctx context.Context, id int64, name string) (*db.ShopCategory, error) {
	if err := requireName(apperr.EntityCategory, name); err != nil {
		return nil, err
	}
	var c *db.ShopCategory
	err := s.tx.Run(ctx, func(ctx context.Context) (err error) {
		if err := s.store.RenameCategory(ctx, id, name); err != nil {
			return err
		}
		c, err = s.store.Category(ctx, id)
		return err
	})
	return c, err
}

// DeleteCategory marks a category deleted. Its subtree leaves the tree with
// it, since children are only read under live parents; deleting it again
// changes nothing.
func (s *ShopCatalog) DeleteCategory(ctx context.Context, id int64) error {
	return s.store.DeleteCategory(ctx, id)
}

// Attributes lists a category's attributes of one kind.
func (s *ShopCatalog) Attributes(ctx context.Context, categoryID int64, kind string) ([]*db.ShopAttribute, error) {
	if _, err := s.store.Category(ctx, categoryID); err != nil {
		return nil, err
	}
	return s.store.Attributes(ctx, categoryID, kind)
}

// Attribute reads an attribute of this category.
func (s *ShopCatalog) Attribute(ctx context.Context, categoryID, id int64) (*db.ShopAttribute, error) {
	return s.store.Attribute(ctx, categoryID, id)
}

func validAttribute(a *db.ShopAttribute) error {
	if err := requireName(apperr.EntityAttribute, a.Name); err != nil {
		return err
	}
	if !enum.ShopAttributeKind.Valid(a.Kind) {
		many, _ := enum.ShopAttributeKind.Code("MANY")
		only, _ := enum.ShopAttributeKind.Code("ONLY")
		return apperr.Invalidf("an attribute kind is %q or %q, got %q", many, only, a.Kind)
	}
	return nil
}

// CreateAttribute adds an attribute to an existing category.
func (s *ShopCatalog) CreateAttribute(ctx context.Context, a *db.ShopAttribute) error {
	if err := validAttribute(a); err != nil {
		return err
	}
	return s.tx.Run(ctx, func(ctx context.Context) error {
		if _, err := s.store.Category(ctx, a.CategoryID); err != nil {
			return err
		}
		return s.store.CreateAttribute(ctx, a)
	})
}

// UpdateAttribute changes an attribute of this category; nil values keep
// the current ones.
func (s *ShopCatalog) UpdateAttribute(ctx context.Context, categoryID, id int64, name, kind string, values *string) (*db.ShopAttribute, error) {
	var a *db.ShopAttribute
	err := s.tx.Run(ctx, func(ctx context.Context) (err error) {
		if a, err = s.store.Attribute(ctx, categoryID, id); err != nil {
			return err
		}
		a.Name, a.Kind = name, kind
		if values != nil {
			a.Values = *values
		}
		if err := validAttribute(a); err != nil {
			return err
		}
		return s.store.UpdateAttribute(ctx, a)
	})
	return a, err
}

// DeleteAttribute deletes an attribute of this category for good.
func (s *ShopCatalog) DeleteAttribute(ctx context.Context, categoryID, id int64) error {
	return s.tx.Run(ctx, func(ctx context.Context) error {
		if _, err := s.store.Attribute(ctx, categoryID, id); err != nil {
			return err
		}
		return s.store.DeleteAttribute(ctx, id)
	})
}
