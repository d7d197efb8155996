package compat

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The OpenAPI 3.1 document of the legacy routes, generated from the route
// tables: each mounted route is an operation, its envelope and messages
// come from its row (okMsg, okStatus, action, choice, upload), and what a
// row cannot say (its summary, the members it reads, the shape of its
// reply) from its spec, kept beside the table in the domain's file by the
// route's operation name (TestEveryRouteHasASpec names a route without
// one). The compat tests validate every legacy request and answer against
// it (apptest).

// spec is what the OpenAPI document says of a route beyond its row.
type spec struct {
	summary string // in the legacy document's words
	doc     string // where the legacy document describes it, and what it leaves out
	query   []param
	body    []param
	// bodyAs, where set, is the JSON body's schema in place of body's
	// object (a body that may be a bare array).
	bodyAs schema
	// reply is what a success carries: the shop's data; for the other
	// envelopes an object whose members go beside the envelope's own.
	// nil: nothing (the shop's data is null).
	reply schema
	// original, for a shop route, is its reply at /api/private/v1 where
	// it differs.
	original schema
	// download is the media type of a file the route answers instead of
	// JSON when asked (the merchant export).
	download string
	// whole says the reply is the entire answer, no envelope (/kuaidi).
	whole bool
}

// param is one request member: a query parameter or a body member.
type param struct {
	name     string
	s        schema
	required bool
	desc     string
}

func need(name string, s schema, desc string) param { return param{name, s, true, desc} }
func may(name string, s schema, desc string) param  { return param{name, s, false, desc} }

// schema is a JSON Schema (2020-12, as OpenAPI 3.1 has it).
type schema = map[string]any

var (
	tStr  = schema{"type": "string"}
	tInt  = schema{"type": "integer"}
	tNum  = schema{"type": "number"}
	tBool = schema{"type": "boolean"}
	tNull = schema{"type": "null"}
	tAny  = schema{}
	// intLike is an integer a request may send as a number or as its
	// text, as every legacy reader takes it.
	intLike = schema{"anyOf": []any{tInt, schema{"type": "string", "pattern": `^\s*-?[0-9]+\s*$`}}}
	// numLike is a number sent as a number or as its text.
	numLike = schema{"anyOf": []any{tNum, schema{"type": "string"}}}
	// textLike is text a request may send as a number (a phone number).
	textLike = schema{"type": []any{"string", "number"}}
)

func nullable(s schema) schema { return schema{"anyOf": []any{s, tNull}} }
func listOf(s schema) schema   { return schema{"type": "array", "items": s} }
func mapOf(s schema) schema    { return schema{"type": "object", "additionalProperties": s} }
func oneOf(values ...any) schema {
	return schema{"enum": values}
}

// prop is a member of an answer's object: p is always there, o only
// sometimes.
type prop struct {
	name     string
	s        schema
	optional bool
}

func p(name string, s schema) prop { return prop{name: name, s: s} }
func o(name string, s schema) prop { return prop{name: name, s: s, optional: true} }

// object is an answer's object with exactly these members.
func object(props ...prop) schema {
	s := open(props...)
	s["additionalProperties"] = false
	return s
}

