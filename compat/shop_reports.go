package compat

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
)

// Reports (数据统计 → 数据报表, right 148): report type 1 is the sales per
// region and day, answered as the ECharts option the original server drew
// for its front end; other numeric types have no report and answer an empty
// object. Every type runs the report, so right 148 guards them all alike.
var shopReportRoutes = []route{
	{op: "ShopSalesReport", method: http.MethodGet, path: "/reports/type/{type}", okMsg: "获取报表成功",
		vars: func(c *call) obj {
			shopReportType(c) // refuses a type that is no number; the type only picks the reply
			return obj{}
		},
		reply: inOrder(func(c *call, data any) (any, error) {
			if shopReportType(c) != 1 {
				return obj{}, nil
			}
			return shopSalesChart(member(data, "report"))
		}, []string{"legend", "yAxis", "xAxis", "series"}, []string{"name", "type", "stack", "areaStyle", "data"})},
}

// shopReportType reads the report type of the path.
func shopReportType(c *call) int64 {
	return c.intOf(chi.URLParam(c.r, "type"), "报表类型必须是数字")
}

// shopSalesChart is the ECharts option of a stacked area chart, a line per
// region; its dates are written as the original's JavaScript wrote them
// (2024-3-1).
func shopSalesChart(report any) (any, error) {
	days, _ := member(report, "days").([]any)
	dates := make([]any, len(days))
	for i, d := range days {
		day, err := time.Parse(time.DateOnly, scalar(d))
		if err != nil {
			return nil, err
		}
		dates[i] = day.Format("2006-1-2")
	}
	regions, _ := member(report, "series").([]any)
	series := make([]any, len(regions))
	for i, r := range regions {
		series[i] = obj{"name": member(r, "region"), "type": "line", "stack": "总量",
			"areaStyle": obj{"normal": obj{}}, "data": member(r, "amounts")}
	}
	return obj{
		"legend": obj{"data": member(report, "regions")},
		"yAxis":  []any{obj{"type": "value"}},
		"xAxis":  []any{obj{"data": dates}},
		"series": series,
	}, nil
}
