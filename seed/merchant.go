package seed

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/onegraph/server/db"
)

// Merchant management's demo: cities with their area trees, stations, two
// groups with their employees and sale menus, labels, and merchants with
// their restaurants. The entities the legacy document's examples name keep
// their ids (employee 2011, station T12469, sale menus S8443 and S21329,
// label 1911, merchant K073655 with restaurant S281196), so its examples
// replay against the demo.

// Merchants adds the demo, unless a city exists, in one transaction.
func Merchants(ctx context.Context, s *db.Stores) error {
	return withDemoPasswords(ctx, s, merchants)
}

func merchants(ctx context.Context, s *db.Stores, hash string) error {
	if empty, err := db.IsEmpty[db.City](ctx, s.Handle); err != nil || !empty {
		return err
	}
	ref, demo := merchantReference(), demoMerchants()
	// The demo keeps the legacy document's account ids and usernames; on a
	// store where another account holds one, it is left out, and said so.
	var ids []int64
	var usernames []string
	for _, e := range ref.Employees {
		ids, usernames = append(ids, e.ID), append(usernames, employeeLogins[e.ID])
	}
	for _, m := range demo {
		usernames = append(usernames, m.account.Username)
		if m.account.ID != 0 {
			ids = append(ids, m.account.ID)
		}
	}
	if taken, err := s.Accounts.AnyTaken(ctx, ids, usernames); err != nil || taken {
		if taken {
			slog.WarnContext(ctx, "seed: merchant management's demo left out: an account holds one of its ids or usernames",
				"ids", ids, "usernames", usernames)
		}
		return err
	}
	for _, e := range ref.Employees {
		acc := &db.Account{ID: e.ID, Username: employeeLogins[e.ID], PasswordHash: hash, Role: db.RoleEmployee,
			Active: true, Mobile: e.Phone, CreatedAt: time.Date(2019, 3, 1, 2, 0, 0, 0, time.UTC)}
		if err := s.Accounts.Create(ctx, acc); err != nil {
			return err
		}
	}
	if err := s.Merchants.AddReference(ctx, ref); err != nil {
		return err
	}
	for _, m := range demo {
		if err := s.Accounts.Create(ctx, m.account); err != nil {
			return err
		}
		if err := s.Handle.KeepSequencesAhead(ctx, "accounts"); err != nil {
			return err
		}
		m.merchant.ID = m.account.ID
		if err := s.Merchants.CreateMerchant(ctx, m.merchant); err != nil {
			return err
		}
		for _, r := range m.restaurants {
			r.MerchantID = m.account.ID
			if err := s.Merchants.CreateRestaurant(ctx, r.Restaurant); err != nil {
				return err
			}
			if err := s.Handle.KeepSequencesAhead(ctx, "merchant_restaurants"); err != nil {
				return err
			}
			for _, b := range r.bindings {
				b.RestaurantID = r.ID
			}
			if err := s.Merchants.Bind(ctx, r.bindings); err != nil {
				return err
			}
		}
	}
	return nil
}

// The demo's groups and cities.
const (
	southGroup = 1 // 华南销售部
	northGroup = 2 // 华北华东销售部
)

var employeeLogins = map[int64]string{
	2011: "miaomiao", 2012: "zhangwei", 2013: "lina", 2014: "wangfang", 2015: "liuyang",
	2016: "chenjing", 2017: "yanglei", 2018: "zhaomin", 2019: "huangqiang", 2020: "zhoujie",
}

