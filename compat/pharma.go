package compat

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/onegraph/server/auth"
)

// The pharma sales admin at /api/mgr/ (bysms-v1.md and medical-admin-v2.md).
// Both client generations are served at once: a list without pagenum and
// pagesize returns every row (v1), one with both is paged and carries total
// (v2). Where the two documents word the same failure differently, the
// newer one's words are used.

const mgrBase = "/api/mgr"

// mgrDefaults is how GraphQL errors read in the {"ret": ...} envelope when
// a route says nothing more specific.
var mgrDefaults = failures{
	"UNAUTHENTICATED":           {http.StatusFound, 302, "请先登录"},
	"FORBIDDEN":                 {http.StatusOK, 1, "请使用管理员账户登录"},
	"NOT_FOUND":                 {http.StatusOK, 1, "id:%v不存在"},
	"CONFLICT":                  {http.StatusOK, 1, "数据已经存在"},
	"INVALID_INPUT":             {http.StatusBadRequest, 1, "请求参数错误"},
	"GRAPHQL_VALIDATION_FAILED": {http.StatusBadRequest, 1, "请求参数错误"},
}

func mountPharma(r chi.Router, run Runner) {
	byPath := map[string][]route{}
	var paths []string
	for _, rt := range pharmaRoutes {
		if byPath[rt.path] == nil {
			paths = append(paths, rt.path)
		}
		byPath[rt.path] = append(byPath[rt.path], rt)
	}
	for _, p := range paths {
		r.HandleFunc(mgrBase+p, mgrHandler(run, byPath[p]))
	}
}

// mgrHandler serves one path: session first (as the legacy login decorator
// did), then the action, then the operation.
func mgrHandler(run Runner, routes []route) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := &call{w: w, r: r}
		if !routes[0].public && auth.FromContext(r.Context()) == nil {
			mgr{}.fail(c, mgrDefaults["UNAUTHENTICATED"])
			return
		}
		params, err := decodeParams(r)
		if _, notObject := params[bodyKey]; err != nil || notObject {
			mgr{}.reject(c, "请求体格式错误，应为JSON")
			return
		}
		c.params = params
		rt, msg := pickRoute(routes, r.Method, params)
		if rt == nil {
			mgr{}.reject(c, msg)
			return
		}
		serve(run, mgr{}, rt, c)
	}
}

// mgr is the {"ret": 0, ...} envelope: replies are fields beside ret.
type mgr struct{}

func (mgr) ok(c *call, _ *route, reply any) {
	body, _ := reply.(fields)
	if body == nil {
		body = fields{}
	}
	body["ret"] = 0
	writeJSON(c.w, http.StatusOK, body)
}

func (mgr) fail(c *call, f failure) {
	writeJSON(c.w, f.status, fields{"ret": f.code, "msg": formatMsg(f.msg, c.id)})
}

func (mgr) reject(c *call, msg string) {
	writeJSON(c.w, http.StatusBadRequest, fields{"ret": 1, "msg": msg})
}

func (mgr) failures() failures { return mgrDefaults }

func (mgr) internal() failure {
	return failure{http.StatusInternalServerError, 1, "服务器内部错误"}
}

// pickRoute finds the route for the method and action, or the legacy
// message for a missing or wrong action.
func pickRoute(routes []route, method string, params map[string]any) (*route, string) {
	if routes[0].action == "" {
		for i := range routes {
			if routes[i].method == method {
				return &routes[i], ""
			}
		}
		return nil, "不支持的请求方法"
	}
	action, _ := params["action"].(string)
	if action == "" {
		return nil, "未传action类型"
	}
	known := false
	for i := range routes {
		if routes[i].action == action {
			if routes[i].method == method {
				return &routes[i], ""
			}
			known = true
		}
	}
	if known {
		return nil, "错误的action类型或错误的请求类型"
	}
	return nil, "错误的action类型"
}

