package migrations

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/db"
)

// The shop back office: account columns for shop users, rights (seeded with
// the original tree), roles (with the super-admin role 0), the catalog,
// goods, orders and tracking events.
func init() {
	Migrations.MustRegister(func(ctx context.Context, bdb *bun.DB) error {
		if err := addAccountColumns(ctx, bdb); err != nil {
			return err
		}
		err := createTables(ctx, bdb,
			table{model: (*db.ShopRight)(nil)},
			table{model: (*db.ShopRole)(nil)},
			table{model: (*db.ShopRoleRight)(nil), foreignKeys: []string{
				`("role_id") REFERENCES "shop_roles" ("id") ON DELETE CASCADE`,
				`("right_id") REFERENCES "shop_rights" ("id") ON DELETE CASCADE`,
			}},
			table{model: (*db.ShopCategory)(nil)},
			table{model: (*db.ShopAttribute)(nil), foreignKeys: []string{`("category_id") REFERENCES "shop_categories" ("id")`}},
			table{model: (*db.ShopGoods)(nil)},
			table{model: (*db.ShopGoodsPic)(nil), foreignKeys: []string{`("goods_id") REFERENCES "shop_goods" ("id") ON DELETE CASCADE`}},
			table{model: (*db.ShopGoodsAttr)(nil), foreignKeys: []string{
				`("goods_id") REFERENCES "shop_goods" ("id") ON DELETE CASCADE`,
				`("attribute_id") REFERENCES "shop_attributes" ("id") ON DELETE CASCADE`,
			}},
			table{model: (*db.ShopOrder)(nil), uniqueIndexes: []index{{name: "shop_orders_number", columns: []string{"number"}}}},
			table{model: (*db.ShopOrderLine)(nil), foreignKeys: []string{
				`("order_id") REFERENCES "shop_orders" ("id") ON DELETE CASCADE`,
				`("goods_id") REFERENCES "shop_goods" ("id")`,
			}},
			table{model: (*db.TrackingEvent)(nil)},
		)
		if err != nil {
			return err
		}
		return bdb.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			// Goods names are unique among goods that are not deleted.
			if _, err := tx.NewCreateIndex().Model((*db.ShopGoods)(nil)).Unique().Index("shop_goods_live_name").
				Column("name").Where("NOT deleted").Exec(ctx); err != nil {
				return err
			}
			if _, err := tx.NewCreateIndex().Model((*db.TrackingEvent)(nil)).Index("tracking_events_number").
				Column("tracking_number", "time").Exec(ctx); err != nil {
				return err
			}
			rights := db.ShopRights
			if _, err := tx.NewInsert().Model(&rights).Exec(ctx); err != nil {
				return err
			}
			// Role 0 is given explicitly: an autoincrement column would skip it.
			// Raw SQL, because on SQLite bun drops a zero autoincrement id
			// even when Value names it, and the role would get id 1.
			if _, err := tx.NewRaw("INSERT INTO shop_roles (id, name, description) VALUES (?, ?, ?)",
				db.SuperAdminRoleID, "超级管理员", "拥有全部权限").Exec(ctx); err != nil {
				return err
			}
			_, err := tx.NewUpdate().Model((*db.Account)(nil)).
				Set("shop_role_id = ?", db.SuperAdminRoleID).Set("builtin = ?", true).
				Where("username = ?", "admin").Exec(ctx)
			return err
		})
	}, func(ctx context.Context, bdb *bun.DB) error {
		return dropTables(ctx, bdb, (*db.ShopRight)(nil), (*db.ShopRole)(nil), (*db.ShopRoleRight)(nil),
			(*db.ShopCategory)(nil), (*db.ShopAttribute)(nil), (*db.ShopGoods)(nil), (*db.ShopGoodsPic)(nil),
			(*db.ShopGoodsAttr)(nil), (*db.ShopOrder)(nil), (*db.ShopOrderLine)(nil), (*db.TrackingEvent)(nil))
	})
}

func addAccountColumns(ctx context.Context, bdb *bun.DB) error {
	for _, col := range []string{
		"mobile VARCHAR NOT NULL DEFAULT ''",
		"email VARCHAR NOT NULL DEFAULT ''",
		"shop_role_id BIGINT",
		"builtin BOOLEAN NOT NULL DEFAULT FALSE",
	} {
		if _, err := bdb.NewAddColumn().Model((*db.Account)(nil)).ColumnExpr(col).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}
