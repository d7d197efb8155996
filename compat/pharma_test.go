package compat_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onegraph/server/apptest"
)

// The pharma sales admin at /api/mgr/, checked against its two legacy
// documents: ../shared/legacy-api/bysms-v1.md (v1) and
// medical-admin-v2.md (v2). Request bodies are the documents' own, with the
// real ids in place of theirs.

const (
	signinURL  = "/api/mgr/signin"
	signoutURL = "/api/mgr/signout"
	customers  = "/api/mgr/customers"
	medicines  = "/api/mgr/medicines"
	orders     = "/api/mgr/orders"
	profile    = "/api/mgr/profile"

	listCustomers = customers + "?action=list_customer"
	listMedicines = medicines + "?action=list_medicine"
	listOrders    = orders + "?action=list_order"
	getProfile    = profile + "?action=get_my_profile"

	adminForm   = apptest.Form("username=admin&password=" + apptest.AdminPassword)
	signedIn    = `{"ret":0,"msg":"登录成功"}`
	notSignedIn = `{"ret":302,"msg":"请先登录"}`
	ok          = `{"ret":0}`
	emptyList   = `{"ret":0,"retlist":[]}`

	// missingID is an id no test creates.
	missingID = 999999
)

// doc turns a request body copied from the legacy documents into JSON: the
// `#` comments they carry are dropped and %d verbs take the real ids.
func doc(body string, ids ...any) string {
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		if j := strings.Index(l, "#"); j >= 0 {
			lines[i] = l[:j]
		}
	}
	return fmt.Sprintf(strings.Join(lines, "\n"), ids...)
}

// signIn starts a server and signs its admin in with a legacy client.
func signIn(t *testing.T) (*apptest.Server, *apptest.Client) {
	t.Helper()
	s := apptest.New(t)
	c := s.Client(t)
	c.Do(http.MethodPost, signinURL, adminForm).Expect(t, http.StatusOK, signedIn)
	return s, c
}

// created checks an answer {"ret":0,"id":N} and returns N.
func created(t *testing.T, r apptest.Response) int64 {
	t.Helper()
	var v struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(r.Body), &v); err != nil || v.ID <= 0 {
		t.Fatalf("no id in the answer: %d %s", r.Status, r.Body)
	}
	r.Expect(t, http.StatusOK, fmt.Sprintf(`{"ret":0,"id":%d}`, v.ID))
	return v.ID
}

func addCustomer(t *testing.T, c *apptest.Client, name string) int64 {
	t.Helper()
	return created(t, c.Do(http.MethodPost, customers, map[string]any{
		"action": "add_customer",
		"data":   map[string]any{"name": name, "phonenumber": "13800000000", "address": "上海市"},
	}))
}

func addMedicine(t *testing.T, c *apptest.Client, name string) int64 {
	t.Helper()
	return created(t, c.Do(http.MethodPost, medicines, map[string]any{
		"action": "add_medicine",
		"data":   map[string]any{"name": name, "sn": "100", "desc": name + "说明"},
	}))
}

func errJSON(code int, msg string) string {
	return fmt.Sprintf(`{"ret":%d,"msg":%q}`, code, msg)
}

// sessionCookie returns the sessionid cookie an answer sets.
func sessionCookie(t *testing.T, r apptest.Response) *http.Cookie {
	t.Helper()
	for _, line := range r.Header.Values("Set-Cookie") {
		if ck, err := http.ParseSetCookie(line); err == nil && ck.Name == "sessionid" {
			return ck
		}
	}
	t.Fatalf("no sessionid cookie set: %q", r.Header.Values("Set-Cookie"))
	return nil
}

// withToken lists customers with this token in a hand-made sessionid
// cookie, as a client that kept a copy of it would.
func withToken(t *testing.T, s *apptest.Server, token string) apptest.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+listCustomers, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: "sessionid", Value: token})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return apptest.RoundTrip(t, client, req)
}

func TestSignIn(t *testing.T) {
	s := apptest.New(t)
	s.CreateAccount(t, "disabled", "pw", "ADMIN", false)
	s.CreateAccount(t, "staff", "pw", "STAFF", true)

	t.Run("success sets the session cookie", func(t *testing.T) {
		c := s.Client(t)
		r := c.Do(http.MethodPost, signinURL, adminForm)
		// v1 shows {"ret":0}; v2 adds the message.
		r.Expect(t, http.StatusOK, signedIn)
		ck := sessionCookie(t, r)
		if ck.Value == "" || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" {
			t.Errorf("cookie %q: want a value, HttpOnly, SameSite=Lax and Path=/", ck.Raw)
		}
		if !ck.Expires.After(time.Now()) {
			t.Errorf("cookie %q has expired already", ck.Raw)
		}
		c.Do(http.MethodGet, listCustomers, nil).Expect(t, http.StatusOK, emptyList)
	})

	for _, tc := range []struct {
		name   string
		form   apptest.Form
		status int
		msg    string
	}{
		// v1 words it "用户名或者密码错误"; v2 wins.
		{"wrong password", "username=admin&password=nope", http.StatusOK, "错误的用户名或密码"},
		{"unknown user", "username=nobody&password=nope", http.StatusOK, "错误的用户名或密码"},
		{"inactive account", "username=disabled&password=pw", http.StatusOK, "账户无权限登录"},
		{"not an admin", "username=staff&password=pw", http.StatusOK, "请使用管理员账户登录"},
		{"no password", "username=admin", http.StatusBadRequest, "请填写用户名和密码"},
		{"empty password", "username=admin&password=", http.StatusBadRequest, "请填写用户名和密码"},
		{"no username", "password=" + apptest.AdminPassword, http.StatusBadRequest, "请填写用户名和密码"},
		{"empty body", "", http.StatusBadRequest, "请填写用户名和密码"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := s.Client(t)
			r := c.Do(http.MethodPost, signinURL, tc.form)
			r.Expect(t, tc.status, errJSON(1, tc.msg))
			if v := r.Header.Values("Set-Cookie"); len(v) > 0 {
				t.Errorf("a refused sign-in set cookies: %q", v)
			}
			c.Do(http.MethodGet, listCustomers, nil).Expect(t, http.StatusFound, notSignedIn)
		})
	}

	t.Run("wrong method", func(t *testing.T) {
		s.Client(t).Do(http.MethodGet, signinURL, nil).Expect(t, http.StatusBadRequest, errJSON(1, "不支持的请求方法"))
	})
}

