package db

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/uptrace/bun"
)

// selectNames applies filter to a select of T ordered by id and returns the
// column col of the rows it keeps.
func selectNames[T any](t *testing.T, s *Stores, col string, filter func(*bun.SelectQuery) *bun.SelectQuery) []string {
	t.Helper()
	var names []string
	q := s.Handle.db.NewSelect().Model((*T)(nil)).Column(col).OrderExpr("id ASC")
	if err := filter(q).Scan(context.Background(), &names); err != nil {
		t.Fatal(err)
	}
	return names
}

// LIKE's wildcards and its escape character in the search match only
// themselves, and case does not matter.
func TestWhereContainsEscapesWildcardsAndIgnoresCase(t *testing.T) {
	s := testStores(t, nil)
	for _, name := range []string{"100% Pure", "100 Pure", "a_b", "aXb", `back\slash`, "backslash", "MiXeD Case"} {
		insert(t, s, &PharmaCustomer{Name: name})
	}
	for search, want := range map[string][]string{
		"0%":         {"100% Pure"},
		"a_b":        {"a_b"},
		`k\s`:        {`back\slash`},
		"mixed CASE": {"MiXeD Case"},
		"PURE":       {"100% Pure", "100 Pure"},
		"":           {"100% Pure", "100 Pure", "a_b", "aXb", `back\slash`, "backslash", "MiXeD Case"},
		"nobody":     nil,
	} {
		got := selectNames[PharmaCustomer](t, s, "name", func(q *bun.SelectQuery) *bun.SelectQuery {
			return whereContains(q, "name", search)
		})
		if !slices.Equal(got, want) {
			t.Errorf("contains %q: %q, want %q", search, got, want)
		}
	}
}

func TestScanPage(t *testing.T) {
	s := testStores(t, nil)
	for i := 1; i <= 5; i++ {
		insert(t, s, &PharmaCustomer{Name: fmt.Sprint("c", i)})
	}
	for _, c := range []struct {
		paging    *Paging
		order     listOrder
		want      []string
		wantTotal int
	}{
		{nil, byIDOrder, []string{"c1", "c2", "c3", "c4", "c5"}, 5},
		{&Paging{Page: 2, Size: 2}, byIDOrder, []string{"c3", "c4"}, 5},
		{&Paging{Page: 3, Size: 2}, byIDOrder, []string{"c5"}, 5},
		{&Paging{Page: 4, Size: 2}, byIDOrder, []string{}, 5},
		{&Paging{Page: 1, Size: 2, Uncounted: true}, latestIDFirst, []string{"c5", "c4"}, 0},
		// Keyset pages count the whole list wherever they start.
		{&Paging{Keyset: true, Size: 2}, byIDOrder, []string{"c1", "c2"}, 5},
		{&Paging{Keyset: true, Size: 2, After: &Key{ID: 2}}, byIDOrder, []string{"c3", "c4"}, 5},
		{&Paging{Keyset: true, Size: 2, After: &Key{ID: 4}}, latestIDFirst, []string{"c3", "c2"}, 5},
		{&Paging{Keyset: true, Size: 2, After: &Key{ID: 5}, Uncounted: true}, byIDOrder, []string{}, 0},
	} {
		rows := []*PharmaCustomer{}
		total, err := scanPage(context.Background(), s.Handle.db.NewSelect().Model(&rows), &rows, c.paging, c.order)
		if err != nil {
			t.Fatal(err)
		}
		got := []string{}
		for _, r := range rows {
			got = append(got, r.Name)
		}
		if !slices.Equal(got, c.want) || total != c.wantTotal || rows == nil {
			t.Errorf("paging %+v: %q (nil %v), total %d; want %q, total %d", c.paging, got, rows == nil, total, c.want, c.wantTotal)
		}
	}
}

// NameFilter is the pharma lists' filter (customers here).
func TestNameFilterKeepsNamesContainingSearch(t *testing.T) {
	s := testStores(t, nil)
	for _, name := range []string{"Alice", "Bob", "alicia"} {
		insert(t, s, &PharmaCustomer{Name: name})
	}
	rows, total, err := s.Pharma.Customers.List(context.Background(), NameFilter{Search: "ALI"}, nil)
	if err != nil || total != 2 || len(rows) != 2 || rows[0].Name != "Alice" || rows[1].Name != "alicia" {
		t.Fatalf("customers ALI: %d rows, total %d, err %v", len(rows), total, err)
	}
}

