package app

import "net/http"

// apiCSP is the policy of every answer but the browser pages (webui): they
// are JSON or served files, which need nothing, so nothing is allowed; an
// uploaded file opened in a browser cannot run script or be framed.
const apiCSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// securityHeaders sets on every answer: no type sniffing (a file is what
// its Content-Type says), no framing (clickjacking), no Referer leaving
// the API's URLs elsewhere, and apiCSP (the webui pages set their own).
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", apiCSP)
		next.ServeHTTP(w, r)
	})
}
