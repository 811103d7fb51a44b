package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenDir holds the reports, reviewed in the diff like code.
var goldenDir = filepath.Join("..", "..", "testdata", "report")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join(goldenDir, name+".golden")
	if *update {
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./audit/report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s:\ngot:\n%s\nwant:\n%s", name, path, got, want)
	}
}

func TestGolden(t *testing.T) {
	plain := fixture(t, false)
	withAcc := fixture(t, true)
	check := fixtureMeta
	checkAcc := Meta{Inputs: check.Inputs, Command: "check", Accounts: true}
	credits := Meta{Inputs: check.Inputs, Command: "credits", Accounts: true}
	detail := credits
	detail.Detail = true
	// SPEC §10: --by customer --by week --due-within 4h.
	byRep := audit.Reports{By: []audit.Dimension{audit.ByCustomer, audit.ByWeek}, DueSoon: true, DueWithin: 4 * time.Hour,
		KeepExcluded: true, KeepPending: true}
	by := fixtureWith(t, false, byRep)
	byMeta := check
	byMeta.DueSoon, byMeta.DueWithin = true, 4*time.Hour
	limRep := byRep
	limRep.Limit, limRep.Sort = 2, audit.SortLate
	limited := fixtureWith(t, false, limRep)
	limMeta := byMeta
	limMeta.Limit = 2
	tests := []struct {
		name   string
		render func(io.Writer) error
	}{
		{"check.table", func(w io.Writer) error { return Table(w, plain, check, Options{}) }},
		{"check-accounts.table", func(w io.Writer) error { return Table(w, withAcc, checkAcc, Options{}) }},
		{"check.md", func(w io.Writer) error { return Markdown(w, plain, check) }},
		{"check-accounts.md", func(w io.Writer) error { return Markdown(w, withAcc, checkAcc) }},
		{"check.json", func(w io.Writer) error { return JSON(w, plain, check) }},
		{"check-accounts.json", func(w io.Writer) error { return JSON(w, withAcc, checkAcc) }},
		{"check.csv", func(w io.Writer) error { return CSV(w, plain, check) }},
		{"check.junit.xml", func(w io.Writer) error { return JUnit(w, plain, check) }},
		{"check.github", func(w io.Writer) error { return GitHub(w, plain, check) }},
		{"check-by.table", func(w io.Writer) error { return Table(w, by, byMeta, Options{}) }},
		{"check-by.md", func(w io.Writer) error { return Markdown(w, by, byMeta) }},
		{"check-by.json", func(w io.Writer) error { return JSON(w, by, byMeta) }},
		{"check-by.csv", func(w io.Writer) error { return CSV(w, by, byMeta) }},
		{"check-limit.table", func(w io.Writer) error { return Table(w, limited, limMeta, Options{}) }},
		{"check-limit.md", func(w io.Writer) error { return Markdown(w, limited, limMeta) }},
		{"check-by-80.table", func(w io.Writer) error { return Table(w, by, byMeta, Options{Width: 80}) }},
		{"credits.table", func(w io.Writer) error { return CreditsTable(w, withAcc, credits, Options{}) }},
		{"credits-detail.table", func(w io.Writer) error { return CreditsTable(w, withAcc, detail, Options{}) }},
		{"credits.csv", func(w io.Writer) error { return CreditsCSV(w, withAcc, credits) }},
		{"credits-detail.csv", func(w io.Writer) error { return CreditsCSV(w, withAcc, detail) }},
		{"credits.json", func(w io.Writer) error { return CreditsJSON(w, withAcc, credits) }},
		{"credits-detail.json", func(w io.Writer) error { return CreditsJSON(w, withAcc, detail) }},
		{"credits.md", func(w io.Writer) error { return CreditsMarkdown(w, withAcc, credits) }},
		{"credits-detail.md", func(w io.Writer) error { return CreditsMarkdown(w, withAcc, detail) }},
		{"plans.table", func(w io.Writer) error { return Plans(w, plans.Builtin(), Options{}) }},
		{"plans.json", func(w io.Writer) error { return PlansJSON(w, plans.Builtin()) }},
		{"plans-custom.table", func(w io.Writer) error { return Plans(w, customPlans(t), Options{}) }},
		{"plans-custom.json", func(w io.Writer) error { return PlansJSON(w, customPlans(t)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := tt.render(&a); err != nil {
				t.Fatal(err)
			}
			// SPEC §7: byte-for-byte deterministic.
			if err := tt.render(&b); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Fatalf("two renders differ")
			}
			golden(t, tt.name, a.Bytes())
		})
	}
}

