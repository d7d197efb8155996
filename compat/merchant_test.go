package compat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/chinatime"
	"github.com/onegraph/server/compat"
	"github.com/onegraph/server/db"
)

// Merchant management's index, search and export at /custommanage/
// (custommanage.txt) over the demo (apptest.SeedMerchants). What a search
// should find is worked out here from the restaurants as GraphQL reads them
// (searchReference), not through the search's filter.

// searchCallers are the demo's callers, as Authorization headers: miaomiao
// and zhangwei of group 1 (华南销售部), chenjing of group 2 (华北华东销售部),
// and admin, who sees both.
type searchCallers struct{ miaomiao, zhangwei, chenjing, admin string }

func searchStart(t *testing.T) (*apptest.Server, searchCallers) {
	t.Helper()
	s := apptest.New(t)
	s.SeedMerchants(t)
	login := func(user, password string) string { return "Bearer " + s.MerchantsLogin(t, user, password) }
	return s, searchCallers{
		miaomiao: login("miaomiao", apptest.DemoPassword), zhangwei: login("zhangwei", apptest.DemoPassword),
		chenjing: login("chenjing", apptest.DemoPassword), admin: login("admin", apptest.AdminPassword),
	}
}

// searchAnswer is a list answer.
type searchAnswer struct {
	Code  int              `json:"code"`
	Count int              `json:"count"`
	Data  []map[string]any `json:"data"`
}

// search asks /custommanage/list with this query string and expects it
// answered.
func search(t *testing.T, s *apptest.Server, auth, query string) searchAnswer {
	t.Helper()
	r := s.Do(t, auth, http.MethodGet, "/custommanage/list?"+query, nil)
	var a searchAnswer
	if r.Status != http.StatusOK || json.Unmarshal([]byte(r.Body), &a) != nil || a.Code != 0 {
		t.Fatalf("list?%s: %d %s", query, r.Status, r.Body)
	}
	return a
}

// sids are the rows' SIDs, in order.
func (a searchAnswer) sids() []string {
	out := make([]string, len(a.Data))
	for i, row := range a.Data {
		out[i], _ = row["SID"].(string)
	}
	return out
}

// referenceRestaurant is a restaurant as GraphQL reads it.
type referenceRestaurant struct {
	ID, Name, Phone, PayerName, PayerPhone, ReceiverName, ReceiverPhone string
	Review, SettleWay, SettlementCycle                                  string
	City                                                                struct{ Code string }
	Area, Street                                                        struct{ ID string }
	Label                                                               *struct{ ID string }
	Merchant                                                            struct {
		ID, Username, Phone, CompanyName, Type string
		AccountManager, SalesManager           *struct{ ID string }
	}
	SaleMenus []referenceBinding
}

type referenceBinding struct {
	Station  struct{ ID string }
	SaleMenu struct {
		ID    string
		Group struct{ ID string }
	}
}

func (r referenceRestaurant) sid() string { return "S" + r.ID }

// searchReference reads every restaurant the caller sees through GraphQL,
// in the search's order (newest first).
func searchReference(t *testing.T, s *apptest.Server, auth string) []referenceRestaurant {
	t.Helper()
	resp := s.GraphQL(t, strings.TrimPrefix(auth, "Bearer "), `{ restaurants(paging: {page: 1, size: 100}) { total items {
		id name phone payerName payerPhone receiverName receiverPhone review settleWay settlementCycle
		city { code } area { id } street { id } label { id }
		merchant { id username phone companyName type accountManager { id } salesManager { id } }
		saleMenus { station { id } saleMenu { id group { id } } } } } }`, nil)
	var data struct {
		Restaurants struct {
			Total int
			Items []referenceRestaurant
		}
	}
	if len(resp.Errors) > 0 || json.Unmarshal(resp.Data, &data) != nil || data.Restaurants.Total != len(data.Restaurants.Items) {
		t.Fatalf("reference restaurants: %v %s", resp.Errors, resp.Data)
	}
	return data.Restaurants.Items
}

// sidsWhere are the SIDs of the restaurants keep keeps, in order.
func sidsWhere(all []referenceRestaurant, keep func(r referenceRestaurant) bool) []string {
	out := []string{}
	for _, r := range all {
		if keep(r) {
			out = append(out, r.sid())
		}
	}
	return out
}

// boundTo tells whether a restaurant has a sale menu at a station, or a
// sale menu, or a station (an empty id matches any).
func (r referenceRestaurant) boundTo(station, saleMenu string) bool {
	return slices.ContainsFunc(r.SaleMenus, func(b referenceBinding) bool {
		return (station == "" || b.Station.ID == station) && (saleMenu == "" || b.SaleMenu.ID == saleMenu)
	})
}