func TestSignOut(t *testing.T) {
	s := apptest.New(t)
	c := s.Client(t)
	r := c.Do(http.MethodPost, signinURL, adminForm)
	r.Expect(t, http.StatusOK, signedIn)
	token := sessionCookie(t, r).Value
	withToken(t, s, token).Expect(t, http.StatusOK, emptyList)

	out := c.Do(http.MethodGet, signoutURL, nil)
	out.Expect(t, http.StatusOK, `{"ret":0,"msg":"登出成功"}`)
	if ck := sessionCookie(t, out); ck.Value != "" || ck.Expires.After(time.Now()) {
		t.Errorf("signout should clear the cookie, sets %q", ck.Raw)
	}

	t.Run("the client is signed out", func(t *testing.T) {
		c.Do(http.MethodGet, listCustomers, nil).Expect(t, http.StatusFound, notSignedIn)
		c.Do(http.MethodGet, signoutURL, nil).Expect(t, http.StatusFound, notSignedIn)
	})
	t.Run("the revoked token is refused when sent again", func(t *testing.T) {
		withToken(t, s, token).Expect(t, http.StatusFound, notSignedIn)
	})
	t.Run("signing in again opens a new session", func(t *testing.T) {
		r := c.Do(http.MethodPost, signinURL, adminForm)
		r.Expect(t, http.StatusOK, signedIn)
		if sessionCookie(t, r).Value == token {
			t.Error("the new session has the old token")
		}
		c.Do(http.MethodGet, listCustomers, nil).Expect(t, http.StatusOK, emptyList)
		withToken(t, s, token).Expect(t, http.StatusFound, notSignedIn)
	})
	t.Run("wrong method", func(t *testing.T) {
		c.Do(http.MethodPost, signoutURL, nil).Expect(t, http.StatusBadRequest, errJSON(1, "不支持的请求方法"))
	})
}

// Every route but signin wants a session, and says so before it looks at the
// action or the body.
func TestRoutesNeedSession(t *testing.T) {
	s := apptest.New(t)
	anonymous := s.Client(t)
	for _, tc := range []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, signoutURL, nil},
		{http.MethodGet, listCustomers, nil},
		{http.MethodGet, listCustomers + "&pagenum=1&pagesize=10", nil},
		{http.MethodPost, customers, `{"action":"add_customer","data":{"name":"a","phonenumber":"1","address":"b"}}`},
		{http.MethodPut, customers, `{"action":"modify_customer","id":1,"newdata":{"name":"a","phonenumber":"1","address":"b"}}`},
		{http.MethodDelete, customers, `{"action":"del_customer","id":1}`},
		{http.MethodGet, listMedicines, nil},
		{http.MethodPost, medicines, `{"action":"add_medicine","data":{"name":"a","sn":"1","desc":"b"}}`},
		{http.MethodPut, medicines, `{"action":"modify_medicine","id":1,"newdata":{"name":"a","sn":"1","desc":"b"}}`},
		{http.MethodDelete, medicines, `{"action":"del_medicine","id":1}`},
		{http.MethodGet, listOrders, nil},
		{http.MethodPost, orders, `{"action":"add_order","data":{"name":"a","customerid":1,"medicineids":[1]}}`},
		{http.MethodPut, orders, `{"action":"modify_order","id":1,"data":{"name":"b"}}`},
		{http.MethodDelete, orders, `{"action":"del_order","id":1}`},
		{http.MethodGet, getProfile, nil},
		{http.MethodPut, profile, `{"action":"modify_my_profile","profile":{"bio":"x"}}`},
		// Before the action and body checks.
		{http.MethodGet, customers, nil},
		{http.MethodGet, customers + "?action=nope", nil},
		{http.MethodPost, customers + "?action=list_customer", `{}`},
		{http.MethodPost, orders, `{not json`},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			anonymous.Do(tc.method, tc.path, tc.body).Expect(t, http.StatusFound, notSignedIn)
		})
	}
	t.Run("a token that is not one", func(t *testing.T) {
		withToken(t, s, "garbage").Expect(t, http.StatusFound, notSignedIn)
	})
	t.Run("nothing was written", func(t *testing.T) {
		c := s.Client(t)
		c.Do(http.MethodPost, signinURL, adminForm).Expect(t, http.StatusOK, signedIn)
		for _, list := range []string{listCustomers, listMedicines, listOrders} {
			c.Do(http.MethodGet, list, nil).Expect(t, http.StatusOK, emptyList)
		}
		c.Do(http.MethodGet, getProfile, nil).Expect(t, http.StatusOK, `{"ret":0,"profile":{"nickname":null,"birthdate":null,"bio":null}}`)
	})
}

// The action checks of v2's 异常情况 sections, on every path that has actions.
func TestActionDispatch(t *testing.T) {
	_, c := signIn(t)
	const (
		noAction    = "未传action类型"
		badAction   = "错误的action类型"
		wrongMethod = "错误的action类型或错误的请求类型"
		notJSON     = "请求体格式错误，应为JSON"
	)
	for _, p := range []struct {
		path, read, write, writeMethod, foreign string
	}{
		{customers, "list_customer", "add_customer", http.MethodPost, "list_medicine"},
		{medicines, "list_medicine", "del_medicine", http.MethodDelete, "list_order"},
		{orders, "list_order", "modify_order", http.MethodPut, "get_my_profile"},
		{profile, "get_my_profile", "modify_my_profile", http.MethodPut, "list_customer"},
	} {
		for _, tc := range []struct {
			name, method, url string
			body              any
			msg               string
		}{
			{"no action", http.MethodGet, p.path, nil, noAction},
			{"no action in a body", p.writeMethod, p.path, `{"id":1}`, noAction},
			{"empty action", http.MethodGet, p.path + "?action=", nil, noAction},
			{"unknown action", http.MethodGet, p.path + "?action=nope", nil, badAction},
			{"unknown action in a body", p.writeMethod, p.path, `{"action":"nope"}`, badAction},
			{"another path's action", http.MethodGet, p.path + "?action=" + p.foreign, nil, badAction},
			{"read action, write method", p.writeMethod, p.path, fmt.Sprintf(`{"action":%q}`, p.read), wrongMethod},
			{"write action, GET", http.MethodGet, p.path + "?action=" + p.write, nil, wrongMethod},
			{"write action, PATCH", http.MethodPatch, p.path, fmt.Sprintf(`{"action":%q}`, p.write), wrongMethod},
			{"body not JSON", p.writeMethod, p.path, `{"action":`, notJSON},
			{"body a JSON array", p.writeMethod, p.path, `[1]`, notJSON},
		} {
			t.Run(p.path+" "+tc.name, func(t *testing.T) {
				c.Do(tc.method, tc.url, tc.body).Expect(t, http.StatusBadRequest, errJSON(1, tc.msg))
			})
		}
	}
}

