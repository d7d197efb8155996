package compat

import (
	"bytes"
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	gqlscalar "github.com/onegraph/server/graph/scalar"
)

// The legacy body decoders under random requests: any body of any content
// type, any query string and path parameters go through the app's marking
// of bad text and the real decode, route pick and variable readers of a
// route. None may panic; a refusal is
// one of the route tables' own legacy messages; variables that pass are
// JSON, as the executor needs them. Seeds are requests of the legacy
// documents, so `go test` runs them as a normal test.
func FuzzLegacyRequest(f *testing.F) {
	for _, s := range legacySeeds {
		f.Add(s.route, s.kind, s.query, s.param, []byte(s.body))
	}
	messages := legacyMessages(f)
	routes := allRoutes()
	pharma := len(pharmaPublic) + len(pharmaRoutes)
	f.Fuzz(func(t *testing.T, n uint, kind uint8, query, param string, body []byte) {
		i := int(n % uint(len(routes)))
		rt := routes[i]
		r := httptest.NewRequest(rt.method, "/", bytes.NewReader(body))
		r.URL.RawQuery = query
		if ct := contentTypes[int(kind)%len(contentTypes)]; ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		// Every path parameter reads the same fuzzed text.
		rctx := chi.NewRouteContext()
		for _, m := range regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(rt.path, -1) {
			rctx.URLParams.Add(m[1], param)
		}
		r = r.WithContext(context.WithValue(r.Context(), chi.RouteCtxKey, rctx))

		// The body as the app hands it on: its bad text marked.
		gqlscalar.MarkBadText(http.HandlerFunc(func(_ http.ResponseWriter, marked *http.Request) { r = marked })).
			ServeHTTP(httptest.NewRecorder(), r)
		c := &call{w: httptest.NewRecorder(), r: r, formLimit: rt.formLimit(defaultMaxBody)}
		c.decode()
		picked := &rt
		if i < pharma {
			var same []route
			for _, p := range routes[:pharma] {
				if p.path == rt.path {
					same = append(same, p)
				}
			}
			picked = pickRoute(c, same)
		}
		if picked != nil {
			picked = picked.chosen(c)
		}
		var vars obj
		if picked != nil && picked.vars != nil && c.refusal == "" {
			vars = picked.vars(c)
		}
		if c.refusal != "" {
			if !messages(c.refusal) {
				t.Fatalf("%s %s: refused with %q, not a legacy message", rt.method, rt.path, c.refusal)
			}
			return
		}
		if picked == nil {
			t.Fatalf("%s %s: no route and no refusal", rt.method, rt.path)
		}
		if _, err := json.Marshal(vars); err != nil {
			t.Fatalf("%s %s: variables %v are not JSON: %v", picked.method, picked.path, vars, err)
		}
	})
}

// defaultMaxBody is the server's default bound on a body
// (app.DefaultHTTPLimits, which this package's own tests cannot import).
const defaultMaxBody = 1 << 20

var contentTypes = []string{"", "application/json", "application/x-www-form-urlencoded",
	"multipart/form-data; boundary=x", "text/plain; charset=utf-8"}

// Content kinds, as indexes of contentTypes.
const (
	noBody uint8 = iota
	jsonBody
	formBody
)

