package seed

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/onegraph/server/db"
	"github.com/onegraph/server/enum"
	"github.com/onegraph/server/service"
)

// The partner platform's demo: five enterprises, each with a partner
// account (username its mobile number, password DemoPassword), two sellers'
// listings, a buyer's CRM customers, relations, discounts, a black and a white list, orders with a
// line in every state (one shipped with its tracking events) and a
// reminder, so the playground shows the whole flow at first start.

// partnerAccounts are the demo's partner logins by enterprise id.
var partnerAccounts = map[int64]string{
	1: "13800000001", 2: "13800000002", 3: "13800000003", 4: "13800000004", 5: "13800000005",
}

// PartnerTracking is the tracking number of the demo's shipped line.
const PartnerTracking = "SF1400000000001"

// Partners adds the demo, unless an enterprise exists, in one transaction.
func Partners(ctx context.Context, s *db.Stores) error {
	return withDemoPasswords(ctx, s, partners)
}

func partners(ctx context.Context, s *db.Stores, hash string) error {
	if empty, err := db.IsEmpty[db.Enterprise](ctx, s.Handle); err != nil || !empty {
		return err
	}
	var usernames []string
	for id := range int64(len(partnerAccounts)) {
		usernames = append(usernames, partnerAccounts[id+1])
	}
	if taken, err := s.Accounts.AnyTaken(ctx, nil, usernames); err != nil || taken {
		if taken {
			slog.WarnContext(ctx, "seed: the partner demo left out: an account holds one of its usernames", "usernames", usernames)
		}
		return err
	}
	at := func(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 0, 0, 0, time.UTC) }
	enterprises := []db.Enterprise{
		{ID: 1, Name: "上海祎讯汽配有限公司", Address: "上海市嘉定区曹安公路4988号", Tell: "021-59990001", LegalMan: "陈祎"},
		{ID: 2, Name: "广州骏达汽车配件有限公司", Address: "广州市白云区机场路1688号", Tell: "020-86660002", LegalMan: "李骏"},
		{ID: 3, Name: "北京华通汽配城", Address: "北京市丰台区南四环西路188号", Tell: "010-63330003", LegalMan: "王华"},
		{ID: 4, Name: "杭州顺风汽修厂", Address: "杭州市余杭区文一西路998号", Tell: "0571-88880004", LegalMan: "赵顺"},
		{ID: 5, Name: "深圳鹏程汽配", Address: "深圳市龙岗区布吉街道", Tell: "0755-22220005", LegalMan: "周鹏"},
	}
	for i := range enterprises {
		enterprises[i].CreatedAt = at(1, 2)
	}
	if err := s.Handle.Insert(ctx, &enterprises); err != nil {
		return err
	}
	accounts := map[int64]int64{} // enterprise → its account
	for _, e := range enterprises {
		acc := &db.Account{Username: partnerAccounts[e.ID], PasswordHash: hash, Role: db.RolePartner, Active: true,
			Mobile: partnerAccounts[e.ID], CreatedAt: at(1, 2)}
		if err := s.Accounts.Create(ctx, acc); err != nil {
			return err
		}
		accounts[e.ID] = acc.ID
		profile := &db.PartnerProfile{AccountID: acc.ID, EnterpriseID: e.ID, RealName: e.LegalMan}
		if err := s.Handle.Insert(ctx, profile); err != nil {
			return err
		}
	}
	listings, err := demoListings(ctx, s, at(2, 1))
	if err != nil {
		return err
	}
	star := (*int64)(nil)
	listing := func(code string) *int64 { id := listings[code].ID; return &id }
	if err := s.Handle.Insert(ctx,
		&[]db.PartnerRelation{
			{ID: 1, EnterpriseID: 2, TargetID: 1, KindID: 3}, {ID: 2, EnterpriseID: 2, TargetID: 4, KindID: 2},
			{ID: 3, EnterpriseID: 2, TargetID: 5, KindID: 1}, {ID: 4, EnterpriseID: 3, TargetID: 1, KindID: 2},
			{ID: 5, EnterpriseID: 1, TargetID: 2, KindID: 3},
		},
		&[]db.PartnerDiscount{
			{ID: 1, EnterpriseID: 2, KindID: 3, ListingID: star, Discount: 9500},
			{ID: 2, EnterpriseID: 2, KindID: 3, ListingID: listing("JD-0003"), Discount: 9000},
			{ID: 3, EnterpriseID: 2, KindID: 2, ListingID: star, Discount: 9850},
			{ID: 4, EnterpriseID: 3, KindID: 2, ListingID: star, Discount: 9800},
		},
		&[]db.PartnerCustomer{
			{ID: 1, EnterpriseID: 1, Name: "嘉定汽修一厂", Phone: "021-59991111", Address: "上海市嘉定区城北路88号", Trade: "汽车维修", CreatedAt: at(3, 2)},
			{ID: 2, EnterpriseID: 1, Name: "安亭4S店", Phone: "021-59992222", Address: "上海市嘉定区安亭镇墨玉路", Trade: "汽车销售", CreatedAt: at(3, 3)},
			{ID: 3, EnterpriseID: 1, Name: "南翔快修", Phone: "13611112222", Address: "上海市嘉定区南翔镇", Trade: "汽车维修", CreatedAt: at(3, 4)},
		},
		// 鹏程 (a competitor) may buy nothing of 骏达's; only 祎讯 may buy
		// 华通's wiper blades.
		&[]db.PartnerGoodsListEntry{
			{ID: 1, EnterpriseID: 2, ListingID: star, TargetID: 5, ListType: db.ListBlack},
			{ID: 2, EnterpriseID: 3, ListingID: listing("HT-1002"), TargetID: 1, ListType: db.ListWhite},
		},
	); err != nil {
		return err
	}
	if err := partnerDemoOrders(ctx, s, listings, accounts, at); err != nil {
		return err
	}
	return s.Handle.KeepSequencesAhead(ctx, "partner_enterprises", "partner_listings", "partner_customers", "partner_relations",
		"partner_discounts", "partner_goods_lists", "partner_orders", "partner_order_lines", "partner_reminders")
}

