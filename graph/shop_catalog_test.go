package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/seed"
)

// catalogDo runs an operation that must succeed and returns its data.
func catalogDo(t *testing.T, s *apptest.Server, token, query string, vars map[string]any) json.RawMessage {
	t.Helper()
	r := s.GraphQL(t, token, query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("%s: %+v", query, r.Errors)
	}
	return r.Data
}

// catalogFails runs an operation that must fail with this code (and entity,
// for NOT_FOUND).
func catalogFails(t *testing.T, s *apptest.Server, token, query string, vars map[string]any, code, entity string) {
	t.Helper()
	r := s.GraphQL(t, token, query, vars)
	if r.Code() != code {
		t.Fatalf("%s %v: code %q, want %q (%+v)", query, vars, r.Code(), code, r.Errors)
	}
	if entity != "" && r.Errors[0].Extensions["entity"] != entity {
		t.Errorf("%s %v: entity %v, want %s", query, vars, r.Errors[0].Extensions["entity"], entity)
	}
}

const catalogCreateCategory = `mutation($name: String!, $parent: ID, $level: Int!) {
  createShopCategory(input: {name: $name, parentId: $parent, level: $level}) { id }
}`

// catalogAddCategory creates a category through the API and returns its id.
func catalogAddCategory(t *testing.T, s *apptest.Server, token, name string, parent any, level int) string {
	t.Helper()
	data := catalogDo(t, s, token, catalogCreateCategory, map[string]any{"name": name, "parent": parent, "level": level})
	var d struct{ CreateShopCategory struct{ ID string } }
	json.Unmarshal(data, &d) //nolint:errcheck // checked by the empty id below
	if d.CreateShopCategory.ID == "" {
		t.Fatalf("create %s: no id in %s", name, data)
	}
	return d.CreateShopCategory.ID
}

const catalogTree = `query($paging: PageInput) {
  shopCategories(paging: $paging) {
    total
    items { id name parentId level deleted children { id name parentId level children { id name level children { id } } } }
  }
}`

func TestShopCategoryTree(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	home := catalogAddCategory(t, s, token, "大家电", nil, 0)
	tv := catalogAddCategory(t, s, token, "电视", home, 1)
	curved := catalogAddCategory(t, s, token, "曲面电视", tv, 2)
	hisense := catalogAddCategory(t, s, token, "海信", tv, 2)
	air := catalogAddCategory(t, s, token, "空调", home, 1)
	phone := catalogAddCategory(t, s, token, "手机", 0, 0) // 0 reads as the top level too

	want := fmt.Sprintf(`{"shopCategories": {"total": 2, "items": [
	  {"id": %q, "name": "大家电", "parentId": null, "level": 0, "deleted": false, "children": [
	    {"id": %q, "name": "电视", "parentId": %q, "level": 1, "children": [
	      {"id": %q, "name": "曲面电视", "level": 2, "children": []},
	      {"id": %q, "name": "海信", "level": 2, "children": []}]},
	    {"id": %q, "name": "空调", "parentId": %q, "level": 1, "children": []}]},
	  {"id": %q, "name": "手机", "parentId": null, "level": 0, "deleted": false, "children": []}]}}`,
		home, tv, home, curved, hisense, air, home, phone)
	apptest.EqualJSON(t, string(catalogDo(t, s, token, catalogTree, nil)), want)

	// A page counts top-level categories only.
	page := catalogDo(t, s, token, `{ shopCategories(paging: {page: 2, size: 1}) { total items { name } } }`, nil)
	apptest.EqualJSON(t, string(page), `{"shopCategories": {"total": 2, "items": [{"name": "手机"}]}}`)
	catalogFails(t, s, token, `{ shopCategories(paging: {page: 0, size: 1}) { total } }`, nil, "INVALID_INPUT", "")

	// Deleting 电视 takes its subtree out of the tree; it stays readable.
	catalogDo(t, s, token, `mutation($id: ID!) { deleteShopCategory(id: $id) }`, map[string]any{"id": tv})
	tree := catalogDo(t, s, token, `{ shopCategories { items { name children { name children { name } } } } }`, nil)
	apptest.EqualJSON(t, string(tree), `{"shopCategories": {"items": [
	  {"name": "大家电", "children": [{"name": "空调", "children": []}]},
	  {"name": "手机", "children": []}]}}`)
	one := catalogDo(t, s, token, `query($id: ID!) { shopCategory(id: $id) { name parentId level deleted } }`, map[string]any{"id": tv})
	apptest.EqualJSON(t, string(one), fmt.Sprintf(`{"shopCategory": {"name": "电视", "parentId": %q, "level": 1, "deleted": true}}`, home))

	// Deleting a top-level category drops it from the total.
	catalogDo(t, s, token, `mutation($id: ID!) { deleteShopCategory(id: $id) }`, map[string]any{"id": phone})
	apptest.EqualJSON(t, string(catalogDo(t, s, token, `{ shopCategories { total } }`, nil)), `{"shopCategories": {"total": 1}}`)
}

