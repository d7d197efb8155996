package graph

import (
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/onegraph/server/db"
)

// The schema is refused, so the server does not start, when a root field
// has no access directive (nothing would guard it), more than one, or
// needs a right the catalog lacks.
func TestDescribeAccessRefusesAnUnguardedField(t *testing.T) {
	const directives = `directive @public on FIELD_DEFINITION
		directive @authenticated on FIELD_DEFINITION
		directive @hasRight(id: Int!) on FIELD_DEFINITION
		type Query { open: Int @public }
		`
	catalog := []*db.ShopRight{{ID: 104, Name: "商品列表"}}
	for sdl, want := range map[string]string{
		"type Mutation { open: Int @public, bare: Int }":                             "Mutation.bare has 0 access directives",
		"type Subscription { both: Int @public @authenticated }":                     "Subscription.both has 2 access directives",
		"type Mutation { goods: Int @hasRight(id: 104), x: Int @hasRight(id: 999) }": "Mutation.x: @hasRight(id: 999) names no right",
		"type Mutation { goods: Int @hasRight(id: 104) }":                            "",
	} {
		schema := gqlparser.MustLoadSchema(&ast.Source{Input: directives + sdl})
		described, _, err := describeAccess(schema, catalog)
		if want == "" {
			if err != nil {
				t.Errorf("%s: %v", sdl, err)
			} else if got := described.Mutation.Fields.ForName("goods").Description; got != "Access: signed-in accounts whose shop role holds right 104 (商品列表); the super-admin role 0 holds every right." {
				t.Errorf("described %q", got)
			} else if schema.Mutation.Fields.ForName("goods").Description != "" {
				t.Error("the schema described was changed, not a copy of it")
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", sdl, err, want)
		}
	}
}
