package db

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/apperr"
)

type ShopOrder struct {
	bun.BaseModel `bun:"table:shop_orders"`

	ID               int64     `bun:",pk,autoincrement"`
	Number           string    `bun:",notnull"`
	UserID           int64     `bun:",notnull"`
	Price            float64   `bun:",notnull"`
	PayMethod        int       `bun:",notnull"` // 0 unpaid, 1 alipay, 2 wechat, 3 bank card
	Sent             bool      `bun:",notnull"`
	TradeNumber      string    `bun:",notnull"`
	InvoiceTitle     string    `bun:",notnull"`
	InvoiceCompany   string    `bun:",notnull"`
	InvoiceContent   string    `bun:",notnull"`
	ConsigneeAddress string    `bun:",notnull"`
	Paid             bool      `bun:",notnull"`
	CreatedAt        time.Time `bun:",notnull"`
	UpdatedAt        time.Time `bun:",notnull"`
}

type ShopOrderLine struct {
	bun.BaseModel `bun:"table:shop_order_lines"`

	ID      int64   `bun:",pk,autoincrement"`
	OrderID int64   `bun:",notnull"`
	GoodsID int64   `bun:",notnull"`
	Price   float64 `bun:",notnull"`
	Number  int     `bun:",notnull"`
	Total   float64 `bun:",notnull"`
}

// TrackingEvent is one step of a shipment, by tracking number.
type TrackingEvent struct {
	bun.BaseModel `bun:"table:tracking_events"`

	ID             int64     `bun:",pk,autoincrement"`
	TrackingNumber string    `bun:",notnull"`
	Time           time.Time `bun:",notnull"`
	Context        string    `bun:",notnull"`
	Location       *string   `bun:""`
}

// ShopPayMethods is how many pay methods there are (0 unpaid … 3 bank card).
const ShopPayMethods = 4

// ShopOrderFilter narrows the order list; nil fields do not filter, text
// fields match part of the value.
type ShopOrderFilter struct {
	Number           *string
	UserID           *int64
	Paid             *bool
	Sent             *bool
	InvoiceTitle     *string
	InvoiceCompany   *string
	InvoiceContent   *string
	ConsigneeAddress *string
}

// ShopOrderPatch changes an order: nil fields keep their value.
type ShopOrderPatch struct {
	Number    *string
	Price     *float64
	PayMethod *int
	Sent      *bool
	Paid      *bool
}

// ListShopOrders lists orders newest first; total counts every match.
func (s *Store) ListShopOrders(ctx context.Context, f ShopOrderFilter, p *Paging) ([]*ShopOrder, int, error) {
	var rows []*ShopOrder
	q := s.db.NewSelect().Model(&rows).OrderExpr("created_at DESC, id DESC")
	for _, m := range []struct {
		col  string
		part *string
	}{
		{"number", f.Number}, {"invoice_title", f.InvoiceTitle}, {"invoice_company", f.InvoiceCompany},
		{"invoice_content", f.InvoiceContent}, {"consignee_address", f.ConsigneeAddress},
	} {
		if m.part != nil && *m.part != "" {
			q = q.Where("LOWER(?) LIKE ? ESCAPE '\\'", bun.Ident(m.col), "%"+escapeLike(strings.ToLower(*m.part))+"%")
		}
	}
	if f.UserID != nil {
		q = q.Where("user_id = ?", *f.UserID)
	}
	if f.Paid != nil {
		q = q.Where("paid = ?", *f.Paid)
	}
	if f.Sent != nil {
		q = q.Where("sent = ?", *f.Sent)
	}
	if p == nil {
		err := q.Scan(ctx)
		return rows, len(rows), err
	}
	total, err := applyPaging(q, p).ScanAndCount(ctx)
	return rows, int(total), err
}

func (s *Store) ShopOrder(ctx context.Context, id int64) (*ShopOrder, error) {
	return byID[ShopOrder](ctx, s.db, id, "order")
}

func (s *Store) ShopOrderLinesByOrderIDs(ctx context.Context, orders []int64) ([]*ShopOrderLine, error) {
	return childrenOf[ShopOrderLine](ctx, s.db, "order_id", orders)
}

