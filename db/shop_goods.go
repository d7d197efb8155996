package db

import (
	"context"
	"time"

	"github.com/uptrace/bun"
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

func (s *Store) ShopGoodsByIDs(ctx context.Context, ids []int64) ([]*ShopGoods, error) {
	return byIDs[ShopGoods](ctx, s.db, ids)
}

func (s *Store) ShopGoodsPicsByGoodsIDs(ctx context.Context, goods []int64) ([]*ShopGoodsPic, error) {
	return childrenOf[ShopGoodsPic](ctx, s.db, "goods_id", goods)
}

func (s *Store) ShopGoodsAttrsByGoodsIDs(ctx context.Context, goods []int64) ([]*ShopGoodsAttr, error) {
	return childrenOf[ShopGoodsAttr](ctx, s.db, "goods_id", goods)
}

// seedShopGoods adds the shop demo data of this domain to a store without any.
func (s *Store) seedShopGoods(ctx context.Context) error {
	return nil
}
