package service

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
)

// The merchant use cases' own logic, without a store: the search text, the
// partial patch and the settlement days. graph/merchant_test.go tests them
// through the API.

func TestReadSearchText(t *testing.T) {
	for _, tc := range []struct {
		text                     string
		want                     string // the text searched for
		merchantID, restaurantID *int64 // nil: none read
	}{
		{"K073655", "K073655", ptr[int64](73655), nil},
		{"k73655", "k73655", ptr[int64](73655), nil},
		{"  K073655\t", "K073655", ptr[int64](73655), nil},
		{"S281196", "S281196", nil, ptr[int64](281196)},
		{"s0281196", "s0281196", nil, ptr[int64](281196)},
		{"K000000", "K000000", ptr[int64](0), nil}, // which no merchant has
		{"K999999999999999999", "K999999999999999999", ptr[int64](999999999999999999), nil},
		// Not an id: searched as text only.
		{"K9999999999999999999", "K9999999999999999999", nil, nil}, // 19 digits: past int64
		{"K", "K", nil, nil},
		{"K07365a", "K07365a", nil, nil},
		{"KS281196", "KS281196", nil, nil},
		{"T12469", "T12469", nil, nil},
		{"K 073655", "K 073655", nil, nil},
		{"商户1", "商户1", nil, nil},
		{"   ", "", nil, nil},
	} {
		t.Run(tc.text, func(t *testing.T) {
			text := tc.text
			f := db.RestaurantFilter{Text: &text}
			readSearchText(&f)
			if *f.Text != tc.want || asJSON(f.MerchantID) != asJSON(tc.merchantID) || asJSON(f.RestaurantID) != asJSON(tc.restaurantID) {
				t.Errorf("text %q, merchant %s, restaurant %s; want %q, %s, %s", *f.Text, asJSON(f.MerchantID),
					asJSON(f.RestaurantID), tc.want, asJSON(tc.merchantID), asJSON(tc.restaurantID))
			}
		})
	}
	var f db.RestaurantFilter
	readSearchText(&f)
	if f.Text != nil || f.MerchantID != nil || f.RestaurantID != nil {
		t.Errorf("no text read as %+v", f)
	}
}

// demoRestaurant is a restaurant and merchant with every optional field set.
func demoRestaurant() (*db.Restaurant, *db.Merchant) {
	return &db.Restaurant{
			ID: 1, MerchantID: 2, Name: "店", Phone: "1", ReceiverName: "收", ReceiverPhone: "2", PayerName: "付", PayerPhone: "3",
			CityCode: "440300", AreaID: 30100000000, StreetID: 30100100000, Address: "1号", Latitude: ptr(22.5), Longitude: ptr(114.0),
			MapAddress: "地图", Review: 1, LabelID: ptr[int64](1911), SettleWay: 1, SettlementCycle: 2, CreditMode: 1,
			CreditLimit: ptr[int64](100), EffectiveDate: ptr("2024-01-01"), BeginDay: ptr(5), SettleDay: ptr(5), DateBasis: 1,
			RemindDaysBefore: ptr(3),
		}, &db.Merchant{ID: 2, CompanyName: "公司", CustomerType: 1, FinanceStatus: 0, Whitelisted: false,
			AccountManagerID: ptr[int64](2011), SalesManagerID: ptr[int64](2013)}
}

func ptr[T any](v T) *T { return &v }

func asJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// apply changes only what the patch gives, and names the columns that
// changed: not a field left out, not one given its own value. A required
// field given as null is refused, naming it; an optional one is cleared.
func TestRestaurantPatchApply(t *testing.T) {
	none := Opt[int64]{Set: true}
	for _, tc := range []struct {
		name         string
		patch        RestaurantPatch
		rCols, mCols []string
		change       func(r *db.Restaurant, m *db.Merchant)
	}{
		{"nothing", RestaurantPatch{merchantFields: true}, nil, nil, func(*db.Restaurant, *db.Merchant) {}},
		{"own values", RestaurantPatch{Name: To("店"), Review: To(1), LabelID: To[int64](1911), Latitude: To(22.5),
			CompanyName: To("公司"), AccountManagerID: To[int64](2011), merchantFields: true}, nil, nil,
			func(*db.Restaurant, *db.Merchant) {}},
		{"required fields", RestaurantPatch{Name: To("新店"), AreaID: To[int64](30200000000), Review: To(2), EffectiveDate: To("2025-01-01")},
			[]string{"name", "area_id", "review_state", "effective_date"}, nil, func(r *db.Restaurant, _ *db.Merchant) {
				r.Name, r.AreaID, r.Review, r.EffectiveDate = "新店", 30200000000, 2, ptr("2025-01-01")
			}},
		{"nulls clear optional fields", RestaurantPatch{LabelID: none, Latitude: Opt[float64]{Set: true},
			RemindDaysBefore: Opt[int]{Set: true}, CreditLimit: none, SalesManagerID: none, merchantFields: true},
			[]string{"label_id", "credit_limit_fen", "latitude", "remind_days"}, []string{"sales_manager_id"},
			func(r *db.Restaurant, m *db.Merchant) {
				r.LabelID, r.Latitude, r.RemindDaysBefore, r.CreditLimit, m.SalesManagerID = nil, nil, nil, nil, nil
			}},
		{"merchant fields", RestaurantPatch{CompanyName: To("新公司"), MerchantType: To(2), Whitelisted: To(true),
			AccountManagerID: To[int64](2012), merchantFields: true},
			nil, []string{"company_name", "customer_type", "whitelisted", "account_manager_id"},
			func(_ *db.Restaurant, m *db.Merchant) {
				m.CompanyName, m.CustomerType, m.Whitelisted, m.AccountManagerID = "新公司", 2, true, ptr[int64](2012)
			}},
		{"merchant fields where they do not apply", RestaurantPatch{CompanyName: To("新公司"), SalesManagerID: none, Name: To("新店")},
			[]string{"name"}, nil, func(r *db.Restaurant, _ *db.Merchant) { r.Name = "新店" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, m := demoRestaurant()
			wantR, wantM := demoRestaurant()
			tc.change(wantR, wantM)
			rCols, mCols, err := tc.patch.apply(r, m)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(rCols, tc.rCols) || !slices.Equal(mCols, tc.mCols) {
				t.Errorf("columns %v and %v, want %v and %v", rCols, mCols, tc.rCols, tc.mCols)
			}
			if asJSON(r) != asJSON(wantR) || asJSON(m) != asJSON(wantM) {
				t.Errorf("got\n%s\n%s\nwant\n%s\n%s", asJSON(r), asJSON(m), asJSON(wantR), asJSON(wantM))
			}
		})
	}

	for _, tc := range []struct {
		name  string
		patch RestaurantPatch
		field string
	}{
		{"name", RestaurantPatch{Name: Opt[string]{Set: true}}, "name"},
		{"area", RestaurantPatch{AreaID: Opt[int64]{Set: true}}, "areaId"},
		{"review", RestaurantPatch{Review: Opt[int]{Set: true}}, "review"},
		{"company", RestaurantPatch{CompanyName: Opt[string]{Set: true}, merchantFields: true}, "companyName"},
		{"whitelist", RestaurantPatch{Whitelisted: Opt[bool]{Set: true}, merchantFields: true}, "whitelisted"},
		{"the first null", RestaurantPatch{Name: To("新店"), CityCode: Opt[string]{Set: true}, DateBasis: Opt[int]{Set: true}}, "cityCode"},
	} {
		t.Run("null "+tc.name, func(t *testing.T) {
			r, m := demoRestaurant()
			_, _, err := tc.patch.apply(r, m)
			if e, ok := apperr.As(err); !ok || e.Code != apperr.InvalidInput || e.Field != tc.field {
				t.Errorf("error %v, want INVALID_INPUT at %s", err, tc.field)
			}
		})
	}
}

func TestCheckNumbers(t *testing.T) {
	day := func(n int) *int { return &n }
	date := func(s string) *string { return &s }
	fen := func(n int64) *int64 { return &n }
	deg := func(f float64) *float64 { return &f }
	for _, tc := range []struct {
		name  string
		r     db.Restaurant
		field string // "": accepted
	}{
		{"nothing set", db.Restaurant{}, ""},
		{"the bounds", db.Restaurant{BeginDay: day(1), SettleDay: day(31), RemindDaysBefore: day(7), EffectiveDate: date("2024-02-29"),
			CreditLimit: fen(0)}, ""},
		{"a reminder a day before", db.Restaurant{RemindDaysBefore: day(1)}, ""},
		{"begin day 0", db.Restaurant{BeginDay: day(0)}, "beginDay"},
		{"begin day 32", db.Restaurant{BeginDay: day(32)}, "beginDay"},
		{"settle day 0", db.Restaurant{SettleDay: day(0)}, "settleDay"},
		{"settle day 32", db.Restaurant{SettleDay: day(32)}, "settleDay"},
		{"a reminder the day itself", db.Restaurant{RemindDaysBefore: day(0)}, "remindDaysBefore"},
		{"the legacy no-reminder -1", db.Restaurant{RemindDaysBefore: day(-1)}, "remindDaysBefore"},
		{"a reminder 8 days before", db.Restaurant{RemindDaysBefore: day(8)}, "remindDaysBefore"},
		{"month 13", db.Restaurant{EffectiveDate: date("2019-13-01")}, "effectiveDate"},
		{"29 February of a common year", db.Restaurant{EffectiveDate: date("2019-02-29")}, "effectiveDate"},
		{"a date without leading zeros", db.Restaurant{EffectiveDate: date("2019-1-5")}, "effectiveDate"},
		{"a date and time", db.Restaurant{EffectiveDate: date("2019-01-05T00:00:00Z")}, "effectiveDate"},
		{"an empty date", db.Restaurant{EffectiveDate: date("")}, "effectiveDate"},
		{"a credit limit below 0", db.Restaurant{CreditLimit: fen(-1)}, "creditLimit"},
		{"the first fault", db.Restaurant{SettleDay: day(40), EffectiveDate: date("x")}, "settleDay"},
		{"the poles and the date line", db.Restaurant{Latitude: deg(-90), Longitude: deg(180)}, ""},
		{"a latitude past a pole", db.Restaurant{Latitude: deg(90.5)}, "latitude"},
		{"a longitude past the date line", db.Restaurant{Longitude: deg(-181)}, "longitude"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkNumbers(&tc.r)
			if tc.field == "" {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			if e, ok := apperr.As(err); !ok || e.Code != apperr.InvalidInput || e.Field != tc.field {
				t.Errorf("error %v, want INVALID_INPUT at %s", err, tc.field)
			}
		})
	}
}
