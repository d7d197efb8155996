package compat

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/chinatime"
	"github.com/onegraph/server/enum"
	"github.com/onegraph/server/httpx"
)

// Merchant management at /custommanage/ (custommanage.txt): the index, the
// restaurant search and its Excel export, adding and editing restaurants.
// Every answer is {"code": 0, ...}; a failure carries code 1 (401 and 403
// for a caller not signed in or not an employee, 404 and 405 for a path or
// method not served) and the HTTP status that says the same.

const merchantBase = "/custommanage"

var merchantWording = wording("请先登录", "没有权限", "数据不存在", "参数错误")

// merchantRoutes is every route; each needs a signed-in employee or admin.
func merchantRoutes() []route {
	return slices.Concat(merchantReadRoutes, merchantEditRoutes)
}

// merchantReadRoutes are the index and the search; the search with
// export=1 is its Excel export (merchant_export.go).
var merchantReadRoutes = []route{
	{op: "MerchantIndex", method: http.MethodGet, path: "/", okMsg: "ok", reply: merchantIndex},
	restaurantSearch,
}

// mountMerchant serves every route to a signed-in caller only, and a path
// or method it does not serve in the envelope, to anybody.
func mountMerchant(r chi.Router, run Runner, maxBody int64) {
	env := custommanage{}
	r.Route(merchantBase, func(r chi.Router) {
		r.Use(recoverer(env))
		unserved := func(status int, msg string) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				env.fail(&call{w: w, r: r}, failure{status: status, code: status, msg: msg})
			}
		}
		r.NotFound(unserved(http.StatusNotFound, "接口不存在"))
		r.MethodNotAllowed(unserved(http.StatusMethodNotAllowed, "不支持的请求方法"))
		r.Group(func(r chi.Router) {
			r.Use(guard(env))
			for _, rt := range merchantRoutes() {
				serve := handler(run, env, rt.formLimit(maxBody), func(*call) *route { return &rt })
				if rt.op == restaurantSearch.op {
					serve = orExport(run, env, serve)
				}
				r.MethodFunc(rt.method, rt.path, serve)
			}
		})
	})
}

// custommanage is the {"code": 0, "msg": ..., "data": ...} envelope. A
// reply is the members beside code (msg and data, or count and data), and
// the route's okMsg, where it has one, is msg.
type custommanage struct{}

func (custommanage) ok(c *call, rt *route, reply any) {
	body := obj{"code": 0}
	if rt.okMsg != "" {
		body["msg"] = rt.okMsg
	}
	m, _ := reply.(obj)
	maps.Copy(body, m)
	httpx.WriteJSON(c.w, http.StatusOK, body)
}

func (custommanage) fail(c *call, f failure) {
	httpx.WriteJSON(c.w, f.status, obj{"code": f.code, "msg": formatMsg(f.msg, c.id), "data": nil})
}

// codes: the HTTP status says what code 1 does not.
func (custommanage) codes(k failKey) failure {
	switch k.code {
	case apperr.Unauthenticated:
		return failure{status: http.StatusUnauthorized, code: http.StatusUnauthorized}
	case apperr.Forbidden:
		return failure{status: http.StatusForbidden, code: http.StatusForbidden}
	}
	return failure{status: cmp.Or(merchantStatus[k.code], http.StatusBadRequest), code: 1}
}

var merchantStatus = map[apperr.Code]int{
	apperr.TooManyAttempts: http.StatusTooManyRequests, apperr.Unavailable: http.StatusServiceUnavailable,
	apperr.Timeout: http.StatusServiceUnavailable, apperr.Internal: http.StatusInternalServerError,
}

func (custommanage) wording() failures { return merchantWording }

// Legacy ids are a letter and the number GraphQL has as the ID: K and the
// merchant's account id zero-padded to six digits (K073655), S and a
// restaurant's or a sale menu's id (S281196, S8443), T and a station's
// (T12469).
type legacyID struct {
	prefix string
	width  int // at least this many digits
}

var (
	merchantKID   = legacyID{"K", 6}
	restaurantSID = legacyID{"S", 0}
	saleMenuSID   = legacyID{"S", 0}
	stationTID    = legacyID{"T", 0}
)

// format writes a GraphQL ID (a string of digits) in the legacy form.
func (l legacyID) format(id string) string {
	for len(id) < l.width {
		id = "0" + id
	}
	return l.prefix + id
}