var pharmaRoutes = []route{
	// Sign in and out. The token travels in the sessionid cookie.
	{
		method: http.MethodPost, path: "/signin", public: true,
		doc: `mutation SignIn($input: LoginInput!) { login(input: $input) { token expiresAt } }`,
		vars: func(c *call) (map[string]any, error) {
			creds, err := stringsIn(c.params, "请填写用户名和密码", "username", "password")
			if err != nil {
				return nil, err
			}
			return map[string]any{"input": map[string]any{"username": creds[0], "password": creds[1], "app": "PHARMA"}}, nil
		},
		reply: func(c *call, data json.RawMessage) (any, error) {
			d, err := decode[struct {
				Login struct {
					Token     string    `json:"token"`
					ExpiresAt time.Time `json:"expiresAt"`
				} `json:"login"`
			}](data)
			if err != nil {
				return nil, err
			}
			setSessionCookie(c, d.Login.Token, d.Login.ExpiresAt)
			return fields{"msg": "登录成功"}, nil
		},
		fails: failures{
			"UNAUTHENTICATED/BAD_CREDENTIALS": {http.StatusOK, 1, "错误的用户名或密码"},
			"FORBIDDEN/INACTIVE":              {http.StatusOK, 1, "账户无权限登录"},
			"FORBIDDEN/WRONG_ROLE":            {http.StatusOK, 1, "请使用管理员账户登录"},
		},
	},
	{
		method: http.MethodGet, path: "/signout",
		doc: `mutation SignOut { logout }`,
		reply: func(c *call, _ json.RawMessage) (any, error) {
			setSessionCookie(c, "", time.Unix(0, 0))
			return fields{"msg": "登出成功"}, nil
		},
	},

	// Customers.
	{
		method: http.MethodGet, path: "/customers", action: "list_customer",
		doc: `query ListCustomers($paging: PageInput) {
			list: pharmaCustomers(paging: $paging) { total rows: items { id name phonenumber: phoneNumber address } }
		}`,
		vars:  pagingVars("请填写pagenum", "请填写pagesize"),
		reply: listReply[customerRow],
	},
	{
		method: http.MethodPost, path: "/customers", action: "add_customer",
		doc: `mutation AddCustomer($input: PharmaCustomerInput!) { created: createPharmaCustomer(input: $input) { id } }`,
		vars: func(c *call) (map[string]any, error) {
			in, err := customerInput(c, "data", "请求体参数中需要填入data", "请填入相应的客户数据")
			return map[string]any{"input": in}, err
		},
		reply: createdReply,
		fails: failures{"CONFLICT/DUPLICATE": {http.StatusOK, 1, "客户名已经存在"}},
	},
	{
		method: http.MethodPut, path: "/customers", action: "modify_customer",
		doc: `mutation ModifyCustomer($id: ID!, $input: PharmaCustomerInput!) { updatePharmaCustomer(id: $id, input: $input) { id } }`,
		vars: func(c *call) (map[string]any, error) {
			id, err := c.idParam("id", "请传入修改的id值")
			if err != nil {
				return nil, err
			}
			in, err := customerInput(c, "newdata", "请传入newdata", "请填入相应的修改客户数据")
			return map[string]any{"id": id, "input": in}, err
		},
		fails: failures{"CONFLICT/DUPLICATE": {http.StatusOK, 1, "客户名已经存在"}},
	},
	{
		method: http.MethodDelete, path: "/customers", action: "del_customer",
		doc:   `mutation DeleteCustomer($id: ID!) { deletePharmaCustomer(id: $id) }`,
		vars:  idVars("请传入删除的id值"),
		fails: failures{"CONFLICT/IN_USE": {http.StatusOK, 2, "订单中引用了这条数据,禁止删除"}},
	},

	// Medicines.
	{
		method: http.MethodGet, path: "/medicines", action: "list_medicine",
		doc: `query ListMedicines($paging: PageInput) {
			list: medicines(paging: $paging) { total rows: items { id name sn desc: description } }
		}`,
		vars:  pagingVars("请填写pagenum", "请填写pagesize"),
		reply: listReply[medicineRow],
	},
	{
		method: http.MethodPost, path: "/medicines", action: "add_medicine",
		doc: `mutation AddMedicine($input: MedicineInput!) { created: createMedicine(input: $input) { id } }`,
		vars: func(c *call) (map[string]any, error) {
			in, err := medicineInput(c, "data", "请求体参数中需要填入data", "请填入相应的药品数据")
			return map[string]any{"input": in}, err
		},
		reply: createdReply,
		fails: failures{"CONFLICT/DUPLICATE": {http.StatusOK, 1, "药品名已存在"}},
	},
	{
		method: http.MethodPut, path: "/medicines", action: "modify_medicine",
		doc: `mutation ModifyMedicine($id: ID!, $input: MedicineInput!) { updateMedicine(id: $id, input: $input) { id } }`,
		vars: func(c *call) (map[string]any, error) {
			id, err := c.idParam("id", "请传入修改的id值")
			if err != nil {
				return nil, err
			}
			in, err := medicineInput(c, "newdata", "请传入newdata", "请填入相应的修改药品数据")
			return map[string]any{"id": id, "input": in}, err
		},
		reply: message("修改成功"),
		fails: failures{
			"NOT_FOUND":          {http.StatusOK, 1, "无此id的药品"},
			"CONFLICT/DUPLICATE": {http.StatusOK, 1, "药品名已存在"},
		},
	},
	{
		method: http.MethodDelete, path: "/medicines", action: "del_medicine",
		doc:   `mutation DeleteMedicine($id: ID!) { deleteMedicine(id: $id) }`,
		vars:  idVars("请传入删除的id值"),
		reply: message("删除成功"),
		fails: failures{
			"NOT_FOUND":       {http.StatusOK, 1, "无此id,无法删除"},
			"CONFLICT/IN_USE": {http.StatusOK, 2, "订单中正在使用该商品,无法删除"},
		},
	},

	// Orders.
	{
		method: http.MethodGet, path: "/orders", action: "list_order",
		doc: `query ListOrders($paging: PageInput) {
			list: pharmaOrders(paging: $paging) {
				total
				rows: items { id name createdAt customer { id name } lines { amount medicine { id name } } }
			}
		}`,
		vars:  pagingVars("缺少pagenum或pagesize字段", "缺少pagenum或pagesize字段"),
		reply: orderListReply,
	},
	{
		method: http.MethodPost, path: "/orders", action: "add_order",
		doc: `mutation AddOrder($input: CreatePharmaOrderInput!) { created: createPharmaOrder(input: $input) { id } }`,
		vars: func(c *call) (map[string]any, error) {
			const bad = "请传入data或传入正确格式的data"
			data, err := c.object("data", bad)
			if err != nil {
				return nil, err
			}
			customer, err := intIn(data, "customerid", "请传入customerid")
			if err != nil {
				return nil, err
			}
			name, err := stringIn(data, "name", "请传入订单名称")
			if err != nil {
				return nil, err
			}
			var lines []map[string]any
			switch {
			case data["medicinelist"] != nil:
				lines, err = medicineList(data["medicinelist"], bad)
			case data["medicineids"] != nil:
				lines, err = medicineIDs(data["medicineids"], bad)
			default:
				err = reject("请传入medicinelist")
			}
			return map[string]any{"input": map[string]any{"name": name, "customerId": customer, "lines": lines}}, err
		},
		reply: createdReply,
		fails: orderFailures,
	},
	{
		method: http.MethodPut, path: "/orders", action: "modify_order",
		doc: `mutation ModifyOrder($id: ID!, $input: UpdatePharmaOrderInput!) { updatePharmaOrder(id: $id, input: $input) { id } }`,
		vars: func(c *call) (map[string]any, error) {
			const bad = "请传入正确的data"
			id, err := c.idParam("id", "请传入正确的id值")
			if err != nil {
				return nil, err
			}
			data, err := c.object("data", bad)
			if err != nil {
				return nil, err
			}
			in := map[string]any{}
			if _, ok := data["name"]; ok {
				if in["name"], err = stringIn(data, "name", bad); err != nil {
					return nil, err
				}
			}
			if _, ok := data["customerid"]; ok {
				if in["customerId"], err = intIn(data, "customerid", bad); err != nil {
					return nil, err
				}
			}
			if v, ok := data["medicinelist"]; ok {
				if in["setLines"], err = medicineList(v, bad); err != nil {
					return nil, err
				}
			}
			if v, ok := data["deletelist"]; ok {
				if in["removeMedicineIds"], err = intList(v, bad); err != nil {
					return nil, err
				}
			}
			return map[string]any{"id": id, "input": in}, nil
		},
		fails: orderFailures,
	},
	{
		method: http.MethodDelete, path: "/orders", action: "del_order",
		doc:  `mutation DeleteOrder($id: ID!) { deletePharmaOrder(id: $id) }`,
		vars: idVars("缺少订单id"),
	},

	// The signed-in account's profile.
	{
		method: http.MethodGet, path: "/profile", action: "get_my_profile",
		doc: `query MyProfile { me { profile { nickname birthdate bio } } }`,
		reply: func(_ *call, data json.RawMessage) (any, error) {
			d, err := decode[struct {
				Me struct {
					Profile profile `json:"profile"`
				} `json:"me"`
			}](data)
			return fields{"profile": d.Me.Profile}, err
		},
	},
	{
		method: http.MethodPut, path: "/profile", action: "modify_my_profile",
		doc: `mutation ModifyMyProfile($input: ProfileInput!) { updateMyProfile(input: $input) { nickname } }`,
		vars: func(c *call) (map[string]any, error) {
			p, err := c.object("profile", "没有传入profile")
			if err != nil {
				return nil, err
			}
			in := map[string]any{}
			for _, k := range []string{"nickname", "birthdate", "bio"} {
				if v, ok := p[k]; ok {
					s, isString := v.(string)
					if !isString {
						return nil, reject("profile中的" + k + "必须是字符串")
					}
					in[k] = s
				}
			}
			return map[string]any{"input": in}, nil
		},
	},
}

