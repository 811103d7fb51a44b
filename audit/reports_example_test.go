package audit_test

import (
	"fmt"
	"time"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

// An audit with a breakdown by weekday and the tickets due within 4 hours
// (check --by weekday --due-within 4h).
func ExampleReports() {
	set := plans.Builtin()
	la := set.Location
	asOf := time.Date(2026, 10, 7, 12, 0, 0, 0, la)
	a := audit.New(audit.Options{Plans: set, AsOf: asOf, Reports: audit.Reports{
		By: []audit.Dimension{audit.ByWeekday}, DueSoon: true, DueWithin: 4 * time.Hour}})
	at := func(d, h, m int) time.Time { return time.Date(2026, 10, d, h, m, 0, 0, la) }
	tickets := []audit.Ticket{
		{ID: "1", Customer: "acme", Plan: "24/7", Submitted: at(5, 9, 0), FirstResponse: at(5, 9, 20)},   // Monday, met
		{ID: "2", Customer: "acme", Plan: "24/7", Submitted: at(5, 10, 0), FirstResponse: at(5, 11, 30)}, // Monday, 30m late
		{ID: "3", Customer: "acme", Plan: "24/7", Submitted: at(7, 11, 30)},                              // Wednesday, due 12:30
	}
	for i := range tickets {
		a.Audit(&tickets[i])
	}
	r := a.Result()
	for _, g := range r.Breakdowns[0].Rows {
		att, p50 := "none", "none"
		if a, ok := g.Attainment(); ok {
			att = fmt.Sprintf("%.2f", a)
		}
		if s, ok := g.ResponseP50.Seconds(); ok {
			p50 = fmt.Sprintf("%ds", s)
		}
		fmt.Printf("%s: %d tickets, attainment %s, response p50 %s\n", g.Key, g.Tickets, att, p50)
	}
	for _, v := range r.DueSoon.Verdicts {
		fmt.Printf("due soon: %s in %s\n", v.Ticket.ID, v.TimeLeft(asOf))
	}
	// Output:
	// mon: 2 tickets, attainment 0.50, response p50 1200s
	// wed: 1 tickets, attainment none, response p50 none
	// due soon: 3 in 30m0s
}
