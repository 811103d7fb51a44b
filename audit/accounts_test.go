package audit_test

import (
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/audit"
)

var acctLA = func() *time.Location {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		panic(err)
	}
	return loc
}()

// day is local midnight in Los Angeles; day(0, 0, 0) is the zero time (an
// open bound).
func day(y int, m time.Month, d int) time.Time {
	if y == 0 {
		return time.Time{}
	}
	return time.Date(y, m, d, 0, 0, 0, 0, acctLA)
}

func line(n int) audit.Source { return audit.Source{File: "accounts.csv", Line: n} }

func index(n int) audit.Source { return audit.Source{File: "accounts.json", Index: n, IsIndex: true} }

func TestNewAccountsErrors(t *testing.T) {
	row := func(customer string, from, to time.Time, src audit.Source) audit.Account {
		return audit.Account{Customer: customer, Plan: "premium", Currency: "USD", From: from, To: to, Source: src}
	}
	tests := []struct {
		name string
		rows []audit.Account
		want string // "" = valid
	}{
		{"adjacent rows do not overlap", []audit.Account{
			row("acme", day(2026, 10, 15), day(0, 0, 0), line(3)),
			row("acme", day(0, 0, 0), day(2026, 10, 15), line(2)),
		}, ""},
		{"other customers may share dates", []audit.Account{
			row("acme", day(0, 0, 0), day(0, 0, 0), line(2)),
			row("Acme", day(0, 0, 0), day(0, 0, 0), line(3)),
		}, ""},
		{"overlap names the later line first", []audit.Account{
			row("acme", day(2026, 10, 1), day(2026, 11, 1), line(2)),
			row("globex", day(0, 0, 0), day(0, 0, 0), line(3)),
			row("acme", day(2026, 10, 31), day(0, 0, 0), line(4)),
		}, `accounts.csv:4: customer "acme": row overlaps the row at accounts.csv:2`},
		{"overlap listed in reverse date order", []audit.Account{
			row("acme", day(2026, 10, 31), day(0, 0, 0), line(2)),
			row("acme", day(2026, 10, 1), day(2026, 11, 1), line(5)),
		}, `accounts.csv:5: customer "acme": row overlaps the row at accounts.csv:2`},
		{"two open-start rows overlap", []audit.Account{
			row("acme", day(0, 0, 0), day(2026, 1, 1), line(2)),
			row("acme", day(0, 0, 0), day(2026, 2, 1), line(3)),
		}, `accounts.csv:3: customer "acme": row overlaps the row at accounts.csv:2`},
		{"JSON overlap names indexes in order", []audit.Account{
			row("acme", day(2026, 10, 31), day(0, 0, 0), index(0)),
			row("acme", day(2026, 10, 1), day(2026, 11, 1), index(1)),
		}, `accounts.json:#1: customer "acme": row overlaps the row at accounts.json:#0`},
		{"first customer in file order is reported", []audit.Account{
			row("zed", day(0, 0, 0), day(0, 0, 0), line(2)),
			row("abe", day(0, 0, 0), day(0, 0, 0), line(3)),
			row("abe", day(0, 0, 0), day(0, 0, 0), line(4)),
			row("zed", day(0, 0, 0), day(0, 0, 0), line(5)),
		}, `accounts.csv:5: customer "zed": row overlaps the row at accounts.csv:2`},
		{"to not after from", []audit.Account{
			row("acme", day(2026, 10, 1), day(2026, 10, 1), line(2)),
		}, `accounts.csv:2: to: 2026-10-01T00:00:00-07:00 is not after from 2026-10-01T00:00:00-07:00`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Run several times: the check must not depend on map order.
			for range 5 {
				_, err := audit.NewAccounts(append([]audit.Account(nil), tt.rows...))
				got := ""
				if err != nil {
					got = err.Error()
				}
				if got != tt.want {
					t.Fatalf("got error %q, want %q", got, tt.want)
				}
			}
		})
	}
}

func TestAccountsInEffect(t *testing.T) {
	accts, err := audit.NewAccounts([]audit.Account{
		{Customer: "acme", Plan: "premium", To: day(2026, 10, 15), Source: line(2)},
		{Customer: "acme", Plan: "24x7", From: day(2026, 10, 15), To: day(2026, 11, 1), Source: line(3)},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		customer string
		at       time.Time
		want     string // plan, "" = none
	}{
		{"acme", day(2000, 1, 1), "premium"},
		{"acme", day(2026, 10, 15).Add(-time.Nanosecond), "premium"},
		{"acme", day(2026, 10, 15), "24x7"}, // from inclusive
		{"acme", day(2026, 11, 1).Add(-time.Nanosecond), "24x7"},
		{"acme", day(2026, 11, 1), ""}, // to exclusive
		{"Acme", day(2026, 10, 1), ""}, // customers are case-sensitive
	}
	for _, tt := range tests {
		got := ""
		if a := accts.InEffect(tt.customer, tt.at); a != nil {
			got = a.Plan
		}
		if got != tt.want {
			t.Errorf("InEffect(%q, %v): got %q, want %q", tt.customer, tt.at, got, tt.want)
		}
	}
	var none *audit.Accounts
	if got := none.InEffect("acme", day(2026, 10, 1)); got != nil {
		t.Errorf("nil Accounts: got %+v, want nil", got)
	}
}
