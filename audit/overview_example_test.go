package audit_test

import (
	"fmt"
	"time"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

// An Overview rides along an audit through Options.OnVerdict and tallies
// the tickets by local weekday and hour, and the response time as a share
// of the time allowed.
func ExampleOverview() {
	set := plans.Builtin()
	ov := audit.NewOverview(set.Location)
	a := audit.New(audit.Options{Plans: set, AsOf: time.Date(2026, 11, 1, 7, 0, 0, 0, time.UTC), OnVerdict: ov.Add})
	// Friday 2026-10-02 10:30 PDT, premium (1 business hour): answered
	// after 20 minutes, a third of the time allowed.
	sub := time.Date(2026, 10, 2, 17, 30, 0, 0, time.UTC)
	a.Audit(&audit.Ticket{ID: "1", Customer: "acme", Plan: "premium", Submitted: sub, FirstResponse: sub.Add(20 * time.Minute)})
	// The same hour, answered after 90 minutes: breached, 150% of the time.
	a.Audit(&audit.Ticket{ID: "2", Customer: "acme", Plan: "premium", Submitted: sub, FirstResponse: sub.Add(90 * time.Minute)})
	a.Result()

	r := ov.Result()
	fri := r.Load[4][10]
	fmt.Printf("Fri 10:00: %d tickets, %d breached\n", fri.Tickets, fri.Breached)
	for i, n := range r.Spread {
		if n > 0 {
			fmt.Printf("%s: %d\n", audit.SpreadLabels[i], n)
		}
	}
	// Output:
	// Fri 10:00: 2 tickets, 1 breached
	// 25–50%: 1
	// 100–150%: 1
}
