package db

import (
	"time"

	"github.com/uptrace/bun"
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
