package db

import (
	"context"
	"database/sql"
	"strings"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/apperr"
)

// Query helpers of the stores: they keep the list, read, write and
// not-found rules the same wherever they are used.

// Paging is a checked page request; a nil *Paging means every row. A page
// is numbered (Page, from 1), or, with Keyset, the rows after After in the
// list's order (nil After: from the first row; keyset.go).
type Paging struct {
	Page, Size int
	Keyset     bool
	After      *Key
	// Uncounted: the list's total is not asked for, so not counted (0).
	Uncounted bool
}

// scanPage runs a list query that scans into rows in the list's order,
// paged when p is given; total counts every row that matches, over all
// pages.
func scanPage[T any](ctx context.Context, q *bun.SelectQuery, rows *[]*T, p *Paging, order listOrder) (int, error) {
	q = order.apply(q)
	switch {
	case p == nil:
		err := q.Scan(ctx)
		return len(*rows), err
	case p.Keyset:
		return scanKeyset(ctx, q, rows, p, order)
	}
	q = q.Limit(int64(p.Size)).Offset(int64((p.Page - 1) * p.Size))
	if p.Uncounted {
		return 0, q.Scan(ctx)
	}
	total, err := q.ScanAndCount(ctx)
	return int(total), err
}

// whereContains keeps the rows whose column (of the query's model, so a
// joined table's column of that name does not clash) contains part, ignoring
// case (LIKE with its wildcards escaped); an empty part keeps every row.
func whereContains(q *bun.SelectQuery, column, part string) *bun.SelectQuery {
	return whereAnyContains(q, part, column)
}

// whereAnyContains keeps the rows where one of the columns contains part,
// as whereContains.
func whereAnyContains(q *bun.SelectQuery, part string, columns ...string) *bun.SelectQuery {
	if part == "" {
		return q
	}
	pattern := likePattern(part)
	return q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
		for _, c := range columns {
			q = q.WhereOr("LOWER(?TableAlias.?) LIKE ? ESCAPE '\\'", bun.Ident(c), pattern)
		}
		return q
	})
}

// likePattern is the LIKE pattern (with ESCAPE '\') of text that contains
// part, ignoring case.
func likePattern(part string) string { return "%" + likeEscaper.Replace(strings.ToLower(part)) + "%" }

// likeEscaper escapes LIKE's wildcards and its escape character.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// byID reads one row; what names the entity in the not-found error.
func byID[T any](ctx context.Context, db bun.IDB, id any, what apperr.Entity) (*T, error) {
	return oneWhere[T](ctx, db, "id", id, what)
}

// oneWhere reads the one row whose column holds value.
func oneWhere[T any](ctx context.Context, db bun.IDB, column string, value any, what apperr.Entity) (*T, error) {
	row := new(T)
	err := db.NewSelect().Model(row).Where("? = ?", bun.Ident(column), value).Scan(ctx)
	if isNoRows(err) {
		return nil, apperr.Missing(what, value)
	}
	return row, err
}

// byIDs reads the rows with these ids, in no particular order (for edges).
func byIDs[T any](ctx context.Context, db bun.IDB, ids []int64) ([]*T, error) {
	var rows []*T
	if len(ids) == 0 {
		return rows, nil
	}
	err := db.NewSelect().Model(&rows).Where("id IN (?)", bun.In(ids)).Scan(ctx)
	return rows, err
}

