package graph

import (
	"context"
	"sync"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"github.com/vektah/gqlparser/v2/ast"
)

// parsedBytesPerSourceByte is what a parsed and validated document takes in
// memory per byte of its source, measured on the compat operations and on
// client documents (between 12 and 20): entries are counted at the high end.
const parsedBytesPerSourceByte = 20

// docCache keeps parsed documents, least recently used first out, within a
// budget of bytes rather than of entries: a thousand large documents must
// not hold a gigabyte. Only documents that passed the document limits and
// validation get here (gqlgen adds them after both).
type docCache struct {
	mu     sync.Mutex
	lru    *simplelru.LRU[string, *ast.QueryDocument]
	bytes  int64
	budget int64
}

func newDocCache(budget int64) *docCache {
	c := &docCache{budget: budget}
	// The entry count is bounded by the byte budget; the LRU's own bound
	// only has to be out of the way.
	c.lru, _ = simplelru.NewLRU(1<<30, func(query string, _ *ast.QueryDocument) {
		c.bytes -= entryBytes(query)
	})
	return c
}

func entryBytes(query string) int64 { return int64(len(query)) * parsedBytesPerSourceByte }

func (c *docCache) Get(_ context.Context, query string) (*ast.QueryDocument, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Get(query)
}

func (c *docCache) Add(_ context.Context, query string, doc *ast.QueryDocument) {
	size := entryBytes(query)
	if size > c.budget {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lru.Contains(query) {
		return
	}
	c.lru.Add(query, doc)
	c.bytes += size
	for c.bytes > c.budget {
		c.lru.RemoveOldest()
	}
}

// has tells whether a document is cached, so it passed the limits already.
func (c *docCache) has(query string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Contains(query)
}
