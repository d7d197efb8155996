package main

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/onegraph/server/app"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/seed"
)

const (
	adminPassword = "bench-admin"
	jwtSecret     = "bench-secret"
	chunk         = 1000 // rows per INSERT: few statements, modest SQL text
)

// appConfig is the configuration the seeder and the server child share, so
// both see the same admin and sign tokens with the same secret.
func appConfig(dir string) app.Config {
	return app.Config{DataDir: dir, AdminPassword: adminPassword, JWTSecret: jwtSecret,
		StatementsPerRequest: db.DefaultStatementsPerRequest, ReadRetry: db.DefaultReadRetry}
}

// dataSet is what the seeder made that the report and the cases need.
type dataSet struct {
	orders, lines int64
	customer      int64   // for the orders create-order adds
	medicines     []int64 // ditto
}

// seedAll migrates the scratch database, creates the admin (app.New, as the
// server does on a first start), adds the demo data (rights, roles, demo
// accounts) and then the bulk rows, in one transaction.
func seedAll(ctx context.Context, bdb *bun.DB, dir string, scale int) (dataSet, error) {
	a, err := app.New(ctx, appConfig(dir), bdb, slog.New(slog.DiscardHandler))
	if err != nil {
		return dataSet{}, err
	}
	if err := seed.Demo(ctx, a.Stores); err != nil {
		return dataSet{}, fmt.Errorf("demo data: %w", err)
	}
	// A fixed seed: every run and both stores get the same data.
	r := rand.New(rand.NewPCG(1, uint64(scale)))
	var ds dataSet
	err = bdb.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if ds, err = seedPharma(ctx, tx, r, scale); err != nil {
			return err
		}
		return seedShop(ctx, tx, r)
	})
	if err != nil {
		return ds, err
	}
	// Statistics and (on Postgres) the visibility map, as a database in use
	// has them from autovacuum, so plans are those of production.
	analyze := "ANALYZE"
	if bdb.Dialect().Name() == dialect.PG {
		analyze = "VACUUM ANALYZE"
	}
	if _, err := bdb.ExecContext(ctx, analyze); err != nil {
		return ds, err
	}
	orders, err := bdb.NewSelect().Model((*db.PharmaOrder)(nil)).Count(ctx)
	if err != nil {
		return ds, err
	}
	lines, err := bdb.NewSelect().Model((*db.PharmaOrderLine)(nil)).Count(ctx)
	ds.orders, ds.lines = orders, lines
	return ds, err
}

// insert adds rows in chunks; bun fills in the ids the database gave them.
func insert[T any](ctx context.Context, tx bun.Tx, rows []T) error {
	for i := 0; i < len(rows); i += chunk {
		part := rows[i:min(i+chunk, len(rows))]
		if _, err := tx.NewInsert().Model(&part).Exec(ctx); err != nil {
			return fmt.Errorf("insert %T: %w", part, err)
		}
	}
	return nil
}

var cities = []string{"上海", "北京", "南京", "杭州", "苏州", "常州", "武汉", "成都", "广州", "深圳"}

// seedPharma adds 500 customers, 300 medicines and 5,000×scale orders of
// three distinct medicines each, an order every 17 minutes from 2019 on.
func seedPharma(ctx context.Context, tx bun.Tx, r *rand.Rand, scale int) (dataSet, error) {
	customers := make([]db.PharmaCustomer, 500)
	for i := range customers {
		city := cities[i%len(cities)]
		customers[i] = db.PharmaCustomer{Name: fmt.Sprintf("%s第%d医院", city, i+1),
			PhoneNumber: fmt.Sprintf("139%08d", r.IntN(1e8)), Address: fmt.Sprintf("%s市人民路%d号", city, r.IntN(900)+1)}
	}
	medicines := make([]db.Medicine, 300)
	for i := range medicines {
		medicines[i] = db.Medicine{Name: fmt.Sprintf("药品%03d", i+1), SN: fmt.Sprintf("%012d", r.Int64N(1e12)),
			Description: fmt.Sprintf("药品%03d 每盒%d片，饭后服用", i+1, 6*(1+r.IntN(5)))}
	}
	if err := insert(ctx, tx, customers); err != nil {
		return dataSet{}, err
	}
	if err := insert(ctx, tx, medicines); err != nil {
		return dataSet{}, err
	}
	start := time.Date(2019, 1, 1, 8, 0, 0, 0, time.UTC)
	orders := make([]db.PharmaOrder, 5000*scale)
	for i := range orders {
		// Microseconds, as both stores keep; some end in zeros, which
		// RFC 3339 writes shorter.
		at := start.Add(time.Duration(i)*17*time.Minute + time.Duration(r.IntN(60e6))*time.Microsecond)
		orders[i] = db.PharmaOrder{Name: fmt.Sprintf("订单%07d", i+1), CustomerID: customers[r.IntN(len(customers))].ID, CreatedAt: at}
	}
	if err := insert(ctx, tx, orders); err != nil {
		return dataSet{}, err
	}
	lines := make([]db.PharmaOrderLine, 0, 3*len(orders))
	for _, o := range orders {
		// Three steps of under a third of the list from a random start:
		// three distinct medicines.
		first, step := r.IntN(len(medicines)), 1+r.IntN(len(medicines)/3-1)
		for k := range 3 {
			m := medicines[(first+k*step)%len(medicines)]
			lines = append(lines, db.PharmaOrderLine{OrderID: o.ID, MedicineID: m.ID, Amount: 1 + r.IntN(50)})
		}
	}
	if err := insert(ctx, tx, lines); err != nil {
		return dataSet{}, err
	}
	ds := dataSet{customer: customers[0].ID}
	for _, m := range medicines {
		ds.medicines = append(ds.medicines, m.ID)
	}
	return ds, nil
}

