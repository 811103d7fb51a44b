package xlsx

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

func decPtr(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

// testResult is a hand-made credits result: formula-looking customer names,
// three currencies, an unknown fee, and two accounts rows of one customer in
// one month.
func testResult(t *testing.T) *audit.Result {
	t.Helper()
	set := plans.Builtin()
	loc := set.Location
	acme1 := &audit.Account{Customer: "acme", Plan: "premium", TermContract: true, MonthlyFee: decPtr("1200"), Currency: "USD",
		To: time.Date(2026, 10, 15, 0, 0, 0, 0, loc)}
	acme2 := &audit.Account{Customer: "acme", Plan: "24x7", TermContract: true, MonthlyFee: decPtr("3000.5"), Currency: "USD",
		From: time.Date(2026, 10, 15, 0, 0, 0, 0, loc)}
	formula := &audit.Account{Customer: "=1+1", Plan: "premium", TermContract: true, MonthlyFee: decPtr("12345"), Currency: "JPY"}
	link := &audit.Account{Customer: `=HYPERLINK("http://x","y")`, Plan: "premium", TermContract: true, MonthlyFee: decPtr("1.234"), Currency: "KWD"}
	nofee := &audit.Account{Customer: "nofee", Plan: "premium", TermContract: true, Currency: "EUR"}
	credit := func(a *audit.Account, month string, breaches, severe int, percent, amount, reason string) audit.Credit {
		c := audit.Credit{Customer: a.Customer, Month: month, Plan: a.Plan, TermContract: a.TermContract,
			Breaches: breaches, Severe: severe, Percent: decimal.RequireFromString(percent),
			UncappedPercent: decimal.RequireFromString(percent),
			MonthlyFee:      a.MonthlyFee, Currency: a.Currency, Reason: reason, Account: a}
		if amount != "" {
			c.Amount = decPtr(amount)
		}
		return c
	}
	breach := func(a *audit.Account, id string, submitted time.Time, late time.Duration, severe bool) audit.Verdict {
		return audit.Verdict{Ticket: audit.Ticket{ID: id, Customer: a.Customer, Submitted: submitted},
			Account: a, Status: audit.Breached, Window: time.Hour, Deadline: submitted.Add(time.Hour),
			Late: late, Severe: severe}
	}
	pt := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, loc) }
	r := &audit.Result{
		AsOf:  time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC),
		Plans: set,
		Credits: []audit.Credit{
			credit(formula, "2026-10", 1, 0, "5", "617", ""),
			credit(link, "2026-10", 1, 0, "5", "0.062", ""),
			credit(acme1, "2026-10", 1, 0, "5", "60", ""),
			credit(acme2, "2026-10", 2, 1, "15", "450.08", ""),
			credit(acme2, "2026-11", 0, 0, "0", "0", ""),
			credit(nofee, "2026-10", 1, 0, "5", "", "monthly fee unknown"),
		},
		CreditTotals: []audit.CreditTotal{
			{Currency: "JPY", Amount: decimal.RequireFromString("617")},
			{Currency: "KWD", Amount: decimal.RequireFromString("0.062")},
			{Currency: "USD", Amount: decimal.RequireFromString("510.08")},
		},
		// Sorted by submission, as the engine keeps them.
		Breaches: verdicts(
			breach(formula, "0007", pt(10, 2, 10), 30*time.Minute+500*time.Millisecond, false),
			breach(acme1, "11", pt(10, 3, 10), 30*time.Minute, false),
			breach(acme2, "12", pt(10, 20, 10), 2*time.Hour, true),
			breach(acme2, "13", pt(10, 31, 23), 10*time.Minute, false), // November in UTC, October here
			breach(link, "14", pt(10, 2, 11), time.Minute, false),
			breach(nofee, "15", pt(10, 2, 12), time.Minute, false),
		),
	}
	// The breaches behind each credit row, as the engine keeps them with
	// Options.CreditDetail: its accounts row, its month in the report zone.
	for i := range r.Credits {
		c := &r.Credits[i]
		var behind []audit.Verdict
		for _, v := range r.Breaches.All() {
			if v.Account == c.Account && v.Ticket.Submitted.In(loc).Format("2006-01") == c.Month {
				behind = append(behind, *v)
			}
		}
		c.Behind = verdicts(behind...)
	}
	return r
}

