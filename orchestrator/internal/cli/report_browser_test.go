package cli_test

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's Chromium, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// browserPage is a page to load, the chart to hover, and optionally a tab to switch to (by
// its radio id) and a chart to hover there.
type browserPage struct {
	name, path, hover string
	tab, tabHover     string
}

// widths are the viewports every page is checked at: a phone and a laptop.
var widths = []int64{390, 1280}

// checkInBrowser loads each page from disk in headless Chromium at each width and fails on a
// console error, an exception, a request of any kind, a dialog, an <img>, a script other than
// the tooltips, or a page wider than the viewport; it hovers a chart and reads its tooltip, and
// saves a full-page screenshot to out/screenshots/<page>-<width>.png in the repository (and
// the viewport with the tooltip showing to <page>-<width>-hover.png).
func checkInBrowser(t *testing.T, pages []browserPage) {
	requireChromium(t)
	browser := startBrowser(t)
	shots, err := filepath.Abs("../../../out/screenshots")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		for _, w := range widths {
			t.Run(p.name+"-"+itoa(w), func(t *testing.T) {
				checkPageInBrowser(t, browser, p, w, filepath.Join(shots, p.name+"-"+itoa(w)+".png"))
			})
		}
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// requireChromium skips without Chromium, unless WV_REQUIRE_TOOLS=1 (CI), where it fails.
func requireChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("WV_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%s is missing and WV_REQUIRE_TOOLS=1: apt-get install chromium fonts-dejavu-core", chromiumPath)
		}
		t.Skipf("%s is missing (set WV_REQUIRE_TOOLS=1 to fail instead)", chromiumPath)
	}
}

// startBrowser starts one headless Chromium for the test; each page gets its own tab.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("hide-scrollbars", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	return ctx
}

// pageFacts is what the page reports about itself after loading.
type pageFacts struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	Resources   []string `json:"resources"`
	Images      int      `json:"images"`
	Scripts     int      `json:"scripts"`
	Charts      int      `json:"charts"`
}

const factsJS = `(() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  resources: performance.getEntriesByType("resource").map(e => e.name),
  images: document.querySelectorAll("img").length,
  scripts: document.scripts.length,
  charts: document.querySelectorAll("figure.chart svg[role=img]").length,
}))()`

func checkPageInBrowser(t *testing.T, browser context.Context, p browserPage, width int64, shot string) {
	problems, err := visitPage(browser, p, width, shot)
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range problems {
		t.Errorf("%s at %dpx: %s", p.name, width, msg)
	}
	if shot != "" {
		t.Logf("screenshot: %s", shot)
	}
}

// visitPage loads a page in a new tab at a width and returns what is wrong with it; an error
// means the check itself could not run. With a shot path it saves a full-page screenshot.
func visitPage(browser context.Context, p browserPage, width int64, shot string) ([]string, error) {
	tab, cancel := chromedp.NewContext(browser)
	defer cancel()
	tab, cancelTimeout := context.WithTimeout(tab, 90*time.Second)
	defer cancelTimeout()
	if err := chromedp.Do(tab); err != nil {
		return nil, err
	}
	console := collect(chromedp.Console(tab), func(m chromedp.ConsoleMessage) string {
		if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException || m.Type == chromedp.ConsoleWarning {
			return string(m.Type) + ": " + m.Text
		}
		return ""
	})
	dialogs := collect(chromedp.Events(tab, page.JavascriptDialogOpening), func(e page.EventJavascriptDialogOpening) string {
		chromedp.Call(tab, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true}) // a dialog blocks the page
		return "dialog: " + e.Message
	})
	err := chromedp.Do(tab, chromedp.EmulateViewport(width, 900), chromedp.Navigate("file://"+p.path),
		chromedp.WaitReady(chromedp.CSS("body")))
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", p.path, err)
	}
	facts, err := chromedp.Run(tab, chromedp.Evaluate[pageFacts](factsJS))
	if err != nil {
		return nil, err
	}
	problems := facts.problems()
	if p.hover != "" {
		problems = append(problems, hoverChart(tab, p.hover)...)
		if shot != "" { // the viewport with the tooltip showing
			png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
			if err != nil {
				return nil, err
			}
			if err := os.WriteFile(strings.TrimSuffix(shot, ".png")+"-hover.png", png, 0o644); err != nil {
				return nil, err
			}
		}
	}
	if p.tab != "" {
		if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS(`label[for="`+p.tab+`"]`))); err != nil {
			return nil, fmt.Errorf("switch to %s: %w", p.tab, err)
		}
		problems = append(problems, hoverChart(tab, p.tabHover)...)
		if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS(`label[for="view-blended"]`))); err != nil {
			return nil, err
		}
	}
	if shot != "" {
		if err := saveScreenshot(tab, shot); err != nil {
			return nil, err
		}
	}
	time.Sleep(200 * time.Millisecond) // let the last console events arrive
	return append(append(problems, console()...), dialogs()...), nil
}