var orderFailures = failures{
	"CONFLICT/DUPLICATE": {http.StatusOK, 1, "订单名已经存在"},
	"NOT_FOUND/order":    {http.StatusOK, 1, "id:%v不存在"},
	"NOT_FOUND/customer": {http.StatusOK, 1, "客户不存在"},
	"NOT_FOUND/medicine": {http.StatusOK, 1, "药品不存在"},
	"INVALID_INPUT":      {http.StatusBadRequest, 1, "药品数量必须是大于等于0的整数，且同一药品只能出现一次"},
}

type customerRow struct {
	ID          legacyID `json:"id"`
	Name        string   `json:"name"`
	PhoneNumber string   `json:"phonenumber"`
	Address     string   `json:"address"`
}

type medicineRow struct {
	ID   legacyID `json:"id"`
	Name string   `json:"name"`
	SN   string   `json:"sn"`
	Desc string   `json:"desc"`
}

type profile struct {
	Nickname  *string `json:"nickname"`
	Birthdate *string `json:"birthdate"`
	Bio       *string `json:"bio"`
}

// orderRow carries the fields of both client generations.
type orderRow struct {
	ID            legacyID    `json:"id"`
	Name          string      `json:"name"`
	CreateDate    string      `json:"create_date"`
	CustomerName  string      `json:"customer_name"`
	CustomerID    legacyID    `json:"customerid"`
	MedicinesName string      `json:"medicines_name"`
	MedicineList  []orderLine `json:"medicinelist"`
}

