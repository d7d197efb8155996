package db

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/schema"
)

// ShopReportStore sums up the shop's orders for the back office's reports.
type ShopReportStore struct{ h *Handle }

// DailySales is the summed price of one day's orders whose consignee
// address begins with Prefix ("": with none of the prefixes asked for).
type DailySales struct {
	Day    string // the calendar day at the offset asked for, YYYY-MM-DD
	Prefix string
	Amount float64
}

// zonedDay says how each store reads the calendar day of a time at a fixed
// offset east of UTC as YYYY-MM-DD text (of), and where such a day begins
// and ends as values a time column compares with (start, end), so that the
// column's index serves. The stores keep times in UTC (the stores' clock is
// UTC, and bun writes every time in UTC on both stores), so a time's day is
// the UTC day of the time plus the offset, and day D begins at D 00:00 UTC
// minus the offset. In the templates %[1]s is the time or the day,
// %+[2]d the offset in seconds and %+[3]d its negative.
var zonedDay = map[dialect.Name]struct{ of, start, end string }{
	// SQLite keeps times as UTC text, "2006-01-02 15:04:05.999999+00:00"
	// (bun's layout), and datetime writes "2006-01-02 15:04:05": that text
	// sorts before every time of that second and after every earlier time.
	// The bundled SQLite's date drops a fraction of a second, so 23:59:59.999999
	// is not rounded into the next day (apptest.SeedShopSales has such an order).
	dialect.SQLite: {of: "date(%[1]s, '%+[2]d seconds')", start: "datetime(%[1]s, '%+[3]d seconds')",
		end: "datetime(%[1]s, '+1 day', '%+[3]d seconds')"},
	dialect.PG: {of: "to_char((%[1]s AT TIME ZONE 'UTC') + interval '%+[2]d seconds', 'YYYY-MM-DD')",
		start: "((CAST(%[1]s AS timestamp) + interval '%+[3]d seconds') AT TIME ZONE 'UTC')",
		end:   "((CAST(%[1]s AS timestamp) + interval '1 day' + interval '%+[3]d seconds') AT TIME ZONE 'UTC')"},
}

// DailySales sums the prices of the orders of the last days calendar days
// that have orders (a day without orders is skipped, not counted), per day
// and per which of prefixes the consignee address begins with, ordered by
// day. Days are calendar days at offset, a fixed offset east of UTC in
// whole seconds. prefixes holds at least one, and none begins another (the
// first that matches counts).
//
// One statement whatever the number of orders: the days are found by
// walking the created_at index back a day at a time (days probes), and
// only those days' orders are read; the answer has at most days ×
// (prefixes + 1) rows.
func (s *ShopReportStore) DailySales(ctx context.Context, days int, offset time.Duration, prefixes []string) ([]DailySales, error) {
	idb := s.h.idb(ctx)
	day := zonedDay[idb.Dialect().Name()]
	secs := int(offset / time.Second)
	in := func(template, arg string) string { return fmt.Sprintf(template, arg, secs, -secs) }
	// Each step of days is the day of the latest order before the day
	// above it; NULL once there is none. Each day's orders are then read by
	// a range of the index (a single lower bound would be estimated as a
	// third of the table, which Postgres reads whole).
	query := `WITH RECURSIVE days (day, n) AS (
		SELECT ` + in(day.of, `(SELECT created_at FROM shop_orders ORDER BY created_at DESC LIMIT 1)`) + `, 1
		UNION ALL
		SELECT ` + in(day.of, `(SELECT o.created_at FROM shop_orders AS o WHERE o.created_at < `+in(day.start, "d.day")+
		` ORDER BY o.created_at DESC LIMIT 1)`) + `, d.n + 1
		FROM days AS d WHERE d.day IS NOT NULL AND d.n < ?
	)
	SELECT d.day AS day, ? AS prefix, SUM(o.price) AS amount
	FROM days AS d JOIN shop_orders AS o
		ON o.created_at >= ` + in(day.start, "d.day") + ` AND o.created_at < ` + in(day.end, "d.day") + `
	GROUP BY d.day, prefix
	ORDER BY d.day`
	rows := []DailySales{}
	err := idb.NewRaw(query, days, leadingPrefix(prefixes)).Scan(ctx, &rows)
	return rows, err
}

// leadingPrefix is the one of prefixes (at least one) the consignee address
// begins with, or the empty string; substr counts characters on both stores.
func leadingPrefix(prefixes []string) schema.QueryWithArgs {
	var b strings.Builder
	var args []any
	b.WriteString("CASE")
	for _, p := range prefixes {
		b.WriteString(" WHEN substr(o.consignee_address, 1, ?) = ? THEN ?")
		args = append(args, utf8.RuneCountInString(p), p, p)
	}
	b.WriteString(" ELSE '' END")
	return bun.SafeQuery(b.String(), args...)
}
