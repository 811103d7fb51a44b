package report

import (
	"encoding/json"
	"io"

	"github.com/slaaudit/slaaudit/audit"
)

// The JSON shapes of SPEC §7. Structs, not maps, so that keys come out in
// the order the SPEC shows.

type jsonPeriod struct {
	From *string `json:"from"`
	To   *string `json:"to"`
}

type jsonCounts struct {
	Rows          int `json:"rows"`
	Audited       int `json:"audited"`
	Excluded      int `json:"excluded"`
	Rejected      int `json:"rejected"`
	OutsidePeriod int `json:"outside_period"`
	// SPEC §6: histories add the number of event rows read.
	Events int `json:"events,omitempty"`
}

type jsonTicket struct {
	ID              string   `json:"id"`
	Customer        string   `json:"customer"`
	Plan            string   `json:"plan"`
	Channel         string   `json:"channel"`
	Priority        string   `json:"priority"`
	Source          string   `json:"source"`
	SubmittedAt     string   `json:"submitted_at"`
	Class           *string  `json:"class"`
	WindowSeconds   *int64   `json:"window_seconds"`
	Deadline        *string  `json:"deadline"`
	FirstResponseAt *string  `json:"first_response_at"`
	ResponseSeconds *int64   `json:"response_seconds"`
	Status          string   `json:"status"`
	LateSeconds     int64    `json:"late_seconds"`
	Unanswered      bool     `json:"unanswered"`
	Severe          bool     `json:"severe"`
	Reason          string   `json:"reason"`
	Warnings        []string `json:"warnings"`
}

type jsonRejected struct {
	Source string `json:"source"`
	Field  string `json:"field"`
	Error  string `json:"error"`
}

type jsonSummary struct {
	Plan       string   `json:"plan"`
	Tickets    int      `json:"tickets"`
	Met        int      `json:"met"`
	Breached   int      `json:"breached"`
	Severe     int      `json:"severe"`
	Pending    int      `json:"pending"`
	Excluded   int      `json:"excluded"`
	Attainment *float64 `json:"attainment"`
}

type jsonCredit struct {
	Customer     string  `json:"customer"`
	Month        string  `json:"month"`
	Plan         string  `json:"plan"`
	TermContract bool    `json:"term_contract"`
	Breaches     int     `json:"breaches"`
	Severe       int     `json:"severe"`
	Percent      string  `json:"percent"`
	MonthlyFee   *string `json:"monthly_fee"`
	Currency     string  `json:"currency"`
	Amount       *string `json:"amount"`
	Reason       string  `json:"reason"`
	// Tickets lists the breached ticket ids behind the row (--detail only).
	Tickets []string `json:"tickets,omitzero"`
}

type jsonTotal struct {
	Currency string `json:"currency"`
	Amount   string `json:"amount"`
}

type jsonCheck struct {
	SchemaVersion int            `json:"schema_version"`
	AsOf          string         `json:"as_of"`
	Timezone      string         `json:"timezone"`
	Period        jsonPeriod     `json:"period"`
	Counts        jsonCounts     `json:"counts"`
	Tickets       []jsonTicket   `json:"tickets"`
	Rejected      []jsonRejected `json:"rejected"`
	Summary       []jsonSummary  `json:"summary"`
	// SPEC §7: credits are present when an accounts file is given; omitzero
	// keeps an empty non-nil slice as [].
	Credits       []jsonCredit `json:"credits,omitzero"`
	CreditTotals  []jsonTotal  `json:"credit_totals,omitzero"`
	NotInAccounts []string     `json:"not_in_accounts,omitzero"`
}

type jsonCreditsReport struct {
	SchemaVersion int            `json:"schema_version"`
	AsOf          string         `json:"as_of"`
	Timezone      string         `json:"timezone"`
	Period        jsonPeriod     `json:"period"`
	Counts        jsonCounts     `json:"counts"`
	Credits       []jsonCredit   `json:"credits"`
	CreditTotals  []jsonTotal    `json:"credit_totals"`
	NotInAccounts []string       `json:"not_in_accounts"`
	Rejected      []jsonRejected `json:"rejected"`
}

// JSON writes the stable machine format of SPEC §7, schema_version 1:
// instants in RFC 3339 UTC, durations in whole seconds (truncated), tickets
// in input order (r.Tickets, so the audit must keep them), breaches and
// credits as the Result holds them. credits, credit_totals and
// not_in_accounts appear when m.Accounts is set.
func JSON(w io.Writer, r *audit.Result, m Meta) error {
	out := jsonCheck{
		SchemaVersion: SchemaVersion,
		AsOf:          instant(r.AsOf),
		Timezone:      r.Plans.Timezone,
		Period:        periodJSON(r),
		Counts:        countsJSON(r.Counts),
		Tickets:       make([]jsonTicket, 0, len(r.Tickets)),
		Rejected:      rejectedJSON(r.Rejected),
		Summary:       make([]jsonSummary, 0, len(r.Summary)),
	}
	for i := range r.Tickets {
		out.Tickets = append(out.Tickets, ticketJSON(&r.Tickets[i]))
	}
	for _, s := range r.Summary {
		js := jsonSummary{Plan: s.Plan, Tickets: s.Tickets, Met: s.Met, Breached: s.Breached,
			Severe: s.Severe, Pending: s.Pending, Excluded: s.Excluded}
		// SPEC §3.7: an empty group has no attainment (null), never 100%.
		if a, ok := s.Attainment(); ok {
			js.Attainment = &a
		}
		out.Summary = append(out.Summary, js)
	}
	if m.Accounts {
		out.Credits = creditsJSON(r, false)
		out.CreditTotals = totalsJSON(r)
		out.NotInAccounts = append([]string{}, r.NotInAccounts...)
	}
	return encode(w, out)
}

