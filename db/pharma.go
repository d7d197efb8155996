package db

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/apperr"
)

type PharmaCustomer struct {
	bun.BaseModel `bun:"table:pharma_customers"`

	ID          int64  `bun:",pk,autoincrement"`
	Name        string `bun:",notnull,unique"`
	PhoneNumber string `bun:",notnull"`
	Address     string `bun:",notnull"`
}

type Medicine struct {
	bun.BaseModel `bun:"table:medicines"`

	ID          int64  `bun:",pk,autoincrement"`
	Name        string `bun:",notnull,unique"`
	SN          string `bun:"sn,notnull"`
	Description string `bun:",notnull"`
}

type PharmaOrder struct {
	bun.BaseModel `bun:"table:pharma_orders"`

	ID         int64     `bun:",pk,autoincrement"`
	Name       string    `bun:",notnull,unique"`
	CustomerID int64     `bun:",notnull"`
	CreatedAt  time.Time `bun:",notnull"`
}

type PharmaOrderLine struct {
	bun.BaseModel `bun:"table:pharma_order_lines"`

	ID         int64 `bun:",pk,autoincrement"`
	OrderID    int64 `bun:",notnull"`
	MedicineID int64 `bun:",notnull"`
	Amount     int   `bun:",notnull"`
}

// OrderLineInput is one medicine and its amount in an order write.
type OrderLineInput struct {
	MedicineID int64
	Amount     int
}

// PharmaOrderPatch changes an order: nil fields keep their value, SetLines
// sets or adds lines, RemoveMedicineIDs drops lines.
type PharmaOrderPatch struct {
	Name              *string
	CustomerID        *int64
	SetLines          []OrderLineInput
	RemoveMedicineIDs []int64
}

// Customers

func (s *Store) ListPharmaCustomers(ctx context.Context, search string, p *Paging) ([]*PharmaCustomer, int, error) {
	return listByName[PharmaCustomer](ctx, s.db, search, p)
}

func (s *Store) PharmaCustomer(ctx context.Context, id int64) (*PharmaCustomer, error) {
	return byID[PharmaCustomer](ctx, s.db, id, "customer")
}

func (s *Store) PharmaCustomersByIDs(ctx context.Context, ids []int64) ([]*PharmaCustomer, error) {
	return byIDs[PharmaCustomer](ctx, s.db, ids)
}

func (s *Store) CreatePharmaCustomer(ctx context.Context, c *PharmaCustomer) error {
	return insertNamed(ctx, s.db, c, "customer", c.Name)
}

func (s *Store) UpdatePharmaCustomer(ctx context.Context, c *PharmaCustomer) error {
	return updateNamed(ctx, s.db, c.ID, c, "customer", c.Name)
}

func (s *Store) DeletePharmaCustomer(ctx context.Context, id int64) error {
	return deleteByID[PharmaCustomer](ctx, s, id, "customer", func(ctx context.Context, tx bun.Tx) (bool, error) {
		return tx.NewSelect().Model((*PharmaOrder)(nil)).Where("customer_id = ?", id).Exists(ctx)
	})
}

// Medicines

func (s *Store) ListMedicines(ctx context.Context, search string, p *Paging) ([]*Medicine, int, error) {
	return listByName[Medicine](ctx, s.db, search, p)
}

func (s *Store) Medicine(ctx context.Context, id int64) (*Medicine, error) {
	return byID[Medicine](ctx, s.db, id, "medicine")
}

func (s *Store) MedicinesByIDs(ctx context.Context, ids []int64) ([]*Medicine, error) {
	return byIDs[Medicine](ctx, s.db, ids)
}

func (s *Store) CreateMedicine(ctx context.Context, m *Medicine) error {
	return insertNamed(ctx, s.db, m, "medicine", m.Name)
}

func (s *Store) UpdateMedicine(ctx context.Context, m *Medicine) error {
	return updateNamed(ctx, s.db, m.ID, m, "medicine", m.Name)
}

func (s *Store) DeleteMedicine(ctx context.Context, id int64) error {
	return deleteByID[Medicine](ctx, s, id, "medicine", func(ctx context.Context, tx bun.Tx) (bool, error) {
		return tx.NewSelect().Model((*PharmaOrderLine)(nil)).Where("medicine_id = ?", id).Exists(ctx)
	})
}

// Orders

func (s *Store) ListPharmaOrders(ctx context.Context, search string, p *Paging) ([]*PharmaOrder, int, error) {
	return listByName[PharmaOrder](ctx, s.db, search, p)
}

func (s *Store) PharmaOrder(ctx context.Context, id int64) (*PharmaOrder, error) {
	return byID[PharmaOrder](ctx, s.db, id, "order")
}

