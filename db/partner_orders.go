package db

import (
	"context"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/onegraph/server/apperr"
)

// PartnerOrder is a parent order (order_PID): what one request placed.
type PartnerOrder struct {
	bun.BaseModel `bun:"table:partner_orders"`

	ID        int64     `bun:",pk,autoincrement"`
	BuyerID   int64     `bun:",notnull"`
	PlacedBy  int64     `bun:",notnull"` // the account
	CreatedAt time.Time `bun:",notnull"`
}

// PartnerOrderLine is a child order (the partner API's order_id): one
// seller's goods, with its own state (a code of enum.PartnerOrderStatus).
type PartnerOrderLine struct {
	bun.BaseModel `bun:"table:partner_order_lines"`

	ID        int64     `bun:",pk,autoincrement"`
	OrderID   int64     `bun:",notnull"`
	BuyerID   int64     `bun:",notnull"`
	SellerID  int64     `bun:",notnull"`
	ListingID int64     `bun:",notnull"`
	GoodsCode string    `bun:",notnull"`
	GoodsName string    `bun:",notnull"`
	PriceFen  int64     `bun:",notnull"`
	Amount    int64     `bun:",notnull"`
	Discount  int       `bun:",notnull"`
	TotalFen  int64     `bun:",notnull"`
	Stamp     string    `bun:",notnull"`
	Status    int       `bun:",notnull"`
	CreatedAt time.Time `bun:",notnull"`
	UpdatedAt time.Time `bun:",notnull"`
}

// PartnerShipment is what the seller said when shipping a line.
type PartnerShipment struct {
	bun.BaseModel `bun:"table:partner_shipments"`

	LineID          int64      `bun:",pk"`
	LogisticsID     string     `bun:",notnull"`
	LogisticsName   string     `bun:",notnull"`
	TrackingNumber  string     `bun:",notnull"`
	CourierID       string     `bun:",notnull"`
	CourierName     string     `bun:",notnull"`
	CourierTel      string     `bun:",notnull"`
	SenderID        string     `bun:",notnull"`
	SenderName      string     `bun:",notnull"`
	SenderTel       string     `bun:",notnull"`
	SenderAddress   string     `bun:",notnull"`
	ReceiverID      string     `bun:",notnull"`
	ReceiverName    string     `bun:",notnull"`
	ReceiverTel     string     `bun:",notnull"`
	ReceiverAddress string     `bun:",notnull"`
	ShippedAt       time.Time  `bun:",notnull"`
	ReceivedAt      *time.Time `bun:""`
}

// PartnerOrderStore keeps partner orders, their lines and shipments.
type PartnerOrderStore struct{ h *Handle }

// Order reads a parent order.
func (s *PartnerOrderStore) Order(ctx context.Context, id int64) (*PartnerOrder, error) {
	return byID[PartnerOrder](ctx, s.h.idb(ctx), id, apperr.EntityPartnerOrder)
}

// Line reads a line.
func (s *PartnerOrderStore) Line(ctx context.Context, id int64) (*PartnerOrderLine, error) {
	return byID[PartnerOrderLine](ctx, s.h.idb(ctx), id, apperr.EntityPartnerOrderLine)
}

// LockLine reads a line and, on Postgres, locks it until the transaction
// ends, so two moves of one line run one after the other (SQLite's
// transactions already do).
func (s *PartnerOrderStore) LockLine(ctx context.Context, id int64) (*PartnerOrderLine, error) {
	row := new(PartnerOrderLine)
	q := s.h.idb(ctx).NewSelect().Model(row).Where("id = ?", id)
	if s.h.db.Dialect().Name() == dialect.PG {
		q = q.For("UPDATE")
	}
	err := q.Scan(ctx)
	if isNoRows(err) {
		return nil, apperr.Missing(apperr.EntityPartnerOrderLine, id)
	}
	return row, err
}

// SellsIn tells whether the seller has a line in the order.
func (s *PartnerOrderStore) SellsIn(ctx context.Context, orderID, sellerID int64) (bool, error) {
	return exists[PartnerOrderLine](ctx, s.h.idb(ctx), "order_id = ? AND seller_id = ?", orderID, sellerID)
}