func TestCustomers(t *testing.T) {
	_, c := signIn(t)
	list := func() apptest.Response { return c.Do(http.MethodGet, listCustomers, nil) }
	list().Expect(t, http.StatusOK, emptyList)

	// bysms-v1.md 添加一个客户
	qiaoxi := created(t, c.Do(http.MethodPost, customers, doc(`{
    "action":"add_customer",
    "data":{
        "name":"武汉市桥西医院",
        "phonenumber":"13345679934",
        "address":"武汉市桥西医院北路"
    }
}`)))
	// medical-admin-v2.md 添加客户
	xx := created(t, c.Do(http.MethodPost, customers, doc(`{
    "action":"add_customer", #固定字段
    "data":{ #参数由前端校验
        "name":"上海市xx医院",
        "phonenumber":"12345678900",
        "address":"上海市xx路xx街"
    }
}`)))
	rowQiaoxi := fmt.Sprintf(`{"id":%d,"name":"武汉市桥西医院","phonenumber":"13345679934","address":"武汉市桥西医院北路"}`, qiaoxi)
	rowXX := fmt.Sprintf(`{"id":%d,"name":"上海市xx医院","phonenumber":"12345678900","address":"上海市xx路xx街"}`, xx)
	both := `{"ret":0,"retlist":[` + rowQiaoxi + "," + rowXX + `]}`

	t.Run("list every row, no total (v1)", func(t *testing.T) {
		list().Expect(t, http.StatusOK, both)
	})
	t.Run("list a page with total (v2)", func(t *testing.T) {
		for query, rows := range map[string]string{
			"&pagenum=1&pagesize=10": rowQiaoxi + "," + rowXX,
			"&pagenum=1&pagesize=1":  rowQiaoxi,
			"&pagenum=2&pagesize=1":  rowXX,
			"&pagenum=3&pagesize=1":  "",
		} {
			c.Do(http.MethodGet, listCustomers+query, nil).Expect(t, http.StatusOK, `{"ret":0,"retlist":[`+rows+`],"total":2}`)
		}
	})
	t.Run("paging refused", func(t *testing.T) {
		for query, msg := range map[string]string{
			"&pagenum=1":            "请填写pagesize",
			"&pagesize=10":          "请填写pagenum",
			"&pagenum=0&pagesize=1": "pagenum必须是正整数",
			"&pagenum=1&pagesize=x": "pagesize必须是正整数",
		} {
			c.Do(http.MethodGet, listCustomers+query, nil).Expect(t, http.StatusBadRequest, errJSON(1, msg))
		}
	})

	t.Run("add refused, nothing written", func(t *testing.T) {
		for _, tc := range []struct {
			name, body string
			status     int
			msg        string
		}{
			{"duplicate name (v1)", `{"action":"add_customer","data":{"name":"武汉市桥西医院","phonenumber":"1","address":"a"}}`, http.StatusOK, "客户名已经存在"},
			{"no data", `{"action":"add_customer"}`, http.StatusBadRequest, "请求体参数中需要填入data"},
			{"data not an object", `{"action":"add_customer","data":"x"}`, http.StatusBadRequest, "请求体参数中需要填入data"},
			{"no address", `{"action":"add_customer","data":{"name":"n","phonenumber":"1"}}`, http.StatusBadRequest, "请填入相应的客户数据"},
			{"blank name", `{"action":"add_customer","data":{"name":" ","phonenumber":"1","address":"a"}}`, http.StatusBadRequest, "请填入相应的客户数据"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c.Do(http.MethodPost, customers, tc.body).Expect(t, tc.status, errJSON(1, tc.msg))
				list().Expect(t, http.StatusOK, both)
			})
		}
	})

	t.Run("modify refused, nothing written", func(t *testing.T) {
		newdata := `"newdata":{"name":"n","phonenumber":"1","address":"a"}`
		for _, tc := range []struct {
			name, body string
			status     int
			msg        string
		}{
			{"name of another customer (v1)", fmt.Sprintf(`{"action":"modify_customer","id":%d,"newdata":{"name":"上海市xx医院","phonenumber":"1","address":"a"}}`, qiaoxi), http.StatusOK, "客户名已经存在"},
			{"unknown id (v2)", fmt.Sprintf(`{"action":"modify_customer","id":%d,%s}`, missingID, newdata), http.StatusOK, fmt.Sprintf("id:%d不存在", missingID)},
			{"no id", `{"action":"modify_customer",` + newdata + `}`, http.StatusBadRequest, "请传入修改的id值"},
			{"id not a number", `{"action":"modify_customer","id":"six",` + newdata + `}`, http.StatusBadRequest, "请传入修改的id值"},
			{"no newdata", fmt.Sprintf(`{"action":"modify_customer","id":%d}`, qiaoxi), http.StatusBadRequest, "请传入newdata"},
			{"unknown id, nothing to change", fmt.Sprintf(`{"action":"modify_customer","id":%d,"newdata":{}}`, missingID), http.StatusOK, fmt.Sprintf("id:%d不存在", missingID)},
			{"newdata null", fmt.Sprintf(`{"action":"modify_customer","id":%d,"newdata":null}`, qiaoxi), http.StatusBadRequest, "请传入newdata"},
			{"newdata not an object", fmt.Sprintf(`{"action":"modify_customer","id":%d,"newdata":["n"]}`, qiaoxi), http.StatusBadRequest, "请传入newdata"},
			{"a member not a string", fmt.Sprintf(`{"action":"modify_customer","id":%d,"newdata":{"phonenumber":13345678888}}`, qiaoxi), http.StatusBadRequest, "请填入相应的修改客户数据"},
			{"a member null", fmt.Sprintf(`{"action":"modify_customer","id":%d,"newdata":{"address":null}}`, qiaoxi), http.StatusBadRequest, "请填入相应的修改客户数据"},
			{"blank name", fmt.Sprintf(`{"action":"modify_customer","id":%d,"newdata":{"name":" "}}`, qiaoxi), http.StatusBadRequest, "请填入相应的修改客户数据"},
			{"a good member beside a blank one", fmt.Sprintf(`{"action":"modify_customer","id":%d,"newdata":{"name":"n","address":""}}`, qiaoxi), http.StatusBadRequest, "请填入相应的修改客户数据"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c.Do(http.MethodPut, customers, tc.body).Expect(t, tc.status, errJSON(1, tc.msg))
				list().Expect(t, http.StatusOK, both)
			})
		}
	})

	t.Run("modify", func(t *testing.T) {
		// bysms-v1.md 修改客户信息
		c.Do(http.MethodPut, customers, doc(`{
    "action":"modify_customer",
    "id": %d,
    "newdata":{
        "name":"武汉市桥北医院",
        "phonenumber":"13345678888",
        "address":"武汉市桥北医院北路"
    }
}`, qiaoxi)).Expect(t, http.StatusOK, ok)
		// medical-admin-v2.md 修改客户 (keeps the name, changes the rest)
		c.Do(http.MethodPut, customers, doc(`{
    "action":"modify_customer", #固定字段
    "id": %d, #客户id
    "newdata":{ #要修改的信息
        "name":"上海市xx医院",
        "phonenumber":"13345678888",
        "address":"上海市xx街xx路"
    }
}`, xx)).Expect(t, http.StatusOK, ok)
		list().Expect(t, http.StatusOK, fmt.Sprintf(`{"ret":0,"retlist":[
			{"id":%d,"name":"武汉市桥北医院","phonenumber":"13345678888","address":"武汉市桥北医院北路"},
			{"id":%d,"name":"上海市xx医院","phonenumber":"13345678888","address":"上海市xx街xx路"}]}`, qiaoxi, xx))
	})

	// The documents' examples send every member; the original server
	// changed only those sent. Each step starts where the last one left
	// 武汉市桥北医院; the other customer never changes.
	t.Run("modify only the members sent", func(t *testing.T) {
		rowXX := fmt.Sprintf(`{"id":%d,"name":"上海市xx医院","phonenumber":"13345678888","address":"上海市xx街xx路"}`, xx)
		for _, tc := range []struct{ name, newdata, row string }{
			{"phone number", `{"phonenumber":"13345670000"}`,
				`"name":"武汉市桥北医院","phonenumber":"13345670000","address":"武汉市桥北医院北路"`},
			{"name and address", `{"name":"武汉市桥南医院","address":"武汉市桥南路"}`,
				`"name":"武汉市桥南医院","phonenumber":"13345670000","address":"武汉市桥南路"`},
			{"nothing", `{}`,
				`"name":"武汉市桥南医院","phonenumber":"13345670000","address":"武汉市桥南路"`},
			// Its own name is no conflict; a member customers lack is
			// ignored, as the original server ignored it.
			{"the same name and a member of no customer", `{"name":"武汉市桥南医院","sn":"1"}`,
				`"name":"武汉市桥南医院","phonenumber":"13345670000","address":"武汉市桥南路"`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c.Do(http.MethodPut, customers, fmt.Sprintf(`{"action":"modify_customer","id":%d,"newdata":%s}`, qiaoxi, tc.newdata)).
					Expect(t, http.StatusOK, ok)
				list().Expect(t, http.StatusOK, fmt.Sprintf(`{"ret":0,"retlist":[{"id":%d,%s},%s]}`, qiaoxi, tc.row, rowXX))
			})
		}
	})

	t.Run("delete", func(t *testing.T) {
		c.Do(http.MethodDelete, customers, doc(`{ "action": "del_customer", "id": %d }`, missingID)).
			Expect(t, http.StatusOK, errJSON(1, fmt.Sprintf("id:%d不存在", missingID)))
		c.Do(http.MethodDelete, customers, `{"action":"del_customer"}`).
			Expect(t, http.StatusBadRequest, errJSON(1, "请传入删除的id值"))

		// bysms-v1.md 删除客户信息
		c.Do(http.MethodDelete, customers, doc(`{
    "action":"del_customer",
    "id": %d
}`, qiaoxi)).Expect(t, http.StatusOK, ok)
		list().Expect(t, http.StatusOK, fmt.Sprintf(`{"ret":0,"retlist":[
			{"id":%d,"name":"上海市xx医院","phonenumber":"13345678888","address":"上海市xx街xx路"}]}`, xx))
		// Deleted already: v2's wording, not v1's "id为 566 的客户不存在".
		c.Do(http.MethodDelete, customers, doc(`{ "action": "del_customer", "id": %d }`, qiaoxi)).
			Expect(t, http.StatusOK, errJSON(1, fmt.Sprintf("id:%d不存在", qiaoxi)))
	})
}

