package compat

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/onegraph/server/enum"
	gqlscalar "github.com/onegraph/server/graph/scalar"
	"github.com/onegraph/server/media"
)

// call is one legacy request being served.
type call struct {
	w      http.ResponseWriter
	r      *http.Request
	params obj // query, form or JSON-body members
	id     any // the id the request names, for messages like "id:6不存在"

	paged      bool  // the request asked for a page
	page, size int64 // the page asked for (page 1 when none), echoed by some answers

	// refusal is the first legacy message a reader refused the request
	// with; readers go on after one, so variables read as straight code.
	refusal string

	// formLimit bounds a multipart body (route.formLimit); 0 refuses any.
	formLimit int64

	rt        *route // the route serving the call, once picked
	answered  bool   // the route's pick answered the call itself (a partner sign-in refused)
	signingIn bool   // a partner sign-in is running: its refusals read as a sign-in's
	detail    string // the operation's error message, for an envelope that says why (the partner API's reason)
}

func (c *call) refuse(msg string) {
	if c.refusal == "" {
		c.refusal = msg
	}
}

const (
	bodyKey      = "" // holds a JSON body that is not an object (an array, say)
	badBody      = "请求体格式错误，应为JSON"
	badForm      = "表单格式错误"
	bodyTooLarge = "请求体过大"
)

// uploadFormLimit bounds the multipart body of a route that takes an
// upload: the file and the other fields.
const uploadFormLimit = media.MaxUploadBytes + 1<<20

// formLimit is how much of a multipart body the route reads, all of it in
// memory (no temporary files are left behind): a route that takes an
// upload, one file with the other fields; any other, fields only, as much
// as of a JSON body (maxBody, the server's bound on a body). The server
// lets a multipart body past maxBody, as it may carry an upload; bounded
// here, the sign-ins, open to anybody, cannot be made to buffer an
// upload's worth per request. Bounded rather than refused, because
// browsers send a FormData as multipart (the merchant edits take it).
func (rt *route) formLimit(maxBody int64) int64 {
	if rt.upload {
		return uploadFormLimit
	}
	return maxBody
}

// decode reads into params the query string with a form or JSON body; a
// body it cannot read refuses the request.
func (c *call) decode() {
	r, params := c.r, obj{}
	c.params = params
	for k, v := range r.URL.Query() {
		params[k] = v[0]
	}
	if r.Method == http.MethodGet || r.Body == nil {
		return
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/x-www-form-urlencoded" || ct == "multipart/form-data" {
		c.decodeForm(ct == "multipart/form-data")
		return
	}
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	var body any
	if err := dec.Decode(&body); err != nil && !errors.Is(err, io.EOF) {
		c.refuse(badBody)
	}
	if m, ok := body.(obj); ok {
		maps.Copy(params, m)
	} else if body != nil {
		params[bodyKey] = body
	}
}

// decodeForm reads a form's fields (a multipart form's files stay on the
// request). A field given several times reads as the list of its values,
// and one named with [] (salemenu_ids[], as jQuery sends a list) as a list
// under the name without it.
func (c *call) decodeForm(multipart bool) {
	r := c.r
	if !multipart {
		if err := r.ParseForm(); err != nil {
			c.refuse(badBody)
		}
	} else if r.ContentLength > c.formLimit {
		c.refuse(bodyTooLarge) // it says it is too large: nothing of it is read
	} else {
		r.Body = http.MaxBytesReader(c.w, r.Body, c.formLimit)
		err := r.ParseMultipartForm(c.formLimit)
		if tooBig := new(http.MaxBytesError); errors.As(err, &tooBig) {
			c.refuse(bodyTooLarge)
		} else if err != nil {
			c.refuse(badForm)
		}
	}
	values, lists := map[string][]any{}, map[string]bool{}
	for _, k := range slices.Sorted(maps.Keys(r.PostForm)) { // name before name[]: one order
		name, isList := strings.CutSuffix(k, "[]")
		for _, v := range r.PostForm[k] {
			values[name] = append(values[name], v)
		}
		lists[name] = lists[name] || isList || len(values[name]) > 1
	}
	for name, vs := range values {
		if lists[name] {
			c.params[name] = vs
		} else {
			c.params[name] = vs[0]
		}
	}
}

// Request readers: each takes the legacy message to refuse the request with
// when the member is missing or malformed. The ...Of forms read a value.

func (c *call) str(key, msg string) string { return c.strOf(c.params[key], msg) }

// textOf reads a non-blank string or a number as its text (a password
// of digits sent as a JSON number).
func (c *call) textOf(v any, msg string) string {
	s := scalar(v)
	if strings.TrimSpace(s) == "" {
		c.refuse(msg)
	}
	return s
}

