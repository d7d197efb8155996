package db

import (
	"context"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"github.com/onegraph/server/apperr"
)

// Merchant management: the reference data (cities, areas, stations,
// groups, employees, sale menus, labels) and the merchants with their
// restaurants and the restaurants' sale-menu bindings.

type City struct {
	bun.BaseModel `bun:"table:merchant_cities,alias:city"`

	Code string `bun:",pk"`
	Name string `bun:",notnull"`

	Areas []*Area `bun:"-"` // an edge: level-1 areas with their children, see CityEdges
}

// Area is a level-1 area (a district: no parent) or a level-2 one (a street).
type Area struct {
	bun.BaseModel `bun:"table:merchant_areas,alias:area"`

	ID       int64  `bun:",pk"`
	CityCode string `bun:",notnull"`
	ParentID *int64 `bun:""`
	Name     string `bun:",notnull"`

	Children []*Area `bun:"-"` // an edge of level-1 areas
}

// Level is 1 for a district, 2 for a street.
func (a *Area) Level() int {
	if a.ParentID == nil {
		return 1
	}
	return 2
}

type Station struct {
	bun.BaseModel `bun:"table:merchant_stations,alias:station"`

	ID       int64  `bun:",pk,autoincrement"`
	Name     string `bun:",notnull"`
	CityCode string `bun:",notnull"`
	KeyURL   string `bun:"key_url,notnull"`

	DeliversTo []string `bun:"-"` // read with every station
}

// StationCity is a city a station delivers to.
type StationCity struct {
	bun.BaseModel `bun:"table:merchant_station_cities"`

	StationID int64  `bun:",pk"`
	CityCode  string `bun:",pk"`
	Position  int    `bun:",notnull"`
}

type MerchantGroup struct {
	bun.BaseModel `bun:"table:merchant_groups,alias:merchant_group"`

	ID   int64  `bun:",pk,autoincrement"`
	Name string `bun:",notnull,unique"`
}

// Employee is the merchant-management side of an EMPLOYEE account; its id
// is the account's.
type Employee struct {
	bun.BaseModel `bun:"table:merchant_employees,alias:employee"`

	ID             int64   `bun:"account_id,pk"`
	GroupID        int64   `bun:",notnull"`
	Name           string  `bun:",notnull"`
	DistrictCode   *string `bun:""`
	Phone          string  `bun:",notnull"`
	AccountManager bool    `bun:",notnull"`
	SalesManager   bool    `bun:",notnull"`

	Group *MerchantGroup `bun:"rel:belongs-to,join:group_id=id"` // an edge, see EmployeeEdges
}

type SaleMenu struct {
	bun.BaseModel `bun:"table:merchant_sale_menus,alias:sale_menu"`

	ID      int64  `bun:",pk,autoincrement"`
	Name    string `bun:",notnull"`
	GroupID int64  `bun:",notnull"`

	Group    *MerchantGroup `bun:"rel:belongs-to,join:group_id=id"` // an edge, see SaleMenuEdges
	Stations []*Station     `bun:"-"`                               // an edge, see SaleMenuEdges
}

// StationSaleMenu says a station offers a sale menu.
type StationSaleMenu struct {
	bun.BaseModel `bun:"table:merchant_station_sale_menus,alias:offer"`

	StationID  int64 `bun:",pk"`
	SaleMenuID int64 `bun:",pk"`
}

type MerchantLabel struct {
	bun.BaseModel `bun:"table:merchant_labels,alias:label"`

	ID   int64  `bun:",pk,autoincrement"`
	Name string `bun:",notnull"`
}

// Merchant is the customer side of a MERCHANT account; its id is the
// account's. Money is in fen.
type Merchant struct {
	bun.BaseModel `bun:"table:merchants,alias:merchant"`

	ID               int64  `bun:"account_id,pk"`
	CompanyName      string `bun:",notnull"`
	CustomerType     int    `bun:",notnull"` // a code of enum.MerchantType
	Balance          int64  `bun:"balance_fen,notnull"`
	Points           int    `bun:",notnull"`
	Whitelisted      bool   `bun:",notnull"`
	FinanceStatus    int    `bun:",notnull"` // a code of enum.FinanceStatus
	AccountManagerID *int64 `bun:""`
	SalesManagerID   *int64 `bun:""`

	Account        *Account  `bun:"rel:belongs-to,join:account_id=id"` // read with every merchant
	AccountManager *Employee `bun:"-"`                                 // an edge, see MerchantEdges
	SalesManager   *Employee `bun:"-"`                                 // an edge, see MerchantEdges
}

// Username, Phone and CreatedAt are the merchant's account's.
func (m *Merchant) Username() string     { return m.Account.Username }
func (m *Merchant) Phone() string        { return m.Account.Mobile }
func (m *Merchant) CreatedAt() time.Time { return m.Account.CreatedAt }