func TestMedicines(t *testing.T) {
	_, c := signIn(t)
	list := func() apptest.Response { return c.Do(http.MethodGet, listMedicines, nil) }
	list().Expect(t, http.StatusOK, emptyList)

	// bysms-v1.md 添加一个药品
	penicillin := created(t, c.Do(http.MethodPost, medicines, doc(`{
    "action":"add_medicine",
    "data":{
        "desc": "青霉素 国字号",
        "name": "青霉素",
        "sn": "099877883837"
    }
}`)))
	// medical-admin-v2.md 添加药品
	xx := created(t, c.Do(http.MethodPost, medicines, doc(`{
    "action":"add_medicine", #固定字段
    "data":{
        "name": "xx药",
        "desc": "疗效是...",
        "sn": "1234567788"
    }
}`)))
	rowPenicillin := fmt.Sprintf(`{"id":%d,"name":"青霉素","sn":"099877883837","desc":"青霉素 国字号"}`, penicillin)
	rowXX := fmt.Sprintf(`{"id":%d,"name":"xx药","sn":"1234567788","desc":"疗效是..."}`, xx)
	both := `{"ret":0,"retlist":[` + rowPenicillin + "," + rowXX + `]}`

	t.Run("list every row, no total (v1)", func(t *testing.T) {
		list().Expect(t, http.StatusOK, both)
	})
	t.Run("list a page with total (v2)", func(t *testing.T) {
		for query, rows := range map[string]string{
			"&pagenum=1&pagesize=10": rowPenicillin + "," + rowXX,
			"&pagenum=1&pagesize=1":  rowPenicillin,
			"&pagenum=2&pagesize=1":  rowXX,
			"&pagenum=2&pagesize=5":  "",
		} {
			c.Do(http.MethodGet, listMedicines+query, nil).Expect(t, http.StatusOK, `{"ret":0,"retlist":[`+rows+`],"total":2}`)
		}
	})
	t.Run("paging refused", func(t *testing.T) {
		c.Do(http.MethodGet, listMedicines+"&pagesize=10", nil).Expect(t, http.StatusBadRequest, errJSON(1, "请填写pagenum"))
		c.Do(http.MethodGet, listMedicines+"&pagenum=1", nil).Expect(t, http.StatusBadRequest, errJSON(1, "请填写pagesize"))
	})

	t.Run("add refused, nothing written", func(t *testing.T) {
		for _, tc := range []struct {
			name, body string
			status     int
			msg        string
		}{
			// v1 words it "药品名已经存在"; v2 wins.
			{"duplicate name", `{"action":"add_medicine","data":{"name":"青霉素","sn":"1","desc":"d"}}`, http.StatusOK, "药品名已存在"},
			{"no data", `{"action":"add_medicine"}`, http.StatusBadRequest, "请求体参数中需要填入data"},
			{"no desc", `{"action":"add_medicine","data":{"name":"n","sn":"1"}}`, http.StatusBadRequest, "请填入相应的药品数据"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c.Do(http.MethodPost, medicines, tc.body).Expect(t, tc.status, errJSON(1, tc.msg))
				list().Expect(t, http.StatusOK, both)
			})
		}
	})

	t.Run("modify refused, nothing written", func(t *testing.T) {
		newdata := `"newdata":{"name":"n","sn":"1","desc":"d"}`
		for _, tc := range []struct {
			name, body string
			status     int
			msg        string
		}{
			{"name of another medicine", fmt.Sprintf(`{"action":"modify_medicine","id":%d,"newdata":{"name":"xx药","sn":"1","desc":"d"}}`, penicillin), http.StatusOK, "药品名已存在"},
			{"unknown id", fmt.Sprintf(`{"action":"modify_medicine","id":%d,%s}`, missingID, newdata), http.StatusOK, "无此id的药品"},
			{"no id", `{"action":"modify_medicine",` + newdata + `}`, http.StatusBadRequest, "请传入修改的id值"},
			{"no newdata", fmt.Sprintf(`{"action":"modify_medicine","id":%d}`, penicillin), http.StatusBadRequest, "请传入newdata"},
			{"blank sn", fmt.Sprintf(`{"action":"modify_medicine","id":%d,"newdata":{"name":"n","sn":"","desc":"d"}}`, penicillin), http.StatusBadRequest, "请填入相应的修改药品数据"},
			{"unknown id, nothing to change", fmt.Sprintf(`{"action":"modify_medicine","id":%d,"newdata":{}}`, missingID), http.StatusOK, "无此id的药品"},
			{"newdata not an object", fmt.Sprintf(`{"action":"modify_medicine","id":%d,"newdata":"n"}`, penicillin), http.StatusBadRequest, "请传入newdata"},
			{"desc not a string", fmt.Sprintf(`{"action":"modify_medicine","id":%d,"newdata":{"desc":["d"]}}`, penicillin), http.StatusBadRequest, "请填入相应的修改药品数据"},
			{"name null", fmt.Sprintf(`{"action":"modify_medicine","id":%d,"newdata":{"name":null}}`, penicillin), http.StatusBadRequest, "请填入相应的修改药品数据"},
			{"blank name alone", fmt.Sprintf(`{"action":"modify_medicine","id":%d,"newdata":{"name":""}}`, penicillin), http.StatusBadRequest, "请填入相应的修改药品数据"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c.Do(http.MethodPut, medicines, tc.body).Expect(t, tc.status, errJSON(1, tc.msg))
				list().Expect(t, http.StatusOK, both)
			})
		}
	})

	t.Run("modify", func(t *testing.T) {
		// medical-admin-v2.md 修改药品
		c.Do(http.MethodPut, medicines, doc(`{
    "action":"modify_medicine", #固定字段
    "id": %d, #药品id
    "newdata":{
        "name": "xx药",
        "desc": "疗效是....",
        "sn": "123456777"
    }
}`, xx)).Expect(t, http.StatusOK, `{"ret":0,"msg":"修改成功"}`)
		c.Do(http.MethodPut, medicines, fmt.Sprintf(`{"action":"modify_medicine","id":%d,"newdata":{"name":"红霉素","sn":"234545534234","desc":"红霉素"}}`, penicillin)).
			Expect(t, http.StatusOK, `{"ret":0,"msg":"修改成功"}`)
		list().Expect(t, http.StatusOK, fmt.Sprintf(`{"ret":0,"retlist":[
			{"id":%d,"name":"红霉素","sn":"234545534234","desc":"红霉素"},
			{"id":%d,"name":"xx药","sn":"123456777","desc":"疗效是...."}]}`, penicillin, xx))
	})

	// Only the members sent change; each step starts where the last one
	// left 红霉素, the other medicine never changes.
	t.Run("modify only the members sent", func(t *testing.T) {
		rowXX := fmt.Sprintf(`{"id":%d,"name":"xx药","sn":"123456777","desc":"疗效是...."}`, xx)
		for _, tc := range []struct{ name, newdata, row string }{
			{"sn", `{"sn":"111"}`, `"name":"红霉素","sn":"111","desc":"红霉素"`},
			{"desc", `{"desc":"红霉素 国字号"}`, `"name":"红霉素","sn":"111","desc":"红霉素 国字号"`},
			{"nothing", `{}`, `"name":"红霉素","sn":"111","desc":"红霉素 国字号"`},
			// bysms-v1.md's example sends customer members (a
			// documentation slip, see README.md): the original server
			// took its name and ignored the rest, and so does this one.
			{"v1 example", `{
        "name":"武汉市桥北医院",
        "phonenumber":"13345678888",
        "address":"武汉市桥北医院北路"
    }`, `"name":"武汉市桥北医院","sn":"111","desc":"红霉素 国字号"`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c.Do(http.MethodPut, medicines, fmt.Sprintf(`{"action":"modify_medicine","id":%d,"newdata":%s}`, penicillin, tc.newdata)).
					Expect(t, http.StatusOK, `{"ret":0,"msg":"修改成功"}`)
				list().Expect(t, http.StatusOK, fmt.Sprintf(`{"ret":0,"retlist":[{"id":%d,%s},%s]}`, penicillin, tc.row, rowXX))
			})
		}
	})

	t.Run("delete", func(t *testing.T) {
		c.Do(http.MethodDelete, medicines, `{"action":"del_medicine"}`).Expect(t, http.StatusBadRequest, errJSON(1, "请传入删除的id值"))
		// v1 words it "id为 566 的药品不存在"; v2 wins.
		c.Do(http.MethodDelete, medicines, fmt.Sprintf(`{"action":"del_medicine","id":%d}`, missingID)).
			Expect(t, http.StatusOK, errJSON(1, "无此id,无法删除"))

		// medical-admin-v2.md 删除药品
		c.Do(http.MethodDelete, medicines, doc(`{
    "action":"del_medicine", #固定字段
    "id": %d #药品id
}`, penicillin)).Expect(t, http.StatusOK, `{"ret":0,"msg":"删除成功"}`)
		list().Expect(t, http.StatusOK, fmt.Sprintf(`{"ret":0,"retlist":[{"id":%d,"name":"xx药","sn":"123456777","desc":"疗效是...."}]}`, xx))
		c.Do(http.MethodDelete, medicines, doc(`{"action":"del_medicine", "id": %d}`, penicillin)).
			Expect(t, http.StatusOK, errJSON(1, "无此id,无法删除"))
	})
}

