package db

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/apperr"
)

// RolePartner is a B2B partner's account (the partner API), working for
// one enterprise.
const RolePartner = "PARTNER"

// Enterprise is a company on the partner platform.
type Enterprise struct {
	bun.BaseModel `bun:"table:partner_enterprises"`

	ID        int64     `bun:",pk,autoincrement"`
	Name      string    `bun:",notnull"`
	Address   string    `bun:",notnull"`
	Tell      string    `bun:",notnull"`
	LegalMan  string    `bun:",notnull"`
	CreatedAt time.Time `bun:",notnull"`
}

// PartnerProfile ties a PARTNER account to its enterprise, with what
// registration asked beyond the account's own columns.
type PartnerProfile struct {
	bun.BaseModel `bun:"table:partner_accounts"`

	AccountID    int64  `bun:",pk"`
	EnterpriseID int64  `bun:",notnull"`
	RealName     string `bun:",notnull"`
	Sex          string `bun:",notnull"`
	Education    string `bun:",notnull"`
}

// PartnerRelationKind classes a relation (1 竞争关系, 2 普通关系, 3 商友, ...).
type PartnerRelationKind struct {
	bun.BaseModel `bun:"table:partner_relation_kinds"`

	ID   int64  `bun:",pk,autoincrement"`
	Name string `bun:",notnull"`
}

// PartnerListing is an enterprise's offer of a catalog goods (GoodsID, a
// shop_goods row) under its own goods code.
type PartnerListing struct {
	bun.BaseModel `bun:"table:partner_listings"`

	ID           int64     `bun:",pk,autoincrement"`
	EnterpriseID int64     `bun:",notnull"`
	GoodsCode    string    `bun:",notnull"`
	GoodsID      int64     `bun:",notnull"`
	OENumber     string    `bun:"oe_number,notnull"`
	Name         string    `bun:",notnull"`
	Brand        string    `bun:",notnull"`
	Quality      string    `bun:",notnull"`
	PriceFen     int64     `bun:",notnull"`
	Stock        int64     `bun:",notnull"`
	CreatedAt    time.Time `bun:",notnull"`
	UpdatedAt    time.Time `bun:",notnull"`
}

// PartnerCustomer is a customer in an enterprise's CRM.
type PartnerCustomer struct {
	bun.BaseModel `bun:"table:partner_customers"`

	ID           int64     `bun:",pk,autoincrement"`
	EnterpriseID int64     `bun:",notnull"`
	Name         string    `bun:",notnull"`
	Phone        string    `bun:",notnull"`
	Address      string    `bun:",notnull"`
	Trade        string    `bun:",notnull"`
	CreatedAt    time.Time `bun:",notnull"`
}

// PartnerRelation classes a target enterprise for an enterprise.
type PartnerRelation struct {
	bun.BaseModel `bun:"table:partner_relations"`

	ID           int64 `bun:",pk,autoincrement"`
	EnterpriseID int64 `bun:",notnull"`
	TargetID     int64 `bun:",notnull"`
	KindID       int64 `bun:",notnull"`
}

// PartnerDiscount is what a seller charges one relation kind, in hundredths
// of a percent, for one listing or (ListingID nil) all of them.
type PartnerDiscount struct {
	bun.BaseModel `bun:"table:partner_discounts"`

	ID           int64  `bun:",pk,autoincrement"`
	EnterpriseID int64  `bun:",notnull"`
	KindID       int64  `bun:",notnull"`
	ListingID    *int64 `bun:""`
	Discount     int    `bun:",notnull"`
}

// Goods list types (partner_goods_lists.list_type).
const (
	ListBlack = "black"
	ListWhite = "white"
)

// PartnerGoodsListEntry is a seller's black or white list entry for one
// listing or (ListingID nil) all of them.
type PartnerGoodsListEntry struct {
	bun.BaseModel `bun:"table:partner_goods_lists"`

	ID           int64  `bun:",pk,autoincrement"`
	EnterpriseID int64  `bun:",notnull"`
	ListingID    *int64 `bun:""`
	TargetID     int64  `bun:",notnull"`
	ListType     string `bun:",notnull"`
}

// PartnerStore keeps enterprises, partner profiles, listings, customers,
// relations, discounts and goods lists.
type PartnerStore struct{ h *Handle }

