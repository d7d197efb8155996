package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/graph"
	"github.com/onegraph/server/graph/generated"
	"github.com/onegraph/server/graph/loaders"
	"github.com/onegraph/server/graph/model"
)

var rootTypes = []string{"Query", "Mutation", "Subscription"}

// accessDirectiveOf is a root field's one access directive.
func accessDirectiveOf(t *testing.T, root string, f *ast.FieldDefinition) *ast.Directive {
	t.Helper()
	var found []*ast.Directive
	for _, d := range f.Directives {
		if accessDirectives[d.Name] {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s.%s has %d access directives, want exactly 1", root, f.Name, len(found))
	}
	return found[0]
}

// Introspection states each root field's access rule at the end of its
// description (what GraphiQL and generated clients show), from its
// directive in schema/, for every root field.
func TestRootFieldsStateTheirAccess(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	catalog, err := s.App.Stores.ShopUsers.AllRights(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rightName := map[string]string{}
	for _, r := range catalog {
		rightName[strconv.FormatInt(r.ID, 10)] = r.Name
	}
	// Written out again here, so that a change of wording is a change of the test too.
	sentence := func(d *ast.Directive) string {
		switch d.Name {
		case "public":
			return "Access: anyone."
		case "authenticated":
			return "Access: any signed-in account."
		case "hasRole":
			if role := d.Arguments.ForName("role").Value.Raw; role != "ADMIN" {
				return "Access: signed-in accounts with the " + role + " role, or ADMIN (ADMIN passes every role check)."
			}
			return "Access: signed-in accounts with the ADMIN role."
		default:
			id := d.Arguments.ForName("id").Value.Raw
			return "Access: signed-in accounts whose shop role holds right " + id + " (" + rightName[id] +
				"); the super-admin role 0 holds every right."
		}
	}

	r := s.PostGraphQL(t, "", `{ __schema {
		queryType { fields { name description } }
		mutationType { fields { name description } }
		subscriptionType { fields { name description } } } }`, nil)
	type fields struct {
		Fields []struct{ Name, Description string }
	}
	var answer struct {
		Data struct {
			Schema map[string]fields `json:"__schema"`
		}
	}
	if err := json.Unmarshal([]byte(r.Body), &answer); err != nil || answer.Data.Schema == nil {
		t.Fatalf("introspection: %v: %s", err, r.Body)
	}
	source := generated.NewExecutableSchema(generated.Config{}).Schema() // as schema/ has it
	for _, root := range rootTypes {
		introspected := map[string]string{}
		for _, f := range answer.Data.Schema[strings.ToLower(root[:1])+root[1:]+"Type"].Fields {
			introspected[f.Name] = f.Description
		}
		var names []string
		for _, f := range source.Types[root].Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			names = append(names, f.Name)
			want := sentence(accessDirectiveOf(t, root, f))
			if f.Description != "" {
				want = f.Description + "\n\n" + want
			}
			if got := introspected[f.Name]; got != want {
				t.Errorf("%s.%s's description:\n got %q\nwant %q", root, f.Name, got, want)
			}
		}
		if len(names) == 0 || len(names) != len(introspected) {
			t.Errorf("%s: introspection lists %d fields, schema/ has %d", root, len(introspected), len(names))
		}
	}
	// Three, verbatim.
	for field, want := range map[string]string{
		"me":            "The signed-in account.\n\nAccess: any signed-in account.",
		"shopRights":    "Access: signed-in accounts whose shop role holds right 112 (权限列表); the super-admin role 0 holds every right.",
		"medicines":     "Access: signed-in accounts with the ADMIN role.",
		"merchantIndex": "Access: signed-in accounts with the EMPLOYEE role, or ADMIN (ADMIN passes every role check).",
	} {
		var got string
		for _, f := range answer.Data.Schema["queryType"].Fields {
			if f.Name == field {
				got = f.Description
			}
		}
		if !strings.HasSuffix(got, want) {
			t.Errorf("Query.%s's description %q does not end with %q", field, got, want)
		}
	}
}

// callers are a server's accounts of every kind, by name: anonymous, the
// admin, shop staff whose role holds two rights, a partner and a
// merchant-management employee, each with its token ("" for anonymous).
func callers(t *testing.T, s *apptest.Server) map[string]string {
	staff := s.ShopStaff(t, "limited-staff", 112, 121) // the rights list and the categories
	employee := s.CreateAccount(t, "an-employee", "pw-employee", db.RoleEmployee, true)
	return map[string]string{
		"anonymous": "",
		"admin":     s.AdminToken(t),
		"staff":     s.TokenFor(t, staff),
		"partner":   s.SeedPartner(t, "a-partner", "某企业").Token,
		"employee":  s.TokenFor(t, employee),
	}
}

func myAccess(t *testing.T, s *apptest.Server, token string) model.Access {
	t.Helper()
	r := s.GraphQL(t, token, `{ myAccess { queries mutations subscriptions } }`, nil)
	var d struct{ MyAccess model.Access }
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &d) != nil {
		t.Fatalf("myAccess: %+v %s", r.Errors, r.Data)
	}
	return d.MyAccess
}

