package media_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/media"
)

func testImage(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 200, 255})
		}
	}
	return img
}

func encoded(t *testing.T, format string, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, img)
	case "jpeg":
		err = jpeg.Encode(&buf, img, nil)
	case "gif":
		err = gif.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decodeFile(t *testing.T, path string) (image.Config, string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, format, err := image.DecodeConfig(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return cfg, format
}

func wantReason(t *testing.T, err error, code apperr.Code, reason apperr.Reason) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Code != code || e.Reason != reason {
		t.Errorf("error %v, want %s/%s", err, code, reason)
	}
}

func TestSaveUploadAndMakePictures(t *testing.T) {
	for _, tc := range []struct {
		format, ext string
		w, h        int
		sizes       [3][2]int // big, mid, small
	}{
		{"png", ".png", 1200, 900, [3][2]int{{800, 600}, {400, 300}, {200, 150}}},
		{"jpeg", ".jpg", 600, 1000, [3][2]int{{480, 800}, {240, 400}, {120, 200}}},
		{"gif", ".gif", 300, 100, [3][2]int{{300, 100}, {300, 100}, {200, 67}}}, // never upscaled
	} {
		t.Run(tc.format, func(t *testing.T) {
			root := t.TempDir()
			s := media.New(root, media.Limits{})
			rel, err := s.SaveUpload(bytes.NewReader(encoded(t, tc.format, testImage(tc.w, tc.h))))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(rel, "tmp_uploads/") || filepath.Ext(rel) != tc.ext {
				t.Fatalf("saved as %q", rel)
			}
			pic, err := s.MakeGoodsPicture(context.Background(), "/"+rel)
			if err != nil {
				t.Fatal(err)
			}
			name := strings.TrimPrefix(rel, "tmp_uploads/")
			for i, p := range []string{pic.Big, pic.Mid, pic.Small} {
				want := "uploads/goodspics/" + []string{"big_", "mid_", "sma_"}[i] + name
				if p != want {
					t.Errorf("path %q, want %q", p, want)
				}
				cfg, format := decodeFile(t, filepath.Join(root, p))
				if cfg.Width != tc.sizes[i][0] || cfg.Height != tc.sizes[i][1] || format != tc.format {
					t.Errorf("%s is a %dx%d %s, want %dx%d %s", p, cfg.Width, cfg.Height, format, tc.sizes[i][0], tc.sizes[i][1], tc.format)
				}
			}
		})
	}
}

func TestSaveUploadRefusals(t *testing.T) {
	root := t.TempDir()
	s := media.New(root, media.Limits{})
	_, err := s.SaveUpload(strings.NewReader("just text"))
	wantReason(t, err, apperr.InvalidInput, apperr.ReasonNotImage)
	_, err = s.SaveUpload(strings.NewReader(""))
	wantReason(t, err, apperr.InvalidInput, apperr.ReasonNotImage)
	huge := append(encoded(t, "png", testImage(2, 2)), make([]byte, media.MaxUploadBytes)...)
	_, err = s.SaveUpload(bytes.NewReader(huge))
	wantReason(t, err, apperr.InvalidInput, apperr.ReasonTooLarge)
	// A tiny file that claims a gigantic canvas.
	var bomb bytes.Buffer
	png.Encode(&bomb, image.NewGray(image.Rect(0, 0, 1, 1))) //nolint:errcheck // in memory
	raw := bomb.Bytes()
	copy(raw[16:24], []byte{0, 0, 0x40, 0, 0, 0, 0x40, 0}) // IHDR width and height: 16384 each
	binary.BigEndian.PutUint32(raw[29:33], crc32.ChecksumIEEE(raw[12:29]))
	_, err = s.SaveUpload(bytes.NewReader(raw))
	wantReason(t, err, apperr.InvalidInput, apperr.ReasonTooLarge)
	if entries, _ := os.ReadDir(filepath.Join(root, "tmp_uploads")); len(entries) != 0 {
		t.Errorf("refused uploads left %d files", len(entries))
	}
}

