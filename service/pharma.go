package service

import (
	"context"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/db"
)

// Pharma is the pharma admin's customers, medicines and orders.
type Pharma struct {
	tx    *db.Handle
	store *db.PharmaStore
}

// PharmaOrderPatch changes an order: nil fields keep their value, SetLines
// sets or adds lines, RemoveMedicineIDs drops lines.
type PharmaOrderPatch struct {
	Name              *string
	CustomerID        *int64
	SetLines          []db.OrderLineInput
	RemoveMedicineIDs []int64
}

// Customers

func (s *Pharma) Customers(ctx context.Context, f db.NameFilter, p *db.Paging) ([]*db.PharmaCustomer, int, error) {
	if err := checkPage(p); err != nil {
		return nil, 0, err
	}
	return s.store.Customers(ctx, f, p)
}

func (s *Pharma) Customer(ctx context.Context, id int64) (*db.PharmaCustomer, error) {
	return s.store.Customer(ctx, id)
}

func (s *Pharma) CreateCustomer(ctx context.Context, c *db.PharmaCustomer) error {
	if err := requireName(apperr.EntityCustomer, c.Name); err != nil {
		return err
	}
	return s.store.CreateCustomer(ctx, c)
}

func (s *Pharma) UpdateCustomer(ctx context.Context, c *db.PharmaCustomer) error {
	if err := requireName(apperr.EntityCustomer, c.Name); err != nil {
		return err
	}
	return s.tx.Run(ctx, func(ctx context.Context) error { return s.store.UpdateCustomer(ctx, c) })
}

// DeleteCustomer deletes a customer no order names.
func (s *Pharma) DeleteCustomer(ctx context.Context, id int64) error {
	return deleteUnused(ctx, s.tx, apperr.EntityCustomer, id, s.store.Customer, s.store.CustomerHasOrders, s.store.DeleteCustomer)
}

// Medicines

func (s *Pharma) Medicines(ctx context.Context, f db.NameFilter, p *db.Paging) ([]*db.Medicine, int, error) {
	if err := checkPage(p); err != nil {
		return nil, 0, err
	}
	return s.store.Medicines(ctx, f, p)
}

func (s *Pharma) Medicine(ctx context.Context, id int64) (*db.Medicine, error) {
	return s.store.Medicine(ctx, id)
}

func (s *Pharma) CreateMedicine(ctx context.Context, m *db.Medicine) error {
	if err := requireName(apperr.EntityMedicine, m.Name); err != nil {
		return err
	}
	return s.store.CreateMedicine(ctx, m)
}

func (s *Pharma) UpdateMedicine(ctx context.Context, m *db.Medicine) error {
	if err := requireName(apperr.EntityMedicine, m.Name); err != nil {
		return err
	}
	return s.tx.Run(ctx, func(ctx context.Context) error { return s.store.UpdateMedicine(ctx, m) })
}

// DeleteMedicine deletes a medicine no order line names.
func (s *Pharma) DeleteMedicine(ctx context.Context, id int64) error {
	return deleteUnused(ctx, s.tx, apperr.EntityMedicine, id, s.store.Medicine, s.store.MedicineInOrders, s.store.DeleteMedicine)
}

// deleteUnused deletes a row that exists and that inUse finds nothing
// pointing at, in one transaction.
func deleteUnused[T any](ctx context.Context, tx *db.Handle, what apperr.Entity, id int64,
	read func(context.Context, int64) (T, error), inUse func(context.Context, int64) (bool, error),
	del func(context.Context, int64) error) error {
	return tx.Run(ctx, func(ctx context.Context) error {
		if _, err := read(ctx, id); err != nil {
			return err
		}
		used, err := inUse(ctx, id)
		if err != nil {
			return err
		}
		if used {
			return apperr.New(apperr.Conflict, apperr.ReasonInUse, "%s %d is named by an order", what, id)
		}
		return del(ctx, id)
	})
}

// Orders

func (s *Pharma) Orders(ctx context.Context, f db.NameFilter, p *db.Paging) ([]*db.PharmaOrder, int, error) {
	if err := checkPage(p); err != nil {
		return nil, 0, err
	}
	return s.store.Orders(ctx, f, p)
}

func (s *Pharma) Order(ctx context.Context, id int64) (*db.PharmaOrder, error) {
	return s.store.Order(ctx, id)
}

// CreateOrder adds an order of an existing customer with its lines.
func (s *Pharma) CreateOrder(ctx context.Context, o *db.PharmaOrder, lines []db.OrderLineInput) error {
	if err := requireName(apperr.EntityOrder, o.Name); err != nil {
		return err
	}
	return s.tx.Run(ctx, func(ctx context.Context) error {
		if _, err := s.store.Customer(ctx, o.CustomerID); err != nil {
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
			if _, err := s.store.Customer(ctx, *patch.CustomerID); err != nil {
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