// legacySeeds are requests from the legacy documents (medical-admin-v2.md,
// bysms-v1.md, shop-admin-v2.md), each for a route of allRoutes by index.
var legacySeeds = func() (seeds []struct {
	route       uint
	kind        uint8
	query       string
	param, body string
}) {
	index := func(method, path, action string) uint {
		for i, rt := range allRoutes() {
			if rt.method == method && rt.path == path && rt.action == action {
				return uint(i)
			}
		}
		panic("no route " + method + " " + path + " " + action)
	}
	// The partner API's paths may be another system's too (/orders): its
	// seeds name the route by operation.
	byOp := func(op string) uint {
		for i, rt := range allRoutes() {
			if rt.op == op && rt.path != "" {
				return uint(i)
			}
		}
		panic("no route of operation " + op)
	}
	addAt := func(route uint, kind uint8, query, param, body string) {
		seeds = append(seeds, struct {
			route       uint
			kind        uint8
			query       string
			param, body string
		}{route, kind, query, param, body})
	}
	add := func(method, path, action string, kind uint8, query, param, body string) {
		addAt(index(method, path, action), kind, query, param, body)
	}
	get, post, put, del := http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	add(post, "/signin", "", formBody, "", "", "username=byhy&password=88888888")
	add(get, "/customers", "list_customer", noBody, "action=list_customer&pagenum=1&pagesize=10&keywords=医院", "", "")
	add(post, "/customers", "add_customer", jsonBody, "", "", `{"action":"add_customer","data":{"name":"武汉市桥西医院","phonenumber":"13345679934","address":"武汉市桥西医院北路"}}`)
	add(put, "/customers", "modify_customer", jsonBody, "", "", `{"action":"modify_customer","id":6,"newdata":{"name":"武汉市桥北医院","phonenumber":"13345678888","address":"武汉市桥北医院北路"}}`)
	add(del, "/customers", "del_customer", jsonBody, "", "", `{"action":"del_customer","id":6}`)
	add(post, "/medicines", "add_medicine", jsonBody, "", "", `{"action":"add_medicine","data":{"name":"青霉素","desc":"青霉素 国字号","sn":"099877883837"}}`)
	add(post, "/orders", "add_order", jsonBody, "", "", `{"action":"add_order","data":{"name":"华山医院订单002","customerid":3,"medicineids":[1,2]}}`)
	add(post, "/orders", "add_order", jsonBody, "", "", `{"action":"add_order","data":{"name":"xxx医院订单","customerid":3,"medicinelist":[{"id":16,"amount":5,"name":"xxx药"},{"id":15,"amount":10,"name":"xxx药2"}]}}`)
	add(get, "/orders", "list_order", noBody, "action=list_order&pagenum=2&pagesize=5", "", "")
	add(post, "/login", "", jsonBody, "", "", `{"username":"admin","password":"123456"}`)
	add(get, "/users", "", noBody, "query=&pagenum=1&pagesize=2", "", "")
	add(post, "/users", "", jsonBody, "", "", `{"username":"tom","password":"123456","email":"t@a.cn","mobile":"13800000000"}`)
	add(put, "/users/{id}/state/{type}", "", noBody, "", "true", "")
	add(put, "/users/{id}/role", "", formBody, "", "500", "rid=30")
	add(post, "/roles", "", jsonBody, "", "", `{"roleName":"主管","roleDesc":"技术负责人"}`)
	add(post, "/roles/{roleId}/rights", "", jsonBody, "", "30", `{"rids":"105,116,117,115,109,103"}`)
	add(get, "/categories", "", noBody, "type=3&pagenum=1&pagesize=5", "", "")
	add(post, "/categories", "", jsonBody, "", "", `{"cat_pid":0,"cat_name":"大电器","cat_level":0}`)
	add(post, "/categories/{id}/attributes", "", jsonBody, "", "1", `{"attr_name":"颜色","attr_sel":"many","attr_vals":"红,绿"}`)
	add(get, "/goods", "", noBody, "query=&pagenum=1&pagesize=10", "", "")
	add(post, "/goods", "", jsonBody, "", "", `{"goods_name":"手机","goods_cat":"1,2,3","goods_price":20,"goods_number":30,"goods_weight":100,"goods_introduce":"abc","pics":[{"pic":"/tmp_uploads/30f08d52c551ecb447277eae232304b8"}],"attrs":[{"attr_id":15,"attr_value":"ddd"}]}`)
	add(put, "/orders/{id}", "", jsonBody, "", "1", `{"is_send":"是","order_pay":"2","order_price":"100","order_number":"2","pay_status":"1"}`)
	add(get, "/orders", "", noBody, "query=&pagenum=1&pagesize=10&pay_status=1", "", "")
	// custommanage.txt's add and edit bodies, and each status of the edit.
	add(post, "/restaurant/add", "", jsonBody, "", "", custommanageExample("add"))
	add(post, "/restaurant/add", "", formBody, "", "", "kid=K073655&restaurant_name=zzz&receiver_name=zzz&receiver_telephone=13112345678"+
		"&district_code=440300&area_level1=30300000000&area_level2=30300500000&restaurant_address=x&salemenu_ids=%5B%22S21329%22%5D&check_out=true")
	add(post, "/edit", "", jsonBody, "", "", custommanageExample("edit"))
	add(post, "/edit", "", formBody, "", "", "status=deleteSSM&record_id=530223&id=S312206")
	add(post, "/edit", "", formBody, "", "", "status=addSSM&id=S312206&service_station_id=T12469&salemenu_id=S8443")
	add(post, "/edit", "", jsonBody, "", "", `{"status":"editSSM","id":"S312206","record_id":530223,"service_station_id":"T12468","salemenu_id":"S8443"}`)
	// partner-b2b.md's bodies, as the partner tests send them.
	addAt(byOp("PartnerRegister"), jsonBody, "", "", `{"username":"13900000009","password":"abc123","email":"a@b.cn","realName":"张三","nickName":"三","sex":"男","edu":"本科","birth":"1990-01-01","sec":"k"}`)
	addAt(byOp("PartnerShelve"), jsonBody, "", "", `{"username":"13800000002","password":"123456","oeid":"15400-RTA-003","stock":100,"price":44.5,"quality":"原厂件","info":{"goods_name":"机油滤清器","goods_ID":"JD-0001","goods_brand":"本田"},"sec":"k"}`)
	addAt(byOp("PartnerRelations"), jsonBody, "", "", `{"username":"13800000002","password":"123456","op_type":4,"param":{"enterprise_ID":2,"relation_ID":"*"},"pageNum":1,"pageSize":10,"sec":"k"}`)
	addAt(byOp("PartnerAddDiscount"), jsonBody, "", "", `{"username":"13800000002","password":"123456","op_type":1,"param":{"enterprise_ID":2,"relation_ID":2,"goods_ID":"JD-0002","discount":9850},"sec":"k"}`)
	addAt(byOp("PartnerPlaceOrder"), jsonBody, "", "", `{"username":"13800000001","password":"123456","param":[{"companyID":1,"goods_id":"JD-0002","seller_ID":2,"seller_company_name":"广州骏达汽车配件有限公司","goods_name":"空气滤清器","goods_price":68.00,"goods_amount":3,"discount":9500,"goods_totalPrice":193.80,"timestamp":"WEBERP1764208000001"}],"sec":"k"}`)
	addAt(byOp("PartnerShip"), jsonBody, "", "", `{"username":"13800000002","password":"123456","param":{"order_id":2,"logistics_ID":"SF","logistics_name":"顺丰速运","logistics_order":"SF1400000000002","status":50},"sec":"k"}`)
	addAt(byOp("PartnerAddListEntry"), jsonBody, "", "", `{"username":"13800000002","password":"123456","op_type":1,"param":{"enterprise_ID":2,"target_enterprise_ID":4,"goods_ID":"*","list_type":"black"},"sec":"k"}`)
	return seeds
}()