// ProfileOf is the partner profile of an account.
func (s *PartnerStore) ProfileOf(ctx context.Context, accountID int64) (*PartnerProfile, error) {
	return oneWhere[PartnerProfile](ctx, s.h.idb(ctx), "account_id", accountID, apperr.EntityAccount)
}

func (s *PartnerStore) Enterprise(ctx context.Context, id int64) (*Enterprise, error) {
	return byID[Enterprise](ctx, s.h.idb(ctx), id, apperr.EntityEnterprise)
}

// EnterprisesByIDs, ListingsByIDs and RelationKindsByIDs serve the loaders.
func (s *PartnerStore) EnterprisesByIDs(ctx context.Context, ids []int64) ([]*Enterprise, error) {
	return byIDs[Enterprise](ctx, s.h.idb(ctx), ids)
}

func (s *PartnerStore) ListingsByIDs(ctx context.Context, ids []int64) ([]*PartnerListing, error) {
	return byIDs[PartnerListing](ctx, s.h.idb(ctx), ids)
}

func (s *PartnerStore) RelationKindsByIDs(ctx context.Context, ids []int64) ([]*PartnerRelationKind, error) {
	return byIDs[PartnerRelationKind](ctx, s.h.idb(ctx), ids)
}

// Enterprises

// EnterpriseFilter narrows the enterprises to names containing Search.
type EnterpriseFilter struct {
	Search string
}

func (f EnterpriseFilter) apply(q *bun.SelectQuery) *bun.SelectQuery {
	return whereContains(q, "name", f.Search)
}

// Enterprises lists the enterprises the filter keeps, by id.
func (s *PartnerStore) Enterprises(ctx context.Context, f EnterpriseFilter, p *Paging) ([]*Enterprise, int, error) {
	return listByID[Enterprise](ctx, s.h.idb(ctx), f, p)
}

// CreateEnterprise adds an enterprise, stamped now.
func (s *PartnerStore) CreateEnterprise(ctx context.Context, e *Enterprise) error {
	e.CreatedAt = s.h.Now()
	_, err := s.h.idb(ctx).NewInsert().Model(e).Exec(ctx)
	return err
}

// UpdateEnterprise writes these columns of an enterprise.
func (s *PartnerStore) UpdateEnterprise(ctx context.Context, e *Enterprise, columns ...string) error {
	return updateColumns(ctx, s.h.idb(ctx), e, e.ID, apperr.EntityEnterprise, columns)
}

// Partner accounts

// CreateProfile adds the partner profile of a new account.
func (s *PartnerStore) CreateProfile(ctx context.Context, p *PartnerProfile) error {
	_, err := s.h.idb(ctx).NewInsert().Model(p).Exec(ctx)
	return err
}

// AttachAccount puts an account in an enterprise: a new profile (with
// empty registration fields), or the enterprise of the one it has.
func (s *PartnerStore) AttachAccount(ctx context.Context, accountID, enterpriseID int64) (*PartnerProfile, error) {
	p := &PartnerProfile{AccountID: accountID, EnterpriseID: enterpriseID}
	_, err := s.h.idb(ctx).NewInsert().Model(p).
		On("CONFLICT (account_id) DO UPDATE").Set("enterprise_id = EXCLUDED.enterprise_id").
		Returning("*").Exec(ctx)
	return p, err
}

// SetActive enables or disables a PARTNER account.
func (s *PartnerStore) SetActive(ctx context.Context, accountID int64, active bool) error {
	res, err := s.h.idb(ctx).NewUpdate().Model((*Account)(nil)).Set("active = ?", active).
		Where("id = ?", accountID).Where("role = ?", RolePartner).Exec(ctx)
	return oneAffected(res, err, apperr.EntityAccount, accountID)
}

// Relation kinds

// RelationKinds lists every relation kind by id.
func (s *PartnerStore) RelationKinds(ctx context.Context) ([]*PartnerRelationKind, error) {
	rows := []*PartnerRelationKind{}
	return rows, s.h.idb(ctx).NewSelect().Model(&rows).Order("id").Scan(ctx)
}

// RelationKindExists fails with NOT_FOUND unless the kind exists.
func (s *PartnerStore) RelationKindExists(ctx context.Context, id int64) error {
	return mustExist[PartnerRelationKind](ctx, s.h.idb(ctx), id, apperr.EntityRelationKind)
}

