package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/service"
)

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestPostgresNeedsJWTSecret(t *testing.T) {
	_, err := app.Open(context.Background(), app.Config{DatabaseURL: "postgres://postgres@127.0.0.1:5432/test"}, quietLog())
	if err == nil || !strings.Contains(err.Error(), "JWT_SECRET") {
		t.Fatalf("got %v, want an error naming JWT_SECRET", err)
	}
}

// A fresh embedded store gets an admin with the default password, a JWT
// secret kept in DATA_DIR, and answers health checks and GraphiQL; it is
// Fresh on its first start only.
func TestEmbeddedStoreStartsFresh(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	a, err := app.Open(ctx, app.Config{DataDir: dir}, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "onegraph.db")); err != nil {
		t.Errorf("embedded database not in DATA_DIR: %v", err)
	}
	secret, err := os.ReadFile(filepath.Join(dir, "jwt-secret"))
	if err != nil || len(secret) < 32 {
		t.Errorf("jwt secret not kept in DATA_DIR: %v", err)
	}
	if _, _, _, err := a.Services.Accounts.Login(ctx, "admin", app.DefaultAdminPassword, service.AppPharma); err != nil {
		t.Errorf("admin cannot log in with the default password: %v", err)
	}
	if !a.Fresh {
		t.Error("a new store is not fresh: the embedded server would not fill it with demo data")
	}

	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	for path, want := range map[string]string{"/healthz": `{"status":"ok"}`, "/": "<html"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: %d %.80s, want 200 with %q", path, resp.StatusCode, body, want)
		}
	}

	// Reopening keeps the secret and does not add a second admin.
	a.Close()
	b, err := app.Open(ctx, app.Config{DataDir: dir}, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	again, _ := os.ReadFile(filepath.Join(dir, "jwt-secret"))
	if string(again) != string(secret) {
		t.Error("jwt secret changed across restarts")
	}
	if n, err := b.Stores.Accounts.Count(ctx); err != nil || n != 1 {
		t.Errorf("accounts after restart: %d, %v; want 1", n, err)
	}
	if b.Fresh {
		t.Error("a store with accounts is fresh: a restart (an upgrade) would seed demo logins into it")
	}
}

// The HTTP surface's guards: CORS for browser front ends on other origins,
// body limits whatever the content type, and upload folders that serve
// files but never list them.
func TestHTTPGuards(t *testing.T) {
	dir := t.TempDir()
	a, err := app.Open(context.Background(), app.Config{DataDir: dir, CORSOrigins: []string{"*"}}, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()

	t.Run("CORS preflight", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/api/v2/login", nil)
		req.Header.Set("Origin", "http://localhost:8081")
		req.Header.Set("Access-Control-Request-Method", http.MethodPut)
		req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		h := resp.Header
		if resp.StatusCode != http.StatusOK || h.Get("Access-Control-Allow-Origin") != "*" ||
			!strings.Contains(h.Get("Access-Control-Allow-Methods"), http.MethodPut) ||
			!strings.Contains(strings.ToLower(h.Get("Access-Control-Allow-Headers")), "authorization") {
			t.Errorf("preflight: %d %v", resp.StatusCode, h)
		}
	})

	t.Run("bodies are bounded whatever their type", func(t *testing.T) {
		big := `{"username":"admin","password":"` + strings.Repeat("x", 2<<20) + `"}`
		for _, ct := range []string{"application/json", "multipart/mixed", "text/plain"} {
			resp, err := http.Post(srv.URL+"/api/v2/login", ct, strings.NewReader(big))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			// Cut off at the limit, the body no longer parses: the login
			// never runs (it would answer 用户名或密码错误).
			if !strings.Contains(string(body), "请求体格式错误") {
				t.Errorf("%s: a 2 MiB body answered %.120s", ct, body)
			}
		}
	})

	t.Run("upload folders serve files, not listings or hidden files", func(t *testing.T) {
		up := filepath.Join(dir, "tmp_uploads")
		if err := os.MkdirAll(up, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, content := range map[string]string{"a.txt": "file", ".part-1": "half written"} {
			if err := os.WriteFile(filepath.Join(up, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for path, want := range map[string]int{"/tmp_uploads/a.txt": 200, "/tmp_uploads/": 404, "/tmp_uploads/.part-1": 404, "/uploads/": 404} {
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != want {
				t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
			}
		}
	})
}