func (c *call) strOf(v any, msg string) string {
	s, ok := v.(string)
	if !ok || strings.TrimSpace(s) == "" {
		c.refuse(msg)
	}
	return s
}

// loginVars reads the username and password of a sign-in to app.
func loginVars(app, msg string) func(c *call) obj {
	return func(c *call) obj {
		return obj{"input": obj{"username": c.str("username", msg), "password": c.str("password", msg), "app": app}}
	}
}

// int reads an integer member (a JSON number or a numeric string).
func (c *call) int(key, msg string) int64 { return c.intOf(c.params[key], msg) }

func (c *call) intOf(v any, msg string) int64 {
	n, err := strconv.ParseInt(scalar(v), 10, 64)
	if err != nil {
		c.refuse(msg)
	}
	return n
}

// scalar is a JSON number or a string as text; anything else reads "".
func scalar(v any) string {
	switch v := v.(type) {
	case json.Number:
		return v.String()
	case string:
		return v
	}
	return ""
}

// blank tells a member not given: absent, null or a blank string.
func blank(v any) bool {
	s, isString := v.(string)
	return v == nil || (isString && strings.TrimSpace(s) == "")
}

// number reads an amount 0 or more (a price, a count, a weight) given as a
// JSON number or a numeric string: missing when absent, null or blank, bad
// when malformed, negative or not finite (strconv.ParseFloat takes "NaN" and
// "Inf", which no JSON answer can carry).
func (c *call) number(v any, missing, bad string) float64 {
	if blank(v) {
		c.refuse(missing)
		return 0
	}
	n, ok := finite(v)
	if !ok || n < 0 {
		c.refuse(bad)
	}
	return n
}

// finite reads a finite number given as a JSON number or numeric text.
func finite(v any) (float64, bool) {
	n, err := strconv.ParseFloat(strings.TrimSpace(scalar(v)), 64)
	return n, err == nil && !math.IsNaN(n) && !math.IsInf(n, 0)
}

// pathIDVars reads a numeric path parameter into the operation variable of
// the same name, idVars the request's member id into id; then both the
// variables more read. The id is remembered for messages.
func pathIDVars(name, msg string, more ...func(c *call) obj) func(c *call) obj {
	return func(c *call) obj { return c.idVars(name, chi.URLParam(c.r, name), msg, more) }
}

func idVars(msg string, more ...func(c *call) obj) func(c *call) obj {
	return func(c *call) obj { return c.idVars("id", c.params["id"], msg, more) }
}

func (c *call) idVars(name string, v any, msg string, more []func(c *call) obj) obj {
	c.id = c.intOf(v, msg)
	vars := obj{name: c.id}
	for _, read := range more {
		maps.Copy(vars, read(c))
	}
	return vars
}

// input reads the variable input.
func input(read func(c *call) obj) func(c *call) obj {
	return func(c *call) obj { return obj{"input": read(c)} }
}

func (c *call) object(v any, msg string) obj {
	o, ok := v.(obj)
	if !ok {
		c.refuse(msg)
	}
	return o
}

// objects reads a list of objects; each becomes what read makes of it.
func (c *call) objects(v any, msg string, read func(m obj) obj) []obj {
	return each(c, v, msg, func(e any) obj { return read(c.object(e, msg)) })
}

// each reads a list, each element as read makes it.
func each[T any](c *call, v any, msg string, read func(e any) T) []T {
	list, ok := v.([]any)
	if !ok {
		c.refuse(msg)
	}
	out := make([]T, len(list))
	for i, e := range list {
		out[i] = read(e)
	}
	return out
}

// members reads the optional members of a request object: each one sent
// (present, and none of unsent) is read by its reader under its GraphQL
// name. Readers refuse with msg, where %s is the member's key.
type members struct {
	unsent []any
	msg    string
	fields []field
}

type field struct {
	key, name string
	read      reader
}

type reader func(c *call, v any, msg string) any

// Values that count as not sent: null, and for forms and query strings,
// which send untouched fields so, "".
var (
	orNull  = []any{nil}
	orBlank = []any{nil, ""}
)

func (ms members) read(c *call, m, into obj) obj {
	for _, f := range ms.fields {
		if v, ok := m[f.key]; ok && !slices.Contains(ms.unsent, v) {
			into[f.name] = f.read(c, v, strings.ReplaceAll(ms.msg, "%s", f.key))
		}
	}
	return into
}

// vars reads the request's own members into a new object.
func (ms members) vars(c *call) obj { return ms.read(c, c.params, obj{}) }

