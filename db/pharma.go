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

	// Edges, set by LoadOrderEdges when asked for.
	Customer *PharmaCustomer    `bun:"rel:belongs-to,join:customer_id=id"`
	Lines    []*PharmaOrderLine `bun:"rel:has-many,join:id=order_id"`
}

type PharmaOrderLine struct {
	bun.BaseModel `bun:"table:pharma_order_lines"`

	ID         int64 `bun:",pk,autoincrement"`
	OrderID    int64 `bun:",notnull"`
	MedicineID int64 `bun:",notnull"`
	Amount     int   `bun:",notnull"`

	Medicine *Medicine `bun:"rel:belongs-to,join:medicine_id=id"` // an edge, see PharmaOrderEdges
}

// OrderLineInput is one medicine and its amount in an order write.
type OrderLineInput struct {
	MedicineID int64
	Amount     int
}

// PharmaStore keeps the pharma admin's customers, medicines and orders.
type PharmaStore struct {
	h         *Handle
	Customers NamedTable[PharmaCustomer]
	Medicines NamedTable[Medicine]
}

func newPharmaStore(h *Handle) *PharmaStore {
	return &PharmaStore{h: h,
		Customers: namedTable(h, apperr.EntityCustomer, func(c *PharmaCustomer) (int64, string) { return c.ID, c.Name }),
		Medicines: namedTable(h, apperr.EntityMedicine, func(m *Medicine) (int64, string) { return m.ID, m.Name }),
	}
}

// CustomerHasOrders tells whether an order names the customer.
func (s *PharmaStore) CustomerHasOrders(ctx context.Context, id int64) (bool, error) {
	return exists[PharmaOrder](ctx, s.h.idb(ctx), "customer_id = ?", id)
}

// MedicineInOrders tells whether an order line names the medicine.
func (s *PharmaStore) MedicineInOrders(ctx context.Context, id int64) (bool, error) {
	return exists[PharmaOrderLine](ctx, s.h.idb(ctx), "medicine_id = ?", id)
}

// MissingMedicine returns the first of ids that is not a medicine (one
// statement for all of them).
func (s *PharmaStore) MissingMedicine(ctx context.Context, ids []int64) (int64, bool, error) {
	if len(ids) == 0 {
		return 0, false, nil
	}
	var found []int64
	err := s.h.idb(ctx).NewSelect().Model((*Medicine)(nil)).Column("id").Where("id IN (?)", bun.In(ids)).Scan(ctx, &found)
	if err != nil {
		return 0, false, err
	}
	id, missing := firstMissing(ids, found)
	return id, missing, nil
}

// Orders

// Orders lists orders by id, filtered and paged. Their customers come with
// LoadOrderEdges, by id: joined here, the page's count would join every
// order with its customer, a cost that grows with the table.
func (s *PharmaStore) Orders(ctx context.Context, f NameFilter, p *Paging) ([]*PharmaOrder, int, error) {
	return listByName[PharmaOrder](ctx, s.h.idb(ctx), f, p)
}

func (s *PharmaStore) Order(ctx context.Context, id int64) (*PharmaOrder, error) {
	return byID[PharmaOrder](ctx, s.h.idb(ctx), id, apperr.EntityOrder)
}

// PharmaOrderEdges names the edges of orders a reader asks for.
type PharmaOrderEdges struct {
	Customer      bool
	Lines         bool
	LineMedicines bool // with Lines
}

