package audit_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func decPtr(s string) *decimal.Decimal {
	d := dec(s)
	return &d
}

var builtinSchedule = plans.CreditSchedule{PerBreach: dec("5"), PerSevere: dec("10"), Cap: dec("50")}

func TestCreditAmount(t *testing.T) {
	tests := []struct {
		name             string
		schedule         plans.CreditSchedule
		ordinary, severe int
		fee              string
		minor            int
		percent, amount  string // amount at the minor unit
	}{
		{"rounds down below half a cent", builtinSchedule, 1, 0, "0.05", 2, "5", "0.00"},
		{"61.728 rounds to 61.73", builtinSchedule, 1, 0, "1234.56", 2, "5", "61.73"},
		{"exact half rounds away from zero", builtinSchedule, 1, 0, "0.10", 2, "5", "0.01"},
		{"exact half rounds away from zero, odd", builtinSchedule, 1, 0, "0.30", 2, "5", "0.02"},
		{"JPY has no minor unit", builtinSchedule, 1, 0, "12345", 0, "5", "617"},
		{"JPY half rounds up", builtinSchedule, 1, 0, "1250", 0, "5", "63"},
		{"KWD has three digits", builtinSchedule, 1, 0, "12.345", 3, "5", "0.617"},
		{"BHD half rounds away from zero", builtinSchedule, 0, 1, "1.005", 3, "10", "0.101"},
		{"ordinary and severe add up", builtinSchedule, 1, 1, "1200.00", 2, "15", "180.00"},
		{"cap reached exactly", builtinSchedule, 10, 0, "1000", 2, "50", "500.00"},
		{"six severe breaches are capped at 50", builtinSchedule, 0, 6, "1000", 2, "50", "500.00"},
		{"no breach", builtinSchedule, 0, 0, "1000", 2, "0", "0.00"},
		{"fractional schedule stays exact", plans.CreditSchedule{PerBreach: dec("2.5"), PerSevere: dec("7.5"), Cap: dec("33.3")},
			1, 1, "100.01", 2, "10", "10.00"},
		{"fractional cap", plans.CreditSchedule{PerBreach: dec("2.5"), PerSevere: dec("7.5"), Cap: dec("33.3")},
			0, 5, "1000.00", 2, "33.3", "333.00"},
		{"fee with many digits is not double rounded", builtinSchedule, 1, 0, "0.009999999999999999998", 3, "5", "0.000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, amt := audit.CreditAmount(tt.schedule, tt.ordinary, tt.severe, dec(tt.fee), tt.minor)
			if got := p.String(); got != tt.percent {
				t.Errorf("percent: got %s, want %s", got, tt.percent)
			}
			if got := amt.StringFixed(int32(tt.minor)); got != tt.amount {
				t.Errorf("amount: got %s, want %s", got, tt.amount)
			}
			// The amount must already be at the minor unit, not merely print so.
			if !amt.Equal(amt.Round(int32(tt.minor))) {
				t.Errorf("amount %s has more than %d decimal places", amt, tt.minor)
			}
		})
	}
}

func TestMinorUnit(t *testing.T) {
	tests := []struct {
		code  string
		want  int
		known bool
	}{
		{"USD", 2, true}, {"EUR", 2, true}, {"JPY", 0, true}, {"KRW", 0, true},
		{"KWD", 3, true}, {"BHD", 3, true}, {"CLF", 4, true},
		// ISO 4217 where CLDR (golang.org/x/text) shows no decimals.
		{"IDR", 2, true}, {"IQD", 3, true}, {"PKR", 2, true},
		// Codes newer than x/text's CLDR 32 tables.
		{"MRU", 2, true}, {"VES", 2, true}, {"UYW", 4, true},
		{"XYZ", 0, false}, {"usd", 0, false}, {"", 0, false}, {"USDX", 0, false},
		// No minor unit in ISO 4217 ("N.A."): not money.
		{"XXX", 0, false}, {"XTS", 0, false}, {"XAU", 0, false}, {"XAG", 0, false}, {"XDR", 0, false},
	}
	for _, tt := range tests {
		got, ok := audit.MinorUnit(tt.code)
		if got != tt.want || ok != tt.known {
			t.Errorf("MinorUnit(%q): got %d, %v, want %d, %v", tt.code, got, ok, tt.want, tt.known)
		}
	}
}

// creditRow is an audit.Credit with its decimals as text ("-" = nil).
type creditRow struct {
	customer, month, plan string
	term                  bool
	breaches, severe      int
	percent, fee          string
	currency, amount      string
	reason                string
}

func rowOf(c audit.Credit) creditRow {
	str := func(d *decimal.Decimal) string {
		if d == nil {
			return "-"
		}
		minor, _ := audit.MinorUnit(c.Currency)
		return d.StringFixed(int32(minor))
	}
	return creditRow{c.Customer, c.Month, c.Plan, c.TermContract, c.Breaches, c.Severe,
		c.Percent.String(), str(c.MonthlyFee), c.Currency, str(c.Amount), c.Reason}
}

