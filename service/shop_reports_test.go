package service

import (
	"slices"
	"strings"
	"testing"
)

// The sales report's regions, province by province as the rule states
// them; everything else is 其他.
func TestShopSalesRegionOfProvince(t *testing.T) {
	want := map[string][]string{
		"华东": {"上海", "江苏", "浙江", "安徽", "福建", "江西", "山东", "台湾"},
		"华南": {"广东", "广西", "海南", "香港", "澳门"},
		"华北": {"北京", "天津", "河北", "山西", "内蒙古"},
		"西部": {"重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆"},
		// 东北, 华中, no province, and names that are not a whole province.
		"其他": {"辽宁", "吉林", "黑龙江", "河南", "湖北", "湖南", "", "江", "内蒙", "中国", "Jiangsu"},
	}
	var names []string
	for _, r := range shopSalesRegions {
		names = append(names, r.name)
	}
	if !slices.Equal(names, []string{"华东", "华南", "华北", "西部", "其他"}) {
		t.Errorf("regions %v, want 华东 华南 华北 西部 其他 in that order", names)
	}
	listed := 0
	for region, provinces := range want {
		for _, p := range provinces {
			if got := shopSalesRegions[regionOf(p)].name; got != region {
				t.Errorf("%q is in %s, want %s", p, got, region)
			}
		}
		if region != "其他" {
			listed += len(provinces)
		}
	}
	if len(shopProvinces) != listed {
		t.Errorf("the store is asked for %d provinces, want %d: %v", len(shopProvinces), listed, shopProvinces)
	}
}

// The store counts an address for the first province it begins with, so
// no province may begin another (or appear twice).
func TestShopSalesProvincesBeginNoOther(t *testing.T) {
	for i, p := range shopProvinces {
		for j, q := range shopProvinces {
			if i != j && strings.HasPrefix(q, p) {
				t.Errorf("province %q begins %q", p, q)
			}
		}
	}
}
