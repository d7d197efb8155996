package service

import (
	"context"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
)

// Named is the use cases of an entity with a unique name: list, read,
// create and update with a name, and delete what nothing refers to.
type Named[T any] struct {
	tx    *db.Handle
	table db.NamedTable[T]
	// inUse tells whether something still refers to the row, which usedBy
	// says in the conflict ("used by an order"); nil: nothing ever does.
	inUse  func(ctx context.Context, id int64) (bool, error)
	usedBy string
}

func (n Named[T]) List(ctx context.Context, f db.NameFilter, p *db.Paging) ([]*T, int, error) {
	return listPage(ctx, f, p, n.table.List)
}

func (n Named[T]) Get(ctx context.Context, id int64) (*T, error) { return n.table.Get(ctx, id) }

func (n Named[T]) Create(ctx context.Context, row *T) error {
	if err := requireName(n.table.Entity(), n.table.Name(row)); err != nil {
		return err
	}
	return n.table.Create(ctx, row)
}

// Update writes every field of an existing row.
func (n Named[T]) Update(ctx context.Context, row *T) error {
	if err := requireName(n.table.Entity(), n.table.Name(row)); err != nil {
		return err
	}
	return n.tx.Run(ctx, func(ctx context.Context) error { return n.table.Update(ctx, row) })
}

// Patch changes the fields of an existing row that p gives, in one
// transaction: it reads the row, applies p, checks the name, and writes
// only the columns that changed (none: no write), so a change made
// meanwhile to another column stays. It returns the row as it now is.
func (n Named[T]) Patch(ctx context.Context, id int64, p patch[T]) (*T, error) {
	var row *T
	err := n.tx.Run(ctx, func(ctx context.Context) (err error) {
		if row, err = n.table.Get(ctx, id); err != nil {
			return err
		}
		changed := p.apply(row)
		if len(changed) == 0 {
			return nil
		}
		if err := requireName(n.table.Entity(), n.table.Name(row)); err != nil {
			return err
		}
		return n.table.Update(ctx, row, changed...)
	})
	if err != nil {
		return nil, err
	}
	return row, nil
}

// patch sets the fields of a row that it gives and returns the columns
// whose value that changed.
type patch[T any] interface {
	apply(row *T) (changed []string)
}

// set puts *v, when given, into *dst, and adds column to changed when that
// changes *dst.
func set[V comparable](changed []string, dst, v *V, column string) []string {
	if v == nil || *dst == *v {
		return changed
	}
	*dst = *v
	return append(changed, column)
}

// Delete deletes a row that exists and that nothing refers to, in one
// transaction.
func (n Named[T]) Delete(ctx context.Context, id int64) error {
	return n.tx.Run(ctx, func(ctx context.Context) error {
		if _, err := n.table.Get(ctx, id); err != nil {
			return err
		}
		if n.inUse != nil {
			used, err := n.inUse(ctx, id)
			if err != nil {
				return err
			}
			if used {
				return apperr.New(apperr.Conflict, apperr.ReasonInUse, "%s %d is %s", n.table.Entity(), id, n.usedBy)
			}
		}
		return n.table.Delete(ctx, id)
	})
}
