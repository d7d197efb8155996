package db

import (
	"context"
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