// The index of group 1, as miaomiao and zhangwei see it, is the golden file
// testdata/merchant_index_south.json: every city of the demo with its area
// tree (in area and under city), every station, group 1's account and
// sales managers, its sale menus and where each is offered. It was written
// from an answer and checked against seed/merchant.go by hand.
func TestMerchantIndex(t *testing.T) {
	s, who := searchStart(t)
	golden, err := os.ReadFile("testdata/merchant_index_south.json")
	if err != nil {
		t.Fatal(err)
	}
	s.Do(t, who.miaomiao, http.MethodGet, "/custommanage/", nil).Expect(t, http.StatusOK, string(golden))
	s.Do(t, who.zhangwei, http.MethodGet, "/custommanage/", nil).Expect(t, http.StatusOK, string(golden))

	// The document's example entries, as it shows them.
	var south struct{ Data map[string]json.RawMessage }
	if err := json.Unmarshal(golden, &south); err != nil {
		t.Fatal(err)
	}
	for _, example := range []struct{ member, entry string }{
		{"sale_employee", `{"2011": {"district_code": null, "name": "喵喵总仓"}}`},
		{"create_employee", `{"2011": {"district_code": null, "name": "喵喵总仓"}}`},
		{"district", `[{"code": "110000", "name": "北京市"}]`},
		{"station", `{"T12469": {"distribute_city_ids": ["440300", "441900", "110000"], "key_url": "xscs",
			"district_code": "440300", "name": "喵喵分仓二"}}`},
		{"city", `{"110000": {"area": {"150100000000": {"street": [{"150100100000": "百善"}], "name": "昌平区"}}, "name": "北京市"}}`},
		{"station_salemenu", `[{"stations_id": "T12469", "salemenu_id": "S8443", "salemenu_name": "蔬菜报价单", "stations_name": "喵喵分仓二"}]`},
		{"salemenu", `{"S8443": "蔬菜报价单"}`},
		{"area", `{"30100000000": {"child": [{"30100100000": "华强北"}], "district_code": "440300", "name": "福田区"}}`},
	} {
		if !containsJSON(t, south.Data[example.member], example.entry) {
			t.Errorf("%s has no %s", example.member, example.entry)
		}
	}

	// Group 2 shares the cities and stations, not the employees and sale
	// menus; admin sees every group's.
	parts := func(auth string) map[string]json.RawMessage {
		var body struct{ Data map[string]json.RawMessage }
		r := s.Do(t, auth, http.MethodGet, "/custommanage/", nil)
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
			t.Fatal(err)
		}
		for _, shared := range []string{"area", "city", "district", "station"} {
			apptest.EqualJSON(t, string(body.Data[shared]), string(south.Data[shared]))
		}
		return body.Data
	}
	north := parts(who.chenjing)
	apptest.EqualJSON(t, string(north["create_employee"]), `{
		"2016": {"district_code": "110000", "name": "陈静"}, "2018": {"district_code": "310000", "name": "赵敏"}}`)
	apptest.EqualJSON(t, string(north["sale_employee"]), `{
		"2017": {"district_code": "110000", "name": "杨磊"}, "2018": {"district_code": "310000", "name": "赵敏"},
		"2019": {"district_code": "310000", "name": "黄强"}}`)
	apptest.EqualJSON(t, string(north["salemenu"]), `{"S21330": "北京蔬菜报价单", "S21331": "上海生鲜报价单", "S21332": "华北粮油报价单"}`)
	apptest.EqualJSON(t, string(north["station_salemenu"]), `[
		{"stations_id": "T12470", "stations_name": "北京顺义仓", "salemenu_id": "S21330", "salemenu_name": "北京蔬菜报价单"},
		{"stations_id": "T12471", "stations_name": "上海嘉定仓", "salemenu_id": "S21331", "salemenu_name": "上海生鲜报价单"},
		{"stations_id": "T12470", "stations_name": "北京顺义仓", "salemenu_id": "S21332", "salemenu_name": "华北粮油报价单"},
		{"stations_id": "T12471", "stations_name": "上海嘉定仓", "salemenu_id": "S21332", "salemenu_name": "华北粮油报价单"}]`)
	all := parts(who.admin)
	apptest.EqualJSON(t, string(all["salemenu"]), `{"S8443": "蔬菜报价单", "S8444": "水果报价单", "S8445": "肉禽报价单",
		"S8446": "粮油报价单", "S21329": "干货报价单", "S21330": "北京蔬菜报价单", "S21331": "上海生鲜报价单", "S21332": "华北粮油报价单"}`)
	var managers map[string]any
	json.Unmarshal(all["create_employee"], &managers) //nolint:errcheck // checked by the count
	if len(managers) != 6 {
		t.Errorf("admin sees %d account managers, want the 6 of both groups: %s", len(managers), all["create_employee"])
	}
}

// containsJSON tells whether the JSON object or list whole has every member
// or element of part.
func containsJSON(t *testing.T, whole json.RawMessage, part string) bool {
	t.Helper()
	var w, p any
	if json.Unmarshal(whole, &w) != nil || json.Unmarshal([]byte(part), &p) != nil {
		t.Fatalf("not JSON: %s / %s", whole, part)
	}
	return containsValue(w, p)
}

func containsValue(whole, part any) bool {
	switch p := part.(type) {
	case map[string]any:
		w, ok := whole.(map[string]any)
		for k, v := range p {
			if !ok || !containsValue(w[k], v) {
				return false
			}
		}
		return ok
	case []any:
		w, ok := whole.([]any)
		for _, v := range p {
			if !ok || !slices.ContainsFunc(w, func(e any) bool { return containsValue(e, v) }) {
				return false
			}
		}
		return ok
	}
	return fmt.Sprint(whole) == fmt.Sprint(part)
}

