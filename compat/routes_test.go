package compat

import (
	"maps"
	"slices"
	"testing"

	"github.com/vektah/gqlparser/v2"

	"github.com/onegraph/server/graph/generated"
)

// The operations document is valid against the schema, every route names
// one of its operations and every operation serves a route, so a schema
// change that breaks a legacy route fails here, not in a client.
func TestRouteOperationsValidateAgainstSchema(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	doc, errs := gqlparser.LoadQuery(schema, Operations)
	if errs != nil {
		t.Fatalf("operations/: %v", errs)
	}
	unused := map[string]bool{}
	for _, op := range doc.Operations {
		unused[op.Name] = true
	}
	for _, rt := range allRoutes() {
		if doc.Operations.ForName(rt.op) == nil {
			t.Errorf("%s %s %s: no operation %q in operations/", rt.method, rt.path, rt.action, rt.op)
		}
		delete(unused, rt.op)
	}
	for name := range unused {
		t.Errorf("operation %s serves no route", name)
	}
}

// allRoutes is every row of every route table, every shop route as the
// original answered it and every variant a request member picks.
func allRoutes() []route {
	shop := slices.Concat(shopPublic, shopRoutes())
	routes := slices.Concat(pharmaPublic, pharmaRoutes, shop, merchantRoutes(), []route{restaurantExport},
		partnerRoutes(), []route{partnerRegister, partnerSignIn, partnerRequestReturn})
	for _, rt := range shop {
		if rt.original != nil {
			routes = append(routes, rt.asOriginal())
		}
	}
	for _, rt := range slices.Concat(merchantRoutes(), partnerRoutes()) {
		if rt.choice != nil {
			for _, value := range slices.Sorted(maps.Keys(rt.choice.variants)) {
				routes = append(routes, *rt.choice.variants[value])
			}
		}
	}
	return routes
}
