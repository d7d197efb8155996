package graph_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/service"
)

// The partner platform's catalog side over GraphQL: registration,
// enterprises and partner accounts, relation kinds, listings, CRM
// customers, relations, discounts and goods lists. A fresh server has the
// admin (account 1) and the three relation kinds of the migration; the
// enterprises and their PARTNER accounts are written straight into the
// store (addEnterpriseFixture), so ids below are known: enterprises are
// numbered from 1 in the order the test adds them.

// enterpriseFixture is an enterprise with a signed-in PARTNER account.
type enterpriseFixture struct {
	id    int64
	acc   *db.Account
	token string
}

// idText is the enterprise's id as the API writes it.
func (f enterpriseFixture) idText() string { return fmt.Sprint(f.id) }

// addEnterpriseFixture writes an enterprise named name and a PARTNER
// account in it (username the mobile number, password "pw-" + it), and
// signs the account in.
func addEnterpriseFixture(t *testing.T, s *apptest.Server, mobile, name string) enterpriseFixture {
	t.Helper()
	p := s.SeedPartner(t, mobile, name)
	return enterpriseFixture{id: p.EnterpriseID, acc: p.Account, token: p.Token}
}

// partnerRows counts the rows of the tables a refused write must leave as
// they were.
func partnerRows(t *testing.T, s *apptest.Server, tables ...string) []int64 {
	t.Helper()
	n := make([]int64, len(tables))
	for i, table := range tables {
		n[i] = s.Rows(t, table)
	}
	return n
}

// fieldError is the extensions of a refusal of one input field.
func fieldError(code, field string) string {
	return fmt.Sprintf(`{"code":%q,"field":%q}`, code, field)
}

// missingAt is the extensions of a NOT_FOUND of an entity named in a field.
func missingAt(entity, field string) string {
	return fmt.Sprintf(`{"code":"NOT_FOUND","entity":%q,"field":%q}`, entity, field)
}

const (
	otherEnterprise = `{"code":"FORBIDDEN","reason":"OTHER_ENTERPRISE","field":"enterpriseId"}`
	adminNamesNone  = `{"code":"INVALID_INPUT","field":"enterpriseId"}`
)

const registerQ = `mutation($in: RegisterPartnerInput!) { registerPartner(input: $in) { realName sex education
	account { id username role active email mobile profile { nickname birthdate } }
	enterprise { id name address tell legalMan } } }`

// Registration makes an active PARTNER account, its enterprise named after
// the real name, and its profile; the account signs in to the partner app.
func TestRegisterPartner(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	in := map[string]any{"username": "13800000001", "password": "secret-1", "email": "li@yixun.cn", "realName": "上海祎讯",
		"nickName": "祎讯", "sex": "男", "education": "本科", "birth": "1990-01-02"}
	apptest.EqualJSON(t, do(t, s, "", registerQ, map[string]any{"in": in}), `{"registerPartner":{"realName":"上海祎讯","sex":"男","education":"本科",
		"account":{"id":"2","username":"13800000001","role":"PARTNER","active":true,"email":"li@yixun.cn","mobile":"13800000001",
			"profile":{"nickname":"祎讯","birthdate":"1990-01-02"}},
		"enterprise":{"id":"1","name":"上海祎讯","address":"","tell":"","legalMan":""}}}`)

	login := do(t, s, "", `mutation { login(input: {username: "13800000001", password: "secret-1", app: PARTNER}) { token } }`, nil)
	token := get(t, login, "login", "token")
	apptest.EqualJSON(t, do(t, s, token, `{ myPartnerProfile { realName account { username } enterprise { id name } } }`, nil),
		`{"myPartnerProfile":{"realName":"上海祎讯","account":{"username":"13800000001"},"enterprise":{"id":"1","name":"上海祎讯"}}}`)

	// Only the required fields: the rest are empty or null.
	apptest.EqualJSON(t, do(t, s, "", registerQ, map[string]any{"in": map[string]any{"username": "13900000002",
		"password": "secret-2", "realName": "车同轨"}}), `{"registerPartner":{"realName":"车同轨","sex":"","education":"",
		"account":{"id":"3","username":"13900000002","role":"PARTNER","active":true,"email":"","mobile":"13900000002",
			"profile":{"nickname":null,"birthdate":null}},
		"enterprise":{"id":"2","name":"车同轨","address":"","tell":"","legalMan":""}}}`)
}

// A refused registration writes nothing: no account, enterprise or
// profile.
func TestRegisterPartnerRefusals(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	ok := map[string]any{"username": "13800000001", "password": "secret-1", "realName": "上海祎讯"}
	do(t, s, "", registerQ, map[string]any{"in": ok})
	s.CreateAccount(t, "13700000007", "pw", db.RoleStaff, true)
	with := func(field string, value any) map[string]any {
		in := map[string]any{"username": "13800000009", "password": "secret-9", "realName": "新公司"}
		in[field] = value
		return in
	}
	for _, tc := range []struct {
		name       string
		in         map[string]any
		extensions string
	}{
		{"a partner's username", with("username", "13800000001"), `{"code":"CONFLICT","reason":"DUPLICATE","field":"username"}`},
		{"another app's username", with("username", "13700000007"), `{"code":"CONFLICT","reason":"DUPLICATE","field":"username"}`},
		{"ten digits", with("username", "1380000000"), fieldError("INVALID_INPUT", "username")},
		{"twelve digits", with("username", "138000000012"), fieldError("INVALID_INPUT", "username")},
		{"not starting with 1", with("username", "23800000000"), fieldError("INVALID_INPUT", "username")},
		{"not a number", with("username", "1380000000x"), fieldError("INVALID_INPUT", "username")},
		{"no password", with("password", ""), fieldError("INVALID_INPUT", "password")},
		{"a password over 72 bytes", with("password", strings.Repeat("p", 73)), fieldError("INVALID_INPUT", "password")},
		{"a blank real name", with("realName", "  "), fieldError("INVALID_INPUT", "realName")},
		{"a real name over 100 characters", with("realName", strings.Repeat("名", 101)), fieldError("INVALID_INPUT", "realName")},
		{"a nickname over 100 characters", with("nickName", strings.Repeat("名", 101)), fieldError("INVALID_INPUT", "nickName")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := partnerRows(t, s, "accounts", "partner_enterprises", "partner_accounts")
			fails(t, s, "", registerQ, map[string]any{"in": tc.in}, tc.extensions)
			if after := partnerRows(t, s, "accounts", "partner_enterprises", "partner_accounts"); !slices.Equal(after, before) {
				t.Errorf("rows of accounts, enterprises and profiles %v, then %v", before, after)
			}
		})
	}
}

// Registration is one transaction: when the profile's insert fails (its
// context is cancelled as it starts), the account and the enterprise
// written before it are rolled back too.
func TestRegisterPartnerWritesAllOrNothing(t *testing.T) {
	s := apptest.New(t)
	tables := []string{"accounts", "partner_enterprises", "partner_accounts"}
	before := partnerRows(t, s, tables...)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var inserts []string
	s.Statements.Before(func(q string) {
		for _, table := range tables {
			if strings.HasPrefix(q, `INSERT INTO "`+table+`"`) {
				inserts = append(inserts, table)
			}
		}
		if strings.HasPrefix(q, `INSERT INTO "partner_accounts"`) {
			cancel()
		}
	})
	_, err := s.App.Services.Partners.Register(ctx, service.NewPartner{Username: "13800000001", Password: "secret-1", RealName: "上海祎讯"})
	s.Statements.Before(nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("register: %v, want the cancelled context's error", err)
	}
	if !slices.Equal(inserts, tables) {
		t.Fatalf("inserts %v, want %v", inserts, tables)
	}
	if after := partnerRows(t, s, tables...); !slices.Equal(after, before) {
		t.Errorf("a failed registration left rows of %v: %v, then %v", tables, before, after)
	}
}

