package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

// htmlFixture audits the fixture tickets as `-o html` asks the engine to.
func htmlFixture(t *testing.T, accounts bool, limit int) (*audit.Result, HTMLInput) {
	t.Helper()
	set := plans.Builtin()
	ov := audit.NewOverview(set.Location)
	opts := audit.Options{
		Plans: set, AsOf: asOf,
		From: pt(2026, 10, 1, 0, 0), To: pt(2026, 11, 1, 0, 0),
		KeepBreaches: true, OnVerdict: ov.Add,
		Reports: audit.Reports{
			By:           []audit.Dimension{audit.ByChannel, audit.ByCustomer, audit.ByDay},
			KeepExcluded: true, KeepPending: true, Limit: limit,
		},
	}
	if accounts {
		opts.Accounts = fixtureAccounts(t)
	}
	a := audit.New(opts)
	tickets := fixtureTickets()
	for i := range tickets {
		a.Audit(&tickets[i])
	}
	a.Reject(audit.Rejection{Source: csvAt(14), Field: "submitted_at", Reason: "bad\x1b[31m time"})
	return a.Result(), HTMLInput{Overview: ov.Result(), By: []audit.Dimension{audit.ByChannel}, Limit: limit}
}

func renderHTML(t *testing.T, accounts bool, limit int) string {
	t.Helper()
	r, in := htmlFixture(t, accounts, limit)
	m := fixtureMeta
	m.Accounts = accounts
	var b bytes.Buffer
	if err := HTML(&b, r, m, in); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestHTMLSelfContained: SPEC §10, no external resource of any kind and no
// script. The only URLs allowed are the SVG namespace names, which are
// never fetched.
func TestHTMLSelfContained(t *testing.T) {
	page := renderHTML(t, true, 0)
	stripped := strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, "")
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`(?i)https?:`),
		regexp.MustCompile(`(?i)<script`),
		regexp.MustCompile(`(?i)<link`),
		regexp.MustCompile(`(?i)<img`),
		regexp.MustCompile(`(?i)<iframe`),
		regexp.MustCompile(`(?i)\bsrc=`),
		regexp.MustCompile(`(?i)\bhref=`),
		regexp.MustCompile(`(?i)url\(`),
		regexp.MustCompile(`(?i)@import`),
		regexp.MustCompile(`(?i)@font-face`),
		regexp.MustCompile(`//[a-z0-9.-]+\.[a-z]{2,}/`),
	} {
		if loc := bad.FindStringIndex(stripped); loc != nil {
			t.Errorf("the page holds %q (at %q)", bad.String(), stripped[max(0, loc[0]-60):min(len(stripped), loc[1]+60)])
		}
	}
	if n := strings.Count(page, "<svg "); n != 6 {
		t.Errorf("%d charts, want 6 (plans, trend, two heatmaps, spread, customers)", n)
	}
	if !strings.Contains(page, "@media print") {
		t.Error("no print stylesheet")
	}
}

// TestHTMLDeterministic: the same result renders the same bytes (maps and
// floats in the charts must not leak their order or precision).
func TestHTMLDeterministic(t *testing.T) {
	first := renderHTML(t, true, 0)
	for i := 0; i < 5; i++ {
		if again := renderHTML(t, true, 0); again != first {
			t.Fatal("two renderings of one result differ")
		}
	}
}

// TestHTMLEscapesTicketValues: html/template escapes markup, and control
// characters from the export are made visible, never raw (SPEC §12).
func TestHTMLEscapesTicketValues(t *testing.T) {
	page := renderHTML(t, true, 0)
	if strings.Contains(page, "</failure><script>") {
		t.Error("a customer name reached the page as markup")
	}
	if !strings.Contains(page, "&lt;/failure&gt;&lt;script&gt;") {
		t.Error("the hostile customer name is missing from the page")
	}
	if strings.ContainsRune(page, 0x1b) {
		t.Error("a raw ESC reached the page")
	}
	if !strings.Contains(page, `bad\x1b[31m time`) {
		t.Error("the rejected row's reason is not shown with its control character escaped")
	}
}

