package compat_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/onegraph/server/apptest"
)

// catalogCreate adds a category through the legacy route and returns its id.
func catalogCreate(t *testing.T, s *apptest.Server, token, name string, pid int64, level int) int64 {
	t.Helper()
	r := s.Do(t, token, http.MethodPost, "/api/v2/categories", map[string]any{"cat_pid": pid, "cat_name": name, "cat_level": level})
	var body struct {
		Data struct {
			ID int64 `json:"cat_id"`
		}
	}
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil || body.Data.ID == 0 {
		t.Fatalf("create category %s: %s", name, r.Body)
	}
	return body.Data.ID
}

// catalogCreateAttr adds an attribute through the legacy route and returns
// its id.
func catalogCreateAttr(t *testing.T, s *apptest.Server, token string, cat int64, name, sel, vals string) int64 {
	t.Helper()
	r := s.Do(t, token, http.MethodPost, fmt.Sprintf("/api/v2/categories/%d/attributes", cat),
		map[string]any{"attr_name": name, "attr_sel": sel, "attr_vals": vals})
	var body struct {
		Data struct {
			ID int64 `json:"attr_id"`
		}
	}
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil || body.Data.ID == 0 {
		t.Fatalf("create attribute %s: %s", name, r.Body)
	}
	return body.Data.ID
}