func TestShopOrderFilter(t *testing.T) {
	s := testStores(t, nil)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, o := range []*ShopOrder{
		{Number: "A-100", UserID: 1, Paid: true, Sent: false, InvoiceTitle: "Alpha", InvoiceCompany: "Acme Co", InvoiceContent: "Books", ConsigneeAddress: "1 Main St"},
		{Number: "A-200", UserID: 2, Paid: false, Sent: true, InvoiceTitle: "Beta", InvoiceCompany: "Beta Co", InvoiceContent: "Pens", ConsigneeAddress: "2 Main St"},
		{Number: "B-100", UserID: 1, Paid: false, Sent: false, InvoiceTitle: "Gamma", InvoiceCompany: "Zeta Co", InvoiceContent: "Pens and Ink", ConsigneeAddress: "3 Side Rd"},
		{Number: "B-200", UserID: 2, Paid: true, Sent: true, InvoiceTitle: "Delta", InvoiceCompany: "Delta Ltd", InvoiceContent: "Books", ConsigneeAddress: "4 Side Rd"},
	} {
		o.CreatedAt, o.UpdatedAt = now, now
		insert(t, s, o)
	}
	str := func(v string) *string { return &v }
	yes, no, one, two := true, false, int64(1), int64(2)
	for _, c := range []struct {
		name   string
		filter ShopOrderFilter
		want   []string
	}{
		{"none", ShopOrderFilter{}, []string{"A-100", "A-200", "B-100", "B-200"}},
		{"number", ShopOrderFilter{Number: str("a-")}, []string{"A-100", "A-200"}},
		{"user", ShopOrderFilter{UserID: &one}, []string{"A-100", "B-100"}},
		{"paid", ShopOrderFilter{Paid: &yes}, []string{"A-100", "B-200"}},
		{"unpaid", ShopOrderFilter{Paid: &no}, []string{"A-200", "B-100"}},
		{"sent", ShopOrderFilter{Sent: &yes}, []string{"A-200", "B-200"}},
		{"not sent", ShopOrderFilter{Sent: &no}, []string{"A-100", "B-100"}},
		{"invoice title", ShopOrderFilter{InvoiceTitle: str("AMM")}, []string{"B-100"}},
		{"invoice company", ShopOrderFilter{InvoiceCompany: str("acme")}, []string{"A-100"}},
		{"invoice content", ShopOrderFilter{InvoiceContent: str("pens")}, []string{"A-200", "B-100"}},
		{"consignee address", ShopOrderFilter{ConsigneeAddress: str("side")}, []string{"B-100", "B-200"}},
		{"user and paid", ShopOrderFilter{UserID: &two, Paid: &yes}, []string{"B-200"}},
		{"all but one", ShopOrderFilter{Number: str("100"), UserID: &one, Paid: &no, Sent: &no, InvoiceContent: str("ink")}, []string{"B-100"}},
		{"contradiction", ShopOrderFilter{Number: str("A-"), ConsigneeAddress: str("side")}, nil},
	} {
		if got := selectNames[ShopOrder](t, s, "number", c.filter.apply); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestShopUserFilterKeepsUsernamesContainingQuery(t *testing.T) {
	s := testStores(t, nil)
	for _, name := range []string{"bob", "alice", "Bobby", "ro_bob"} {
		insert(t, s, &Account{Username: name, PasswordHash: "-", Role: RoleStaff, Active: true, CreatedAt: time.Now()})
	}
	for query, want := range map[string][]string{
		"BOB": {"bob", "Bobby", "ro_bob"},
		"o_b": {"ro_bob"},
		"":    {"bob", "alice", "Bobby", "ro_bob"},
	} {
		if got := selectNames[Account](t, s, "username", ShopUserFilter{Query: query}.apply); !slices.Equal(got, want) {
			t.Errorf("query %q: %q, want %q", query, got, want)
		}
	}
}

// The goods list leaves deleted goods out, with or without a query, and
// counts only the goods it would show.
func TestShopGoodsListExcludesDeletedGoods(t *testing.T) {
	s := testStores(t, nil)
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i, g := range []*ShopGoods{{Name: "Red Apple"}, {Name: "green apple", Deleted: true}, {Name: "Pear"}} {
		g.CreatedAt = base.Add(time.Duration(i) * time.Minute)
		g.UpdatedAt = g.CreatedAt
		insert(t, s, g)
	}
	for query, want := range map[string][]string{"APPLE": {"Red Apple"}, "": {"Pear", "Red Apple"}} {
		rows, total, err := s.ShopGoods.List(context.Background(), ShopGoodsFilter{Query: query}, &Paging{Page: 1, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, g := range rows {
			got = append(got, g.Name)
		}
		if !slices.Equal(got, want) || total != len(want) {
			t.Errorf("query %q: %q total %d, want %q total %d", query, got, total, want, len(want))
		}
	}
}
