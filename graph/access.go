package graph

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/graph/generated"
	"github.com/onegraph/server/graph/model"
)

// Who may call a root field is its access directive (schema/common.graphqls),
// and only that: the directives check it, the field's introspected
// description states it and myAccess lists what the caller passes, all
// through accessRule, so the three cannot disagree.

type accessKind string

const (
	accessPublic        accessKind = "public"
	accessAuthenticated accessKind = "authenticated"
	accessRole          accessKind = "hasRole"
	accessRight         accessKind = "hasRight"
)

// accessRule is one access directive with its argument.
type accessRule struct {
	kind  accessKind
	role  model.AccountRole // of hasRole
	right int64             // of hasRight
}

// check tells whether the request's viewer passes the rule: nil, or the
// refusal (UNAUTHENTICATED or FORBIDDEN). The viewer's rights are loaded
// once per request, however many rules ask for them.
func (a accessRule) check(ctx context.Context) error {
	if a.kind == accessPublic {
		return nil
	}
	v := auth.FromContext(ctx)
	if v == nil {
		return errSignIn
	}
	switch a.kind {
	case accessRole:
		// ADMIN holds every role (its enum says so).
		if v.Role != string(a.role) && v.Role != db.RoleAdmin {
			return apperr.New(apperr.Forbidden, apperr.ReasonWrongRole, "this operation needs the %s role", a.role)
		}
	case accessRight:
		return requireRight(ctx, v, a.right)
	}
	return nil
}

// guard runs next if the viewer passes the rule: the directive itself.
func (a accessRule) guard(ctx context.Context, next graphql.Resolver) (any, error) {
	if err := a.check(ctx); err != nil {
		return nil, err
	}
	return next(ctx)
}

// accessDirectives are the directives' implementations.
func accessDirectives() generated.DirectiveRoot {
	return generated.DirectiveRoot{
		Public: func(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
			return accessRule{kind: accessPublic}.guard(ctx, next)
		},
		Authenticated: func(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
			return accessRule{kind: accessAuthenticated}.guard(ctx, next)
		},
		HasRole: func(ctx context.Context, _ any, next graphql.Resolver, role model.AccountRole) (any, error) {
			return accessRule{kind: accessRole, role: role}.guard(ctx, next)
		},
		HasRight: func(ctx context.Context, _ any, next graphql.Resolver, id int) (any, error) {
			return accessRule{kind: accessRight, right: int64(id)}.guard(ctx, next)
		},
	}
}

// requireRight checks the viewer's shop role for a right.
func requireRight(ctx context.Context, v *auth.Viewer, right int64) error {
	rights, err := viewerRights(ctx, v)
	if err != nil {
		return err
	}
	for _, r := range rights {
		if r.ID == right {
			return nil
		}
	}
	return apperr.New(apperr.Forbidden, apperr.ReasonMissingRight, "your shop role lacks right %d", right)
}

var errSignIn = apperr.New(apperr.Unauthenticated, "", "sign in first")

// accessRuleOf reads a field's access directive; it refuses a field with
// none or more than one.
func accessRuleOf(f *ast.FieldDefinition) (accessRule, error) {
	var rules []accessRule
	for _, d := range f.Directives {
		switch kind := accessKind(d.Name); kind {
		case accessPublic, accessAuthenticated:
			rules = append(rules, accessRule{kind: kind})
		case accessRole:
			rules = append(rules, accessRule{kind: kind, role: model.AccountRole(d.Arguments.ForName("role").Value.Raw)})
		case accessRight:
			id, err := strconv.ParseInt(d.Arguments.ForName("id").Value.Raw, 10, 64)
			if err != nil {
				return accessRule{}, fmt.Errorf("%s: @hasRight: %w", f.Name, err)
			}
			rules = append(rules, accessRule{kind: kind, right: id})
		}
	}
	if len(rules) != 1 {
		return accessRule{}, fmt.Errorf("%s has %d access directives (@public, @authenticated, @hasRole, @hasRight), want exactly 1", f.Name, len(rules))
	}
	return rules[0], nil
}

