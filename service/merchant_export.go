package service

import (
	"context"
	"encoding/json"
	"time"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
)

// ExportLinkTTL is how long a link to an export of the restaurant search
// works.
const ExportLinkTTL = 5 * time.Minute

// ExportLink signs a download token for path, the route that writes the
// export, carrying the search's filter as input (f read): it works for
// the caller's session only, until it expires or the session ends. The
// caller must be one who may search now, with a filter the search takes.
func (s *Merchants) ExportLink(ctx context.Context, path string, f db.RestaurantFilter, input json.RawMessage) (token string, expires time.Time, err error) {
	if _, err := s.scope(ctx); err != nil {
		return "", time.Time{}, err
	}
	if err := checkFilter(f); err != nil {
		return "", time.Time{}, err
	}
	v := auth.FromContext(ctx)
	now := s.tx.Now()
	expires = now.Add(ExportLinkTTL)
	token, err = s.tokens.IssueDownload(v.SessionID, path, input, now, expires)
	if err != nil {
		return "", time.Time{}, apperr.New(apperr.Internal, "", "sign a download token: %v", err)
	}
	return token, expires, nil
}
