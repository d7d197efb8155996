package migrations

import (
	"github.com/uptrace/bun/dialect"
)

// Merchant management (/custommanage/): cities and their two levels of
// areas, stations (warehouses) and the cities they deliver to, groups of
// employees, sale menus (price lists) offered at stations, merchant labels,
// merchants (accounts) and their restaurants, each restaurant bound to sale
// menus at stations. Ids that the legacy clients see keep their legacy
// numbers: areas their big integers, employees and merchants their
// account's id.
func init() {
	Migrations.MustRegister(run(merchantsUp), run(merchantsDown))
}

// merchantsTables differ by dialect only in how a key is generated and
// what a float and a moment are called.
func merchantsTables(serial, float, moment string) []string {
	return []string{
		`CREATE TABLE "merchant_cities" (` +
			`"code" VARCHAR NOT NULL PRIMARY KEY, ` +
			`"name" VARCHAR NOT NULL)`,
		`CREATE TABLE "merchant_areas" (` +
			`"id" BIGINT NOT NULL PRIMARY KEY, ` +
			`"city_code" VARCHAR NOT NULL REFERENCES "merchant_cities" ("code"), ` +
			`"parent_id" BIGINT REFERENCES "merchant_areas" ("id"), ` +
			`"name" VARCHAR NOT NULL)`,
		`CREATE INDEX "merchant_areas_city_code_idx" ON "merchant_areas" ("city_code")`,
		`CREATE INDEX "merchant_areas_parent_id_idx" ON "merchant_areas" ("parent_id")`,
		`CREATE TABLE "merchant_stations" (` +
			`"id" ` + serial + `, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"city_code" VARCHAR NOT NULL REFERENCES "merchant_cities" ("code"), ` +
			`"key_url" VARCHAR NOT NULL DEFAULT '')`,
		// The cities a station delivers to, in the order they were given.
		`CREATE TABLE "merchant_station_cities" (` +
			`"station_id" BIGINT NOT NULL REFERENCES "merchant_stations" ("id"), ` +
			`"city_code" VARCHAR NOT NULL REFERENCES "merchant_cities" ("code"), ` +
			`"position" INTEGER NOT NULL, ` +
			`PRIMARY KEY ("station_id", "city_code"))`,
		`CREATE TABLE "merchant_groups" (` +
			`"id" ` + serial + `, ` +
			`"name" VARCHAR NOT NULL UNIQUE)`,
		`CREATE TABLE "merchant_employees" (` +
			`"account_id" BIGINT NOT NULL PRIMARY KEY REFERENCES "accounts" ("id"), ` +
			`"group_id" BIGINT NOT NULL REFERENCES "merchant_groups" ("id"), ` +
			`"name" VARCHAR NOT NULL, ` +
			`"district_code" VARCHAR, ` +
			`"phone" VARCHAR NOT NULL DEFAULT '', ` +
			`"account_manager" BOOLEAN NOT NULL, ` +
			`"sales_manager" BOOLEAN NOT NULL)`,
		`CREATE INDEX "merchant_employees_group_id_idx" ON "merchant_employees" ("group_id")`,
		`CREATE TABLE "merchant_sale_menus" (` +
			`"id" ` + serial + `, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"group_id" BIGINT NOT NULL REFERENCES "merchant_groups" ("id"))`,
		`CREATE INDEX "merchant_sale_menus_group_id_idx" ON "merchant_sale_menus" ("group_id")`,
		// Which sale menus each station offers.
		`CREATE TABLE "merchant_station_sale_menus" (` +
			`"station_id" BIGINT NOT NULL REFERENCES "merchant_stations" ("id"), ` +
			`"sale_menu_id" BIGINT NOT NULL REFERENCES "merchant_sale_menus" ("id"), ` +
			`PRIMARY KEY ("station_id", "sale_menu_id"))`,
		`CREATE INDEX "merchant_station_sale_menus_sale_menu_id_idx" ON "merchant_station_sale_menus" ("sale_menu_id")`,
		`CREATE TABLE "merchant_labels" (` +
			`"id" ` + serial + `, ` +
			`"name" VARCHAR NOT NULL)`,
		// A merchant is an account; money is kept in fen, never as a float.
		`CREATE TABLE "merchants" (` +
			`"account_id" BIGINT NOT NULL PRIMARY KEY REFERENCES "accounts" ("id"), ` +
			`"company_name" VARCHAR NOT NULL, ` +
			`"customer_type" INTEGER NOT NULL, ` +
			`"balance_fen" BIGINT NOT NULL DEFAULT 0, ` +
			`"points" BIGINT NOT NULL DEFAULT 0, ` +
			`"whitelisted" BOOLEAN NOT NULL, ` +
			`"finance_status" INTEGER NOT NULL, ` +
			`"account_manager_id" BIGINT REFERENCES "merchant_employees" ("account_id"), ` +
			`"sales_manager_id" BIGINT REFERENCES "merchant_employees" ("account_id"))`,
		`CREATE INDEX "merchants_account_manager_id_idx" ON "merchants" ("account_manager_id")`,
		`CREATE INDEX "merchants_sales_manager_id_idx" ON "merchants" ("sales_manager_id")`,
		`CREATE TABLE "merchant_restaurants" (` +
			`"id" ` + serial + `, ` +
			`"merchant_id" BIGINT NOT NULL REFERENCES "merchants" ("account_id"), ` +
			`"name" VARCHAR NOT NULL, ` +
			`"phone" VARCHAR NOT NULL DEFAULT '', ` +
			`"receiver_name" VARCHAR NOT NULL, ` +
			`"receiver_phone" VARCHAR NOT NULL, ` +
			`"payer_name" VARCHAR NOT NULL DEFAULT '', ` +
			`"payer_phone" VARCHAR NOT NULL DEFAULT '', ` +
			`"city_code" VARCHAR NOT NULL REFERENCES "merchant_cities" ("code"), ` +
			`"area_id" BIGINT NOT NULL REFERENCES "merchant_areas" ("id"), ` +
			`"street_id" BIGINT NOT NULL REFERENCES "merchant_areas" ("id"), ` +
			`"address" VARCHAR NOT NULL, ` +
			`"latitude" ` + float + `, ` +
			`"longitude" ` + float + `, ` +
			`"map_address" VARCHAR NOT NULL DEFAULT '', ` +
			`"review_state" INTEGER NOT NULL, ` +
			`"label_id" BIGINT REFERENCES "merchant_labels" ("id"), ` +
			`"settle_way" INTEGER NOT NULL, ` +
			`"settlement_cycle" INTEGER NOT NULL, ` +
			`"credit_mode" INTEGER NOT NULL, ` +
			`"credit_limit_fen" BIGINT, ` +
			`"effective_date" VARCHAR, ` +
			`"begin_day" INTEGER, ` +
			`"settle_day" INTEGER, ` +
			`"date_basis" INTEGER NOT NULL, ` +
			`"remind_days" INTEGER, ` +
			`"created_at" ` + moment + ` NOT NULL, ` +
			`"deleted_at" ` + moment + `)`,
		`CREATE INDEX "merchant_restaurants_merchant_id_idx" ON "merchant_restaurants" ("merchant_id")`,
		`CREATE INDEX "merchant_restaurants_created_at_idx" ON "merchant_restaurants" ("created_at", "id")`,
		// The search's filters and the foreign keys' checks.
		`CREATE INDEX "merchant_restaurants_city_code_idx" ON "merchant_restaurants" ("city_code")`,
		`CREATE INDEX "merchant_restaurants_area_id_idx" ON "merchant_restaurants" ("area_id")`,
		`CREATE INDEX "merchant_restaurants_street_id_idx" ON "merchant_restaurants" ("street_id")`,
		`CREATE INDEX "merchant_restaurants_label_id_idx" ON "merchant_restaurants" ("label_id")`,
		// A restaurant's sale menus: each binding is a record of its own
		// (the legacy record_id), a sale menu at one of its stations.
		`CREATE TABLE "merchant_restaurant_sale_menus" (` +
			`"id" ` + serial + `, ` +
			`"restaurant_id" BIGINT NOT NULL REFERENCES "merchant_restaurants" ("id"), ` +
			`"station_id" BIGINT NOT NULL, ` +
			`"sale_menu_id" BIGINT NOT NULL, ` +
			`FOREIGN KEY ("station_id", "sale_menu_id") REFERENCES "merchant_station_sale_menus" ("station_id", "sale_menu_id"), ` +
			`UNIQUE ("restaurant_id", "station_id", "sale_menu_id"))`,
		`CREATE INDEX "merchant_restaurant_sale_menus_sale_menu_id_idx" ON "merchant_restaurant_sale_menus" ("sale_menu_id", "restaurant_id")`,
		`CREATE INDEX "merchant_restaurant_sale_menus_station_id_idx" ON "merchant_restaurant_sale_menus" ("station_id", "restaurant_id")`,
	}
}

var merchantsUp = script{
	dialect.PG:     merchantsTables(`BIGSERIAL NOT NULL PRIMARY KEY`, `DOUBLE PRECISION`, `TIMESTAMPTZ`),
	dialect.SQLite: merchantsTables(`INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT`, `REAL`, `TIMESTAMP`),
}

var merchantsDown = both(
	`DROP TABLE "merchant_restaurant_sale_menus"`,
	`DROP TABLE "merchant_restaurants"`,
	`DROP TABLE "merchants"`,
	`DROP TABLE "merchant_labels"`,
	`DROP TABLE "merchant_station_sale_menus"`,
	`DROP TABLE "merchant_sale_menus"`,
	`DROP TABLE "merchant_employees"`,
	`DROP TABLE "merchant_groups"`,
	`DROP TABLE "merchant_station_cities"`,
	`DROP TABLE "merchant_stations"`,
	`DROP TABLE "merchant_areas"`,
	`DROP TABLE "merchant_cities"`,
)
