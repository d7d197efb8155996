package db

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// SeedDemo fills an empty store with demo data for every domain, so a first
// start shows something on every screen. Each domain's part leaves a store
// that has its data already alone, so seeding twice is harmless.
func (s *Store) SeedDemo(ctx context.Context) error {
	for _, seed := range []func(context.Context) error{
		s.seedPharma, s.seedShopUsers, s.seedShopCatalog, s.seedShopGoods, s.seedShopOrders,
	} {
		if err := seed(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) seedPharma(ctx context.Context) error {
	n, err := s.db.NewSelect().Model((*PharmaCustomer)(nil)).Count(ctx)
	if err != nil || n > 0 {
		return err
	}
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		customers := []PharmaCustomer{
			{Name: "武进市 袁腾飞", PhoneNumber: "13886666666", Address: "江苏省常州武进市白云街44号"},
			{Name: "北京海淀区代理 蔡国庆", PhoneNumber: "13990123456", Address: "北京海淀区"},
			{Name: "华山医院", PhoneNumber: "13345679934", Address: "上海市静安区乌鲁木齐中路12号"},
		}
		medicines := []Medicine{
			{Name: "青霉素", SN: "234324234234", Description: "青霉素"},
			{Name: "红霉素", SN: "234545534234", Description: "红霉素"},
			{Name: "阿莫西林", SN: "099877883837", Description: "阿莫西林胶囊 国字号"},
		}
		if _, err := tx.NewInsert().Model(&customers).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(&medicines).Exec(ctx); err != nil {
			return err
		}
		hospital := customers[2].ID
		orders := []PharmaOrder{
			{Name: "华山医院订单001", CustomerID: hospital, CreatedAt: time.Date(2018, 12, 26, 14, 10, 15, 419e6, time.UTC)},
			{Name: "华山医院订单002", CustomerID: hospital, CreatedAt: time.Date(2018, 12, 27, 14, 10, 37, 208e6, time.UTC)},
		}
		if _, err := tx.NewInsert().Model(&orders).Exec(ctx); err != nil {
			return err
		}
		lines := []PharmaOrderLine{
			{OrderID: orders[0].ID, MedicineID: medicines[0].ID, Amount: 10},
			{OrderID: orders[1].ID, MedicineID: medicines[0].ID, Amount: 5},
			{OrderID: orders[1].ID, MedicineID: medicines[1].ID, Amount: 12},
		}
		_, err := tx.NewInsert().Model(&lines).Exec(ctx)
		return err
	})
}
