package webui_test

import (
	"crypto/sha512"
	"encoding/base64"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/onegraph/server/apptest"
)

// Each page loads its scripts and style sheets from this server only, each
// pinned by its integrity hash, and the server answers them with their type
// and for good caching (their URL changes with their content).
func TestPagesLoadEmbeddedAssets(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	tag := regexp.MustCompile(`<(?:script src|link rel="stylesheet" href)="([^"]*)" integrity="([^"]*)">`)
	for page, want := range map[string][]string{
		"/": {"graphiql.min.css", "graphiql-plugin-explorer.css", "webui.css",
			"react.production.min.js", "react-dom.production.min.js", "graphiql.min.js", "graphiql-plugin-explorer.umd.js"},
		"/openapi": {"swagger-ui.css", "swagger-ui-bundle.js"},
	} {
		status, h, body := get(t, s.URL+page, nil)
		if status != http.StatusOK || h.Get("Content-Type") != "text/html; charset=utf-8" || h.Get("Cache-Control") != "no-cache" {
			t.Fatalf("GET %s: %d %v", page, status, h)
		}
		if n := strings.Count(body, "<script src=") + strings.Count(body, "<link rel=\"stylesheet\""); n != len(want) {
			t.Errorf("%s loads %d scripts and style sheets, want %d with their integrity", page, n, len(want))
		}
		var names []string
		for _, m := range tag.FindAllStringSubmatch(body, -1) {
			url, integrity := m[1], m[2]
			names = append(names, url[strings.LastIndex(url, "/")+1:])
			if !strings.HasPrefix(url, "/ui/assets/") {
				t.Errorf("%s loads %s, not from the server's assets", page, url)
				continue
			}
			status, h, asset := get(t, s.URL+url, nil)
			sum := sha512.Sum384([]byte(asset))
			wantType := map[bool]string{true: "text/javascript; charset=utf-8", false: "text/css; charset=utf-8"}[strings.HasSuffix(url, ".js")]
			if status != http.StatusOK || h.Get("Content-Type") != wantType || h.Get("Cache-Control") != "public, max-age=31536000, immutable" {
				t.Errorf("GET %s: %d %v", url, status, h)
			}
			if got := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); got != integrity {
				t.Errorf("%s has integrity %s, the page says %s", url, got, integrity)
			}
			if status, _, _ := get(t, s.URL+url, http.Header{"If-None-Match": {h.Get("ETag")}}); status != http.StatusNotModified {
				t.Errorf("GET %s with its ETag: %d, want 304", url, status)
			}
		}
		if !slices.Equal(names, want) {
			t.Errorf("%s loads %q, want %q", page, names, want)
		}
	}

	status, h, body := get(t, s.URL+"/ui/assets/0000/graphiql.min.js", nil)
	if status != http.StatusNotFound || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
		t.Errorf("an unknown asset: %d %v %s, want the JSON 404", status, h, body)
	}
}

func get(t *testing.T, url string, header http.Header) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if header != nil {
		req.Header = header
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(body)
}
