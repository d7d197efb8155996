package apptest

import (
	"context"
	"testing"

	"github.com/onegraph/server/seed"
)

// Merchant management's tests run on the demo seed's merchant part (see
// seed/merchant.go): the legacy document's entities with their ids, group 1
// 华南销售部 (employee 2011 miaomiao and others) and group 2 华北华东销售部
// (2016 chenjing, ...), 59 restaurants. Every demo employee's password is
// DemoPassword.

// DemoPassword is the password of the demo accounts.
const DemoPassword = "123456"

// SeedMerchants adds the merchant-management demo.
func (s *Server) SeedMerchants(t testing.TB) {
	t.Helper()
	if err := seed.Merchants(context.Background(), s.App.Stores); err != nil {
		t.Fatalf("seed merchants: %v", err)
	}
}

// MerchantsLogin signs an employee (or admin) in to merchant management
// through GraphQL and returns the token.
func (s *Server) MerchantsLogin(t testing.TB, username, password string) string {
	t.Helper()
	return s.loginTo(t, "MERCHANTS", username, password)
}
