package service

import (
	"context"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/enum"
	"github.com/onegraph/server/media"
)

// ShopGoods is the shop's goods with their pictures and attribute values.
type ShopGoods struct {
	tx      *db.Handle
	store   *db.ShopGoodsStore
	catalog *db.ShopCatalogStore
	media   *media.Store
}

// goodsPhase is where goods are in their life: a review state
// (enum.ShopGoodsState's names) or deleted.
type goodsPhase string

const goodsDeleted goodsPhase = "DELETED"

// goodsLifecycle is where the goods' life is ruled. Today it allows what the
// legacy back office did: live goods move freely between the review states
// and may be deleted; deleted goods are final (readable, never changed:
// change answers NOT_FOUND for them). A rule such as "approved goods go
// back to review before they are rejected" is a change of this table.
var goodsLifecycle = NewMachine("goods", map[goodsPhase][]goodsPhase{
	"IN_REVIEW":  {"IN_REVIEW", "APPROVED", "REJECTED", goodsDeleted},
	"APPROVED":   {"IN_REVIEW", "APPROVED", "REJECTED", goodsDeleted},
	"REJECTED":   {"IN_REVIEW", "APPROVED", "REJECTED", goodsDeleted},
	goodsDeleted: {},
})

func phaseOf(g *db.ShopGoods) goodsPhase {
	if g.Deleted {
		return goodsDeleted
	}
	name, _ := enum.ShopGoodsState.Name(g.State)
	return goodsPhase(name)
}

// GoodsFields are the goods' own columns a create or an update writes.
type GoodsFields struct {
	Name         string
	CategoryPath []int64 // from the top down; the last is the goods' category; nil keeps it on update
	Price        float64
	Number       int
	Weight       float64
	Introduction string
}

// GoodsPicture keeps the goods' picture with ID, or (ID nil) makes a new
// picture from the temporary upload at TmpPath.
type GoodsPicture struct {
	ID      *int64
	TmpPath *string
}

type GoodsAttribute struct {
	AttributeID int64
	Value       string
}

// GoodsChildren says which children a write replaces: nil keeps them.
type GoodsChildren struct {
	Pictures   []GoodsPicture
	Attributes []GoodsAttribute
	// SetPictures and SetAttributes tell an empty list (drop all) from none.
	SetPictures, SetAttributes bool
}

// List lists a page of goods with the edges e asks for.
func (s *ShopGoods) List(ctx context.Context, f db.ShopGoodsFilter, p *db.Paging, e db.ShopGoodsEdges) ([]*db.ShopGoods, int, error) {
	return pageWithEdges(ctx, f, p, e, s.store.List, s.store.LoadGoodsEdges)
}

// Goods reads goods by id, deleted or not, with the edges e asks for.
func (s *ShopGoods) Goods(ctx context.Context, id int64, e db.ShopGoodsEdges) (*db.ShopGoods, error) {
	return oneWithEdges(ctx, id, e, s.store.Goods, s.store.LoadGoodsEdges)
}

// LoadGoodsEdges sets the edges e asks for on goods a write returned.
func (s *ShopGoods) LoadGoodsEdges(ctx context.Context, e db.ShopGoodsEdges, goods ...*db.ShopGoods) error {
	return s.store.LoadGoodsEdges(ctx, e, goods...)
}

