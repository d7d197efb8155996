package graph

import (
	"context"

	"github.com/onegraph/server/apperr"

	"github.com/onegraph/server/db"
	"github.com/onegraph/server/graph/model"
)

// listPage runs a store's name-searchable list with a checked page request.
func listPage[T any](ctx context.Context, list func(context.Context, string, *db.Paging) ([]*T, int, error), paging *model.PageInput, search *string) ([]*T, int, error) {
	p, err := pagingFrom(paging)
	if err != nil {
		return nil, 0, err
	}
	return list(ctx, deref(search), p)
}

func orderLines(in []*model.PharmaOrderLineInput) []db.OrderLineInput {
	out := make([]db.OrderLineInput, len(in))
	for i, l := range in {
		out[i] = db.OrderLineInput{MedicineID: l.MedicineID, Amount: l.Amount}
	}
	return out
}

// pagingFrom checks a page request; nil means every row.
func pagingFrom(p *model.PageInput) (*db.Paging, error) {
	if p == nil {
		return nil, nil
	}
	if p.Page < 1 {
		return nil, apperr.Invalidf("page must be 1 or more, got %d", p.Page)
	}
	if p.Size < 1 || p.Size > 1000 {
		return nil, apperr.Invalidf("page size must be between 1 and 1000, got %d", p.Size)
	}
	return &db.Paging{Page: p.Page, Size: p.Size}, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
