// Package media keeps uploaded images on disk: temporary uploads under
// DATA_DIR/tmp_uploads and the three sizes of each goods picture under
// DATA_DIR/uploads/goodspics. The HTTP server serves both directories from
// its root, so the relative paths returned here are also URL paths.
package media

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/image/draw"

	"github.com/onegraph/server/apperr"
)

// MaxUploadBytes bounds one uploaded image.
const MaxUploadBytes = 5 << 20

// Limits bound the work of decoding images. Pixels and decoded bytes are
// read from the image's header (image.DecodeConfig) before anything is
// decoded: a PNG of one color compresses about 1000:1, so a 113 KB file can
// claim 6300×6300 pixels, 160 MB once decoded.
type Limits struct {
	MaxPixels       int // width × height
	MaxDecodedBytes int // width × height × bytes per pixel of the decoded color model
	Workers         int // images decoded and resized at once, across all requests
}

// DefaultLimits: 4096×4096 (16 Mpx) takes a 12 Mpx phone photo and any
// scan a shop needs, for pictures shown at 800 px at most. 64 MiB decoded
// is those 16 Mpx at 4 bytes a pixel (8-bit RGBA; JPEG decodes to 3 at
// most), so it decides only for 16-bit images (8 Mpx). Two workers hold at
// most 2 × 64 MiB of decoded pixels whatever the machine or the number of
// uploads; the others wait their turn.
var DefaultLimits = Limits{MaxPixels: 4096 * 4096, MaxDecodedBytes: 64 << 20, Workers: 2}

// Directories under the root, as served from the server root.
const (
	TmpDir  = "tmp_uploads"
	PicsDir = "uploads/goodspics"
)

// Picture sizes: each version fits in a square box of this many pixels.
const (
	BigBox   = 800
	MidBox   = 400
	SmallBox = 200
)

// Store reads and writes files under one root directory (DATA_DIR).
type Store struct {
	root   string
	limits Limits
	work   pool // decodes and resizes
}

// New keeps files under root within limits; a limit not above zero takes
// its default.
func New(root string, l Limits) *Store {
	orDefault := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	l = Limits{MaxPixels: orDefault(l.MaxPixels, DefaultLimits.MaxPixels),
		MaxDecodedBytes: orDefault(l.MaxDecodedBytes, DefaultLimits.MaxDecodedBytes),
		Workers:         orDefault(l.Workers, DefaultLimits.Workers)}
	return &Store{root: root, limits: l, work: make(pool, l.Workers)}
}

// pool runs at most cap(p) functions at once.
type pool chan struct{}

// do runs fn when a slot is free, or gives up when ctx ends first.
func (p pool) do(ctx context.Context, fn func() error) error {
	select {
	case p <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-p }()
	return fn()
}

// extensions are the formats accepted, by image.DecodeConfig's name.
var extensions = map[string]string{"png": ".png", "jpeg": ".jpg", "gif": ".gif"}

// SaveUpload checks that r holds an image of an accepted type within the
// size limits and keeps it as tmp_uploads/<random>.<ext>, returning that
// path. The bytes are counted as they stream in.
func (s *Store) SaveUpload(r io.Reader) (string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxUploadBytes+1))
	if err != nil {
		return "", err
	}
	if len(data) > MaxUploadBytes {
		return "", tooLarge()
	}
	format, err := s.checkHeader(data)
	if err != nil {
		return "", err
	}
	ext, ok := extensions[format]
	if !ok {
		return "", notImage()
	}
	name, err := randomName()
	if err != nil {
		return "", err
	}
	rel := path.Join(TmpDir, name+ext)
	if err := s.write(rel, data); err != nil {
		return "", err
	}
	return rel, nil
}

// Picture is the relative paths of the three versions of a goods picture.
type Picture struct {
	Big, Mid, Small string
}

// MakeGoodsPicture makes the big, mid and small versions of the temporary
// upload at tmpPath ("tmp_uploads/x.png", with or without a leading slash)
// under uploads/goodspics, named big_x.png, mid_x.png and sma_x.png. The
// image is checked against the limits again (they may have shrunk since
// the upload) and decoded in the worker pool.
func (s *Store) MakeGoodsPicture(ctx context.Context, tmpPath string) (Picture, error) {
	name, err := tmpName(tmpPath)
	if err != nil {
		return Picture{}, err
	}
	f, err := os.Open(filepath.Join(s.root, TmpDir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return Picture{}, apperr.Missing("upload", tmpPath)
	}
	if err != nil {
		return Picture{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxUploadBytes+1))
	if err != nil {
		return Picture{}, err
	}
	if _, err := s.checkHeader(data); err != nil {
		return Picture{}, err
	}
	pic := Picture{
		Big:   path.Join(PicsDir, "big_"+name),
		Mid:   path.Join(PicsDir, "mid_"+name),
		Small: path.Join(PicsDir, "sma_"+name),
	}
	return pic, s.work.do(ctx, func() error {
		src, format, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			return notImage()
		}
		for _, v := range []struct {
			rel string
			box int
		}{{pic.Big, BigBox}, {pic.Mid, MidBox}, {pic.Small, SmallBox}} {
			var buf bytes.Buffer
			if err := encode(&buf, fit(src, v.box), format); err != nil {
				return err
			}
			if err := s.write(v.rel, buf.Bytes()); err != nil {
				return err
			}
		}
		return nil
	})
}

