package audit_test

import (
	"fmt"
	"sync"
	"time"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

// An audit: New with the plans and the audit instant, Audit per ticket (a
// reader such as package ingest makes them from an export), then Result.
func ExampleNew() {
	set := plans.Builtin()
	at := func(day, hour, minute int) time.Time {
		return time.Date(2026, 10, day, hour, minute, 0, 0, set.Location)
	}
	a := audit.New(audit.Options{
		Plans:        set,
		AsOf:         at(31, 0, 0),
		From:         at(1, 0, 0),
		To:           at(31, 0, 0),
		KeepBreaches: true,
	})
	a.Audit(&audit.Ticket{ID: "T-1", Plan: "standard", Channel: "email", Submitted: at(5, 9, 0), FirstResponse: at(5, 10, 0)})
	a.Audit(&audit.Ticket{ID: "T-2", Plan: "premium", Channel: "chat", Submitted: at(6, 10, 0), FirstResponse: at(6, 16, 0)})
	a.Audit(&audit.Ticket{ID: "T-3", Plan: "standard", Channel: "phone", Submitted: at(7, 9, 0)})
	a.Audit(&audit.Ticket{ID: "T-4", Plan: "gold", Channel: "email", Submitted: at(8, 9, 0)})
	a.Audit(&audit.Ticket{ID: "T-5", Plan: "limited", Channel: "web", Submitted: at(30, 9, 0)})

	r := a.Result()
	c := r.Counts
	fmt.Printf("rows %d = audited %d + excluded %d + rejected %d + outside %d\n", c.Rows, c.Audited, c.Excluded, c.Rejected, c.OutsidePeriod)
	for _, s := range r.Summary {
		fmt.Printf("%-8s met %d breached %d pending %d excluded %d\n", s.Plan, s.Met, s.Breached, s.Pending, s.Excluded)
	}
	for _, v := range r.Breaches.All() {
		fmt.Printf("breach %s: %s window %v, late %v\n", v.Ticket.ID, v.Class, v.Window, v.Late)
	}
	for _, rj := range r.Rejected.All() {
		fmt.Printf("rejected %s: %s: %s\n", rj.ID, rj.Field, rj.Reason)
	}
	// Output:
	// rows 5 = audited 3 + excluded 1 + rejected 1 + outside 0
	// limited  met 0 breached 0 pending 1 excluded 0
	// standard met 1 breached 0 pending 0 excluded 1
	// premium  met 0 breached 1 pending 0 excluded 0
	// breach T-2: business window 1h0m0s, late 5h0m0s
	// rejected T-4: plan: unknown plan "gold"
}

// Options built from user input are checked with Validate; New panics with
// the same message.
func ExampleOptions_Validate() {
	opts := audit.Options{Plans: plans.Builtin()} // no AsOf
	fmt.Println(opts.Validate())
	opts.AsOf = time.Date(2026, 11, 1, 0, 0, 0, 0, opts.Plans.Location)
	fmt.Println(opts.Validate())
	// Output:
	// audit: Options.AsOf is the zero time; set the audit instant (time.Now() for now)
	// <nil>
}

// Tickets decided on several goroutines: each decides its share of the
// tickets with a Judge of its own, and one goroutine records the decisions
// in input order, which audits them as Audit one at a time would. The
// second T-1 is the duplicate, though a Judge may decide it first.
func ExampleJudge() {
	set := plans.Builtin()
	at := func(day, hour, minute int) time.Time {
		return time.Date(2026, 10, day, hour, minute, 0, 0, set.Location)
	}
	tickets := []audit.Ticket{
		{ID: "T-1", Plan: "standard", Channel: "email", Submitted: at(5, 9, 0), FirstResponse: at(5, 10, 0)},
		{ID: "T-2", Plan: "premium", Channel: "chat", Submitted: at(6, 10, 0), FirstResponse: at(6, 16, 0)},
		{ID: "T-3", Plan: "standard", Channel: "phone", Submitted: at(7, 9, 0)},
		{ID: "T-4", Plan: "gold", Channel: "email", Submitted: at(8, 9, 0)},
		{ID: "T-1", Plan: "premium", Channel: "email", Submitted: at(9, 9, 0)},
		{ID: "T-5", Plan: "limited", Channel: "web", Submitted: at(30, 9, 0)},
	}
	a := audit.New(audit.Options{Plans: set, AsOf: at(31, 0, 0), KeepBreaches: true})
	decisions := make([]audit.Decision, len(tickets))
	const goroutines = 2
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			j := a.NewJudge()
			for i := g; i < len(tickets); i += goroutines {
				j.Decide(&tickets[i], &decisions[i])
			}
		})
	}
	wg.Wait()
	for i := range tickets {
		a.Record(&tickets[i], &decisions[i])
	}

	r := a.Result()
	c := r.Counts
	fmt.Printf("rows %d = audited %d + excluded %d + rejected %d\n", c.Rows, c.Audited, c.Excluded, c.Rejected)
	for _, v := range r.Breaches.All() {
		fmt.Printf("breach %s: late %v\n", v.Ticket.ID, v.Late)
	}
	for _, rj := range r.Rejected.All() {
		fmt.Printf("rejected %s: %s: %s\n", rj.ID, rj.Field, rj.Reason)
	}
	// Output:
	// rows 6 = audited 3 + excluded 1 + rejected 2
	// breach T-2: late 5h0m0s
	// rejected T-4: plan: unknown plan "gold"
	// rejected T-1: id: duplicate ticket id "T-1" (the first one stays)
}
