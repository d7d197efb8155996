package compat_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/onegraph/server/apptest"
)

// Reports (数据报表) at /api/v2/ and /api/private/v1/, over the orders of
// apptest.SeedShopSales, whose comment tables their sums.

// reportsShopChart is type 1's data: the last 7 days with orders, dates as
// the original's JavaScript wrote them, members in the original's order.
const reportsShopChart = `{
	"legend": {"data": ["华东", "华南", "华北", "西部", "其他"]},
	"yAxis": [{"type": "value"}],
	"xAxis": [{"data": ["2024-2-26", "2024-2-27", "2024-2-29", "2024-3-1", "2024-3-2", "2024-3-10", "2024-3-11"]}],
	"series": [
		{"name": "华东", "type": "line", "stack": "总量", "areaStyle": {"normal": {}}, "data": [0, 0, 5, 7, 0, 0, 0]},
		{"name": "华南", "type": "line", "stack": "总量", "areaStyle": {"normal": {}}, "data": [8, 0.3, 0, 0, 0, 0, 0]},
		{"name": "华北", "type": "line", "stack": "总量", "areaStyle": {"normal": {}}, "data": [4.5, 0, 0, 9, 0, 0, 0]},
		{"name": "西部", "type": "line", "stack": "总量", "areaStyle": {"normal": {}}, "data": [20, 0, 0, 0, 11, 0, 1.5]},
		{"name": "其他", "type": "line", "stack": "总量", "areaStyle": {"normal": {}}, "data": [6, 0, 0, 0, 13, 2.5, 0]}
	]
}`

func TestShopReportsLegacy(t *testing.T) {
	s, token := ordersShopStart(t)
	s.SeedShopSales(t)
	for _, base := range []string{ordersShopV2, ordersShopV1} {
		r := s.Do(t, token, http.MethodGet, base+"/reports/type/1", nil)
		r.Expect(t, http.StatusOK, apptest.ShopAnswer(reportsShopChart, "获取报表成功", 200))
		// The members in the original's order, not alphabetically.
		var body struct{ Data json.RawMessage }
		var want bytes.Buffer
		if json.Unmarshal([]byte(r.Body), &body) != nil || json.Compact(&want, []byte(reportsShopChart)) != nil {
			t.Fatalf("not JSON: %s", r.Body)
		}
		if string(body.Data) != want.String() {
			t.Errorf("%s: data written\n%s\nwant\n%s", base, body.Data, want.String())
		}

		for _, other := range []string{"2", "3", "4", "0"} {
			s.Do(t, token, http.MethodGet, base+"/reports/type/"+other, nil).
				Expect(t, http.StatusOK, apptest.ShopAnswer(`{}`, "获取报表成功", 200))
		}
		for _, bad := range []string{"abc", "1.5", "1a"} {
			s.Do(t, token, http.MethodGet, base+"/reports/type/"+bad, nil).
				Expect(t, http.StatusOK, apptest.ShopFailure(400, "报表类型必须是数字"))
		}
		s.Do(t, "", http.MethodGet, base+"/reports/type/1", nil).Expect(t, http.StatusOK, ordersShopNoToken)
	}

	// The session, then the report.
	if n := s.StatementsFor(func() { s.Do(t, token, http.MethodGet, ordersShopV2+"/reports/type/1", nil) }); n != 2 {
		t.Errorf("a report took %d statements, want 2:\n%s", n, s.Statements.Seen())
	}
}

// reportsShopNoSales is type 1's data without orders: every region, no
// dates.
const reportsShopNoSales = `{
	"legend": {"data": ["华东", "华南", "华北", "西部", "其他"]},
	"yAxis": [{"type": "value"}],
	"xAxis": [{"data": []}],
	"series": [
		{"name": "华东", "type": "line", "stack": "总量", "areaStyle": {"normal": {}}, "data": []},
		{"name": "华南", "type": "line", "stack": "总量", "areaStyle": {"normal": {}}, "data": []},
		{"name": "华北", "type": "line", "stack": "总量", "areaStyle": {"normal": {}}, "data": []},
		{"name": "西部", "type": "line", "stack": "总量", "areaStyle": {"normal": {}}, "data": []},
		{"name": "其他", "type": "line", "stack": "总量", "areaStyle": {"normal": {}}, "data": []}
	]
}`

// Reports need right 148 (查看数据): the menu group and page above it
// (145, 146) are not enough, for any type. Without orders type 1 has every
// region and no dates.
func TestShopReportsLegacyMissingRight(t *testing.T) {
	s := apptest.New(t)
	viewer, pages := shopClerk(t, s, "viewer", 148), shopClerk(t, s, "pages", 145, 146)

	for _, typ := range []string{"1", "2"} {
		s.Do(t, pages, http.MethodGet, ordersShopV2+"/reports/type/"+typ, nil).
			Expect(t, http.StatusOK, apptest.ShopFailure(401, "权限验证失败"))
	}
	s.Do(t, viewer, http.MethodGet, ordersShopV1+"/reports/type/1", nil).
		Expect(t, http.StatusOK, apptest.ShopAnswer(reportsShopNoSales, "获取报表成功", 200))
	s.Do(t, viewer, http.MethodGet, ordersShopV1+"/reports/type/2", nil).
		Expect(t, http.StatusOK, apptest.ShopAnswer(`{}`, "获取报表成功", 200))
}
