package graph

import (
	"context"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
)

// The cache holds documents within its byte budget, dropping the least
// recently used, and never a document larger than the whole budget.
func TestDocCacheStaysWithinItsBudget(t *testing.T) {
	ctx := context.Background()
	doc := &ast.QueryDocument{}
	query := func(c byte) string { return strings.Repeat(string(c), 100) } // 2,000 bytes counted
	cache := newDocCache(3 * entryBytes(query('a')))
	for _, c := range []byte("abcd") {
		cache.Add(ctx, query(c), doc)
		if cache.bytes > cache.budget {
			t.Fatalf("after %c: %d bytes held, budget %d", c, cache.bytes, cache.budget)
		}
	}
	for c, want := range map[byte]bool{'a': false, 'b': true, 'c': true, 'd': true} {
		if _, ok := cache.Get(ctx, query(c)); ok != want {
			t.Errorf("%c cached: %v, want %v", c, ok, want)
		}
	}
	cache.Add(ctx, strings.Repeat("x", 1000), doc)
	if cache.has(strings.Repeat("x", 1000)) || cache.bytes != 3*entryBytes(query('a')) {
		t.Errorf("a document over the whole budget was kept (%d bytes held)", cache.bytes)
	}
}
