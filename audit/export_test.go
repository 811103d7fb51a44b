package audit

import (
	"fmt"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

// The oracles and accessors the tests of this package and of audit_test
// share; the engine itself never needs them.

// NearestRank returns the p-th percentile (0 < p ≤ 100) of sorted, which
// must be in ascending order, by the nearest-rank method of SPEC §10: the
// value at rank ⌈p/100 · N⌉, rank 1 being the smallest. It reports false
// when sorted is empty.
func NearestRank(sorted []int64, p int) (int64, bool) {
	n := len(sorted)
	if n == 0 || p <= 0 || p > 100 {
		return 0, false
	}
	rank := (p*n + 99) / 100 // ⌈p·n/100⌉ in integers
	return sorted[rank-1], true
}

// Slice returns the rejected rows as a slice.
func (l *Rejections) Slice() []Rejection {
	out := make([]Rejection, 0, l.Len())
	for _, r := range l.All() {
		out = append(out, r)
	}
	return out
}

// Slice returns copies of the verdicts as a slice.
func (l *Verdicts) Slice() []Verdict {
	out := make([]Verdict, 0, l.Len())
	for i := range l.Len() {
		out = append(out, l.At(i))
	}
	return out
}

// AuditAsBefore is Audit as it was before Judge and Record split it in
// two: every row check of SPEC §3 "Order of row checks" and the
// bookkeeping in one function, as the reference implementations have it.
// The Judge tests hold Decide and Record to it. It decides with the
// Auditor's own Judge's caches; do not mix it with Audit on one Auditor.
func (a *Auditor) AuditAsBefore(t *Ticket) {
	a.counts.Rows++
	if field, reason, ok := a.inYears(t); !ok {
		a.rejectTicket(t, field, reason)
		return
	}
	if a.first.IsZero() || t.Submitted.Before(a.first) {
		a.first = t.Submitted
	}
	if t.Submitted.After(a.last) {
		a.last = t.Submitted
	}
	if t.Answered() && t.FirstResponse.Before(t.Submitted) {
		a.rejectTicket(t, "first_response_at", fmt.Sprintf("response %s is before submission %s",
			t.FirstResponse.UTC().Format(time.RFC3339Nano), t.Submitted.UTC().Format(time.RFC3339Nano)))
		return
	}
	if !a.seen.add(t.ID) {
		a.rejectTicket(t, "id", fmt.Sprintf("duplicate ticket id %q (the first one stays)", t.ID))
		return
	}
	if !a.inPeriod(t.Submitted) {
		a.counts.OutsidePeriod++
		if a.opts.OnOutsidePeriod != nil {
			a.opts.OnOutsidePeriod(t)
		}
		return
	}
	if !a.reports.wantCustomer(t) {
		a.counts.Filtered++
		return
	}
	v := &a.d.v
	*v = Verdict{}
	if a.fullVerdicts {
		v.Ticket = *t
	}
	if field, reason, ok := a.judge.resolvePlan(v, t); !ok {
		a.rejectTicket(t, field, reason)
		return
	}
	if !a.reports.wantPlan(v.Plan) {
		a.counts.Filtered++
		return
	}
	replayCached(v, t, a.opts.AsOf, &a.judge.channels, &a.judge.priorities)
	if v.PriorityMatch == plans.PriorityUnknown {
		a.countUnknownPriority(t.Priority)
	}
	a.record(v, t)
}