// seedShop adds 8 roles of 20–40 rights, 200 users holding them, a
// category tree of 30/300/900 with three attributes on every leaf, and
// 1,000 goods with two pictures and three attribute values each. The demo
// data already holds a few shop orders; no route measured reads more.
func seedShop(ctx context.Context, tx bun.Tx, r *rand.Rand) error {
	var rights []int64
	if err := tx.NewSelect().Model((*db.ShopRight)(nil)).Column("id").Scan(ctx, &rights); err != nil {
		return err
	}
	roles := make([]db.ShopRole, 8)
	for i := range roles {
		roles[i] = db.ShopRole{Name: fmt.Sprintf("角色%02d", i+1), Description: fmt.Sprintf("第%d组运营", i+1)}
	}
	if err := insert(ctx, tx, roles); err != nil {
		return err
	}
	var grants []db.ShopRoleRight
	for _, role := range roles {
		for _, i := range r.Perm(len(rights))[:20+r.IntN(21)] {
			grants = append(grants, db.ShopRoleRight{RoleID: role.ID, RightID: rights[i]})
		}
	}
	if err := insert(ctx, tx, grants); err != nil {
		return err
	}
	hash, err := auth.HashPassword("123456") // once: bcrypt is slow by design
	if err != nil {
		return err
	}
	users := make([]db.Account, 200)
	for i := range users {
		name := fmt.Sprintf("user%03d", i+1)
		users[i] = db.Account{Username: name, PasswordHash: hash, Role: db.RoleStaff, Active: i%10 != 9,
			Mobile: fmt.Sprintf("138%08d", r.IntN(1e8)), Email: name + "@example.com", ShopRoleID: &roles[i%len(roles)].ID,
			CreatedAt: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 36 * time.Hour)}
	}
	if err := insert(ctx, tx, users); err != nil {
		return err
	}
	// The tree level by level, each level's parents inserted (and given
	// ids) before it.
	tops, mids, leaves := make([]db.ShopCategory, 30), make([]db.ShopCategory, 300), make([]db.ShopCategory, 900)
	for i := range tops {
		tops[i] = db.ShopCategory{Name: fmt.Sprintf("类目%02d", i+1)}
	}
	if err := insert(ctx, tx, tops); err != nil {
		return err
	}
	for i := range mids {
		mids[i] = db.ShopCategory{Name: fmt.Sprintf("类目%02d-%02d", i/10+1, i%10+1), ParentID: tops[i/10].ID, Level: 1}
	}
	if err := insert(ctx, tx, mids); err != nil {
		return err
	}
	for i := range leaves {
		leaves[i] = db.ShopCategory{Name: fmt.Sprintf("%s-%d", mids[i/3].Name, i%3+1), ParentID: mids[i/3].ID, Level: 2}
	}
	if err := insert(ctx, tx, leaves); err != nil {
		return err
	}
	attrs := make([]db.ShopAttribute, 0, 3*len(leaves))
	for _, c := range leaves {
		attrs = append(attrs,
			db.ShopAttribute{Name: "颜色", CategoryID: c.ID, Kind: "many", Values: "黑色 白色 银色 蓝色"},
			db.ShopAttribute{Name: "尺寸", CategoryID: c.ID, Kind: "many", Values: "小 中 大"},
			db.ShopAttribute{Name: "产地", CategoryID: c.ID, Kind: "only", Values: "中国大陆"})
	}
	if err := insert(ctx, tx, attrs); err != nil {
		return err
	}
	goods := make([]db.ShopGoods, 1000)
	leafOf := make([]int, len(goods))
	for i := range goods {
		leafOf[i] = r.IntN(len(leaves))
		j := leafOf[i]
		at := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 7 * time.Hour)
		goods[i] = db.ShopGoods{Name: fmt.Sprintf("商品%04d %s", i+1, leaves[j].Name),
			CategoryPath: fmt.Sprintf("%d,%d,%d", tops[j/30].ID, mids[j/3].ID, leaves[j].ID), CategoryID: leaves[j].ID,
			Price: float64(r.IntN(100000)) / 100, Number: r.IntN(1000), Weight: float64(r.IntN(5000)) / 10,
			Introduction: fmt.Sprintf("<p>商品%04d 的介绍</p>", i+1), State: r.IntN(3), // 0..2: the legacy goods_state codes
			HotNumber: r.IntN(100), Promoted: i%7 == 0, CreatedAt: at, UpdatedAt: at.Add(time.Hour)}
	}
	if err := insert(ctx, tx, goods); err != nil {
		return err
	}
	pics := make([]db.ShopGoodsPic, 0, 2*len(goods))
	values := make([]db.ShopGoodsAttr, 0, 3*len(goods))
	for i, g := range goods {
		for k := range 2 {
			f := fmt.Sprintf("%d_%d.jpg", g.ID, k)
			pics = append(pics, db.ShopGoodsPic{GoodsID: g.ID, Big: "uploads/goodspics/big_" + f,
				Mid: "uploads/goodspics/mid_" + f, Small: "uploads/goodspics/sma_" + f})
		}
		a := attrs[3*leafOf[i]:]
		values = append(values, db.ShopGoodsAttr{GoodsID: g.ID, AttributeID: a[0].ID, Value: "黑色 白色"},
			db.ShopGoodsAttr{GoodsID: g.ID, AttributeID: a[1].ID, Value: "中"},
			db.ShopGoodsAttr{GoodsID: g.ID, AttributeID: a[2].ID, Value: "中国大陆"})
	}
	if err := insert(ctx, tx, pics); err != nil {
		return err
	}
	return insert(ctx, tx, values)
}
