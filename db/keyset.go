package db

import (
	"context"
	"errors"
	"time"

	"github.com/uptrace/bun"
)

// Keyset (cursor) pages: a list read a slice at a time from a place in its
// stable order, rather than by page number, so a long list is read without
// skipping over the rows before and a row added meanwhile shifts nothing.

// Key is a row's place in its list's order: its id, after its time for the
// lists ordered by time (Time is nil for the lists ordered by id alone).
type Key struct {
	Time *time.Time
	ID   int64
}

// listOrder is a list's stable order: by a time column, then by id, which
// breaks the ties; or by id alone (no time column).
type listOrder struct {
	time string // the time column; "" orders by id alone
	desc bool
}

var (
	// byIDOrder lists the lowest id first.
	byIDOrder = listOrder{}
	// latestIDFirst lists the highest id first.
	latestIDFirst = listOrder{desc: true}
	// newestFirst lists the latest created_at first, the highest id first
	// among rows created at the same time.
	newestFirst = listOrder{time: "created_at", desc: true}
)

// timed tells whether the order's keys hold a time.
func (o listOrder) timed() bool { return o.time != "" }

// columns are the order's columns, of the query's model, as SQL.
func (o listOrder) columns() string {
	if o.time == "" {
		return "?TableAlias.id"
	}
	return "(" + o.columnList("?TableAlias") + ")"
}

// columnList lists the order's columns of a table alias.
func (o listOrder) columnList(alias string) string {
	if o.time == "" {
		return alias + ".id"
	}
	return alias + "." + o.time + ", " + alias + ".id"
}

func (o listOrder) apply(q *bun.SelectQuery) *bun.SelectQuery {
	dir := " ASC"
	if o.desc {
		dir = " DESC"
	}
	if o.time == "" {
		return q.OrderExpr("?TableAlias.id" + dir)
	}
	return q.OrderExpr("?TableAlias.?"+dir+", ?TableAlias.id"+dir, bun.Ident(o.time))
}

// after keeps the rows that come after k in the order: a row value
// comparison, which an index on the order's columns serves.
func (o listOrder) after(q *bun.SelectQuery, k Key) *bun.SelectQuery {
	if o.time == "" {
		return o.afterRow(q, "?", k.ID)
	}
	return o.afterRow(q, "(?, ?)", *k.Time, k.ID)
}

// afterRow keeps the rows that come after a row in the order, given as
// SQL for a row value of the order's columns (a subquery reads it from
// the row itself), and its arguments.
func (o listOrder) afterRow(q *bun.SelectQuery, row string, args ...any) *bun.SelectQuery {
	op := " > "
	if o.desc {
		op = " < "
	}
	return q.Where(o.columns()+op+row, args...)
}

// afterID keeps the rows that come after the row with this id of the
// query's table, its place read by a subquery.
func (o listOrder) afterID(q *bun.SelectQuery, id int64) *bun.SelectQuery {
	return o.afterRow(q, "(SELECT "+o.columnList("after")+" FROM ?TableName AS after WHERE after.id = ?)", id)
}

// errKeyNotOfOrder is a key whose kind (with a time or without) is not its
// list's order's: the service made the cursor for another order than the
// store reads the list in, a defect, so it fails rather than read a slice
// from nowhere.
var errKeyNotOfOrder = errors.New("keyset: the key's kind is not the list order's")

// scanKeyset reads a cursor page: p.Size rows after p.After; total, unless
// uncounted, counts every row the query keeps, wherever the page starts.
func scanKeyset[T any](ctx context.Context, q *bun.SelectQuery, rows *[]*T, p *Paging, order listOrder) (int, error) {
	total := 0
	if !p.Uncounted {
		n, err := q.Count(ctx)
		if err != nil {
			return 0, err
		}
		total = int(n)
	}
	if p.After != nil {
		if (p.After.Time != nil) != order.timed() {
			return 0, errKeyNotOfOrder
		}
		q = order.after(q, *p.After)
	}
	return total, q.Limit(int64(p.Size)).Scan(ctx)
}
