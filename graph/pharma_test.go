package graph_test

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
)

// Helpers shared by the GraphQL tests of this package.

// do runs an operation that must succeed and returns its data.
func do(t testing.TB, s *apptest.Server, token, query string, vars map[string]any) string {
	t.Helper()
	r := s.GraphQL(t, token, query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", r.Errors)
	}
	return string(r.Data)
}

// fails runs an operation that must fail with one error carrying exactly
// these extensions, and returns the error's message.
func fails(t testing.TB, s *apptest.Server, token, query string, vars map[string]any, extensions string) string {
	t.Helper()
	r := s.GraphQL(t, token, query, vars)
	expectError(t, r, extensions)
	if len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Message
}

// expectError checks that r failed with one error carrying exactly these
// extensions, and without data.
func expectError(t testing.TB, r apptest.GraphQLResponse, extensions string) {
	t.Helper()
	if len(r.Errors) != 1 {
		t.Errorf("want one error with %s, got %+v (data %s)", extensions, r.Errors, r.Data)
		return
	}
	got, _ := json.Marshal(r.Errors[0].Extensions)
	apptest.EqualJSON(t, string(got), extensions)
	if d := string(r.Data); d != "" && d != "null" {
		t.Errorf("data %s next to the error, want null", d)
	}
}

// get reads a string (or number, as text) at a path of member names and
// array indexes in a JSON document.
func get(t testing.TB, doc string, path ...any) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatalf("not JSON: %v: %s", err, doc)
	}
	for _, p := range path {
		switch p := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("no member %q in %s", p, doc)
			}
			v = m[p]
		case int:
			a, ok := v.([]any)
			if !ok || p >= len(a) {
				t.Fatalf("no item %d in %s", p, doc)
			}
			v = a[p]
		}
	}
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	t.Fatalf("%v is not a string in %s", path, doc)
	return ""
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

const (
	notFound     = `{"code":"NOT_FOUND"}`
	invalidInput = `{"code":"INVALID_INPUT"}`
	duplicate    = `{"code":"CONFLICT","reason":"DUPLICATE"}`
	inUse        = `{"code":"CONFLICT","reason":"IN_USE"}`
	signInFirst  = `{"code":"UNAUTHENTICATED"}`
	wrongRole    = `{"code":"FORBIDDEN","reason":"WRONG_ROLE"}`
)

func missing(entity string) string { return `{"code":"NOT_FOUND","entity":"` + entity + `"}` }

// kind describes one of the two simple pharma entities, which share their
// shape: a unique name and two more string fields.
type kind struct {
	entity                         string    // as NOT_FOUND errors name it
	input, updateInput             string    // GraphQL input types of create and update
	list, one, create, update, del string    // root fields
	extra                          [2]string // the fields besides id and name
}

var (
	customerKind = kind{"customer", "PharmaCustomerInput", "UpdatePharmaCustomerInput", "pharmaCustomers", "pharmaCustomer",
		"createPharmaCustomer", "updatePharmaCustomer", "deletePharmaCustomer", [2]string{"phoneNumber", "address"}}
	medicineKind = kind{"medicine", "MedicineInput", "UpdateMedicineInput", "medicines", "medicine",
		"createMedicine", "updateMedicine", "deleteMedicine", [2]string{"sn", "description"}}
)

func (k kind) fields() string { return "id name " + k.extra[0] + " " + k.extra[1] }

func (k kind) createQ() string {
	return fmt.Sprintf(`mutation($in: %s!) { %s(input: $in) { %s } }`, k.input, k.create, k.fields())
}

func (k kind) updateQ() string {
	return fmt.Sprintf(`mutation($id: ID!, $in: %s!) { %s(id: $id, input: $in) { %s } }`, k.updateInput, k.update, k.fields())
}

func (k kind) deleteQ() string { return fmt.Sprintf(`mutation($id: ID!) { %s(id: $id) }`, k.del) }

func (k kind) oneQ() string {
	return fmt.Sprintf(`query($id: ID!) { %s(id: $id) { %s } }`, k.one, k.fields())
}

func (k kind) listQ() string {
	return fmt.Sprintf(`query($paging: PageInput, $search: String) { %s(paging: $paging, search: $search) { total items { %s } } }`, k.list, k.fields())
}

// vars is the input for a row with this name; the other fields derive from it.
func (k kind) vars(name, tag string) map[string]any {
	return map[string]any{"name": name, k.extra[0]: k.extra[0] + " " + tag + name, k.extra[1]: k.extra[1] + " " + tag + name}
}

// object is the JSON of the row that vars(name, tag) made.
func (k kind) object(id, name, tag string) string {
	return fmt.Sprintf(`{"id":%q,"name":%s,%q:%s,%q:%s}`, id, jsonString(name),
		k.extra[0], jsonString(k.extra[0]+" "+tag+name), k.extra[1], jsonString(k.extra[1]+" "+tag+name))
}