// The document's list example: 大家电 > 电视 > 曲面电视, 海信, and the same
// tree cut at each depth, paged, and under the original base path.
func TestShopCategoryList(t *testing.T) {
	s := apptest.New(t)
	token := s.ShopLogin(t, "admin", apptest.AdminPassword)
	home := catalogCreate(t, s, token, "大家电", 0, 0)
	tv := catalogCreate(t, s, token, "电视", home, 1)
	curved := catalogCreate(t, s, token, "曲面电视", tv, 2)
	hisense := catalogCreate(t, s, token, "海信", tv, 2)

	docExample := fmt.Sprintf(`{
	    "data": [
	        {
	            "cat_id": %d, "cat_name": "大家电", "cat_pid": 0, "cat_level": 0, "cat_deleted": false,
	            "children": [
	                {
	                    "cat_id": %d, "cat_name": "电视", "cat_pid": %d, "cat_level": 1, "cat_deleted": false,
	                    "children": [
	                        {"cat_id": %d, "cat_name": "曲面电视", "cat_pid": %d, "cat_level": 2, "cat_deleted": false},
	                        {"cat_id": %d, "cat_name": "海信", "cat_pid": %d, "cat_level": 2, "cat_deleted": false}
	                    ]
	                }
	            ]
	        }
	    ],
	    "meta": {"msg": "获取成功", "status": 200}
	}`, home, tv, home, curved, tv, hisense, tv)
	s.Do(t, token, http.MethodGet, "/api/v2/categories", nil).Expect(t, http.StatusOK, docExample)
	s.Do(t, token, http.MethodGet, "/api/v2/categories?type=3", nil).Expect(t, http.StatusOK, docExample)
	s.Do(t, token, http.MethodGet, "/api/private/v1/categories?type=3", nil).Expect(t, http.StatusOK, docExample)

	// More shapes: a level-1 category without children and a top-level one
	// without any show "children": [] where their level would show them.
	air := catalogCreate(t, s, token, "空调", home, 1)
	phone := catalogCreate(t, s, token, "手机", 0, 0)
	s.Do(t, token, http.MethodGet, "/api/v2/categories?type=1", nil).Expect(t, http.StatusOK, fmt.Sprintf(`{
	    "data": [
	        {"cat_id": %d, "cat_name": "大家电", "cat_pid": 0, "cat_level": 0, "cat_deleted": false},
	        {"cat_id": %d, "cat_name": "手机", "cat_pid": 0, "cat_level": 0, "cat_deleted": false}
	    ],
	    "meta": {"msg": "获取成功", "status": 200}
	}`, home, phone))
	twoLevels := fmt.Sprintf(`[
	    {"cat_id": %d, "cat_name": "大家电", "cat_pid": 0, "cat_level": 0, "cat_deleted": false, "children": [
	        {"cat_id": %d, "cat_name": "电视", "cat_pid": %d, "cat_level": 1, "cat_deleted": false},
	        {"cat_id": %d, "cat_name": "空调", "cat_pid": %d, "cat_level": 1, "cat_deleted": false}]},
	    {"cat_id": %d, "cat_name": "手机", "cat_pid": 0, "cat_level": 0, "cat_deleted": false, "children": []}
	]`, home, tv, home, air, home, phone)
	s.Do(t, token, http.MethodGet, "/api/v2/categories?type=2", nil).Expect(t, http.StatusOK,
		`{"data": `+twoLevels+`, "meta": {"msg": "获取成功", "status": 200}}`)
	s.Do(t, token, http.MethodGet, "/api/v2/categories?type=3&pagenum=2&pagesize=1", nil).Expect(t, http.StatusOK, fmt.Sprintf(`{
	    "data": {"total": 2, "pagenum": 2, "pagesize": 1, "result": [
	        {"cat_id": %d, "cat_name": "手机", "cat_pid": 0, "cat_level": 0, "cat_deleted": false, "children": []}]},
	    "meta": {"msg": "获取成功", "status": 200}
	}`, phone))
	s.Do(t, token, http.MethodGet, "/api/v2/categories?type=2&pagesize=5", nil).Expect(t, http.StatusOK,
		`{"data": {"total": 2, "pagenum": 1, "pagesize": 5, "result": `+twoLevels+`}, "meta": {"msg": "获取成功", "status": 200}}`)

	// A deleted category leaves the tree with its subtree.
	s.Do(t, token, http.MethodDelete, fmt.Sprintf("/api/v2/categories/%d", tv), nil).Expect(t, http.StatusOK, apptest.ShopFailure(200, "删除成功"))
	s.Do(t, token, http.MethodGet, "/api/v2/categories", nil).Expect(t, http.StatusOK, fmt.Sprintf(`{
	    "data": [
	        {"cat_id": %d, "cat_name": "大家电", "cat_pid": 0, "cat_level": 0, "cat_deleted": false, "children": [
	            {"cat_id": %d, "cat_name": "空调", "cat_pid": %d, "cat_level": 1, "cat_deleted": false, "children": []}]},
	        {"cat_id": %d, "cat_name": "手机", "cat_pid": 0, "cat_level": 0, "cat_deleted": false, "children": []}
	    ],
	    "meta": {"msg": "获取成功", "status": 200}
	}`, home, air, home, phone))

	for q, msg := range map[string]string{
		"type=0": "type 参数错误，应为 1、2 或 3", "type=4": "type 参数错误，应为 1、2 或 3", "type=x": "type 参数错误，应为 1、2 或 3",
		"pagenum=1&pagesize=0": "pagesize 参数错误", "pagenum=x&pagesize=2": "pagenum 参数错误",
	} {
		s.Do(t, token, http.MethodGet, "/api/v2/categories?"+q, nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, msg))
	}
	s.Do(t, "", http.MethodGet, "/api/v2/categories", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "无效token"))
	s.Do(t, "Bearer nonsense", http.MethodGet, "/api/private/v1/categories", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "无效token"))
}

