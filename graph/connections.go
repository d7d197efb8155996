package graph

import (
	"context"

	"github.com/onegraph/server/db"
	"github.com/onegraph/server/enum"
	"github.com/onegraph/server/graph/model"
	"github.com/onegraph/server/service"
)

// The lists read both a page at a time (their page fields, `items`) and a
// slice at a time by cursor (their connections, `edges.node`): one read of
// each list serves both, with the edges its rows' selection asks for
// loaded or primed as the page fields always did.

// listRead reads a page of a list with the edges item, the selection of
// one of its rows, asks for.
type listRead[T any] func(p *db.Paging, item selection) ([]*T, int, error)

// failedRead is the read of a list whose arguments are refused: it answers
// err.
func failedRead[T any](err error) listRead[T] {
	return func(*db.Paging, selection) ([]*T, int, error) { return nil, 0, err }
}

// page reads a page for a page field, whose rows are its items.
func (read listRead[T]) page(ctx context.Context, p *db.Paging) ([]*T, int, error) {
	return read(p, lookAhead(ctx).under("items"))
}

// slice is a connection's answer: its edges, where it ends and, when asked
// for, the list's total.
type slice[E any] struct {
	edges []E
	info  *model.PageInfo
	total *int
}

// sliceOf reads the slice of first rows after the cursor after of a
// list; edge makes an edge of a row and its cursor.
func sliceOf[T, E any](ctx context.Context, list service.CursorList[T], first int, after *string, read listRead[T],
	edge func(cursor string, node *T) E) (slice[E], error) {
	counted := lookAhead(ctx).has("totalCount")
	p, err := list.Page(first, after, counted)
	if err != nil {
		return slice[E]{}, err
	}
	rows, total, err := read(p, lookAhead(ctx).under("edges").under("node"))
	if err != nil {
		return slice[E]{}, err
	}
	rows, more := service.Slice(rows, first)
	s := slice[E]{edges: make([]E, len(rows)), info: &model.PageInfo{HasNextPage: more}}
	for i, row := range rows {
		cursor := list.Cursor(row)
		s.edges[i], s.info.EndCursor = edge(cursor, row), &cursor
		if i == 0 {
			s.info.StartCursor = &cursor
		}
	}
	if counted {
		s.total = &total
	}
	return s, nil
}

// The lists' reads, by list.

func (r *Resolver) pharmaOrders(ctx context.Context, search *string) listRead[db.PharmaOrder] {
	return func(p *db.Paging, item selection) ([]*db.PharmaOrder, int, error) {
		return r.svc.Pharma.Orders(ctx, db.NameFilter{Search: deref(search)}, p, pharmaOrderEdges(item))
	}
}

func (r *Resolver) shopGoodsList(ctx context.Context, search, query *string) listRead[db.ShopGoods] {
	text, err := searchOf(search, query)
	if err != nil {
		return failedRead[db.ShopGoods](err)
	}
	return func(p *db.Paging, item selection) ([]*db.ShopGoods, int, error) {
		return r.svc.ShopGoods.List(ctx, db.ShopGoodsFilter{Query: deref(text)}, p, shopGoodsEdges(item))
	}
}

func (r *Resolver) shopOrders(ctx context.Context, filter *model.ShopOrderFilter) listRead[db.ShopOrder] {
	f := deref(filter)
	number, err := searchOf(f.Search, f.Query)
	if err != nil {
		return failedRead[db.ShopOrder](err)
	}
	return func(p *db.Paging, item selection) ([]*db.ShopOrder, int, error) {
		return r.svc.ShopOrders.List(ctx, db.ShopOrderFilter{
			Number: number, UserID: f.UserID, Paid: f.Paid, Sent: f.Sent,
			InvoiceTitle: f.InvoiceTitle, InvoiceCompany: f.InvoiceCompany, InvoiceContent: f.InvoiceContent,
			ConsigneeAddress: f.ConsigneeAddress,
		}, p, shopOrderEdges(item))
	}
}

// restaurants reads the restaurant search; after is the page field's own
// keyset argument (a restaurant's id).
func (r *Resolver) restaurants(ctx context.Context, filter *model.RestaurantFilter, after *int64) listRead[db.Restaurant] {
	f, err := restaurantFilter(filter)
	if err != nil {
		return failedRead[db.Restaurant](err)
	}
	f.After = after
	return func(p *db.Paging, item selection) ([]*db.Restaurant, int, error) {
		return r.svc.Merchants.Restaurants(ctx, f, p, restaurantEdges(item))
	}
}

