package cmd_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium to drive: $SLAAUDIT_CHROMIUM, else Debian's
// chromium (or another Chromium build) on PATH. Locally the browser test
// skips without one; in CI (CI=true) a missing browser fails it, since .ci/run
// installs Debian's chromium package.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("SLAAUDIT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but no Chromium found: install Debian's chromium package (apt-get install -y chromium) or set SLAAUDIT_CHROMIUM")
	}
	t.Skip("no Chromium found (apt-get install -y chromium, or set SLAAUDIT_CHROMIUM): skipping the browser test of -o html")
	return ""
}

// jsonReport is the part of `-o json` the page's headline figures repeat.
type jsonReport struct {
	Counts struct {
		Rows          int `json:"rows"`
		Audited       int `json:"audited"`
		Excluded      int `json:"excluded"`
		Rejected      int `json:"rejected"`
		OutsidePeriod int `json:"outside_period"`
	} `json:"counts"`
	Summary []struct {
		Plan       string   `json:"plan"`
		Tickets    int      `json:"tickets"`
		Met        int      `json:"met"`
		Breached   int      `json:"breached"`
		Severe     int      `json:"severe"`
		Pending    int      `json:"pending"`
		Excluded   int      `json:"excluded"`
		Attainment *float64 `json:"attainment"`
	} `json:"summary"`
	Breakdowns []struct {
		By   string `json:"by"`
		Rows []struct {
			Key        string   `json:"key"`
			Tickets    int      `json:"tickets"`
			Met        int      `json:"met"`
			Breached   int      `json:"breached"`
			Attainment *float64 `json:"attainment"`
		} `json:"rows"`
	} `json:"breakdowns"`
}

// pageFacts is what the test reads from the rendered page.
type pageFacts struct {
	Figures map[string]string            `json:"figures"`
	Plans   map[string]map[string]string `json:"plans"`
	// Groups holds the breakdown tables: by, then key, then column.
	Groups   map[string]map[string]map[string]string `json:"groups"`
	Charts   int                                     `json:"charts"`
	Titled   int                                     `json:"titled"`
	Overflow bool                                    `json:"overflow"`
	Width    int                                     `json:"width"`
	Scroll   int                                     `json:"scroll"`
}

const readPage = `(() => {
  const figures = {};
  for (const e of document.querySelectorAll('[data-figure]')) figures[e.dataset.figure] = e.querySelector('data').value;
  const plans = {};
  for (const tr of document.querySelectorAll('#plans tbody tr[data-key]')) {
    const row = {};
    for (const td of tr.querySelectorAll('td[data-col]')) {
      const d = td.querySelector('data');
      row[td.dataset.col] = d ? d.value : td.textContent;
    }
    plans[tr.dataset.key] = row;
  }
  const groups = {};
  for (const table of document.querySelectorAll('table[data-by]')) {
    const rows = groups[table.dataset.by] = {};
    for (const tr of table.querySelectorAll('tbody tr[data-key]')) {
      const row = rows[tr.dataset.key] = {};
      for (const td of tr.querySelectorAll('td[data-col]')) {
        const d = td.querySelector('data');
        row[td.dataset.col] = d ? d.value : td.textContent;
      }
    }
  }
  const charts = [...document.querySelectorAll('svg.chart')];
  const visible = charts.filter(s => { const r = s.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
  const el = document.documentElement;
  return {
    figures, plans, groups,
    charts: visible.length,
    titled: charts.filter(s => s.getAttribute('role') === 'img' && s.querySelector('title')).length,
    overflow: el.scrollWidth > el.clientWidth,
    width: el.clientWidth, scroll: el.scrollWidth,
  };
})()`

