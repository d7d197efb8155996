package service

import (
	"context"
	"math"
	"strings"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/enum"
)

// ShopOrders is the shop's orders and the tracking of their shipments.
type ShopOrders struct {
	tx    *db.Handle
	store *db.ShopOrderStore
}

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
