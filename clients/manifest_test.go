// Package clients_test runs the TypeScript client's persisted documents,
// the manifest a server that runs only trusted documents reads, against the
// real server in that mode.
package clients_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/seed"
)

const manifestPath = "typescript/src/gql/persisted-documents.json"

// Every entry of the manifest is keyed by the sha256 hex of its document,
// and every document runs on the demo data as the TypeScript client sends
// it (by hash alone, the upload as a multipart request) on a server that
// takes the manifest as its trusted documents.
func TestTypeScriptPersistedDocumentsRun(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(manifestPath)
	if err != nil {
		t.Fatal(err)
	}
	var manifest map[string]string
	if err := json.Unmarshal(raw, &manifest); err != nil {
		t.Fatalf("%s: %v", manifestPath, err)
	}
	s := apptest.New(t, func(c *app.Config) { c.TrustedDocuments = manifestPath })
	if err := seed.Demo(context.Background(), s.App.Stores); err != nil {
		t.Fatal(err)
	}
	byName := map[string]string{}
	for hash, doc := range manifest {
		sum := sha256.Sum256([]byte(doc))
		if hash != hex.EncodeToString(sum[:]) {
			t.Errorf("%s is not the sha256 hex of %s", hash, doc)
		}
		byName[operationName(t, doc)] = doc
	}

	ran := map[string]bool{}
	// byHash is the request of an operation of the manifest by its hash alone.
	byHash := func(t *testing.T, name string, variables map[string]any) map[string]any {
		t.Helper()
		d, ok := byName[name]
		if !ok {
			t.Fatalf("no operation %s in %s", name, manifestPath)
		}
		ran[name] = true
		sum := sha256.Sum256([]byte(d))
		return map[string]any{"variables": variables,
			"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}}
	}
	// run posts an operation of the manifest and returns its answer's data.
	run := func(t *testing.T, name, token string, variables map[string]any) string {
		t.Helper()
		if token != "" {
			token = "Bearer " + token
		}
		r := s.Do(t, token, http.MethodPost, "/graphql", byHash(t, name, variables))
		var answer struct {
			Data   json.RawMessage
			Errors []any
		}
		if err := json.Unmarshal([]byte(r.Body), &answer); err != nil || len(answer.Errors) > 0 || r.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", name, r.Status, r.Body)
		}
		return string(answer.Data)
	}
	login := func(t *testing.T, app, username, password string) string {
		t.Helper()
		data := run(t, "Login", "", map[string]any{"input": map[string]any{"app": app, "username": username, "password": password}})
		var d struct{ Login struct{ Token string } }
		if json.Unmarshal([]byte(data), &d) != nil || d.Login.Token == "" {
			t.Fatalf("login %s: %s", username, data)
		}
		return d.Login.Token
	}
	admin := login(t, "PHARMA", "admin", apptest.AdminPassword)
	shop := login(t, "SHOP", "zhuguan", apptest.DemoPassword)

	orders := run(t, "PharmaOrdersPage", admin, map[string]any{"paging": map[string]any{"page": 1, "size": 1}})
	apptest.EqualJSON(t, orders, `{"pharmaOrders": {"total": 2, "items": [{"id": "1", "name": "华山医院订单001",
		"createdAt": "2018-12-26T14:10:15.419Z", "customer": {"id": "3", "name": "华山医院"},
		"lines": [{"amount": 10, "medicine": {"id": "1", "name": "青霉素", "sn": "234324234234"}}]}]}}`)

	goods := run(t, "ShopGoodsList", shop, map[string]any{"search": "海信 55英寸", "paging": map[string]any{"page": 1, "size": 10}})
	var list struct {
		L struct {
			Total int
			Items []struct {
				Name, State, UpdatedAt string
				Price                  float64
				Attributes             []struct{ Value string }
			}
		} `json:"shopGoodsList"`
	}
	if err := json.Unmarshal([]byte(goods), &list); err != nil || list.L.Total != 1 || len(list.L.Items) != 1 {
		t.Fatalf("ShopGoodsList: %s", goods)
	}
	if g := list.L.Items[0]; g.Name != "海信 55英寸 4K 曲面智能电视" || g.Price != 3999 || g.State != "IN_REVIEW" ||
		g.UpdatedAt == "" || len(g.Attributes) != 2 {
		t.Errorf("ShopGoodsList: the fragment's fields are not all there: %s", goods)
	}

	tmpPath := upload(t, s, byHash(t, "UploadImage", map[string]any{"file": nil}), shop, apptest.PNG(t, 40, 30))
	if !strings.HasPrefix(tmpPath, "tmp_uploads/") {
		t.Errorf("UploadImage stored the file at %q", tmpPath)
	}

	for name := range byName {
		if ran[name] {
			continue
		}
		t.Errorf("operation %s of %s is not run here", name, manifestPath)
	}
}

// operationName is the name of the document's one operation.
func operationName(t *testing.T, document string) string {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: document})
	if err != nil || len(doc.Operations) != 1 {
		t.Fatalf("%s is not one operation: %v", document, err)
	}
	return doc.Operations[0].Name
}

// upload runs the request of a document taking one Upload, $file, as a
// GraphQL multipart request, and returns the uploadImage answer's tmpPath.
func upload(t *testing.T, s *apptest.Server, request map[string]any, token string, file []byte) string {
	t.Helper()
	operations, _ := json.Marshal(request)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("operations", string(operations))   //nolint:errcheck // in memory
	w.WriteField("map", `{"0": ["variables.file"]}`) //nolint:errcheck // in memory
	fw, _ := w.CreateFormFile("0", "picture.png")
	fw.Write(file) //nolint:errcheck // in memory
	w.Close()
	r := s.Send(t, "Bearer "+token, http.MethodPost, "/graphql", &body, w.FormDataContentType())
	var answer struct {
		Data   struct{ UploadImage struct{ TmpPath string } }
		Errors []any
	}
	if err := json.Unmarshal([]byte(r.Body), &answer); err != nil || len(answer.Errors) > 0 {
		t.Fatalf("UploadImage: %d %s", r.Status, r.Body)
	}
	return answer.Data.UploadImage.TmpPath
}