func TestMakeGoodsPictureOnlyFromTmpUploads(t *testing.T) {
	root := t.TempDir()
	s := media.New(root, media.Limits{})
	os.WriteFile(filepath.Join(root, "secret.png"), encoded(t, "png", testImage(5, 5)), 0o644) //nolint:errcheck // checked below
	for _, p := range []string{"tmp_uploads/../secret.png", "../secret.png", "/secret.png", "tmp_uploads", "tmp_uploads/", "tmp_uploads/.hidden", "tmp_uploads/a/b.png", ""} {
		_, err := s.MakeGoodsPicture(context.Background(), p)
		wantReason(t, err, apperr.InvalidInput, apperr.ReasonNotUpload)
	}
	_, err := s.MakeGoodsPicture(context.Background(), "tmp_uploads/nothing.png")
	if e, ok := apperr.As(err); !ok || e.Code != apperr.NotFound || e.Entity != "upload" {
		t.Errorf("a missing upload: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "uploads")); !os.IsNotExist(err) {
		t.Error("refused pictures made files")
	}
}

func TestURL(t *testing.T) {
	var got string
	h := media.Middleware(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		got = media.URL(r.Context(), "tmp_uploads/a.png")
	}))
	req := httptest.NewRequest(http.MethodPost, "http://shop.example:8888/api/v2/upload", nil)
	h.ServeHTTP(httptest.NewRecorder(), req)
	if got != "http://shop.example:8888/tmp_uploads/a.png" {
		t.Errorf("url %q", got)
	}
	req.TLS = &tls.ConnectionState{}
	h.ServeHTTP(httptest.NewRecorder(), req)
	if got != "https://shop.example:8888/tmp_uploads/a.png" {
		t.Errorf("url over TLS %q", got)
	}
	req.TLS = nil
	req.Header.Set("X-Forwarded-Proto", "https")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if got != "https://shop.example:8888/tmp_uploads/a.png" {
		t.Errorf("url behind a proxy %q", got)
	}
	if u := media.URL(context.Background(), "/tmp_uploads/a.png"); u != "/tmp_uploads/a.png" {
		t.Errorf("url without a request %q", u)
	}
}

// Images are bounded by pixels and by decoded bytes, read from the header:
// 8-bit RGBA is 4 bytes a pixel, 16-bit 8.
func TestImageLimits(t *testing.T) {
	s := media.New(t.TempDir(), media.Limits{})
	for _, c := range []struct {
		w, h    int
		deep    bool
		wantErr string
	}{
		{4096, 4096, false, ""}, // 16 Mpx, 64 MiB: at both limits
		{4097, 4096, false, "the image is 4097x4096 pixels, more than the 16777216 allowed"},
		{2900, 2900, true, "the image takes 67280000 bytes decoded, more than the 67108864 allowed"},
		{2896, 2896, true, ""},
	} {
		_, err := s.SaveUpload(bytes.NewReader(apptest.UniformPNG(t, c.w, c.h, c.deep)))
		if c.wantErr == "" && err != nil {
			t.Errorf("%dx%d: %v", c.w, c.h, err)
		}
		if e, ok := apperr.As(err); c.wantErr != "" && (!ok || e.Reason != apperr.ReasonTooLarge || e.Message != c.wantErr) {
			t.Errorf("%dx%d: %v, want TOO_LARGE %q", c.w, c.h, err, c.wantErr)
		}
	}
	small := media.New(t.TempDir(), media.Limits{MaxPixels: 100, MaxDecodedBytes: 100})
	_, err := small.SaveUpload(bytes.NewReader(encoded(t, "png", testImage(11, 10))))
	wantReason(t, err, apperr.InvalidInput, apperr.ReasonTooLarge)
	_, err = small.SaveUpload(bytes.NewReader(encoded(t, "png", testImage(5, 6)))) // 30 px × 4 bytes
	wantReason(t, err, apperr.InvalidInput, apperr.ReasonTooLarge)
}

// A progressive JPEG counts the coefficients image/jpeg keeps while it
// decodes it: 4 more bytes per pixel per component.
func TestImageLimitsCountProgressiveJPEGs(t *testing.T) {
	baseline := encoded(t, "jpeg", testImage(100, 100))
	// The same header with its frame marked progressive (SOF0 → SOF2):
	// only the header is read before the refusal.
	sof := bytes.Index(baseline, []byte{0xFF, 0xC0})
	progressive := append([]byte{}, baseline...)
	progressive[sof+1] = 0xC2
	s := media.New(t.TempDir(), media.Limits{MaxDecodedBytes: 100 * 100 * 3})
	if _, err := s.SaveUpload(bytes.NewReader(baseline)); err != nil {
		t.Fatalf("baseline JPEG within the limit: %v", err)
	}
	_, err := s.SaveUpload(bytes.NewReader(progressive))
	if e, ok := apperr.As(err); !ok || e.Message != "the image takes 150000 bytes decoded, more than the 30000 allowed" {
		t.Errorf("progressive JPEG: %v", err)
	}
}

// A 6300×6300 PNG (190 KB on disk, 160 MB decoded) already in tmp_uploads
// is refused before it is decoded: little time, little memory.
func TestMakeGoodsPictureRefusesABombUndecoded(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, media.TmpDir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, media.TmpDir, "bomb.png"), apptest.UniformPNG(t, 6300, 6300, false), 0o644); err != nil {
		t.Fatal(err)
	}
	s := media.New(root, media.Limits{})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := s.MakeGoodsPicture(context.Background(), "tmp_uploads/bomb.png")
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	wantReason(t, err, apperr.InvalidInput, apperr.ReasonTooLarge)
	t.Logf("refused in %v, %d KiB allocated", took, (after.TotalAlloc-before.TotalAlloc)>>10)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("refusing the bomb allocated %d MiB", alloc>>20)
	}
}
