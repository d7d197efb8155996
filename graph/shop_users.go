package graph

import (
	"context"

	"github.com/onegraph/server/db"
	"github.com/onegraph/server/graph/loaders"
)

// changedRole re-reads a role after its rights changed, dropping the rights
// this request's loader cached, so the answer shows the new grant.
func (r *mutationResolver) changedRole(ctx context.Context, roleID int64) (*db.ShopRole, error) {
	loaders.For(ctx).ShopRoleRights.Clear(ctx, roleID)
	return r.store.ShopRole(ctx, roleID)
}
