package audit

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

// Options configures an Auditor. Plans and AsOf are required.
type Options struct {
	Plans *plans.Set
	// Accounts, when not nil, resolves plans per customer and date and turns
	// on the credit bookkeeping of SPEC §5.
	Accounts *Accounts
	// DefaultPlan fills a blank plan value (--default-plan).
	DefaultPlan string
	// AsOf is the audit instant: unanswered tickets are judged against it.
	AsOf time.Time
	// From and To bound the period of submission instants: From inclusive,
	// To exclusive; a zero value leaves that side open.
	From, To time.Time

	// KeepTickets keeps every audited and excluded verdict in Result.Tickets,
	// in input order, for reports that list them all.
	KeepTickets bool
	// KeepBreaches keeps breached verdicts in Result.Breaches.
	KeepBreaches bool
	// OnVerdict, when set, is called with every audited or excluded verdict
	// as it is decided. The pointer is valid only during the call.
	OnVerdict func(*Verdict)
}

// Counts is the accounting of SPEC §3.7:
// Rows = Audited + Excluded + Rejected + OutsidePeriod.
type Counts struct {
	Rows          int
	Audited       int
	Excluded      int
	Rejected      int
	OutsidePeriod int
	// Events is the number of event rows read, for histories; 0 otherwise.
	Events int
}

// Balanced reports whether the accounting identity holds.
func (c Counts) Balanced() bool {
	return c.Rows == c.Audited+c.Excluded+c.Rejected+c.OutsidePeriod
}

// PlanSummary counts one plan's tickets. Tickets = Met + Breached + Pending +
// Excluded; Severe is a subset of Breached.
type PlanSummary struct {
	Plan     string
	Display  string
	Tickets  int
	Met      int
	Breached int
	Severe   int
	Pending  int
	Excluded int
}

// Attainment reports met / (met + breached), or false for a group with no
// decided ticket: an empty group has no attainment, never 100%.
func (s PlanSummary) Attainment() (float64, bool) {
	n := s.Met + s.Breached
	if n == 0 {
		return 0, false
	}
	return float64(s.Met) / float64(n), true
}

func (s *PlanSummary) add(v *Verdict) {
	s.Tickets++
	switch v.Status {
	case Met:
		s.Met++
	case Breached:
		s.Breached++
		if v.Severe {
			s.Severe++
		}
	case Pending:
		s.Pending++
	case Excluded:
		s.Excluded++
	}
}

// Result is the outcome of an audit.
type Result struct {
	AsOf  time.Time
	Plans *plans.Set
	// From and To are the period bounds (zero = open).
	From, To time.Time

	Counts Counts
	// Tickets holds every audited and excluded verdict in input order when
	// Options.KeepTickets is set.
	Tickets []Verdict
	// Breaches holds the breached verdicts sorted by submission, then id,
	// when Options.KeepBreaches is set.
	Breaches []Verdict
	Rejected []Rejection
	// Summary has one row per plan key with at least one audited or excluded
	// ticket, in plans-file order.
	Summary []PlanSummary
	// Total sums Summary.
	Total PlanSummary

	// Credits and CreditTotals are set when Options.Accounts is given.
	Credits      []Credit
	CreditTotals []CreditTotal
	// NotInAccounts lists, sorted, the customers with in-period tickets that
	// no accounts row covered.
	NotInAccounts []string
}

// Auditor replays a stream of tickets. Feed it with Audit and Reject, then
// call Result once.
type Auditor struct {
	opts    Options
	seen    map[string]struct{}
	counts  Counts
	summary map[string]*PlanSummary
	tickets []Verdict
	breach  []Verdict
	reject  []Rejection
	credits *creditBook
	absent  map[string]struct{}
	v       Verdict // reused for OnVerdict when nothing is kept
}

// New returns an Auditor for opts.
func New(opts Options) *Auditor {
	a := &Auditor{
		opts:    opts,
		seen:    make(map[string]struct{}),
		summary: make(map[string]*PlanSummary),
		absent:  make(map[string]struct{}),
	}
	if opts.Accounts != nil {
		a.credits = newCreditBook(opts.Plans.Location)
	}
	return a
}