// pac is a Pacific wall-clock instant.
func pac(m time.Month, d, h, min int) time.Time { return time.Date(2026, m, d, h, min, 0, 0, acctLA) }

// outcome sets a ticket's first response relative to its 1h business window
// (premium and 24x7 at 10:00 Pacific).
type outcome int

const (
	met outcome = iota
	breach
	severe
	unanswered // past the deadline at as_of, so severe
)

type tk struct {
	customer, plan, channel string
	at                      time.Time
	out                     outcome
}

func TestCreditsFromAudit(t *testing.T) {
	set := plans.Builtin()
	acct := func(customer, plan string, term bool, fee, currency string, from, to time.Time, ln int) audit.Account {
		a := audit.Account{Customer: customer, Plan: plan, TermContract: term, Currency: currency,
			From: from, To: to, Source: line(ln)}
		if fee != "" {
			a.MonthlyFee = decPtr(fee)
		}
		return a
	}
	rows := []audit.Account{
		acct("acme", "Premium Support", true, "1200.00", "USD", time.Time{}, time.Time{}, 2),
		acct("bigco", "premium", true, "1000", "USD", time.Time{}, time.Time{}, 3),
		acct("nonterm", "premium", false, "999.99", "USD", time.Time{}, time.Time{}, 4),
		acct("nofee", "premium", true, "", "EUR", time.Time{}, time.Time{}, 5),
		// A mid-month plan change: two rows, two credit rows in October.
		acct("switch", "24/7", true, "300", "USD", day(2026, 10, 15), time.Time{}, 6),
		acct("switch", "premium", true, "100", "USD", time.Time{}, day(2026, 10, 15), 7),
		acct("yen", "premium", true, "12345", "JPY", time.Time{}, time.Time{}, 8),
		acct("kwd", "premium", true, "1.234", "KWD", time.Time{}, time.Time{}, 9),
		acct("quiet", "premium", true, "500", "USD", time.Time{}, time.Time{}, 10),
		acct("idle", "premium", true, "500", "USD", time.Time{}, time.Time{}, 11), // no ticket: no row
	}
	accts, err := audit.NewAccounts(rows)
	if err != nil {
		t.Fatal(err)
	}
	tickets := []tk{
		{"acme", "", "", pac(10, 5, 10, 0), breach},
		{"acme", "", "", pac(10, 6, 10, 0), severe},
		{"acme", "", "", pac(10, 7, 10, 0), met},
		// 23:30 on Oct 31 in Los Angeles is November in UTC: the month is
		// the report zone's. Off hours: 6h window, answered 30 min late.
		{"acme", "", "", pac(10, 31, 23, 30), breach},
		{"bigco", "", "", pac(10, 1, 10, 0), severe},
		{"bigco", "", "", pac(10, 2, 10, 0), severe},
		{"bigco", "", "", pac(10, 3, 10, 0), severe},
		{"bigco", "", "", pac(10, 4, 10, 0), severe},
		{"bigco", "", "", pac(10, 5, 10, 0), severe},
		{"bigco", "", "", pac(10, 6, 10, 0), unanswered},
		{"nonterm", "", "", pac(10, 2, 10, 0), breach},
		{"nonterm", "", "", pac(10, 3, 10, 0), severe},
		{"nofee", "", "", pac(10, 2, 10, 0), breach},
		{"switch", "", "", pac(10, 3, 10, 0), breach},
		{"switch", "", "", pac(10, 14, 10, 0), met},
		{"switch", "", "", pac(10, 15, 10, 0), severe},
		{"switch", "", "", pac(10, 16, 10, 0), severe},
		{"switch", "", "", pac(10, 17, 10, 0), severe},
		{"switch", "", "", pac(10, 18, 10, 0), severe},
		{"switch", "", "", pac(10, 19, 10, 0), severe},
		{"switch", "", "", pac(10, 20, 10, 0), severe}, // 60% → capped at 50% of this row's fee
		{"switch", "", "", pac(11, 2, 10, 0), breach},
		{"yen", "", "", pac(10, 2, 10, 0), breach},
		{"kwd", "", "", pac(10, 2, 10, 0), breach},
		// Only excluded tickets (premium does not cover phone): a row with percent 0.
		{"quiet", "", "phone", pac(10, 2, 10, 0), severe},
		{"stranger", "premium", "", pac(10, 2, 10, 0), breach},
		{"stranger2", "standard", "", pac(10, 2, 10, 0), met},
	}
	a := audit.New(audit.Options{
		Plans: set, Accounts: accts, AsOf: day(2026, 12, 1),
		From: day(2026, 10, 1), To: day(2026, 12, 1), KeepBreaches: true,
	})
	for i, x := range tickets {
		tk := audit.Ticket{
			ID: fmt.Sprint(i + 1), Customer: " " + x.customer + " ", Plan: x.plan, Channel: x.channel,
			Submitted: x.at, Source: line(i + 2),
		}
		window := time.Hour
		if x.at.Hour() >= 21 {
			window = 6 * time.Hour // premium off hours
		}
		switch x.out {
		case met:
			tk.FirstResponse = x.at.Add(window / 2)
		case breach:
			tk.FirstResponse = x.at.Add(window + 30*time.Minute)
		case severe:
			tk.FirstResponse = x.at.Add(2 * window)
		}
		a.Audit(&tk)
	}
	r := a.Result()
	if r.Rejected.Len() != 0 {
		t.Fatalf("got rejections %v, want none", r.Rejected.Slice())
	}

	want := []creditRow{
		{"acme", "2026-10", "premium", true, 3, 1, "20", "1200.00", "USD", "240.00", ""},
		{"bigco", "2026-10", "premium", true, 6, 6, "50", "1000.00", "USD", "500.00", ""},
		{"kwd", "2026-10", "premium", true, 1, 0, "5", "1.234", "KWD", "0.062", ""},
		{"nofee", "2026-10", "premium", true, 1, 0, "5", "-", "EUR", "-", "monthly fee unknown"},
		{"nonterm", "2026-10", "premium", false, 2, 1, "0", "999.99", "USD", "0.00", "no term contract"},
		{"quiet", "2026-10", "premium", true, 0, 0, "0", "500.00", "USD", "0.00", ""},
		{"switch", "2026-10", "premium", true, 1, 0, "5", "100.00", "USD", "5.00", ""},
		{"switch", "2026-10", "24x7", true, 6, 6, "50", "300.00", "USD", "150.00", ""},
		{"switch", "2026-11", "24x7", true, 1, 0, "5", "300.00", "USD", "15.00", ""},
		{"yen", "2026-10", "premium", true, 1, 0, "5", "12345", "JPY", "617", ""},
	}
	var got []creditRow
	for _, c := range r.Credits {
		got = append(got, rowOf(c))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("credits:\ngot  %s\nwant %s", fmtRows(got), fmtRows(want))
	}
	// Each credit row points at the accounts row it was computed from.
	for _, c := range r.Credits {
		if c.Account == nil || c.Account.Customer != c.Customer || c.Account.Currency != c.Currency {
			t.Errorf("credit %s %s: got account %+v", c.Customer, c.Month, c.Account)
		}
	}

	// SPEC §5: totals per currency, never across currencies; an unknown fee
	// adds nothing.
	var totals []string
	for _, tot := range r.CreditTotals {
		minor, _ := audit.MinorUnit(tot.Currency)
		totals = append(totals, tot.Currency+" "+tot.Amount.StringFixed(int32(minor)))
	}
	if want := []string{"JPY 617", "KWD 0.062", "USD 910.00"}; !reflect.DeepEqual(totals, want) {
		t.Errorf("totals: got %v, want %v", totals, want)
	}
	if want := []string{"stranger", "stranger2"}; !reflect.DeepEqual(r.NotInAccounts, want) {
		t.Errorf("not in accounts: got %v, want %v", r.NotInAccounts, want)
	}
}