func merchantReference() db.Reference {
	str := func(s string) *string { return &s }
	ref := db.Reference{
		Cities: []*db.City{
			{Code: "110000", Name: "北京市"}, {Code: "310000", Name: "上海市"}, {Code: "440100", Name: "广州市"},
			{Code: "440300", Name: "深圳市"}, {Code: "441900", Name: "东莞市"},
		},
		Stations: []*db.Station{
			{ID: 12468, Name: "喵喵总仓", CityCode: "440300", KeyURL: "mmzc", DeliversTo: []string{"440300", "441900", "440100"}},
			{ID: 12469, Name: "喵喵分仓二", CityCode: "440300", KeyURL: "xscs", DeliversTo: []string{"440300", "441900", "110000"}},
			{ID: 12470, Name: "北京顺义仓", CityCode: "110000", KeyURL: "bjsy", DeliversTo: []string{"110000"}},
			{ID: 12471, Name: "上海嘉定仓", CityCode: "310000", KeyURL: "shjd", DeliversTo: []string{"310000"}},
			{ID: 12472, Name: "广州白云仓", CityCode: "440100", KeyURL: "gzby", DeliversTo: []string{"440100", "440300"}},
		},
		Groups: []*db.MerchantGroup{{ID: southGroup, Name: "华南销售部"}, {ID: northGroup, Name: "华北华东销售部"}},
		Employees: []*db.Employee{
			{ID: 2011, GroupID: southGroup, Name: "喵喵总仓", Phone: "13800002011", AccountManager: true, SalesManager: true},
			{ID: 2012, GroupID: southGroup, Name: "张伟", DistrictCode: str("440300"), Phone: "13800002012", AccountManager: true},
			{ID: 2013, GroupID: southGroup, Name: "李娜", DistrictCode: str("440300"), Phone: "13800002013", SalesManager: true},
			{ID: 2014, GroupID: southGroup, Name: "王芳", DistrictCode: str("441900"), Phone: "13800002014", AccountManager: true, SalesManager: true},
			{ID: 2015, GroupID: southGroup, Name: "刘洋", DistrictCode: str("440100"), Phone: "13800002015", SalesManager: true},
			{ID: 2016, GroupID: northGroup, Name: "陈静", DistrictCode: str("110000"), Phone: "13800002016", AccountManager: true},
			{ID: 2017, GroupID: northGroup, Name: "杨磊", DistrictCode: str("110000"), Phone: "13800002017", SalesManager: true},
			{ID: 2018, GroupID: northGroup, Name: "赵敏", DistrictCode: str("310000"), Phone: "13800002018", AccountManager: true, SalesManager: true},
			{ID: 2019, GroupID: northGroup, Name: "黄强", DistrictCode: str("310000"), Phone: "13800002019", SalesManager: true},
			{ID: 2020, GroupID: southGroup, Name: "周杰", DistrictCode: str("440300"), Phone: "13800002020", AccountManager: true},
		},
		SaleMenus: []*db.SaleMenu{
			{ID: 8443, Name: "蔬菜报价单", GroupID: southGroup}, {ID: 8444, Name: "水果报价单", GroupID: southGroup},
			{ID: 8445, Name: "肉禽报价单", GroupID: southGroup}, {ID: 8446, Name: "粮油报价单", GroupID: southGroup},
			{ID: 21329, Name: "干货报价单", GroupID: southGroup}, {ID: 21330, Name: "北京蔬菜报价单", GroupID: northGroup},
			{ID: 21331, Name: "上海生鲜报价单", GroupID: northGroup}, {ID: 21332, Name: "华北粮油报价单", GroupID: northGroup},
		},
		Offers: []*db.StationSaleMenu{
			{StationID: 12468, SaleMenuID: 8443}, {StationID: 12468, SaleMenuID: 8444}, {StationID: 12468, SaleMenuID: 8445},
			{StationID: 12469, SaleMenuID: 8443}, {StationID: 12469, SaleMenuID: 21329},
			{StationID: 12470, SaleMenuID: 21330}, {StationID: 12470, SaleMenuID: 21332},
			{StationID: 12471, SaleMenuID: 21331}, {StationID: 12471, SaleMenuID: 21332},
			{StationID: 12472, SaleMenuID: 8445}, {StationID: 12472, SaleMenuID: 8446},
		},
		Labels: []*db.MerchantLabel{{ID: 1911, Name: "重点客户"}, {ID: 1912, Name: "新开客户"}, {ID: 1913, Name: "连锁餐饮"}},
	}
	for _, d := range districts {
		ref.Areas = append(ref.Areas, &db.Area{ID: d.id, CityCode: d.city, Name: d.name})
	}
	for _, d := range districts {
		for i, street := range d.streets {
			parent := d.id
			ref.Areas = append(ref.Areas, &db.Area{ID: d.id + d.streetIDs[i], CityCode: d.city, ParentID: &parent, Name: street})
		}
	}
	return ref
}

// district is a level-1 area with its level-2 ones; a street's id is the
// district's plus its offset (the legacy numbering).
type district struct {
	id        int64
	city      string
	name      string
	streets   []string
	streetIDs []int64
}

func streets(names ...string) ([]string, []int64) {
	ids := make([]int64, len(names))
	for i := range names {
		ids[i] = int64(i+1) * 100000
	}
	return names, ids
}

