package audit

import (
	"fmt"
	"strings"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

// A Judge decides tickets for an Auditor: every check and computation of
// Audit that depends on the ticket alone — the years, the response order,
// the period, the filters, the plan, the channel, the priority and the
// deadline. What depends on the tickets before it — the duplicate id, the
// counts, the summaries, the kept lists, the callbacks — is the Auditor's
// Record.
//
// Each goroutine uses its own Judge; any number of Judges of one Auditor
// may Decide concurrently with each other and with the Auditor's Record
// (which must be called from one goroutine, in input order). A Judge
// remembers the spellings of plans, channels and priorities it meets, as
// Audit does, so one Judge per goroutine for the whole audit is cheapest.
type Judge struct {
	// a is read only: its options and what New derived from them
	// (yearsFrom, yearsTo, reports.customers), which nothing changes
	// after New. Record writes other fields of a.
	a *Auditor

	names      planNames
	channels   channelCache
	priorities priorityCache
}

// NewJudge returns a new Judge of a, for one goroutine.
func (a *Auditor) NewJudge() *Judge {
	j := new(Judge)
	j.init(a)
	return j
}

func (j *Judge) init(a *Auditor) {
	*j = Judge{a: a, names: planNames{set: a.opts.Plans}, priorities: priorityCache{set: a.opts.Plans}}
}

// Decision is what a Judge decided about one ticket; Record applies it.
// Decide overwrites a Decision entirely, so one can be reused for ticket
// after ticket; Record may leave a copy of the ticket in it, sharing the
// ticket's strings, until the next Decide. The zero Decision is decided by
// no Judge, and Record refuses it.
type Decision struct {
	of      *Auditor // whose Judge decided
	outcome outcome
	// field and reason say why the ticket is rejected, with
	// rejectedYears, rejectedResponse and rejectedPlan.
	field, reason string
	// v is the verdict, with judged, but for its Ticket, which Record
	// copies in only when anything will look at it.
	v Verdict
}

// outcome is the row check of SPEC §3 "Order of row checks" that decided
// a ticket, in the order of the checks. Record applies the outcomes after
// rejectedResponse only to a ticket whose id is not a duplicate, which
// only it can tell.
type outcome uint8

const (
	undecided        outcome = iota // the zero Decision
	rejectedYears                   // SPEC §9: before the ticket counts in the span of submissions
	rejectedResponse                // SPEC §3.6: before the ticket claims its id
	outsidePeriod                   // SPEC §4
	filtered                        // SPEC §10: --customer, or --plan once the plan resolved
	rejectedPlan                    // SPEC §3.1
	judged                          // a verdict, audited or excluded
)

// Decide decides the ticket t into d, overwriting it: it makes every row
// check of SPEC §3 "Order of row checks" but the duplicate id (which only
// the tickets before t can tell) and replays a ticket that passes them to
// its verdict. Pass t, unchanged, and d to the Auditor's Record.
func (j *Judge) Decide(t *Ticket, d *Decision) {
	a := j.a
	// Clear, then set: *d = Decision{of: a} would build the decision aside
	// and copy it whole.
	*d = Decision{}
	d.of = a
	// SPEC §9: the tool reads instants of the years plans.MinYear–MaxYear
	// only (a reader refuses the others first); the lateness of a ticket
	// far from the audit instant would not fit a time.Duration.
	if field, reason, ok := a.inYears(t); !ok {
		d.outcome, d.field, d.reason = rejectedYears, field, reason
		return
	}
	// SPEC §3.6: a response before submission is rejected.
	if t.Answered() && t.FirstResponse.Before(t.Submitted) {
		d.outcome, d.field = rejectedResponse, "first_response_at"
		d.reason = fmt.Sprintf("response %s is before submission %s",
			t.FirstResponse.UTC().Format(time.RFC3339Nano), t.Submitted.UTC().Format(time.RFC3339Nano))
		return
	}
	if !a.inPeriod(t.Submitted) {
		d.outcome = outsidePeriod
		return
	}
	if !a.reports.wantCustomer(t) {
		d.outcome = filtered
		return
	}
	v := &d.v
	if field, reason, ok := j.resolvePlan(v, t); !ok {
		d.outcome, d.field, d.reason = rejectedPlan, field, reason
		return
	}
	if !a.reports.wantPlan(v.Plan) {
		d.outcome = filtered
		return
	}
	replayCached(v, t, a.opts.AsOf, &j.channels, &j.priorities)
	d.outcome = judged
}

// Record counts and keeps the ticket t as a Judge of a decided it in d,
// after the one check Decide leaves to it, the duplicate id: Audit(t) is
// Decide(t, d), then Record(t, d). Record, Reject and AddEvents must be
// called from one goroutine, with the tickets in input order: of two
// tickets with one id, the first recorded is the one audited. Record
// panics when d was decided by a Judge of another Auditor, or by none.
func (a *Auditor) Record(t *Ticket, d *Decision) {
	if d.of != a {
		panic("audit: Record of a Decision that no Judge of this Auditor decided")
	}
	a.counts.Rows++
	if d.outcome == rejectedYears {
		a.rejectTicket(t, d.field, d.reason)
		return
	}
	if a.first.IsZero() || t.Submitted.Before(a.first) {
		a.first = t.Submitted
	}
	if t.Submitted.After(a.last) {
		a.last = t.Submitted
	}
	if d.outcome == rejectedResponse {
		a.rejectTicket(t, d.field, d.reason)
		return
	}
	// SPEC §3 "Duplicate ids": a row that passed the checks above claims
	// its id, even if it then falls outside the period or has no plan.
	if !a.seen.add(t.ID) {
		a.rejectTicket(t, "id", fmt.Sprintf("duplicate ticket id %q (the first one stays)", t.ID))
		return
	}
	switch d.outcome {
	case outsidePeriod:
		a.counts.OutsidePeriod++
		if a.opts.OnOutsidePeriod != nil {
			a.opts.OnOutsidePeriod(t)
		}
	case filtered:
		a.counts.Filtered++
	case rejectedPlan:
		a.rejectTicket(t, d.field, d.reason)
	case judged:
		v := &d.v
		// Copy the ticket in only when anything will look at it: it cost
		// more than the rest of the bookkeeping.
		if a.fullVerdicts {
			v.Ticket = *t
		}
		if v.PriorityMatch == plans.PriorityUnknown {
			a.countUnknownPriority(t.Priority)
		}
		a.record(v, t)
	}
}

// resolvePlan applies SPEC §3.1. It reports the field and reason when the
// ticket must be rejected.
func (j *Judge) resolvePlan(v *Verdict, t *Ticket) (field, reason string, ok bool) {
	at := t.Submitted
	opts := &j.a.opts
	customer := strings.TrimSpace(t.Customer)
	if acc := opts.Accounts.InEffect(customer, at); acc != nil {
		p, found := j.names.lookup(acc.Plan, at)
		if !found {
			return "plan", fmt.Sprintf("accounts plan %q (%s) is not in effect on %s", acc.Plan, acc.Source, j.day(at)), false
		}
		v.Plan, v.PlanSource, v.Account = p, FromAccounts, acc
		if strings.TrimSpace(t.Plan) != "" && j.names.keyOf(t.Plan) != p.Key {
			v.Warnings = append(v.Warnings, fmt.Sprintf("ticket plan %q differs from accounts plan %q (%s); the accounts file wins",
				t.Plan, acc.Plan, acc.Source))
		}
		return "", "", true
	}
	name, src := t.Plan, FromColumn
	if strings.TrimSpace(name) == "" {
		if opts.DefaultPlan == "" {
			return "plan", fmt.Sprintf("no plan for customer %q", customer), false
		}
		name, src = opts.DefaultPlan, FromDefault
	}
	p, found := j.names.lookup(name, at)
	if !found {
		if opts.Plans.Knows(name) {
			return "plan", fmt.Sprintf("plan %q is not in effect on %s", name, j.day(at)), false
		}
		return "plan", fmt.Sprintf("unknown plan %q", name), false
	}
	v.Plan, v.PlanSource = p, src
	return "", "", true
}

func (j *Judge) day(at time.Time) string {
	return at.In(j.a.opts.Plans.Location).Format("2006-01-02")
}
