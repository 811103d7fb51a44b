package audit

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

// Dimension is what a breakdown groups tickets by (SPEC §10 --by).
type Dimension int

const (
	// ByCustomer groups by the customer as written, trimmed.
	ByCustomer Dimension = iota
	// ByChannel groups by the channel as written, trimmed.
	ByChannel
	// ByPriority groups by the priority: its key in the plans file's
	// vocabulary when the value names one (SPEC §11), else as written,
	// trimmed.
	ByPriority
	// ByPlan groups by the resolved plan's key.
	ByPlan
	// ByMonth groups by the calendar month of submission in the plans'
	// zone: "2026-10".
	ByMonth
	// ByWeek groups by the ISO 8601 week of submission in the plans' zone:
	// "2026-W40" (the ISO year, which differs from the calendar year around
	// 1 January).
	ByWeek
	// ByDay groups by the local date of submission: "2026-10-02".
	ByDay
	// ByWeekday groups by the local weekday of submission: "mon" … "sun",
	// sorted Monday first.
	ByWeekday
	// ByHour groups by the local hour of submission: "00" … "23".
	ByHour
)

var dimensionNames = [...]string{"customer", "channel", "priority", "plan", "month", "week", "day", "weekday", "hour"}

// String returns the name used by --by and in JSON: customer, channel, …
func (d Dimension) String() string { return enumName(dimensionNames[:], int(d), "Dimension") }

// DimensionNames lists the names ParseDimension accepts, in the order of
// SPEC §10.
func DimensionNames() []string { return append([]string(nil), dimensionNames[:]...) }

// ParseDimension returns the dimension named s (as --by takes it, case
// insensitive).
func ParseDimension(s string) (Dimension, error) {
	i, err := enumIndex(dimensionNames[:], s)
	return Dimension(i), err
}

// Tally is what a plan summary and a breakdown row both count: tickets and
// verdicts, with the first-response and lateness percentiles of SPEC §10.
// Tickets = Met + Breached + Pending + Excluded; Severe is a subset of
// Breached.
type Tally struct {
	Tickets  int
	Met      int
	Breached int
	Severe   int
	Pending  int
	Excluded int
	// ResponseP50 and ResponseP90 are over the audited tickets that have a
	// first response (submission to first response).
	ResponseP50, ResponseP90 Quantile
	// LateP50 and LateP90 are over the breached tickets, unanswered ones
	// included (late = as-of − deadline).
	LateP50, LateP90 Quantile
}

// Attainment reports met / (met + breached), or false for a group with no
// decided ticket: an empty group has no attainment, never 100% (SPEC §3.7).
func (t Tally) Attainment() (float64, bool) {
	n := t.Met + t.Breached
	if n == 0 {
		return 0, false
	}
	return float64(t.Met) / float64(n), true
}

// count adds v to the counts.
func (t *Tally) count(v *Verdict) {
	t.Tickets++
	switch v.Status {
	case Met:
		t.Met++
	case Breached:
		t.Breached++
		if v.Severe {
			t.Severe++
		}
	case Pending:
		t.Pending++
	case Excluded:
		t.Excluded++
	}
}

// Group is one row of a breakdown, or the counts of a plan.
type Group struct {
	// Key is the row's key as SPEC §10 writes it ("acme", "2026-W40",
	// "mon", "07"); for a plan summary, the plan key.
	Key string
	Tally
}

// Breakdown is one --by dimension: a row per key, sorted by key (weekdays
// Monday first, times in chronological order).
type Breakdown struct {
	By   Dimension
	Rows []Group
}

// Group returns the plan summary as a Group keyed by the plan key.
func (s PlanSummary) Group() Group {
	return Group{Key: s.Plan, Tally: s.Tally}
}

// groupTally accumulates one group: its counts and, for the percentiles,
// 4 bytes per answered audited ticket and per breach — nothing else per
// ticket.
type groupTally struct {
	g          Group
	order      int64 // sort key of a time dimension
	resp, late secondsSample
}

// add counts v; t is the ticket (v.Ticket may be empty on the hot path).
func (gt *groupTally) add(v *Verdict, t *Ticket) {
	gt.g.count(v)
	switch v.Status {
	case Breached:
		gt.late.add(v.Late)
	case Excluded:
		return
	}
	if t.Answered() {
		gt.resp.add(t.FirstResponse.Sub(t.Submitted))
	}
}

// finish fills the percentiles.
func (gt *groupTally) finish() Group {
	g := gt.g
	g.ResponseP50, g.ResponseP90 = quantiles(&gt.resp)
	g.LateP50, g.LateP90 = quantiles(&gt.late)
	return g
}

