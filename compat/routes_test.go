package compat

import (
	"slices"
	"testing"

	"github.com/vektah/gqlparser/v2"

	"github.com/onegraph/server/graph/generated"
)

// Every route's operation is valid against the schema, so a schema change
// that breaks a legacy route fails here, not in a client.
func TestRouteOperationsValidateAgainstSchema(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	for _, rt := range allRoutes() {
		doc, errs := gqlparser.LoadQuery(schema, rt.doc)
		if errs != nil {
			t.Errorf("%s %s %s: %v", rt.method, rt.path, rt.action, errs)
			continue
		}
		if len(doc.Operations) != 1 {
			t.Errorf("%s %s %s: %d operations, want 1", rt.method, rt.path, rt.action, len(doc.Operations))
		}
	}
}

// allRoutes is every row of every route table.
func allRoutes() []route {
	return slices.Concat(pharmaPublic, pharmaRoutes, shopPublic, shopRoutes())
}