// verdicts returns a list holding copies of vs, in their order.
func verdicts(vs ...audit.Verdict) *audit.Verdicts {
	l := new(audit.Verdicts)
	for i := range vs {
		l.Add(&vs[i])
	}
	return l
}

func write(t *testing.T, r *audit.Result, detail bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Credits(&buf, r, detail); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func open(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// cellKind is what a test expects a cell to hold.
type cellKind int

const (
	text cellKind = iota
	number
	boolean
	empty
)

func kindOf(t *testing.T, f *excelize.File, sheet, cell string) cellKind {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	switch typ {
	case excelize.CellTypeSharedString, excelize.CellTypeInlineString:
		return text
	case excelize.CellTypeBool:
		return boolean
	case excelize.CellTypeUnset, excelize.CellTypeNumber:
		if raw == "" {
			return empty
		}
		return number
	}
	t.Fatalf("%s!%s: unexpected cell type %v", sheet, cell, typ)
	return empty
}

func numFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

type cellWant struct {
	cell   string
	kind   cellKind
	raw    string // the stored value
	format string // custom number format, "" for none
}

func checkCells(t *testing.T, f *excelize.File, sheet string, want []cellWant) {
	t.Helper()
	for _, w := range want {
		if got := kindOf(t, f, sheet, w.cell); got != w.kind {
			t.Errorf("%s!%s: got kind %d, want %d", sheet, w.cell, got, w.kind)
		}
		raw, err := f.GetCellValue(sheet, w.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if raw != w.raw {
			t.Errorf("%s!%s: got value %q, want %q", sheet, w.cell, raw, w.raw)
		}
		if got := numFmt(t, f, sheet, w.cell); got != w.format {
			t.Errorf("%s!%s: got number format %q, want %q", sheet, w.cell, got, w.format)
		}
		if formula, _ := f.GetCellFormula(sheet, w.cell); formula != "" {
			t.Errorf("%s!%s: got formula %q, want none", sheet, w.cell, formula)
		}
	}
}

const usd = `#,##0.00 "USD"`

func TestCreditsSheet(t *testing.T) {
	f := open(t, write(t, testResult(t), false))
	if got, want := f.GetSheetList(), []string{CreditsSheet, TotalsSheet}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got sheets %v, want %v", got, want)
	}
	rows, err := f.GetRows(CreditsSheet)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows[0], creditHeader) {
		t.Errorf("got header %q, want %q", rows[0], creditHeader)
	}
	panes, err := f.GetPanes(CreditsSheet)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
		t.Errorf("got panes %+v, want the header row frozen", panes)
	}
	checkCells(t, f, CreditsSheet, []cellWant{
		// Formula-looking names are inert text.
		{"A2", text, "=1+1", ""},
		{"A3", text, `=HYPERLINK("http://x","y")`, ""},
		// 2026-10-01 is day 46296 of Excel's 1900 date system.
		{"B2", number, "46296", "yyyy-mm"},
		{"C2", text, "premium", ""},
		{"D2", boolean, "1", ""},
		{"E2", number, "1", ""},
		{"F2", number, "0", ""},
		{"G2", number, "5", ""},
		{"H2", number, "5", ""},
		{"I2", number, "12345", `#,##0 "JPY"`},
		{"J2", text, "JPY", ""},
		{"K2", number, "617", `#,##0 "JPY"`},
		{"I3", number, "1.234", `#,##0.000 "KWD"`},
		{"K3", number, "0.062", `#,##0.000 "KWD"`},
		{"I4", number, "1200.00", usd},
		{"K4", number, "60.00", usd},
		{"I5", number, "3000.50", usd},
		{"G5", number, "15", ""},
		{"K5", number, "450.08", usd},
		{"B6", number, "46327", "yyyy-mm"},
		{"K6", number, "0.00", usd},
		// Unknown fee: fee and amount empty, the reason says why.
		{"G7", number, "5", ""},
		{"I7", empty, "", ""},
		{"K7", empty, "", ""},
		{"L7", text, "monthly fee unknown", ""},
		{"A9", text, Note, ""},
	})
	if got, _ := f.GetCellValue(CreditsSheet, "B2"); got != "2026-10" {
		t.Errorf("B2 formatted: got %q, want 2026-10", got)
	}

	checkCells(t, f, TotalsSheet, []cellWant{
		{"A1", text, "currency", ""},
		{"A2", text, "JPY", ""},
		{"B2", number, "617", `#,##0 "JPY"`},
		{"B3", number, "0.062", `#,##0.000 "KWD"`},
		{"B4", number, "510.08", usd},
		{"A6", text, Note, ""},
	})
	if panes, _ := f.GetPanes(TotalsSheet); !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("Totals: got panes %+v, want the header row frozen", panes)
	}
}

