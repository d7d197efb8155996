package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/enum"
	"github.com/onegraph/server/graph/loaders"
	"github.com/onegraph/server/graph/model"
	"github.com/onegraph/server/service"
)

// Helpers of the resolvers, kept out of the generated resolver files.

// pageOf turns a page request into the store's; nil means every row. The
// services check its bounds.
func pageOf(p *model.PageInput) *db.Paging {
	if p == nil {
		return nil
	}
	return &db.Paging{Page: p.Page, Size: p.Size}
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
