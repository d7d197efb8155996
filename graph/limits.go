package graph

import (
	"cmp"
	"fmt"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/onegraph/server/apperr"
)

// Limits bound the work one GraphQL request may ask for. The document
// limits are checked before the document is validated, since validation
// itself is what a hostile document makes expensive (its overlapping-fields
// rule is quadratic in the fields of a selection); cost, which needs the
// schema and the variables, is checked after. GraphQL Armor's defaults are
// the ceiling.
type Limits struct {
	DocumentBytes int // the raw document
	Tokens        int // lexical tokens of the document
	// Depth counts selection sets below the root fields: `{ me { id } }` is
	// 1. The deepest operation the clients send (a shop order's lines'
	// goods' pictures) is 5; the three-level category tree is 4.
	Depth int
	// IntrospectionDepth is the depth allowed under __schema and __type:
	// a client's standard introspection query follows `ofType` seven
	// levels down from a field's argument (depth 11); introspection reads
	// the schema, never the store.
	IntrospectionDepth int
	// Aliases counts the extra copies of a field in one selection set:
	// `a: pharmaOrders b: pharmaOrders` is 1. An alias that only renames a
	// field (the legacy names of the compat operations) asks for no more
	// work and costs nothing.
	Aliases    int
	Directives int // directives used anywhere in the document
	// Fields counts selections with fragments expanded: fields, fragment
	// spreads and inline fragments, so a fragment that spreads another
	// twice per level is refused before it multiplies, whether or not its
	// last level selects a field.
	Fields int
	// Cost prices an operation: every object (composite field) costs 1,
	// scalars 0, and a list multiplies what its items cost by its length:
	// the page size under a `paging` argument, UnpagedRows when the page
	// is left out, @listSize(assumedSize) where the schema declares it.
	Cost        int
	UnpagedRows int
	Deadline    time.Duration // an operation's execution, answered TIMEOUT past it
	CacheBytes  int64         // parsed documents kept, by their source's size
	// APQCacheBytes bounds the documents clients register by hash
	// (Automatic Persisted Queries), by their text's size.
	APQCacheBytes int64
	// HideSchema hides the schema (introspection) and "did you mean"
	// suggestions from anonymous callers; signed-in callers keep both.
	HideSchema bool
}

// DefaultLimits are the limits the server runs with; a zero field of a
// configured Limits takes its default.
var DefaultLimits = Limits{
	DocumentBytes:      64 << 10,
	Tokens:             1000,
	Depth:              6,
	IntrospectionDepth: 15,
	Aliases:            15,
	Directives:         50,
	Fields:             500,
	Cost:               5000,
	UnpagedRows:        100,
	Deadline:           10 * time.Second,
	CacheBytes:         16 << 20,
	APQCacheBytes:      4 << 20,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	return Limits{
		DocumentBytes:      cmp.Or(l.DocumentBytes, d.DocumentBytes),
		Tokens:             cmp.Or(l.Tokens, d.Tokens),
		Depth:              cmp.Or(l.Depth, d.Depth),
		IntrospectionDepth: cmp.Or(l.IntrospectionDepth, d.IntrospectionDepth),
		Aliases:            cmp.Or(l.Aliases, d.Aliases),
		Directives:         cmp.Or(l.Directives, d.Directives),
		Fields:             cmp.Or(l.Fields, d.Fields),
		Cost:               cmp.Or(l.Cost, d.Cost),
		UnpagedRows:        cmp.Or(l.UnpagedRows, d.UnpagedRows),
		Deadline:           cmp.Or(l.Deadline, d.Deadline),
		CacheBytes:         cmp.Or(l.CacheBytes, d.CacheBytes),
		APQCacheBytes:      cmp.Or(l.APQCacheBytes, d.APQCacheBytes),
		HideSchema:         l.HideSchema,
	}
}

// oncePerOperation are the mutations one operation may run once: a second
// login is a second password tried.
var oncePerOperation = map[string]bool{"login": true}

// checkDocument applies the document limits to a raw document before it is
// validated. Its work is linear in the document and bounded by the limits
// themselves: fragment expansion stops at the field limit.
func (l Limits) checkDocument(query string) *gqlerror.Error {
	if len(query) > l.DocumentBytes {
		return limitError(apperr.TokenLimit, "the document has more than %d bytes", l.DocumentBytes)
	}
	// The parser stops at the token limit; only when it fails are the
	// tokens counted, to tell that from a syntax error, which is gqlgen's
	// to report, with its position.
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, l.Tokens)
	if err != nil {
		if moreTokens(query, l.Tokens) {
			return limitError(apperr.TokenLimit, "the document has more than %d tokens", l.Tokens)
		}
		return nil
	}
	w := &docWalker{limits: l, doc: doc}
	if n := w.directives(); n > l.Directives {
		return limitError(apperr.DirectiveLimit, "the document uses more than %d directives", l.Directives)
	}
	for _, op := range doc.Operations {
		if err := w.operation(op); err != nil {
			return err
		}
	}
	return nil
}