// TestHTMLReportInBrowser opens the -o html report of the sample export in
// headless Chromium from a file URL, at a desktop and a phone viewport: no
// console error, no request but the file itself, no horizontal overflow on
// the phone, every chart drawn, and the headline figures equal to the -o json
// report of the same run. Screenshots go to the test's temp dir.
func TestHTMLReportInBrowser(t *testing.T) {
	exe := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	args := []string{"check", "testdata/export-2026-10.csv", "--month", "2026-10", "--as-of", "2026-11-01T07:00:00Z",
		"--accounts", "testdata/accounts.csv", "--by", "customer", "--by", "week", "--due-within", "4h"}
	if _, stderr, code := runCLI(t, nil, append(args, "-o", "html", "--output-file", page)...); code != 1 {
		t.Fatalf("-o html: exit %d, stderr %s", code, stderr)
	}
	out, stderr, code := runCLI(t, nil, append(args, "-o", "json")...)
	if code != 1 {
		t.Fatalf("-o json: exit %d, stderr %s", code, stderr)
	}
	var want jsonReport
	if err := json.Unmarshal([]byte(out), &want); err != nil {
		t.Fatal(err)
	}
	fileURL := (&url.URL{Scheme: "file", Path: page}).String()

	// The flags keep Chromium off the network it would otherwise probe
	// (and, on a closed network, retry without end).
	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("mute-audio", true),
	)
	defer cancel()
	// The listener sees every event of the tab from its start (it runs in
	// the tab's loop: it only records).
	var mu sync.Mutex
	var problems, requests []string
	listen := func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == "error" || ev.Type == "warning" || ev.Type == "assert" {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				problems = append(problems, fmt.Sprintf("console %s: %s", ev.Type, strings.Join(parts, " ")))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				problems = append(problems, fmt.Sprintf("browser log %s: %s (%s)", ev.Entry.Level, ev.Entry.Text, ev.Entry.URL))
			}
		case *network.EventRequestWillBeSent:
			requests = append(requests, ev.Request.URL)
		case *network.EventLoadingFailed:
			problems = append(problems, "loading failed: "+ev.ErrorText)
		}
	}
	ctx, cancel := chromedp.NewContext(alloc, chromedp.WithListener(listen))
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium (%s): %v", exe, err)
	}

	for _, vp := range []struct{ w, h int64 }{{1280, 800}, {390, 844}} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.w, vp.h), chromedp.Navigate(fileURL)); err != nil {
			t.Fatalf("%dx%d: open %s: %v", vp.w, vp.h, fileURL, err)
		}
		facts, err := chromedp.Run(ctx, chromedp.Evaluate[pageFacts](readPage))
		if err != nil {
			t.Fatalf("%dx%d: read the page: %v", vp.w, vp.h, err)
		}
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(60))
		if err != nil {
			t.Fatalf("%dx%d: screenshot: %v", vp.w, vp.h, err)
		}
		name := filepath.Join(dir, fmt.Sprintf("report-%dx%d.jpg", vp.w, vp.h))
		if err := os.WriteFile(name, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%dx%d: screenshot %s", vp.w, vp.h, name)

		if facts.Charts != 6 || facts.Titled != 6 {
			t.Errorf("%dx%d: %d charts drawn, %d with role=img and a title; want 6 and 6", vp.w, vp.h, facts.Charts, facts.Titled)
		}
		if vp.w == 390 && facts.Overflow {
			t.Errorf("390 px: the page overflows horizontally (scroll width %d > %d)", facts.Scroll, facts.Width)
		}
		checkFigures(t, fmt.Sprintf("%dx%d", vp.w, vp.h), facts, want)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Error(p)
	}
	for _, u := range requests {
		if u != fileURL {
			t.Errorf("the page requested %s; only the file itself may be loaded", u)
		}
	}
	if len(requests) == 0 {
		t.Error("no request seen at all: is the network domain listened to?")
	}
}

// checkFigures compares the page's headline figures and plan rows with the
// JSON report.
func checkFigures(t *testing.T, at string, got pageFacts, want jsonReport) {
	t.Helper()
	var met, breached, pending int
	decided := 0
	for _, s := range want.Summary {
		met += s.Met
		breached += s.Breached
		pending += s.Pending
		row, ok := got.Plans[s.Plan]
		if !ok {
			t.Errorf("%s: plan %s missing from the page", at, s.Plan)
			continue
		}
		for col, n := range map[string]int{"tickets": s.Tickets, "met": s.Met, "breached": s.Breached,
			"severe": s.Severe, "pending": s.Pending, "excluded": s.Excluded} {
			if row[col] != strconv.Itoa(n) {
				t.Errorf("%s: plan %s %s = %q, JSON %d", at, s.Plan, col, row[col], n)
			}
		}
		if s.Attainment == nil {
			if row["attainment"] != "null" {
				t.Errorf("%s: plan %s attainment %q, JSON null", at, s.Plan, row["attainment"])
			}
		} else if f, err := strconv.ParseFloat(row["attainment"], 64); err != nil || f != *s.Attainment {
			t.Errorf("%s: plan %s attainment %q, JSON %v", at, s.Plan, row["attainment"], *s.Attainment)
		}
	}
	decided = met + breached
	ints := map[string]int{
		"met": met, "breached": breached, "pending": pending,
		"audited": want.Counts.Audited, "excluded": want.Counts.Excluded,
		"rejected": want.Counts.Rejected, "outside_period": want.Counts.OutsidePeriod,
	}
	for key, n := range ints {
		if got.Figures[key] != strconv.Itoa(n) {
			t.Errorf("%s: figure %s = %q, JSON %d", at, key, got.Figures[key], n)
		}
	}
	for _, b := range want.Breakdowns {
		rows := got.Groups[b.By]
		if len(rows) != len(b.Rows) {
			t.Errorf("%s: the page's %s table has %d rows, JSON %d", at, b.By, len(rows), len(b.Rows))
		}
		for _, w := range b.Rows {
			row := rows[w.Key]
			for col, n := range map[string]int{"tickets": w.Tickets, "met": w.Met, "breached": w.Breached} {
				if row[col] != strconv.Itoa(n) {
					t.Errorf("%s: by %s %q %s = %q, JSON %d", at, b.By, w.Key, col, row[col], n)
				}
			}
			if w.Attainment != nil {
				if f, err := strconv.ParseFloat(row["attainment"], 64); err != nil || f != *w.Attainment {
					t.Errorf("%s: by %s %q attainment %q, JSON %v", at, b.By, w.Key, row["attainment"], *w.Attainment)
				}
			}
		}
	}
	if len(want.Breakdowns) != 2 {
		t.Errorf("JSON has %d breakdowns, want customer and week", len(want.Breakdowns))
	}
	a, err := strconv.ParseFloat(got.Figures["attainment"], 64)
	if err != nil || decided == 0 || a != float64(met)/float64(decided) {
		t.Errorf("%s: attainment figure %q, JSON's plans give %d/%d", at, got.Figures["attainment"], met, decided)
	}
}
