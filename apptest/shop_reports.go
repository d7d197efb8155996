package apptest

import (
	"testing"
	"time"
)

// SeedShopSales adds the orders the sales report's tests read: ten China
// Standard Time (UTC+8) days with orders from 2024-02-20 to 2024-03-11,
// days without orders between them, an address of every region and
// addresses of none, and orders a moment either side of midnight in China,
// which is 16:00 UTC of the day before. Their sums per day and region:
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
//	2024-03-10  0      0    0    0    2.5
//	2024-03-11  0      0    0    1.5  0
//
// Counted by UTC days they would differ: 2024-02-25's first order would be
// on 2024-02-24, 2024-02-26's orders on 2024-02-25, 2024-02-29's and
// 2024-03-01's first orders on one day, 2024-03-11's on 2024-03-10.
func (s *Server) SeedShopSales(t testing.TB) {
	t.Helper()
	for _, o := range []struct {
		at      string // RFC 3339, in China Standard Time
		address string
		price   float64
	}{
		{"2024-02-20T09:00:00+08:00", "上海市浦东新区寒亭路8号", 100},
		{"2024-02-21T09:00:00+08:00", "北京市海淀区", 50},
		{"2024-02-25T00:00:00+08:00", "江苏省南京市秦淮区龙蟠中路666号", 12.5},
		{"2024-02-25T12:00:00+08:00", "浙江省杭州市", 7.25},
		{"2024-02-25T23:59:59.999999+08:00", "广东省广州市", 30},
		{"2024-02-26T01:00:00+08:00", "广西壮族自治区南宁市", 8},
		{"2024-02-26T02:00:00+08:00", "内蒙古自治区呼和浩特市", 4.5},
		{"2024-02-26T03:00:00+08:00", "四川省成都市", 20},
		{"2024-02-26T04:00:00+08:00", "黑龙江省哈尔滨市", 3},
		{"2024-02-26T05:00:00+08:00", "", 1},
		{"2024-02-26T06:00:00+08:00", "Earth", 2},
		// 0.1 + 0.2 is 0.30000000000000004 in floating point.
		{"2024-02-27T15:00:00+08:00", "香港特别行政区", 0.1},
		{"2024-02-27T16:00:00+08:00", "澳门特别行政区", 0.2},
		// One second apart, 15:59:59 and 16:00:00 UTC of one UTC day.
		{"2024-02-29T23:59:59+08:00", "山东省济南市", 5},
		{"2024-03-01T00:00:00+08:00", "山东省青岛市", 7},
		{"2024-03-01T18:00:00+08:00", "天津市", 9},
		{"2024-03-02T18:00:00+08:00", "新疆维吾尔自治区乌鲁木齐市", 11},
		{"2024-03-02T19:00:00+08:00", "河南省郑州市", 13},
		{"2024-03-10T20:00:00+08:00", "湖北省武汉市", 2.5},
		// 01:00 in China, 17:00 UTC of the day before.
		{"2024-03-11T01:00:00+08:00", "陕西省西安市", 1.5},
	} {
		at, err := time.Parse(time.RFC3339Nano, o.at)
		if err != nil {
			t.Fatal(err)
		}
		s.SeedShopOrder(t, map[string]any{"ConsigneeAddress": o.address, "Price": o.price, "CreatedAt": at, "UpdatedAt": at})
	}
}
