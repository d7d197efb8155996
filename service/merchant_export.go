package service

import (
	"context"
	"encoding/json"
	"time"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
)

// ExportLinkTTL is how long a link to an export of the restaurant search
// works.
const ExportLinkTTL = 5 * time.Minute

// ExportLink signs a download token for path, the route that writes the
// export, carrying the search's filter: it works for the caller's session
// only, until it expires or the session ends. The caller must be one who
// may search now.
func (s *Merchants) ExportLink(ctx context.Context, path string, filter json.RawMessage) (token string, expires time.Time, err error) {
	if _, err := s.scope(ctx); err != nil {
		return "", time.Time{}, err
	}
	v := auth.FromContext(ctx)
	now := s.tx.Now()
	expires = now.Add(ExportLinkTTL)
	token, err = s.tokens.IssueDownload(v.SessionID, path, filter, now, expires)
	if err != nil {
		return "", time.Time{}, apperr.New(apperr.Internal, "", "sign a download token: %v", err)
	}
	return token, expires, nil
}
