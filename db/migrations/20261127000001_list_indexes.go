package migrations

// Indexes for the lookups and lists of package db, so that a page, an edge's
// batch or an in-use check reads the rows it needs instead of the whole
// table. Primary keys and unique constraints already serve the rest:
// pharma_order_lines.order_id (pharma_order_lines_order_medicine),
// shop_role_rights.role_id (its primary key), tracking events
// (tracking_events_number). LOWER(col) LIKE '%x%' searches cannot use a
// btree index and get none.
//
// IF NOT EXISTS: an operator of a large Postgres database may build these
// beforehand with CREATE INDEX CONCURRENTLY under the same names, so this
// step does not hold a write lock on a busy table while it builds them.
func init() {
	Migrations.MustRegister(run(listIndexesUp), run(listIndexesDown))
}

var listIndexesUp = both(
	// Deleting an account deletes its sessions (ON DELETE CASCADE).
	`CREATE INDEX IF NOT EXISTS "sessions_account_id_idx" ON "sessions" ("account_id")`,
	// RoleHeld: a role held by an account is not deleted.
	`CREATE INDEX IF NOT EXISTS "accounts_shop_role_id_idx" ON "accounts" ("shop_role_id")`,
	// CustomerHasOrders, and the foreign key's check when a customer is deleted.
	`CREATE INDEX IF NOT EXISTS "pharma_orders_customer_id_idx" ON "pharma_orders" ("customer_id")`,
	// MedicineInOrders, and the foreign key's check when a medicine is deleted.
	`CREATE INDEX IF NOT EXISTS "pharma_order_lines_medicine_id_idx" ON "pharma_order_lines" ("medicine_id")`,
	// TopCategories (parent_id = 0, live, by id, paged) and
	// ChildrenByParentIDs (parent_id IN, live, by id).
	`CREATE INDEX IF NOT EXISTS "shop_categories_live_parent_id_idx" ON "shop_categories" ("parent_id", "id") WHERE (NOT deleted)`,
	// Attributes (a category's attributes of one kind, by id) and the
	// category's attribute ids of DropForeignAttrs.
	`CREATE INDEX IF NOT EXISTS "shop_attributes_category_id_kind_idx" ON "shop_attributes" ("category_id", "kind", "id")`,
	// The goods list: live goods, newest first, paged.
	`CREATE INDEX IF NOT EXISTS "shop_goods_live_created_at_idx" ON "shop_goods" ("created_at" DESC, "id" DESC) WHERE (NOT deleted)`,
	// PicsByGoodsIDs, MissingPic, ReplacePics, and deleting goods (ON DELETE CASCADE).
	`CREATE INDEX IF NOT EXISTS "shop_goods_pics_goods_id_idx" ON "shop_goods_pics" ("goods_id")`,
	// AttrsByGoodsIDs, ReplaceAttrs, DropForeignAttrs, and deleting goods (ON DELETE CASCADE).
	`CREATE INDEX IF NOT EXISTS "shop_goods_attrs_goods_id_idx" ON "shop_goods_attrs" ("goods_id")`,
	// DeleteAttribute deletes the goods' values of it (ON DELETE CASCADE).
	`CREATE INDEX IF NOT EXISTS "shop_goods_attrs_attribute_id_idx" ON "shop_goods_attrs" ("attribute_id")`,
	// The order list: newest first, paged (the paid and sent filters are
	// too coarse for an index of their own: the scan in this order stops at
	// the page).
	`CREATE INDEX IF NOT EXISTS "shop_orders_created_at_idx" ON "shop_orders" ("created_at" DESC, "id" DESC)`,
	// The order list filtered by user: that user's orders, newest first.
	`CREATE INDEX IF NOT EXISTS "shop_orders_user_id_created_at_idx" ON "shop_orders" ("user_id", "created_at" DESC, "id" DESC)`,
	// LinesByOrderIDs, and deleting an order (ON DELETE CASCADE).
	`CREATE INDEX IF NOT EXISTS "shop_order_lines_order_id_idx" ON "shop_order_lines" ("order_id")`,
)

var listIndexesDown = both(
	`DROP INDEX IF EXISTS "shop_order_lines_order_id_idx"`,
	`DROP INDEX IF EXISTS "shop_orders_user_id_created_at_idx"`,
	`DROP INDEX IF EXISTS "shop_orders_created_at_idx"`,
	`DROP INDEX IF EXISTS "shop_goods_attrs_attribute_id_idx"`,
	`DROP INDEX IF EXISTS "shop_goods_attrs_goods_id_idx"`,
	`DROP INDEX IF EXISTS "shop_goods_pics_goods_id_idx"`,
	`DROP INDEX IF EXISTS "shop_goods_live_created_at_idx"`,
	`DROP INDEX IF EXISTS "shop_attributes_category_id_kind_idx"`,
	`DROP INDEX IF EXISTS "shop_categories_live_parent_id_idx"`,
	`DROP INDEX IF EXISTS "pharma_order_lines_medicine_id_idx"`,
	`DROP INDEX IF EXISTS "pharma_orders_customer_id_idx"`,
	`DROP INDEX IF EXISTS "accounts_shop_role_id_idx"`,
	`DROP INDEX IF EXISTS "sessions_account_id_idx"`,
)
