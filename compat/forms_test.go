package compat_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/apptest"
)

// signInForm is a multipart sign-in of admin with password, padded with a
// field of pad bytes, and its content type.
func signInForm(password string, pad int) ([]byte, string) {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("username", "admin")             //nolint:errcheck // in memory
	w.WriteField("password", password)            //nolint:errcheck // in memory
	w.WriteField("pad", strings.Repeat("x", pad)) //nolint:errcheck // in memory
	w.Close()
	return body.Bytes(), w.FormDataContentType()
}

// stalled is a body that sends nothing more until its request ends: a
// server that reads it waits until then.
type stalled struct{ ctx context.Context }

func (s stalled) Read([]byte) (int, error) { <-s.ctx.Done(); return 0, s.ctx.Err() }

// A multipart form is read up to the upload limit only where a route takes
// an upload (TestShopGoodsLegacyRefusals, uploads); on any other route, the
// sign-ins open to anybody among them, it is bounded as a JSON body is: one
// that says it is larger is refused unread, one that does not say is
// refused once the bound is read, and one within it is read.
func TestMultipartBodiesAreBoundedLikeJSON(t *testing.T) {
	s := apptest.New(t)
	maxBody := int(app.DefaultHTTPLimits.MaxBodyBytes)
	for _, c := range []struct {
		path          string
		status        int
		tooLarge, bad string
	}{
		{"/api/mgr/signin", http.StatusBadRequest, `{"ret":1,"msg":"请求体过大"}`, `{"ret":1,"msg":"错误的用户名或密码"}`},
		{"/api/v2/login", http.StatusOK, apptest.ShopFailure(400, "请求体过大"), apptest.ShopFailure(400, "用户名或密码错误")},
		{"/api/private/v1/login", http.StatusOK, apptest.ShopFailure(400, "请求体过大"), apptest.ShopFailure(400, "用户名或密码错误")},
	} {
		t.Run(c.path, func(t *testing.T) {
			// Says it is one byte over the bound, then stalls after its
			// first bytes: answered, so nothing more was read. Were it
			// read, the server would wait for the rest and the request
			// time out.
			form, contentType := signInForm(apptest.AdminPassword, maxBody)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+c.path,
				io.MultiReader(bytes.NewReader(form[:4096]), stalled{ctx}))
			if err != nil {
				t.Fatal(err)
			}
			req.ContentLength = int64(maxBody) + 1
			req.Header.Set("Content-Type", contentType)
			apptest.RoundTrip(t, http.DefaultClient, req).Expect(t, c.status, c.tooLarge)

			// Without its length (chunked): refused once the bound is read.
			// (io.MultiReader hides the length.)
			s.Send(t, "", http.MethodPost, c.path, io.MultiReader(bytes.NewReader(form)), contentType).Expect(t, c.status, c.tooLarge)

			// Within the bound: read, the password with the rest.
			form, contentType = signInForm("wrong", maxBody-1024)
			s.Send(t, "", http.MethodPost, c.path, bytes.NewReader(form), contentType).Expect(t, http.StatusOK, c.bad)
		})
	}
}
