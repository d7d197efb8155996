// Package loaders holds the per-request loads that look-ahead cannot reach:
// list edges are loaded by the list resolvers from their selection
// (graph/lookahead.go); what is left is read by directives and use cases
// rather than asked for by a selection. A fresh set is made per request
// (Middleware), so nothing is cached across requests or viewers.
package loaders

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/graph-gophers/dataloader/v7"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/onegraph/server/db"
	"github.com/onegraph/server/observe"
)

type Loaders struct {
	// ViewerRights are the rights of the viewer's shop role, flat, by level
	// then id: checked by @hasRight and read by use cases, loaded once.
	ViewerRights *dataloader.Loader[int64, []*db.ShopRight]

	// A sale menu's group and stations where no look-ahead read them: the
	// binding a binding mutation answers (lists and restaurants load their
	// edges with them). Each a statement per batch.
	MerchantGroups   *dataloader.Loader[int64, *db.MerchantGroup] // by id
	SaleMenuStations *dataloader.Loader[int64, []*db.Station]     // the stations offering a sale menu

	// The partner platform's edges, by id: every list's enterprises,
	// listings and relation kinds, a statement per batch.
	Enterprises   *dataloader.Loader[int64, *db.Enterprise]
	Listings      *dataloader.Loader[int64, *db.PartnerListing]
	RelationKinds *dataloader.Loader[int64, *db.PartnerRelationKind]

	// CatalogGoods are listings' catalog goods (shop goods, deleted or
	// not), each with the edges its key asks for: a statement per batch,
	// and one per edge.
	CatalogGoods *dataloader.Loader[GoodsKey, *db.ShopGoods]

	// Partner orders' edges: an order's lines (those the caller may see),
	// a line's shipment (nil: not shipped) and a tracking number's events,
	// oldest first. A statement per batch.
	PartnerOrderLines *dataloader.Loader[OrderLines, []*db.PartnerOrderLine]
	Shipments         *dataloader.Loader[int64, *db.PartnerShipment] // by line id
	TrackingEvents    *dataloader.Loader[string, []*db.TrackingEvent]

	stores *db.Stores // the reads that prime the loaders (Prime...)
}

// GoodsKey names catalog goods and the edges to load with them.
type GoodsKey struct {
	ID    int64
	Edges db.ShopGoodsEdges
}

// OrderLines asks for the lines of an order that one seller sells, or
// (SellerID 0) all of them.
type OrderLines struct{ OrderID, SellerID int64 }

// New makes a request's loaders; with a tracer (nil: none) each batch has
// a span.
func New(s *db.Stores, tracer trace.Tracer) *Loaders {
	return &Loaders{
		// One key per request: a batch of one is complete at once, so the
		// capacity of 1 spares it the batching wait.
		ViewerRights: dataloader.NewBatchedLoader(batches("viewer_rights", s.ShopUsers.RightsByRoleIDs),
			dataloader.WithBatchCapacity[int64, []*db.ShopRight](1), traced[int64, []*db.ShopRight](tracer, "viewer_rights")),
		SaleMenuStations: byKeys(tracer, "sale_menu_stations", s.Merchants.OfferingStations),
		MerchantGroups:   byKeys(tracer, "merchant_groups", rowsByID(s.Merchants.GroupsByIDs, func(g *db.MerchantGroup) int64 { return g.ID })),
		Enterprises:      byKeys(tracer, "enterprises", rowsByID(s.Partners.EnterprisesByIDs, func(e *db.Enterprise) int64 { return e.ID })),
		Listings:         byKeys(tracer, "listings", rowsByID(s.Partners.ListingsByIDs, func(l *db.PartnerListing) int64 { return l.ID })),
		RelationKinds:    byKeys(tracer, "relation_kinds", rowsByID(s.Partners.RelationKindsByIDs, func(k *db.PartnerRelationKind) int64 { return k.ID })),
		CatalogGoods:     byKeys(tracer, "catalog_goods", catalogGoods(s)),

		PartnerOrderLines: byKeys(tracer, "partner_order_lines", orderLines(s.PartnerOrders)),
		Shipments:         byKeys(tracer, "shipments", s.PartnerOrders.ShipmentsByLineIDs),
		TrackingEvents:    byKeys(tracer, "tracking_events", s.PartnerOrders.TrackingEventsByNumbers),

		stores: s,
	}
}