// Create adds goods in review with their pictures and attribute values, in
// one transaction.
func (s *ShopGoods) Create(ctx context.Context, f GoodsFields, ch GoodsChildren) (*db.ShopGoods, error) {
	pics, err := s.makePictures(ctx, ch)
	if err != nil {
		return nil, err
	}
	now := s.store.Now()
	state, _ := enum.ShopGoodsState.Code("IN_REVIEW")
	g := &db.ShopGoods{State: state, CreatedAt: now, UpdatedAt: now}
	err = s.tx.Run(ctx, func(ctx context.Context) error {
		if err := s.setFields(ctx, g, f); err != nil {
			return err
		}
		if err := s.store.Create(ctx, g); err != nil {
			return err
		}
		return s.replaceChildren(ctx, g, ch, pics)
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// Update rewrites the goods' own columns and replaces the children ch
// names, in one transaction. Moved to another category without new
// attribute values, the goods lose the values of attributes that are not
// the new category's.
func (s *ShopGoods) Update(ctx context.Context, id int64, f GoodsFields, ch GoodsChildren) (*db.ShopGoods, error) {
	return s.change(ctx, id, ch, func(ctx context.Context, g *db.ShopGoods) error {
		oldCategory := g.CategoryID
		if err := s.setFields(ctx, g, f); err != nil {
			return err
		}
		err := s.store.Update(ctx, g, "name", "category_path", "category_id", "price", "number", "weight", "introduction", "updated_at")
		if err != nil {
			return err
		}
		if g.CategoryID != oldCategory && !ch.SetAttributes {
			return s.store.DropForeignAttrs(ctx, g)
		}
		return nil
	})
}

// SetChildren replaces the goods' pictures and/or attribute values.
func (s *ShopGoods) SetChildren(ctx context.Context, id int64, ch GoodsChildren) (*db.ShopGoods, error) {
	return s.change(ctx, id, ch, func(ctx context.Context, g *db.ShopGoods) error {
		return s.store.Update(ctx, g, "updated_at")
	})
}

// SetState moves the goods to a review state (a name of enum.ShopGoodsState).
func (s *ShopGoods) SetState(ctx context.Context, id int64, state string) (*db.ShopGoods, error) {
	code, err := enum.ShopGoodsState.Code(state)
	if err != nil {
		return nil, apperr.Invalidf("%v", err)
	}
	return s.change(ctx, id, GoodsChildren{}, func(ctx context.Context, g *db.ShopGoods) error {
		if err := goodsLifecycle.Check(phaseOf(g), goodsPhase(state)); err != nil {
			return err
		}
		g.State = code
		return s.store.Update(ctx, g, "state", "updated_at")
	})
}

// Delete marks goods deleted; they stay readable by id and their name is
// free again.
func (s *ShopGoods) Delete(ctx context.Context, id int64) error {
	_, err := s.change(ctx, id, GoodsChildren{}, func(ctx context.Context, g *db.ShopGoods) error {
		if err := goodsLifecycle.Check(phaseOf(g), goodsDeleted); err != nil {
			return err
		}
		g.Deleted, g.DeletedAt = true, &g.UpdatedAt
		return s.store.Update(ctx, g, "deleted", "deleted_at", "updated_at")
	})
	return err
}

// change runs write on goods that can still change (read in the
// transaction, with UpdatedAt set to now), then replaces the children ch
// names, and returns the goods as written. The files of new pictures are
// made first, so a picture that cannot be made writes no rows.
func (s *ShopGoods) change(ctx context.Context, id int64, ch GoodsChildren, write func(context.Context, *db.ShopGoods) error) (*db.ShopGoods, error) {
	pics, err := s.makePictures(ctx, ch)
	if err != nil {
		return nil, err
	}
	var g *db.ShopGoods
	err = s.tx.Run(ctx, func(ctx context.Context) (err error) {
		if g, err = s.store.Goods(ctx, id); err != nil {
			return err
		}
		if goodsLifecycle.Final(phaseOf(g)) {
			return apperr.Missing(apperr.EntityGoods, id) // deleted goods are gone for writes
		}
		g.UpdatedAt = s.store.Now()
		if err := write(ctx, g); err != nil {
			return err
		}
		return s.replaceChildren(ctx, g, ch, pics)
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// setFields checks f and copies it into g.
func (s *ShopGoods) setFields(ctx context.Context, g *db.ShopGoods, f GoodsFields) error {
	if err := requireName(apperr.EntityGoods, f.Name); err != nil {
		return err
	}
	switch {
	case math.IsNaN(f.Price) || math.IsInf(f.Price, 0):
		return apperr.Invalidf("price must be a finite number, got %v", f.Price)
	case math.IsNaN(f.Weight) || math.IsInf(f.Weight, 0):
		return apperr.Invalidf("weight must be a finite number, got %v", f.Weight)
	case f.Price < 0:
		return apperr.Invalidf("price must be 0 or more, got %v", f.Price)
	case f.Number < 0:
		return apperr.Invalidf("number must be 0 or more, got %d", f.Number)
	case f.Weight < 0:
		return apperr.Invalidf("weight must be 0 or more, got %v", f.Weight)
	}
	g.Name, g.Price, g.Number, g.Weight, g.Introduction = strings.TrimSpace(f.Name), f.Price, f.Number, f.Weight, f.Introduction
	if f.CategoryPath == nil {
		if g.ID == 0 {
			return apperr.Invalidf("new goods need a category path")
		}
		return nil
	}
	if err := s.checkCategoryPath(ctx, f.CategoryPath); err != nil {
		return err
	}
	ids := make([]string, len(f.CategoryPath))
	for i, id := range f.CategoryPath {
		ids[i] = strconv.FormatInt(id, 10)
	}
	g.CategoryPath, g.CategoryID = strings.Join(ids, ","), f.CategoryPath[len(f.CategoryPath)-1]
	return nil
}

// CategoryPath reads the stored path ("1,2,3") as ids.
func CategoryPath(g *db.ShopGoods) ([]int64, error) {
	parts := strings.FieldsFunc(g.CategoryPath, func(r rune) bool { return r == ',' })
	ids := make([]int64, 0, len(parts))
	for _, p := range parts {
		id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// checkCategoryPath wants live categories, each the parent of the next,
// starting at the top level (one statement for all of them).
func (s *ShopGoods) checkCategoryPath(ctx context.Context, path []int64) error {
	if len(path) == 0 {
		return apperr.Invalidf("goods need a category path")
	}
	cats, err := s.catalog.LiveCategories(ctx, path)
	if err != nil {
		return err
	}
	byID := make(map[int64]*db.ShopCategory, len(cats))
	for _, c := range cats {
		byID[c.ID] = c
	}
	parent := int64(0)
	for _, id := range path {
		c, ok := byID[id]
		if !ok {
			return apperr.Missing(apperr.EntityCategory, id)
		}
		if c.ParentID != parent {
			return apperr.Invalidf("category %d is not a sub-category of %d: the path must go from the top down", id, parent)
		}
		parent = id
	}
	return nil
}

// makePictures makes the files of the new pictures ch names, before any
// transaction; an input needs an id or a temporary upload.
func (s *ShopGoods) makePictures(ctx context.Context, ch GoodsChildren) ([]db.ShopGoodsPic, error) {
	var made []db.ShopGoodsPic
	for i, p := range ch.Pictures {
		switch {
		case p.ID != nil: // an id keeps the picture, as the legacy sync did
		case p.TmpPath != nil:
			pic, err := s.media.MakeGoodsPicture(ctx, *p.TmpPath)
			if err != nil {
				return nil, err
			}
			made = append(made, db.ShopGoodsPic{Big: pic.Big, Mid: pic.Mid, Small: pic.Small})
		default:
			return nil, apperr.Invalidf("picture %d needs an id or a tmpPath", i+1)
		}
	}
	return made, nil
}

// replaceChildren writes the pictures (with the files made) and attribute
// values ch names.
func (s *ShopGoods) replaceChildren(ctx context.Context, g *db.ShopGoods, ch GoodsChildren, made []db.ShopGoodsPic) error {
	if ch.SetPictures {
		keep := []int64{}
		for _, p := range ch.Pictures {
			if p.ID != nil {
				keep = append(keep, *p.ID)
			}
		}
		id, missing, err := s.store.MissingPic(ctx, g.ID, keep)
		if err != nil {
			return err
		}
		if missing {
			return apperr.Missing(apperr.EntityPicture, id)
		}
		for i := range made {
			made[i].GoodsID = g.ID
		}
		if err := s.store.ReplacePics(ctx, g.ID, keep, made); err != nil {
			return err
		}
	}
	if ch.SetAttributes {
		return s.replaceAttributes(ctx, g, ch.Attributes)
	}
	return nil
}

// replaceAttributes sets the goods' attribute values; every attribute must
// belong to the goods' category.
func (s *ShopGoods) replaceAttributes(ctx context.Context, g *db.ShopGoods, attrs []GoodsAttribute) error {
	ids := make([]int64, len(attrs))
	rows := make([]db.ShopGoodsAttr, len(attrs))
	for i, a := range attrs {
		ids[i] = a.AttributeID
		rows[i] = db.ShopGoodsAttr{GoodsID: g.ID, AttributeID: a.AttributeID, Value: a.Value}
	}
	if len(ids) > 0 {
		found, err := s.catalog.AttributesByIDs(ctx, ids)
		if err != nil {
			return err
		}
		have := make(map[int64]bool, len(found))
		for _, a := range found {
			if a.CategoryID != g.CategoryID {
				return apperr.Invalidf("attribute %d belongs to category %d, not to the goods' category %d", a.ID, a.CategoryID, g.CategoryID)
			}
			have[a.ID] = true
		}
		for _, id := range ids {
			if !have[id] {
				return apperr.Missing(apperr.EntityAttribute, id)
			}
		}
	}
	return s.store.ReplaceAttrs(ctx, g.ID, rows)
}

// SaveUpload keeps an uploaded image as a temporary upload and returns its
// path, for a later goods write to make a picture of.
func (s *ShopGoods) SaveUpload(file io.Reader) (string, error) { return s.media.SaveUpload(file) }
