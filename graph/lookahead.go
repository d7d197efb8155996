package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/onegraph/server/db"
	"github.com/onegraph/server/service"
)

// Look-ahead: a resolver that returns a list reads the selection below it
// and loads the edges it names with the list, one statement per edge, so
// no per-item resolver or loader wait is left when the answer is written.
// Edges are plain fields of the models (gqlgen.yml binds them, no resolver),
// but for a sale menu's group and stations, whose resolvers fall back to
// loaders where no look-ahead read them (a binding mutation's answer).

// selection is what the current field's selection asks for below a path of
// fields: gqlgen's look-ahead (graphql.FieldRequested), which merges aliases
// and fragments and applies @skip and @include.
type selection struct {
	ctx  context.Context
	path string // "items.lines." below the field; "" at the field itself
}

func lookAhead(ctx context.Context) selection { return selection{ctx: ctx} }

// has tells whether the selection asks for the field.
func (s selection) has(field string) bool { return graphql.FieldRequested(s.ctx, s.path+field) }

// under is the selection below field.
func (s selection) under(field string) selection { return selection{s.ctx, s.path + field + "."} }

// withEdges returns a function that loads, with load, the edges e on the row
// a use case returned: r.accountOut(ctx, sel)(r.svc.ShopUsers.CreateUser(...)).
func withEdges[E, T any](ctx context.Context, e E, load func(context.Context, E, ...*T) error) func(*T, error) (*T, error) {
	return func(row *T, err error) (*T, error) {
		if err == nil {
			err = load(ctx, e, row)
		}
		if err != nil {
			return nil, err
		}
		return row, nil
	}
}

func pharmaOrderEdges(order selection) db.PharmaOrderEdges {
	return db.PharmaOrderEdges{
		Customer:      order.has("customer"),
		Lines:         order.has("lines"),
		LineMedicines: order.under("lines").has("medicine"),
	}
}

func (r *Resolver) pharmaOrderOut(ctx context.Context) func(*db.PharmaOrder, error) (*db.PharmaOrder, error) {
	return withEdges(ctx, pharmaOrderEdges(lookAhead(ctx)), r.svc.Pharma.LoadOrderEdges)
}

func accountEdges(account selection) service.AccountEdges {
	return service.AccountEdges{
		ShopRole:   account.has("shopRole"),
		RoleRights: account.under("shopRole").has("rights"),
	}
}

func (r *Resolver) accountOut(ctx context.Context, account selection) func(*db.Account, error) (*db.Account, error) {
	return withEdges(ctx, accountEdges(account), r.svc.ShopUsers.LoadAccountEdges)
}

func (r *Resolver) shopRoleOut(ctx context.Context) func(*db.ShopRole, error) (*db.ShopRole, error) {
	return withEdges(ctx, lookAhead(ctx).has("rights"), func(ctx context.Context, rights bool, roles ...*db.ShopRole) error {
		if !rights {
			return nil
		}
		return r.svc.ShopUsers.LoadRoleRights(ctx, roles...)
	})
}

// shopCategoryEdges counts the levels of children asked for below the
// categories, however deep the selection nests them.
func shopCategoryEdges(cat selection) db.ShopCategoryEdges {
	levels := 0
	for s := cat; s.has("children"); s = s.under("children") {
		levels++
	}
	return db.ShopCategoryEdges{ChildLevels: levels}
}

func (r *Resolver) shopCategoryOut(ctx context.Context) func(*db.ShopCategory, error) (*db.ShopCategory, error) {
	return withEdges(ctx, shopCategoryEdges(lookAhead(ctx)), r.svc.ShopCatalog.LoadCategoryEdges)
}

func shopGoodsEdges(goods selection) db.ShopGoodsEdges {
	return db.ShopGoodsEdges{
		Pictures:      goods.has("pictures"),
		Attributes:    goods.has("attributes"),
		AttributeDefs: goods.under("attributes").has("attribute"),
	}
}

func (r *Resolver) shopGoodsOut(ctx context.Context) func(*db.ShopGoods, error) (*db.ShopGoods, error) {
	return withEdges(ctx, shopGoodsEdges(lookAhead(ctx)), r.svc.ShopGoods.LoadGoodsEdges)
}

func shopOrderEdges(order selection) db.ShopOrderEdges {
	e := db.ShopOrderEdges{Lines: order.has("lines")}
	if line := order.under("lines"); line.has("goods") {
		goods := shopGoodsEdges(line.under("goods"))
		e.LineGoods = &goods
	}
	return e
}

func (r *Resolver) shopOrderOut(ctx context.Context) func(*db.ShopOrder, error) (*db.ShopOrder, error) {
	return withEdges(ctx, shopOrderEdges(lookAhead(ctx)), r.svc.ShopOrders.LoadOrderEdges)
}

func restaurantEdges(restaurant selection) db.RestaurantEdges {
	merchant, saleMenu := restaurant.under("merchant"), restaurant.under("saleMenus").under("saleMenu")
	return db.RestaurantEdges{
		Merchant:      restaurant.has("merchant"),
		Managers:      merchant.has("accountManager") || merchant.has("salesManager"),
		ManagerGroups: merchant.under("accountManager").has("group") || merchant.under("salesManager").has("group"),
		City:          restaurant.has("city"),
		CityAreas:     restaurant.under("city").has("areas"),
		Areas:         restaurant.has("area") || restaurant.has("street"),
		AreaChildren:  restaurant.under("area").has("children") || restaurant.under("street").has("children"),
		Label:         restaurant.has("label"),
		Bindings:      restaurant.has("saleMenus"),
		MenuGroups:    saleMenu.has("group"),
		MenuStations:  saleMenu.has("stations"),
	}
}

func (r *Resolver) restaurantOut(ctx context.Context) func(*db.Restaurant, error) (*db.Restaurant, error) {
	return withEdges(ctx, restaurantEdges(lookAhead(ctx)), r.svc.Merchants.LoadRestaurantEdges)
}
