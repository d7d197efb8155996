package migrations

import (
	"github.com/uptrace/bun/dialect"
)

// The shop back office: account columns for shop users, rights (seeded with
// the original tree), roles (with the super-admin role 0), the catalog,
// goods, orders and tracking events.
func init() {
	Migrations.MustRegister(run(shopUp, shopSeed), run(shopDown))
}

var shopUp = script{
	dialect.PG: {
		`ALTER TABLE "accounts" ADD mobile VARCHAR NOT NULL DEFAULT ''`,
		`ALTER TABLE "accounts" ADD email VARCHAR NOT NULL DEFAULT ''`,
		`ALTER TABLE "accounts" ADD shop_role_id BIGINT`,
		`ALTER TABLE "accounts" ADD builtin BOOLEAN NOT NULL DEFAULT FALSE`,
		`CREATE TABLE "shop_rights" (` +
			`"id" BIGINT NOT NULL, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"parent_id" BIGINT NOT NULL, ` +
			`"level" BIGINT NOT NULL, ` +
			`"path" VARCHAR NOT NULL, ` +
			`"operation" VARCHAR NOT NULL, ` +
			`"sort_order" BIGINT NOT NULL, ` +
			`PRIMARY KEY ("id"))`,
		`CREATE TABLE "shop_roles" (` +
			`"id" BIGSERIAL NOT NULL, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"description" VARCHAR NOT NULL, ` +
			`PRIMARY KEY ("id"), ` +
			`UNIQUE ("name"))`,
		`CREATE TABLE "shop_role_rights" (` +
			`"role_id" BIGINT NOT NULL, ` +
			`"right_id" BIGINT NOT NULL, ` +
			`PRIMARY KEY ("role_id", "right_id"), ` +
			`FOREIGN KEY ("role_id") REFERENCES "shop_roles" ("id") ON DELETE CASCADE, ` +
			`FOREIGN KEY ("right_id") REFERENCES "shop_rights" ("id") ON DELETE CASCADE)`,
		`CREATE TABLE "shop_categories" (` +
			`"id" BIGSERIAL NOT NULL, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"parent_id" BIGINT NOT NULL, ` +
			`"level" BIGINT NOT NULL, ` +
			`"deleted" BOOLEAN NOT NULL, ` +
			`PRIMARY KEY ("id"))`,
		`CREATE TABLE "shop_attributes" (` +
			`"id" BIGSERIAL NOT NULL, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"category_id" BIGINT NOT NULL, ` +
			`"kind" VARCHAR NOT NULL, ` +
			`"values" VARCHAR NOT NULL, ` +
			`PRIMARY KEY ("id"), ` +
			`FOREIGN KEY ("category_id") REFERENCES "shop_categories" ("id"))`,
		`CREATE TABLE "shop_goods" (` +
			`"id" BIGSERIAL NOT NULL, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"category_path" VARCHAR NOT NULL, ` +
			`"category_id" BIGINT NOT NULL, ` +
			`"price" DOUBLE PRECISION NOT NULL, ` +
			`"number" BIGINT NOT NULL, ` +
			`"weight" DOUBLE PRECISION NOT NULL, ` +
			`"introduction" VARCHAR NOT NULL, ` +
			`"state" BIGINT NOT NULL, ` +
			`"big_logo" VARCHAR NOT NULL, ` +
			`"small_logo" VARCHAR NOT NULL, ` +
			`"hot_number" BIGINT NOT NULL, ` +
			`"promoted" BOOLEAN NOT NULL, ` +
			`"deleted" BOOLEAN NOT NULL, ` +
			`"created_at" TIMESTAMPTZ NOT NULL, ` +
			`"updated_at" TIMESTAMPTZ NOT NULL, ` +
			`"deleted_at" TIMESTAMPTZ, ` +
			`PRIMARY KEY ("id"))`,
		`CREATE TABLE "shop_goods_pics" (` +
			`"id" BIGSERIAL NOT NULL, ` +
			`"goods_id" BIGINT NOT NULL, ` +
			`"big" VARCHAR NOT NULL, ` +
			`"mid" VARCHAR NOT NULL, ` +
			`"small" VARCHAR NOT NULL, ` +
			`PRIMARY KEY ("id"), ` +
			`FOREIGN KEY ("goods_id") REFERENCES "shop_goods" ("id") ON DELETE CASCADE)`,
		`CREATE TABLE "shop_goods_attrs" (` +
			`"id" BIGSERIAL NOT NULL, ` +
			`"goods_id" BIGINT NOT NULL, ` +
			`"attribute_id" BIGINT NOT NULL, ` +
			`"value" VARCHAR NOT NULL, ` +
			`"add_price" DOUBLE PRECISION, ` +
			`PRIMARY KEY ("id"), ` +
			`FOREIGN KEY ("goods_id") REFERENCES "shop_goods" ("id") ON DELETE CASCADE, ` +
			`FOREIGN KEY ("attribute_id") REFERENCES "shop_attributes" ("id") ON DELETE CASCADE)`,
		`CREATE TABLE "shop_orders" (` +
			`"id" BIGSERIAL NOT NULL, ` +
			`"number" VARCHAR NOT NULL, ` +
			`"user_id" BIGINT NOT NULL, ` +
			`"price" DOUBLE PRECISION NOT NULL, ` +
			`"pay_method" BIGINT NOT NULL, ` +
			`"sent" BOOLEAN NOT NULL, ` +
			`"trade_number" VARCHAR NOT NULL, ` +
			`"invoice_title" VARCHAR NOT NULL, ` +
			`"invoice_company" VARCHAR NOT NULL, ` +
			`"invoice_content" VARCHAR NOT NULL, ` +
			`"consignee_address" VARCHAR NOT NULL, ` +
			`"paid" BOOLEAN NOT NULL, ` +
			`"created_at" TIMESTAMPTZ NOT NULL, ` +
			`"updated_at" TIMESTAMPTZ NOT NULL, ` +
			`PRIMARY KEY ("id"))`,
		`CREATE UNIQUE INDEX "shop_orders_number" ON "shop_orders" ("number")`,
		`CREATE TABLE "shop_order_lines" (` +
			`"id" BIGSERIAL NOT NULL, ` +
			`"order_id" BIGINT NOT NULL, ` +
			`"goods_id" BIGINT NOT NULL, ` +
			`"price" DOUBLE PRECISION NOT NULL, ` +
			`"number" BIGINT NOT NULL, ` +
			`"total" DOUBLE PRECISION NOT NULL, ` +
			`PRIMARY KEY ("id"), ` +
			`FOREIGN KEY ("order_id") REFERENCES "shop_orders" ("id") ON DELETE CASCADE, ` +
			`FOREIGN KEY ("goods_id") REFERENCES "shop_goods" ("id"))`,
		`CREATE TABLE "tracking_events" (` +
			`"id" BIGSERIAL NOT NULL, ` +
			`"tracking_number" VARCHAR NOT NULL, ` +
			`"time" TIMESTAMPTZ NOT NULL, ` +
			`"context" VARCHAR NOT NULL, ` +
			`"location" VARCHAR, ` +
			`PRIMARY KEY ("id"))`,
		`CREATE UNIQUE INDEX "shop_goods_live_name" ON "shop_goods" ("name") WHERE (NOT deleted)`,
		`CREATE INDEX "tracking_events_number" ON "tracking_events" ("tracking_number", "time")`,
	},
	dialect.SQLite: {
		`ALTER TABLE "accounts" ADD mobile VARCHAR NOT NULL DEFAULT ''`,
		`ALTER TABLE "accounts" ADD email VARCHAR NOT NULL DEFAULT ''`,
		`ALTER TABLE "accounts" ADD shop_role_id BIGINT`,
		`ALTER TABLE "accounts" ADD builtin BOOLEAN NOT NULL DEFAULT FALSE`,
		`CREATE TABLE "shop_rights" (` +
			`"id" INTEGER NOT NULL, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"parent_id" INTEGER NOT NULL, ` +
			`"level" INTEGER NOT NULL, ` +
			`"path" VARCHAR NOT NULL, ` +
			`"operation" VARCHAR NOT NULL, ` +
			`"sort_order" INTEGER NOT NULL, ` +
			`PRIMARY KEY ("id"))`,
		`CREATE TABLE "shop_roles" (` +
			`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"description" VARCHAR NOT NULL, ` +
			`UNIQUE ("name"))`,
		`CREATE TABLE "shop_role_rights" (` +
			`"role_id" INTEGER NOT NULL, ` +
			`"right_id" INTEGER NOT NULL, ` +
			`PRIMARY KEY ("role_id", "right_id"), ` +
			`FOREIGN KEY ("role_id") REFERENCES "shop_roles" ("id") ON DELETE CASCADE, ` +
			`FOREIGN KEY ("right_id") REFERENCES "shop_rights" ("id") ON DELETE CASCADE)`,
		`CREATE TABLE "shop_categories" (` +
			`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"parent_id" INTEGER NOT NULL, ` +
			`"level" INTEGER NOT NULL, ` +
			`"deleted" BOOLEAN NOT NULL)`,
		`CREATE TABLE "shop_attributes" (` +
			`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"category_id" INTEGER NOT NULL, ` +
			`"kind" VARCHAR NOT NULL, ` +
			`"values" VARCHAR NOT NULL, ` +
			`FOREIGN KEY ("category_id") REFERENCES "shop_categories" ("id"))`,
		`CREATE TABLE "shop_goods" (` +
			`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"category_path" VARCHAR NOT NULL, ` +
			`"category_id" INTEGER NOT NULL, ` +
			`"price" DOUBLE PRECISION NOT NULL, ` +
			`"number" INTEGER NOT NULL, ` +
			`"weight" DOUBLE PRECISION NOT NULL, ` +
			`"introduction" VARCHAR NOT NULL, ` +
			`"state" INTEGER NOT NULL, ` +
			`"big_logo" VARCHAR NOT NULL, ` +
			`"small_logo" VARCHAR NOT NULL, ` +
			`"hot_number" INTEGER NOT NULL, ` +
			`"promoted" BOOLEAN NOT NULL, ` +
			`"deleted" BOOLEAN NOT NULL, ` +
			`"created_at" TIMESTAMP NOT NULL, ` +
			`"updated_at" TIMESTAMP NOT NULL, ` +
			`"deleted_at" TIMESTAMP)`,
		`CREATE TABLE "shop_goods_pics" (` +
			`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ` +
			`"goods_id" INTEGER NOT NULL, ` +
			`"big" VARCHAR NOT NULL, ` +
			`"mid" VARCHAR NOT NULL, ` +
			`"small" VARCHAR NOT NULL, ` +
			`FOREIGN KEY ("goods_id") REFERENCES "shop_goods" ("id") ON DELETE CASCADE)`,
		`CREATE TABLE "shop_goods_attrs" (` +
			`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ` +
			`"goods_id" INTEGER NOT NULL, ` +
			`"attribute_id" INTEGER NOT NULL, ` +
			`"value" VARCHAR NOT NULL, ` +
			`"add_price" DOUBLE PRECISION, ` +
			`FOREIGN KEY ("goods_id") REFERENCES "shop_goods" ("id") ON DELETE CASCADE, ` +
			`FOREIGN KEY ("attribute_id") REFERENCES "shop_attributes" ("id") ON DELETE CASCADE)`,
		`CREATE TABLE "shop_orders" (` +
			`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ` +
			`"number" VARCHAR NOT NULL, ` +
			`"user_id" INTEGER NOT NULL, ` +
			`"price" DOUBLE PRECISION NOT NULL, ` +
			`"pay_method" INTEGER NOT NULL, ` +
			`"sent" BOOLEAN NOT NULL, ` +
			`"trade_number" VARCHAR NOT NULL, ` +
			`"invoice_title" VARCHAR NOT NULL, ` +
			`"invoice_company" VARCHAR NOT NULL, ` +
			`"invoice_content" VARCHAR NOT NULL, ` +
			`"consignee_address" VARCHAR NOT NULL, ` +
			`"paid" BOOLEAN NOT NULL, ` +
			`"created_at" TIMESTAMP NOT NULL, ` +
			`"updated_at" TIMESTAMP NOT NULL)`,
		`CREATE UNIQUE INDEX "shop_orders_number" ON "shop_orders" ("number")`,
		`CREATE TABLE "shop_order_lines" (` +
			`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ` +
			`"order_id" INTEGER NOT NULL, ` +
			`"goods_id" INTEGER NOT NULL, ` +
			`"price" DOUBLE PRECISION NOT NULL, ` +
			`"number" INTEGER NOT NULL, ` +
			`"total" DOUBLE PRECISION NOT NULL, ` +
			`FOREIGN KEY ("order_id") REFERENCES "shop_orders" ("id") ON DELETE CASCADE, ` +
			`FOREIGN KEY ("goods_id") REFERENCES "shop_goods" ("id"))`,
		`CREATE TABLE "tracking_events" (` +
			`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ` +
			`"tracking_number" VARCHAR NOT NULL, ` +
			`"time" TIMESTAMP NOT NULL, ` +
			`"context" VARCHAR NOT NULL, ` +
			`"location" VARCHAR)`,
		`CREATE UNIQUE INDEX "shop_goods_live_name" ON "shop_goods" ("name") WHERE (NOT deleted)`,
		`CREATE INDEX "tracking_events_number" ON "tracking_events" ("tracking_number", "time")`,
	},
}

