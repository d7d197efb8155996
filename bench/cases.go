package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/onegraph/server/compat"
	"github.com/onegraph/server/graph"
)

// caseNames are the cases in the order they run: create-order last, as it
// adds orders and so changes the total the orders cases compare.
var caseNames = []string{"orders-ref", "orders-graphql", "orders-legacy-op", "orders-legacy",
	"shop-users", "shop-goods", "shop-categories", "shop-roles", "merchant-index", "merchant-list-op", "merchant-list",
	"partner-relations", "partner-relations-uncached", "create-order"}

const (
	ordersQuery = `{ pharmaOrders(paging:{page:1,size:50}) { total items { id name createdAt ` +
		`customer { id name phoneNumber address } lines { amount medicine { id name sn description } } } } }`
	createOrderMutation = `mutation($input: CreatePharmaOrderInput!) { createPharmaOrder(input: $input) { id } }`
	loginMutation       = `mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p, app: PHARMA}) { token } }`
)

// judgeFunc checks one answer.
type judgeFunc func(status int, body []byte) error

type benchCase struct {
	name string
	on   *child // serves the case; its CPU and statements are measured
	req  request
	// judge returns how every answer is checked; it may first fetch the
	// answer all of them must equal.
	judge func(ctx context.Context, client *http.Client) (judgeFunc, error)
}

// newCases builds every case; admin is the pharma admin's JWT, shop the
// shop login's "Bearer ..." token; uncached serves the partner API without
// its credential cache.
func newCases(srv, ref, uncached *child, admin, shop string, ds dataSet) []benchCase {
	bearer := "Bearer " + admin
	refReq := request{url: ref.url + "/orders?page=1&size=50", auth: bearer}
	legacyReq := request{url: srv.url + "/api/mgr/orders?action=list_order&pagenum=1&pagesize=50", auth: bearer}
	legacyOp := request{srv.url + "/graphql", bearer, fixed(graphqlOperation(compat.Operations, "ListOrders",
		map[string]any{"paging": map[string]any{"page": 1, "size": 50}, "paged": true}))}
	shopCase := func(name, path string) benchCase {
		q := request{url: srv.url + path, auth: shop}
		return benchCase{name, srv, q, sameAs(q, shopOK)}
	}
	// Merchant management as the admin, who sees every group: the demo's
	// 59 restaurants.
	merchantIndex := request{url: srv.url + "/custommanage/", auth: bearer}
	merchantList := request{url: srv.url + "/custommanage/list?page=1&num=10", auth: bearer}
	merchantListOp := request{srv.url + "/graphql", bearer, fixed(graphqlOperation(compat.Operations, "MerchantRestaurants",
		map[string]any{"paging": map[string]any{"page": 1, "size": 10}}))}
	// The partner API's relations query as the demo's 骏达, whose password
	// every request carries: with the credential cache and without it.
	partnerBody := fixed(`{"username": "13800000002", "password": "123456", "op_type": 4, "pageNum": 1, "pageSize": 10}`)
	partnerRelations := request{url: srv.url + "/partner/relations", body: partnerBody}
	partnerUncached := request{url: uncached.url + "/partner/relations", body: partnerBody}
	return []benchCase{
		{"orders-ref", ref, refReq, sameAs(refReq, graphqlOK)},
		// The reference's answer is the one the GraphQL answer must equal.
		{"orders-graphql", srv, request{srv.url + "/graphql", bearer, fixed(graphqlBody(ordersQuery, nil))}, sameAs(refReq, graphqlOK)},
		// The operation the legacy route runs, posted to /graphql: what the
		// route is judged against.
		{"orders-legacy-op", srv, legacyOp, sameAs(legacyOp, graphqlOK)},
		{"orders-legacy", srv, legacyReq, sameAs(legacyReq, retOK)},
		shopCase("shop-users", "/api/v2/users?pagenum=1&pagesize=10"),
		shopCase("shop-goods", "/api/v2/goods?pagenum=1&pagesize=20"),
		shopCase("shop-categories", "/api/v2/categories?type=3"),
		shopCase("shop-roles", "/api/v2/roles"),
		{"merchant-index", srv, merchantIndex, sameAs(merchantIndex, codeOK)},
		{"merchant-list-op", srv, merchantListOp, sameAs(merchantListOp, graphqlOK)},
		{"merchant-list", srv, merchantList, sameAs(merchantList, codeOK)},
		{"partner-relations", srv, partnerRelations, sameAs(partnerRelations, statusOK)},
		{"partner-relations-uncached", uncached, partnerUncached, sameAs(partnerRelations, statusOK)},
		{"create-order", srv, request{srv.url + "/graphql", bearer, func(n int64) string {
			lines := make([]map[string]any, 3)
			for k := range lines {
				lines[k] = map[string]any{"medicineId": ds.medicines[(3*int(n)+k)%len(ds.medicines)], "amount": k + 1}
			}
			return graphqlBody(createOrderMutation, map[string]any{"input": map[string]any{
				"name": fmt.Sprintf("bench-%d", n), "customerId": ds.customer, "lines": lines}})
		}}, each(graphqlOK)},
	}
}

func fixed(s string) func(int64) string { return func(int64) string { return s } }