// CreditsJSON writes the credits command's JSON: schema_version 1 with
// as_of, timezone, period, counts, credits, credit_totals, not_in_accounts
// and rejected. With m.Detail each credit lists its breached ticket ids.
func CreditsJSON(w io.Writer, r *audit.Result, m Meta) error {
	return encode(w, jsonCreditsReport{
		SchemaVersion: SchemaVersion,
		AsOf:          instant(r.AsOf),
		Timezone:      r.Plans.Timezone,
		Period:        periodJSON(r),
		Counts:        countsJSON(r.Counts),
		Credits:       creditsJSON(r, m.Detail),
		CreditTotals:  totalsJSON(r),
		NotInAccounts: append([]string{}, r.NotInAccounts...),
		Rejected:      rejectedJSON(r.Rejected),
	})
}

func encode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func periodJSON(r *audit.Result) jsonPeriod {
	var p jsonPeriod
	// SPEC §3 "No period flags": an open side is null.
	if !r.From.IsZero() {
		s := instant(r.From)
		p.From = &s
	}
	if !r.To.IsZero() {
		s := instant(r.To)
		p.To = &s
	}
	return p
}

func countsJSON(c audit.Counts) jsonCounts {
	return jsonCounts{Rows: c.Rows, Audited: c.Audited, Excluded: c.Excluded,
		Rejected: c.Rejected, OutsidePeriod: c.OutsidePeriod, Events: c.Events}
}

func rejectedJSON(rs []audit.Rejection) []jsonRejected {
	out := make([]jsonRejected, 0, len(rs))
	for _, rj := range rs {
		out = append(out, jsonRejected{Source: rj.Source.String(), Field: rj.Field, Error: rj.Reason})
	}
	return out
}

func ticketJSON(v *audit.Verdict) jsonTicket {
	t := &v.Ticket
	jt := jsonTicket{
		ID: t.ID, Customer: t.Customer, Plan: v.Plan.Key, Channel: t.Channel,
		Priority: t.Priority, Source: t.Source.String(), SubmittedAt: instant(t.Submitted),
		Status: v.Status.String(), Unanswered: v.Unanswered, Severe: v.Severe,
		Reason: v.Reason, Warnings: ticketWarnings(v),
	}
	// SPEC §3 "Excluded tickets": class, window_seconds and deadline null.
	if v.Status != audit.Excluded {
		class := v.Class.String()
		win := seconds(v.Window)
		dl := instant(v.Deadline)
		jt.Class, jt.WindowSeconds, jt.Deadline = &class, &win, &dl
	}
	// SPEC §7: first_response_at and response_seconds are null when
	// unanswered.
	if rt, ok := v.ResponseTime(); ok {
		at := instant(t.FirstResponse)
		s := seconds(rt)
		jt.FirstResponseAt, jt.ResponseSeconds = &at, &s
	}
	// SPEC §7: late_seconds is 0 unless breached.
	if v.Status == audit.Breached {
		jt.LateSeconds = seconds(v.Late)
	}
	return jt
}

func creditsJSON(r *audit.Result, detail bool) []jsonCredit {
	out := make([]jsonCredit, 0, len(r.Credits))
	for i := range r.Credits {
		c := &r.Credits[i]
		jc := jsonCredit{
			Customer: c.Customer, Month: c.Month, Plan: planKey(r, c.Plan),
			TermContract: c.TermContract, Breaches: c.Breaches, Severe: c.Severe,
			Percent: c.Percent.String(), Currency: c.Currency, Reason: c.Reason,
		}
		// SPEC §5: an unknown fee gives monthly_fee and amount null.
		if s, ok := moneyPtr(c.MonthlyFee, c.Currency); ok {
			jc.MonthlyFee = &s
		}
		if s, ok := moneyPtr(c.Amount, c.Currency); ok {
			jc.Amount = &s
		}
		if detail {
			jc.Tickets = []string{}
			for _, v := range breachesBehind(r, c) {
				jc.Tickets = append(jc.Tickets, v.Ticket.ID)
			}
		}
		out = append(out, jc)
	}
	return out
}

func totalsJSON(r *audit.Result) []jsonTotal {
	out := make([]jsonTotal, 0, len(r.CreditTotals))
	for _, t := range r.CreditTotals {
		out = append(out, jsonTotal{Currency: t.Currency, Amount: money(t.Amount, t.Currency)})
	}
	return out
}
