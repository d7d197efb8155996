package service

import (
	"context"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/chinatime"
	"github.com/onegraph/server/db"
)

// ShopReports is the shop back office's reports (数据统计).
type ShopReports struct {
	store *db.ShopReportStore
}

// MaxSalesDays bounds the days of a sales report: a month. (The schema
// gives the default, 7.)
const MaxSalesDays = 31

// shopSalesRegions are the sales report's regions in the order it lists
// them, each with its provinces by the name an address begins with
// ("江苏省南京市...", "北京市...", "广西壮族自治区..."). An address that begins
// with none of them (东北, 华中, empty, anything else) is the last region's.
var shopSalesRegions = []struct {
	name      string
	provinces []string
}{
	{"华东", []string{"上海", "江苏", "浙江", "安徽", "福建", "江西", "山东", "台湾"}},
	{"华南", []string{"广东", "广西", "海南", "香港", "澳门"}},
	{"华北", []string{"北京", "天津", "河北", "山西", "内蒙古"}},
	{"西部", []string{"重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆"}},
	{"其他", nil},
}

// shopProvinces lists every province of the regions; shopRegionOf gives a
// province's region by its index in shopSalesRegions.
var shopProvinces, shopRegionOf = func() ([]string, map[string]int) {
	var all []string
	of := map[string]int{}
	for i, r := range shopSalesRegions {
		for _, p := range r.provinces {
			all = append(all, p)
			of[p] = i
		}
	}
	return all, of
}()

// regionOf is the index in shopSalesRegions of a province's region; "" or
// an unknown province is the last region's.
func regionOf(province string) int {
	if i, ok := shopRegionOf[province]; ok {
		return i
	}
	return len(shopSalesRegions) - 1
}

// ShopSalesReport is the order amounts per region and day.
type ShopSalesReport struct {
	Regions []string
	Days    []string // China Standard Time calendar days, YYYY-MM-DD, oldest first
	Series  []ShopSalesRegion
}

// ShopSalesRegion is one region's amounts, one per day of its report.
type ShopSalesRegion struct {
	Region  string
	Amounts []float64
}

// Sales reports the last days calendar days that have orders: each
// region's summed order prices per day, 0 where it had none. Days are
// China Standard Time's, as the shop's original server counted them: an
// order at 01:00 in China is on that day there, though on the day before
// in UTC. Amounts are rounded to the fen, so that both stores, which add
// in different orders, answer the same (and a chart reads 0.3, not
// 0.30000000000000004).
func (s *ShopReports) Sales(ctx context.Context, days int) (*ShopSalesReport, error) {
	if days < 1 || days > MaxSalesDays {
		return nil, apperr.Invalidf("days must be between 1 and %d, got %d", MaxSalesDays, days)
	}
	sales, err := s.store.DailySales(ctx, days, chinatime.Offset, shopProvinces)
	if err != nil {
		return nil, err
	}
	report := &ShopSalesReport{Days: []string{}}
	dayAt := map[string]int{}
	for _, r := range sales { // ordered by day
		if _, seen := dayAt[r.Day]; !seen {
			dayAt[r.Day] = len(report.Days)
			report.Days = append(report.Days, r.Day)
		}
	}
	for _, r := range shopSalesRegions {
		report.Regions = append(report.Regions, r.name)
		report.Series = append(report.Series, ShopSalesRegion{Region: r.name, Amounts: make([]float64, len(report.Days))})
	}
	for _, r := range sales {
		report.Series[regionOf(r.Prefix)].Amounts[dayAt[r.Day]] += r.Amount
	}
	for _, series := range report.Series {
		for i, a := range series.Amounts {
			// Prices are amounts, so their sums are too unless beyond
			// maxCents, where a float holds no fen to round.
			if c, ok := centsOf(a); ok {
				series.Amounts[i] = c.amount()
			}
		}
	}
	return report, nil
}
