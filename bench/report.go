package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// results are the points measured, by case and concurrency.
type results map[string]map[int]point

func printTable(w io.Writer, res results, conc []int) {
	fmt.Fprintf(w, "%-26s %3s %8s %9s %9s %8s %9s  %s\n", "case", "c", "req/s", "p50", "p99", "cpu/req", "stmts/req", "ratio")
	for _, name := range caseNames {
		for _, c := range conc {
			if p, ok := res[name][c]; ok {
				row := fmt.Sprintf("%-26s %3d %8.0f %9s %9s %8s %9.1f  %s",
					name, c, p.rps, ms(p.p50), ms(p.p99), ms(p.cpu), p.stmts, ratio(res, name, c))
				fmt.Fprintln(w, strings.TrimRight(row, " "))
			}
		}
	}
	printGoals(w, res, conc)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", d.Seconds()*1000) }

// ratio compares a row with the case it is judged against.
func ratio(res results, name string, c int) string {
	p := res[name][c]
	switch name {
	case "orders-graphql":
		if ref, ok := res["orders-ref"][c]; ok {
			return fmt.Sprintf("%.2f× ref, p50 %.1f× ref", p.rps/ref.rps, p.p50.Seconds()/ref.p50.Seconds())
		}
	case "orders-legacy", "merchant-list":
		if g, ok := res[name+"-op"][c]; ok {
			return fmt.Sprintf("%.2f× its operation", p.rps/g.rps)
		}
	case "partner-relations":
		if u, ok := res[name+"-uncached"][c]; ok {
			return fmt.Sprintf("%.2f× without the credential cache", p.rps/u.rps)
		}
	}
	return ""
}

// reading is one value a goal is judged on, at concurrency c.
type reading struct {
	c int
	v float64
}

// printGoals judges the performance goals on what was measured; a goal
// whose cases or concurrency did not run is left out.
func printGoals(w io.Writer, res results, conc []int) {
	fmt.Fprintln(w, "goals:")
	judge := func(goal, format string, rs []reading, ok func(float64) bool) {
		if len(rs) == 0 {
			return
		}
		verdict, shown := "PASS", make([]string, len(rs))
		for i, r := range rs {
			if !ok(r.v) {
				verdict = "FAIL"
			}
			shown[i] = fmt.Sprintf("c=%d "+format, r.c, r.v)
		}
		fmt.Fprintf(w, "  %-52s %s (%s)\n", goal, verdict, strings.Join(shown, ", "))
	}
	atLeast := func(least float64) func(float64) bool { return func(v float64) bool { return v >= least } }
	var vsRef, p50, legacy, cpu []reading
	for _, c := range conc {
		g, ok := res["orders-graphql"][c]
		if !ok {
			continue
		}
		cpu = append(cpu, reading{c, g.cpu.Seconds() * 1000})
		if ref, ok := res["orders-ref"][c]; ok {
			vsRef = append(vsRef, reading{c, g.rps / ref.rps})
			if c == 1 {
				p50 = append(p50, reading{c, g.p50.Seconds() / ref.p50.Seconds()})
			}
		}
		if l, ok := res["orders-legacy"][c]; ok {
			if op, ok := res["orders-legacy-op"][c]; ok {
				legacy = append(legacy, reading{c, l.rps / op.rps})
			}
		}
	}
	judge("orders-graphql req/s ≥0.5× ref", "%.2f×", vsRef, atLeast(0.5))
	judge("orders-graphql p50 ≤2× ref at c=1", "%.1f×", p50, func(v float64) bool { return v <= 2 })
	judge("orders-legacy req/s ≥0.9× its operation on /graphql", "%.2f×", legacy, atLeast(0.9))
	// 3× what the original Node server did at c=8.
	for _, g := range []struct {
		name       string
		node, goal float64
	}{{"shop-users", 820, 2460}, {"shop-goods", 169, 507}, {"shop-categories", 43, 129}, {"shop-roles", 401, 1203}} {
		if p, ok := res[g.name][8]; ok {
			judge(fmt.Sprintf("%s ≥%.0f req/s at c=8 (3× Node's %.0f)", g.name, g.goal, g.node), "%.0f req/s", []reading{{8, p.rps}}, atLeast(g.goal))
		}
	}
	judge("orders-graphql cpu/req ≤3ms", "%.2fms", cpu, func(v float64) bool { return v <= 3 })
}