const enterpriseFieldsQ = `id name address tell legalMan`

// Any partner reads every enterprise; a partner changes its own; the
// operator creates them.
func TestPartnerEnterprises(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	admin := s.AdminToken(t)
	a := addEnterpriseFixture(t, s, "13800000001", "上海祎讯汽配")
	b := addEnterpriseFixture(t, s, "13800000002", "车同轨科技")
	createQ := `mutation($in: EnterpriseInput!) { createEnterprise(input: $in) { ` + enterpriseFieldsQ + ` } }`
	updateQ := `mutation($in: EnterpriseInput!) { updateMyEnterprise(input: $in) { ` + enterpriseFieldsQ + ` } }`

	apptest.EqualJSON(t, do(t, s, admin, createQ, map[string]any{"in": map[string]any{"name": "广州远方汽配", "address": "广州市天河区"}}),
		`{"createEnterprise":{"id":"3","name":"广州远方汽配","address":"广州市天河区","tell":"","legalMan":""}}`)
	for _, tc := range []struct {
		name, token string
		in          map[string]any
		extensions  string
	}{
		{"by a partner", a.token, map[string]any{"name": "x"}, wrongRole},
		{"without a name", admin, map[string]any{"address": "x"}, fieldError("INVALID_INPUT", "name")},
		{"with a null name", admin, map[string]any{"name": nil}, fieldError("INVALID_INPUT", "name")},
		{"with a blank name", admin, map[string]any{"name": " "}, fieldError("INVALID_INPUT", "name")},
		{"with a null address", admin, map[string]any{"name": "x", "address": nil}, fieldError("INVALID_INPUT", "address")},
		{"with a long name", admin, map[string]any{"name": strings.Repeat("汽", 101)}, fieldError("INVALID_INPUT", "name")},
	} {
		t.Run("create "+tc.name, func(t *testing.T) { fails(t, s, tc.token, createQ, map[string]any{"in": tc.in}, tc.extensions) })
	}

	listQ := `query($f: EnterpriseFilter, $p: PageInput!) { enterprises(filter: $f, paging: $p) { total items { id name } } }`
	apptest.EqualJSON(t, do(t, s, b.token, listQ, map[string]any{"f": map[string]any{"search": "汽配"}, "p": map[string]any{"page": 1, "size": 1}}),
		`{"enterprises":{"total":2,"items":[{"id":"1","name":"上海祎讯汽配"}]}}`)
	apptest.EqualJSON(t, do(t, s, b.token, listQ, map[string]any{"f": map[string]any{"search": "汽配"}, "p": map[string]any{"page": 2, "size": 1}}),
		`{"enterprises":{"total":2,"items":[{"id":"3","name":"广州远方汽配"}]}}`)
	apptest.EqualJSON(t, do(t, s, b.token, listQ, map[string]any{"p": map[string]any{"page": 1, "size": 20}}),
		`{"enterprises":{"total":3,"items":[{"id":"1","name":"上海祎讯汽配"},{"id":"2","name":"车同轨科技"},{"id":"3","name":"广州远方汽配"}]}}`)
	apptest.EqualJSON(t, do(t, s, a.token, `{ enterprise(id: 3) { `+enterpriseFieldsQ+` } }`, nil),
		`{"enterprise":{"id":"3","name":"广州远方汽配","address":"广州市天河区","tell":"","legalMan":""}}`)
	fails(t, s, a.token, `{ enterprise(id: 99) { id } }`, nil, missing("enterprise"))

	apptest.EqualJSON(t, do(t, s, a.token, updateQ, map[string]any{"in": map[string]any{"address": "上海市嘉定区", "tell": "021-5555", "legalMan": "李祎"}}),
		`{"updateMyEnterprise":{"id":"1","name":"上海祎讯汽配","address":"上海市嘉定区","tell":"021-5555","legalMan":"李祎"}}`)
	apptest.EqualJSON(t, do(t, s, a.token, updateQ, map[string]any{"in": map[string]any{"name": "上海祎讯", "tell": ""}}),
		`{"updateMyEnterprise":{"id":"1","name":"上海祎讯","address":"上海市嘉定区","tell":"","legalMan":"李祎"}}`)
	for _, tc := range []struct {
		name, token string
		in          map[string]any
		extensions  string
	}{
		{"a null name", a.token, map[string]any{"name": nil}, fieldError("INVALID_INPUT", "name")},
		{"a blank name", a.token, map[string]any{"name": ""}, fieldError("INVALID_INPUT", "name")},
		{"a null phone", a.token, map[string]any{"tell": nil}, fieldError("INVALID_INPUT", "tell")},
		{"a long legal representative", a.token, map[string]any{"legalMan": strings.Repeat("李", 101)}, fieldError("INVALID_INPUT", "legalMan")},
		{"by the admin, who has none", admin, map[string]any{"name": "x"}, adminNamesNone},
	} {
		t.Run("update with "+tc.name, func(t *testing.T) { fails(t, s, tc.token, updateQ, map[string]any{"in": tc.in}, tc.extensions) })
	}
	apptest.EqualJSON(t, do(t, s, b.token, `{ enterprise(id: 1) { `+enterpriseFieldsQ+` } }`, nil),
		`{"enterprise":{"id":"1","name":"上海祎讯","address":"上海市嘉定区","tell":"","legalMan":"李祎"}}`)
	fails(t, s, admin, `{ myPartnerProfile { realName } }`, nil, wrongRole)
}

// The operator moves PARTNER accounts between enterprises and disables
// them; other accounts are refused.
func TestPartnerAccountsByTheOperator(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	admin := s.AdminToken(t)
	a := addEnterpriseFixture(t, s, "13800000001", "上海祎讯")
	b := addEnterpriseFixture(t, s, "13800000002", "车同轨")
	loose := s.CreateAccount(t, "13800000003", "pw-13800000003", db.RolePartner, true)
	staff := s.CreateAccount(t, "staff", "pw", db.RoleStaff, true)
	attachQ := `mutation($a: ID!, $e: ID!) { attachPartnerAccount(accountId: $a, enterpriseId: $e) { realName account { id username } enterprise { id name } } }`

	apptest.EqualJSON(t, do(t, s, admin, attachQ, map[string]any{"a": a.acc.ID, "e": b.id}),
		`{"attachPartnerAccount":{"realName":"上海祎讯","account":{"id":"2","username":"13800000001"},"enterprise":{"id":"2","name":"车同轨"}}}`)
	apptest.EqualJSON(t, do(t, s, a.token, `{ myPartnerProfile { enterprise { id } } }`, nil), `{"myPartnerProfile":{"enterprise":{"id":"2"}}}`)
	// An account without a profile gets one.
	apptest.EqualJSON(t, do(t, s, admin, attachQ, map[string]any{"a": loose.ID, "e": a.id}),
		`{"attachPartnerAccount":{"realName":"","account":{"id":"4","username":"13800000003"},"enterprise":{"id":"1","name":"上海祎讯"}}}`)
	for _, tc := range []struct {
		name, token string
		account, e  int64
		extensions  string
	}{
		{"a STAFF account", admin, staff.ID, a.id, `{"code":"INVALID_INPUT","reason":"WRONG_ROLE","field":"accountId"}`},
		{"the admin", admin, 1, a.id, `{"code":"INVALID_INPUT","reason":"WRONG_ROLE","field":"accountId"}`},
		{"no account", admin, 99, a.id, missingAt("account", "accountId")},
		{"no enterprise", admin, loose.ID, 99, missingAt("enterprise", "enterpriseId")},
		{"by a partner", b.token, loose.ID, b.id, wrongRole},
	} {
		t.Run("attach "+tc.name, func(t *testing.T) {
			fails(t, s, tc.token, attachQ, map[string]any{"a": tc.account, "e": tc.e}, tc.extensions)
		})
	}

	activeQ := `mutation($a: ID!, $on: Boolean!) { setPartnerAccountActive(accountId: $a, active: $on) { id username active } }`
	loginQ := `mutation { login(input: {username: "13800000002", password: "pw-13800000002", app: PARTNER}) { token } }`
	apptest.EqualJSON(t, do(t, s, admin, activeQ, map[string]any{"a": b.acc.ID, "on": false}),
		`{"setPartnerAccountActive":{"id":"3","username":"13800000002","active":false}}`)
	fails(t, s, b.token, `{ myPartnerProfile { realName } }`, nil, signInFirst)
	fails(t, s, "", loginQ, nil, `{"code":"FORBIDDEN","reason":"INACTIVE"}`)
	apptest.EqualJSON(t, do(t, s, admin, activeQ, map[string]any{"a": b.acc.ID, "on": true}),
		`{"setPartnerAccountActive":{"id":"3","username":"13800000002","active":true}}`)
	get(t, do(t, s, "", loginQ, nil), "login", "token")
	fails(t, s, admin, activeQ, map[string]any{"a": staff.ID, "on": false}, `{"code":"INVALID_INPUT","reason":"WRONG_ROLE","field":"accountId"}`)
	fails(t, s, admin, activeQ, map[string]any{"a": 99, "on": false}, missingAt("account", "accountId"))
	fails(t, s, a.token, activeQ, map[string]any{"a": b.acc.ID, "on": false}, wrongRole)
}

