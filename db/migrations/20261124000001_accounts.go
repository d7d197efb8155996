package migrations

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/db"
)

func init() {
	Migrations.MustRegister(func(ctx context.Context, bdb *bun.DB) error {
		return createTables(ctx, bdb,
			table{model: (*db.Account)(nil)},
			table{model: (*db.Session)(nil), foreignKeys: []string{`("account_id") REFERENCES "accounts" ("id") ON DELETE CASCADE`}},
		)
	}, func(ctx context.Context, bdb *bun.DB) error {
		return dropTables(ctx, bdb, (*db.Account)(nil), (*db.Session)(nil))
	})
}