// catalogGoods reads goods by id with their edges: the goods of keys that
// ask for the same edges (all of a request's, as a rule) in one go.
func catalogGoods(s *db.Stores) func(context.Context, []GoodsKey) (map[GoodsKey]*db.ShopGoods, error) {
	return func(ctx context.Context, keys []GoodsKey) (map[GoodsKey]*db.ShopGoods, error) {
		idsByEdges := map[db.ShopGoodsEdges][]int64{}
		for _, k := range keys {
			idsByEdges[k.Edges] = append(idsByEdges[k.Edges], k.ID)
		}
		found := make(map[GoodsKey]*db.ShopGoods, len(keys))
		for edges, ids := range idsByEdges {
			goods, err := s.Partners.CatalogGoods(ctx, ids, edges)
			if err != nil {
				return found, err
			}
			for _, g := range goods {
				found[GoodsKey{g.ID, edges}] = g
			}
		}
		return found, nil
	}
}

// A list resolver primes the loaders with the edges its page asks for,
// read at once, a statement each: the loaders' own batches gather what the
// items' resolvers ask within batchWait, which a page of them can outlast
// under load, and the page then costs more statements.

// PrimeShipments reads the shipments of these order lines and, with
// events, their tracking events, and primes the loaders with them.
func (l *Loaders) PrimeShipments(ctx context.Context, lineIDs []int64, events bool) error {
	shipments, err := prime(ctx, l.Shipments, l.stores.PartnerOrders.ShipmentsByLineIDs, lineIDs)
	if err != nil || !events {
		return err
	}
	var numbers []string
	for _, sh := range shipments {
		numbers = append(numbers, sh.TrackingNumber)
	}
	_, err = prime(ctx, l.TrackingEvents, l.stores.PartnerOrders.TrackingEventsByNumbers, numbers)
	return err
}

// PrimeEnterprises reads these enterprises and primes their loader.
func (l *Loaders) PrimeEnterprises(ctx context.Context, ids ...int64) error {
	_, err := prime(ctx, l.Enterprises, rowsByID(l.stores.Partners.EnterprisesByIDs, func(e *db.Enterprise) int64 { return e.ID }), ids)
	return err
}

// PrimeListings reads these listings, primes their loader and answers
// them, for the edges below them.
func (l *Loaders) PrimeListings(ctx context.Context, ids ...int64) (map[int64]*db.PartnerListing, error) {
	return prime(ctx, l.Listings, rowsByID(l.stores.Partners.ListingsByIDs, func(x *db.PartnerListing) int64 { return x.ID }), ids)
}

// PrimeRelationKinds reads these relation kinds and primes their loader.
func (l *Loaders) PrimeRelationKinds(ctx context.Context, ids ...int64) error {
	_, err := prime(ctx, l.RelationKinds, rowsByID(l.stores.Partners.RelationKindsByIDs, func(k *db.PartnerRelationKind) int64 { return k.ID }), ids)
	return err
}

// PrimeCatalogGoods reads these catalog goods with the edges asked for and
// primes their loader.
func (l *Loaders) PrimeCatalogGoods(ctx context.Context, edges db.ShopGoodsEdges, ids ...int64) error {
	keys := make([]GoodsKey, len(ids))
	for i, id := range ids {
		keys[i] = GoodsKey{id, edges}
	}
	_, err := prime(ctx, l.CatalogGoods, catalogGoods(l.stores), keys)
	return err
}

// prime reads these keys (each once) in one statement, primes the loader
// with what it found (the zero value for a key it did not: no row, an
// empty list) and returns that; no key is no statement.
func prime[K comparable, V any](ctx context.Context, l *dataloader.Loader[K, V], read func(context.Context, []K) (map[K]V, error), keys []K) (map[K]V, error) {
	seen := make(map[K]bool, len(keys))
	keys = slices.DeleteFunc(slices.Clone(keys), func(k K) bool {
		dup := seen[k]
		seen[k] = true
		return dup
	})
	if len(keys) == 0 {
		return nil, nil
	}
	found, err := read(ctx, keys)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		l.Prime(ctx, k, found[k])
	}
	return found, nil
}

// orderLines reads the lines of the keys' orders in one statement and
// gives each key those of its seller.
func orderLines(s *db.PartnerOrderStore) func(context.Context, []OrderLines) (map[OrderLines][]*db.PartnerOrderLine, error) {
	return func(ctx context.Context, keys []OrderLines) (map[OrderLines][]*db.PartnerOrderLine, error) {
		orders := make([]int64, len(keys))
		for i, k := range keys {
			orders[i] = k.OrderID
		}
		lines, err := s.LinesOfOrders(ctx, orders)
		found := make(map[OrderLines][]*db.PartnerOrderLine, len(keys))
		for _, k := range keys {
			found[k] = []*db.PartnerOrderLine{}
		}
		for _, l := range lines {
			for _, k := range []OrderLines{{l.OrderID, 0}, {l.OrderID, l.SellerID}} {
				if got, asked := found[k]; asked {
					found[k] = append(got, l)
				}
			}
		}
		return found, err
	}
}

