package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

// explainPlansYAML has Standard on the business clock with US federal
// holidays, so that explain has a holiday and a clock start to describe.
const explainPlansYAML = `timezone: America/Los_Angeles
plans:
  - key: standard
    display: Standard
    priority: medium
    channels: [web, email]
    tam: false
    business_hours:
      weekdays: ["07:00-19:00"]
    holidays:
      calendars: [us]
    response:
      business: 24h
      off_hours: 24h
    clock: business
  - key: premium
    display: Premium
    priority: high
    channels: [web, email, chat]
    tam: false
    business_hours:
      daily: ["06:00-21:00"]
    response:
      business: 1h
      off_hours: 6h
`

// explainOne audits tickets with opts and returns the result and the verdict
// of id.
func explainOne(t *testing.T, opts audit.Options, id string, tickets ...audit.Ticket) (*audit.Result, *audit.Verdict) {
	t.Helper()
	var found *audit.Verdict
	opts.OnVerdict = func(v *audit.Verdict) {
		if v.Ticket.ID == id {
			c := *v
			found = &c
		}
	}
	a := audit.New(opts)
	for i := range tickets {
		a.Audit(&tickets[i])
	}
	if found == nil {
		t.Fatalf("no verdict for %s", id)
	}
	return a.Result(), found
}

