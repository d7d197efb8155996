package compat_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onegraph/server/apptest"
)

// goodsShopUpload posts a multipart form with data under field (no file
// part when data is nil).
func goodsShopUpload(t *testing.T, s *apptest.Server, token, path, field string, data []byte) apptest.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("note", "a form member that is not the file") //nolint:errcheck // in memory
	if data != nil {
		fw, _ := w.CreateFormFile(field, "photo.png")
		fw.Write(data) //nolint:errcheck // in memory
	}
	w.Close()
	return s.Send(t, token, http.MethodPost, path, &body, w.FormDataContentType())
}

// goodsShopGQL runs an operation on /graphql with the legacy token and
// returns its data.
func goodsShopGQL(t *testing.T, s *apptest.Server, token, query string, vars map[string]any) []byte {
	t.Helper()
	r := s.GraphQL(t, strings.TrimPrefix(token, "Bearer "), query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("%s: %+v", query, r.Errors)
	}
	return r.Data
}

// goodsShopCatalog is 大家电 > 电视 > 曲面电视 with the document's attribute
// "fffffff" (a dynamic parameter without preset values), made through
// GraphQL.
type goodsShopCatalog struct {
	cat  string // goods_cat
	leaf int64
	attr int64
}

func goodsShopSetup(t *testing.T, s *apptest.Server, token string) goodsShopCatalog {
	t.Helper()
	var parent any
	var ids []string
	for level, name := range []string{"大家电", "电视", "曲面电视"} {
		var d struct{ CreateShopCategory struct{ ID string } }
		json.Unmarshal(goodsShopGQL(t, s, token, `mutation($in: CreateShopCategoryInput!) { createShopCategory(input: $in) { id } }`, //nolint:errcheck // checked by use
			map[string]any{"in": map[string]any{"name": name, "parentId": parent, "level": level}}), &d)
		parent = d.CreateShopCategory.ID
		ids = append(ids, d.CreateShopCategory.ID)
	}
	var a struct{ CreateShopAttribute struct{ ID string } }
	json.Unmarshal(goodsShopGQL(t, s, token, `mutation($c: ID!) { createShopAttribute(categoryId: $c, input: {name: "fffffff", kind: MANY, values: ""}) { id } }`, //nolint:errcheck // checked by use
		map[string]any{"c": ids[2]}), &a)
	var c goodsShopCatalog
	c.cat = strings.Join(ids, ",")
	fmt.Sscan(ids[2], &c.leaf)                   //nolint:errcheck // checked below
	fmt.Sscan(a.CreateShopAttribute.ID, &c.attr) //nolint:errcheck // checked below
	if c.leaf == 0 || c.attr == 0 {
		t.Fatalf("catalog setup: %v %+v", ids, a)
	}
	return c
}

// shopClerk signs in, through the legacy login, a new STAFF user whose
// role holds only these rights.
func shopClerk(t *testing.T, s *apptest.Server, username string, rights ...int64) string {
	t.Helper()
	s.ShopStaff(t, username, rights...)
	return s.ShopLogin(t, username, apptest.StaffPassword)
}

// goodsShopUploadOK uploads a PNG through the legacy route and returns its
// tmp_path.
func goodsShopUploadOK(t *testing.T, s *apptest.Server, token string, w, h int) string {
	t.Helper()
	r := goodsShopUpload(t, s, token, "/api/v2/upload", "file", apptest.PNG(t, w, h))
	var d struct {
		TmpPath string `json:"tmp_path"`
	}
	apptest.ShopData(t, r, &d)
	return d.TmpPath
}

// goodsShopAnswer is what the examples' answers carry besides fixed values.
type goodsShopAnswer struct {
	ID      int64 `json:"goods_id"`
	AddTime int64 `json:"add_time"`
	UpdTime int64 `json:"upd_time"`
	Pics    []struct {
		ID  int64  `json:"pics_id"`
		Big string `json:"pics_big"`
	} `json:"pics"`
}

