package compat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/onegraph/server/apptest"
)

// Adding and editing restaurants at /custommanage/ (custommanage.txt):
// the document's add and edit examples as it writes them (testdata/
// custommanage, JSON with the types of its member tables, and the same as
// forms), each checked afterwards through GraphQL; partial edits, the
// sale-menu bindings, refusals that write nothing, the group rule.

const (
	cmAdd  = "/custommanage/restaurant/add"
	cmEdit = "/custommanage/edit"
	// cmAdded is the add example's answer: the demo's next restaurant is
	// the document's S312206.
	cmAdded   = `{"code": 0, "msg": "ok", "data": {"KID": "K073655", "SID": "S312206"}}`
	cmSuccess = `{"code": 0, "msg": "success"}`
)

// cmStart starts a server with the merchant demo and signs employee 2011
// miaomiao (group 1) in; it returns the token and its Authorization value.
func cmStart(t *testing.T) (s *apptest.Server, token, bearer string) {
	t.Helper()
	s = apptest.New(t)
	s.SeedMerchants(t)
	token = s.MerchantsLogin(t, "miaomiao", apptest.DemoPassword)
	return s, token, "Bearer " + token
}

// cmExample is a request body of the document's examples as JSON.
func cmExample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "custommanage", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// cmMembers decodes a JSON body, numbers as their text.
func cmMembers(t *testing.T, body string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// cmForm is a JSON body as form fields, each member as its text (null as
// ""); a list goes as list puts it.
func cmForm(t *testing.T, body string, list func(f url.Values, key string, values []any)) url.Values {
	t.Helper()
	f := url.Values{}
	for k, v := range cmMembers(t, body) {
		switch v := v.(type) {
		case []any:
			list(f, k, v)
		case nil:
			f.Set(k, "")
		default:
			f.Set(k, fmt.Sprint(v))
		}
	}
	return f
}

// Ways a form sends a list: the field repeated, named with [] (jQuery) or
// JSON-encoded.
func cmRepeated(f url.Values, key string, values []any) {
	for _, v := range values {
		f.Add(key, fmt.Sprint(v))
	}
}

func cmBrackets(f url.Values, key string, values []any) { cmRepeated(f, key+"[]", values) }

func cmJSONEncoded(f url.Values, key string, values []any) {
	b, _ := json.Marshal(values)
	f.Set(key, string(b))
}

// cmMultipart posts form fields as multipart/form-data.
func cmMultipart(t *testing.T, s *apptest.Server, bearer, path string, f url.Values) apptest.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, vs := range f {
		for _, v := range vs {
			w.WriteField(k, v) //nolint:errcheck // in memory
		}
	}
	w.Close()
	return s.Send(t, bearer, http.MethodPost, path, &body, w.FormDataContentType())
}

// cmRestaurantQuery reads every field of a restaurant that an add or an
// edit sets, with its merchant's.
const cmRestaurantQuery = `query($id: ID!) { restaurant(id: $id) {
	id name phone receiverName receiverPhone payerName payerPhone city { code } area { id } street { id } address
	latitude longitude mapAddress review label { id } settleWay settlementCycle creditMode creditLimit effectiveDate
	beginDay settleDay dateBasis remindDaysBefore saleMenus { id station { id } saleMenu { id } }
	merchant { id username phone companyName type balance points whitelisted financeStatus
		accountManager { id } salesManager { id } } } }`

// cmRestaurant reads a restaurant through GraphQL as JSON.
func cmRestaurant(t *testing.T, s *apptest.Server, token, id string) string {
	t.Helper()
	r := s.GraphQL(t, token, cmRestaurantQuery, map[string]any{"id": id})
	if len(r.Errors) > 0 {
		t.Fatalf("restaurant %s: %+v", id, r.Errors)
	}
	var data struct{ Restaurant json.RawMessage }
	if err := json.Unmarshal(r.Data, &data); err != nil {
		t.Fatal(err)
	}
	return string(data.Restaurant)
}

