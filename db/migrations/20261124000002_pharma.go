package migrations

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/db"
)

func init() {
	Migrations.MustRegister(func(ctx context.Context, bdb *bun.DB) error {
		return createTables(ctx, bdb,
			table{model: (*db.PharmaCustomer)(nil)},
			table{model: (*db.Medicine)(nil)},
			table{model: (*db.PharmaOrder)(nil), foreignKeys: []string{`("customer_id") REFERENCES "pharma_customers" ("id")`}},
			table{
				model: (*db.PharmaOrderLine)(nil),
				foreignKeys: []string{
					`("order_id") REFERENCES "pharma_orders" ("id") ON DELETE CASCADE`,
					`("medicine_id") REFERENCES "medicines" ("id")`,
				},
				uniqueIndexes: []index{{name: "pharma_order_lines_order_medicine", columns: []string{"order_id", "medicine_id"}}},
			},
		)
	}, func(ctx context.Context, bdb *bun.DB) error {
		return dropTables(ctx, bdb, (*db.PharmaCustomer)(nil), (*db.Medicine)(nil), (*db.PharmaOrder)(nil), (*db.PharmaOrderLine)(nil))
	})
}
