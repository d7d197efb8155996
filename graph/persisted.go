package graph

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
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
// Queries) once it passed the limits and validation, or, in trusted
// documents mode, runs only if the manifest has it. It is a handler
// extension put before the limiter, so the limits apply to the document
// however it came. gqlgen's own extension.AutomaticPersistedQuery is not
// used: it registers a document before the limits see it, answers its
// refusals without a code, and knows no trusted documents.
type persisted struct {
	pinned  map[string]string // the server's and the manifest's documents, by hash
	trusted bool              // only pinned documents run (and introspection)
	apq     *budgetCache[string]
}

func newPersisted(docs Documents, apqBytes int64) *persisted {
	p := &persisted{pinned: map[string]string{}, trusted: docs.Trusted != nil}
	for hash, doc := range docs.Trusted {
		p.pinned[hash] = doc
	}
	if !p.trusted {
		p.apq = newBudgetCache(apqBytes, func(hash, doc string) int64 { return int64(len(hash) + len(doc)) })
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
	graphql.OperationContextMutator
} = (*persisted)(nil)

func (*persisted) ExtensionName() string                   { return "PersistedDocuments" }
func (*persisted) Validate(graphql.ExecutableSchema) error { return nil }

// persistedRequest is what MutateOperationParameters leaves to
// MutateOperationContext, in the operation's stats.
type persistedRequest struct {
	register  string // APQ: the hash to register the document under
	untrusted bool   // trusted mode: not in the manifest
}

const persistedStats = "PersistedDocuments"

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
	var req persistedRequest
	switch _, known := p.lookup(ctx, sum); {
	case known:
		return nil
	case p.trusted:
		req.untrusted = true
	default:
		req.register = sum
	}
	graphql.GetOperationContext(ctx).Stats.SetExtension(persistedStats, &req)
	return nil
}

// MutateOperationContext refuses an untrusted document unless it only
// introspects, and registers a client's document, now that it passed the
// document limits and validation.
func (p *persisted) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	req, _ := op.Stats.GetExtension(persistedStats).(*persistedRequest)
	switch {
	case req == nil:
	case req.untrusted && !onlyIntrospects(op):
		return refusal(apperr.New(apperr.Forbidden, apperr.ReasonUntrusted,
			"this server runs only its trusted documents: send one by its SHA-256 in extensions.persistedQuery.sha256Hash or documentId"))
	case req.register != "":
		p.apq.Add(ctx, req.register, op.RawQuery)
	}
	return nil
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

// onlyIntrospects tells whether an operation is a query whose root fields
// all read the schema (GraphiQL's and the code generators' introspection).
func onlyIntrospects(op *graphql.OperationContext) bool {
	if op.Operation.Operation != ast.Query {
		return false
	}
	for _, f := range graphql.CollectFields(op, op.Operation.SelectionSet, []string{"Query"}) {
		if f.Name != "__schema" && f.Name != "__type" && f.Name != "__typename" {
			return false
		}
	}
	return true
}

// refusal is an application error answered before the operation runs.
func refusal(e *apperr.Error) *gqlerror.Error {
	return presentError(context.Background(), e)
}

// readDocumentID reads the documentId of the GraphQL-over-HTTP convention
// for persisted documents ("sha256:<hex>", a member of a JSON body or a GET
// parameter) as the extensions.persistedQuery of Apollo's clients, which
// is what persisted reads. The body was bounded before (bodyWithinLimit).
func readDocumentID(r *http.Request) {
	if r.Method == http.MethodGet {
		if q := r.URL.Query(); q.Has("documentId") {
			ext, _ := json.Marshal(map[string]any{"persistedQuery": persistedQuery(q.Get("documentId"))})
			q.Del("documentId")
			q.Set("extensions", string(ext))
			r.URL.RawQuery = q.Encode()
		}
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" || r.Body == nil {
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		r.Body = io.NopCloser(failedRead{err}) // the transport answers it
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(withDocumentID(body)))
}

// withDocumentID is a JSON request body with its documentId, if it has
// one, moved to extensions.persistedQuery.
func withDocumentID(body []byte) []byte {
	var req map[string]json.RawMessage
	if !bytes.Contains(body, []byte(`"documentId"`)) || json.Unmarshal(body, &req) != nil || req["documentId"] == nil {
		return body
	}
	var id string
	ext := map[string]any{}
	json.Unmarshal(req["documentId"], &id)  //nolint:errcheck // an id that is not a string names no document
	json.Unmarshal(req["extensions"], &ext) //nolint:errcheck // as gqlgen, extensions that are not an object are none
	ext["persistedQuery"] = persistedQuery(id)
	delete(req, "documentId")
	req["extensions"], _ = json.Marshal(ext)
	out, _ := json.Marshal(req)
	return out
}

// persistedQuery is the extensions.persistedQuery that names a document
// as documentID does.
func persistedQuery(documentID string) map[string]any {
	return map[string]any{"version": 1, "sha256Hash": strings.TrimPrefix(documentID, "sha256:")}
}

// failedRead is a body whose reading failed.
type failedRead struct{ err error }

func (f failedRead) Read([]byte) (int, error) { return 0, f.err }