// Restaurant is a shop of a merchant. Deleting one sets DeletedAt; the row
// stays.
type Restaurant struct {
	bun.BaseModel `bun:"table:merchant_restaurants,alias:restaurant"`

	ID               int64      `bun:",pk,autoincrement"`
	MerchantID       int64      `bun:",notnull"`
	Name             string     `bun:",notnull"`
	Phone            string     `bun:",notnull"`
	ReceiverName     string     `bun:",notnull"`
	ReceiverPhone    string     `bun:",notnull"`
	PayerName        string     `bun:",notnull"`
	PayerPhone       string     `bun:",notnull"`
	CityCode         string     `bun:",notnull"`
	AreaID           int64      `bun:",notnull"`
	StreetID         int64      `bun:",notnull"`
	Address          string     `bun:",notnull"`
	Latitude         *float64   `bun:""`
	Longitude        *float64   `bun:""`
	MapAddress       string     `bun:",notnull"`
	Review           int        `bun:"review_state,notnull"` // a code of enum.ReviewState
	LabelID          *int64     `bun:""`
	SettleWay        int        `bun:",notnull"` // a code of enum.SettleWay
	SettlementCycle  int        `bun:",notnull"` // a code of enum.SettlementCycle
	CreditMode       int        `bun:",notnull"` // a code of enum.CreditMode
	CreditLimit      *int64     `bun:"credit_limit_fen"`
	EffectiveDate    *string    `bun:""` // YYYY-MM-DD
	BeginDay         *int       `bun:""`
	SettleDay        *int       `bun:""`
	DateBasis        int        `bun:",notnull"` // a code of enum.SettleDateBasis
	RemindDaysBefore *int       `bun:"remind_days"`
	CreatedAt        time.Time  `bun:",notnull"`
	DeletedAt        *time.Time `bun:""`

	// Edges, see RestaurantEdges.
	Merchant  *Merchant          `bun:"-"`
	City      *City              `bun:"-"`
	Area      *Area              `bun:"-"`
	Street    *Area              `bun:"-"`
	Label     *MerchantLabel     `bun:"-"`
	SaleMenus []*SaleMenuBinding `bun:"-"`
}

// SaleMenuBinding is a restaurant's sale menu at a station (the legacy
// record_id is its id).
type SaleMenuBinding struct {
	bun.BaseModel `bun:"table:merchant_restaurant_sale_menus,alias:binding"`

	ID           int64 `bun:",pk,autoincrement"`
	RestaurantID int64 `bun:",notnull"`
	StationID    int64 `bun:",notnull"`
	SaleMenuID   int64 `bun:",notnull"`

	Station  *Station  `bun:"rel:belongs-to,join:station_id=id"`   // read with every binding
	SaleMenu *SaleMenu `bun:"rel:belongs-to,join:sale_menu_id=id"` // read with every binding
}

// MerchantStore keeps the merchant-management domain.
type MerchantStore struct{ h *Handle }

// Cities lists every city by district code.
func (s *MerchantStore) Cities(ctx context.Context) ([]*City, error) {
	rows := []*City{}
	return rows, s.h.idb(ctx).NewSelect().Model(&rows).Order("code").Scan(ctx)
}

// LoadCityAreas sets the cities' level-1 areas, each with its level-2
// children.
func (s *MerchantStore) LoadCityAreas(ctx context.Context, cities ...*City) error {
	codes := make([]string, len(cities))
	for i, c := range cities {
		codes[i] = c.Code
	}
	byCity, err := s.CityAreas(ctx, codes)
	for _, c := range cities {
		c.Areas = orNone(byCity[c.Code])
	}
	return err
}

// CityAreas reads the level-1 areas of these cities by id, each with its
// level-2 children, in one statement.
func (s *MerchantStore) CityAreas(ctx context.Context, codes []string) (map[string][]*Area, error) {
	byCity := map[string][]*Area{}
	if len(codes) == 0 {
		return byCity, nil
	}
	var areas []*Area
	err := s.h.idb(ctx).NewSelect().Model(&areas).Where("city_code IN (?)", bun.In(codes)).Order("id").Scan(ctx)
	byID := make(map[int64]*Area, len(areas))
	for _, a := range areas {
		a.Children = []*Area{}
		byID[a.ID] = a
	}
	for _, a := range areas {
		if a.ParentID == nil {
			byCity[a.CityCode] = append(byCity[a.CityCode], a)
		} else if parent := byID[*a.ParentID]; parent != nil {
			parent.Children = append(parent.Children, a)
		}
	}
	return byCity, err
}