// moreTokens tells whether a document has more than limit tokens.
func moreTokens(query string, limit int) bool {
	lex := lexer.New(&ast.Source{Input: query})
	for n := 0; ; n++ {
		tok, err := lex.ReadToken()
		if err != nil || tok.Kind == lexer.EOF {
			return false
		}
		if n == limit {
			return true
		}
	}
}

// docWalker measures an unvalidated document: fragments are looked up by
// name, and a spread that is unknown or cycles is skipped (validation
// reports it).
type docWalker struct {
	limits   Limits
	doc      *ast.QueryDocument
	fields   int
	aliases  int
	spreadIn map[string]bool // fragments being expanded, against cycles
	err      *gqlerror.Error
}

func (w *docWalker) operation(op *ast.OperationDefinition) *gqlerror.Error {
	w.fields, w.aliases, w.spreadIn = 0, 0, map[string]bool{}
	root := w.collect([]ast.SelectionSet{op.SelectionSet})
	if op.Operation == ast.Mutation {
		asked := map[string]int{}
		for _, fields := range root {
			if name := fields[0].Name; oncePerOperation[name] {
				if asked[name]++; asked[name] > 1 {
					return limitError(apperr.AliasLimit, "%s may be asked once per operation", name)
				}
			}
		}
	}
	for _, fields := range root {
		limit := w.limits.Depth
		if fields[0].Name == "__schema" || fields[0].Name == "__type" {
			limit = w.limits.IntrospectionDepth
		}
		w.descend(fields, 1, limit)
	}
	return w.err
}

// descend walks the merged selections of fields with one response key.
func (w *docWalker) descend(fields []*ast.Field, depth, limit int) {
	var sets []ast.SelectionSet
	for _, f := range fields {
		if len(f.SelectionSet) > 0 {
			sets = append(sets, f.SelectionSet)
		}
	}
	if len(sets) == 0 || w.err != nil {
		return
	}
	if depth > limit {
		w.fail(limitError(apperr.DepthLimit, "the operation is nested deeper than %d levels", limit))
		return
	}
	for _, sub := range w.collect(sets) {
		w.descend(sub, depth+1, limit)
	}
}

// responseFields are the fields of a selection by response key, merged as
// execution merges them.
type responseFields map[string][]*ast.Field

// collect flattens selection sets, with their fragments, into fields by
// response key, counting fields and extra copies of a field as it goes.
func (w *docWalker) collect(sets []ast.SelectionSet) responseFields {
	out := responseFields{}
	names := map[string]int{}
	var add func(ast.SelectionSet)
	add = func(set ast.SelectionSet) {
		for _, sel := range set {
			if w.fields++; w.fields > w.limits.Fields {
				w.fail(limitError(apperr.FieldLimit, "the operation selects more than %d fields and fragments", w.limits.Fields))
			}
			if w.err != nil {
				return
			}
			switch sel := sel.(type) {
			case *ast.Field:
				key := sel.Alias
				if key == "" {
					key = sel.Name
				}
				if _, seen := out[key]; !seen {
					names[sel.Name]++
				}
				out[key] = append(out[key], sel)
			case *ast.InlineFragment:
				add(sel.SelectionSet)
			case *ast.FragmentSpread:
				frag := w.doc.Fragments.ForName(sel.Name)
				if frag == nil || w.spreadIn[sel.Name] {
					continue
				}
				w.spreadIn[sel.Name] = true
				add(frag.SelectionSet)
				delete(w.spreadIn, sel.Name)
			}
		}
	}
	for _, set := range sets {
		add(set)
	}
	for _, n := range names {
		w.aliases += n - 1
	}
	if w.aliases > w.limits.Aliases && w.err == nil {
		w.fail(limitError(apperr.AliasLimit, "the operation asks for more than %d extra copies of fields through aliases", w.limits.Aliases))
	}
	return out
}

func (w *docWalker) fail(err *gqlerror.Error) {
	if w.err == nil {
		w.err = err
	}
}

// directives counts every directive written in the document.
func (w *docWalker) directives() int {
	n := 0
	var inSet func(ast.SelectionSet)
	inSet = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch sel := sel.(type) {
			case *ast.Field:
				n += len(sel.Directives)
				inSet(sel.SelectionSet)
			case *ast.InlineFragment:
				n += len(sel.Directives)
				inSet(sel.SelectionSet)
			case *ast.FragmentSpread:
				n += len(sel.Directives)
			}
		}
	}
	for _, op := range w.doc.Operations {
		n += len(op.Directives)
		for _, v := range op.VariableDefinitions {
			n += len(v.Directives)
		}
		inSet(op.SelectionSet)
	}
	for _, f := range w.doc.Fragments {
		n += len(f.Directives)
		inSet(f.SelectionSet)
	}
	return n
}

// limitError is a refused document: the code names the limit.
func limitError(code apperr.Code, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{Message: fmt.Sprintf(format, args...), Extensions: map[string]any{"code": string(code)}}
}
