package graph

import (
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/graph/model"
)

// The attribute kinds as stored (the legacy attr_sel) and as the schema
// names them; kept out of the generated resolver file so regeneration
// leaves them alone.
var (
	attributeKindToDB = map[model.ShopAttributeKind]string{
		model.ShopAttributeKindMany: db.AttributeMany,
		model.ShopAttributeKindOnly: db.AttributeOnly,
	}
	attributeKindFromDB = map[string]model.ShopAttributeKind{
		db.AttributeMany: model.ShopAttributeKindMany,
		db.AttributeOnly: model.ShopAttributeKindOnly,
	}
)

func shopAttribute(categoryID int64, in model.ShopAttributeInput) *db.ShopAttribute {
	return &db.ShopAttribute{CategoryID: categoryID, Name: in.Name, Kind: attributeKindToDB[in.Kind], Values: deref(in.Values)}
}