// TestFixtureVerdicts guards the fixture itself: the goldens are only as
// good as the cases it holds.
func TestFixtureVerdicts(t *testing.T) {
	r := fixture(t, true)
	got := map[string]string{}
	for _, v := range r.Tickets {
		s := v.Status.String()
		if v.Severe {
			s += "+severe"
		}
		if v.Unanswered {
			s += "+unanswered"
		}
		got[v.Ticket.ID] = s
	}
	want := map[string]string{
		"1001": "met", "1002": "breached", "1003": "breached+severe",
		"1004": "breached+severe+unanswered", "1005": "pending", "1006": "excluded",
		"1007": "breached", "1008": "met", "1009": "breached", "1010": "breached",
		"1013": "breached+severe", "1014": "breached",
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("ticket %s: got %q, want %q", id, got[id], w)
		}
	}
	c := r.Counts
	if c.Rows != 16 || c.Audited != 11 || c.Excluded != 1 || c.Rejected != 3 || c.OutsidePeriod != 1 {
		t.Errorf("counts: got %+v, want rows 16 = 11 + 1 + 3 + 1", c)
	}
	if len(r.Credits) != 4 {
		t.Errorf("credits: got %d rows, want 4", len(r.Credits))
	}
}

type jsonOut struct {
	Counts struct {
		Rows, Audited, Excluded, Rejected int
	} `json:"counts"`
	Tickets []map[string]any `json:"tickets"`
	Summary []struct {
		Breached int `json:"breached"`
	} `json:"summary"`
}

func decodeJSON(t *testing.T, r *audit.Result) jsonOut {
	t.Helper()
	var buf bytes.Buffer
	if err := JSON(&buf, r, fixtureMeta); err != nil {
		t.Fatal(err)
	}
	var out jsonOut
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestJUnitCountsMatchJSON(t *testing.T) {
	r := fixture(t, true)
	js := decodeJSON(t, r)
	var buf bytes.Buffer
	if err := JUnit(&buf, r, fixtureMeta); err != nil {
		t.Fatal(err)
	}
	var ju junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &ju); err != nil {
		t.Fatalf("JUnit output is not XML: %v", err)
	}
	breached := 0
	for _, s := range js.Summary {
		breached += s.Breached
	}
	c := js.Counts
	checks := []struct {
		name      string
		got, want int
	}{
		{"tests", ju.Tests, c.Audited + c.Excluded + c.Rejected},
		{"failures", ju.Failures, breached},
		{"errors", ju.Errors, c.Rejected},
		{"skipped (sum of the suites')", ju.skipped(), c.Excluded},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("testsuites %s: got %d, want %d", ck.name, ck.got, ck.want)
		}
	}
	// The suites must add up to the totals and hold as many testcases as
	// they claim.
	var cases, failures, skipped int
	for _, s := range ju.Suites {
		if len(s.Cases) != s.Tests {
			t.Errorf("suite %s: %d testcases, tests=%d", s.Name, len(s.Cases), s.Tests)
		}
		for _, tc := range s.Cases {
			cases++
			if tc.Failure != nil {
				failures++
			}
			if tc.Skipped != nil {
				skipped++
			}
		}
	}
	if cases != ju.Tests || failures != ju.Failures || skipped != ju.skipped() {
		t.Errorf("testcases: got %d cases, %d failures, %d skipped; want %d, %d, %d",
			cases, failures, skipped, ju.Tests, ju.Failures, ju.skipped())
	}
	// A hostile customer name survives as data.
	if !strings.Contains(buf.String(), "&lt;/failure&gt;&lt;script&gt;") {
		t.Errorf("JUnit output does not escape the customer </failure><script>")
	}
}

func TestCSVRoundTrip(t *testing.T) {
	r := fixture(t, true)
	js := decodeJSON(t, r)
	var buf bytes.Buffer
	if err := CSV(&buf, r, fixtureMeta); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("CSV output does not parse: %v", err)
	}
	if got, want := len(rows)-1, len(js.Tickets); got != want {
		t.Fatalf("CSV rows: got %d, want %d (one per JSON ticket)", got, want)
	}
	for i, row := range rows[1:] {
		if got, want := row[0], js.Tickets[i]["id"]; got != want {
			t.Errorf("row %d: id got %q, want %q", i+1, got, want)
		}
	}
	if got, want := strings.Join(rows[0], ","), strings.Join(ticketColumns, ","); got != want {
		t.Errorf("header: got %s, want %s", got, want)
	}
}

