package compat

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
	"github.com/onegraph/server/chinatime"
)

// The Excel export of the restaurant search: GET /custommanage/list with
// export=1 answers the restaurants the filter finds as an .xlsx workbook,
// one row per restaurant in the list's order, each cell the list row's
// value (service_station joined with 、), numbers as numbers and
// create_time as a date.

const (
	// maxExportRows bounds an export.
	maxExportRows = 100_000
	// exportPageSize is the page the export reads at a time: the largest
	// round size the cost limit admits for the search's operation (17
	// objects a row, graph.DefaultLimits.Cost 5000; a page of 1000 costs
	// 17001 and is refused).
	exportPageSize = 250
	// exportWriteTimeout is how long an export may take to answer, in
	// place of the server's write timeout (app.HTTPLimits.WriteTimeout,
	// 60 s by default), which maxExportRows come close to: measured 8.6 s
	// on SQLite, 11.6 s on Postgres, 47.9 s on a Postgres table without
	// statistics.
	exportWriteTimeout = 5 * time.Minute
)

// exportSlots lets at most so many exports run at once in the process,
// each holding a slot for its whole run: an export of maxExportRows
// allocates some 3 GB over its life. One more is refused, not queued (its
// client is waiting already), as the service being unavailable for now.
var exportSlots = make(chan struct{}, 2)

var exportBusy = failures{{code: apperr.Unavailable}: "导出任务繁忙，请稍后再试"}

// restaurantExport is how the export reads the search: a page at a time,
// each after the last restaurant of the one before, so a long export costs
// a page per page however far it has got.
var restaurantExport = route{op: "MerchantRestaurantsAfter", reply: restaurantList}

// orExport serves the export when the request asks for it (export=1), and
// the list otherwise. A request let in by a download token (the GraphQL
// restaurantsExport link) exports what the token's filter finds, and is
// refused anything else: the token stands for a session only to fetch the
// file it was issued for.
func orExport(run Runner, env envelope, list http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		payload, linked := auth.DownloadPayload(r.Context())
		if r.URL.Query().Get("export") != "1" {
			if linked {
				env.fail(&call{w: w, r: r}, failureFor(env, nil, failKey{code: apperr.Unauthenticated}))
				return
			}
			list(w, r)
			return
		}
		c := &call{w: w, r: r}
		c.decode()
		var filter obj
		if linked { // the link's filter, not the query's
			filter = linkedFilter(c, payload)
		} else {
			filter = restaurantFilter(c)
		}
		if c.refusal != "" {
			env.fail(c, failureFor(env, failures{invalid: c.refusal}, invalid))
			return
		}
		select {
		case exportSlots <- struct{}{}:
			defer func() { <-exportSlots }()
		default:
			env.fail(c, failureFor(env, exportBusy, failKey{code: apperr.Unavailable}))
			return
		}
		// Through the app's middleware, whose writers unwrap to the
		// server's: a writer that does not would leave the export cut
		// off at the server's write timeout.
		if err := http.NewResponseController(w).SetWriteDeadline(time.Now().Add(exportWriteTimeout)); err != nil {
			slog.ErrorContext(r.Context(), "compat: extending the merchant export's write deadline", "error", err)
		}
		exportRestaurants(c, run, env, filter)
	}
}

// linkedFilter reads the filter a download token carries: the GraphQL
// RestaurantFilter, numbers kept as written.
func linkedFilter(c *call, payload []byte) obj {
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	var filter obj
	if err := dec.Decode(&filter); err != nil {
		c.refuse(fmt.Sprintf(restaurantParamMsg, auth.DownloadParam))
	}
	return filter
}

// exportRestaurants answers the restaurants filter finds (a GraphQL
// RestaurantFilter), at most maxExportRows, as a workbook. It reads them
// page by page and writes each row as the list shows it (restaurantList),
// so the workbook and the list agree.
func exportRestaurants(c *call, run Runner, env envelope, filter obj) {
	book, err := newRestaurantBook()
	if err != nil {
		exportFailed(c, env, err)
		return
	}
	defer book.file.Close()
	var after any // the last restaurant read; none before the first page
	for book.rows < maxExportRows {
		raw, ok := runOp(c, run, env, &restaurantExport,
			obj{"filter": filter, "after": after, "size": min(exportPageSize, maxExportRows-book.rows)})
		if !ok {
			return
		}
		var data any
		if err = json.Unmarshal(raw, &data); err != nil {
			exportFailed(c, env, err)
			return
		}
		items := objectsOf(member(member(data, "list"), "data"))
		if len(items) > 0 {
			after = items[len(items)-1]["SID"] // the GraphQL ID, before the list writes it S…
		}
		list, err := restaurantList(c, data)
		for _, row := range objectsOf(member(list, "data")) {
			if err == nil {
				err = book.add(row)
			}
		}
		if err != nil {
			exportFailed(c, env, err)
			return
		}
		if len(items) < exportPageSize {
			break
		}
	}
	body, err := book.bytes()
	if err != nil {
		exportFailed(c, env, err)
		return
	}
	name := "merchants-" + time.Now().In(chinatime.Zone).Format("20060102") + ".xlsx"
	h := c.w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	h.Set("Content-Length", fmt.Sprint(len(body)))
	// It carries customers' data, and its URL may carry a download token:
	// no cache keeps either.
	h.Set("Cache-Control", "no-store")
	c.w.WriteHeader(http.StatusOK)
	if _, err := c.w.Write(body); err != nil { // the client has gone, or the deadline passed
		slog.WarnContext(c.r.Context(), "compat: sending the merchant export", "bytes", len(body), "error", err)
	}
}

