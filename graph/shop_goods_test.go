package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	_ "image/jpeg" // decodes the made pictures whatever their format
	"math"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/seed"
	"github.com/onegraph/server/service"
)

const (
	goodsFields = `id name categoryPath price number weight introduction state bigLogo smallLogo hotNumber promoted deleted
		createdAt updatedAt pictures { id goodsId big mid small } attributes { goodsId value addPrice attribute { id name } }`
	goodsCreate = `mutation($in: ShopGoodsInput!) { createShopGoods(input: $in) { ` + goodsFields + ` } }`
	goodsUpdate = `mutation($id: ID!, $in: ShopGoodsInput!) { updateShopGoods(id: $id, input: $in) { ` + goodsFields + ` } }`
	goodsRead   = `query($id: ID!) { shopGoods(id: $id) { ` + goodsFields + ` } }`
	goodsList   = `query($q: String, $page: Int!, $size: Int!) {
		shopGoodsList(search: $q, paging: {page: $page, size: $size}) { total items { id name } } }`
	goodsSetPics  = `mutation($id: ID!, $p: [ShopGoodsPictureInput!]!) { setShopGoodsPictures(id: $id, pictures: $p) { pictures { id big mid small } } }`
	goodsSetAttrs = `mutation($id: ID!, $a: [ShopGoodsAttributeInput!]!) { setShopGoodsAttributes(id: $id, attributes: $a) { attributes { value attribute { name } } } }`
	goodsSetState = `mutation($id: ID!, $s: ShopGoodsState!) { setShopGoodsState(id: $id, state: $s) { state } }`
	goodsDelete   = `mutation($id: ID!) { deleteShopGoods(id: $id) }`
	goodsUploadOp = `mutation($f: Upload!) { uploadImage(file: $f) { tmpPath url } }`
)

// goodsCatalog is a category path with two attributes in its leaf, and a
// second leaf with an attribute of its own.
type goodsCatalog struct {
	path              []int64 // top, middle, leaf
	color, size       int64   // attributes of the leaf
	otherLeaf, otherA int64
}

func goodsSeedCatalog(t *testing.T, s *apptest.Server) goodsCatalog {
	t.Helper()
	ctx := context.Background()
	insert := func(model any) {
		if _, err := s.App.DB.NewInsert().Model(model).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	top := &db.ShopCategory{Name: "大家电", Level: 0}
	insert(top)
	mid := &db.ShopCategory{Name: "电视", ParentID: top.ID, Level: 1}
	insert(mid)
	leaf := &db.ShopCategory{Name: "曲面电视", ParentID: mid.ID, Level: 2}
	insert(leaf)
	other := &db.ShopCategory{Name: "平板电视", ParentID: mid.ID, Level: 2}
	insert(other)
	color := &db.ShopAttribute{Name: "颜色", CategoryID: leaf.ID, Kind: "many", Values: "黑色 银色"}
	insert(color)
	size := &db.ShopAttribute{Name: "尺寸", CategoryID: leaf.ID, Kind: "only", Values: ""}
	insert(size)
	otherA := &db.ShopAttribute{Name: "分辨率", CategoryID: other.ID, Kind: "only"}
	insert(otherA)
	return goodsCatalog{path: []int64{top.ID, mid.ID, leaf.ID}, color: color.ID, size: size.ID, otherLeaf: other.ID, otherA: otherA.ID}
}

func (c goodsCatalog) input(name string) map[string]any {
	return map[string]any{"name": name, "categoryPath": c.path, "price": 20, "number": 30, "weight": 40, "introduction": "<p>abc</p>"}
}

// goodsUpload runs uploadImage with the GraphQL multipart request spec; nil
// data sends no file part at all.
func goodsUpload(t testing.TB, s *apptest.Server, token, filename string, data []byte) (int, apptest.GraphQLResponse) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	ops, _ := json.Marshal(map[string]any{"query": goodsUploadOp, "variables": map[string]any{"f": nil}})
	w.WriteField("operations", string(ops))      //nolint:errcheck // in memory
	w.WriteField("map", `{"0":["variables.f"]}`) //nolint:errcheck // in memory
	if data != nil {
		fw, _ := w.CreateFormFile("0", filename)
		fw.Write(data) //nolint:errcheck // in memory
	}
	w.Close()
	authorization := ""
	if token != "" {
		authorization = "Bearer " + token
	}
	r := s.Send(t, authorization, http.MethodPost, "/graphql", &body, w.FormDataContentType())
	var out apptest.GraphQLResponse
	if err := json.Unmarshal([]byte(r.Body), &out); err != nil {
		t.Fatalf("the upload answer is not JSON (status %d): %v", r.Status, err)
	}
	return r.Status, out
}

// goodsUploadOK uploads a PNG and returns its tmpPath.
func goodsUploadOK(t testing.TB, s *apptest.Server, token string, w, h int) string {
	t.Helper()
	_, r := goodsUpload(t, s, token, "photo.png", apptest.PNG(t, w, h))
	if len(r.Errors) > 0 {
		t.Fatalf("upload: %+v", r.Errors)
	}
	return get(t, string(r.Data), "uploadImage", "tmpPath")
}

func goodsShopToken(t testing.TB, s *apptest.Server) string {
	t.Helper()
	data := do(t, s, "", `mutation($p: String!) { login(input: {username: "admin", password: $p, app: SHOP}) { token } }`,
		map[string]any{"p": apptest.AdminPassword})
	return get(t, data, "login", "token")
}

