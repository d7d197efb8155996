package graph

import (
	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/graph/model"
)

// Helpers of the goods resolvers, kept out of the generated resolver file.

// goodsStates maps the GraphQL states to the stored (legacy) numbers.
var goodsStates = map[model.ShopGoodsState]int{
	model.ShopGoodsStateRejected: db.GoodsRejected,
	model.ShopGoodsStateInReview: db.GoodsInReview,
	model.ShopGoodsStateApproved: db.GoodsApproved,
}

func goodsFields(in model.ShopGoodsInput) db.ShopGoodsFields {
	return db.ShopGoodsFields{Name: in.Name, CategoryPath: in.CategoryPath, Price: in.Price, Number: in.Number,
		Weight: in.Weight, Introduction: deref(in.Introduction)}
}

// goodsChildren turns picture and attribute inputs into the store's; a nil
// list keeps what the goods have. The files of new pictures are made here,
// before the store's transaction, so a picture that cannot be made writes
// no rows.
func (r *Resolver) goodsChildren(pics []*model.ShopGoodsPictureInput, attrs []*model.ShopGoodsAttributeInput) (db.ShopGoodsChildren, error) {
	var ch db.ShopGoodsChildren
	if pics != nil {
		out := make([]db.ShopGoodsPicInput, len(pics))
		for i, p := range pics {
			switch {
			case p.ID != nil: // an id keeps the picture, as the legacy sync did
				out[i].ID = p.ID
			case p.TmpPath != nil:
				pic, err := r.media.MakeGoodsPicture(*p.TmpPath)
				if err != nil {
					return ch, err
				}
				out[i] = db.ShopGoodsPicInput{Big: pic.Big, Mid: pic.Mid, Small: pic.Small}
			default:
				return ch, apperr.Invalidf("picture %d needs an id or a tmpPath", i+1)
			}
		}
		ch.Pics = &out
	}
	if attrs != nil {
		out := make([]db.ShopGoodsAttrInput, len(attrs))
		for i, a := range attrs {
			out[i] = db.ShopGoodsAttrInput{AttributeID: a.AttributeID, Value: a.Value}
		}
		ch.Attrs = &out
	}
	return ch, nil
}