// goodsShopDetail is the members the read, update and sync examples show
// for the document's goods (test_goods_name2 with one picture named name
// and the attribute values ddd and eee), with extra members added.
func goodsShopDetail(a goodsShopAnswer, c goodsShopCatalog, name, extra string) string {
	pics := []string{}
	for _, p := range a.Pics {
		n := strings.TrimPrefix(p.Big, "uploads/goodspics/big_")
		if name != "" {
			n = name
		}
		pics = append(pics, fmt.Sprintf(`{"pics_id": %d, "goods_id": %d, "pics_big": "uploads/goodspics/big_%s",
			"pics_mid": "uploads/goodspics/mid_%s", "pics_sma": "uploads/goodspics/sma_%s"}`, p.ID, a.ID, n, n, n))
	}
	attr := func(v string) string {
		return fmt.Sprintf(`{"goods_id": %d, "attr_id": %d, "attr_value": %q, "add_price": null, "attr_name": "fffffff",
			"attr_sel": "many", "attr_write": "list", "attr_vals": ""}`, a.ID, c.attr, v)
	}
	return fmt.Sprintf(`{
		"goods_id": %d, "goods_name": "test_goods_name2", "goods_price": 20, "goods_number": 30, "goods_weight": 40,
		"goods_introduce": "abc", "goods_big_logo": "", "goods_small_logo": "", "goods_state": 1,
		"add_time": %d, "upd_time": %d, "hot_mumber": 0, "is_promote": false %s,
		"pics": [%s], "attrs": [%s, %s]}`,
		a.ID, a.AddTime, a.UpdTime, extra, strings.Join(pics, ","), attr("ddd"), attr("eee"))
}