// goodsImageSize decodes a file under the data dir and returns its size.
func goodsImageSize(t testing.TB, s *apptest.Server, rel string) (int, int) {
	t.Helper()
	f, err := os.Open(filepath.Join(s.App.Config.DataDir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("picture file: %v", err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", rel, err)
	}
	return img.Bounds().Dx(), img.Bounds().Dy()
}

func goodsID(t testing.TB, data string, field string) string {
	t.Helper()
	return get(t, data, field, "id")
}

// An uploaded 1200×900 PNG becomes three real pictures of 800×600, 400×300
// and 200×150 when goods take it; all are served from the server root.
func TestShopGoodsCreateWithUploadedPicture(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := goodsShopToken(t, s)
	cat := goodsSeedCatalog(t, s)

	status, up := goodsUpload(t, s, token, "photo.png", apptest.PNG(t, 1200, 900))
	if status != http.StatusOK || len(up.Errors) > 0 {
		t.Fatalf("upload: %d %+v", status, up.Errors)
	}
	tmp := get(t, string(up.Data), "uploadImage", "tmpPath")
	name := strings.TrimPrefix(tmp, "tmp_uploads/")
	if !strings.HasPrefix(tmp, "tmp_uploads/") || !strings.HasSuffix(name, ".png") || len(name) != 32+4 {
		t.Fatalf("tmpPath %q, want tmp_uploads/<32 hex>.png", tmp)
	}
	if url := get(t, string(up.Data), "uploadImage", "url"); url != s.URL+"/"+tmp {
		t.Errorf("url %q, want %q", url, s.URL+"/"+tmp)
	}
	goodsServed(t, s, "/"+tmp, 1200, 900)

	in := cat.input("曲面电视 A")
	// The legacy front end sends the path with a leading slash.
	in["pictures"] = []map[string]any{{"tmpPath": "/" + tmp}}
	in["attributes"] = []map[string]any{{"attributeId": cat.color, "value": "黑色 银色"}, {"attributeId": cat.size, "value": "55英寸"}}
	data := do(t, s, token, goodsCreate, map[string]any{"in": in})
	var d struct {
		G struct {
			ID, CreatedAt, UpdatedAt string
			Pictures                 []struct{ ID, GoodsID, Big, Mid, Small string }
		} `json:"createShopGoods"`
	}
	json.Unmarshal([]byte(data), &d) //nolint:errcheck // checked below
	g := d.G
	if len(g.Pictures) != 1 {
		t.Fatalf("pictures %s", data)
	}
	p := g.Pictures[0]
	want := fmt.Sprintf(`{"createShopGoods":{"id":%q,"name":"曲面电视 A","categoryPath":["%d","%d","%d"],"price":20,"number":30,
		"weight":40,"introduction":"<p>abc</p>","state":"IN_REVIEW","bigLogo":"","smallLogo":"","hotNumber":0,"promoted":false,
		"deleted":false,"createdAt":%q,"updatedAt":%q,
		"pictures":[{"id":%q,"goodsId":%q,"big":"uploads/goodspics/big_%s","mid":"uploads/goodspics/mid_%s","small":"uploads/goodspics/sma_%s"}],
		"attributes":[{"goodsId":%q,"value":"黑色 银色","addPrice":null,"attribute":{"id":"%d","name":"颜色"}},
			{"goodsId":%q,"value":"55英寸","addPrice":null,"attribute":{"id":"%d","name":"尺寸"}}]}}`,
		g.ID, cat.path[0], cat.path[1], cat.path[2], g.CreatedAt, g.CreatedAt, p.ID, g.ID, name, name, name,
		g.ID, cat.color, g.ID, cat.size)
	apptest.EqualJSON(t, data, want)

	for _, v := range []struct {
		rel  string
		w, h int
	}{{p.Big, 800, 600}, {p.Mid, 400, 300}, {p.Small, 200, 150}} {
		if w, h := goodsImageSize(t, s, v.rel); w != v.w || h != v.h {
			t.Errorf("%s is %dx%d, want %dx%d", v.rel, w, h, v.w, v.h)
		}
		goodsServed(t, s, "/"+v.rel, v.w, v.h)
	}
	// Read back by id: the same goods.
	apptest.EqualJSON(t, do(t, s, token, goodsRead, map[string]any{"id": g.ID}),
		strings.Replace(want, "createShopGoods", "shopGoods", 1))
}

// goodsServed fetches a file from the server and checks its image size.
func goodsServed(t *testing.T, s *apptest.Server, path string, w, h int) {
	t.Helper()
	resp, err := http.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	img, _, err := image.Decode(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if img.Bounds().Dx() != w || img.Bounds().Dy() != h {
		t.Errorf("GET %s: %dx%d, want %dx%d", path, img.Bounds().Dx(), img.Bounds().Dy(), w, h)
	}
}

func TestShopGoodsUploadRefusals(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := goodsShopToken(t, s)

	t.Run("not an image", func(t *testing.T) {
		_, r := goodsUpload(t, s, token, "photo.png", []byte("<html>not a picture</html>"))
		expectError(t, r, `{"code":"INVALID_INPUT","reason":"NOT_IMAGE"}`)
	})
	t.Run("an image type that is not accepted", func(t *testing.T) {
		// A BMP header: a real image, but not PNG, JPEG or GIF.
		bmp := append([]byte("BM"), make([]byte, 64)...)
		_, r := goodsUpload(t, s, token, "photo.bmp", bmp)
		expectError(t, r, `{"code":"INVALID_INPUT","reason":"NOT_IMAGE"}`)
	})
	t.Run("too large", func(t *testing.T) {
		big := append(apptest.PNG(t, 10, 10), make([]byte, 6<<20)...)
		_, r := goodsUpload(t, s, token, "photo.png", big)
		expectError(t, r, `{"code":"INVALID_INPUT","reason":"TOO_LARGE"}`)
	})
	t.Run("no file", func(t *testing.T) {
		status, r := goodsUpload(t, s, token, "", nil)
		if len(r.Errors) == 0 || r.Code() == "INTERNAL" || status >= 500 {
			t.Errorf("status %d, errors %+v: want a clear client error", status, r.Errors)
		}
	})
	t.Run("nothing was kept", func(t *testing.T) {
		entries, _ := os.ReadDir(filepath.Join(s.App.Config.DataDir, "tmp_uploads"))
		if len(entries) != 0 {
			t.Errorf("%d files in tmp_uploads after refused uploads", len(entries))
		}
	})
}

// A 190 KB PNG that decodes to 6300×6300 RGBA (160 MB) is refused from its
// header: at upload, and when goods are made from it (put in tmp_uploads as
// an upload accepted under looser limits would be). Normal pictures work.
func TestShopGoodsImageBombs(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := goodsShopToken(t, s)
	c := goodsSeedCatalog(t, s)
	bomb := apptest.UniformPNG(t, 6300, 6300, false)
	const tooLarge = `{"code":"INVALID_INPUT","reason":"TOO_LARGE"}`

	_, r := goodsUpload(t, s, token, "bomb.png", bomb)
	expectError(t, r, tooLarge)
	in := c.input("炸弹")
	in["pictures"] = []map[string]any{{"tmpPath": goodsUploadOK(t, s, token, 100, 100)}, {"tmpPath": "tmp_uploads/bomb.png"}}
	if err := os.WriteFile(filepath.Join(s.App.Config.DataDir, "tmp_uploads", "bomb.png"), bomb, 0o644); err != nil {
		t.Fatal(err)
	}
	if msg := fails(t, s, token, goodsCreate, map[string]any{"in": in}, tooLarge); msg != "the image is 6300x6300 pixels, more than the 16777216 allowed" {
		t.Errorf("message %q", msg)
	}
	in["pictures"] = []map[string]any{{"tmpPath": goodsUploadOK(t, s, token, 1200, 900)}}
	if got := get(t, do(t, s, token, goodsCreate, map[string]any{"in": in}), "createShopGoods", "name"); got != "炸弹" {
		t.Errorf("goods %q", got)
	}
}

func TestShopGoodsListUpdateAndDelete(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := goodsShopToken(t, s)
	cat := goodsSeedCatalog(t, s)
	var ids []string
	for _, name := range []string{"iphone 1", "iphone 2", "ipad", "iphone 3"} {
		ids = append(ids, goodsID(t, do(t, s, token, goodsCreate, map[string]any{"in": cat.input(name)}), "createShopGoods"))
	}
	list := func(q string, page, size int) string {
		return do(t, s, token, goodsList, map[string]any{"q": q, "page": page, "size": size})
	}

	t.Run("newest first, searched and paged", func(t *testing.T) {
		apptest.EqualJSON(t, list("PHONE", 1, 2), fmt.Sprintf(`{"shopGoodsList":{"total":3,"items":[{"id":%q,"name":"iphone 3"},{"id":%q,"name":"iphone 2"}]}}`, ids[3], ids[1]))
		apptest.EqualJSON(t, list("phone", 2, 2), fmt.Sprintf(`{"shopGoodsList":{"total":3,"items":[{"id":%q,"name":"iphone 1"}]}}`, ids[0]))
		apptest.EqualJSON(t, list("%", 1, 10), `{"shopGoodsList":{"total":0,"items":[]}}`)
		fails(t, s, token, goodsList, map[string]any{"page": 0, "size": 2}, `{"code":"INVALID_INPUT"}`)
	})

	t.Run("update replaces what it is given", func(t *testing.T) {
		tmp := goodsUploadOK(t, s, token, 300, 600)
		in := cat.input("ipad pro")
		in["price"], in["pictures"] = 99.5, []map[string]any{{"tmpPath": tmp}}
		in["attributes"] = []map[string]any{{"attributeId": cat.size, "value": "11英寸"}}
		data := do(t, s, token, goodsUpdate, map[string]any{"id": ids[2], "in": in})
		if get(t, data, "updateShopGoods", "name") != "ipad pro" || get(t, data, "updateShopGoods", "price") != "99.5" {
			t.Errorf("update answered %s", data)
		}
		// A tall picture fits its box by height: 300×600 → 400×800 is an
		// upscale, so big stays 300×600; mid 200×400, small 100×200.
		big := get(t, data, "updateShopGoods", "pictures", 0, "big")
		for _, v := range []struct {
			rel  string
			w, h int
		}{{big, 300, 600}, {get(t, data, "updateShopGoods", "pictures", 0, "mid"), 200, 400}, {get(t, data, "updateShopGoods", "pictures", 0, "small"), 100, 200}} {
			if w, h := goodsImageSize(t, s, v.rel); w != v.w || h != v.h {
				t.Errorf("%s is %dx%d, want %dx%d", v.rel, w, h, v.w, v.h)
			}
		}
		// Without pictures and attributes, both stay.
		in = cat.input("ipad pro")
		data = do(t, s, token, goodsUpdate, map[string]any{"id": ids[2], "in": in})
		if get(t, data, "updateShopGoods", "pictures", 0, "big") != big || get(t, data, "updateShopGoods", "attributes", 0, "value") != "11英寸" {
			t.Errorf("an update without pictures and attributes changed them: %s", data)
		}
		// Empty lists clear them.
		in["pictures"], in["attributes"] = []any{}, []any{}
		do(t, s, token, goodsUpdate, map[string]any{"id": ids[2], "in": in})
		apptest.EqualJSON(t, do(t, s, token, `query($id: ID!) { shopGoods(id: $id) { pictures { id } attributes { value } } }`, map[string]any{"id": ids[2]}),
			`{"shopGoods":{"pictures":[],"attributes":[]}}`)
	})

	t.Run("names are unique among live goods", func(t *testing.T) {
		fails(t, s, token, goodsCreate, map[string]any{"in": cat.input("iphone 1")}, `{"code":"CONFLICT","reason":"DUPLICATE"}`)
		fails(t, s, token, goodsUpdate, map[string]any{"id": ids[1], "in": cat.input("iphone 1")}, `{"code":"CONFLICT","reason":"DUPLICATE"}`)
		fails(t, s, token, goodsCreate, map[string]any{"in": cat.input("  ")}, `{"code":"INVALID_INPUT"}`)
	})

	t.Run("state", func(t *testing.T) {
		apptest.EqualJSON(t, do(t, s, token, goodsSetState, map[string]any{"id": ids[0], "s": "APPROVED"}), `{"setShopGoodsState":{"state":"APPROVED"}}`)
		apptest.EqualJSON(t, do(t, s, token, goodsSetState, map[string]any{"id": ids[0], "s": "REJECTED"}), `{"setShopGoodsState":{"state":"REJECTED"}}`)
		fails(t, s, token, goodsSetState, map[string]any{"id": "999999", "s": "APPROVED"}, missing("goods"))
	})

	t.Run("delete is soft", func(t *testing.T) {
		const deletion = `query($id: ID!) { shopGoods(id: $id) { name deleted deletedAt } }`
		apptest.EqualJSON(t, do(t, s, token, deletion, map[string]any{"id": ids[0]}), `{"shopGoods":{"name":"iphone 1","deleted":false,"deletedAt":null}}`)
		before := time.Now().Truncate(time.Second)
		apptest.EqualJSON(t, do(t, s, token, goodsDelete, map[string]any{"id": ids[0]}), fmt.Sprintf(`{"deleteShopGoods":%q}`, ids[0]))
		var read struct{ ShopGoods struct{ DeletedAt time.Time } }
		json.Unmarshal([]byte(do(t, s, token, deletion, map[string]any{"id": ids[0]})), &read) //nolint:errcheck // checked below
		if at := read.ShopGoods.DeletedAt; at.Before(before) || at.After(time.Now()) {
			t.Errorf("deletedAt %v, want the time of the delete", at)
		}
		apptest.EqualJSON(t, do(t, s, token, `query($id: ID!) { shopGoods(id: $id) { name deleted } }`, map[string]any{"id": ids[0]}),
			`{"shopGoods":{"name":"iphone 1","deleted":true}}`)
		apptest.EqualJSON(t, list("iphone", 1, 10), fmt.Sprintf(`{"shopGoodsList":{"total":2,"items":[{"id":%q,"name":"iphone 3"},{"id":%q,"name":"iphone 2"}]}}`, ids[3], ids[1]))
		fails(t, s, token, goodsDelete, map[string]any{"id": ids[0]}, missing("goods"))
		fails(t, s, token, goodsUpdate, map[string]any{"id": ids[0], "in": cat.input("iphone 1")}, missing("goods"))
		fails(t, s, token, goodsRead, map[string]any{"id": "999999"}, missing("goods"))
		// The name of deleted goods is free again.
		do(t, s, token, goodsCreate, map[string]any{"in": cat.input("iphone 1")})
	})

	t.Run("the category path must exist from the top down", func(t *testing.T) {
		in := cat.input("bad path")
		in["categoryPath"] = []int64{cat.path[0], cat.path[1], 999999}
		fails(t, s, token, goodsCreate, map[string]any{"in": in}, missing("category"))
		in["categoryPath"] = []int64{cat.path[1], cat.path[2]}
		fails(t, s, token, goodsCreate, map[string]any{"in": in}, `{"code":"INVALID_INPUT"}`)
		in["categoryPath"] = []int64{}
		fails(t, s, token, goodsCreate, map[string]any{"in": in}, `{"code":"INVALID_INPUT"}`)
		delete(in, "categoryPath")
		fails(t, s, token, goodsCreate, map[string]any{"in": in}, `{"code":"INVALID_INPUT"}`)
	})

	t.Run("an update without a category path keeps the category", func(t *testing.T) {
		id := goodsID(t, do(t, s, token, goodsCreate, map[string]any{"in": cat.input("keeps its category")}), "createShopGoods")
		in := cat.input("keeps its category, renamed")
		delete(in, "categoryPath")
		do(t, s, token, goodsUpdate, map[string]any{"id": id, "in": in})
		apptest.EqualJSON(t, do(t, s, token, `query($id: ID!) { shopGoods(id: $id) { name categoryPath } }`, map[string]any{"id": id}),
			fmt.Sprintf(`{"shopGoods":{"name":"keeps its category, renamed","categoryPath":["%d","%d","%d"]}}`, cat.path[0], cat.path[1], cat.path[2]))
	})

	t.Run("numbers must not be negative", func(t *testing.T) {
		in := cat.input("bad number")
		in["number"] = -1
		fails(t, s, token, goodsCreate, map[string]any{"in": in}, `{"code":"INVALID_INPUT"}`)
	})
}

func TestShopGoodsPicturesAndAttributes(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := goodsShopToken(t, s)
	cat := goodsSeedCatalog(t, s)
	in := cat.input("goods with pictures")
	in["pictures"] = []map[string]any{{"tmpPath": goodsUploadOK(t, s, token, 100, 100)}, {"tmpPath": goodsUploadOK(t, s, token, 100, 100)}}
	data := do(t, s, token, goodsCreate, map[string]any{"in": in})
	id := goodsID(t, data, "createShopGoods")
	keep, drop := get(t, data, "createShopGoods", "pictures", 0, "id"), get(t, data, "createShopGoods", "pictures", 1, "id")
	pictures := func() string {
		return do(t, s, token, `query($id: ID!) { shopGoods(id: $id) { pictures { id big mid small } } }`, map[string]any{"id": id})
	}

	t.Run("keep by id, add from uploads, drop the rest", func(t *testing.T) {
		data := do(t, s, token, goodsSetPics, map[string]any{"id": id, "p": []map[string]any{{"id": keep}, {"tmpPath": goodsUploadOK(t, s, token, 50, 50)}}})
		if get(t, data, "setShopGoodsPictures", "pictures", 0, "id") != keep {
			t.Errorf("kept picture: %s", data)
		}
		added := get(t, data, "setShopGoodsPictures", "pictures", 1, "id")
		if added == keep || added == drop {
			t.Errorf("added picture: %s", data)
		}
		// A small picture is never upscaled.
		if w, h := goodsImageSize(t, s, get(t, data, "setShopGoodsPictures", "pictures", 1, "big")); w != 50 || h != 50 {
			t.Errorf("big version of a 50x50 picture is %dx%d", w, h)
		}
	})

	t.Run("a failed picture writes nothing", func(t *testing.T) {
		before := pictures()
		fails(t, s, token, goodsSetPics, map[string]any{"id": id, "p": []map[string]any{{"tmpPath": goodsUploadOK(t, s, token, 10, 10)}, {"tmpPath": "tmp_uploads/missing.png"}}}, missing("upload"))
		// A file in tmp_uploads that is not an image (not made by an upload).
		os.WriteFile(filepath.Join(s.App.Config.DataDir, "tmp_uploads", "fake.png"), []byte("text"), 0o644) //nolint:errcheck // checked by the error below
		fails(t, s, token, goodsSetPics, map[string]any{"id": id, "p": []map[string]any{{"tmpPath": "tmp_uploads/fake.png"}}}, `{"code":"INVALID_INPUT","reason":"NOT_IMAGE"}`)
		for _, p := range []string{"tmp_uploads/../jwt-secret", "/etc/passwd", "uploads/goodspics/x.png", "tmp_uploads/", "tmp_uploads/a/b.png"} {
			fails(t, s, token, goodsSetPics, map[string]any{"id": id, "p": []map[string]any{{"tmpPath": p}}}, `{"code":"INVALID_INPUT","reason":"NOT_UPLOAD"}`)
		}
		fails(t, s, token, goodsSetPics, map[string]any{"id": id, "p": []map[string]any{{"id": drop}}}, missing("picture"))
		fails(t, s, token, goodsSetPics, map[string]any{"id": id, "p": []map[string]any{{}}}, `{"code":"INVALID_INPUT"}`)
		if after := pictures(); after != before {
			t.Errorf("pictures changed by failed writes: %s → %s", before, after)
		}
	})

	t.Run("attribute values are replaced", func(t *testing.T) {
		a := []map[string]any{{"attributeId": cat.color, "value": "ddd"}, {"attributeId": cat.color, "value": "eee"}}
		apptest.EqualJSON(t, do(t, s, token, goodsSetAttrs, map[string]any{"id": id, "a": a}),
			`{"setShopGoodsAttributes":{"attributes":[{"value":"ddd","attribute":{"name":"颜色"}},{"value":"eee","attribute":{"name":"颜色"}}]}}`)
		a = []map[string]any{{"attributeId": cat.size, "value": "65英寸"}}
		apptest.EqualJSON(t, do(t, s, token, goodsSetAttrs, map[string]any{"id": id, "a": a}),
			`{"setShopGoodsAttributes":{"attributes":[{"value":"65英寸","attribute":{"name":"尺寸"}}]}}`)
		fails(t, s, token, goodsSetAttrs, map[string]any{"id": id, "a": []map[string]any{{"attributeId": "999999", "value": "x"}}}, missing("attribute"))
		// An attribute of another category.
		fails(t, s, token, goodsSetAttrs, map[string]any{"id": id, "a": []map[string]any{{"attributeId": cat.otherA, "value": "4K"}}}, `{"code":"INVALID_INPUT"}`)
		fails(t, s, token, goodsSetAttrs, map[string]any{"id": "999999", "a": []map[string]any{}}, missing("goods"))
	})
}

func TestShopGoodsAccess(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	admin := goodsShopToken(t, s)
	cat := goodsSeedCatalog(t, s)
	id := goodsID(t, do(t, s, admin, goodsCreate, map[string]any{"in": cat.input("guarded")}), "createShopGoods")
	// The clerk may list goods (right 104) and nothing else.
	clerk := s.TokenFor(t, s.ShopStaff(t, "goods-clerk", 104))
	apptest.EqualJSON(t, do(t, s, clerk, goodsList, map[string]any{"page": 1, "size": 5}), fmt.Sprintf(`{"shopGoodsList":{"total":1,"items":[{"id":%q,"name":"guarded"}]}}`, id))

	ops := []struct {
		name  string
		query string
		vars  map[string]any
	}{
		{"shopGoods", goodsRead, map[string]any{"id": id}},
		{"createShopGoods", goodsCreate, map[string]any{"in": cat.input("x")}},
		{"updateShopGoods", goodsUpdate, map[string]any{"id": id, "in": cat.input("x")}},
		{"setShopGoodsPictures", goodsSetPics, map[string]any{"id": id, "p": []any{}}},
		{"setShopGoodsAttributes", goodsSetAttrs, map[string]any{"id": id, "a": []any{}}},
		{"setShopGoodsState", goodsSetState, map[string]any{"id": id, "s": "APPROVED"}},
		{"deleteShopGoods", goodsDelete, map[string]any{"id": id}},
	}
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			fails(t, s, clerk, op.query, op.vars, `{"code":"FORBIDDEN","reason":"MISSING_RIGHT"}`)
			fails(t, s, "", op.query, op.vars, signInFirst)
		})
	}
	t.Run("shopGoodsList and uploadImage", func(t *testing.T) {
		fails(t, s, "", goodsList, map[string]any{"page": 1, "size": 5}, signInFirst)
		_, r := goodsUpload(t, s, "", "photo.png", apptest.PNG(t, 10, 10))
		expectError(t, r, signInFirst)
		norights := s.TokenFor(t, s.ShopStaff(t, "nobody"))
		fails(t, s, norights, goodsList, map[string]any{"page": 1, "size": 5}, `{"code":"FORBIDDEN","reason":"MISSING_RIGHT"}`)
		_, r = goodsUpload(t, s, norights, "photo.png", apptest.PNG(t, 10, 10))
		expectError(t, r, `{"code":"FORBIDDEN","reason":"MISSING_RIGHT"}`)
	})
	// Nothing changed.
	apptest.EqualJSON(t, do(t, s, admin, `query($id: ID!) { shopGoods(id: $id) { name state deleted } }`, map[string]any{"id": id}),
		`{"shopGoods":{"name":"guarded","state":"IN_REVIEW","deleted":false}}`)
}

