package graph_test

import (
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/onegraph/server/apptest"
)

// A JSON body is decoded once, as it streams in: a 1 MiB body naming its
// document by documentId costs a few times its size (the decoder's buffer,
// the string it holds, the client's copy), not a re-encoded, HTML-escaped
// copy six times as large. Not parallel: it counts all allocations.
func TestLargeJSONBodyIsDecodedOnce(t *testing.T) {
	s := apptest.New(t)
	const typename = `{ __typename }`
	postPersisted(t, s, "", sha256Hex(typename), typename, nil).Expect(t, http.StatusOK, `{"data": {"__typename": "Query"}}`)
	pad := strings.Repeat("<", 1<<20-300)
	body := `{"documentId": "sha256:` + sha256Hex(typename) + `", "variables": {"pad": "` + pad + `"}}`
	s.Do(t, "", http.MethodPost, "/graphql", body).Expect(t, http.StatusOK, `{"data": {"__typename": "Query"}}`)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	const n = 5
	for range n {
		s.Do(t, "", http.MethodPost, "/graphql", body)
	}
	runtime.ReadMemStats(&after)
	perRequest := (after.TotalAlloc - before.TotalAlloc) / n
	t.Logf("a %d-byte body: %d bytes allocated per request, server and client", len(body), perRequest)
	if perRequest > 10*uint64(len(body)) {
		t.Errorf("a %d-byte body allocated %d bytes per request", len(body), perRequest)
	}
}
