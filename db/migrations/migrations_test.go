package migrations_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/migrate"

	"github.com/onegraph/server/db"
	"github.com/onegraph/server/db/migrations"
)

// models is every bun model of package db; TestModelListIsComplete keeps it
// in step with the package.
var models = []any{
	(*db.Account)(nil), (*db.Session)(nil),
	(*db.PharmaCustomer)(nil), (*db.Medicine)(nil), (*db.PharmaOrder)(nil), (*db.PharmaOrderLine)(nil),
	(*db.ShopRight)(nil), (*db.ShopRole)(nil), (*db.ShopRoleRight)(nil),
	(*db.ShopCategory)(nil), (*db.ShopAttribute)(nil),
	(*db.ShopGoods)(nil), (*db.ShopGoodsPic)(nil), (*db.ShopGoodsAttr)(nil),
	(*db.ShopOrder)(nil), (*db.ShopOrderLine)(nil), (*db.TrackingEvent)(nil),
	(*db.LoginFailure)(nil),
	(*db.City)(nil), (*db.Area)(nil), (*db.Station)(nil), (*db.StationCity)(nil), (*db.MerchantGroup)(nil),
	(*db.Employee)(nil), (*db.SaleMenu)(nil), (*db.StationSaleMenu)(nil), (*db.MerchantLabel)(nil),
	(*db.Merchant)(nil), (*db.Restaurant)(nil), (*db.SaleMenuBinding)(nil),
	(*db.Enterprise)(nil), (*db.PartnerProfile)(nil), (*db.PartnerRelationKind)(nil), (*db.PartnerListing)(nil),
	(*db.PartnerCustomer)(nil), (*db.PartnerRelation)(nil), (*db.PartnerDiscount)(nil), (*db.PartnerGoodsListEntry)(nil),
	(*db.PartnerOrder)(nil), (*db.PartnerOrderLine)(nil), (*db.PartnerShipment)(nil), (*db.PartnerReminder)(nil),
}

// The names databases in use have recorded; renaming a file would make bun
// apply the step again.
func TestNamesAreThoseAlreadyRecorded(t *testing.T) {
	want := []string{"20261124000001 accounts", "20261124000002 pharma", "20261124000003 shop",
		"20261127000001 list_indexes", "20261127000002 login_failures"}
	var got []string
	for _, m := range migrations.Migrations.Sorted() {
		got = append(got, m.Name+" "+m.Comment)
	}
	if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		t.Fatalf("registered migrations %q, want them to start with %q", got, want)
	}
}

func TestUpDownUp(t *testing.T) {
	ctx := context.Background()
	bdb := openDB(t)
	all := migrationNames()

	applied, err := migrations.Up(ctx, bdb)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(applied, all) {
		t.Fatalf("up applied %q, want %q", applied, all)
	}
	first := schema(t, bdb)
	if len(first) == 0 {
		t.Fatal("up made no schema")
	}
	if again, err := migrations.Up(ctx, bdb); err != nil || len(again) != 0 {
		t.Fatalf("second up: applied %q, err %v; want nothing", again, err)
	}

	rolledBack, err := migrations.Down(ctx, bdb)
	if err != nil {
		t.Fatal(err)
	}
	reversed := slices.Clone(all)
	slices.Reverse(reversed)
	if !slices.Equal(rolledBack, reversed) {
		t.Fatalf("down rolled back %q, want %q", rolledBack, reversed)
	}
	if left := schema(t, bdb); len(left) != 0 {
		t.Fatalf("down left schema behind:\n%s", strings.Join(left, "\n"))
	}
	if again, err := migrations.Down(ctx, bdb); err != nil || len(again) != 0 {
		t.Fatalf("second down: rolled back %q, err %v; want nothing", again, err)
	}

	if applied, err = migrations.Up(ctx, bdb); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(applied, all) {
		t.Fatalf("up after down applied %q, want %q", applied, all)
	}
	if second := schema(t, bdb); !slices.Equal(first, second) {
		t.Fatalf("up after down made another schema:\nfirst:\n%s\nsecond:\n%s",
			strings.Join(first, "\n"), strings.Join(second, "\n"))
	}
}