// cmBindingIDs are the ids of a restaurant's sale-menu bindings.
func cmBindingIDs(t *testing.T, s *apptest.Server, token, id string) []string {
	t.Helper()
	var r struct{ SaleMenus []struct{ ID string } }
	if err := json.Unmarshal([]byte(cmRestaurant(t, s, token, id)), &r); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(r.SaleMenus))
	for i, b := range r.SaleMenus {
		ids[i] = b.ID
	}
	return ids
}

// cmAddedRestaurant is S312206 as the add example makes it, its binding's
// id given: with kid, the merchant K073655 keeps its own members.
const cmAddedRestaurant = `{"id": "312206", "name": "zzz", "phone": "", "receiverName": "zzz",
	"receiverPhone": "13112345678", "payerName": "测试删除", "payerPhone": "134", "city": {"code": "440300"},
	"area": {"id": "30300000000"}, "street": {"id": "30300500000"},
	"address": "广东省深圳市福田区华强北街道红荔路185群星广场", "latitude": 22.548645, "longitude": 114.088007,
	"mapAddress": "广东省深圳市福田区华强北街道红荔路185群星广场", "review": "APPROVED", "label": {"id": "1911"},
	"settleWay": "GOODS_FIRST", "settlementCycle": "WEEKLY", "creditMode": "BY_CYCLE", "creditLimit": null,
	"effectiveDate": null, "beginDay": null, "settleDay": null, "dateBasis": "ORDER_DATE", "remindDaysBefore": null,
	"saleMenus": [{"id": "%s", "station": {"id": "12469"}, "saleMenu": {"id": "21329"}}],
	"merchant": {"id": "73655", "username": "mmsh01", "phone": "", "companyName": "商户1", "type": "SHOP",
		"balance": 6885.93, "points": 0, "whitelisted": true, "financeStatus": "ACTIVE",
		"accountManager": null, "salesManager": null}}`

// cmEditedRestaurant is S312206 after the edit example, its binding's id
// given.
const cmEditedRestaurant = `{"id": "312206", "name": "zzz", "phone": "", "receiverName": "zzz",
	"receiverPhone": "13112345678", "payerName": "测试删除", "payerPhone": "134", "city": {"code": "440300"},
	"area": {"id": "30300000000"}, "street": {"id": "30300500000"},
	"address": "广东省深圳市福田区华强北街道华新村交行大厦(红荔路)", "latitude": 22.549475, "longitude": 114.085846,
	"mapAddress": "广东省深圳市福田区华强北街道华新村交行大厦(红荔路)", "review": "APPROVED", "label": null,
	"settleWay": "GOODS_FIRST", "settlementCycle": "SEMIMONTHLY", "creditMode": "BY_CYCLE", "creditLimit": null,
	"effectiveDate": "2019-09-16", "beginDay": 1, "settleDay": 1, "dateBasis": "RECEIPT_DATE", "remindDaysBefore": null,
	"saleMenus": [%s],
	"merchant": {"id": "73655", "username": "mmsh01", "phone": "", "companyName": "商户1", "type": "SHOP",
		"balance": 6885.93, "points": 0, "whitelisted": true, "financeStatus": "ACTIVE",
		"accountManager": {"id": "2011"}, "salesManager": {"id": "2011"}}}`

