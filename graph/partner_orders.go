package graph

import (
	"context"

	"github.com/onegraph/server/db"
	"github.com/onegraph/server/graph/loaders"
)

// primeOrderLines fills the request's loaders with what a selection of
// order lines asks for, as every partner list does (prime): buyers and
// sellers, listings with their own edges, and shipments with their
// tracking events.
func (r *Resolver) primeOrderLines(ctx context.Context, line selection, lines []*db.PartnerOrderLine) error {
	err := r.prime(ctx, partnerEdges{
		enterprises: append(keysOf(line.has("buyer"), lines, func(x *db.PartnerOrderLine) int64 { return x.BuyerID }),
			keysOf(line.has("seller"), lines, func(x *db.PartnerOrderLine) int64 { return x.SellerID })...),
		listings:   keysOf(line.has("listing"), lines, func(x *db.PartnerOrderLine) int64 { return x.ListingID }),
		listing:    listingEdgesOf(line.under("listing")),
		goodsEdges: shopGoodsEdges(line.under("listing").under("goods")),
	})
	if err != nil || !line.has("shipment") {
		return err
	}
	ids := keysOf(true, lines, func(x *db.PartnerOrderLine) int64 { return x.ID })
	return loaders.For(ctx).PrimeShipments(ctx, ids, line.under("shipment").has("events"))
}

// partnerOrderOut primes the buyer of the order a root field answers, when
// asked for, before its lines (which prime their own buyer and sellers)
// are read: the order's buyer is then one statement, whenever its resolver
// runs.
func partnerOrderOut(ctx context.Context) func(*db.PartnerOrder, error) (*db.PartnerOrder, error) {
	return func(o *db.PartnerOrder, err error) (*db.PartnerOrder, error) {
		if err == nil && lookAhead(ctx).has("buyer") {
			err = loaders.For(ctx).PrimeEnterprises(ctx, o.BuyerID)
		}
		if err != nil {
			return nil, err
		}
		return o, nil
	}
}
