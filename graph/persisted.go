package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/onegraph/server/apperr"
)

// Documents are the documents an executor runs by the SHA-256 of their
// text (persisted documents), besides those a request sends whole.
type Documents struct {
	// Server documents run in-process (Executor.Run: the compat routes'
	// operations): each of their operations is registered by its hash at
	// start and runs by it, trusted in either mode.
	Server []string
	// Trusted, when not nil, turns trusted documents mode on: only its
	// documents, the server's and introspection run, and clients cannot
	// register documents. Nil: any document runs, and clients may
	// register theirs (Automatic Persisted Queries, within
	// Limits.APQCacheBytes).
	Trusted TrustedDocuments
}

// TrustedDocuments is a trusted documents manifest, as graphql-codegen's
// client preset writes it with persistedDocuments (hashAlgorithm sha256):
// the text of each document by the lowercase hex SHA-256 of that text.
type TrustedDocuments map[string]string

// ReadTrustedDocuments reads a manifest and checks it: a JSON object, not
// empty, whose every key is the SHA-256 of its document, which parses.
func ReadTrustedDocuments(path string) (TrustedDocuments, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var docs TrustedDocuments
	if err := json.Unmarshal(raw, &docs); err != nil {
		return nil, fmt.Errorf("%s is not a trusted documents manifest, a JSON object of documents by their SHA-256: %w", path, err)
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%s holds no documents", path)
	}
	for hash, doc := range docs {
		if sum := sha256Hex(doc); hash != sum {
			return nil, fmt.Errorf("%s: key %q is not the SHA-256 of its document (%s): generate the manifest with hashAlgorithm sha256", path, hash, sum)
		}
		if _, err := parser.ParseQuery(&ast.Source{Input: doc}); err != nil {
			return nil, fmt.Errorf("%s: document %s does not parse: %w", path, hash, err)
		}
	}
	return docs, nil
}

func sha256Hex(doc string) string {
	sum := sha256.Sum256([]byte(doc))
	return hex.EncodeToString(sum[:])
}

// persisted finds a request's document by its hash, the Apollo way
// (extensions.persistedQuery {version: 1, sha256Hash}): a document it
// knows runs; else it answers PersistedQueryNotFound, and the client sends
// the document with its hash, which registers it (Automatic Persisted
// Queries) once the request passed every check, or, in trusted documents
// mode, runs only if the manifest has it. It is a handler extension put
// before the limiter, so the limits apply to the document however it came.
// gqlgen's own extension.AutomaticPersistedQuery is not used: it registers
// a document before the limits see it, answers its refusals without a
// code, and knows no trusted documents.
type persisted struct {
	pinned  map[string]string // the server's and the manifest's documents, by hash
	trusted bool              // only pinned documents run (and introspection)
	limits  Limits            // bound the parse that tells introspection in trusted mode
	apq     *budgetCache[string]
}

// apqEntryOverhead is what a registered document takes in memory besides
// its hash and text (the LRU's list element and map slot, two string
// headers, allocation rounding): measured with runtime.MemStats on 50,000
// small documents, about 135 bytes each; counted with a margin
// (TestRegisteredDocumentsCountTheirOverhead).
const apqEntryOverhead = 160

func newPersisted(docs Documents, limits Limits) *persisted {
	p := &persisted{pinned: map[string]string{}, trusted: docs.Trusted != nil, limits: limits}
	for hash, doc := range docs.Trusted {
		p.pinned[hash] = doc
	}
	if !p.trusted {
		p.apq = newBudgetCache(limits.APQCacheBytes, func(hash, doc string) int64 { return int64(len(hash)+len(doc)) + apqEntryOverhead })
	}
	return p
}

// pin registers a document the server itself runs and returns its hash.
func (p *persisted) pin(doc string) string {
	hash := sha256Hex(doc)
	p.pinned[hash] = doc
	return hash
}

func (p *persisted) lookup(ctx context.Context, hash string) (string, bool) {
	if doc, ok := p.pinned[hash]; ok || p.apq == nil {
		return doc, ok
	}
	return p.apq.Get(ctx, hash)
}

var _ interface {
	graphql.OperationParameterMutator
	graphql.OperationInterceptor
} = (*persisted)(nil)

func (*persisted) ExtensionName() string                   { return "PersistedDocuments" }
func (*persisted) Validate(graphql.ExecutableSchema) error { return nil }

// registerStats names, in the operation's stats, the hash to register the
// document under (APQ) once the request passed every check.
const registerStats = "PersistedDocuments"

