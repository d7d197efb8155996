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

// ShopGoodsStore keeps the shop's goods, their pictures and their
// attribute values.
type ShopGoodsStore struct{ h *Handle }

func (s *ShopGoodsStore) PicsByGoodsIDs(ctx context.Context, goods []int64) ([]*ShopGoodsPic, error) {
	return childrenOf[ShopGoodsPic](ctx, s.h.idb(ctx), "goods_id", goods)
}

func (s *ShopGoodsStore) AttrsByGoodsIDs(ctx context.Context, goods []int64) ([]*ShopGoodsAttr, error) {
	return childrenOf[ShopGoodsAttr](ctx, s.h.idb(ctx), "goods_id", goods)
}

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
	q := f.apply(s.h.idb(ctx).NewSelect().Model(&rows).Where("NOT deleted").OrderExpr("created_at DESC, id DESC"))
	total, err := scanPage(ctx, q, &rows, p)
	return rows, total, err
}

// Goods reads goods by id, deleted or not.
func (s *ShopGoodsStore) Goods(ctx context.Context, id int64) (*ShopGoods, error) {
	return byID[ShopGoods](ctx, s.h.idb(ctx), id, apperr.EntityGoods)
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
