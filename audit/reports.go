package audit

import (
	"strings"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

// Reports are the options of SPEC §10 (reports people act on): the
// breakdowns, the ticket lists, their order and cap, and the filters that
// restrict the audit. The zero value asks for none of them.
type Reports struct {
	// By asks for one breakdown per dimension, in this order (--by).
	By []Dimension

	// Customers, when not empty, restricts the audit to the tickets of
	// these customers (--customer, matched exactly after trimming spaces,
	// like the accounts file). Other rows in the period are counted as
	// Counts.Filtered before their plan is resolved.
	Customers []string
	// OnlyPlan, when not empty, restricts the audit to the tickets whose
	// resolved plan has this key (--plan). Other rows in the period whose
	// plan resolves are counted as Counts.Filtered; a row whose plan does
	// not resolve is rejected as usual, since its plan is unknown.
	OnlyPlan string

	// KeepExcluded and KeepPending fill Result.Excluded and Result.Pending.
	KeepExcluded, KeepPending bool
	// DueSoon fills Result.DueSoon with the pending tickets whose deadline
	// is at most DueWithin after the audit instant (--due-within), soonest
	// first.
	DueSoon   bool
	DueWithin time.Duration
	// Sort orders Result.Breaches, Result.Excluded and Result.Pending
	// (--sort). Result.DueSoon is always soonest first.
	Sort SortKey
	// Limit, when positive, keeps only the first Limit tickets of each list
	// (Breaches, Excluded, Pending, DueSoon) in list order; each list still
	// counts all its tickets (--limit, SPEC §12). Without it, the lists are
	// capped at Options.ListLimit, when that is set.
	Limit int
	// CreditDetail keeps, on each credit row, the breaches behind it
	// (Credit.Behind; credits --detail).
	CreditDetail bool
	// NoPercentiles skips the samples behind the summaries' percentiles,
	// for a caller that shows no report (--quiet without --output-file):
	// 4 bytes per answered ticket and per breach, and a sort per plan,
	// that nothing would read. The percentiles of PlanSummary and
	// Result.Total are then invalid (no value); counts are unchanged.
	NoPercentiles bool
}

// ReportLists are the results of Reports.
type ReportLists struct {
	// Breakdowns holds one breakdown per Options.By dimension, in order.
	Breakdowns []Breakdown
	// DueSoon lists the pending tickets due within Options.DueWithin,
	// soonest deadline first (then submission, then id).
	DueSoon List
	// Excluded and Pending list the excluded and pending tickets in the
	// order of Options.Sort.
	Excluded List
	Pending  List
}

// reportState is the Auditor's part for Reports.
type reportState struct {
	opts       *Options
	customers  map[string]struct{}
	breakdowns []*breakdownTally
	// spread holds the percentile samples of each plan key's summary.
	spread   map[string]*groupTally
	lastPlan *plans.Plan
	lastTal  *groupTally
	breaches listKeeper
	excluded listKeeper
	pending  listKeeper
	dueSoon  listKeeper
}

func (s *reportState) init(o *Options) {
	s.opts = o
	if len(o.Customers) > 0 {
		s.customers = make(map[string]struct{}, len(o.Customers))
		for _, c := range o.Customers {
			s.customers[strings.TrimSpace(c)] = struct{}{}
		}
	}
	for _, by := range o.By {
		s.breakdowns = append(s.breakdowns, newBreakdownTally(by, o.Plans))
	}
	s.spread = make(map[string]*groupTally)
	less, limit := o.Sort.Less, s.listLimit()
	s.breaches = listKeeper{limit: limit, less: less}
	s.excluded = listKeeper{limit: limit, less: less}
	s.pending = listKeeper{limit: limit, less: less}
	s.dueSoon = listKeeper{limit: limit, less: SortDeadline.Less}
}

// listLimit is the cap of every list: Reports.Limit (--limit) when set,
// else Options.ListLimit (what the format prints at most).
func (s *reportState) listLimit() int {
	if s.opts.Limit > 0 {
		return s.opts.Limit
	}
	return s.opts.ListLimit
}

// needVerdicts reports whether a list keeps verdicts, so that the Auditor
// copies the ticket into them.
func (s *reportState) needVerdicts() bool {
	return s.opts.KeepExcluded || s.opts.KeepPending || s.opts.DueSoon || s.opts.CreditDetail
}

// wantCustomer applies --customer. Judges call it concurrently: it only
// reads customers, which init filled.
func (s *reportState) wantCustomer(t *Ticket) bool {
	if s.customers == nil {
		return true
	}
	_, ok := s.customers[strings.TrimSpace(t.Customer)]
	return ok
}

// wantPlan applies --plan. Judges call it concurrently: it reads only the
// options.
func (s *reportState) wantPlan(p *plans.Plan) bool {
	return s.opts.OnlyPlan == "" || p.Key == s.opts.OnlyPlan
}

// record adds an audited or excluded verdict to the breakdowns, the plan's
// percentiles and the lists.
func (s *reportState) record(v *Verdict, t *Ticket) {
	if !s.opts.NoPercentiles {
		if v.Plan != s.lastPlan {
			gt := s.spread[v.Plan.Key]
			if gt == nil {
				gt = &groupTally{}
				s.spread[v.Plan.Key] = gt
			}
			s.lastPlan, s.lastTal = v.Plan, gt
		}
		s.lastTal.add(v, t)
	}
	for _, b := range s.breakdowns {
		b.add(v, t)
	}
	switch v.Status {
	case Excluded:
		if s.opts.KeepExcluded {
			s.excluded.add(v)
		}
	case Pending:
		if s.opts.KeepPending {
			s.pending.add(v)
		}
		// SPEC §10: due within DueWithin of the audit instant, bounds
		// included (a pending deadline is never before it).
		if s.opts.DueSoon && !v.Deadline.After(s.opts.AsOf.Add(s.opts.DueWithin)) {
			s.dueSoon.add(v)
		}
	}
}

// percentiles sets the percentiles of a plan summary.
func (s *reportState) percentiles(sum *PlanSummary) {
	gt := s.spread[sum.Plan]
	if gt == nil {
		return
	}
	g := gt.finish()
	sum.ResponseP50, sum.ResponseP90, sum.LateP50, sum.LateP90 = g.ResponseP50, g.ResponseP90, g.LateP50, g.LateP90
}

// result fills r's ReportLists.
func (s *reportState) result(r *Result) {
	for _, b := range s.breakdowns {
		r.Breakdowns = append(r.Breakdowns, b.result())
	}
	// The total's percentiles are over every plan's samples together.
	var resp, late []*secondsSample
	for _, gt := range s.spread {
		resp, late = append(resp, &gt.resp), append(late, &gt.late)
	}
	r.Total.ResponseP50, r.Total.ResponseP90 = quantiles(resp...)
	r.Total.LateP50, r.Total.LateP90 = quantiles(late...)
	r.DueSoon = s.dueSoon.list()
	r.Excluded = s.excluded.list()
	r.Pending = s.pending.list()
}
