// Package seed fills a store with demo data, so a first start of the
// embedded server shows something on every screen. The data are Go
// literals (data.go) loaded through the stores; each domain's part fills
// only an empty table, so seeding twice is harmless.
package seed

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/chinatime"
	"github.com/onegraph/server/db"
	"github.com/onegraph/server/enum"
)

// Demo adds the demo data of every domain, demo accounts signing in with
// DemoPassword, in one transaction: the embedded server's first start.
func Demo(ctx context.Context, s *db.Stores) error {
	_, err := Run(ctx, s, true)
	return err
}

// DemoPassword is the password of the demo accounts that sign in.
const DemoPassword = "123456"

// NoPassword is the password hash of a demo account made without a
// password: no password matches it (`server passwd` gives one).
const NoPassword = "-"

// Run adds the demo data of every domain in one transaction and reports
// what each domain got. The demo's people are accounts the data refer to
// (shop staff, merchant employees and merchants, partners), so they are
// always made; with passwords false they get no usable password, so a
// shared database never holds logins whose password is in this repository.
func Run(ctx context.Context, s *db.Stores, passwords bool) (Report, error) {
	hash, err := demoHash(passwords)
	if err != nil {
		return nil, err
	}
	var report Report
	err = s.Handle.Run(ctx, func(ctx context.Context) error {
		report = nil
		for _, d := range domains {
			before, err := d.count(ctx, s.Handle)
			if err != nil {
				return err
			}
			if err := d.add(ctx, s, hash); err != nil {
				return fmt.Errorf("seed %s: %w", d.name, err)
			}
			after, err := d.count(ctx, s.Handle)
			if err != nil {
				return err
			}
			added := Added{Domain: d.name}
			for i, t := range d.tables {
				if n := after[i] - before[i]; n > 0 {
					added.Rows = append(added.Rows, Count{What: t.what, N: n})
				}
			}
			report = append(report, added)
		}
		return nil
	})
	return report, err
}

// demoHash is the demo accounts' password hash: DemoPassword's, or with
// passwords false NoPassword.
func demoHash(passwords bool) (string, error) {
	if !passwords {
		return NoPassword, nil
	}
	return auth.HashPassword(DemoPassword)
}

// withDemoPasswords adds one domain's demo alone, in one transaction, its
// accounts signing in with DemoPassword.
func withDemoPasswords(ctx context.Context, s *db.Stores, part func(context.Context, *db.Stores, string) error) error {
	hash, err := demoHash(true)
	if err != nil {
		return err
	}
	return s.Handle.Run(ctx, func(ctx context.Context) error { return part(ctx, s, hash) })
}

// Report is what Run added, by domain.
type Report []Added

// Lines are the report's lines, a domain each.
func (r Report) Lines() []string {
	lines := make([]string, len(r))
	for i, a := range r {
		lines[i] = a.String()
	}
	return lines
}

// Accounts counts the accounts added.
func (r Report) Accounts() int {
	n := 0
	for _, a := range r {
		for _, c := range a.Rows {
			if c.What == accounts {
				n += c.N
			}
		}
	}
	return n
}

// accounts is the name the report counts accounts by.
const accounts = "accounts"

// Added is what one domain got; no rows when it had its data already.
type Added struct {
	Domain string
	Rows   []Count
}

// Count is how many rows of one kind were added.
type Count struct {
	What string
	N    int
}

func (a Added) String() string {
	if len(a.Rows) == 0 {
		return a.Domain + ": nothing (it has data already)"
	}
	parts := make([]string, len(a.Rows))
	for i, c := range a.Rows {
		parts[i] = fmt.Sprintf("%d %s", c.N, c.What)
	}
	return a.Domain + ": " + strings.Join(parts, ", ")
}

// table is a kind of row a domain's demo adds, counted before and after.
type table struct {
	what  string
	count func(context.Context, *db.Handle) (int, error)
}

func rows[T any](what string) table { return table{what, db.Rows[T]} }

type domain struct {
	name   string
	add    func(ctx context.Context, s *db.Stores, hash string) error // hash: the demo accounts' password hash
	tables []table
}

func (d domain) count(ctx context.Context, h *db.Handle) ([]int, error) {
	counts := make([]int, len(d.tables))
	for i, t := range d.tables {
		n, err := t.count(ctx, h)
		if err != nil {
			return nil, err
		}
		counts[i] = n
	}
	return counts, nil
}

