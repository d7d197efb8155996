package seed

import (
	"strconv"
	"strings"
	"time"

	"github.com/onegraph/server/db"
)

// The demo data of every domain.

func pharmaCustomers() []*db.PharmaCustomer {
	return []*db.PharmaCustomer{
		{Name: "武进市 袁腾飞", PhoneNumber: "13886666666", Address: "江苏省常州武进市白云街44号"},
		{Name: "北京海淀区代理 蔡国庆", PhoneNumber: "13990123456", Address: "北京海淀区"},
		{Name: "华山医院", PhoneNumber: "13345679934", Address: "上海市静安区乌鲁木齐中路12号"},
	}
}

func pharmaMedicines() []*db.Medicine {
	return []*db.Medicine{
		{Name: "青霉素", SN: "234324234234", Description: "青霉素"},
		{Name: "红霉素", SN: "234545534234", Description: "红霉素"},
		{Name: "阿莫西林", SN: "099877883837", Description: "阿莫西林胶囊 国字号"},
	}
}

// pharmaOrders name customers and medicines by their index above.
var pharmaOrders = []struct {
	name     string
	customer int
	at       time.Time
	lines    []struct{ medicine, amount int }
}{
	{"华山医院订单001", 2, time.Date(2018, 12, 26, 14, 10, 15, 419e6, time.UTC), []struct{ medicine, amount int }{{0, 10}}},
	{"华山医院订单002", 2, time.Date(2018, 12, 27, 14, 10, 37, 208e6, time.UTC), []struct{ medicine, amount int }{{0, 5}, {1, 12}}},
}

// demoRoles: 主管 runs goods and orders; 测试角色 may only look at goods.
var demoRoles = []struct {
	name, description, user, mobile string
	rights                          func(all []*db.ShopRight) []int64
}{
	{"主管", "技术负责人", "zhuguan", "13800000001", func(all []*db.ShopRight) []int64 {
		var ids []int64
		for _, r := range all {
			if r.ID == 101 || r.ID == 102 || r.ParentID == 101 || r.ParentID == 102 ||
				r.ParentID == 104 || r.ParentID == 107 || r.ParentID == 115 || r.ParentID == 121 {
				ids = append(ids, r.ID)
			}
		}
		return ids
	}},
	{"测试角色", "测试负责人", "tester", "13800000002", func([]*db.ShopRight) []int64 { return []int64{101, 104, 153} }},
}

// category is a node of the demo catalog with its attributes.
type category struct {
	name     string
	attrs    []attribute
	children []category
}

type attribute struct{ name, kind, values string }

func leaves(names ...string) []category {
	out := make([]category, len(names))
	for i, n := range names {
		out[i] = category{name: n}
	}
	return out
}

var catalog = []category{
	{name: "大家电", children: []category{
		{name: "电视", children: []category{
			{name: "曲面电视", attrs: []attribute{{"颜色", "many", "黑色 白色 银色"}, {"尺寸", "only", "65英寸"}}},
			{name: "海信", attrs: []attribute{{"屏幕", "many", "4K高清 8K高清"}}},
			{name: "超薄电视"},
		}},
		{name: "空调", children: []category{
			{name: "壁挂式空调", attrs: []attribute{{"匹数", "many", "1匹 1.5匹 2匹"}, {"能效等级", "only", "一级能效"}}},
			{name: "柜式空调"},
		}},
		{name: "冰箱", children: leaves("多门冰箱", "对开门冰箱")},
	}},
	{name: "手机", children: []category{
		{name: "智能手机", children: []category{
			{name: "5G手机", attrs: []attribute{{"内存", "many", "8GB 12GB 16GB"}, {"机身颜色", "many", "黑色 白色 蓝色"}, {"产地", "only", "中国大陆"}}},
			{name: "拍照手机"},
		}},
		{name: "手机配件", children: []category{
			{name: "手机壳"},
			{name: "充电器", attrs: []attribute{{"功率", "only", "65W"}}},
		}},
	}},
	{name: "电脑办公", children: []category{
		{name: "笔记本", children: []category{
			{name: "轻薄本", attrs: []attribute{{"cpu", "many", "i5 i7 i9"}}},
			{name: "游戏本"},
		}},
		{name: "办公设备", children: leaves("打印机", "投影仪")},
	}},
}

// goodsCategory is where the demo goods go.
const goodsCategory = "曲面电视"

type goods struct {
	name, size    string
	price, weight float64
	number        int
	pick          int // which of a listed attribute's values the goods get
}

var demoGoods = []goods{
	{"海信 55英寸 4K 曲面智能电视", "55英寸", 3999, 18, 120, 0},
	{"三星 65英寸 QLED 曲面电视", "65英寸", 8999, 26, 45, 1},
	{"TCL 49英寸 全高清 曲面电视", "49英寸", 2199, 12, 300, 2},
}

// value is the goods' value of a demo attribute: their size for 尺寸, the
// pick-th (wrapping) of the listed values for 颜色.
func (g goods) value(a *db.ShopAttribute) (string, bool) {
	switch a.Name {
	case "尺寸":
		return g.size, true
	case "颜色":
		vs := strings.Fields(a.Values)
		if len(vs) == 0 {
			return "", true
		}
		return vs[g.pick%len(vs)], true
	}
	return "", false
}

func demoOrders() []*db.ShopOrder {
	at := func(unix int64) time.Time { return time.Unix(unix, 0).UTC() }
	return []*db.ShopOrder{
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
}

const shipmentNumber = "815294206237577"

// shipmentSteps are the legacy document's example, oldest first.
var shipmentSteps = []struct{ at, context string }{
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

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