// PharmaOrderLinesByOrderIDs returns the lines of these orders, in the order
// they were added.
func (s *Store) PharmaOrderLinesByOrderIDs(ctx context.Context, orderIDs []int64) ([]*PharmaOrderLine, error) {
	var lines []*PharmaOrderLine
	err := s.db.NewSelect().Model(&lines).
		Where("order_id IN (?)", bun.In(orderIDs)).
		OrderExpr("id ASC").
		Scan(ctx)
	return lines, err
}

func (s *Store) CreatePharmaOrder(ctx context.Context, o *PharmaOrder, lines []OrderLineInput) error {
	if err := requireName("order", o.Name); err != nil {
		return err
	}
	if o.CreatedAt.IsZero() {
		o.CreatedAt = time.Now()
	}
	// Both stores keep microseconds: answer with what a later read returns.
	o.CreatedAt = o.CreatedAt.UTC().Truncate(time.Microsecond)
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := mustExist[PharmaCustomer](ctx, tx, o.CustomerID, "customer"); err != nil {
			return err
		}
		if err := checkLines(ctx, tx, lines); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(o).Exec(ctx); err != nil {
			return duplicateName(err, "order", o.Name)
		}
		return upsertLines(ctx, tx, o.ID, lines)
	})
}

func (s *Store) UpdatePharmaOrder(ctx context.Context, id int64, patch PharmaOrderPatch) (*PharmaOrder, error) {
	o := new(PharmaOrder)
	err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		cur, err := byID[PharmaOrder](ctx, tx, id, "order")
		if err != nil {
			return err
		}
		*o = *cur
		if patch.Name != nil {
			if err := requireName("order", *patch.Name); err != nil {
				return err
			}
			o.Name = *patch.Name
		}
		if patch.CustomerID != nil {
			if err := mustExist[PharmaCustomer](ctx, tx, *patch.CustomerID, "customer"); err != nil {
				return err
			}
			o.CustomerID = *patch.CustomerID
		}
		if _, err := tx.NewUpdate().Model(o).Column("name", "customer_id").WherePK().Exec(ctx); err != nil {
			return duplicateName(err, "order", o.Name)
		}
		if err := checkLines(ctx, tx, patch.SetLines); err != nil {
			return err
		}
		if err := upsertLines(ctx, tx, id, patch.SetLines); err != nil {
			return err
		}
		if len(patch.RemoveMedicineIDs) > 0 {
			_, err = tx.NewDelete().Model((*PharmaOrderLine)(nil)).
				Where("order_id = ?", id).
				Where("medicine_id IN (?)", bun.In(patch.RemoveMedicineIDs)).
				Exec(ctx)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

func (s *Store) DeletePharmaOrder(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := mustExist[PharmaOrder](ctx, tx, id, "order"); err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model((*PharmaOrderLine)(nil)).Where("order_id = ?", id).Exec(ctx); err != nil {
			return err
		}
		_, err := tx.NewDelete().Model((*PharmaOrder)(nil)).Where("id = ?", id).Exec(ctx)
		return err
	})
}

// checkLines enforces amounts ≥ 0, one line per medicine, and that every
// medicine exists (one query for all of them).
func checkLines(ctx context.Context, tx bun.Tx, lines []OrderLineInput) error {
	if len(lines) == 0 {
		return nil
	}
	seen := make(map[int64]bool, len(lines))
	ids := make([]int64, 0, len(lines))
	for _, l := range lines {
		if l.Amount < 0 {
			return apperr.Invalidf("amount of medicine %d must be 0 or more, got %d", l.MedicineID, l.Amount)
		}
		if seen[l.MedicineID] {
			return apperr.Invalidf("medicine %d appears twice in the lines", l.MedicineID)
		}
		seen[l.MedicineID] = true
		ids = append(ids, l.MedicineID)
	}
	var found []int64
	if err := tx.NewSelect().Model((*Medicine)(nil)).Column("id").Where("id IN (?)", bun.In(ids)).Scan(ctx, &found); err != nil {
		return err
	}
	for _, id := range found {
		delete(seen, id)
	}
	for _, id := range ids {
		if seen[id] {
			return apperr.Missing("medicine", id)
		}
	}
	return nil
}

// upsertLines sets the amount of each medicine in the order, adding lines
// that are not there yet.
func upsertLines(ctx context.Context, tx bun.Tx, orderID int64, lines []OrderLineInput) error {
	if len(lines) == 0 {
		return nil
	}
	rows := make([]PharmaOrderLine, len(lines))
	for i, l := range lines {
		rows[i] = PharmaOrderLine{OrderID: orderID, MedicineID: l.MedicineID, Amount: l.Amount}
	}
	_, err := tx.NewInsert().Model(&rows).
		On("CONFLICT (order_id, medicine_id) DO UPDATE").
		Set("amount = EXCLUDED.amount").
		Exec(ctx)
	return err
}