// Reject records a row that a reader could not turn into a ticket.
func (a *Auditor) Reject(r Rejection) {
	a.counts.Rows++
	a.counts.Rejected++
	a.reject = append(a.reject, r)
}

// AddEvents adds n to the count of event rows read (histories only).
func (a *Auditor) AddEvents(n int) { a.counts.Events += n }

// Audit replays one ticket through the row checks of SPEC §3 "Order of row
// checks" that follow reading (response order, duplicate id, period, plan,
// channel) and records the outcome.
func (a *Auditor) Audit(t *Ticket) {
	a.counts.Rows++
	// SPEC §3.6: a response before submission is rejected.
	if t.Answered() && t.FirstResponse.Before(t.Submitted) {
		a.rejectTicket(t, "first_response_at", fmt.Sprintf("response %s is before submission %s",
			t.FirstResponse.UTC().Format(time.RFC3339Nano), t.Submitted.UTC().Format(time.RFC3339Nano)))
		return
	}
	// SPEC §3 "Duplicate ids": a row that passed the checks above claims
	// its id, even if it then falls outside the period or has no plan.
	if _, dup := a.seen[t.ID]; dup {
		a.rejectTicket(t, "id", fmt.Sprintf("duplicate ticket id %q (the first one stays)", t.ID))
		return
	}
	a.seen[t.ID] = struct{}{}
	if !a.inPeriod(t.Submitted) {
		a.counts.OutsidePeriod++
		return
	}

	v := a.verdictBuffer()
	*v = Verdict{Ticket: *t}
	if field, reason, ok := a.resolvePlan(v); !ok {
		a.rejectTicket(t, field, reason)
		return
	}
	Replay(v, a.opts.AsOf)
	a.record(v)
}

func (a *Auditor) verdictBuffer() *Verdict { return &a.v }

func (a *Auditor) rejectTicket(t *Ticket, field, reason string) {
	a.counts.Rejected++
	a.reject = append(a.reject, Rejection{Source: t.Source, ID: t.ID, Field: field, Reason: reason})
}

func (a *Auditor) inPeriod(at time.Time) bool {
	if !a.opts.From.IsZero() && at.Before(a.opts.From) {
		return false
	}
	if !a.opts.To.IsZero() && !at.Before(a.opts.To) {
		return false
	}
	return true
}

// resolvePlan applies SPEC §3.1. It reports the field and reason when the
// ticket must be rejected.
func (a *Auditor) resolvePlan(v *Verdict) (field, reason string, ok bool) {
	t := &v.Ticket
	at := t.Submitted
	set := a.opts.Plans
	customer := strings.TrimSpace(t.Customer)
	if acc := a.opts.Accounts.InEffect(customer, at); acc != nil {
		p, found := set.Lookup(acc.Plan, at)
		if !found {
			return "plan", fmt.Sprintf("accounts plan %q (%s) is not in effect on %s", acc.Plan, acc.Source, a.day(at)), false
		}
		v.Plan, v.PlanSource, v.Account = p, FromAccounts, acc
		if strings.TrimSpace(t.Plan) != "" && set.KeyOf(t.Plan) != p.Key {
			v.Warnings = append(v.Warnings, fmt.Sprintf("ticket plan %q differs from accounts plan %q (%s); the accounts file wins",
				t.Plan, acc.Plan, acc.Source))
		}
		return "", "", true
	}
	name, src := t.Plan, FromColumn
	if strings.TrimSpace(name) == "" {
		if a.opts.DefaultPlan == "" {
			return "plan", fmt.Sprintf("no plan for customer %q", customer), false
		}
		name, src = a.opts.DefaultPlan, FromDefault
	}
	p, found := set.Lookup(name, at)
	if !found {
		if set.Knows(name) {
			return "plan", fmt.Sprintf("plan %q is not in effect on %s", name, a.day(at)), false
		}
		return "plan", fmt.Sprintf("unknown plan %q", name), false
	}
	v.Plan, v.PlanSource = p, src
	return "", "", true
}

func (a *Auditor) day(at time.Time) string {
	return at.In(a.opts.Plans.Location).Format("2006-01-02")
}

