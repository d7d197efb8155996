package migrations

import (
	"github.com/uptrace/bun/dialect"
)

// Failed sign-ins, kept so that every instance throttles the same account
// and client address (service/login_throttle.go). A row is one failed
// attempt (or one in flight) of a subject in a scope ("account": the
// username tried, "address": the client address).
func init() {
	Migrations.MustRegister(run(loginFailuresUp), run(loginFailuresDown))
}

var loginFailuresUp = script{
	dialect.PG: {
		`CREATE TABLE "login_failures" (` +
			`"id" BIGSERIAL NOT NULL, ` +
			`"scope" VARCHAR NOT NULL, ` +
			`"subject" VARCHAR NOT NULL, ` +
			`"failed_at" TIMESTAMPTZ NOT NULL, ` +
			`PRIMARY KEY ("id"))`,
		// The count of a subject's recent failures.
		`CREATE INDEX "login_failures_subject_idx" ON "login_failures" ("scope", "subject", "failed_at")`,
		// Pruning the failures that left the window.
		`CREATE INDEX "login_failures_failed_at_idx" ON "login_failures" ("failed_at")`,
	},
	dialect.SQLite: {
		`CREATE TABLE "login_failures" (` +
			`"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ` +
			`"scope" VARCHAR NOT NULL, ` +
			`"subject" VARCHAR NOT NULL, ` +
			`"failed_at" TIMESTAMP NOT NULL)`,
		`CREATE INDEX "login_failures_subject_idx" ON "login_failures" ("scope", "subject", "failed_at")`,
		`CREATE INDEX "login_failures_failed_at_idx" ON "login_failures" ("failed_at")`,
	},
}

var loginFailuresDown = both(
	`DROP TABLE "login_failures"`,
)