func TestShopCategoryCRUD(t *testing.T) {
	s := apptest.New(t)
	token := s.ShopLogin(t, "admin", apptest.AdminPassword)
	top := catalogCreate(t, s, token, "家居", 0, 0)

	// 添加分类: the document's example, with numbers where it echoed strings.
	r := s.Do(t, token, http.MethodPost, "/api/v2/categories", map[string]any{"cat_pid": fmt.Sprint(top), "cat_name": "相框", "cat_level": "1"})
	var created struct {
		Data struct {
			ID int64 `json:"cat_id"`
		}
	}
	json.Unmarshal([]byte(r.Body), &created) //nolint:errcheck // compared below
	frame := created.Data.ID
	r.Expect(t, http.StatusOK, fmt.Sprintf(`{
	    "data": {"cat_id": %d, "cat_name": "相框", "cat_pid": %d, "cat_level": 1},
	    "meta": {"msg": "创建成功", "status": 201}
	}`, frame, top))

	// 根据 id 查询分类
	kitchen := catalogCreate(t, s, token, "厨卫电器", 0, 0)
	s.Do(t, token, http.MethodGet, fmt.Sprintf("/api/v2/categories/%d", kitchen), nil).Expect(t, http.StatusOK, fmt.Sprintf(`{
	    "data": {"cat_id": %d, "cat_name": "厨卫电器", "cat_pid": 0, "cat_level": 0},
	    "meta": {"msg": "获取成功", "status": 200}
	}`, kitchen))

	// 编辑提交分类
	stick := catalogCreate(t, s, token, "自拍", frame, 2)
	s.Do(t, token, http.MethodPut, fmt.Sprintf("/api/v2/categories/%d", stick), map[string]any{"cat_name": "自拍杆"}).
		Expect(t, http.StatusOK, fmt.Sprintf(`{
	    "data": {"cat_id": %d, "cat_name": "自拍杆", "cat_pid": %d, "cat_level": 2},
	    "meta": {"msg": "更新成功", "status": 200}
	}`, stick, frame))

	// 删除分类: soft; the category stays readable by id.
	s.Do(t, token, http.MethodDelete, fmt.Sprintf("/api/private/v1/categories/%d", stick), nil).
		Expect(t, http.StatusOK, `{"data": null, "meta": {"msg": "删除成功", "status": 200}}`)
	s.Do(t, token, http.MethodGet, fmt.Sprintf("/api/v2/categories/%d", stick), nil).Expect(t, http.StatusOK, fmt.Sprintf(`{
	    "data": {"cat_id": %d, "cat_name": "自拍杆", "cat_pid": %d, "cat_level": 2},
	    "meta": {"msg": "获取成功", "status": 200}
	}`, stick, frame))

	// Bad requests and unknown ids.
	for _, c := range []struct {
		method, path string
		body         any
		want         string
	}{
		{http.MethodPost, "/api/v2/categories", map[string]any{"cat_name": "x", "cat_level": 0}, "分类父ID不能为空，一级分类的父ID为 0"},
		{http.MethodPost, "/api/v2/categories", map[string]any{"cat_pid": "a", "cat_name": "x", "cat_level": 0}, "分类父ID必须是数字"},
		{http.MethodPost, "/api/v2/categories", map[string]any{"cat_pid": 0, "cat_name": " ", "cat_level": 0}, "分类名称不能为空"},
		{http.MethodPost, "/api/v2/categories", map[string]any{"cat_pid": 0, "cat_name": "x"}, "分类层级不能为空"},
		{http.MethodPost, "/api/v2/categories", map[string]any{"cat_pid": 0, "cat_name": "x", "cat_level": 1}, "分类层级错误：应为父分类层级加一（一级分类为 0，最多三级）"},
		{http.MethodPost, "/api/v2/categories", map[string]any{"cat_pid": top, "cat_name": "x", "cat_level": 2}, "分类层级错误：应为父分类层级加一（一级分类为 0，最多三级）"},
		{http.MethodPost, "/api/v2/categories", map[string]any{"cat_pid": stick, "cat_name": "x", "cat_level": 3}, "父分类不存在或已删除"},
		{http.MethodPost, "/api/v2/categories", map[string]any{"cat_pid": 9999, "cat_name": "x", "cat_level": 1}, "父分类不存在或已删除"},
		{http.MethodPost, "/api/v2/categories", "{not json", "请求体格式错误，应为JSON"},
		{http.MethodGet, "/api/v2/categories/abc", nil, "分类ID必须是数字"},
		{http.MethodGet, "/api/v2/categories/9999", nil, "分类不存在"},
		{http.MethodPut, "/api/v2/categories/abc", map[string]any{"cat_name": "x"}, "分类ID必须是数字"},
		{http.MethodPut, "/api/v2/categories/9999", map[string]any{"cat_name": "x"}, "分类不存在"},
		{http.MethodPut, fmt.Sprintf("/api/v2/categories/%d", top), map[string]any{}, "分类名称不能为空"},
		{http.MethodDelete, "/api/v2/categories/abc", nil, "分类ID必须是数字"},
		{http.MethodDelete, "/api/v2/categories/9999", nil, "分类不存在"},
	} {
		s.Do(t, token, c.method, c.path, c.body).Expect(t, http.StatusOK, apptest.ShopFailure(400, c.want))
	}
	// Under a level-2 category there is no fourth level.
	live := catalogCreate(t, s, token, "墙画", frame, 2)
	s.Do(t, token, http.MethodPost, "/api/v2/categories", map[string]any{"cat_pid": live, "cat_name": "x", "cat_level": 3}).
		Expect(t, http.StatusOK, apptest.ShopFailure(400, "分类层级错误：应为父分类层级加一（一级分类为 0，最多三级）"))
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		s.Do(t, "", method, "/api/v2/categories", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "无效token"))
	}
}