// line and order build list_order rows as both generations read them;
// create_date is "DATE" (see withDates).
func line(id int64, amount int, name string) string {
	return fmt.Sprintf(`{"id":%d,"amount":%d,"name":%q}`, id, amount, name)
}

func order(id int64, name, customer string, customerID int64, medicinesName string, lines ...string) string {
	return fmt.Sprintf(`{"id":%d,"name":%q,"create_date":"DATE","customer_name":%q,"customerid":%d,"medicines_name":%q,"medicinelist":[%s]}`,
		id, name, customer, customerID, medicinesName, strings.Join(lines, ","))
}

// Layouts of create_date: full timestamps for unpaged lists (v1), the date
// for paged ones (v2).
const (
	v1Date = "2006-01-02T15:04:05.000Z"
	v2Date = time.DateOnly
)

// withDates checks that every row's create_date is written in layout and is
// about now (when the tests made the orders), and replaces it with "DATE" so
// the rest of the answer can be compared exactly.
func withDates(t *testing.T, r apptest.Response, layout string) apptest.Response {
	t.Helper()
	var body map[string]any
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
		t.Fatalf("answer is not JSON: %v: %s", err, r.Body)
	}
	rows, _ := body["retlist"].([]any)
	now := time.Now().UTC()
	for _, row := range rows {
		m, _ := row.(map[string]any)
		s, _ := m["create_date"].(string)
		at, err := time.Parse(layout, s)
		switch {
		case err != nil || at.Format(layout) != s:
			t.Errorf("create_date %q is not written as %q", s, layout)
		case layout == v1Date && (at.Before(now.Add(-time.Minute)) || at.After(now.Add(time.Second))):
			t.Errorf("create_date %q is not about now (%s)", s, now.Format(layout))
		case layout == v2Date && s != now.Format(layout) && s != now.Add(-time.Minute).Format(layout):
			t.Errorf("create_date %q is not today (%s)", s, now.Format(layout))
		}
		m["create_date"] = "DATE"
	}
	raw, _ := json.Marshal(body)
	r.Body = string(raw)
	return r
}

