package graph

import (
	"context"
	"fmt"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/graph/loaders"
	"github.com/onegraph/server/graph/model"
	"github.com/onegraph/server/service"
)

// The partner platform's inputs as the use cases take them, and the
// listings' goods edge.

// listTypes are the stored list types of PartnerListType.
var listTypes = map[model.PartnerListType]string{model.PartnerListTypeBlack: db.ListBlack, model.PartnerListTypeWhite: db.ListWhite}

// listTypeOf reads a stored list type as the enum.
func listTypeOf(stored string) (model.PartnerListType, error) {
	for t, s := range listTypes {
		if s == stored {
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown goods list type %q", stored)
}

// storedListType is a list type filter as stored; nil does not filter.
func storedListType(t *model.PartnerListType) *string {
	if t == nil {
		return nil
	}
	s := listTypes[*t]
	return &s
}

func enterprisePatch(in model.EnterpriseInput) service.EnterprisePatch {
	return service.EnterprisePatch{Name: opt(in.Name), Address: opt(in.Address), Tell: opt(in.Tell), LegalMan: opt(in.LegalMan)}
}

func goodsListKey(in model.PartnerGoodsListInput) service.GoodsListKey {
	return service.GoodsListKey{EnterpriseID: in.EnterpriseID, TargetID: in.TargetID, GoodsCode: in.GoodsCode,
		ListType: listTypes[in.ListType]}
}

// catalogGoods loads a listing's catalog goods with the edges its
// selection asks for.
func catalogGoods(ctx context.Context, id int64, edges db.ShopGoodsEdges) (*db.ShopGoods, error) {
	g, err := loaders.For(ctx).CatalogGoods.Load(ctx, loaders.GoodsKey{ID: id, Edges: edges})()
	if err == nil && g == nil {
		err = apperr.Missing(apperr.EntityGoods, id)
	}
	return g, err
}

// Edges of the partner lists. The rows' edge resolvers read through the
// request's loaders; a list resolver first fills those loaders with every
// row its page points at, for the edges its selection asks for, each kind
// of row in one statement. So a page of any size costs the same
// statements, where the loaders' own batches, gathered over a millisecond
// from the items' resolvers, could split under load.

// partnerEdges are the ids a page points at, by kind of row.
type partnerEdges struct {
	enterprises, kinds, listings, goods []int64
	// listing: the edges asked for below the listings.
	listing listingEdges
	// goodsEdges: the edges asked for below the goods.
	goodsEdges db.ShopGoodsEdges
}

// listingEdges are the edges of listings a selection asks for.
type listingEdges struct{ enterprise, goods bool }

func listingEdgesOf(listing selection) listingEdges {
	return listingEdges{enterprise: listing.has("enterprise"), goods: listing.has("goods")}
}

// keysOf are the keys rows point at, when the edge is asked for.
func keysOf[T any](asked bool, rows []*T, key func(*T) int64) []int64 {
	if !asked {
		return nil
	}
	keys := make([]int64, len(rows))
	for i, r := range rows {
		keys[i] = key(r)
	}
	return keys
}

// optionalKeysOf are the keys rows point at where they point at one.
func optionalKeysOf[T any](asked bool, rows []*T, key func(*T) *int64) []int64 {
	var keys []int64
	for _, r := range rows {
		if k := key(r); asked && k != nil {
			keys = append(keys, *k)
		}
	}
	return keys
}

// prime fills the request's loaders with the rows e names: the listings
// first, then the enterprises and goods they and the page point at, and the
// relation kinds.
func (r *Resolver) prime(ctx context.Context, e partnerEdges) error {
	l := loaders.For(ctx)
	listings, err := l.PrimeListings(ctx, e.listings...)
	if err != nil {
		return err
	}
	for _, x := range listings {
		if e.listing.enterprise {
			e.enterprises = append(e.enterprises, x.EnterpriseID)
		}
		if e.listing.goods {
			e.goods = append(e.goods, x.GoodsID)
		}
	}
	if err := l.PrimeEnterprises(ctx, e.enterprises...); err != nil {
		return err
	}
	if err := l.PrimeRelationKinds(ctx, e.kinds...); err != nil {
		return err
	}
	return l.PrimeCatalogGoods(ctx, e.goodsEdges, e.goods...)
}

// The edges of each list's rows that a selection of its items asks for.

func relationEdges(item selection, rows []*db.PartnerRelation) partnerEdges {
	return partnerEdges{
		enterprises: append(keysOf(item.has("enterprise"), rows, func(x *db.PartnerRelation) int64 { return x.EnterpriseID }),
			keysOf(item.has("target"), rows, func(x *db.PartnerRelation) int64 { return x.TargetID })...),
		kinds: keysOf(item.has("kind"), rows, func(x *db.PartnerRelation) int64 { return x.KindID }),
	}
}

func reminderEdges(item selection, rows []*db.PartnerReminder) partnerEdges {
	return partnerEdges{
		enterprises: append(keysOf(item.has("sender"), rows, func(x *db.PartnerReminder) int64 { return x.SenderID }),
			keysOf(item.has("receiver"), rows, func(x *db.PartnerReminder) int64 { return x.ReceiverID })...),
	}
}

func discountEdges(item selection, rows []*db.PartnerDiscount) partnerEdges {
	return partnerEdges{
		enterprises: keysOf(item.has("enterprise"), rows, func(x *db.PartnerDiscount) int64 { return x.EnterpriseID }),
		kinds:       keysOf(item.has("kind"), rows, func(x *db.PartnerDiscount) int64 { return x.KindID }),
		listings:    optionalKeysOf(item.has("listing"), rows, func(x *db.PartnerDiscount) *int64 { return x.ListingID }),
		listing:     listingEdgesOf(item.under("listing")),
		goodsEdges:  shopGoodsEdges(item.under("listing").under("goods")),
	}
}

func goodsListEdges(item selection, rows []*db.PartnerGoodsListEntry) partnerEdges {
	return partnerEdges{
		enterprises: append(keysOf(item.has("enterprise"), rows, func(x *db.PartnerGoodsListEntry) int64 { return x.EnterpriseID }),
			keysOf(item.has("target"), rows, func(x *db.PartnerGoodsListEntry) int64 { return x.TargetID })...),
		listings:   optionalKeysOf(item.has("listing"), rows, func(x *db.PartnerGoodsListEntry) *int64 { return x.ListingID }),
		listing:    listingEdgesOf(item.under("listing")),
		goodsEdges: shopGoodsEdges(item.under("listing").under("goods")),
	}
}

func listingPageEdges(item selection, rows []*db.PartnerListing) partnerEdges {
	return partnerEdges{
		enterprises: keysOf(item.has("enterprise"), rows, func(x *db.PartnerListing) int64 { return x.EnterpriseID }),
		goods:       keysOf(item.has("goods"), rows, func(x *db.PartnerListing) int64 { return x.GoodsID }),
		goodsEdges:  shopGoodsEdges(item.under("goods")),
	}
}
