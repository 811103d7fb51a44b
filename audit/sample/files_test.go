package sample

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

var update = flag.Bool("update", false, "rewrite golden files")

// The project's sample files. They are generated, never edited by hand:
//
//	go test ./audit/sample -run TestSampleFiles -update
//
// rewrites them; without -update the test fails when they are out of date.
// The README audits the export with --month 2026-10 --as-of
// 2026-11-01T07:00:00Z (midnight at the end of October, Pacific).
var (
	exportOptions = Options{
		Tickets: 300,
		Seed:    1,
		Month:   "2026-10",
		Bad:     6, // one of each kind
		Pending: 5, // still pending at the end of October
		Outside: 8, // submitted in November: outside --month 2026-10
	}
	historyOptions = Options{Tickets: 50, Seed: 1, Month: "2026-10", Shape: ShapeHistory, Pending: 2, Outside: 2}
)

// accounts is testdata/accounts.csv: most sample customers on term contracts
// in USD; nakatomi pays in JPY and zorg in EUR; soylent has no term
// contract; wonka's fee is unknown; initech moves from standard to premium
// on 2026-10-15 (as its tickets do); oscorp's tickets say Standard while the
// accounts say premium (the accounts file wins, with a warning); spacely,
// duff and buy-n-large are not in the accounts file.
const accounts = `customer,plan,term_contract,monthly_fee,currency,from,to
acme,premium,true,1200.00,USD,2025-07-01,
globex,standard,true,499.99,USD,,
initech,standard,true,499.99,USD,2025-01-01,2026-10-15
initech,premium,true,1200.00,USD,2026-10-15,
umbrella,24x7,true,4800.00,USD,,
wayne,Premium,yes,1200.00,USD,,
cyberdyne,24/7,true,4500.00,USD,,
hooli,premium,true,950.00,USD,,
black-mesa,24x7,true,3999.99,USD,,
virtucon,premium,true,1200.00,USD,,
vandelay,limited,true,199.00,USD,,
sterling-cooper,standard,true,499.99,USD,,
soylent,limited,false,99.00,USD,,
gringotts,premium,true,1200.00,USD,,
wonka,standard,true,,USD,,
stark,24x7 Support,true,5000.00,USD,,
massive-dynamic,premium,true,1200.00,USD,,
gekko,premium,true,1200.00,USD,,
dunder-mifflin,standard,1,499.99,USD,,
bluth,premium,true,1200.00,USD,,
tyrell,Premium Support,true,1200.00,USD,,
oscorp,premium,true,1200.00,USD,,
monarch,standard,true,499.99,USD,,
krusty,limited,true,199.00,USD,,
cogswell,standard,true,499.99,USD,,
weyland,24x7,true,4800.00,USD,,
tessier-ashpool,24x7,true,4800.00,USD,,
nakatomi,premium,true,150000,JPY,,
aperture,standard,true,499.99,USD,,
rekall,24x7,true,4800.00,USD,,
prestige,standard,true,499.99,USD,,
omni,standard,true,499.99,USD,,
ingen,premium,true,1200.00,USD,,
encom,premium,true,1200.00,USD,,
zorg,premium,true,1100.00,EUR,,
yoyodyne,standard,true,499.99,USD,,
sirius,standard,true,499.99,USD,,
pied-piper,limited,true,199.00,USD,,
`

func TestSampleFiles(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata")
	jsonOptions := exportOptions
	jsonOptions.Format = FormatJSON
	files := []struct {
		name string
		data []byte
	}{
		{"export-2026-10.csv", generate(t, exportOptions)},
		{"export-2026-10.json", generate(t, jsonOptions)},
		{"history-2026-10.csv", generate(t, historyOptions)},
		{"accounts.csv", []byte(accounts)},
	}
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if *update {
			if err := os.WriteFile(path, f.data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to write it)", err)
		}
		if !bytes.Equal(got, f.data) {
			t.Errorf("%s is out of date: run go test ./audit/sample -run TestSampleFiles -update", path)
		}
	}
}

