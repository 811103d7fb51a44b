package report

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

var la = mustZone("America/Los_Angeles")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// pt is a Pacific wall-clock instant.
func pt(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, la)
}

// asOf is the audit instant of every fixture: 2026-11-01 00:00 PDT.
var asOf = time.Date(2026, 11, 1, 7, 0, 0, 0, time.UTC)

func csvAt(line int) audit.Source { return audit.Source{File: "export.csv", Line: line} }
func jsonAt(index int) audit.Source {
	return audit.Source{File: "more.json", Index: index, IsIndex: true}
}

func fee(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

// fixtureAccounts: acme on a USD term contract, globex on a JPY term
// contract, initech without a term contract and umbrella with an unknown fee.
func fixtureAccounts(t testing.TB) *audit.Accounts {
	t.Helper()
	acc, err := audit.NewAccounts([]audit.Account{
		{Customer: "acme", Plan: "premium", TermContract: true, MonthlyFee: fee("1200"), Currency: "USD", Source: audit.Source{File: "accounts.csv", Line: 2}},
		{Customer: "globex", Plan: "24x7", TermContract: true, MonthlyFee: fee("150000"), Currency: "JPY", Source: audit.Source{File: "accounts.csv", Line: 3}},
		{Customer: "initech", Plan: "Standard Support", TermContract: false, MonthlyFee: fee("500"), Currency: "USD", Source: audit.Source{File: "accounts.csv", Line: 4}},
		{Customer: "umbrella", Plan: "limited", TermContract: true, Currency: "USD", Source: audit.Source{File: "accounts.csv", Line: 5}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return acc
}

// fixtureTickets covers every verdict and every hostile customer name a
// renderer must survive. Comments give the expected verdict.
func fixtureTickets() []audit.Ticket {
	return []audit.Ticket{
		// met; its plan column disagrees with the accounts file (warning).
		{ID: "1001", Customer: "acme", Plan: "Standard", Channel: "email", Priority: "high",
			Submitted: pt(2026, 10, 2, 10, 30), FirstResponse: pt(2026, 10, 2, 10, 50), Source: csvAt(2)},
		// breached by 15m (business, 1h).
		{ID: "1002", Customer: "acme", Plan: "premium", Channel: "chat",
			Submitted: pt(2026, 10, 2, 10, 30), FirstResponse: pt(2026, 10, 2, 11, 45), Source: csvAt(3)},
		// severe: off hours (6h), answered 7h late.
		{ID: "1003", Customer: "acme", Plan: "Premium Support", Channel: "email",
			Submitted: pt(2026, 10, 3, 22, 0), FirstResponse: pt(2026, 10, 4, 11, 0), Source: csvAt(4)},
		// unanswered, severe at as_of; customer not in accounts, formula-like.
		{ID: "1004", Customer: "=1+1", Plan: "standard", Channel: "web",
			Submitted: pt(2026, 10, 5, 8, 0), Source: csvAt(5),
			Warnings: []string{"submitted_at: zone-less time read in America/Los_Angeles"}},
		// pending: 24/7, deadline after as_of.
		{ID: "1005", Customer: "</failure><script>", Plan: "24/7", Channel: "phone",
			Submitted: pt(2026, 10, 31, 23, 30), Source: csvAt(6)},
		// excluded: phone on standard.
		{ID: "1006", Customer: "| pipe |", Plan: "standard", Channel: "Phone",
			Submitted: pt(2026, 10, 6, 9, 0), FirstResponse: pt(2026, 10, 6, 9, 5), Source: csvAt(7)},
		// breached by 20m (24/7, JPY).
		{ID: "1007", Customer: "globex", Plan: "24x7", Channel: "chat",
			Submitted: pt(2026, 10, 10, 3, 0), FirstResponse: pt(2026, 10, 10, 4, 20), Source: csvAt(8)},
		// met.
		{ID: "1008", Customer: "globex", Plan: "24x7",
			Submitted: pt(2026, 10, 11, 3, 0), FirstResponse: pt(2026, 10, 11, 3, 30), Source: csvAt(9)},
		// breached by 1h, no term contract.
		{ID: "1009", Customer: "initech", Plan: "standard", Channel: "web",
			Submitted: pt(2026, 10, 6, 9, 0), FirstResponse: pt(2026, 10, 7, 10, 0), Source: csvAt(10)},
		// breached by 1h30m, fee unknown.
		{ID: "1010", Customer: "umbrella", Plan: "Limited Support",
			Submitted: pt(2026, 10, 8, 12, 0), FirstResponse: pt(2026, 10, 10, 13, 30), Source: csvAt(11)},
		// outside the period.
		{ID: "1011", Customer: "acme", Submitted: pt(2026, 9, 30, 12, 0), Source: csvAt(12)},
		// rejected: duplicate id.
		{ID: "1002", Customer: "acme", Submitted: pt(2026, 10, 2, 12, 0), Source: csvAt(13)},
		// rejected: unknown plan.
		{ID: "1012", Customer: "hooli", Plan: "gold", Submitted: pt(2026, 10, 2, 12, 0), Source: csvAt(15)},
		// severe, from a JSON array (no line): 24h window, 26h late.
		{ID: "1013", Customer: "initech", Plan: "standard", Channel: "email",
			Submitted: pt(2026, 10, 20, 18, 0), FirstResponse: pt(2026, 10, 22, 20, 0), Source: jsonAt(0)},
		// breached by half a second: late_seconds 0.
		{ID: "1014", Customer: "globex", Plan: "24/7", Channel: "web",
			Submitted:     pt(2026, 10, 12, 10, 0),
			FirstResponse: pt(2026, 10, 12, 11, 0).Add(500 * time.Millisecond), Source: jsonAt(1)},
	}
}

// fixture runs the real auditor over the fixture tickets for October 2026,
// keeping tickets and breaches, with the fixture accounts when accounts is
// set.
func fixture(t testing.TB, accounts bool) *audit.Result {
	t.Helper()
	return fixtureWith(t, accounts, audit.Reports{CreditDetail: accounts, KeepExcluded: true, KeepPending: true})
}

// fixtureWith is fixture with the reports of SPEC §10 asked for.
func fixtureWith(t testing.TB, accounts bool, rep audit.Reports) *audit.Result {
	t.Helper()
	opts := audit.Options{
		Plans: plans.Builtin(), AsOf: asOf,
		From: pt(2026, 10, 1, 0, 0), To: pt(2026, 11, 1, 0, 0),
		KeepTickets: true, KeepBreaches: true, Reports: rep,
	}
	if accounts {
		opts.Accounts = fixtureAccounts(t)
	}
	a := audit.New(opts)
	tickets := fixtureTickets()
	for i := range tickets {
		a.Audit(&tickets[i])
		if i == 11 {
			a.Reject(audit.Rejection{Source: csvAt(14), Field: "submitted_at", Reason: `"2026-13-01" is not a time`})
		}
	}
	return a.Result()
}

var fixtureMeta = Meta{Inputs: []string{"export.csv", "more.json"}, Command: "check"}