// shopSeed is the rights tree of the legacy shop server, role 0 (the
// super-admin, given explicitly: an autoincrement column would skip 0), and
// the built-in mark for an admin made before this step.
var shopSeed = both(
	`INSERT INTO "shop_rights" ("id", "name", "parent_id", "level", "path", "operation", "sort_order") VALUES `+
		`(101, '商品管理', 0, 0, 'goods', '', 3), `+
		`(102, '订单管理', 0, 0, 'orders', '', 4), `+
		`(103, '权限管理', 0, 0, 'rights', '', 2), `+
		`(104, '商品列表', 101, 1, 'goods', 'GoodService.getAllGoods', 1), `+
		`(105, '添加商品', 104, 2, 'goods', 'GoodService.createGood', 0), `+
		`(107, '订单列表', 102, 1, 'orders', 'OrderService.getAllOrders', 0), `+
		`(109, '添加订单', 107, 2, 'orders', 'OrderService.createOrder', 0), `+
		`(110, '用户列表', 125, 1, 'users', 'ManagerService.getAllManagers', 0), `+
		`(111, '角色列表', 103, 1, 'roles', 'RoleService.getAllRoles', 0), `+
		`(112, '权限列表', 103, 1, 'rights', 'RightService.getAllRights', 0), `+
		`(115, '分类参数', 101, 1, 'params', 'CategoryService.getAttributes', 2), `+
		`(116, '商品修改', 104, 2, 'goods', 'GoodService.updateGood', 0), `+
		`(117, '商品删除', 104, 2, 'goods', 'GoodService.deleteGood', 0), `+
		`(121, '商品分类', 101, 1, 'categories', 'CategoryService.getAllCategories', 3), `+
		`(122, '添加分类', 121, 2, 'categories', 'CategoryService.addCategory', 0), `+
		`(123, '删除分类', 121, 2, 'categories', 'CategoryService.deleteCategory', 0), `+
		`(125, '用户管理', 0, 0, 'users', '', 1), `+
		`(129, '添加角色', 111, 2, 'roles', 'RoleService.createRole', 0), `+
		`(130, '删除角色', 111, 2, 'roles', 'RoleService.deleteRole', 0), `+
		`(131, '添加用户', 110, 2, 'users', 'ManagerService.createManager', 0), `+
		`(132, '删除用户', 110, 2, 'users', 'ManagerService.deleteManager', 0), `+
		`(133, '更新用户', 110, 2, 'users', 'ManagerService.updateManager', 0), `+
		`(134, '角色授权', 111, 2, 'roles', 'RoleService.updateRoleRight', 0), `+
		`(135, '取消角色授权', 111, 2, 'roles', 'RoleService.deleteRoleRight', 0), `+
		`(136, '获取用户详情', 110, 2, 'users', 'ManagerService.getManager', 0), `+
		`(137, '分配用户角色', 110, 2, 'users', 'ManagerService.setRole', 0), `+
		`(138, '获取角色列表', 111, 2, 'roles', 'RoleService.getAllRoles', 0), `+
		`(139, '获取角色详情', 111, 2, 'roles', 'RoleService.getRoleById', 0), `+
		`(140, '更新角色信息', 111, 2, 'roles', 'RoleService.updateRole', 0), `+
		`(141, '更新角色权限', 111, 2, 'roles', 'RoleService.updateRoleRight', 0), `+
		`(142, '获取参数列表', 115, 2, 'categories', 'AttributeService.getAttributes', 0), `+
		`(143, '创建商品参数', 115, 2, 'categories', 'AttributeService.createAttribute', 0), `+
		`(144, '删除商品参数', 115, 2, 'categories', 'AttributeService.deleteAttribute', 0), `+
		`(145, '数据统计', 0, 0, 'reports', '', 5), `+
		`(146, '数据报表', 145, 1, 'reports', '', 0), `+
		`(147, '查看权限', 112, 2, 'rights', 'RightService.getAllRights', 0), `+
		`(148, '查看数据', 146, 2, 'reports', '', 0), `+
		`(149, '获取分类详情', 121, 2, 'categories', 'CategoryService.getCategoryById', 0), `+
		`(150, '更新商品图片', 104, 2, 'goods', 'GoodService.updateGoodPics', 0), `+
		`(151, '更新商品属性', 104, 2, 'goods', 'GoodService.updateGoodAttributes', 0), `+
		`(152, '更新商品状态', 104, 2, 'goods', 'GoodService.updateGoodsState', 0), `+
		`(153, '获取商品详情', 104, 2, 'goods', 'GoodService.getGoodById', 0), `+
		`(154, '订单更新', 107, 2, 'orders', 'OrderService.updateOrder', 0), `+
		`(155, '获取订单详情', 107, 2, 'orders', 'OrderService.getOrder', 0), `+
		`(156, '分类参数添加', 101, 2, 'categories', 'CategoryService.createAttribute', 0), `+
		`(157, '分类参数删除', 101, 2, 'categories', 'CategoryService.deleteAttribute', 0), `+
		`(158, '分类参数详情', 101, 2, 'categories', 'CategoryService.attributeById', 0), `+
		`(159, '设置管理状态', 110, 2, 'users', 'ManagerService.updateMgrState', 0)`,
	`INSERT INTO shop_roles (id, name, description) VALUES (0, '超级管理员', '拥有全部权限')`,
	`UPDATE "accounts" SET shop_role_id = 0, builtin = TRUE WHERE username = 'admin'`,
)

var shopDown = both(
	`DROP TABLE "tracking_events"`,
	`DROP TABLE "shop_order_lines"`,
	`DROP TABLE "shop_orders"`,
	`DROP TABLE "shop_goods_attrs"`,
	`DROP TABLE "shop_goods_pics"`,
	`DROP TABLE "shop_goods"`,
	`DROP TABLE "shop_attributes"`,
	`DROP TABLE "shop_categories"`,
	`DROP TABLE "shop_role_rights"`,
	`DROP TABLE "shop_roles"`,
	`DROP TABLE "shop_rights"`,
	`ALTER TABLE "accounts" DROP COLUMN builtin`,
	`ALTER TABLE "accounts" DROP COLUMN shop_role_id`,
	`ALTER TABLE "accounts" DROP COLUMN email`,
	`ALTER TABLE "accounts" DROP COLUMN mobile`,
)