// TestSampleExportShowsEveryVerdict replays the sample export the way the
// README does and checks that it demonstrates every outcome.
func TestSampleExportShowsEveryVerdict(t *testing.T) {
	set := plans.Builtin()
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, set.Location)
	to := from.AddDate(0, 1, 0)
	asOf := time.Date(2026, 11, 1, 7, 0, 0, 0, time.UTC)
	if !asOf.Equal(to) {
		t.Fatalf("as-of %s is not the end of October %s", asOf, to)
	}
	accts := readAccounts(t, accounts)
	a := audit.New(audit.Options{Plans: set, Accounts: accts, AsOf: asOf, From: from, To: to, KeepTickets: true})
	_, rows := readCSV(t, generate(t, exportOptions))
	for i, row := range rows {
		src := audit.Source{File: "export-2026-10.csv", Line: i + 2}
		if strings.TrimSpace(row["id"]) == "" {
			a.Reject(audit.Rejection{Source: src, Field: "id", Reason: "missing id"})
			continue
		}
		sub, err := time.Parse(time.RFC3339, row["submitted_at"])
		if err != nil {
			a.Reject(audit.Rejection{Source: src, Field: "submitted_at", Reason: err.Error()})
			continue
		}
		var resp time.Time
		if s := row["first_response_at"]; s != "" {
			if resp, err = time.Parse(time.RFC3339, s); err != nil {
				a.Reject(audit.Rejection{Source: src, Field: "first_response_at", Reason: err.Error()})
				continue
			}
		}
		a.Audit(&audit.Ticket{ID: row["id"], Customer: row["customer"], Plan: row["plan"], Channel: row["channel"],
			Priority: row["priority"], Submitted: sub, FirstResponse: resp, Source: src})
	}
	r := a.Result()
	if !r.Counts.Balanced() {
		t.Errorf("counts %+v do not balance", r.Counts)
	}
	if got, want := r.Counts.Rejected, exportOptions.Bad; got != want {
		t.Errorf("rejected = %d, want %d: %v", got, want, rejections(r.Rejected))
	}
	if got, want := r.Counts.OutsidePeriod, exportOptions.Outside; got != want {
		t.Errorf("outside period = %d, want %d", got, want)
	}
	seen := map[string]int{}
	warned := map[string]bool{}
	for _, v := range r.Tickets {
		seen[v.Status.String()]++
		switch {
		case v.Unanswered:
			seen["unanswered"]++
		case v.Status == audit.Breached:
			seen["answered late"]++
		case v.Status == audit.Met && v.Ticket.FirstResponse.Equal(v.Deadline):
			seen["met at the deadline"]++
		}
		if v.Severe {
			seen["severe"]++
		}
		if len(v.Warnings) > 0 {
			warned[v.Ticket.Customer] = true
		}
	}
	t.Logf("verdicts: %v", seen)
	for _, want := range []string{"met", "met at the deadline", "breached", "answered late", "severe", "unanswered", "pending", "excluded"} {
		if seen[want] == 0 {
			t.Errorf("no %s ticket in the sample export (seen %v)", want, seen)
		}
	}
	if seen["pending"] < exportOptions.Pending {
		t.Errorf("%d pending tickets, want at least %d", seen["pending"], exportOptions.Pending)
	}
	if got, want := mapKeys(warned), []string{"oscorp"}; !slices.Equal(got, want) {
		t.Errorf("plan warnings for %v, want %v", got, want)
	}
	if got, want := r.NotInAccounts, []string{"buy-n-large", "duff", "spacely"}; !slices.Equal(got, want) {
		t.Errorf("not in accounts = %v, want %v", got, want)
	}
	reasons := map[string]bool{}
	currencies := map[string]bool{}
	initech := 0
	for _, c := range r.Credits {
		reasons[c.Reason] = true
		currencies[c.Currency] = true
		if c.Customer == "initech" {
			initech++
		}
	}
	for _, want := range []string{"", "no term contract", "monthly fee unknown"} {
		if !reasons[want] {
			t.Errorf("no credit row with reason %q", want)
		}
	}
	if got, want := mapKeys(currencies), []string{"EUR", "JPY", "USD"}; !slices.Equal(got, want) {
		t.Errorf("credit currencies %v, want %v", got, want)
	}
	if initech != 2 {
		t.Errorf("initech has %d credit rows, want 2 (one per accounts row in October)", initech)
	}
}

