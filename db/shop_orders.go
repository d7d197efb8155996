package db

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

type ShopOrder struct {
	bun.BaseModel `bun:"table:shop_orders"`

	ID               int64     `bun:",pk,autoincrement"`
	Number           string    `bun:",notnull"`
	UserID           int64     `bun:",notnull"`
	Price            float64   `bun:",notnull"`
	PayMethod        int       `bun:",notnull"` // 0 unpaid, 1 alipay, 2 wechat, 3 bank card
	Sent             bool      `bun:",notnull"`
	TradeNumber      string    `bun:",notnull"`
	InvoiceTitle     string    `bun:",notnull"`
	InvoiceCompany   string    `bun:",notnull"`
	InvoiceContent   string    `bun:",notnull"`
	ConsigneeAddress string    `bun:",notnull"`
	Paid             bool      `bun:",notnull"`
	CreatedAt        time.Time `bun:",notnull"`
	UpdatedAt        time.Time `bun:",notnull"`
}

type ShopOrderLine struct {
	bun.BaseModel `bun:"table:shop_order_lines"`

	ID      int64   `bun:",pk,autoincrement"`
	OrderID int64   `bun:",notnull"`
	GoodsID int64   `bun:",notnull"`
	Price   float64 `bun:",notnull"`
	Number  int     `bun:",notnull"`
	Total   float64 `bun:",notnull"`
}

// TrackingEvent is one step of a shipment, by tracking number.
type TrackingEvent struct {
	bun.BaseModel `bun:"table:tracking_events"`

	ID             int64     `bun:",pk,autoincrement"`
	TrackingNumber string    `bun:",notnull"`
	Time           time.Time `bun:",notnull"`
	Context        string    `bun:",notnull"`
	Location       *string   `bun:""`
}

func (s *Store) ShopOrderLinesByOrderIDs(ctx context.Context, orders []int64) ([]*ShopOrderLine, error) {
	return childrenOf[ShopOrderLine](ctx, s.db, "order_id", orders)
}

// seedShopOrders adds the shop demo data of this domain to a store without any.
func (s *Store) seedShopOrders(ctx context.Context) error {
	return nil
}
