package service

import (
	"context"
	"crypto/rand"
	"fmt"
	"math"
	"math/big"
	"strings"
	"time"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/enum"
)

// ShopOrders is the shop's orders and the tracking of their shipments.
type ShopOrders struct {
	tx    *db.Handle
	store *db.ShopOrderStore
	goods *db.ShopGoodsStore // the goods new orders' lines are of
}

// NewShopOrder is an order to create; its number, payment and shipping
// state are the server's.
type NewShopOrder struct {
	UserID int64
	Price  float64 // the order's total, which must be what its lines add up to

	ConsigneeAddress, InvoiceTitle, InvoiceCompany, InvoiceContent string

	Lines []NewShopOrderLine
}

// NewShopOrderLine is Number of the goods at Price, which must be the
// goods' current price.
type NewShopOrderLine struct {
	GoodsID int64
	Price   float64
	Number  int
}

// MaxShopOrderLines bounds the lines of one new order, and so what one
// request inserts.
const MaxShopOrderLines = 1000

// ShopOrderPatch changes an order: nil fields keep their value. PayMethod
// is a name of enum.ShopPayMethod.
type ShopOrderPatch struct {
	Number    *string
	Price     *float64
	PayMethod *string
	Sent      *bool
	Paid      *bool
}

// List lists a page of orders with the edges e asks for.
func (s *ShopOrders) List(ctx context.Context, f db.ShopOrderFilter, p *db.Paging, e db.ShopOrderEdges) ([]*db.ShopOrder, int, error) {
	return pageWithEdges(ctx, f, p, e, s.store.List, s.store.LoadOrderEdges)
}

// Order reads an order with the edges e asks for.
func (s *ShopOrders) Order(ctx context.Context, id int64, e db.ShopOrderEdges) (*db.ShopOrder, error) {
	return oneWithEdges(ctx, id, e, s.store.Order, s.store.LoadOrderEdges)
}

// LoadOrderEdges sets the edges e asks for on orders a write returned.
func (s *ShopOrders) LoadOrderEdges(ctx context.Context, e db.ShopOrderEdges, orders ...*db.ShopOrder) error {
	return s.store.LoadOrderEdges(ctx, e, orders...)
}