// Every request and answer example of 八 商品管理, in the order a front end
// uses them: upload, create, read, update, list, the syncs, delete.
func TestShopGoodsDocumentExamples(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := s.ShopLogin(t, "admin", apptest.AdminPassword)
	c := goodsShopSetup(t, s, token)

	// 6. 图片上传
	r := goodsShopUpload(t, s, token, "/api/v2/upload", "file", apptest.PNG(t, 1200, 900))
	var up struct {
		TmpPath string `json:"tmp_path"`
	}
	apptest.ShopData(t, r, &up)
	r.Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(`{"tmp_path": %q, "url": %q}`, up.TmpPath, s.URL+"/"+up.TmpPath), "上传成功", 200))
	name := strings.TrimPrefix(up.TmpPath, "tmp_uploads/")

	// 2. 添加商品: the document's request, with this catalog's ids.
	create := fmt.Sprintf(`{
		"goods_name": "test_goods_name2", "goods_cat": %q, "goods_price": 20, "goods_number": 30, "goods_weight": 40,
		"goods_introduce": "abc", "pics": [{"pic": "/%s"}],
		"attrs": [{"attr_id": %d, "attr_value": "ddd"}, {"attr_id": %d, "attr_value": "eee"}]}`, c.cat, up.TmpPath, c.attr, c.attr)
	r = s.Do(t, token, http.MethodPost, "/api/v2/goods", create)
	var created goodsShopAnswer
	apptest.ShopData(t, r, &created)
	if len(created.Pics) != 1 || created.AddTime != created.UpdTime {
		t.Fatalf("create answered %s", r.Body)
	}
	r.Expect(t, http.StatusOK, apptest.ShopAnswer(goodsShopDetail(created, c, name, fmt.Sprintf(`, "cat_id": %d`, c.leaf)), "创建商品成功", 201))
	path := fmt.Sprintf("/api/v2/goods/%d", created.ID)

	// 3. 根据 ID 查询商品 (with goods_cat, which the read table lists).
	read := apptest.ShopAnswer(goodsShopDetail(created, c, name, fmt.Sprintf(`, "goods_cat": %q`, c.cat)), "获取成功", 200)
	s.Do(t, token, http.MethodGet, path, nil).Expect(t, http.StatusOK, read)

	// 4. 编辑提交商品: the document's request leaves goods_cat out; the goods
	// keep their category.
	update := fmt.Sprintf(`{
		"goods_name": "test_goods_name2", "goods_price": 20, "goods_number": 30, "goods_weight": 40,
		"goods_introduce": "abc", "pics": [{"pic": "/%s"}],
		"attrs": [{"attr_id": %d, "attr_value": "ddd"}, {"attr_id": %d, "attr_value": "eee"}]}`, up.TmpPath, c.attr, c.attr)
	r = s.Do(t, token, http.MethodPut, path, update)
	var updated goodsShopAnswer
	apptest.ShopData(t, r, &updated)
	if len(updated.Pics) != 1 || updated.Pics[0].ID == created.Pics[0].ID || updated.AddTime != created.AddTime {
		t.Fatalf("update answered %s", r.Body)
	}
	r.Expect(t, http.StatusOK, apptest.ShopAnswer(goodsShopDetail(updated, c, name, ""), "更新商品成功", 200))

	// 1. 商品列表数据
	s.Do(t, token, http.MethodGet, "/api/v2/goods?pagenum=1&pagesize=10", nil).Expect(t, http.StatusOK, apptest.ShopAnswer(fmt.Sprintf(`{
		"total": 1, "pagenum": "1", "goods": [{"goods_id": %d, "goods_name": "test_goods_name2", "goods_price": 20,
		"goods_number": 30, "goods_weight": 40, "goods_state": 1, "add_time": %d, "upd_time": %d, "hot_mumber": 0,
		"is_promote": false}]}`, updated.ID, updated.AddTime, updated.UpdTime), "获取成功", 200))
	s.Do(t, token, http.MethodGet, "/api/v2/goods?query=nothing&pagenum=1&pagesize=10", nil).
		Expect(t, http.StatusOK, apptest.ShopAnswer(`{"total": 0, "pagenum": "1", "goods": []}`, "获取成功", 200))

	// 同步商品图片: a new picture from an upload, and the kept one.
	tmp2 := goodsShopUploadOK(t, s, token, 640, 480)
	kept := updated.Pics[0]
	r = s.Do(t, token, http.MethodPut, path+"/pics", fmt.Sprintf(`[
		{"pic": %q},
		{"pics_id": %d, "goods_id": %d, "pics_big": "uploads/goodspics/big_%s", "pics_mid": "uploads/goodspics/mid_%s", "pics_sma": "uploads/goodspics/sma_%s"}]`,
		tmp2, kept.ID, updated.ID, name, name, name))
	var synced goodsShopAnswer
	apptest.ShopData(t, r, &synced)
	if len(synced.Pics) != 2 || synced.Pics[0].ID != kept.ID {
		t.Fatalf("pics sync answered %s", r.Body)
	}
	r.Expect(t, http.StatusOK, apptest.ShopAnswer(goodsShopDetail(synced, c, "", `, "is_del": "0", "delete_time": null`), "更新成功", 200))
	if want := "uploads/goodspics/big_" + strings.TrimPrefix(tmp2, "tmp_uploads/"); synced.Pics[1].Big != want {
		t.Errorf("new picture %s, want %s", synced.Pics[1].Big, want)
	}

	// 同步商品属性: the document's array, as the whole body.
	r = s.Do(t, token, http.MethodPut, path+"/attributes",
		fmt.Sprintf(`[{"attr_id": %d, "attr_value": "ddd"}, {"attr_id": %d, "attr_value": "eee"}]`, c.attr, c.attr))
	var attrs goodsShopAnswer
	apptest.ShopData(t, r, &attrs)
	r.Expect(t, http.StatusOK, apptest.ShopAnswer(goodsShopDetail(attrs, c, "", `, "is_del": "0", "delete_time": null`), "更新成功", 200))

	// 5. 删除商品: soft; the goods leave the list and stay readable.
	s.Do(t, token, http.MethodDelete, path, nil).Expect(t, http.StatusOK, apptest.ShopFailure(200, "删除成功"))
	s.Do(t, token, http.MethodGet, "/api/v2/goods?pagenum=1&pagesize=10", nil).
		Expect(t, http.StatusOK, apptest.ShopAnswer(`{"total": 0, "pagenum": "1", "goods": []}`, "获取成功", 200))
	if r := s.Do(t, token, http.MethodGet, path, nil); !strings.Contains(r.Body, `"获取成功"`) {
		t.Errorf("deleted goods are not readable: %s", r.Body)
	}
	s.Do(t, token, http.MethodDelete, path, nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "商品不存在"))
}

// edited is body with the members of changes set, or left out where nil.
func edited(body, changes map[string]any) map[string]any {
	for k, v := range changes {
		if v == nil {
			delete(body, k)
		} else {
			body[k] = v
		}
	}
	return body
}