// searchDocumentRow is the document's example row, with its sale-menu
// binding beside (the demo binds S8444 at T12468, the first binding made).
const searchDocumentRow = `{
	"check_out": 1, "user_id": 73655, "address_label": null, "create_time": "2019-08-19", "KID": "K073655",
	"customer_type": 1, "cname": "商户1", "create_employee_phone": "--", "resname": "1", "telephone": "134",
	"pay_method": "周结", "sales_employee_phone": "--", "addr_detail": "123", "settle_way": "先货后款",
	"create_employee_name": "--", "finance_status": 0, "whitelist": 1, "keycustomer": 0, "area_l2": "下沙村",
	"city": "东莞市", "area_l1": "石排镇", "sales_employee_name": "(待定)", "service_station": ["喵喵总仓"],
	"username": "mmsh01", "point": 0, "balance": 6885.93, "name": "测试删除", "SID": "S281196",
	"salemenus": [{"record_id": 1, "station_id": "T12468", "station_name": "喵喵总仓", "salemenu_id": "S8444", "salemenu_name": "水果报价单"}]
}`

// searchDemoRow is the demo's 阿婆私房菜（2号店）, worked out from
// seed/merchant.go (its 10th merchant, i = 9): a person (9%5 = 4) without a
// sales manager, account manager 张伟 (2012), not whitelisted, frozen no,
// created 2024-01-08 + 9×19 days, balance 71271×13 fen, two sale menus at
// one station (so service_station names it once), label 重点客户 (i+j = 10).
const searchDemoRow = `{
	"check_out": 1, "user_id": 73665, "address_label": "重点客户", "create_time": "2024-06-27", "KID": "K073665",
	"customer_type": 2, "cname": "阿婆私房菜有限公司", "create_employee_name": "张伟", "create_employee_phone": "13800002012",
	"resname": "阿婆私房菜（2号店）", "telephone": "13512340640", "name": "老板娘", "pay_method": "半月结",
	"sales_employee_name": "(待定)", "sales_employee_phone": "--", "addr_detail": "38号", "settle_way": "先货后款",
	"finance_status": 0, "whitelist": 0, "keycustomer": 0, "city": "深圳市", "area_l1": "罗湖区", "area_l2": "笋岗",
	"service_station": ["喵喵总仓"], "username": "sh0011", "point": 333, "balance": 9265.23, "SID": "S312163",
	"salemenus": [
		{"record_id": 20, "station_id": "T12468", "station_name": "喵喵总仓", "salemenu_id": "S8444", "salemenu_name": "水果报价单"},
		{"record_id": 21, "station_id": "T12468", "station_name": "喵喵总仓", "salemenu_id": "S8445", "salemenu_name": "肉禽报价单"}]
}`

// The document's example request (every filter 0, its saleMenu spelling)
// answers the first page of the caller's group; searching K073655 answers
// the document's example row, and S312163 a demo row with the members the
// example leaves empty.
func TestMerchantListDocumentExample(t *testing.T) {
	s, who := searchStart(t)
	south := searchReference(t, s, who.miaomiao)
	example := "export=0&firstMenu=0&secondMenu=0&stationMenu=0&page=1&city=0&saleMenu=0&num=10&search_text=&address_label_id=0"
	got := search(t, s, who.miaomiao, example)
	if want := sidsWhere(south, func(referenceRestaurant) bool { return true }); got.Count != len(want) || !slices.Equal(got.sids(), want[:10]) {
		t.Errorf("example request: count %d, rows %v; want %d, %v", got.Count, got.sids(), len(want), want[:10])
	}
	if got.Count != 38 { // K073655 and the restaurants of the demo merchants at places 0-4 (seed/merchant.go)
		t.Errorf("group 1 has %d restaurants, want 38", got.Count)
	}

	s.Do(t, who.miaomiao, http.MethodGet, "/custommanage/list?"+strings.Replace(example, "search_text=", "search_text=K073655", 1), nil).
		Expect(t, http.StatusOK, `{"code": 0, "count": 1, "data": [`+searchDocumentRow+`]}`)
	s.Do(t, who.miaomiao, http.MethodGet, "/custommanage/list?search_text=s312163", nil).
		Expect(t, http.StatusOK, `{"code": 0, "count": 1, "data": [`+searchDemoRow+`]}`)
	// Amounts keep two decimals as written: 100.50, not 100.5.
	if err := s.App.Stores.Merchants.UpdateMerchant(context.Background(), &db.Merchant{ID: 73655, Balance: 10050}, "balance_fen"); err != nil {
		t.Fatal(err)
	}
	r := s.Do(t, who.miaomiao, http.MethodGet, "/custommanage/list?search_text=K073655", nil)
	if !strings.Contains(r.Body, `"balance":100.50,`) {
		t.Errorf("balance 100.50 written as: %s", r.Body)
	}
}

