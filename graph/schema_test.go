package graph_test

import (
	"strings"
	"testing"

	"github.com/onegraph/server/graph/generated"
)

var accessDirectives = map[string]bool{"public": true, "authenticated": true, "hasRole": true, "hasRight": true}

// Every root field states who may call it, with exactly one access directive.
func TestEveryRootFieldDeclaresAccess(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	for _, root := range rootTypes {
		for _, f := range schema.Types[root].Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			n := 0
			for _, d := range f.Directives {
				if accessDirectives[d.Name] {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%s.%s has %d access directives, want exactly 1", root, f.Name, n)
			}
		}
	}
}