// demoListings lists the sellers' goods, each on the catalog goods of its
// OE number (two sellers list one oil filter).
func demoListings(ctx context.Context, s *db.Stores, at time.Time) (map[string]*db.PartnerListing, error) {
	type offer struct {
		seller          int64
		code, name, oe  string
		brand, quality  string
		priceFen, stock int64
	}
	offers := []offer{
		{2, "JD-0001", "机油滤清器", "15400-RTA-003", "本田", "原厂件", 4500, 490},
		{2, "JD-0002", "空气滤清器", "17220-R5A-A00", "本田", "品牌件", 6800, 298},
		{2, "JD-0003", "前刹车片", "45022-T2A-A01", "本田", "原厂件", 26000, 116},
		{3, "HT-1001", "火花塞", "90919-01253", "丰田", "原厂件", 3550, 780},
		{3, "HT-1002", "雨刮片", "85222-0K010", "丰田", "品牌件", 8800, 58},
		{3, "HT-1003", "机油滤清器", "15400-RTA-003", "本田", "品牌件", 4300, 200},
	}
	approved, err := enum.ShopGoodsState.Code("APPROVED")
	if err != nil {
		return nil, err
	}
	goods := map[string]*db.ShopGoods{}
	listings := map[string]*db.PartnerListing{}
	for i, o := range offers {
		g, ok := goods[o.oe]
		if !ok {
			g = &db.ShopGoods{Name: fmt.Sprintf("%s (OE %s)", o.name, o.oe), Price: float64(o.priceFen) / 100,
				Introduction: "OE " + o.oe + " · " + o.brand, State: approved, CreatedAt: at, UpdatedAt: at}
			if err := s.ShopGoods.Create(ctx, g); err != nil {
				return nil, err
			}
			goods[o.oe] = g
		}
		l := &db.PartnerListing{ID: int64(i + 1), EnterpriseID: o.seller, GoodsCode: o.code, GoodsID: g.ID, OENumber: o.oe,
			Name: o.name, Brand: o.brand, Quality: o.quality, PriceFen: o.priceFen, Stock: o.stock, CreatedAt: at, UpdatedAt: at}
		if err := s.Handle.Insert(ctx, l); err != nil {
			return nil, err
		}
		listings[o.code] = l
	}
	return listings, nil
}