// Every model column exists in a migrated database with a type of the same
// family: a field added to a model without a migration fails here.
func TestMigratedSchemaHoldsEveryModel(t *testing.T) {
	ctx := context.Background()
	bdb := openDB(t)
	if _, err := migrations.Up(ctx, bdb); err != nil {
		t.Fatal(err)
	}
	for _, model := range models {
		table := bdb.Dialect().Tables().Get(reflect.TypeOf(model))
		live := liveColumns(t, bdb, table.Name)
		if len(live) == 0 {
			t.Errorf("%s: no table %q in the migrated database", table.TypeName, table.Name)
			continue
		}
		known := map[string]bool{}
		for _, f := range table.Fields {
			known[f.Name] = true
			col, ok := live[f.Name]
			if !ok {
				t.Errorf("%s.%s: no column %s.%s in the migrated database (a model change needs a new migration)",
					table.TypeName, f.GoName, table.Name, f.Name)
				continue
			}
			if want, got := typeFamily(f.CreateTableSQLType), typeFamily(col.sqlType); want != got {
				t.Errorf("%s.%s: model type %s (%s), column %s.%s is %s (%s)",
					table.TypeName, f.GoName, f.CreateTableSQLType, want, table.Name, f.Name, col.sqlType, got)
			}
			if mayBeNull := (f.IsPtr || f.NullZero) && !f.NotNull && !f.IsPK; mayBeNull && col.notNull && !col.hasDefault {
				t.Errorf("%s.%s may be nil but column %s.%s is NOT NULL without a default",
					table.TypeName, f.GoName, table.Name, f.Name)
			}
		}
		for name, col := range live {
			if !known[name] && col.notNull && !col.hasDefault {
				t.Errorf("%s: column %s.%s is NOT NULL without a default and not in the model: every insert would fail",
					table.TypeName, table.Name, name)
			}
		}
	}
}

// models above lists every struct of package db that embeds bun.BaseModel.
func TestModelListIsComplete(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join("..", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var inPackage []string
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			spec, ok := n.(*ast.TypeSpec)
			if !ok {
				return true
			}
			st, ok := spec.Type.(*ast.StructType)
			if !ok {
				return true
			}
			for _, field := range st.Fields.List {
				if sel, ok := field.Type.(*ast.SelectorExpr); ok && len(field.Names) == 0 && sel.Sel.Name == "BaseModel" {
					inPackage = append(inPackage, spec.Name.Name)
				}
			}
			return true
		})
	}
	var listed []string
	for _, m := range models {
		listed = append(listed, reflect.TypeOf(m).Elem().Name())
	}
	sort.Strings(inPackage)
	sort.Strings(listed)
	if !slices.Equal(inPackage, listed) {
		t.Fatalf("bun models in package db: %q\nlisted in this test: %q", inPackage, listed)
	}
}