var districts = func() []district {
	d := func(id int64, city, name string, names ...string) district {
		s, ids := streets(names...)
		return district{id, city, name, s, ids}
	}
	nanshan := d(30300000000, "440300", "南山区", "蛇口", "南头", "粤海", "西丽")
	nanshan.streets, nanshan.streetIDs = append(nanshan.streets, "科技园"), append(nanshan.streetIDs, 500000)
	return []district{
		d(150100000000, "110000", "昌平区", "百善", "回龙观", "天通苑"),
		d(150200000000, "110000", "朝阳区", "望京", "三里屯", "双井"),
		d(20100000000, "310000", "浦东新区", "陆家嘴", "张江", "金桥"),
		d(20200000000, "310000", "徐汇区", "徐家汇", "漕河泾"),
		d(50100000000, "440100", "天河区", "珠江新城", "石牌", "五山"),
		d(50200000000, "440100", "越秀区", "北京路", "东山口"),
		d(30100000000, "440300", "福田区", "华强北", "香蜜湖", "车公庙"),
		d(30200000000, "440300", "罗湖区", "东门", "笋岗"),
		nanshan,
		d(40100000000, "441900", "石排镇", "下沙村", "石排村"),
		d(40200000000, "441900", "长安镇", "乌沙", "霄边"),
	}
}()

// demoMerchant is a merchant with its account and restaurants.
type demoMerchant struct {
	account     *db.Account
	merchant    *db.Merchant
	restaurants []demoRestaurant
}

type demoRestaurant struct {
	*db.Restaurant
	bindings []*db.SaleMenuBinding
}

// demoCompanies are the demo merchants after the document's K073655; a
// merchant has one restaurant, every third two and every seventh three.
var demoCompanies = []string{
	"湘味轩餐饮", "老街坊酒楼", "川香阁", "粤海渔港", "食全食美快餐", "潮汕牛肉火锅", "北京小馆", "海底捞合作店",
	"绿野仙踪素食", "阿婆私房菜", "一品鲜面馆", "江南人家", "东北饺子王", "蜀九香火锅", "兰州拉面", "客家王",
	"大董烤鸭", "鼎泰丰合作店", "新疆大盘鸡", "云南过桥米线", "点都德茶楼", "陶陶居", "西贝莜面村", "外婆家",
	"望湘园", "小南国", "南京大牌档", "老乡鸡", "真功夫", "永和大王", "张亮麻辣烫", "杨国福麻辣烫", "沙县小吃",
	"黄焖鸡米饭", "重庆小面", "桂林米粉", "贵州酸汤鱼", "台湾卤肉饭", "日式拉面馆",
}

// demoPlaces are where the demo restaurants are, by group: a district, a
// street of it, and the sale menus bound at which stations.
var demoPlaces = []struct {
	group    int64
	city     string
	district int64
	street   int64
	bindings [][2]int64 // station, sale menu
}{
	{southGroup, "440300", 30100000000, 30100100000, [][2]int64{{12469, 8443}}},
	{southGroup, "440300", 30200000000, 30200200000, [][2]int64{{12468, 8444}, {12468, 8445}}},
	{southGroup, "440300", 30300000000, 30300500000, [][2]int64{{12469, 21329}}},
	{southGroup, "441900", 40200000000, 40200100000, [][2]int64{{12468, 8443}}},
	{southGroup, "440100", 50100000000, 50100100000, [][2]int64{{12472, 8446}, {12472, 8445}}},
	{northGroup, "110000", 150200000000, 150200100000, [][2]int64{{12470, 21330}}},
	{northGroup, "110000", 150100000000, 150100200000, [][2]int64{{12470, 21332}}},
	{northGroup, "310000", 20100000000, 20100200000, [][2]int64{{12471, 21331}}},
}

// managersOf are each group's account and sales managers, in turn.
var managersOf = map[int64][2][]int64{
	southGroup: {{2011, 2012, 2014, 2020}, {2011, 2013, 2014, 2015}},
	northGroup: {{2016, 2018}, {2017, 2018, 2019}},
}