func TestShopGoodsLegacyRefusals(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := s.ShopLogin(t, "admin", apptest.AdminPassword)
	c := goodsShopSetup(t, s, token)
	body := func(changes map[string]any) map[string]any {
		return edited(map[string]any{"goods_name": "电视机", "goods_cat": c.cat, "goods_price": "3999.5", "goods_number": 10, "goods_weight": 12}, changes)
	}
	r := s.Do(t, token, http.MethodPost, "/api/v2/goods", body(nil))
	var g goodsShopAnswer
	apptest.ShopData(t, r, &g)
	path := fmt.Sprintf("/api/v2/goods/%d", g.ID)

	for _, tc := range []struct {
		name, method, path string
		body               any
		want               string
	}{
		{"list without paging", http.MethodGet, "/api/v2/goods", nil, apptest.ShopFailure(400, "pagenum 参数错误")},
		{"list with a bad page size", http.MethodGet, "/api/v2/goods?pagenum=1&pagesize=x", nil, apptest.ShopFailure(400, "pagesize 参数错误")},
		{"non-numeric id", http.MethodGet, "/api/v2/goods/abc", nil, apptest.ShopFailure(400, "商品ID必须是数字")},
		{"unknown id", http.MethodGet, "/api/v2/goods/999999", nil, apptest.ShopFailure(400, "商品不存在")},
		{"update of unknown goods", http.MethodPut, "/api/v2/goods/999999", body(nil), apptest.ShopFailure(400, "商品不存在")},
		{"no name", http.MethodPost, "/api/v2/goods", body(map[string]any{"goods_name": nil}), apptest.ShopFailure(400, "商品名称不能为空")},
		{"no category", http.MethodPost, "/api/v2/goods", body(map[string]any{"goods_cat": ""}), apptest.ShopFailure(400, "商品没有设置所属分类")},
		{"bad category list", http.MethodPost, "/api/v2/goods", body(map[string]any{"goods_cat": "1,x"}), apptest.ShopFailure(400, "商品分类格式不正确")},
		{"unknown category", http.MethodPost, "/api/v2/goods", body(map[string]any{"goods_name": "x", "goods_cat": "999999"}), apptest.ShopFailure(400, "商品分类不存在")},
		{"no price", http.MethodPost, "/api/v2/goods", body(map[string]any{"goods_price": nil}), apptest.ShopFailure(400, "商品价格不能为空")},
		{"bad price", http.MethodPost, "/api/v2/goods", body(map[string]any{"goods_price": "abc"}), apptest.ShopFailure(400, "商品价格不正确")},
		{"negative number", http.MethodPost, "/api/v2/goods", body(map[string]any{"goods_number": -1}), apptest.ShopFailure(400, "商品数量不正确")},
		{"fractional number", http.MethodPost, "/api/v2/goods", body(map[string]any{"goods_number": 1.5}), apptest.ShopFailure(400, "商品数量不正确")},
		{"no weight", http.MethodPost, "/api/v2/goods", body(map[string]any{"goods_weight": nil}), apptest.ShopFailure(400, "商品重量不能为空")},
		{"duplicate name", http.MethodPost, "/api/v2/goods", body(nil), apptest.ShopFailure(400, "商品名称已存在")},
		{"picture never uploaded", http.MethodPost, "/api/v2/goods", body(map[string]any{"goods_name": "x", "pics": []any{map[string]any{"pic": "tmp_uploads/nothing.png"}}}), apptest.ShopFailure(400, "上传的图片不存在")},
		{"picture outside tmp_uploads", http.MethodPost, "/api/v2/goods", body(map[string]any{"goods_name": "x", "pics": []any{map[string]any{"pic": "../jwt-secret"}}}), apptest.ShopFailure(400, "图片路径不正确，应为上传接口返回的 tmp_path")},
		{"picture without pic", http.MethodPost, "/api/v2/goods", body(map[string]any{"goods_name": "x", "pics": []any{map[string]any{}}}), apptest.ShopFailure(400, "商品图片参数错误：每张图片需要 pics_id 或 pic")},
		{"unknown attribute", http.MethodPost, "/api/v2/goods", body(map[string]any{"goods_name": "x", "attrs": []any{map[string]any{"attr_id": 999999, "attr_value": "v"}}}), apptest.ShopFailure(400, "商品参数不存在")},
		{"attribute without a value", http.MethodPut, path + "/attributes", []any{map[string]any{"attr_id": c.attr}}, apptest.ShopFailure(400, "商品参数错误：每个参数需要 attr_id 和 attr_value")},
		{"pics sync with an object", http.MethodPut, path + "/pics", map[string]any{"pic": "x"}, apptest.ShopFailure(400, "商品图片参数错误：每张图片需要 pics_id 或 pic")},
		{"pics sync keeping a picture of no goods", http.MethodPut, path + "/pics", []any{map[string]any{"pics_id": 999999}}, apptest.ShopFailure(400, "商品图片不存在")},
		{"pics sync of a bad id", http.MethodPut, "/api/v2/goods/x/pics", []any{}, apptest.ShopFailure(400, "商品ID必须是数字")},
		{"body that is not JSON", http.MethodPost, "/api/v2/goods", "{not json", apptest.ShopFailure(400, "请求体格式错误，应为JSON")},
		{"upload without multipart", http.MethodPost, "/api/v2/upload", map[string]any{"file": "x"}, apptest.ShopFailure(400, "请选择要上传的文件")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.Do(t, token, tc.method, tc.path, tc.body).Expect(t, http.StatusOK, tc.want)
		})
	}

	t.Run("uploads", func(t *testing.T) {
		goodsShopUpload(t, s, token, "/api/v2/upload", "file", []byte("%PDF-1.4 not a picture")).
			Expect(t, http.StatusOK, apptest.ShopFailure(400, "只能上传图片文件"))
		goodsShopUpload(t, s, token, "/api/v2/upload", "picture", apptest.PNG(t, 10, 10)).
			Expect(t, http.StatusOK, apptest.ShopFailure(400, "请选择要上传的文件"))
		goodsShopUpload(t, s, token, "/api/v2/upload", "file", nil).
			Expect(t, http.StatusOK, apptest.ShopFailure(400, "请选择要上传的文件"))
		// An image bomb: 190 KB, 6300×6300 pixels; and goods made from it
		// (put in tmp_uploads as if accepted under looser limits).
		bomb := apptest.UniformPNG(t, 6300, 6300, false)
		goodsShopUpload(t, s, token, "/api/v2/upload", "file", bomb).Expect(t, http.StatusOK, apptest.ShopFailure(400, "图片尺寸或文件过大"))
		normal := goodsShopUploadOK(t, s, token, 10, 10)
		if err := os.WriteFile(filepath.Join(s.App.Config.DataDir, "tmp_uploads", "bomb.png"), bomb, 0o644); err != nil {
			t.Fatal(err)
		}
		s.Do(t, token, http.MethodPost, "/api/v2/goods", body(map[string]any{"goods_name": "炸弹", "pics": []any{map[string]any{"pic": normal}, map[string]any{"pic": "tmp_uploads/bomb.png"}}})).
			Expect(t, http.StatusOK, apptest.ShopFailure(400, "图片尺寸或文件过大"))
		// Over the limit by a little (refused by the image check) and by a
		// lot (refused while the body is read).
		for _, extra := range []int{512 << 10, 8 << 20} {
			goodsShopUpload(t, s, token, "/api/private/v1/upload", "file", append(apptest.PNG(t, 10, 10), make([]byte, 5<<20+extra)...)).
				Expect(t, http.StatusOK, apptest.ShopFailure(400, "上传文件不能超过5MB"))
		}
	})

	t.Run("access", func(t *testing.T) {
		s.Do(t, "", http.MethodGet, path, nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "无效token"))
		goodsShopUpload(t, s, "", "/api/v2/upload", "file", apptest.PNG(t, 10, 10)).Expect(t, http.StatusOK, apptest.ShopFailure(400, "无效token"))
		// A clerk who may list goods (104) but not read, change or delete them.
		clerk := shopClerk(t, s, "goods-clerk", 104)
		if r := s.Do(t, clerk, http.MethodGet, "/api/v2/goods?pagenum=1&pagesize=5", nil); !strings.Contains(r.Body, `"total":1`) {
			t.Errorf("the clerk cannot list goods: %s", r.Body)
		}
		forbidden := apptest.ShopFailure(401, "权限验证失败")
		s.Do(t, clerk, http.MethodGet, path, nil).Expect(t, http.StatusOK, forbidden)
		s.Do(t, clerk, http.MethodPost, "/api/v2/goods", body(map[string]any{"goods_name": "y"})).Expect(t, http.StatusOK, forbidden)
		s.Do(t, clerk, http.MethodPut, path, body(nil)).Expect(t, http.StatusOK, forbidden)
		s.Do(t, clerk, http.MethodPut, path+"/pics", []any{}).Expect(t, http.StatusOK, forbidden)
		s.Do(t, clerk, http.MethodPut, path+"/attributes", []any{}).Expect(t, http.StatusOK, forbidden)
		s.Do(t, clerk, http.MethodDelete, path, nil).Expect(t, http.StatusOK, forbidden)
	})
}

