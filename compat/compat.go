// Package compat keeps the legacy REST clients working. Each legacy request
// is decoded, turned into a GraphQL operation plus variables by a row of a
// route table, run in-process through the server's executable schema (so
// auth, limits and loaders apply), and the result reshaped into the legacy
// envelope. It never touches the database itself.
package compat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/go-chi/chi/v5"
)

// Runner runs one GraphQL operation in-process with the request's context.
type Runner interface {
	Run(ctx context.Context, document, operation string, vars map[string]any) *graphql.Response
}

// Mount registers every legacy route on r.
func Mount(r chi.Router, run Runner) {
	mountPharma(r, run)
	mountShop(r, run)
}

// route is one row of a route table: which request it answers, the GraphQL
// operation it runs, how variables come from the request and how the result
// and errors read in the legacy envelope.
type route struct {
	method string
	path   string
	action string // the legacy `action` parameter; empty where the path alone decides
	public bool   // callable without a session (sign-in)

	doc   string                                           // one GraphQL operation
	vars  func(c *call) (map[string]any, error)            // nil: no variables
	reply func(c *call, data json.RawMessage) (any, error) // what the envelope carries; nil: nothing
	fails failures                                         // over the envelope's defaults

	okMsg    string // the envelope's success message, where it has one
	okStatus int    // the envelope's success code, where it has one (201 on creates)
}

// envelope is one legacy system's answer format.
type envelope interface {
	ok(c *call, rt *route, reply any)
	fail(c *call, f failure)
	reject(c *call, msg string) // a request refused before anything ran
	failures() failures         // how GraphQL errors read by default
	internal() failure
}

// serve runs a route for a decoded call and answers in the envelope.
func serve(run Runner, env envelope, rt *route, c *call) {
	data, gf := c.run(run, rt)
	switch {
	case gf == nil:
	case gf.reject != nil:
		env.reject(c, gf.reject.Error())
		return
	default:
		f, ok := rt.fails.lookup(gf.code, gf.reason, gf.entity)
		if !ok {
			f, ok = env.failures().lookup(gf.code, gf.reason, gf.entity)
		}
		if !ok {
			f = env.internal()
		}
		env.fail(c, f)
		return
	}
	var reply any
	if rt.reply != nil {
		var err error
		if reply, err = rt.reply(c, data); err != nil {
			env.fail(c, env.internal())
			return
		}
	}
	env.ok(c, rt, reply)
}

// fields are the top-level members of a legacy answer besides its code.
type fields map[string]any

// call is one legacy request being served.
type call struct {
	w      http.ResponseWriter
	r      *http.Request
	params map[string]any // query, form or JSON-body members
	id     any            // the id the request names, for messages like "id:6不存在"
	paged  bool           // the request asked for a page (second-generation clients)
}

// reject is a request the legacy contract refuses before anything runs:
// the envelope answers it with HTTP 400 and msg.
type reject string

func (r reject) Error() string { return string(r) }

// failure is how one GraphQL error reads in an envelope.
type failure struct {
	status int    // HTTP status
	code   int    // the envelope's own code (ret, meta.status, ...)
	msg    string // may hold one %v for the request's id
}

// failures maps "CODE", "CODE/REASON" or "CODE/entity" to a failure; the
// most specific key wins.
type failures map[string]failure

func (f failures) lookup(code, reason, entity string) (failure, bool) {
	for _, k := range []string{code + "/" + reason, code + "/" + entity, code} {
		if v, ok := f[k]; ok {
			return v, true
		}
	}
	return failure{}, false
}

// bodyKey holds a JSON body that is not an object (an array, say).
const bodyKey = ""

// decodeParams merges the query string with a form or JSON body.
func decodeParams(r *http.Request) (map[string]any, error) {
	params := map[string]any{}
	for k, v := range r.URL.Query() {
		params[k] = v[0]
	}
	if r.Method == http.MethodGet || r.Body == nil {
		return params, nil
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/x-www-form-urlencoded" || ct == "multipart/form-data" {
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		for k, v := range r.PostForm {
			params[k] = v[0]
		}
		return params, nil
	}
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	var body any
	if err := dec.Decode(&body); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if obj, ok := body.(map[string]any); ok {
		for k, v := range obj {
			params[k] = v
		}
	} else if body != nil {
		params[bodyKey] = body
	}
	return params, nil
}