func TestShopAttributeRoutes(t *testing.T) {
	s := apptest.New(t)
	token := s.ShopLogin(t, "admin", apptest.AdminPassword)
	top := catalogCreate(t, s, token, "手机", 0, 0)
	mid := catalogCreate(t, s, token, "手机配件", top, 1)
	cat := catalogCreate(t, s, token, "自拍杆", mid, 2)
	other := catalogCreate(t, s, token, "手机壳", mid, 2)
	base := fmt.Sprintf("/api/v2/categories/%d/attributes", cat)

	// 添加动态参数或静态属性: the document's example.
	r := s.Do(t, token, http.MethodPost, base, map[string]any{"attr_name": "测试参数", "attr_sel": "many", "attr_vals": "a,b,c"})
	var created struct {
		Data struct {
			ID int64 `json:"attr_id"`
		}
	}
	json.Unmarshal([]byte(r.Body), &created) //nolint:errcheck // compared below
	test := created.Data.ID
	r.Expect(t, http.StatusOK, fmt.Sprintf(`{
	    "data": {"attr_id": %d, "attr_name": "测试参数", "cat_id": %d, "attr_sel": "many", "attr_write": "list", "attr_vals": "a,b,c"},
	    "meta": {"msg": "创建成功", "status": 201}
	}`, test, cat))

	// 参数列表
	cpu := catalogCreateAttr(t, s, token, cat, "cpu", "many", "4K高清 5K高清 6K高清")
	static := catalogCreateAttr(t, s, token, cat, "产地", "only", "中国")
	s.Do(t, token, http.MethodGet, base+"?sel=many", nil).Expect(t, http.StatusOK, fmt.Sprintf(`{
	    "data": [
	        {"attr_id": %d, "attr_name": "测试参数", "cat_id": %d, "attr_sel": "many", "attr_write": "list", "attr_vals": "a,b,c"},
	        {"attr_id": %d, "attr_name": "cpu", "cat_id": %d, "attr_sel": "many", "attr_write": "list", "attr_vals": "4K高清 5K高清 6K高清"}
	    ],
	    "meta": {"msg": "获取成功", "status": 200}
	}`, test, cat, cpu, cat))
	s.Do(t, token, http.MethodGet, "/api/private/v1"+strings.TrimPrefix(base, "/api/v2")+"?sel=only", nil).Expect(t, http.StatusOK, fmt.Sprintf(`{
	    "data": [{"attr_id": %d, "attr_name": "产地", "cat_id": %d, "attr_sel": "only", "attr_write": "manual", "attr_vals": "中国", "delete_time": null}],
	    "meta": {"msg": "获取成功", "status": 200}
	}`, static, cat))
	s.Do(t, token, http.MethodGet, fmt.Sprintf("/api/v2/categories/%d/attributes?sel=many", other), nil).
		Expect(t, http.StatusOK, `{"data": [], "meta": {"msg": "获取成功", "status": 200}}`)

	// 根据 ID 查询参数: attr_sel is accepted and does not decide anything.
	ffff := catalogCreateAttr(t, s, token, cat, "cpu", "only", "ffff")
	want := fmt.Sprintf(`{
	    "data": {"attr_id": %d, "attr_name": "cpu", "cat_id": %d, "attr_sel": "only", "attr_write": "manual", "attr_vals": "ffff"},
	    "meta": {"msg": "获取成功", "status": 200}
	}`, ffff, cat)
	s.Do(t, token, http.MethodGet, fmt.Sprintf("%s/%d?attr_sel=only", base, ffff), nil).Expect(t, http.StatusOK, want)
	s.Do(t, token, http.MethodGet, fmt.Sprintf("%s/%d", base, ffff), nil).Expect(t, http.StatusOK, want)

	// 更新参数及明细; without attr_vals the values stay.
	s.Do(t, token, http.MethodPut, fmt.Sprintf("%s/%d", base, test), map[string]any{"attr_name": "测试更新", "attr_sel": "only", "attr_vals": "abc"}).
		Expect(t, http.StatusOK, fmt.Sprintf(`{
	    "data": {"attr_id": %d, "attr_name": "测试更新", "cat_id": %d, "attr_sel": "only", "attr_write": "manual", "attr_vals": "abc"},
	    "meta": {"msg": "更新成功", "status": 200}
	}`, test, cat))
	s.Do(t, token, http.MethodPut, fmt.Sprintf("%s/%d", base, test), map[string]any{"attr_name": "测试更新2", "attr_sel": "many"}).
		Expect(t, http.StatusOK, fmt.Sprintf(`{
	    "data": {"attr_id": %d, "attr_name": "测试更新2", "cat_id": %d, "attr_sel": "many", "attr_write": "list", "attr_vals": "abc"},
	    "meta": {"msg": "更新成功", "status": 200}
	}`, test, cat))

	// 删除参数
	s.Do(t, token, http.MethodDelete, fmt.Sprintf("%s/%d", base, test), nil).
		Expect(t, http.StatusOK, `{"data": null, "meta": {"msg": "删除成功", "status": 200}}`)
	s.Do(t, token, http.MethodGet, fmt.Sprintf("%s/%d", base, test), nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "参数不存在"))

	otherBase := fmt.Sprintf("/api/v2/categories/%d/attributes", other)
	for _, c := range []struct {
		method, path string
		body         any
		want         string
	}{
		{http.MethodGet, base, nil, "sel 参数错误，应为 many 或 only"},
		{http.MethodGet, base + "?sel=all", nil, "sel 参数错误，应为 many 或 only"},
		{http.MethodGet, "/api/v2/categories/x/attributes?sel=many", nil, "分类ID必须是数字"},
		{http.MethodGet, "/api/v2/categories/9999/attributes?sel=many", nil, "分类不存在"},
		{http.MethodPost, base, map[string]any{"attr_sel": "many"}, "参数名称不能为空"},
		{http.MethodPost, base, map[string]any{"attr_name": "x"}, "attr_sel 参数错误，应为 many 或 only"},
		{http.MethodPost, base, map[string]any{"attr_name": "x", "attr_sel": "MANY"}, "attr_sel 参数错误，应为 many 或 only"},
		{http.MethodPost, base, map[string]any{"attr_name": "x", "attr_sel": "many", "attr_vals": 3}, "attr_vals 必须是字符串，多个值以空格分隔"},
		{http.MethodPost, "/api/v2/categories/9999/attributes", map[string]any{"attr_name": "x", "attr_sel": "many"}, "分类不存在"},
		{http.MethodGet, base + "/x", nil, "参数ID必须是数字"},
		{http.MethodGet, fmt.Sprintf("%s/%d", otherBase, cpu), nil, "参数不存在"},
		{http.MethodGet, fmt.Sprintf("/api/v2/categories/9999/attributes/%d", cpu), nil, "分类不存在"},
		{http.MethodPut, fmt.Sprintf("%s/%d", otherBase, cpu), map[string]any{"attr_name": "x", "attr_sel": "many"}, "参数不存在"},
		{http.MethodPut, fmt.Sprintf("%s/%d", base, cpu), map[string]any{"attr_sel": "many"}, "参数名称不能为空"},
		{http.MethodPut, fmt.Sprintf("%s/%d", base, cpu), map[string]any{"attr_name": "x", "attr_sel": "some"}, "attr_sel 参数错误，应为 many 或 only"},
		{http.MethodDelete, fmt.Sprintf("%s/%d", otherBase, cpu), nil, "参数不存在"},
		{http.MethodDelete, base + "/x", nil, "参数ID必须是数字"},
		{http.MethodDelete, "/api/v2/categories/x/attributes/1", nil, "分类ID必须是数字"},
	} {
		s.Do(t, token, c.method, c.path, c.body).Expect(t, http.StatusOK, apptest.ShopFailure(400, c.want))
	}
	// The failed writes changed nothing.
	s.Do(t, token, http.MethodGet, fmt.Sprintf("%s/%d", base, cpu), nil).Expect(t, http.StatusOK, fmt.Sprintf(`{
	    "data": {"attr_id": %d, "attr_name": "cpu", "cat_id": %d, "attr_sel": "many", "attr_write": "list", "attr_vals": "4K高清 5K高清 6K高清"},
	    "meta": {"msg": "获取成功", "status": 200}
	}`, cpu, cat))
	s.Do(t, "", http.MethodGet, base+"?sel=many", nil).Expect(t, http.StatusOK, apptest.ShopFailure(400, "无效token"))
}