// The legacy goods list reads only the row's own columns: no pictures,
// attribute values or attributes, which its rows do not show.
func TestShopGoodsLegacyListStatements(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := s.ShopLogin(t, "admin", apptest.AdminPassword)
	c := goodsShopSetup(t, s, token)
	for i := range 3 {
		r := s.Do(t, token, http.MethodPost, "/api/v2/goods", map[string]any{
			"goods_name": fmt.Sprintf("goods %d", i), "goods_cat": c.cat, "goods_price": 1, "goods_number": 1, "goods_weight": 1,
			"attrs": []any{map[string]any{"attr_id": c.attr, "attr_value": "v"}},
		})
		if !strings.Contains(r.Body, `"status":201`) {
			t.Fatalf("create: %s", r.Body)
		}
	}
	n := s.StatementsFor(func() {
		if r := s.Do(t, token, http.MethodGet, "/api/v2/goods?pagenum=1&pagesize=10", nil); !strings.Contains(r.Body, `"total":3`) {
			t.Fatalf("list: %s", r.Body)
		}
	})
	// session (the super-admin's rights are the catalog) + page (2: rows and count); the
	// rows ask for no pictures or attributes, so none are read
	if n != 3 {
		t.Errorf("the legacy goods list took %d statements, want 3", n)
	}
}

