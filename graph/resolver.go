package graph

import (
	"github.com/onegraph/server/service"
)

// Resolver holds what every resolver needs: the use cases. Resolvers are
// glue between the schema and the services; per-request state (viewer,
// loaders) travels in the context.
type Resolver struct {
	svc    *service.Services
	access rootAccess // what myAccess checks
}
