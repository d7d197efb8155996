package apptest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"
)

// Helpers for the shop back office's legacy API: a bearer token in the
// Authorization header and the {"data","meta"} envelope.

// Do sends a request with this Authorization header value (none when empty)
// and no cookies; a string body is sent as it is, anything else as JSON.
func (s *Server) Do(t testing.TB, authorization, method, path string, body any) Response {
	t.Helper()
	return send(t, http.DefaultClient, s.URL, authorization, method, path, body)
}

// Send sends a body of any content type (a multipart form, say).
func (s *Server) Send(t testing.TB, authorization, method, path string, body io.Reader, contentType string) Response {
	t.Helper()
	return send(t, http.DefaultClient, s.URL, authorization, method, path, rawBody{body, contentType})
}

// ShopLogin signs in through the legacy shop login and returns data.token,
// "Bearer ..." as the legacy front end sends it back.
func (s *Server) ShopLogin(t testing.TB, username, password string) string {
	t.Helper()
	r := s.Do(t, "", http.MethodPost, "/api/v2/login", map[string]any{"username": username, "password": password})
	var body struct{ Data struct{ Token string } }
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil || !strings.HasPrefix(body.Data.Token, "Bearer ") {
		t.Fatalf("shop login %s: %s", username, r.Body)
	}
	return body.Data.Token
}

// ShopAnswer is a shop answer carrying data (JSON text).
func ShopAnswer(data, msg string, status int) string {
	return fmt.Sprintf(`{"data": %s, "meta": {"msg": %q, "status": %d}}`, data, msg, status)
}

// ShopFailure is a shop answer without data.
func ShopFailure(status int, msg string) string { return ShopAnswer("null", msg, status) }

// ShopData decodes a shop answer's data member into v.
func ShopData(t testing.TB, r Response, v any) {
	t.Helper()
	var body struct{ Data json.RawMessage }
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil || json.Unmarshal(body.Data, v) != nil {
		t.Fatalf("unexpected answer: %s", r.Body)
	}
}

// PNG is a w×h PNG with a gradient, so that resizing has work to do.
func PNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
