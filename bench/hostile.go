package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// Goals for the worst anonymous documents of the hardening review (issue 8,
// points 1–4): each answered within hostileTime, the server's resident
// memory growing by less than hostileMemory while it answers.
const (
	hostileTime   = 100 * time.Millisecond
	hostileMemory = 50 << 20
)

// hostileDoc is one such document, sent sends times (distinct documents
// when the case is about the parsed-document cache).
type hostileDoc struct {
	name  string
	sends int
	query func(i int) string
}

func hostileDocs() []hostileDoc {
	repeat := strings.Repeat
	aliases := func(n int, field func(i int) string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(field(i))
		}
		return b.String()
	}
	bomb := "query { me { ...F30 } } fragment F0 on Account { id username }"
	for i := 1; i <= 30; i++ {
		bomb += fmt.Sprintf(" fragment F%d on Account { ...F%d ...F%d }", i, i-1, i-1)
	}
	return []hostileDoc{
		{"20,000 repeated fields", 1, func(int) string { return "{ me { " + repeat("id ", 20000) + "} }" }},
		{"100,000 __typename aliases", 1, func(int) string {
			return "{ " + aliases(100000, func(i int) string { return fmt.Sprintf("a%d: __typename ", i) }) + "}"
		}},
		{"a fragment bomb", 1, func(int) string { return bomb }},
		{"40 distinct 1 MB documents", 40, func(i int) string { return fmt.Sprintf("{ me { id } } # %d ", i) + repeat("x", 1000000) }},
		{"50 aliases of an unpaged list", 1, func(int) string {
			return "{ " + aliases(50, func(i int) string {
				return fmt.Sprintf("o%d: pharmaOrders { items { lines { medicine { name } } } } ", i)
			}) + "}"
		}},
		{"300,000 unknown directives", 1, func(int) string { return "{ me { id " + repeat("@x ", 300000) + "} }" }},
	}
}

// runHostile sends each document to the server, anonymously and one at a
// time, and prints the slowest answer and the growth of the server's peak
// resident memory over its resident memory before the document.
func runHostile(ctx context.Context, client *http.Client, srv *child) error {
	pid := srv.cmd.Process.Pid
	fmt.Printf("\nworst anonymous documents (goal: each answered in <%s, <%d MB more memory)\n", hostileTime, hostileMemory>>20)
	fmt.Printf("%-32s %10s %10s %8s  %s\n", "document", "slowest", "memory", "goal", "answer")
	for _, doc := range hostileDocs() {
		// Peak memory is counted from here: writing 5 to clear_refs
		// resets the process's VmHWM to its current RSS.
		if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
			return fmt.Errorf("reset peak memory: %w", err)
		}
		before, err := procStatus(pid, "VmRSS")
		if err != nil {
			return err
		}
		var slowest time.Duration
		answer := ""
		for i := range doc.sends {
			body, _ := json.Marshal(map[string]string{"query": doc.query(i)})
			start := time.Now()
			status, b, err := request{url: srv.url + "/graphql", body: func(int64) string { return string(body) }}.do(ctx, client)
			if err != nil {
				return fmt.Errorf("%s: %w", doc.name, err)
			}
			slowest = max(slowest, time.Since(start))
			if answer, err = refusal(status, b); err != nil {
				return fmt.Errorf("%s: %w", doc.name, err)
			}
		}
		peak, err := procStatus(pid, "VmHWM")
		if err != nil {
			return err
		}
		grew := max(peak-before, 0)
		verdict := "PASS"
		if slowest >= hostileTime || grew >= hostileMemory {
			verdict = "FAIL"
		}
		fmt.Printf("%-32s %10s %8.1fMB %8s  %s\n", doc.name, ms(slowest), float64(grew)/(1<<20), verdict, answer)
	}
	return nil
}

// refusal checks that an answer carries no data and says why, by its
// status and its first error's code (or message, for a failure without one).
func refusal(status int, body []byte) (string, error) {
	var out struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &out); err != nil || len(out.Errors) == 0 || (len(out.Data) > 0 && string(out.Data) != "null") {
		return "", fmt.Errorf("answered %d %.200s, want a refusal", status, body)
	}
	why, _ := out.Errors[0].Extensions["code"].(string)
	if why == "" {
		why = out.Errors[0].Message
	}
	return fmt.Sprintf("%d %s", status, why), nil
}

// procStatus reads one memory line of /proc/PID/status, in bytes.
func procStatus(pid int, key string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", key, pid)
}
