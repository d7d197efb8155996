package compat

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/enum"
)

// Adding and editing restaurants at /custommanage/ (custommanage.txt:
// restaurant/add and edit). Members arrive as JSON or as form fields, ids
// in their legacy forms (K073655, S312206, T12469, S21329) or as numbers;
// a member absent, null or "" is not sent, and members the document does
// not list (KID, isEditPassword) are ignored. The edit changes the members
// it is sent and no other: the front end sends each part of its edit
// screen on its own. A failure answers code 1 naming the member at fault,
// the service's among them (route.inputs), and writes nothing.

const (
	merchantMissing = "缺少参数 %s"
	merchantBad     = "%s 参数错误"
)

// merchantEditRoutes add and edit restaurants.
var merchantEditRoutes = withFails(merchantEditFails, []route{
	{op: "AddRestaurant", method: http.MethodPost, path: "/restaurant/add", okMsg: "ok", vars: addRestaurantVars,
		reply: shape("", convs{"SID": restaurantSID.conv(), "KID": merchantKID.conv(), "merchant": lift}),
		fails: failures{missing(apperr.EntityMerchant): "商户 %v 不存在", notOffered: "%s: 没有站点提供该报价单",
			duplicate: "用户名已存在"},
		inputs: func() map[string]string {
			in := inputsOf("", newRestaurant, restaurantAdds, joinedMerchant)
			maps.Copy(in, inputsOf("merchant.", newMerchant, newMerchantTerms))
			return in
		}()},
	{op: "UpdateRestaurant", method: http.MethodPost, path: "/edit", okMsg: "success", fails: restaurantEditFails,
		vars: func(c *call) obj {
			vars := editedRestaurant.need(c, c.params, obj{}, merchantMissing)
			vars["input"] = restaurantChanges.vars(c)
			return vars
		},
		inputs: inputsOf("", editedRestaurant, restaurantChanges),
		// With status the edit changes a sale-menu binding instead.
		choice: &choice{member: "status", unknown: "status 参数错误，应为 addSSM、editSSM 或 deleteSSM",
			variants: map[string]*route{
				"addSSM":    bindingEdit("BindRestaurantSaleMenu", bindingStation, bindingSaleMenu),
				"editSSM":   bindingEdit("ChangeRestaurantSaleMenu", bindingRecord, bindingStation, bindingSaleMenu),
				"deleteSSM": bindingEdit("UnbindRestaurantSaleMenu", bindingRecord),
			}}},
})

var (
	notUnder   = failKey{apperr.InvalidInput, apperr.ReasonNotUnder, ""}
	notOffered = failKey{apperr.InvalidInput, apperr.ReasonNotOffered, ""}
	// merchantEditFails word what the service refuses; %s is the member.
	merchantEditFails = failures{
		missing(apperr.EntityCity): "%s: 城市不存在", missing(apperr.EntityArea): "%s: 地区不存在",
		missing(apperr.EntityStation): "%s: 站点不存在", missing(apperr.EntitySaleMenu): "%s: 报价单不存在",
		missing(apperr.EntityEmployee): "%s: 员工不存在或不能担任此职", missing(apperr.EntityLabel): "%s: 商户标签不存在",
		notUnder: "%s 不属于所选的上级地区", invalid: merchantBad,
		{apperr.Forbidden, apperr.ReasonOtherGroup, ""}: "该店铺或报价单属于其他销售组，不能修改",
		{apperr.Conflict, apperr.ReasonLastBinding, ""}: "这是该商户在本组唯一的报价单，不能删除",
	}
	// The edits' own, where %v is the restaurant's SID.
	restaurantEditFails = failures{
		missing(apperr.EntityRestaurant): "店铺 %v 不存在", missing(apperr.EntitySaleMenuBinding): "record_id: 报价单记录不存在",
		notOffered: "%s: 所选站点不提供该报价单", duplicate: "该店铺已在此站点绑定此报价单",
	}
)

// bindingEdit is the edit of a sale-menu binding: the restaurant's id and
// these members, each needed.
func bindingEdit(op string, fields ...field) *route {
	ms := members{unsent: orBlank, msg: merchantBad, fields: append(slices.Clone(editedRestaurant.fields), fields...)}
	return &withFails(merchantEditFails, []route{{op: op, method: http.MethodPost, path: "/edit", okMsg: "success",
		fails: restaurantEditFails, inputs: inputsOf("", ms),
		vars: func(c *call) obj { return ms.need(c, c.params, obj{}, merchantMissing) }}})[0]
}

var (
	bindingStation  = field{"service_station_id", "stationId", stationTID.reader()}
	bindingSaleMenu = field{"salemenu_id", "saleMenuId", saleMenuSID.reader()}
	bindingRecord   = field{"record_id", "bindingId", integer}
)

// addRestaurantVars reads a new restaurant, for the merchant kid names or,
// without kid, for a new merchant.
func addRestaurantVars(c *call) obj {
	in := newRestaurant.need(c, c.params, obj{}, merchantMissing)
	restaurantAdds.read(c, c.params, in)
	if blank(c.params["kid"]) {
		in["merchant"] = newMerchantTerms.read(c, c.params, newMerchant.need(c, c.params, obj{}, merchantMissing))
	} else {
		// The members of a new merchant are ignored: the restaurant is
		// added to the merchant, which an edit changes.
		joinedMerchant.read(c, c.params, in)
	}
	return obj{"input": in}
}

