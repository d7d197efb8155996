package graph

import (
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
)

// Resolver holds what every resolver needs. Per-request state (viewer,
// loaders) travels in the context instead.
type Resolver struct {
	store *db.Store
	auth  *auth.Service
}
