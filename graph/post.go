package graph

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"

	"github.com/onegraph/server/apperr"
)

// postJSON serves a POST application/json request, as gqlgen's
// transport.POST does, decoding the body once as it streams in: gqlgen's
// copies it whole first and echoes it back when it is not JSON. It also
// reads GraphQL-over-HTTP's documentId member, which names a persisted
// document (see documentIDExtensions).
type postJSON struct{}

const graphqlResponseJSON = "application/graphql-response+json"

func (postJSON) Supports(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/json" && r.Method == http.MethodPost && r.Header.Get("Upgrade") == ""
}

// postBody is a JSON request body: gqlgen's parameters and documentId
// (nil when absent or null).
type postBody struct {
	graphql.RawParams
	DocumentID any `json:"documentId"`
}

func (postJSON) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	var body postBody
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		writeAppError(w, r, http.StatusBadRequest, apperr.Invalidf("the request body is not a JSON object: %v", err))
		return
	}
	params := &body.RawParams
	if body.DocumentID != nil {
		id, ok := body.DocumentID.(string)
		if !ok {
			writeAppError(w, r, http.StatusBadRequest, apperr.Invalidf(`documentId is a string: "sha256:<hex>"`))
			return
		}
		params.Extensions = documentIDExtensions(params.Extensions, id)
	}
	execute(w, r, exec, params, start, responseType(r))
}

// execute runs a request's parameters as gqlgen's transports do and
// answers in contentType: a document refused before it runs (it does not
// parse or validate, or passes a limit) is answered 422, or 400 under
// application/graphql-response+json as GraphQL over HTTP asks.
func execute(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, params *graphql.RawParams, start time.Time, contentType string) {
	answer := func(status int, resp *graphql.Response) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		// Bytes as gqlgen's transports write them (json.Marshal, no newline).
		b, err := json.Marshal(resp)
		if err != nil {
			panic(fmt.Errorf("marshal a response: %w", err))
		}
		w.Write(b) //nolint:errcheck // the client went away
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	ctx := r.Context()
	rc, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		status := http.StatusOK
		if errcode.GetErrorKind(errs) == errcode.KindProtocol {
			status = http.StatusUnprocessableEntity
			if contentType == graphqlResponseJSON {
				status = http.StatusBadRequest
			}
		}
		answer(status, exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	answer(http.StatusOK, responses(ctx))
}

// responseType is the answer's content type, chosen by the Accept header as
// gqlgen's transports choose it: application/json unless the client
// prefers application/graphql-response+json or names neither.
func responseType(r *http.Request) string {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return "application/json"
	}
	for part := range strings.SplitSeq(accept, ",") {
		switch mt, _, _ := mime.ParseMediaType(strings.TrimSpace(part)); mt {
		case "*/*", "application/*", "application/json":
			return "application/json"
		case graphqlResponseJSON:
			return graphqlResponseJSON
		}
	}
	return graphqlResponseJSON
}
