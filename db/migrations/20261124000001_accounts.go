package migrations

import (
	"github.com/uptrace/bun/dialect"
)

// Accounts and their sessions. Frozen SQL: the tables as bun built them from
// the models of the day (20261124000003 adds the shop columns to accounts).
func init() {
	Migrations.MustRegister(run(accountsUp), run(accountsDown))
}

var accountsUp = script{
	dialect.PG: {
		`CREATE TABLE "accounts" (` +
			`"id" BIGSERIAL NOT NULL, ` +
			`"username" VARCHAR NOT NULL, ` +
			`"password_hash" VARCHAR NOT NULL, ` +
			`"role" VARCHAR NOT NULL, ` +
			`"active" BOOLEAN NOT NULL, ` +
			`"nickname" VARCHAR, ` +
			`"birthdate" VARCHAR, ` +
			`"bio" VARCHAR, ` +
			`"created_at" TIMESTAMPTZ NOT NULL, ` +
			`PRIMARY KEY ("id"), ` +
			`UNIQUE ("username"))`,
		`CREATE TABLE "sessions" (` +
			`"id" VARCHAR NOT NULL, ` +
			`"account_id" BIGINT NOT NULL, ` +
			`"created_at" TIMESTAMPTZ NOT NULL, ` +
			`"expires_at" TIMESTAMPTZ NOT NULL, ` +
			`"revoked_at" TIMESTAMPTZ, ` +
			`PRIMARY KEY ("id"), ` +
			`FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE CASCADE)`,
	},
	dialect.SQLite: {
		`CREATE TABLE "accounts" (` +
			`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ` +
			`"username" VARCHAR NOT NULL, ` +
			`"password_hash" VARCHAR NOT NULL, ` +
			`"role" VARCHAR NOT NULL, ` +
			`"active" BOOLEAN NOT NULL, ` +
			`"nickname" VARCHAR, ` +
			`"birthdate" VARCHAR, ` +
			`"bio" VARCHAR, ` +
			`"created_at" TIMESTAMP NOT NULL, ` +
			`UNIQUE ("username"))`,
		`CREATE TABLE "sessions" (` +
			`"id" VARCHAR NOT NULL, ` +
			`"account_id" INTEGER NOT NULL, ` +
			`"created_at" TIMESTAMP NOT NULL, ` +
			`"expires_at" TIMESTAMP NOT NULL, ` +
			`"revoked_at" TIMESTAMP, ` +
			`PRIMARY KEY ("id"), ` +
			`FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON DELETE CASCADE)`,
	},
}

var accountsDown = both(
	`DROP TABLE "sessions"`,
	`DROP TABLE "accounts"`,
)
