package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onegraph/server/apptest"
)

// multipartRequest is a GraphQL multipart request (operations, map, then
// the file under "0" unless file is nil) to path, with these headers.
func multipartRequest(t testing.TB, s *apptest.Server, path string, header http.Header, operations, fileMap string, file []byte) *http.Request {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("operations", operations) //nolint:errcheck // in memory
	w.WriteField("map", fileMap)           //nolint:errcheck // in memory
	if file != nil {
		fw, _ := w.CreateFormFile("0", "photo.png")
		fw.Write(file) //nolint:errcheck // in memory
	}
	w.Close()
	req, err := http.NewRequest(http.MethodPost, s.URL+path, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header.Clone()
	req.Header.Set("Content-Type", w.FormDataContentType())
	return req
}

// send makes a request and returns its answer.
func send(t testing.TB, req *http.Request) apptest.Response {
	t.Helper()
	return apptest.RoundTrip(t, http.DefaultClient, req)
}

func uploadOperations(t testing.TB, pad int) string {
	// The padding rides in extensions: the document itself has a limit of its own.
	ops, err := json.Marshal(map[string]any{"query": goodsUploadOp, "variables": map[string]any{"f": nil},
		"extensions": map[string]any{"padding": strings.Repeat(" ", pad)}})
	if err != nil {
		t.Fatal(err)
	}
	return string(ops)
}

func bearer(token string) http.Header { return http.Header{"Authorization": {"Bearer " + token}} }

// A multipart request is held to the JSON body limit in its operations and
// map fields, and to the upload limit in its file, refused as soon as a
// part passes its limit; within them an upload runs.
func TestMultipartLimits(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := goodsShopToken(t, s)
	const fileMap = `{"0":["variables.f"]}`
	png := apptest.PNG(t, 4, 4)
	tooLarge := func(msg string) string {
		return fmt.Sprintf(`{"errors":[{"message":%q,"extensions":{"code":"INVALID_INPUT","reason":"TOO_LARGE"}}]}`, msg)
	}

	t.Run("a 2 MB operations field", func(t *testing.T) {
		send(t, multipartRequest(t, s, "/graphql", bearer(token), uploadOperations(t, 2<<20), fileMap, png)).
			Expect(t, http.StatusRequestEntityTooLarge, tooLarge("the operations field is larger than 1048576 bytes"))
	})
	t.Run("a 2 MB map field", func(t *testing.T) {
		bigMap := `{"0":["variables.f"],"x":"` + strings.Repeat("x", 2<<20) + `"}`
		send(t, multipartRequest(t, s, "/graphql", bearer(token), uploadOperations(t, 0), bigMap, png)).
			Expect(t, http.StatusRequestEntityTooLarge, tooLarge("the map field is larger than 1048576 bytes"))
	})
	t.Run("a 6 MiB file", func(t *testing.T) {
		big := append(apptest.PNG(t, 10, 10), make([]byte, 6<<20)...)
		send(t, multipartRequest(t, s, "/graphql", bearer(token), uploadOperations(t, 0), fileMap, big)).
			Expect(t, http.StatusRequestEntityTooLarge, tooLarge("the file is larger than 5 MiB"))
	})
	t.Run("an upload within the limits", func(t *testing.T) {
		// Operations just under the limit (the multipart framing aside).
		r := send(t, multipartRequest(t, s, "/graphql", bearer(token), uploadOperations(t, 1<<20-200), fileMap, png))
		var out apptest.GraphQLResponse
		if err := json.Unmarshal([]byte(r.Body), &out); err != nil || r.Status != http.StatusOK || len(out.Errors) > 0 {
			t.Fatalf("status %d: %.300s", r.Status, r.Body)
		}
		if path := get(t, string(out.Data), "uploadImage", "tmpPath"); !strings.HasPrefix(path, "tmp_uploads/") {
			t.Errorf("tmpPath %q", path)
		}
	})
}

// An anonymous multipart request is answered before its body is read: the
// client has sent the first 64 KiB of a 10 MB upload, and no more, when the
// answer comes. Only signed-in accounts upload, on GraphQL and on the
// legacy upload route alike, each answering in its own format.
func TestAnonymousMultipartRefusedUnread(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	for _, tc := range []struct {
		path   string
		status int
		body   string
	}{
		{"/graphql", http.StatusUnauthorized,
			`{"errors":[{"message":"sign in first: only signed-in accounts upload","extensions":{"code":"UNAUTHENTICATED"}}]}`},
		{"/api/v2/upload", http.StatusOK, apptest.ShopFailure(400, "无效token")},
	} {
		t.Run(tc.path, func(t *testing.T) {
			t.Parallel()
			pr, pw := io.Pipe()
			defer pw.Close()
			mw := multipart.NewWriter(pw)
			req, err := http.NewRequest(http.MethodPost, s.URL+tc.path, pr)
			if err != nil {
				t.Fatal(err)
			}
			req.ContentLength = 10 << 20
			req.Header.Set("Content-Type", mw.FormDataContentType())
			type answer struct {
				apptest.Response
				err error
			}
			answered := make(chan answer, 1)
			go func() {
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					answered <- answer{err: err}
					return
				}
				defer resp.Body.Close()
				body, err := io.ReadAll(resp.Body)
				answered <- answer{apptest.Response{Status: resp.StatusCode, Body: string(body)}, err}
			}()
			go func() { // the start of the upload; the rest never comes
				mw.WriteField("operations", uploadOperations(t, 0)) //nolint:errcheck // ends with the pipe
				mw.WriteField("map", `{"0":["variables.f"]}`)       //nolint:errcheck
				if fw, err := mw.CreateFormFile("0", "big.png"); err == nil {
					fw.Write(make([]byte, 64<<10)) //nolint:errcheck
				}
			}()
			select {
			case a := <-answered:
				if a.err != nil {
					t.Fatal(a.err)
				}
				a.Expect(t, tc.status, tc.body)
			case <-time.After(5 * time.Second):
				t.Fatal("no answer while the body is still coming: the server waits to read it")
			}
		})
	}
}