// "NaN" and "Inf" parse as floats but no JSON answer can carry them: a
// create or an update sending them is refused with the member's message and
// writes nothing, so the list keeps answering.
func TestShopGoodsLegacyRefusesNonFiniteNumbers(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := s.ShopLogin(t, "admin", apptest.AdminPassword)
	c := goodsShopSetup(t, s, token)
	body := func(key, value string) map[string]any {
		b := map[string]any{"goods_name": "电视机", "goods_cat": c.cat, "goods_price": "3999.5", "goods_number": 10, "goods_weight": 12}
		b[key] = value
		return b
	}
	r := s.Do(t, token, http.MethodPost, "/api/v2/goods", body("goods_price", "3999.5"))
	var g goodsShopAnswer
	apptest.ShopData(t, r, &g)
	path := fmt.Sprintf("/api/v2/goods/%d", g.ID)
	list := func() string {
		t.Helper()
		r := s.Do(t, token, http.MethodGet, "/api/v2/goods?pagenum=1&pagesize=10", nil)
		if !strings.Contains(r.Body, `"status":200`) {
			t.Fatalf("the list no longer answers: %s", r.Body)
		}
		return r.Body
	}
	before := list()

	for _, m := range []struct{ key, msg string }{
		{"goods_price", "商品价格不正确"},
		{"goods_weight", "商品重量格式不正确"},
		{"goods_number", "商品数量不正确"},
	} {
		for _, v := range []string{"NaN", "Inf", "-Inf", "+Inf", "Infinity", "nan"} {
			t.Run(m.key+"="+v, func(t *testing.T) {
				s.Do(t, token, http.MethodPost, "/api/v2/goods", body(m.key, v)).Expect(t, http.StatusOK, apptest.ShopFailure(400, m.msg))
				s.Do(t, token, http.MethodPut, path, body(m.key, v)).Expect(t, http.StatusOK, apptest.ShopFailure(400, m.msg))
			})
		}
	}
	if after := list(); after != before {
		t.Errorf("refused writes changed the list:\n%s\n%s", before, after)
	}
}

