package app_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/onegraph/server/app"
)

// A trusted documents manifest that is missing or not one stops the server
// at start, saying why.
func TestTrustedDocumentsManifestIsCheckedAtStart(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	const sha1OfMe = "b13a66b4f3cb3141549a43307216d07a189b568b"
	for _, tc := range []struct{ name, path, want string }{
		{"missing", filepath.Join(dir, "none.json"), "TRUSTED_DOCUMENTS: open " + filepath.Join(dir, "none.json") + ": no such file or directory"},
		{"not JSON", write("list.json", `["{ me { id } }"]`), "TRUSTED_DOCUMENTS: " + filepath.Join(dir, "list.json") +
			" is not a trusted documents manifest, a JSON object of documents by their SHA-256: json: cannot unmarshal array into Go value of type graph.TrustedDocuments"},
		{"empty", write("empty.json", `{}`), "TRUSTED_DOCUMENTS: " + filepath.Join(dir, "empty.json") + " holds no documents"},
		{"hashed with SHA-1", write("sha1.json", `{"`+sha1OfMe+`": "{ me { id } }"}`), "TRUSTED_DOCUMENTS: " + filepath.Join(dir, "sha1.json") +
			`: key "` + sha1OfMe + `" is not the SHA-256 of its document (c53d78fa4c9c65a93967d42316fcd207fd611c7cac40a103820a866c3e5dd8f5): generate the manifest with hashAlgorithm sha256`},
		{"a document that does not parse", write("broken.json", `{"d70c168da7f728e73f2d9a02b79d45f7d28576a5f07292caa475b8ff4a2ebdf4": "{ me {"}`), "TRUSTED_DOCUMENTS: " + filepath.Join(dir, "broken.json") +
			": document d70c168da7f728e73f2d9a02b79d45f7d28576a5f07292caa475b8ff4a2ebdf4 does not parse: input:1:7: Expected Name, found <EOF>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := app.Open(context.Background(), app.Config{DataDir: t.TempDir(), TrustedDocuments: tc.path}, quietLog())
			if err == nil || err.Error() != tc.want {
				t.Errorf("got %v,\nwant %s", err, tc.want)
			}
		})
	}
}