// AreaChildren reads the level-2 areas under these areas by id, in one
// statement.
func (s *MerchantStore) AreaChildren(ctx context.Context, parents []int64) (map[int64][]*Area, error) {
	children, err := childrenOf[Area](ctx, s.h.idb(ctx), "parent_id", parents, "")
	byParent := map[int64][]*Area{}
	for _, a := range children {
		a.Children = []*Area{}
		byParent[*a.ParentID] = append(byParent[*a.ParentID], a)
	}
	return byParent, err
}

// orNone is an empty list for nil: a list edge with nothing in it.
func orNone[T any](list []*T) []*T {
	if list == nil {
		return []*T{}
	}
	return list
}

// Stations lists stations by id, or those with these ids (nil: every
// one), each with the cities it delivers to.
func (s *MerchantStore) Stations(ctx context.Context, ids []int64) ([]*Station, error) {
	rows := []*Station{}
	q := s.h.idb(ctx).NewSelect().Model(&rows).Order("id")
	if ids != nil {
		q = q.Where("id IN (?)", bun.In(append(ids, 0)))
	}
	if err := q.Scan(ctx); err != nil {
		return rows, err
	}
	return rows, s.loadDeliversTo(ctx, rows...)
}

// loadDeliversTo sets the stations' DeliversTo, which every station read
// carries (a station joined to a binding too), in one statement.
func (s *MerchantStore) loadDeliversTo(ctx context.Context, stations ...*Station) error {
	if len(stations) == 0 {
		return nil
	}
	var cities []*StationCity
	err := s.h.idb(ctx).NewSelect().Model(&cities).
		Where("station_id IN (?)", bun.In(keysOf(stations, func(st *Station) int64 { return st.ID }))).
		Order("station_id", "position").Scan(ctx)
	byStation := map[int64][]string{}
	for _, c := range cities {
		byStation[c.StationID] = append(byStation[c.StationID], c.CityCode)
	}
	for _, st := range stations {
		st.DeliversTo = byStation[st.ID]
		if st.DeliversTo == nil {
			st.DeliversTo = []string{}
		}
	}
	return err
}

// bindingStations are the stations joined to bindings.
func bindingStations(bindings ...*SaleMenuBinding) []*Station {
	stations := make([]*Station, len(bindings))
	for i, b := range bindings {
		stations[i] = b.Station
	}
	return stations
}

// OfferingStations reads, for each of these sale menus, the stations that
// offer it by id (with the cities they deliver to; an empty list where
// none does), in three statements.
func (s *MerchantStore) OfferingStations(ctx context.Context, saleMenuIDs []int64) (map[int64][]*Station, error) {
	byMenu := make(map[int64][]*Station, len(saleMenuIDs))
	for _, id := range saleMenuIDs {
		byMenu[id] = []*Station{} // offered nowhere: an empty list
	}
	if len(saleMenuIDs) == 0 {
		return byMenu, nil
	}
	offers, err := s.Offers(ctx, SaleMenuFilter{IDs: saleMenuIDs})
	if err != nil || len(offers) == 0 {
		return byMenu, err
	}
	stations, err := s.Stations(ctx, keysOf(offers, func(o *StationSaleMenu) int64 { return o.StationID }))
	byID := make(map[int64]*Station, len(stations))
	for _, st := range stations {
		byID[st.ID] = st
	}
	for _, o := range offers {
		byMenu[o.SaleMenuID] = append(byMenu[o.SaleMenuID], byID[o.StationID])
	}
	return byMenu, err
}

// LoadMenuStations sets the sale menus' stations, those that offer each,
// in OfferingStations' three statements.
func (s *MerchantStore) LoadMenuStations(ctx context.Context, menus ...*SaleMenu) error {
	byMenu, err := s.OfferingStations(ctx, keysOf(menus, func(m *SaleMenu) int64 { return m.ID }))
	for _, m := range menus {
		m.Stations = byMenu[m.ID]
	}
	return err
}

// GroupsByIDs reads the groups with these ids, in no particular order.
func (s *MerchantStore) GroupsByIDs(ctx context.Context, ids []int64) ([]*MerchantGroup, error) {
	return byIDs[MerchantGroup](ctx, s.h.idb(ctx), ids)
}

// EmployeeFilter narrows the employees; nil fields do not filter.
type EmployeeFilter struct {
	GroupID        *int64
	IDs            []int64 // nil: any
	AccountManager bool    // only account managers
	SalesManager   bool    // only sales managers
}

func (f EmployeeFilter) apply(q *bun.SelectQuery) *bun.SelectQuery {
	if f.GroupID != nil {
		q = q.Where("employee.group_id = ?", *f.GroupID)
	}
	if f.IDs != nil {
		q = q.Where("employee.account_id IN (?)", bun.In(append(f.IDs, 0)))
	}
	if f.AccountManager {
		q = q.Where("employee.account_manager")
	}
	if f.SalesManager {
		q = q.Where("employee.sales_manager")
	}
	return q
}

