package graph

import (
	"mime"
	"net/http"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
)

// PreflightHeaders are the headers that tell a GraphQL request from one a
// page of another site could make a browser send: a browser sends a custom
// header only after a CORS preflight the server answers. The names are
// Apollo's and the GraphQL-over-HTTP draft's, so their clients send them.
var PreflightHeaders = []string{"X-Apollo-Operation-Name", "Apollo-Require-Preflight", "GraphQL-Require-Preflight"}

// preventCSRF refuses, before reading it, a request authenticated by the
// session cookie alone (a browser attaches it to any request, whichever
// site's page makes it) that a browser could send without a preflight: a
// GET or a POST with a form's or text's content type, and none of the
// PreflightHeaders. That is Apollo Server's CSRF prevention, applied only
// where it matters: a bearer token is never sent on the browser's own.
// The legacy routes are not behind it: the pharma admin pages sign in and
// post plain forms with the cookie and cannot add a header, and they are
// the clients those routes exist for.
func preventCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if auth.ByCookie(r) && simpleRequest(r) && !preflighted(r) {
			writeError(w, r, http.StatusBadRequest, "this request could come from another site's page (CSRF): send it with a JSON content type, "+
				"or with a non-empty X-Apollo-Operation-Name, Apollo-Require-Preflight or GraphQL-Require-Preflight header", apperr.CSRFRejected)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// simpleRequest tells whether a browser sends r without a CORS preflight,
// going by its content type: none (a GET), an unreadable one, or one a
// plain HTML form or text body has.
func simpleRequest(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return true
	}
	switch mt {
	case "application/x-www-form-urlencoded", "multipart/form-data", "text/plain":
		return true
	}
	return false
}

func preflighted(r *http.Request) bool {
	for _, h := range PreflightHeaders {
		if r.Header.Get(h) != "" {
			return true
		}
	}
	return false
}
