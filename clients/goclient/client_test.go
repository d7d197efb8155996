package goclient_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/Khan/genqlient/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/onegraph/server/apptest"
	"github.com/onegraph/server/clients/goclient"
	"github.com/onegraph/server/seed"
)

// The generated client runs its operations against the real server on the
// demo data, each application signed in through the generated Login, and
// reads the answers into their types: IDs as strings, Time as time.Time,
// Money as its exact decimal text, enums as their Go constants.
func TestGeneratedClientOnDemoData(t *testing.T) {
	t.Parallel()
	s := apptest.New(t)
	ctx := context.Background()
	if err := seed.Demo(ctx, s.App.Stores); err != nil {
		t.Fatal(err)
	}
	signIn := func(t *testing.T, app goclient.LoginApp, username, password string) *goclient.LoginResponse {
		t.Helper()
		in, err := goclient.Login(ctx, client(s, ""), goclient.LoginInput{Username: username, Password: password, App: app})
		if err != nil {
			t.Fatalf("login %s to %s: %v", username, app, err)
		}
		if in.Login.Account.Username != username || in.Login.Token == "" || !in.Login.ExpiresAt.After(time.Now()) {
			t.Fatalf("login %s to %s answered %+v", username, app, in.Login)
		}
		return in
	}

	t.Run("pharma orders page", func(t *testing.T) {
		in := signIn(t, goclient.LoginAppPharma, "admin", apptest.AdminPassword)
		if in.Login.Account.Role != goclient.AccountRoleAdmin {
			t.Errorf("admin's role is %q", in.Login.Account.Role)
		}
		admin := client(s, in.Login.Token)
		page, err := goclient.PharmaOrdersPage(ctx, admin, &goclient.PageInput{Page: 1, Size: 10}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range page.PharmaOrders.Items {
			row := fmt.Sprintf("%s %s %s:", o.Name, o.CreatedAt.Format(time.RFC3339Nano), o.Customer.Name)
			for _, l := range o.Lines {
				row += fmt.Sprintf(" %s(%s)×%d", l.Medicine.Name, l.Medicine.Sn, l.Amount)
			}
			got = append(got, row)
		}
		want := []string{
			"华山医院订单001 2018-12-26T14:10:15.419Z 华山医院: 青霉素(234324234234)×10",
			"华山医院订单002 2018-12-27T14:10:37.208Z 华山医院: 青霉素(234324234234)×5 红霉素(234545534234)×12",
		}
		if page.PharmaOrders.Total != 2 || !reflect.DeepEqual(got, want) {
			t.Errorf("total %d, orders\n%q\nwant\n%q", page.PharmaOrders.Total, got, want)
		}
		if o := page.PharmaOrders.Items; len(o) == 2 && o[0].Customer.Id != o[1].Customer.Id {
			t.Errorf("one customer has two ids: %q and %q", o[0].Customer.Id, o[1].Customer.Id)
		}

		// Without a token the server's error comes back as the error, with its code.
		_, err = goclient.PharmaOrdersPage(ctx, client(s, ""), nil, nil)
		var list gqlerror.List
		if !errors.As(err, &list) || len(list) != 1 || list[0].Extensions["code"] != "UNAUTHENTICATED" {
			t.Errorf("anonymous pharmaOrders: %v, want one UNAUTHENTICATED error", err)
		}
	})

	t.Run("shop goods list through a fragment", func(t *testing.T) {
		in := signIn(t, goclient.LoginAppShop, "zhuguan", apptest.DemoPassword)
		shop := client(s, in.Login.Token)
		search := "曲面"
		list, err := goclient.ShopGoodsList(ctx, shop, &search, goclient.PageInput{Page: 1, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, g := range list.ShopGoodsList.Items {
			card := g.ShopGoodsCard // the fragment's own type
			row := fmt.Sprintf("%s %.2f ×%d %s:", card.Name, card.Price, card.Number, card.State)
			for _, a := range card.Attributes {
				row += fmt.Sprintf(" %s=%s", a.Attribute.Name, a.Value)
			}
			if card.UpdatedAt.IsZero() || card.Id == "" {
				t.Errorf("%s has no id or update time: %+v", card.Name, card)
			}
			got = append(got, row)
		}
		want := []string{ // newest first
			"TCL 49英寸 全高清 曲面电视 2199.00 ×300 IN_REVIEW: 颜色=银色 尺寸=49英寸",
			"三星 65英寸 QLED 曲面电视 8999.00 ×45 IN_REVIEW: 颜色=白色 尺寸=65英寸",
			"海信 55英寸 4K 曲面智能电视 3999.00 ×120 IN_REVIEW: 颜色=黑色 尺寸=55英寸",
		}
		if list.ShopGoodsList.Total != 3 || !reflect.DeepEqual(got, want) {
			t.Errorf("total %d, goods\n%q\nwant\n%q", list.ShopGoodsList.Total, got, want)
		}
	})

	t.Run("partner listings with Money", func(t *testing.T) {
		in := signIn(t, goclient.LoginAppPartner, apptest.PartnerUser(1), apptest.DemoPassword)
		if in.Login.Account.Role != goclient.AccountRolePartner {
			t.Errorf("partner's role is %q", in.Login.Account.Role)
		}
		buyer := client(s, in.Login.Token)
		search := "滤清器"
		listings, err := goclient.PartnerListings(ctx, buyer, &goclient.PartnerListingFilter{Search: &search})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range listings.PartnerListings.Items {
			got = append(got, fmt.Sprintf("%s %s %s ¥%s ×%d", l.GoodsCode, l.Name, l.Brand, l.Price, l.Stock))
			if l.UpdatedAt.IsZero() {
				t.Errorf("%s has no update time", l.GoodsCode)
			}
		}
		want := []string{"JD-0001 机油滤清器 本田 ¥45.00 ×490", "JD-0002 空气滤清器 本田 ¥68.00 ×298", "HT-1003 机油滤清器 本田 ¥43.00 ×200"}
		if listings.PartnerListings.Total != 3 || !reflect.DeepEqual(got, want) {
			t.Errorf("total %d, listings\n%q\nwant\n%q", listings.PartnerListings.Total, got, want)
		}
		// Money goes back to the server as the same number.
		if items := listings.PartnerListings.Items; len(items) > 0 {
			raw, err := json.Marshal(items[0].Price)
			if err != nil || string(raw) != "45.00" {
				t.Errorf("a price marshals as %s (%v), want 45.00", raw, err)
			}
		}
	})
}

// client is the generated client of s's /graphql, signed in with token unless it is empty.
func client(s *apptest.Server, token string) graphql.Client {
	return goclient.New(s.URL+"/graphql", token, s.Server.Client())
}
