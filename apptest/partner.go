package apptest

import (
	"context"
	"testing"

	"github.com/onegraph/server/seed"
)

// The partner platform's tests run on the demo seed's partner part (see
// seed/partner.go): enterprises 1 上海祎讯 (a buyer), 2 广州骏达 and 3 北京华通
// (sellers), 4 杭州顺风 and 5 深圳鹏程, each with one PARTNER account named
// by PartnerUser, password DemoPassword.

// SeedPartners adds the partner demo.
func (s *Server) SeedPartners(t testing.TB) {
	t.Helper()
	if err := seed.Partners(context.Background(), s.App.Stores); err != nil {
		t.Fatalf("seed partners: %v", err)
	}
}

// PartnerUser is the username of the demo enterprise's partner account.
func PartnerUser(enterprise int) string {
	return [...]string{1: "13800000001", 2: "13800000002", 3: "13800000003", 4: "13800000004", 5: "13800000005"}[enterprise]
}

// PartnerLogin signs a partner in through GraphQL and returns the token.
func (s *Server) PartnerLogin(t testing.TB, username, password string) string {
	t.Helper()
	return s.loginTo(t, "PARTNER", username, password)
}
