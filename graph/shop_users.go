package graph

import (
	"context"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/graph/loaders"
)

// changedRole re-reads a role after its rights changed, dropping the rights
// this request's loader cached, so the answer shows the new grant.
func (r *mutationResolver) changedRole(ctx context.Context, roleID int64) (*db.ShopRole, error) {
	loaders.For(ctx).ShopRoleRights.Clear(ctx, roleID)
	return r.store.ShopRole(ctx, roleID)
}

// mayHandOut keeps role managers from raising anybody's power above their
// own: a caller other than the super-admin may only grant rights it holds,
// and only assign a role all of whose rights it holds. Otherwise a holder of
// right 134 (grant) or 137 (assign) could give itself or an account it
// controls every right.
func mayHandOut(ctx context.Context, rights []int64) error {
	v := auth.FromContext(ctx)
	if v.ShopRoleID == nil {
		return apperr.New(apperr.Forbidden, apperr.ReasonMissingRight, "no shop role")
	}
	if *v.ShopRoleID == db.SuperAdminRoleID {
		return nil // holds every right; the store still checks the ids exist
	}
	held, err := loaders.For(ctx).ShopRoleRights.Load(ctx, *v.ShopRoleID)()
	if err != nil {
		return err
	}
	mine := make(map[int64]bool, len(held))
	for _, r := range held {
		mine[r.ID] = true
	}
	for _, id := range rights {
		if !mine[id] {
			return apperr.New(apperr.Forbidden, apperr.ReasonMissingRight, "you cannot hand out right %d, which you do not hold", id)
		}
	}
	return nil
}

// roleRightIDs lists the ids of the rights a role holds.
func roleRightIDs(ctx context.Context, roleID int64) ([]int64, error) {
	rights, err := loaders.For(ctx).ShopRoleRights.Load(ctx, roleID)()
	ids := make([]int64, len(rights))
	for i, r := range rights {
		ids[i] = r.ID
	}
	return ids, err
}