// Employees lists the employees the filter keeps by id; with group, each
// with its group read in the same statement.
func (s *MerchantStore) Employees(ctx context.Context, f EmployeeFilter, group bool) ([]*Employee, error) {
	rows := []*Employee{}
	q := f.apply(s.h.idb(ctx).NewSelect().Model(&rows).Order("employee.account_id"))
	if group {
		q = q.Relation("Group")
	}
	return rows, q.Scan(ctx)
}

// Employee reads the employee of an account.
func (s *MerchantStore) Employee(ctx context.Context, accountID int64) (*Employee, error) {
	return oneWhere[Employee](ctx, s.h.idb(ctx), "account_id", accountID, apperr.EntityEmployee)
}

// SaleMenuFilter narrows the sale menus; nil fields do not filter.
type SaleMenuFilter struct {
	GroupID *int64
	IDs     []int64 // nil: any
}

func (f SaleMenuFilter) apply(q *bun.SelectQuery) *bun.SelectQuery {
	if f.GroupID != nil {
		q = q.Where("sale_menu.group_id = ?", *f.GroupID)
	}
	if f.IDs != nil {
		q = q.Where("sale_menu.id IN (?)", bun.In(append(f.IDs, 0)))
	}
	return q
}

// SaleMenus lists the sale menus the filter keeps by id; with group, each
// with its group read in the same statement.
func (s *MerchantStore) SaleMenus(ctx context.Context, f SaleMenuFilter, group bool) ([]*SaleMenu, error) {
	rows := []*SaleMenu{}
	q := f.apply(s.h.idb(ctx).NewSelect().Model(&rows).Order("sale_menu.id"))
	if group {
		q = q.Relation("Group")
	}
	return rows, q.Scan(ctx)
}

// Offers lists which stations offer which sale menus, by station then sale
// menu, for the sale menus the filter keeps.
func (s *MerchantStore) Offers(ctx context.Context, f SaleMenuFilter) ([]*StationSaleMenu, error) {
	rows := []*StationSaleMenu{}
	q := s.h.idb(ctx).NewSelect().Model(&rows).
		Join("JOIN merchant_sale_menus AS sale_menu ON sale_menu.id = offer.sale_menu_id").
		Order("offer.station_id", "offer.sale_menu_id")
	return rows, f.apply(q).Scan(ctx)
}

// Labels lists every label by id.
func (s *MerchantStore) Labels(ctx context.Context) ([]*MerchantLabel, error) {
	rows := []*MerchantLabel{}
	return rows, s.h.idb(ctx).NewSelect().Model(&rows).Order("id").Scan(ctx)
}

// Areas reads the areas with these ids, in no particular order.
func (s *MerchantStore) Areas(ctx context.Context, ids []int64) ([]*Area, error) {
	return byIDs[Area](ctx, s.h.idb(ctx), ids)
}

// CityExists tells whether a city has this district code.
func (s *MerchantStore) CityExists(ctx context.Context, code string) (bool, error) {
	return exists[City](ctx, s.h.idb(ctx), "code = ?", code)
}

// LabelExists tells whether a label has this id.
func (s *MerchantStore) LabelExists(ctx context.Context, id int64) (bool, error) {
	return exists[MerchantLabel](ctx, s.h.idb(ctx), "id = ?", id)
}

// RestaurantFilter narrows the restaurant search; nil fields do not filter.
type RestaurantFilter struct {
	// GroupID keeps the merchants of a group: those with a restaurant bound
	// to one of the group's sale menus.
	GroupID *int64
	// Text is part of a name, phone or username; MerchantID and
	// RestaurantID, read from a K… or S… id in the same text, match too.
	Text                     *string
	MerchantID, RestaurantID *int64
	CityCode                 *string
	AreaID, StreetID         *int64
	StationID, SaleMenuID    *int64
	AccountManagerID         *int64
	SalesManagerID           *int64
	Review, SettlementCycle  *int
	SettleWay, MerchantType  *int
	LabelID                  *int64
	NoLabel                  bool
	// After keeps the restaurants listed after this one (newest first).
	After *int64
}

// textColumns are what the search text is looked for in.
var textColumns = []string{
	"merchant.company_name", "restaurant.name", "restaurant.payer_name", "restaurant.receiver_name",
	"restaurant.phone", "restaurant.receiver_phone", "restaurant.payer_phone", "account.username", "account.mobile",
}