func TestShopCategoryWrites(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	home := catalogAddCategory(t, s, token, "大家电", nil, 0)
	tv := catalogAddCategory(t, s, token, "电视", home, 1)
	curved := catalogAddCategory(t, s, token, "曲面电视", tv, 2)

	renamed := catalogDo(t, s, token, `mutation($id: ID!) { renameShopCategory(id: $id, name: "电视机") { id name parentId level deleted } }`,
		map[string]any{"id": tv})
	apptest.EqualJSON(t, string(renamed), fmt.Sprintf(`{"renameShopCategory": {"id": %q, "name": "电视机", "parentId": %q, "level": 1, "deleted": false}}`, tv, home))
	read := catalogDo(t, s, token, `query($id: ID!) { shopCategory(id: $id) { name children { name } } }`, map[string]any{"id": tv})
	apptest.EqualJSON(t, string(read), `{"shopCategory": {"name": "电视机", "children": [{"name": "曲面电视"}]}}`)

	for _, c := range []struct {
		name         string
		parent       any
		level        int
		code, entity string
	}{
		{"top at level 1", nil, 1, "INVALID_INPUT", ""},
		{"skips a level", home, 2, "INVALID_INPUT", ""},
		{"below the last level", curved, 3, "INVALID_INPUT", ""},
		{"unknown parent", "9999", 1, "NOT_FOUND", "category"},
		{"", home, 1, "INVALID_INPUT", ""},
	} {
		catalogFails(t, s, token, catalogCreateCategory, map[string]any{"name": c.name, "parent": c.parent, "level": c.level}, c.code, c.entity)
	}
	catalogDo(t, s, token, `mutation($id: ID!) { deleteShopCategory(id: $id) }`, map[string]any{"id": tv})
	catalogFails(t, s, token, catalogCreateCategory, map[string]any{"name": "under a deleted one", "parent": tv, "level": 2}, "NOT_FOUND", "category")

	for _, op := range []string{
		`{ shopCategory(id: 9999) { id } }`,
		`mutation { renameShopCategory(id: 9999, name: "x") { id } }`,
		`mutation { deleteShopCategory(id: 9999) }`,
	} {
		catalogFails(t, s, token, op, nil, "NOT_FOUND", "category")
	}
	catalogFails(t, s, token, `mutation($id: ID!) { renameShopCategory(id: $id, name: " ") { id } }`, map[string]any{"id": home}, "INVALID_INPUT", "")
}

const catalogAttrFields = `id name categoryId kind values`