func TestOrders(t *testing.T) {
	_, c := signIn(t)
	list := func() apptest.Response { return withDates(t, c.Do(http.MethodGet, listOrders, nil), v1Date) }
	list().Expect(t, http.StatusOK, emptyList)

	huashan := addCustomer(t, c, "华山医院")
	beijing := addCustomer(t, c, "北京海淀区代理 蔡国庆")
	m1 := addMedicine(t, c, "青霉素")
	m2 := addMedicine(t, c, "红霉素")
	m3 := addMedicine(t, c, "阿莫西林")
	m4 := addMedicine(t, c, "头孢")

	// bysms-v1.md 添加一个订单: medicineids, one of each.
	o1 := created(t, c.Do(http.MethodPost, orders, doc(`{
    "action":"add_order",
    "data":{
        "name":"华山医院订单002",
        "customerid":%d,
        "medicineids":[%d,%d]
    }
}`, huashan, m1, m2)))
	// medical-admin-v2.md 添加订单: medicinelist with amounts (the names
	// in it are the client's; the list shows the medicines' own).
	o2 := created(t, c.Do(http.MethodPost, orders, doc(`{
    "action":"add_order", #固定字段
    "data":{
        "name":"xxx医院订单", #订单名
        "customerid":%d, #客户id
        "medicinelist":[#订单药品列表
            {
              "id":%d,#药品id
              "amount":5,#药品数量
              "name":"xxx药"#药品名称
            },
            {
              "id":%d,
              "amount":10,
              "name":"xxx药2"
            }
        ]
    }
}`, beijing, m2, m3)))
	row1 := order(o1, "华山医院订单002", "华山医院", huashan, "青霉素 | 红霉素", line(m1, 1, "青霉素"), line(m2, 1, "红霉素"))
	row2 := order(o2, "xxx医院订单", "北京海淀区代理 蔡国庆", beijing, "红霉素 | 阿莫西林", line(m2, 5, "红霉素"), line(m3, 10, "阿莫西林"))
	both := `{"ret":0,"retlist":[` + row1 + "," + row2 + `]}`

	t.Run("list every row, no total (v1)", func(t *testing.T) {
		list().Expect(t, http.StatusOK, both)
	})
	t.Run("list a page with total (v2)", func(t *testing.T) {
		for query, rows := range map[string]string{
			"&pagenum=1&pagesize=10": row1 + "," + row2,
			"&pagenum=1&pagesize=1":  row1,
			"&pagenum=2&pagesize=1":  row2,
			"&pagenum=3&pagesize=1":  "",
		} {
			r := withDates(t, c.Do(http.MethodGet, listOrders+query, nil), v2Date)
			r.Expect(t, http.StatusOK, `{"ret":0,"retlist":[`+rows+`],"total":2}`)
		}
	})
	t.Run("paging refused", func(t *testing.T) {
		for _, query := range []string{"&pagenum=1", "&pagesize=10"} {
			c.Do(http.MethodGet, listOrders+query, nil).Expect(t, http.StatusBadRequest, errJSON(1, "缺少pagenum或pagesize字段"))
		}
		// A page of orders with their lines priced over the cost limit
		// (README "Limits and security") is refused in the envelope.
		c.Do(http.MethodGet, listOrders+"&pagenum=1&pagesize=1000", nil).
			Expect(t, http.StatusBadRequest, errJSON(1, "请求的数据量过大，请减小pagesize"))
	})

	t.Run("add refused, nothing written", func(t *testing.T) {
		const badData = "请传入data或传入正确格式的data"
		const badLines = "药品数量必须是大于等于0的整数，且同一药品只能出现一次"
		data := func(format string, args ...any) string {
			return `{"action":"add_order","data":` + fmt.Sprintf(format, args...) + `}`
		}
		for _, tc := range []struct {
			name, body string
			status     int
			msg        string
		}{
			{"duplicate name (v1)", data(`{"name":"华山医院订单002","customerid":%d,"medicineids":[%d]}`, huashan, m1), http.StatusOK, "订单名已经存在"},
			{"no data", `{"action":"add_order"}`, http.StatusBadRequest, badData},
			{"data not an object", `{"action":"add_order","data":[1]}`, http.StatusBadRequest, badData},
			{"no customerid", data(`{"name":"n","medicinelist":[]}`), http.StatusBadRequest, "请传入customerid"},
			{"customerid not a number", data(`{"name":"n","customerid":"x","medicinelist":[]}`), http.StatusBadRequest, "请传入customerid"},
			{"no name", data(`{"customerid":%d,"medicinelist":[]}`, huashan), http.StatusBadRequest, "请传入订单名称"},
			{"no medicinelist", data(`{"name":"n","customerid":%d}`, huashan), http.StatusBadRequest, "请传入medicinelist"},
			{"line without amount", data(`{"name":"n","customerid":%d,"medicinelist":[{"id":%d}]}`, huashan, m1), http.StatusBadRequest, badData},
			{"medicinelist not a list", data(`{"name":"n","customerid":%d,"medicinelist":{"id":%d}}`, huashan, m1), http.StatusBadRequest, badData},
			{"medicineids not ids", data(`{"name":"n","customerid":%d,"medicineids":["x"]}`, huashan), http.StatusBadRequest, badData},
			{"unknown customer", data(`{"name":"n","customerid":%d,"medicineids":[%d]}`, missingID, m1), http.StatusOK, "客户不存在"},
			{"unknown medicine", data(`{"name":"n","customerid":%d,"medicineids":[%d,%d]}`, huashan, m1, missingID), http.StatusOK, "药品不存在"},
			{"negative amount", data(`{"name":"n","customerid":%d,"medicinelist":[{"id":%d,"amount":-1}]}`, huashan, m1), http.StatusBadRequest, badLines},
			{"same medicine twice", data(`{"name":"n","customerid":%d,"medicineids":[%d,%d]}`, huashan, m1, m1), http.StatusBadRequest, badLines},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c.Do(http.MethodPost, orders, tc.body).Expect(t, tc.status, errJSON(1, tc.msg))
				list().Expect(t, http.StatusOK, both)
			})
		}
	})

	t.Run("modify refused, nothing written", func(t *testing.T) {
		const badID, badData = "请传入正确的id值", "请传入正确的data"
		const badLines = "药品数量必须是大于等于0的整数，且同一药品只能出现一次"
		modify := func(id any, data string) string {
			return fmt.Sprintf(`{"action":"modify_order","id":%v,"data":%s}`, id, data)
		}
		for _, tc := range []struct {
			name, body string
			status     int
			msg        string
		}{
			{"no id", `{"action":"modify_order","data":{"name":"n"}}`, http.StatusBadRequest, badID},
			{"id not a number", modify(`"x"`, `{"name":"n"}`), http.StatusBadRequest, badID},
			{"no data", fmt.Sprintf(`{"action":"modify_order","id":%d}`, o1), http.StatusBadRequest, badData},
			{"data not an object", modify(o1, `"n"`), http.StatusBadRequest, badData},
			{"blank name", modify(o1, `{"name":""}`), http.StatusBadRequest, badData},
			{"customerid not a number", modify(o1, `{"customerid":"x"}`), http.StatusBadRequest, badData},
			{"medicinelist not a list", modify(o1, `{"medicinelist":3}`), http.StatusBadRequest, badData},
			{"line without id", modify(o1, `{"medicinelist":[{"amount":3}]}`), http.StatusBadRequest, badData},
			{"deletelist not ids", modify(o1, `{"deletelist":[{}]}`), http.StatusBadRequest, badData},
			{"unknown order", modify(missingID, `{"name":"n"}`), http.StatusOK, fmt.Sprintf("id:%d不存在", missingID)},
			{"unknown customer", modify(o1, fmt.Sprintf(`{"name":"n","customerid":%d}`, missingID)), http.StatusOK, "客户不存在"},
			{"unknown medicine", modify(o1, fmt.Sprintf(`{"name":"n","medicinelist":[{"id":%d,"amount":1}],"deletelist":[%d]}`, missingID, m1)), http.StatusOK, "药品不存在"},
			{"name of another order", modify(o1, `{"name":"xxx医院订单"}`), http.StatusOK, "订单名已经存在"},
			{"negative amount", modify(o1, fmt.Sprintf(`{"name":"n","medicinelist":[{"id":%d,"amount":-5}]}`, m1)), http.StatusBadRequest, badLines},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c.Do(http.MethodPut, orders, tc.body).Expect(t, tc.status, errJSON(1, tc.msg))
				list().Expect(t, http.StatusOK, both)
			})
		}
	})

	t.Run("modify (v2 example)", func(t *testing.T) {
		// Renames, moves to another customer, sets m3 from 10 to 15, adds
		// m4, drops m2; m1 in deletelist is not in the order and is ignored.
		c.Do(http.MethodPut, orders, doc(`{
    "action": "modify_order",#固定字段
    "id":%d, #修改订单id号
    "data": {
        "name": "修改后订单", #修改订单名
        "customerid": %d, #客户id
        "medicinelist": [ #列表:修改的药品和增加的药品
            {
                "id": %d, #药品id
                "amount": 10,#药品数量
                "name": "xx药"#药品名
            },{
                "id": %d,
                "amount": 15,
                "name": "xx药2"
            }
            ],
				"deletelist":[%d,%d] #订单里 删除药品列表,列表里每一项为要删除药品的id
    }
}`, o2, huashan, m4, m3, m1, m2)).Expect(t, http.StatusOK, ok)
		row2 = order(o2, "修改后订单", "华山医院", huashan, "阿莫西林 | 头孢", line(m3, 15, "阿莫西林"), line(m4, 10, "头孢"))
		list().Expect(t, http.StatusOK, `{"ret":0,"retlist":[`+row1+","+row2+`]}`)
	})

	t.Run("modify one thing at a time", func(t *testing.T) {
		for _, data := range []string{
			`{"name":"华山医院订单001"}`,
			fmt.Sprintf(`{"customerid":%d}`, beijing),
			fmt.Sprintf(`{"medicinelist":[{"id":%d,"amount":0}]}`, m1),
			fmt.Sprintf(`{"deletelist":[%d]}`, m2),
			`{}`,
		} {
			c.Do(http.MethodPut, orders, fmt.Sprintf(`{"action":"modify_order","id":%d,"data":%s}`, o1, data)).Expect(t, http.StatusOK, ok)
		}
		row1 = order(o1, "华山医院订单001", "北京海淀区代理 蔡国庆", beijing, "青霉素", line(m1, 0, "青霉素"))
		list().Expect(t, http.StatusOK, `{"ret":0,"retlist":[`+row1+","+row2+`]}`)
	})

	t.Run("delete", func(t *testing.T) {
		c.Do(http.MethodDelete, orders, `{"action":"del_order"}`).Expect(t, http.StatusBadRequest, errJSON(1, "缺少订单id"))
		c.Do(http.MethodDelete, orders, fmt.Sprintf(`{"action":"del_order","id":%d}`, missingID)).
			Expect(t, http.StatusOK, errJSON(1, fmt.Sprintf("id:%d不存在", missingID)))
		list().Expect(t, http.StatusOK, `{"ret":0,"retlist":[`+row1+","+row2+`]}`)

		// medical-admin-v2.md 删除订单
		c.Do(http.MethodDelete, orders, doc(`{
    "action":"del_order",#固定字段
    "id": %d #订单id
}`, o1)).Expect(t, http.StatusOK, ok)
		list().Expect(t, http.StatusOK, `{"ret":0,"retlist":[`+row2+`]}`)
		c.Do(http.MethodDelete, orders, fmt.Sprintf(`{"action":"del_order","id":%d}`, o1)).
			Expect(t, http.StatusOK, errJSON(1, fmt.Sprintf("id:%d不存在", o1)))
	})
}