// LoadOrderEdges sets the edges of these orders that e asks for, in one
// statement per edge whatever the number of orders: customers by id, and
// lines (in the order they were added) joined with their medicines.
func (s *PharmaStore) LoadOrderEdges(ctx context.Context, e PharmaOrderEdges, orders ...*PharmaOrder) error {
	if len(orders) == 0 {
		return nil
	}
	if e.Customer {
		customers, err := byIDs[PharmaCustomer](ctx, s.h.idb(ctx), keysOf(orders, func(o *PharmaOrder) int64 { return o.CustomerID }))
		if err != nil {
			return err
		}
		if err := attachOne(orders, func(o *PharmaOrder) int64 { return o.CustomerID }, customers,
			func(c *PharmaCustomer) int64 { return c.ID }, func(o *PharmaOrder, c *PharmaCustomer) { o.Customer = c }, apperr.EntityCustomer); err != nil {
			return err
		}
	}
	if !e.Lines {
		return nil
	}
	join := ""
	if e.LineMedicines {
		join = "Medicine"
	}
	lines, err := childrenOf[PharmaOrderLine](ctx, s.h.idb(ctx), "order_id", keysOf(orders, func(o *PharmaOrder) int64 { return o.ID }), join)
	if err != nil {
		return err
	}
	if e.LineMedicines {
		if err := joinedOne(lines, func(l *PharmaOrderLine) int64 { return l.MedicineID },
			func(l *PharmaOrderLine) *Medicine { return l.Medicine }, apperr.EntityMedicine); err != nil {
			return err
		}
	}
	attachMany(orders, func(o *PharmaOrder) int64 { return o.ID }, lines,
		func(l *PharmaOrderLine) int64 { return l.OrderID }, func(o *PharmaOrder, ls []*PharmaOrderLine) { o.Lines = ls })
	return nil
}

// CreateOrder adds an order, stamped now unless CreatedAt is set; kept to
// the microsecond both stores hold, so the answer equals a later read.
func (s *PharmaStore) CreateOrder(ctx context.Context, o *PharmaOrder) error {
	if o.CreatedAt.IsZero() {
		o.CreatedAt = s.h.Now()
	}
	o.CreatedAt = o.CreatedAt.UTC().Truncate(time.Microsecond)
	_, err := s.h.idb(ctx).NewInsert().Model(o).Exec(ctx)
	return duplicate(err, "an order named %q already exists", o.Name)
}

// UpdateOrder writes the order's name and customer.
func (s *PharmaStore) UpdateOrder(ctx context.Context, o *PharmaOrder) error {
	_, err := s.h.idb(ctx).NewUpdate().Model(o).Column("name", "customer_id").WherePK().Exec(ctx)
	return duplicate(err, "an order named %q already exists", o.Name)
}

// SetOrderLines sets the amount of each medicine in the order, adding lines
// that are not there yet.
func (s *PharmaStore) SetOrderLines(ctx context.Context, orderID int64, lines []OrderLineInput) error {
	if len(lines) == 0 {
		return nil
	}
	rows := make([]PharmaOrderLine, len(lines))
	for i, l := range lines {
		rows[i] = PharmaOrderLine{OrderID: orderID, MedicineID: l.MedicineID, Amount: l.Amount}
	}
	_, err := s.h.idb(ctx).NewInsert().Model(&rows).
		On("CONFLICT (order_id, medicine_id) DO UPDATE").
		Set("amount = EXCLUDED.amount").
		Exec(ctx)
	return err
}

// RemoveOrderLines drops the order's lines of these medicines.
func (s *PharmaStore) RemoveOrderLines(ctx context.Context, orderID int64, medicineIDs []int64) error {
	if len(medicineIDs) == 0 {
		return nil
	}
	return deleteWhere[PharmaOrderLine](ctx, s.h.idb(ctx), "order_id = ? AND medicine_id IN (?)", orderID, bun.In(medicineIDs))
}

// DeleteOrder deletes an order and its lines.
func (s *PharmaStore) DeleteOrder(ctx context.Context, id int64) error {
	if err := mustExist[PharmaOrder](ctx, s.h.idb(ctx), id, apperr.EntityOrder); err != nil {
		return err
	}
	if err := deleteWhere[PharmaOrderLine](ctx, s.h.idb(ctx), "order_id = ?", id); err != nil {
		return err
	}
	return deleteWhere[PharmaOrder](ctx, s.h.idb(ctx), "id = ?", id)
}
