package migrations

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/db"
)

// accountsV1 is the accounts table as this migration made it; later
// migrations add columns, so the live model cannot stand in for it.
type accountsV1 struct {
	bun.BaseModel `bun:"table:accounts"`

	ID           int64     `bun:",pk,autoincrement"`
	Username     string    `bun:",notnull,unique"`
	PasswordHash string    `bun:",notnull"`
	Role         string    `bun:",notnull"`
	Active       bool      `bun:",notnull"`
	Nickname     *string   `bun:""`
	Birthdate    *string   `bun:""`
	Bio          *string   `bun:""`
	CreatedAt    time.Time `bun:",notnull"`
}

func init() {
	Migrations.MustRegister(func(ctx context.Context, bdb *bun.DB) error {
		return createTables(ctx, bdb,
			table{model: (*accountsV1)(nil)},
			table{model: (*db.Session)(nil), foreignKeys: []string{`("account_id") REFERENCES "accounts" ("id") ON DELETE CASCADE`}},
		)
	}, func(ctx context.Context, bdb *bun.DB) error {
		return dropTables(ctx, bdb, (*accountsV1)(nil), (*db.Session)(nil))
	})
}