// A customer or medicine an order uses cannot be deleted; once no order
// uses it, it can.
func TestDeleteInUse(t *testing.T) {
	_, c := signIn(t)
	customer := addCustomer(t, c, "华山医院")
	medicine := addMedicine(t, c, "青霉素")
	other := addMedicine(t, c, "红霉素")
	o := created(t, c.Do(http.MethodPost, orders, fmt.Sprintf(
		`{"action":"add_order","data":{"name":"华山医院订单001","customerid":%d,"medicinelist":[{"id":%d,"amount":2},{"id":%d,"amount":1}]}}`,
		customer, medicine, other)))
	del := func(path, action string, id int64) apptest.Response {
		return c.Do(http.MethodDelete, path, fmt.Sprintf(`{"action":%q,"id":%d}`, action, id))
	}

	del(customers, "del_customer", customer).Expect(t, http.StatusOK, `{"ret":2,"msg":"订单中引用了这条数据,禁止删除"}`)
	del(medicines, "del_medicine", medicine).Expect(t, http.StatusOK, `{"ret":2,"msg":"订单中正在使用该商品,无法删除"}`)
	c.Do(http.MethodGet, listCustomers, nil).Expect(t, http.StatusOK, fmt.Sprintf(
		`{"ret":0,"retlist":[{"id":%d,"name":"华山医院","phonenumber":"13800000000","address":"上海市"}]}`, customer))
	c.Do(http.MethodGet, listMedicines, nil).Expect(t, http.StatusOK, fmt.Sprintf(
		`{"ret":0,"retlist":[{"id":%d,"name":"青霉素","sn":"100","desc":"青霉素说明"},{"id":%d,"name":"红霉素","sn":"100","desc":"红霉素说明"}]}`, medicine, other))

	c.Do(http.MethodPut, orders, fmt.Sprintf(`{"action":"modify_order","id":%d,"data":{"deletelist":[%d]}}`, o, medicine)).Expect(t, http.StatusOK, ok)
	del(medicines, "del_medicine", medicine).Expect(t, http.StatusOK, `{"ret":0,"msg":"删除成功"}`)
	del(customers, "del_customer", customer).Expect(t, http.StatusOK, `{"ret":2,"msg":"订单中引用了这条数据,禁止删除"}`)
	del(orders, "del_order", o).Expect(t, http.StatusOK, ok)
	del(customers, "del_customer", customer).Expect(t, http.StatusOK, ok)
	del(medicines, "del_medicine", other).Expect(t, http.StatusOK, `{"ret":0,"msg":"删除成功"}`)
	for _, list := range []string{listCustomers, listMedicines, listOrders} {
		c.Do(http.MethodGet, list, nil).Expect(t, http.StatusOK, emptyList)
	}
}