func TestExplainNarrative(t *testing.T) {
	custom, err := plans.Load(strings.NewReader(explainPlansYAML), "custom.yaml")
	if err != nil {
		t.Fatal(err)
	}
	accounts := fixtureAccounts(t)
	base := audit.Options{Plans: plans.Builtin(), AsOf: asOf, From: pt(2026, 10, 1, 0, 0), To: pt(2026, 11, 1, 0, 0)}
	withAcc := base
	withAcc.Accounts = accounts
	withDefault := base
	withDefault.DefaultPlan = "standard"
	holiday := audit.Options{Plans: custom, AsOf: time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC)}

	tests := []struct {
		name    string
		opts    audit.Options
		meta    Meta
		tickets []audit.Ticket
		want    []string // substrings of the text, in order
	}{
		{
			name: "met with margin, plan from the column",
			opts: base,
			tickets: []audit.Ticket{{ID: "1", Customer: "acme", Plan: "Premium Support", Channel: "email",
				Submitted: pt(2026, 10, 2, 10, 30), FirstResponse: pt(2026, 10, 2, 10, 50), Source: csvAt(2)}},
			want: []string{"Ticket 1: met\n", "Row:      export.csv:2\n",
				`Plan:     Premium (premium), from the ticket's plan column: "Premium Support".`,
				"Submitted Fri 2026-10-02 10:30:00 PDT — inside Premium business hours (every day 06:00–21:00 in America/Los_Angeles), so the business-hours window applies: 1h, elapsed clock.",
				"Deadline: Fri 2026-10-02 11:30:00 PDT (2026-10-02T18:30:00Z): submission + 1h.",
				"Response: Fri 2026-10-02 10:50:00 PDT (2026-10-02T17:50:00Z), 20m00s after submission.",
				"Verdict:  met: answered 40m00s before the deadline.",
				"  Fri 2026-10-02 10:30:00 PDT  2026-10-02T17:30:00Z  submitted",
				"  Fri 2026-10-02 10:50:00 PDT  2026-10-02T17:50:00Z  first response",
				"  Fri 2026-10-02 11:30:00 PDT  2026-10-02T18:30:00Z  deadline"},
		},
		{
			name: "exactly at the deadline is on time",
			opts: base,
			tickets: []audit.Ticket{{ID: "1", Plan: "premium", Submitted: pt(2026, 10, 2, 10, 30),
				FirstResponse: pt(2026, 10, 2, 11, 30), Source: csvAt(2)}},
			want: []string{"met: answered exactly at the deadline, which is on time."},
		},
		{
			name: "off hours, severe, accounts disagree: warning and severe credit",
			opts: withAcc, meta: Meta{Accounts: true},
			tickets: []audit.Ticket{{ID: "2", Customer: "acme", Plan: "Standard", Channel: "email",
				Submitted: pt(2026, 10, 3, 22, 0), FirstResponse: pt(2026, 10, 4, 11, 0), Source: csvAt(4)}},
			want: []string{"Ticket 2: severe breach\n",
				`Premium (premium), from the accounts file: row accounts.csv:2 for customer "acme" (plan "premium", term contract, 1200.00 USD a month) is in effect on 2026-10-03. The ticket's plan column says "Standard"; the accounts file wins.`,
				`Warning:  ticket plan "Standard" differs from accounts plan "premium" (accounts.csv:2); the accounts file wins`,
				"Submitted Sat 2026-10-03 22:00:00 PDT — outside Premium business hours (every day 06:00–21:00 in America/Los_Angeles), so the off-hours window applies: 6h, elapsed clock.",
				"breached: answered 7h00m late. Severe: 7h00m late is at least the 6h window, so the response took at least twice the window.",
				"Credit:   this breach counts as severe: +10% (per_severe).",
				"          the credit row acme 2026-10 (accounts row accounts.csv:2, premium) has 1 breach (1 severe) → 10% of 1200.00 USD = 120.00 USD (a recommendation).",
				creditFooter},
		},
		{
			name: "no term contract",
			opts: withAcc, meta: Meta{Accounts: true},
			tickets: []audit.Ticket{{ID: "3", Customer: "initech", Channel: "web",
				Submitted: pt(2026, 10, 6, 9, 0), FirstResponse: pt(2026, 10, 7, 10, 0), Source: csvAt(10)}},
			want: []string{"The ticket's plan column is blank.",
				"breached: answered 1h00m late. Not severe: less late than the 24h window.",
				"this breach counts as ordinary: +5% (per_breach), but the accounts row has no term contract, so no credit.",
				"has 1 breach → no term contract: 0% (0.00 USD)."},
		},
		{
			name: "fee unknown",
			opts: withAcc, meta: Meta{Accounts: true},
			tickets: []audit.Ticket{{ID: "4", Customer: "umbrella",
				Submitted: pt(2026, 10, 8, 12, 0), FirstResponse: pt(2026, 10, 10, 13, 30), Source: csvAt(11)}},
			want: []string{"Limited has no business hours (every ticket is off hours), so the off-hours window applies: 48h",
				"has 1 breach → 5%; monthly fee unknown, so no amount."},
		},
		{
			name: "not in accounts, default plan, unanswered and severe",
			opts: func() audit.Options { o := withDefault; o.Accounts = accounts; return o }(), meta: Meta{Accounts: true},
			tickets: []audit.Ticket{{ID: "5", Customer: " hooli ", Channel: "web",
				Submitted: pt(2026, 10, 5, 8, 0), Source: csvAt(5)}},
			want: []string{"Standard (standard), from --default-plan: the ticket's plan column is blank and no accounts row for the customer is in effect on 2026-10-05.",
				"Response: none by the audit instant, Sun 2026-11-01 00:00:00 PDT (2026-11-01T07:00:00Z).",
				"breached: unanswered, 25d16h past the deadline at the audit instant. Severe: 25d16h late is at least the 24h window, so the ticket has waited at least twice the window. Lateness is measured to the audit instant, so severity can change with --as-of.",
				`Credit:   not in accounts: no accounts row for customer "hooli" is in effect on 2026-10-05, so the ticket counts towards no credit row.`,
				"2026-10-06T15:00:00Z  deadline", "2026-11-01T07:00:00Z  audit instant (--as-of)"},
		},
		{
			name: "pending across the DST change",
			opts: base,
			tickets: []audit.Ticket{{ID: "6", Plan: "standard", Channel: "web",
				Submitted: pt(2026, 10, 31, 23, 35), Source: csvAt(6)}},
			want: []string{"Ticket 6: pending\n",
				"Sun 2026-11-01 22:35:00 PST (2026-11-02T06:35:00Z): submission + 24h of elapsed time (the change from PDT to PST inside the window does not stretch it).",
				"pending: no response yet, and 23h35m is left until the deadline at the audit instant.",
				"audit instant (--as-of)\n", "deadline\n"},
		},
		{
			name: "excluded",
			opts: base,
			tickets: []audit.Ticket{{ID: "7", Plan: "standard", Channel: " Phone ",
				Submitted: pt(2026, 10, 6, 9, 0), FirstResponse: pt(2026, 10, 6, 9, 5), Source: csvAt(7)}},
			want: []string{"Ticket 7: excluded\n", "Channel:   Phone \n",
				`Verdict:  excluded: plan standard does not cover channel "Phone" (Standard covers web, email).`,
				"submitted\n", "first response\n"},
		},
		{
			name: "holiday within weekday hours, business clock starts at the next opening",
			opts: holiday,
			tickets: []audit.Ticket{{ID: "8", Plan: "standard",
				Submitted: time.Date(2026, 12, 25, 10, 0, 0, 0, la), FirstResponse: time.Date(2026, 12, 28, 9, 0, 0, 0, la), Source: csvAt(8)}},
			want: []string{"Submitted Fri 2026-12-25 10:00:00 PST — on a holiday, 2026-12-25 (us calendar), though within Standard's Friday hours (Mon–Fri 07:00–19:00 in America/Los_Angeles), so the off-hours window applies: 24h, business clock (only business-hours time counts).",
				"Deadline: Tue 2026-12-29 19:00:00 PST (2026-12-30T03:00:00Z): 24h of business-hours time counted from the next opening, Mon 2026-12-28 07:00:00 PST.",
				"Verdict:  met: answered 1d10h before the deadline.",
				"2026-12-25T18:00:00Z  submitted", "2026-12-28T15:00:00Z  clock starts (next opening)",
				"2026-12-28T17:00:00Z  first response", "2026-12-30T03:00:00Z  deadline"},
		},
		{
			name: "a trail and a rejected duplicate are listed",
			opts: base,
			tickets: []audit.Ticket{
				{ID: "9", Plan: "premium", Submitted: pt(2026, 10, 2, 10, 30), FirstResponse: pt(2026, 10, 2, 10, 50),
					Source: csvAt(2), Trail: []string{"h.csv:2: created: used", "h.csv:3: note by agent: skipped (internal note)"}},
				{ID: "9", Plan: "premium", Submitted: pt(2026, 10, 2, 10, 30), Source: csvAt(3)},
			},
			want: []string{`Also:     another row with this id was rejected: export.csv:3: id: duplicate ticket id "9" (the first one stays)`,
				"Trail\n  h.csv:2: created: used\n  h.csv:3: note by agent: skipped (internal note)\n"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, v := explainOne(t, tc.opts, tc.tickets[0].ID, tc.tickets...)
			var buf bytes.Buffer
			if err := Explain(&buf, r, v, tc.meta, Options{}); err != nil {
				t.Fatal(err)
			}
			got := buf.String()
			rest := got
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("output lacks (in order) %q\ngot:\n%s", w, got)
				}
				rest = rest[i+len(w):]
			}
			if strings.Contains(got, "\x1b[") {
				t.Errorf("escape codes with Color off:\n%s", got)
			}
		})
	}
}

