// Package compat keeps the legacy REST clients working. A row of a route
// table turns each legacy request into a named GraphQL operation (one
// document per domain in operations/, so they read and validate as GraphQL)
// plus variables, runs it in-process through the server's executable schema
// (so auth, limits and loaders apply) and reshapes the result into the
// legacy envelope: aliases give the answers their legacy names, and what
// GraphQL cannot say (ids as numbers, enum codes, time layouts) each route
// declares as conversions by member name (convert.go). It never touches the
// database itself.
package compat

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/go-chi/chi/v5"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/httpx"
)

// Runner runs one GraphQL operation in-process with the request's context.
type Runner interface {
	Run(ctx context.Context, document, operation string, vars map[string]any) *graphql.Response
}

//go:embed operations/*.graphql
var operationFiles embed.FS

// Operations is every route's operation, in one document: the executor
// parses and validates it once (its query cache) and runs the one named
// (bench/ posts it to /graphql too, to compare a route with its operation).
var Operations = func() (doc string) {
	names, _ := fs.Glob(operationFiles, "operations/*.graphql")
	for _, name := range names {
		b, _ := operationFiles.ReadFile(name)
		doc += string(b)
	}
	return doc
}()

// Mount registers every legacy route on r; maxBody is the server's bound on
// a request body, which a multipart body bears too but where a route takes
// an upload (route.formLimit); viewerOf signs a partner request in.
func Mount(r chi.Router, run Runner, maxBody int64, viewerOf ViewerOf) {
	r.Get("/openapi.json", serveOpenAPI)
	mountPharma(r, run, maxBody)
	mountShop(r, run, maxBody)
	mountMerchant(r, run, maxBody)
	mountPartner(r, run, viewerOf)
}

// Bases are the base paths of the legacy systems.
var Bases = []string{mgrBase, shopDocumented, shopOriginal, merchantBase, partnerBase}

// serveOpenAPI answers the OpenAPI document of the legacy routes.
func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(OpenAPI()) //nolint:errcheck // the client went away
}

// route is one row of a route table: which request it answers, the GraphQL
// operation it runs, how variables come from the request and how the result
// and errors read in the legacy envelope.
type route struct {
	method string
	path   string
	action string // the legacy `action` parameter; empty where the path alone decides

	op    string            // the name of its operation in operations/
	vars  func(c *call) obj // nil: no variables; readers refuse on c
	reply reply             // what the envelope carries; nil: nothing
	fails failures          // over the envelope's defaults

	upload bool // it takes a file in a multipart form (route.formLimit)

	okMsg    string // the envelope's success message, where it has one
	failMsg  string // the envelope's failure message, where a route has its own (the partner API's)
	okStatus int    // the envelope's success code, where it has one (201 on creates)

	// original is how the shop's original server answered the route where
	// it differs from the document (served at /api/private/v1; see
	// shop.go): its members that are set replace these, its fails go over
	// these and its refusals reword the refusals of vars.
	original *route
	refusals map[string]string // a refusal of vars in the words of this route

	// inputs names the legacy member of each GraphQL input field, so that
	// a failure the service pins on a field (extensions.field: "areaId",
	// "saleMenuIds.0") names the member the client sent: %s in fails.
	inputs map[string]string
	// choice, where a request member picks the operation, has the routes
	// it picks among.
	choice *choice
	// decide, where the request alone cannot pick the operation, picks it
	// after reading what it needs (the partner API's returns read the
	// line's state first) with the route's sign-in done; nil when it
	// answered the request, and a refusal on the call.
	decide func(c *call, run Runner, rt *route) *route
}

// choice is a request member that picks among the routes of one path (the
// status of /custommanage/edit).
type choice struct {
	member   string
	variants map[string]*route // by the member's value; the row serves a request without it
	unknown  string            // the refusal of any other value
}

// chosen is the route that serves the request: rt, or the variant its
// choice member names.
func (rt *route) chosen(c *call) *route {
	ch := rt.choice
	if ch == nil || c.refusal != "" || blank(c.params[ch.member]) {
		return rt
	}
	variant, ok := ch.variants[scalar(c.params[ch.member])]
	if !ok {
		c.refuse(ch.unknown)
		return rt
	}
	return variant
}