// The access directives, run as the server runs them (in a request context
// made by the server's own auth and loader middleware), let each kind of
// caller through exactly where this table says; myAccess lists exactly the
// root fields whose directive the table lets the caller through.
func TestAccessDirectivesPassWhomTheTableSays(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	// By directive, the callers it lets through. The staff's shop role
	// holds rights 112 and 121; the admin's is the super-admin role 0.
	passes := map[string][]string{
		"@public":            {"anonymous", "admin", "staff", "partner", "employee"},
		"@authenticated":     {"admin", "staff", "partner", "employee"},
		"@hasRole(ADMIN)":    {"admin"},
		"@hasRole(EMPLOYEE)": {"admin", "employee"},
		"@hasRole(PARTNER)":  {"admin", "partner"},
		"@hasRight(112)":     {"admin", "staff"},
		"@hasRight(104)":     {"admin"},
	}
	directives := graph.AccessDirectives()
	run := func(ctx context.Context, directive string) (bool, error) {
		passed := false
		next := func(context.Context) (any, error) { passed = true; return nil, nil }
		name, arg, _ := strings.Cut(strings.TrimSuffix(directive, ")"), "(")
		var err error
		switch name {
		case "@public":
			_, err = directives.Public(ctx, nil, next)
		case "@authenticated":
			_, err = directives.Authenticated(ctx, nil, next)
		case "@hasRole":
			_, err = directives.HasRole(ctx, nil, next, model.AccountRole(arg))
		case "@hasRight":
			id, _ := strconv.Atoi(arg)
			_, err = directives.HasRight(ctx, nil, next, id)
		}
		return passed, err
	}
	// A root field's row of the table: a right other than 112 and 104 is
	// one the staff holds (121) or not, as 112 or 104 is.
	row := func(d *ast.Directive) string {
		switch d.Name {
		case "hasRole":
			return "@hasRole(" + d.Arguments.ForName("role").Value.Raw + ")"
		case "hasRight":
			if id := d.Arguments.ForName("id").Value.Raw; id == "112" || id == "121" {
				return "@hasRight(112)"
			}
			return "@hasRight(104)"
		}
		return "@" + d.Name
	}
	schema := s.App.Exec.Schema().Schema()
	for caller, token := range callers(t, s) {
		t.Run(caller, func(t *testing.T) {
			ctx := requestContext(t, s, token)
			for directive, callers := range passes {
				passed, err := run(ctx, directive)
				if want := slices.Contains(callers, caller); passed != want || passed != (err == nil) ||
					err != nil && !directiveRefusal.MatchString(err.Error()) {
					t.Errorf("%s: passed %v (error %v), want %v", directive, passed, err, want)
				}
			}
			listed := myAccess(t, s, token)
			for root, names := range map[string][]string{"Query": listed.Queries, "Mutation": listed.Mutations, "Subscription": listed.Subscriptions} {
				if !slices.IsSorted(names) {
					t.Errorf("%s: unsorted %v", root, names)
				}
				var want []string
				for _, f := range schema.Types[root].Fields {
					if !strings.HasPrefix(f.Name, "__") && slices.Contains(passes[row(accessDirectiveOf(t, root, f))], caller) {
						want = append(want, f.Name)
					}
				}
				slices.Sort(want)
				if !slices.Equal(names, want) {
					t.Errorf("%s: myAccess lists %v, want %v", root, names, want)
				}
			}
		})
	}
}

// requestContext is the context a GraphQL request with this token runs in.
func requestContext(t *testing.T, s *apptest.Server, token string) context.Context {
	t.Helper()
	var ctx context.Context
	h := auth.Middleware(s.App.Tokens, s.App.Services.Accounts)(loaders.Middleware(s.App.Stores, nil)(
		http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { ctx = r.Context() })))
	req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	h.ServeHTTP(httptest.NewRecorder(), req)
	if ctx == nil || (token != "") != (auth.FromContext(ctx) != nil) {
		t.Fatalf("the token did not make a request context with its viewer")
	}
	return ctx
}