// noAccounts adapts a domain's part that makes no account.
func noAccounts(add func(context.Context, *db.Stores) error) func(context.Context, *db.Stores, string) error {
	return func(ctx context.Context, s *db.Stores, _ string) error { return add(ctx, s) }
}

// domains in the order they are added: goods need the catalog, orders the
// goods, the partner demo lists catalog goods.
var domains = []domain{
	{"pharma", noAccounts(pharma), []table{rows[db.PharmaCustomer]("customers"), rows[db.Medicine]("medicines"), rows[db.PharmaOrder]("orders")}},
	{"shop users", shopUsers, []table{rows[db.ShopRole]("roles"), rows[db.Account](accounts)}},
	{"shop catalog", noAccounts(shopCatalog), []table{rows[db.ShopCategory]("categories"), rows[db.ShopAttribute]("attributes")}},
	{"shop goods", noAccounts(shopGoods), []table{rows[db.ShopGoods]("goods")}},
	{"shop orders", noAccounts(shopOrders), []table{rows[db.ShopOrder]("orders")}},
	{"shipment tracking", noAccounts(trackingEvents), []table{rows[db.TrackingEvent]("events")}},
	{"merchant management", merchants, []table{rows[db.City]("cities"), rows[db.Station]("stations"), rows[db.Employee]("employees"),
		rows[db.SaleMenu]("sale menus"), rows[db.MerchantLabel]("labels"), rows[db.Merchant]("merchants"),
		rows[db.Restaurant]("restaurants"), rows[db.Account](accounts)}},
	{"partner platform", partners, []table{rows[db.Enterprise]("enterprises"), rows[db.ShopGoods]("catalog goods"),
		rows[db.PartnerListing]("listings"), rows[db.PartnerCustomer]("customers"), rows[db.PartnerOrder]("orders"),
		rows[db.Account](accounts)}},
}

func pharma(ctx context.Context, s *db.Stores) error {
	if empty, err := db.IsEmpty[db.PharmaCustomer](ctx, s.Handle); err != nil || !empty {
		return err
	}
	customers, medicines := pharmaCustomers(), pharmaMedicines()
	for _, c := range customers {
		if err := s.Pharma.Customers.Create(ctx, c); err != nil {
			return err
		}
	}
	for _, m := range medicines {
		if err := s.Pharma.Medicines.Create(ctx, m); err != nil {
			return err
		}
	}
	for _, o := range pharmaOrders {
		order := &db.PharmaOrder{Name: o.name, CustomerID: customers[o.customer].ID, CreatedAt: o.at}
		if err := s.Pharma.CreateOrder(ctx, order); err != nil {
			return err
		}
		lines := make([]db.OrderLineInput, len(o.lines))
		for i, l := range o.lines {
			lines[i] = db.OrderLineInput{MedicineID: medicines[l.medicine].ID, Amount: l.amount}
		}
		if err := s.Pharma.SetOrderLines(ctx, order.ID, lines); err != nil {
			return err
		}
	}
	return nil
}

// shopUsers adds two demo roles and a user holding each (password hash
// hash), unless a role besides the super-admin one exists.
func shopUsers(ctx context.Context, s *db.Stores, hash string) error {
	roles, _, err := s.ShopUsers.Roles.List(ctx, db.NameFilter{}, nil)
	if err != nil || len(roles) > 1 {
		return err
	}
	rights, err := s.ShopUsers.AllRights(ctx)
	if err != nil {
		return err
	}
	for _, r := range demoRoles {
		role := &db.ShopRole{Name: r.name, Description: r.description}
		if err := s.ShopUsers.Roles.Create(ctx, role); err != nil {
			return err
		}
		if err := s.ShopUsers.SetRoleRights(ctx, role.ID, r.rights(rights)); err != nil {
			return err
		}
		user := &db.Account{Username: r.user, Mobile: r.mobile, Email: r.user + "@example.com", ShopRoleID: &role.ID,
			PasswordHash: hash, Role: db.RoleStaff, Active: true}
		if err := s.Accounts.Create(ctx, user); err != nil {
			return err
		}
	}
	return nil
}