func demoMerchants() []demoMerchant {
	label := int64(1911)
	doc := demoMerchant{
		account: &db.Account{ID: 73655, Username: "mmsh01", Role: db.RoleMerchant, Active: true, PasswordHash: NoPassword,
			CreatedAt: time.Date(2019, 8, 19, 3, 0, 0, 0, time.UTC)},
		merchant: &db.Merchant{CompanyName: "商户1", CustomerType: 1, Balance: 688593, Whitelisted: true},
		restaurants: []demoRestaurant{{
			Restaurant: &db.Restaurant{ID: 281196, Name: "1", PayerName: "测试删除", PayerPhone: "134",
				ReceiverName: "测试删除", ReceiverPhone: "134", CityCode: "441900", AreaID: 40100000000,
				StreetID: 40100100000, Address: "123", Review: 1, SettleWay: 1, SettlementCycle: 2, DateBasis: 1,
				CreatedAt: time.Date(2019, 8, 19, 3, 0, 0, 0, time.UTC)},
			bindings: []*db.SaleMenuBinding{{StationID: 12468, SaleMenuID: 8444}},
		}},
	}
	out := []demoMerchant{doc}
	first := time.Date(2024, 1, 8, 2, 0, 0, 0, time.UTC)
	for i, company := range demoCompanies {
		place := demoPlaces[i%len(demoPlaces)]
		managers := managersOf[place.group]
		created := first.Add(time.Duration(i) * 19 * 24 * time.Hour)
		m := demoMerchant{
			account: &db.Account{Username: fmt.Sprintf("sh%04d", i+2), Role: db.RoleMerchant, Active: true,
				PasswordHash: NoPassword, Mobile: fmt.Sprintf("1391234%04d", i*37%10000), CreatedAt: created},
			merchant: &db.Merchant{CompanyName: company + "有限公司", CustomerType: 1 + i%5/4, Balance: int64(i*7919%200000) * 13,
				Points: i * 37 % 500, Whitelisted: i%4 == 0, FinanceStatus: []int{0, 0, 0, 0, 0, 1, 0, 2}[i%8]},
		}
		if i%3 != 2 {
			m.merchant.AccountManagerID = &managers[0][i%len(managers[0])]
		}
		if i%5 != 4 {
			m.merchant.SalesManagerID = &managers[1][i%len(managers[1])]
		}
		count := 1
		if i%3 == 0 {
			count++
		}
		if i%7 == 0 {
			count++
		}
		for j := range count {
			name := company
			if count > 1 {
				name = fmt.Sprintf("%s（%d号店）", company, j+1)
			}
			r := &db.Restaurant{Name: name, Phone: m.account.Mobile,
				ReceiverName:  []string{"王师傅", "李经理", "陈店长", "刘厨师长"}[(i+j)%4],
				ReceiverPhone: fmt.Sprintf("1371234%04d", (i*53+j)%10000),
				PayerName:     []string{"财务张", "老板娘", "会计刘"}[(i+j)%3], PayerPhone: fmt.Sprintf("1351234%04d", (i*71+j)%10000),
				CityCode: place.city, AreaID: place.district, StreetID: place.street,
				Address: fmt.Sprintf("%d号", 10+i*3+j), Review: 1 + (i+j)%4/3, SettleWay: 1 + (i+j)%3/2,
				SettlementCycle: 1 + (i+j)%4, CreditMode: (i + j) % 2, DateBasis: 1 + j%2,
				CreatedAt: created.Add(time.Duration(j) * 36 * time.Hour)}
			if r.CreditMode == 1 {
				limit := int64(500000 + i*10000)
				r.CreditLimit = &limit
			} else {
				day, begin := 1+i%28, "2024-01-01"
				r.BeginDay, r.SettleDay, r.EffectiveDate = &day, &day, &begin
			}
			if (i+j)%5 == 0 {
				r.LabelID = &label
			}
			dr := demoRestaurant{Restaurant: r}
			for _, b := range place.bindings {
				dr.bindings = append(dr.bindings, &db.SaleMenuBinding{StationID: b[0], SaleMenuID: b[1]})
			}
			m.restaurants = append(m.restaurants, dr)
		}
		out = append(out, m)
	}
	// The generated restaurants' ids end just below S312206, the id the
	// document's add example answers, so that example replays as written.
	next := nextRestaurantID - int64(restaurantCount(out[1:]))
	for _, m := range out[1:] {
		for _, r := range m.restaurants {
			r.ID, next = next, next+1
		}
	}
	return out
}

// nextRestaurantID is the id the first restaurant added after the demo gets.
const nextRestaurantID = 312206

func restaurantCount(ms []demoMerchant) (n int) {
	for _, m := range ms {
		n += len(m.restaurants)
	}
	return n
}