func TestCSVFormulaInjection(t *testing.T) {
	r := fixture(t, false)
	var buf bytes.Buffer
	if err := CSV(&buf, r, fixtureMeta); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows {
		if row[0] == "1004" {
			found = true
			if got, want := row[1], "'=1+1"; got != want {
				t.Errorf("customer cell: got %q, want %q", got, want)
			}
		}
	}
	if !found {
		t.Fatal("ticket 1004 missing from CSV")
	}
}

func TestSafeCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=1+1", "'=1+1"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"acme", "acme"},
		{"", ""},
		{"1=1", "1=1"},
		{" =1", " =1"},
	}
	for _, tt := range tests {
		if got := SafeCell(tt.in); got != tt.want {
			t.Errorf("SafeCell(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestColor(t *testing.T) {
	r := fixture(t, true)
	m := Meta{Inputs: []string{"export.csv"}, Command: "check", Accounts: true, Detail: true}
	renders := []struct {
		name   string
		render func(io.Writer, Options) error
	}{
		{"Table", func(w io.Writer, o Options) error { return Table(w, r, m, o) }},
		{"CreditsTable", func(w io.Writer, o Options) error { return CreditsTable(w, r, m, o) }},
		{"Plans", func(w io.Writer, o Options) error { return Plans(w, plans.Builtin(), o) }},
	}
	for _, tt := range renders {
		var off, on bytes.Buffer
		if err := tt.render(&off, Options{Color: false}); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(off.Bytes(), []byte("\x1b")) {
			t.Errorf("%s without colour: output holds an escape code", tt.name)
		}
		if err := tt.render(&on, Options{Color: true}); err != nil {
			t.Fatal(err)
		}
		if tt.name != "Plans" && !bytes.Contains(on.Bytes(), []byte("\x1b[")) {
			t.Errorf("%s with colour: output holds no escape code", tt.name)
		}
	}
	// Colour stays off for the next caller whatever the last render asked.
	var after bytes.Buffer
	if err := Table(&after, r, m, Options{}); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(after.Bytes(), []byte("\x1b")) {
		t.Error("colour leaked into a later render")
	}
}

func TestFormatLate(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{500 * time.Millisecond, "0s"},
		{45 * time.Second, "45s"},
		{time.Minute, "1m00s"},
		{15 * time.Minute, "15m00s"},
		{59*time.Minute + 59*time.Second + 999*time.Millisecond, "59m59s"},
		{time.Hour + 5*time.Minute + 59*time.Second, "1h05m"},
		{23*time.Hour + 59*time.Minute, "23h59m"},
		{24 * time.Hour, "1d00h"},
		{51*time.Hour + 30*time.Minute, "2d03h"},
		{-15 * time.Minute, "-15m00s"},
	}
	for _, tt := range tests {
		if got := FormatLate(tt.in); got != tt.want {
			t.Errorf("FormatLate(%v): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAttainmentText(t *testing.T) {
	tests := []struct {
		met, breached int
		want          string
	}{
		{0, 0, "—"},
		{1, 0, "100.0%"},
		{0, 1, "0.0%"},
		{2, 1, "66.6%"},
		// Rounded down: 100.0% means no breach at all.
		{9999, 1, "99.9%"},
		{29, 71, "29.0%"},
	}
	for _, tt := range tests {
		s := audit.PlanSummary{Tally: audit.Tally{Met: tt.met, Breached: tt.breached}}
		if got := attainmentText(s); got != tt.want {
			t.Errorf("attainment %d/%d: got %q, want %q", tt.met, tt.breached, got, tt.want)
		}
	}
}

func TestHoursText(t *testing.T) {
	r := func(from, to int) []plans.Range { return []plans.Range{{From: from * 60, To: to * 60}} }
	var split plans.Plan
	for _, wd := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday} {
		split.Hours[wd] = r(7, 19)
	}
	split.Hours[time.Saturday] = r(9, 13)
	var two plans.Plan
	two.Hours[time.Wednesday] = []plans.Range{{From: 9 * 60, To: 12 * 60}, {From: 13 * 60, To: 17 * 60}}
	tests := []struct {
		name string
		p    *plans.Plan
		want string
	}{
		{"split week", &split, "Mon–Fri 07:00–19:00; Sat 09:00–13:00"},
		{"two ranges", &two, "Wed 09:00–12:00, 13:00–17:00"},
		{"none", &plans.Plan{}, "none"},
	}
	b := plans.Builtin()
	for _, key := range []struct{ key, want string }{
		{"limited", "none"}, {"standard", "Mon–Fri 07:00–19:00"},
		{"premium", "every day 06:00–21:00"}, {"24x7", "every hour"},
	} {
		p, _ := b.Lookup(key.key, asOf)
		tests = append(tests, struct {
			name string
			p    *plans.Plan
			want string
		}{key.key, p, key.want})
	}
	for _, tt := range tests {
		if got := HoursText(tt.p); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestMarkdownEscapesCells(t *testing.T) {
	tests := []struct{ in, want string }{
		{"| pipe |", `\| pipe \|`},
		{"</failure><script>", "&lt;/failure&gt;&lt;script&gt;"},
		{"a`b", "a\\`b"},
		{"two\nlines", "two lines"},
		{"\x1b[31mred", `\\x1b\[31mred`},
		{"a & b", "a &amp; b"},
	}
	for _, tt := range tests {
		if got := mdCell(tt.in); got != tt.want {
			t.Errorf("mdCell(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
	// Every row of every table has exactly its header's column count.
	var buf bytes.Buffer
	by := fixtureWith(t, false, audit.Reports{By: []audit.Dimension{audit.ByCustomer}, KeepExcluded: true, KeepPending: true,
		DueSoon: true, DueWithin: time.Hour})
	if err := Markdown(&buf, by, Meta{Command: "check", DueSoon: true, DueWithin: time.Hour}); err != nil {
		t.Fatal(err)
	}
	header, tables := 0, 0
	for _, line := range strings.Split(buf.String(), "\n") {
		if !strings.HasPrefix(line, "| ") {
			header = 0
			continue
		}
		unescaped := strings.Count(line, "|") - strings.Count(line, `\|`)
		if header == 0 {
			header = unescaped
			tables++
		}
		if unescaped != header {
			t.Errorf("row with %d cell borders under a header of %d: %s", unescaped, header, line)
		}
	}
	if tables < 6 {
		t.Errorf("%d tables, want summary, breakdown, due soon, breaches, excluded, pending, rejected", tables)
	}
}

func TestGitHubEscapes(t *testing.T) {
	if got, want := ghProperty("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae"; got != want {
		t.Errorf("ghProperty: got %q, want %q", got, want)
	}
	if got, want := ghData("50%\r\n::error::x"), "50%25%0D%0A::error::x"; got != want {
		t.Errorf("ghData: got %q, want %q", got, want)
	}
	var buf bytes.Buffer
	if err := GitHub(&buf, fixture(t, false), fixtureMeta); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		if !strings.HasPrefix(line, "::") {
			t.Errorf("line is not a workflow command: %q", line)
		}
		if strings.Contains(line, "more.json") && strings.Contains(line, "line=") {
			t.Errorf("a file:#index source has a line: %q", line)
		}
	}
}

func TestJSONShape(t *testing.T) {
	tests := []struct {
		name     string
		accounts bool
		want     []string
		absent   []string
	}{
		{"no accounts", false, []string{`"tickets": [`, `"warnings": []`, `"late_seconds": 0`},
			[]string{`"credits"`, `"credit_totals"`, `"events"`}},
		{"accounts", true, []string{`"credits": [`, `"credit_totals": [`, `"amount": "180.00"`,
			`"monthly_fee": "150000"`, `"amount": null`, `"not_in_accounts": [`}, nil},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := JSON(&buf, fixture(t, tt.accounts), Meta{Accounts: tt.accounts}); err != nil {
			t.Fatal(err)
		}
		for _, s := range tt.want {
			if !strings.Contains(buf.String(), s) {
				t.Errorf("%s: output lacks %s", tt.name, s)
			}
		}
		for _, s := range tt.absent {
			if strings.Contains(buf.String(), s) {
				t.Errorf("%s: output has %s", tt.name, s)
			}
		}
	}
	// An empty result still has arrays, never null, and an open period.
	empty := audit.New(audit.Options{Plans: plans.Builtin(), AsOf: asOf}).Result()
	var buf bytes.Buffer
	if err := JSON(&buf, empty, Meta{}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"tickets": []`, `"rejected": []`, `"summary": []`, `"from": null`, `"to": null`} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("empty result: output lacks %s:\n%s", s, buf.String())
		}
	}
}

func TestPeriodText(t *testing.T) {
	b := plans.Builtin()
	tests := []struct {
		from, to time.Time
		want     string
	}{
		{time.Time{}, time.Time{}, "all time"},
		{pt(2026, 10, 1, 0, 0), pt(2026, 11, 1, 0, 0), "2026-10-01 → 2026-11-01 (America/Los_Angeles)"},
		{pt(2026, 10, 1, 0, 0), time.Time{}, "from 2026-10-01 (America/Los_Angeles)"},
		{time.Time{}, pt(2026, 11, 1, 12, 30), "before 2026-11-01 12:30 PST (America/Los_Angeles)"},
	}
	for _, tt := range tests {
		r := &audit.Result{Plans: b, From: tt.from, To: tt.to}
		if got := PeriodText(r); got != tt.want {
			t.Errorf("periodText: got %q, want %q", got, tt.want)
		}
	}
}

// customPlans is a plans file with two versions of one plan, holidays, a
// split week and the business clock.
func customPlans(t *testing.T) *plans.Set {
	t.Helper()
	const src = `
timezone: Europe/Berlin
plans:
  - key: gold
    display: Gold
    aliases: [au]
    priority: high
    channels: [email, chat]
    business_hours:
      weekdays: ["08:00-12:00", "13:00-17:00"]
      sat: ["09:00-12:00"]
    holidays:
      calendars: [us]
      dates: ["2026-12-24..2026-12-26", "2026-12-31"]
    response: {business: 4h, off_hours: 1d}
    clock: business
  - key: gold
    display: Gold
    priority: high
    channels: [email, chat, phone]
    business_hours:
      daily: ["08:00-20:00"]
    response: {business: 2h, off_hours: 90m}
    effective_from: 2027-01-01
credits: {per_breach: 2.5, per_severe: 7.5, cap: 30}
`
	s, err := plans.Load(strings.NewReader(src), "custom.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// SPEC §10: on a terminal the table fits its width; off a terminal
// (Width 0) nothing is cut.
func TestTableFitsTheTerminal(t *testing.T) {
	// Without accounts: the credits' prose lines (the footer) are left for
	// the terminal to wrap, like the header's.
	r := fixtureWith(t, false, audit.Reports{By: []audit.Dimension{audit.ByCustomer, audit.ByWeek, audit.ByHour},
		KeepExcluded: true, KeepPending: true, DueSoon: true, DueWithin: 4 * time.Hour})
	m := Meta{Inputs: []string{"export.csv"}, Command: "check", DueSoon: true, DueWithin: 4 * time.Hour}
	var wide bytes.Buffer
	if err := Table(&wide, r, m, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(wide.String(), `plan standard does not cover channel "Phone"`) || strings.Contains(wide.String(), "…") {
		t.Errorf("Width 0 cut text:\n%s", wide.String())
	}
	for _, width := range []int{80, 100, 120} {
		for _, color := range []bool{false, true} {
			var buf bytes.Buffer
			if err := Table(&buf, r, m, Options{Width: width, Color: color}); err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(buf.String(), "\n") {
				if n := text.RuneWidthWithoutEscSequences(line); n > width {
					t.Errorf("width %d, colour %v: line of %d columns: %q", width, color, n, line)
				}
			}
			if width == 80 && !strings.Contains(buf.String(), "…") {
				t.Errorf("width %d: nothing was cut", width)
			}
		}
	}
}

func TestCutText(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"acme", 8, "acme"},
		{"exactly8", 8, "exactly8"},
		{"nine char", 8, "nine ch…"},
		{"ünïcödé names", 6, "ünïcö…"},
		{"x", 1, "x"},
		{"xy", 1, "…"},
	}
	for _, tt := range tests {
		if got := cutText(tt.in, tt.n); got != tt.want {
			t.Errorf("cutText(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
	if got, want := cutTextStart("testdata/export-2026-10.csv:123", 12), "…-10.csv:123"; got != want {
		t.Errorf("cutTextStart = %q, want %q", got, want)
	}
}