// conv is the member (a GraphQL ID) in the legacy form; null stays null.
func (l legacyID) conv() conv {
	return val(func(v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("id %v is no string", v)
		}
		return l.format(s), nil
	})
}

// parse reads a legacy id (the letter in either case; a bare number is
// taken too) as the GraphQL ID's number, refusing anything else with msg.
func (l legacyID) parse(c *call, v any, msg string) int64 {
	s := strings.TrimSpace(scalar(v))
	if len(s) > len(l.prefix) && strings.EqualFold(s[:len(l.prefix)], l.prefix) {
		s = s[len(l.prefix):]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 {
		c.refuse(msg)
	}
	return n
}

// reader reads a legacy id member as a reader of members.
func (l legacyID) reader() reader {
	return func(c *call, v any, msg string) any { return l.parse(c, v, msg) }
}

// merchantIndex reshapes the index as the document's example: lists become
// objects keyed by id (the legacy T… and S… ids where the example shows
// them), and each level-1 area is both in area, with its city's code, and
// under its city.
func merchantIndex(_ *call, data any) (any, error) {
	idx, _ := member(data, "index").(obj)
	area, city, district := obj{}, obj{}, []any{}
	for _, ct := range objectsOf(idx["cities"]) {
		code, areas := scalar(ct["code"]), obj{}
		for _, a := range objectsOf(ct["areas"]) {
			streets := []any{}
			for _, street := range objectsOf(a["children"]) {
				streets = append(streets, obj{scalar(street["id"]): street["name"]})
			}
			area[scalar(a["id"])] = obj{"child": streets, "district_code": code, "name": a["name"]}
			areas[scalar(a["id"])] = obj{"street": streets, "name": a["name"]}
		}
		city[code] = obj{"name": ct["name"], "area": areas}
		district = append(district, obj{"code": code, "name": ct["name"]})
	}
	station := obj{}
	for _, st := range objectsOf(idx["stations"]) {
		station[stationTID.format(scalar(st["id"]))] = st
		delete(st, "id")
	}
	saleMenu, offers := obj{}, []any{}
	for _, menu := range objectsOf(idx["saleMenus"]) {
		id := saleMenuSID.format(scalar(menu["id"]))
		saleMenu[id] = menu["name"]
		for _, st := range objectsOf(menu["stations"]) {
			offers = append(offers, obj{"stations_id": stationTID.format(scalar(st["id"])), "stations_name": st["name"],
				"salemenu_id": id, "salemenu_name": menu["name"]})
		}
	}
	return obj{"data": obj{
		"area": area, "city": city, "district": district, "station": station,
		"create_employee": byAccount(idx["create_employee"]), "sale_employee": byAccount(idx["sale_employee"]),
		"salemenu": saleMenu, "station_salemenu": offers,
	}}, nil
}

// byAccount keys employees by their account id.
func byAccount(employees any) obj {
	out := obj{}
	for _, e := range objectsOf(employees) {
		out[scalar(e["id"])] = obj{"name": e["name"], "district_code": e["district_code"]}
	}
	return out
}

// objectsOf is a list of objects in the operation's data (nil: none).
func objectsOf(v any) []obj {
	list, _ := v.([]any)
	out := make([]obj, 0, len(list))
	for _, e := range list {
		if o, ok := e.(obj); ok {
			out = append(out, o)
		}
	}
	return out
}

// restaurantSearch is the search of the list screen: one page of the
// caller's group's restaurants, newest first.
var restaurantSearch = route{op: "MerchantRestaurants", method: http.MethodGet, path: "/list", reply: restaurantList,
	vars: func(c *call) obj {
		if export := c.params["export"]; !slices.Contains(orBlank, export) && export != "0" {
			c.refuse(fmt.Sprintf(restaurantParamMsg, "export")) // export=1 does not reach here (orExport)
		}
		return obj{"filter": restaurantFilter(c), "paging": restaurantPaging(c)}
	}}

// maxRestaurantPage bounds num, the page size the list screen asks for; a
// larger one reads as this.
const maxRestaurantPage = 100

// restaurantPaging reads page (from 1; 1 when absent) and num, the page
// size (10 when absent).
func restaurantPaging(c *call) obj {
	return obj{"page": countOr(c, "page", 1), "size": min(countOr(c, "num", 10), maxRestaurantPage)}
}

// countOr reads a count 1 or more, or otherwise when the member is absent
// or blank.
func countOr(c *call, key string, otherwise int64) int64 {
	if blank(c.params[key]) {
		return otherwise
	}
	n := c.positive(key, restaurantParamMsg)
	if n > math.MaxInt32 { // a page is a GraphQL Int: refused here naming the parameter
		c.refuse(fmt.Sprintf(restaurantParamMsg, key))
	}
	return n
}

const restaurantParamMsg = "%s 参数错误"

// restaurantFilter reads the search's filter from the request as the
// GraphQL RestaurantFilter. A member 0 or empty does not filter (the
// document's example sends 0 for each). The export reads its filter here
// too, so a filter kept elsewhere (behind a download link) must be this
// same object.
func restaurantFilter(c *call) obj {
	filter := restaurantFilterMembers.vars(c)
	if filter["labelId"] == int64(-1) { // -1: the restaurants without a label
		delete(filter, "labelId")
		filter["noLabel"] = true
	}
	return filter
}

var restaurantFilterMembers = members{unsent: []any{nil, "", "0"}, msg: restaurantParamMsg, fields: []field{
	{"search_text", "search", searchText},
	{"city", "cityCode", districtCode},
	{"firstMenu", "areaId", bareID},
	{"secondMenu", "streetId", bareID},
	{"stationMenu", "stationId", stationTID.reader()},
	// The document's table says salemenu, its example saleMenu.
	{"salemenu", "saleMenuId", saleMenuSID.reader()},
	{"saleMenu", "saleMenuId", saleMenuSID.reader()},
	{"check_out", "review", codeName(enum.ReviewState)},
	{"crtManeger", "accountManagerId", bareID},
	{"saleManager", "salesManagerId", bareID},
	{"pay_method", "settlementCycle", codeName(enum.SettlementCycle)},
	{"settle_way", "settleWay", codeName(enum.SettleWay)},
	{"customer_type", "merchantType", codeName(enum.MerchantType)},
	{"address_label_id", "labelId", integer},
}}

// maxSearchText bounds search_text, in characters, as the service bounds
// the search (MaxSearchText): refused here first, in the list's words.
const maxSearchText = 100

var (
	// searchText reads a string of at most maxSearchText characters.
	searchText reader = func(c *call, v any, msg string) any {
		if s, _ := anyString(c, v, msg).(string); utf8.RuneCountInString(s) > maxSearchText {
			c.refuse(msg)
		}
		return v
	}
	// bareID is an id without a letter: a number 1 or more.
	bareID = legacyID{}.reader()
	// districtCode is a city's district code, a number sent as one.
	districtCode reader = func(c *call, v any, msg string) any { return strconv.FormatInt(c.intOf(v, msg), 10) }
)

// restaurantList answers count and the rows, each as the document's example
// row with its sale-menu bindings (salemenus) beside.
func restaurantList(c *call, data any) (any, error) {
	list, err := shape("list", restaurantConvs)(c, data)
	for _, row := range objectsOf(member(list, "data")) {
		// The domain keeps no key-customer flag (the legacy one marked
		// what labels such as 重点客户 say now): always 0, as legacy
		// clients read it.
		row["keycustomer"] = 0
	}
	return list, err
}

var restaurantConvs = convs{
	"SID": restaurantSID.conv(), "KID": merchantKID.conv(), "user_id": num, "record_id": num,
	"check_out": code(enum.ReviewState), "customer_type": code(enum.MerchantType),
	"finance_status": code(enum.FinanceStatus), "whitelist": flag(1, 0),
	"settle_way":  named(map[string]string{"GOODS_FIRST": "先货后款", "PAYMENT_FIRST": "先款后货"}),
	"pay_method":  named(map[string]string{"DAILY": "日结", "WEEKLY": "周结", "SEMIMONTHLY": "半月结", "MONTHLY": "月结"}),
	"create_time": timeAs(time.DateOnly, chinatime.Zone), "balance": twoDecimals,
	"city": pluck("name"), "area_l1": pluck("name"), "area_l2": pluck("name"), "address_label": pluck("name"),
	"accountManager": manager("create_employee", "--"), "salesManager": manager("sales_employee", "(待定)"),
	"station": idAndName("station", stationTID), "saleMenu": idAndName("salemenu", saleMenuSID),
	"salemenus": servedFrom, "merchant": lift,
}

// manager writes an account or sales manager as the members prefix_name
// and prefix_phone; without one, as noName and "--".
func manager(prefix, noName string) conv {
	return func(o obj, key string) error {
		m, _ := o[key].(obj)
		delete(o, key)
		o[prefix+"_name"], o[prefix+"_phone"] = noName, "--"
		if m != nil {
			o[prefix+"_name"], o[prefix+"_phone"] = m["name"], m["phone"]
		}
		return nil
	}
}

// idAndName writes a station or sale menu of a binding as the members
// prefix_id (its legacy id) and prefix_name.
func idAndName(prefix string, id legacyID) conv {
	return func(o obj, key string) error {
		m, _ := o[key].(obj)
		delete(o, key)
		o[prefix+"_id"], o[prefix+"_name"] = id.format(scalar(m["id"])), m["name"]
		return nil
	}
}

// servedFrom sets service_station beside a restaurant's bindings: the names
// of their stations, each once, in the bindings' order.
var servedFrom conv = func(o obj, key string) error {
	names := []any{}
	for _, b := range objectsOf(o[key]) {
		if !slices.Contains(names, b["station_name"]) {
			names = append(names, b["station_name"])
		}
	}
	o["service_station"] = names
	return nil
}

// membersOf documents a members table's legacy keys as request members
// (the readers say what they take; the document does not type them).
func membersOf(ms members, required bool) []param {
	out := make([]param, len(ms.fields))
	for i, f := range ms.fields {
		out[i] = param{name: f.key, s: tAny, required: required}
	}
	return out
}

// xlsx is the media type of the restaurant export.
const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// merchantSpecs say what the OpenAPI document says of each merchant route
// beyond its row (openapi.go), in custommanage.txt's words.
var merchantSpecs = func() map[string]spec {
	edited := membersOf(editedRestaurant, true)
	return map[string]spec{
		"MerchantIndex": {summary: "商户管理首页数据：区域、城市、站点、员工、报价单",
			reply: object(p("data", object(p("area", mapOf(tAny)), p("city", mapOf(tAny)), p("district", listOf(open(p("code", tStr), p("name", tStr)))),
				p("station", mapOf(tAny)), p("create_employee", mapOf(tAny)), p("sale_employee", mapOf(tAny)),
				p("salemenu", mapOf(tStr)), p("station_salemenu", listOf(open(p("stations_id", tStr), p("salemenu_id", tStr))))))),
		},
		"MerchantRestaurants": {summary: "商户（餐厅）搜索列表；export=1 导出 Excel",
			doc: "page 从 1 开始，num 每页条数（默认 10，最多 100）；export=1 时返回 xlsx 文件",
			query: append(membersOf(restaurantFilterMembers, false), may("page", intLike, "页码"), may("num", intLike, "每页条数"),
				may("export", oneOf("0", "1", ""), "1：导出 Excel")),
			reply: object(p("count", tInt), p("data", listOf(open(p("SID", tStr), p("KID", nullable(tStr)), p("keycustomer", schema{"const": 0}),
				p("service_station", listOf(tAny)))))),
			download: xlsx},
		"AddRestaurant": {summary: "添加商户（餐厅）",
			body:  slices.Concat(membersOf(newRestaurant, false), membersOf(restaurantAdds, false), membersOf(joinedMerchant, false), membersOf(newMerchant, false), membersOf(newMerchantTerms, false)),
			reply: object(p("data", object(p("SID", tStr), p("KID", tStr))))},
		"UpdateRestaurant": {summary: "编辑商户信息", doc: "编辑商户信息时，针对不同的内容会分别调用；带 status 时改报价单绑定",
			body: slices.Concat(edited, membersOf(restaurantChanges, false))},
		"BindRestaurantSaleMenu":   {summary: "添加报价单绑定（status=addSSM）", body: slices.Concat(edited, []param{may("service_station_id", tAny, ""), may("salemenu_id", tAny, "")})},
		"ChangeRestaurantSaleMenu": {summary: "修改报价单绑定（status=editSSM）", body: slices.Concat(edited, []param{may("record_id", tAny, "")})},
		"UnbindRestaurantSaleMenu": {summary: "删除报价单绑定（status=deleteSSM）", body: slices.Concat(edited, []param{may("record_id", tAny, "")})},
	}
}()
