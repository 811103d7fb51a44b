// Package audit replays support tickets against their plans (SPEC §3): it
// resolves each ticket's plan, checks channel coverage, classes the
// submission, computes the response window and deadline, and gives a verdict.
// It also keeps the accounting of SPEC §3.7, per-plan summaries and the credit
// bookkeeping of SPEC §5.
//
// The engine is pure: values in, values out. It reads no files and never the
// clock; the audit instant is a parameter. Readers (package ingest) and
// renderers (package report) sit around it.
//
// Use: build an Auditor with New (Options.Validate says what New refuses),
// feed it tickets with Audit and unreadable rows with Reject, then call
// Result once; see the example of New. The verdict of each ticket is in
// Result (Tickets, Breaches) or passed to Options.OnVerdict as it is
// decided. A caller that decides tickets on several goroutines gives each a
// Judge (Auditor.NewJudge), decides with Judge.Decide, and feeds the
// Decisions to Auditor.Record on one goroutine in input order; see the
// example of Judge.
//
// # Stability
//
// The stable API is package plans (loading plans files, deadlines and the
// business clock) and this package's Options, New, Auditor, Judge,
// Decision, Ticket, Rejection, Verdict, Result and Counts. The packages
// under audit/ — ingest, report, sample, textsafe — serve the slaaudit
// command: they are importable, with examples, but their API follows the
// command and may change in any release.
package audit

import (
	"fmt"
	"strings"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

// Source is where an input row came from: a file and either a physical line
// (CSV, NDJSON) or an index into a JSON array.
type Source struct {
	File string
	// Line is the 1-based physical line on which the record starts, or 0.
	Line int
	// Index is the 0-based array index when Line is 0 and IsIndex is set.
	Index   int
	IsIndex bool
}

// String formats the position as "file:line" or "file:#index" (SPEC §3.6).
func (s Source) String() string {
	if s.IsIndex {
		return fmt.Sprintf("%s:#%d", s.File, s.Index)
	}
	if s.Line == 0 {
		return s.File
	}
	return fmt.Sprintf("%s:%d", s.File, s.Line)
}

// Ticket is one ticket as read from an export, before any audit decision.
// Times carry their zone; a zero FirstResponse means no agent has answered.
type Ticket struct {
	ID       string
	Customer string
	Plan     string
	Channel  string
	Priority string

	Submitted     time.Time
	FirstResponse time.Time

	Source Source
	// Warnings are reader notes that travel with the ticket (for example a
	// zone-less time read in a DST gap).
	Warnings []string
	// Trail says how a reader derived the ticket's fields, one line each,
	// for `slaaudit explain`: for a history, the events it used and the ones
	// it skipped, and why. Readers fill it only when asked to (it costs
	// memory per ticket).
	Trail []string
}

// Answered reports whether the ticket has a first response.
func (t *Ticket) Answered() bool { return !t.FirstResponse.IsZero() }

// Rejection is an input row that could not be audited: its position, the
// field at fault and the reason (SPEC §3.6).
type Rejection struct {
	Source Source
	// ID is the row's ticket id when it could be read, else "".
	ID     string
	Field  string
	Reason string
}

// Error formats the rejection as "file:line: field: reason".
func (r *Rejection) Error() string { return r.Source.String() + ": " + r.Message() }

// Message formats the rejection without its position: "field: reason", or
// the reason alone when no one field is at fault.
func (r *Rejection) Message() string {
	if r.Field == "" {
		return r.Reason
	}
	return r.Field + ": " + r.Reason
}

// enumName returns names[i], or "typ(i)" for an i outside names: the String
// methods of this package's enums never panic.
func enumName(names []string, i int, typ string) string {
	if i < 0 || i >= len(names) {
		return fmt.Sprintf("%s(%d)", typ, i)
	}
	return names[i]
}

// enumIndex returns the index of s in names (trimmed, case insensitive), or
// an error listing names: the Parse functions of this package's enums.
func enumIndex(names []string, s string) (int, error) {
	for i, n := range names {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%q is not one of %s", s, strings.Join(names, ", "))
}

// Status is the verdict on one ticket.
type Status int

const (
	// Met: answered at or before the deadline.
	Met Status = iota
	// Breached: answered after the deadline, or unanswered past it.
	Breached
	// Pending: unanswered, and the deadline has not passed at the audit instant.
	Pending
	// Excluded: the plan does not cover the ticket's channel.
	Excluded
)

var statusNames = [...]string{"met", "breached", "pending", "excluded"}

// String returns the status name used in reports: met, breached, pending or
// excluded.
// A value outside them reads "Status(n)".
func (s Status) String() string { return enumName(statusNames[:], int(s), "Status") }

// PlanSource says how a ticket's plan was resolved (SPEC §3.1).
type PlanSource int

const (
	// FromColumn: the ticket's own plan value.
	FromColumn PlanSource = iota
	// FromAccounts: the accounts-file row in effect on the submission date.
	FromAccounts
	// FromDefault: --default-plan filled a blank plan.
	FromDefault
)

var planSourceNames = [...]string{"column", "accounts", "default"}

// String returns "column", "accounts" or "default", the names explain's
// JSON gives the plan source; a value outside the constants reads
// "PlanSource(n)".
func (p PlanSource) String() string { return enumName(planSourceNames[:], int(p), "PlanSource") }

// Verdict is the replay of one audited or excluded ticket.
type Verdict struct {
	Ticket Ticket
	Plan   *plans.Plan
	// PlanSource says which rule of SPEC §3.1 chose Plan.
	PlanSource PlanSource
	// Account is the accounts row the ticket resolved through, or nil.
	Account *Account

	Status Status
	// Class, Window and Deadline are meaningless for Excluded tickets.
	Class    plans.Class
	Window   time.Duration
	Deadline time.Time
	// Late is how far past the deadline the response (or the audit instant,
	// when unanswered) was; zero unless Breached.
	Late       time.Duration
	Unanswered bool
	Severe     bool
	// Reason explains an exclusion.
	Reason   string
	Warnings []string

	// Priority is the key of the plans file's priority vocabulary that the
	// ticket's priority value names (SPEC §11), or "" when it names none
	// (blank, unknown, or not checked: see PriorityMatch).
	Priority string
	// PriorityMatch says how the ticket's priority value was read. It is
	// PriorityUnchecked for an excluded ticket, whose windows do not apply.
	PriorityMatch plans.PriorityMatch
	// Target names the windows the ticket was held to (SPEC §11):
	// "premium/urgent" (plan key / priority key) when its priority has its
	// own windows in its plan version, else the plan key, "premium". It is
	// "" for an excluded ticket.
	Target string
}

// ResponseTime reports the time from submission to first response, or false
// when unanswered.
func (v *Verdict) ResponseTime() (time.Duration, bool) {
	if !v.Ticket.Answered() {
		return 0, false
	}
	return v.Ticket.FirstResponse.Sub(v.Ticket.Submitted), true
}