// memberAt is the legacy member at a GraphQL input field path, with the
// path's list indexes ("saleMenuIds.0" is salemenu_ids[0]); "" where the
// route names none.
func (rt *route) memberAt(path string) string {
	var names []string
	indexes := ""
	for _, part := range strings.Split(path, ".") {
		if _, err := strconv.Atoi(part); err == nil {
			indexes += "[" + part + "]"
		} else {
			names = append(names, part)
		}
	}
	if member := rt.inputs[strings.Join(names, ".")]; member != "" {
		return member + indexes
	}
	return ""
}

// obj is a JSON object: request members, operation variables, answers.
type obj = map[string]any

// envelope is one legacy system's answer format. It maps the error
// vocabulary to its codes once for every route (a request refused before
// anything ran reads as INVALID_INPUT); routes only choose the words.
type envelope interface {
	ok(c *call, rt *route, reply any)
	fail(c *call, f failure)
	codes(k failKey) failure // the HTTP status and the envelope's own code
	wording() failures       // how errors read where a route says nothing
}

// wording words the codes alone; both systems word a conflict, an outage,
// throttled sign-ins and an internal error alike. It covers the codes the middleware uses.
func wording(unauthenticated, forbidden, notFound, invalidInput string) failures {
	return failures{
		{code: apperr.Unauthenticated}: unauthenticated, {code: apperr.Forbidden}: forbidden,
		{code: apperr.NotFound}: notFound, {code: apperr.Conflict}: "数据已经存在",
		invalid: invalidInput, {code: apperr.GraphQLValidation}: invalidInput,
		{code: apperr.Unavailable}: "服务暂时不可用，请稍后再试", internal: "服务器内部错误",
		{code: apperr.Timeout}: "请求超时，请稍后再试", {code: apperr.ComplexityLimit}: "请求的数据量过大，请减小pagesize",
		{code: apperr.TooManyAttempts}: "登录失败次数过多，请稍后再试",
	}
}

// handler serves the route pick chooses for a request; pick and the
// route's variables refuse a malformed request on the call. A multipart
// body is read up to formLimit (route.formLimit).
func handler(run Runner, env envelope, formLimit int64, pick func(c *call) *route) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := &call{w: w, r: r, formLimit: formLimit}
		c.decode()
		rt, vars := pick(c), obj{}
		if c.answered {
			return
		}
		if rt != nil {
			rt = rt.chosen(c)
			c.rt = rt
		}
		if rt != nil && rt.vars != nil && c.refusal == "" {
			vars = rt.vars(c)
		}
		if c.refusal != "" {
			if rt != nil && rt.refusals[c.refusal] != "" {
				c.refusal = rt.refusals[c.refusal]
			}
			env.fail(c, failureFor(env, failures{invalid: c.refusal}, invalid))
			return
		}
		raw, ok := runOp(c, run, env, rt, vars)
		if !ok {
			return
		}
		var out any
		var err error
		if rt.reply != nil {
			// Numbers decode as float64, so they are written as
			// encoding/json writes them (gqlgen writes 1e+06 for 1000000).
			var data any
			if err = json.Unmarshal(raw, &data); err == nil {
				out, err = rt.reply(c, data)
			}
		}
		if no, ok := err.(refusal); ok {
			env.fail(c, failureFor(env, rt.fails, failKey{code: no.code, entity: no.entity}))
			return
		}
		if err != nil {
			slog.ErrorContext(r.Context(), "compat: reshaping the answer", "path", r.URL.Path, "error", err)
			env.fail(c, failureFor(env, nil, internal))
			return
		}
		env.ok(c, rt, out)
	}
}

// runOp runs the route's operation for the call and answers its data; a
// GraphQL error it answers in the envelope, in the route's words (naming
// the member at fault, route.inputs), and reports false.
func runOp(c *call, run Runner, env envelope, rt *route, vars obj) (json.RawMessage, bool) {
	resp := run.Run(c.r.Context(), Operations, rt.op, vars)
	if len(resp.Errors) == 0 {
		return resp.Data, true
	}
	ext := resp.Errors[0].Extensions
	str := func(k string) string { s, _ := ext[k].(string); return s }
	key := failKey{apperr.Code(str("code")), apperr.Reason(str("reason")), apperr.Entity(str("entity"))}
	if key.code != apperr.Internal { // whose message says nothing more
		c.detail = resp.Errors[0].Message
	}
	if wait, ok := ext["retryAfter"]; ok { // a throttled sign-in: the envelopes have no member for it
		c.w.Header().Set("Retry-After", fmt.Sprint(wait))
	}
	env.fail(c, failureFor(env, rt.fails.naming(rt.memberAt(str("field"))), key))
	return nil, false
}