// The document's examples in order: the add, the edit, then deleteSSM of
// the binding the add made; each body as JSON and as forms.
func TestMerchantDocumentExamples(t *testing.T) {
	add, edit := cmExample(t, "add"), cmExample(t, "edit")
	for _, tc := range []struct {
		name string
		send func(t *testing.T, s *apptest.Server, bearer, path, body string) apptest.Response
	}{
		{"JSON", func(t *testing.T, s *apptest.Server, bearer, path, body string) apptest.Response {
			return s.Do(t, bearer, http.MethodPost, path, body)
		}},
		{"form, lists repeated", func(t *testing.T, s *apptest.Server, bearer, path, body string) apptest.Response {
			return s.Do(t, bearer, http.MethodPost, path, apptest.Form(cmForm(t, body, cmRepeated).Encode()))
		}},
		{"form, lists named with []", func(t *testing.T, s *apptest.Server, bearer, path, body string) apptest.Response {
			return s.Do(t, bearer, http.MethodPost, path, apptest.Form(cmForm(t, body, cmBrackets).Encode()))
		}},
		{"form, lists JSON-encoded", func(t *testing.T, s *apptest.Server, bearer, path, body string) apptest.Response {
			return s.Do(t, bearer, http.MethodPost, path, apptest.Form(cmForm(t, body, cmJSONEncoded).Encode()))
		}},
		{"multipart form", func(t *testing.T, s *apptest.Server, bearer, path, body string) apptest.Response {
			return cmMultipart(t, s, bearer, path, cmForm(t, body, cmRepeated))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, token, bearer := cmStart(t)
			tc.send(t, s, bearer, cmAdd, add).Expect(t, http.StatusOK, cmAdded)
			records := cmBindingIDs(t, s, token, "312206")
			if len(records) != 1 {
				t.Fatalf("bindings %v, want one", records)
			}
			apptest.EqualJSON(t, cmRestaurant(t, s, token, "312206"), fmt.Sprintf(cmAddedRestaurant, records[0]))

			tc.send(t, s, bearer, cmEdit, edit).Expect(t, http.StatusOK, cmSuccess)
			binding := fmt.Sprintf(`{"id": "%s", "station": {"id": "12469"}, "saleMenu": {"id": "21329"}}`, records[0])
			apptest.EqualJSON(t, cmRestaurant(t, s, token, "312206"), fmt.Sprintf(cmEditedRestaurant, binding))

			// The document's second edit example, with the record the add made.
			deleteSSM := fmt.Sprintf(`{"status": "deleteSSM", "record_id": %s, "id": "S312206"}`, records[0])
			tc.send(t, s, bearer, cmEdit, deleteSSM).Expect(t, http.StatusOK, cmSuccess)
			apptest.EqualJSON(t, cmRestaurant(t, s, token, "312206"), fmt.Sprintf(cmEditedRestaurant, ""))
		})
	}
}

// Without kid the add makes the merchant's account (a MERCHANT, who cannot
// sign in to merchant management) from the merchant members.
func TestMerchantAddMakesTheMerchant(t *testing.T) {
	s, token, bearer := cmStart(t)
	body := cmMembers(t, cmExample(t, "add"))
	delete(body, "kid")
	for k, v := range map[string]any{"username": "xinkehu01", "password": "s3cret!", "company_name": "新客户餐饮",
		"telephone": "13700001111", "customer_type": 2, "finance_status": 1, "whitelist": 0,
		"create_employee_id": "2012", "sale_employee_id": "2013", "salemenu_ids": []any{"S21329", "S8443"}} {
		body[k] = v
	}
	accounts := s.Rows(t, "accounts")
	r := s.Do(t, bearer, http.MethodPost, cmAdd, body)
	// The new account's id is the next one; K pads it to six digits.
	var answer struct{ Data struct{ KID, SID string } }
	if err := json.Unmarshal([]byte(r.Body), &answer); err != nil {
		t.Fatal(err)
	}
	var merchant struct {
		Restaurant struct{ Merchant struct{ ID string } }
	}
	q := s.GraphQL(t, token, `query { restaurant(id: "312206") { merchant { id } } }`, nil)
	if err := json.Unmarshal(q.Data, &merchant); err != nil {
		t.Fatal(err)
	}
	id := merchant.Restaurant.Merchant.ID
	if len(id) != 5 {
		t.Fatalf("merchant id %q: the test wants one of five digits, to see the padding", id)
	}
	r.Expect(t, http.StatusOK, fmt.Sprintf(`{"code": 0, "msg": "ok", "data": {"KID": "K0%s", "SID": "S312206"}}`, id))
	if n := s.Rows(t, "accounts"); n != accounts+1 {
		t.Errorf("accounts %d, want %d", n, accounts+1)
	}
	records := cmBindingIDs(t, s, token, "312206")
	if len(records) != 2 {
		t.Fatalf("bindings %v, want two", records)
	}
	// Each sale menu at the lowest-numbered station that offers it.
	want := strings.NewReplacer(`"id": "73655", "username": "mmsh01", "phone": "", "companyName": "商户1", "type": "SHOP",
		"balance": 6885.93, "points": 0, "whitelisted": true, "financeStatus": "ACTIVE",
		"accountManager": null, "salesManager": null`,
		`"id": "`+id+`", "username": "xinkehu01", "phone": "13700001111", "companyName": "新客户餐饮", "type": "PERSON",
		"balance": 0, "points": 0, "whitelisted": false, "financeStatus": "FROZEN",
		"accountManager": {"id": "2012"}, "salesManager": {"id": "2013"}`,
		`"phone": "", "receiverName"`, `"phone": "13700001111", "receiverName"`,
		`[{"id": "%s", "station": {"id": "12469"}, "saleMenu": {"id": "21329"}}]`,
		fmt.Sprintf(`[{"id": "%s", "station": {"id": "12469"}, "saleMenu": {"id": "21329"}},
			{"id": "%s", "station": {"id": "12468"}, "saleMenu": {"id": "8443"}}]`, records[0], records[1]),
	).Replace(cmAddedRestaurant)
	apptest.EqualJSON(t, cmRestaurant(t, s, token, "312206"), want)

	// The account is a merchant's: merchant management does not let it in.
	login := s.GraphQL(t, "", `mutation { login(input: {username: "xinkehu01", password: "s3cret!", app: MERCHANTS}) { token } }`, nil)
	if login.Code() != "FORBIDDEN" || login.Errors[0].Extensions["reason"] != "WRONG_ROLE" {
		t.Errorf("the new merchant signs in to MERCHANTS: %+v", login.Errors)
	}
}