// EnterpriseExists fails with NOT_FOUND unless the enterprise exists.
func (s *PartnerStore) EnterpriseExists(ctx context.Context, id int64) error {
	return mustExist[Enterprise](ctx, s.h.idb(ctx), id, apperr.EntityEnterprise)
}

// CreateRelationKind adds a kind; its name is unique.
func (s *PartnerStore) CreateRelationKind(ctx context.Context, k *PartnerRelationKind) error {
	_, err := s.h.idb(ctx).NewInsert().Model(k).Exec(ctx)
	return duplicate(err, "a relation kind named %q already exists", k.Name)
}

// Listings

// ListingFilter narrows the listings; nil fields do not filter.
type ListingFilter struct {
	EnterpriseID *int64
	GoodsCode    *string
	OENumber     *string
	Search       string // part of the name or brand
}

func (f ListingFilter) apply(q *bun.SelectQuery) *bun.SelectQuery {
	q = whereEqual(q, "enterprise_id", f.EnterpriseID)
	q = whereEqual(q, "goods_code", f.GoodsCode)
	q = whereEqual(q, "oe_number", f.OENumber)
	return whereAnyContains(q, f.Search, "name", "brand")
}

// Listings lists the listings the filter keeps, by id.
func (s *PartnerStore) Listings(ctx context.Context, f ListingFilter, p *Paging) ([]*PartnerListing, int, error) {
	return listByID[PartnerListing](ctx, s.h.idb(ctx), f, p)
}

// Listing reads an enterprise's listing by its goods code.
func (s *PartnerStore) Listing(ctx context.Context, enterpriseID int64, goodsCode string) (*PartnerListing, error) {
	row := new(PartnerListing)
	err := s.h.idb(ctx).NewSelect().Model(row).
		Where("enterprise_id = ?", enterpriseID).Where("goods_code = ?", goodsCode).Scan(ctx)
	if isNoRows(err) {
		return nil, missingKey(apperr.EntityListing, "enterprise %d lists no goods code %q", enterpriseID, goodsCode)
	}
	return row, err
}

// CatalogGoodsFor finds the catalog goods of an OE number: that of any
// listing with the number, else the live goods named name; found is false
// when there is neither. One statement.
func (s *PartnerStore) CatalogGoodsFor(ctx context.Context, oeNumber, name string) (id int64, found bool, err error) {
	db := s.h.idb(ctx)
	listed := db.NewSelect().Model((*PartnerListing)(nil)).Column("goods_id").
		Where("oe_number = ?", oeNumber).Order("id").Limit(1)
	named := db.NewSelect().Model((*ShopGoods)(nil)).Column("id").Where("name = ?", name).Where("NOT deleted")
	var goods *int64
	if err := db.NewSelect().ColumnExpr("COALESCE((?), (?))", listed, named).Scan(ctx, &goods); err != nil {
		return 0, false, err
	}
	if goods == nil {
		return 0, false, nil
	}
	return *goods, true, nil
}

// LockOENumber holds, until the transaction ends, the shelvings of one OE
// number on Postgres, so two of a new number (under other names, say)
// make one catalog goods; SQLite runs one writing transaction at a time.
func (s *PartnerStore) LockOENumber(ctx context.Context, oe string) error {
	return s.h.lockKey(ctx, "partner-oe:"+oe)
}

// AddCatalogGoods adds catalog goods for a new OE number; should live
// goods of that name exist (another enterprise's shelving of the number at
// the same time made them), g becomes those.
func (s *PartnerStore) AddCatalogGoods(ctx context.Context, g *ShopGoods) error {
	_, err := s.h.idb(ctx).NewInsert().Model(g).On("CONFLICT (name) WHERE NOT deleted DO NOTHING").Exec(ctx)
	if err != nil || g.ID != 0 {
		return err
	}
	return s.h.idb(ctx).NewSelect().Model(g).Where("name = ?", g.Name).Where("NOT deleted").Scan(ctx)
}

// Shelve adds a listing. Should its enterprise have listed its goods code
// meanwhile (two shelvings at once), it sets that one's stock, price,
// quality and time of change instead, as Restock. l becomes the row as
// stored.
func (s *PartnerStore) Shelve(ctx context.Context, l *PartnerListing) error {
	_, err := s.h.idb(ctx).NewInsert().Model(l).
		On("CONFLICT (enterprise_id, goods_code) DO UPDATE").
		Set("stock = EXCLUDED.stock, price_fen = EXCLUDED.price_fen, quality = EXCLUDED.quality, updated_at = EXCLUDED.updated_at").
		Returning("*").Exec(ctx)
	return err
}