func TestShopAttributes(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	home := catalogAddCategory(t, s, token, "大家电", nil, 0)
	tv := catalogAddCategory(t, s, token, "电视", home, 1)
	curved := catalogAddCategory(t, s, token, "曲面电视", tv, 2)

	create := `mutation($cat: ID!, $in: ShopAttributeInput!) { createShopAttribute(categoryId: $cat, input: $in) { ` + catalogAttrFields + ` } }`
	var color, size struct{ CreateShopAttribute struct{ ID string } }
	data := catalogDo(t, s, token, create, map[string]any{"cat": curved, "in": map[string]any{"name": "颜色", "kind": "MANY", "values": "黑色 白色"}})
	json.Unmarshal(data, &color) //nolint:errcheck // compared below
	apptest.EqualJSON(t, string(data), fmt.Sprintf(`{"createShopAttribute": {"id": %q, "name": "颜色", "categoryId": %q, "kind": "MANY", "values": "黑色 白色"}}`,
		color.CreateShopAttribute.ID, curved))
	data = catalogDo(t, s, token, create, map[string]any{"cat": curved, "in": map[string]any{"name": "尺寸", "kind": "ONLY"}})
	json.Unmarshal(data, &size) //nolint:errcheck // compared below
	apptest.EqualJSON(t, string(data), fmt.Sprintf(`{"createShopAttribute": {"id": %q, "name": "尺寸", "categoryId": %q, "kind": "ONLY", "values": ""}}`,
		size.CreateShopAttribute.ID, curved))
	colorID, sizeID := color.CreateShopAttribute.ID, size.CreateShopAttribute.ID

	list := `query($cat: ID!, $kind: ShopAttributeKind!) { shopAttributes(categoryId: $cat, kind: $kind) { name kind } }`
	apptest.EqualJSON(t, string(catalogDo(t, s, token, list, map[string]any{"cat": curved, "kind": "MANY"})),
		`{"shopAttributes": [{"name": "颜色", "kind": "MANY"}]}`)
	apptest.EqualJSON(t, string(catalogDo(t, s, token, list, map[string]any{"cat": curved, "kind": "ONLY"})),
		`{"shopAttributes": [{"name": "尺寸", "kind": "ONLY"}]}`)
	apptest.EqualJSON(t, string(catalogDo(t, s, token, list, map[string]any{"cat": tv, "kind": "MANY"})), `{"shopAttributes": []}`)

	read := `query($cat: ID!, $id: ID!) { shopAttribute(categoryId: $cat, id: $id) { ` + catalogAttrFields + ` } }`
	apptest.EqualJSON(t, string(catalogDo(t, s, token, read, map[string]any{"cat": curved, "id": colorID})),
		fmt.Sprintf(`{"shopAttribute": {"id": %q, "name": "颜色", "categoryId": %q, "kind": "MANY", "values": "黑色 白色"}}`, colorID, curved))

	// An update without values keeps them; with values it replaces them.
	update := `mutation($cat: ID!, $id: ID!, $in: ShopAttributeInput!) { updateShopAttribute(categoryId: $cat, id: $id, input: $in) { ` + catalogAttrFields + ` } }`
	apptest.EqualJSON(t, string(catalogDo(t, s, token, update, map[string]any{"cat": curved, "id": colorID, "in": map[string]any{"name": "机身颜色", "kind": "MANY"}})),
		fmt.Sprintf(`{"updateShopAttribute": {"id": %q, "name": "机身颜色", "categoryId": %q, "kind": "MANY", "values": "黑色 白色"}}`, colorID, curved))
	apptest.EqualJSON(t, string(catalogDo(t, s, token, update, map[string]any{"cat": curved, "id": sizeID, "in": map[string]any{"name": "尺寸", "kind": "MANY", "values": "55英寸 65英寸"}})),
		fmt.Sprintf(`{"updateShopAttribute": {"id": %q, "name": "尺寸", "categoryId": %q, "kind": "MANY", "values": "55英寸 65英寸"}}`, sizeID, curved))
	catalogFails(t, s, token, update, map[string]any{"cat": curved, "id": sizeID, "in": map[string]any{"name": "", "kind": "MANY"}}, "INVALID_INPUT", "")
	catalogFails(t, s, token, create, map[string]any{"cat": curved, "in": map[string]any{"name": " ", "kind": "MANY"}}, "INVALID_INPUT", "")

	// An attribute belongs to its category; the category must exist.
	catalogFails(t, s, token, read, map[string]any{"cat": tv, "id": colorID}, "NOT_FOUND", "attribute")
	catalogFails(t, s, token, read, map[string]any{"cat": curved, "id": "9999"}, "NOT_FOUND", "attribute")
	catalogFails(t, s, token, read, map[string]any{"cat": "9999", "id": colorID}, "NOT_FOUND", "category")
	catalogFails(t, s, token, list, map[string]any{"cat": "9999", "kind": "MANY"}, "NOT_FOUND", "category")
	catalogFails(t, s, token, create, map[string]any{"cat": "9999", "in": map[string]any{"name": "x", "kind": "MANY"}}, "NOT_FOUND", "category")
	catalogFails(t, s, token, update, map[string]any{"cat": tv, "id": colorID, "in": map[string]any{"name": "x", "kind": "MANY"}}, "NOT_FOUND", "attribute")
	del := `mutation($cat: ID!, $id: ID!) { deleteShopAttribute(categoryId: $cat, id: $id) }`
	catalogFails(t, s, token, del, map[string]any{"cat": tv, "id": colorID}, "NOT_FOUND", "attribute")

	// Deleting an attribute takes the goods' values of it along.
	ctx := context.Background()
	now := time.Now().UTC()
	goods := &db.ShopGoods{Name: "曲面电视 A", CategoryPath: home + "," + tv + "," + curved, CreatedAt: now, UpdatedAt: now}
	if _, err := s.App.DB.NewInsert().Model(goods).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	var colorNum int64
	fmt.Sscan(colorID, &colorNum) //nolint:errcheck // an id from the API
	if _, err := s.App.DB.NewInsert().Model(&db.ShopGoodsAttr{GoodsID: goods.ID, AttributeID: colorNum, Value: "黑色"}).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	apptest.EqualJSON(t, string(catalogDo(t, s, token, del, map[string]any{"cat": curved, "id": colorID})),
		fmt.Sprintf(`{"deleteShopAttribute": %q}`, colorID))
	left, err := s.App.DB.NewSelect().Model((*db.ShopGoodsAttr)(nil)).Where("attribute_id = ?", colorNum).Count(ctx)
	if err != nil || left != 0 {
		t.Errorf("goods values of a deleted attribute: %d left (%v)", left, err)
	}
	catalogFails(t, s, token, read, map[string]any{"cat": curved, "id": colorID}, "NOT_FOUND", "attribute")
	apptest.EqualJSON(t, string(catalogDo(t, s, token, list, map[string]any{"cat": curved, "kind": "MANY"})),
		`{"shopAttributes": [{"name": "尺寸", "kind": "MANY"}]}`)
}