// An edit changes the members it is sent and nothing else; a member sent
// null or "" is not sent.
func TestMerchantEditIsPartial(t *testing.T) {
	s, token, bearer := cmStart(t)
	before := cmRestaurant(t, s, token, "281196")
	for _, tc := range []struct {
		body   string // besides the id
		change string // what changes, as a JSON merge patch of the restaurant
	}{
		{`"shopName": "新店名"`, `{"name": "新店名"}`},
		{`"telephone": "13911112222"`, `{"phone": "13911112222"}`},
		{`"new_cname": "新公司"`, `{"merchant": {"companyName": "新公司"}}`},
		{`"paymentName": "新结算人", "paymentTelephone": "13500000000"`, `{"payerName": "新结算人", "payerPhone": "13500000000"}`},
		{`"receiver": "新收货人", "receiverPhone": "13600000000"`, `{"receiverName": "新收货人", "receiverPhone": "13600000000"}`},
		{`"freezeState": 1`, `{"merchant": {"financeStatus": "FROZEN"}}`},
		{`"white": 0`, `{"merchant": {"whitelisted": false}}`},
		{`"check_out": 2`, `{"review": "PENDING"}`},
		{`"settle_way": 2`, `{"settleWay": "PAYMENT_FIRST"}`},
		{`"pay_method": 4`, `{"settlementCycle": "MONTHLY"}`},
		{`"address_label_id": 1912`, `{"label": {"id": "1912"}}`},
		{`"address_label_id": -1`, `{"label": null}`},
		{`"originalArea": "440300", "firstArea": "30100000000", "secondArea": "30100200000", "shopAddress": "香蜜湖1号"`,
			`{"city": {"code": "440300"}, "area": {"id": "30100000000"}, "street": {"id": "30100200000"}, "address": "香蜜湖1号"}`},
		{`"secondArea": 30100300000`, `{"street": {"id": "30100300000"}}`},
		{`"lat": "22.5", "lng": 114, "map_address": "地图上"`, `{"latitude": 22.5, "longitude": 114, "mapAddress": "地图上"}`},
		{`"creatEmployeeValue": 2012`, `{"merchant": {"accountManager": {"id": "2012"}}}`},
		{`"saleEmployeeValue": "2013"`, `{"merchant": {"salesManager": {"id": "2013"}}}`},
		{`"is_credit": 1, "credit_limit": "5000.5"`, `{"creditMode": "BY_LIMIT", "creditLimit": 5000.5}`},
		{`"effective_date": "2020-02-01", "begin_day": 5, "settle_day": 25, "settle_date_type": 2`,
			`{"effectiveDate": "2020-02-01", "beginDay": 5, "settleDay": 25, "dateBasis": "RECEIPT_DATE"}`},
		{`"settle_remind": 3`, `{"remindDaysBefore": 3}`},
		{`"settle_remind": -1`, `{"remindDaysBefore": null}`},
		{`"shopName": "", "receiver": null, "telephone": "", "lat": "", "address_label_id": "", "status": ""`, `{}`},
		{``, `{}`},
	} {
		body := `{"id": "S281196"` + map[bool]string{true: ", " + tc.body}[tc.body != ""] + `}`
		s.Do(t, bearer, http.MethodPost, cmEdit, body).Expect(t, http.StatusOK, cmSuccess)
		want := cmMerge(t, before, tc.change)
		after := cmRestaurant(t, s, token, "281196")
		apptest.EqualJSON(t, after, want)
		before = after
	}
}