// run executes the route's operation and returns its data, or the first
// error's code, reason and entity.
func (c *call) run(run Runner, rt *route) (json.RawMessage, *gqlFailure) {
	vars := map[string]any{}
	if rt.vars != nil {
		v, err := rt.vars(c)
		if err != nil {
			return nil, &gqlFailure{reject: err}
		}
		vars = v
	}
	resp := run.Run(c.r.Context(), rt.doc, "", vars)
	if len(resp.Errors) > 0 {
		e := resp.Errors[0]
		str := func(k string) string { s, _ := e.Extensions[k].(string); return s }
		return nil, &gqlFailure{code: str("code"), reason: str("reason"), entity: str("entity"), message: e.Message}
	}
	return resp.Data, nil
}

type gqlFailure struct {
	reject                        error // set when the request itself was refused
	code, reason, entity, message string
}

// Request readers: each takes the legacy message to answer when the member
// is missing or malformed.

func (c *call) string(key, msg string) (string, error) {
	return stringIn(c.params, key, msg)
}

func stringIn(m map[string]any, key, msg string) (string, error) {
	s, ok := m[key].(string)
	if !ok || strings.TrimSpace(s) == "" {
		return "", reject(msg)
	}
	return s, nil
}

// int reads an integer member (a JSON number or a numeric string).
func (c *call) int(key, msg string) (int64, error) {
	return intIn(c.params, key, msg)
}

func intIn(m map[string]any, key, msg string) (int64, error) {
	var s string
	switch v := m[key].(type) {
	case json.Number:
		s = v.String()
	case string:
		s = v
	default:
		return 0, reject(msg)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, reject(msg)
	}
	return n, nil
}

// number reads an amount 0 or more (a price, a count, a weight) given as a
// JSON number or a numeric string: missing when absent, null or blank, bad
// when malformed, negative or not finite (strconv.ParseFloat takes "NaN" and
// "Inf", which no JSON answer can carry).
func (c *call) number(key, missing, bad string) (float64, error) {
	var s string
	switch v := c.params[key].(type) {
	case json.Number:
		s = v.String()
	case string:
		s = strings.TrimSpace(v)
	case nil:
		return 0, reject(missing)
	default:
		return 0, reject(bad)
	}
	if s == "" {
		return 0, reject(missing)
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || n < 0 {
		return 0, reject(bad)
	}
	return n, nil
}

// idParam reads the request's id and remembers it for messages.
func (c *call) idParam(key, msg string) (int64, error) {
	id, err := c.int(key, msg)
	c.id = id
	return id, err
}

func (c *call) object(key, msg string) (map[string]any, error) {
	return objectIn(c.params, key, msg)
}

func objectIn(m map[string]any, key, msg string) (map[string]any, error) {
	o, ok := m[key].(map[string]any)
	if !ok {
		return nil, reject(msg)
	}
	return o, nil
}

// strings reads several required string members of an object.
func stringsIn(m map[string]any, msg string, keys ...string) ([]string, error) {
	out := make([]string, len(keys))
	for i, k := range keys {
		s, err := stringIn(m, k, msg)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// decode reads GraphQL data into a struct whose json tags match the
// operation's aliases.
func decode[T any](data json.RawMessage) (T, error) {
	var v T
	err := json.Unmarshal(data, &v)
	return v, err
}

// legacyTimestamp is how the legacy servers wrote times: UTC, milliseconds.
const legacyTimestamp = "2006-01-02T15:04:05.000Z"

// legacyID reads a GraphQL ID (a string) and writes the number legacy
// clients expect.
type legacyID int64

func (id *legacyID) UnmarshalJSON(b []byte) error {
	n, err := strconv.ParseInt(strings.Trim(string(b), `"`), 10, 64)
	*id = legacyID(n)
	return err
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body) //nolint:errcheck // the client went away
}

func formatMsg(msg string, id any) string {
	if strings.Contains(msg, "%v") {
		return fmt.Sprintf(msg, id)
	}
	return msg
}
