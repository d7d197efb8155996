package compat_test

import (
	"net/http"
	"testing"

	"github.com/onegraph/server/apptest"
)

// Bad values in legacy bodies are refused in each envelope, and nothing is
// written: the routes pass them on as GraphQL variables, whose String and
// Int scalars refuse a NUL, invalid UTF-8, a lone surrogate (marked as NUL
// before JSON decoding) and an Int beyond 32 bits.

func TestBadValuesAreRefusedInTheLegacyEnvelopes(t *testing.T) {
	s, c := signIn(t)
	sessions, customersBefore := s.Rows(t, "sessions"), s.Rows(t, "pharma_customers")
	mgrInvalid := errJSON(1, "请求参数错误")

	t.Run("NUL or bad bytes in a sign-in", func(t *testing.T) {
		for _, body := range []any{
			apptest.Form("username=ad%00min&password=x"),
			apptest.Form("username=ad%FFmin&password=x"),
			`{"username":"ad\u0000min","password":"x"}`,
			`{"username":"ad\ud800min","password":"x"}`,
		} {
			s.Client(t).Do(http.MethodPost, signinURL, body).Expect(t, http.StatusBadRequest, mgrInvalid)
			s.Do(t, "", http.MethodPost, "/api/v2/login", body).Expect(t, http.StatusOK, apptest.ShopFailure(400, "参数错误"))
		}
	})
	t.Run("bad text in a customer name", func(t *testing.T) {
		for _, name := range []string{`a\u0000b`, "a\xffb", `a\ud800b`, `a\udfffb`} {
			body := `{"action":"add_customer","data":{"name":"` + name + `","phonenumber":"1","address":"x"}}`
			c.Do(http.MethodPost, customers, body).Expect(t, http.StatusBadRequest, mgrInvalid)
		}
	})
	t.Run("page 2^62", func(t *testing.T) {
		c.Do(http.MethodGet, listCustomers+"&pagenum=4611686018427387904&pagesize=10", nil).Expect(t, http.StatusBadRequest, mgrInvalid)
	})
	t.Run("amount 2^63-1", func(t *testing.T) {
		customer, medicine := addCustomer(t, c, "客户"), addMedicine(t, c, "药")
		nOrders, nLines := s.Rows(t, "pharma_orders"), s.Rows(t, "pharma_order_lines")
		c.Do(http.MethodPost, orders, doc(`{"action":"add_order","data":{"name":"o","customerid":%d,
			"medicinelist":[{"id":%d,"amount":9223372036854775807,"name":"药"}]}}`, customer, medicine)).
			Expect(t, http.StatusBadRequest, errJSON(1, "药品数量必须是大于等于0的整数，且同一药品只能出现一次"))
		if o, l := s.Rows(t, "pharma_orders"), s.Rows(t, "pharma_order_lines"); o != nOrders || l != nLines {
			t.Errorf("orders %d lines %d, want %d %d", o, l, nOrders, nLines)
		}
		customersBefore++
	})
	if n := s.Rows(t, "sessions"); n != sessions {
		t.Errorf("sessions %d, want %d", n, sessions)
	}
	if n := s.Rows(t, "pharma_customers"); n != customersBefore {
		t.Errorf("customers %d, want %d", n, customersBefore)
	}
}
