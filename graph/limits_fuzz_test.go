package graph

import (
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"
)

// The document checker reads anything a client sends, before validation:
// it must never panic, and what it lets through is within the size limits.
func FuzzCheckDocument(f *testing.F) {
	for _, seed := range []string{
		`{ me { id username } }`,
		`query($p: PageInput) { pharmaOrders(paging: $p) { total items { id lines { medicine { name } } } } }`,
		`mutation { a: login(input: {username: "a", password: "b"}) { token } }`,
		`{ a: __typename b: __typename }`,
		`query { me { ...F1 } } fragment F0 on Account { id } fragment F1 on Account { ...F0 ...F0 }`,
		`fragment A on Account { ...B } fragment B on Account { ...A } { me { ...A } }`,
		`{ me { id @include(if: true) @skip(if: false) } }`,
		`{ __schema { types { fields { type { ofType { ofType { name } } } } } } }`,
		`{ me { ... on Account { ... { id } } } }`,
		`{ me { id`,
		`{ ...A } fragment A on Query { ...B ...B } fragment B on Query { ...C ...C } fragment C on Query { ...Unknown }`,
	} {
		f.Add(seed)
	}
	limits := DefaultLimits
	limits.DocumentBytes, limits.Tokens, limits.Fields = 4096, 200, 100
	f.Fuzz(func(t *testing.T, query string) {
		if limits.checkDocument(query) != nil {
			return
		}
		if len(query) > limits.DocumentBytes {
			t.Fatalf("%d bytes passed", len(query))
		}
		if doc, err := parser.ParseQuery(&ast.Source{Input: query}); err == nil {
			for _, op := range doc.Operations {
				if n := expandedSelections(doc, op.SelectionSet, map[string]bool{}, limits.Fields+1); n > limits.Fields {
					t.Fatalf("%d selections with fragments expanded passed", n)
				}
			}
		}
		lex := lexer.New(&ast.Source{Input: query})
		for n := 0; ; n++ {
			tok, err := lex.ReadToken()
			if err != nil || tok.Kind == lexer.EOF {
				break
			}
			if n >= limits.Tokens {
				t.Fatalf("more than %d tokens passed", limits.Tokens)
			}
		}
	})
}

// expandedSelections counts the selections of a set (fields, spreads and
// inline fragments) with every fragment spread expanded in place, up to max.
func expandedSelections(doc *ast.QueryDocument, set ast.SelectionSet, expanding map[string]bool, max int) int {
	n := 0
	for _, sel := range set {
		n++
		switch sel := sel.(type) {
		case *ast.Field:
			n += expandedSelections(doc, sel.SelectionSet, expanding, max-n)
		case *ast.InlineFragment:
			n += expandedSelections(doc, sel.SelectionSet, expanding, max-n)
		case *ast.FragmentSpread:
			if f := doc.Fragments.ForName(sel.Name); f != nil && !expanding[sel.Name] {
				expanding[sel.Name] = true
				n += expandedSelections(doc, f.SelectionSet, expanding, max-n)
				delete(expanding, sel.Name)
			}
		}
		if n >= max {
			return max
		}
	}
	return n
}
