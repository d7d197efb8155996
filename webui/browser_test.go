package webui_test

import (
	"context"

	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/onegraph/server/apptest"
)

// The playground in a real browser, with no network but the test server:
// GraphiQL loads, opens its settings dialog, answers without a token as no
// one, and with the token of a login pasted in its field as that account.
func TestPlaygroundInBrowser(t *testing.T) {
	t.Parallel()
	b := openBrowser(t)
	s := apptest.New(t)
	token := s.AdminToken(t)

	b.do(chromedp.Navigate(s.URL + "/"))
	// The schema's docs are open, read from the introspection query.
	b.poll(`document.querySelector(".graphiql-doc-explorer")?.innerText.includes("Mutation")`)

	// A dialog opens and closes: GraphiQL then adds a <style> element of its
	// own (react-remove-scroll), which the page's CSP must let apply.
	b.do(chromedp.Click(chromedp.CSS(`button[aria-label="Open settings dialog"]`)))
	b.poll(`!!document.querySelector(".graphiql-dialog")`)
	b.do(chromedp.KeyEvent("\x1b"))
	b.poll(`!document.querySelector(".graphiql-dialog")`)

	b.typeQuery(`{ me { username } }`)
	b.do(chromedp.Click(chromedp.CSS(".graphiql-execute-button")))
	apptest.EqualJSON(t, b.result(), `{"errors":[{"message":"sign in first","locations":[{"line":1,"column":3}],"path":["me"],"extensions":{"code":"UNAUTHENTICATED"}}],"data":null}`)

	b.do(chromedp.SendKeys(chromedp.CSS("#token"), token))
	b.do(chromedp.Click(chromedp.CSS(".graphiql-execute-button")))
	apptest.EqualJSON(t, b.result(), `{"data":{"me":{"username":"admin"}}}`)
	b.check(s.URL)
}

// The OpenAPI viewer loads Swagger UI from the server and draws the
// server's own OpenAPI 3.1 document of the legacy routes (/openapi.json).
func TestOpenAPIViewerInBrowser(t *testing.T) {
	t.Parallel()
	b := openBrowser(t)
	s := apptest.New(t)

	b.do(chromedp.Navigate(s.URL + "/openapi"))
	b.poll(`document.querySelector("#openapi .info .title")?.innerText.startsWith("onegraph legacy REST API")`)
	b.poll(`[...document.querySelectorAll("#openapi .opblock-summary-path")].some(p => p.innerText === "/api/mgr/customers")`)
	b.check(s.URL)
}

// stepTimeout bounds each step in the browser: generous, since the full
// suite shares two cores with it.
const stepTimeout = time.Minute

// browser is a tab of headless Chromium that records every request its pages
// make and every error they log.
type browser struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	requests []string
	errors   []string
}

// openBrowser starts Chromium, or skips the test where it is not installed
// unless BROWSER_TEST=required (CI) makes that a failure.
func openBrowser(t *testing.T) *browser {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("BROWSER_TEST") == "required" {
			t.Fatalf("BROWSER_TEST=required and no chromium: %v", err)
		}
		t.Skip("no chromium installed (apt-get install chromium); BROWSER_TEST=required makes this a failure")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		// No name resolves but the test server's: a page that reaches out fails.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	b := &browser{t: t, ctx: ctx}
	// The first action starts the browser, for as long as its context lives.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*network.EventRequestWillBeSent); ok {
			b.mu.Lock()
			b.requests = append(b.requests, ev.Request.URL)
			b.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				b.mu.Lock()
				b.errors = append(b.errors, m.URL+": "+m.String())
				b.mu.Unlock()
			}
		}
	}()
	return b
}

func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

// poll waits until the JavaScript expression is true.
func (b *browser) poll(expression string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expression, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(0))); err != nil {
		b.t.Fatalf("waiting for %s: %v (errors logged: %q)", expression, err, b.errors)
	}
}

// typeQuery replaces the query editor's text by typing it, as a person would.
func (b *browser) typeQuery(query string) {
	b.t.Helper()
	b.do(chromedp.Click(chromedp.CSS(".graphiql-query-editor .CodeMirror")),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
		chromedp.KeyEvent("\b"),
		chromedp.KeyEvent(query))
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror.getValue()`))
	if err != nil || got != query {
		b.t.Fatalf("the editor holds %q (%v), want %q", got, err, query)
	}
}

// result waits for the result pane to show an answer newer than the one it
// showed before, and returns it.
func (b *browser) result() string {
	b.t.Helper()
	const pane = `document.querySelector(".graphiql-response .CodeMirror").CodeMirror`
	b.poll(pane + `.getValue() !== ""`)
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](pane+`.getValue()`))
	if err != nil {
		b.t.Fatal(err)
	}
	// Cleared for the next run, so that result never reads this answer twice.
	b.do(chromedp.Evaluate[chromedp.Void](pane + `.setValue("")`))
	return text
}

// check fails the test if the pages asked another host than server, or
// logged an error (a refused script or style sheet, a failed load, an
// exception).
func (b *browser) check(server string) {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.requests) == 0 {
		b.t.Error("no request recorded")
	}
	for _, r := range b.requests {
		if u, err := url.Parse(r); err != nil || (u.Scheme != "data" && !strings.HasPrefix(r, server+"/")) {
			b.t.Errorf("the page asked for %s, not on the test server", r)
		}
	}
	for _, e := range b.errors {
		b.t.Errorf("the page logged an error: %s", e)
	}
}