func TestShopCatalogAccess(t *testing.T) {
	s := apptest.New(t)
	admin := s.AdminToken(t)
	cat := catalogAddCategory(t, s, admin, "大家电", nil, 0)
	ops := []string{
		`{ shopCategories { total } }`,
		`{ shopCategory(id: ` + cat + `) { id } }`,
		`{ shopAttributes(categoryId: ` + cat + `, kind: MANY) { id } }`,
		`{ shopAttribute(categoryId: ` + cat + `, id: 1) { id } }`,
		`mutation { createShopCategory(input: {name: "x", level: 0}) { id } }`,
		`mutation { renameShopCategory(id: ` + cat + `, name: "x") { id } }`,
		`mutation { deleteShopCategory(id: ` + cat + `) }`,
		`mutation { createShopAttribute(categoryId: ` + cat + `, input: {name: "x", kind: ONLY}) { id } }`,
		`mutation { updateShopAttribute(categoryId: ` + cat + `, id: 1, input: {name: "x", kind: ONLY}) { id } }`,
		`mutation { deleteShopAttribute(categoryId: ` + cat + `, id: 1) }`,
	}
	for _, op := range ops {
		catalogFails(t, s, "", op, nil, "UNAUTHENTICATED", "")
	}
	// A role holding only the category list (121) sees it and nothing else.
	clerk := s.TokenFor(t, s.ShopStaff(t, "catalog-clerk", 101, 121))
	apptest.EqualJSON(t, string(catalogDo(t, s, clerk, ops[0], nil)), `{"shopCategories": {"total": 1}}`)
	for _, op := range ops[1:] {
		if op == ops[5] {
			continue // renaming is guarded by 121 too
		}
		r := s.GraphQL(t, clerk, op, nil)
		if r.Code() != "FORBIDDEN" || r.Errors[0].Extensions["reason"] != "MISSING_RIGHT" {
			t.Errorf("%s: %+v, want FORBIDDEN/MISSING_RIGHT", op, r.Errors)
		}
	}
	catalogDo(t, s, clerk, ops[5], nil)
}

