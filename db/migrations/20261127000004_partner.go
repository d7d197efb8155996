package migrations

import (
	"github.com/uptrace/bun/dialect"
)

// The B2B partner API (/partner/): enterprises and their partner accounts,
// goods listings (each on a goods of the one catalog, shop_goods), CRM
// customers, relations between enterprises by kind, discounts per kind,
// goods black and white lists, order reminders, and orders: a parent order
// per request with a line (the child order, the legacy order_id) per goods,
// each with its own state and shipment. Money is kept in fen; discounts in
// hundredths of a percent (9850 = 98.50%).
func init() {
	Migrations.MustRegister(run(partnerUp), run(partnerDown))
}

func partnerTables(serial, moment string) []string {
	return []string{
		`CREATE TABLE "partner_enterprises" (` +
			`"id" ` + serial + `, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"address" VARCHAR NOT NULL DEFAULT '', ` +
			`"tell" VARCHAR NOT NULL DEFAULT '', ` +
			`"legal_man" VARCHAR NOT NULL DEFAULT '', ` +
			`"created_at" ` + moment + ` NOT NULL)`,
		// A partner account is an account of role PARTNER in one enterprise;
		// what registration asks beyond the account's own columns.
		`CREATE TABLE "partner_accounts" (` +
			`"account_id" BIGINT NOT NULL PRIMARY KEY REFERENCES "accounts" ("id"), ` +
			`"enterprise_id" BIGINT NOT NULL REFERENCES "partner_enterprises" ("id"), ` +
			`"real_name" VARCHAR NOT NULL DEFAULT '', ` +
			`"sex" VARCHAR NOT NULL DEFAULT '', ` +
			`"education" VARCHAR NOT NULL DEFAULT '')`,
		`CREATE INDEX "partner_accounts_enterprise_id_idx" ON "partner_accounts" ("enterprise_id")`,
		// Relation kinds are data: the operator may add more than the three
		// the partner document names.
		`CREATE TABLE "partner_relation_kinds" (` +
			`"id" ` + serial + `, ` +
			`"name" VARCHAR NOT NULL UNIQUE)`,
		`INSERT INTO "partner_relation_kinds" ("id", "name") VALUES (1, '竞争关系'), (2, '普通关系'), (3, '商友')`,
		// An enterprise's listing of a catalog goods under its own goods code.
		`CREATE TABLE "partner_listings" (` +
			`"id" ` + serial + `, ` +
			`"enterprise_id" BIGINT NOT NULL REFERENCES "partner_enterprises" ("id"), ` +
			`"goods_code" VARCHAR NOT NULL, ` +
			`"goods_id" BIGINT NOT NULL REFERENCES "shop_goods" ("id"), ` +
			`"oe_number" VARCHAR NOT NULL, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"brand" VARCHAR NOT NULL DEFAULT '', ` +
			`"quality" VARCHAR NOT NULL DEFAULT '', ` +
			`"price_fen" BIGINT NOT NULL, ` +
			`"stock" BIGINT NOT NULL CHECK ("stock" >= 0), ` +
			`"created_at" ` + moment + ` NOT NULL, ` +
			`"updated_at" ` + moment + ` NOT NULL, ` +
			`UNIQUE ("enterprise_id", "goods_code"))`,
		`CREATE INDEX "partner_listings_oe_number_idx" ON "partner_listings" ("oe_number")`,
		`CREATE INDEX "partner_listings_goods_id_idx" ON "partner_listings" ("goods_id")`,
		`CREATE TABLE "partner_customers" (` +
			`"id" ` + serial + `, ` +
			`"enterprise_id" BIGINT NOT NULL REFERENCES "partner_enterprises" ("id"), ` +
			`"name" VARCHAR NOT NULL, ` +
			`"phone" VARCHAR NOT NULL DEFAULT '', ` +
			`"address" VARCHAR NOT NULL DEFAULT '', ` +
			`"trade" VARCHAR NOT NULL DEFAULT '', ` +
			`"created_at" ` + moment + ` NOT NULL)`,
		`CREATE INDEX "partner_customers_enterprise_id_idx" ON "partner_customers" ("enterprise_id", "id")`,
		`CREATE TABLE "partner_relations" (` +
			`"id" ` + serial + `, ` +
			`"enterprise_id" BIGINT NOT NULL REFERENCES "partner_enterprises" ("id"), ` +
			`"target_id" BIGINT NOT NULL REFERENCES "partner_enterprises" ("id"), ` +
			`"kind_id" BIGINT NOT NULL REFERENCES "partner_relation_kinds" ("id"), ` +
			`UNIQUE ("enterprise_id", "target_id"))`,
		`CREATE INDEX "partner_relations_target_id_idx" ON "partner_relations" ("target_id")`,
		// listing_id NULL is the document's "*": every goods of the enterprise.
		`CREATE TABLE "partner_discounts" (` +
			`"id" ` + serial + `, ` +
			`"enterprise_id" BIGINT NOT NULL REFERENCES "partner_enterprises" ("id"), ` +
			`"kind_id" BIGINT NOT NULL REFERENCES "partner_relation_kinds" ("id"), ` +
			`"listing_id" BIGINT REFERENCES "partner_listings" ("id"), ` +
			`"discount" INTEGER NOT NULL CHECK ("discount" BETWEEN 1 AND 10000))`,
		`CREATE UNIQUE INDEX "partner_discounts_goods_key" ON "partner_discounts" ("enterprise_id", "kind_id", "listing_id") WHERE "listing_id" IS NOT NULL`,
		`CREATE UNIQUE INDEX "partner_discounts_all_goods_key" ON "partner_discounts" ("enterprise_id", "kind_id") WHERE "listing_id" IS NULL`,
		// A seller's black or white list entry: a target enterprise, for one
		// listing or (listing_id NULL, "*") for all its goods.
		`CREATE TABLE "partner_goods_lists" (` +
			`"id" ` + serial + `, ` +
			`"enterprise_id" BIGINT NOT NULL REFERENCES "partner_enterprises" ("id"), ` +
			`"listing_id" BIGINT REFERENCES "partner_listings" ("id"), ` +
			`"target_id" BIGINT NOT NULL REFERENCES "partner_enterprises" ("id"), ` +
			`"list_type" VARCHAR NOT NULL CHECK ("list_type" IN ('black', 'white')))`,
		`CREATE UNIQUE INDEX "partner_goods_lists_goods_key" ON "partner_goods_lists" ("enterprise_id", "listing_id", "target_id", "list_type") WHERE "listing_id" IS NOT NULL`,
		`CREATE UNIQUE INDEX "partner_goods_lists_all_goods_key" ON "partner_goods_lists" ("enterprise_id", "target_id", "list_type") WHERE "listing_id" IS NULL`,
		`CREATE TABLE "partner_orders" (` +
			`"id" ` + serial + `, ` +
			`"buyer_id" BIGINT NOT NULL REFERENCES "partner_enterprises" ("id"), ` +
			`"placed_by" BIGINT NOT NULL REFERENCES "accounts" ("id"), ` +
			`"created_at" ` + moment + ` NOT NULL)`,
		`CREATE INDEX "partner_orders_buyer_id_idx" ON "partner_orders" ("buyer_id", "id")`,
		// A line is the child order: one seller's goods, its own state. Its
		// stamp is the client's "WEBERP" timestamp, unique: a replay finds it.
		`CREATE TABLE "partner_order_lines" (` +
			`"id" ` + serial + `, ` +
			`"order_id" BIGINT NOT NULL REFERENCES "partner_orders" ("id"), ` +
			`"buyer_id" BIGINT NOT NULL REFERENCES "partner_enterprises" ("id"), ` +
			`"seller_id" BIGINT NOT NULL REFERENCES "partner_enterprises" ("id"), ` +
			`"listing_id" BIGINT NOT NULL REFERENCES "partner_listings" ("id"), ` +
			`"goods_code" VARCHAR NOT NULL, ` +
			`"goods_name" VARCHAR NOT NULL, ` +
			`"price_fen" BIGINT NOT NULL, ` +
			`"amount" BIGINT NOT NULL, ` +
			`"discount" INTEGER NOT NULL, ` +
			`"total_fen" BIGINT NOT NULL, ` +
			`"stamp" VARCHAR NOT NULL UNIQUE, ` +
			`"status" INTEGER NOT NULL, ` +
			`"created_at" ` + moment + ` NOT NULL, ` +
			`"updated_at" ` + moment + ` NOT NULL)`,
		`CREATE INDEX "partner_order_lines_order_id_idx" ON "partner_order_lines" ("order_id", "id")`,
		`CREATE INDEX "partner_order_lines_buyer_id_idx" ON "partner_order_lines" ("buyer_id", "id")`,
		`CREATE INDEX "partner_order_lines_seller_id_idx" ON "partner_order_lines" ("seller_id", "id")`,
		`CREATE INDEX "partner_order_lines_listing_id_idx" ON "partner_order_lines" ("listing_id")`,
		// What the seller said when shipping a line; its tracking events are
		// tracking_events under tracking_number (what /kuaidi/:id reads).
		`CREATE TABLE "partner_shipments" (` +
			`"line_id" BIGINT NOT NULL PRIMARY KEY REFERENCES "partner_order_lines" ("id"), ` +
			`"logistics_id" VARCHAR NOT NULL DEFAULT '', ` +
			`"logistics_name" VARCHAR NOT NULL DEFAULT '', ` +
			`"tracking_number" VARCHAR NOT NULL, ` +
			`"courier_id" VARCHAR NOT NULL DEFAULT '', ` +
			`"courier_name" VARCHAR NOT NULL DEFAULT '', ` +
			`"courier_tel" VARCHAR NOT NULL DEFAULT '', ` +
			`"sender_id" VARCHAR NOT NULL DEFAULT '', ` +
			`"sender_name" VARCHAR NOT NULL DEFAULT '', ` +
			`"sender_tel" VARCHAR NOT NULL DEFAULT '', ` +
			`"sender_address" VARCHAR NOT NULL DEFAULT '', ` +
			`"receiver_id" VARCHAR NOT NULL DEFAULT '', ` +
			`"receiver_name" VARCHAR NOT NULL DEFAULT '', ` +
			`"receiver_tel" VARCHAR NOT NULL DEFAULT '', ` +
			`"receiver_address" VARCHAR NOT NULL DEFAULT '', ` +
			`"shipped_at" ` + moment + ` NOT NULL, ` +
			`"received_at" ` + moment + `)`,
		`CREATE INDEX "partner_shipments_tracking_number_idx" ON "partner_shipments" ("tracking_number")`,
		// A reminder is one per sender and client timestamp.
		`CREATE TABLE "partner_reminders" (` +
			`"id" ` + serial + `, ` +
			`"type" INTEGER NOT NULL, ` +
			`"sender_id" BIGINT NOT NULL REFERENCES "partner_enterprises" ("id"), ` +
			`"receiver_id" BIGINT NOT NULL REFERENCES "partner_enterprises" ("id"), ` +
			`"message" VARCHAR NOT NULL, ` +
			`"order_ref" VARCHAR NOT NULL DEFAULT '', ` +
			`"op_type" INTEGER NOT NULL, ` +
			`"stamp" VARCHAR NOT NULL, ` +
			`"created_at" ` + moment + ` NOT NULL, ` +
			`UNIQUE ("sender_id", "stamp"))`,
		`CREATE INDEX "partner_reminders_receiver_id_idx" ON "partner_reminders" ("receiver_id", "id")`,
	}
}

var partnerUp = script{
	// The three kinds the migration writes keep their ids: new ones follow.
	dialect.PG: append(partnerTables(`BIGSERIAL NOT NULL PRIMARY KEY`, `TIMESTAMPTZ`),
		`SELECT setval(pg_get_serial_sequence('partner_relation_kinds', 'id'), 3)`),
	dialect.SQLite: partnerTables(`INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT`, `TIMESTAMP`),
}

var partnerDown = both(
	`DROP TABLE "partner_reminders"`,
	`DROP TABLE "partner_shipments"`,
	`DROP TABLE "partner_order_lines"`,
	`DROP TABLE "partner_orders"`,
	`DROP TABLE "partner_goods_lists"`,
	`DROP TABLE "partner_discounts"`,
	`DROP TABLE "partner_relations"`,
	`DROP TABLE "partner_customers"`,
	`DROP TABLE "partner_listings"`,
	`DROP TABLE "partner_relation_kinds"`,
	`DROP TABLE "partner_accounts"`,
	`DROP TABLE "partner_enterprises"`,
)