// rowsByID turns a read of rows by ids into a read by id.
func rowsByID[T any](read func(context.Context, []int64) ([]*T, error), id func(*T) int64) func(context.Context, []int64) (map[int64]*T, error) {
	return func(ctx context.Context, ids []int64) (map[int64]*T, error) {
		rows, err := read(ctx, ids)
		byID := make(map[int64]*T, len(rows))
		for _, r := range rows {
			byID[id(r)] = r
		}
		return byID, err
	}
}

// batchWait is how long a loader gathers keys before its statement: the
// resolvers of one list's items call it within microseconds of each other.
const batchWait = time.Millisecond

// byKeys is a loader over a read of many keys at once into a map (batches),
// its batches traced by tracer (nil: none).
func byKeys[K comparable, V any](tracer trace.Tracer, name string, read func(context.Context, []K) (map[K]V, error)) *dataloader.Loader[K, V] {
	return dataloader.NewBatchedLoader(batches(name, read), dataloader.WithWait[K, V](batchWait), traced[K, V](tracer, name))
}

// batches is the batch function of the loader called name over a read of
// many keys at once into a map: a key the read did not find gets the zero
// value (an empty list, no row). Every batch of every loader runs here, and
// the request's metrics see each (its keys and time).
func batches[K comparable, V any](name string, read func(context.Context, []K) (map[K]V, error)) dataloader.BatchFunc[K, V] {
	return func(ctx context.Context, keys []K) []*dataloader.Result[V] {
		defer observe.ObserveBatch(ctx, name, len(keys), time.Now())
		found, err := read(ctx, keys)
		out := make([]*dataloader.Result[V], len(keys))
		for i, k := range keys {
			out[i] = &dataloader.Result[V]{Data: found[k], Error: err}
		}
		return out
	}
}

// traced gives a loader's batches a span, the parent of their statements,
// when tracer is not nil. Loads get none: an item of a list loads an edge,
// and a span per item would grow with the page.
func traced[K comparable, V any](tracer trace.Tracer, name string) dataloader.Option[K, V] {
	if tracer == nil {
		return func(*dataloader.Loader[K, V]) {}
	}
	return dataloader.WithTracer[K, V](batchTracer[K, V]{tracer, "dataloader " + name})
}

// batchTracer is a dataloader.Tracer of batches only.
type batchTracer[K comparable, V any] struct {
	tracer trace.Tracer
	name   string
}

func (t batchTracer[K, V]) TraceBatch(ctx context.Context, keys []K) (context.Context, dataloader.TraceBatchFinishFunc[V]) {
	ctx, span := t.tracer.Start(ctx, t.name, trace.WithAttributes(attribute.Int("dataloader.batch.size", len(keys))))
	return ctx, func([]*dataloader.Result[V]) { span.End() }
}

func (batchTracer[K, V]) TraceLoad(ctx context.Context, _ K) (context.Context, dataloader.TraceLoadFinishFunc[V]) {
	return ctx, func(dataloader.Thunk[V]) {}
}

func (batchTracer[K, V]) TraceLoadMany(ctx context.Context, _ []K) (context.Context, dataloader.TraceLoadManyFinishFunc[V]) {
	return ctx, func(dataloader.ThunkMany[V]) {}
}

type loadersKey struct{}

// tracerName is the instrumentation scope of the batch spans.
const tracerName = "github.com/onegraph/server/graph/loaders"

// Middleware gives every request its own loaders; mount it only where
// GraphQL operations run (the GraphQL endpoint and the compat routes).
// With a tracer provider (nil: none) their batches are traced.
func Middleware(s *db.Stores, tp trace.TracerProvider) func(http.Handler) http.Handler {
	var tracer trace.Tracer
	if tp != nil {
		tracer = tp.Tracer(tracerName)
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := context.WithValue(r.Context(), loadersKey{}, New(s, tracer))
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// For returns the request's loaders.
func For(ctx context.Context) *Loaders {
	return ctx.Value(loadersKey{}).(*Loaders)
}

// Forget drops what the request's loaders hold, failures included, so an
// operation run again (a read retried after the database came back) loads
// afresh.
func Forget(ctx context.Context) {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		l.ViewerRights.ClearAll()
		l.MerchantGroups.ClearAll()
		l.SaleMenuStations.ClearAll()
		l.Enterprises.ClearAll()
		l.Listings.ClearAll()
		l.RelationKinds.ClearAll()
		l.CatalogGoods.ClearAll()
		l.PartnerOrderLines.ClearAll()
		l.Shipments.ClearAll()
		l.TrackingEvents.ClearAll()
	}
}