// Customers and medicines: create, read, list (paging and search), update,
// delete, and their errors, through /graphql.
func TestPharmaCustomersAndMedicines(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := s.AdminToken(t)
	for _, k := range []kind{customerKind, medicineKind} {
		t.Run(k.entity, func(t *testing.T) { testSimpleEntity(t, s, token, k) })
	}
}

func testSimpleEntity(t *testing.T, s *apptest.Server, token string, k kind) {
	names := []string{"Alpha Pharmacy", "beta clinic", "Care 100% Natural", "north_side", "northXside", "华山医院"}
	ids := make([]string, len(names))
	for i, n := range names {
		data := do(t, s, token, k.createQ(), map[string]any{"in": k.vars(n, "")})
		ids[i] = get(t, data, k.create, "id")
		apptest.EqualJSON(t, data, fmt.Sprintf(`{%q:%s}`, k.create, k.object(ids[i], n, "")))
		if i > 0 && !idLess(ids[i-1], ids[i]) {
			t.Fatalf("ids %s then %s: want increasing", ids[i-1], ids[i])
		}
	}
	// objects lists rows by their index in names.
	objects := func(idx ...int) string {
		parts := make([]string, len(idx))
		for i, j := range idx {
			parts[i] = k.object(ids[j], names[j], "")
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	page := func(total int, idx ...int) string {
		return fmt.Sprintf(`{%q:{"total":%d,"items":%s}}`, k.list, total, objects(idx...))
	}
	paging := func(page, size int) map[string]any { return map[string]any{"page": page, "size": size} }

	t.Run("read one", func(t *testing.T) {
		data := do(t, s, token, k.oneQ(), map[string]any{"id": ids[2]})
		apptest.EqualJSON(t, data, fmt.Sprintf(`{%q:%s}`, k.one, k.object(ids[2], names[2], "")))
	})

	t.Run("list everything without paging", func(t *testing.T) {
		apptest.EqualJSON(t, do(t, s, token, k.listQ(), nil), page(6, 0, 1, 2, 3, 4, 5))
	})

	t.Run("paging", func(t *testing.T) {
		for _, c := range []struct {
			page, size int
			want       []int
		}{
			{1, 2, []int{0, 1}},
			{2, 2, []int{2, 3}},
			{3, 2, []int{4, 5}},
			{2, 4, []int{4, 5}},
			{4, 2, []int{}}, // beyond the end: no items, the same total
			{100, 1000, []int{}},
			{1, 1000, []int{0, 1, 2, 3, 4, 5}},
			{6, 1, []int{5}},
		} {
			data := do(t, s, token, k.listQ(), map[string]any{"paging": paging(c.page, c.size)})
			apptest.EqualJSON(t, data, page(6, c.want...))
		}
	})

	t.Run("bad paging", func(t *testing.T) {
		for _, p := range []map[string]any{paging(1, 0), paging(1, 1001), paging(0, 10), paging(-1, 10), paging(1, -5)} {
			fails(t, s, token, k.listQ(), map[string]any{"paging": p}, invalidInput)
		}
	})

	t.Run("search", func(t *testing.T) {
		for _, c := range []struct {
			search string
			want   []int
		}{
			{"", []int{0, 1, 2, 3, 4, 5}}, // an empty search filters nothing
			{"Pharm", []int{0}},
			{"ALPHA", []int{0}},    // case-insensitive
			{"Clin", []int{1}},     // case-insensitive the other way
			{"a", []int{0, 1, 2}},  // any part of the name
			{"north", []int{3, 4}}, // a prefix
			{"side", []int{3, 4}},  // a suffix
			{"%", []int{2}},        // '%' is literal, not "anything"
			{"0%", []int{2}},
			{"_", []int{3}},   // '_' is literal, not "one character"
			{"h_s", []int{3}}, // would match northXside as a pattern
			{`\`, []int{}},    // the escape character itself is literal
			{`\%`, []int{}},
			{"华山", []int{5}}, // non-ASCII text
			{"nothing like it", []int{}},
		} {
			data := do(t, s, token, k.listQ(), map[string]any{"search": c.search})
			if !jsonEqual(data, page(len(c.want), c.want...)) {
				t.Errorf("search %q:\n got %s\nwant %s", c.search, data, page(len(c.want), c.want...))
			}
		}
	})

	t.Run("search with paging counts every match", func(t *testing.T) {
		data := do(t, s, token, k.listQ(), map[string]any{"search": "A", "paging": paging(2, 2)})
		apptest.EqualJSON(t, data, page(3, 2))
		data = do(t, s, token, k.listQ(), map[string]any{"search": "a", "paging": paging(3, 2)})
		apptest.EqualJSON(t, data, page(3))
	})

	t.Run("update", func(t *testing.T) {
		names[1] = "Beta Clinic Renamed"
		data := do(t, s, token, k.updateQ(), map[string]any{"id": ids[1], "in": k.vars(names[1], "")})
		apptest.EqualJSON(t, data, fmt.Sprintf(`{%q:%s}`, k.update, k.object(ids[1], names[1], "")))
		// Keeping the name and changing the rest is no conflict with itself.
		data = do(t, s, token, k.updateQ(), map[string]any{"id": ids[1], "in": k.vars(names[1], "new ")})
		apptest.EqualJSON(t, data, fmt.Sprintf(`{%q:%s}`, k.update, k.object(ids[1], names[1], "new ")))
		data = do(t, s, token, k.oneQ(), map[string]any{"id": ids[1]})
		apptest.EqualJSON(t, data, fmt.Sprintf(`{%q:%s}`, k.one, k.object(ids[1], names[1], "new ")))
		do(t, s, token, k.updateQ(), map[string]any{"id": ids[1], "in": k.vars(names[1], "")})
	})

	t.Run("update only the fields given", func(t *testing.T) {
		e0, e1 := k.extra[0], k.extra[1]
		row := func(name, v0, v1 string) string {
			return fmt.Sprintf(`{"id":%q,"name":%s,%q:%s,%q:%s}`, ids[1], jsonString(name), e0, jsonString(v0), e1, jsonString(v1))
		}
		update := func(in map[string]any) string {
			return do(t, s, token, k.updateQ(), map[string]any{"id": ids[1], "in": in})
		}
		// Each step starts where the last one left the row; the answer and
		// a later read agree.
		for _, c := range []struct {
			name string
			in   map[string]any
			want string
		}{
			{"one field", map[string]any{e0: "only this"}, row(names[1], "only this", e1+" "+names[1])},
			// Blank, as creation allows.
			{"another field blanked", map[string]any{e1: ""}, row(names[1], "only this", "")},
			{"the name", map[string]any{"name": "Beta Clinic Partly"}, row("Beta Clinic Partly", "only this", "")},
			{"nothing", map[string]any{}, row("Beta Clinic Partly", "only this", "")},
			{"every field", k.vars(names[1], ""), k.object(ids[1], names[1], "")},
		} {
			t.Run(c.name, func(t *testing.T) {
				apptest.EqualJSON(t, update(c.in), fmt.Sprintf(`{%q:%s}`, k.update, c.want))
				apptest.EqualJSON(t, do(t, s, token, k.oneQ(), map[string]any{"id": ids[1]}), fmt.Sprintf(`{%q:%s}`, k.one, c.want))
			})
		}
	})

	t.Run("update refused, nothing written", func(t *testing.T) {
		for _, c := range []struct {
			name       string
			in         map[string]any
			extensions string
			msg        string
		}{
			{"null name", map[string]any{"name": nil}, invalidInput, "name cannot be null; leave it out to keep its value"},
			{"null field", map[string]any{k.extra[1]: nil}, invalidInput, k.extra[1] + " cannot be null; leave it out to keep its value"},
			{"blank name", map[string]any{"name": " "}, invalidInput, "a " + k.entity + " needs a name"},
			{"blank name beside a good field", map[string]any{"name": "", k.extra[0]: "x"}, invalidInput, "a " + k.entity + " needs a name"},
			{"name of another", map[string]any{"name": "Alpha Pharmacy"}, duplicate, `a ` + k.entity + ` named "Alpha Pharmacy" already exists`},
		} {
			t.Run(c.name, func(t *testing.T) {
				msg := fails(t, s, token, k.updateQ(), map[string]any{"id": ids[1], "in": c.in}, c.extensions)
				if msg != c.msg {
					t.Errorf("message %q, want %q", msg, c.msg)
				}
				apptest.EqualJSON(t, do(t, s, token, k.oneQ(), map[string]any{"id": ids[1]}), fmt.Sprintf(`{%q:%s}`, k.one, k.object(ids[1], names[1], "")))
			})
		}
		// A null written in the document is refused alike.
		fails(t, s, token, fmt.Sprintf(`mutation($id: ID!) { %s(id: $id, input: {name: null}) { id } }`, k.update), map[string]any{"id": ids[1]}, invalidInput)
		fails(t, s, token, k.updateQ(), map[string]any{"id": "999999", "in": map[string]any{}}, missing(k.entity))
	})

	t.Run("duplicate names", func(t *testing.T) {
		msg := fails(t, s, token, k.createQ(), map[string]any{"in": k.vars("Alpha Pharmacy", "other ")}, duplicate)
		if !strings.Contains(msg, "Alpha Pharmacy") {
			t.Errorf("message %q does not name the duplicate", msg)
		}
		fails(t, s, token, k.updateQ(), map[string]any{"id": ids[1], "in": k.vars("Alpha Pharmacy", "")}, duplicate)
		// Neither failure changed anything.
		apptest.EqualJSON(t, do(t, s, token, k.listQ(), nil), page(6, 0, 1, 2, 3, 4, 5))
	})

	t.Run("empty name", func(t *testing.T) {
		for _, n := range []string{"", "   "} {
			fails(t, s, token, k.createQ(), map[string]any{"in": k.vars(n, "")}, invalidInput)
			fails(t, s, token, k.updateQ(), map[string]any{"id": ids[0], "in": k.vars(n, "")}, invalidInput)
		}
		apptest.EqualJSON(t, do(t, s, token, k.listQ(), nil), page(6, 0, 1, 2, 3, 4, 5))
	})

	t.Run("unknown id", func(t *testing.T) {
		msg := fails(t, s, token, k.oneQ(), map[string]any{"id": "999999"}, missing(k.entity))
		if want := k.entity + " 999999 does not exist"; msg != want {
			t.Errorf("message %q, want %q", msg, want)
		}
		fails(t, s, token, k.updateQ(), map[string]any{"id": "999999", "in": k.vars("Someone New", "")}, missing(k.entity))
		fails(t, s, token, k.deleteQ(), map[string]any{"id": "999999"}, missing(k.entity))
		// An ID given as a JSON number is the same id.
		fails(t, s, token, k.oneQ(), map[string]any{"id": 999999}, missing(k.entity))
	})

	t.Run("malformed id", func(t *testing.T) {
		for _, id := range []string{"abc", "", "1.5", "99999999999999999999"} {
			fails(t, s, token, k.oneQ(), map[string]any{"id": id}, invalidInput)
		}
		fails(t, s, token, k.updateQ(), map[string]any{"id": "abc", "in": k.vars("x", "")}, invalidInput)
		fails(t, s, token, k.deleteQ(), map[string]any{"id": "abc"}, invalidInput)
		// The same as a literal in the document.
		fails(t, s, token, fmt.Sprintf(`{ %s(id: "abc") { id } }`, k.one), nil, invalidInput)
	})

	t.Run("delete", func(t *testing.T) {
		data := do(t, s, token, k.deleteQ(), map[string]any{"id": ids[4]})
		apptest.EqualJSON(t, data, fmt.Sprintf(`{%q:%q}`, k.del, ids[4]))
		fails(t, s, token, k.oneQ(), map[string]any{"id": ids[4]}, missing(k.entity))
		fails(t, s, token, k.deleteQ(), map[string]any{"id": ids[4]}, missing(k.entity))
		apptest.EqualJSON(t, do(t, s, token, k.listQ(), nil), page(5, 0, 1, 2, 3, 5))
		// The name is free again.
		data = do(t, s, token, k.createQ(), map[string]any{"in": k.vars(names[4], "")})
		ids[4] = get(t, data, k.create, "id")
		apptest.EqualJSON(t, do(t, s, token, k.listQ(), nil), page(6, 0, 1, 2, 3, 5, 4))
	})
}

func idLess(a, b string) bool {
	x, err1 := strconv.ParseInt(a, 10, 64)
	y, err2 := strconv.ParseInt(b, 10, 64)
	return err1 == nil && err2 == nil && x < y
}

func jsonEqual(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return string(ja) == string(jb)
}

const (
	orderFields = `id name createdAt customer { id name } lines { amount medicine { id name } }`
	createOrder = `mutation($in: CreatePharmaOrderInput!) { createPharmaOrder(input: $in) { ` + orderFields + ` } }`
	updateOrder = `mutation($id: ID!, $in: UpdatePharmaOrderInput!) { updatePharmaOrder(id: $id, input: $in) { ` + orderFields + ` } }`
	deleteOrder = `mutation($id: ID!) { deletePharmaOrder(id: $id) }`
	readOrder   = `query($id: ID!) { pharmaOrder(id: $id) { ` + orderFields + ` } }`
	listOrders  = `query($paging: PageInput, $search: String) { pharmaOrders(paging: $paging, search: $search) { total items { ` + orderFields + ` } } }`
)

// Orders: create, read, list, update (name, customer, lines), delete, their
// errors, that failed writes leave nothing behind, and that customers and
// medicines an order uses cannot be deleted.
func TestPharmaOrders(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	token := s.AdminToken(t)

	newRow := func(k kind, name string) string {
		return get(t, do(t, s, token, k.createQ(), map[string]any{"in": k.vars(name, "")}), k.create, "id")
	}
	cA, cB, cUnused := newRow(customerKind, "Hospital A"), newRow(customerKind, "Clinic B"), newRow(customerKind, "Nobody")
	m1, m2, m3 := newRow(medicineKind, "Penicillin"), newRow(medicineKind, "Erythromycin"), newRow(medicineKind, "Amoxicillin")
	customers := map[string]string{cA: "Hospital A", cB: "Clinic B"}
	medicines := map[string]string{m1: "Penicillin", m2: "Erythromycin", m3: "Amoxicillin"}

	type line struct {
		med    string
		amount int
	}
	lineVars := func(lines ...line) []any {
		out := make([]any, len(lines))
		for i, l := range lines {
			out[i] = map[string]any{"medicineId": l.med, "amount": l.amount}
		}
		return out
	}
	// order is the JSON of an order as orderFields selects it.
	order := func(id, name, createdAt, customer string, lines ...line) string {
		ls := make([]string, len(lines))
		for i, l := range lines {
			ls[i] = fmt.Sprintf(`{"amount":%d,"medicine":{"id":%q,"name":%q}}`, l.amount, l.med, medicines[l.med])
		}
		return fmt.Sprintf(`{"id":%q,"name":%q,"createdAt":%q,"customer":{"id":%q,"name":%q},"lines":[%s]}`,
			id, name, createdAt, customer, customers[customer], strings.Join(ls, ","))
	}
	listAll := func() string { return do(t, s, token, listOrders, nil) }

	// Order 1: two lines, one of them 0 (an amount of 0 is allowed).
	before := time.Now().UTC()
	data := do(t, s, token, createOrder, map[string]any{"in": map[string]any{
		"name": "order 001", "customerId": cA, "lines": lineVars(line{m1, 10}, line{m2, 0}),
	}})
	o1 := get(t, data, "createPharmaOrder", "id")
	created1 := get(t, data, "createPharmaOrder", "createdAt")
	apptest.EqualJSON(t, data, `{"createPharmaOrder":`+order(o1, "order 001", created1, cA, line{m1, 10}, line{m2, 0})+`}`)
	checkCreatedAt(t, created1, before)

	// Order 2: no lines at all.
	data = do(t, s, token, createOrder, map[string]any{"in": map[string]any{"name": "order 002", "customerId": cB, "lines": []any{}}})
	o2 := get(t, data, "createPharmaOrder", "id")
	created2 := get(t, data, "createPharmaOrder", "createdAt")
	apptest.EqualJSON(t, data, `{"createPharmaOrder":`+order(o2, "order 002", created2, cB)+`}`)

	// Order 3: another order of customer A sharing a medicine with order 1.
	data = do(t, s, token, createOrder, map[string]any{"in": map[string]any{
		"name": "Urgent ORDER", "customerId": cA, "lines": lineVars(line{m3, 1}, line{m1, 2}),
	}})
	o3 := get(t, data, "createPharmaOrder", "id")
	created3 := get(t, data, "createPharmaOrder", "createdAt")

	want1 := order(o1, "order 001", created1, cA, line{m1, 10}, line{m2, 0})
	want2 := order(o2, "order 002", created2, cB)
	want3 := order(o3, "Urgent ORDER", created3, cA, line{m3, 1}, line{m1, 2})
	allOrders := `{"pharmaOrders":{"total":3,"items":[` + want1 + `,` + want2 + `,` + want3 + `]}}`

	t.Run("read one", func(t *testing.T) {
		// What the create answered is what is stored, createdAt included.
		apptest.EqualJSON(t, do(t, s, token, readOrder, map[string]any{"id": o1}), `{"pharmaOrder":`+want1+`}`)
		apptest.EqualJSON(t, do(t, s, token, readOrder, map[string]any{"id": o2}), `{"pharmaOrder":`+want2+`}`)
		apptest.EqualJSON(t, do(t, s, token, readOrder, map[string]any{"id": o3}), `{"pharmaOrder":`+want3+`}`)
	})

	t.Run("list, page and search", func(t *testing.T) {
		apptest.EqualJSON(t, listAll(), allOrders)
		data := do(t, s, token, listOrders, map[string]any{"paging": map[string]any{"page": 2, "size": 2}})
		apptest.EqualJSON(t, data, `{"pharmaOrders":{"total":3,"items":[`+want3+`]}}`)
		data = do(t, s, token, listOrders, map[string]any{"paging": map[string]any{"page": 3, "size": 2}})
		apptest.EqualJSON(t, data, `{"pharmaOrders":{"total":3,"items":[]}}`)
		data = do(t, s, token, listOrders, map[string]any{"search": "order"})
		apptest.EqualJSON(t, data, allOrders)
		data = do(t, s, token, listOrders, map[string]any{"search": "Order 00", "paging": map[string]any{"page": 1, "size": 1}})
		apptest.EqualJSON(t, data, `{"pharmaOrders":{"total":2,"items":[`+want1+`]}}`)
		data = do(t, s, token, listOrders, map[string]any{"search": "_"})
		apptest.EqualJSON(t, data, `{"pharmaOrders":{"total":0,"items":[]}}`)
		for _, p := range []map[string]any{{"page": 0, "size": 1}, {"page": 1, "size": 0}, {"page": 1, "size": 1001}} {
			fails(t, s, token, listOrders, map[string]any{"paging": p}, invalidInput)
		}
	})

	t.Run("create errors write nothing", func(t *testing.T) {
		for _, c := range []struct {
			name string
			in   map[string]any
			ext  string
		}{
			{"unknown customer", map[string]any{"name": "x", "customerId": "999999", "lines": lineVars(line{m1, 1})}, missing("customer")},
			{"unknown medicine", map[string]any{"name": "x", "customerId": cA, "lines": lineVars(line{m1, 1}, line{"999999", 1})}, missing("medicine")},
			{"negative amount", map[string]any{"name": "x", "customerId": cA, "lines": lineVars(line{m1, 1}, line{m2, -1})}, invalidInput},
			{"medicine twice", map[string]any{"name": "x", "customerId": cA, "lines": lineVars(line{m1, 1}, line{m2, 1}, line{m1, 3})}, invalidInput},
			{"empty name", map[string]any{"name": "", "customerId": cA, "lines": lineVars(line{m1, 1})}, invalidInput},
			{"blank name", map[string]any{"name": " \t", "customerId": cA, "lines": lineVars(line{m1, 1})}, invalidInput},
			{"duplicate name", map[string]any{"name": "order 001", "customerId": cB, "lines": lineVars(line{m3, 1})}, duplicate},
			{"malformed customer id", map[string]any{"name": "x", "customerId": "abc", "lines": lineVars(line{m1, 1})}, invalidInput},
			{"malformed medicine id", map[string]any{"name": "x", "customerId": cA, "lines": lineVars(line{"abc", 1})}, invalidInput},
		} {
			t.Run(c.name, func(t *testing.T) {
				fails(t, s, token, createOrder, map[string]any{"in": c.in}, c.ext)
				apptest.EqualJSON(t, listAll(), allOrders)
			})
		}
	})

	t.Run("bad order ids", func(t *testing.T) {
		fails(t, s, token, readOrder, map[string]any{"id": "999999"}, missing("order"))
		fails(t, s, token, updateOrder, map[string]any{"id": "999999", "in": map[string]any{"name": "y"}}, missing("order"))
		fails(t, s, token, deleteOrder, map[string]any{"id": "999999"}, missing("order"))
		fails(t, s, token, readOrder, map[string]any{"id": "abc"}, invalidInput)
		fails(t, s, token, updateOrder, map[string]any{"id": "abc", "in": map[string]any{"name": "y"}}, invalidInput)
		fails(t, s, token, deleteOrder, map[string]any{"id": "abc"}, invalidInput)
		apptest.EqualJSON(t, listAll(), allOrders)
	})

	t.Run("in use", func(t *testing.T) {
		for _, c := range []struct{ q, id string }{
			{customerKind.deleteQ(), cA},
			{customerKind.deleteQ(), cB}, // by an order without lines
			{medicineKind.deleteQ(), m1},
			{medicineKind.deleteQ(), m2}, // by a line of amount 0
			{medicineKind.deleteQ(), m3},
		} {
			fails(t, s, token, c.q, map[string]any{"id": c.id}, inUse)
		}
		apptest.EqualJSON(t, listAll(), allOrders)
		// A customer nobody orders for can go.
		apptest.EqualJSON(t, do(t, s, token, customerKind.deleteQ(), map[string]any{"id": cUnused}),
			fmt.Sprintf(`{"deletePharmaCustomer":%q}`, cUnused))
	})

	t.Run("update name and customer", func(t *testing.T) {
		data := do(t, s, token, updateOrder, map[string]any{"id": o2, "in": map[string]any{"name": "order 002 moved", "customerId": cA}})
		want2 = order(o2, "order 002 moved", created2, cA)
		apptest.EqualJSON(t, data, `{"updatePharmaOrder":`+want2+`}`)
		// Only the name: the customer stays.
		data = do(t, s, token, updateOrder, map[string]any{"id": o2, "in": map[string]any{"name": "order 002"}})
		want2 = order(o2, "order 002", created2, cA)
		apptest.EqualJSON(t, data, `{"updatePharmaOrder":`+want2+`}`)
		// Only the customer: the name stays.
		data = do(t, s, token, updateOrder, map[string]any{"id": o2, "in": map[string]any{"customerId": cB}})
		want2 = order(o2, "order 002", created2, cB)
		apptest.EqualJSON(t, data, `{"updatePharmaOrder":`+want2+`}`)
		// Nothing at all, and explicit nulls: nothing changes.
		data = do(t, s, token, updateOrder, map[string]any{"id": o2, "in": map[string]any{}})
		apptest.EqualJSON(t, data, `{"updatePharmaOrder":`+want2+`}`)
		data = do(t, s, token, updateOrder, map[string]any{"id": o2, "in": map[string]any{
			"name": nil, "customerId": nil, "setLines": nil, "removeMedicineIds": nil}})
		apptest.EqualJSON(t, data, `{"updatePharmaOrder":`+want2+`}`)
		apptest.EqualJSON(t, do(t, s, token, readOrder, map[string]any{"id": o2}), `{"pharmaOrder":`+want2+`}`)
	})

	t.Run("update lines", func(t *testing.T) {
		// Change an amount and add a line: the changed line keeps its place.
		data := do(t, s, token, updateOrder, map[string]any{"id": o1, "in": map[string]any{
			"setLines": lineVars(line{m3, 4}, line{m1, 7}),
		}})
		want1 = order(o1, "order 001", created1, cA, line{m1, 7}, line{m2, 0}, line{m3, 4})
		apptest.EqualJSON(t, data, `{"updatePharmaOrder":`+want1+`}`)
		apptest.EqualJSON(t, do(t, s, token, readOrder, map[string]any{"id": o1}), `{"pharmaOrder":`+want1+`}`)

		// Remove a line.
		data = do(t, s, token, updateOrder, map[string]any{"id": o1, "in": map[string]any{"removeMedicineIds": []any{m2}}})
		want1 = order(o1, "order 001", created1, cA, line{m1, 7}, line{m3, 4})
		apptest.EqualJSON(t, data, `{"updatePharmaOrder":`+want1+`}`)

		// Everything at once.
		data = do(t, s, token, updateOrder, map[string]any{"id": o1, "in": map[string]any{
			"name": "order 001 b", "customerId": cB, "setLines": lineVars(line{m2, 3}), "removeMedicineIds": []any{m1},
		}})
		want1 = order(o1, "order 001 b", created1, cB, line{m3, 4}, line{m2, 3})
		apptest.EqualJSON(t, data, `{"updatePharmaOrder":`+want1+`}`)
		apptest.EqualJSON(t, do(t, s, token, readOrder, map[string]any{"id": o1}), `{"pharmaOrder":`+want1+`}`)

		// Other orders are untouched.
		apptest.EqualJSON(t, do(t, s, token, readOrder, map[string]any{"id": o3}), `{"pharmaOrder":`+want3+`}`)
		allOrders = `{"pharmaOrders":{"total":3,"items":[` + want1 + `,` + want2 + `,` + want3 + `]}}`
		apptest.EqualJSON(t, listAll(), allOrders)
	})

	t.Run("update errors change nothing", func(t *testing.T) {
		// Each case also renames the order, so a half-applied update shows.
		for _, c := range []struct {
			name string
			in   map[string]any
			ext  string
		}{
			{"unknown customer", map[string]any{"name": "renamed", "customerId": "999999"}, missing("customer")},
			{"unknown medicine", map[string]any{"name": "renamed", "setLines": lineVars(line{m1, 1}, line{"999999", 1})}, missing("medicine")},
			{"negative amount", map[string]any{"name": "renamed", "setLines": lineVars(line{m1, 5}, line{m2, -3})}, invalidInput},
			{"medicine twice", map[string]any{"name": "renamed", "setLines": lineVars(line{m1, 1}, line{m1, 2})}, invalidInput},
			{"empty name", map[string]any{"name": "", "setLines": lineVars(line{m1, 1})}, invalidInput},
			{"duplicate name", map[string]any{"name": "Urgent ORDER", "setLines": lineVars(line{m1, 1})}, duplicate},
			{"malformed customer id", map[string]any{"name": "renamed", "customerId": "abc"}, invalidInput},
			{"malformed removed id", map[string]any{"name": "renamed", "removeMedicineIds": []any{"abc"}}, invalidInput},
		} {
			t.Run(c.name, func(t *testing.T) {
				fails(t, s, token, updateOrder, map[string]any{"id": o1, "in": c.in}, c.ext)
				apptest.EqualJSON(t, listAll(), allOrders)
			})
		}
	})

	t.Run("a medicine removed from every order can be deleted", func(t *testing.T) {
		do(t, s, token, updateOrder, map[string]any{"id": o1, "in": map[string]any{"removeMedicineIds": []any{m2}}})
		want1 = order(o1, "order 001 b", created1, cB, line{m3, 4})
		apptest.EqualJSON(t, do(t, s, token, readOrder, map[string]any{"id": o1}), `{"pharmaOrder":`+want1+`}`)
		do(t, s, token, medicineKind.deleteQ(), map[string]any{"id": m2})
		fails(t, s, token, medicineKind.oneQ(), map[string]any{"id": m2}, missing("medicine"))
	})

	t.Run("delete", func(t *testing.T) {
		apptest.EqualJSON(t, do(t, s, token, deleteOrder, map[string]any{"id": o3}), fmt.Sprintf(`{"deletePharmaOrder":%q}`, o3))
		fails(t, s, token, readOrder, map[string]any{"id": o3}, missing("order"))
		fails(t, s, token, deleteOrder, map[string]any{"id": o3}, missing("order"))
		apptest.EqualJSON(t, listAll(), `{"pharmaOrders":{"total":2,"items":[`+want1+`,`+want2+`]}}`)
		// Its lines went with it: the medicine only it used is free now, and
		// its name can be taken again.
		do(t, s, token, deleteOrder, map[string]any{"id": o1})
		do(t, s, token, medicineKind.deleteQ(), map[string]any{"id": m3})
		do(t, s, token, customerKind.deleteQ(), map[string]any{"id": cA})
		fails(t, s, token, customerKind.deleteQ(), map[string]any{"id": cB}, inUse)
		do(t, s, token, createOrder, map[string]any{"in": map[string]any{"name": "Urgent ORDER", "customerId": cB, "lines": lineVars(line{m1, 1})}})
	})
}

// checkCreatedAt fails unless ts is an RFC 3339 UTC timestamp from after
// before and not in the future.
func checkCreatedAt(t *testing.T, ts string, before time.Time) {
	t.Helper()
	if !strings.HasSuffix(ts, "Z") {
		t.Errorf("createdAt %q is not in UTC", ts)
	}
	at, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		t.Fatalf("createdAt %q: %v", ts, err)
	}
	if at.Before(before.Truncate(time.Second)) || at.After(time.Now().Add(time.Second)) {
		t.Errorf("createdAt %s, want between %s and now", at, before)
	}
}

// Every pharma operation needs a signed-in ADMIN: without a token it is
// UNAUTHENTICATED, with a STAFF account's token FORBIDDEN, and neither
// reads nor changes anything.
func TestPharmaAccessDenied(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	admin := s.AdminToken(t)
	staff := s.TokenFor(t, quickAccount(t, s, "clerk", db.RoleStaff))

	c := get(t, do(t, s, admin, customerKind.createQ(), map[string]any{"in": customerKind.vars("C", "")}), "createPharmaCustomer", "id")
	m := get(t, do(t, s, admin, medicineKind.createQ(), map[string]any{"in": medicineKind.vars("M", "")}), "createMedicine", "id")
	o := get(t, do(t, s, admin, createOrder, map[string]any{"in": map[string]any{
		"name": "O", "customerId": c, "lines": []any{map[string]any{"medicineId": m, "amount": 1}},
	}}), "createPharmaOrder", "id")
	snapshot := func() string {
		return do(t, s, admin, `{
			pharmaCustomers { total items { id name phoneNumber address } }
			medicines { total items { id name sn description } }
			pharmaOrders { total items { `+orderFields+` } }
		}`, nil)
	}
	start := snapshot()

	ops := []struct {
		name, query string
		vars        map[string]any
	}{
		{"pharmaCustomers", customerKind.listQ(), nil},
		{"pharmaCustomer", customerKind.oneQ(), map[string]any{"id": c}},
		{"createPharmaCustomer", customerKind.createQ(), map[string]any{"in": customerKind.vars("new", "")}},
		{"updatePharmaCustomer", customerKind.updateQ(), map[string]any{"id": c, "in": customerKind.vars("changed", "")}},
		{"deletePharmaCustomer", customerKind.deleteQ(), map[string]any{"id": c}},
		{"medicines", medicineKind.listQ(), nil},
		{"medicine", medicineKind.oneQ(), map[string]any{"id": m}},
		{"createMedicine", medicineKind.createQ(), map[string]any{"in": medicineKind.vars("new", "")}},
		{"updateMedicine", medicineKind.updateQ(), map[string]any{"id": m, "in": medicineKind.vars("changed", "")}},
		{"deleteMedicine", medicineKind.deleteQ(), map[string]any{"id": m}},
		{"pharmaOrders", listOrders, nil},
		{"pharmaOrder", readOrder, map[string]any{"id": o}},
		{"createPharmaOrder", createOrder, map[string]any{"in": map[string]any{"name": "new", "customerId": c, "lines": []any{}}}},
		{"updatePharmaOrder", updateOrder, map[string]any{"id": o, "in": map[string]any{"name": "changed", "removeMedicineIds": []any{m}}}},
		{"deletePharmaOrder", deleteOrder, map[string]any{"id": o}},
	}
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			r := s.GraphQL(t, "", op.query, op.vars)
			expectError(t, r, signInFirst)
			if len(r.Errors) == 1 && fmt.Sprint(r.Errors[0].Path) != "["+op.name+"]" {
				t.Errorf("error path %v, want [%s]", r.Errors[0].Path, op.name)
			}
			fails(t, s, staff, op.query, op.vars, wrongRole)
			// A token that is not one is no better than none.
			fails(t, s, "not-a-token", op.query, op.vars, signInFirst)
		})
	}
	// Deleting a used row must not be what stopped the staff deletes.
	for _, op := range []struct{ q, id string }{{deleteOrder, o}, {customerKind.deleteQ(), c}, {medicineKind.deleteQ(), m}} {
		fails(t, s, staff, op.q, map[string]any{"id": op.id}, wrongRole)
	}
	apptest.EqualJSON(t, snapshot(), start)
	// The staff token itself is fine for what any account may do.
	apptest.EqualJSON(t, do(t, s, staff, `{ me { username role } }`, nil), `{"me":{"username":"clerk","role":"STAFF"}}`)
}
