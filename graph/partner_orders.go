package graph

import (
	"context"

	"github.com/onegraph/server/db"
	"github.com/onegraph/server/graph/loaders"
)

// orderLineEdges are the edges of order lines a selection asks for.
func orderLineEdges(line selection) loaders.OrderLineEdges {
	return loaders.OrderLineEdges{
		Enterprises:    line.has("buyer") || line.has("seller"),
		Listings:       line.has("listing"),
		Shipments:      line.has("shipment"),
		TrackingEvents: line.under("shipment").has("events"),
	}
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