func (f pageFacts) problems() []string {
	var out []string
	if f.ScrollWidth > f.InnerWidth {
		out = append(out, fmt.Sprintf("the page scrolls sideways: %d px of content in a %d px viewport", f.ScrollWidth, f.InnerWidth))
	}
	if len(f.Resources) > 0 {
		out = append(out, fmt.Sprintf("the page requested %v; it must load nothing", f.Resources))
	}
	if f.Images != 0 {
		out = append(out, fmt.Sprintf("the page has %d <img> elements, want none", f.Images))
	}
	if f.Scripts != 1 {
		out = append(out, fmt.Sprintf("the page has %d scripts, want 1 (the tooltips)", f.Scripts))
	}
	if f.Charts == 0 {
		out = append(out, "the page has no chart")
	}
	return out
}

// hoverChart moves the mouse to the middle hover target of a chart and checks that the tooltip
// shows that target's text.
func hoverChart(tab context.Context, id string) []string {
	q, _ := json.Marshal(id)
	point, err := chromedp.Run(tab, chromedp.Evaluate[[]float64](`(() => {
  const fig = document.getElementById(`+string(q)+`);
  fig.scrollIntoView({block: "center"});
  const hits = fig.querySelectorAll(".hit");
  const h = hits[Math.floor(hits.length / 2)];
  const r = (h.querySelector(".band") || h).getBoundingClientRect();
  return [r.x + r.width / 2, r.y + r.height / 2];
})()`))
	if err != nil {
		return []string{fmt.Sprintf("no hover target in #%s: %v", id, err)}
	}
	err = chromedp.Do(tab, chromedp.MouseEvent(chromedp.MouseMoved, point[0], point[1]), chromedp.Sleep(150*time.Millisecond))
	if err != nil {
		return []string{err.Error()}
	}
	tip, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`(() => {
  const fig = document.getElementById(`+string(q)+`), tip = fig.querySelector(".tip"), on = fig.querySelector(".hit.on");
  return [tip.hidden ? "hidden" : "shown", tip.textContent, on ? on.dataset.tip : ""];
})()`))
	if err != nil {
		return []string{err.Error()}
	}
	if tip[0] != "shown" || strings.TrimSpace(tip[1]) == "" || tip[1] != tip[2] || !strings.ContainsAny(tip[1], "0123456789") {
		return []string{fmt.Sprintf("hover over #%s: tooltip %s %q, want it shown with the hovered point's text %q", id, tip[0], tip[1], tip[2])}
	}
	return nil
}

func saveScreenshot(tab context.Context, path string) error {
	png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	if err != nil {
		return err
	}
	return os.WriteFile(path, png, 0o644)
}

// collect reads a stream of browser events in the background and returns a func that lists
// the non-empty texts that f made of them so far.
func collect[E any](events iter.Seq2[E, error], f func(E) string) func() []string {
	var mu sync.Mutex
	var out []string
	go func() {
		for e, err := range events {
			if err != nil {
				return
			}
			if s := f(e); s != "" {
				mu.Lock()
				out = append(out, s)
				mu.Unlock()
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), out...)
	}
}

// TestBrowserCheck_CatchesProblems shows the browser check fails a page that logs an error,
// throws, requests a file, has an <img>, runs a second script, scrolls sideways at 390 px,
// opens a dialog, or whose tooltip does not show.
func TestBrowserCheck_CatchesProblems(t *testing.T) {
	requireChromium(t)
	path := filepath.Join(t.TempDir(), "bad.html")
	writeFile(t, path, `<!doctype html><meta name="viewport" content="width=device-width">
<figure class="chart" id="c"><div class="plot"><svg role="img" viewBox="0 0 10 10" width="2000"><rect class="hit" width="10" height="10"><title>1</title></rect></svg><div class="tip" hidden></div></div></figure>
<img src="missing.png" alt="">
<script>console.error("boom"); alert("hi");</script>
<script>missingFn();</script>`)
	problems, err := visitPage(startBrowser(t), browserPage{name: "bad", path: path, hover: "c"}, 390, "")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(problems, "\n")
	for _, want := range []string{"scrolls sideways", "Failed to load resource", "1 <img>", "2 scripts", "error: boom",
		"exception: Uncaught ReferenceError: missingFn is not defined", "dialog: hi", "tooltip hidden"} {
		if !strings.Contains(got, want) {
			t.Errorf("the check missed %q; it reported:\n%s", want, got)
		}
	}
}