// custommanageExample is a request body of custommanage.txt's examples, as
// JSON with the types of the document's member tables (testdata/custommanage,
// which the route tests send too).
func custommanageExample(name string) string {
	b, err := os.ReadFile(filepath.Join("testdata", "custommanage", name+".json"))
	if err != nil {
		panic(err)
	}
	return string(b)
}

// The fuzz target's check knows the tables' messages and nothing else.
func TestLegacyMessages(t *testing.T) {
	known := legacyMessages(t)
	for msg, want := range map[string]bool{
		badBody: true, "pagenum 参数错误": true, "pagesize必须是正整数": true, "sel 参数错误，应为 many 或 only": true,
		"上传文件不能超过10MB": true, "pagenum 参数错误 x": false, "internal error": false, "": false,
	} {
		if known(msg) != want {
			t.Errorf("%q known: %v, want %v", msg, !want, want)
		}
	}
}

// legacyMessages reads the Chinese string constants of the package (the
// route tables' messages) and tells whether a message is one of them.
func legacyMessages(tb testing.TB) func(string) bool {
	tb.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		tb.Fatal(err)
	}
	var patterns []*regexp.Regexp
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			tb.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			// A literal, or a sum of literals and other text (key + "..."):
			// "%s" and the other text stand for a member's key, "%d" for a
			// number.
			var pattern strings.Builder
			switch n := n.(type) {
			case *ast.BasicLit:
				if n.Kind != token.STRING {
					return true
				}
				s, _ := strconv.Unquote(n.Value)
				pattern.WriteString(regexp.QuoteMeta(s))
			case *ast.BinaryExpr:
				if n.Op != token.ADD {
					return true
				}
				for _, e := range []ast.Expr{n.X, n.Y} {
					if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						s, _ := strconv.Unquote(lit.Value)
						pattern.WriteString(regexp.QuoteMeta(s))
					} else {
						pattern.WriteString("%s")
					}
				}
			default:
				return true
			}
			// Legacy messages are Chinese; the other strings are not.
			if p := pattern.String(); strings.IndexFunc(p, func(r rune) bool { return r >= utf8.RuneSelf }) >= 0 {
				patterns = append(patterns, regexp.MustCompile(`^`+strings.NewReplacer("%s", `\w+`, "%d", `\d+`).Replace(p)+`$`))
			}
			return true
		})
	}
	return func(msg string) bool {
		for _, p := range patterns {
			if p.MatchString(msg) {
				return true
			}
		}
		return false
	}
}

