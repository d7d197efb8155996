package db

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/apperr"
)

type ShopOrder struct {
	bun.BaseModel `bun:"table:shop_orders"`

	ID               int64     `bun:",pk,autoincrement"`
	Number           string    `bun:",notnull"`
	UserID           int64     `bun:",notnull"`
	Price            float64   `bun:",notnull"`
	PayMethod        int       `bun:",notnull"` // a code of enum.ShopPayMethod (the legacy order_pay)
	Sent             bool      `bun:",notnull"`
	TradeNumber      string    `bun:",notnull"`
	InvoiceTitle     string    `bun:",notnull"`
	InvoiceCompany   string    `bun:",notnull"`
	InvoiceContent   string    `bun:",notnull"`
	ConsigneeAddress string    `bun:",notnull"`
	Paid             bool      `bun:",notnull"`
	CreatedAt        time.Time `bun:",notnull"`
	UpdatedAt        time.Time `bun:",notnull"`

	Lines []*ShopOrderLine `bun:"rel:has-many,join:id=order_id"` // an edge, see ShopOrderEdges
}

type ShopOrderLine struct {
	bun.BaseModel `bun:"table:shop_order_lines"`

	ID      int64   `bun:",pk,autoincrement"`
	OrderID int64   `bun:",notnull"`
	GoodsID int64   `bun:",notnull"`
	Price   float64 `bun:",notnull"`
	Number  int     `bun:",notnull"`
	Total   float64 `bun:",notnull"`

	Goods *ShopGoods `bun:"rel:belongs-to,join:goods_id=id"` // an edge, see ShopOrderEdges
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

// ShopOrderFilter narrows the order list; nil fields do not filter, text
// fields match part of the value.
type ShopOrderFilter struct {
	Number           *string
	UserID           *int64
	Paid             *bool
	Sent             *bool
	InvoiceTitle     *string
	InvoiceCompany   *string
	InvoiceContent   *string
	ConsigneeAddress *string
}

func (f ShopOrderFilter) apply(q *bun.SelectQuery) *bun.SelectQuery {
	for _, m := range []struct {
		column string
		part   *string
	}{
		{"number", f.Number}, {"invoice_title", f.InvoiceTitle}, {"invoice_company", f.InvoiceCompany},
		{"invoice_content", f.InvoiceContent}, {"consignee_address", f.ConsigneeAddress},
	} {
		if m.part != nil {
			q = whereContains(q, m.column, *m.part)
		}
	}
	for _, m := range []struct {
		column string
		value  any
		given  bool
	}{
		{"user_id", f.UserID, f.UserID != nil}, {"paid", f.Paid, f.Paid != nil}, {"sent", f.Sent, f.Sent != nil},
	} {
		if m.given {
			q = q.Where("? = ?", bun.Ident(m.column), m.value)
		}
	}
	return q
}

// ShopOrderStore keeps the shop's orders, their lines and the shipments'
// tracking events.
type ShopOrderStore struct{ h *Handle }

// List lists orders newest first; total counts every match.
func (s *ShopOrderStore) List(ctx context.Context, f ShopOrderFilter, p *Paging) ([]*ShopOrder, int, error) {
	rows := []*ShopOrder{}
	total, err := scanPage(ctx, f.apply(s.h.idb(ctx).NewSelect().Model(&rows)), &rows, p, newestFirst)
	return rows, total, err
}

func (s *ShopOrderStore) Order(ctx context.Context, id int64) (*ShopOrder, error) {
	return byID[ShopOrder](ctx, s.h.idb(ctx), id, apperr.EntityOrder)
}

// ShopOrderEdges names the edges of orders a reader asks for.
type ShopOrderEdges struct {
	Lines bool
	// LineGoods, with Lines, asks for each line's goods and the goods'
	// edges it names; nil: the lines' goods are not asked for.
	LineGoods *ShopGoodsEdges
}

// LoadOrderEdges sets the edges of these orders that e asks for, in one
// statement per edge whatever the number of orders: lines (in the order
// they were added) joined with their goods, then the goods' own edges.
func (s *ShopOrderStore) LoadOrderEdges(ctx context.Context, e ShopOrderEdges, orders ...*ShopOrder) error {
	if len(orders) == 0 || !e.Lines {
		return nil
	}
	join := ""
	if e.LineGoods != nil {
		join = "Goods"
	}
	lines, err := childrenOf[ShopOrderLine](ctx, s.h.idb(ctx), "order_id", keysOf(orders, func(o *ShopOrder) int64 { return o.ID }), join)
	if err != nil {
		return err
	}
	attachMany(orders, func(o *ShopOrder) int64 { return o.ID }, lines,
		func(l *ShopOrderLine) int64 { return l.OrderID }, func(o *ShopOrder, ls []*ShopOrderLine) { o.Lines = ls })
	if e.LineGoods == nil {
		return nil
	}
	if err := joinedOne(lines, func(l *ShopOrderLine) int64 { return l.GoodsID },
		func(l *ShopOrderLine) *ShopGoods { return l.Goods }, apperr.EntityGoods); err != nil {
		return err
	}
	goods := make([]*ShopGoods, len(lines))
	for i, l := range lines {
		goods[i] = l.Goods
	}
	return loadGoodsEdges(ctx, s.h.idb(ctx), *e.LineGoods, goods)
}

// Update writes these columns of the order and always moves updated_at.
func (s *ShopOrderStore) Update(ctx context.Context, o *ShopOrder, columns ...string) error {
	o.UpdatedAt = s.h.Now()
	_, err := s.h.idb(ctx).NewUpdate().Model(o).Column(append(columns, "updated_at")...).WherePK().Exec(ctx)
	return duplicate(err, "an order numbered %q already exists", o.Number)
}

// TrackingEvents returns the events of one tracking number, newest first.
func (s *ShopOrderStore) TrackingEvents(ctx context.Context, trackingNumber string) ([]*TrackingEvent, error) {
	rows := []*TrackingEvent{}
	err := s.h.idb(ctx).NewSelect().Model(&rows).Where("tracking_number = ?", trackingNumber).
		OrderExpr("time DESC, id DESC").Scan(ctx)
	return rows, err
}

// CreateOrder adds an order with its lines.
func (s *ShopOrderStore) CreateOrder(ctx context.Context, o *ShopOrder, lines []ShopOrderLine) error {
	if _, err := s.h.idb(ctx).NewInsert().Model(o).Exec(ctx); err != nil {
		return duplicate(err, "an order numbered %q already exists", o.Number)
	}
	for i := range lines {
		lines[i].OrderID = o.ID
	}
	return insertAll(ctx, s.h.idb(ctx), lines)
}

// AddTrackingEvents records steps of shipments.
func (s *ShopOrderStore) AddTrackingEvents(ctx context.Context, events []TrackingEvent) error {
	return insertAll(ctx, s.h.idb(ctx), events)
}