type orderLine struct {
	ID     legacyID `json:"id"`
	Amount int      `json:"amount"`
	Name   string   `json:"name"`
}

// pagingVars reads pagenum and pagesize: both absent lists every row, both
// present asks for a page, one alone is refused with the given message.
func pagingVars(noNum, noSize string) func(c *call) (map[string]any, error) {
	return func(c *call) (map[string]any, error) {
		_, hasNum := c.params["pagenum"]
		_, hasSize := c.params["pagesize"]
		switch {
		case !hasNum && !hasSize:
			return map[string]any{"paging": nil}, nil
		case !hasNum:
			return nil, reject(noNum)
		case !hasSize:
			return nil, reject(noSize)
		}
		num, err := c.int("pagenum", "pagenum必须是正整数")
		if err != nil || num < 1 {
			return nil, reject("pagenum必须是正整数")
		}
		size, err := c.int("pagesize", "pagesize必须是正整数")
		if err != nil || size < 1 {
			return nil, reject("pagesize必须是正整数")
		}
		c.paged = true
		return map[string]any{"paging": map[string]any{"page": num, "size": size}}, nil
	}
}

func idVars(msg string) func(c *call) (map[string]any, error) {
	return func(c *call) (map[string]any, error) {
		id, err := c.idParam("id", msg)
		return map[string]any{"id": id}, err
	}
}

type listData[T any] struct {
	List struct {
		Total int `json:"total"`
		Rows  []T `json:"rows"`
	} `json:"list"`
}

// listReply answers {"retlist": [...]}, with "total" for a paged request.
func listReply[T any](c *call, data json.RawMessage) (any, error) {
	d, err := decode[listData[T]](data)
	if err != nil {
		return nil, err
	}
	return retlist(c, d.List.Rows, d.List.Total), nil
}

func retlist[T any](c *call, rows []T, total int) fields {
	if rows == nil {
		rows = []T{}
	}
	f := fields{"retlist": rows}
	if c.paged {
		f["total"] = total
	}
	return f
}

