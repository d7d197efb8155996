package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/db"
)

// reference serves GET /orders?page=&size=: the orders page as a skilled
// engineer would hand-write it, the yardstick for the GraphQL one. Its
// answer is the GraphQL answer to ordersQuery, byte for byte, from three
// statements: the session check, the count, and the page joined with its
// customers, lines and medicines. Raw bun queries (for the same `?`
// placeholders and query hook on both stores), scanned by hand.
type reference struct {
	db     *bun.DB
	tokens *auth.Tokens
}

type refPage struct {
	Data struct {
		PharmaOrders struct {
			Total int        `json:"total"`
			Items []refOrder `json:"items"`
		} `json:"pharmaOrders"`
	} `json:"data"`
}

type refOrder struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	CreatedAt string `json:"createdAt"`
	Customer  struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		PhoneNumber string `json:"phoneNumber"`
		Address     string `json:"address"`
	} `json:"customer"`
	Lines []refLine `json:"lines"`
}

type refLine struct {
	Amount   int `json:"amount"`
	Medicine struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		SN          string `json:"sn"`
		Description string `json:"description"`
	} `json:"medicine"`
}

func (ref *reference) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/orders" {
		http.NotFound(w, r)
		return
	}
	page, perr := strconv.Atoi(r.URL.Query().Get("page"))
	size, serr := strconv.Atoi(r.URL.Query().Get("size"))
	if perr != nil || serr != nil || page < 1 || size < 1 {
		http.Error(w, "page and size must be positive integers", http.StatusBadRequest)
		return
	}
	if status, err := ref.authorize(r); err != nil {
		http.Error(w, err.Error(), status)
		return
	}
	body, err := ref.ordersPage(r.Context(), page, size)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(body) //nolint:errcheck // the client went away
}

// authorize admits a live session of an active ADMIN: the JWT checked in
// process, then one statement for session and account.
func (ref *reference) authorize(r *http.Request) (int, error) {
	sid, err := ref.tokens.SessionID(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	if err != nil {
		return http.StatusUnauthorized, err
	}
	var role string
	err = ref.db.QueryRowContext(r.Context(), `SELECT a.role FROM sessions AS s JOIN accounts AS a ON a.id = s.account_id
		WHERE s.id = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND a.active`, sid, time.Now().UTC()).Scan(&role)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return http.StatusUnauthorized, errors.New("session is not valid")
	case err != nil:
		return http.StatusServiceUnavailable, err
	case role != db.RoleAdmin:
		return http.StatusForbidden, errors.New("admins only")
	}
	return 0, nil
}

// pageSQL pages the orders first, then joins; LEFT JOIN keeps an order
// without lines.
const pageSQL = `SELECT o.id, o.name, o.created_at, c.id, c.name, c.phone_number, c.address,
	l.amount, m.id, m.name, m.sn, m.description
	FROM (SELECT id, name, customer_id, created_at FROM pharma_orders ORDER BY id LIMIT ? OFFSET ?) AS o
	JOIN pharma_customers AS c ON c.id = o.customer_id
	LEFT JOIN pharma_order_lines AS l ON l.order_id = o.id
	LEFT JOIN medicines AS m ON m.id = l.medicine_id
	ORDER BY o.id, l.id`

func (ref *reference) ordersPage(ctx context.Context, page, size int) ([]byte, error) {
	var out refPage
	orders := &out.Data.PharmaOrders
	if err := ref.db.QueryRowContext(ctx, "SELECT count(*) FROM pharma_orders").Scan(&orders.Total); err != nil {
		return nil, err
	}
	rows, err := ref.db.QueryContext(ctx, pageSQL, size, (page-1)*size)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	orders.Items = []refOrder{}
	var prev int64
	for rows.Next() {
		var (
			o                    refOrder
			id, custID           int64
			created              time.Time
			amount               sql.Null[int]
			medID                sql.Null[int64]
			mName, mSN, mDescrip sql.Null[string]
		)
		c := &o.Customer
		if err := rows.Scan(&id, &o.Name, &created, &custID, &c.Name, &c.PhoneNumber, &c.Address,
			&amount, &medID, &mName, &mSN, &mDescrip); err != nil {
			return nil, err
		}
		if id != prev {
			o.ID, c.ID, o.CreatedAt = strconv.FormatInt(id, 10), strconv.FormatInt(custID, 10), created.Format(time.RFC3339Nano)
			o.Lines = []refLine{}
			orders.Items = append(orders.Items, o)
			prev = id
		}
		if amount.Valid {
			var l refLine
			l.Amount, l.Medicine.ID = amount.V, strconv.FormatInt(medID.V, 10)
			l.Medicine.Name, l.Medicine.SN, l.Medicine.Description = mName.V, mSN.V, mDescrip.V
			last := &orders.Items[len(orders.Items)-1]
			last.Lines = append(last.Lines, l)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return json.Marshal(out)
}
