package app

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/99designs/gqlgen/graphql/playground"
)

// apiCSP is the policy of every answer but the playground page: they are
// JSON or served files, which need nothing, so nothing is allowed; an
// uploaded file opened in a browser cannot run script or be framed.
const apiCSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// securityHeaders sets on every answer: no type sniffing (a file is what
// its Content-Type says), no framing (clickjacking), no Referer leaving
// the API's URLs elsewhere, and apiCSP (the playground page sets its own).
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

// playgroundPage serves GraphiQL (gqlgen's page, rendered once) with a CSP
// that lets exactly it run: its scripts and style sheets from the CDN by
// their URLs (each also pinned by its integrity hash in the page), its one
// inline script by its hash, and requests to this server only. Inline
// styles are allowed because GraphiQL sets them as it draws.
var playgroundPage = func() http.Handler {
	page := renderPage(playground.Handler("OneGraph", "/graphql"))
	csp := playgroundCSP(page)
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.Header().Set("Content-Security-Policy", csp)
		w.Write(page) //nolint:errcheck // the client went away
	})
}()

var (
	scriptSrc    = regexp.MustCompile(`<script\s+src="([^"]+)"`)
	styleHref    = regexp.MustCompile(`<link\s+rel="stylesheet"\s+href="([^"]+)"`)
	inlineScript = regexp.MustCompile(`(?s)<script>(.*?)</script>`)
)

func playgroundCSP(page []byte) string {
	var scripts, styles []string
	for _, m := range scriptSrc.FindAllSubmatch(page, -1) {
		scripts = append(scripts, string(m[1]))
	}
	for _, m := range inlineScript.FindAllSubmatch(page, -1) {
		sum := sha256.Sum256(m[1])
		scripts = append(scripts, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	for _, m := range styleHref.FindAllSubmatch(page, -1) {
		styles = append(styles, string(m[1]))
	}
	return fmt.Sprintf("default-src 'none'; script-src %s; style-src 'unsafe-inline' %s; img-src 'self' data:; font-src data: https:; "+
		"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
		strings.Join(scripts, " "), strings.Join(styles, " "))
}

// renderPage is what h writes to a GET.
func renderPage(h http.Handler) []byte {
	var w pageWriter
	h.ServeHTTP(&w, &http.Request{Method: http.MethodGet})
	return w.Bytes()
}

type pageWriter struct{ bytes.Buffer }

func (*pageWriter) Header() http.Header { return http.Header{} }
func (*pageWriter) WriteHeader(int)     {}
