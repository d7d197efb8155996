package db

import (
	"context"
	"testing"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/onegraph/server/apperr"
)

// writeBroken runs write on one connection that does not enforce the
// foreign key named (Postgres's name for it; SQLite turns them all off), so
// a test can store a reference to a row that is not there.
func writeBroken(t *testing.T, s *Stores, table, constraint string, write func(bun.IDB) error) {
	t.Helper()
	ctx := context.Background()
	conn, err := s.Handle.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	off, on := "PRAGMA foreign_keys = OFF", "PRAGMA foreign_keys = ON"
	if s.Handle.db.Dialect().Name() == dialect.PG {
		off, on = `ALTER TABLE "`+table+`" DROP CONSTRAINT "`+constraint+`"`, ""
	}
	if _, err := conn.ExecContext(ctx, off); err != nil {
		t.Fatal(err)
	}
	if err := write(conn); err != nil {
		t.Fatal(err)
	}
	if on != "" {
		if _, err := conn.ExecContext(ctx, on); err != nil {
			t.Fatal(err)
		}
	}
}

// notFound fails t unless err is NOT_FOUND of what.
func notFound(t *testing.T, err error, what apperr.Entity) {
	t.Helper()
	if e, ok := apperr.As(err); !ok || e.Code != apperr.NotFound || e.Entity != what {
		t.Errorf("err %v, want NOT_FOUND of %s", err, what)
	}
}

// A to-one edge read by a join whose row is not there (a broken reference)
// is NOT_FOUND of the missing row, as attachOne has it, and not an empty
// row; a read that does not ask for the edge does not notice.
func TestJoinedEdgeToAMissingRowIsNotFound(t *testing.T) {
	s := testStores(t, nil)
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Second)
	o := &ShopOrder{Number: "n", CreatedAt: now, UpdatedAt: now}
	g := &ShopGoods{Name: "g", CreatedAt: now, UpdatedAt: now}
	insert(t, s, o)
	insert(t, s, g)
	writeBroken(t, s, "shop_order_lines", "shop_order_lines_goods_id_fkey", func(db bun.IDB) error {
		_, err := db.NewInsert().Model(&ShopOrderLine{OrderID: o.ID, GoodsID: 9999}).Exec(ctx)
		return err
	})
	notFound(t, s.ShopOrders.LoadOrderEdges(ctx, ShopOrderEdges{Lines: true, LineGoods: &ShopGoodsEdges{}}, o), apperr.EntityGoods)
	if err := s.ShopOrders.LoadOrderEdges(ctx, ShopOrderEdges{Lines: true}, o); err != nil || len(o.Lines) != 1 {
		t.Errorf("lines without their goods: %v, %d lines", err, len(o.Lines))
	}

	writeBroken(t, s, "shop_goods_attrs", "shop_goods_attrs_attribute_id_fkey", func(db bun.IDB) error {
		_, err := db.NewInsert().Model(&ShopGoodsAttr{GoodsID: g.ID, AttributeID: 9999, Value: "v"}).Exec(ctx)
		return err
	})
	notFound(t, s.ShopGoods.LoadGoodsEdges(ctx, ShopGoodsEdges{Attributes: true, AttributeDefs: true}, g), apperr.EntityAttribute)
	if err := s.ShopGoods.LoadGoodsEdges(ctx, ShopGoodsEdges{Attributes: true}, g); err != nil || len(g.Attributes) != 1 {
		t.Errorf("values without their attributes: %v, %d values", err, len(g.Attributes))
	}
}