// The shop step seeds the rights tree and role 0, and makes an admin that
// existed before it the built-in super admin.
func TestShopStepSeedsRightsRoleAndAdmin(t *testing.T) {
	ctx := context.Background()
	bdb := openDB(t)

	migrateBefore(t, bdb, "20261124000003") // the state of a database that ran the first two steps
	for _, name := range []string{"admin", "clerk"} {
		if _, err := bdb.ExecContext(ctx, "INSERT INTO accounts (username, password_hash, role, active, created_at) VALUES (?, 'x', 'ADMIN', TRUE, CURRENT_TIMESTAMP)", name); err != nil {
			t.Fatal(err)
		}
	}
	applied, err := migrations.Up(ctx, bdb)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) == 0 || applied[0] != "20261124000003" {
		t.Fatalf("applied %q, want the shop step first", applied)
	}

	var rights []db.ShopRight
	if err := bdb.NewSelect().Model(&rights).OrderExpr("id").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	if len(rights) != 48 {
		t.Fatalf("%d rights, want 48", len(rights))
	}
	if r := rights[0]; r.ID != 101 || r.Name != "商品管理" || r.Path != "goods" || r.SortOrder != 3 {
		t.Errorf("first right %+v", r)
	}
	if r := rights[47]; r.ID != 159 || r.ParentID != 110 || r.Level != 2 || r.Operation != "ManagerService.updateMgrState" {
		t.Errorf("last right %+v", r)
	}
	var role db.ShopRole
	if err := bdb.NewSelect().Model(&role).Where("id = 0").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	if role.Name != "超级管理员" || role.Description != "拥有全部权限" {
		t.Errorf("role 0 is %+v", role)
	}
	var accounts []db.Account
	if err := bdb.NewSelect().Model(&accounts).OrderExpr("username").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	if a := accounts[0]; a.Username != "admin" || a.ShopRoleID == nil || *a.ShopRoleID != 0 || !a.Builtin {
		t.Errorf("admin after the shop step: role %v, builtin %v", a.ShopRoleID, a.Builtin)
	}
	if a := accounts[1]; a.ShopRoleID != nil || a.Builtin || a.Mobile != "" || a.Email != "" {
		t.Errorf("clerk after the shop step: %+v", a)
	}
}

// listIndexes are the indexes the 20261127000001 step makes.
var listIndexes = []string{
	"sessions_account_id_idx", "accounts_shop_role_id_idx",
	"pharma_orders_customer_id_idx", "pharma_order_lines_medicine_id_idx",
	"shop_categories_live_parent_id_idx", "shop_attributes_category_id_kind_idx",
	"shop_goods_live_created_at_idx", "shop_goods_pics_goods_id_idx",
	"shop_goods_attrs_goods_id_idx", "shop_goods_attrs_attribute_id_idx",
	"shop_orders_created_at_idx", "shop_orders_user_id_created_at_idx",
	"shop_order_lines_order_id_idx",
}

// The list-indexes step adds its indexes to a database of the steps before
// it, and its down drops them and nothing else.
func TestListIndexesStepUpAndDown(t *testing.T) {
	ctx := context.Background()
	bdb := openDB(t)
	migrateBefore(t, bdb, "20261127000001")
	before := schema(t, bdb)
	have := indexNames(t, bdb)
	for _, name := range listIndexes {
		if have[name] {
			t.Fatalf("index %s exists before the step that makes it", name)
		}
	}

	applied, err := migrations.Up(ctx, bdb)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) == 0 || applied[0] != "20261127000001" {
		t.Fatalf("applied %q, want the list-indexes step first", applied)
	}
	have = indexNames(t, bdb)
	for _, name := range listIndexes {
		if !have[name] {
			t.Errorf("no index %s after the step", name)
		}
	}

	// Roll back the group Up applied: this step (and any later one).
	group, err := migrate.NewMigrator(bdb, migrations.Migrations).Rollback(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(group.Migrations) != len(applied) {
		t.Fatalf("rolled back %v, want the %d steps applied", group, len(applied))
	}
	have = indexNames(t, bdb)
	for _, name := range listIndexes {
		if have[name] {
			t.Errorf("index %s left after the step's down", name)
		}
	}
	if after := schema(t, bdb); !slices.Equal(before, after) {
		t.Fatalf("down of the step left another schema than before it:\nbefore:\n%s\nafter:\n%s",
			strings.Join(before, "\n"), strings.Join(after, "\n"))
	}
}

// migrateBefore applies the steps named before name: the state of a database
// that ran only those.
func migrateBefore(t *testing.T, bdb *bun.DB, name string) {
	t.Helper()
	ctx := context.Background()
	before := migrate.NewMigrations()
	for _, m := range migrations.Migrations.Sorted() {
		if m.Name < name {
			before.Add(m)
		}
	}
	m := migrate.NewMigrator(bdb, before)
	if err := m.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
}

