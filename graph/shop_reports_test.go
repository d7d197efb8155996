package graph_test

import (
	"testing"
	"time"

	"github.com/onegraph/server/apptest"
)

// The sales report (schema/shop_reports.graphqls) over the orders of
// apptest.SeedShopSales, whose comment tables their sums.

const (
	salesReportQ        = `query($days: Int!) { shopSalesReport(days: $days) { regions days series { region amounts } } }`
	salesReportDefaultQ = `{ shopSalesReport { regions days series { region amounts } } }`
)

func TestShopSalesReport(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)

	// No orders: every region, no day.
	apptest.EqualJSON(t, do(t, s, token, salesReportDefaultQ, nil), `{"shopSalesReport":{
		"regions":["华东","华南","华北","西部","其他"],"days":[],"series":[
		{"region":"华东","amounts":[]},{"region":"华南","amounts":[]},{"region":"华北","amounts":[]},
		{"region":"西部","amounts":[]},{"region":"其他","amounts":[]}]}}`)

	s.SeedShopSales(t)
	// By default the last 7 of the 10 days with orders; the days without
	// orders between them are left out. Days are China's: 23:59:59 and
	// 00:00:00 there (15:59:59 and 16:00:00 UTC) are on 2024-02-29 and
	// 2024-03-01, 01:00 on 2024-03-11 (17:00 UTC on 2024-03-10) is on
	// 2024-03-11.
	apptest.EqualJSON(t, do(t, s, token, salesReportDefaultQ, nil), `{"shopSalesReport":{
		"regions":["华东","华南","华北","西部","其他"],
		"days":["2024-02-26","2024-02-27","2024-02-29","2024-03-01","2024-03-02","2024-03-10","2024-03-11"],
		"series":[
		{"region":"华东","amounts":[0,0,5,7,0,0,0]},
		{"region":"华南","amounts":[8,0.3,0,0,0,0,0]},
		{"region":"华北","amounts":[4.5,0,0,9,0,0,0]},
		{"region":"西部","amounts":[20,0,0,0,11,0,1.5]},
		{"region":"其他","amounts":[6,0,0,0,13,2.5,0]}]}}`)
	apptest.EqualJSON(t, do(t, s, token, salesReportQ, map[string]any{"days": 2}), `{"shopSalesReport":{
		"regions":["华东","华南","华北","西部","其他"],"days":["2024-03-10","2024-03-11"],"series":[
		{"region":"华东","amounts":[0,0]},{"region":"华南","amounts":[0,0]},{"region":"华北","amounts":[0,0]},
		{"region":"西部","amounts":[0,1.5]},{"region":"其他","amounts":[2.5,0]}]}}`)
	// More days than have orders: all ten. 00:00:00 in China on 2024-02-25
	// (16:00 UTC on 2024-02-24) is on 2024-02-25, 23:59:59.999999 on it too.
	apptest.EqualJSON(t, do(t, s, token, salesReportQ, map[string]any{"days": 31}), `{"shopSalesReport":{
		"regions":["华东","华南","华北","西部","其他"],
		"days":["2024-02-20","2024-02-21","2024-02-25","2024-02-26","2024-02-27","2024-02-29","2024-03-01","2024-03-02","2024-03-10","2024-03-11"],
		"series":[
		{"region":"华东","amounts":[100,0,19.75,0,0,5,7,0,0,0]},
		{"region":"华南","amounts":[0,0,30,8,0.3,0,0,0,0,0]},
		{"region":"华北","amounts":[0,50,0,4.5,0,0,9,0,0,0]},
		{"region":"西部","amounts":[0,0,0,20,0,0,0,11,0,1.5]},
		{"region":"其他","amounts":[0,0,0,6,0,0,0,13,2.5,0]}]}}`)

	for _, days := range []int{0, -1, 32} {
		fails(t, s, token, salesReportQ, map[string]any{"days": days}, invalidInput)
	}
}

// Beyond 2^53 fen (about 9×10^13 yuan) a float holds no fen to round to: a
// day's sum there is answered as it is.
func TestShopSalesReportBeyondFen(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	at := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	s.SeedShopOrder(t, map[string]any{"ConsigneeAddress": "上海市", "Price": 1e14, "CreatedAt": at, "UpdatedAt": at})
	apptest.EqualJSON(t, do(t, s, token, salesReportDefaultQ, nil), `{"shopSalesReport":{
		"regions":["华东","华南","华北","西部","其他"],"days":["2024-03-01"],"series":[
		{"region":"华东","amounts":[100000000000000]},{"region":"华南","amounts":[0]},{"region":"华北","amounts":[0]},
		{"region":"西部","amounts":[0]},{"region":"其他","amounts":[0]}]}}`)
}

// The report needs right 148 (查看数据); without a token nothing.
func TestShopSalesReportAccess(t *testing.T) {
	s := apptest.New(t)
	viewer, pages := s.TokenFor(t, s.ShopStaff(t, "viewer", 148)), s.TokenFor(t, s.ShopStaff(t, "pages", 145, 146, 107))

	if got := get(t, do(t, s, viewer, salesReportDefaultQ, nil), "shopSalesReport", "regions", 0); got != "华东" {
		t.Errorf("regions start with %s", got)
	}
	fails(t, s, pages, salesReportDefaultQ, nil, noRight)
	fails(t, s, "", salesReportDefaultQ, nil, signInFirst)
}

// The report is one statement (after the session's) whatever the days
// asked for and the orders there are: the store walks the days back on
// the index and sums in SQL.
func TestShopSalesReportStatements(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	s.SeedShopSales(t)
	n := s.SameStatementsAtAnySize(t, []int{1, 31}, func(days int) {
		do(t, s, token, salesReportQ, map[string]any{"days": days})
	})
	if n != 2 {
		t.Errorf("a report took %d statements, want 2: the session and the report", n)
	}
}
