package apptest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
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

// UniformPNG is a real PNG of w×h transparent pixels, 8-bit RGBA (16-bit
// with deep): about a thousandth of its decoded size on disk, as an image
// bomb is (6300×6300 takes 190 KB). Written a row at a time, so even a huge
// one costs little memory to make.
func UniformPNG(t testing.TB, w, h int, deep bool) []byte {
	t.Helper()
	depth, bytesPerPixel := byte(8), 4
	if deep {
		depth, bytesPerPixel = 16, 8
	}
	var out bytes.Buffer
	chunk := func(kind string, data []byte) {
		out.Write(binary.BigEndian.AppendUint32(nil, uint32(len(data))))
		body := append([]byte(kind), data...)
		out.Write(body)
		out.Write(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(body)))
	}
	out.WriteString("\x89PNG\r\n\x1a\n")
	header := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, uint32(w)), uint32(h))
	chunk("IHDR", append(header, depth, 6, 0, 0, 0)) // color type 6: RGBA
	var idat bytes.Buffer
	z, _ := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	row := make([]byte, 1+w*bytesPerPixel) // filter 0, then the pixels
	for range h {
		if _, err := z.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	chunk("IDAT", idat.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}
