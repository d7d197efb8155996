package graph_test

import (
	"slices"
	"testing"

	"github.com/onegraph/server/enum"
	"github.com/onegraph/server/graph/model"
)

// Every value of each GraphQL enum has a stored code, and every code a
// value: an enum value added to the SDL without its code fails here, not
// as an INTERNAL error in a client.
func TestEveryEnumValueHasItsCode(t *testing.T) {
	for _, tc := range []struct {
		name       string
		sdl, codec []string
	}{
		{"ShopPayMethod", names(model.AllShopPayMethod), enum.ShopPayMethod.Names()},
		{"ShopGoodsState", names(model.AllShopGoodsState), enum.ShopGoodsState.Names()},
		{"ShopAttributeKind", names(model.AllShopAttributeKind), enum.ShopAttributeKind.Names()},
	} {
		slices.Sort(tc.sdl)
		slices.Sort(tc.codec)
		if !slices.Equal(tc.sdl, tc.codec) {
			t.Errorf("%s: the SDL has %v, the codec %v", tc.name, tc.sdl, tc.codec)
		}
	}
}

func names[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