func graphqlBody(query string, vars map[string]any) string {
	b, _ := json.Marshal(struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables,omitempty"`
	}{query, vars})
	return string(b)
}

// graphqlOperation posts one operation of a document with the fragments it
// spreads: what the in-process executor runs for a legacy route (the whole
// file is over the token limit).
func graphqlOperation(document, name string, vars map[string]any) string {
	op, err := graph.OperationDocument(document, name)
	if err != nil {
		panic(err) // the compat operations are fixed and tested
	}
	return graphqlBody(op, vars)
}

// sameAs fetches want's answer once, checks it with valid, and then
// requires every answer to be those bytes.
func sameAs(want request, valid func([]byte) error) func(context.Context, *http.Client) (judgeFunc, error) {
	return func(ctx context.Context, client *http.Client) (judgeFunc, error) {
		status, first, err := want.do(ctx, client)
		if err == nil {
			err = answerOK(status, first, valid)
		}
		if err != nil {
			return nil, fmt.Errorf("expected answer from %s: %w", want.url, err)
		}
		return func(status int, body []byte) error {
			if status != http.StatusOK || !bytes.Equal(body, first) {
				return mismatch(status, body, first)
			}
			return nil
		}, nil
	}
}

// each checks every answer with valid: for answers that differ.
func each(valid func([]byte) error) func(context.Context, *http.Client) (judgeFunc, error) {
	return func(context.Context, *http.Client) (judgeFunc, error) {
		return func(status int, body []byte) error { return answerOK(status, body, valid) }, nil
	}
}

func answerOK(status int, body []byte, valid func([]byte) error) error {
	if status != http.StatusOK {
		return fmt.Errorf("status %d: %s", status, clip(body, 0))
	}
	if err := valid(body); err != nil {
		return fmt.Errorf("%w: %s", err, clip(body, 0))
	}
	return nil
}

func graphqlOK(b []byte) error {
	var r struct{ Data, Errors json.RawMessage }
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	if r.Errors != nil || len(r.Data) == 0 || string(r.Data) == "null" {
		return errors.New("GraphQL errors or no data")
	}
	return nil
}

// zeroAt checks an envelope whose member name is 0 on success: the
// pharma's {"ret": 0, ...}, merchant management's {"code": 0, ...} and the
// partner API's {"status": 0, ...}.
func zeroAt(name string) func([]byte) error {
	return func(b []byte) error {
		var r map[string]json.RawMessage
		if err := json.Unmarshal(b, &r); err != nil {
			return err
		}
		if string(r[name]) != "0" {
			return fmt.Errorf("%s is not 0", name)
		}
		return nil
	}
}

var retOK, codeOK, statusOK = zeroAt("ret"), zeroAt("code"), zeroAt("status")

// shopOK checks the shop envelope: {"data": ..., "meta": {"status": 200}}.
func shopOK(b []byte) error {
	var r struct{ Meta struct{ Status int } }
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	if r.Meta.Status != http.StatusOK {
		return errors.New("meta.status is not 200")
	}
	return nil
}

// mismatch shows both answers around where they first differ.
func mismatch(status int, got, want []byte) error {
	i := 0
	for i < min(len(got), len(want)) && got[i] == want[i] {
		i++
	}
	return fmt.Errorf("answer differs from the expected one at byte %d (status %d, %d bytes; want 200, %d bytes)\n got: %s\nwant: %s",
		i, status, len(got), len(want), clip(got, i), clip(want, i))
}

// clip shows up to 400 bytes of b from a little before at.
func clip(b []byte, at int) string {
	from := max(0, min(at-100, len(b)))
	to := min(len(b), from+400)
	s := strings.ToValidUTF8(string(b[from:to]), "")
	if from > 0 {
		s = "…" + s
	}
	if to < len(b) {
		s += "…"
	}
	return s
}

// login signs the admin in to the pharma admin (GraphQL) and to the shop
// back office (its legacy route), as their clients would.
func login(ctx context.Context, client *http.Client, srv *child) (admin, shop string, err error) {
	var g struct {
		Data struct{ Login struct{ Token string } }
	}
	vars := map[string]any{"u": "admin", "p": adminPassword}
	if err := postJSON(ctx, client, srv.url+"/graphql", graphqlBody(loginMutation, vars), &g); err != nil {
		return "", "", err
	}
	var s struct{ Data struct{ Token string } }
	body, _ := json.Marshal(map[string]string{"username": "admin", "password": adminPassword})
	if err := postJSON(ctx, client, srv.url+"/api/v2/login", string(body), &s); err != nil {
		return "", "", err
	}
	if g.Data.Login.Token == "" || s.Data.Token == "" {
		return "", "", errors.New("login gave no token")
	}
	return g.Data.Login.Token, s.Data.Token, nil
}

func postJSON(ctx context.Context, client *http.Client, url, body string, v any) error {
	status, b, err := request{url: url, body: fixed(body)}.do(ctx, client)
	if err == nil && status != http.StatusOK {
		err = fmt.Errorf("status %d", status)
	}
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		return fmt.Errorf("POST %s: %w: %s", url, err, clip(b, 0))
	}
	return nil
}