// Relation kinds are the migration's three and what the operator adds,
// each name once.
func TestPartnerRelationKinds(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	admin := s.AdminToken(t)
	a := addEnterpriseFixture(t, s, "13800000001", "上海祎讯")
	addQ := `mutation($n: String!) { addPartnerRelationKind(name: $n) { id name } }`
	apptest.EqualJSON(t, do(t, s, admin, addQ, map[string]any{"n": "供应商"}), `{"addPartnerRelationKind":{"id":"4","name":"供应商"}}`)
	fails(t, s, admin, addQ, map[string]any{"n": "商友"}, `{"code":"CONFLICT","reason":"DUPLICATE","field":"name"}`)
	fails(t, s, admin, addQ, map[string]any{"n": " "}, fieldError("INVALID_INPUT", "name"))
	fails(t, s, a.token, addQ, map[string]any{"n": "客户"}, wrongRole)
	apptest.EqualJSON(t, do(t, s, a.token, `{ partnerRelationKinds { id name } }`, nil),
		`{"partnerRelationKinds":[{"id":"1","name":"竞争关系"},{"id":"2","name":"普通关系"},{"id":"3","name":"商友"},{"id":"4","name":"供应商"}]}`)
}

const (
	listingFieldsQ = `id goodsCode oeNumber name brand quality price stock enterprise { id name }
		goods { id name price number weight introduction state categoryPath deleted pictures { id } }`
	shelveQ = `mutation($in: ShelveGoodsInput!) { shelvePartnerGoods(input: $in) { ` + listingFieldsQ + ` } }`
)

// shelf is a shelving input: the document's example goods with a goods
// code, changed by the pairs given.
func shelf(code string, pairs ...any) map[string]any {
	in := map[string]any{"oeNumber": "8E0615301", "stock": 20, "price": "128.50", "quality": "原厂",
		"name": "刹车盘", "goodsCode": code, "brand": "博世"}
	for i := 0; i < len(pairs); i += 2 {
		in[pairs[i].(string)] = pairs[i+1]
	}
	return in
}

// Shelving a goods code lists it on the catalog goods of its OE number;
// shelving it again sets its stock, price and quality and keeps the rest.
// Another enterprise's listing of the OE number offers the same goods.
func TestShelvePartnerGoods(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	admin := s.AdminToken(t)
	a := addEnterpriseFixture(t, s, "13800000001", "上海祎讯")
	b := addEnterpriseFixture(t, s, "13800000002", "车同轨")
	goods := `{"id":"1","name":"刹车盘 (OE 8E0615301)","price":128.5,"number":0,"weight":0,"introduction":"OE 8E0615301 · 博世",
		"state":"IN_REVIEW","categoryPath":[],"deleted":false,"pictures":[]}`
	before := partnerRows(t, s, "partner_listings", "shop_goods")
	apptest.EqualJSON(t, do(t, s, a.token, shelveQ, map[string]any{"in": shelf("YX-001")}), `{"shelvePartnerGoods":{"id":"1",
		"goodsCode":"YX-001","oeNumber":"8E0615301","name":"刹车盘","brand":"博世","quality":"原厂","price":128.5,"stock":20,
		"enterprise":{"id":"1","name":"上海祎讯"},"goods":`+goods+`}}`)
	apptest.EqualJSON(t, do(t, s, a.token, shelveQ, map[string]any{"in": shelf("YX-001", "stock", 7, "price", "99.90", "quality", "副厂",
		"name", "前刹车盘", "brand", "ATE", "oeNumber", "4F0615301")}), `{"shelvePartnerGoods":{"id":"1",
		"goodsCode":"YX-001","oeNumber":"8E0615301","name":"刹车盘","brand":"博世","quality":"副厂","price":99.9,"stock":7,
		"enterprise":{"id":"1","name":"上海祎讯"},"goods":`+goods+`}}`)
	apptest.EqualJSON(t, do(t, s, b.token, shelveQ, map[string]any{"in": shelf("CTG-9", "name", "Brake disc", "brand", "Brembo")}),
		`{"shelvePartnerGoods":{"id":"2","goodsCode":"CTG-9","oeNumber":"8E0615301","name":"Brake disc","brand":"Brembo","quality":"原厂",
		"price":128.5,"stock":20,"enterprise":{"id":"2","name":"车同轨"},"goods":`+goods+`}}`)
	if after := partnerRows(t, s, "partner_listings", "shop_goods"); !slices.Equal(after, []int64{before[0] + 2, before[1] + 1}) {
		t.Errorf("listings and shop goods %v, then %v: want two listings on one new goods", before, after)
	}

	// A live catalog goods named as the listing would name it is reused.
	named := &db.ShopGoods{Name: "机油滤清器 (OE 06J115403Q)", Price: 35, Introduction: "catalog's own"}
	if _, err := s.App.DB.NewInsert().Model(named).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}
	apptest.EqualJSON(t, do(t, s, admin, `mutation($in: ShelveGoodsInput!) { shelvePartnerGoods(input: $in) { id enterprise { id } goods { id name price } } }`,
		map[string]any{"in": shelf("CTG-10", "enterpriseId", b.id, "oeNumber", "06J115403Q", "name", "机油滤清器")}),
		fmt.Sprintf(`{"shelvePartnerGoods":{"id":"3","enterprise":{"id":"2"},"goods":{"id":"%d","name":"机油滤清器 (OE 06J115403Q)","price":35}}}`, named.ID))

	for _, tc := range []struct {
		name, token string
		in          map[string]any
		extensions  string
	}{
		{"a stock below 0", a.token, shelf("X", "stock", -1), fieldError("INVALID_INPUT", "stock")},
		{"a stock over 1e9", a.token, shelf("X", "stock", 1_000_000_001), fieldError("INVALID_INPUT", "stock")},
		{"a price of 0", a.token, shelf("X", "price", "0"), fieldError("INVALID_INPUT", "price")},
		{"a price below 0", a.token, shelf("X", "price", "-1.00"), fieldError("INVALID_INPUT", "price")},
		{"a price over ten million", a.token, shelf("X", "price", "10000000.01"), fieldError("INVALID_INPUT", "price")},
		{"a blank OE number", a.token, shelf("X", "oeNumber", " "), fieldError("INVALID_INPUT", "oeNumber")},
		{"a blank name", a.token, shelf("X", "name", ""), fieldError("INVALID_INPUT", "name")},
		{"a blank goods code", a.token, shelf(""), fieldError("INVALID_INPUT", "goodsCode")},
		{"a long brand", a.token, shelf("X", "brand", strings.Repeat("博", 101)), fieldError("INVALID_INPUT", "brand")},
		{"a long quality", a.token, shelf("X", "quality", strings.Repeat("q", 101)), fieldError("INVALID_INPUT", "quality")},
		{"another enterprise", a.token, shelf("X", "enterpriseId", b.id), otherEnterprise},
		{"the admin naming none", admin, shelf("X"), adminNamesNone},
		{"the admin naming no enterprise", admin, shelf("X", "enterpriseId", 99), missing("enterprise")},
	} {
		t.Run("refuses "+tc.name, func(t *testing.T) {
			before := partnerRows(t, s, "partner_listings", "shop_goods")
			fails(t, s, tc.token, shelveQ, map[string]any{"in": tc.in}, tc.extensions)
			if after := partnerRows(t, s, "partner_listings", "shop_goods"); !slices.Equal(after, before) {
				t.Errorf("listings and shop goods %v, then %v", before, after)
			}
		})
	}
	// The largest stock and price pass.
	apptest.EqualJSON(t, do(t, s, a.token, `mutation($in: ShelveGoodsInput!) { shelvePartnerGoods(input: $in) { price stock } }`,
		map[string]any{"in": shelf("YX-001", "stock", 1_000_000_000, "price", "10000000.00")}),
		`{"shelvePartnerGoods":{"price":10000000,"stock":1000000000}}`)
}