// liveByIDs reads the rows of a soft-deleted table with these ids that are
// not deleted, in one statement, in no particular order.
func liveByIDs[T any](ctx context.Context, db bun.IDB, ids []int64) ([]*T, error) {
	var rows []*T
	err := db.NewSelect().Model(&rows).Where("id IN (?)", bun.In(ids)).Where("NOT deleted").Scan(ctx)
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

// childrenOf reads the rows whose column holds one of these parent ids,
// ordered by id within each parent (for to-many edges): ordered by the
// parent first, the parent column's index serves the read, where a plain
// id order can lead the planner to walk the primary key of a large table.
// A non-empty join names a to-one relation of T (bun's Relation) read in the
// same statement.
func childrenOf[T any](ctx context.Context, db bun.IDB, column string, parents []int64, join string) ([]*T, error) {
	var rows []*T
	q := db.NewSelect().Model(&rows).
		Where("?TableAlias.? IN (?)", bun.Ident(column), bun.In(parents)).
		OrderExpr("?TableAlias.?, ?TableAlias.id", bun.Ident(column))
	if join != "" {
		q = q.Relation(join)
	}
	return rows, q.Scan(ctx)
}

// exists tells whether a row of T matches the condition.
func exists[T any](ctx context.Context, db bun.IDB, where string, args ...any) (bool, error) {
	return db.NewSelect().Model((*T)(nil)).Where(where, args...).Exists(ctx)
}

// deleteWhere deletes the rows of T that match the condition.
func deleteWhere[T any](ctx context.Context, db bun.IDB, where string, args ...any) error {
	_, err := db.NewDelete().Model((*T)(nil)).Where(where, args...).Exec(ctx)
	return err
}

// setColumnsByID sets columns of one row by id, or fails with NOT_FOUND.
func setColumnsByID[T any](ctx context.Context, db bun.IDB, id int64, what apperr.Entity, set string, args ...any) error {
	res, err := db.NewUpdate().Model((*T)(nil)).Set(set, args...).Where("id = ?", id).Exec(ctx)
	return oneAffected(res, err, what, id)
}

// oneAffected turns a write that matched no row into NOT_FOUND.
func oneAffected(res sql.Result, err error, what apperr.Entity, id int64) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = apperr.Missing(what, id)
		}
		return err
	}
	return nil
}

// duplicate turns a unique violation into CONFLICT/DUPLICATE with msg.
func duplicate(err error, format string, args ...any) error {
	if isUniqueViolation(err) {
		return apperr.Duplicate(format, args...)
	}
	return err
}

// deleteRow deletes one row by id, or fails with NOT_FOUND.
func deleteRow[T any](ctx context.Context, db bun.IDB, id int64, what apperr.Entity) error {
	res, err := db.NewDelete().Model((*T)(nil)).Where("id = ?", id).Exec(ctx)
	return oneAffected(res, err, what, id)
}

// firstMissing returns the first of want that found lacks.
func firstMissing(want, found []int64) (int64, bool) {
	have := make(map[int64]bool, len(found))
	for _, id := range found {
		have[id] = true
	}
	for _, id := range want {
		if !have[id] {
			return id, true
		}
	}
	return 0, false
}

// insertAll inserts the rows in one statement; none is no statement.
func insertAll[T any](ctx context.Context, db bun.IDB, rows []T) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := db.NewInsert().Model(&rows).Exec(ctx)
	return err
}

// IsEmpty tells whether the table of T has no row (the demo seed fills
// only empty tables).
func IsEmpty[T any](ctx context.Context, h *Handle) (bool, error) {
	found, err := h.idb(ctx).NewSelect().Model((*T)(nil)).Exists(ctx)
	return !found, err
}

// Rows counts the rows of the model's table (seed reports what it added).
func Rows[T any](ctx context.Context, h *Handle) (int, error) {
	n, err := h.idb(ctx).NewSelect().Model((*T)(nil)).Count(ctx)
	return int(n), err
}

// updateColumns writes these columns of the row model whose key is id (the
// primary key, ?PKs); no column writes nothing, and a row that is not there
// (or that where, given, leaves out) is NOT_FOUND.
func updateColumns(ctx context.Context, db bun.IDB, model any, id int64, what apperr.Entity, columns []string,
	where ...func(*bun.UpdateQuery) *bun.UpdateQuery) error {
	if len(columns) == 0 {
		return nil
	}
	q := db.NewUpdate().Model(model).Column(columns...).Where("?PKs = ?", id)
	for _, w := range where {
		q = w(q)
	}
	res, err := q.Exec(ctx)
	return oneAffected(res, err, what, id)
}
