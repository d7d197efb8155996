package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
)

// Merchant management over GraphQL, on the demo (seed/merchant.go): 40
// merchants with 59 restaurants. Group 1 华南销售部 (employee miaomiao) has
// the document's K073655 and the merchants placed in 深圳, 东莞 and 广州: 38
// restaurants; group 2 华北华东销售部 (employee chenjing) those in 北京 and
// 上海: 21. The totals below are counted from the demo's rules, not read
// from the server.

// merchantCallers are the tokens of an employee of each group and of the
// admin, who sees both.
type merchantCallers struct{ south, north, admin string }

func merchantServer(t *testing.T, opts ...func(*app.Config)) (*apptest.Server, merchantCallers) {
	t.Helper()
	s := apptest.New(t, opts...)
	s.SeedMerchants(t)
	return s, merchantCallers{
		south: s.MerchantsLogin(t, "miaomiao", apptest.DemoPassword),
		north: s.MerchantsLogin(t, "chenjing", apptest.DemoPassword),
		admin: s.AdminToken(t),
	}
}

const (
	// restaurantFieldsQ is every field of a restaurant and of its merchant.
	restaurantFieldsQ = `id name phone receiverName receiverPhone payerName payerPhone address latitude longitude mapAddress
		review settleWay settlementCycle creditMode creditLimit effectiveDate beginDay settleDay dateBasis remindDaysBefore createdAt
		merchant { id username phone companyName type createdAt balance points whitelisted financeStatus
			accountManager { id name } salesManager { id name } }
		city { code name } area { id name } street { id name } label { id name }
		saleMenus { id station { id name } saleMenu { id name } }`
	restaurantQ       = `query($id: ID!) { restaurant(id: $id) { ` + restaurantFieldsQ + ` } }`
	updateRestaurantQ = `mutation($id: ID!, $in: UpdateRestaurantInput!) { updateRestaurant(id: $id, input: $in) { ` + restaurantFieldsQ + ` } }`
	addRestaurantQ    = `mutation($in: AddRestaurantInput!) { addRestaurant(input: $in) { ` + restaurantFieldsQ + ` } }`
	restaurantTotalQ  = `query($f: RestaurantFilter) { restaurants(filter: $f) { total } }`

	// restaurantEveryEdge selects every edge a restaurant reaches.
	restaurantEveryEdge = `id name
		merchant { id companyName accountManager { id name group { name } } salesManager { id name group { name } } }
		city { code name areas { id name children { id name } } }
		area { id name children { id name } } street { id name children { id } }
		label { id name }
		saleMenus { id station { id name deliversTo } saleMenu { id name group { id name } stations { id name } } }`
)

// noCostLimit lets an operation through whatever it costs, for tests of
// what it does rather than of what it may ask.
func noCostLimit(c *app.Config) { c.Limits.Cost = 1 << 30 }

// The demo's reference data as the API answers it.

var demoStations = map[string]string{
	"12468": `{"id":"12468","name":"喵喵总仓","cityCode":"440300","deliversTo":["440300","441900","440100"],"keyUrl":"mmzc"}`,
	"12469": `{"id":"12469","name":"喵喵分仓二","cityCode":"440300","deliversTo":["440300","441900","110000"],"keyUrl":"xscs"}`,
	"12470": `{"id":"12470","name":"北京顺义仓","cityCode":"110000","deliversTo":["110000"],"keyUrl":"bjsy"}`,
	"12471": `{"id":"12471","name":"上海嘉定仓","cityCode":"310000","deliversTo":["310000"],"keyUrl":"shjd"}`,
	"12472": `{"id":"12472","name":"广州白云仓","cityCode":"440100","deliversTo":["440100","440300"],"keyUrl":"gzby"}`,
}

const (
	southGroupJSON = `{"id":"1","name":"华南销售部"}`
	northGroupJSON = `{"id":"2","name":"华北华东销售部"}`
)

// demoEmployees answer `id name districtCode phone group { id name } accountManager salesManager`.
var demoEmployees = map[string]string{
	"2011": `{"id":"2011","name":"喵喵总仓","districtCode":null,"phone":"13800002011","group":` + southGroupJSON + `,"accountManager":true,"salesManager":true}`,
	"2012": `{"id":"2012","name":"张伟","districtCode":"440300","phone":"13800002012","group":` + southGroupJSON + `,"accountManager":true,"salesManager":false}`,
	"2013": `{"id":"2013","name":"李娜","districtCode":"440300","phone":"13800002013","group":` + southGroupJSON + `,"accountManager":false,"salesManager":true}`,
	"2014": `{"id":"2014","name":"王芳","districtCode":"441900","phone":"13800002014","group":` + southGroupJSON + `,"accountManager":true,"salesManager":true}`,
	"2015": `{"id":"2015","name":"刘洋","districtCode":"440100","phone":"13800002015","group":` + southGroupJSON + `,"accountManager":false,"salesManager":true}`,
	"2016": `{"id":"2016","name":"陈静","districtCode":"110000","phone":"13800002016","group":` + northGroupJSON + `,"accountManager":true,"salesManager":false}`,
	"2017": `{"id":"2017","name":"杨磊","districtCode":"110000","phone":"13800002017","group":` + northGroupJSON + `,"accountManager":false,"salesManager":true}`,
	"2018": `{"id":"2018","name":"赵敏","districtCode":"310000","phone":"13800002018","group":` + northGroupJSON + `,"accountManager":true,"salesManager":true}`,
	"2019": `{"id":"2019","name":"黄强","districtCode":"310000","phone":"13800002019","group":` + northGroupJSON + `,"accountManager":false,"salesManager":true}`,
	"2020": `{"id":"2020","name":"周杰","districtCode":"440300","phone":"13800002020","group":` + southGroupJSON + `,"accountManager":true,"salesManager":false}`,
}

const employeeFieldsQ = `id name districtCode phone group { id name } accountManager salesManager`

// demoSaleMenus answer `id name group { id name } stations { id name }`.
var demoSaleMenus = map[string]string{
	"8443":  `{"id":"8443","name":"蔬菜报价单","group":` + southGroupJSON + `,"stations":[{"id":"12468","name":"喵喵总仓"},{"id":"12469","name":"喵喵分仓二"}]}`,
	"8444":  `{"id":"8444","name":"水果报价单","group":` + southGroupJSON + `,"stations":[{"id":"12468","name":"喵喵总仓"}]}`,
	"8445":  `{"id":"8445","name":"肉禽报价单","group":` + southGroupJSON + `,"stations":[{"id":"12468","name":"喵喵总仓"},{"id":"12472","name":"广州白云仓"}]}`,
	"8446":  `{"id":"8446","name":"粮油报价单","group":` + southGroupJSON + `,"stations":[{"id":"12472","name":"广州白云仓"}]}`,
	"21329": `{"id":"21329","name":"干货报价单","group":` + southGroupJSON + `,"stations":[{"id":"12469","name":"喵喵分仓二"}]}`,
	"21330": `{"id":"21330","name":"北京蔬菜报价单","group":` + northGroupJSON + `,"stations":[{"id":"12470","name":"北京顺义仓"}]}`,
	"21331": `{"id":"21331","name":"上海生鲜报价单","group":` + northGroupJSON + `,"stations":[{"id":"12471","name":"上海嘉定仓"}]}`,
	"21332": `{"id":"21332","name":"华北粮油报价单","group":` + northGroupJSON + `,"stations":[{"id":"12470","name":"北京顺义仓"},{"id":"12471","name":"上海嘉定仓"}]}`,
}

const saleMenuFieldsQ = `id name group { id name } stations { id name }`

// jsonList is a JSON list of these members of a table, in this order.
func jsonList(table map[string]string, ids ...string) string {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = table[id]
	}
	return "[" + strings.Join(items, ",") + "]"
}

// demoCities answer `code name areas { id name cityCode level parentId
// children { id name cityCode level parentId } }`: every city by code, its
// districts by id, each with its streets (legacy ids: the district's plus
// 100000 per street).
func demoCities() string {
	district := func(city string, id int64, name string, streets ...string) string {
		children := make([]string, len(streets))
		for i, street := range streets {
			children[i] = fmt.Sprintf(`{"id":"%d","name":%s,"cityCode":"%s","level":2,"parentId":"%d"}`,
				id+int64(i+1)*100000, jsonString(street), city, id)
		}
		return fmt.Sprintf(`{"id":"%d","name":%s,"cityCode":"%s","level":1,"parentId":null,"children":[%s]}`,
			id, jsonString(name), city, strings.Join(children, ","))
	}
	city := func(code, name string, districts ...string) string {
		return fmt.Sprintf(`{"code":"%s","name":%s,"areas":[%s]}`, code, jsonString(name), strings.Join(districts, ","))
	}
	return "[" + strings.Join([]string{
		city("110000", "北京市", district("110000", 150100000000, "昌平区", "百善", "回龙观", "天通苑"),
			district("110000", 150200000000, "朝阳区", "望京", "三里屯", "双井")),
		city("310000", "上海市", district("310000", 20100000000, "浦东新区", "陆家嘴", "张江", "金桥"),
			district("310000", 20200000000, "徐汇区", "徐家汇", "漕河泾")),
		city("440100", "广州市", district("440100", 50100000000, "天河区", "珠江新城", "石牌", "五山"),
			district("440100", 50200000000, "越秀区", "北京路", "东山口")),
		city("440300", "深圳市", district("440300", 30100000000, "福田区", "华强北", "香蜜湖", "车公庙"),
			district("440300", 30200000000, "罗湖区", "东门", "笋岗"),
			district("440300", 30300000000, "南山区", "蛇口", "南头", "粤海", "西丽", "科技园")),
		city("441900", "东莞市", district("441900", 40100000000, "石排镇", "下沙村", "石排村"),
			district("441900", 40200000000, "长安镇", "乌沙", "霄边")),
	}, ",") + "]"
}

const cityFieldsQ = `code name areas { id name cityCode level parentId children { id name cityCode level parentId } }`

// The index answers the cities and stations every group shares, and the
// caller's group's managers and sale menus (admin: every group's), each
// with every edge.
func TestMerchantIndexByGroup(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t)
	q := `{ merchantIndex { cities { ` + cityFieldsQ + ` } stations { id name cityCode deliversTo keyUrl }
		accountManagers { ` + employeeFieldsQ + ` } salesManagers { ` + employeeFieldsQ + ` } saleMenus { ` + saleMenuFieldsQ + ` } } }`
	stations := jsonList(demoStations, "12468", "12469", "12470", "12471", "12472")
	index := func(accountManagers, salesManagers, saleMenus []string) string {
		return `{"merchantIndex":{"cities":` + demoCities() + `,"stations":` + stations +
			`,"accountManagers":` + jsonList(demoEmployees, accountManagers...) +
			`,"salesManagers":` + jsonList(demoEmployees, salesManagers...) +
			`,"saleMenus":` + jsonList(demoSaleMenus, saleMenus...) + `}}`
	}
	for _, tc := range []struct {
		caller, token, want string
	}{
		{"group 1", c.south, index([]string{"2011", "2012", "2014", "2020"}, []string{"2011", "2013", "2014", "2015"},
			[]string{"8443", "8444", "8445", "8446", "21329"})},
		{"group 2", c.north, index([]string{"2016", "2018"}, []string{"2017", "2018", "2019"},
			[]string{"21330", "21331", "21332"})},
		{"admin", c.admin, index([]string{"2011", "2012", "2014", "2016", "2018", "2020"},
			[]string{"2011", "2013", "2014", "2015", "2017", "2018", "2019"},
			[]string{"8443", "8444", "8445", "8446", "21329", "21330", "21331", "21332"})},
	} {
		t.Run(tc.caller, func(t *testing.T) { apptest.EqualJSON(t, do(t, s, tc.token, q, nil), tc.want) })
	}
}