// The members of an add.
var (
	newRestaurant = members{unsent: orBlank, msg: merchantBad, fields: []field{
		{"restaurant_name", "name", textual}, {"receiver_name", "receiverName", textual},
		{"receiver_telephone", "receiverPhone", textual}, {"district_code", "cityCode", textual},
		{"area_level1", "areaId", integer}, {"area_level2", "streetId", integer},
		{"restaurant_address", "address", textual},
	}}
	restaurantAdds = members{unsent: orBlank, msg: merchantBad, fields: append([]field{
		{"payer_name", "payerName", textual}, {"payer_telephone", "payerPhone", textual},
		{"salemenu_ids", "saleMenuIds", saleMenuIDs},
	}, restaurantTerms...)}
	joinedMerchant = members{unsent: orBlank, msg: merchantBad, fields: []field{{"kid", "merchantId", merchantKID.target()}}}
	newMerchant    = members{unsent: orBlank, msg: merchantBad, fields: []field{
		{"username", "username", textual}, {"password", "password", textual}, {"company_name", "companyName", textual},
	}}
	newMerchantTerms = members{unsent: orBlank, msg: merchantBad, fields: []field{
		{"telephone", "phone", textual}, {"customer_type", "type", legacyCodes(map[int64]any{0: "SHOP", 1: "SHOP", 2: "PERSON"})},
		{"finance_status", "financeStatus", codeName(enum.FinanceStatus)}, {"whitelist", "whitelisted", zeroOne},
		{"create_employee_id", "accountManagerId", integer}, {"sale_employee_id", "salesManagerId", integer},
	}}
)

// The members of an edit: the restaurant's id, and what changes.
var (
	editedRestaurant  = members{unsent: orBlank, msg: merchantBad, fields: []field{{"id", "restaurantId", restaurantSID.target()}}}
	restaurantChanges = members{unsent: orBlank, msg: merchantBad, fields: append([]field{
		{"new_cname", "companyName", textual}, {"paymentName", "payerName", textual},
		{"paymentTelephone", "payerPhone", textual},
		{"freezeState", "financeStatus", legacyCodes(map[int64]any{0: "ACTIVE", 1: "FROZEN"})},
		{"white", "whitelisted", zeroOne}, {"shopName", "name", textual}, {"receiver", "receiverName", textual},
		{"receiverPhone", "receiverPhone", textual}, {"originalArea", "cityCode", textual},
		{"firstArea", "areaId", integer}, {"secondArea", "streetId", integer}, {"shopAddress", "address", textual},
		{"creatEmployeeValue", "accountManagerId", integer}, {"saleEmployeeValue", "salesManagerId", integer},
		{"effective_date", "effectiveDate", textual}, {"begin_day", "beginDay", smallInt},
		{"settle_day", "settleDay", smallInt}, {"settle_remind", "remindDaysBefore", noneAt(smallInt, -1)},
	}, restaurantTerms...)}
)

// restaurantTerms are the members an add and an edit share.
var restaurantTerms = []field{
	{"telephone", "phone", textual}, {"settle_way", "settleWay", codeName(enum.SettleWay)},
	{"pay_method", "settlementCycle", codeName(enum.SettlementCycle)},
	// A boolean on add (true: approved), 1 or 2 on edit.
	{"check_out", "review", legacyCodes(map[int64]any{1: "APPROVED", 0: "PENDING", 2: "PENDING"})},
	{"is_credit", "creditMode", codeName(enum.CreditMode)}, {"credit_limit", "creditLimit", money},
	{"settle_date_type", "dateBasis", codeName(enum.SettleDateBasis)},
	{"address_label_id", "labelId", noneAt(integer, -1, 0)}, // -1 (or 0): no label
	{"lat", "latitude", decimal}, {"lng", "longitude", decimal}, {"map_address", "mapAddress", textual},
}

var zeroOne = legacyCodes(map[int64]any{0: false, 1: true})

// saleMenuIDs reads at most maxSaleMenuIDs sale-menu ids sent as a list,
// as a JSON-encoded list ('["S21329"]', as forms send it) or as one id.
var saleMenuIDs reader = func(c *call, v any, msg string) any {
	list, isList := v.([]any)
	if text, isText := v.(string); isText {
		dec := json.NewDecoder(strings.NewReader(text))
		dec.UseNumber()
		isList = dec.Decode(&list) == nil
	}
	if !isList {
		list = []any{v}
	}
	if len(list) > maxSaleMenuIDs {
		c.refuse(msg)
		return nil
	}
	return each(c, list, msg, func(e any) int64 { return saleMenuSID.parse(c, e, msg) })
}

// maxSaleMenuIDs bounds the sale menus a restaurant is added with, as the
// service does (MaxSaleMenusPerAdd): refused here before a longer list is
// read, in the words of any other bad member.
const maxSaleMenuIDs = 50

// target reads the legacy id of what the request is about, which messages
// name in its legacy form (%v).
func (l legacyID) target() reader {
	return func(c *call, v any, msg string) any {
		id := l.parse(c, v, msg)
		c.id = l.format(strconv.FormatInt(id, 10))
		return id
	}
}
