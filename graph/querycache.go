package graph

import (
	"context"
	"sync"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"github.com/vektah/gqlparser/v2/ast"
)

// budgetCache keeps values, least recently used first out, within a budget
// of bytes rather than of entries: a thousand large documents must not
// hold a gigabyte. size tells what an entry holds.
type budgetCache[V any] struct {
	mu     sync.Mutex
	lru    *simplelru.LRU[string, V]
	size   func(key string, v V) int64
	bytes  int64
	budget int64
}

func newBudgetCache[V any](budget int64, size func(key string, v V) int64) *budgetCache[V] {
	c := &budgetCache[V]{budget: budget, size: size}
	// The entry count is bounded by the byte budget; the LRU's own bound
	// only has to be out of the way.
	c.lru, _ = simplelru.NewLRU(1<<30, func(key string, v V) {
		c.bytes -= size(key, v)
	})
	return c
}

func (c *budgetCache[V]) Get(_ context.Context, key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Get(key)
}

func (c *budgetCache[V]) Add(_ context.Context, key string, v V) {
	size := c.size(key, v)
	if size > c.budget {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lru.Contains(key) {
		return
	}
	c.lru.Add(key, v)
	c.bytes += size
	for c.bytes > c.budget {
		c.lru.RemoveOldest()
	}
}

// has tells whether a key is cached, without making it recently used.
func (c *budgetCache[V]) has(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Contains(key)
}

// parsedBytesPerSourceByte is what a parsed and validated document takes in
// memory per byte of its source, measured on the compat operations and on
// client documents (between 12 and 20): entries are counted at the high end.
const parsedBytesPerSourceByte = 20

// docCache keeps parsed documents by their source. Only documents that
// passed the document limits and validation get here (gqlgen adds them
// after both).
type docCache = budgetCache[*ast.QueryDocument]

func newDocCache(budget int64) *docCache {
	return newBudgetCache(budget, func(query string, _ *ast.QueryDocument) int64 { return entryBytes(query) })
}

func entryBytes(query string) int64 { return int64(len(query)) * parsedBytesPerSourceByte }