func (f RestaurantFilter) apply(q *bun.SelectQuery) *bun.SelectQuery {
	q = q.Join("JOIN merchants AS merchant ON merchant.account_id = restaurant.merchant_id").
		Join("JOIN accounts AS account ON account.id = restaurant.merchant_id").
		Where("restaurant.deleted_at IS NULL")
	if f.GroupID != nil {
		q = q.Where("EXISTS (SELECT 1 FROM merchant_restaurants AS sibling "+
			"JOIN merchant_restaurant_sale_menus AS binding ON binding.restaurant_id = sibling.id "+
			"JOIN merchant_sale_menus AS sale_menu ON sale_menu.id = binding.sale_menu_id "+
			"WHERE sibling.merchant_id = restaurant.merchant_id AND sibling.deleted_at IS NULL AND sale_menu.group_id = ?)", *f.GroupID)
	}
	if f.Text != nil && *f.Text != "" {
		part := likePattern(*f.Text)
		q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			for _, col := range textColumns {
				q = q.WhereOr("LOWER("+col+") LIKE ? ESCAPE '\\'", part)
			}
			if f.MerchantID != nil {
				q = q.WhereOr("restaurant.merchant_id = ?", *f.MerchantID)
			}
			if f.RestaurantID != nil {
				q = q.WhereOr("restaurant.id = ?", *f.RestaurantID)
			}
			return q
		})
	}
	for _, m := range []struct {
		column string
		value  any
		given  bool
	}{
		{"restaurant.city_code", f.CityCode, f.CityCode != nil},
		{"restaurant.area_id", f.AreaID, f.AreaID != nil},
		{"restaurant.street_id", f.StreetID, f.StreetID != nil},
		{"merchant.account_manager_id", f.AccountManagerID, f.AccountManagerID != nil},
		{"merchant.sales_manager_id", f.SalesManagerID, f.SalesManagerID != nil},
		{"restaurant.review_state", f.Review, f.Review != nil},
		{"restaurant.settlement_cycle", f.SettlementCycle, f.SettlementCycle != nil},
		{"restaurant.settle_way", f.SettleWay, f.SettleWay != nil},
		{"merchant.customer_type", f.MerchantType, f.MerchantType != nil},
		{"restaurant.label_id", f.LabelID, f.LabelID != nil},
	} {
		if m.given {
			q = q.Where("? = ?", bun.Safe(m.column), m.value)
		}
	}
	if f.NoLabel {
		q = q.Where("restaurant.label_id IS NULL")
	}
	if f.After != nil {
		q = restaurantOrder.afterID(q, *f.After)
	}
	for _, m := range []struct {
		column string
		id     *int64
	}{{"station_id", f.StationID}, {"sale_menu_id", f.SaleMenuID}} {
		if m.id != nil {
			q = q.Where("EXISTS (SELECT 1 FROM merchant_restaurant_sale_menus AS bound "+
				"WHERE bound.restaurant_id = restaurant.id AND bound.? = ?)", bun.Ident(m.column), *m.id)
		}
	}
	return q
}

// Restaurants lists the restaurants that are not deleted, newest first;
// total counts every match (0 when the page says it is uncounted).
func (s *MerchantStore) Restaurants(ctx context.Context, f RestaurantFilter, p *Paging) ([]*Restaurant, int, error) {
	rows := []*Restaurant{}
	total, err := scanPage(ctx, f.apply(s.h.idb(ctx).NewSelect().Model(&rows)), &rows, p, restaurantOrder)
	return rows, total, err
}

// restaurantOrder is the restaurants' order, which both their pages'
// after (a restaurant's id) and their cursors read from.
var restaurantOrder = newestFirst

// Restaurant reads a restaurant that is not deleted.
func (s *MerchantStore) Restaurant(ctx context.Context, id int64) (*Restaurant, error) {
	row := new(Restaurant)
	err := s.h.idb(ctx).NewSelect().Model(row).Where("id = ?", id).Where("deleted_at IS NULL").Scan(ctx)
	if isNoRows(err) {
		return nil, apperr.Missing(apperr.EntityRestaurant, id)
	}
	return row, err
}

// InGroup tells whether a merchant belongs to a group (has a restaurant
// bound to one of its sale menus).
func (s *MerchantStore) InGroup(ctx context.Context, merchantID, groupID int64) (bool, error) {
	f := RestaurantFilter{GroupID: &groupID}
	return f.apply(s.h.idb(ctx).NewSelect().Model((*Restaurant)(nil)).
		Where("restaurant.merchant_id = ?", merchantID)).Exists(ctx)
}

// MerchantOf reads the merchant of a restaurant, deleted or not.
func (s *MerchantStore) MerchantOf(ctx context.Context, restaurantID int64) (int64, error) {
	var id int64
	err := s.h.idb(ctx).NewSelect().Model((*Restaurant)(nil)).Column("merchant_id").
		Where("id = ?", restaurantID).Scan(ctx, &id)
	if isNoRows(err) {
		return 0, apperr.Missing(apperr.EntityRestaurant, restaurantID)
	}
	return id, err
}