func fmtRows(rows []creditRow) string {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "\n  %+v", r)
	}
	return b.String()
}

func TestAccountsPlanOverridesTicketPlan(t *testing.T) {
	accts, err := audit.NewAccounts([]audit.Account{
		{Customer: "acme", Plan: "premium", TermContract: true, MonthlyFee: decPtr("100"), Currency: "USD", Source: line(2)},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ticketPlan string
		warn       bool
	}{
		{"", false},
		{"premium", false},
		{"Premium Support", false}, // the same plan spelled differently
		{"PREMIUM plan", false},
		{"standard", true},
		{"platinum", true}, // unknown, but the accounts file wins
	}
	for _, tt := range tests {
		t.Run(tt.ticketPlan, func(t *testing.T) {
			a := audit.New(audit.Options{Plans: plans.Builtin(), Accounts: accts, AsOf: day(2026, 12, 1), KeepTickets: true})
			a.Audit(&audit.Ticket{ID: "1", Customer: "acme", Plan: tt.ticketPlan, Submitted: pac(10, 2, 10, 0),
				FirstResponse: pac(10, 2, 10, 30), Source: line(2)})
			r := a.Result()
			if len(r.Tickets) != 1 {
				t.Fatalf("got %d tickets (rejected %v), want 1", len(r.Tickets), r.Rejected.Slice())
			}
			v := r.Tickets[0]
			if v.Plan.Key != "premium" || v.PlanSource != audit.FromAccounts {
				t.Errorf("got plan %s from %s, want premium from the accounts file", v.Plan.Key, v.PlanSource)
			}
			if got := len(v.Warnings) > 0; got != tt.warn {
				t.Errorf("got warnings %q, want a warning: %v", v.Warnings, tt.warn)
			}
		})
	}
}
