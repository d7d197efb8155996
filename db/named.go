package db

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/apperr"
)

// NamedTable is the data access of an entity with a unique name (a
// customer, a medicine, a role, ...): the same list, read, write and delete
// rules for each.
type NamedTable[T any] struct {
	h    *Handle
	what apperr.Entity
	key  func(*T) (id int64, name string)
}

func namedTable[T any](h *Handle, what apperr.Entity, key func(*T) (int64, string)) NamedTable[T] {
	return NamedTable[T]{h: h, what: what, key: key}
}

// Entity names what the table holds.
func (t NamedTable[T]) Entity() apperr.Entity { return t.what }

// Name is a row's name.
func (t NamedTable[T]) Name(row *T) string {
	_, name := t.key(row)
	return name
}

// List lists rows ordered by id, filtered and paged.
func (t NamedTable[T]) List(ctx context.Context, f NameFilter, p *Paging) ([]*T, int, error) {
	return listByName[T](ctx, t.h.idb(ctx), f, p)
}

func (t NamedTable[T]) Get(ctx context.Context, id int64) (*T, error) {
	return byID[T](ctx, t.h.idb(ctx), id, t.what)
}

// ByIDs reads the rows with these ids, in no particular order (for edges).
func (t NamedTable[T]) ByIDs(ctx context.Context, ids []int64) ([]*T, error) {
	return byIDs[T](ctx, t.h.idb(ctx), ids)
}

func (t NamedTable[T]) Create(ctx context.Context, row *T) error {
	_, err := t.h.idb(ctx).NewInsert().Model(row).Exec(ctx)
	return t.duplicate(err, row)
}

// Update writes these columns of an existing row, every column when none
// is named; a row that is not there is NOT_FOUND (the update matched
// nothing).
func (t NamedTable[T]) Update(ctx context.Context, row *T, columns ...string) error {
	id, _ := t.key(row)
	// Not WherePK: it writes an autoincrement id of 0 (the super-admin
	// role) as NULL, which matches no row.
	res, err := t.h.idb(ctx).NewUpdate().Model(row).Column(columns...).Where("?PKs = ?", id).Exec(ctx)
	return oneAffected(res, t.duplicate(err, row), t.what, id)
}

func (t NamedTable[T]) Delete(ctx context.Context, id int64) error {
	return deleteRow[T](ctx, t.h.idb(ctx), id, t.what)
}

func (t NamedTable[T]) duplicate(err error, row *T) error {
	return duplicate(err, "a %s named %q already exists", t.what, t.Name(row))
}

// NameFilter narrows a list to the rows whose name contains Search.
type NameFilter struct {
	Search string
}

func (f NameFilter) apply(q *bun.SelectQuery) *bun.SelectQuery {
	return whereContains(q, "name", f.Search)
}

// listByName lists rows ordered by id, filtered and paged.
func listByName[T any](ctx context.Context, db bun.IDB, f NameFilter, p *Paging) ([]*T, int, error) {
	rows := []*T{}
	total, err := scanPage(ctx, f.apply(db.NewSelect().Model(&rows)), &rows, p, byIDOrder)
	return rows, total, err
}