// Each filter alone, and some together, find what the reference says.
func TestMerchantListFilters(t *testing.T) {
	s, who := searchStart(t)
	all := searchReference(t, s, who.admin)
	if len(all) != 59 {
		t.Fatalf("the demo has %d restaurants, want 59", len(all))
	}
	hasLabel := func(id string) func(r referenceRestaurant) bool {
		return func(r referenceRestaurant) bool {
			return (r.Label == nil && id == "") || (r.Label != nil && r.Label.ID == id)
		}
	}
	manager := func(m *struct{ ID string }, id string) bool { return m != nil && m.ID == id }
	text := func(part string) func(r referenceRestaurant) bool {
		return func(r referenceRestaurant) bool {
			return slices.ContainsFunc([]string{r.Merchant.CompanyName, r.Name, r.PayerName, r.ReceiverName, r.Phone,
				r.ReceiverPhone, r.PayerPhone, r.Merchant.Username, r.Merchant.Phone}, func(s string) bool {
				return strings.Contains(strings.ToLower(s), strings.ToLower(part))
			})
		}
	}
	for _, c := range []struct {
		query string
		keep  func(r referenceRestaurant) bool
	}{
		{"firstMenu=30100000000", func(r referenceRestaurant) bool { return r.Area.ID == "30100000000" }},
		{"secondMenu=30300500000", func(r referenceRestaurant) bool { return r.Street.ID == "30300500000" }},
		{"stationMenu=T12469", func(r referenceRestaurant) bool { return r.boundTo("12469", "") }},
		{"stationMenu=12472", func(r referenceRestaurant) bool { return r.boundTo("12472", "") }},
		{"check_out=1", func(r referenceRestaurant) bool { return r.Review == "APPROVED" }},
		{"check_out=2", func(r referenceRestaurant) bool { return r.Review == "PENDING" }},
		{"city=110000", func(r referenceRestaurant) bool { return r.City.Code == "110000" }},
		{"crtManeger=2012", func(r referenceRestaurant) bool { return manager(r.Merchant.AccountManager, "2012") }},
		{"saleManager=2013", func(r referenceRestaurant) bool { return manager(r.Merchant.SalesManager, "2013") }},
		{"salemenu=S8443", func(r referenceRestaurant) bool { return r.boundTo("", "8443") }},
		{"saleMenu=s8445", func(r referenceRestaurant) bool { return r.boundTo("", "8445") }},
		{"saleMenu=21331", func(r referenceRestaurant) bool { return r.boundTo("", "21331") }},
		{"pay_method=1", func(r referenceRestaurant) bool { return r.SettlementCycle == "DAILY" }},
		{"pay_method=2", func(r referenceRestaurant) bool { return r.SettlementCycle == "WEEKLY" }},
		{"pay_method=3", func(r referenceRestaurant) bool { return r.SettlementCycle == "SEMIMONTHLY" }},
		{"pay_method=4", func(r referenceRestaurant) bool { return r.SettlementCycle == "MONTHLY" }},
		{"settle_way=1", func(r referenceRestaurant) bool { return r.SettleWay == "GOODS_FIRST" }},
		{"settle_way=2", func(r referenceRestaurant) bool { return r.SettleWay == "PAYMENT_FIRST" }},
		{"customer_type=1", func(r referenceRestaurant) bool { return r.Merchant.Type == "SHOP" }},
		{"customer_type=2", func(r referenceRestaurant) bool { return r.Merchant.Type == "PERSON" }},
		{"address_label_id=1911", hasLabel("1911")},
		{"address_label_id=-1", hasLabel("")},
		{"search_text=" + url.QueryEscape("湘味轩"), text("湘味轩")},
		{"search_text=" + url.QueryEscape("号店"), text("号店")},
		{"search_text=13512340284", text("13512340284")},
		{"search_text=SH0006", text("sh0006")},
		{"search_text=K073665", func(r referenceRestaurant) bool { return r.Merchant.ID == "73665" }},
		{"search_text=S312163", func(r referenceRestaurant) bool { return r.ID == "312163" }},
		{"city=440300&pay_method=2", func(r referenceRestaurant) bool { return r.City.Code == "440300" && r.SettlementCycle == "WEEKLY" }},
		{"stationMenu=T12468&check_out=1&customer_type=1", func(r referenceRestaurant) bool {
			return r.boundTo("12468", "") && r.Review == "APPROVED" && r.Merchant.Type == "SHOP"
		}},
		{"firstMenu=30300000000&secondMenu=30300500000&settle_way=1&address_label_id=-1", func(r referenceRestaurant) bool {
			return r.Street.ID == "30300500000" && r.SettleWay == "GOODS_FIRST" && r.Label == nil
		}},
		{"saleMenu=S8444&search_text=" + url.QueryEscape("老板娘") + "&crtManeger=2012", func(r referenceRestaurant) bool {
			return r.boundTo("", "8444") && text("老板娘")(r) && manager(r.Merchant.AccountManager, "2012")
		}},
	} {
		want := sidsWhere(all, c.keep)
		if len(want) == 0 || len(want) == len(all) {
			t.Errorf("%s: the reference keeps %d of %d restaurants; choose a filter that tells", c.query, len(want), len(all))
		}
		got := search(t, s, who.admin, c.query+"&num=100")
		if got.Count != len(want) || !slices.Equal(got.sids(), want) {
			t.Errorf("%s: count %d, %v; want %d, %v", c.query, got.Count, got.sids(), len(want), want)
		}
	}
}