func TestProfile(t *testing.T) {
	s, c := signIn(t)
	const unset = `{"ret":0,"profile":{"nickname":null,"birthdate":null,"bio":null}}`
	get := func() apptest.Response { return c.Do(http.MethodGet, getProfile, nil) }

	t.Run("first sign-in", func(t *testing.T) {
		get().Expect(t, http.StatusOK, unset)
	})
	t.Run("refused, nothing written", func(t *testing.T) {
		for _, tc := range []struct{ name, body, msg string }{
			{"no profile", `{"action":"modify_my_profile"}`, "没有传入profile"},
			{"profile not an object", `{"action":"modify_my_profile","profile":"李小哲"}`, "没有传入profile"},
			{"nickname not a string", `{"action":"modify_my_profile","profile":{"nickname":1,"bio":"b"}}`, "profile中的nickname必须是字符串"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c.Do(http.MethodPut, profile, tc.body).Expect(t, http.StatusBadRequest, errJSON(1, tc.msg))
				get().Expect(t, http.StatusOK, unset)
			})
		}
	})
	t.Run("modify", func(t *testing.T) {
		// medical-admin-v2.md 修改个人信息
		c.Do(http.MethodPut, profile, doc(`{
    "action":"modify_my_profile", #固定字段
    "profile":{ #修改信息
        "nickname": "李小哲",
        "birthdate": "1996-01-01",
        "bio": "个人描述"
    }
}`)).Expect(t, http.StatusOK, ok)
		get().Expect(t, http.StatusOK, `{"ret":0,"profile":{"nickname":"李小哲","birthdate":"1996-01-01","bio":"个人描述"}}`)

		// 用户修改过信息: the values of the get example.
		c.Do(http.MethodPut, profile, `{"action":"modify_my_profile","profile":{"nickname":"修改过的用户名","birthdate":"修改过的生日","bio":"修改过的用户简介"}}`).
			Expect(t, http.StatusOK, ok)
		get().Expect(t, http.StatusOK, doc(`{
    "ret": 0,
    "profile": {
      "nickname": "修改过的用户名",
      "birthdate": "修改过的生日",
      "bio": "修改过的用户简介"
    }
}`))
	})
	t.Run("fields left out keep their value", func(t *testing.T) {
		c.Do(http.MethodPut, profile, `{"action":"modify_my_profile","profile":{"bio":"新简介"}}`).Expect(t, http.StatusOK, ok)
		c.Do(http.MethodPut, profile, `{"action":"modify_my_profile","profile":{}}`).Expect(t, http.StatusOK, ok)
		get().Expect(t, http.StatusOK, `{"ret":0,"profile":{"nickname":"修改过的用户名","birthdate":"修改过的生日","bio":"新简介"}}`)
	})
	t.Run("each account has its own", func(t *testing.T) {
		s.CreateAccount(t, "admin2", "pw2", "ADMIN", true)
		other := s.Client(t)
		other.Do(http.MethodPost, signinURL, apptest.Form("username=admin2&password=pw2")).Expect(t, http.StatusOK, signedIn)
		other.Do(http.MethodGet, getProfile, nil).Expect(t, http.StatusOK, unset)
	})
}
