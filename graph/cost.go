package graph

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/onegraph/server/service"
)

// coster prices a validated operation (see Limits.Cost). Sums and products
// saturate, so a price never wraps around to look cheap.
type coster struct {
	limits Limits
	vars   map[string]any
}

func (c coster) operation(op *ast.OperationDefinition) int { return c.set(op.SelectionSet, notAPage) }

// notAPage is the page length of a selection that is not a page's.
const notAPage = -1

// set prices a selection set; page is the length of the lists directly in
// it when it is a page's selection (notAPage otherwise).
func (c coster) set(set ast.SelectionSet, page int) int {
	total := 0
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			// Introspection reads the schema, never the store; its
			// size is bounded by the document limits.
			if sel.Definition != nil && !strings.HasPrefix(sel.Name, "__") {
				total = add(total, c.field(sel, page))
			}
		case *ast.InlineFragment:
			total = add(total, c.set(sel.SelectionSet, page))
		case *ast.FragmentSpread:
			if sel.Definition != nil {
				total = add(total, c.set(sel.Definition.SelectionSet, page))
			}
		}
	}
	return total
}

func (c coster) field(f *ast.Field, page int) int {
	if len(f.SelectionSet) == 0 {
		return 0 // a scalar: written from a row already read
	}
	childPage := notAPage
	if paged(f) {
		childPage = c.pageSize(f)
	}
	item := add(1, c.set(f.SelectionSet, childPage))
	if f.Definition.Type.Elem == nil {
		return item
	}
	return mul(c.listLength(f, page), item)
}

func (c coster) listLength(f *ast.Field, page int) int {
	switch {
	case page != notAPage:
		return page
	case paged(f):
		return c.pageSize(f)
	}
	if d := f.Definition.Directives.ForName("listSize"); d != nil {
		if n, err := strconv.Atoi(d.Arguments.ForName("assumedSize").Value.Raw); err == nil {
			return n
		}
	}
	return c.limits.UnpagedRows
}

// paged tells whether a field reads a page: a page field's (its paging
// argument) or a connection's slice (its first argument, on a connection
// only, so that an unrelated argument named first prices nothing); the
// lists directly in its selection (items, edges) are that long.
func paged(f *ast.Field) bool {
	args := f.Definition.Arguments
	return args.ForName("paging") != nil || args.ForName("first") != nil && isConnection(f.Definition.Type)
}

// isConnection tells whether a field's type is a connection: one object
// (not a list) named, as the schema names every connection, …Connection.
func isConnection(t *ast.Type) bool {
	return t.Elem == nil && strings.HasSuffix(t.NamedType, "Connection")
}

// pageSize is the size a field's paging argument, or its first, asks for;
// a paging sent as null reads its default page (lists.go); a page left out
// with no default is priced as UnpagedRows, and one the service refuses
// unread as nothing, so its client reads why.
func (c coster) pageSize(f *ast.Field) int {
	args := f.ArgumentMap(c.vars)
	size, given := args["first"]
	paging, ok := args["paging"].(map[string]any)
	if !ok {
		paging, ok = defaultPaging(f.Definition)
	}
	if ok {
		size, given = paging["size"], true
	}
	if !given {
		return c.limits.UnpagedRows
	}
	if n, ok := toInt(size); ok && n >= 1 && n <= service.MaxPageSize {
		return n
	}
	return 0
}

func toInt(v any) (int, bool) {
	switch v := v.(type) {
	case int:
		return v, true
	case int64:
		return int(min(v, math.MaxInt32)), true
	case json.Number:
		n, err := v.Int64()
		return int(min(n, math.MaxInt32)), err == nil
	case float64:
		return int(min(v, math.MaxInt32)), true
	}
	return 0, false
}

func add(a, b int) int { return min(a+b, math.MaxInt32) }

func mul(a, b int) int {
	if a != 0 && b > math.MaxInt32/a {
		return math.MaxInt32
	}
	return a * b
}
