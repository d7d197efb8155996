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

	"github.com/onegraph/server/apptest"
)

// Goals for the worst anonymous documents of the hardening review (issue 8,
// points 1–4): each answered within hostileTime, the server's resident
// memory growing by less than hostileMemory while it answers.
const (
	hostileTime   = 100 * time.Millisecond
	hostileMemory = 50 << 20
)

// runHostile sends each document to the server, anonymously and one at a
// time, and prints the slowest answer and the growth of the server's peak
// resident memory over its resident memory before the document.
func runHostile(ctx context.Context, client *http.Client, srv *child) error {
	pid := srv.cmd.Process.Pid
	fmt.Printf("\nworst anonymous documents (goal: each answered in <%s, <%d MB more memory)\n", hostileTime, hostileMemory>>20)
	fmt.Printf("%-32s %10s %10s %8s  %s\n", "document", "slowest", "memory", "goal", "answer")
	for _, doc := range apptest.HostileDocuments() {
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
		for i := range doc.Sends {
			body, _ := json.Marshal(map[string]string{"query": doc.Query(i)})
			start := time.Now()
			status, b, err := request{url: srv.url + "/graphql", body: func(int64) string { return string(body) }}.do(ctx, client)
			if err != nil {
				return fmt.Errorf("%s: %w", doc.Name, err)
			}
			slowest = max(slowest, time.Since(start))
			if code := errorCode(b); status != doc.Status || code != doc.Code {
				return fmt.Errorf("%s: answered %d %s (%.200s), want %d %s", doc.Name, status, code, b, doc.Status, doc.Code)
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
		fmt.Printf("%-32s %10s %8.1fMB %8s  %d %s\n", doc.Name, ms(slowest), float64(grew)/(1<<20), verdict, doc.Status, doc.Code)
	}
	return nil
}

// errorCode is the first error's extensions.code of a GraphQL answer.
func errorCode(body []byte) string {
	var out struct {
		Errors []struct {
			Extensions struct{ Code string } `json:"extensions"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &out) != nil || len(out.Errors) == 0 {
		return ""
	}
	return out.Errors[0].Extensions.Code
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