// Shelvings at once, of one new OE number by several enterprises and of
// one new goods code twice by each, all succeed: the catalog gets one
// goods, each enterprise one listing. Every statement is held a little, so
// the shelvings overlap.
func TestConcurrentShelvingsShareOneGoods(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	firms := make([]enterpriseFixture, 5)
	for i := range firms {
		firms[i] = addEnterpriseFixture(t, s, fmt.Sprintf("138000000%02d", i+1), fmt.Sprint("企业", i+1))
	}
	before := partnerRows(t, s, "partner_listings", "shop_goods")
	s.Statements.Hold(5 * time.Millisecond)
	answers := make([]string, 2*len(firms))
	var wg sync.WaitGroup
	for i, f := range firms {
		for j := range 2 {
			wg.Go(func() {
				r := s.GraphQL(t, f.token, `mutation($in: ShelveGoodsInput!) { shelvePartnerGoods(input: $in) { goods { id } } }`,
					// Each enterprise names the goods its own way: one goods still.
					map[string]any{"in": shelf("G-1", "stock", j, "name", fmt.Sprint("刹车盘", i))})
				if len(r.Errors) > 0 {
					t.Errorf("enterprise %d's shelving %d: %+v", f.id, j, r.Errors)
				}
				answers[2*i+j] = string(r.Data)
			})
		}
	}
	wg.Wait()
	s.Statements.Hold(0)
	// Which shelving made the goods is up to the database (on Postgres the
	// losers spend ids too): every answer names the one it made.
	for _, a := range answers {
		if a != "null" {
			apptest.EqualJSON(t, a, answers[0])
		}
	}
	if after := partnerRows(t, s, "partner_listings", "shop_goods"); !slices.Equal(after, []int64{before[0] + 5, before[1] + 1}) {
		t.Errorf("listings and shop goods %v, then %v: want five listings on one new goods", before, after)
	}
}