// Each list on its own: cities and stations are everyone's, employees and
// sale menus the caller's group's, labels everyone's.
func TestMerchantLists(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t)
	all := func(table map[string]string, group ...string) string { return jsonList(table, group...) }
	for _, tc := range []struct {
		name, token, q, want string
	}{
		{"cities", c.north, `{ cities { ` + cityFieldsQ + ` } }`, `{"cities":` + demoCities() + `}`},
		{"stations deliver to their cities in the order set", c.south, `{ stations { id name cityCode deliversTo keyUrl } }`,
			`{"stations":` + all(demoStations, "12468", "12469", "12470", "12471", "12472") + `}`},
		{"group 1's employees", c.south, `{ employees { ` + employeeFieldsQ + ` } }`,
			`{"employees":` + all(demoEmployees, "2011", "2012", "2013", "2014", "2015", "2020") + `}`},
		{"group 2's employees", c.north, `{ employees { ` + employeeFieldsQ + ` } }`,
			`{"employees":` + all(demoEmployees, "2016", "2017", "2018", "2019") + `}`},
		{"every employee", c.admin, `{ employees { ` + employeeFieldsQ + ` } }`,
			`{"employees":` + all(demoEmployees, "2011", "2012", "2013", "2014", "2015", "2016", "2017", "2018", "2019", "2020") + `}`},
		{"group 1's sale menus", c.south, `{ saleMenus { ` + saleMenuFieldsQ + ` } }`,
			`{"saleMenus":` + all(demoSaleMenus, "8443", "8444", "8445", "8446", "21329") + `}`},
		{"group 2's sale menus", c.north, `{ saleMenus { ` + saleMenuFieldsQ + ` } }`,
			`{"saleMenus":` + all(demoSaleMenus, "21330", "21331", "21332") + `}`},
		{"every sale menu", c.admin, `{ saleMenus { ` + saleMenuFieldsQ + ` } }`,
			`{"saleMenus":` + all(demoSaleMenus, "8443", "8444", "8445", "8446", "21329", "21330", "21331", "21332") + `}`},
		{"a sale menu's stations deliver where they do", c.north, `{ saleMenus { id stations { id deliversTo } } }`,
			`{"saleMenus":[{"id":"21330","stations":[{"id":"12470","deliversTo":["110000"]}]},
				{"id":"21331","stations":[{"id":"12471","deliversTo":["310000"]}]},
				{"id":"21332","stations":[{"id":"12470","deliversTo":["110000"]},{"id":"12471","deliversTo":["310000"]}]}]}`},
		{"labels", c.south, `{ merchantLabels { id name } }`,
			`{"merchantLabels":[{"id":"1911","name":"重点客户"},{"id":"1912","name":"新开客户"},{"id":"1913","name":"连锁餐饮"}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) { apptest.EqualJSON(t, do(t, s, tc.token, tc.q, nil), tc.want) })
	}
}

// The merchant lists are for employees and the admin only.
func TestMerchantListsNeedAnEmployee(t *testing.T) {
	t.Parallel()
	s, _ := merchantServer(t)
	staff := s.TokenFor(t, s.ShopStaff(t, "clerk"))
	for _, q := range []string{`{ merchantIndex { stations { id } } }`, `{ cities { code } }`, `{ employees { id } }`,
		`{ restaurants { total } }`, `{ restaurant(id: 281196) { id } }`} {
		fails(t, s, "", q, nil, signInFirst)
		fails(t, s, staff, q, nil, wrongRole)
	}
}

// restaurantRow is what the filter tests read of a restaurant.
type restaurantRow struct {
	ID, Name, Phone, ReceiverName, ReceiverPhone, PayerName, PayerPhone string
	Review, SettlementCycle, SettleWay, CreatedAt                       string
	Merchant                                                            struct {
		ID, Username, Phone, CompanyName, Type string
		AccountManager, SalesManager           *struct{ ID string }
	}
	City         struct{ Code string }
	Area, Street struct{ ID string }
	Label        *struct{ ID string }
	SaleMenus    []struct {
		Station  struct{ ID string }
		SaleMenu struct {
			ID    string
			Group struct{ ID string }
		}
	}
}

const restaurantRowsQ = `query($f: RestaurantFilter, $p: PageInput!) { restaurants(filter: $f, paging: $p) { total items {
	id name phone receiverName receiverPhone payerName payerPhone review settlementCycle settleWay createdAt
	merchant { id username phone companyName type accountManager { id } salesManager { id } }
	city { code } area { id } street { id } label { id } saleMenus { station { id } saleMenu { id group { id } } } } } }`

// restaurantRows lists restaurants; a nil filter is left out, a nil paging
// asks for every row (a page of 200, the most the cost limit admits for
// these edges, and more than the tests make).
func restaurantRows(t *testing.T, s *apptest.Server, token string, filter, paging map[string]any) (rows []restaurantRow, total int) {
	t.Helper()
	var d struct {
		Restaurants struct {
			Total int
			Items []restaurantRow
		}
	}
	vars := map[string]any{"p": map[string]any{"page": 1, "size": 200}}
	if filter != nil {
		vars["f"] = filter
	}
	if paging != nil {
		vars["p"] = paging
	}
	if err := json.Unmarshal([]byte(do(t, s, token, restaurantRowsQ, vars)), &d); err != nil {
		t.Fatal(err)
	}
	return d.Restaurants.Items, d.Restaurants.Total
}

func ids(rows []restaurantRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out
}

// rowMatch tells whether a restaurant meets a filter.
type rowMatch func(restaurantRow) bool

func allOf(ms ...rowMatch) rowMatch {
	return func(r restaurantRow) bool {
		for _, m := range ms {
			if !m(r) {
				return false
			}
		}
		return true
	}
}

// hasText: the search text is in a name, phone or username, in any case.
func hasText(text string) rowMatch {
	return func(r restaurantRow) bool {
		for _, v := range []string{r.Merchant.CompanyName, r.Name, r.PayerName, r.ReceiverName, r.Phone, r.ReceiverPhone,
			r.PayerPhone, r.Merchant.Username, r.Merchant.Phone} {
			if strings.Contains(strings.ToLower(v), strings.ToLower(text)) {
				return true
			}
		}
		return false
	}
}

func is(get func(restaurantRow) string, want string) rowMatch {
	return func(r restaurantRow) bool { return get(r) == want }
}

func boundTo(get func(station, saleMenu string) bool) rowMatch {
	return func(r restaurantRow) bool {
		return slices.ContainsFunc(r.SaleMenus, func(b struct {
			Station  struct{ ID string }
			SaleMenu struct {
				ID    string
				Group struct{ ID string }
			}
		}) bool {
			return get(b.Station.ID, b.SaleMenu.ID)
		})
	}
}

func managerID(m *struct{ ID string }) string {
	if m == nil {
		return ""
	}
	return m.ID
}

// Every filter alone and several together find, for each caller, as many
// restaurants as the demo has that meet it, and only such; the search
// lists them all without paging.
func TestRestaurantFilters(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t)
	var (
		city       = func(r restaurantRow) string { return r.City.Code }
		area       = func(r restaurantRow) string { return r.Area.ID }
		street     = func(r restaurantRow) string { return r.Street.ID }
		review     = func(r restaurantRow) string { return r.Review }
		cycle      = func(r restaurantRow) string { return r.SettlementCycle }
		settleWay  = func(r restaurantRow) string { return r.SettleWay }
		kind       = func(r restaurantRow) string { return r.Merchant.Type }
		merchant   = func(r restaurantRow) string { return r.Merchant.ID }
		restaurant = func(r restaurantRow) string { return r.ID }
		accountMgr = func(r restaurantRow) string { return managerID(r.Merchant.AccountManager) }
		salesMgr   = func(r restaurantRow) string { return managerID(r.Merchant.SalesManager) }
		label      = func(r restaurantRow) string { return managerID(r.Label) }
		station    = func(id string) rowMatch { return boundTo(func(st, _ string) bool { return st == id }) }
		saleMenu   = func(id string) rowMatch { return boundTo(func(_, sm string) bool { return sm == id }) }
		everyRow   = func(restaurantRow) bool { return true }
	)
	for _, tc := range []struct {
		name   string
		filter map[string]any
		// admin, group 1, group 2
		totals [3]int
		match  rowMatch
	}{
		{"no filter", map[string]any{}, [3]int{59, 38, 21}, everyRow},
		{"an empty search", map[string]any{"search": ""}, [3]int{59, 38, 21}, everyRow},
		{"a blank search", map[string]any{"search": "  "}, [3]int{59, 38, 21}, everyRow},
		{"company name", map[string]any{"search": "火锅"}, [3]int{2, 0, 2}, hasText("火锅")},
		{"restaurant name", map[string]any{"search": "号店"}, [3]int{36, 23, 13}, hasText("号店")},
		{"payer name", map[string]any{"search": "老板娘"}, [3]int{26, 17, 9}, hasText("老板娘")},
		{"receiver name", map[string]any{"search": "王师傅"}, [3]int{15, 13, 2}, hasText("王师傅")},
		{"the document's payer and receiver", map[string]any{"search": "测试"}, [3]int{1, 1, 0}, hasText("测试")},
		{"username, any case", map[string]any{"search": "SH000"}, [3]int{13, 8, 5}, hasText("sh000")},
		{"phone and mobile", map[string]any{"search": "13912340"}, [3]int{42, 27, 15}, hasText("13912340")},
		{"receiver phone", map[string]any{"search": "1371234000"}, [3]int{3, 3, 0}, hasText("1371234000")},
		{"payer phone", map[string]any{"search": "13512340"}, [3]int{23, 15, 8}, hasText("13512340")},
		{"part of several phones", map[string]any{"search": "134"}, [3]int{2, 2, 0}, hasText("134")},
		{"a K id", map[string]any{"search": "K073655"}, [3]int{1, 1, 0}, is(merchant, "73655")},
		{"a K id, lower case and unpadded", map[string]any{"search": "k73655"}, [3]int{1, 1, 0}, is(merchant, "73655")},
		{"a K id with two restaurants", map[string]any{"search": "K073692"}, [3]int{2, 2, 0}, is(merchant, "73692")},
		{"a K id of group 2", map[string]any{"search": "K073693"}, [3]int{1, 0, 1}, is(merchant, "73693")},
		{"an S id", map[string]any{"search": "S281196"}, [3]int{1, 1, 0}, is(restaurant, "281196")},
		{"an S id in spaces", map[string]any{"search": " s312203 "}, [3]int{1, 1, 0}, is(restaurant, "312203")},
		{"city of group 1", map[string]any{"cityCode": "440300"}, [3]int{21, 21, 0}, is(city, "440300")},
		{"city of group 2", map[string]any{"cityCode": "110000"}, [3]int{15, 0, 15}, is(city, "110000")},
		{"area", map[string]any{"areaId": "30100000000"}, [3]int{8, 8, 0}, is(area, "30100000000")},
		{"street", map[string]any{"streetId": "30300500000"}, [3]int{6, 6, 0}, is(street, "30300500000")},
		{"station of group 1", map[string]any{"stationId": "12468"}, [3]int{16, 16, 0}, station("12468")},
		{"station of group 2", map[string]any{"stationId": "12470"}, [3]int{15, 0, 15}, station("12470")},
		{"sale menu", map[string]any{"saleMenuId": "8443"}, [3]int{16, 16, 0}, saleMenu("8443")},
		{"a restaurant's second sale menu", map[string]any{"saleMenuId": "8445"}, [3]int{15, 15, 0}, saleMenu("8445")},
		{"pending review", map[string]any{"review": "PENDING"}, [3]int{14, 6, 8}, is(review, "PENDING")},
		{"approved", map[string]any{"review": "APPROVED"}, [3]int{45, 32, 13}, is(review, "APPROVED")},
		{"account manager", map[string]any{"accountManagerId": "2012"}, [3]int{6, 6, 0}, is(accountMgr, "2012")},
		{"account manager of group 2", map[string]any{"accountManagerId": "2018"}, [3]int{10, 0, 10}, is(accountMgr, "2018")},
		{"sales manager", map[string]any{"salesManagerId": "2013"}, [3]int{5, 5, 0}, is(salesMgr, "2013")},
		{"daily", map[string]any{"settlementCycle": "DAILY"}, [3]int{15, 13, 2}, is(cycle, "DAILY")},
		{"weekly", map[string]any{"settlementCycle": "WEEKLY"}, [3]int{16, 11, 5}, is(cycle, "WEEKLY")},
		{"semimonthly", map[string]any{"settlementCycle": "SEMIMONTHLY"}, [3]int{14, 8, 6}, is(cycle, "SEMIMONTHLY")},
		{"monthly", map[string]any{"settlementCycle": "MONTHLY"}, [3]int{14, 6, 8}, is(cycle, "MONTHLY")},
		{"goods first", map[string]any{"settleWay": "GOODS_FIRST"}, [3]int{42, 28, 14}, is(settleWay, "GOODS_FIRST")},
		{"payment first", map[string]any{"settleWay": "PAYMENT_FIRST"}, [3]int{17, 10, 7}, is(settleWay, "PAYMENT_FIRST")},
		{"a person", map[string]any{"merchantType": "PERSON"}, [3]int{10, 7, 3}, is(kind, "PERSON")},
		{"a shop", map[string]any{"merchantType": "SHOP"}, [3]int{49, 31, 18}, is(kind, "SHOP")},
		{"label", map[string]any{"labelId": "1911"}, [3]int{11, 7, 4}, is(label, "1911")},
		{"a label nobody has", map[string]any{"labelId": "1912"}, [3]int{0, 0, 0}, is(label, "1912")},
		{"no label", map[string]any{"noLabel": true}, [3]int{48, 31, 17}, is(label, "")},
		{"noLabel false does not filter", map[string]any{"noLabel": false}, [3]int{59, 38, 21}, everyRow},

		{"city and cycle", map[string]any{"cityCode": "440300", "settlementCycle": "WEEKLY"}, [3]int{7, 7, 0},
			allOf(is(city, "440300"), is(cycle, "WEEKLY"))},
		{"text, type and no label", map[string]any{"search": "有限公司", "merchantType": "PERSON", "noLabel": true}, [3]int{7, 5, 2},
			allOf(hasText("有限公司"), is(kind, "PERSON"), is(label, ""))},
		{"station and sale menu", map[string]any{"stationId": "12468", "saleMenuId": "8445"}, [3]int{7, 7, 0},
			allOf(station("12468"), saleMenu("8445"))},
		{"both managers", map[string]any{"accountManagerId": "2011", "salesManagerId": "2011"}, [3]int{10, 10, 0},
			allOf(is(accountMgr, "2011"), is(salesMgr, "2011"))},
		{"city, area and street", map[string]any{"cityCode": "440300", "areaId": "30100000000", "streetId": "30100100000"},
			[3]int{8, 8, 0}, allOf(is(city, "440300"), is(area, "30100000000"), is(street, "30100100000"))},
		{"review and settle way", map[string]any{"review": "PENDING", "settleWay": "PAYMENT_FIRST"}, [3]int{4, 2, 2},
			allOf(is(review, "PENDING"), is(settleWay, "PAYMENT_FIRST"))},
		{"text, label and settle way", map[string]any{"search": "店", "labelId": "1911", "settleWay": "GOODS_FIRST"}, [3]int{7, 4, 3},
			allOf(hasText("店"), is(label, "1911"), is(settleWay, "GOODS_FIRST"))},
		{"a label and no label", map[string]any{"labelId": "1911", "noLabel": true}, [3]int{0, 0, 0}, is(label, "none")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i, caller := range []struct {
				token, group string
			}{{c.admin, ""}, {c.south, "1"}, {c.north, "2"}} {
				rows, total := restaurantRows(t, s, caller.token, tc.filter, nil)
				if total != tc.totals[i] || len(rows) != total {
					t.Errorf("caller %d: total %d with %d rows, want %d", i, total, len(rows), tc.totals[i])
				}
				for _, r := range rows {
					inGroup := caller.group == "" || boundTo(func(_, sm string) bool { return demoSaleMenuGroup(sm) == caller.group })(r)
					if !tc.match(r) || !inGroup {
						t.Errorf("caller %d: restaurant %s does not meet the filter: %+v", i, r.ID, r)
					}
				}
			}
		})
	}
}

// demoSaleMenuGroup is the group of a demo sale menu.
func demoSaleMenuGroup(id string) string {
	if strings.Contains(demoSaleMenus[id], southGroupJSON) {
		return "1"
	}
	return "2"
}

// Pages of any size concatenate to the whole list, newest first (then the
// highest id), each page with the same total; past the end a page is empty.
func TestRestaurantPaging(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t)
	for _, caller := range []struct {
		name, token string
		total, size int
	}{{"admin", c.admin, 59, 7}, {"group 1", c.south, 38, 10}, {"group 2", c.north, 21, 5}} {
		t.Run(caller.name, func(t *testing.T) {
			whole, total := restaurantRows(t, s, caller.token, nil, nil)
			if total != caller.total || len(whole) != total {
				t.Fatalf("total %d with %d rows, want %d", total, len(whole), caller.total)
			}
			if !slices.IsSortedFunc(whole, func(a, b restaurantRow) int {
				return -strings.Compare(a.CreatedAt+fmt.Sprintf("%012s", a.ID), b.CreatedAt+fmt.Sprintf("%012s", b.ID))
			}) {
				t.Errorf("not newest first: %v", ids(whole))
			}
			var paged []restaurantRow
			pages := (total + caller.size - 1) / caller.size
			for page := 1; page <= pages+1; page++ {
				rows, pageTotal := restaurantRows(t, s, caller.token, nil, map[string]any{"page": page, "size": caller.size})
				if pageTotal != total {
					t.Errorf("page %d: total %d, want %d", page, pageTotal, total)
				}
				if want := min(caller.size, max(0, total-(page-1)*caller.size)); len(rows) != want {
					t.Errorf("page %d has %d rows, want %d", page, len(rows), want)
				}
				paged = append(paged, rows...)
			}
			if !slices.Equal(ids(paged), ids(whole)) {
				t.Errorf("pages\n%v\nwant\n%v", ids(paged), ids(whole))
			}
		})
	}
	// The oldest is the document's restaurant, the newest the last one added.
	apptest.EqualJSON(t, do(t, s, c.south, `{ restaurants(paging: {page: 38, size: 1}) { total items { id createdAt } } }`, nil),
		`{"restaurants":{"total":38,"items":[{"id":"281196","createdAt":"2019-08-19T03:00:00Z"}]}}`)
	fails(t, s, c.south, `{ restaurants(paging: {page: 1, size: 0}) { total } }`, nil, invalidInput)
	fails(t, s, c.south, `{ restaurants(paging: {page: 0, size: 10}) { total } }`, nil, invalidInput)
}

// With after, the list goes on after that restaurant: reading page after
// page so gives the whole list, total counts what is left, and a list that
// does not ask for its total runs no count.
func TestRestaurantsAfter(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t)
	filter := map[string]any{"cityCode": "440300"}
	whole, total := restaurantRows(t, s, c.admin, filter, nil)
	const q = `query($f: RestaurantFilter, $after: ID) { restaurants(filter: $f, after: $after, paging: {page: 1, size: 4}) {
		total items { id } } }`
	var read []string
	var after any
	for range total {
		var d struct {
			Restaurants struct {
				Total int
				Items []struct{ ID string }
			}
		}
		if err := json.Unmarshal([]byte(do(t, s, c.admin, q, map[string]any{"f": filter, "after": after})), &d); err != nil {
			t.Fatal(err)
		}
		if left := total - len(read); d.Restaurants.Total != left {
			t.Errorf("after %v: total %d, want the %d left", after, d.Restaurants.Total, left)
		}
		if len(d.Restaurants.Items) == 0 {
			break
		}
		for _, r := range d.Restaurants.Items {
			read = append(read, r.ID)
		}
		after = read[len(read)-1]
	}
	if !slices.Equal(read, ids(whole)) || total < 9 {
		t.Errorf("read page after page\n%v\nwant (%d)\n%v", read, total, ids(whole))
	}
	counted := s.StatementsFor(func() { do(t, s, c.admin, `{ restaurants { total items { id } } }`, nil) })
	uncounted := s.StatementsFor(func() { do(t, s, c.admin, `{ restaurants { items { id } } }`, nil) })
	if counted != uncounted+1 {
		t.Errorf("with total %d statements, without %d: want one count fewer", counted, uncounted)
	}
}

// restaurantTotal counts what a caller finds.
func restaurantTotal(t *testing.T, s *apptest.Server, token string, filter map[string]any) string {
	t.Helper()
	return get(t, do(t, s, token, restaurantTotalQ, map[string]any{"f": filter}), "restaurants", "total")
}

// A merchant is a group's when one of its restaurants that is not deleted
// is bound to one of the group's sale menus; then each of its restaurants
// is the group's. A merchant bound to nothing is the admin's only.
func TestRestaurantGroupRule(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t)
	k073693 := map[string]any{"search": "K073693"} // a merchant of group 2 with one restaurant, S312204
	want := func(filter map[string]any, admin, south, north string) {
		t.Helper()
		for i, tc := range []struct{ token, want string }{{c.admin, admin}, {c.south, south}, {c.north, north}} {
			if got := restaurantTotal(t, s, tc.token, filter); got != tc.want {
				t.Errorf("caller %d found %s, want %s", i, got, tc.want)
			}
		}
	}
	want(k073693, "1", "0", "1")
	fails(t, s, c.south, restaurantQ, map[string]any{"id": 312204}, missing("restaurant"))
	fails(t, s, c.north, restaurantQ, map[string]any{"id": 281196}, missing("restaurant"))
	get(t, do(t, s, c.north, restaurantQ, map[string]any{"id": 312204}), "restaurant", "id")
	get(t, do(t, s, c.admin, restaurantQ, map[string]any{"id": 281196}), "restaurant", "id")

	// A second restaurant bound to a group-1 sale menu makes the merchant
	// group 1's too, with both restaurants.
	added := do(t, s, c.admin, `mutation($in: AddRestaurantInput!) { addRestaurant(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"merchantId": "73693", "name": "南方分店", "receiverName": "收", "receiverPhone": "1", "cityCode": "440300",
		"areaId": "30100000000", "streetId": "30100100000", "address": "1号", "saleMenuIds": []string{"8443"}}})
	second := get(t, added, "addRestaurant", "id")
	want(k073693, "2", "2", "2")
	get(t, do(t, s, c.south, restaurantQ, map[string]any{"id": 312204}), "restaurant", "id")
	// Unbound, it no longer makes the merchant group 1's.
	binding := get(t, do(t, s, c.admin, restaurantQ, map[string]any{"id": second}), "restaurant", "saleMenus", 0, "id")
	do(t, s, c.admin, `mutation($r: ID!, $b: ID!) { unbindRestaurantSaleMenu(restaurantId: $r, bindingId: $b) }`,
		map[string]any{"r": second, "b": binding})
	want(k073693, "2", "0", "2")
	// Bound again and then deleted, neither.
	do(t, s, c.admin, `mutation($r: ID!) { bindRestaurantSaleMenu(restaurantId: $r, stationId: 12469, saleMenuId: 8443) { id } }`,
		map[string]any{"r": second})
	want(k073693, "2", "2", "2")
	do(t, s, c.admin, `mutation($id: ID!) { deleteRestaurant(id: $id) }`, map[string]any{"id": second})
	want(k073693, "1", "0", "1")

	// A new merchant bound to nothing is no group's.
	do(t, s, c.admin, `mutation($in: AddRestaurantInput!) { addRestaurant(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"merchant": map[string]any{"username": "unbound", "password": "pw-unbound", "companyName": "无报价单公司"},
		"name":     "无报价单店", "receiverName": "收", "receiverPhone": "1", "cityCode": "440300",
		"areaId": "30100000000", "streetId": "30100100000", "address": "1号"}})
	want(map[string]any{"search": "无报价单"}, "1", "0", "0")
	want(nil, "60", "38", "21")
}

// restaurantJSON reads a restaurant as restaurantFieldsQ answers it.
func restaurantJSON(t *testing.T, s *apptest.Server, token string, id any) map[string]any {
	t.Helper()
	var d struct{ Restaurant map[string]any }
	if err := json.Unmarshal([]byte(do(t, s, token, restaurantQ, map[string]any{"id": id})), &d); err != nil {
		t.Fatal(err)
	}
	return d.Restaurant
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// The document's restaurant as the API answers it: every field.
const s281196 = `{"id":"281196","name":"1","phone":"","receiverName":"测试删除","receiverPhone":"134",
	"payerName":"测试删除","payerPhone":"134","address":"123","latitude":null,"longitude":null,"mapAddress":"",
	"review":"APPROVED","settleWay":"GOODS_FIRST","settlementCycle":"WEEKLY","creditMode":"BY_CYCLE","creditLimit":null,
	"effectiveDate":null,"beginDay":null,"settleDay":null,"dateBasis":"ORDER_DATE","remindDaysBefore":null,
	"createdAt":"2019-08-19T03:00:00Z",
	"merchant":{"id":"73655","username":"mmsh01","phone":"","companyName":"商户1","type":"SHOP","createdAt":"2019-08-19T03:00:00Z",
		"balance":6885.93,"points":0,"whitelisted":true,"financeStatus":"ACTIVE","accountManager":null,"salesManager":null},
	"city":{"code":"441900","name":"东莞市"},"area":{"id":"40100000000","name":"石排镇"},"street":{"id":"40100100000","name":"下沙村"},
	"label":null,"saleMenus":[{"id":"1","station":{"id":"12468","name":"喵喵总仓"},"saleMenu":{"id":"8444","name":"水果报价单"}}]}`

// Adding a restaurant makes its merchant's account (MERCHANT, which signs
// in to no back office) unless it is for an existing merchant; sale menus
// are bound at the lowest-numbered station that offers them.
func TestAddRestaurant(t *testing.T) {
	t.Parallel()
	at := time.Now().UTC().Truncate(time.Second)
	s, c := merchantServer(t, func(cfg *app.Config) { cfg.Now = func() time.Time { return at } })
	bindings := s.Rows(t, "merchant_restaurant_sale_menus")
	created := at.Format(time.RFC3339)

	data := do(t, s, c.south, addRestaurantQ, map[string]any{"in": map[string]any{
		"merchant": map[string]any{"username": "xinshanghu", "password": "pw-xinshanghu", "companyName": "新商户有限公司",
			"phone": "13900001111", "type": "PERSON", "whitelisted": true, "financeStatus": "FROZEN",
			"accountManagerId": "2012", "salesManagerId": "2013"},
		"name": "新店", "phone": "13900001112", "receiverName": "收货人", "receiverPhone": "13900001113",
		"payerName": "结算人", "payerPhone": "13900001114", "cityCode": "440300", "areaId": "30100000000",
		"streetId": "30100200000", "address": "深南大道1号", "latitude": 22.54, "longitude": 114.05, "mapAddress": "福田区深南大道",
		"review": "APPROVED", "labelId": "1912", "settleWay": "PAYMENT_FIRST", "settlementCycle": "MONTHLY", "creditMode": "BY_CYCLE",
		"effectiveDate": "2026-12-01", "beginDay": 1, "settleDay": 5, "dateBasis": "RECEIPT_DATE", "remindDaysBefore": 3,
		"saleMenuIds": []string{"8443", "21329", "8443"},
	}})
	merchantID := get(t, data, "addRestaurant", "merchant", "id")
	want := fmt.Sprintf(`{"addRestaurant":{"id":"312206","name":"新店","phone":"13900001112","receiverName":"收货人",
		"receiverPhone":"13900001113","payerName":"结算人","payerPhone":"13900001114","address":"深南大道1号",
		"latitude":22.54,"longitude":114.05,"mapAddress":"福田区深南大道","review":"APPROVED","settleWay":"PAYMENT_FIRST",
		"settlementCycle":"MONTHLY","creditMode":"BY_CYCLE","creditLimit":null,"effectiveDate":"2026-12-01","beginDay":1,
		"settleDay":5,"dateBasis":"RECEIPT_DATE","remindDaysBefore":3,"createdAt":"%[1]s",
		"merchant":{"id":"%[2]s","username":"xinshanghu","phone":"13900001111","companyName":"新商户有限公司","type":"PERSON",
			"createdAt":"%[1]s","balance":0,"points":0,"whitelisted":true,"financeStatus":"FROZEN",
			"accountManager":{"id":"2012","name":"张伟"},"salesManager":{"id":"2013","name":"李娜"}},
		"city":{"code":"440300","name":"深圳市"},"area":{"id":"30100000000","name":"福田区"},"street":{"id":"30100200000","name":"香蜜湖"},
		"label":{"id":"1912","name":"新开客户"},
		"saleMenus":[{"id":"%[3]d","station":{"id":"12468","name":"喵喵总仓"},"saleMenu":{"id":"8443","name":"蔬菜报价单"}},
			{"id":"%[4]d","station":{"id":"12469","name":"喵喵分仓二"},"saleMenu":{"id":"21329","name":"干货报价单"}}]}}`,
		created, merchantID, bindings+1, bindings+2)
	apptest.EqualJSON(t, data, want)
	apptest.EqualJSON(t, jsonOf(map[string]any{"addRestaurant": restaurantJSON(t, s, c.south, 312206)}), want)
	if total := restaurantTotal(t, s, c.south, nil); total != "39" {
		t.Errorf("group 1 has %s restaurants, want 39", total)
	}

	// The merchant's account: role MERCHANT, its password set (a wrong one
	// is refused otherwise), no back office.
	acc, err := s.App.Stores.Accounts.ByUsername(context.Background(), "xinshanghu")
	if err != nil || acc.Role != db.RoleMerchant || fmt.Sprint(acc.ID) != merchantID {
		t.Errorf("account %+v (%v), want role MERCHANT and id %s", acc, err, merchantID)
	}
	login := `mutation($u: String!, $p: String!, $app: LoginApp!) { login(input: {username: $u, password: $p, app: $app}) { token } }`
	for _, app := range []string{"MERCHANTS", "PHARMA"} {
		fails(t, s, "", login, map[string]any{"u": "xinshanghu", "p": "pw-xinshanghu", "app": app}, wrongRole)
	}
	fails(t, s, "", login, map[string]any{"u": "xinshanghu", "p": "wrong", "app": "MERCHANTS"},
		`{"code":"UNAUTHENTICATED","reason":"BAD_CREDENTIALS"}`)

	// For an existing merchant: only what a restaurant needs, the rest
	// defaults; the merchant is left as it is.
	before := restaurantJSON(t, s, c.south, 281196)
	data = do(t, s, c.south, addRestaurantQ, map[string]any{"in": map[string]any{
		"merchantId": "73655", "name": "第二家", "receiverName": "收", "receiverPhone": "1", "cityCode": "441900",
		"areaId": "40100000000", "streetId": "40100200000", "address": "2号"}})
	apptest.EqualJSON(t, data, fmt.Sprintf(`{"addRestaurant":{"id":"312207","name":"第二家","phone":"","receiverName":"收",
		"receiverPhone":"1","payerName":"","payerPhone":"","address":"2号","latitude":null,"longitude":null,"mapAddress":"",
		"review":"PENDING","settleWay":"GOODS_FIRST","settlementCycle":"DAILY","creditMode":"BY_CYCLE","creditLimit":null,
		"effectiveDate":null,"beginDay":null,"settleDay":null,"dateBasis":"ORDER_DATE","remindDaysBefore":null,"createdAt":"%s",
		"merchant":%s,"city":{"code":"441900","name":"东莞市"},"area":{"id":"40100000000","name":"石排镇"},
		"street":{"id":"40100200000","name":"石排村"},"label":null,"saleMenus":[]}}`, created, jsonOf(before["merchant"])))
	apptest.EqualJSON(t, jsonOf(restaurantJSON(t, s, c.south, 281196)), jsonOf(before))
	if got := restaurantTotal(t, s, c.south, map[string]any{"search": "K073655"}); got != "2" {
		t.Errorf("K073655 has %s restaurants, want 2", got)
	}
}

// updateRestaurant changes what it is given and nothing else: each field
// alone, the merchant's through any of its restaurants, a null clears an
// optional field and is refused for a required one.
func TestUpdateRestaurantPartial(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t)
	const id = 312203 // 贵州酸汤鱼（2号店）, credit by limit, managed by 2011; its sibling is S312202
	for _, tc := range []struct {
		name  string
		input map[string]any
		// set changes the restaurant as read before into what it must read after.
		set func(r map[string]any)
	}{
		{"nothing", map[string]any{}, func(map[string]any) {}},
		{"name", map[string]any{"name": "改名店"}, func(r map[string]any) { r["name"] = "改名店" }},
		{"phone", map[string]any{"phone": "13000000001"}, func(r map[string]any) { r["phone"] = "13000000001" }},
		{"receiver", map[string]any{"receiverName": "新收货人", "receiverPhone": "13000000002"}, func(r map[string]any) {
			r["receiverName"], r["receiverPhone"] = "新收货人", "13000000002"
		}},
		{"payer", map[string]any{"payerName": "新结算人"}, func(r map[string]any) { r["payerName"] = "新结算人" }},
		{"payer phone", map[string]any{"payerPhone": "13000000003"}, func(r map[string]any) { r["payerPhone"] = "13000000003" }},
		{"address", map[string]any{"address": "新地址8号"}, func(r map[string]any) { r["address"] = "新地址8号" }},
		{"map", map[string]any{"latitude": 23.1, "longitude": 113.3, "mapAddress": "天河区"}, func(r map[string]any) {
			r["latitude"], r["longitude"], r["mapAddress"] = 23.1, 113.3, "天河区"
		}},
		{"review", map[string]any{"review": "PENDING"}, func(r map[string]any) { r["review"] = "PENDING" }},
		{"label", map[string]any{"labelId": "1913"}, func(r map[string]any) { r["label"] = map[string]any{"id": "1913", "name": "连锁餐饮"} }},
		{"settle way", map[string]any{"settleWay": "PAYMENT_FIRST"}, func(r map[string]any) { r["settleWay"] = "PAYMENT_FIRST" }},
		{"cycle", map[string]any{"settlementCycle": "SEMIMONTHLY"}, func(r map[string]any) { r["settlementCycle"] = "SEMIMONTHLY" }},
		{"credit limit", map[string]any{"creditLimit": 1234.5}, func(r map[string]any) { r["creditLimit"] = 1234.5 }},
		{"credit by cycle", map[string]any{"creditMode": "BY_CYCLE", "effectiveDate": "2025-02-28", "beginDay": 2, "settleDay": 28,
			"dateBasis": "RECEIPT_DATE", "remindDaysBefore": 7}, func(r map[string]any) {
			r["creditMode"], r["effectiveDate"], r["beginDay"], r["settleDay"] = "BY_CYCLE", "2025-02-28", 2, 28
			r["dateBasis"], r["remindDaysBefore"] = "RECEIPT_DATE", 7
		}},
		{"place", map[string]any{"cityCode": "441900", "areaId": "40200000000", "streetId": "40200200000"}, func(r map[string]any) {
			r["city"] = map[string]any{"code": "441900", "name": "东莞市"}
			r["area"] = map[string]any{"id": "40200000000", "name": "长安镇"}
			r["street"] = map[string]any{"id": "40200200000", "name": "霄边"}
		}},
		{"company", map[string]any{"companyName": "新公司名"}, func(r map[string]any) { merchantOf(r)["companyName"] = "新公司名" }},
		{"whitelist", map[string]any{"whitelisted": true}, func(r map[string]any) { merchantOf(r)["whitelisted"] = true }},
		{"finance", map[string]any{"financeStatus": "FROZEN"}, func(r map[string]any) { merchantOf(r)["financeStatus"] = "FROZEN" }},
		{"managers", map[string]any{"accountManagerId": "2014", "salesManagerId": "2015"}, func(r map[string]any) {
			merchantOf(r)["accountManager"] = map[string]any{"id": "2014", "name": "王芳"}
			merchantOf(r)["salesManager"] = map[string]any{"id": "2015", "name": "刘洋"}
		}},
		// A null clears an optional field.
		{"no label", map[string]any{"labelId": nil}, func(r map[string]any) { r["label"] = nil }},
		{"no position", map[string]any{"latitude": nil, "longitude": nil}, func(r map[string]any) { r["latitude"], r["longitude"] = nil, nil }},
		{"no reminder", map[string]any{"remindDaysBefore": nil}, func(r map[string]any) { r["remindDaysBefore"] = nil }},
		{"no credit limit", map[string]any{"creditLimit": nil}, func(r map[string]any) { r["creditLimit"] = nil }},
		{"no account manager", map[string]any{"accountManagerId": nil}, func(r map[string]any) { merchantOf(r)["accountManager"] = nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, sibling := restaurantJSON(t, s, c.south, id), restaurantJSON(t, s, c.south, 312202)
			tc.set(before)
			want := jsonOf(before)
			got := do(t, s, c.south, updateRestaurantQ, map[string]any{"id": id, "in": tc.input})
			apptest.EqualJSON(t, got, `{"updateRestaurant":`+want+`}`)
			apptest.EqualJSON(t, jsonOf(restaurantJSON(t, s, c.south, id)), want)
			// The sibling shares the merchant, and only that.
			sibling["merchant"] = before["merchant"]
			apptest.EqualJSON(t, jsonOf(restaurantJSON(t, s, c.south, 312202)), jsonOf(sibling))
		})
	}

	// A null for a required field is refused, naming it; nothing changes.
	before := jsonOf(restaurantJSON(t, s, c.south, id))
	for _, field := range []string{"name", "receiverName", "cityCode", "areaId", "address", "review", "settleWay", "dateBasis",
		"companyName", "financeStatus", "whitelisted"} {
		fails(t, s, c.south, updateRestaurantQ, map[string]any{"id": id, "in": map[string]any{"name": "不会写入", field: nil}},
			`{"code":"INVALID_INPUT","field":"`+field+`"}`)
	}
	fails(t, s, c.south, updateRestaurantQ, map[string]any{"id": id, "in": map[string]any{"name": "  "}},
		`{"code":"INVALID_INPUT","field":"name"}`)
	apptest.EqualJSON(t, jsonOf(restaurantJSON(t, s, c.south, id)), before)

	// The document's restaurant, every field.
	apptest.EqualJSON(t, jsonOf(restaurantJSON(t, s, c.south, 281196)), s281196)
}

func merchantOf(r map[string]any) map[string]any { return r["merchant"].(map[string]any) }

// A restaurant's sale menus are bound, changed and unbound one binding at
// a time: only sale menus of the caller's group, at a station that offers
// them, never twice the same.
func TestRestaurantSaleMenuBindings(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t)
	const (
		bindQ   = `mutation($r: ID!, $st: ID!, $sm: ID!) { bindRestaurantSaleMenu(restaurantId: $r, stationId: $st, saleMenuId: $sm) { ` + bindingFieldsQ + ` } }`
		changeQ = `mutation($r: ID!, $b: ID!, $st: ID!, $sm: ID!) { changeRestaurantSaleMenu(restaurantId: $r, bindingId: $b, stationId: $st, saleMenuId: $sm) { ` + bindingFieldsQ + ` } }`
		unbindQ = `mutation($r: ID!, $b: ID!) { unbindRestaurantSaleMenu(restaurantId: $r, bindingId: $b) }`
		listQ   = `query($id: ID!) { restaurant(id: $id) { saleMenus { ` + bindingFieldsQ + ` } } }`
	)
	bindings := s.Rows(t, "merchant_restaurant_sale_menus")
	first := `{"id":"1","station":` + demoStations["12468"] + `,"saleMenu":` + demoSaleMenus["8444"] + `}`
	apptest.EqualJSON(t, do(t, s, c.south, listQ, map[string]any{"id": 281196}), `{"restaurant":{"saleMenus":[`+first+`]}}`)

	next := fmt.Sprint(bindings + 1)
	bound := `{"id":"` + next + `","station":` + demoStations["12469"] + `,"saleMenu":` + demoSaleMenus["8443"] + `}`
	apptest.EqualJSON(t, do(t, s, c.south, bindQ, map[string]any{"r": 281196, "st": 12469, "sm": 8443}),
		`{"bindRestaurantSaleMenu":`+bound+`}`)
	apptest.EqualJSON(t, do(t, s, c.south, listQ, map[string]any{"id": 281196}), `{"restaurant":{"saleMenus":[`+first+`,`+bound+`]}}`)

	for _, tc := range []struct {
		name, token string
		vars        map[string]any
		want        string
	}{
		{"twice", c.south, map[string]any{"r": 281196, "st": 12469, "sm": 8443}, duplicate},
		{"a station that does not offer it", c.south, map[string]any{"r": 281196, "st": 12468, "sm": 8446},
			`{"code":"INVALID_INPUT","reason":"NOT_OFFERED","field":"saleMenuId"}`},
		{"an unknown station", c.south, map[string]any{"r": 281196, "st": 99, "sm": 8443},
			`{"code":"NOT_FOUND","entity":"station","field":"stationId"}`},
		{"an unknown sale menu", c.south, map[string]any{"r": 281196, "st": 12468, "sm": 99},
			`{"code":"NOT_FOUND","entity":"saleMenu","field":"saleMenuId"}`},
		{"another group's sale menu", c.south, map[string]any{"r": 281196, "st": 12470, "sm": 21330},
			`{"code":"NOT_FOUND","entity":"saleMenu","field":"saleMenuId"}`},
		{"another group's restaurant", c.north, map[string]any{"r": 281196, "st": 12470, "sm": 21330}, missing("restaurant")},
		{"an unknown restaurant", c.admin, map[string]any{"r": 99, "st": 12468, "sm": 8443}, missing("restaurant")},
	} {
		t.Run("bind "+tc.name, func(t *testing.T) { fails(t, s, tc.token, bindQ, tc.vars, tc.want) })
	}

	changed := `{"id":"` + next + `","station":` + demoStations["12469"] + `,"saleMenu":` + demoSaleMenus["21329"] + `}`
	apptest.EqualJSON(t, do(t, s, c.south, changeQ, map[string]any{"r": 281196, "b": next, "st": 12469, "sm": 21329}),
		`{"changeRestaurantSaleMenu":`+changed+`}`)
	for _, tc := range []struct {
		name, token string
		vars        map[string]any
		want        string
	}{
		{"into the other binding", c.south, map[string]any{"r": 281196, "b": next, "st": 12468, "sm": 8444}, duplicate},
		{"to a station that does not offer it", c.south, map[string]any{"r": 281196, "b": next, "st": 12472, "sm": 8443},
			`{"code":"INVALID_INPUT","reason":"NOT_OFFERED","field":"saleMenuId"}`},
		{"to another group's sale menu", c.south, map[string]any{"r": 281196, "b": next, "st": 12470, "sm": 21330},
			`{"code":"NOT_FOUND","entity":"saleMenu","field":"saleMenuId"}`},
		{"another restaurant's binding", c.south, map[string]any{"r": 281196, "b": 2, "st": 12469, "sm": 8443}, missing("saleMenuBinding")},
		{"in another group", c.north, map[string]any{"r": 281196, "b": next, "st": 12470, "sm": 21330}, missing("restaurant")},
	} {
		t.Run("change "+tc.name, func(t *testing.T) { fails(t, s, tc.token, changeQ, tc.vars, tc.want) })
	}
	apptest.EqualJSON(t, do(t, s, c.south, listQ, map[string]any{"id": 281196}), `{"restaurant":{"saleMenus":[`+first+`,`+changed+`]}}`)
	if n := s.Rows(t, "merchant_restaurant_sale_menus"); n != bindings+1 {
		t.Errorf("%d bindings, want %d", n, bindings+1)
	}

	fails(t, s, c.north, unbindQ, map[string]any{"r": 281196, "b": next}, missing("restaurant"))
	fails(t, s, c.south, unbindQ, map[string]any{"r": 281196, "b": 2}, missing("saleMenuBinding"))
	apptest.EqualJSON(t, do(t, s, c.south, unbindQ, map[string]any{"r": 281196, "b": next}), `{"unbindRestaurantSaleMenu":"`+next+`"}`)
	fails(t, s, c.south, unbindQ, map[string]any{"r": 281196, "b": next}, missing("saleMenuBinding"))
	apptest.EqualJSON(t, do(t, s, c.south, listQ, map[string]any{"id": 281196}), `{"restaurant":{"saleMenus":[`+first+`]}}`)
	if n := s.Rows(t, "merchant_restaurant_sale_menus"); n != bindings {
		t.Errorf("%d bindings, want %d", n, bindings)
	}
}

const bindingFieldsQ = `id station { id name cityCode deliversTo keyUrl } saleMenu { ` + saleMenuFieldsQ + ` }`

// A deleted restaurant leaves every list and every operation; its row stays.
func TestDeleteRestaurant(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t)
	const deleteQ = `mutation($id: ID!) { deleteRestaurant(id: $id) }`
	fails(t, s, c.north, deleteQ, map[string]any{"id": 312203}, missing("restaurant"))
	apptest.EqualJSON(t, do(t, s, c.south, deleteQ, map[string]any{"id": 312203}), `{"deleteRestaurant":"312203"}`)

	if got := restaurantTotal(t, s, c.south, nil); got != "37" {
		t.Errorf("group 1 has %s restaurants, want 37", got)
	}
	if got := restaurantTotal(t, s, c.admin, map[string]any{"search": "S312203"}); got != "0" {
		t.Errorf("S312203 found %s times", got)
	}
	// Its sibling keeps the merchant in group 1.
	if got := restaurantTotal(t, s, c.south, map[string]any{"search": "K073692"}); got != "1" {
		t.Errorf("K073692 has %s restaurants, want 1", got)
	}
	for _, op := range []struct {
		q    string
		vars map[string]any
	}{
		{restaurantQ, map[string]any{"id": 312203}},
		{deleteQ, map[string]any{"id": 312203}},
		{updateRestaurantQ, map[string]any{"id": 312203, "in": map[string]any{"name": "x"}}},
		{`mutation { bindRestaurantSaleMenu(restaurantId: 312203, stationId: 12469, saleMenuId: 8443) { id } }`, nil},
	} {
		fails(t, s, c.admin, op.q, op.vars, missing("restaurant"))
	}
	if n := s.Rows(t, "merchant_restaurants"); n != 59 {
		t.Errorf("%d restaurant rows, want 59", n)
	}
}

// Bad input is refused with what and where, and writes nothing: not the
// account, the merchant, the restaurant or a binding, even when it is
// found after they were written.
func TestRestaurantBadInputWritesNothing(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t)
	// A group-1 sale menu no station offers.
	if err := s.App.Stores.Merchants.AddReference(context.Background(), db.Reference{
		SaleMenus: []*db.SaleMenu{{ID: 9001, Name: "未上架报价单", GroupID: 1}}}); err != nil {
		t.Fatal(err)
	}
	tables := []string{"merchant_restaurants", "merchants", "accounts", "merchant_restaurant_sale_menus"}
	counts := func() []int64 {
		n := make([]int64, len(tables))
		for i, table := range tables {
			n[i] = s.Rows(t, table)
		}
		return n
	}
	rowsBefore := counts()
	valid := func() map[string]any {
		return map[string]any{
			"merchant": map[string]any{"username": "badinput", "password": "pw-badinput", "companyName": "公司",
				"accountManagerId": "2012", "salesManagerId": "2013"},
			"name": "店", "receiverName": "收", "receiverPhone": "1", "cityCode": "440300", "areaId": "30100000000",
			"streetId": "30100100000", "address": "1号", "saleMenuIds": []string{"8443"},
		}
	}
	merchant := func(in map[string]any) map[string]any { return in["merchant"].(map[string]any) }
	notUnder := func(field string) string {
		return `{"code":"INVALID_INPUT","reason":"NOT_UNDER","field":"` + field + `"}`
	}
	notFound := func(entity, field string) string {
		return `{"code":"NOT_FOUND","entity":"` + entity + `","field":"` + field + `"}`
	}
	invalid := func(field string) string { return `{"code":"INVALID_INPUT","field":"` + field + `"}` }
	for _, tc := range []struct {
		name   string
		change func(in map[string]any)
		want   string
	}{
		{"an area not under the city", func(in map[string]any) { in["areaId"] = "40100000000" }, notUnder("areaId")},
		{"a street as the area", func(in map[string]any) { in["areaId"] = "30100100000" }, notUnder("areaId")},
		{"a street not under the area", func(in map[string]any) { in["streetId"] = "30200100000" }, notUnder("streetId")},
		{"a district as the street", func(in map[string]any) { in["streetId"] = "30200000000" }, notUnder("streetId")},
		{"an unknown city", func(in map[string]any) { in["cityCode"] = "999999" }, notFound("city", "cityCode")},
		{"an unknown area", func(in map[string]any) { in["areaId"] = "1" }, notFound("area", "areaId")},
		{"an unknown street", func(in map[string]any) { in["streetId"] = "1" }, notFound("area", "streetId")},
		{"an unknown label", func(in map[string]any) { in["labelId"] = "999" }, notFound("label", "labelId")},
		{"an unknown employee", func(in map[string]any) { merchant(in)["accountManagerId"] = "999" },
			notFound("employee", "merchant.accountManagerId")},
		{"an employee who is no account manager", func(in map[string]any) { merchant(in)["accountManagerId"] = "2013" },
			notFound("employee", "merchant.accountManagerId")},
		{"an employee who is no sales manager", func(in map[string]any) { merchant(in)["salesManagerId"] = "2012" },
			notFound("employee", "merchant.salesManagerId")},
		{"another group's employee", func(in map[string]any) { merchant(in)["accountManagerId"] = "2016" },
			notFound("employee", "merchant.accountManagerId")},
		{"begin day 0", func(in map[string]any) { in["beginDay"] = 0 }, invalid("beginDay")},
		{"settle day 32", func(in map[string]any) { in["settleDay"] = 32 }, invalid("settleDay")},
		{"a reminder 8 days before", func(in map[string]any) { in["remindDaysBefore"] = 8 }, invalid("remindDaysBefore")},
		{"month 13", func(in map[string]any) { in["effectiveDate"] = "2019-13-01" }, invalid("effectiveDate")},
		{"a credit limit below 0", func(in map[string]any) { in["creditLimit"] = -0.01 }, invalid("creditLimit")},
		{"a blank name", func(in map[string]any) { in["name"] = " " }, invalid("name")},
		{"a blank address", func(in map[string]any) { in["address"] = "" }, invalid("address")},
		{"a blank company", func(in map[string]any) { merchant(in)["companyName"] = "" }, invalid("merchant.companyName")},
		{"a blank username", func(in map[string]any) { merchant(in)["username"] = " " }, invalid("merchant.username")},
		{"no password", func(in map[string]any) { merchant(in)["password"] = "" }, invalid("merchant.password")},
		{"a merchant's username", func(in map[string]any) { merchant(in)["username"] = "mmsh01" },
			`{"code":"CONFLICT","reason":"DUPLICATE","field":"merchant.username"}`},
		{"an employee's username", func(in map[string]any) { merchant(in)["username"] = "miaomiao" },
			`{"code":"CONFLICT","reason":"DUPLICATE","field":"merchant.username"}`},
		{"an unknown sale menu", func(in map[string]any) { in["saleMenuIds"] = []string{"8443", "99"} },
			notFound("saleMenu", "saleMenuIds.1")},
		{"another group's sale menu", func(in map[string]any) { in["saleMenuIds"] = []string{"21330"} },
			notFound("saleMenu", "saleMenuIds.0")},
		{"a sale menu no station offers", func(in map[string]any) { in["saleMenuIds"] = []string{"8443", "9001"} },
			`{"code":"INVALID_INPUT","reason":"NOT_OFFERED","field":"saleMenuIds.1"}`},
		{"an existing merchant and a new one", func(in map[string]any) { in["merchantId"] = "73655" }, invalid("merchantId")},
		{"no merchant", func(in map[string]any) { delete(in, "merchant") }, invalid("merchantId")},
		{"another group's merchant", func(in map[string]any) { delete(in, "merchant"); in["merchantId"] = "73693" },
			missing("merchant")},
		{"an unknown merchant", func(in map[string]any) { delete(in, "merchant"); in["merchantId"] = "5" }, missing("merchant")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := valid()
			tc.change(in)
			fails(t, s, c.south, addRestaurantQ, map[string]any{"in": in}, tc.want)
			if got := counts(); !slices.Equal(got, rowsBefore) {
				t.Errorf("rows of %v: %v, want %v", tables, got, rowsBefore)
			}
		})
	}
	// The same checks guard an update, which writes nothing either.
	before := jsonOf(restaurantJSON(t, s, c.south, 312203))
	for _, tc := range []struct {
		name  string
		input map[string]any
		want  string
	}{
		{"a city its area is not in", map[string]any{"cityCode": "441900"}, notUnder("areaId")},
		{"an area its street is not under", map[string]any{"areaId": "50200000000"}, notUnder("streetId")},
		{"an unknown label", map[string]any{"name": "x", "labelId": "999"}, notFound("label", "labelId")},
		{"an employee who is no account manager", map[string]any{"name": "x", "accountManagerId": "2013"},
			notFound("employee", "accountManagerId")},
		{"another group's employee", map[string]any{"name": "x", "salesManagerId": "2017"}, notFound("employee", "salesManagerId")},
		{"begin day 0", map[string]any{"name": "x", "beginDay": 0}, invalid("beginDay")},
		{"month 13", map[string]any{"name": "x", "effectiveDate": "2019-13-01"}, invalid("effectiveDate")},
	} {
		t.Run("update "+tc.name, func(t *testing.T) {
			fails(t, s, c.south, updateRestaurantQ, map[string]any{"id": 312203, "in": tc.input}, tc.want)
		})
	}
	apptest.EqualJSON(t, jsonOf(restaurantJSON(t, s, c.south, 312203)), before)
}

// merchantCloneRestaurants adds copies (same merchant, place, label and
// bindings) of each of a group's restaurants, through the store.
func merchantCloneRestaurants(t *testing.T, s *apptest.Server, group int64, copies int) {
	t.Helper()
	ctx := context.Background()
	st := s.App.Stores.Merchants
	rows, _, err := st.Restaurants(ctx, db.RestaurantFilter{GroupID: &group}, nil)
	if err == nil {
		err = st.LoadRestaurantEdges(ctx, db.RestaurantEdges{Bindings: true}, rows...)
	}
	if err != nil {
		t.Fatal(err)
	}
	for range copies {
		for _, r := range rows {
			c := *r
			c.ID, c.Name = 0, r.Name+" copy"
			if err := st.CreateRestaurant(ctx, &c); err != nil {
				t.Fatal(err)
			}
			var bs []*db.SaleMenuBinding
			for _, b := range r.SaleMenus {
				bs = append(bs, &db.SaleMenuBinding{RestaurantID: c.ID, StationID: b.StationID, SaleMenuID: b.SaleMenuID})
			}
			if err := st.Bind(ctx, bs); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// A page of 10 or of 100 restaurants with every edge costs the same
// statements, under load too: the page loads its edges and the reference
// data below them, one statement each.
func TestRestaurantListStatementsDoNotGrowWithPageSize(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t, noCostLimit)
	merchantCloneRestaurants(t, s, 1, 2) // 3 × 38 restaurants in group 1
	q := `query($size: Int!) { restaurants(paging: {page: 1, size: $size}) { total items { ` + restaurantEveryEdge + ` } } }`
	n := s.SameStatementsAtAnySize(t, []int{10, 100}, func(size int) {
		data := do(t, s, c.south, q, map[string]any{"size": size})
		if got := strings.Count(data, `"companyName"`); got != size {
			t.Fatalf("page of %d has %d restaurants", size, got)
		}
	})
	// session + the caller's group + page (2: count and rows) + merchants +
	// managers with their groups + cities + their areas + areas + their
	// children + labels + bindings with stations and sale menus with groups
	// + the stations' cities + the stations offering the sale menus (3:
	// offers, stations, their cities)
	if n != 16 {
		t.Errorf("a page took %d statements, want 16", n)
	}
	// One restaurant with every edge (S312186 has a label and both
	// managers) costs as much: the page's statements, but for its count and
	// with the check that it is the caller's group's.
	one := s.StatementsFor(func() {
		do(t, s, c.south, `{ restaurant(id: 312186) { `+restaurantEveryEdge+` } }`, nil)
	})
	if one != 16 {
		t.Errorf("a restaurant took %d statements, want 16:\n%s", one, s.Statements.Seen())
	}
}

// The index with every list and edge costs a fixed number of statements,
// however much reference data there is.
func TestMerchantIndexStatements(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t)
	q := `{ merchantIndex { cities { ` + cityFieldsQ + ` } stations { id name cityCode deliversTo keyUrl }
		accountManagers { ` + employeeFieldsQ + ` } salesManagers { ` + employeeFieldsQ + ` } saleMenus { ` + saleMenuFieldsQ + ` } } }`
	var data string
	count := func(token string) int64 { return s.StatementsFor(func() { data = do(t, s, token, q, nil) }) }
	// session + cities + their areas + stations + their cities + account
	// managers and sales managers with their groups + sale menus with their
	// groups + the stations offering them (3); an employee's group is read
	// once per list of the group's (3).
	const admin, employee = 11, 14
	check := func() {
		t.Helper()
		if n := count(c.admin); n != admin {
			t.Errorf("admin: %d statements, want %d:\n%s", n, admin, s.Statements.Seen())
		}
		if n := count(c.south); n != employee {
			t.Errorf("employee: %d statements, want %d:\n%s", n, employee, s.Statements.Seen())
		}
	}
	sizes := func() [4]int {
		return [4]int{strings.Count(data, `"cityCode"`), strings.Count(data, `"keyUrl"`),
			strings.Count(data, `"districtCode"`), strings.Count(data, `"stations":[{`)}
	}
	check()
	before := sizes()
	// More of everything: a city with a district and streets, a station, a
	// manager, sale menus offered at stations.
	ctx := context.Background()
	parent := int64(60100000000)
	manager := s.CreateAccount(t, "newmanager", "pw-newmanager", db.RoleEmployee, true)
	if err := s.App.Stores.Merchants.AddReference(ctx, db.Reference{
		Cities: []*db.City{{Code: "330100", Name: "杭州市"}},
		Areas: []*db.Area{{ID: parent, CityCode: "330100", Name: "西湖区"},
			{ID: parent + 100000, CityCode: "330100", ParentID: &parent, Name: "北山"},
			{ID: parent + 200000, CityCode: "330100", ParentID: &parent, Name: "灵隐"}},
		Stations:  []*db.Station{{ID: 12473, Name: "杭州仓", CityCode: "330100", KeyURL: "hz", DeliversTo: []string{"330100", "310000"}}},
		Employees: []*db.Employee{{ID: manager.ID, GroupID: 1, Name: "新经理", Phone: "1", AccountManager: true, SalesManager: true}},
		SaleMenus: []*db.SaleMenu{{ID: 9001, Name: "杭州报价单", GroupID: 1}, {ID: 9002, Name: "杭州二", GroupID: 2}},
		Offers:    []*db.StationSaleMenu{{StationID: 12473, SaleMenuID: 9001}, {StationID: 12473, SaleMenuID: 9002}, {StationID: 12468, SaleMenuID: 9001}},
	}); err != nil {
		t.Fatal(err)
	}
	check()
	// 3 more areas and a station (each with a cityCode), the station, the
	// manager in both lists, a sale menu.
	if after := sizes(); after != [4]int{before[0] + 4, before[1] + 1, before[2] + 2, before[3] + 1} {
		t.Errorf("areas, stations, managers and offered sale menus %v, then %v", before, after)
	}
}

// The cost limit (graph/cost.go) lets through a page of 100 restaurants
// with every edge the list screen shows; one that asks, for every
// restaurant, for its city's whole area tree is refused. Without paging,
// the list is its default page of 10. The index with its city tree passes.
func TestRestaurantCost(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t)
	listScreen := `id name merchant { id companyName accountManager { id name } salesManager { id name } }
		city { code name } area { id name } street { id name } label { id name } saleMenus { id station { id name } saleMenu { id name } }`
	data := do(t, s, c.admin, `{ restaurants(paging: {page: 1, size: 100}) { total items { `+listScreen+` } } }`, nil)
	if n := strings.Count(data, `"companyName"`); n != 59 {
		t.Errorf("%d restaurants, want 59", n)
	}
	// 1 + 100 × (restaurant + merchant + 2 managers + city + area + street
	// + label + 3 sale menus × (binding + station + sale menu)) = 1701
	tooCostly := func(q string, cost int) {
		t.Helper()
		r := s.GraphQL(t, c.admin, q, nil)
		expectError(t, r, `{"code":"COMPLEXITY_LIMIT"}`)
		if len(r.Errors) == 1 && !strings.Contains(r.Errors[0].Message, fmt.Sprintf("costs %d,", cost)) {
			t.Errorf("%s, want a cost of %d", r.Errors[0].Message, cost)
		}
	}
	// per restaurant: 1 + merchant with managers and their groups (5) +
	// city with 20 areas of 10 children (221) + area and street with 10
	// children (11 each) + label + 3 bindings × (1 + station + sale menu
	// with group and 5 stations) (27) = 277
	tooCostly(`{ restaurants(paging: {page: 1, size: 100}) { total items { `+restaurantEveryEdge+` } } }`, 1+100*277)
	// Without paging, the default page of 10 (with its cost) is read.
	data = do(t, s, c.admin, `{ restaurants { items { `+restaurantEveryEdge+` } } }`, nil)
	if n := strings.Count(data, `"companyName"`); n != 10 {
		t.Errorf("%d restaurants without paging, want the default page of 10", n)
	}
	// Without the city's tree, a page of 100 still asks for 100 × 57.
	withoutTree := strings.Replace(restaurantEveryEdge, "city { code name areas { id name children { id name } } }", "city { code name }", 1)
	tooCostly(`{ restaurants(paging: {page: 1, size: 100}) { total items { `+withoutTree+` } } }`, 1+100*57)
	// A page of 10 with every edge passes.
	data = do(t, s, c.admin, `{ restaurants(paging: {page: 1, size: 10}) { total items { `+restaurantEveryEdge+` } } }`, nil)
	if n := strings.Count(data, `"companyName"`); n != 10 {
		t.Errorf("%d restaurants, want 10", n)
	}
	// The index with every list and edge passes, at 1 + 20 cities × (1 + 20
	// areas × (1 + 10 children)) + 10 stations + 2 × 20 managers × 2 + 20
	// sale menus × (1 + group + 5 stations) = 4651.
	index := `{ merchantIndex { cities { ` + cityFieldsQ + ` } stations { id name cityCode deliversTo keyUrl }
		accountManagers { ` + employeeFieldsQ + ` } salesManagers { ` + employeeFieldsQ + ` } saleMenus { ` + saleMenuFieldsQ + ` } } }`
	do(t, s, c.admin, index, nil)
	tight := apptest.New(t, func(c *app.Config) { c.Limits.Cost = 4650 })
	r := tight.GraphQL(t, tight.AdminToken(t), index, nil)
	if len(r.Errors) != 1 || r.Errors[0].Message != "the operation costs 4651, more than 4650: ask for smaller pages or fewer lists" {
		t.Errorf("index under a limit of 4650: %+v", r.Errors)
	}
}

// A merchant of both groups may have another group's managers: an employee
// edits its restaurants and adds to it without touching them, and cannot
// set them to that group's employees.
func TestRestaurantOfASharedMerchant(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t)
	// S312203's merchant K073692 is group 1's; bound to a group-2 sale
	// menu, group 2's too, and given group-2 managers by the admin.
	do(t, s, c.admin, `mutation { bindRestaurantSaleMenu(restaurantId: 312203, stationId: 12470, saleMenuId: 21330) { id } }`, nil)
	do(t, s, c.admin, updateRestaurantQ, map[string]any{"id": 312203, "in": map[string]any{"accountManagerId": "2016", "salesManagerId": "2017"}})

	got := do(t, s, c.south, `mutation { updateRestaurant(id: 312202, input: {name: "南方改名"}) { name merchant { accountManager { id } salesManager { id } } } }`, nil)
	apptest.EqualJSON(t, got, `{"updateRestaurant":{"name":"南方改名","merchant":{"accountManager":{"id":"2016"},"salesManager":{"id":"2017"}}}}`)
	got = do(t, s, c.south, `mutation($in: AddRestaurantInput!) { addRestaurant(input: $in) { merchant { id accountManager { id } } } }`,
		map[string]any{"in": map[string]any{"merchantId": "73692", "name": "三号店", "receiverName": "收", "receiverPhone": "1",
			"cityCode": "440100", "areaId": "50100000000", "streetId": "50100100000", "address": "3号"}})
	apptest.EqualJSON(t, got, `{"addRestaurant":{"merchant":{"id":"73692","accountManager":{"id":"2016"}}}}`)
	fails(t, s, c.south, updateRestaurantQ, map[string]any{"id": 312202, "in": map[string]any{"accountManagerId": "2018"}},
		`{"code":"NOT_FOUND","entity":"employee","field":"accountManagerId"}`)
	// The other group edits it too, with its managers.
	do(t, s, c.north, updateRestaurantQ, map[string]any{"id": 312203, "in": map[string]any{"accountManagerId": "2018", "payerName": "北方"}})
}

// An employee changes only their group's part of a shared merchant: a
// restaurant bound to other groups' sale menus only, and a binding to
// another group's sale menu, are FORBIDDEN (OTHER_GROUP); a change that
// would leave the merchant bound to none of the group's sale menus is a
// CONFLICT (LAST_BINDING); nothing is written.
func TestEmployeesChangeOnlyTheirGroupsPart(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t)
	// K073655 (S281196, bound to 8444 at 12468: group 1) gets a restaurant
	// bound to 21330 (group 2), so group 2 sees it too.
	added := do(t, s, c.admin, `mutation($in: AddRestaurantInput!) { addRestaurant(input: $in) { id saleMenus { id } } }`,
		map[string]any{"in": map[string]any{"merchantId": "73655", "name": "北方店", "receiverName": "收", "receiverPhone": "1",
			"cityCode": "110000", "areaId": "150100000000", "streetId": "150100100000", "address": "1号", "saleMenuIds": []string{"21330"}}})
	apptest.EqualJSON(t, added, `{"addRestaurant":{"id":"312206","saleMenus":[{"id":"75"}]}}`)
	before := restaurantJSON(t, s, c.admin, 281196)
	bindings := s.Rows(t, "merchant_restaurant_sale_menus")
	otherGroup := `{"code":"FORBIDDEN","reason":"OTHER_GROUP"}`
	for name, q := range map[string]string{
		"update":  `mutation { updateRestaurant(id: 281196, input: {name: "改"}) { id } }`,
		"delete":  `mutation { deleteRestaurant(id: 281196) }`,
		"bind":    `mutation { bindRestaurantSaleMenu(restaurantId: 281196, stationId: 12470, saleMenuId: 21332) { id } }`,
		"unbind":  `mutation { unbindRestaurantSaleMenu(restaurantId: 281196, bindingId: 1) }`,
		"rebind":  `mutation { changeRestaurantSaleMenu(restaurantId: 281196, bindingId: 1, stationId: 12470, saleMenuId: 21330) { id } }`,
		"its own": `mutation { unbindRestaurantSaleMenu(restaurantId: 312206, bindingId: 1) }`,
	} {
		t.Run(name, func(t *testing.T) {
			want := otherGroup
			if name == "its own" { // its own restaurant, group 1's binding of another
				want = `{"code":"NOT_FOUND","entity":"saleMenuBinding"}`
			}
			fails(t, s, c.north, q, nil, want)
		})
	}
	// Group 1 may not unbind the merchant's last group-1 binding, nor
	// delete its last group-1 restaurant: group 1 would lose K073655.
	lastBinding := `{"code":"CONFLICT","reason":"LAST_BINDING"}`
	fails(t, s, c.south, `mutation { unbindRestaurantSaleMenu(restaurantId: 281196, bindingId: 1) }`, nil, lastBinding)
	fails(t, s, c.south, `mutation { deleteRestaurant(id: 281196) }`, nil, lastBinding)
	// Group 2 may not unbind its own last one either, but may change it.
	fails(t, s, c.north, `mutation { unbindRestaurantSaleMenu(restaurantId: 312206, bindingId: 75) }`, nil, lastBinding)
	if got := restaurantJSON(t, s, c.admin, 281196); !reflect.DeepEqual(got, before) || s.Rows(t, "merchant_restaurant_sale_menus") != bindings {
		t.Errorf("refused changes wrote: %v (bindings %d, were %d)", got, s.Rows(t, "merchant_restaurant_sale_menus"), bindings)
	}
	do(t, s, c.north, `mutation { changeRestaurantSaleMenu(restaurantId: 312206, bindingId: 75, stationId: 12470, saleMenuId: 21332) { id } }`, nil)
	// Bound to both groups' sale menus, S281196 is each group's to edit,
	// but not for group 2 to delete: group 1's binding would go with it.
	do(t, s, c.admin, `mutation { bindRestaurantSaleMenu(restaurantId: 281196, stationId: 12470, saleMenuId: 21330) { id } }`, nil)
	do(t, s, c.north, `mutation { updateRestaurant(id: 281196, input: {payerName: "北方"}) { id } }`, nil)
	fails(t, s, c.north, `mutation { deleteRestaurant(id: 281196) }`, nil, otherGroup)
	// The admin belongs to no group: it may.
	do(t, s, c.admin, `mutation { unbindRestaurantSaleMenu(restaurantId: 281196, bindingId: 1) }`, nil)
}

// What one request may make the service do is bounded, and refused by the
// input at fault: a long search, a password bcrypt cannot take, too many
// sale menus at once, a cursor in another group, a new merchant of an
// employee's with none of the group's sale menus (nobody in the group
// could see it).
func TestMerchantInputBounds(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t)
	fails(t, s, c.south, `query($q: String) { restaurants(filter: {search: $q}) { total } }`,
		map[string]any{"q": strings.Repeat("店", 101)}, `{"code":"INVALID_INPUT","field":"query"}`)
	do(t, s, c.south, `query($q: String) { restaurants(filter: {search: $q}) { total } }`, map[string]any{"q": strings.Repeat("店", 100)})
	fails(t, s, c.north, `{ restaurants(after: 281196) { total } }`, nil, `{"code":"NOT_FOUND","entity":"restaurant","field":"after"}`)
	fails(t, s, c.south, `query($q: String) { restaurantsExport(filter: {search: $q}) { url } }`,
		map[string]any{"q": strings.Repeat("店", 101)}, `{"code":"INVALID_INPUT","field":"query"}`)
	fails(t, s, c.south, `mutation { updateRestaurant(id: 281196, input: {latitude: 91}) { id } }`, nil,
		`{"code":"INVALID_INPUT","field":"latitude"}`)
	do(t, s, c.south, `{ restaurants(after: 281196) { total } }`, nil)
	add := func(merchant map[string]any, saleMenus []string) map[string]any {
		return map[string]any{"in": map[string]any{"merchant": merchant, "name": "新店", "receiverName": "收", "receiverPhone": "1",
			"cityCode": "440300", "areaId": "30100000000", "streetId": "30100100000", "address": "1号", "saleMenuIds": saleMenus}}
	}
	const addQ = `mutation($in: AddRestaurantInput!) { addRestaurant(input: $in) { id } }`
	newMerchant := func(password string) map[string]any {
		return map[string]any{"username": "newshop", "password": password, "companyName": "新公司"}
	}
	accounts := s.Rows(t, "accounts")
	fails(t, s, c.south, addQ, add(newMerchant(strings.Repeat("p", 73)), []string{"8443"}),
		`{"code":"INVALID_INPUT","field":"merchant.password"}`)
	fails(t, s, c.south, addQ, add(newMerchant("pw"), slices.Repeat([]string{"8443"}, 51)),
		`{"code":"INVALID_INPUT","field":"saleMenuIds"}`)
	fails(t, s, c.south, addQ, add(newMerchant("pw"), nil), `{"code":"INVALID_INPUT","field":"saleMenuIds"}`)
	if n := s.Rows(t, "accounts"); n != accounts {
		t.Errorf("refused adds made %d accounts", n-accounts)
	}
	do(t, s, c.south, addQ, add(newMerchant(strings.Repeat("p", 72)), []string{"8443"}))
	do(t, s, c.admin, addQ, add(map[string]any{"username": "adminshop", "password": "pw", "companyName": "总部"}, nil))
}

// Two changes of one merchant's bindings run one after the other, so the
// check that the group keeps its hold sees the other's outcome: of two
// unbinds of the merchant's last two group-1 bindings at once, one is
// refused. The hook holds each check until both unbinds have deleted (or
// half a second): without the merchant's lock both checks would pass.
func TestConcurrentUnbindsKeepTheGroupsHold(t *testing.T) {
	t.Parallel()
	s, c := merchantServer(t)
	added := do(t, s, c.admin, `mutation($in: AddRestaurantInput!) { addRestaurant(input: $in) { saleMenus { id } } }`,
		map[string]any{"in": map[string]any{"merchantId": "73655", "name": "二号店", "receiverName": "收", "receiverPhone": "1",
			"cityCode": "440300", "areaId": "30100000000", "streetId": "30100100000", "address": "2号", "saleMenuIds": []string{"8443"}}})
	apptest.EqualJSON(t, added, `{"addRestaurant":{"saleMenus":[{"id":"75"}]}}`)
	var mu sync.Mutex
	deleted, bothDeleted := 0, make(chan struct{})
	s.Statements.Before(func(query string) {
		switch {
		case strings.HasPrefix(query, `DELETE FROM "merchant_restaurant_sale_menus"`):
			mu.Lock()
			if deleted++; deleted == 2 {
				close(bothDeleted)
			}
			mu.Unlock()
		case strings.Contains(query, "AS sibling"):
			select {
			case <-bothDeleted:
			case <-time.After(500 * time.Millisecond):
			}
		}
	})
	unbinds := []string{
		`mutation { unbindRestaurantSaleMenu(restaurantId: 281196, bindingId: 1) }`,
		`mutation { unbindRestaurantSaleMenu(restaurantId: 312206, bindingId: 75) }`,
	}
	answers := make([]apptest.GraphQLResponse, len(unbinds))
	var wg sync.WaitGroup
	for i, q := range unbinds {
		wg.Go(func() { answers[i] = s.GraphQL(t, c.south, q, nil) })
	}
	wg.Wait()
	s.Statements.Before(nil)
	refused := 0
	for _, a := range answers {
		if len(a.Errors) > 0 {
			refused++
			expectError(t, a, `{"code":"CONFLICT","reason":"LAST_BINDING"}`)
		}
	}
	if refused != 1 {
		t.Errorf("%d of the two unbinds refused, want 1: %+v", refused, answers)
	}
	if total := restaurantTotal(t, s, c.south, map[string]any{"search": "K073655"}); total != "2" {
		t.Errorf("group 1 finds %s of K073655's restaurants, want 2", total)
	}
}
