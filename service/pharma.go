package service

import (
	"context"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
)

// Pharma is the pharma admin's customers, medicines and orders.
type Pharma struct {
	tx        *db.Handle
	store     *db.PharmaStore
	Customers Named[db.PharmaCustomer]
	Medicines Named[db.Medicine]
}

func newPharma(tx *db.Handle, store *db.PharmaStore) *Pharma {
	return &Pharma{tx: tx, store: store,
		Customers: Named[db.PharmaCustomer]{tx: tx, table: store.Customers, inUse: store.CustomerHasOrders, usedBy: "used by an order"},
		Medicines: Named[db.Medicine]{tx: tx, table: store.Medicines, inUse: store.MedicineInOrders, usedBy: "used by an order"},
	}
}

// PharmaCustomerPatch holds the customer fields to change; nil keeps the
// value (Named.Patch).
type PharmaCustomerPatch struct {
	Name, PhoneNumber, Address *string
}

func (p PharmaCustomerPatch) apply(c *db.PharmaCustomer) []string {
	changed := set(nil, &c.Name, p.Name, "name")
	changed = set(changed, &c.PhoneNumber, p.PhoneNumber, "phone_number")
	return set(changed, &c.Address, p.Address, "address")
}

// MedicinePatch holds the medicine fields to change; nil keeps the value
// (Named.Patch).
type MedicinePatch struct {
	Name, SN, Description *string
}

func (p MedicinePatch) apply(m *db.Medicine) []string {
	changed := set(nil, &m.Name, p.Name, "name")
	changed = set(changed, &m.SN, p.SN, "sn")
	return set(changed, &m.Description, p.Description, "description")
}

// PharmaOrderPatch changes an order: nil fields keep their value, SetLines
// sets or adds lines, RemoveMedicineIDs drops lines.
type PharmaOrderPatch struct {
	Name              *string
	CustomerID        *int64
	SetLines          []db.OrderLineInput
	RemoveMedicineIDs []int64
}

// Orders

// Orders lists a page of orders with the edges e asks for.
func (s *Pharma) Orders(ctx context.Context, f db.NameFilter, p *db.Paging, e db.PharmaOrderEdges) ([]*db.PharmaOrder, int, error) {
	return pageWithEdges(ctx, f, p, e, s.store.Orders, s.store.LoadOrderEdges)
}

// Order reads an order with the edges e asks for.
func (s *Pharma) Order(ctx context.Context, id int64, e db.PharmaOrderEdges) (*db.PharmaOrder, error) {
	return oneWithEdges(ctx, id, e, s.store.Order, s.store.LoadOrderEdges)
}

// LoadOrderEdges sets the edges e asks for on orders a write returned.
func (s *Pharma) LoadOrderEdges(ctx context.Context, e db.PharmaOrderEdges, orders ...*db.PharmaOrder) error {
	return s.store.LoadOrderEdges(ctx, e, orders...)
}

// CreateOrder adds an order of an existing customer with its lines.
func (s *Pharma) CreateOrder(ctx context.Context, o *db.PharmaOrder, lines []db.OrderLineInput) error {
	if err := requireName(apperr.EntityOrder, o.Name); err != nil {
		return err
	}
	return s.tx.Run(ctx, func(ctx context.Context) error {
		if _, err := s.store.Customers.Get(ctx, o.CustomerID); err != nil {
			return err
		}
		if err := s.checkLines(ctx, lines); err != nil {
			return err
		}
		if err := s.store.CreateOrder(ctx, o); err != nil {
			return err
		}
		return s.store.SetOrderLines(ctx, o.ID, lines)
	})
}

// UpdateOrder changes what the patch gives, in one transaction.
func (s *Pharma) UpdateOrder(ctx context.Context, id int64, patch PharmaOrderPatch) (*db.PharmaOrder, error) {
	var o *db.PharmaOrder
	err := s.tx.Run(ctx, func(ctx context.Context) (err error) {
		if o, err = s.store.Order(ctx, id); err != nil {
			return err
		}
		if patch.Name != nil {
			if err := requireName(apperr.EntityOrder, *patch.Name); err != nil {
				return err
			}
			o.Name = *patch.Name
		}
		if patch.CustomerID != nil {
			if _, err := s.store.Customers.Get(ctx, *patch.CustomerID); err != nil {
				return err
			}
			o.CustomerID = *patch.CustomerID
		}
		if err := s.store.UpdateOrder(ctx, o); err != nil {
			return err
		}
		if err := s.checkLines(ctx, patch.SetLines); err != nil {
			return err
		}
		if err := s.store.SetOrderLines(ctx, id, patch.SetLines); err != nil {
			return err
		}
		return s.store.RemoveOrderLines(ctx, id, patch.RemoveMedicineIDs)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

func (s *Pharma) DeleteOrder(ctx context.Context, id int64) error {
	return s.tx.Run(ctx, func(ctx context.Context) error { return s.store.DeleteOrder(ctx, id) })
}

// checkLines enforces amounts of 0 or more, one line per medicine, and
// that every medicine exists.
func (s *Pharma) checkLines(ctx context.Context, lines []db.OrderLineInput) error {
	seen := make(map[int64]bool, len(lines))
	ids := make([]int64, len(lines))
	for i, l := range lines {
		if l.Amount < 0 {
			return apperr.Invalidf("amount of medicine %d must be 0 or more, got %d", l.MedicineID, l.Amount)
		}
		if seen[l.MedicineID] {
			return apperr.Invalidf("medicine %d appears twice in the lines", l.MedicineID)
		}
		seen[l.MedicineID], ids[i] = true, l.MedicineID
	}
	id, missing, err := s.store.MissingMedicine(ctx, ids)
	if err == nil && missing {
		err = apperr.Missing(apperr.EntityMedicine, id)
	}
	return err
}