// sentence states the rule, as the field's description ends; rights names
// the rights of the shop's catalog.
func (a accessRule) sentence(rights map[int64]string) (string, error) {
	switch a.kind {
	case accessPublic:
		return "Access: anyone.", nil
	case accessAuthenticated:
		return "Access: any signed-in account.", nil
	case accessRole:
		if a.role == model.AccountRoleAdmin {
			return "Access: signed-in accounts with the ADMIN role.", nil
		}
		return fmt.Sprintf("Access: signed-in accounts with the %s role, or ADMIN (ADMIN passes every role check).", a.role), nil
	default:
		name, ok := rights[a.right]
		if !ok {
			return "", fmt.Errorf("@hasRight(id: %d) names no right of the shop's catalog", a.right)
		}
		return fmt.Sprintf("Access: signed-in accounts whose shop role holds right %d (%s); the super-admin role 0 holds every right.", a.right, name), nil
	}
}

// fieldAccess is a root field's name and rule.
type fieldAccess struct {
	name string
	rule accessRule
}

// rootAccess is every root field's rule, by operation type, by name.
type rootAccess struct {
	queries, mutations, subscriptions []fieldAccess
}

// describeAccess reads every root field's access rule, and returns a copy
// of base whose root fields' descriptions end with their rule (what
// introspection, and so GraphiQL and generated clients, show). It refuses
// a root field without exactly one access directive, which nothing would
// guard, and a right the catalog lacks.
func describeAccess(base *ast.Schema, catalog []*db.ShopRight) (*ast.Schema, rootAccess, error) {
	rights := make(map[int64]string, len(catalog))
	for _, r := range catalog {
		rights[r.ID] = r.Name
	}
	schema := *base
	schema.Types = maps.Clone(base.Types)
	schema.PossibleTypes = maps.Clone(base.PossibleTypes)
	var access rootAccess
	for _, root := range []struct {
		def    **ast.Definition
		fields *[]fieldAccess
	}{{&schema.Query, &access.queries}, {&schema.Mutation, &access.mutations}, {&schema.Subscription, &access.subscriptions}} {
		if *root.def == nil {
			continue
		}
		described, fields, err := describeRoot(*root.def, rights)
		if err != nil {
			return nil, rootAccess{}, err
		}
		replaceDefinition(&schema, *root.def, described)
		*root.def, *root.fields = described, fields
	}
	return &schema, access, nil
}

// describeRoot is a copy of a root type whose fields' descriptions end
// with their rule, and those rules by field name.
func describeRoot(def *ast.Definition, rights map[int64]string) (*ast.Definition, []fieldAccess, error) {
	described := *def
	described.Fields = make(ast.FieldList, len(def.Fields))
	var fields []fieldAccess
	for i, f := range def.Fields {
		copied := *f
		described.Fields[i] = &copied
		if strings.HasPrefix(f.Name, "__") {
			continue // __schema and __type, which introspection adds
		}
		rule, err := accessRuleOf(f)
		if err != nil {
			return nil, nil, fmt.Errorf("%s.%w", def.Name, err)
		}
		sentence, err := rule.sentence(rights)
		if err != nil {
			return nil, nil, fmt.Errorf("%s.%s: %w", def.Name, f.Name, err)
		}
		copied.Description = strings.TrimSpace(f.Description + "\n\n" + sentence)
		fields = append(fields, fieldAccess{name: f.Name, rule: rule})
	}
	slices.SortFunc(fields, func(a, b fieldAccess) int { return cmp.Compare(a.name, b.name) })
	return &described, fields, nil
}

// replaceDefinition puts def in place of old wherever the schema lists it.
func replaceDefinition(schema *ast.Schema, old, def *ast.Definition) {
	schema.Types[def.Name] = def
	for name, possible := range schema.PossibleTypes {
		if i := slices.Index(possible, old); i >= 0 {
			possible = slices.Clone(possible)
			possible[i] = def
			schema.PossibleTypes[name] = possible
		}
	}
}

// callable lists the root fields the request's viewer passes the rules of,
// each checked as its directive checks it.
func (a rootAccess) callable(ctx context.Context) (*model.Access, error) {
	var out model.Access
	for _, root := range []struct {
		fields []fieldAccess
		names  *[]string
	}{{a.queries, &out.Queries}, {a.mutations, &out.Mutations}, {a.subscriptions, &out.Subscriptions}} {
		*root.names = []string{}
		for _, f := range root.fields {
			err := f.rule.check(ctx)
			if refused(err) {
				continue
			}
			if err != nil {
				return nil, err
			}
			*root.names = append(*root.names, f.name)
		}
	}
	return &out, nil
}

// refused tells a rule's refusal from a failure to check it.
func refused(err error) bool {
	e, ok := apperr.As(err)
	return ok && (e.Code == apperr.Unauthenticated || e.Code == apperr.Forbidden)
}