// Replay decides the verdict of one ticket whose plan is resolved: SPEC §3
// steps 2 to 5. asOf is the audit instant.
func Replay(v *Verdict, asOf time.Time) {
	t, p := &v.Ticket, v.Plan
	// SPEC §3.2: a blank channel is not checked.
	if ch := strings.TrimSpace(t.Channel); ch != "" && !p.Covers(ch) {
		v.Status = Excluded
		v.Reason = fmt.Sprintf("plan %s does not cover channel %q", p.Key, ch)
		return
	}
	v.Class, v.Window, v.Deadline = p.Deadline(t.Submitted)
	switch {
	case t.Answered() && !t.FirstResponse.After(v.Deadline):
		// SPEC §3.5: a response exactly at the deadline is on time.
		v.Status = Met
	case t.Answered():
		v.Status = Breached
		v.Late = t.FirstResponse.Sub(v.Deadline)
	case asOf.After(v.Deadline):
		v.Status = Breached
		v.Late = asOf.Sub(v.Deadline)
		v.Unanswered = true
	default:
		v.Status = Pending
	}
	// SPEC §3.5: severe when the answer took at least twice the window.
	v.Severe = v.Status == Breached && v.Late >= v.Window
}

func (a *Auditor) record(v *Verdict) {
	if v.Status == Excluded {
		a.counts.Excluded++
	} else {
		a.counts.Audited++
	}
	s := a.summary[v.Plan.Key]
	if s == nil {
		s = &PlanSummary{Plan: v.Plan.Key, Display: v.Plan.Display}
		a.summary[v.Plan.Key] = s
	}
	s.add(v)
	if a.opts.Accounts != nil {
		if v.Account != nil {
			a.credits.add(v)
		} else {
			a.absent[strings.TrimSpace(v.Ticket.Customer)] = struct{}{}
		}
	}
	if a.opts.KeepTickets {
		a.tickets = append(a.tickets, cloneVerdict(v))
	}
	if a.opts.KeepBreaches && v.Status == Breached {
		a.breach = append(a.breach, cloneVerdict(v))
	}
	if a.opts.OnVerdict != nil {
		a.opts.OnVerdict(v)
	}
}

// cloneVerdict copies v so that slices it holds are not shared with the
// reusable buffer.
func cloneVerdict(v *Verdict) Verdict {
	c := *v
	c.Warnings = append([]string(nil), v.Warnings...)
	c.Ticket.Warnings = append([]string(nil), v.Ticket.Warnings...)
	return c
}

// Result returns the outcome of everything fed so far.
func (a *Auditor) Result() *Result {
	r := &Result{
		AsOf:     a.opts.AsOf,
		Plans:    a.opts.Plans,
		From:     a.opts.From,
		To:       a.opts.To,
		Counts:   a.counts,
		Tickets:  a.tickets,
		Breaches: a.breach,
		Rejected: a.reject,
	}
	// SPEC §7: breaches sorted by submission time, then id.
	sort.SliceStable(r.Breaches, func(i, j int) bool {
		bi, bj := &r.Breaches[i].Ticket, &r.Breaches[j].Ticket
		if !bi.Submitted.Equal(bj.Submitted) {
			return bi.Submitted.Before(bj.Submitted)
		}
		return bi.ID < bj.ID
	})
	r.Total.Plan, r.Total.Display = "", "Total"
	for _, key := range a.opts.Plans.Keys() {
		if s, ok := a.summary[key]; ok {
			r.Summary = append(r.Summary, *s)
			r.Total.Tickets += s.Tickets
			r.Total.Met += s.Met
			r.Total.Breached += s.Breached
			r.Total.Severe += s.Severe
			r.Total.Pending += s.Pending
			r.Total.Excluded += s.Excluded
		}
	}
	if a.opts.Accounts != nil {
		r.Credits, r.CreditTotals = a.credits.credits(a.opts.Plans.Credits)
		for c := range a.absent {
			r.NotInAccounts = append(r.NotInAccounts, c)
		}
		sort.Strings(r.NotInAccounts)
	}
	return r
}
