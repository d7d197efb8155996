// Package webui serves the server's two browser pages: GraphiQL on the
// GraphQL endpoint (the playground) and a viewer of the OpenAPI document.
// The scripts and style sheets they load are embedded in the binary
// (vendor/, written by scripts/webui-assets.sh) and served by this server,
// so the pages work with no network; each page's CSP lets run exactly this
// server's scripts and the page's own inline script.
package webui

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"
)

// AssetsPrefix is the path the pages' scripts and style sheets are served under.
const AssetsPrefix = "/ui/assets/"

var (
	//go:embed vendor/*.js vendor/*.css webui.css
	assetFiles embed.FS
	//go:embed playground.html
	playgroundHTML string
	//go:embed openapi.html
	openapiHTML string
)

type asset struct {
	body        []byte
	contentType string
	integrity   string // the SRI hash the pages check it against
	etag        string
}

var contentTypes = map[string]string{".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}

// assets maps each asset's URL path to it. The path holds a hash of its
// content, so a browser may keep it for good: new content is a new URL.
// byName maps a file's name to its URL path.
var assets, byName = loadAssets()

func loadAssets() (map[string]asset, map[string]string) {
	byPath, byName := map[string]asset{}, map[string]string{}
	err := fs.WalkDir(assetFiles, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := assetFiles.ReadFile(name)
		if err != nil {
			return err
		}
		sum, sri := sha256.Sum256(body), sha512.Sum384(body)
		version := hex.EncodeToString(sum[:8])
		urlPath := AssetsPrefix + version + "/" + path.Base(name)
		byPath[urlPath] = asset{body: body, contentType: contentTypes[path.Ext(name)],
			integrity: "sha384-" + base64.StdEncoding.EncodeToString(sri[:]), etag: `"` + version + `"`}
		byName[path.Base(name)] = urlPath
		return nil
	})
	if err != nil {
		panic(err)
	}
	return byPath, byName
}

// Assets serves the embedded scripts and style sheets; a path that names
// none is left to notFound.
func Assets(notFound http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := assets[r.URL.Path]
		if !ok {
			notFound.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.contentType)
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("ETag", a.etag)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
	})
}

// Playground is GraphiQL on /graphql, with the schema's docs open and a
// field for the token of a login, which every request then carries as
// Authorization: Bearer <token>.
var Playground = newPage("playground", playgroundHTML)

// OpenAPIViewer is Swagger UI showing /openapi.json.
var OpenAPIViewer = newPage("openapi", openapiHTML)

// newPage renders a page template once, where {{script "name"}} and
// {{style "name"}} load an embedded asset by its URL and integrity hash, and
// serves it with its CSP.
func newPage(name, text string) http.Handler {
	tag := func(format string) func(string) (template.HTML, error) {
		return func(file string) (template.HTML, error) {
			urlPath, ok := byName[file]
			if !ok {
				return "", fmt.Errorf("no embedded asset %q", file)
			}
			return template.HTML(fmt.Sprintf(format, urlPath, assets[urlPath].integrity)), nil
		}
	}
	t := template.Must(template.New(name).Funcs(template.FuncMap{
		"script": tag(`<script src="%s" integrity="%s"></script>`),
		"style":  tag(`<link rel="stylesheet" href="%s" integrity="%s">`),
	}).Parse(text))
	var buf bytes.Buffer
	if err := t.Execute(&buf, nil); err != nil {
		panic(err)
	}
	page := buf.Bytes()
	csp := pageCSP(page)
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", csp)
		// Revalidated each time, so a new binary's asset URLs are seen at once.
		h.Set("Cache-Control", "no-cache")
		w.Write(page) //nolint:errcheck // the client went away
	})
}

var inlineScript = regexp.MustCompile(`(?s)<script>(.*?)</script>`)

// pageCSP allows this server's scripts, the page's inline scripts by their
// hashes, this server's style sheets and inline styles, requests to this
// server only, and nothing else. Inline styles must be allowed: GraphiQL adds
// <style> elements of its own at run time (react-remove-scroll, when a dialog
// opens), which no hash can name in advance. Scripts stay locked down.
func pageCSP(page []byte) string {
	scripts := []string{"'self'"}
	for _, m := range inlineScript.FindAllSubmatch(page, -1) {
		sum := sha256.Sum256(m[1])
		scripts = append(scripts, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	return "default-src 'none'; script-src " + strings.Join(scripts, " ") + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src data:; " +
		"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
}
