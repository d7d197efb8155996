package enum

import (
	"fmt"
	"slices"
	"testing"
)

// The codes are the legacy servers' stored values; changing one would
// misread every stored row.
func TestCodesAreTheLegacyValues(t *testing.T) {
	intCodes := map[*Codec[int]]map[string]int{
		ShopPayMethod:   {"UNPAID": 0, "ALIPAY": 1, "WECHAT": 2, "BANK_CARD": 3},
		ShopGoodsState:  {"REJECTED": 0, "IN_REVIEW": 1, "APPROVED": 2},
		MerchantType:    {"SHOP": 1, "PERSON": 2},
		FinanceStatus:   {"ACTIVE": 0, "FROZEN": 1, "UNKNOWN": 2, "DELETED": -99},
		ReviewState:     {"APPROVED": 1, "PENDING": 2},
		SettleWay:       {"GOODS_FIRST": 1, "PAYMENT_FIRST": 2},
		SettlementCycle: {"DAILY": 1, "WEEKLY": 2, "SEMIMONTHLY": 3, "MONTHLY": 4},
		CreditMode:      {"BY_CYCLE": 0, "BY_LIMIT": 1},
		SettleDateBasis: {"ORDER_DATE": 1, "RECEIPT_DATE": 2},
	}
	for c, want := range intCodes {
		checkCodes(t, c, want)
	}
	checkCodes(t, ShopAttributeKind, map[string]string{"MANY": "many", "ONLY": "only"})
}

// checkCodes checks that c has exactly these names, each with its code, and
// that every code reads back as its name.
func checkCodes[C comparable](t *testing.T, c *Codec[C], want map[string]C) {
	t.Helper()
	if len(c.Names()) != len(want) {
		t.Errorf("%s has names %q, want %d", c.what, c.Names(), len(want))
	}
	for name, code := range want {
		got, err := c.Code(name)
		if err != nil || got != code {
			t.Errorf("%s.Code(%s) = %v, %v; want %v", c.what, name, got, err, code)
		}
		back, err := c.Name(code)
		if err != nil || back != name {
			t.Errorf("%s.Name(%v) = %q, %v; want %s", c.what, code, back, err, name)
		}
		if !c.Valid(code) {
			t.Errorf("%s: code %v not valid", c.what, code)
		}
	}
}

func TestUnknownNameAndCodeFail(t *testing.T) {
	if _, err := ShopPayMethod.Code("CASH"); err == nil || err.Error() != `ShopPayMethod: unknown name "CASH"` {
		t.Errorf("unknown name: %v", err)
	}
	if _, err := ShopPayMethod.Name(4); err == nil || err.Error() != "ShopPayMethod: unknown code 4" {
		t.Errorf("unknown code: %v", err)
	}
	if _, err := ShopAttributeKind.Name("MANY"); err == nil {
		t.Error("a name read as a code")
	}
	if ShopGoodsState.Valid(-1) || ShopGoodsState.Valid(3) {
		t.Error("codes -1 or 3 of ShopGoodsState read as valid")
	}
}

func TestNamesKeepTheOrderGivenAndAreACopy(t *testing.T) {
	names := ShopPayMethod.Names()
	if !slices.Equal(names, []string{"UNPAID", "ALIPAY", "WECHAT", "BANK_CARD"}) {
		t.Fatalf("names %q", names)
	}
	names[0] = "CHANGED"
	if ShopPayMethod.Names()[0] != "UNPAID" {
		t.Error("Names returned the codec's own slice")
	}
}

func TestDuplicateNameOrCodePanics(t *testing.T) {
	for what, pairs := range map[string][]Pair[int]{
		"enum E: name A twice": {{"A", 1}, {"A", 2}},
		"enum E: code 1 twice": {{"A", 1}, {"B", 1}},
	} {
		func() {
			defer func() {
				if p := recover(); fmt.Sprint(p) != what {
					t.Errorf("panic %v, want %q", p, what)
				}
			}()
			New("E", pairs...)
		}()
	}
}