// MutateOperationParameters finds a document named by its hash, and
// refuses an untrusted one before gqlgen parses, validates or caches it:
// validation errors would map the schema for anyone, and untrusted
// documents would push trusted ones out of the parsed-document cache.
func (p *persisted) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	hash, err := requestedHash(params.Extensions)
	if err != nil {
		return err
	}
	if hash != "" && params.Query == "" {
		doc, ok := p.lookup(ctx, hash)
		if !ok {
			// Apollo's clients know the answer by this message (older
			// ones) or by its code, and then send the document.
			return refusal(apperr.New(apperr.PersistedQueryNotFound, "", "PersistedQueryNotFound"))
		}
		params.Query = doc
		return nil
	}
	if hash == "" && !p.trusted {
		return nil
	}
	sum := sha256Hex(params.Query)
	if hash != "" && hash != sum {
		return refusal(apperr.Invalidf("the hash is not the SHA-256 of the query: send the hash of the query's exact text"))
	}
	switch _, known := p.lookup(ctx, sum); {
	case known:
	case p.trusted:
		if !p.onlyIntrospects(params.Query) {
			return refusal(apperr.New(apperr.Forbidden, apperr.ReasonUntrusted,
				"this server runs only its trusted documents: send one by its SHA-256 in extensions.persistedQuery.sha256Hash or documentId"))
		}
	default:
		graphql.GetOperationContext(ctx).Stats.SetExtension(registerStats, sum)
	}
	return nil
}

// InterceptOperation registers a client's document: it runs only for a
// request that passed the limits, validation and the limiter's checks
// (cost, hidden introspection), so a refused document is never registered.
func (p *persisted) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	op := graphql.GetOperationContext(ctx)
	if hash, ok := op.Stats.GetExtension(registerStats).(string); ok {
		p.apq.Add(ctx, hash, op.RawQuery)
	}
	return next(ctx)
}

// requestedHash is the lowercase hex hash of extensions.persistedQuery, or
// "" when the request names none.
func requestedHash(ext map[string]any) (string, *gqlerror.Error) {
	raw := ext["persistedQuery"]
	if raw == nil {
		return "", nil
	}
	pq, _ := raw.(map[string]any)
	hash, _ := pq["sha256Hash"].(string)
	hash = strings.ToLower(hash)
	if _, err := hex.DecodeString(hash); err != nil || len(hash) != 2*sha256.Size {
		return "", refusal(apperr.Invalidf(`a persisted document is named by the SHA-256 of its text: 64 hex digits in extensions.persistedQuery.sha256Hash, or documentId "sha256:<hex>"`))
	}
	// A JSON body gives json.Number, a websocket message float64.
	if v := fmt.Sprint(pq["version"]); v != "1" {
		return "", refusal(apperr.Invalidf("persisted query version %s is not supported: send version 1", v))
	}
	return hash, nil
}

// onlyIntrospects tells, without validating, whether every operation of a
// document is a query whose root selections are fields that read the schema
// (GraphiQL's and the code generators' introspection): no other field, no
// fragment at the root. The parse is bounded by the document's byte and
// token limits, as the limiter's own is; its result is not cached.
func (p *persisted) onlyIntrospects(query string) bool {
	if len(query) > p.limits.DocumentBytes {
		return false
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, p.limits.Tokens)
	if err != nil || len(doc.Operations) == 0 {
		return false
	}
	for _, op := range doc.Operations {
		if op.Operation != ast.Query {
			return false
		}
		for _, sel := range op.SelectionSet {
			if f, ok := sel.(*ast.Field); !ok || (f.Name != "__schema" && f.Name != "__type" && f.Name != "__typename") {
				return false
			}
		}
	}
	return true
}

// refusal is an application error answered before the operation runs:
// gqlgen presents it again, with the request's context, which counts it.
func refusal(e *apperr.Error) *gqlerror.Error {
	return presentError(context.Background(), e)
}

// readDocumentIDParameter reads a GET request's documentId parameter (the
// GraphQL-over-HTTP convention for persisted documents, "sha256:<hex>") into
// its extensions parameter, as postJSON reads the documentId member: the
// extensions a request sends stay, but for persistedQuery. Extensions that
// are not a JSON object are left for gqlgen to refuse.
func readDocumentIDParameter(r *http.Request) {
	q := r.URL.Query()
	if r.Method != http.MethodGet || !q.Has("documentId") {
		return
	}
	var ext map[string]any
	if q.Has("extensions") && json.Unmarshal([]byte(q.Get("extensions")), &ext) != nil {
		return
	}
	raw, _ := json.Marshal(documentIDExtensions(ext, q.Get("documentId")))
	q.Del("documentId")
	q.Set("extensions", string(raw))
	r.URL.RawQuery = q.Encode()
}

// documentIDExtensions is a request's extensions with the document its
// documentId names as extensions.persistedQuery, which is what persisted
// reads (Apollo's clients send that).
func documentIDExtensions(ext map[string]any, documentID string) map[string]any {
	if ext == nil {
		ext = map[string]any{}
	}
	ext["persistedQuery"] = map[string]any{"version": 1, "sha256Hash": strings.TrimPrefix(documentID, "sha256:")}
	return ext
}
