package db

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/apperr"
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
	State        int        `bun:",notnull"` // a code of enum.ShopGoodsState (the legacy goods_state)
	BigLogo      string     `bun:",notnull"`
	SmallLogo    string     `bun:",notnull"`
	HotNumber    int        `bun:",notnull"`
	Promoted     bool       `bun:",notnull"`
	Deleted      bool       `bun:",notnull"`
	CreatedAt    time.Time  `bun:",notnull"`
	UpdatedAt    time.Time  `bun:",notnull"`
	DeletedAt    *time.Time `bun:""`

	// Edges, set by LoadGoodsEdges when asked for.
	Pictures   []*ShopGoodsPic  `bun:"rel:has-many,join:id=goods_id"`
	Attributes []*ShopGoodsAttr `bun:"rel:has-many,join:id=goods_id"`
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

	Attribute *ShopAttribute `bun:"rel:belongs-to,join:attribute_id=id"` // an edge, see ShopGoodsEdges
}

// ShopGoodsStore keeps the shop's goods, their pictures and their
// attribute values.
type ShopGoodsStore struct{ h *Handle }

// ShopGoodsFilter narrows the goods list to names containing Query.
type ShopGoodsFilter struct {
	Query string
}

func (f ShopGoodsFilter) apply(q *bun.SelectQuery) *bun.SelectQuery {
	return whereContains(q, "name", f.Query)
}

// List lists goods not deleted, newest first; total counts every match.
func (s *ShopGoodsStore) List(ctx context.Context, f ShopGoodsFilter, p *Paging) ([]*ShopGoods, int, error) {
	rows := []*ShopGoods{}
	q := f.apply(s.h.idb(ctx).NewSelect().Model(&rows).Where("NOT deleted"))
	total, err := scanPage(ctx, q, &rows, p, newestFirst)
	return rows, total, err
}

// Goods reads goods by id, deleted or not.
func (s *ShopGoodsStore) Goods(ctx context.Context, id int64) (*ShopGoods, error) {
	return byID[ShopGoods](ctx, s.h.idb(ctx), id, apperr.EntityGoods)
}

// LiveGoods reads the goods with these ids that are not deleted, in one
// statement.
func (s *ShopGoodsStore) LiveGoods(ctx context.Context, ids []int64) ([]*ShopGoods, error) {
	return liveByIDs[ShopGoods](ctx, s.h.idb(ctx), ids)
}

// ShopGoodsEdges names the edges of goods a reader asks for.
type ShopGoodsEdges struct {
	Pictures      bool
	Attributes    bool
	AttributeDefs bool // the attribute of each value, with Attributes
}

// LoadGoodsEdges sets the edges of these goods that e asks for, in one
// statement per edge whatever the number of goods: pictures, and attribute
// values joined with their attributes, each in the order they were added.
func (s *ShopGoodsStore) LoadGoodsEdges(ctx context.Context, e ShopGoodsEdges, goods ...*ShopGoods) error {
	return loadGoodsEdges(ctx, s.h.idb(ctx), e, goods)
}

// loadGoodsEdges is LoadGoodsEdges for any store that reads goods (an
// order's lines read theirs). The same goods may come more than once.
func loadGoodsEdges(ctx context.Context, db bun.IDB, e ShopGoodsEdges, goods []*ShopGoods) error {
	if len(goods) == 0 {
		return nil
	}
	id := func(g *ShopGoods) int64 { return g.ID }
	if e.Pictures {
		pics, err := childrenOf[ShopGoodsPic](ctx, db, "goods_id", keysOf(goods, id), "")
		if err != nil {
			return err
		}
		attachMany(goods, id, pics, func(p *ShopGoodsPic) int64 { return p.GoodsID },
			func(g *ShopGoods, ps []*ShopGoodsPic) { g.Pictures = ps })
	}
	if !e.Attributes {
		return nil
	}
	join := ""
	if e.AttributeDefs {
		join = "Attribute"
	}
	attrs, err := childrenOf[ShopGoodsAttr](ctx, db, "goods_id", keysOf(goods, id), join)
	if err != nil {
		return err
	}
	if e.AttributeDefs {
		if err := joinedOne(attrs, func(a *ShopGoodsAttr) int64 { return a.AttributeID },
			func(a *ShopGoodsAttr) *ShopAttribute { return a.Attribute }, apperr.EntityAttribute); err != nil {
			return err
		}
	}
	attachMany(goods, id, attrs, func(a *ShopGoodsAttr) int64 { return a.GoodsID },
		func(g *ShopGoods, as []*ShopGoodsAttr) { g.Attributes = as })
	return nil
}

// Now is the time goods are stamped with: seconds, as the legacy answers
// show unix seconds.
func (s *ShopGoodsStore) Now() time.Time { return s.h.Now().Truncate(time.Second) }

func (s *ShopGoodsStore) Create(ctx context.Context, g *ShopGoods) error {
	_, err := s.h.idb(ctx).NewInsert().Model(g).Exec(ctx)
	return duplicate(err, "a goods named %q already exists", g.Name)
}

// Update writes these columns of the goods.
func (s *ShopGoodsStore) Update(ctx context.Context, g *ShopGoods, columns ...string) error {
	_, err := s.h.idb(ctx).NewUpdate().Model(g).WherePK().Column(columns...).Exec(ctx)
	return duplicate(err, "a goods named %q already exists", g.Name)
}

// DropForeignAttrs deletes the goods' attribute values whose attribute is
// not of the goods' category (one statement).
func (s *ShopGoodsStore) DropForeignAttrs(ctx context.Context, g *ShopGoods) error {
	own := s.h.idb(ctx).NewSelect().Model((*ShopAttribute)(nil)).Column("id").Where("category_id = ?", g.CategoryID)
	return deleteWhere[ShopGoodsAttr](ctx, s.h.idb(ctx), "goods_id = ? AND attribute_id NOT IN (?)", g.ID, own)
}

// MissingPic returns the first of ids that is not a picture of the goods.
func (s *ShopGoodsStore) MissingPic(ctx context.Context, goodsID int64, ids []int64) (int64, bool, error) {
	if len(ids) == 0 {
		return 0, false, nil
	}
	var found []int64
	err := s.h.idb(ctx).NewSelect().Model((*ShopGoodsPic)(nil)).Column("id").
		Where("goods_id = ?", goodsID).Where("id IN (?)", bun.In(ids)).Scan(ctx, &found)
	if err != nil {
		return 0, false, err
	}
	id, missing := firstMissing(ids, found)
	return id, missing, nil
}

// ReplacePics keeps the goods' pictures with these ids, drops the rest and
// adds the new ones.
func (s *ShopGoodsStore) ReplacePics(ctx context.Context, goodsID int64, keep []int64, add []ShopGoodsPic) error {
	q := s.h.idb(ctx).NewDelete().Model((*ShopGoodsPic)(nil)).Where("goods_id = ?", goodsID)
	if len(keep) > 0 {
		q = q.Where("id NOT IN (?)", bun.In(keep))
	}
	if _, err := q.Exec(ctx); err != nil {
		return err
	}
	return insertAll(ctx, s.h.idb(ctx), add)
}

// ReplaceAttrs sets the goods' attribute values to these.
func (s *ShopGoodsStore) ReplaceAttrs(ctx context.Context, goodsID int64, attrs []ShopGoodsAttr) error {
	if err := deleteWhere[ShopGoodsAttr](ctx, s.h.idb(ctx), "goods_id = ?", goodsID); err != nil {
		return err
	}
	return insertAll(ctx, s.h.idb(ctx), attrs)
}
