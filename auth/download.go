package auth

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/go-chi/jwtauth/v5"

	"github.com/onegraph/server/apperr"
)

// Download links let a plain link, which a browser follows without the
// Authorization header, fetch one file for the session that asked for it:
// a short-lived JWT in the link's query names the path it is good for and
// carries what the file is made of (an export's filter). The session behind
// it must still be live, so signing out ends the link too. Its audience
// keeps it from being taken as a session token, and a session token from
// being taken as a link.

// DownloadParam is the query parameter that carries a download token.
const DownloadParam = "download_token"

const downloadAudience = "download"

// IssueDownload signs a download token of a session for path, carrying
// payload, that ends at expires.
func (t *Tokens) IssueDownload(sessionID, path string, payload json.RawMessage, issued, expires time.Time) (string, error) {
	_, token, err := t.jwt.Encode(map[string]any{
		"sid":     sessionID,
		"aud":     downloadAudience,
		"path":    path,
		"payload": string(payload),
		"iat":     issued.Unix(),
		"exp":     expires.Unix(),
	})
	return token, err
}

// download verifies a download token for path and returns its session id
// and payload.
func (t *Tokens) download(raw, path string) (sessionID string, payload json.RawMessage, err error) {
	tok, err := jwtauth.VerifyToken(t.jwt, raw)
	if err != nil || !slices.Contains(tok.Audience(), downloadAudience) {
		return "", nil, apperr.New(apperr.Unauthenticated, "", "bad download token")
	}
	claims := tok.PrivateClaims()
	if p, _ := claims["path"].(string); p != path {
		return "", nil, apperr.New(apperr.Unauthenticated, "", "the download token is for another path")
	}
	sid, _ := claims["sid"].(string)
	text, _ := claims["payload"].(string)
	return sid, json.RawMessage(text), nil
}

type downloadKey struct{}

// DownloadPayload is what the request's download token carries, when the
// request was let in by one.
func DownloadPayload(ctx context.Context) (json.RawMessage, bool) {
	p, ok := ctx.Value(downloadKey{}).(json.RawMessage)
	return p, ok
}

// sessionOf reads the session id of a request: from its download token when
// it has one (then with the token's payload), else from its session token;
// "" when it carries neither.
func sessionOf(tokens *Tokens, r *http.Request) (sessionID string, payload json.RawMessage, err error) {
	if raw := r.URL.Query().Get(DownloadParam); raw != "" {
		return tokens.download(raw, r.URL.Path)
	}
	if raw := tokenFromRequest(r); raw != "" {
		sessionID, err = tokens.SessionID(raw)
	}
	return sessionID, nil, err
}
