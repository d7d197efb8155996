package graph

import (
	"context"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/enum"
	"github.com/onegraph/server/graph/loaders"
	"github.com/onegraph/server/graph/model"
	"github.com/onegraph/server/service"
)

// Helpers of the resolvers, kept out of the generated resolver files.

// pageOf turns the paging argument of the list ctx resolves into the
// store's page; the services check its bounds. Left out or sent as null it
// is the same (README, "Schema map"): the argument's default page in the
// schema where it has one, nil (every row) otherwise.
func pageOf(ctx context.Context, p *model.PageInput) *db.Paging {
	if p != nil {
		return &db.Paging{Page: p.Page, Size: p.Size}
	}
	page, ok := defaultPaging(graphql.GetFieldContext(ctx).Field.Definition)
	if !ok {
		return nil
	}
	size, _ := toInt(page["size"])
	n, _ := toInt(page["page"])
	return &db.Paging{Page: n, Size: size}
}

// defaultPaging is the page a field's paging argument defaults to in the
// schema, if it has an argument with a default: what a paging sent as
// null reads too, and is priced as (cost.go).
func defaultPaging(f *ast.FieldDefinition) (map[string]any, bool) {
	arg := f.Arguments.ForName("paging")
	if arg == nil || arg.DefaultValue == nil {
		return nil, false
	}
	page, err := arg.DefaultValue.Value(nil)
	m, ok := page.(map[string]any)
	return m, ok && err == nil
}

// searchOf is a list's search text, sent as search or as query, its former
// name, which the schema keeps deprecated; both may be sent when they agree.
func searchOf(search, query *string) (*string, error) {
	if search != nil && query != nil && *search != *query {
		return nil, apperr.Invalidf("search %q and query %q differ: query is the deprecated name of search, send search alone", *search, *query)
	}
	if search != nil {
		return search, nil
	}
	return query, nil
}

// notNull reads the fields of an update input that may be left out (nil:
// keep the value) but not sent as null, since what they set holds none; err
// is the first null met.
type notNull struct{ err error }