// shopCatalog adds a three-level tree with attributes on some leaves.
func shopCatalog(ctx context.Context, s *db.Stores) error {
	if empty, err := db.IsEmpty[db.ShopCategory](ctx, s.Handle); err != nil || !empty {
		return err
	}
	var add func(nodes []category, parent int64, level int) error
	add = func(nodes []category, parent int64, level int) error {
		for _, n := range nodes {
			c := &db.ShopCategory{Name: n.name, ParentID: parent, Level: level}
			if err := s.ShopCatalog.CreateCategory(ctx, c); err != nil {
				return err
			}
			for _, a := range n.attrs {
				attr := &db.ShopAttribute{Name: a.name, CategoryID: c.ID, Kind: a.kind, Values: a.values}
				if err := s.ShopCatalog.CreateAttribute(ctx, attr); err != nil {
					return err
				}
			}
			if err := add(n.children, c.ID, level+1); err != nil {
				return err
			}
		}
		return nil
	}
	return add(catalog, 0, 0)
}

// shopGoods adds a few goods in the demo category 曲面电视, with values for
// its attributes. Without that category there is nothing to put goods in.
func shopGoods(ctx context.Context, s *db.Stores) error {
	if empty, err := db.IsEmpty[db.ShopGoods](ctx, s.Handle); err != nil || !empty {
		return err
	}
	cat, err := s.ShopCatalog.LiveCategoryNamed(ctx, goodsCategory)
	if apperr.Is(err, apperr.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	path := []string{}
	for c := cat; ; {
		path = append([]string{itoa(c.ID)}, path...)
		if c.ParentID == 0 {
			break
		}
		if c, err = s.ShopCatalog.Category(ctx, c.ParentID); err != nil {
			return err
		}
	}
	var attrs []*db.ShopAttribute
	for _, kind := range []string{"many", "only"} {
		of, err := s.ShopCatalog.Attributes(ctx, cat.ID, kind)
		if err != nil {
			return err
		}
		attrs = append(attrs, of...)
	}
	now := s.ShopGoods.Now()
	inReview, err := enum.ShopGoodsState.Code("IN_REVIEW")
	if err != nil {
		return err
	}
	for _, d := range demoGoods {
		g := &db.ShopGoods{Name: d.name, CategoryPath: strings.Join(path, ","), CategoryID: cat.ID, Price: d.price,
			Number: d.number, Weight: d.weight, Introduction: "<p>" + d.name + "</p>", State: inReview, CreatedAt: now, UpdatedAt: now}
		if err := s.ShopGoods.Create(ctx, g); err != nil {
			return err
		}
		var values []db.ShopGoodsAttr
		for _, a := range attrs {
			if v, ok := d.value(a); ok {
				values = append(values, db.ShopGoodsAttr{GoodsID: g.ID, AttributeID: a.ID, Value: v})
			}
		}
		if err := s.ShopGoods.ReplaceAttrs(ctx, g.ID, values); err != nil {
			return err
		}
	}
	return nil
}

// shopOrders adds a few orders, with lines when there are goods to put in
// them: a different mix in each, the order costing what its lines do.
func shopOrders(ctx context.Context, s *db.Stores) error {
	if empty, err := db.IsEmpty[db.ShopOrder](ctx, s.Handle); err != nil || !empty {
		return err
	}
	goods, _, err := s.ShopGoods.List(ctx, db.ShopGoodsFilter{}, nil)
	if err != nil {
		return err
	}
	// The oldest three, as the list is newest first.
	var picked []*db.ShopGoods
	for i := len(goods) - 1; i >= 0 && len(picked) < 3; i-- {
		picked = append(picked, goods[i])
	}
	for i, o := range demoOrders() {
		var lines []db.ShopOrderLine
		sum := 0.0
		for j, g := range picked {
			if (i+j)%2 == 1 {
				continue
			}
			n := j + 1
			l := db.ShopOrderLine{GoodsID: g.ID, Price: g.Price, Number: n, Total: g.Price * float64(n)}
			lines, sum = append(lines, l), sum+l.Total
		}
		if len(lines) > 0 {
			o.Price = sum
		}
		if err := s.ShopOrders.CreateOrder(ctx, o, lines); err != nil {
			return err
		}
	}
	return nil
}

// trackingEvents adds the shipment the legacy document shows for
// /kuaidi/815294206237577.
func trackingEvents(ctx context.Context, s *db.Stores) error {
	if empty, err := db.IsEmpty[db.TrackingEvent](ctx, s.Handle); err != nil || !empty {
		return err
	}
	events := make([]db.TrackingEvent, len(shipmentSteps))
	for i, st := range shipmentSteps {
		t, err := time.ParseInLocation(time.DateTime, st.at, chinatime.Zone)
		if err != nil {
			return err
		}
		events[i] = db.TrackingEvent{TrackingNumber: shipmentNumber, Time: t.UTC(), Context: st.context}
	}
	return s.ShopOrders.AddTrackingEvents(ctx, events)
}
