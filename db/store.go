package db

import (
	"context"
	"database/sql"

	"github.com/uptrace/bun"
)

// Store is the data access of every domain; each domain adds its methods in
// a file of its own (pharma.go, accounts.go, ...).
type Store struct {
	db *bun.DB
}

func NewStore(db *bun.DB) *Store { return &Store{db: db} }

// DB exposes the bun handle for migrations, seeding and health checks.
func (s *Store) DB() *bun.DB { return s.db }

func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// inTx runs fn in one transaction: every multi-row write goes through here.
func (s *Store) inTx(ctx context.Context, fn func(ctx context.Context, tx bun.Tx) error) error {
	return s.db.RunInTx(ctx, &sql.TxOptions{}, fn)
}

// Paging is a resolved page request; a nil *Paging means every row.
type Paging struct {
	Page, Size int
}

func applyPaging(q *bun.SelectQuery, p *Paging) *bun.SelectQuery {
	if p == nil {
		return q
	}
	return q.Limit(int64(p.Size)).Offset(int64((p.Page - 1) * p.Size))
}
