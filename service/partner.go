package service

import (
	"context"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
)

// Partners holds the B2B partner platform's use cases: enterprises and
// partner accounts, listings, CRM customers, relations, discounts and goods
// lists. A partner account acts for its own enterprise; ADMIN (the
// operator) names the enterprise it acts for.
type Partners struct {
	tx       *db.Handle
	store    *db.PartnerStore
	accounts *db.AccountStore
	goods    *db.ShopGoodsStore
	// credentials must forget an account whose password or active flag
	// changes, once the change is committed.
	credentials *Credentials
}

// Acting is the enterprise the viewer acts for: a partner's own, which
// given (the enterprise a request names) must be when it is set; ADMIN
// must name one, and any is its.
func (s *Partners) Acting(ctx context.Context, given *int64) (int64, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return 0, apperr.New(apperr.Unauthenticated, "", "sign in first")
	}
	if v.Role == db.RoleAdmin {
		if given == nil {
			return 0, apperr.Invalidf("ADMIN acts for no enterprise of its own: name one").At("enterpriseId")
		}
		_, err := s.store.Enterprise(ctx, *given)
		return *given, err
	}
	p, err := s.store.ProfileOf(ctx, v.AccountID)
	if apperr.Is(err, apperr.NotFound) {
		return 0, apperr.New(apperr.Forbidden, apperr.ReasonWrongRole, "account %q belongs to no enterprise", v.Username)
	}
	if err != nil {
		return 0, err
	}
	if given != nil && *given != p.EnterpriseID {
		return 0, apperr.New(apperr.Forbidden, apperr.ReasonOtherEnterprise,
			"account %q works for enterprise %d, not %d", v.Username, p.EnterpriseID, *given).At("enterpriseId")
	}
	return p.EnterpriseID, nil
}
