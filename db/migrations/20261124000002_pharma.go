package migrations

import (
	"github.com/uptrace/bun/dialect"
)

// The pharma back office: customers, medicines, orders and their lines.
func init() {
	Migrations.MustRegister(run(pharmaUp), run(pharmaDown))
}

var pharmaUp = script{
	dialect.PG: {
		`CREATE TABLE "pharma_customers" (` +
			`"id" BIGSERIAL NOT NULL, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"phone_number" VARCHAR NOT NULL, ` +
			`"address" VARCHAR NOT NULL, ` +
			`PRIMARY KEY ("id"), ` +
			`UNIQUE ("name"))`,
		`CREATE TABLE "medicines" (` +
			`"id" BIGSERIAL NOT NULL, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"sn" VARCHAR NOT NULL, ` +
			`"description" VARCHAR NOT NULL, ` +
			`PRIMARY KEY ("id"), ` +
			`UNIQUE ("name"))`,
		`CREATE TABLE "pharma_orders" (` +
			`"id" BIGSERIAL NOT NULL, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"customer_id" BIGINT NOT NULL, ` +
			`"created_at" TIMESTAMPTZ NOT NULL, ` +
			`PRIMARY KEY ("id"), ` +
			`UNIQUE ("name"), ` +
			`FOREIGN KEY ("customer_id") REFERENCES "pharma_customers" ("id"))`,
		`CREATE TABLE "pharma_order_lines" (` +
			`"id" BIGSERIAL NOT NULL, ` +
			`"order_id" BIGINT NOT NULL, ` +
			`"medicine_id" BIGINT NOT NULL, ` +
			`"amount" BIGINT NOT NULL, ` +
			`PRIMARY KEY ("id"), ` +
			`FOREIGN KEY ("order_id") REFERENCES "pharma_orders" ("id") ON DELETE CASCADE, ` +
			`FOREIGN KEY ("medicine_id") REFERENCES "medicines" ("id"))`,
		`CREATE UNIQUE INDEX "pharma_order_lines_order_medicine" ON "pharma_order_lines" ("order_id", "medicine_id")`,
	},
	dialect.SQLite: {
		`CREATE TABLE "pharma_customers" (` +
			`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"phone_number" VARCHAR NOT NULL, ` +
			`"address" VARCHAR NOT NULL, ` +
			`UNIQUE ("name"))`,
		`CREATE TABLE "medicines" (` +
			`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"sn" VARCHAR NOT NULL, ` +
			`"description" VARCHAR NOT NULL, ` +
			`UNIQUE ("name"))`,
		`CREATE TABLE "pharma_orders" (` +
			`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ` +
			`"name" VARCHAR NOT NULL, ` +
			`"customer_id" INTEGER NOT NULL, ` +
			`"created_at" TIMESTAMP NOT NULL, ` +
			`UNIQUE ("name"), ` +
			`FOREIGN KEY ("customer_id") REFERENCES "pharma_customers" ("id"))`,
		`CREATE TABLE "pharma_order_lines" (` +
			`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ` +
			`"order_id" INTEGER NOT NULL, ` +
			`"medicine_id" INTEGER NOT NULL, ` +
			`"amount" INTEGER NOT NULL, ` +
			`FOREIGN KEY ("order_id") REFERENCES "pharma_orders" ("id") ON DELETE CASCADE, ` +
			`FOREIGN KEY ("medicine_id") REFERENCES "medicines" ("id"))`,
		`CREATE UNIQUE INDEX "pharma_order_lines_order_medicine" ON "pharma_order_lines" ("order_id", "medicine_id")`,
	},
}

var pharmaDown = both(
	`DROP TABLE "pharma_order_lines"`,
	`DROP TABLE "pharma_orders"`,
	`DROP TABLE "medicines"`,
	`DROP TABLE "pharma_customers"`,
)