// LockMerchant locks a merchant's row until the transaction ends, so
// changes of its bindings run one after the other (Postgres; SQLite's
// transactions already do).
func (s *MerchantStore) LockMerchant(ctx context.Context, id int64) error {
	if s.h.db.Dialect().Name() != dialect.PG {
		return nil
	}
	_, err := s.h.idb(ctx).NewSelect().Model((*Merchant)(nil)).Column("account_id").
		Where("account_id = ?", id).For("UPDATE").Exec(ctx)
	return err
}

// BindingsOf counts a restaurant's bindings: all of them, and those to a
// group's sale menus.
func (s *MerchantStore) BindingsOf(ctx context.Context, restaurantID, groupID int64) (all, group int, err error) {
	err = s.h.idb(ctx).NewSelect().Model((*SaleMenuBinding)(nil)).
		ColumnExpr("COUNT(*)").
		ColumnExpr("COUNT(CASE WHEN sale_menu.group_id = ? THEN 1 END)", groupID).
		Join("JOIN merchant_sale_menus AS sale_menu ON sale_menu.id = binding.sale_menu_id").
		Where("binding.restaurant_id = ?", restaurantID).
		Scan(ctx, &all, &group)
	return all, group, err
}

// Merchant reads a merchant with its account.
func (s *MerchantStore) Merchant(ctx context.Context, id int64) (*Merchant, error) {
	row := new(Merchant)
	err := s.h.idb(ctx).NewSelect().Model(row).Relation("Account").Where("merchant.account_id = ?", id).Scan(ctx)
	if isNoRows(err) {
		return nil, apperr.Missing(apperr.EntityMerchant, id)
	}
	return row, err
}

func (s *MerchantStore) CreateMerchant(ctx context.Context, m *Merchant) error {
	_, err := s.h.idb(ctx).NewInsert().Model(m).Exec(ctx)
	return err
}

// UpdateMerchant writes these columns of a merchant.
func (s *MerchantStore) UpdateMerchant(ctx context.Context, m *Merchant, columns ...string) error {
	return updateColumns(ctx, s.h.idb(ctx), m, m.ID, apperr.EntityMerchant, columns)
}

// CreateRestaurant adds a restaurant, stamped now unless CreatedAt is set.
func (s *MerchantStore) CreateRestaurant(ctx context.Context, r *Restaurant) error {
	if r.CreatedAt.IsZero() {
		r.CreatedAt = s.h.Now()
	}
	_, err := s.h.idb(ctx).NewInsert().Model(r).Exec(ctx)
	return err
}

// UpdateRestaurant writes these columns of a restaurant that is not deleted.
func (s *MerchantStore) UpdateRestaurant(ctx context.Context, r *Restaurant, columns ...string) error {
	return updateColumns(ctx, s.h.idb(ctx), r, r.ID, apperr.EntityRestaurant, columns,
		func(q *bun.UpdateQuery) *bun.UpdateQuery { return q.Where("deleted_at IS NULL") })
}

// DeleteRestaurant marks a restaurant deleted.
func (s *MerchantStore) DeleteRestaurant(ctx context.Context, id int64) error {
	res, err := s.h.idb(ctx).NewUpdate().Model((*Restaurant)(nil)).Set("deleted_at = ?", s.h.Now()).
		Where("id = ?", id).Where("deleted_at IS NULL").Exec(ctx)
	return oneAffected(res, err, apperr.EntityRestaurant, id)
}

// Offered tells whether a station offers a sale menu.
func (s *MerchantStore) Offered(ctx context.Context, stationID, saleMenuID int64) (bool, error) {
	return exists[StationSaleMenu](ctx, s.h.idb(ctx), "station_id = ? AND sale_menu_id = ?", stationID, saleMenuID)
}

// Bind adds bindings of restaurants, in one statement; a binding that is
// there already is CONFLICT/DUPLICATE.
func (s *MerchantStore) Bind(ctx context.Context, bindings []*SaleMenuBinding) error {
	if len(bindings) == 0 {
		return nil
	}
	_, err := s.h.idb(ctx).NewInsert().Model(&bindings).Exec(ctx)
	return duplicate(err, "the restaurant has this sale menu at this station already")
}

