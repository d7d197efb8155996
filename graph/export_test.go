package graph

// AccessDirectives are the access directives' implementations, for the
// external tests that check myAccess against them.
var AccessDirectives = accessDirectives

// APQEntryOverhead is what a registered document is counted besides its
// hash and text.
const APQEntryOverhead = apqEntryOverhead

// ParsedDocumentCached tells whether the executor's parsed-document cache
// holds a document.
func ParsedDocumentCached(e *Executor, query string) bool { return e.limiter.cache.has(query) }