// cmMerge applies a JSON merge patch (RFC 7386) to a JSON object.
func cmMerge(t *testing.T, doc, patch string) string {
	t.Helper()
	var d, p map[string]any
	if json.Unmarshal([]byte(doc), &d) != nil || json.Unmarshal([]byte(patch), &p) != nil {
		t.Fatalf("bad JSON: %s / %s", doc, patch)
	}
	var merge func(d, p map[string]any)
	merge = func(d, p map[string]any) {
		for k, v := range p {
			pm, isObj := v.(map[string]any)
			dm, wasObj := d[k].(map[string]any)
			if isObj && wasObj {
				merge(dm, pm)
			} else {
				d[k] = v
			}
		}
	}
	merge(d, p)
	b, _ := json.Marshal(d)
	return string(b)
}

// status addSSM, editSSM and deleteSSM add, change and remove a binding.
func TestMerchantSaleMenuBindings(t *testing.T) {
	s, token, bearer := cmStart(t)
	bindings := func() string {
		var r struct{ SaleMenus json.RawMessage }
		json.Unmarshal([]byte(cmRestaurant(t, s, token, "281196")), &r) //nolint:errcheck // checked by the comparison
		return string(r.SaleMenus)
	}
	records := cmBindingIDs(t, s, token, "281196")
	if len(records) != 1 {
		t.Fatalf("S281196 has bindings %v, want the demo's one", records)
	}
	first := fmt.Sprintf(`{"id": "%s", "station": {"id": "12468"}, "saleMenu": {"id": "8444"}}`, records[0])

	s.Do(t, bearer, http.MethodPost, cmEdit, apptest.Form("status=addSSM&id=S281196&service_station_id=T12469&salemenu_id=S8443")).
		Expect(t, http.StatusOK, cmSuccess)
	records = cmBindingIDs(t, s, token, "281196")
	if len(records) != 2 {
		t.Fatalf("bindings %v, want two", records)
	}
	apptest.EqualJSON(t, bindings(), fmt.Sprintf(`[%s, {"id": "%s", "station": {"id": "12469"}, "saleMenu": {"id": "8443"}}]`,
		first, records[1]))

	s.Do(t, bearer, http.MethodPost, cmEdit, fmt.Sprintf(`{"status": "editSSM", "id": "S281196", "record_id": "%s",
		"service_station_id": "T12472", "salemenu_id": "S8446"}`, records[1])).Expect(t, http.StatusOK, cmSuccess)
	apptest.EqualJSON(t, bindings(), fmt.Sprintf(`[%s, {"id": "%s", "station": {"id": "12472"}, "saleMenu": {"id": "8446"}}]`,
		first, records[1]))

	s.Do(t, bearer, http.MethodPost, cmEdit, fmt.Sprintf(`{"status": "deleteSSM", "id": 281196, "record_id": %s}`, records[1])).
		Expect(t, http.StatusOK, cmSuccess)
	apptest.EqualJSON(t, bindings(), "["+first+"]")
}