// breakdownTally accumulates one dimension. Text dimensions are keyed by
// the trimmed value; time dimensions by a number that sorts as SPEC §10
// orders the rows, turned into the key text once, at the end.
type breakdownTally struct {
	by     Dimension
	set    *plans.Set
	byText map[string]*groupTally
	byTime map[int64]*groupTally
	// priorities reads the priority of excluded tickets, which the replay
	// does not read (ByPriority only).
	priorities priorityCache
}

func newBreakdownTally(by Dimension, set *plans.Set) *breakdownTally {
	return &breakdownTally{by: by, set: set, priorities: priorityCache{set: set},
		byText: make(map[string]*groupTally), byTime: make(map[int64]*groupTally)}
}

func (b *breakdownTally) add(v *Verdict, t *Ticket) {
	var gt *groupTally
	switch b.by {
	case ByCustomer, ByChannel, ByPriority, ByPlan:
		var key string
		switch b.by {
		case ByCustomer:
			key = strings.TrimSpace(t.Customer)
		case ByChannel:
			key = strings.TrimSpace(t.Channel)
		case ByPriority:
			key = b.priorityKey(v, t)
		case ByPlan:
			key = v.Plan.Key
		}
		if gt = b.byText[key]; gt == nil {
			gt = &groupTally{g: Group{Key: strings.Clone(key)}}
			b.byText[gt.g.Key] = gt
		}
	default:
		k := TimeKeyOrder(b.by, t.Submitted.In(b.set.Location))
		if gt = b.byTime[k]; gt == nil {
			gt = &groupTally{order: k}
			gt.g.Key = timeKeyText(b.by, k)
			b.byTime[k] = gt
		}
	}
	gt.add(v, t)
}

// priorityKey is the key of a ticket's priority (SPEC §10): "priority
// normalised" once the plans file has a vocabulary (SPEC §11) — P1,
// "1 - Critical" and urgent are one row — and as written, trimmed,
// otherwise or when the value names no priority.
func (b *breakdownTally) priorityKey(v *Verdict, t *Ticket) string {
	if v.PriorityMatch == plans.PriorityKnown {
		return v.Priority
	}
	// An excluded ticket's priority is not read by the replay.
	if v.Status == Excluded {
		if e := b.priorities.match(t.Priority); e.match == plans.PriorityKnown {
			return e.key
		}
	}
	return strings.TrimSpace(t.Priority)
}

// TimeKeyOrder returns, for a time dimension, a number that identifies the
// group of the local time lt and sorts groups as SPEC §10 orders them:
// months, weeks and days chronologically, weekdays Monday first, hours from
// 00. It returns 0 for other dimensions.
func TimeKeyOrder(by Dimension, lt time.Time) int64 {
	switch by {
	case ByMonth:
		y, m, _ := lt.Date()
		return int64(y)*100 + int64(m)
	case ByWeek:
		y, w := lt.ISOWeek()
		return int64(y)*100 + int64(w)
	case ByDay:
		y, m, d := lt.Date()
		return int64(y)*10000 + int64(m)*100 + int64(d)
	case ByWeekday:
		return int64((lt.Weekday() + 6) % 7) // Monday 0 … Sunday 6
	case ByHour:
		return int64(lt.Hour())
	}
	return 0
}

var weekdayKeys = [...]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// timeKeyText is the SPEC §10 key of a TimeKeyOrder number.
func timeKeyText(by Dimension, k int64) string {
	switch by {
	case ByMonth:
		return fmt.Sprintf("%04d-%02d", k/100, k%100)
	case ByWeek:
		return fmt.Sprintf("%04d-W%02d", k/100, k%100)
	case ByDay:
		return fmt.Sprintf("%04d-%02d-%02d", k/10000, k/100%100, k%100)
	case ByWeekday:
		return weekdayKeys[k]
	case ByHour:
		return fmt.Sprintf("%02d", k)
	}
	return ""
}

// TimeKey returns the SPEC §10 key of instant t for a time dimension
// (month, week, day, weekday, hour), local to loc; "" for other dimensions.
func TimeKey(by Dimension, t time.Time, loc *time.Location) string {
	switch by {
	case ByMonth, ByWeek, ByDay, ByWeekday, ByHour:
		return timeKeyText(by, TimeKeyOrder(by, t.In(loc)))
	}
	return ""
}

func (b *breakdownTally) result() Breakdown {
	// A dimension fills one map only: text rows all have order 0 and sort
	// by key; time rows have distinct orders.
	rows := make([]*groupTally, 0, len(b.byText)+len(b.byTime))
	for _, gt := range b.byText {
		rows = append(rows, gt)
	}
	for _, gt := range b.byTime {
		rows = append(rows, gt)
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].order != rows[j].order {
			return rows[i].order < rows[j].order
		}
		return rows[i].g.Key < rows[j].g.Key
	})
	out := Breakdown{By: b.by}
	for _, gt := range rows {
		out.Rows = append(out.Rows, gt.finish())
	}
	return out
}