// Listing 2 or 10 top-level categories with two levels of children below
// each costs the same statements: children load level by level.
func TestShopCategoryTreeStatementsDoNotGrowWithPageSize(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	for i := range 10 {
		top := catalogAddCategory(t, s, token, fmt.Sprintf("top %d", i), nil, 0)
		for j := range 2 {
			mid := catalogAddCategory(t, s, token, fmt.Sprintf("mid %d.%d", i, j), top, 1)
			for k := range 2 {
				catalogAddCategory(t, s, token, fmt.Sprintf("leaf %d.%d.%d", i, j, k), mid, 2)
			}
		}
	}
	large := s.SameStatementsAtAnySize(t, []int{2, 10}, func(size int) {
		data := catalogDo(t, s, token, catalogTree, map[string]any{"paging": map[string]any{"page": 1, "size": size}})
		var d struct {
			ShopCategories struct {
				Items []struct {
					Children []struct{ Children []struct{ ID string } }
				}
			}
		}
		json.Unmarshal(data, &d) //nolint:errcheck // checked below
		if n := len(d.ShopCategories.Items); n != size || len(d.ShopCategories.Items[0].Children[1].Children) != 2 {
			t.Fatalf("page of %d: %s", size, data)
		}
	})
	// session (the super-admin's rights are the catalog, read at start) + page (2: rows and
	// count) + three levels of children, one statement per level for all
	// the parents of that level (the leaves' are asked for too)
	if large != 6 {
		t.Errorf("10 categories took %d statements, want 6", large)
	}
}

// The demo data has the categories and attributes the goods seed looks up,
// and seeding again adds nothing.
func TestShopCatalogSeed(t *testing.T) {
	s := apptest.New(t)
	ctx := context.Background()
	for range 2 {
		if err := seed.Demo(ctx, s.App.Stores); err != nil {
			t.Fatal(err)
		}
	}
	var curved db.ShopCategory
	if err := s.App.DB.NewSelect().Model(&curved).Where("name = ?", "曲面电视").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	token := s.AdminToken(t)
	path := catalogDo(t, s, token, `query($id: ID!) { shopCategory(id: $id) { level } }`, map[string]any{"id": curved.ID})
	apptest.EqualJSON(t, string(path), `{"shopCategory": {"level": 2}}`)
	var parent db.ShopCategory
	if err := s.App.DB.NewSelect().Model(&parent).Where("id = ?", curved.ParentID).Scan(ctx); err != nil || parent.Name != "电视" {
		t.Fatalf("parent of 曲面电视: %+v %v", parent, err)
	}
	for kind, want := range map[string]string{
		"MANY": `{"shopAttributes": [{"name": "颜色", "values": "黑色 白色 银色"}]}`,
		"ONLY": `{"shopAttributes": [{"name": "尺寸", "values": "65英寸"}]}`,
	} {
		got := catalogDo(t, s, token, `query($cat: ID!, $kind: ShopAttributeKind!) { shopAttributes(categoryId: $cat, kind: $kind) { name values } }`,
			map[string]any{"cat": curved.ID, "kind": kind})
		apptest.EqualJSON(t, string(got), want)
	}
	n, err := s.App.DB.NewSelect().Model((*db.ShopCategory)(nil)).Where("parent_id = 0").Count(ctx)
	if err != nil || n != 3 {
		t.Errorf("%d top-level categories after seeding twice, want 3 (%v)", n, err)
	}
}