// TestHTMLFiguresAreTheResult: the headline figures carry the engine's
// exact values.
func TestHTMLFiguresAreTheResult(t *testing.T) {
	r, _ := htmlFixture(t, false, 0)
	page := renderHTML(t, false, 0)
	a, ok := r.Total.Attainment()
	if !ok {
		t.Fatal("fixture has no attainment")
	}
	want := []string{
		`data-figure="attainment"><span class="label">Attainment</span> <data class="value" value="` + exact(a, ok) + `">` + attainmentText(r.Total) + `</data>`,
		`data-figure="breached"><span class="label">Breached</span> <data class="value" value="8">8</data>`,
		`data-figure="rejected"><span class="label">Rejected</span> <data class="value" value="3">3</data>`,
		`<h2 id="by-channel-h">By channel</h2>`,
		`<h2 id="breaches-h">Breaches (8)</h2>`,
		`<h2 id="due-h">Pending (1)</h2>`,
		`<h2 id="excluded-h">Excluded (1)</h2>`,
	}
	for _, s := range r.Summary {
		a, ok := s.Attainment()
		want = append(want, fmt.Sprintf(`<tr data-key="%s"><th scope="row">%s</th><td data-col="tickets">%d</td><td data-col="met">%d</td><td data-col="breached">%d</td><td data-col="severe">%d</td><td data-col="pending">%d</td><td data-col="excluded">%d</td><td data-col="attainment"><data value="%s">`,
			s.Plan, s.Display, s.Tickets, s.Met, s.Breached, s.Severe, s.Pending, s.Excluded, exact(a, ok)))
	}
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("the page lacks %s", w)
		}
	}
	// The fixture's verdicts (fixture_test.go): 8 breaches, 3 rejected rows.
	if r.Total.Breached != 8 || r.Counts.Rejected != 3 {
		t.Fatalf("fixture changed: %+v %+v", r.Total, r.Counts)
	}
}

// TestHTMLCappedLists: each list shows what the engine kept and counts the
// rest.
func TestHTMLCappedLists(t *testing.T) {
	page := renderHTML(t, false, 2)
	if !strings.Contains(page, "<h2 id=\"breaches-h\">Breaches (8)</h2>") ||
		!strings.Contains(page, "… and 6 more (use <code>-o json</code> or <code>-o csv</code> for every ticket)") {
		t.Errorf("breaches: no \"… and 6 more\" line under 8 breaches")
	}
	if !strings.Contains(page, "… and 1 more (use <code>-o json</code> or <code>-o csv</code> for every ticket)") {
		t.Error("rejected rows: no \"… and 1 more\" line")
	}
	// Seven customers, two shown.
	if !strings.Contains(page, "… and 5 more customers") {
		t.Error("customers: no \"… and 5 more customers\" line")
	}
}

