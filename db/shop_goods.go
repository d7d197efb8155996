package db

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/apperr"
)

// Goods states (the legacy goods_state).
const (
	GoodsRejected = 0
	GoodsInReview = 1
	GoodsApproved = 2
)

type ShopGoods struct {
	bun.BaseModel `bun:"table:shop_goods"`

	ID           int64      `bun:",pk,autoincrement"`
	Name         string     `bun:",notnull"`
	CategoryPath string     `bun:",notnull"` // "1,2,3"
	CategoryID   int64      `bun:",notnull"` // the last of the path
	Price        float64    `bun:",notnull"`
	Number       int        `bun:",notnull"`
	Weight       float64    `bun:",notnull"`
	Introduction string     `bun:",notnull"`
	State        int        `bun:",notnull"`
	BigLogo      string     `bun:",notnull"`
	SmallLogo    string     `bun:",notnull"`
	HotNumber    int        `bun:",notnull"`
	Promoted     bool       `bun:",notnull"`
	Deleted      bool       `bun:",notnull"`
	CreatedAt    time.Time  `bun:",notnull"`
	UpdatedAt    time.Time  `bun:",notnull"`
	DeletedAt    *time.Time `bun:""`
}

// ShopGoodsPic is one picture in three sizes; paths are relative to the
// server root.
type ShopGoodsPic struct {
	bun.BaseModel `bun:"table:shop_goods_pics"`

	ID      int64  `bun:",pk,autoincrement"`
	GoodsID int64  `bun:",notnull"`
	Big     string `bun:",notnull"`
	Mid     string `bun:",notnull"`
	Small   string `bun:",notnull"`
}

type ShopGoodsAttr struct {
	bun.BaseModel `bun:"table:shop_goods_attrs"`

	ID          int64    `bun:",pk,autoincrement"`
	GoodsID     int64    `bun:",notnull"`
	AttributeID int64    `bun:",notnull"`
	Value       string   `bun:",notnull"`
	AddPrice    *float64 `bun:""`
}

// ShopGoodsFields are the goods' own columns a create or an update writes.
type ShopGoodsFields struct {
	Name         string
	CategoryPath []int64 // from the top down; the last is the goods' category; nil keeps it on update
	Price        float64
	Number       int
	Weight       float64
	Introduction string
}

// ShopGoodsPicInput keeps the goods' picture with ID, or (ID nil) adds a
// picture whose files were already made.
type ShopGoodsPicInput struct {
	ID              *int64
	Big, Mid, Small string
}

type ShopGoodsAttrInput struct {
	AttributeID int64
	Value       string
}

// ShopGoodsChildren says which children a write replaces: nil keeps them.
type ShopGoodsChildren struct {
	Pics  *[]ShopGoodsPicInput
	Attrs *[]ShopGoodsAttrInput
}

func (s *Store) ShopGoodsByIDs(ctx context.Context, ids []int64) ([]*ShopGoods, error) {
	return byIDs[ShopGoods](ctx, s.db, ids)
}

func (s *Store) ShopGoodsPicsByGoodsIDs(ctx context.Context, goods []int64) ([]*ShopGoodsPic, error) {
	return childrenOf[ShopGoodsPic](ctx, s.db, "goods_id", goods)
}

func (s *Store) ShopGoodsAttrsByGoodsIDs(ctx context.Context, goods []int64) ([]*ShopGoodsAttr, error) {
	return childrenOf[ShopGoodsAttr](ctx, s.db, "goods_id", goods)
}

// ListShopGoods lists goods not deleted whose name contains query, newest
// first; total counts all matching goods.
func (s *Store) ListShopGoods(ctx context.Context, query string, p *Paging) ([]*ShopGoods, int, error) {
	rows := []*ShopGoods{}
	q := s.db.NewSelect().Model(&rows).Where("NOT deleted").OrderExpr("created_at DESC, id DESC")
	if query != "" {
		q = q.Where("LOWER(name) LIKE ? ESCAPE '\\'", "%"+escapeLike(strings.ToLower(query))+"%")
	}
	total, err := applyPaging(q, p).ScanAndCount(ctx)
	return rows, int(total), err
}