// Binding reads one binding of a restaurant with its station and sale menu.
func (s *MerchantStore) Binding(ctx context.Context, restaurantID, id int64) (*SaleMenuBinding, error) {
	row := new(SaleMenuBinding)
	err := s.h.idb(ctx).NewSelect().Model(row).Relation("Station").Relation("SaleMenu").
		Where("binding.id = ?", id).Where("binding.restaurant_id = ?", restaurantID).Scan(ctx)
	if isNoRows(err) {
		return nil, apperr.Missing(apperr.EntitySaleMenuBinding, id)
	}
	if err != nil {
		return nil, err
	}
	return row, s.loadDeliversTo(ctx, row.Station)
}

// Rebind points a binding at another station and sale menu.
func (s *MerchantStore) Rebind(ctx context.Context, b *SaleMenuBinding) error {
	res, err := s.h.idb(ctx).NewUpdate().Model(b).Column("station_id", "sale_menu_id").Where("id = ?", b.ID).Exec(ctx)
	return oneAffected(res, duplicate(err, "the restaurant has this sale menu at this station already"),
		apperr.EntitySaleMenuBinding, b.ID)
}

// Unbind removes a binding of a restaurant.
func (s *MerchantStore) Unbind(ctx context.Context, restaurantID, id int64) error {
	res, err := s.h.idb(ctx).NewDelete().Model((*SaleMenuBinding)(nil)).
		Where("id = ?", id).Where("restaurant_id = ?", restaurantID).Exec(ctx)
	return oneAffected(res, err, apperr.EntitySaleMenuBinding, id)
}

// RestaurantEdges names the edges of restaurants a reader asks for.
type RestaurantEdges struct {
	Merchant      bool
	Managers      bool // with Merchant: its account and sales managers
	ManagerGroups bool // with Managers: their groups
	City          bool
	CityAreas     bool // with City: its level-1 areas with their children
	Areas         bool // the level-1 and level-2 areas
	AreaChildren  bool // with Areas: the level-2 areas under them
	Label         bool
	Bindings      bool // with their stations and sale menus
	MenuGroups    bool // with Bindings: the sale menus' groups
	MenuStations  bool // with Bindings: the stations that offer the sale menus
}

// LoadRestaurantEdges sets the edges e asks for on the restaurants, one
// statement per edge whatever their number (the reference data below them
// too: left to loaders, it would split into batches on a large page).
func (s *MerchantStore) LoadRestaurantEdges(ctx context.Context, e RestaurantEdges, rows ...*Restaurant) error {
	if len(rows) == 0 {
		return nil
	}
	idb := s.h.idb(ctx)
	if e.Merchant {
		var merchants []*Merchant
		ids := keysOf(rows, func(r *Restaurant) int64 { return r.MerchantID })
		err := idb.NewSelect().Model(&merchants).Relation("Account").Where("merchant.account_id IN (?)", bun.In(ids)).Scan(ctx)
		if err == nil {
			err = attachOne(rows, func(r *Restaurant) int64 { return r.MerchantID }, merchants,
				func(m *Merchant) int64 { return m.ID }, func(r *Restaurant, m *Merchant) { r.Merchant = m }, apperr.EntityMerchant)
		}
		if err == nil && e.Managers {
			err = s.loadManagers(ctx, merchants, e.ManagerGroups)
		}
		if err != nil {
			return err
		}
	}
	if e.City {
		var cities []*City
		codes := map[string]bool{}
		for _, r := range rows {
			codes[r.CityCode] = true
		}
		list := make([]string, 0, len(codes))
		for c := range codes {
			list = append(list, c)
		}
		if err := idb.NewSelect().Model(&cities).Where("code IN (?)", bun.In(list)).Scan(ctx); err != nil {
			return err
		}
		byCode := map[string]*City{}
		for _, c := range cities {
			byCode[c.Code] = c
		}
		for _, r := range rows {
			if r.City = byCode[r.CityCode]; r.City == nil {
				return apperr.Missing(apperr.EntityCity, r.CityCode)
			}
		}
		if e.CityAreas {
			if err := s.LoadCityAreas(ctx, cities...); err != nil {
				return err
			}
		}
	}
	if e.Areas {
		ids := append(keysOf(rows, func(r *Restaurant) int64 { return r.AreaID }),
			keysOf(rows, func(r *Restaurant) int64 { return r.StreetID })...)
		areas, err := s.Areas(ctx, ids)
		if err == nil {
			err = attachOne(rows, func(r *Restaurant) int64 { return r.AreaID }, areas,
				func(a *Area) int64 { return a.ID }, func(r *Restaurant, a *Area) { r.Area = a }, apperr.EntityArea)
		}
		if err == nil {
			err = attachOne(rows, func(r *Restaurant) int64 { return r.StreetID }, areas,
				func(a *Area) int64 { return a.ID }, func(r *Restaurant, a *Area) { r.Street = a }, apperr.EntityArea)
		}
		if err == nil && e.AreaChildren {
			var children map[int64][]*Area
			children, err = s.AreaChildren(ctx, keysOf(areas, func(a *Area) int64 { return a.ID }))
			for _, a := range areas {
				a.Children = orNone(children[a.ID])
			}
		}
		if err != nil {
			return err
		}
	}
	if e.Label {
		labelled := []*Restaurant{}
		for _, r := range rows {
			if r.LabelID != nil {
				labelled = append(labelled, r)
			}
		}
		if len(labelled) > 0 {
			key := func(r *Restaurant) int64 { return *r.LabelID }
			labels, err := byIDs[MerchantLabel](ctx, idb, keysOf(labelled, key))
			if err == nil {
				err = attachOne(labelled, key, labels, func(l *MerchantLabel) int64 { return l.ID },
					func(r *Restaurant, l *MerchantLabel) { r.Label = l }, apperr.EntityLabel)
			}
			if err != nil {
				return err
			}
		}
	}
	if e.Bindings {
		var bindings []*SaleMenuBinding
		q := idb.NewSelect().Model(&bindings).Relation("Station").Relation("SaleMenu").
			Where("binding.restaurant_id IN (?)", bun.In(keysOf(rows, func(r *Restaurant) int64 { return r.ID }))).
			Order("binding.restaurant_id", "binding.id")
		if e.MenuGroups {
			q = q.Relation("SaleMenu.Group")
		}
		err := q.Scan(ctx)
		if err == nil {
			err = s.loadDeliversTo(ctx, bindingStations(bindings...)...)
		}
		if err == nil && e.MenuStations {
			menus := make([]*SaleMenu, len(bindings))
			for i, b := range bindings {
				menus[i] = b.SaleMenu
			}
			err = s.LoadMenuStations(ctx, menus...)
		}
		if err != nil {
			return err
		}
		attachMany(rows, func(r *Restaurant) int64 { return r.ID }, bindings,
			func(b *SaleMenuBinding) int64 { return b.RestaurantID }, func(r *Restaurant, bs []*SaleMenuBinding) { r.SaleMenus = bs })
	}
	return nil
}