// refusal is a reply's refusal of what the operation answered (a line not
// shipped has no logistics to show), answered as that error would be.
type refusal struct {
	code   apperr.Code
	entity apperr.Entity
}

func (r refusal) Error() string { return fmt.Sprintf("%s %s", r.code, r.entity) }

// failureFor is how an error reads: in the route's words, else the
// envelope's, else as an internal failure.
func failureFor(env envelope, fails failures, key failKey) failure {
	for _, table := range []failures{fails, env.wording()} {
		if msg, ok := table.lookup(key); ok {
			f := env.codes(key)
			f.msg, f.key = msg, key
			return f
		}
	}
	return failureFor(env, nil, internal)
}

// guard refuses, in the envelope, a request whose token could not be
// checked (the session store failed) or that carries none.
func guard(env envelope) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			code := apperr.Unavailable
			switch {
			case auth.Failure(r.Context()) != nil:
			case auth.FromContext(r.Context()) == nil:
				code = apperr.Unauthenticated
			default:
				next.ServeHTTP(w, r)
				return
			}
			env.fail(&call{w: w, r: r}, failureFor(env, nil, failKey{code: code}))
		})
	}
}

// recoverer answers a panic as the envelope's internal failure, so a legacy
// client reads it as it reads any other.
func recoverer(env envelope) func(http.Handler) http.Handler {
	return httpx.Recover(func(w http.ResponseWriter, r *http.Request) {
		env.fail(&call{w: w, r: r}, failureFor(env, nil, internal))
	})
}

// failure is how one GraphQL error reads in an envelope.
type failure struct {
	status int     // HTTP status
	code   int     // the envelope's own code (ret, meta.status, ...)
	msg    string  // may hold one %v for the request's id
	key    failKey // the error it words
}

// failKey names an error by its code and, where a table tells cases apart,
// its reason or entity.
type failKey struct {
	code   apperr.Code
	reason apperr.Reason
	entity apperr.Entity
}

// failures words errors. The most specific key wins: the code with the
// error's reason, with its entity, then the code alone. A message may name
// the legacy member at fault with %s (see route.inputs).
type failures map[failKey]string

// naming is the table with member in place of %s; without a member, the
// messages that would name it are left out, so a less specific one words
// the error.
func (f failures) naming(member string) failures {
	out := make(failures, len(f))
	for k, msg := range f {
		switch {
		case !strings.Contains(msg, "%s"):
			out[k] = msg
		case member != "":
			out[k] = strings.ReplaceAll(msg, "%s", member)
		}
	}
	return out
}

func (f failures) lookup(k failKey) (string, bool) {
	keys := []failKey{{k.code, k.reason, ""}, {k.code, "", k.entity}, {code: k.code}}
	for i, key := range keys {
		// Without a reason or entity a key is the code alone: tried last.
		if v, ok := f[key]; ok && (i == 2 || key != keys[2]) {
			return v, true
		}
	}
	return "", false
}

// Keys the tables share.
var (
	invalid   = failKey{code: apperr.InvalidInput}
	internal  = failKey{code: apperr.Internal}
	duplicate = failKey{apperr.Conflict, apperr.ReasonDuplicate, ""}
	inUse     = failKey{apperr.Conflict, apperr.ReasonInUse, ""}
	builtin   = failKey{apperr.Forbidden, apperr.ReasonBuiltin, ""}
)

func missing(e apperr.Entity) failKey { return failKey{apperr.NotFound, "", e} }

// withFails puts a table's failures under each route's own.
func withFails(fails failures, routes []route) []route {
	for i := range routes {
		own := routes[i].fails
		routes[i].fails = maps.Clone(fails)
		maps.Copy(routes[i].fails, own)
	}
	return routes
}