func (n *notNull) given(field string, v graphql.Omittable[*string]) *string {
	if v.IsSet() && v.Value() == nil && n.err == nil {
		n.err = apperr.Invalidf("%s cannot be null; leave it out to keep its value", field)
	}
	return v.Value()
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// viewerRights are the rights the viewer's shop role holds, loaded once per
// request (for @hasRight, the menus and the rights use cases); none without
// a shop role.
func viewerRights(ctx context.Context, v *auth.Viewer) ([]*db.ShopRight, error) {
	if v.ShopRoleID == nil {
		return nil, nil
	}
	return loaders.For(ctx).ViewerRights.Load(ctx, *v.ShopRoleID)()
}

// caller is the viewer as the users and rights use cases see it, with the
// rights its role holds.
func caller(ctx context.Context) (service.Caller, error) {
	v := auth.FromContext(ctx)
	held, err := viewerRights(ctx, v)
	return service.Caller{AccountID: v.AccountID, RoleID: v.ShopRoleID, Held: held}, err
}

// enumName reads a stored code as the GraphQL enum value T.
func enumName[T ~string, C comparable](codec *enum.Codec[C], code C) (T, error) {
	name, err := codec.Name(code)
	return T(name), err
}

// enumCode reads a GraphQL enum value as its stored code.
func enumCode[T ~string, C comparable](codec *enum.Codec[C], v T) (C, error) {
	return codec.Code(string(v))
}

func orderLines(in []*model.PharmaOrderLineInput) []db.OrderLineInput {
	out := make([]db.OrderLineInput, len(in))
	for i, l := range in {
		out[i] = db.OrderLineInput{MedicineID: l.MedicineID, Amount: l.Amount}
	}
	return out
}

func newShopOrder(in model.CreateShopOrderInput) service.NewShopOrder {
	lines := make([]service.NewShopOrderLine, len(in.Lines))
	for i, l := range in.Lines {
		lines[i] = service.NewShopOrderLine{GoodsID: l.GoodsID, Price: l.Price, Number: l.Number}
	}
	return service.NewShopOrder{UserID: in.UserID, Price: in.Price, ConsigneeAddress: deref(in.ConsigneeAddress),
		InvoiceTitle: deref(in.InvoiceTitle), InvoiceCompany: deref(in.InvoiceCompany),
		InvoiceContent: deref(in.InvoiceContent), Lines: lines}
}

func goodsFields(in model.ShopGoodsInput) service.GoodsFields {
	return service.GoodsFields{Name: in.Name, CategoryPath: in.CategoryPath, Price: in.Price, Number: in.Number,
		Weight: in.Weight, Introduction: deref(in.Introduction)}
}

// goodsChildren turns picture and attribute inputs into the service's; a
// nil list keeps what the goods have.
func goodsChildren(pics []*model.ShopGoodsPictureInput, attrs []*model.ShopGoodsAttributeInput) service.GoodsChildren {
	ch := service.GoodsChildren{SetPictures: pics != nil, SetAttributes: attrs != nil}
	for _, p := range pics {
		ch.Pictures = append(ch.Pictures, service.GoodsPicture{ID: p.ID, TmpPath: p.TmpPath})
	}
	for _, a := range attrs {
		ch.Attributes = append(ch.Attributes, service.GoodsAttribute{AttributeID: a.AttributeID, Value: a.Value})
	}
	return ch
}

// changedRole re-reads a role after its rights changed, dropping the
// viewer's rights this request cached (the role may be the viewer's).
func (r *mutationResolver) changedRole(ctx context.Context, roleID int64) (*db.ShopRole, error) {
	loaders.For(ctx).ViewerRights.Clear(ctx, roleID)
	return r.shopRoleOut(ctx)(r.svc.ShopUsers.Roles.Get(ctx, roleID))
}

// opt reads an update input's field that may be left out, or sent as null
// to clear it, as a change.
func opt[T any](o graphql.Omittable[*T]) service.Opt[T] {
	return service.Opt[T]{Set: o.IsSet(), Value: o.Value()}
}

// optCode is opt of an enum field, as its code.
func optCode[T ~string](codec *enum.Codec[int], o graphql.Omittable[*T]) service.Opt[int] {
	c := givenCode(codec, o.Value())
	c.Set = o.IsSet()
	return c
}

// given is an optional input field as a change: nil is not given.
func given[T any](v *T) service.Opt[T] { return service.Opt[T]{Set: v != nil, Value: v} }

// givenCode is given of an enum field, as its code; the schema lets only
// its names through.
func givenCode[T ~string](codec *enum.Codec[int], v *T) service.Opt[int] {
	if v == nil {
		return service.Opt[int]{}
	}
	code, _ := enumCode(codec, *v)
	return service.To(code)
}

func restaurantFilter(filter *model.RestaurantFilter) (db.RestaurantFilter, error) {
	f := deref(filter)
	text, err := searchOf(f.Search, f.Query)
	return db.RestaurantFilter{
		Text: text, CityCode: f.CityCode, AreaID: f.AreaID, StreetID: f.StreetID, StationID: f.StationID,
		SaleMenuID: f.SaleMenuID, AccountManagerID: f.AccountManagerID, SalesManagerID: f.SalesManagerID,
		LabelID: f.LabelID, NoLabel: deref(f.NoLabel),
		Review: givenCode(enum.ReviewState, f.Review).Value, SettlementCycle: givenCode(enum.SettlementCycle, f.SettlementCycle).Value,
		SettleWay: givenCode(enum.SettleWay, f.SettleWay).Value, MerchantType: givenCode(enum.MerchantType, f.MerchantType).Value,
	}, err
}

// restaurantFields are the restaurant fields of an add.
func restaurantFields(in model.AddRestaurantInput) service.RestaurantPatch {
	return service.RestaurantPatch{
		Name: service.To(in.Name), RestaurantPhone: given(in.Phone), ReceiverName: service.To(in.ReceiverName),
		ReceiverPhone: service.To(in.ReceiverPhone), PayerName: given(in.PayerName), PayerPhone: given(in.PayerPhone),
		CityCode: service.To(in.CityCode), AreaID: service.To(in.AreaID), StreetID: service.To(in.StreetID),
		Address: service.To(in.Address), Latitude: given(in.Latitude), Longitude: given(in.Longitude),
		MapAddress: given(in.MapAddress), Review: givenCode(enum.ReviewState, in.Review), LabelID: given(in.LabelID),
		SettleWay: givenCode(enum.SettleWay, in.SettleWay), SettlementCycle: givenCode(enum.SettlementCycle, in.SettlementCycle),
		CreditMode: givenCode(enum.CreditMode, in.CreditMode), CreditLimit: given(in.CreditLimit),
		EffectiveDate: given(in.EffectiveDate), BeginDay: given(in.BeginDay), SettleDay: given(in.SettleDay),
		DateBasis: givenCode(enum.SettleDateBasis, in.DateBasis), RemindDaysBefore: given(in.RemindDaysBefore),
	}
}

// restaurantsExportLink links to the workbook of the restaurant search: the
// filter travels in the link's token as this input, which the export route
// runs the search with (a JWT is URL-safe as it is).
func (r *Resolver) restaurantsExportLink(ctx context.Context, filter model.RestaurantFilter) (*model.DownloadLink, error) {
	f, err := restaurantFilter(&filter)
	if err != nil {
		return nil, err
	}
	input, err := json.Marshal(filter)
	if err != nil {
		return nil, err
	}
	token, expires, err := r.svc.Merchants.ExportLink(ctx, restaurantsExportPath, f, input)
	if err != nil {
		return nil, err
	}
	url := restaurantsExportPath + "?export=1&" + auth.DownloadParam + "=" + token
	return &model.DownloadLink{URL: url, ExpiresAt: expires}, nil
}

// restaurantsExportPath is the legacy route that writes the restaurant
// search as a workbook (compat/merchant_export.go); restaurantsExport links
// to it.
const restaurantsExportPath = "/custommanage/list"