// UpdateShopOrder changes only the fields the patch gives (the legacy update
// is incremental) and always moves updated_at.
func (s *Store) UpdateShopOrder(ctx context.Context, id int64, patch ShopOrderPatch) (*ShopOrder, error) {
	if patch.Number != nil && strings.TrimSpace(*patch.Number) == "" {
		return nil, apperr.Invalidf("an order needs a number")
	}
	if patch.Price != nil && (math.IsNaN(*patch.Price) || math.IsInf(*patch.Price, 0)) {
		return nil, apperr.Invalidf("the price must be a finite number, got %v", *patch.Price)
	}
	if patch.Price != nil && *patch.Price < 0 {
		return nil, apperr.Invalidf("the price must be 0 or more, got %v", *patch.Price)
	}
	if patch.PayMethod != nil && (*patch.PayMethod < 0 || *patch.PayMethod >= ShopPayMethods) {
		return nil, apperr.Invalidf("unknown pay method %d", *patch.PayMethod)
	}
	o := new(ShopOrder)
	err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		cur, err := byID[ShopOrder](ctx, tx, id, "order")
		if err != nil {
			return err
		}
		*o = *cur
		cols := []string{"updated_at"}
		if patch.Number != nil {
			o.Number, cols = *patch.Number, append(cols, "number")
		}
		if patch.Price != nil {
			o.Price, cols = *patch.Price, append(cols, "price")
		}
		if patch.PayMethod != nil {
			o.PayMethod, cols = *patch.PayMethod, append(cols, "pay_method")
		}
		if patch.Sent != nil {
			o.Sent, cols = *patch.Sent, append(cols, "sent")
		}
		if patch.Paid != nil {
			o.Paid, cols = *patch.Paid, append(cols, "paid")
		}
		o.UpdatedAt = time.Now().UTC()
		_, err = tx.NewUpdate().Model(o).Column(cols...).WherePK().Exec(ctx)
		if isUniqueViolation(err) {
			return apperr.New(apperr.Conflict, apperr.ReasonDuplicate, "an order numbered %q already exists", o.Number)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// UpdateShopOrderAddress sets the consignee address; it may be empty.
func (s *Store) UpdateShopOrderAddress(ctx context.Context, id int64, address string) (*ShopOrder, error) {
	o := new(ShopOrder)
	err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		cur, err := byID[ShopOrder](ctx, tx, id, "order")
		if err != nil {
			return err
		}
		*o = *cur
		o.ConsigneeAddress, o.UpdatedAt = address, time.Now().UTC()
		_, err = tx.NewUpdate().Model(o).Column("consignee_address", "updated_at").WherePK().Exec(ctx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// TrackingEvents returns the events of one tracking number, newest first.
func (s *Store) TrackingEvents(ctx context.Context, trackingNumber string) ([]*TrackingEvent, error) {
	rows := []*TrackingEvent{}
	err := s.db.NewSelect().Model(&rows).Where("tracking_number = ?", trackingNumber).
		OrderExpr("time DESC, id DESC").Scan(ctx)
	return rows, err
}

// cst is China Standard Time, the zone of the legacy shop's times; fixed, so
// no tzdata is needed.
var cst = time.FixedZone("CST", 8*3600)

// seedShopOrders adds the shop demo data of this domain to a store without
// any: a few orders (with lines when there are goods to put in them) and the
// shipment the legacy document shows for /kuaidi/815294206237577.
func (s *Store) seedShopOrders(ctx context.Context) error {
	return s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := seedShopOrderRows(ctx, tx); err != nil {
			return err
		}
		return seedTrackingEvents(ctx, tx)
	})
}

func seedShopOrderRows(ctx context.Context, tx bun.Tx) error {
	n, err := tx.NewSelect().Model((*ShopOrder)(nil)).Count(ctx)
	if err != nil || n > 0 {
		return err
	}
	at := func(unix int64) time.Time { return time.Unix(unix, 0).UTC() }
	orders := []ShopOrder{
		{Number: "59e7502d7993d", UserID: 133, Price: 322, PayMethod: 1, Sent: true, InvoiceTitle: "个人",
			InvoiceContent: "办公用品", ConsigneeAddress: "江苏省南京市秦淮区龙蟠中路666号", Paid: true,
			CreatedAt: at(1508331565), UpdatedAt: at(1508331565)},
		{Number: "itany-g7kmck71vjaujfgoi", UserID: 1, Price: 20, InvoiceTitle: "个人",
			CreatedAt: at(1512533560), UpdatedAt: at(1512533560)},
		{Number: "itany-20201113143706", UserID: 133, Price: 99.5, PayMethod: 2, Sent: true,
			TradeNumber: "4200000812202011131437061234", InvoiceTitle: "公司", InvoiceCompany: "南京IT教育公司",
			InvoiceContent: "宠物用品", ConsigneeAddress: "上海市浦东新区寒亭路8号", Paid: true,
			CreatedAt: at(1605249426), UpdatedAt: at(1605415196)},
	}
	var goods []ShopGoods
	if err := tx.NewSelect().Model(&goods).Where("NOT deleted").OrderExpr("id ASC").Limit(3).Scan(ctx); err != nil {
		return err
	}
	// A different mix of goods in each order; an order with lines costs
	// what its lines do.
	lines := make([][]ShopOrderLine, len(orders))
	for i := range orders {
		sum := 0.0
		for j, g := range goods {
			if (i+j)%2 == 1 {
				continue
			}
			number := j + 1
			l := ShopOrderLine{GoodsID: g.ID, Price: g.Price, Number: number, Total: g.Price * float64(number)}
			lines[i], sum = append(lines[i], l), sum+l.Total
		}
		if len(lines[i]) > 0 {
			orders[i].Price = sum
		}
	}
	if _, err := tx.NewInsert().Model(&orders).Exec(ctx); err != nil {
		return err
	}
	var all []ShopOrderLine
	for i, o := range orders {
		for _, l := range lines[i] {
			l.OrderID = o.ID
			all = append(all, l)
		}
	}
	if len(all) == 0 {
		return nil
	}
	_, err = tx.NewInsert().Model(&all).Exec(ctx)
	return err
}

func seedTrackingEvents(ctx context.Context, tx bun.Tx) error {
	n, err := tx.NewSelect().Model((*TrackingEvent)(nil)).Count(ctx)
	if err != nil || n > 0 {
		return err
	}
	// The legacy document's example, oldest first.
	steps := [][2]string{
		{"2020-11-13 14:37:06", "南京IT教育公司-城东汪小主宠物店-已收件"},
		{"2020-11-13 14:47:56", "南京IT教育公司-已发往-江苏南京转运中心"},
		{"2020-11-13 15:03:30", "南京IT教育公司-已发往-江苏南京转运中心"},
		{"2020-11-13 16:28:13", "江苏南京转运中心-已发往-江苏苏州转运中心"},
		{"2020-11-14 02:41:40", "已到达-江苏苏州转运中心"},
		{"2020-11-14 02:43:20", "江苏苏州转运中心-已发往-上海浦东转运中心"},
		{"2020-11-14 10:43:31", "已到达-上海浦东转运中心"},
		{"2020-11-14 10:53:46", "上海浦东转运中心-已发往-上海浦东转运中心"},
		{"2020-11-14 17:43:48", "已到达-上海浦东转运中心"},
		{"2020-11-14 20:52:44", "已到达-上海浦东转运中心"},
		{"2020-11-14 20:56:45", "上海浦东转运中心-已发往-上海浦东寒亭公司"},
		{"2020-11-15 06:38:13", "已到达-上海浦东寒亭营业厅"},
		{"2020-11-15 08:38:57", "已到达-上海浦东寒亭营业厅"},
		{"2020-11-15 08:46:54", "上海浦东寒亭营业厅-寒亭阿奇(13805148888)-派件中"},
		{"2020-11-15 12:39:56", "已签收,签收人是 汤小洋 先生/女士，如有疑问请联系派件员阿奇(13805148888)，如您未收到此快递，请拨打投诉电话：15294207777，感谢使用申通快递，期待再次为您服务"},
	}
	events := make([]TrackingEvent, len(steps))
	for i, st := range steps {
		t, err := time.ParseInLocation(time.DateTime, st[0], cst)
		if err != nil {
			return err
		}
		events[i] = TrackingEvent{TrackingNumber: "815294206237577", Time: t.UTC(), Context: st[1]}
	}
	_, err = tx.NewInsert().Model(&events).Exec(ctx)
	return err
}