func TestBreachesSheet(t *testing.T) {
	f := open(t, write(t, testResult(t), true))
	if got, want := f.GetSheetList(), []string{CreditsSheet, TotalsSheet, BreachesSheet}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got sheets %v, want %v", got, want)
	}
	rows, err := f.GetRows(BreachesSheet)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"customer", "month", "ticket id", "submitted (America/Los_Angeles)", "deadline (America/Los_Angeles)", "late seconds", "severe"},
		// In credit-row order, each row's breaches by submission.
		{"=1+1", "2026-10", "0007", "2026-10-02 10:00:00", "2026-10-02 11:00:00", "1800", "FALSE"},
		{`=HYPERLINK("http://x","y")`, "2026-10", "14", "2026-10-02 11:00:00", "2026-10-02 12:00:00", "60", "FALSE"},
		{"acme", "2026-10", "11", "2026-10-03 10:00:00", "2026-10-03 11:00:00", "1800", "FALSE"},
		{"acme", "2026-10", "12", "2026-10-20 10:00:00", "2026-10-20 11:00:00", "7200", "TRUE"},
		{"acme", "2026-10", "13", "2026-10-31 23:00:00", "2026-11-01 00:00:00", "600", "FALSE"},
		{"nofee", "2026-10", "15", "2026-10-02 12:00:00", "2026-10-02 13:00:00", "60", "FALSE"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("got rows\n%q\nwant\n%q", rows, want)
	}
	checkCells(t, f, BreachesSheet, []cellWant{
		{"A2", text, "=1+1", ""},
		{"C2", text, "0007", ""}, // ids stay text: leading zeros survive
		{"F2", number, "1800", ""},
		{"G5", boolean, "1", ""},
	})
	if got := numFmt(t, f, BreachesSheet, "D2"); got != "yyyy-mm-dd hh:mm:ss" {
		t.Errorf("D2: got number format %q, want a date-time", got)
	}
}

func TestCreditsDeterministic(t *testing.T) {
	first := write(t, testResult(t), true)
	for range 3 {
		if again := write(t, testResult(t), true); !bytes.Equal(first, again) {
			t.Fatal("two runs on the same result gave different bytes")
		}
	}
	props, err := open(t, first).GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Created != "2026-12-01T08:00:00Z" || props.Modified != "2026-12-01T08:00:00Z" {
		t.Errorf("got created %q modified %q, want the audit instant", props.Created, props.Modified)
	}
}

func TestCreditsEmpty(t *testing.T) {
	f := open(t, write(t, &audit.Result{Plans: plans.Builtin()}, true))
	rows, err := f.GetRows(CreditsSheet)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{creditHeader, nil, {Note}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("got rows %q, want %q", rows, want)
	}
}