func exportFailed(c *call, env envelope, err error) {
	slog.ErrorContext(c.r.Context(), "compat: writing the merchant export", "error", err)
	env.fail(c, failureFor(env, nil, internal))
}

// restaurantColumns are the export's columns: every member of the
// document's list row, in the order of its member table, then those only
// its example shows.
var restaurantColumns = []struct{ key, header string }{
	{"KID", "商户ID"}, {"cname", "公司名"}, {"SID", "店铺ID"}, {"create_time", "注册日期"},
	{"username", "登录账号"}, {"resname", "店铺名"}, {"settle_way", "结款方式"}, {"pay_method", "结算周期"},
	{"city", "城市"}, {"area_l1", "一级区域"}, {"area_l2", "二级区域"}, {"addr_detail", "店铺地址"},
	{"name", "结算人"}, {"telephone", "结算人电话"}, {"create_employee_name", "开户经理"},
	{"create_employee_phone", "开户经理电话"}, {"sales_employee_name", "销售经理"},
	{"sales_employee_phone", "销售经理电话"}, {"whitelist", "白名单"}, {"balance", "余额"},
	{"service_station", "从属站点"}, {"address_label", "商户标签"}, {"customer_type", "商户类型"},
	{"point", "积分"}, {"user_id", "用户ID"}, {"check_out", "审核状态"}, {"finance_status", "财务状态"},
	{"keycustomer", "重点客户"},
}

// restaurantBook is a workbook being written, row by row, to one sheet.
type restaurantBook struct {
	file        *excelize.File
	sheet       *excelize.StreamWriter
	date, money int // the cell styles of create_time and balance
	rows        int
}

const restaurantSheet = "商户"

func newRestaurantBook() (*restaurantBook, error) {
	f := excelize.NewFile()
	b := &restaurantBook{file: f}
	dateFormat := "yyyy-mm-dd"
	err := f.SetSheetName("Sheet1", restaurantSheet)
	if err == nil {
		b.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFormat})
	}
	if err == nil {
		b.money, err = f.NewStyle(&excelize.Style{NumFmt: 2}) // 0.00
	}
	bold := 0
	if err == nil {
		bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	}
	if err == nil {
		b.sheet, err = f.NewStreamWriter(restaurantSheet)
	}
	if err == nil {
		err = b.sheet.SetColWidth(1, len(restaurantColumns), 14)
	}
	if err == nil {
		err = b.sheet.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	}
	header := make([]any, len(restaurantColumns))
	for i, col := range restaurantColumns {
		header[i] = excelize.Cell{StyleID: bold, Value: col.header}
	}
	if err == nil {
		err = b.sheet.SetRow("A1", header)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return b, nil
}

// add writes a row of the list as the next row of the sheet.
func (b *restaurantBook) add(row obj) error {
	cells := make([]any, len(restaurantColumns))
	for i, col := range restaurantColumns {
		v, err := exportCell(row[col.key])
		if err != nil {
			return fmt.Errorf("%s: %w", col.key, err)
		}
		switch col.key {
		case "create_time":
			day, err := time.Parse(time.DateOnly, scalar(v))
			if err != nil {
				return fmt.Errorf("%s: %w", col.key, err)
			}
			v = excelize.Cell{StyleID: b.date, Value: day}
		case "balance":
			v = excelize.Cell{StyleID: b.money, Value: v}
		}
		cells[i] = v
	}
	b.rows++
	cell, err := excelize.CoordinatesToCellName(1, b.rows+1) // below the header
	if err == nil {
		err = b.sheet.SetRow(cell, cells)
	}
	return err
}

// exportCell is a value of the list as a cell's: numbers as numbers, a
// list as its elements joined with 、, null as an empty cell.
func exportCell(v any) (any, error) {
	switch v := v.(type) {
	case json.Number:
		return v.Float64()
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, "、"), nil
	}
	return v, nil
}

// bytes ends the sheet and writes the workbook.
func (b *restaurantBook) bytes() ([]byte, error) {
	if err := b.sheet.Flush(); err != nil {
		return nil, err
	}
	buf, err := b.file.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