// Restock writes a listing's stock, price, quality and time of change.
func (s *PartnerStore) Restock(ctx context.Context, l *PartnerListing) error {
	return updateColumns(ctx, s.h.idb(ctx), l, l.ID, apperr.EntityListing, []string{"stock", "price_fen", "quality", "updated_at"})
}

// CatalogGoods reads the catalog goods (shop goods, deleted or not) with
// these ids, in no particular order, with the edges e asks for: listings'
// goods edge. A statement, and one per edge.
func (s *PartnerStore) CatalogGoods(ctx context.Context, ids []int64, e ShopGoodsEdges) ([]*ShopGoods, error) {
	goods, err := byIDs[ShopGoods](ctx, s.h.idb(ctx), ids)
	if err == nil {
		err = loadGoodsEdges(ctx, s.h.idb(ctx), e, goods)
	}
	return goods, err
}

// CRM customers

// CustomerFilter narrows an enterprise's customers to those whose name,
// phone or trade contains Search.
type CustomerFilter struct {
	EnterpriseID int64
	Search       string
}

func (f CustomerFilter) apply(q *bun.SelectQuery) *bun.SelectQuery {
	q = q.Where("?TableAlias.enterprise_id = ?", f.EnterpriseID)
	return whereAnyContains(q, f.Search, "name", "phone", "trade")
}

// Customers lists an enterprise's customers the filter keeps, by id.
func (s *PartnerStore) Customers(ctx context.Context, f CustomerFilter, p *Paging) ([]*PartnerCustomer, int, error) {
	return listByID[PartnerCustomer](ctx, s.h.idb(ctx), f, p)
}

// Customer reads a customer of an enterprise (nil: of any); another's is
// NOT_FOUND.
func (s *PartnerStore) Customer(ctx context.Context, enterpriseID *int64, id int64) (*PartnerCustomer, error) {
	row := new(PartnerCustomer)
	err := whereEqual(s.h.idb(ctx).NewSelect().Model(row).Where("id = ?", id), "enterprise_id", enterpriseID).Scan(ctx)
	if isNoRows(err) {
		return nil, apperr.Missing(apperr.EntityPartnerCustomer, id)
	}
	return row, err
}

// CreateCustomer adds a customer, stamped now.
func (s *PartnerStore) CreateCustomer(ctx context.Context, c *PartnerCustomer) error {
	c.CreatedAt = s.h.Now()
	_, err := s.h.idb(ctx).NewInsert().Model(c).Exec(ctx)
	return err
}

// UpdateCustomer writes these columns of a customer.
func (s *PartnerStore) UpdateCustomer(ctx context.Context, c *PartnerCustomer, columns ...string) error {
	return updateColumns(ctx, s.h.idb(ctx), c, c.ID, apperr.EntityPartnerCustomer, columns)
}

func (s *PartnerStore) DeleteCustomer(ctx context.Context, id int64) error {
	return deleteRow[PartnerCustomer](ctx, s.h.idb(ctx), id, apperr.EntityPartnerCustomer)
}

// Relations

// RelationFilter narrows an enterprise's relations; nil fields do not
// filter.
type RelationFilter struct {
	EnterpriseID     int64
	KindID, TargetID *int64
}

func (f RelationFilter) apply(q *bun.SelectQuery) *bun.SelectQuery {
	q = q.Where("?TableAlias.enterprise_id = ?", f.EnterpriseID)
	q = whereEqual(q, "kind_id", f.KindID)
	return whereEqual(q, "target_id", f.TargetID)
}

// Relations lists an enterprise's relations the filter keeps, by id.
func (s *PartnerStore) Relations(ctx context.Context, f RelationFilter, p *Paging) ([]*PartnerRelation, int, error) {
	return listByID[PartnerRelation](ctx, s.h.idb(ctx), f, p)
}