// Pages are 1-based, num rows long (10 when absent, at most 100), each with
// the total.
func TestMerchantListPaging(t *testing.T) {
	s, who := searchStart(t)
	south := sidsWhere(searchReference(t, s, who.miaomiao), func(referenceRestaurant) bool { return true })
	var pages []string
	for page := 1; page <= 7; page++ {
		got := search(t, s, who.miaomiao, fmt.Sprintf("page=%d&num=7", page))
		if got.Count != len(south) {
			t.Errorf("page %d: count %d, want %d", page, got.Count, len(south))
		}
		if want := min(7, max(0, len(south)-(page-1)*7)); len(got.Data) != want {
			t.Errorf("page %d: %d rows, want %d", page, len(got.Data), want)
		}
		pages = append(pages, got.sids()...)
	}
	if !slices.Equal(pages, south) {
		t.Errorf("the pages of 7 read %v, want %v", pages, south)
	}
	if got := search(t, s, who.miaomiao, ""); got.Count != len(south) || !slices.Equal(got.sids(), south[:10]) {
		t.Errorf("no page asked: count %d, %v; want page 1 of 10", got.Count, got.sids())
	}

	added := addRestaurants(t, s, 60) // 119 restaurants: more than a page of 100
	if got := search(t, s, who.admin, "num=1000"); got.Count != 119 || len(got.Data) != 100 || got.Data[0]["SID"] != added[59] {
		t.Errorf("num=1000: count %d, %d rows from %v; want 119, 100 from %s", got.Count, len(got.Data), got.Data[0]["SID"], added[59])
	}
	if got := search(t, s, who.admin, "num=1000&page=2"); got.Count != 119 || len(got.Data) != 19 {
		t.Errorf("num=1000, page 2: count %d, %d rows; want 119, 19", got.Count, len(got.Data))
	}
}

// addRestaurants adds n restaurants to merchant K073655 (group 1) through
// the store, each bound to S8444 at T12468, and returns their SIDs in the
// order they were added (the search shows the last first).
func addRestaurants(t testing.TB, s *apptest.Server, n int) []string {
	t.Helper()
	stores, sids := s.App.Stores, make([]string, n)
	start := time.Now()
	err := stores.Handle.Run(context.Background(), func(ctx context.Context) error {
		var bindings []*db.SaleMenuBinding
		for i := range n {
			r := &db.Restaurant{MerchantID: 73655, Name: fmt.Sprintf("加盟店%04d", i), PayerName: "财务", PayerPhone: "135",
				CityCode: "441900", AreaID: 40100000000, StreetID: 40100200000, Address: fmt.Sprintf("%d号", i),
				Review: 2, SettleWay: 2, SettlementCycle: 4, DateBasis: 1, CreatedAt: start.Add(time.Duration(i) * time.Second)}
			if err := stores.Merchants.CreateRestaurant(ctx, r); err != nil {
				return err
			}
			sids[i] = "S" + strconv.FormatInt(r.ID, 10)
			bindings = append(bindings, &db.SaleMenuBinding{RestaurantID: r.ID, StationID: 12468, SaleMenuID: 8444})
		}
		return stores.Merchants.Bind(ctx, bindings)
	})
	if err != nil {
		t.Fatal(err)
	}
	return sids
}

// An employee searches their group's merchants: those bound to one of its
// sale menus; admin searches all.
func TestMerchantListGroups(t *testing.T) {
	s, who := searchStart(t)
	all := searchReference(t, s, who.admin)
	inGroup := func(group string) []string {
		merchants := map[string]bool{}
		for _, r := range all {
			for _, b := range r.SaleMenus {
				if b.SaleMenu.Group.ID == group {
					merchants[r.Merchant.ID] = true
				}
			}
		}
		return sidsWhere(all, func(r referenceRestaurant) bool { return merchants[r.Merchant.ID] })
	}
	for _, c := range []struct {
		name, auth string
		want       []string
	}{
		{"zhangwei", who.zhangwei, inGroup("1")}, {"miaomiao", who.miaomiao, inGroup("1")},
		{"chenjing", who.chenjing, inGroup("2")}, {"admin", who.admin, sidsWhere(all, func(referenceRestaurant) bool { return true })},
	} {
		if got := search(t, s, c.auth, "num=100"); got.Count != len(c.want) || !slices.Equal(got.sids(), c.want) {
			t.Errorf("%s: count %d, %v; want %d, %v", c.name, got.Count, got.sids(), len(c.want), c.want)
		}
	}
	if n1, n2 := len(inGroup("1")), len(inGroup("2")); n1 != 38 || n2 != 21 {
		t.Errorf("the groups have %d and %d restaurants, want 38 and 21", n1, n2)
	}
	s.Do(t, who.chenjing, http.MethodGet, "/custommanage/list?search_text=K073655", nil).
		Expect(t, http.StatusOK, `{"code": 0, "count": 0, "data": []}`)
}