// Create adds an unpaid, unsent order with its lines and a new number, in
// one transaction, once the order agrees with the goods: each line of live
// goods, at their current price, 1 or more of them; the order's price the
// sum of the lines' price × number. Amounts are compared in cents. A
// refusal names the input at fault (apperr.Error.Field).
func (s *ShopOrders) Create(ctx context.Context, in NewShopOrder) (*db.ShopOrder, error) {
	lines, total, err := checkNewOrder(in)
	if err != nil {
		return nil, err
	}
	number, err := newOrderNumber()
	if err != nil {
		return nil, err
	}
	unpaid, _ := enum.ShopPayMethod.Code("UNPAID")
	// To the second, as the legacy answers show unix seconds: a read shows
	// what the create answered.
	now := s.tx.Now().Truncate(time.Second)
	o := &db.ShopOrder{Number: number, UserID: in.UserID, Price: total.amount(), PayMethod: unpaid,
		InvoiceTitle: in.InvoiceTitle, InvoiceCompany: in.InvoiceCompany, InvoiceContent: in.InvoiceContent,
		ConsigneeAddress: in.ConsigneeAddress, CreatedAt: now, UpdatedAt: now}
	err = s.tx.Run(ctx, func(ctx context.Context) error {
		if err := s.checkGoods(ctx, in.Lines); err != nil {
			return err
		}
		return s.store.CreateOrder(ctx, o, lines)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// checkNewOrder checks what an order says of itself and returns its lines
// and total in cents: a user, 1 to MaxShopOrderLines lines, each of 1 or
// more at a price, and a price that is their sum.
func checkNewOrder(in NewShopOrder) ([]db.ShopOrderLine, cents, error) {
	switch {
	case in.UserID < 1:
		return nil, 0, apperr.Invalidf("userId must be 1 or more, got %d", in.UserID).At("userId")
	case len(in.Lines) == 0:
		return nil, 0, apperr.Invalidf("an order needs a line at least").At("lines")
	case len(in.Lines) > MaxShopOrderLines:
		return nil, 0, apperr.Invalidf("an order has %d lines at most, got %d", MaxShopOrderLines, len(in.Lines)).At("lines")
	}
	lines := make([]db.ShopOrderLine, len(in.Lines))
	var sum cents
	for i, l := range in.Lines {
		price, ok := centsOf(l.Price)
		switch {
		case !ok:
			return nil, 0, lineError(apperr.Invalidf("price must be an amount 0 or more, got %v", l.Price), i, l, "price")
		case l.Number < 1:
			return nil, 0, lineError(apperr.Invalidf("number must be 1 or more, got %d", l.Number), i, l, "number")
		case price > 0 && cents(l.Number) > maxCents/price:
			return nil, 0, lineError(apperr.Invalidf("%d at %v is more than an order can cost", l.Number, l.Price), i, l, "number")
		}
		lineTotal := price * cents(l.Number)
		if sum += lineTotal; sum > maxCents {
			return nil, 0, lineError(apperr.Invalidf("the lines up to this one are more than an order can cost"), i, l, "number")
		}
		lines[i] = db.ShopOrderLine{GoodsID: l.GoodsID, Price: price.amount(), Number: l.Number, Total: lineTotal.amount()}
	}
	if total, ok := centsOf(in.Price); !ok || total != sum {
		return nil, 0, apperr.New(apperr.InvalidInput, apperr.ReasonPriceMismatch,
			"price %v is not the sum of the lines' price × number, %v", in.Price, sum.amount()).At("price")
	}
	return lines, sum, nil
}

// checkGoods wants every line's goods live and at the line's price, to the
// cent (one statement for all of them).
func (s *ShopOrders) checkGoods(ctx context.Context, in []NewShopOrderLine) error {
	ids := make([]int64, len(in))
	for i, l := range in {
		ids[i] = l.GoodsID
	}
	found, err := s.goods.LiveGoods(ctx, ids)
	if err != nil {
		return err
	}
	goods := make(map[int64]*db.ShopGoods, len(found))
	for _, g := range found {
		goods[g.ID] = g
	}
	for i, l := range in {
		g, ok := goods[l.GoodsID]
		if !ok {
			return lineError(apperr.Missing(apperr.EntityGoods, l.GoodsID), i, l, "goodsId")
		}
		price, _ := centsOf(l.Price) // an amount: checkNewOrder passed it
		if current, ok := centsOf(g.Price); !ok || current != price {
			return lineError(apperr.New(apperr.InvalidInput, apperr.ReasonPriceMismatch,
				"price %v is not the goods' current price %v", l.Price, g.Price), i, l, "price")
		}
	}
	return nil
}

// lineError says that member of line i is at fault, in the error's field
// and message.
func lineError(e *apperr.Error, i int, l NewShopOrderLine, member string) error {
	e.Message = fmt.Sprintf("lines[%d] (goods %d): %s", i, l.GoodsID, e.Message)
	return e.At("lines.%d.%s", i, member)
}

// cents is an amount of money in cents. Prices are Float in the schema;
// compared as floats, 0.1 + 0.2 would not be 0.3.
type cents int64

// maxCents bounds an amount: up to 2^53 a float64 holds every whole number
// of cents, so an amount stored as a float reads back as the same cents.
const maxCents cents = 1 << 53

// centsOf rounds an amount to the cent; a negative, non-finite or too
// large one is not an amount.
func centsOf(amount float64) (cents, bool) {
	c := math.Round(amount * 100)
	if !(c >= 0 && c <= float64(maxCents)) { // NaN fails too
		return 0, false
	}
	return cents(c), true
}

// amount is c as the float the store and the schema hold.
func (c cents) amount() float64 { return float64(c) / 100 }

// orderNumberDigits random base-36 digits follow "itany-", as in the legacy
// shop's order numbers ("itany-g7kmck71vjaujfgoi"). Drawn from crypto/rand,
// 36^17 (about 2^88) of them never collide in practice and tell nobody how
// many orders the shop takes.
const orderNumberDigits = 17

var orderNumbers = new(big.Int).Exp(big.NewInt(36), big.NewInt(orderNumberDigits), nil)

func newOrderNumber() (string, error) {
	n, err := rand.Int(rand.Reader, orderNumbers)
	if err != nil {
		return "", err
	}
	digits := n.Text(36)
	return "itany-" + strings.Repeat("0", orderNumberDigits-len(digits)) + digits, nil
}

// Update changes only the fields the patch gives (the legacy update is
// incremental) and always moves updated_at.
func (s *ShopOrders) Update(ctx context.Context, id int64, patch ShopOrderPatch) (*db.ShopOrder, error) {
	var payMethod int
	switch {
	case patch.Number != nil && strings.TrimSpace(*patch.Number) == "":
		return nil, apperr.Invalidf("an order needs a number")
	case patch.Price != nil && (math.IsNaN(*patch.Price) || math.IsInf(*patch.Price, 0)):
		return nil, apperr.Invalidf("the price must be a finite number, got %v", *patch.Price)
	case patch.Price != nil && *patch.Price < 0:
		return nil, apperr.Invalidf("the price must be 0 or more, got %v", *patch.Price)
	case patch.PayMethod != nil:
		code, err := enum.ShopPayMethod.Code(*patch.PayMethod)
		if err != nil {
			return nil, apperr.Invalidf("%v", err)
		}
		payMethod = code
	}
	var o *db.ShopOrder
	err := s.tx.Run(ctx, func(ctx context.Context) (err error) {
		if o, err = s.store.Order(ctx, id); err != nil {
			return err
		}
		var cols []string
		if patch.Number != nil {
			o.Number, cols = *patch.Number, append(cols, "number")
		}
		if patch.Price != nil {
			o.Price, cols = *patch.Price, append(cols, "price")
		}
		if patch.PayMethod != nil {
			o.PayMethod, cols = payMethod, append(cols, "pay_method")
		}
		if patch.Sent != nil {
			o.Sent, cols = *patch.Sent, append(cols, "sent")
		}
		if patch.Paid != nil {
			o.Paid, cols = *patch.Paid, append(cols, "paid")
		}
		return s.store.Update(ctx, o, cols...)
	})
	return o, err
}

// UpdateAddress sets the consignee address; it may be empty.
func (s *ShopOrders) UpdateAddress(ctx context.Context, id int64, address string) (*db.ShopOrder, error) {
	var o *db.ShopOrder
	err := s.tx.Run(ctx, func(ctx context.Context) (err error) {
		if o, err = s.store.Order(ctx, id); err != nil {
			return err
		}
		o.ConsigneeAddress = address
		return s.store.Update(ctx, o, "consignee_address")
	})
	return o, err
}

// TrackingEvents returns the events of one tracking number, newest first.
func (s *ShopOrders) TrackingEvents(ctx context.Context, trackingNumber string) ([]*db.TrackingEvent, error) {
	return s.store.TrackingEvents(ctx, trackingNumber)
}
