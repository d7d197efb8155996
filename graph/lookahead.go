package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/onegraph/server/db"
)

// Look-ahead: a resolver that returns a list reads the selection below it
// and loads the edges it names with the list, one statement per edge, so
// no per-item resolver or loader wait is left when the answer is written.
// Edges are plain fields of the models (gqlgen.yml binds them, no resolver).

// selection is the fields selected on one type below the current field,
// with aliases, fragments and repeated fields merged.
type selection struct {
	op     *graphql.OperationContext
	fields []graphql.CollectedField
}

// lookAhead is the current field's selection on its type typeName.
func lookAhead(ctx context.Context, typeName string) selection {
	return selection{graphql.GetOperationContext(ctx), graphql.CollectFieldsCtx(ctx, []string{typeName})}
}

// has tells whether the selection asks for the field.
func (s selection) has(field string) bool {
	for _, f := range s.fields {
		if f.Name == field {
			return true
		}
	}
	return false
}

// under is the selection of field (of type typeName), merged over every
// place it is asked for.
func (s selection) under(field, typeName string) selection {
	var merged []graphql.CollectedField
	for _, f := range s.fields {
		if f.Name == field {
			merged = append(merged, graphql.CollectFields(s.op, f.Selections, []string{typeName})...)
		}
	}
	return selection{s.op, merged}
}

func pharmaOrderEdges(order selection) db.PharmaOrderEdges {
	return db.PharmaOrderEdges{
		Customer:      order.has("customer"),
		Lines:         order.has("lines"),
		LineMedicines: order.under("lines", "PharmaOrderLine").has("medicine"),
	}
}

// shopCategoryEdges counts the levels of children asked for below the
// categories, however deep the selection nests them.
func shopCategoryEdges(cat selection) db.ShopCategoryEdges {
	levels := 0
	for s := cat; s.has("children"); s = s.under("children", "ShopCategory") {
		levels++
	}
	return db.ShopCategoryEdges{ChildLevels: levels}
}

func shopGoodsEdges(goods selection) db.ShopGoodsEdges {
	return db.ShopGoodsEdges{
		Pictures:      goods.has("pictures"),
		Attributes:    goods.has("attributes"),
		AttributeDefs: goods.under("attributes", "ShopGoodsAttribute").has("attribute"),
	}
}

func shopOrderEdges(order selection) db.ShopOrderEdges {
	e := db.ShopOrderEdges{Lines: order.has("lines")}
	if line := order.under("lines", "ShopOrderLine"); line.has("goods") {
		goods := shopGoodsEdges(line.under("goods", "ShopGoods"))
		e.LineGoods = &goods
	}
	return e
}