// Form fields read as the members of a JSON body: a field given once as its
// value, one given several times or named with [] as the list of its
// values, in a urlencoded and in a multipart form alike.
func TestFormFieldsReadAsValuesAndLists(t *testing.T) {
	fields := [][2]string{{"kid", "K073655"}, {"salemenu_ids", "S8443"}, {"salemenu_ids", "S21329"},
		{"tags[]", "a"}, {"empty", ""}}
	want := obj{"kid": "K073655", "salemenu_ids": []any{"S8443", "S21329"}, "tags": []any{"a"}, "empty": "", "q": "1"}
	var form url.Values = map[string][]string{}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range fields {
		form.Add(f[0], f[1])
		mw.WriteField(f[0], f[1]) //nolint:errcheck // in memory
	}
	mw.Close()
	for ct, b := range map[string]string{"application/x-www-form-urlencoded": form.Encode(), mw.FormDataContentType(): body.String()} {
		r := httptest.NewRequest(http.MethodPost, "/?q=1", strings.NewReader(b))
		r.Header.Set("Content-Type", ct)
		c := &call{w: httptest.NewRecorder(), r: r, formLimit: defaultMaxBody}
		c.decode()
		if c.refusal != "" || !reflect.DeepEqual(c.params, want) {
			t.Errorf("%s: params %v refusal %q, want %v", ct, c.params, c.refusal, want)
		}
	}
	// A multipart body that cannot be read, and one over the limit.
	for body, refusal := range map[string]string{"--x\r\nno header end": badForm,
		"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n" + strings.Repeat("a", defaultMaxBody+1) + "\r\n--x--\r\n": bodyTooLarge} {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		c := &call{w: httptest.NewRecorder(), r: r, formLimit: defaultMaxBody}
		c.decode()
		if c.refusal != refusal {
			t.Errorf("refusal %q, want %q", c.refusal, refusal)
		}
	}
}