// Any partner reads every enterprise's listings, filtered.
func TestPartnerListings(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	a := addEnterpriseFixture(t, s, "13800000001", "上海祎讯")
	b := addEnterpriseFixture(t, s, "13800000002", "车同轨")
	do(t, s, a.token, shelveQ, map[string]any{"in": shelf("YX-001")})
	do(t, s, a.token, shelveQ, map[string]any{"in": shelf("YX-002", "oeNumber", "06J115403Q", "name", "机油滤清器", "brand", "Mann")})
	do(t, s, b.token, shelveQ, map[string]any{"in": shelf("CTG-9", "brand", "Brembo")})
	listQ := `query($f: PartnerListingFilter, $p: PageInput!) { partnerListings(filter: $f, paging: $p) { total items { id goodsCode enterprise { id } goods { id } } } }`
	for _, tc := range []struct {
		name   string
		filter map[string]any
		want   string
	}{
		{"every one", nil, `{"total":3,"items":[{"id":"1","goodsCode":"YX-001","enterprise":{"id":"1"},"goods":{"id":"1"}},
			{"id":"2","goodsCode":"YX-002","enterprise":{"id":"1"},"goods":{"id":"2"}},{"id":"3","goodsCode":"CTG-9","enterprise":{"id":"2"},"goods":{"id":"1"}}]}`},
		{"a seller's", map[string]any{"enterpriseId": a.id}, `{"total":2,"items":[{"id":"1","goodsCode":"YX-001","enterprise":{"id":"1"},"goods":{"id":"1"}},
			{"id":"2","goodsCode":"YX-002","enterprise":{"id":"1"},"goods":{"id":"2"}}]}`},
		{"by goods code", map[string]any{"goodsCode": "CTG-9"}, `{"total":1,"items":[{"id":"3","goodsCode":"CTG-9","enterprise":{"id":"2"},"goods":{"id":"1"}}]}`},
		{"by OE number", map[string]any{"oeNumber": "8E0615301"}, `{"total":2,"items":[{"id":"1","goodsCode":"YX-001","enterprise":{"id":"1"},"goods":{"id":"1"}},
			{"id":"3","goodsCode":"CTG-9","enterprise":{"id":"2"},"goods":{"id":"1"}}]}`},
		{"by name", map[string]any{"search": "滤清"}, `{"total":1,"items":[{"id":"2","goodsCode":"YX-002","enterprise":{"id":"1"},"goods":{"id":"2"}}]}`},
		{"by brand, any case", map[string]any{"search": "brem"}, `{"total":1,"items":[{"id":"3","goodsCode":"CTG-9","enterprise":{"id":"2"},"goods":{"id":"1"}}]}`},
		{"a wildcard is a character", map[string]any{"search": "%"}, `{"total":0,"items":[]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			apptest.EqualJSON(t, do(t, s, b.token, listQ, map[string]any{"f": tc.filter, "p": map[string]any{"page": 1, "size": 20}}),
				`{"partnerListings":`+tc.want+`}`)
		})
	}
	apptest.EqualJSON(t, do(t, s, a.token, listQ, map[string]any{"p": map[string]any{"page": 2, "size": 2}}),
		`{"partnerListings":{"total":3,"items":[{"id":"3","goodsCode":"CTG-9","enterprise":{"id":"2"},"goods":{"id":"1"}}]}}`)
	fails(t, s, a.token, listQ, map[string]any{"p": map[string]any{"page": 0, "size": 2}}, invalidInput)
	fails(t, s, a.token, listQ, map[string]any{"f": map[string]any{"search": strings.Repeat("x", 101)}, "p": map[string]any{"page": 1, "size": 2}},
		fieldError("INVALID_INPUT", "filter.search"))
}

const customerFieldsQ = `id name phone address trade`

// An enterprise's CRM customers: its own only; another's is not found.
func TestPartnerCustomers(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	admin := s.AdminToken(t)
	a := addEnterpriseFixture(t, s, "13800000001", "上海祎讯")
	b := addEnterpriseFixture(t, s, "13800000002", "车同轨")
	addQ := `mutation($in: PartnerCustomerInput!) { addPartnerCustomer(input: $in) { ` + customerFieldsQ + ` } }`
	updateQ := `mutation($id: ID!, $in: UpdatePartnerCustomerInput!) { updatePartnerCustomer(id: $id, input: $in) { ` + customerFieldsQ + ` } }`
	deleteQ := `mutation($id: ID!) { deletePartnerCustomer(id: $id) }`
	listQ := `query($f: PartnerCustomerFilter) { partnerCustomers(filter: $f) { total items { ` + customerFieldsQ + ` } } }`

	apptest.EqualJSON(t, do(t, s, a.token, addQ, map[string]any{"in": map[string]any{"name": "嘉定汽修厂", "phone": "021-6959",
		"address": "嘉定区城中路1号", "trade": "汽修"}}),
		`{"addPartnerCustomer":{"id":"1","name":"嘉定汽修厂","phone":"021-6959","address":"嘉定区城中路1号","trade":"汽修"}}`)
	apptest.EqualJSON(t, do(t, s, a.token, addQ, map[string]any{"in": map[string]any{"name": "王师傅", "phone": "13911112222"}}),
		`{"addPartnerCustomer":{"id":"2","name":"王师傅","phone":"13911112222","address":"","trade":""}}`)
	apptest.EqualJSON(t, do(t, s, admin, addQ, map[string]any{"in": map[string]any{"enterpriseId": b.id, "name": "北京4S店", "trade": "整车销售"}}),
		`{"addPartnerCustomer":{"id":"3","name":"北京4S店","phone":"","address":"","trade":"整车销售"}}`)
	for _, tc := range []struct {
		name, token string
		in          map[string]any
		extensions  string
	}{
		{"a blank name", a.token, map[string]any{"name": " "}, fieldError("INVALID_INPUT", "name")},
		{"a long address", a.token, map[string]any{"name": "x", "address": strings.Repeat("路", 101)}, fieldError("INVALID_INPUT", "address")},
		{"another enterprise", a.token, map[string]any{"enterpriseId": b.id, "name": "x"}, otherEnterprise},
		{"the admin naming none", admin, map[string]any{"name": "x"}, adminNamesNone},
	} {
		t.Run("add refuses "+tc.name, func(t *testing.T) { fails(t, s, tc.token, addQ, map[string]any{"in": tc.in}, tc.extensions) })
	}

	for _, tc := range []struct {
		name   string
		filter map[string]any
		want   string
	}{
		{"every one", nil, `{"total":2,"items":[{"id":"1","name":"嘉定汽修厂","phone":"021-6959","address":"嘉定区城中路1号","trade":"汽修"},
			{"id":"2","name":"王师傅","phone":"13911112222","address":"","trade":""}]}`},
		{"by name", map[string]any{"search": "师傅"}, `{"total":1,"items":[{"id":"2","name":"王师傅","phone":"13911112222","address":"","trade":""}]}`},
		{"by phone", map[string]any{"search": "6959"}, `{"total":1,"items":[{"id":"1","name":"嘉定汽修厂","phone":"021-6959","address":"嘉定区城中路1号","trade":"汽修"}]}`},
		{"by trade", map[string]any{"search": "汽修"}, `{"total":1,"items":[{"id":"1","name":"嘉定汽修厂","phone":"021-6959","address":"嘉定区城中路1号","trade":"汽修"}]}`},
		{"not by address", map[string]any{"search": "城中路"}, `{"total":0,"items":[]}`},
		{"its own, named", map[string]any{"enterpriseId": a.id, "search": "4S"}, `{"total":0,"items":[]}`},
	} {
		t.Run("list "+tc.name, func(t *testing.T) {
			apptest.EqualJSON(t, do(t, s, a.token, listQ, map[string]any{"f": tc.filter}), `{"partnerCustomers":`+tc.want+`}`)
		})
	}
	fails(t, s, a.token, listQ, map[string]any{"f": map[string]any{"enterpriseId": b.id}}, otherEnterprise)
	apptest.EqualJSON(t, do(t, s, admin, `{ partnerCustomers(filter: {enterpriseId: 2}) { total items { id } } }`, nil),
		`{"partnerCustomers":{"total":1,"items":[{"id":"3"}]}}`)

	apptest.EqualJSON(t, do(t, s, a.token, updateQ, map[string]any{"id": 2, "in": map[string]any{"address": "宝山区", "trade": "汽修"}}),
		`{"updatePartnerCustomer":{"id":"2","name":"王师傅","phone":"13911112222","address":"宝山区","trade":"汽修"}}`)
	for _, tc := range []struct {
		name, token string
		id          int64
		in          map[string]any
		extensions  string
	}{
		{"a null name", a.token, 2, map[string]any{"name": nil}, fieldError("INVALID_INPUT", "name")},
		{"a blank name", a.token, 2, map[string]any{"name": ""}, fieldError("INVALID_INPUT", "name")},
		{"a null phone", a.token, 2, map[string]any{"phone": nil}, fieldError("INVALID_INPUT", "phone")},
		{"another enterprise's customer", b.token, 2, map[string]any{"name": "x"}, missing("partnerCustomer")},
		{"no customer", a.token, 99, map[string]any{"name": "x"}, missing("partnerCustomer")},
	} {
		t.Run("update refuses "+tc.name, func(t *testing.T) {
			fails(t, s, tc.token, updateQ, map[string]any{"id": tc.id, "in": tc.in}, tc.extensions)
		})
	}
	// The operator changes any enterprise's customers.
	apptest.EqualJSON(t, do(t, s, admin, updateQ, map[string]any{"id": 3, "in": map[string]any{"phone": "010-1"}}),
		`{"updatePartnerCustomer":{"id":"3","name":"北京4S店","phone":"010-1","address":"","trade":"整车销售"}}`)

	fails(t, s, b.token, deleteQ, map[string]any{"id": 1}, missing("partnerCustomer"))
	apptest.EqualJSON(t, do(t, s, a.token, deleteQ, map[string]any{"id": 1}), `{"deletePartnerCustomer":"1"}`)
	fails(t, s, a.token, deleteQ, map[string]any{"id": 1}, missing("partnerCustomer"))
	apptest.EqualJSON(t, do(t, s, a.token, listQ, nil),
		`{"partnerCustomers":{"total":1,"items":[{"id":"2","name":"王师傅","phone":"13911112222","address":"宝山区","trade":"汽修"}]}}`)
}

const relationFieldsQ = `id enterprise { id name } target { id name } kind { id name }`

// An enterprise classes each other enterprise once, by a kind; the
// relation is named by its target.
func TestPartnerRelations(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	admin := s.AdminToken(t)
	a := addEnterpriseFixture(t, s, "13800000001", "上海祎讯")
	b := addEnterpriseFixture(t, s, "13800000002", "车同轨")
	c := addEnterpriseFixture(t, s, "13800000003", "广州远方")
	addQ := `mutation($in: PartnerRelationInput!) { addPartnerRelation(input: $in) { ` + relationFieldsQ + ` } }`
	changeQ := `mutation($in: PartnerRelationInput!) { changePartnerRelation(input: $in) { ` + relationFieldsQ + ` } }`
	deleteQ := `mutation($e: ID, $t: ID!) { deletePartnerRelation(enterpriseId: $e, targetId: $t) }`
	listQ := `query($f: PartnerRelationFilter) { partnerRelations(filter: $f) { total items { id target { id } kind { id } } } }`
	rel := func(target, kind any) map[string]any {
		return map[string]any{"in": map[string]any{"targetId": target, "kindId": kind}}
	}

	apptest.EqualJSON(t, do(t, s, a.token, addQ, rel(b.id, 3)), `{"addPartnerRelation":{"id":"1","enterprise":{"id":"1","name":"上海祎讯"},
		"target":{"id":"2","name":"车同轨"},"kind":{"id":"3","name":"商友"}}}`)
	apptest.EqualJSON(t, do(t, s, a.token, addQ, rel(c.id, 1)), `{"addPartnerRelation":{"id":"2","enterprise":{"id":"1","name":"上海祎讯"},
		"target":{"id":"3","name":"广州远方"},"kind":{"id":"1","name":"竞争关系"}}}`)
	// The other side's relation is its own.
	apptest.EqualJSON(t, do(t, s, b.token, addQ, rel(a.id, 2)), `{"addPartnerRelation":{"id":"3","enterprise":{"id":"2","name":"车同轨"},
		"target":{"id":"1","name":"上海祎讯"},"kind":{"id":"2","name":"普通关系"}}}`)
	for _, tc := range []struct {
		name, token string
		vars        map[string]any
		extensions  string
	}{
		{"a second relation to a target", a.token, rel(b.id, 2), `{"code":"CONFLICT","reason":"DUPLICATE","field":"targetId"}`},
		{"itself", a.token, rel(a.id, 2), fieldError("INVALID_INPUT", "targetId")},
		{"no target", a.token, rel(99, 2), missingAt("enterprise", "targetId")},
		{"no kind", c.token, rel(a.id, 99), missingAt("relationKind", "kindId")},
		{"another enterprise", a.token, map[string]any{"in": map[string]any{"enterpriseId": c.id, "targetId": b.id, "kindId": 1}}, otherEnterprise},
		{"the admin naming none", admin, rel(b.id, 1), adminNamesNone},
	} {
		t.Run("add refuses "+tc.name, func(t *testing.T) { fails(t, s, tc.token, addQ, tc.vars, tc.extensions) })
	}

	apptest.EqualJSON(t, do(t, s, a.token, changeQ, rel(b.id, 2)), `{"changePartnerRelation":{"id":"1","enterprise":{"id":"1","name":"上海祎讯"},
		"target":{"id":"2","name":"车同轨"},"kind":{"id":"2","name":"普通关系"}}}`)
	fails(t, s, c.token, changeQ, rel(b.id, 2), missingAt("partnerRelation", "targetId"))
	fails(t, s, a.token, changeQ, rel(b.id, 99), missingAt("relationKind", "kindId"))
	// The operator acts for an enterprise it names.
	apptest.EqualJSON(t, do(t, s, admin, changeQ, map[string]any{"in": map[string]any{"enterpriseId": a.id, "targetId": c.id, "kindId": 2}}),
		`{"changePartnerRelation":{"id":"2","enterprise":{"id":"1","name":"上海祎讯"},"target":{"id":"3","name":"广州远方"},"kind":{"id":"2","name":"普通关系"}}}`)

	for _, tc := range []struct {
		name   string
		filter map[string]any
		want   string
	}{
		{"every kind", nil, `{"total":2,"items":[{"id":"1","target":{"id":"2"},"kind":{"id":"2"}},{"id":"2","target":{"id":"3"},"kind":{"id":"2"}}]}`},
		{"every kind, said", map[string]any{"kindId": nil}, `{"total":2,"items":[{"id":"1","target":{"id":"2"},"kind":{"id":"2"}},{"id":"2","target":{"id":"3"},"kind":{"id":"2"}}]}`},
		{"a kind", map[string]any{"kindId": 3}, `{"total":0,"items":[]}`},
		{"a target", map[string]any{"targetId": c.id}, `{"total":1,"items":[{"id":"2","target":{"id":"3"},"kind":{"id":"2"}}]}`},
	} {
		t.Run("list "+tc.name, func(t *testing.T) {
			apptest.EqualJSON(t, do(t, s, a.token, listQ, map[string]any{"f": tc.filter}), `{"partnerRelations":`+tc.want+`}`)
		})
	}
	fails(t, s, a.token, listQ, map[string]any{"f": map[string]any{"enterpriseId": b.id}}, otherEnterprise)

	apptest.EqualJSON(t, do(t, s, a.token, deleteQ, map[string]any{"t": b.id}), `{"deletePartnerRelation":"1"}`)
	fails(t, s, a.token, deleteQ, map[string]any{"t": b.id}, missingAt("partnerRelation", "targetId"))
	fails(t, s, c.token, deleteQ, map[string]any{"e": a.id, "t": c.id}, otherEnterprise)
	apptest.EqualJSON(t, do(t, s, a.token, listQ, nil), `{"partnerRelations":{"total":1,"items":[{"id":"2","target":{"id":"3"},"kind":{"id":"2"}}]}}`)
	apptest.EqualJSON(t, do(t, s, b.token, listQ, nil), `{"partnerRelations":{"total":1,"items":[{"id":"3","target":{"id":"1"},"kind":{"id":"2"}}]}}`)
}

const discountFieldsQ = `id discount enterprise { id } kind { id name } listing { id goodsCode goods { id } }`

// A seller's discounts per relation kind, for one of its goods or for
// every goods; each key once.
func TestPartnerDiscounts(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	admin := s.AdminToken(t)
	a := addEnterpriseFixture(t, s, "13800000001", "上海祎讯")
	b := addEnterpriseFixture(t, s, "13800000002", "车同轨")
	do(t, s, a.token, shelveQ, map[string]any{"in": shelf("YX-001")})
	do(t, s, b.token, shelveQ, map[string]any{"in": shelf("CTG-9")})
	addQ := `mutation($in: PartnerDiscountInput!) { addPartnerDiscount(input: $in) { ` + discountFieldsQ + ` } }`
	changeQ := `mutation($in: PartnerDiscountInput!) { changePartnerDiscount(input: $in) { ` + discountFieldsQ + ` } }`
	deleteQ := `mutation($k: PartnerDiscountKey!) { deletePartnerDiscount(key: $k) }`
	listQ := `query($f: PartnerDiscountFilter) { partnerDiscounts(filter: $f) { total items { id discount kind { id } listing { goodsCode } } } }`
	disc := func(kind any, code any, discount int) map[string]any {
		return map[string]any{"in": map[string]any{"kindId": kind, "goodsCode": code, "discount": discount}}
	}

	apptest.EqualJSON(t, do(t, s, a.token, addQ, disc(3, "YX-001", 9850)), `{"addPartnerDiscount":{"id":"1","discount":9850,
		"enterprise":{"id":"1"},"kind":{"id":"3","name":"商友"},"listing":{"id":"1","goodsCode":"YX-001","goods":{"id":"1"}}}}`)
	apptest.EqualJSON(t, do(t, s, a.token, addQ, disc(3, nil, 9900)), `{"addPartnerDiscount":{"id":"2","discount":9900,
		"enterprise":{"id":"1"},"kind":{"id":"3","name":"商友"},"listing":null}}`)
	apptest.EqualJSON(t, do(t, s, a.token, addQ, disc(2, nil, 10000)), `{"addPartnerDiscount":{"id":"3","discount":10000,
		"enterprise":{"id":"1"},"kind":{"id":"2","name":"普通关系"},"listing":null}}`)
	apptest.EqualJSON(t, do(t, s, admin, addQ, map[string]any{"in": map[string]any{"enterpriseId": b.id, "kindId": 1, "discount": 1}}),
		`{"addPartnerDiscount":{"id":"4","discount":1,"enterprise":{"id":"2"},"kind":{"id":"1","name":"竞争关系"},"listing":null}}`)
	for _, tc := range []struct {
		name, token string
		vars        map[string]any
		extensions  string
	}{
		{"a discount of 0", a.token, disc(1, nil, 0), fieldError("INVALID_INPUT", "discount")},
		{"a discount over 10000", a.token, disc(1, nil, 10001), fieldError("INVALID_INPUT", "discount")},
		{"no kind", a.token, disc(99, nil, 9000), missingAt("relationKind", "kindId")},
		{"another enterprise's goods code", a.token, disc(1, "CTG-9", 9000), missingAt("partnerListing", "goodsCode")},
		{"a second discount for a goods", a.token, disc(3, "YX-001", 9000), duplicate},
		{"a second discount for every goods", a.token, disc(3, nil, 9000), duplicate},
		{"another enterprise", a.token, map[string]any{"in": map[string]any{"enterpriseId": b.id, "kindId": 1, "discount": 9000}}, otherEnterprise},
		{"the admin naming none", admin, disc(1, nil, 9000), adminNamesNone},
	} {
		t.Run("add refuses "+tc.name, func(t *testing.T) { fails(t, s, tc.token, addQ, tc.vars, tc.extensions) })
	}

	apptest.EqualJSON(t, do(t, s, a.token, changeQ, disc(3, "YX-001", 9500)), `{"changePartnerDiscount":{"id":"1","discount":9500,
		"enterprise":{"id":"1"},"kind":{"id":"3","name":"商友"},"listing":{"id":"1","goodsCode":"YX-001","goods":{"id":"1"}}}}`)
	fails(t, s, a.token, changeQ, disc(1, "YX-001", 9500), missing("partnerDiscount"))
	fails(t, s, a.token, changeQ, disc(1, nil, 9500), missing("partnerDiscount"))
	fails(t, s, a.token, changeQ, disc(3, nil, 10001), fieldError("INVALID_INPUT", "discount"))

	for _, tc := range []struct {
		name   string
		filter map[string]any
		want   string
	}{
		{"every one", nil, `{"total":3,"items":[{"id":"1","discount":9500,"kind":{"id":"3"},"listing":{"goodsCode":"YX-001"}},
			{"id":"2","discount":9900,"kind":{"id":"3"},"listing":null},{"id":"3","discount":10000,"kind":{"id":"2"},"listing":null}]}`},
		{"a kind", map[string]any{"kindId": 2}, `{"total":1,"items":[{"id":"3","discount":10000,"kind":{"id":"2"},"listing":null}]}`},
		{"a goods", map[string]any{"goodsCode": "YX-001"}, `{"total":1,"items":[{"id":"1","discount":9500,"kind":{"id":"3"},"listing":{"goodsCode":"YX-001"}}]}`},
		{"another's goods code", map[string]any{"goodsCode": "CTG-9"}, `{"total":0,"items":[]}`},
	} {
		t.Run("list "+tc.name, func(t *testing.T) {
			apptest.EqualJSON(t, do(t, s, a.token, listQ, map[string]any{"f": tc.filter}), `{"partnerDiscounts":`+tc.want+`}`)
		})
	}

	apptest.EqualJSON(t, do(t, s, a.token, deleteQ, map[string]any{"k": map[string]any{"kindId": 3, "goodsCode": nil}}), `{"deletePartnerDiscount":"2"}`)
	fails(t, s, a.token, deleteQ, map[string]any{"k": map[string]any{"kindId": 3}}, missing("partnerDiscount"))
	fails(t, s, b.token, deleteQ, map[string]any{"k": map[string]any{"kindId": 3, "goodsCode": "YX-001"}}, missingAt("partnerListing", "goodsCode"))
	apptest.EqualJSON(t, do(t, s, a.token, deleteQ, map[string]any{"k": map[string]any{"kindId": 3, "goodsCode": "YX-001"}}), `{"deletePartnerDiscount":"1"}`)
	apptest.EqualJSON(t, do(t, s, a.token, listQ, nil), `{"partnerDiscounts":{"total":1,"items":[{"id":"3","discount":10000,"kind":{"id":"2"},"listing":null}]}}`)
}

const goodsListFieldsQ = `id listType enterprise { id } target { id name } listing { goodsCode }`

// A seller's black and white lists: a target for one goods or every goods,
// each entry once.
func TestPartnerGoodsLists(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	admin := s.AdminToken(t)
	a := addEnterpriseFixture(t, s, "13800000001", "上海祎讯")
	b := addEnterpriseFixture(t, s, "13800000002", "车同轨")
	c := addEnterpriseFixture(t, s, "13800000003", "广州远方")
	do(t, s, a.token, shelveQ, map[string]any{"in": shelf("YX-001")})
	do(t, s, b.token, shelveQ, map[string]any{"in": shelf("CTG-9")})
	addQ := `mutation($in: PartnerGoodsListInput!) { addPartnerGoodsListEntry(input: $in) { ` + goodsListFieldsQ + ` } }`
	deleteQ := `mutation($in: PartnerGoodsListInput!) { deletePartnerGoodsListEntry(input: $in) }`
	listQ := `query($f: PartnerGoodsListFilter) { partnerGoodsLists(filter: $f) { total items { id listType target { id } listing { goodsCode } } } }`
	entry := func(target any, code any, listType string) map[string]any {
		return map[string]any{"in": map[string]any{"targetId": target, "goodsCode": code, "listType": listType}}
	}

	apptest.EqualJSON(t, do(t, s, a.token, addQ, entry(b.id, "YX-001", "BLACK")), `{"addPartnerGoodsListEntry":{"id":"1","listType":"BLACK",
		"enterprise":{"id":"1"},"target":{"id":"2","name":"车同轨"},"listing":{"goodsCode":"YX-001"}}}`)
	apptest.EqualJSON(t, do(t, s, a.token, addQ, entry(c.id, nil, "WHITE")), `{"addPartnerGoodsListEntry":{"id":"2","listType":"WHITE",
		"enterprise":{"id":"1"},"target":{"id":"3","name":"广州远方"},"listing":null}}`)
	// The same target on the other list, and for every goods, are entries of their own.
	apptest.EqualJSON(t, do(t, s, a.token, addQ, entry(b.id, "YX-001", "WHITE")), `{"addPartnerGoodsListEntry":{"id":"3","listType":"WHITE",
		"enterprise":{"id":"1"},"target":{"id":"2","name":"车同轨"},"listing":{"goodsCode":"YX-001"}}}`)
	apptest.EqualJSON(t, do(t, s, admin, addQ, map[string]any{"in": map[string]any{"enterpriseId": a.id, "targetId": b.id, "listType": "BLACK"}}),
		`{"addPartnerGoodsListEntry":{"id":"4","listType":"BLACK","enterprise":{"id":"1"},"target":{"id":"2","name":"车同轨"},"listing":null}}`)
	for _, tc := range []struct {
		name, token string
		vars        map[string]any
		extensions  string
	}{
		{"a second entry for a goods", a.token, entry(b.id, "YX-001", "BLACK"), duplicate},
		{"a second entry for every goods", a.token, entry(c.id, nil, "WHITE"), duplicate},
		{"itself", a.token, entry(a.id, nil, "BLACK"), fieldError("INVALID_INPUT", "targetId")},
		{"no target", a.token, entry(99, nil, "BLACK"), missingAt("enterprise", "targetId")},
		{"another enterprise's goods code", a.token, entry(b.id, "CTG-9", "BLACK"), missingAt("partnerListing", "goodsCode")},
		{"another enterprise", a.token, map[string]any{"in": map[string]any{"enterpriseId": b.id, "targetId": c.id, "listType": "BLACK"}}, otherEnterprise},
		{"the admin naming none", admin, entry(b.id, nil, "BLACK"), adminNamesNone},
	} {
		t.Run("add refuses "+tc.name, func(t *testing.T) { fails(t, s, tc.token, addQ, tc.vars, tc.extensions) })
	}

	for _, tc := range []struct {
		name   string
		filter map[string]any
		want   string
	}{
		{"every one", nil, `{"total":4,"items":[{"id":"1","listType":"BLACK","target":{"id":"2"},"listing":{"goodsCode":"YX-001"}},
			{"id":"2","listType":"WHITE","target":{"id":"3"},"listing":null},{"id":"3","listType":"WHITE","target":{"id":"2"},"listing":{"goodsCode":"YX-001"}},
			{"id":"4","listType":"BLACK","target":{"id":"2"},"listing":null}]}`},
		{"the black list", map[string]any{"listType": "BLACK"}, `{"total":2,"items":[{"id":"1","listType":"BLACK","target":{"id":"2"},"listing":{"goodsCode":"YX-001"}},
			{"id":"4","listType":"BLACK","target":{"id":"2"},"listing":null}]}`},
		{"a target's white list", map[string]any{"targetId": b.id, "listType": "WHITE"}, `{"total":1,"items":[{"id":"3","listType":"WHITE","target":{"id":"2"},"listing":{"goodsCode":"YX-001"}}]}`},
		{"a goods", map[string]any{"goodsCode": "YX-001"}, `{"total":2,"items":[{"id":"1","listType":"BLACK","target":{"id":"2"},"listing":{"goodsCode":"YX-001"}},
			{"id":"3","listType":"WHITE","target":{"id":"2"},"listing":{"goodsCode":"YX-001"}}]}`},
	} {
		t.Run("list "+tc.name, func(t *testing.T) {
			apptest.EqualJSON(t, do(t, s, a.token, listQ, map[string]any{"f": tc.filter}), `{"partnerGoodsLists":`+tc.want+`}`)
		})
	}
	apptest.EqualJSON(t, do(t, s, b.token, listQ, nil), `{"partnerGoodsLists":{"total":0,"items":[]}}`)

	apptest.EqualJSON(t, do(t, s, a.token, deleteQ, entry(b.id, "YX-001", "WHITE")), `{"deletePartnerGoodsListEntry":"3"}`)
	fails(t, s, a.token, deleteQ, entry(b.id, "YX-001", "WHITE"), missing("goodsListEntry"))
	fails(t, s, a.token, deleteQ, entry(c.id, nil, "BLACK"), missing("goodsListEntry"))
	fails(t, s, b.token, deleteQ, entry(c.id, nil, "WHITE"), missing("goodsListEntry"))
	apptest.EqualJSON(t, do(t, s, a.token, deleteQ, entry(c.id, nil, "WHITE")), `{"deletePartnerGoodsListEntry":"2"}`)
	apptest.EqualJSON(t, do(t, s, a.token, listQ, nil), `{"partnerGoodsLists":{"total":2,"items":[{"id":"1","listType":"BLACK","target":{"id":"2"},"listing":{"goodsCode":"YX-001"}},
		{"id":"4","listType":"BLACK","target":{"id":"2"},"listing":null}]}}`)
}

// seedPartnerRows writes, for the acting enterprise of a, n listings (on
// goods of their own, with a picture each), and n each of relations (to n
// enterprises), discounts and goods list entries on those listings, straight
// into the store.
func seedPartnerRows(t *testing.T, s *apptest.Server, a enterpriseFixture, n int) {
	t.Helper()
	ctx := context.Background()
	insert := func(rows any) {
		if _, err := s.App.DB.NewInsert().Model(rows).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	now := s.App.Stores.Handle.Now()
	targets, goods := make([]*db.Enterprise, n), make([]*db.ShopGoods, n)
	for i := range n {
		targets[i] = &db.Enterprise{Name: fmt.Sprintf("客户%d", i), CreatedAt: now}
		goods[i] = &db.ShopGoods{Name: fmt.Sprintf("件%d (OE %d)", i, i), CreatedAt: now, UpdatedAt: now}
	}
	insert(&targets)
	insert(&goods)
	pics, listings := make([]*db.ShopGoodsPic, n), make([]*db.PartnerListing, n)
	for i := range n {
		pics[i] = &db.ShopGoodsPic{GoodsID: goods[i].ID, Big: "b.jpg", Mid: "m.jpg", Small: "s.jpg"}
		listings[i] = &db.PartnerListing{EnterpriseID: a.id, GoodsCode: fmt.Sprint("G", i), GoodsID: goods[i].ID, OENumber: fmt.Sprint(i),
			Name: fmt.Sprint("件", i), PriceFen: 100, Stock: 1, CreatedAt: now, UpdatedAt: now}
	}
	insert(&pics)
	insert(&listings)
	relations, discounts, entries := make([]*db.PartnerRelation, n), make([]*db.PartnerDiscount, n), make([]*db.PartnerGoodsListEntry, n)
	for i := range n {
		relations[i] = &db.PartnerRelation{EnterpriseID: a.id, TargetID: targets[i].ID, KindID: int64(i%3 + 1)}
		discounts[i] = &db.PartnerDiscount{EnterpriseID: a.id, KindID: int64(i%3 + 1), ListingID: &listings[i].ID, Discount: 9000}
		entries[i] = &db.PartnerGoodsListEntry{EnterpriseID: a.id, ListingID: &listings[i].ID, TargetID: targets[i].ID, ListType: db.ListBlack}
	}
	insert(&relations)
	insert(&discounts)
	insert(&entries)
}

// A page of 5 and of 50 relations, discounts, goods list entries or
// listings, with every edge, costs the same statements: each edge is read
// once per page, by its loader.
func TestPartnerListsCostTheSameAtAnySize(t *testing.T) {
	t.Parallel()
	s := apptest.New(t, noCostLimit)
	a := addEnterpriseFixture(t, s, "13800000001", "上海祎讯")
	seedPartnerRows(t, s, a, 50)
	enterprise := `{ id name address tell legalMan }`
	listing := `{ id goodsCode price enterprise ` + enterprise + ` goods { id name pictures { id big } attributes { value attribute { name } } } }`
	for _, tc := range []struct{ name, query string }{
		{"relations", `query($n: Int!) { partnerRelations(paging: {page: 1, size: $n}) { total items { id enterprise ` + enterprise +
			` target ` + enterprise + ` kind { id name } } } }`},
		{"discounts", `query($n: Int!) { partnerDiscounts(paging: {page: 1, size: $n}) { total items { id discount enterprise ` + enterprise +
			` kind { id name } listing ` + listing + ` } } }`},
		{"goods lists", `query($n: Int!) { partnerGoodsLists(paging: {page: 1, size: $n}) { total items { id listType enterprise ` + enterprise +
			` target ` + enterprise + ` listing ` + listing + ` } } }`},
		{"listings", `query($n: Int!) { partnerListings(paging: {page: 1, size: $n}) { total items ` + listing + ` } }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.SameStatementsAtAnySize(t, []int{5, 50}, func(n int) {
				var pages map[string]struct {
					Total int
					Items []json.RawMessage
				}
				data := do(t, s, a.token, tc.query, map[string]any{"n": n})
				if err := json.Unmarshal([]byte(data), &pages); err != nil {
					t.Fatal(err)
				}
				for _, page := range pages {
					if page.Total != 50 || len(page.Items) != n {
						t.Errorf("a page of %d: %s", n, data)
					}
				}
			})
		})
	}
}
