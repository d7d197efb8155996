// Package loaders batches the edges a list can reach, so the statements a
// request issues do not grow with the page size. A fresh set is made per
// request (Middleware), so nothing is cached across requests or viewers.
package loaders

import (
	"context"
	"net/http"
	"time"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
)

// wait is how long a loader collects keys before it queries. gqlgen resolves
// the items of a list in concurrent goroutines; under load (2 cores, -race)
// a 5ms window split a page of 50 into two batches, while 16ms (the
// library's default) kept them whole in every run we measured.
const wait = 16 * time.Millisecond

type Loaders struct {
	ShopRole       *dataloader.Loader[int64, *db.ShopRole]
	ShopRoleRights *dataloader.Loader[int64, []*db.ShopRight] // flat, by level then id
}

func New(s *db.Stores) *Loaders {
	return &Loaders{
		ShopRole: toOne(s.ShopUsers.Roles.ByIDs, func(r *db.ShopRole) int64 { return r.ID }, apperr.EntityRole),
		ShopRoleRights: dataloader.NewBatchedLoader(func(ctx context.Context, roles []int64) []*dataloader.Result[[]*db.ShopRight] {
			byRole, err := s.ShopUsers.RightsByRoleIDs(ctx, roles)
			out := make([]*dataloader.Result[[]*db.ShopRight], len(roles))
			for i, r := range roles {
				out[i] = &dataloader.Result[[]*db.ShopRight]{Data: byRole[r], Error: err}
			}
			return out
		}, dataloader.WithWait[int64, []*db.ShopRight](wait)),
	}
}

type loadersKey struct{}

// Middleware gives every request its own loaders; mount it only where
// GraphQL operations run (the GraphQL endpoint and the compat routes).
func Middleware(s *db.Stores) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := context.WithValue(r.Context(), loadersKey{}, New(s))
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// For returns the request's loaders.
func For(ctx context.Context) *Loaders {
	return ctx.Value(loadersKey{}).(*Loaders)
}

// toOne batches reads by primary key; a key with no row gets NOT_FOUND.
func toOne[T any](fetch func(context.Context, []int64) ([]*T, error), key func(*T) int64, what apperr.Entity) *dataloader.Loader[int64, *T] {
	return dataloader.NewBatchedLoader(func(ctx context.Context, keys []int64) []*dataloader.Result[*T] {
		rows, err := fetch(ctx, keys)
		byKey := make(map[int64]*T, len(rows))
		for _, r := range rows {
			byKey[key(r)] = r
		}
		out := make([]*dataloader.Result[*T], len(keys))
		for i, k := range keys {
			switch r, ok := byKey[k]; {
			case err != nil:
				out[i] = &dataloader.Result[*T]{Error: err}
			case !ok:
				out[i] = &dataloader.Result[*T]{Error: apperr.Missing(what, k)}
			default:
				out[i] = &dataloader.Result[*T]{Data: r}
			}
		}
		return out
	}, dataloader.WithWait[int64, *T](wait))
}