// A page of 5 or of 50 goods with their pictures, attribute values and
// attributes costs the same statements: each edge loads for the whole page.
func TestShopGoodsListStatementsDoNotGrowWithPageSize(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := goodsShopToken(t, s)
	cat := goodsSeedCatalog(t, s)
	ctx := context.Background()
	for i := range 50 {
		g, err := s.App.Services.ShopGoods.Create(ctx, service.GoodsFields{Name: "goods " + strconv.Itoa(i), CategoryPath: cat.path, Price: 1},
			service.GoodsChildren{SetAttributes: true, Attributes: []service.GoodsAttribute{
				{AttributeID: cat.color, Value: "黑色"}, {AttributeID: cat.size, Value: "55"}}})
		if err == nil { // a picture row without files: the list reads rows only
			err = s.App.Stores.ShopGoods.ReplacePics(ctx, g.ID, nil, []db.ShopGoodsPic{{GoodsID: g.ID, Big: "b", Mid: "m", Small: "s"}})
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	const q = `query($size: Int!) { shopGoodsList(paging: {page: 1, size: $size}) {
		total items { id name pictures { big } attributes { value attribute { name } } } } }`
	large := s.SameStatementsAtAnySize(t, []int{5, 50}, func(size int) {
		r := s.GraphQL(t, token, q, map[string]any{"size": size})
		if len(r.Errors) > 0 {
			t.Fatalf("list %d: %v", size, r.Errors)
		}
		if n := strings.Count(string(r.Data), `"big"`); n != size {
			t.Fatalf("list %d returned %d pictures", size, n)
		}
	})
	// session (the super-admin's rights are the catalog) + page (2: rows and count) +
	// pictures + attribute values joined with their attributes
	if large != 5 {
		t.Errorf("50 goods took %d statements, want 5", large)
	}
}

// The demo goods land in 曲面电视 with values for its attributes, once.
func TestSeedShopGoods(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	ctx := context.Background()
	// Without the category there is nothing to seed into.
	if err := seed.Demo(ctx, s.App.Stores); err != nil {
		t.Fatal(err)
	}
	token := goodsShopToken(t, s)
	data := do(t, s, token, `{ shopGoodsList(paging: {page: 1, size: 50}) { total items { name categoryPath attributes { value attribute { name categoryId } } } } }`, nil)
	var d struct {
		L struct {
			Total int
			Items []struct {
				Name         string
				CategoryPath []string
				Attributes   []struct {
					Value     string
					Attribute struct{ Name, CategoryID string }
				}
			}
		} `json:"shopGoodsList"`
	}
	if err := json.Unmarshal([]byte(data), &d); err != nil {
		t.Fatal(err)
	}
	if d.L.Total == 0 {
		t.Fatalf("no demo goods: %s", data)
	}
	for _, g := range d.L.Items {
		if strings.Contains(g.Name, " (OE ") && len(g.CategoryPath) == 0 {
			continue // the catalog goods of the partner demo's listings, in no category
		}
		leaf := g.CategoryPath[len(g.CategoryPath)-1]
		name := get(t, do(t, s, token, `query($id: ID!) { shopCategory(id: $id) { name } }`, map[string]any{"id": leaf}), "shopCategory", "name")
		if name != "曲面电视" || len(g.CategoryPath) != 3 {
			t.Errorf("%s is in %v (%s), want the 3-level path of 曲面电视", g.Name, g.CategoryPath, name)
		}
		names := map[string]bool{}
		for _, a := range g.Attributes {
			names[a.Attribute.Name] = a.Value != "" && a.Attribute.CategoryID == leaf
		}
		if !names["颜色"] || !names["尺寸"] {
			t.Errorf("%s has attribute values %+v, want 颜色 and 尺寸", g.Name, g.Attributes)
		}
	}
	// Seeding again adds nothing.
	if err := seed.Demo(ctx, s.App.Stores); err != nil {
		t.Fatal(err)
	}
	if get(t, do(t, s, token, `{ shopGoodsList(paging: {page: 1, size: 1}) { total } }`, nil), "shopGoodsList", "total") != strconv.Itoa(d.L.Total) {
		t.Error("a second seed changed the goods")
	}
}

// Moved to another category without attributes, goods keep only the values
// of the new category's attributes; given attributes, they get those.
func TestShopGoodsCategoryChangeDropsOtherAttributes(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := goodsShopToken(t, s)
	cat := goodsSeedCatalog(t, s)
	attrs := func(id string) string {
		return do(t, s, token, `query($id: ID!) { shopGoods(id: $id) { categoryPath attributes { value attribute { name } } } }`, map[string]any{"id": id})
	}
	otherPath := []int64{cat.path[0], cat.path[1], cat.otherLeaf}

	in := cat.input("moved")
	in["attributes"] = []map[string]any{{"attributeId": cat.color, "value": "黑色"}, {"attributeId": cat.size, "value": "55英寸"}}
	id := goodsID(t, do(t, s, token, goodsCreate, map[string]any{"in": in}), "createShopGoods")
	// A value of the other leaf's attribute, as goods moved before the fix
	// could hold: it belongs to the new category, so it stays.
	gid, _ := strconv.ParseInt(id, 10, 64)
	if _, err := s.App.DB.NewInsert().Model(&db.ShopGoodsAttr{GoodsID: gid, AttributeID: cat.otherA, Value: "4K"}).Exec(context.Background()); err != nil {
		t.Fatal(err)
	}

	// The same category again keeps every value.
	do(t, s, token, goodsUpdate, map[string]any{"id": id, "in": cat.input("moved")})
	apptest.EqualJSON(t, attrs(id), fmt.Sprintf(`{"shopGoods":{"categoryPath":["%d","%d","%d"],"attributes":[
		{"value":"黑色","attribute":{"name":"颜色"}},{"value":"55英寸","attribute":{"name":"尺寸"}},{"value":"4K","attribute":{"name":"分辨率"}}]}}`,
		cat.path[0], cat.path[1], cat.path[2]))

	// Another category: the old category's values go, in the same write.
	in = cat.input("moved")
	in["categoryPath"] = otherPath
	data := do(t, s, token, goodsUpdate, map[string]any{"id": id, "in": in})
	want := fmt.Sprintf(`{"shopGoods":{"categoryPath":["%d","%d","%d"],"attributes":[{"value":"4K","attribute":{"name":"分辨率"}}]}}`,
		otherPath[0], otherPath[1], otherPath[2])
	apptest.EqualJSON(t, attrs(id), want)
	if get(t, data, "updateShopGoods", "attributes", 0, "value") != "4K" || strings.Count(data, `"value"`) != 1 {
		t.Errorf("the update answered %s", data)
	}

	// Back, with attributes given: they replace every value.
	in = cat.input("moved")
	in["attributes"] = []map[string]any{{"attributeId": cat.size, "value": "65英寸"}}
	do(t, s, token, goodsUpdate, map[string]any{"id": id, "in": in})
	apptest.EqualJSON(t, attrs(id), fmt.Sprintf(`{"shopGoods":{"categoryPath":["%d","%d","%d"],"attributes":[{"value":"65英寸","attribute":{"name":"尺寸"}}]}}`,
		cat.path[0], cat.path[1], cat.path[2]))

	// A refused move (an attribute of the old category) drops nothing.
	in = cat.input("moved")
	in["categoryPath"], in["attributes"] = otherPath, []map[string]any{{"attributeId": cat.size, "value": "x"}}
	fails(t, s, token, goodsUpdate, map[string]any{"id": id, "in": in}, `{"code":"INVALID_INPUT"}`)
	apptest.EqualJSON(t, attrs(id), fmt.Sprintf(`{"shopGoods":{"categoryPath":["%d","%d","%d"],"attributes":[{"value":"65英寸","attribute":{"name":"尺寸"}}]}}`,
		cat.path[0], cat.path[1], cat.path[2]))
}

// GraphQL cannot send NaN or Inf (JSON has no such numbers), and the compat
// routes refuse them before the store; the store refuses them on its own.
func TestShopGoodsStoreRefusesNonFiniteNumbers(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	cat := goodsSeedCatalog(t, s)
	ctx := context.Background()
	g, err := s.App.Services.ShopGoods.Create(ctx, service.GoodsFields{Name: "finite", CategoryPath: cat.path, Price: 1, Weight: 1}, service.GoodsChildren{})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		for _, f := range []service.GoodsFields{
			{Name: "bad", CategoryPath: cat.path, Price: v, Weight: 1},
			{Name: "bad", CategoryPath: cat.path, Price: 1, Weight: v},
		} {
			_, err := s.App.Services.ShopGoods.Create(ctx, f, service.GoodsChildren{})
			if e, ok := apperr.As(err); !ok || e.Code != apperr.InvalidInput {
				t.Errorf("create with price %v, weight %v: %v, want INVALID_INPUT", f.Price, f.Weight, err)
			}
			_, err = s.App.Services.ShopGoods.Update(ctx, g.ID, f, service.GoodsChildren{})
			if e, ok := apperr.As(err); !ok || e.Code != apperr.InvalidInput {
				t.Errorf("update with price %v, weight %v: %v, want INVALID_INPUT", f.Price, f.Weight, err)
			}
		}
	}
	if stored, err := s.App.Services.ShopGoods.Goods(ctx, g.ID, db.ShopGoodsEdges{}); err != nil || stored.Name != "finite" || stored.Price != 1 || stored.Weight != 1 {
		t.Errorf("refused updates changed the goods: %+v %v", stored, err)
	}
}

// Goods answer with the pictures and attribute values (with their
// attributes) asked for, from a read or a write, in one statement per
// edge; an edge not asked for costs nothing.
func TestShopGoodsEdgesAsAskedFor(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := goodsShopToken(t, s)
	cat := goodsSeedCatalog(t, s)
	ctx := context.Background()
	g, err := s.App.Services.ShopGoods.Create(ctx, service.GoodsFields{Name: "电视机", CategoryPath: cat.path, Price: 1},
		service.GoodsChildren{SetAttributes: true, Attributes: []service.GoodsAttribute{
			{AttributeID: cat.color, Value: "黑色"}, {AttributeID: cat.size, Value: "55"}}})
	if err == nil { // picture rows without files: the reads read rows only
		err = s.App.Stores.ShopGoods.ReplacePics(ctx, g.ID, nil, []db.ShopGoodsPic{
			{GoodsID: g.ID, Big: "b1", Mid: "m1", Small: "s1"}, {GoodsID: g.ID, Big: "b2", Mid: "m2", Small: "s2"}})
	}
	if err != nil {
		t.Fatal(err)
	}
	id := map[string]any{"id": strconv.FormatInt(g.ID, 10)}
	const edges = `pictures { big } attributes { value attribute { name } }`
	const edgesJSON = `"pictures": [{"big": "b1"}, {"big": "b2"}],
		"attributes": [{"value": "黑色", "attribute": {"name": "颜色"}}, {"value": "55", "attribute": {"name": "尺寸"}}]`
	ask := func(query, want string, statements int64) {
		t.Helper()
		var data string
		if n := s.StatementsFor(func() { data = do(t, s, token, query, id) }); n != statements {
			t.Errorf("%s took %d statements, want %d", query, n, statements)
		}
		apptest.EqualJSON(t, data, want)
	}
	// session (the super-admin's rights are the catalog) + the goods
	ask(`query($id: ID!) { shopGoods(id: $id) { name } }`, `{"shopGoods": {"name": "电视机"}}`, 2)
	// + pictures + attribute values joined with their attributes
	ask(`query($id: ID!) { shopGoods(id: $id) { `+edges+` } }`, `{"shopGoods": {`+edgesJSON+`}}`, 4)
	// + attribute values alone: no join
	ask(`query($id: ID!) { shopGoods(id: $id) { attributes { value } } }`,
		`{"shopGoods": {"attributes": [{"value": "黑色"}, {"value": "55"}]}}`, 3)

	state := do(t, s, token, `mutation($id: ID!) { setShopGoodsState(id: $id, state: APPROVED) { state `+edges+` } }`, id)
	apptest.EqualJSON(t, state, `{"setShopGoodsState": {"state": "APPROVED", `+edgesJSON+`}}`)
	id["in"] = cat.input("电视机") // keeps the pictures and values
	updated := do(t, s, token, `mutation($id: ID!, $in: ShopGoodsInput!) { updateShopGoods(id: $id, input: $in) { `+edges+` } }`, id)
	apptest.EqualJSON(t, updated, `{"updateShopGoods": {`+edgesJSON+`}}`)
}