// indexNames are the indexes of the database's tables, from pg_indexes on
// Postgres and sqlite_master on SQLite.
func indexNames(t *testing.T, bdb *bun.DB) map[string]bool {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'index'`
	if bdb.Dialect().Name() == dialect.PG {
		q = `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()`
	}
	var names []string
	if err := bdb.NewRaw(q).Scan(context.Background(), &names); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[n] = true
	}
	return set
}

func migrationNames() []string {
	var names []string
	for _, m := range migrations.Migrations.Sorted() {
		names = append(names, m.Name)
	}
	return names
}

// openDB returns an empty database: a SQLite file, or with TEST_DATABASE_URL
// a Postgres schema of its own, dropped when the test ends.
func openDB(t *testing.T) *bun.DB {
	t.Helper()
	bdb, drop, err := db.OpenScratch(os.Getenv("TEST_DATABASE_URL"), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return bdb
}

// schema describes every table, column, constraint, index and sequence of
// the database but bun's own, one sorted line each.
func schema(t *testing.T, bdb *bun.DB) []string {
	t.Helper()
	var queries []string
	switch bdb.Dialect().Name() {
	case dialect.SQLite:
		queries = []string{`SELECT type || ' ' || name || ' ON ' || tbl_name || ': ' || COALESCE(sql, '') FROM sqlite_master
			WHERE name NOT LIKE 'bun\_%' ESCAPE '\' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`}
	case dialect.PG:
		queries = []string{
			`SELECT 'column ' || table_name || '.' || column_name || ' #' || ordinal_position || ' ' || data_type ||
				' nullable=' || is_nullable || ' default=' || COALESCE(column_default, '')
			FROM information_schema.columns WHERE table_schema = current_schema()`,
			`SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ': ' || pg_get_constraintdef(oid)
			FROM pg_constraint WHERE connamespace = current_schema()::regnamespace`,
			`SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()`,
			`SELECT 'relation ' || relkind::text || ' ' || relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace`,
		}
	default:
		t.Fatalf("dialect %s", bdb.Dialect().Name())
	}
	var lines []string
	for _, q := range queries {
		var rows []string
		if err := bdb.NewRaw(q).Scan(context.Background(), &rows); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
		for _, r := range rows {
			if !strings.Contains(r, "bun_migration") {
				lines = append(lines, r)
			}
		}
	}
	sort.Strings(lines)
	return lines
}

type liveColumn struct {
	sqlType             string
	notNull, hasDefault bool
}

func liveColumns(t *testing.T, bdb *bun.DB, table string) map[string]liveColumn {
	t.Helper()
	var rows []struct {
		Name, Type string
		NotNull    bool
		HasDefault bool
	}
	q := `SELECT name, type, "notnull" <> 0 AS not_null, dflt_value IS NOT NULL AS has_default FROM pragma_table_info(?)`
	if bdb.Dialect().Name() == dialect.PG {
		q = `SELECT column_name AS name, data_type AS type, is_nullable = 'NO' AS not_null, column_default IS NOT NULL AS has_default
			FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?`
	}
	if err := bdb.NewRaw(q, table).Scan(context.Background(), &rows); err != nil {
		t.Fatal(err)
	}
	cols := make(map[string]liveColumn, len(rows))
	for _, r := range rows {
		cols[r.Name] = liveColumn{sqlType: r.Type, notNull: r.NotNull, hasDefault: r.HasDefault}
	}
	return cols
}

// typeFamily groups SQL types whose Go values read and write alike.
func typeFamily(sqlType string) string {
	t := strings.ToLower(sqlType)
	switch {
	case strings.Contains(t, "timestamp") || t == "date" || strings.HasPrefix(t, "time"):
		return "timestamp"
	case strings.Contains(t, "bool"):
		return "boolean"
	case strings.Contains(t, "int") || strings.Contains(t, "serial"):
		return "integer"
	case strings.Contains(t, "double") || strings.Contains(t, "real") || strings.Contains(t, "float") ||
		strings.Contains(t, "numeric") || strings.Contains(t, "decimal"):
		return "float"
	case strings.Contains(t, "char") || strings.Contains(t, "text") || strings.Contains(t, "clob"):
		return "text"
	}
	return t
}
