package db

import (
	"context"
	"strings"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/apperr"
)

// Helpers shared by every domain's simple entities: they keep the list, read,
// insert and delete rules (paging, search, not-found and duplicate errors) the
// same everywhere.

// listByName lists rows ordered by id, optionally filtered by part of the
// name (case-insensitive) and paged; total counts all matching rows.
func listByName[T any](ctx context.Context, db bun.IDB, search string, p *Paging) ([]*T, int, error) {
	var rows []*T
	q := db.NewSelect().Model(&rows).OrderExpr("id ASC")
	if search != "" {
		q = q.Where("LOWER(name) LIKE ? ESCAPE '\\'", "%"+escapeLike(strings.ToLower(search))+"%")
	}
	if p == nil {
		err := q.Scan(ctx)
		return rows, len(rows), err
	}
	total, err := applyPaging(q, p).ScanAndCount(ctx)
	return rows, int(total), err
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// byID reads one row; what names the entity in the not-found error.
func byID[T any](ctx context.Context, db bun.IDB, id int64, what apperr.Entity) (*T, error) {
	row := new(T)
	err := db.NewSelect().Model(row).Where("id = ?", id).Scan(ctx)
	if isNoRows(err) {
		return nil, apperr.Missing(what, id)
	}
	return row, err
}

// byIDs reads the rows with these ids, in no particular order (for loaders).
func byIDs[T any](ctx context.Context, db bun.IDB, ids []int64) ([]*T, error) {
	var rows []*T
	if len(ids) == 0 {
		return rows, nil
	}
	err := db.NewSelect().Model(&rows).Where("id IN (?)", bun.In(ids)).Scan(ctx)
	return rows, err
}

// mustExist fails with NOT_FOUND unless a row with this id exists.
func mustExist[T any](ctx context.Context, db bun.IDB, id int64, what apperr.Entity) error {
	ok, err := db.NewSelect().Model((*T)(nil)).Where("id = ?", id).Exists(ctx)
	if err == nil && !ok {
		err = apperr.Missing(what, id)
	}
	return err
}

// duplicateName turns a unique violation on the name into CONFLICT/DUPLICATE.
func duplicateName(err error, what apperr.Entity, name string) error {
	if isUniqueViolation(err) {
		return apperr.New(apperr.Conflict, apperr.ReasonDuplicate, "a %s named %q already exists", what, name)
	}
	return err
}

func insertNamed[T any](ctx context.Context, db bun.IDB, row *T, what apperr.Entity, name string) error {
	if err := requireName(what, name); err != nil {
		return err
	}
	_, err := db.NewInsert().Model(row).Exec(ctx)
	return duplicateName(err, what, name)
}

// updateNamed writes every column of row (matched by its primary key).
func updateNamed[T any](ctx context.Context, db bun.IDB, id int64, row *T, what apperr.Entity, name string) error {
	if err := requireName(what, name); err != nil {
		return err
	}
	if err := mustExist[T](ctx, db, id, what); err != nil {
		return err
	}
	_, err := db.NewUpdate().Model(row).WherePK().Exec(ctx)
	return duplicateName(err, what, name)
}

func requireName(what apperr.Entity, name string) error {
	if strings.TrimSpace(name) == "" {
		return apperr.Invalidf("a %s needs a name", what)
	}
	return nil
}

// deleteByID deletes one row after inUse (if given) finds nothing pointing
// at it; both happen in one transaction.
func deleteByID[T any](ctx context.Context, s *Store, id int64, what apperr.Entity, inUse func(ctx context.Context, tx bun.Tx) (bool, error)) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := mustExist[T](ctx, tx, id, what); err != nil {
			return err
		}
		if inUse != nil {
			used, err := inUse(ctx, tx)
			if err != nil {
				return err
			}
			if used {
				return apperr.New(apperr.Conflict, apperr.ReasonInUse, "%s %d is used by an order", what, id)
			}
		}
		_, err := tx.NewDelete().Model((*T)(nil)).Where("id = ?", id).Exec(ctx)
		return err
	})
}

// childrenOf reads the rows whose column holds one of these parent ids,
// ordered by id (for to-many loaders).
func childrenOf[T any](ctx context.Context, db bun.IDB, column string, parents []int64) ([]*T, error) {
	var rows []*T
	err := db.NewSelect().Model(&rows).Where("? IN (?)", bun.Ident(column), bun.In(parents)).OrderExpr("id ASC").Scan(ctx)
	return rows, err
}
