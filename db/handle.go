package db

import (
	"context"
	"database/sql"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// Handle is the database the stores share. A transaction begun by Run
// travels in the context, and every store call made with that context runs
// in it, so one use case that calls several stores is one transaction.
type Handle struct {
	db  *bun.DB
	now func() time.Time
}

// NewHandle wraps an open database; now is the clock stores stamp rows
// with (nil: the wall clock, in UTC).
func NewHandle(db *bun.DB, now func() time.Time) *Handle {
	if now == nil {
		now = func() time.Time { return time.Now().UTC() }
	}
	return &Handle{db: db, now: now}
}

type txKey struct{}

// Run runs fn in one transaction: committed when fn returns nil, rolled
// back otherwise. Inside a transaction already, fn joins it, so nested use
// cases compose (and SQLite's one connection is never asked for twice).
// A transaction takes one of its request's statement slots for its whole
// life (LimitStatements).
func (h *Handle) Run(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, inTx := ctx.Value(txKey{}).(bun.Tx); inTx {
		return fn(ctx)
	}
	ctx, release, err := acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	return h.db.RunInTx(ctx, &sql.TxOptions{}, func(ctx context.Context, tx bun.Tx) error {
		return fn(context.WithValue(ctx, txKey{}, tx))
	})
}

// idb is the transaction in ctx, or the database.
func (h *Handle) idb(ctx context.Context) bun.IDB {
	if tx, ok := ctx.Value(txKey{}).(bun.Tx); ok {
		return tx
	}
	return h.db
}

// KeepSequencesAhead moves the key sequences of these tables (BIGSERIAL
// ids) past their largest id, after rows were inserted with their own ids
// (legacy ids in the seed), so the next generated id is free. SQLite's
// AUTOINCREMENT keeps ahead by itself.
func (h *Handle) KeepSequencesAhead(ctx context.Context, tables ...string) error {
	if h.db.Dialect().Name() != dialect.PG {
		return nil
	}
	for _, t := range tables {
		_, err := h.idb(ctx).ExecContext(ctx,
			"SELECT setval(pg_get_serial_sequence(?, 'id'), GREATEST((SELECT MAX(id) FROM ?), 1))", t, bun.Ident(t))
		if err != nil {
			return err
		}
	}
	return nil
}

// lockKey holds a key until the transaction ends, so the transactions
// that take one key run one after the other (Postgres advisory locks, by
// the key's hash); SQLite runs one writing transaction at a time anyway.
func (h *Handle) lockKey(ctx context.Context, key string) error {
	if h.db.Dialect().Name() != dialect.PG {
		return nil
	}
	_, err := h.idb(ctx).ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtext(?))", key)
	return err
}

// Insert writes models (pointers to rows or to slices of rows) as they
// are, their ids included, in the order given: the demo seed's rows.
func (h *Handle) Insert(ctx context.Context, models ...any) error {
	for _, m := range models {
		if _, err := h.idb(ctx).NewInsert().Model(m).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Now is the store's clock.
func (h *Handle) Now() time.Time { return h.now() }

// Ping checks that the database answers.
func (h *Handle) Ping(ctx context.Context) error { return h.db.PingContext(ctx) }

// Stores are every domain's store over one handle.
type Stores struct {
	Handle        *Handle
	Accounts      *AccountStore
	Pharma        *PharmaStore
	ShopUsers     *ShopUserStore
	ShopCatalog   *ShopCatalogStore
	ShopGoods     *ShopGoodsStore
	ShopOrders    *ShopOrderStore
	ShopReports   *ShopReportStore
	LoginFailures *LoginFailureStore
	Merchants     *MerchantStore
	Partners      *PartnerStore
	PartnerOrders *PartnerOrderStore
	Reminders     *PartnerReminderStore
}

func NewStores(h *Handle) *Stores {
	return &Stores{
		Handle:        h,
		Accounts:      &AccountStore{h},
		Pharma:        newPharmaStore(h),
		ShopUsers:     newShopUserStore(h),
		ShopCatalog:   &ShopCatalogStore{h},
		ShopGoods:     &ShopGoodsStore{h},
		ShopOrders:    &ShopOrderStore{h},
		ShopReports:   &ShopReportStore{h},
		LoginFailures: &LoginFailureStore{h},
		Merchants:     &MerchantStore{h},
		Partners:      &PartnerStore{h},
		PartnerOrders: &PartnerOrderStore{h},
		Reminders:     &PartnerReminderStore{h},
	}
}