func orderListReply(c *call, data json.RawMessage) (any, error) {
	type gqlOrder struct {
		ID        legacyID  `json:"id"`
		Name      string    `json:"name"`
		CreatedAt time.Time `json:"createdAt"`
		Customer  struct {
			ID   legacyID `json:"id"`
			Name string   `json:"name"`
		} `json:"customer"`
		Lines []struct {
			Amount   int `json:"amount"`
			Medicine struct {
				ID   legacyID `json:"id"`
				Name string   `json:"name"`
			} `json:"medicine"`
		} `json:"lines"`
	}
	d, err := decode[listData[gqlOrder]](data)
	if err != nil {
		return nil, err
	}
	// First-generation clients were sent full timestamps, second-generation
	// ones the date.
	layout := legacyTimestamp
	if c.paged {
		layout = time.DateOnly
	}
	rows := make([]orderRow, len(d.List.Rows))
	for i, o := range d.List.Rows {
		names := make([]string, len(o.Lines))
		lines := make([]orderLine, len(o.Lines))
		for j, l := range o.Lines {
			names[j] = l.Medicine.Name
			lines[j] = orderLine{ID: l.Medicine.ID, Amount: l.Amount, Name: l.Medicine.Name}
		}
		rows[i] = orderRow{
			ID: o.ID, Name: o.Name, CreateDate: o.CreatedAt.UTC().Format(layout),
			CustomerName: o.Customer.Name, CustomerID: o.Customer.ID,
			MedicinesName: strings.Join(names, " | "), MedicineList: lines,
		}
	}
	return retlist(c, rows, d.List.Total), nil
}

func createdReply(_ *call, data json.RawMessage) (any, error) {
	d, err := decode[struct {
		Created struct {
			ID legacyID `json:"id"`
		} `json:"created"`
	}](data)
	return fields{"id": d.Created.ID}, err
}

func message(msg string) func(*call, json.RawMessage) (any, error) {
	return func(*call, json.RawMessage) (any, error) { return fields{"msg": msg}, nil }
}

func customerInput(c *call, key, missing, incomplete string) (map[string]any, error) {
	data, err := c.object(key, missing)
	if err != nil {
		return nil, err
	}
	f, err := stringsIn(data, incomplete, "name", "phonenumber", "address")
	if err != nil {
		return nil, err
	}
	return map[string]any{"name": f[0], "phoneNumber": f[1], "address": f[2]}, nil
}

func medicineInput(c *call, key, missing, incomplete string) (map[string]any, error) {
	data, err := c.object(key, missing)
	if err != nil {
		return nil, err
	}
	f, err := stringsIn(data, incomplete, "name", "sn", "desc")
	if err != nil {
		return nil, err
	}
	return map[string]any{"name": f[0], "sn": f[1], "description": f[2]}, nil
}

// medicineList reads v2 lines: [{"id": 2, "amount": 5, "name": "..."}].
func medicineList(v any, bad string) ([]map[string]any, error) {
	items, ok := v.([]any)
	if !ok {
		return nil, reject(bad)
	}
	lines := make([]map[string]any, len(items))
	for i, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			return nil, reject(bad)
		}
		id, err := intIn(m, "id", bad)
		if err != nil {
			return nil, err
		}
		amount, err := intIn(m, "amount", bad)
		if err != nil {
			return nil, err
		}
		lines[i] = map[string]any{"medicineId": id, "amount": amount}
	}
	return lines, nil
}

// medicineIDs reads v1 lines: a list of medicine ids, one of each.
func medicineIDs(v any, bad string) ([]map[string]any, error) {
	ids, err := intList(v, bad)
	if err != nil {
		return nil, err
	}
	lines := make([]map[string]any, len(ids))
	for i, id := range ids {
		lines[i] = map[string]any{"medicineId": id, "amount": 1}
	}
	return lines, nil
}

func intList(v any, bad string) ([]int64, error) {
	items, ok := v.([]any)
	if !ok {
		return nil, reject(bad)
	}
	out := make([]int64, len(items))
	for i, it := range items {
		n, err := intIn(map[string]any{"v": it}, "v", bad)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

func setSessionCookie(c *call, token string, expires time.Time) {
	http.SetCookie(c.w, &http.Cookie{
		Name:     auth.SessionCookie,
		Value:    token,
		Path:     "/",
		Expires:  expires,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
		Secure:   c.r.TLS != nil,
	})
}