func (r *Resolver) enterprises(ctx context.Context, filter *model.EnterpriseFilter) listRead[db.Enterprise] {
	return func(p *db.Paging, _ selection) ([]*db.Enterprise, int, error) {
		return r.svc.Partners.Enterprises(ctx, db.EnterpriseFilter{Search: deref(deref(filter).Search)}, p)
	}
}

// primed reads a partner list, then primes the loaders with what its rows'
// selection asks for (partner_helpers.go).
func primed[T any](ctx context.Context, r *Resolver, read func(*db.Paging) ([]*T, int, error),
	edges func(selection, []*T) partnerEdges) listRead[T] {
	return func(p *db.Paging, item selection) ([]*T, int, error) {
		rows, total, err := read(p)
		if err == nil {
			err = r.prime(ctx, edges(item, rows))
		}
		return rows, total, err
	}
}

func (r *Resolver) partnerListings(ctx context.Context, filter *model.PartnerListingFilter) listRead[db.PartnerListing] {
	f := deref(filter)
	return primed(ctx, r, func(p *db.Paging) ([]*db.PartnerListing, int, error) {
		return r.svc.Partners.Listings(ctx, db.ListingFilter{EnterpriseID: f.EnterpriseID, GoodsCode: f.GoodsCode,
			OENumber: f.OeNumber, Search: deref(f.Search)}, p)
	}, listingPageEdges)
}

func (r *Resolver) partnerCustomers(ctx context.Context, filter *model.PartnerCustomerFilter) listRead[db.PartnerCustomer] {
	f := deref(filter)
	return func(p *db.Paging, _ selection) ([]*db.PartnerCustomer, int, error) {
		return r.svc.Partners.Customers(ctx, f.EnterpriseID, deref(f.Search), p)
	}
}

func (r *Resolver) partnerRelations(ctx context.Context, filter *model.PartnerRelationFilter) listRead[db.PartnerRelation] {
	f := deref(filter)
	return primed(ctx, r, func(p *db.Paging) ([]*db.PartnerRelation, int, error) {
		return r.svc.Partners.Relations(ctx, f.EnterpriseID, db.RelationFilter{KindID: f.KindID, TargetID: f.TargetID}, p)
	}, relationEdges)
}

func (r *Resolver) partnerDiscounts(ctx context.Context, filter *model.PartnerDiscountFilter) listRead[db.PartnerDiscount] {
	f := deref(filter)
	return primed(ctx, r, func(p *db.Paging) ([]*db.PartnerDiscount, int, error) {
		return r.svc.Partners.Discounts(ctx, f.EnterpriseID, db.DiscountFilter{KindID: f.KindID, GoodsCode: f.GoodsCode}, p)
	}, discountEdges)
}

func (r *Resolver) partnerReminders(ctx context.Context, enterpriseID *int64) listRead[db.PartnerReminder] {
	return primed(ctx, r, func(p *db.Paging) ([]*db.PartnerReminder, int, error) {
		return r.svc.Reminders.Received(ctx, enterpriseID, p)
	}, reminderEdges)
}

func (r *Resolver) partnerOrderLines(ctx context.Context, filter *model.PartnerOrderLineFilter) listRead[db.PartnerOrderLine] {
	f := deref(filter)
	side := db.EitherSide
	if f.Side != nil {
		side = map[model.PartnerOrderSide]db.PartnerSide{model.PartnerOrderSideBuyer: db.BuyerSide, model.PartnerOrderSideSeller: db.SellerSide}[*f.Side]
	}
	return func(p *db.Paging, item selection) ([]*db.PartnerOrderLine, int, error) {
		lines, total, err := r.svc.PartnerOrders.Lines(ctx, db.PartnerOrderLineFilter{EnterpriseID: f.EnterpriseID,
			Side: side, Status: givenCode(enum.PartnerOrderStatus, f.Status).Value, OrderID: f.OrderID}, p)
		if err == nil {
			err = r.primeOrderLines(ctx, item, lines)
		}
		return lines, total, err
	}
}