// 更新商品状态 (right 152): the path's state is a goods_state code; the
// answer is the goods as the syncs answer them, on both base paths.
func TestShopGoodsLegacyState(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := s.ShopLogin(t, "admin", apptest.AdminPassword)
	c := goodsShopSetup(t, s, token)
	r := s.Do(t, token, http.MethodPost, "/api/v2/goods",
		map[string]any{"goods_name": "电视机", "goods_cat": c.cat, "goods_price": "3999.5", "goods_number": 10, "goods_weight": 12})
	var g goodsShopAnswer
	apptest.ShopData(t, r, &g)
	goods := func(state int, updTime int64, extra string) string {
		return fmt.Sprintf(`{"goods_id": %d, "goods_name": "电视机", "goods_price": 3999.5, "goods_number": 10, "goods_weight": 12,
			"goods_introduce": "", "goods_big_logo": "", "goods_small_logo": "", "goods_state": %d, "add_time": %d, "upd_time": %d,
			"hot_mumber": 0, "is_promote": false, "pics": [], "attrs": [] %s}`, g.ID, state, g.AddTime, updTime, extra)
	}
	put := func(base, state string) apptest.Response {
		t.Helper()
		return s.Do(t, token, http.MethodPut, fmt.Sprintf("%s/goods/%d/state/%s", base, g.ID, state), nil)
	}

	// New goods are in review (1); each state in turn, under both bases.
	for _, c := range []struct {
		base  string
		state int
	}{{"/api/v2", 2}, {"/api/private/v1", 0}, {"/api/v2", 1}, {"/api/private/v1", 2}} {
		start := time.Now().Unix()
		r := put(c.base, strconv.Itoa(c.state))
		var a goodsShopAnswer
		apptest.ShopData(t, r, &a)
		if a.UpdTime < start {
			t.Errorf("upd_time %d did not move to now (%d)", a.UpdTime, start)
		}
		r.Expect(t, http.StatusOK, apptest.ShopAnswer(goods(c.state, a.UpdTime, `, "is_del": "0", "delete_time": null`), "更新成功", 200))
		g.UpdTime = a.UpdTime
	}
	// Stored: the read shows the last state.
	read := apptest.ShopAnswer(goods(2, g.UpdTime, fmt.Sprintf(`, "goods_cat": %q`, c.cat)), "获取成功", 200)
	s.Do(t, token, http.MethodGet, fmt.Sprintf("/api/v2/goods/%d", g.ID), nil).Expect(t, http.StatusOK, read)

	for _, state := range []string{"3", "-1", "x", "1.5", "2a", "99999999999999999999"} {
		put("/api/v2", state).Expect(t, http.StatusOK, apptest.ShopFailure(400, "状态值只能为 0 ，1 或 2"))
	}
	s.Do(t, token, http.MethodPut, "/api/v2/goods/abc/state/1", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "商品ID必须是数字"))
	s.Do(t, token, http.MethodPut, "/api/v2/goods/999999/state/1", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "商品不存在"))
	s.Do(t, "", http.MethodPut, fmt.Sprintf("/api/v2/goods/%d/state/1", g.ID), nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "无效token"))
	// A clerk who may read goods (153) but not set their state.
	clerk := shopClerk(t, s, "goods-clerk", 104, 153)
	s.Do(t, clerk, http.MethodPut, fmt.Sprintf("/api/private/v1/goods/%d/state/1", g.ID), nil).
		Expect(t, http.StatusOK, apptest.ShopFailure(401, "权限验证失败"))
	// The refused requests changed nothing.
	s.Do(t, token, http.MethodGet, fmt.Sprintf("/api/v2/goods/%d", g.ID), nil).Expect(t, http.StatusOK, read)

	// Deleted goods are gone for writes.
	s.Do(t, token, http.MethodDelete, fmt.Sprintf("/api/v2/goods/%d", g.ID), nil).Expect(t, http.StatusOK, apptest.ShopFailure(200, "删除成功"))
	put("/api/v2", "1").Expect(t, http.StatusOK, apptest.ShopFailure(400, "商品不存在"))
}