// checkHeader reads an image's header and refuses an image that claims more
// pixels, or more bytes once decoded, than the limits allow; it answers the
// image's format.
func (s *Store) checkHeader(data []byte) (format string, err error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", notImage()
	}
	perPixel := bytesPerPixel(cfg.ColorModel)
	if format == "jpeg" && progressiveJPEG(data) {
		// image/jpeg keeps every coefficient of a progressive image while
		// it decodes: an int32 per pixel per component, on top.
		perPixel += 4 * components(cfg.ColorModel)
	}
	return format, s.checkSize(cfg, perPixel)
}

// checkSize refuses an image of more pixels, or more bytes once decoded,
// than the limits allow.
func (s *Store) checkSize(cfg image.Config, perPixel int64) error {
	pixels := int64(cfg.Width) * int64(cfg.Height)
	if pixels > int64(s.limits.MaxPixels) {
		return apperr.New(apperr.InvalidInput, apperr.ReasonTooLarge, "the image is %dx%d pixels, more than the %d allowed",
			cfg.Width, cfg.Height, s.limits.MaxPixels)
	}
	if decoded := pixels * perPixel; decoded > int64(s.limits.MaxDecodedBytes) {
		return apperr.New(apperr.InvalidInput, apperr.ReasonTooLarge, "the image takes %d bytes decoded, more than the %d allowed",
			decoded, s.limits.MaxDecodedBytes)
	}
	return nil
}

// bytesPerPixel is what image/png, image/jpeg and image/gif allocate per
// pixel for the color model their header announces; any other model counts
// as the widest (16-bit RGBA).
func bytesPerPixel(m color.Model) int64 {
	if _, paletted := m.(color.Palette); paletted {
		return 1
	}
	switch m {
	case color.GrayModel:
		return 1
	case color.Gray16Model:
		return 2
	case color.YCbCrModel:
		return 3 // 4:4:4; subsampled JPEGs take less
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		return 4
	}
	return 8
}

// components is how many color components a JPEG of this model has.
func components(m color.Model) int64 {
	switch m {
	case color.GrayModel:
		return 1
	case color.CMYKModel:
		return 4
	}
	return 3
}

// progressiveJPEG tells whether a JPEG's frame is progressive (SOF2), from
// the markers before its first scan.
func progressiveJPEG(data []byte) bool {
	for i := 2; i+4 <= len(data) && data[i] == 0xFF; {
		switch marker := data[i+1]; {
		case marker == 0xFF: // fill byte
			i++
			continue
		case marker == 0xC2:
			return true
		case marker == 0xDA: // the first scan: no progressive frame before it
			return false
		}
		i += 2 + (int(data[i+2])<<8 | int(data[i+3]))
	}
	return false
}

// tmpName checks that p names a file directly in tmp_uploads and returns
// the file's name.
func tmpName(p string) (string, error) {
	clean := path.Clean("/" + strings.TrimSpace(p))
	dir, name := path.Split(clean)
	if dir != "/"+TmpDir+"/" || name == "" || strings.HasPrefix(name, ".") {
		return "", apperr.New(apperr.InvalidInput, apperr.ReasonNotUpload, "%q is not a temporary upload (tmp_uploads/<name>)", p)
	}
	return name, nil
}

// fit scales src down to fit in a box×box square, keeping its aspect
// ratio; an image that already fits is used as it is (never upscaled).
func fit(src image.Image, box int) image.Image {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= box && h <= box {
		return src
	}
	if w >= h {
		w, h = box, max(1, (h*box+w/2)/w)
	} else {
		w, h = max(1, (w*box+h/2)/h), box
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}

func encode(w io.Writer, img image.Image, format string) error {
	switch format {
	case "jpeg":
		return jpeg.Encode(w, img, &jpeg.Options{Quality: 90})
	case "gif":
		return gif.Encode(w, img, nil)
	default:
		return png.Encode(w, img)
	}
}

// write stores data at rel under the root: first in a temporary file, then
// renamed, so a reader never sees half a file.
func (s *Store) write(rel string, data []byte) error {
	full := filepath.Join(s.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(full), ".part-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name()) //nolint:errcheck // best effort
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), full)
}

func randomName() (string, error) {
	buf := make([]byte, 16)
	if _, err := rand.Read(buf); err != nil {
		return "", err
	}
	return hex.EncodeToString(buf), nil
}

func notImage() error {
	return apperr.New(apperr.InvalidInput, apperr.ReasonNotImage, "only PNG, JPEG and GIF images are accepted")
}

func tooLarge() error {
	return apperr.New(apperr.InvalidInput, apperr.ReasonTooLarge, "the file is larger than %d MiB", MaxUploadBytes>>20)
}

// The server's own address, for absolute URLs of uploaded files.

type baseURLKey struct{}

// Middleware remembers the address the request came to (scheme and host),
// so resolvers can answer absolute URLs.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		// Behind a TLS-terminating proxy the request arrives as http.
		if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
			scheme = p
		}
		ctx := context.WithValue(r.Context(), baseURLKey{}, scheme+"://"+r.Host)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// URL is the absolute URL of a file at rel (relative to the server root);
// without the request's address in ctx it is the root-relative path.
func URL(ctx context.Context, rel string) string {
	base, _ := ctx.Value(baseURLKey{}).(string)
	return fmt.Sprintf("%s/%s", base, strings.TrimPrefix(rel, "/"))
}
