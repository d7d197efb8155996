package graph

import (
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/media"
)

// Resolver holds what every resolver needs. Per-request state (viewer,
// loaders) travels in the context instead.
type Resolver struct {
	store *db.Store
	auth  *auth.Service
	media *media.Store // uploaded images and goods pictures
}