func TestExplainJSON(t *testing.T) {
	custom, err := plans.Load(strings.NewReader(explainPlansYAML), "custom.yaml")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("business clock on a holiday", func(t *testing.T) {
		opts := audit.Options{Plans: custom, AsOf: time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC)}
		r, v := explainOne(t, opts, "8", audit.Ticket{ID: "8", Customer: "acme", Plan: "standard",
			Submitted: time.Date(2026, 12, 25, 10, 0, 0, 0, la), Source: csvAt(8)})
		var buf bytes.Buffer
		if err := ExplainJSON(&buf, r, v, Meta{}); err != nil {
			t.Fatal(err)
		}
		var got struct {
			SchemaVersion  int               `json:"schema_version"`
			Period         map[string]any    `json:"period"`
			Ticket         map[string]any    `json:"ticket"`
			PlanResolution map[string]any    `json:"plan_resolution"`
			BusinessHours  map[string]any    `json:"business_hours"`
			MarginSeconds  *int64            `json:"margin_seconds"`
			Timeline       []json.RawMessage `json:"timeline"`
			Trail          []string          `json:"trail"`
			Credit         *json.RawMessage  `json:"credit"`
			RejectedSameID []any             `json:"rejected_same_id"`
		}
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("%v\n%s", err, buf.String())
		}
		checks := []struct {
			name      string
			got, want any
		}{
			{"schema_version", got.SchemaVersion, 1},
			{"period.from", got.Period["from"], nil},
			{"ticket.status", got.Ticket["status"], "breached"},
			{"ticket.deadline", got.Ticket["deadline"], "2026-12-30T03:00:00Z"},
			{"plan_resolution.source", got.PlanResolution["source"], "column"},
			{"plan_resolution.column", got.PlanResolution["column"], "standard"},
			{"plan_resolution.accounts_row", got.PlanResolution["accounts_row"], nil},
			{"business_hours.holiday", got.BusinessHours["holiday"], true},
			{"business_hours.class", got.BusinessHours["class"], "off_hours"},
			{"business_hours.weekday", got.BusinessHours["weekday"], "Friday"},
			{"business_hours.submitted_local", got.BusinessHours["submitted_local"], "2026-12-25T10:00:00-08:00"},
			{"business_hours.clock", got.BusinessHours["clock"], "business"},
			{"business_hours.clock_starts", got.BusinessHours["clock_starts"], "2026-12-28T15:00:00Z"},
			{"margin_seconds is null when breached", got.MarginSeconds == nil, true},
			{"timeline length", len(got.Timeline), 4},
			{"trail is [] not null", got.Trail != nil && len(got.Trail) == 0, true},
			{"credit is null without accounts", got.Credit == nil, true},
			{"rejected_same_id is []", got.RejectedSameID != nil, true},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
			}
		}
		var ev []string
		for _, raw := range got.Timeline {
			var e struct{ Event, At, Local string }
			json.Unmarshal(raw, &e)
			ev = append(ev, e.Event+"@"+e.Local)
		}
		want := "submitted@2026-12-25T10:00:00-08:00 clock_starts@2026-12-28T07:00:00-08:00 deadline@2026-12-29T19:00:00-08:00 as_of@2027-01-09T16:00:00-08:00"
		if g := strings.Join(ev, " "); g != want {
			t.Errorf("timeline = %s, want %s", g, want)
		}
	})
	t.Run("the ticket object is check's", func(t *testing.T) {
		res := fixture(t, true)
		for i := range res.Tickets {
			v := &res.Tickets[i]
			var buf bytes.Buffer
			if err := ExplainJSON(&buf, res, v, Meta{Accounts: true}); err != nil {
				t.Fatal(err)
			}
			var got struct {
				Ticket json.RawMessage `json:"ticket"`
				Credit *struct {
					CountsAs    *string          `json:"counts_as"`
					AddsPercent string           `json:"adds_percent"`
					Row         *json.RawMessage `json:"row"`
					Reason      string           `json:"reason"`
				} `json:"credit"`
			}
			if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			var want, a, b bytes.Buffer
			if err := encode(&want, ticketJSON(v)); err != nil {
				t.Fatal(err)
			}
			json.Compact(&a, got.Ticket)
			json.Compact(&b, want.Bytes())
			if a.String() != b.String() {
				t.Errorf("ticket %s: explain ticket = %s, want check's %s", v.Ticket.ID, a.String(), b.String())
			}
			if got.Credit == nil {
				t.Fatalf("ticket %s: credit is null with accounts", v.Ticket.ID)
			}
			if (v.Account == nil) != (got.Credit.Reason == "not in accounts") || (v.Account == nil) != (got.Credit.Row == nil) {
				t.Errorf("ticket %s: account %v but credit reason %q, row %v", v.Ticket.ID, v.Account != nil, got.Credit.Reason, got.Credit.Row != nil)
			}
		}
	})
}
