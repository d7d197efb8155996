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
)

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestPostgresNeedsJWTSecret(t *testing.T) {
	_, err := app.Open(context.Background(), app.Config{DatabaseURL: "postgres://postgres@127.0.0.1:5432/test"}, quietLog())
	if err == nil || !strings.Contains(err.Error(), "JWT_SECRET") {
		t.Fatalf("got %v, want an error naming JWT_SECRET", err)
	}
}

// A fresh embedded store gets an admin with the default password, a JWT
// secret kept in DATA_DIR, and answers health checks and GraphiQL.
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
	if _, _, _, err := a.Auth.Login(ctx, "admin", app.DefaultAdminPassword, "PHARMA"); err != nil {
		t.Errorf("admin cannot log in with the default password: %v", err)
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
	if n, err := b.Store.CountAccounts(ctx); err != nil || n != 1 {
		t.Errorf("accounts after restart: %d, %v; want 1", n, err)
	}
}
