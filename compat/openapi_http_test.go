package compat_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/compat"
)

// The document is served as JSON at /openapi.json, and is OpenAPI 3.1.
func TestOpenAPIServed(t *testing.T) {
	s := apptest.New(t)
	r := s.Do(t, "", http.MethodGet, "/openapi.json", nil)
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /openapi.json: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(r.Body), &doc); err != nil || doc.OpenAPI != "3.1.0" || doc.Paths["/api/mgr/customers"] == nil {
		t.Fatalf("not the legacy document: %v %.300s", err, r.Body)
	}
	if r.Body != string(compat.OpenAPI()) {
		t.Error("the served document is not compat.OpenAPI()")
	}
}

// The check every compat test runs can fail: a real answer, which keeps
// the document, breaks it once the document says its list is named
// otherwise or its ret is another code.
func TestOpenAPICheckRejectsDrift(t *testing.T) {
	s := apptest.New(t)
	c := s.Client(t)
	c.Do(http.MethodPost, signinURL, apptest.Form("username=admin&password="+apptest.AdminPassword))
	r := c.Do(http.MethodGet, "/api/mgr/customers?action=list_customer", nil)
	x := apptest.Exchange{Method: http.MethodGet, Path: "/api/mgr/customers?action=list_customer", Header: http.Header{},
		Status: r.Status, RespHeader: r.Header, RespBody: []byte(r.Body)}
	checker, err := apptest.NewSpecChecker(compat.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	if problems := checker.Check(x); len(problems) > 0 {
		t.Fatalf("the real document rejects the answer %s: %v", r.Body, problems)
	}
	for _, drift := range [][2]string{{`"retlist"`, `"rows"`}, {`"const": 0`, `"const": 7`}} {
		doc := strings.ReplaceAll(string(compat.OpenAPI()), drift[0], drift[1])
		wrong, err := apptest.NewSpecChecker([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		if problems := wrong.Check(x); len(problems) == 0 {
			t.Errorf("a document with %s for %s accepts %s", drift[1], drift[0], r.Body)
		} else {
			t.Logf("with %s for %s: %s", drift[1], drift[0], problems[0])
		}
	}
}