// Bad input answers HTTP 400, code 1 and a message naming the member, and
// writes nothing; what the service refuses reads so too.
func TestMerchantEditRefusals(t *testing.T) {
	s, token, bearer := cmStart(t)
	// A sale menu of group 1 that no station offers.
	if _, err := s.App.DB.ExecContext(context.Background(),
		`INSERT INTO merchant_sale_menus (id, name, group_id) VALUES (30001, '未上架报价单', 1)`); err != nil {
		t.Fatal(err)
	}
	tables := []string{"accounts", "merchants", "merchant_restaurants", "merchant_restaurant_sale_menus"}
	rows := func() (n []int64) {
		for _, table := range tables {
			n = append(n, s.Rows(t, table))
		}
		return n
	}
	rowsBefore, restaurantBefore := rows(), cmRestaurant(t, s, token, "281196")
	add := cmMembers(t, cmExample(t, "add"))
	// addWith is the add example with members changed (nil: left out).
	addWith := func(changes map[string]any) map[string]any { return edited(maps.Clone(add), changes) }
	newMerchant := func(changes map[string]any) map[string]any {
		m := map[string]any{"kid": nil, "username": "xinkehu02", "password": "pw123456"}
		for k, v := range changes {
			m[k] = v
		}
		return addWith(m)
	}
	edit := func(members string) string { return `{"id": "S281196", ` + members + `}` }
	for _, tc := range []struct {
		path string
		body any
		msg  string
	}{
		// Members the add needs, or sent malformed.
		{cmAdd, addWith(map[string]any{"restaurant_name": nil}), "缺少参数 restaurant_name"},
		{cmAdd, addWith(map[string]any{"area_level2": ""}), "缺少参数 area_level2"},
		{cmAdd, addWith(map[string]any{"receiver_telephone": "   "}), "缺少参数 receiver_telephone"},
		{cmAdd, newMerchant(map[string]any{"username": nil}), "缺少参数 username"},
		{cmAdd, newMerchant(map[string]any{"company_name": ""}), "缺少参数 company_name"},
		{cmAdd, addWith(map[string]any{"area_level1": "30300000000x"}), "area_level1 参数错误"},
		{cmAdd, addWith(map[string]any{"kid": "X073655"}), "kid 参数错误"},
		{cmAdd, addWith(map[string]any{"lat": "north"}), "lat 参数错误"},
		{cmAdd, addWith(map[string]any{"pay_method": 9}), "pay_method 参数错误"},
		{cmAdd, addWith(map[string]any{"check_out": "yes"}), "check_out 参数错误"},
		{cmAdd, addWith(map[string]any{"credit_limit": "1.234"}), "credit_limit 参数错误"},
		{cmAdd, addWith(map[string]any{"credit_limit": -1}), "credit_limit 参数错误"},
		{cmAdd, addWith(map[string]any{"salemenu_ids": []any{"S21329", "menu"}}), "salemenu_ids 参数错误"},
		// At most 50 sale menus: more are refused before any is looked up.
		{cmAdd, addWith(map[string]any{"salemenu_ids": slices.Repeat([]any{"S99999"}, 51)}), "salemenu_ids 参数错误"},
		{cmAdd, addWith(map[string]any{"salemenu_ids": slices.Repeat([]any{"S99999"}, 50)}), "salemenu_ids[0]: 报价单不存在"},
		{cmAdd, newMerchant(map[string]any{"customer_type": 3}), "customer_type 参数错误"},
		{cmAdd, newMerchant(map[string]any{"whitelist": 2}), "whitelist 参数错误"},
		// What the service refuses, by the member sent.
		{cmAdd, addWith(map[string]any{"kid": "K999999"}), "商户 K999999 不存在"},
		{cmAdd, addWith(map[string]any{"district_code": "999999"}), "district_code: 城市不存在"},
		{cmAdd, addWith(map[string]any{"area_level1": 30999900000}), "area_level1: 地区不存在"},
		{cmAdd, addWith(map[string]any{"area_level2": 30999900000}), "area_level2: 地区不存在"},
		{cmAdd, addWith(map[string]any{"district_code": "110000"}), "area_level1 不属于所选的上级地区"},
		{cmAdd, addWith(map[string]any{"area_level2": 30100100000}), "area_level2 不属于所选的上级地区"},
		{cmAdd, addWith(map[string]any{"address_label_id": 9999}), "address_label_id: 商户标签不存在"},
		{cmAdd, addWith(map[string]any{"salemenu_ids": []any{"S21329", "S99999"}}), "salemenu_ids[1]: 报价单不存在"},
		{cmAdd, addWith(map[string]any{"salemenu_ids": []any{"S21330"}}), "salemenu_ids[0]: 报价单不存在"}, // group 2's
		{cmAdd, addWith(map[string]any{"salemenu_ids": "S30001"}), "salemenu_ids[0]: 没有站点提供该报价单"},
		{cmAdd, newMerchant(map[string]any{"create_employee_id": "9999"}), "create_employee_id: 员工不存在或不能担任此职"},
		{cmAdd, newMerchant(map[string]any{"create_employee_id": "2013"}), "create_employee_id: 员工不存在或不能担任此职"}, // no account manager
		{cmAdd, newMerchant(map[string]any{"sale_employee_id": "2017"}), "sale_employee_id: 员工不存在或不能担任此职"},     // group 2's
		{cmAdd, newMerchant(map[string]any{"username": "mmsh01"}), "用户名已存在"},
		{cmAdd, newMerchant(map[string]any{"username": "miaomiao"}), "用户名已存在"},
		// The edit's.
		{cmEdit, `{"shopName": "x"}`, "缺少参数 id"},
		{cmEdit, `{"id": "T281196"}`, "id 参数错误"},
		{cmEdit, `{"id": "S999999", "shopName": "x"}`, "店铺 S999999 不存在"},
		{cmEdit, edit(`"status": "removeSSM"`), "status 参数错误，应为 addSSM、editSSM 或 deleteSSM"},
		{cmEdit, edit(`"firstArea": "3e10"`), "firstArea 参数错误"},
		{cmEdit, edit(`"freezeState": 2`), "freezeState 参数错误"},
		{cmEdit, edit(`"check_out": 3`), "check_out 参数错误"},
		{cmEdit, edit(`"settle_remind": "never"`), "settle_remind 参数错误"},
		{cmEdit, edit(`"shopName": "x", "firstArea": 30999900000`), "firstArea: 地区不存在"},
		{cmEdit, edit(`"secondArea": 30300500000`), "secondArea 不属于所选的上级地区"},
		{cmEdit, edit(`"originalArea": 440300`), "firstArea 不属于所选的上级地区"},
		{cmEdit, edit(`"begin_day": 40`), "begin_day 参数错误"},
		{cmEdit, edit(`"begin_day": 99999999999`), "begin_day 参数错误"},
		{cmEdit, edit(`"settle_remind": 99999999999`), "settle_remind 参数错误"},
		{cmEdit, edit(`"settle_remind": 9`), "settle_remind 参数错误"},
		{cmEdit, edit(`"effective_date": "2019-13-45"`), "effective_date 参数错误"},
		{cmEdit, edit(`"saleEmployeeValue": 2012`), "saleEmployeeValue: 员工不存在或不能担任此职"},
		{cmEdit, edit(`"address_label_id": 9999`), "address_label_id: 商户标签不存在"},
		{cmEdit, edit(`"status": "addSSM", "service_station_id": "T12469"`), "缺少参数 salemenu_id"},
		{cmEdit, edit(`"status": "addSSM", "service_station_id": "12469x", "salemenu_id": "S8443"`), "service_station_id 参数错误"},
		{cmEdit, edit(`"status": "addSSM", "service_station_id": "T99999", "salemenu_id": "S8443"`), "service_station_id: 站点不存在"},
		{cmEdit, edit(`"status": "addSSM", "service_station_id": "T12469", "salemenu_id": "S99999"`), "salemenu_id: 报价单不存在"},
		{cmEdit, edit(`"status": "addSSM", "service_station_id": "T12470", "salemenu_id": "S8443"`), "salemenu_id: 所选站点不提供该报价单"},
		{cmEdit, edit(`"status": "addSSM", "service_station_id": "T12468", "salemenu_id": "S8444"`), "该店铺已在此站点绑定此报价单"},
		{cmEdit, edit(`"status": "editSSM", "record_id": 999999, "service_station_id": "T12469", "salemenu_id": "S8443"`),
			"record_id: 报价单记录不存在"},
		{cmEdit, edit(`"status": "editSSM", "service_station_id": "T12469", "salemenu_id": "S8443"`), "缺少参数 record_id"},
		{cmEdit, edit(`"status": "deleteSSM", "record_id": 999999`), "record_id: 报价单记录不存在"},
		{cmEdit, edit(`"status": "deleteSSM"`), "缺少参数 record_id"},
	} {
		r := s.Do(t, bearer, http.MethodPost, tc.path, tc.body)
		r.Expect(t, http.StatusBadRequest, fmt.Sprintf(`{"code": 1, "msg": %q, "data": null}`, tc.msg))
	}
	if after := rows(); fmt.Sprint(after) != fmt.Sprint(rowsBefore) {
		t.Errorf("rows of %v: %v, want %v", tables, after, rowsBefore)
	}
	apptest.EqualJSON(t, cmRestaurant(t, s, token, "281196"), restaurantBefore)
}