// Relation reads an enterprise's relation to a target.
func (s *PartnerStore) Relation(ctx context.Context, enterpriseID, targetID int64) (*PartnerRelation, error) {
	row := new(PartnerRelation)
	err := s.h.idb(ctx).NewSelect().Model(row).
		Where("enterprise_id = ?", enterpriseID).Where("target_id = ?", targetID).Scan(ctx)
	if isNoRows(err) {
		return nil, missingKey(apperr.EntityRelation, "enterprise %d has no relation to enterprise %d", enterpriseID, targetID)
	}
	return row, err
}

// CreateRelation adds a relation; one per enterprise and target.
func (s *PartnerStore) CreateRelation(ctx context.Context, r *PartnerRelation) error {
	_, err := s.h.idb(ctx).NewInsert().Model(r).Exec(ctx)
	return duplicate(err, "enterprise %d has a relation to enterprise %d already", r.EnterpriseID, r.TargetID)
}

// SetRelationKind changes the kind of a relation.
func (s *PartnerStore) SetRelationKind(ctx context.Context, r *PartnerRelation) error {
	return setColumnsByID[PartnerRelation](ctx, s.h.idb(ctx), r.ID, apperr.EntityRelation, "kind_id = ?", r.KindID)
}

func (s *PartnerStore) DeleteRelation(ctx context.Context, id int64) error {
	return deleteRow[PartnerRelation](ctx, s.h.idb(ctx), id, apperr.EntityRelation)
}

// Discounts

// DiscountFilter narrows an enterprise's discounts; nil fields do not
// filter. GoodsCode keeps the discounts of the enterprise's listing with
// that code.
type DiscountFilter struct {
	EnterpriseID int64
	KindID       *int64
	GoodsCode    *string
}

func (f DiscountFilter) apply(q *bun.SelectQuery) *bun.SelectQuery {
	q = q.Where("?TableAlias.enterprise_id = ?", f.EnterpriseID)
	q = whereEqual(q, "kind_id", f.KindID)
	return whereListingCode(q, f.EnterpriseID, f.GoodsCode)
}

// Discounts lists an enterprise's discounts the filter keeps, by id.
func (s *PartnerStore) Discounts(ctx context.Context, f DiscountFilter, p *Paging) ([]*PartnerDiscount, int, error) {
	return listByID[PartnerDiscount](ctx, s.h.idb(ctx), f, p)
}

// Discount reads the discount an enterprise grants a relation kind for a
// listing (nil: for every goods).
func (s *PartnerStore) Discount(ctx context.Context, enterpriseID, kindID int64, listingID *int64) (*PartnerDiscount, error) {
	row := new(PartnerDiscount)
	q := s.h.idb(ctx).NewSelect().Model(row).Where("enterprise_id = ?", enterpriseID).Where("kind_id = ?", kindID)
	err := whereListing(q, listingID).Scan(ctx)
	if isNoRows(err) {
		return nil, missingKey(apperr.EntityDiscount, "enterprise %d grants relation kind %d no discount for %s",
			enterpriseID, kindID, goodsOrAll(listingID))
	}
	return row, err
}

// CreateDiscount adds a discount; one per enterprise, kind and listing
// (or every goods).
func (s *PartnerStore) CreateDiscount(ctx context.Context, d *PartnerDiscount) error {
	_, err := s.h.idb(ctx).NewInsert().Model(d).Exec(ctx)
	return duplicate(err, "enterprise %d grants relation kind %d a discount for %s already",
		d.EnterpriseID, d.KindID, goodsOrAll(d.ListingID))
}

// SetDiscount changes the discount of a discount row.
func (s *PartnerStore) SetDiscount(ctx context.Context, d *PartnerDiscount) error {
	return setColumnsByID[PartnerDiscount](ctx, s.h.idb(ctx), d.ID, apperr.EntityDiscount, "discount = ?", d.Discount)
}

func (s *PartnerStore) DeleteDiscount(ctx context.Context, id int64) error {
	return deleteRow[PartnerDiscount](ctx, s.h.idb(ctx), id, apperr.EntityDiscount)
}

// Goods lists

// GoodsListFilter narrows an enterprise's black and white list entries;
// nil fields do not filter. GoodsCode keeps the entries of the
// enterprise's listing with that code.
type GoodsListFilter struct {
	EnterpriseID int64
	TargetID     *int64
	GoodsCode    *string
	ListType     *string // ListBlack or ListWhite
}