// The legacy tree costs the same statements for 2 or 8 top-level
// categories, three levels deep.
func TestShopCategoryListStatements(t *testing.T) {
	s := apptest.New(t)
	token := s.ShopLogin(t, "admin", apptest.AdminPassword)
	for i := range 8 {
		top := catalogCreate(t, s, token, fmt.Sprintf("top %d", i), 0, 0)
		for j := range 2 {
			mid := catalogCreate(t, s, token, fmt.Sprintf("mid %d.%d", i, j), top, 1)
			catalogCreate(t, s, token, fmt.Sprintf("leaf %d.%d", i, j), mid, 2)
		}
	}
	s.SameStatementsAtAnySize(t, []int{2, 8}, func(size int) {
		r := s.Do(t, token, http.MethodGet, fmt.Sprintf("/api/v2/categories?pagenum=1&pagesize=%d", size), nil)
		if !strings.Contains(r.Body, `"leaf 0.1"`) {
			t.Fatalf("page of %d: %s", size, r.Body)
		}
	})
}

// A role holding only the category list (121) sees the tree but may not
// add categories (122) or read attributes (142): 401 权限验证失败.
func TestShopCatalogMissingRight(t *testing.T) {
	s := apptest.New(t)
	token := s.ShopLogin(t, "admin", apptest.AdminPassword)
	cat := catalogCreate(t, s, token, "大家电", 0, 0)
	clerk := shopClerk(t, s, "catalog-clerk", 101, 121)

	s.Do(t, clerk, http.MethodGet, "/api/v2/categories?type=1", nil).Expect(t, http.StatusOK, fmt.Sprintf(`{
	    "data": [{"cat_id": %d, "cat_name": "大家电", "cat_pid": 0, "cat_level": 0, "cat_deleted": false}],
	    "meta": {"msg": "获取成功", "status": 200}
	}`, cat))
	denied := apptest.ShopFailure(401, "权限验证失败")
	s.Do(t, clerk, http.MethodPost, "/api/v2/categories", map[string]any{"cat_pid": 0, "cat_name": "x", "cat_level": 0}).Expect(t, http.StatusOK, denied)
	s.Do(t, clerk, http.MethodDelete, fmt.Sprintf("/api/v2/categories/%d", cat), nil).Expect(t, http.StatusOK, denied)
	s.Do(t, clerk, http.MethodGet, fmt.Sprintf("/api/private/v1/categories/%d/attributes?sel=many", cat), nil).Expect(t, http.StatusOK, denied)
}