// ShopGoods reads goods by id, deleted or not.
func (s *Store) ShopGoods(ctx context.Context, id int64) (*ShopGoods, error) {
	return byID[ShopGoods](ctx, s.db, id, "goods")
}

// CreateShopGoods adds goods in review with their pictures and attribute
// values, in one transaction.
func (s *Store) CreateShopGoods(ctx context.Context, f ShopGoodsFields, ch ShopGoodsChildren) (*ShopGoods, error) {
	now := time.Now().UTC().Truncate(time.Second)
	g := &ShopGoods{State: GoodsInReview, CreatedAt: now, UpdatedAt: now}
	err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := setGoodsFields(ctx, tx, g, f); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(g).Exec(ctx); err != nil {
			return duplicateName(err, "goods", g.Name)
		}
		return replaceGoodsChildren(ctx, tx, g, ch)
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// UpdateShopGoods rewrites the goods' own columns and replaces the children
// ch names, in one transaction. Deleted goods cannot be changed. Moved to
// another category without new attribute values, the goods lose the values
// of attributes that are not the new category's.
func (s *Store) UpdateShopGoods(ctx context.Context, id int64, f ShopGoodsFields, ch ShopGoodsChildren) (*ShopGoods, error) {
	return s.changeGoods(ctx, id, func(ctx context.Context, tx bun.Tx, g *ShopGoods) error {
		oldCategory := g.CategoryID
		if err := setGoodsFields(ctx, tx, g, f); err != nil {
			return err
		}
		_, err := tx.NewUpdate().Model(g).WherePK().
			Column("name", "category_path", "category_id", "price", "number", "weight", "introduction", "updated_at").
			Exec(ctx)
		if err != nil {
			return duplicateName(err, "goods", g.Name)
		}
		if g.CategoryID != oldCategory && ch.Attrs == nil {
			if err := dropForeignGoodsAttrs(ctx, tx, g); err != nil {
				return err
			}
		}
		return replaceGoodsChildren(ctx, tx, g, ch)
	})
}

// dropForeignGoodsAttrs deletes the goods' attribute values whose attribute
// is not of the goods' category (one statement).
func dropForeignGoodsAttrs(ctx context.Context, tx bun.Tx, g *ShopGoods) error {
	own := tx.NewSelect().Model((*ShopAttribute)(nil)).Column("id").Where("category_id = ?", g.CategoryID)
	_, err := tx.NewDelete().Model((*ShopGoodsAttr)(nil)).Where("goods_id = ?", g.ID).
		Where("attribute_id NOT IN (?)", own).Exec(ctx)
	return err
}

// SetShopGoodsChildren replaces the goods' pictures and/or attribute values.
func (s *Store) SetShopGoodsChildren(ctx context.Context, id int64, ch ShopGoodsChildren) (*ShopGoods, error) {
	return s.changeGoods(ctx, id, func(ctx context.Context, tx bun.Tx, g *ShopGoods) error {
		if _, err := tx.NewUpdate().Model(g).WherePK().Column("updated_at").Exec(ctx); err != nil {
			return err
		}
		return replaceGoodsChildren(ctx, tx, g, ch)
	})
}

func (s *Store) SetShopGoodsState(ctx context.Context, id int64, state int) (*ShopGoods, error) {
	if state != GoodsRejected && state != GoodsInReview && state != GoodsApproved {
		return nil, apperr.Invalidf("goods state must be 0, 1 or 2, got %d", state)
	}
	return s.changeGoods(ctx, id, func(ctx context.Context, tx bun.Tx, g *ShopGoods) error {
		g.State = state
		_, err := tx.NewUpdate().Model(g).WherePK().Column("state", "updated_at").Exec(ctx)
		return err
	})
}

// DeleteShopGoods marks goods deleted; they stay readable by id and their
// name is free again.
func (s *Store) DeleteShopGoods(ctx context.Context, id int64) error {
	_, err := s.changeGoods(ctx, id, func(ctx context.Context, tx bun.Tx, g *ShopGoods) error {
		g.Deleted, g.DeletedAt = true, &g.UpdatedAt
		_, err := tx.NewUpdate().Model(g).WherePK().Column("deleted", "deleted_at", "updated_at").Exec(ctx)
		return err
	})
	return err
}

// changeGoods runs change on live goods (read in the transaction, with
// UpdatedAt set to now) and returns them as written.
func (s *Store) changeGoods(ctx context.Context, id int64, change func(context.Context, bun.Tx, *ShopGoods) error) (*ShopGoods, error) {
	g := new(ShopGoods)
	err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		cur, err := byID[ShopGoods](ctx, tx, id, "goods")
		if err != nil {
			return err
		}
		if cur.Deleted {
			return apperr.Missing("goods", id)
		}
		*g = *cur
		g.UpdatedAt = time.Now().UTC().Truncate(time.Second)
		return change(ctx, tx, g)
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// setGoodsFields checks f and copies it into g.
func setGoodsFields(ctx context.Context, tx bun.Tx, g *ShopGoods, f ShopGoodsFields) error {
	if err := requireName("goods", f.Name); err != nil {
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
	if err := checkCategoryPath(ctx, tx, f.CategoryPath); err != nil {
		return err
	}
	ids := make([]string, len(f.CategoryPath))
	for i, id := range f.CategoryPath {
		ids[i] = strconv.FormatInt(id, 10)
	}
	g.CategoryPath, g.CategoryID = strings.Join(ids, ","), f.CategoryPath[len(f.CategoryPath)-1]
	return nil
}

// checkCategoryPath wants live categories, each the parent of the next,
// starting at the top level (one query for all of them).
func checkCategoryPath(ctx context.Context, tx bun.Tx, path []int64) error {
	if len(path) == 0 {
		return apperr.Invalidf("goods need a category path")
	}
	var cats []*ShopCategory
	if err := tx.NewSelect().Model(&cats).Where("id IN (?)", bun.In(path)).Where("NOT deleted").Scan(ctx); err != nil {
		return err
	}
	byID := make(map[int64]*ShopCategory, len(cats))
	for _, c := range cats {
		byID[c.ID] = c
	}
	parent := int64(0)
	for _, id := range path {
		c, ok := byID[id]
		if !ok {
			return apperr.Missing("category", id)
		}
		if c.ParentID != parent {
			return apperr.Invalidf("category %d is not a sub-category of %d: the path must go from the top down", id, parent)
		}
		parent = id
	}
	return nil
}

// replaceGoodsChildren writes the pictures and attribute values ch names.
func replaceGoodsChildren(ctx context.Context, tx bun.Tx, g *ShopGoods, ch ShopGoodsChildren) error {
	if ch.Pics != nil {
		if err := replaceGoodsPics(ctx, tx, g.ID, *ch.Pics); err != nil {
			return err
		}
	}
	if ch.Attrs != nil {
		return replaceGoodsAttrs(ctx, tx, g, *ch.Attrs)
	}
	return nil
}

// replaceGoodsPics keeps the listed pictures of the goods, drops the rest
// and adds the new ones.
func replaceGoodsPics(ctx context.Context, tx bun.Tx, goodsID int64, pics []ShopGoodsPicInput) error {
	keep := []int64{}
	var add []ShopGoodsPic
	for _, p := range pics {
		if p.ID != nil {
			keep = append(keep, *p.ID)
			continue
		}
		add = append(add, ShopGoodsPic{GoodsID: goodsID, Big: p.Big, Mid: p.Mid, Small: p.Small})
	}
	if len(keep) > 0 {
		var found []int64
		err := tx.NewSelect().Model((*ShopGoodsPic)(nil)).Column("id").
			Where("goods_id = ?", goodsID).Where("id IN (?)", bun.In(keep)).Scan(ctx, &found)
		if err != nil {
			return err
		}
		if missing, ok := firstMissing(keep, found); ok {
			return apperr.Missing("picture", missing)
		}
	}
	q := tx.NewDelete().Model((*ShopGoodsPic)(nil)).Where("goods_id = ?", goodsID)
	if len(keep) > 0 {
		q = q.Where("id NOT IN (?)", bun.In(keep))
	}
	if _, err := q.Exec(ctx); err != nil {
		return err
	}
	if len(add) == 0 {
		return nil
	}
	_, err := tx.NewInsert().Model(&add).Exec(ctx)
	return err
}

// replaceGoodsAttrs sets the goods' attribute values to attrs; every
// attribute must belong to the goods' category.
func replaceGoodsAttrs(ctx context.Context, tx bun.Tx, g *ShopGoods, attrs []ShopGoodsAttrInput) error {
	ids := make([]int64, len(attrs))
	rows := make([]ShopGoodsAttr, len(attrs))
	for i, a := range attrs {
		ids[i] = a.AttributeID
		rows[i] = ShopGoodsAttr{GoodsID: g.ID, AttributeID: a.AttributeID, Value: a.Value}
	}
	if len(ids) > 0 {
		var found []*ShopAttribute
		if err := tx.NewSelect().Model(&found).Where("id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
			return err
		}
		foundIDs := make([]int64, len(found))
		for i, a := range found {
			if a.CategoryID != g.CategoryID {
				return apperr.Invalidf("attribute %d belongs to category %d, not to the goods' category %d", a.ID, a.CategoryID, g.CategoryID)
			}
			foundIDs[i] = a.ID
		}
		if missing, ok := firstMissing(ids, foundIDs); ok {
			return apperr.Missing("attribute", missing)
		}
	}
	if _, err := tx.NewDelete().Model((*ShopGoodsAttr)(nil)).Where("goods_id = ?", g.ID).Exec(ctx); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := tx.NewInsert().Model(&rows).Exec(ctx)
	return err
}

// firstMissing returns the first of want that found lacks.
func firstMissing(want, found []int64) (int64, bool) {
	have := make(map[int64]bool, len(found))
	for _, id := range found {
		have[id] = true
	}
	for _, id := range want {
		if !have[id] {
			return id, true
		}
	}
	return 0, false
}

// seedShopGoods adds a few goods in the demo category 曲面电视, with values
// for its attributes, to a store without goods. Without that category (the
// catalog seed makes it) there is nothing to put goods in, and it does
// nothing.
func (s *Store) seedShopGoods(ctx context.Context) error {
	n, err := s.db.NewSelect().Model((*ShopGoods)(nil)).Count(ctx)
	if err != nil || n > 0 {
		return err
	}
	cat := new(ShopCategory)
	err = s.db.NewSelect().Model(cat).Where("name = ?", "曲面电视").Where("NOT deleted").OrderExpr("id ASC").Limit(1).Scan(ctx)
	if isNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	path := []int64{cat.ID}
	for parent := cat.ParentID; parent != 0 && len(path) < 3; {
		p, err := byID[ShopCategory](ctx, s.db, parent, "category")
		if err != nil {
			return err
		}
		path = append([]int64{p.ID}, path...)
		parent = p.ParentID
	}
	var attrs []*ShopAttribute
	if err := s.db.NewSelect().Model(&attrs).Where("category_id = ?", cat.ID).
		Where("name IN (?)", bun.In([]string{"颜色", "尺寸"})).Scan(ctx); err != nil {
		return err
	}
	goods := []struct {
		name, size    string
		price, weight float64
		number        int
		pick          int // which of a listed attribute's values the goods get
	}{
		{"海信 55英寸 4K 曲面智能电视", "55英寸", 3999, 18, 120, 0},
		{"三星 65英寸 QLED 曲面电视", "65英寸", 8999, 26, 45, 1},
		{"TCL 49英寸 全高清 曲面电视", "49英寸", 2199, 12, 300, 2},
	}
	for _, d := range goods {
		var values []ShopGoodsAttrInput
		for _, a := range attrs {
			value := pickValue(a.Values, d.pick)
			if a.Name == "尺寸" {
				value = d.size
			}
			values = append(values, ShopGoodsAttrInput{AttributeID: a.ID, Value: value})
		}
		_, err := s.CreateShopGoods(ctx, ShopGoodsFields{
			Name: d.name, CategoryPath: path, Price: d.price, Number: d.number, Weight: d.weight,
			Introduction: "<p>" + d.name + "</p>",
		}, ShopGoodsChildren{Attrs: &values})
		if err != nil {
			return err
		}
	}
	return nil
}

// pickValue takes the i-th (wrapping) of space-separated values.
func pickValue(values string, i int) string {
	vs := strings.Fields(values)
	if len(vs) == 0 {
		return ""
	}
	return vs[i%len(vs)]
}