// An employee edits their own group's restaurants only (S281196 is group
// 1's); admin edits every group's. Without a token every route answers 401.
func TestMerchantEditAccess(t *testing.T) {
	s, token, _ := cmStart(t)
	before := cmRestaurant(t, s, token, "281196")
	chenjing := "Bearer " + s.MerchantsLogin(t, "chenjing", apptest.DemoPassword) // group 2
	for _, body := range []string{
		`{"id": "S281196", "shopName": "别组的店"}`,
		`{"id": "S281196", "status": "addSSM", "service_station_id": "T12470", "salemenu_id": "S21330"}`,
	} {
		s.Do(t, chenjing, http.MethodPost, cmEdit, body).
			Expect(t, http.StatusBadRequest, `{"code": 1, "msg": "店铺 S281196 不存在", "data": null}`)
	}
	s.Do(t, chenjing, http.MethodPost, cmAdd, cmExample(t, "add")).
		Expect(t, http.StatusBadRequest, `{"code": 1, "msg": "商户 K073655 不存在", "data": null}`)
	apptest.EqualJSON(t, cmRestaurant(t, s, token, "281196"), before)

	// Group 1 may not remove K073655's last binding to its sale menus.
	s.Do(t, token, http.MethodPost, cmEdit, `{"id": "S281196", "status": "deleteSSM", "record_id": 1}`).
		Expect(t, http.StatusBadRequest, `{"code": 1, "msg": "这是该商户在本组唯一的报价单，不能删除", "data": null}`)
	// Bound to a group-2 sale menu too, K073655 is group 2's as well; its
	// group-1 restaurant S281196 stays group 1's to change.
	admin := "Bearer " + s.MerchantsLogin(t, "admin", apptest.AdminPassword)
	s.Do(t, admin, http.MethodPost, cmAdd, edited(cmMembers(t, cmExample(t, "add")), map[string]any{"salemenu_ids": []string{"S21330"},
		"district_code": "110000", "area_level1": "150100000000", "area_level2": "150100100000"})).
		Expect(t, http.StatusOK, `{"code": 0, "msg": "ok", "data": {"KID": "K073655", "SID": "S312206"}}`)
	s.Do(t, chenjing, http.MethodPost, cmEdit, `{"id": "S281196", "shopName": "别组的店"}`).
		Expect(t, http.StatusForbidden, `{"code": 403, "msg": "该店铺或报价单属于其他销售组，不能修改", "data": null}`)
	apptest.EqualJSON(t, cmRestaurant(t, s, token, "281196"), before)

	s.Do(t, admin, http.MethodPost, cmEdit,
		`{"id": "S281196", "shopName": "管理员改的"}`).Expect(t, http.StatusOK, cmSuccess)
	apptest.EqualJSON(t, cmRestaurant(t, s, token, "281196"), cmMerge(t, before, `{"name": "管理员改的"}`))

	for _, path := range []string{cmAdd, cmEdit} {
		s.Do(t, "", http.MethodPost, path, cmExample(t, "add")).
			Expect(t, http.StatusUnauthorized, `{"code": 401, "msg": "请先登录", "data": null}`)
	}
}