// LinesOfStampedOrders reads every line of the orders that hold a line
// with one of these stamps, by order then id: what a replay is judged on.
func (s *PartnerOrderStore) LinesOfStampedOrders(ctx context.Context, stamps []string) ([]*PartnerOrderLine, error) {
	var rows []*PartnerOrderLine
	stamped := s.h.idb(ctx).NewSelect().Model((*PartnerOrderLine)(nil)).Column("order_id").Where("stamp IN (?)", bun.In(stamps))
	err := s.h.idb(ctx).NewSelect().Model(&rows).Where("order_id IN (?)", stamped).OrderExpr("order_id, id").Scan(ctx)
	return rows, err
}

// ListingKey names a listing as the partner API does: the seller and its
// goods code.
type ListingKey struct {
	SellerID  int64
	GoodsCode string
}

// ListingsByKeys reads the listings these keys name, in one statement; a
// key none answers is not in the map.
func (s *PartnerOrderStore) ListingsByKeys(ctx context.Context, keys []ListingKey) (map[ListingKey]*PartnerListing, error) {
	sellers, codes := make([]int64, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		sellers[i], codes[i] = k.SellerID, k.GoodsCode
	}
	var rows []*PartnerListing
	// Every pair of the sellers and codes, at most 50 × 50 rows: the pairs
	// that were not asked for are dropped below.
	q := s.h.idb(ctx).NewSelect().Model(&rows).
		Where("enterprise_id IN (?)", bun.In(sellers)).Where("goods_code IN (?)", bun.In(codes))
	// On Postgres they stay locked until the order commits, so a price
	// changed meanwhile (a shelving) cannot slip between the check and the
	// order; in id order, as every order takes them (no deadlock). SQLite
	// runs one writing transaction at a time.
	if s.h.db.Dialect().Name() == dialect.PG {
		q = q.Order("id").For("UPDATE")
	}
	err := q.Scan(ctx)
	found := make(map[ListingKey]*PartnerListing, len(keys))
	for _, l := range rows {
		found[ListingKey{l.EnterpriseID, l.GoodsCode}] = l
	}
	return found, err
}

// DiscountsFor reads the discounts these listings' sellers give the buyer:
// those of the kind each seller's relation to the buyer has, for one of
// these listings or for all of the seller's goods.
func (s *PartnerOrderStore) DiscountsFor(ctx context.Context, buyerID int64, listings []*PartnerListing) ([]*PartnerDiscount, error) {
	var rows []*PartnerDiscount
	sellers, ids := listingKeys(listings)
	err := s.h.idb(ctx).NewSelect().Model(&rows).
		Join("JOIN partner_relations AS relation ON relation.enterprise_id = ?TableAlias.enterprise_id AND relation.kind_id = ?TableAlias.kind_id").
		Where("relation.target_id = ?", buyerID).
		Where("?TableAlias.enterprise_id IN (?)", bun.In(sellers)).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("?TableAlias.listing_id IN (?)", bun.In(ids)).WhereOr("?TableAlias.listing_id IS NULL")
		}).Scan(ctx)
	return rows, err
}

// GoodsListFact sums up a seller's black or white list for one listing (or,
// ListingID nil, all its goods): whether the buyer is on it.
type GoodsListFact struct {
	SellerID  int64  `bun:"enterprise_id"`
	ListingID *int64 `bun:"listing_id"`
	ListType  string `bun:"list_type"`
	HasBuyer  int    `bun:"has_buyer"` // 1: the buyer is listed
}

// GoodsListFacts reads, for these listings' sellers, each list that holds
// one of these listings or all of a seller's goods, and whether the buyer
// is on it: one row per list however many enterprises it holds.
func (s *PartnerOrderStore) GoodsListFacts(ctx context.Context, buyerID int64, listings []*PartnerListing) ([]GoodsListFact, error) {
	var rows []GoodsListFact
	sellers, ids := listingKeys(listings)
	err := s.h.idb(ctx).NewSelect().Model((*PartnerGoodsListEntry)(nil)).
		Column("enterprise_id", "listing_id", "list_type").
		ColumnExpr("MAX(CASE WHEN target_id = ? THEN 1 ELSE 0 END) AS has_buyer", buyerID).
		Where("enterprise_id IN (?)", bun.In(sellers)).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("listing_id IN (?)", bun.In(ids)).WhereOr("listing_id IS NULL")
		}).
		GroupExpr("enterprise_id, listing_id, list_type").Scan(ctx, &rows)
	return rows, err
}

