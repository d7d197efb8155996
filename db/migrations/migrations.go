// Package migrations holds the schema history of the store, one
// timestamp-named file per step, written to run on Postgres and SQLite alike.
package migrations

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// Migrations collects every step; each file registers its own in init.
var Migrations = migrate.NewMigrations()

// Up applies the pending migrations and returns the names applied.
func Up(ctx context.Context, db *bun.DB) ([]string, error) {
	m := migrate.NewMigrator(db, Migrations)
	if err := m.Init(ctx); err != nil {
		return nil, fmt.Errorf("init migrations: %w", err)
	}
	if err := m.Lock(ctx); err != nil {
		return nil, fmt.Errorf("lock migrations: %w", err)
	}
	defer m.Unlock(ctx) //nolint:errcheck // the lock row goes with the process either way
	group, err := m.Migrate(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	var names []string
	for _, mg := range group.Migrations {
		names = append(names, mg.Name)
	}
	return names, nil
}

// createTables creates the models' tables in order, each with its extra
// clauses (foreign keys, checks), in one transaction.
func createTables(ctx context.Context, db *bun.DB, tables ...table) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for _, t := range tables {
			q := tx.NewCreateTable().Model(t.model)
			for _, fk := range t.foreignKeys {
				q = q.ForeignKey(fk)
			}
			if _, err := q.Exec(ctx); err != nil {
				return fmt.Errorf("create %T: %w", t.model, err)
			}
			for _, idx := range t.uniqueIndexes {
				if _, err := tx.NewCreateIndex().Model(t.model).Unique().Index(idx.name).Column(idx.columns...).Exec(ctx); err != nil {
					return fmt.Errorf("create index %s: %w", idx.name, err)
				}
			}
		}
		return nil
	})
}

func dropTables(ctx context.Context, db *bun.DB, models ...any) error {
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for i := len(models) - 1; i >= 0; i-- {
			if _, err := tx.NewDropTable().Model(models[i]).IfExists().Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

type table struct {
	model         any
	foreignKeys   []string
	uniqueIndexes []index
}

type index struct {
	name    string
	columns []string
}