// open is an object with these members and maybe more: where an answer is
// specified to its top level only.
func open(props ...prop) schema {
	properties, required := schema{}, []any{}
	for _, m := range props {
		properties[m.name] = m.s
		if !m.optional {
			required = append(required, m.name)
		}
	}
	s := schema{"type": "object", "properties": properties}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// with is the object s with the members of more beside its own.
func with(s schema, more ...prop) schema {
	out := maps.Clone(s)
	props, _ := s["properties"].(schema)
	props = maps.Clone(props)
	if props == nil {
		props = schema{}
	}
	required, _ := s["required"].([]any)
	required = slices.Clone(required)
	for _, m := range more {
		props[m.name] = m.s
		if !m.optional {
			required = append(required, m.name)
		}
	}
	out["properties"] = props
	if len(required) > 0 {
		out["required"] = required
	}
	return out
}

// ref is a component schema.
func ref(name string) schema { return schema{"$ref": "#/components/schemas/" + name} }

// bodyObject is a request body of these members; members it does not
// list are allowed, as the legacy servers ignore them.
func bodyObject(members []param) schema {
	props, required := schema{}, []any{}
	for _, m := range members {
		props[m.name] = described(m.s, m.desc)
		if m.required {
			required = append(required, m.name)
		}
	}
	s := schema{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func described(s schema, desc string) schema {
	if desc == "" {
		return s
	}
	out := maps.Clone(s)
	out["description"] = desc
	return out
}

// domain is one legacy system: its base path, its envelope as OpenAPI
// says it, and its routes as mounted.
type domain struct {
	tag, title string
	failure    string // the component of its failure envelope
	// ok is the success answer of a route with this reply.
	ok func(rt *route, reply schema, whole bool) schema
	// statuses are the HTTP statuses of its failures beside 200.
	statuses []int
	// failureAt200 says a failure may come with HTTP 200 too.
	failureAt200 bool
	mounted      []mounted
	// forms says it reads form bodies as it reads JSON ones.
	forms bool
}

// mounted is a route at its full path; variants answer the same path and
// method where a request member (or the line's state) picks among them.
type mounted struct {
	path     string
	rt       route
	spec     spec
	variants []route
	original bool
}

// specs is every route's spec by its operation name.
func specs() map[string]spec {
	out := map[string]spec{}
	for _, table := range []map[string]spec{pharmaSpecs, shopSpecs, merchantSpecs, partnerSpecs} {
		maps.Copy(out, table)
	}
	return out
}

// specKey is the key of a route's spec: its operation's name, or, for a
// row whose choice has a variant of the same operation (the partner's
// CRUD interfaces), its method and path.
func specKey(rt route) string {
	if rt.choice != nil {
		for _, v := range rt.choice.variants {
			if v.op == rt.op {
				return rt.method + " " + rt.path
			}
		}
	}
	return rt.op
}

// domains is every legacy system as Mount serves it.
func domains() []domain {
	all := specs()
	mount := func(base string, rt route, original bool) mounted {
		m := mounted{path: base + rt.path, rt: rt, spec: all[specKey(rt)], original: original}
		if rt.choice != nil {
			for _, k := range slices.Sorted(maps.Keys(rt.choice.variants)) {
				m.variants = append(m.variants, *rt.choice.variants[k])
			}
		}
		return m
	}
	var pharma, shopping, merchant, partner []mounted
	for _, rt := range slices.Concat(pharmaPublic, pharmaRoutes) {
		pharma = append(pharma, mount(mgrBase, rt, false))
	}
	for _, base := range []string{shopDocumented, shopOriginal} {
		for _, rt := range slices.Concat(shopPublic, shopRoutes()) {
			original := base == shopOriginal
			m := mount(base, rt, original)
			if original {
				m.rt = rt.asOriginal()
				if m.spec.original != nil {
					m.spec.reply = m.spec.original
				}
			}
			shopping = append(shopping, m)
		}
	}
	for _, rt := range merchantRoutes() {
		merchant = append(merchant, mount(merchantBase, rt, false))
	}
	for _, rt := range slices.Concat([]route{partnerRegister}, partnerRoutes()) {
		m := mount(partnerBase, rt, false)
		if rt.decide != nil && rt.op == partnerReturns.op { // what its decide picks
			m.variants = append(m.variants, partnerRequestReturn)
		}
		partner = append(partner, m)
	}
	return []domain{
		{tag: "pharma", title: "药品销售管理 /api/mgr (bysms-v1.md, medical-admin-v2.md)", failure: "MgrFailure",
			statuses: []int{302, 400, 429, 500, 503}, failureAt200: true, forms: true, mounted: pharma,
			ok: func(_ *route, reply schema, _ bool) schema {
				return envelopeWith(reply, p("ret", schema{"const": 0}))
			}},
		{tag: "shop", title: "电商后台 /api/v2 与 /api/private/v1 (shop-admin-v2.md)", failure: "ShopFailure",
			failureAt200: true, forms: true, mounted: shopping,
			ok: func(rt *route, reply schema, whole bool) schema {
				if whole {
					return reply
				}
				meta := object(p("msg", schema{"const": rt.okMsg}), p("status", schema{"const": cmp.Or(rt.okStatus, http.StatusOK)}))
				data := reply
				if data == nil {
					data = tNull
				}
				return object(p("data", data), p("meta", meta))
			}},
		{tag: "merchant", title: "商户管理 /custommanage (custommanage.txt)", failure: "MerchantFailure",
			statuses: []int{400, 401, 403, 429, 500, 503}, forms: true, mounted: merchant,
			ok: func(rt *route, reply schema, _ bool) schema {
				props := []prop{p("code", schema{"const": 0})}
				if rt.okMsg != "" {
					props = append(props, p("msg", schema{"const": rt.okMsg}))
				}
				return envelopeWith(reply, props...)
			}},
		{tag: "partner", title: "B2B 合作伙伴接口 /partner (partner-b2b.md)", failure: "PartnerFailure",
			failureAt200: true, mounted: partner,
			ok: func(rt *route, reply schema, _ bool) schema {
				return envelopeWith(reply, p("status", schema{"const": 0}), p("msg", schema{"const": rt.okMsg}), o("sec", tAny))
			}},
	}
}

// envelopeWith is an envelope of these members with the reply's beside them.
func envelopeWith(reply schema, envelope ...prop) schema {
	if reply == nil {
		return object(envelope...)
	}
	return with(reply, envelope...)
}

// failureSchemas are the failure envelopes. Each tells a failure from a
// success by its code, so a validator can tell which an answer is.
var failureSchemas = schema{
	"MgrFailure": described(object(p("ret", oneOf(1, 2, 302)), p("msg", tStr)),
		"失败：ret 1（业务失败）、2（数据被引用）、302（请先登录）；HTTP 状态 200、302、400、429、500 或 503"),
	"ShopFailure": described(object(p("data", tNull),
		p("meta", object(p("msg", tStr), p("status", schema{"type": "integer", "not": oneOf(200, 201)})))),
		"失败：meta.status 400、401（权限验证失败）、404、429、500 或 503；HTTP 状态总是 200"),
	"MerchantFailure": described(object(p("code", schema{"type": "integer", "not": schema{"const": 0}}),
		p("msg", tStr), p("data", tNull)),
		"失败：code 1，或 401/403/404/405 与 HTTP 状态相同"),
	"PartnerFailure": described(object(p("status", schema{"const": 1}), p("msg", tStr), o("reason", tStr), o("sec", tAny)),
		"失败：status 1；msg 为接口的失败信息，reason 为原因；HTTP 状态 200（未提供的路径或方法为 404、405）"),
}

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

// OpenAPI is the OpenAPI 3.1 document of the legacy routes, as JSON.
func OpenAPI() []byte { return openAPIDocument() }

var openAPIDocument = sync.OnceValue(func() []byte {
	b, err := json.MarshalIndent(openAPI(), "", "  ")
	if err != nil {
		panic(err) // maps of JSON values only
	}
	return append(b, '\n')
})

func openAPI() schema {
	paths, tags := schema{}, []any{}
	for _, d := range domains() {
		tags = append(tags, schema{"name": d.tag, "description": d.title})
		for _, m := range d.mounted {
			item, _ := paths[m.path].(schema)
			if item == nil {
				item = schema{}
				paths[m.path] = item
			}
			item[strings.ToLower(m.rt.method)] = operation(d, m)
		}
	}
	return schema{
		"openapi": "3.1.0",
		"info": schema{"title": "onegraph legacy REST API", "version": "1",
			"description": "旧系统的 REST 接口，由 compat/ 以 GraphQL 操作实现；本文档由路由表生成（compat.OpenAPI），并由测试校验每个请求与应答。"},
		"tags":       tags,
		"paths":      paths,
		"components": schema{"schemas": failureSchemas},
	}
}

// operation is one mounted route as an OpenAPI operation.
func operation(d domain, m mounted) schema {
	rt, sp := m.rt, m.spec
	id := rt.op
	if m.original {
		id = "Original" + strings.TrimSuffix(rt.op, "Original")
	}
	op := schema{"operationId": id, "tags": []any{d.tag}, "summary": sp.summary}
	desc := []string{}
	if sp.doc != "" {
		desc = append(desc, sp.doc)
	}
	params := []any{}
	for _, name := range pathParam.FindAllStringSubmatch(rt.path, -1) {
		params = append(params, schema{"name": name[1], "in": "path", "required": true, "schema": intLike})
	}
	query, body := slices.Clone(sp.query), slices.Clone(sp.body)
	if rt.action != "" { // in the query string of a GET, in the body otherwise
		action := need("action", schema{"const": rt.action}, "固定值")
		if rt.method == http.MethodGet {
			query = append([]param{action}, query...)
		} else {
			body = append([]param{action}, body...)
		}
	}
	for _, q := range query {
		params = append(params, schema{"name": q.name, "in": "query", "required": q.required, "schema": described(q.s, q.desc)})
	}
	if len(params) > 0 {
		op["parameters"] = params
	}

	replies := []any{d.ok(&rt, sp.reply, sp.whole)}
	if rt.choice != nil {
		values := []any{""} // a blank one: the row serves it
		for _, k := range slices.Sorted(maps.Keys(rt.choice.variants)) {
			values = append(values, k)
			if n, err := strconv.Atoi(k); err == nil {
				values = append(values, n)
			}
		}
		body = slices.DeleteFunc(body, func(b param) bool { return b.name == rt.choice.member })
		body = append(body, may(rt.choice.member, oneOf(values...), "选择操作，见下"))
	}
	all := specs()
	for _, v := range m.variants {
		vs := all[v.op]
		line := fmt.Sprintf("- %s：%s", v.op, vs.summary)
		if rt.choice != nil {
			for k, picked := range rt.choice.variants {
				if picked.op == v.op {
					line = fmt.Sprintf("- %s=%s：%s（%s）", rt.choice.member, k, vs.summary, v.op)
				}
			}
		}
		desc = append(desc, line)
		body = mergeMembers(body, vs.body)
		replies = append(replies, d.ok(&v, vs.reply, false))
	}
	if len(desc) > 0 {
		op["description"] = strings.Join(desc, "\n")
	}
	if len(body) > 0 || sp.bodyAs != nil {
		content := schema{}
		s := bodyObject(body)
		if sp.bodyAs != nil {
			s = sp.bodyAs
		}
		if rt.upload {
			content["multipart/form-data"] = schema{"schema": s}
		} else {
			content["application/json"] = schema{"schema": s}
			if d.forms {
				content["application/x-www-form-urlencoded"] = schema{"schema": schema{"type": "object"}}
				content["multipart/form-data"] = schema{"schema": schema{"type": "object"}}
			}
		}
		op["requestBody"] = schema{"required": rt.method != http.MethodGet, "content": content}
	}

	failure := ref(d.failure)
	ok := anyOf(replies)
	if d.failureAt200 {
		ok = anyOf(append(slices.Clone(replies), failure))
	}
	okContent := schema{"application/json": schema{"schema": ok}}
	if sp.download != "" {
		okContent[sp.download] = schema{"schema": schema{"type": "string", "contentMediaType": sp.download}}
	}
	responses := schema{"200": schema{"description": "成功；失败时见 " + d.failure, "content": okContent}}
	for _, status := range d.statuses {
		responses[strconv.Itoa(status)] = schema{"description": http.StatusText(status),
			"content": schema{"application/json": schema{"schema": failure}}}
	}
	op["responses"] = responses
	return op
}

func anyOf(options []any) schema {
	if len(options) == 1 {
		return options[0].(schema)
	}
	return schema{"anyOf": options}
}

// mergeMembers is the members of a and those of b not in a, none required
// (each variant needs its own).
func mergeMembers(a, b []param) []param {
	out := slices.Clone(a)
	for _, m := range b {
		if !slices.ContainsFunc(out, func(x param) bool { return x.name == m.name }) {
			m.required = false
			out = append(out, m)
		}
	}
	return out
}
