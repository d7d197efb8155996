// Package migrations holds the schema history of the store, one
// timestamp-named file per step, each with its up and down.
//
// A migration is history: it is frozen SQL (per dialect where Postgres and
// SQLite differ) and never refers to the live models or data of package db,
// so a later model change cannot alter what an old step does on a fresh
// database. A schema change is a new timestamped file; an old file is never
// edited. The tests in this package fail when a model in package db has a
// column no migration made.
package migrations

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/migrate"
)

// Migrations collects every step; each file registers its own in init, and
// bun names the step after the file (20261124000001_accounts.go registers
// 20261124000001), the name recorded in bun_migrations.
var Migrations = migrate.NewMigrations()

func newMigrator(db *bun.DB) *migrate.Migrator {
	// A step is marked applied only when it succeeded; each step runs in one
	// transaction, so a failed step leaves neither schema nor mark behind.
	return migrate.NewMigrator(db, Migrations, migrate.WithMarkAppliedOnSuccess(true))
}

// Up applies the pending migrations and returns the names applied.
func Up(ctx context.Context, db *bun.DB) ([]string, error) {
	m := newMigrator(db)
	unlock, err := lock(ctx, m)
	if err != nil {
		return nil, err
	}
	defer unlock()
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

// Rollback rolls back the last group applied (what one Up applied) and
// returns the names rolled back, the last applied first; none when no
// migration is applied.
func Rollback(ctx context.Context, db *bun.DB) ([]string, error) {
	m := newMigrator(db)
	unlock, err := lock(ctx, m)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return rollback(ctx, m)
}

// Pending names the migrations this build has that the database has not
// applied, in order; one statement, no lock taken. Migrations the database
// has beyond this build's (a newer instance migrated during a rolling
// deploy) are not pending: migrations are made to keep the previous
// release working.
func Pending(ctx context.Context, db *bun.DB) ([]string, error) {
	all, err := newMigrator(db).MigrationsWithStatus(ctx)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, mg := range all.Unapplied() {
		names = append(names, mg.Name)
	}
	return names, nil
}

// Down rolls back every applied migration, the last group first, until none
// is left, and returns the names rolled back in that order. Only bun's own
// tables (bun_migrations, bun_migration_locks) remain.
func Down(ctx context.Context, db *bun.DB) ([]string, error) {
	m := newMigrator(db)
	unlock, err := lock(ctx, m)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var names []string
	for {
		group, err := rollback(ctx, m)
		names = append(names, group...)
		if err != nil || len(group) == 0 {
			return names, err
		}
	}
}

func rollback(ctx context.Context, m *migrate.Migrator) ([]string, error) {
	group, err := m.Rollback(ctx)
	if err != nil {
		return nil, fmt.Errorf("roll back: %w", err)
	}
	var names []string
	for i := len(group.Migrations) - 1; i >= 0; i-- {
		names = append(names, group.Migrations[i].Name)
	}
	return names, nil
}

// Step is a migration and whether the database has it.
type Step struct {
	Name, Comment string
	Applied       bool
	Group         int64     // the Up that applied it (0: pending)
	At            time.Time // when it was applied
}

// Status lists every migration, oldest first, applied or pending.
func Status(ctx context.Context, db *bun.DB) ([]Step, error) {
	m := newMigrator(db)
	if err := m.Init(ctx); err != nil {
		return nil, fmt.Errorf("init migrations: %w", err)
	}
	all, err := m.MigrationsWithStatus(ctx)
	if err != nil {
		return nil, err
	}
	steps := make([]Step, len(all))
	for i, mg := range all {
		steps[i] = Step{Name: mg.Name, Comment: mg.Comment, Applied: mg.IsApplied(), Group: mg.GroupID, At: mg.MigratedAt}
	}
	return steps, nil
}

func lock(ctx context.Context, m *migrate.Migrator) (unlock func(), err error) {
	if err := m.Init(ctx); err != nil {
		return nil, fmt.Errorf("init migrations: %w", err)
	}
	if err := m.Lock(ctx); err != nil {
		return nil, fmt.Errorf("lock migrations: %w", err)
	}
	return func() { m.Unlock(ctx) }, nil //nolint:errcheck // the lock row goes with the process either way
}

// script is SQL for one part of a step, by dialect.
type script map[dialect.Name][]string

// both is SQL that reads the same on Postgres and SQLite.
func both(stmts ...string) script {
	return script{dialect.PG: stmts, dialect.SQLite: stmts}
}

// run returns a step that executes the scripts' statements for the
// database's dialect, in order, in one transaction.
func run(scripts ...script) migrate.MigrationFunc {
	return func(ctx context.Context, db *bun.DB) error {
		name := db.Dialect().Name()
		var stmts []string
		for _, s := range scripts {
			part, ok := s[name]
			if !ok {
				return fmt.Errorf("no migration SQL for dialect %s", name)
			}
			stmts = append(stmts, part...)
		}
		return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			for _, stmt := range stmts {
				// database/sql directly: the frozen text reaches the
				// database as written, with no bun placeholder expansion.
				if _, err := tx.Tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("%w\n%s", err, stmt)
				}
			}
			return nil
		})
	}
}