// partnerDemoOrders places three orders whose lines stand in every state (the
// stock they took already gone from the listings), the shipped ones with
// their tracking events, and 祎讯's reminder to 骏达 about the first.
func partnerDemoOrders(ctx context.Context, s *db.Stores, listings map[string]*db.PartnerListing, accounts map[int64]int64,
	at func(day, hour int) time.Time) error {
	type line struct {
		code     string
		amount   int64
		discount int
		status   string
	}
	orders := []struct {
		buyer int64
		day   int
		lines []line
	}{
		{1, 20, []line{{"JD-0001", 10, 9500, "PLACED"}, {"JD-0003", 4, 9000, "ACCEPTED"}, {"HT-1001", 20, 9800, "SHIPPED"}}},
		{1, 21, []line{{"JD-0002", 2, 9500, "RECEIVED"}, {"HT-1002", 2, 9800, "RETURN_REQUESTED"}}},
		{4, 22, []line{{"JD-0001", 5, 9850, "RETURN_CONFIRMED"}}},
	}
	var lineID int64
	for i, o := range orders {
		placed := at(o.day, 2)
		order := &db.PartnerOrder{ID: int64(i + 1), BuyerID: o.buyer, PlacedBy: accounts[o.buyer], CreatedAt: placed}
		if err := s.Handle.Insert(ctx, order); err != nil {
			return err
		}
		for _, ln := range o.lines {
			lineID++
			l := listings[ln.code]
			status, err := enum.PartnerOrderStatus.Code(ln.status)
			if err != nil {
				return err
			}
			total, _ := service.PartnerLineTotal(l.PriceFen, ln.amount, ln.discount) // the demo's figures are small
			row := &db.PartnerOrderLine{ID: lineID, OrderID: order.ID, BuyerID: o.buyer, SellerID: l.EnterpriseID,
				ListingID: l.ID, GoodsCode: l.GoodsCode, GoodsName: l.Name, PriceFen: l.PriceFen, Amount: ln.amount,
				Discount: ln.discount, TotalFen: total,
				Stamp:  fmt.Sprintf("WEBERP%d", placed.Add(time.Duration(lineID)*time.Millisecond).UnixMilli()),
				Status: status, CreatedAt: placed, UpdatedAt: placed.Add(time.Duration(status) * time.Minute)}
			if err := s.Handle.Insert(ctx, row); err != nil {
				return err
			}
			if status >= 50 {
				if err := demoShipment(ctx, s, row, lineID); err != nil {
					return err
				}
			}
		}
	}
	return s.Handle.Insert(ctx, &db.PartnerReminder{ID: 1, Type: 1, SenderID: 1, ReceiverID: 2, Message: "您有新订单",
		OrderRef: "1", Op: 1, Stamp: fmt.Sprintf("%d", at(20, 2).UnixMilli()), CreatedAt: at(20, 2)})
}

// demoShipment ships a line (the first of them under PartnerTracking) and,
// past shipped, receives it, with the tracking events both write.
func demoShipment(ctx context.Context, s *db.Stores, l *db.PartnerOrderLine, n int64) error {
	tracking := PartnerTracking
	if n > 3 {
		tracking = fmt.Sprintf("SF14000000000%02d", n)
	}
	shipped := l.CreatedAt.Add(20 * time.Hour)
	sh := &db.PartnerShipment{LineID: l.ID, LogisticsID: "SF", LogisticsName: "顺丰速运", TrackingNumber: tracking,
		CourierID: "SF0755001", CourierName: "刘师傅", CourierTel: "13900000001",
		SenderID: fmt.Sprint(l.SellerID), SenderName: "发货仓", SenderTel: "020-86660002", SenderAddress: "卖方仓库",
		ReceiverID: fmt.Sprint(l.BuyerID), ReceiverName: "收货部", ReceiverTel: "021-59990001", ReceiverAddress: "买方仓库",
		ShippedAt: shipped}
	events := []db.TrackingEvent{{TrackingNumber: tracking, Time: shipped, Context: "已发货 顺丰速运 " + tracking}}
	if l.Status > 50 {
		received := shipped.Add(30 * time.Hour)
		sh.ReceivedAt = &received
		events = append(events, db.TrackingEvent{TrackingNumber: tracking, Time: received, Context: "已签收 收货部"})
	}
	if err := s.Handle.Insert(ctx, sh); err != nil {
		return err
	}
	return s.ShopOrders.AddTrackingEvents(ctx, events)
}
