package compat

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/onegraph/server/auth"
)

// The shop back office at /api/v2/ (shop-admin-v2.md), also served at
// /api/private/v1/, the base path the original front ends were built with.
// Every JSON answer has HTTP status 200 and its code in meta.status, because
// those front ends read meta.status and take any other HTTP status for a
// network failure. The route tables live in shop_users.go, shop_catalog.go,
// shop_goods.go and shop_orders.go.

var shopBases = []string{"/api/v2", "/api/private/v1"}

// shopDefaults is how GraphQL errors read in meta.status and meta.msg when a
// route says nothing more specific.
var shopDefaults = failures{
	"UNAUTHENTICATED":           {http.StatusOK, 400, "无效token"},
	"FORBIDDEN":                 {http.StatusOK, 401, "权限验证失败"},
	"NOT_FOUND":                 {http.StatusOK, 400, "数据不存在"},
	"CONFLICT":                  {http.StatusOK, 400, "数据已经存在"},
	"INVALID_INPUT":             {http.StatusOK, 400, "参数错误"},
	"GRAPHQL_VALIDATION_FAILED": {http.StatusOK, 400, "参数错误"},
}

func shopRoutes() []route {
	var all []route
	for _, table := range [][]route{shopLoginRoutes, shopUserRoutes, shopCatalogRoutes, shopGoodsRoutes, shopOrderRoutes} {
		all = append(all, table...)
	}
	return all
}

func mountShop(r chi.Router, run Runner) {
	routes := shopRoutes()
	for _, base := range shopBases {
		r.Route(base, func(r chi.Router) {
			for i := range routes {
				rt := &routes[i]
				r.MethodFunc(rt.method, rt.path, shopHandler(run, rt))
			}
			r.NotFound(func(w http.ResponseWriter, r *http.Request) {
				shop{}.fail(&call{w: w, r: r}, failure{http.StatusOK, 404, "接口不存在"})
			})
			r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
				shop{}.fail(&call{w: w, r: r}, failure{http.StatusOK, 404, "接口不存在"})
			})
		})
	}
}

// shopHandler serves one route: token first, then the body, then the
// operation.
func shopHandler(run Runner, rt *route) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := &call{w: w, r: r}
		if !rt.public && auth.FromContext(r.Context()) == nil {
			shop{}.fail(c, shopDefaults["UNAUTHENTICATED"])
			return
		}
		params, err := decodeParams(r)
		if err != nil {
			shop{}.reject(c, "请求体格式错误，应为JSON")
			return
		}
		c.params = params
		serve(run, shop{}, rt, c)
	}
}

// shop is the {"data": ..., "meta": {"msg", "status"}} envelope.
type shop struct{}

type shopMeta struct {
	Msg    string `json:"msg"`
	Status int    `json:"status"`
}

type shopBody struct {
	Data any      `json:"data"`
	Meta shopMeta `json:"meta"`
}

// wholeBody is a reply that is the entire answer, for the one legacy route
// whose envelope differs (/kuaidi).
type wholeBody fields

func (shop) ok(c *call, rt *route, reply any) {
	if whole, ok := reply.(wholeBody); ok {
		writeJSON(c.w, http.StatusOK, whole)
		return
	}
	status := rt.okStatus
	if status == 0 {
		status = http.StatusOK
	}
	writeJSON(c.w, http.StatusOK, shopBody{Data: reply, Meta: shopMeta{Msg: rt.okMsg, Status: status}})
}

func (shop) fail(c *call, f failure) {
	writeJSON(c.w, http.StatusOK, shopBody{Meta: shopMeta{Msg: formatMsg(f.msg, c.id), Status: f.code}})
}

func (shop) reject(c *call, msg string) {
	writeJSON(c.w, http.StatusOK, shopBody{Meta: shopMeta{Msg: msg, Status: 400}})
}

func (shop) failures() failures { return shopDefaults }

func (shop) internal() failure { return failure{http.StatusOK, 500, "服务器内部错误"} }

// pathIDVars reads a numeric path parameter into the operation variable
// named variable, answering msg when it is not a number.
func pathIDVars(param, variable, msg string) func(c *call) (map[string]any, error) {
	return func(c *call) (map[string]any, error) {
		id, err := c.pathID(param, msg)
		return map[string]any{variable: id}, err
	}
}

// pathID reads a numeric path parameter and remembers it for messages.
func (c *call) pathID(name, msg string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(c.r, name), 10, 64)
	if err != nil {
		return 0, reject(msg)
	}
	c.id = id
	return id, nil
}

var shopLoginRoutes = []route{
	{
		method: http.MethodPost, path: "/login", public: true,
		doc: `mutation ShopLogin($input: LoginInput!) {
			login(input: $input) {
				token
				account { id username mobile email shopRole { id } }
			}
		}`,
		vars: func(c *call) (map[string]any, error) {
			creds, err := stringsIn(c.params, "用户名和密码不能为空", "username", "password")
			if err != nil {
				return nil, err
			}
			return map[string]any{"input": map[string]any{"username": creds[0], "password": creds[1], "app": "SHOP"}}, nil
		},
		reply: func(_ *call, data json.RawMessage) (any, error) {
			d, err := decode[struct {
				Login struct {
					Token   string `json:"token"`
					Account struct {
						ID       legacyID `json:"id"`
						Username string   `json:"username"`
						Mobile   string   `json:"mobile"`
						Email    string   `json:"email"`
						ShopRole struct {
							ID legacyID `json:"id"`
						} `json:"shopRole"`
					} `json:"account"`
				} `json:"login"`
			}](data)
			a := d.Login.Account
			// The legacy token came with its scheme, ready for the header.
			return fields{"id": a.ID, "rid": a.ShopRole.ID, "username": a.Username, "mobile": a.Mobile,
				"email": a.Email, "token": "Bearer " + d.Login.Token}, err
		},
		okMsg: "登录成功",
		fails: failures{
			"UNAUTHENTICATED/BAD_CREDENTIALS": {http.StatusOK, 400, "用户名或密码错误"},
			"FORBIDDEN/INACTIVE":              {http.StatusOK, 400, "该用户已被禁用"},
			"FORBIDDEN/NO_ROLE":               {http.StatusOK, 400, "该用户没有分配角色，无法登录"},
		},
	},
}

// shopPaging reads pagenum and pagesize into a PageInput. Where required,
// both must be positive integers. Where optional, no pagesize means every
// row and pagenum defaults to 1.
func shopPaging(c *call, required bool) (map[string]any, error) {
	_, hasNum := c.params["pagenum"]
	_, hasSize := c.params["pagesize"]
	if !required && !hasSize {
		return nil, nil
	}
	num := int64(1)
	if required || hasNum {
		n, err := c.int("pagenum", "pagenum 参数错误")
		if err != nil || n < 1 {
			return nil, reject("pagenum 参数错误")
		}
		num = n
	}
	size, err := c.int("pagesize", "pagesize 参数错误")
	if err != nil || size < 1 {
		return nil, reject("pagesize 参数错误")
	}
	c.paged = true
	return map[string]any{"page": num, "size": size}, nil
}