// listingKeys are the sellers and the ids of listings.
func listingKeys(listings []*PartnerListing) (sellers, ids []int64) {
	for _, l := range listings {
		sellers, ids = append(sellers, l.EnterpriseID), append(ids, l.ID)
	}
	return sellers, ids
}

// CreateOrder adds a parent order with its lines; a stamp placed before
// fails with CONFLICT/DUPLICATE (on Postgres, after the transaction that
// placed it ends).
func (s *PartnerOrderStore) CreateOrder(ctx context.Context, o *PartnerOrder, lines []*PartnerOrderLine) error {
	if _, err := s.h.idb(ctx).NewInsert().Model(o).Exec(ctx); err != nil {
		return err
	}
	for _, l := range lines {
		l.OrderID = o.ID
	}
	_, err := s.h.idb(ctx).NewInsert().Model(&lines).Exec(ctx)
	return duplicate(err, "a line of these timestamps was placed already")
}

// TakeStock takes amount units off a listing's stock if it has as many;
// false: it has fewer, and nothing changed.
func (s *PartnerOrderStore) TakeStock(ctx context.Context, listingID, amount int64) (bool, error) {
	res, err := s.h.idb(ctx).NewUpdate().Model((*PartnerListing)(nil)).Set("stock = stock - ?", amount).
		Where("id = ?", listingID).Where("stock >= ?", amount).Exec(ctx)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReturnStock puts amount units back into a listing's stock.
func (s *PartnerOrderStore) ReturnStock(ctx context.Context, listingID, amount int64) error {
	return setColumnsByID[PartnerListing](ctx, s.h.idb(ctx), listingID, apperr.EntityListing, "stock = stock + ?", amount)
}

// SetStatus moves a line to a state and stamps updated_at.
func (s *PartnerOrderStore) SetStatus(ctx context.Context, l *PartnerOrderLine, status int) error {
	l.Status, l.UpdatedAt = status, s.h.Now().Truncate(time.Microsecond)
	_, err := s.h.idb(ctx).NewUpdate().Model(l).Column("status", "updated_at").WherePK().Exec(ctx)
	return err
}

// AddShipment records what the seller said when shipping a line.
func (s *PartnerOrderStore) AddShipment(ctx context.Context, sh *PartnerShipment) error {
	_, err := s.h.idb(ctx).NewInsert().Model(sh).Exec(ctx)
	return duplicate(err, "order line %d was shipped already", sh.LineID)
}

// TrackingNumberFree tells whether a seller may ship a line to a buyer under
// a tracking number: one nobody uses, or one only its own shipments to that
// buyer use (one parcel for several lines). Another party's number, or a
// shop order's (tracking events of no partner shipment), is not free: its
// events would show to, and be written for, the wrong parties.
func (s *PartnerOrderStore) TrackingNumberFree(ctx context.Context, number string, seller, buyer int64) (bool, error) {
	db := s.h.idb(ctx)
	// On Postgres two shipments of one number at once take it one after
	// the other (until the transaction ends), so the second sees the
	// first; SQLite runs one writing transaction at a time.
	if err := s.h.lockKey(ctx, "partner-tracking:"+number); err != nil {
		return false, err
	}
	others := db.NewSelect().Model((*PartnerShipment)(nil)).
		Join("JOIN partner_order_lines AS line ON line.id = ?TableAlias.line_id").
		Where("?TableAlias.tracking_number = ?", number).
		Where("line.seller_id <> ? OR line.buyer_id <> ?", seller, buyer)
	ours := db.NewSelect().Model((*PartnerShipment)(nil)).Where("tracking_number = ?", number)
	events := db.NewSelect().Model((*TrackingEvent)(nil)).Where("tracking_number = ?", number)
	var taken bool
	err := db.NewSelect().ColumnExpr("EXISTS (?) OR (EXISTS (?) AND NOT EXISTS (?))", others, events, ours).Scan(ctx, &taken)
	return !taken, err
}

// MarkReceived stamps a line's shipment received and returns it.
func (s *PartnerOrderStore) MarkReceived(ctx context.Context, lineID int64, at time.Time) (*PartnerShipment, error) {
	res, err := s.h.idb(ctx).NewUpdate().Model((*PartnerShipment)(nil)).Set("received_at = ?", at).
		Where("line_id = ?", lineID).Exec(ctx)
	if err := oneAffected(res, err, apperr.EntityShipment, lineID); err != nil {
		return nil, err
	}
	return oneWhere[PartnerShipment](ctx, s.h.idb(ctx), "line_id", lineID, apperr.EntityShipment)
}

// PartnerSide is which side of its lines an enterprise's list shows.
type PartnerSide int

const (
	EitherSide PartnerSide = iota
	BuyerSide
	SellerSide
)

// PartnerOrderLineFilter narrows the line list; nil fields do not filter.
type PartnerOrderLineFilter struct {
	EnterpriseID *int64 // the lines it buys or sells (Side); nil: every line
	Side         PartnerSide
	Status       *int
	OrderID      *int64
}

// Lines lists lines newest first; total counts every match.
func (s *PartnerOrderStore) Lines(ctx context.Context, f PartnerOrderLineFilter, p *Paging) ([]*PartnerOrderLine, int, error) {
	rows := []*PartnerOrderLine{}
	q := s.h.idb(ctx).NewSelect().Model(&rows)
	if e := f.EnterpriseID; e != nil {
		switch f.Side {
		case BuyerSide:
			q = q.Where("buyer_id = ?", *e)
		case SellerSide:
			q = q.Where("seller_id = ?", *e)
		default:
			q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
				return q.Where("buyer_id = ?", *e).WhereOr("seller_id = ?", *e)
			})
		}
	}
	if f.Status != nil {
		q = q.Where("status = ?", *f.Status)
	}
	if f.OrderID != nil {
		q = q.Where("order_id = ?", *f.OrderID)
	}
	total, err := scanPage(ctx, q, &rows, p, newestFirst)
	return rows, total, err
}