func (f GoodsListFilter) apply(q *bun.SelectQuery) *bun.SelectQuery {
	q = q.Where("?TableAlias.enterprise_id = ?", f.EnterpriseID)
	q = whereEqual(q, "target_id", f.TargetID)
	q = whereEqual(q, "list_type", f.ListType)
	return whereListingCode(q, f.EnterpriseID, f.GoodsCode)
}

// GoodsLists lists an enterprise's list entries the filter keeps, by id.
func (s *PartnerStore) GoodsLists(ctx context.Context, f GoodsListFilter, p *Paging) ([]*PartnerGoodsListEntry, int, error) {
	return listByID[PartnerGoodsListEntry](ctx, s.h.idb(ctx), f, p)
}

// GoodsListEntry reads the entry of e's key (enterprise, listing or
// every goods, target, list type).
func (s *PartnerStore) GoodsListEntry(ctx context.Context, e *PartnerGoodsListEntry) (*PartnerGoodsListEntry, error) {
	row := new(PartnerGoodsListEntry)
	q := s.h.idb(ctx).NewSelect().Model(row).Where("enterprise_id = ?", e.EnterpriseID).
		Where("target_id = ?", e.TargetID).Where("list_type = ?", e.ListType)
	err := whereListing(q, e.ListingID).Scan(ctx)
	if isNoRows(err) {
		return nil, missingKey(apperr.EntityGoodsListEntry, "enterprise %d's %s list has no entry of enterprise %d for %s",
			e.EnterpriseID, e.ListType, e.TargetID, goodsOrAll(e.ListingID))
	}
	return row, err
}

// CreateGoodsListEntry adds an entry; one per key.
func (s *PartnerStore) CreateGoodsListEntry(ctx context.Context, e *PartnerGoodsListEntry) error {
	_, err := s.h.idb(ctx).NewInsert().Model(e).Exec(ctx)
	return duplicate(err, "enterprise %d's %s list has enterprise %d for %s already",
		e.EnterpriseID, e.ListType, e.TargetID, goodsOrAll(e.ListingID))
}

func (s *PartnerStore) DeleteGoodsListEntry(ctx context.Context, id int64) error {
	return deleteRow[PartnerGoodsListEntry](ctx, s.h.idb(ctx), id, apperr.EntityGoodsListEntry)
}

// Query helpers of the partner lists.

// listFilter narrows a list query.
type listFilter interface {
	apply(q *bun.SelectQuery) *bun.SelectQuery
}

// listByID lists the rows f keeps, by id, paged; total counts every match.
func listByID[T any](ctx context.Context, db bun.IDB, f listFilter, p *Paging) ([]*T, int, error) {
	rows := []*T{}
	total, err := scanPage(ctx, f.apply(db.NewSelect().Model(&rows)), &rows, p, byIDOrder)
	return rows, total, err
}

// whereEqual keeps the rows whose column holds *v; nil keeps every row.
func whereEqual[V any](q *bun.SelectQuery, column string, v *V) *bun.SelectQuery {
	if v == nil {
		return q
	}
	return q.Where("?TableAlias.? = ?", bun.Ident(column), *v)
}

// whereListing keeps the rows for a listing, or (nil) for every goods.
func whereListing(q *bun.SelectQuery, listingID *int64) *bun.SelectQuery {
	if listingID == nil {
		return q.Where("?TableAlias.listing_id IS NULL")
	}
	return q.Where("?TableAlias.listing_id = ?", *listingID)
}

// whereListingCode keeps the rows for the enterprise's listing with this
// goods code; nil keeps every row.
func whereListingCode(q *bun.SelectQuery, enterpriseID int64, goodsCode *string) *bun.SelectQuery {
	if goodsCode == nil {
		return q
	}
	return q.Where("?TableAlias.listing_id IN (SELECT id FROM partner_listings WHERE enterprise_id = ? AND goods_code = ?)",
		enterpriseID, *goodsCode)
}

// goodsOrAll names a listing, or every goods, in a message.
func goodsOrAll(listingID *int64) string {
	if listingID == nil {
		return "every goods"
	}
	return fmt.Sprintf("listing %d", *listingID)
}

// missingKey is NOT_FOUND of what, said by a message of its own: for rows
// named by a key rather than an id.
func missingKey(what apperr.Entity, format string, args ...any) *apperr.Error {
	e := apperr.New(apperr.NotFound, "", format, args...)
	e.Entity = what
	return e
}
