package apptest

import (
	"testing"
	"time"
)

// SeedShopSales adds the orders the sales report's tests read: nine UTC
// days with orders from 2024-02-20 to 2024-03-10, days without orders
// between them, an address of every region and addresses of none, and
// orders a moment either side of midnight UTC. Their sums per day and
// region:
//
//	day         华东   华南 华北 西部 其他
//	2024-02-20  100    0    0    0    0
//	2024-02-21  0      0    50   0    0
//	2024-02-25  19.75  30   0    0    0
//	2024-02-26  0      8    4.5  20   6
//	2024-02-27  0      0.3  0    0    0
//	2024-02-29  5      0    0    0    0
//	2024-03-01  7      0    9    0    0
//	2024-03-02  0      0    0    11   13
//	2024-03-10  0      0    0    1.5  2.5
func (s *Server) SeedShopSales(t testing.TB) {
	t.Helper()
	for _, o := range []struct {
		at      string // RFC 3339
		address string
		price   float64
	}{
		{"2024-02-20T09:00:00Z", "上海市浦东新区寒亭路8号", 100},
		{"2024-02-21T09:00:00Z", "北京市海淀区", 50},
		{"2024-02-25T00:00:00Z", "江苏省南京市秦淮区龙蟠中路666号", 12.5},
		{"2024-02-25T12:00:00Z", "浙江省杭州市", 7.25},
		{"2024-02-25T23:59:00Z", "广东省广州市", 30},
		{"2024-02-26T01:00:00Z", "广西壮族自治区南宁市", 8},
		{"2024-02-26T02:00:00Z", "内蒙古自治区呼和浩特市", 4.5},
		{"2024-02-26T03:00:00Z", "四川省成都市", 20},
		{"2024-02-26T04:00:00Z", "黑龙江省哈尔滨市", 3},
		{"2024-02-26T05:00:00Z", "", 1},
		{"2024-02-26T06:00:00Z", "Earth", 2},
		// 0.1 + 0.2 is 0.30000000000000004 in floating point.
		{"2024-02-27T07:00:00Z", "香港特别行政区", 0.1},
		{"2024-02-27T08:00:00Z", "澳门特别行政区", 0.2},
		{"2024-02-29T23:59:59.999Z", "山东省济南市", 5},
		{"2024-03-01T00:00:00Z", "山东省青岛市", 7},
		{"2024-03-01T10:00:00Z", "天津市", 9},
		{"2024-03-02T10:00:00Z", "新疆维吾尔自治区乌鲁木齐市", 11},
		{"2024-03-02T11:00:00Z", "河南省郑州市", 13},
		// 01:00 in China is the day before in UTC.
		{"2024-03-11T01:00:00+08:00", "陕西省西安市", 1.5},
		{"2024-03-10T12:00:00Z", "湖北省武汉市", 2.5},
	} {
		at, err := time.Parse(time.RFC3339Nano, o.at)
		if err != nil {
			t.Fatal(err)
		}
		s.SeedShopOrder(t, map[string]any{"ConsigneeAddress": o.address, "Price": o.price, "CreatedAt": at, "UpdatedAt": at})
	}
}