// TestSampleHistoryShowsEveryVerdict checks that the small history still has
// every status at the end of October.
func TestSampleHistoryShowsEveryVerdict(t *testing.T) {
	o := historyOptions
	o.Shape = ShapeRows
	_, rows := readCSV(t, generate(t, o))
	set := plans.Builtin()
	end := time.Date(2026, 11, 1, 0, 0, 0, 0, set.Location)
	seen := map[string]int{}
	a := audit.New(audit.Options{Plans: set, AsOf: end, To: end, OnVerdict: func(v *audit.Verdict) {
		seen[v.Status.String()]++
		if v.Unanswered {
			seen["unanswered"]++
		}
		if v.Severe {
			seen["severe"]++
		}
	}})
	for i, row := range rows {
		tk := audit.Ticket{ID: fmt.Sprint(i), Plan: row["plan"], Channel: row["channel"]}
		tk.Submitted, _ = time.Parse(time.RFC3339, row["submitted_at"])
		if s := row["first_response_at"]; s != "" {
			tk.FirstResponse, _ = time.Parse(time.RFC3339, s)
		}
		a.Audit(&tk)
	}
	res := a.Result()
	seen["outside"] = res.Counts.OutsidePeriod
	if res.Counts.Rejected != 0 {
		t.Errorf("%d sample rows rejected: %v", res.Counts.Rejected, rejections(res.Rejected))
	}
	for _, want := range []string{"met", "breached", "unanswered", "pending", "outside"} {
		if seen[want] == 0 {
			t.Errorf("no %s ticket in the sample history (seen %v)", want, seen)
		}
	}
}

func mapKeys(m map[string]bool) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// readAccounts parses the accounts CSV above: enough of SPEC §6 "Accounts"
// for this test, which must not depend on the readers.
func readAccounts(t *testing.T, text string) *audit.Accounts {
	t.Helper()
	loc := plans.Builtin().Location
	_, rows := readCSV(t, []byte(text))
	var list []audit.Account
	for i, row := range rows {
		acc := audit.Account{
			Customer:     row["customer"],
			Plan:         row["plan"],
			TermContract: row["term_contract"] == "true" || row["term_contract"] == "yes" || row["term_contract"] == "1",
			Currency:     row["currency"],
			Source:       audit.Source{File: "accounts.csv", Line: i + 2},
		}
		if !plans.Builtin().Knows(acc.Plan) {
			t.Errorf("accounts.csv:%d: unknown plan %q", i+2, acc.Plan)
		}
		if s := row["monthly_fee"]; s != "" {
			fee := decimal.RequireFromString(s)
			acc.MonthlyFee = &fee
		}
		for _, d := range []struct {
			s  string
			at *time.Time
		}{{row["from"], &acc.From}, {row["to"], &acc.To}} {
			if d.s == "" {
				continue
			}
			at, err := time.ParseInLocation("2006-01-02", d.s, loc)
			if err != nil {
				t.Fatal(err)
			}
			*d.at = at
		}
		list = append(list, acc)
	}
	a, err := audit.NewAccounts(list)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// rejections lists the rejected rows of a result, for a failure message.
func rejections(l *audit.Rejections) []audit.Rejection {
	var out []audit.Rejection
	for _, r := range l.All() {
		out = append(out, r)
	}
	return out
}