// need reads members that must be sent: one absent or blank refuses the
// request with missing, where %s is its key.
func (ms members) need(c *call, m, into obj, missing string) obj {
	for _, f := range ms.fields {
		if blank(m[f.key]) {
			c.refuse(strings.ReplaceAll(missing, "%s", f.key))
		}
	}
	return ms.read(c, m, into)
}

// inputsOf names the GraphQL input field of each member of the tables (its
// name under prefix, the path of the input object it goes in: "merchant.")
// by its legacy key, for route.inputs.
func inputsOf(prefix string, tables ...members) map[string]string {
	out := map[string]string{}
	for _, ms := range tables {
		for _, f := range ms.fields {
			out[prefix+f.name] = f.key
		}
	}
	return out
}

var (
	anyString reader = func(c *call, v any, msg string) any {
		if _, ok := v.(string); !ok {
			c.refuse(msg)
		}
		return v
	}
	nonBlank reader = func(c *call, v any, msg string) any { return c.strOf(v, msg) }
	integer  reader = func(c *call, v any, msg string) any { return c.intOf(v, msg) }
	// smallInt reads an integer a GraphQL Int takes (32 bits), so one
	// beyond is refused naming the member, not by the operation's variables.
	smallInt reader = func(c *call, v any, msg string) any {
		n := c.intOf(v, msg)
		if n < math.MinInt32 || n > math.MaxInt32 {
			c.refuse(msg)
		}
		return n
	}
	// textual reads a string or a number as its text.
	textual reader = func(c *call, v any, msg string) any {
		switch v.(type) {
		case string, json.Number:
		default:
			c.refuse(msg)
		}
		return scalar(v)
	}
)

var (
	// decimal reads a finite number.
	decimal reader = func(c *call, v any, msg string) any {
		n, ok := finite(v)
		if !ok {
			c.refuse(msg)
		}
		return n
	}
	// money reads an amount of yuan, 0 or more with at most two decimals,
	// as its decimal text, which the Money scalar reads exactly.
	money reader = func(c *call, v any, msg string) any {
		text := strings.TrimSpace(scalar(v))
		if fen, err := gqlscalar.ParseMoney(text); err != nil || fen < 0 {
			c.refuse(msg)
		}
		return text
	}
)

// legacyCodes reads an integer code (a boolean as 1 or 0) as the GraphQL
// value it stands for.
func legacyCodes(values map[int64]any) reader {
	return func(c *call, v any, msg string) any {
		switch v {
		case true, "true":
			v = json.Number("1")
		case false, "false":
			v = json.Number("0")
		}
		out, ok := values[c.intOf(v, msg)]
		if !ok {
			c.refuse(msg)
		}
		return out
	}
}

// noneAt reads an integer with read, or one of the codes that say "none"
// as null.
func noneAt(read reader, codes ...int64) reader {
	return func(c *call, v any, msg string) any {
		if n, _ := read(c, v, msg).(int64); !slices.Contains(codes, n) {
			return n
		}
		return nil
	}
}

// codeName reads a legacy numeric code of codec as its GraphQL name.
func codeName(codec *enum.Codec[int]) reader {
	return func(c *call, v any, msg string) any {
		name, err := codec.Name(int(c.intOf(v, msg)))
		if err != nil {
			c.refuse(msg)
		}
		return name
	}
}

// pageRule says how a list reads pagenum and pagesize.
type pageRule struct {
	optional      bool   // neither member: every row
	noNum, noSize string // a member missing: refused so; "" where it may be
	bad           string // a member malformed or below 1; %s is its name
}

// paging reads the page a list asks for into a PageInput (null: every row)
// and keeps it on the call. Where the rule allows, a missing pagenum reads
// page 1 and, in an optional list, a missing pagesize every row.
func (c *call) paging(p pageRule) any {
	_, hasNum := c.params["pagenum"]
	_, hasSize := c.params["pagesize"]
	c.page = 1
	switch {
	case p.optional && !hasSize && (!hasNum || p.noSize == ""):
		return nil
	case p.noNum != "" && !hasNum:
		c.refuse(p.noNum)
	case p.noSize != "" && !hasSize:
		c.refuse(p.noSize)
	}
	if hasNum || !p.optional {
		c.page = c.positive("pagenum", p.bad)
	}
	c.size = c.positive("pagesize", p.bad)
	c.paged = true
	return obj{"page": c.page, "size": c.size}
}

func (c *call) positive(key, format string) int64 {
	msg := fmt.Sprintf(format, key)
	n := c.int(key, msg)
	if n < 1 {
		c.refuse(msg)
	}
	return n
}

// formatMsg puts the request's id in place of %v.
func formatMsg(msg string, id any) string { return strings.ReplaceAll(msg, "%v", fmt.Sprint(id)) }
