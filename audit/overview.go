package audit

import (
	"time"
)

// Overview gathers, from the verdicts of one audit, the two figures of an
// overview report (SPEC §10 "HTML") that no breakdown gives: the tickets by
// weekday and hour together (a heatmap; --by gives one dimension at a time)
// and the distribution of the response time relative to the time allowed.
// Feed it every audited or excluded verdict with Add (it fits
// Options.OnVerdict), then call Result.
//
// Its memory is fixed: 7 × 24 tallies and a handful of counters.
type Overview struct {
	loc    *time.Location
	load   [7][24]Tally
	spread [SpreadBuckets]int
}

// NewOverview returns an empty Overview whose weekdays and hours are local
// to loc, the plans' zone.
func NewOverview(loc *time.Location) *Overview {
	if loc == nil {
		loc = time.UTC
	}
	return &Overview{loc: loc}
}

// Add records one audited or excluded verdict. It keeps no reference to v.
func (o *Overview) Add(v *Verdict) {
	// The keys of the weekday and hour breakdowns (Monday 0, hour 0–23).
	lt := v.Ticket.Submitted.In(o.loc)
	o.load[TimeKeyOrder(ByWeekday, lt)][TimeKeyOrder(ByHour, lt)].count(v)
	switch v.Status {
	case Met, Breached:
		o.spread[spreadOf(v)]++
	case Pending:
		o.spread[SpreadPending]++
	}
}

// The buckets of the response-time distribution. A ticket's share is its
// response time over the time it was allowed (submission to deadline, wall
// clock), so a share of at most 100% is exactly a met ticket: the verdict,
// not the rounding of the share, places a ticket on either side of 100%.
// Excluded tickets are in no bucket.
const (
	// SpreadBuckets is the number of buckets (SpreadLabels).
	SpreadBuckets = 10
	// SpreadUnanswered counts breached tickets with no response.
	SpreadUnanswered = 8
	// SpreadPending counts pending tickets.
	SpreadPending = 9
)

// spreadBounds are the upper bounds, in quarters of the time allowed, of the
// answered buckets: ≤25%, ≤50%, ≤75%, ≤100% (met), then ≤150%, ≤200%, ≤400%
// and more (breached).
var spreadBounds = [...]int64{1, 2, 3, 4, 6, 8, 16}

// SpreadLabels names the buckets of OverviewResult.Spread in order. Bounds
// are inclusive above: a response at exactly half the time allowed is in
// "25–50%".
var SpreadLabels = [SpreadBuckets]string{
	"≤ 25%", "25–50%", "50–75%", "75–100%",
	"100–150%", "150–200%", "200–400%", "> 400%",
	"unanswered", "pending",
}

// spreadOf places a met or breached verdict.
func spreadOf(v *Verdict) int {
	if v.Status == Breached && v.Unanswered {
		return SpreadUnanswered
	}
	resp, _ := v.ResponseTime()
	allowed := v.Deadline.Sub(v.Ticket.Submitted)
	// Whole seconds keep the products far from overflow (years × 16); the
	// verdict decides the side of 100%.
	r, a := int64(resp/time.Second), int64(allowed/time.Second)
	first, last := 0, 3
	if v.Status == Breached {
		first, last = 4, 7
	}
	for i := first; i < last; i++ {
		if r*4 <= a*spreadBounds[i] {
			return i
		}
	}
	return last
}

// OverviewResult is what an Overview found.
type OverviewResult struct {
	// Load counts the tickets (excluded ones included, as in a breakdown)
	// by local weekday of submission, Monday first, and local hour.
	Load [7][24]Tally
	// Spread counts the audited tickets per bucket of SpreadLabels.
	Spread [SpreadBuckets]int
}

// Result returns the overview of everything added so far.
func (o *Overview) Result() *OverviewResult {
	return &OverviewResult{Load: o.load, Spread: o.spread}
}
