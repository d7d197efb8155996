package graph

import (
	"context"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/graph/loaders"
)

// The partner platform's edges go through the request's loaders, so a page
// of any size reads each kind of edge in one statement.

func enterpriseByID(ctx context.Context, id int64) (*db.Enterprise, error) {
	return loadOne(ctx, loaders.For(ctx).Enterprises, id, apperr.EntityEnterprise)
}

func listingByID(ctx context.Context, id int64) (*db.PartnerListing, error) {
	return loadOne(ctx, loaders.For(ctx).Listings, id, apperr.EntityListing)
}

func relationKindByID(ctx context.Context, id int64) (*db.PartnerRelationKind, error) {
	return loadOne(ctx, loaders.For(ctx).RelationKinds, id, apperr.EntityRelationKind)
}

// listingOrAll is a listing, or nil for the "*" rows (every goods).
func listingOrAll(ctx context.Context, id *int64) (*db.PartnerListing, error) {
	if id == nil {
		return nil, nil
	}
	return listingByID(ctx, *id)
}

// loadOne loads a row a foreign key points at; none is NOT_FOUND.
func loadOne[T any](ctx context.Context, l *dataloader.Loader[int64, *T], id int64, what apperr.Entity) (*T, error) {
	row, err := l.Load(ctx, id)()
	if err == nil && row == nil {
		err = apperr.Missing(what, id)
	}
	return row, err
}