// TestHTMLCredits shows the credit rows, the totals per currency and each
// customer's credit next to its breaches.
func TestHTMLCredits(t *testing.T) {
	page := renderHTML(t, true, 0)
	for _, want := range []string{
		`<section id="credits"`,
		// acme: premium, 1200.00 USD, one ordinary and one severe breach.
		"180.00 USD",
		creditFooter,
		`data-figure="credit_USD"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

func TestSVGCoordinates(t *testing.T) {
	for _, tt := range []struct {
		in   float64
		want string
	}{{0, "0"}, {12, "12"}, {12.25, "12.2"}, {12.26, "12.3"}, {-3.5, "-3.5"}} {
		if got := coord(tt.in); got != tt.want {
			t.Errorf("coord(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestWithEmptyPeriods puts a period without tickets on the trend's axis,
// across a year's end for ISO weeks.
func TestWithEmptyPeriods(t *testing.T) {
	g := func(keys ...string) []audit.Group {
		var out []audit.Group
		for _, k := range keys {
			out = append(out, audit.Group{Key: k, Tally: audit.Tally{Tickets: 1}})
		}
		return out
	}
	tests := []struct {
		by   audit.Dimension
		rows []audit.Group
		want string
	}{
		{audit.ByDay, g("2026-10-17", "2026-10-19"), "2026-10-17 2026-10-18* 2026-10-19"},
		{audit.ByDay, g("2026-02-28", "2026-03-01"), "2026-02-28 2026-03-01"},
		{audit.ByWeek, g("2026-W52", "2027-W02"), "2026-W52 2026-W53* 2027-W01* 2027-W02"},
		{audit.ByWeek, g("2025-W52", "2026-W02"), "2025-W52 2026-W01* 2026-W02"},
		{audit.ByMonth, g("2026-11", "2027-02"), "2026-11 2026-12* 2027-01* 2027-02"},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range withEmptyPeriods(tt.by, tt.rows) {
			k := r.Key
			if r.Tickets == 0 {
				k += "*"
			}
			got = append(got, k)
		}
		if s := strings.Join(got, " "); s != tt.want {
			t.Errorf("%s %v: got %s, want %s", tt.by, tt.rows, s, tt.want)
		}
	}
}

// TestPeriodStartProperty: for any instant of the supported years, the
// start of its day, ISO week or month has the same key, is not after it,
// and the period before that start has another key; a week starts on a
// Monday.
func TestPeriodStartProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sec := rapid.Int64Range(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).Unix(),
			time.Date(2199, 12, 31, 23, 59, 59, 0, time.UTC).Unix()).Draw(t, "instant")
		at := time.Unix(sec, 0).UTC()
		by := rapid.SampledFrom([]audit.Dimension{audit.ByDay, audit.ByWeek, audit.ByMonth}).Draw(t, "by")
		key := audit.TimeKey(by, at, time.UTC)
		start, ok := periodStart(by, key)
		if !ok {
			t.Fatalf("periodStart(%s, %q) failed", by, key)
		}
		if got := audit.TimeKey(by, start, time.UTC); got != key {
			t.Fatalf("%s: start %s of %q has key %q", by, start, key, got)
		}
		if start.Truncate(24 * time.Hour).After(at) {
			t.Fatalf("%s: start %s is after %s", by, start, at)
		}
		if prev := audit.TimeKey(by, start.AddDate(0, 0, -1), time.UTC); prev == key {
			t.Fatalf("%s: the day before the start %s is still %q", by, start, key)
		}
		if by == audit.ByWeek && start.Weekday() != time.Monday {
			t.Fatalf("week %q starts on %s", key, start.Weekday())
		}
	})
}

// TestHTMLEmptyAudit: a period with no ticket renders a whole page with no
// attainment (never 100%) and no chart value out of range.
func TestHTMLEmptyAudit(t *testing.T) {
	set := plans.Builtin()
	ov := audit.NewOverview(set.Location)
	a := audit.New(audit.Options{Plans: set, AsOf: asOf, From: pt(2025, 1, 1, 0, 0), To: pt(2025, 2, 1, 0, 0),
		OnVerdict: ov.Add, Reports: audit.Reports{By: []audit.Dimension{audit.ByCustomer, audit.ByDay}, KeepPending: true, KeepExcluded: true}})
	var b bytes.Buffer
	if err := HTML(&b, a.Result(), fixtureMeta, HTMLInput{Overview: ov.Result()}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{`<data class="value" value="null">—</data>`, "No ticket was audited.", "</html>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the empty page lacks %q", want)
		}
	}
	for _, bad := range []string{"NaN", "Inf", "100.0%"} {
		if strings.Contains(page, bad) {
			t.Errorf("the empty page shows %q", bad)
		}
	}
}

// TestHTMLEscapesBidiOverrides: a bidi override in a ticket value would
// reorder what the reader sees ("Trojan Source"); the page shows it
// escaped (SPEC §12).
func TestHTMLEscapesBidiOverrides(t *testing.T) {
	set := plans.Builtin()
	ov := audit.NewOverview(set.Location)
	a := audit.New(audit.Options{Plans: set, AsOf: asOf, KeepBreaches: true, OnVerdict: ov.Add,
		Reports: audit.Reports{By: []audit.Dimension{audit.ByCustomer}}})
	a.Audit(&audit.Ticket{ID: "7\u202e1", Customer: "acme\u202ecorp\u0085", Plan: "premium",
		Submitted: pt(2026, 10, 2, 10, 0), Source: csvAt(2)})
	var b bytes.Buffer
	if err := HTML(&b, a.Result(), fixtureMeta, HTMLInput{Overview: ov.Result()}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if strings.ContainsAny(page, "\u202e\u0085") {
		t.Error("a bidi override or C1 control reached the page raw")
	}
	if !strings.Contains(page, `acme\u202ecorp\u0085`) || !strings.Contains(page, `7\u202e1`) {
		t.Error("the customer or id is not shown escaped")
	}
}