// Over HTTP, a sample of queries of every directive: each one myAccess
// lists runs, each one it leaves out is refused by its directive.
func TestMyAccessOverHTTP(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	samples := []string{"me", "myAccess { queries }", "shopMenus", "shopRights", "shopRoles", "shopCategories",
		"pharmaCustomers", "cities", "partnerRelationKinds", "myPartnerProfile"}
	for name, token := range callers(t, s) {
		t.Run(name, func(t *testing.T) {
			listed := myAccess(t, s, token)
			for _, sample := range samples {
				field, selection, _ := strings.Cut(sample, " ")
				if selection == "" {
					selection = "{ __typename }"
				}
				r := s.GraphQL(t, token, fmt.Sprintf("{ %s %s }", field, selection), nil)
				// A refusal of the directive, not of the use case (admin's
				// myPartnerProfile is refused by the latter: no enterprise).
				refused := len(r.Errors) > 0 && slices.Equal(r.Errors[0].Path, []any{field}) &&
					directiveRefusal.MatchString(r.Errors[0].Message)
				if refused == slices.Contains(listed.Queries, field) {
					t.Errorf("%s: refused %v, listed by myAccess %v: %+v", field, refused, !refused, r.Errors)
				}
			}
		})
	}
	// The lists themselves, for the two ends: anonymous and admin.
	anonymous := myAccess(t, s, "")
	if want := (model.Access{Queries: []string{"myAccess"}, Mutations: []string{"login", "registerPartner"}, Subscriptions: []string{}}); !accessEqual(anonymous, want) {
		t.Errorf("anonymous: %+v, want %+v", anonymous, want)
	}
	admin := myAccess(t, s, s.AdminToken(t))
	source := s.App.Exec.Schema().Schema()
	for root, names := range map[string][]string{"Query": admin.Queries, "Mutation": admin.Mutations, "Subscription": admin.Subscriptions} {
		if want := len(source.Types[root].Fields) - map[string]int{"Query": 2}[root]; len(names) != want { // but __schema and __type
			t.Errorf("admin (every role, the super-admin shop role) may call %d %s fields of %d", len(names), root, want)
		}
	}
}

var directiveRefusal = regexp.MustCompile(`^(sign in first|this operation needs the [A-Z]+ role|your shop role lacks right \d+)$`)

func accessEqual(a, b model.Access) bool {
	return slices.Equal(a.Queries, b.Queries) && slices.Equal(a.Mutations, b.Mutations) && slices.Equal(a.Subscriptions, b.Subscriptions)
}

// myAccess reads the caller's rights once, whatever number of fields
// need one: one statement more than an operation that reads none, for
// shop staff (the super-admin role's rights are the catalog, in memory).
func TestMyAccessReadsRightsOnce(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	staff := s.TokenFor(t, s.ShopStaff(t, "staff-with-rights", 104, 110, 111, 112, 121))
	admin := s.AdminToken(t)
	for token, extra := range map[string]int64{staff: 1, admin: 0} {
		base := s.StatementsFor(func() { s.GraphQL(t, token, `{ __typename }`, nil) })
		access := s.StatementsFor(func() { s.GraphQL(t, token, `{ myAccess { queries mutations subscriptions } }`, nil) })
		if access != base+extra {
			t.Errorf("myAccess ran %d statements, an operation reading nothing %d; want %d more", access, base, extra)
		}
	}
}

// schema.graphql at the repository root is the schema as the server
// serves it (the SDL of schema/ merged, with the access sentences), for
// front ends that generate clients from a file. Rewrite it with
// UPDATE_SCHEMA=1 go test ./graph/ -run TestPrintedSchemaIsCommitted
func TestPrintedSchemaIsCommitted(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	var b strings.Builder
	formatter.NewFormatter(&b).FormatSchema(s.App.Exec.Schema().Schema())
	printed := "# The schema the server serves, printed from it (graph/access_test.go): schema/*.graphqls\n" +
		"# merged, each root field's description ending with its access rule. Do not edit.\n" +
		regexp.MustCompile(`(?m)[ \t]+$`).ReplaceAllString(b.String(), "")
	const path = "../schema.graphql"
	if os.Getenv("UPDATE_SCHEMA") != "" {
		if err := os.WriteFile(path, []byte(printed), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	committed, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(committed) != printed {
		t.Errorf("%s is not the schema the server serves: UPDATE_SCHEMA=1 go test ./graph/ -run TestPrintedSchemaIsCommitted", path)
	}
}
