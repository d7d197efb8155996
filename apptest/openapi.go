package apptest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	liberrors "github.com/pb33f/libopenapi-validator/errors"
	"github.com/pb33f/libopenapi-validator/helpers"
	"github.com/pb33f/libopenapi-validator/paths"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"

	"github.com/onegraph/server/compat"
)

// Every legacy request a test server answers is checked against the
// OpenAPI document of the legacy routes (compat.OpenAPI), whatever client
// sent it: the answer must be one the document describes for the path and
// method (its status and its body), and a request the server answered
// with a success must be one the document describes. A request the server
// refused may break the document (tests send broken requests on purpose),
// and one no route serves must be answered with the failure envelope of
// its system.

// Exchange is one legacy request and its answer, as the check reads them.
type Exchange struct {
	Method, Path string // the path with its query string
	Header       http.Header
	Body         []byte
	Status       int
	RespHeader   http.Header
	RespBody     []byte
}

// SpecChecker checks exchanges against one OpenAPI document.
type SpecChecker struct {
	// mu serialises checks: libopenapi writes into the shared schema
	// objects as it renders them (go test -race saw it from concurrent
	// handlers).
	mu        sync.Mutex
	model     *v3.Document
	validator validator.Validator
	failures  []*base.Schema // the envelopes of failures, one per system
}

// NewSpecChecker reads an OpenAPI 3.1 document.
func NewSpecChecker(doc []byte) (*SpecChecker, error) {
	d, err := libopenapi.NewDocument(doc)
	if err != nil {
		return nil, err
	}
	m, err := d.BuildV3Model()
	if err != nil {
		return nil, err
	}
	c := &SpecChecker{model: &m.Model, validator: validator.NewValidatorFromV3Model(&m.Model)}
	for name, proxy := range m.Model.Components.Schemas.FromOldest() {
		if strings.HasSuffix(name, "Failure") {
			c.failures = append(c.failures, proxy.Schema())
		}
	}
	return c, nil
}

var legacySpec = sync.OnceValues(func() (*SpecChecker, error) { return NewSpecChecker(compat.OpenAPI()) })

// Check lists how the exchange breaks the document; none when it keeps it.
func (c *SpecChecker) Check(x Exchange) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	req := x.request()
	resp := &http.Response{StatusCode: x.Status, Header: x.RespHeader, Body: io.NopCloser(bytes.NewReader(x.RespBody)), Request: req}
	var problems []string
	item, errs, _ := paths.FindPath(req, c.model, config.NewValidationOptions())
	if item == nil || len(errs) > 0 || helpers.ExtractOperation(req, item) == nil {
		if !c.isFailure(x.RespBody) {
			problems = append(problems, "a request no route serves was not answered with a failure envelope")
		}
		return problems
	}
	if ok, errs := c.validator.ValidateHttpResponse(req, resp); !ok {
		problems = append(problems, describe("answer", errs)...)
	}
	if x.Status < 300 && !c.isFailure(x.RespBody) {
		if ok, errs := c.validator.ValidateHttpRequest(x.request()); !ok {
			problems = append(problems, describe("request answered with a success", errs)...)
		}
	}
	return problems
}

func (x Exchange) request() *http.Request {
	u, _ := url.Parse(x.Path)
	req := &http.Request{Method: x.Method, URL: u, Header: x.Header.Clone(), Host: "localhost",
		Body: io.NopCloser(bytes.NewReader(x.Body)), ContentLength: int64(len(x.Body))}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	return req
}

// isFailure tells whether body is one of the failure envelopes.
func (c *SpecChecker) isFailure(body []byte) bool {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return false
	}
	for _, s := range c.failures {
		if ok, _ := schema_validation.NewSchemaValidator().ValidateSchemaObject(s, v); ok {
			return true
		}
	}
	return false
}

func describe(what string, errs []*liberrors.ValidationError) []string {
	out := make([]string, 0, len(errs))
	for _, e := range errs {
		line := fmt.Sprintf("%s: %s (%s)", what, e.Message, e.Reason)
		for _, se := range e.SchemaValidationErrors {
			line += fmt.Sprintf("\n    at %s: %s", se.FieldPath, se.Reason)
		}
		out = append(out, line)
	}
	return out
}

// isLegacy tells a path of the legacy routes.
func isLegacy(path string) bool {
	for _, base := range compat.Bases {
		if path == base || strings.HasPrefix(path, strings.TrimSuffix(base, "/")+"/") {
			return true
		}
	}
	return false
}

// specChecked checks every legacy exchange the handler answers against
// the legacy document, failing t with what breaks it.
func specChecked(t testing.TB, next http.Handler) http.Handler {
	checker, err := legacySpec()
	if err != nil {
		t.Fatalf("the legacy OpenAPI document does not load: %v", err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A CORS preflight is the CORS middleware's to answer, not a route's.
		if !isLegacy(r.URL.Path) || r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		// What the handler reads of the body, as it reads it: a body
		// refused unread stays unread. On a copy of the request, as the
		// server tells by the type of its own request's body whether to
		// drain the rest.
		var read bytes.Buffer
		r = r.WithContext(r.Context())
		r.Body = readCloser{io.TeeReader(r.Body, &read), r.Body}
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		body := read.Bytes()
		x := Exchange{Method: r.Method, Path: r.URL.RequestURI(), Header: r.Header, Body: body,
			Status: rec.status, RespHeader: w.Header(), RespBody: rec.body.Bytes()}
		if problems := checker.Check(x); len(problems) > 0 {
			t.Errorf("%s %s breaks the legacy OpenAPI document (compat.OpenAPI):\n  %s\n  request body: %.500s\n  answer %d: %.1000s",
				r.Method, x.Path, strings.Join(problems, "\n  "), body, rec.status, rec.body.Bytes())
		}
	})
}

type readCloser struct {
	io.Reader
	io.Closer
}

// recorder keeps a copy of what the handler writes.
type recorder struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

func (r *recorder) WriteHeader(status int) {
	if !r.wroteHeader {
		r.status, r.wroteHeader = status, true
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wroteHeader = true
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (the export
// sets its own write deadline).
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
