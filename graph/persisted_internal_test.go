package graph

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"testing"
)

// A GET request's documentId joins the extensions it sends, as a JSON
// body's does, rather than replacing them.
func TestDocumentIDParameterKeepsTheOtherExtensions(t *testing.T) {
	hash := sha256Hex("{ me { id } }")
	r, _ := http.NewRequest(http.MethodGet, "/graphql?"+url.Values{
		"documentId": {"sha256:" + hash}, "extensions": {`{"trace": true, "persistedQuery": {"version": 1, "sha256Hash": "other"}}`}}.Encode(), nil)
	readDocumentIDParameter(r)
	q := r.URL.Query()
	var ext map[string]any
	if err := json.Unmarshal([]byte(q.Get("extensions")), &ext); err != nil || q.Has("documentId") {
		t.Fatalf("extensions %q (%v), documentId left: %v", q.Get("extensions"), err, q.Has("documentId"))
	}
	want := map[string]any{"trace": true, "persistedQuery": map[string]any{"version": 1.0, "sha256Hash": hash}}
	if !reflect.DeepEqual(ext, want) {
		t.Errorf("extensions %v, want %v", ext, want)
	}
}