// The loaders' reads: a statement per batch whatever its size.

// LinesOfOrders reads the lines of these orders, by order then id.
func (s *PartnerOrderStore) LinesOfOrders(ctx context.Context, orderIDs []int64) ([]*PartnerOrderLine, error) {
	return childrenOf[PartnerOrderLine](ctx, s.h.idb(ctx), "order_id", orderIDs, "")
}

// ShipmentsByLineIDs reads the shipments of these lines; a line not
// shipped is not in the map.
func (s *PartnerOrderStore) ShipmentsByLineIDs(ctx context.Context, lineIDs []int64) (map[int64]*PartnerShipment, error) {
	var rows []*PartnerShipment
	err := s.h.idb(ctx).NewSelect().Model(&rows).Where("line_id IN (?)", bun.In(lineIDs)).Scan(ctx)
	found := make(map[int64]*PartnerShipment, len(rows))
	for _, sh := range rows {
		found[sh.LineID] = sh
	}
	return found, err
}

// TrackingEventsByNumbers reads the tracking events of these numbers,
// oldest first within each.
func (s *PartnerOrderStore) TrackingEventsByNumbers(ctx context.Context, numbers []string) (map[string][]*TrackingEvent, error) {
	var rows []*TrackingEvent
	err := s.h.idb(ctx).NewSelect().Model(&rows).Where("tracking_number IN (?)", bun.In(numbers)).
		OrderExpr("tracking_number, time, id").Scan(ctx)
	found := make(map[string][]*TrackingEvent, len(numbers))
	for _, e := range rows {
		found[e.TrackingNumber] = append(found[e.TrackingNumber], e)
	}
	return found, err
}