// Children cost one statement per level asked for, whichever root asks:
// none when not asked, none for a level below categories without children,
// and aliases and fragments asking for different depths load the deepest.
func TestShopCategoryChildrenLoadPerLevelAskedFor(t *testing.T) {
	s := apptest.New(t)
	token := s.AdminToken(t)
	home := catalogAddCategory(t, s, token, "大家电", nil, 0)
	tv := catalogAddCategory(t, s, token, "电视", home, 1)
	catalogAddCategory(t, s, token, "曲面电视", tv, 2)
	ask := func(query string, vars map[string]any, want string, statements int64) {
		t.Helper()
		var data json.RawMessage
		if n := s.StatementsFor(func() { data = catalogDo(t, s, token, query, vars) }); n != statements {
			t.Errorf("%s took %d statements, want %d", query, n, statements)
		}
		apptest.EqualJSON(t, string(data), want)
	}
	// session (the super-admin's rights are the catalog) + the top level (1:
	// unpaged, so no count)
	ask(`{ shopCategories { items { name } } }`, nil, `{"shopCategories": {"items": [{"name": "大家电"}]}}`, 2)
	// + three levels of children; the fourth has no parents and costs nothing
	// (a page of ten: unpaged, four levels would cost more than the limit),
	// + the page's count
	ask(`{ shopCategories(paging: {page: 1, size: 10}) { items { children { name children { name children { name children { name } } } } } } }`, nil,
		`{"shopCategories": {"items": [{"children": [{"name": "电视", "children": [{"name": "曲面电视", "children": []}]}]}]}}`, 6)
	// + two levels: the deeper of the two aliases
	ask(`{ shopCategories { items { a: children { name } ... on ShopCategory { b: children { children { name } } } } } }`, nil,
		`{"shopCategories": {"items": [{"a": [{"name": "电视"}], "b": [{"children": [{"name": "曲面电视"}]}]}]}}`, 4)
	// session + the category + one level
	ask(`query($id: ID!) { shopCategory(id: $id) { name children { name } } }`, map[string]any{"id": home}, `{"shopCategory": {"name": "大家电", "children": [{"name": "电视"}]}}`, 3)

	// The writes answer with the children asked for.
	renamed := catalogDo(t, s, token, `mutation($id: ID!) { renameShopCategory(id: $id, name: "电视机") { name children { name children { name } } } }`,
		map[string]any{"id": tv})
	apptest.EqualJSON(t, string(renamed), `{"renameShopCategory": {"name": "电视机", "children": [{"name": "曲面电视", "children": []}]}}`)
	created := catalogDo(t, s, token, `mutation($p: ID!) { createShopCategory(input: {name: "空调", parentId: $p, level: 1}) { name children { name } } }`,
		map[string]any{"p": home})
	apptest.EqualJSON(t, string(created), `{"createShopCategory": {"name": "空调", "children": []}}`)

	// A deleted category leaves the tree, but read by id it still shows its
	// live children, as before.
	catalogDo(t, s, token, `mutation($id: ID!) { deleteShopCategory(id: $id) }`, map[string]any{"id": tv})
	ask(`query($id: ID!) { shopCategory(id: $id) { deleted children { name } } }`, map[string]any{"id": tv},
		`{"shopCategory": {"deleted": true, "children": [{"name": "曲面电视"}]}}`, 3)
}