// loadManagers sets the merchants' account and sales managers, with their
// groups when asked, in one statement.
func (s *MerchantStore) loadManagers(ctx context.Context, merchants []*Merchant, groups bool) error {
	var ids []int64
	for _, m := range merchants {
		for _, id := range []*int64{m.AccountManagerID, m.SalesManagerID} {
			if id != nil {
				ids = append(ids, *id)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	employees, err := s.Employees(ctx, EmployeeFilter{IDs: ids}, groups)
	if err != nil {
		return err
	}
	byID := make(map[int64]*Employee, len(employees))
	for _, e := range employees {
		byID[e.ID] = e
	}
	for _, m := range merchants {
		if m.AccountManagerID != nil {
			m.AccountManager = byID[*m.AccountManagerID]
		}
		if m.SalesManagerID != nil {
			m.SalesManager = byID[*m.SalesManagerID]
		}
	}
	return nil
}

// Reference is merchant management's reference data, which the legacy API
// only reads: the demo seed and tests write it.
type Reference struct {
	Cities    []*City
	Areas     []*Area // level-1 areas before the level-2 ones under them
	Stations  []*Station
	Groups    []*MerchantGroup
	Employees []*Employee // of existing EMPLOYEE accounts
	SaleMenus []*SaleMenu
	Offers    []*StationSaleMenu
	Labels    []*MerchantLabel
}

// AddReference inserts reference data, a statement per table (and the
// stations' cities). Rows may carry their legacy ids; the key sequences
// are moved past them (KeepSequencesAhead).
func (s *MerchantStore) AddReference(ctx context.Context, ref Reference) error {
	var cities []StationCity
	for _, st := range ref.Stations {
		for i, code := range st.DeliversTo {
			cities = append(cities, StationCity{StationID: st.ID, CityCode: code, Position: i})
		}
	}
	idb := s.h.idb(ctx)
	for _, insert := range []func() error{
		func() error { return insertAll(ctx, idb, ref.Cities) },
		func() error { return insertAll(ctx, idb, ref.Areas) },
		func() error { return insertAll(ctx, idb, ref.Stations) },
		func() error { return insertAll(ctx, idb, cities) },
		func() error { return insertAll(ctx, idb, ref.Groups) },
		func() error { return insertAll(ctx, idb, ref.Employees) },
		func() error { return insertAll(ctx, idb, ref.SaleMenus) },
		func() error { return insertAll(ctx, idb, ref.Offers) },
		func() error { return insertAll(ctx, idb, ref.Labels) },
	} {
		if err := insert(); err != nil {
			return err
		}
	}
	return s.h.KeepSequencesAhead(ctx, "merchant_stations", "merchant_groups", "merchant_sale_menus", "merchant_labels")
}
