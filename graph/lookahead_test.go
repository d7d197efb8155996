package graph_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/db"
)

const ordersWithEdges = `query($size: Int!) {
  pharmaOrders(paging: {page: 1, size: $size}) {
    total
    items { id name customer { name } lines { amount medicine { name sn } } }
  }
}`

// Listing 5 or 50 orders with their customers, lines and medicines issues the
// same number of statements: the list resolver loads each edge for the whole
// page at once (look-ahead).
func TestOrderListStatementsDoNotGrowWithPageSize(t *testing.T) {
	s := apptest.New(t)
	seedOrders(t, s, 50)
	token := s.AdminToken(t)

	large := s.SameStatementsAtAnySize(t, []int{5, 50}, func(size int) {
		r := s.GraphQL(t, token, ordersWithEdges, map[string]any{"size": size})
		if len(r.Errors) > 0 {
			t.Fatalf("list %d: %v", size, r.Errors)
		}
	})
	// session + page (2: rows and count) + customers + lines joined with
	// their medicines
	if large != 5 {
		t.Errorf("50 orders took %d statements, want 5", large)
	}
}

// seedOrders adds n orders, each for its own customer with two medicines.
func seedOrders(t testing.TB, s *apptest.Server, n int) {
	t.Helper()
	ctx := context.Background()
	st := s.App.Services.Pharma
	for i := range n {
		c := &db.PharmaCustomer{Name: fmt.Sprintf("customer %d", i), PhoneNumber: "1", Address: "a"}
		m1 := &db.Medicine{Name: fmt.Sprintf("medicine %d a", i), SN: "s", Description: "d"}
		m2 := &db.Medicine{Name: fmt.Sprintf("medicine %d b", i), SN: "s", Description: "d"}
		for _, err := range []error{st.Customers.Create(ctx, c), st.Medicines.Create(ctx, m1), st.Medicines.Create(ctx, m2)} {
			if err != nil {
				t.Fatal(err)
			}
		}
		o := &db.PharmaOrder{Name: fmt.Sprintf("order %d", i), CustomerID: c.ID}
		if err := st.CreateOrder(ctx, o, []db.OrderLineInput{{MedicineID: m1.ID, Amount: 1}, {MedicineID: m2.ID, Amount: 2}}); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkOrderList measures a page of 50 orders with customers, lines and
// medicines over HTTP, in process (bench/ measures it under load, against a
// hand-written handler).
func BenchmarkOrderList(b *testing.B) {
	s := apptest.New(b)
	seedOrders(b, s, 50)
	token := s.AdminToken(b)
	vars := map[string]any{"size": 50}
	b.ResetTimer()
	for b.Loop() {
		if r := s.GraphQL(b, token, ordersWithEdges, vars); len(r.Errors) > 0 {
			b.Fatal(r.Errors)
		}
	}
}