// Every route needs an employee or admin: without a token 401, with
// another account's 403, in the envelope. The sessionid cookie works as the
// header does.
func TestMerchantAuth(t *testing.T) {
	s, who := searchStart(t)
	noToken := `{"code": 401, "msg": "请先登录", "data": null}`
	forbidden := `{"code": 403, "msg": "没有权限", "data": null}`
	merchant, err := s.App.Stores.Accounts.ByUsername(context.Background(), "mmsh01")
	if err != nil {
		t.Fatal(err)
	}
	staff := s.CreateAccount(t, "clerk", "clerk-pw-1", db.RoleStaff, true)
	for _, path := range []string{"/custommanage/", "/custommanage/list", "/custommanage/list?export=1"} {
		s.Do(t, "", http.MethodGet, path, nil).Expect(t, http.StatusUnauthorized, noToken)
		s.Do(t, "Bearer not-a-token", http.MethodGet, path, nil).Expect(t, http.StatusUnauthorized, noToken)
		for _, acc := range []*db.Account{merchant, staff} {
			s.Do(t, "Bearer "+s.TokenFor(t, acc), http.MethodGet, path, nil).Expect(t, http.StatusForbidden, forbidden)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/custommanage/list?search_text=K073655", nil)
	req.AddCookie(&http.Cookie{Name: "sessionid", Value: strings.TrimPrefix(who.miaomiao, "Bearer ")})
	if r := apptest.RoundTrip(t, http.DefaultClient, req); r.Status != http.StatusOK || !strings.Contains(r.Body, `"count":1`) {
		t.Errorf("with the sessionid cookie: %d %s", r.Status, r.Body)
	}
}

// A malformed parameter is refused with HTTP 400, code 1 and its name.
func TestMerchantListBadParameters(t *testing.T) {
	s, who := searchStart(t)
	for _, c := range []struct{ query, param string }{
		{"page=0", "page"}, {"page=abc", "page"}, {"page=3000000000", "page"}, {"num=-1", "num"}, {"num=1.5", "num"},
		{"firstMenu=abc", "firstMenu"}, {"secondMenu=-3", "secondMenu"}, {"stationMenu=X12469", "stationMenu"},
		{"check_out=3", "check_out"}, {"city=shenzhen", "city"}, {"crtManeger=x", "crtManeger"},
		{"saleManager=2013a", "saleManager"}, {"salemenu=S", "salemenu"}, {"saleMenu=T8443", "saleMenu"},
		{"pay_method=5", "pay_method"}, {"settle_way=3", "settle_way"}, {"customer_type=9", "customer_type"},
		{"address_label_id=none", "address_label_id"}, {"export=2", "export"},
		{url.Values{"search_text": {strings.Repeat("喵", 101)}}.Encode(), "search_text"},
	} {
		want := fmt.Sprintf(`{"code": 1, "msg": "%s 参数错误", "data": null}`, c.param)
		s.Do(t, who.miaomiao, http.MethodGet, "/custommanage/list?"+c.query, nil).Expect(t, http.StatusBadRequest, want)
		if c.param != "export" && !strings.HasPrefix(c.param, "page") && c.param != "num" {
			s.Do(t, who.miaomiao, http.MethodGet, "/custommanage/list?export=1&"+c.query, nil).Expect(t, http.StatusBadRequest, want)
		}
	}
	// A search of 100 characters is searched for.
	if a := search(t, s, who.miaomiao, url.Values{"search_text": {strings.Repeat("喵", 100)}}.Encode()); a.Count != 0 {
		t.Errorf("a search of 100 喵 finds %v", a.sids())
	}
}

// A path or method the API does not serve answers in its envelope, signed
// in or not.
func TestMerchantUnserved(t *testing.T) {
	s, who := searchStart(t)
	notFound := `{"code": 404, "msg": "接口不存在", "data": null}`
	notAllowed := `{"code": 405, "msg": "不支持的请求方法", "data": null}`
	for _, auth := range []string{"", who.miaomiao} {
		s.Do(t, auth, http.MethodGet, "/custommanage/nothing", nil).Expect(t, http.StatusNotFound, notFound)
		s.Do(t, auth, http.MethodGet, "/custommanage/list/1", nil).Expect(t, http.StatusNotFound, notFound)
		s.Do(t, auth, http.MethodPost, "/custommanage/list", nil).Expect(t, http.StatusMethodNotAllowed, notAllowed)
		s.Do(t, auth, http.MethodDelete, "/custommanage/", nil).Expect(t, http.StatusMethodNotAllowed, notAllowed)
	}
}

// exportColumns are the workbook's columns: the list row's members, each
// under its Chinese header.
var exportColumns = [][2]string{
	{"KID", "商户ID"}, {"cname", "公司名"}, {"SID", "店铺ID"}, {"create_time", "注册日期"}, {"username", "登录账号"},
	{"resname", "店铺名"}, {"settle_way", "结款方式"}, {"pay_method", "结算周期"}, {"city", "城市"},
	{"area_l1", "一级区域"}, {"area_l2", "二级区域"}, {"addr_detail", "店铺地址"}, {"name", "结算人"},
	{"telephone", "结算人电话"}, {"create_employee_name", "开户经理"}, {"create_employee_phone", "开户经理电话"},
	{"sales_employee_name", "销售经理"}, {"sales_employee_phone", "销售经理电话"}, {"whitelist", "白名单"},
	{"balance", "余额"}, {"service_station", "从属站点"}, {"address_label", "商户标签"}, {"customer_type", "商户类型"},
	{"point", "积分"}, {"user_id", "用户ID"}, {"check_out", "审核状态"}, {"finance_status", "财务状态"},
	{"keycustomer", "重点客户"},
}

// exportMatches fails t unless the workbook r carries is a header row and
// then, row by row, the list's rows: strings as strings, numbers as
// numbers, create_time as a date cell, null as an empty cell.
func exportMatches(t *testing.T, r apptest.Response, list []map[string]any) {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("content type %q: %.200s", ct, r.Body)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("cache control %q, want no-store", cc)
	}
	today := time.Now().In(chinatime.Zone).Format("20060102")
	if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="merchants-`+today+`.xlsx"` {
		t.Errorf("content disposition %q", cd)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
	if err != nil {
		t.Fatalf("the export is no workbook: %v", err)
	}
	defer f.Close()
	const sheet = "商户"
	if names := f.GetSheetList(); !slices.Equal(names, []string{sheet}) {
		t.Fatalf("sheets %v", names)
	}
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) != len(list)+1 {
		t.Fatalf("%d rows (%v), want a header and %d", len(rows), err, len(list))
	}
	for i, col := range exportColumns {
		if rows[0][i] != col[1] {
			t.Errorf("header %d is %q, want %q", i+1, rows[0][i], col[1])
		}
	}
	if len(rows[0]) != len(exportColumns) {
		t.Errorf("%d headers, want %d", len(rows[0]), len(exportColumns))
	}
	for n, row := range list {
		for i, col := range exportColumns {
			cell, _ := excelize.CoordinatesToCellName(i+1, n+2)
			if msg := exportCellDiffers(f, sheet, cell, col[0], row[col[0]]); msg != "" {
				t.Errorf("row %d (%v) %s %s: %s", n+1, row["SID"], cell, col[0], msg)
			}
		}
	}
}

// exportCellDiffers says how a cell differs from the list's value, or "".
func exportCellDiffers(f *excelize.File, sheet, cell, key string, want any) string {
	raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	shown, _ := f.GetCellValue(sheet, cell)
	kind, _ := f.GetCellType(sheet, cell)
	isString := kind == excelize.CellTypeInlineString || kind == excelize.CellTypeSharedString
	switch w := want.(type) {
	case nil:
		if raw != "" {
			return fmt.Sprintf("%q, want an empty cell", raw)
		}
	case float64:
		if n, err := strconv.ParseFloat(raw, 64); isString || err != nil || n != w {
			return fmt.Sprintf("%q (type %v), want the number %v", raw, kind, w)
		}
		if key == "balance" && shown != strconv.FormatFloat(w, 'f', 2, 64) {
			return fmt.Sprintf("shown %q, want two decimals", shown)
		}
	case []any:
		parts := make([]string, len(w))
		for i, e := range w {
			parts[i] = fmt.Sprint(e)
		}
		if joined := strings.Join(parts, "、"); !isString || raw != joined {
			return fmt.Sprintf("%q, want %q", raw, joined)
		}
	case string:
		if key != "create_time" {
			if !isString || raw != w {
				return fmt.Sprintf("%q (type %v), want the string %q", raw, kind, w)
			}
			break
		}
		serial, err := strconv.ParseFloat(raw, 64)
		day, _ := excelize.ExcelDateToTime(serial, false)
		style, _ := f.GetCellStyle(sheet, cell)
		format, _ := f.GetStyle(style)
		if isString || err != nil || day.Format(time.DateOnly) != w || shown != w ||
			format.CustomNumFmt == nil || *format.CustomNumFmt != "yyyy-mm-dd" {
			return fmt.Sprintf("%q shown %q (type %v), want the date %s", raw, shown, kind, w)
		}
	default:
		return fmt.Sprintf("the list has %T", want)
	}
	return ""
}

// The export is the list's rows for the same filter as a workbook, of any
// length: the demo, a filter, and more rows than the export reads at once.
func TestMerchantExport(t *testing.T) {
	s, who := searchStart(t)
	for _, c := range []struct{ name, auth, filter string }{
		{"group 1", who.miaomiao, ""}, {"group 2", who.chenjing, ""}, {"all", who.admin, ""},
		{"a filter", who.admin, "city=440300&pay_method=2&address_label_id=-1"},
		{"the document's example", who.miaomiao, "search_text=K073655&saleMenu=0&firstMenu=0"},
		{"nothing found", who.chenjing, "search_text=K073655"},
	} {
		t.Run(c.name, func(t *testing.T) {
			list := search(t, s, c.auth, c.filter+"&num=100")
			if list.Count > 100 {
				t.Fatal("the list is longer than a page")
			}
			start := time.Now()
			r := s.Do(t, c.auth, http.MethodGet, "/custommanage/list?export=1&"+c.filter, nil)
			t.Logf("%d rows exported in %v, %d bytes", list.Count, time.Since(start), len(r.Body))
			exportMatches(t, r, list.Data)
		})
	}

	// 659 restaurants: three pages of 250 are read, the newest first, none
	// twice.
	added := addRestaurants(t, s, 600)
	var list []map[string]any
	for page := 1; page <= 7; page++ {
		list = append(list, search(t, s, who.admin, fmt.Sprintf("num=100&page=%d", page)).Data...)
	}
	if len(list) != 659 || list[0]["SID"] != added[599] {
		t.Fatalf("the list has %d rows from %v, want 659 from %s", len(list), list[0]["SID"], added[599])
	}
	start := time.Now()
	r := s.Do(t, who.admin, http.MethodGet, "/custommanage/list?export=1", nil)
	t.Logf("659 rows exported in %v, %d bytes", time.Since(start), len(r.Body))
	exportMatches(t, r, list)
}

// At most compat.ExportSlots exports run at once: one more is refused as
// busy (a bad one still as bad, and the list is no export), and each export
// gives its slot back.
func TestMerchantExportsRunFewAtOnce(t *testing.T) {
	s, who := searchStart(t)
	list := search(t, s, who.miaomiao, "num=100")
	export := func() apptest.Response {
		return s.Do(t, who.miaomiao, http.MethodGet, "/custommanage/list?export=1", nil)
	}
	giveBack := compat.TakeExportSlots(t, compat.ExportSlots)
	export().Expect(t, http.StatusServiceUnavailable, `{"code": 1, "msg": "导出任务繁忙，请稍后再试", "data": null}`)
	s.Do(t, who.miaomiao, http.MethodGet, "/custommanage/list?export=1&city=x", nil).
		Expect(t, http.StatusBadRequest, `{"code": 1, "msg": "city 参数错误", "data": null}`)
	search(t, s, who.miaomiao, "num=1")

	giveBack(1)
	for range compat.ExportSlots + 1 {
		exportMatches(t, export(), list.Data)
	}
}

// An export may answer after the server's write timeout, which a large one
// comes close to: a server whose write timeout has passed by the time a
// handler runs answers an export, through the app's middleware, and cuts
// the list off.
func TestMerchantExportOutlastsTheWriteTimeout(t *testing.T) {
	s, who := searchStart(t)
	list := search(t, s, who.miaomiao, "num=100")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := app.NewHTTPServer(app.HTTPLimits{WriteTimeout: time.Nanosecond}, s.Config.Handler)
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	t.Cleanup(func() { srv.Close() })
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	get := func(query string) *http.Request {
		req, err := http.NewRequest(http.MethodGet, "http://"+ln.Addr().String()+"/custommanage/list?"+query, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", who.miaomiao)
		return req
	}
	if resp, err := hc.Do(get("num=1")); err == nil {
		resp.Body.Close()
		t.Fatalf("the list got through a passed write deadline: %s", resp.Status)
	}
	exportMatches(t, apptest.RoundTrip(t, hc, get("export=1")), list.Data)
}

// restaurantsExport links to the export of its filter: a plain GET of the
// link (no header, no cookie) answers the workbook of what the filter
// finds for the caller, while the caller's session lives; a changed link,
// another path, the list without export=1 or a session token in its place
// is refused.
func TestMerchantExportLink(t *testing.T) {
	s, who := searchStart(t)
	link := func(auth string) string {
		r := s.GraphQL(t, strings.TrimPrefix(auth, "Bearer "),
			`{ restaurantsExport(filter: {cityCode: "440300", settlementCycle: WEEKLY, noLabel: true}) { url expiresAt } }`, nil)
		var d struct{ RestaurantsExport struct{ URL string } }
		if len(r.Errors) > 0 || json.Unmarshal(r.Data, &d) != nil || !strings.HasPrefix(d.RestaurantsExport.URL, "/custommanage/list?export=1&download_token=") {
			t.Fatalf("restaurantsExport: %s %v", r.Data, r.Errors)
		}
		return d.RestaurantsExport.URL
	}
	url := link(who.zhangwei)
	// The same filter through the legacy list, as the same caller.
	list := search(t, s, who.zhangwei, "city=440300&pay_method=2&address_label_id=-1&num=100")
	if list.Count == 0 {
		t.Fatal("the filter finds nothing")
	}
	exportMatches(t, s.Do(t, "", http.MethodGet, url, nil), list.Data)
	// The link's filter wins over the query's.
	exportMatches(t, s.Do(t, "", http.MethodGet, url+"&city=110000", nil), list.Data)
	exportMatches(t, s.Do(t, "", http.MethodGet, url+"&city=nowhere", nil), list.Data)

	signIn := `{"code":401,"msg":"请先登录","data":null}`
	token := url[strings.Index(url, "download_token=")+len("download_token="):]
	s.Do(t, "", http.MethodGet, url[:len(url)-2], nil).Expect(t, http.StatusUnauthorized, signIn)
	s.Do(t, "", http.MethodGet, "/custommanage/?download_token="+token, nil).Expect(t, http.StatusUnauthorized, signIn)
	s.Do(t, "Bearer "+token, http.MethodGet, "/custommanage/list", nil).Expect(t, http.StatusUnauthorized, signIn)
	// The link lets in its export and nothing else: not the list it is
	// the export of, whatever the filter or the export member.
	for _, query := range []string{"num=2", "export=0", "export=", "export=2", "export=0&export=1", "city=110000"} {
		s.Do(t, "", http.MethodGet, "/custommanage/list?"+query+"&download_token="+token, nil).
			Expect(t, http.StatusUnauthorized, signIn)
	}
	// Signing out ends the link.
	other := link(who.chenjing)
	if r := s.GraphQL(t, strings.TrimPrefix(who.chenjing, "Bearer "), `mutation { logout }`, nil); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	s.Do(t, "", http.MethodGet, other, nil).Expect(t, http.StatusUnauthorized, signIn)
}
