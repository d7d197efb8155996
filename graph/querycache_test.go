package graph

import (
	"context"
	"fmt"
	"runtime"
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

// The documents clients register (APQ) are kept within their budget,
// counted with their hash, least recently used first out; the server's own
// documents are never dropped.
func TestRegisteredDocumentsStayWithinTheirBudget(t *testing.T) {
	ctx := context.Background()
	doc := func(c byte) string { return "{ " + strings.Repeat(string(c), 100) + " }" }
	entry := int64(len(sha256Hex(doc('a')))+len(doc('a'))) + apqEntryOverhead
	p := newPersisted(Documents{}, Limits{APQCacheBytes: 2 * entry})
	own := p.pin("query Own { me { id } }")
	for _, c := range []byte("abc") {
		p.apq.Add(ctx, sha256Hex(doc(c)), doc(c))
		if p.apq.bytes > p.apq.budget {
			t.Fatalf("after %c: %d bytes held, budget %d", c, p.apq.bytes, p.apq.budget)
		}
	}
	for c, want := range map[byte]bool{'a': false, 'b': true, 'c': true} {
		if got, ok := p.lookup(ctx, sha256Hex(doc(c))); ok != want || (ok && got != doc(c)) {
			t.Errorf("%c registered: %v %q, want %v", c, ok, got, want)
		}
	}
	if _, ok := p.lookup(ctx, own); !ok {
		t.Error("the server's own document was dropped")
	}
	large := strings.Repeat("x", int(2*entry))
	p.apq.Add(ctx, sha256Hex(large), large)
	if _, ok := p.lookup(ctx, sha256Hex(large)); ok || p.apq.bytes != 2*entry {
		t.Errorf("a document over the whole budget was kept (%d bytes held)", p.apq.bytes)
	}
}

// The budget holds in memory too: a registered document is counted with
// what its entry costs besides its text, which small documents are mostly.
func TestRegisteredDocumentsCountTheirOverhead(t *testing.T) {
	const budget = 4 << 20
	p := newPersisted(Documents{}, Limits{APQCacheBytes: budget})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n := 0
	for ; p.apq.bytes < budget-1000; n++ {
		doc := fmt.Sprintf("{a%d:__typename}", n)
		p.apq.Add(context.Background(), sha256Hex(doc), doc)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d documents counted %d bytes, the heap grew %d bytes (%d per document)", n, p.apq.bytes, grew, grew/int64(n))
	if grew > budget*5/4 {
		t.Errorf("%d documents counted %d bytes held %d", n, p.apq.bytes, grew)
	}
	runtime.KeepAlive(p)
}
