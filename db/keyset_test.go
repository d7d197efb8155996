package db

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/uptrace/bun"
)

// seedNewestFirst adds goods created within a few seconds: whole and
// fractional seconds within one second (SQLite holds them as text), ties,
// and a time given in another zone; it returns their ids newest first,
// the highest id first among ties.
func seedNewestFirst(t *testing.T, s *Stores) []int64 {
	t.Helper()
	shanghai := time.FixedZone("CST", 8*3600)
	base := time.Date(2026, 11, 1, 8, 0, 5, 0, time.UTC)
	ms := time.Millisecond
	// Newest first: +1s; +999999999ns; +500ms ×2 (a tie, one in Shanghai);
	// +450ms; +100µs; +0 ×2 (a tie); -1s.
	for i, at := range []time.Time{base, base.Add(450 * ms), base.Add(500 * ms), base.Add(-time.Second),
		base.Add(500 * ms).In(shanghai), base.Add(time.Second), base.Add(100 * time.Microsecond), base, base.Add(999999999)} {
		insert(t, s, &ShopGoods{Name: fmt.Sprint("g", i), CreatedAt: at, UpdatedAt: at})
	}
	return []int64{6, 9, 5, 3, 2, 7, 8, 1, 4}
}

func goodsIDs(rows []*ShopGoods) []int64 {
	ids := []int64{}
	for _, g := range rows {
		ids = append(ids, g.ID)
	}
	return ids
}

// Read a slice at a time, each after the last row read, newestFirst lists
// every row once, in its order, whatever the slices' size.
func TestNewestFirstKeysetWalk(t *testing.T) {
	s := testStores(t, nil)
	want := seedNewestFirst(t, s)
	ctx := context.Background()
	all := []*ShopGoods{}
	if _, err := scanPage(ctx, s.Handle.db.NewSelect().Model(&all), &all, nil, newestFirst); err != nil {
		t.Fatal(err)
	}
	if got := goodsIDs(all); !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	for size := 1; size <= 4; size++ {
		got := []int64{}
		var after *Key
		for range len(want) + 1 {
			rows := []*ShopGoods{}
			if _, err := scanPage(ctx, s.Handle.db.NewSelect().Model(&rows), &rows,
				&Paging{Keyset: true, Size: size, After: after, Uncounted: true}, newestFirst); err != nil {
				t.Fatal(err)
			}
			if len(rows) == 0 {
				break
			}
			got = append(got, goodsIDs(rows)...)
			last := rows[len(rows)-1]
			after = &Key{Time: &last.CreatedAt, ID: last.ID}
		}
		if !slices.Equal(got, want) {
			t.Errorf("size %d: %v, want %v", size, got, want)
		}
	}
}

// A key's time need not be a row's: within one second, the rows after a
// fractional time are the earlier fractions and the whole second.
func TestNewestFirstAfterATimeWithinASecond(t *testing.T) {
	s := testStores(t, nil)
	seedNewestFirst(t, s)
	base := time.Date(2026, 11, 1, 8, 0, 5, 0, time.UTC)
	for _, c := range []struct {
		after Key
		want  []int64
	}{
		{Key{Time: timeAt(base.Add(450 * time.Millisecond)), ID: 1 << 40}, []int64{2, 7, 8, 1, 4}},
		{Key{Time: timeAt(base.Add(450 * time.Millisecond)), ID: 2}, []int64{7, 8, 1, 4}},
		{Key{Time: timeAt(base.Add(200 * time.Microsecond)), ID: 1 << 40}, []int64{7, 8, 1, 4}},
		{Key{Time: timeAt(base), ID: 8}, []int64{1, 4}},
		{Key{Time: timeAt(base.In(time.FixedZone("", -5*3600))), ID: 8}, []int64{1, 4}},
	} {
		rows := []*ShopGoods{}
		if _, err := scanPage(context.Background(), s.Handle.db.NewSelect().Model(&rows), &rows,
			&Paging{Keyset: true, Size: 10, After: &c.after, Uncounted: true}, newestFirst); err != nil {
			t.Fatal(err)
		}
		if got := goodsIDs(rows); !slices.Equal(got, c.want) {
			t.Errorf("after %v #%d: %v, want %v", c.after.Time, c.after.ID, got, c.want)
		}
	}
}

// afterID (a row's place read by a subquery, as the restaurants' page
// field's after) keeps the same rows as after given that row's key.
func TestAfterIDIsAfterTheRowsKey(t *testing.T) {
	s := testStores(t, nil)
	seedNewestFirst(t, s)
	ctx := context.Background()
	read := func(keep func(*bun.SelectQuery) *bun.SelectQuery) []int64 {
		rows := []*ShopGoods{}
		if _, err := scanPage(ctx, keep(s.Handle.db.NewSelect().Model(&rows)), &rows, nil, newestFirst); err != nil {
			t.Fatal(err)
		}
		return goodsIDs(rows)
	}
	all := []*ShopGoods{}
	if err := s.Handle.db.NewSelect().Model(&all).Scan(ctx); err != nil {
		t.Fatal(err)
	}
	for _, g := range all {
		byID := read(func(q *bun.SelectQuery) *bun.SelectQuery { return newestFirst.afterID(q, g.ID) })
		byKey := read(func(q *bun.SelectQuery) *bun.SelectQuery {
			return newestFirst.after(q, Key{Time: &g.CreatedAt, ID: g.ID})
		})
		if !slices.Equal(byID, byKey) {
			t.Errorf("after goods %d: by id %v, by key %v", g.ID, byID, byKey)
		}
	}
}

// A key of another kind than the list's order (a time on a list by id, or
// none on a list by time) is a defect, not a place to read from.
func TestKeysetRefusesAKeyOfAnotherOrder(t *testing.T) {
	s := testStores(t, nil)
	at := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		key   Key
		order listOrder
	}{{Key{ID: 1}, newestFirst}, {Key{Time: &at, ID: 1}, byIDOrder}} {
		rows := []*ShopGoods{}
		_, err := scanPage(context.Background(), s.Handle.db.NewSelect().Model(&rows), &rows,
			&Paging{Keyset: true, Size: 2, After: &c.key}, c.order)
		if !errors.Is(err, errKeyNotOfOrder) {
			t.Errorf("key %+v, order %+v: %v", c.key, c.order, err)
		}
	}
}

func timeAt(t time.Time) *time.Time { return &t }
