package audit

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

// Options configures an Auditor. Plans and AsOf are required; see Validate.
type Options struct {
	Plans *plans.Set
	// Accounts, when not nil, resolves plans per customer and date and turns
	// on the credit bookkeeping of SPEC §5.
	Accounts *Accounts
	// DefaultPlan fills a blank plan value (--default-plan).
	DefaultPlan string
	// AsOf is the audit instant: unanswered tickets are judged against it.
	// It must be set (the zero time would leave every unanswered ticket
	// pending) and lie in the years plans.MinYear–plans.MaxYear.
	AsOf time.Time
	// From and To bound the period of submission instants: From inclusive,
	// To exclusive; a zero value leaves that side open.
	From, To time.Time

	// KeepTickets keeps every audited and excluded verdict in Result.Tickets,
	// in input order, for reports that list them all.
	KeepTickets bool
	// KeepBreaches keeps breached verdicts in Result.Breaches.
	KeepBreaches bool
	// ListLimit, when positive, caps the lists a Result holds for a report
	// that prints at most that many entries of each (SPEC §12: capped
	// lists keep only what they print): Result.Breaches holds the first
	// ListLimit breaches in report order (submission, then id), and
	// Result.Rejected the first ListLimit rejected rows. Counts and Total
	// still count them all. Reports.Limit (--limit), when set, takes its
	// place, and Reports.Sort orders the breaches kept.
	ListLimit int
	// OnVerdict, when set, is called with every audited or excluded verdict
	// as it is decided. The pointer is valid only during the call. A
	// reader's strings may share large blocks of memory (ingest's CSV
	// scanner), so a callback that keeps many copies them.
	OnVerdict func(*Verdict)
	// OnOutsidePeriod, when set, is called with every ticket that falls
	// outside the period (counted, not audited; SPEC §4), so that explain can
	// say so. The pointer is valid only during the call.
	OnOutsidePeriod func(*Ticket)

	Reports
}

// Counts is the accounting of SPEC §3.7:
// Rows = Audited + Excluded + Rejected + OutsidePeriod + Filtered (SPEC §10).
type Counts struct {
	Rows          int
	Audited       int
	Excluded      int
	Rejected      int
	OutsidePeriod int
	// Filtered counts the rows that --customer or --plan set aside
	// (SPEC §10).
	Filtered int
	// Events is the number of event rows read, for histories; 0 otherwise.
	Events int
}

// Balanced reports whether the accounting identity holds. It holds for every
// Result (Result checks it); a caller that keeps counts of its own can
// check them with it.
func (c Counts) Balanced() bool {
	return c.Rows == c.Audited+c.Excluded+c.Rejected+c.OutsidePeriod+c.Filtered
}

// PlanSummary counts one plan's tickets; its percentiles are over the
// plan's tickets, Result.Total's over every plan.
type PlanSummary struct {
	Plan    string
	Display string
	Tally
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
	// when Options.KeepBreaches is set (compactly: see Verdicts; only the
	// first Options.ListLimit with one). Nil without KeepBreaches, which
	// Verdicts' methods accept.
	Breaches *Verdicts
	// Rejected holds the rejected rows in input order (compactly: see
	// Rejections): every one, or the first Options.ListLimit.
	Rejected *Rejections
	// Summary has one row per plan key with at least one audited or excluded
	// ticket, in plans-file order.
	Summary []PlanSummary
	// Total sums Summary.
	Total PlanSummary

	// UnknownPriorities counts, per value as written (trimmed), the audited
	// tickets whose priority matched no priority of the plans file and
	// were held to their plan's default windows (SPEC §11), sorted by value.
	// It is empty when the plans file has no priorities list. At most
	// maxUnknownValues values are listed; UnknownPrioritiesOther counts the
	// tickets of the others.
	UnknownPriorities      []ValueCount
	UnknownPrioritiesOther int

	// Credits and CreditTotals are set when Options.Accounts is given.
	Credits      []Credit
	CreditTotals []CreditTotal
	// NotInAccounts lists, sorted, the customers with in-period tickets that
	// no accounts row covered.
	NotInAccounts []string

	// FirstSubmitted and LastSubmitted span the submission instants of
	// every ticket whose times could be read, in the period or not; both
	// are zero when there was none. With RejectedBy they say why an audit
	// that read rows audited nothing (SPEC §13).
	FirstSubmitted, LastSubmitted time.Time
	// RejectedBy counts the rejected rows per field at fault, most
	// frequent first (ties: the field met first), each with its first
	// rejection as an example.
	RejectedBy []RejectionTally

	ReportLists
}

// RejectionTally counts the rejected rows of one field.
type RejectionTally struct {
	Field string
	Count int
	// First is the first row rejected for this field.
	First Rejection
}

// ValueCount is a value as written in the input and the number of tickets
// that had it.
type ValueCount struct {
	Value   string
	Tickets int
}

// maxUnknownValues bounds the distinct unknown values a Result lists, so
// that an export with a different value on every row costs bounded memory.
const maxUnknownValues = 1000

// Auditor replays a stream of tickets. Feed it with Audit and Reject, then
// call Result once. A caller that decides tickets on several goroutines
// gives each a Judge (NewJudge) and feeds the Auditor their Decisions with
// Record instead of Audit.
//
// Audit keeps no reference to the strings of the tickets it is given: what it
// retains (the claimed ids, rejections, kept verdicts, customers) it copies.
// In the steady state of an audit that keeps no verdicts it does not
// allocate per ticket.
type Auditor struct {
	// yearsFrom and yearsTo bound the instants the engine accepts: the
	// first instant of plans.MinYear and of the year after plans.MaxYear in
	// the plans' zone (inYears).
	yearsFrom, yearsTo time.Time

	opts    Options
	seen    idSet
	counts  Counts
	summary map[string]*PlanSummary
	// sums indexes summary by plan version, so that recording a verdict
	// costs a pointer comparison rather than a map lookup by key.
	sums    []planSum
	tickets []Verdict
	breach  *Verdicts
	top     breachHeap // the first ListLimit breaches, with ListLimit
	reject  *Rejections
	credits *creditBook
	absent  map[string]struct{}
	// judge decides the tickets of Audit, into d (reused: its verdict is
	// what OnVerdict sees when nothing is kept).
	judge Judge
	d     Decision
	// first and last span the submission instants seen; rejectedBy
	// tallies rejections per field, in the order fields were met.
	first, last time.Time
	rejectedBy  []RejectionTally
	// fullVerdicts says whether anything looks at a verdict's Ticket: kept
	// verdicts, OnVerdict, the credit book. Else Record does not copy it.
	fullVerdicts bool

	// unknown counts the priority values that match none of the plans
	// file's vocabulary (SPEC §11).
	unknown      map[string]int
	unknownOther int
	reports      reportState
}

type planSum struct {
	plan *plans.Plan
	sum  *PlanSummary
}

// Validate reports whether opts can configure an Auditor: Plans set, and
// AsOf set and in the years plans.MinYear–plans.MaxYear (in the plans'
// time zone). Call it to turn options built from user input into an error.
func (opts Options) Validate() error {
	if opts.Plans == nil {
		return errors.New("audit: Options.Plans is nil (load a plans file with plans.Load, or use plans.Builtin)")
	}
	if opts.AsOf.IsZero() {
		return errors.New("audit: Options.AsOf is the zero time; set the audit instant (time.Now() for now)")
	}
	if y := opts.AsOf.In(opts.Plans.Location).Year(); y < plans.MinYear || y > plans.MaxYear {
		return fmt.Errorf("audit: Options.AsOf %s is in the year %d, outside the years %d–%d",
			opts.AsOf.In(opts.Plans.Location).Format(time.RFC3339), y, plans.MinYear, plans.MaxYear)
	}
	return nil
}

// New returns an Auditor for opts. It panics, with Validate's message, when
// opts are not valid: options are the program's own, and a mistake in them
// would otherwise decide every ticket wrongly.
func New(opts Options) *Auditor {
	if err := opts.Validate(); err != nil {
		panic(err.Error())
	}
	a := &Auditor{
		opts:    opts,
		summary: make(map[string]*PlanSummary),
		absent:  make(map[string]struct{}),
		reject:  new(Rejections),
		fullVerdicts: opts.KeepTickets || opts.KeepBreaches || opts.OnVerdict != nil ||
			opts.Accounts != nil,
	}
	if opts.Accounts != nil {
		a.credits = newCreditBook(opts.Plans.Location)
		a.credits.detail = opts.CreditDetail
	}
	loc := opts.Plans.Location
	a.yearsFrom = time.Date(plans.MinYear, time.January, 1, 0, 0, 0, 0, loc)
	a.yearsTo = time.Date(plans.MaxYear+1, time.January, 1, 0, 0, 0, 0, loc)
	if opts.KeepBreaches {
		a.breach = new(Verdicts)
	}
	a.reports.init(&a.opts)
	a.fullVerdicts = a.fullVerdicts || a.reports.needVerdicts()
	a.judge.init(a)
	return a
}

// Reject records a row that a reader could not turn into a ticket.
func (a *Auditor) Reject(r Rejection) {
	a.counts.Rows++
	a.counts.Rejected++
	a.keepRejection(&r)
}

// tallyRejection counts r under its field, every rejection whatever the
// report keeps. Rejections have a handful of fields, so a slice beats a
// map. The first of a field is copied: a reader's strings may share its
// buffer.
func (a *Auditor) tallyRejection(r *Rejection) {
	for i := range a.rejectedBy {
		if a.rejectedBy[i].Field == r.Field {
			a.rejectedBy[i].Count++
			return
		}
	}
	first := *r
	first.Source.File = strings.Clone(r.Source.File)
	first.ID, first.Field, first.Reason = strings.Clone(r.ID), strings.Clone(r.Field), strings.Clone(r.Reason)
	a.rejectedBy = append(a.rejectedBy, RejectionTally{Field: first.Field, Count: 1, First: first})
}

// AddEvents adds n to the count of event rows read (histories only).
func (a *Auditor) AddEvents(n int) { a.counts.Events += n }

// Audit replays one ticket through the row checks of SPEC §3 "Order of row
// checks" that follow reading (response order, duplicate id, period, plan,
// channel) and records the outcome: it is Decide by the Auditor's own
// Judge, then Record.
func (a *Auditor) Audit(t *Ticket) {
	a.judge.Decide(t, &a.d)
	a.Record(t, &a.d)
}

// inYears reports the field and reason when a time of t lies outside the
// years plans.MinYear–plans.MaxYear, in the plans' time zone. It compares
// instants with the span's bounds, computed once in New: asking a time for
// its year in a named zone looks the zone up, which on the per-ticket path
// cost a quarter of a whole check. Judges call it concurrently: it reads
// only what New set.
func (a *Auditor) inYears(t *Ticket) (field, reason string, ok bool) {
	if a.outsideYears(t.Submitted) {
		return "submitted_at", a.yearReason(t.Submitted), false
	}
	if t.Answered() && a.outsideYears(t.FirstResponse) {
		return "first_response_at", a.yearReason(t.FirstResponse), false
	}
	return "", "", true
}

// outsideYears reports whether at lies before the first instant of
// plans.MinYear or at or after the first instant of the year after
// plans.MaxYear, in the plans' zone.
func (a *Auditor) outsideYears(at time.Time) bool {
	return at.Before(a.yearsFrom) || !at.Before(a.yearsTo)
}

func (a *Auditor) yearReason(at time.Time) string {
	local := at.In(a.opts.Plans.Location)
	return fmt.Sprintf("%s is in the year %d, outside the years %d–%d",
		local.Format(time.RFC3339Nano), local.Year(), plans.MinYear, plans.MaxYear)
}

func (a *Auditor) rejectTicket(t *Ticket, field, reason string) {
	a.counts.Rejected++
	a.keepRejection(&Rejection{Source: t.Source, ID: t.ID, Field: field, Reason: reason})
}

// keepRejection counts r in the tally of every rejection and keeps it as
// ListLimit allows.
func (a *Auditor) keepRejection(r *Rejection) {
	a.tallyRejection(r)
	if lim := a.reports.listLimit(); lim <= 0 || a.reject.Len() < lim {
		a.reject.Add(r)
	}
}

// inPeriod reports whether at lies in the period From–To. Judges call it
// concurrently: it reads only the options.
func (a *Auditor) inPeriod(at time.Time) bool {
	if !a.opts.From.IsZero() && at.Before(a.opts.From) {
		return false
	}
	if !a.opts.To.IsZero() && !at.Before(a.opts.To) {
		return false
	}
	return true
}

// replayCached decides the verdict of the ticket t (which v may not hold)
// whose plan v.Plan is resolved: SPEC §3 steps 2 to 5, as of asOf. The
// coverage of channels is remembered in cc and the ticket's priority value
// read through pc, when they are not nil; with pc nil the windows are those
// of the priority key v.Priority when set and the plan has windows for it
// (SPEC §11), else the plan's default.
func replayCached(v *Verdict, t *Ticket, asOf time.Time, cc *channelCache, pc *priorityCache) {
	p := v.Plan
	// SPEC §3.2: a blank channel is not checked.
	if ch := strings.TrimSpace(t.Channel); ch != "" {
		if reason, covered := cc.coverage(p, ch); !covered {
			v.Status = Excluded
			v.Reason = reason
			return
		}
	}
	// SPEC §11: the windows of the ticket's priority in the plan version in
	// effect when it has them, else the plan's default; an unknown value
	// gets the default and a warning.
	if pc != nil {
		e := pc.match(t.Priority)
		v.Priority, v.PriorityMatch = e.key, e.match
		if e.match == plans.PriorityUnknown {
			v.Warnings = append(v.Warnings, e.warning)
		}
	}
	v.Target = p.Target(v.Priority)
	v.Class, v.Window, v.Deadline = p.DeadlineFor(t.Submitted, v.Priority)
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

func (a *Auditor) record(v *Verdict, t *Ticket) {
	if v.Status == Excluded {
		a.counts.Excluded++
	} else {
		a.counts.Audited++
	}
	a.summaryOf(v.Plan).count(v)
	a.reports.record(v, t)
	if a.opts.Accounts != nil {
		if v.Account != nil {
			a.credits.add(v)
		} else if c := strings.TrimSpace(t.Customer); !has(a.absent, c) {
			a.absent[strings.Clone(c)] = struct{}{}
		}
	}
	if a.opts.KeepTickets {
		a.tickets = append(a.tickets, cloneVerdict(v))
	}
	if a.opts.KeepBreaches && v.Status == Breached {
		switch lim := a.reports.listLimit(); {
		case lim > 0 && a.opts.Sort != SortSubmitted:
			// SPEC §10 --sort with a cap: the first lim in that order.
			a.reports.breaches.add(v)
		case lim > 0:
			a.top.keep(v, lim)
		default:
			a.breach.Add(v)
		}
	}
	if a.opts.OnVerdict != nil {
		a.opts.OnVerdict(v)
	}
}

func has(m map[string]struct{}, k string) bool {
	_, ok := m[k]
	return ok
}

// summaryOf returns the summary of p's key, creating it on first use.
func (a *Auditor) summaryOf(p *plans.Plan) *PlanSummary {
	for i := range a.sums {
		if a.sums[i].plan == p {
			return a.sums[i].sum
		}
	}
	s := a.summary[p.Key]
	if s == nil {
		s = &PlanSummary{Plan: p.Key, Display: p.Display}
		a.summary[p.Key] = s
	}
	a.sums = append(a.sums, planSum{p, s})
	return s
}

// cloneVerdict copies v so that slices it holds are not shared with the
// reusable buffer, and so that its strings do not keep a reader's buffer
// alive: the ticket's five strings are copied into one allocation.
func cloneVerdict(v *Verdict) Verdict {
	c := *v
	c.Warnings = append([]string(nil), v.Warnings...)
	c.Ticket.Warnings = append([]string(nil), v.Ticket.Warnings...)
	t := &c.Ticket
	var b strings.Builder
	b.Grow(len(t.ID) + len(t.Customer) + len(t.Plan) + len(t.Channel) + len(t.Priority))
	for _, s := range [...]string{t.ID, t.Customer, t.Plan, t.Channel, t.Priority} {
		b.WriteString(s)
	}
	all := b.String()
	cut := func(s *string) {
		*s, all = all[:len(*s)], all[len(*s):]
	}
	cut(&t.ID)
	cut(&t.Customer)
	cut(&t.Plan)
	cut(&t.Channel)
	cut(&t.Priority)
	return c
}

// Result returns the outcome of everything fed so far.
func (a *Auditor) Result() *Result {
	if !a.counts.Balanced() {
		panic(fmt.Sprintf("audit: bug: the counts %+v do not add up", a.counts))
	}
	r := &Result{
		AsOf:     a.opts.AsOf,
		Plans:    a.opts.Plans,
		From:     a.opts.From,
		To:       a.opts.To,
		Counts:   a.counts,
		Tickets:  a.tickets,
		Breaches: a.breach,
		Rejected: a.reject,

		FirstSubmitted: a.first,
		LastSubmitted:  a.last,
		RejectedBy:     append([]RejectionTally(nil), a.rejectedBy...),
	}
	sort.SliceStable(r.RejectedBy, func(i, j int) bool { return r.RejectedBy[i].Count > r.RejectedBy[j].Count })
	switch {
	case r.Breaches == nil:
	case a.opts.Sort != SortSubmitted && a.reports.listLimit() > 0:
		// SPEC §10: the first breaches in the order --sort asks.
		for _, v := range a.reports.breaches.sorted() {
			r.Breaches.Add(&v)
		}
	case a.opts.Sort != SortSubmitted:
		r.Breaches.sortBy(a.opts.Sort)
	default:
		// SPEC §7: breaches sorted by submission time, then id.
		if len(a.top) > 0 {
			slices.SortFunc(a.top, compareBreaches)
			for i := range a.top {
				r.Breaches.Add(&a.top[i])
			}
			a.top = nil
		}
		r.Breaches.sortBySubmission()
	}
	a.reports.result(r)
	r.Total.Plan, r.Total.Display = "", "Total"
	for _, key := range a.opts.Plans.Keys() {
		if s, ok := a.summary[key]; ok {
			a.reports.percentiles(s)
			r.Summary = append(r.Summary, *s)
			r.Total.Tickets += s.Tickets
			r.Total.Met += s.Met
			r.Total.Breached += s.Breached
			r.Total.Severe += s.Severe
			r.Total.Pending += s.Pending
			r.Total.Excluded += s.Excluded
		}
	}
	for value, n := range a.unknown {
		r.UnknownPriorities = append(r.UnknownPriorities, ValueCount{Value: value, Tickets: n})
	}
	sort.Slice(r.UnknownPriorities, func(i, j int) bool {
		return r.UnknownPriorities[i].Value < r.UnknownPriorities[j].Value
	})
	r.UnknownPrioritiesOther = a.unknownOther
	if a.opts.Accounts != nil {
		r.Credits, r.CreditTotals = a.credits.credits(a.opts.Plans.Credits)
		for c := range a.absent {
			r.NotInAccounts = append(r.NotInAccounts, c)
		}
		sort.Strings(r.NotInAccounts)
	}
	return r
}

// compareBreaches orders verdicts as reports list breaches: by submission,
// then id (SPEC §7).
func compareBreaches(a, b Verdict) int {
	if c := a.Ticket.Submitted.Compare(b.Ticket.Submitted); c != 0 {
		return c
	}
	return strings.Compare(a.Ticket.ID, b.Ticket.ID)
}

// breachHeap keeps the first n breaches in report order as a max-heap:
// its root is the last of them, which a breach that sorts before it
// replaces.
type breachHeap []Verdict

func (h *breachHeap) keep(v *Verdict, n int) {
	if len(*h) < n {
		*h = append(*h, cloneVerdict(v))
		// Sift up.
		for i := len(*h) - 1; i > 0; {
			p := (i - 1) / 2
			if compareBreaches((*h)[p], (*h)[i]) >= 0 {
				break
			}
			(*h)[p], (*h)[i] = (*h)[i], (*h)[p]
			i = p
		}
		return
	}
	if compareBreaches(*v, (*h)[0]) >= 0 {
		return
	}
	(*h)[0] = cloneVerdict(v)
	// Sift down.
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(*h) && compareBreaches((*h)[l], (*h)[m]) > 0 {
			m = l
		}
		if r < len(*h) && compareBreaches((*h)[r], (*h)[m]) > 0 {
			m = r
		}
		if m == i {
			return
		}
		(*h)[m], (*h)[i] = (*h)[i], (*h)[m]
		i = m
	}
}

// planNames resolves plan names as Set.Lookup does, remembering the
// versions of each spelling met so far, so that the hot path does not
// normalise the same name once per ticket.
type planNames struct {
	set   *plans.Set
	names memo[*planName]
}

// planName is what one spelling of a plan name resolves to.
type planName struct {
	key      string
	versions []*plans.Plan // sorted by EffectiveFrom, as Set.Lookup sees them
}

// maxPlanNames bounds the spellings a memo remembers: a real export has a
// handful of each; further ones are computed each time.
const maxPlanNames = 256

func (n *planNames) resolve(name string) *planName {
	return n.names.get(name, n.newPlanName)
}

func (n *planNames) newPlanName(name string) *planName {
	pn := &planName{key: n.set.KeyOf(name)}
	if pn.key != "" {
		for _, p := range n.set.Plans {
			if p.Key == pn.key {
				pn.versions = append(pn.versions, p)
			}
		}
		sort.SliceStable(pn.versions, func(i, j int) bool {
			return pn.versions[i].EffectiveFrom.Before(pn.versions[j].EffectiveFrom)
		})
	}
	return pn
}

// lookup is Set.Lookup(name, at).
func (n *planNames) lookup(name string, at time.Time) (*plans.Plan, bool) {
	pn := n.resolve(name)
	var found *plans.Plan
	for _, p := range pn.versions {
		if p.EffectiveFrom.IsZero() || !p.EffectiveFrom.After(at) {
			found = p
		}
	}
	return found, found != nil
}

// keyOf is Set.KeyOf(name).
func (n *planNames) keyOf(name string) string { return n.resolve(name).key }

// idSet is the set of ticket ids claimed so far (SPEC §3 "Duplicate ids").
// It is the only part of an audit that grows with the number of tickets, so
// it is compact: an open-addressing table (linear probing, at most half
// full) of one uint64 per id.
//
//   - A decimal id without leading zeros and of at most 18 digits, as most
//     helpdesks number tickets, shares a slot with the numbers next to
//     it. Below 2^35 (34,359,738,368), where ticket numbers are, a slot
//     holds 32 numbers: 1<<63, 1<<62, the number divided by 32 and a bit
//     for each of the 32. Above, it holds four: 1<<63, the number divided
//     by 4 (below 2^58, so bit 62 stays clear) and a bit for each. Slots
//     are placed by that quotient, with 8 consecutive slots in one cache
//     line, so that an export in ticket order touches the table in order
//     rather than at random (a cache miss per ticket was most of the cost
//     of the set), and the table of an export numbered without gaps
//     holds a slot for every 32 tickets: it stays in the cache, and
//     takes half a byte a ticket.
//   - Any other id is copied once, behind a uvarint length, into an arena of
//     1 MiB chunks (no id ever moves); its slot holds 31 bits of the id's
//     hash above the arena offset + 1. The hash bits place the slot, so
//     growing never reads the arena, and they rule out nearly every
//     non-matching slot without reading it either.
//
// 0 marks an empty slot. That is at most 8 to 16 bytes per id, plus the
// id's bytes when it is not a number, against some 60 bytes plus the string for a
// map[string]struct{}. Ids beyond the 4 GiB that 32-bit offsets reach go to
// a map.
type idSet struct {
	slots []uint64
	n     int
	// lastKey is the key of the slot of the last number claimed, 0 when
	// none, and last its index.
	lastKey, last uint64
	chunks        [][]byte
	cur           int // 1 + the index of the chunk small ids go to, or 0
	seed          maphash.Seed
	mix           uint64 // seeds the placement of numeric ids
	overflow      map[string]struct{}
}

const (
	idNumeric = 1 << 63
	// idDense marks a slot of 32 numbers below 2^idDenseBits.
	idDense     = 1 << 62
	idDenseBits = 35
	idChunkBits = 20
	idChunkSize = 1 << idChunkBits
	idMaxChunks = 1 << (32 - idChunkBits)
	// idBigID is the length from which an id gets a chunk of its own.
	idBigID = 4 << 10
)

// idNumberDigits bounds the ids idSet stores as numbers: it keeps n>>2 in
// bits 4 to 62 of a slot, below idNumeric (bit 63), so n must stay below
// 2^61 ≈ 2.3e18 — every 18-digit number does, not every 19-digit one.
const idNumberDigits = 18

// DecimalID reports the value of id when it is a decimal number of 1 to
// maxDigits digits without a leading zero ("0" itself is one), so that the
// number alone gives the id back. maxDigits is at most 19: every 19-digit
// number fits a uint64 (< 1.8e19), not every 20-digit one.
func DecimalID(id string, maxDigits int) (uint64, bool) {
	if len(id) == 0 || len(id) > min(maxDigits, 19) || (id[0] == '0' && len(id) > 1) {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(id); i++ {
		c := id[i] - '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + uint64(c)
	}
	return n, true
}

// place returns the home slot of the numeric slot key q (a number divided
// by 4): runs of 8 consecutive keys share a cache line, and runs are
// scattered by a seeded mix.
func (s *idSet) place(q, mask uint64) uint64 {
	x := (q >> 3) ^ s.mix
	// splitmix64's finaliser.
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return (x<<3 + q&7) & mask
}

func (s *idSet) init() {
	s.seed = maphash.MakeSeed()
	s.mix = maphash.String(s.seed, "mix")
	s.slots = make([]uint64, 1024)
}

// add claims id and reports true, or reports false when id is claimed
// already.
func (s *idSet) add(id string) bool {
	if s.slots == nil {
		s.init()
	}
	mask := uint64(len(s.slots) - 1)
	if n, ok := DecimalID(id, idNumberDigits); ok {
		// bits holds the numbers' bits of a slot.
		q, bit, key, bits := n>>2, uint64(1)<<(n&3), idNumeric|n>>2<<4, uint64(0xF)
		if n < 1<<idDenseBits {
			q, bit, bits = n>>5, uint64(1)<<(n&31), 0xFFFFFFFF
			key = idNumeric | idDense | q<<32
		}
		if key == s.lastKey {
			// The slot of the number before, as in an export in ticket
			// order.
			e := s.slots[s.last]
			s.slots[s.last] = e | bit
			return e&bit == 0
		}
		for i := s.place(q, mask); ; i = (i + 1) & mask {
			switch e := s.slots[i]; {
			case e == 0:
				s.slots[i] = key | bit
				s.lastKey, s.last = key, i
				s.claimed()
				return true
			case e&^bits == key:
				s.lastKey, s.last = key, i
				s.slots[i] = e | bit
				return e&bit == 0
			}
		}
	}
	h := maphash.String(s.seed, id)
	tag := h & 0x7FFFFFFF << 32
	for i := h & mask; ; i = (i + 1) & mask {
		e := s.slots[i]
		if e == 0 {
			if s.overflow != nil || !s.room(id) {
				return s.addOverflow(id)
			}
			s.slots[i] = tag | (s.store(id) + 1)
			s.claimed()
			return true
		}
		if e&^0xFFFFFFFF == tag && string(s.load(e&0xFFFFFFFF-1)) == id {
			return false
		}
	}
}

// claimed counts a new slot and keeps the table at most half full.
func (s *idSet) claimed() {
	if s.n++; s.n*2 > len(s.slots) {
		s.grow()
	}
}

func (s *idSet) addOverflow(id string) bool {
	if s.overflow == nil {
		s.overflow = make(map[string]struct{})
	}
	if _, dup := s.overflow[id]; dup {
		return false
	}
	s.overflow[strings.Clone(id)] = struct{}{}
	return true
}

// room reports whether the arena can take id within 32-bit offsets.
func (s *idSet) room(id string) bool {
	if len(s.chunks) < idMaxChunks-1 {
		return true
	}
	c := s.cur - 1
	return len(s.chunks) < idMaxChunks && len(id) < idBigID &&
		c >= 0 && cap(s.chunks[c])-len(s.chunks[c]) >= binary.MaxVarintLen64+len(id)
}

// store copies id into the arena and returns its offset: chunk index, then
// the position in the chunk.
func (s *idSet) store(id string) uint64 {
	need := binary.MaxVarintLen64 + len(id)
	var ci int
	switch {
	case len(id) >= idBigID:
		// A big id gets a chunk of its own, so that small ones do not
		// waste the rest of a chunk.
		s.chunks = append(s.chunks, make([]byte, 0, need))
		ci = len(s.chunks) - 1
	case s.cur > 0 && cap(s.chunks[s.cur-1])-len(s.chunks[s.cur-1]) >= need:
		ci = s.cur - 1
	default:
		s.chunks = append(s.chunks, make([]byte, 0, idChunkSize))
		ci = len(s.chunks) - 1
		s.cur = ci + 1
	}
	c := s.chunks[ci]
	off := uint64(ci)<<idChunkBits | uint64(len(c))
	c = binary.AppendUvarint(c, uint64(len(id)))
	s.chunks[ci] = append(c, id...)
	return off
}

// load returns the id stored at offset off, without copying it.
func (s *idSet) load(off uint64) []byte {
	c := s.chunks[off>>idChunkBits][off&(idChunkSize-1):]
	n, k := binary.Uvarint(c)
	return c[k : k+int(n)]
}

// grow doubles the table, placing each entry by what its slot holds: a
// number, or hash bits (which cover the index for tables of up to 2^31
// slots; beyond, the id is hashed again).
func (s *idSet) grow() {
	old := s.slots
	s.lastKey = 0
	s.slots = make([]uint64, 2*len(old))
	mask := uint64(len(s.slots) - 1)
	for _, e := range old {
		var i uint64
		switch {
		case e == 0:
			continue
		case e&(idNumeric|idDense) == idNumeric|idDense:
			i = s.place(e&^(idNumeric|idDense)>>32, mask)
		case e&idNumeric != 0:
			i = s.place(e&^idNumeric>>4, mask)
		case mask < 1<<31:
			i = e >> 32 & mask
		default:
			i = maphash.Bytes(s.seed, s.load(e&0xFFFFFFFF-1)) & mask
		}
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = e
	}
}

// channelCache remembers, per plan version, whether it covers each
// channel spelling met, with the reason of SPEC §3.2 when not, so that
// neither the lower-casing of plans.Plan.Covers nor the reason's
// formatting costs an allocation per ticket.
type channelCache struct {
	plans []*planChannels
}

type planChannels struct {
	plan     *plans.Plan
	channels memo[channelCoverage]
}

type channelCoverage struct {
	covered bool
	reason  string
}

// coverage reports whether p covers channel ch (trimmed, not blank) and,
// when not, the exclusion reason of SPEC §3.2. c may be nil.
func (c *channelCache) coverage(p *plans.Plan, ch string) (reason string, covered bool) {
	if c == nil {
		cv := coverageOf(p, ch)
		return cv.reason, cv.covered
	}
	var pc *planChannels
	for _, x := range c.plans {
		if x.plan == p {
			pc = x
			break
		}
	}
	if pc == nil {
		pc = &planChannels{plan: p}
		c.plans = append(c.plans, pc)
	}
	cv := pc.channels.get(ch, func(ch string) channelCoverage { return coverageOf(p, ch) })
	return cv.reason, cv.covered
}

func coverageOf(p *plans.Plan, ch string) channelCoverage {
	if p.Covers(ch) {
		return channelCoverage{covered: true}
	}
	return channelCoverage{reason: fmt.Sprintf("plan %s does not cover channel %q", p.Key, ch)}
}

// memo remembers what each of a handful of strings (the spellings of plan
// names, channels and priorities in an export) maps to, computing it once
// per string: a direct-mapped table indexed by smallKey in front of a map,
// since comparing one string is cheaper than hashing it (the table saves
// about 15 ns per ticket over the map alone, issue #17). Past
// maxPlanNames strings it computes without remembering, so that an export
// with a different value on every row costs bounded memory. The zero memo
// is empty and ready.
type memo[V any] struct {
	recent [1 << memoBits]*memoEntry[V]
	all    map[string]*memoEntry[V]
}

const memoBits = 6

type memoEntry[V any] struct {
	key string // copied
	val V
}

// get returns the value of s, from compute(s) the first time.
func (m *memo[V]) get(s string, compute func(string) V) V {
	k := smallKey(s, memoBits)
	if e := m.recent[k]; e != nil && e.key == s {
		return e.val
	}
	e, ok := m.all[s]
	if !ok {
		if len(m.all) >= maxPlanNames {
			return compute(s)
		}
		e = &memoEntry[V]{key: strings.Clone(s)}
		e.val = compute(e.key)
		if m.all == nil {
			m.all = make(map[string]*memoEntry[V])
		}
		m.all[e.key] = e
	}
	m.recent[k] = e
	return e.val
}

// smallKey indexes a direct-mapped table of 1<<bits entries by the length
// and the first, middle and last bytes of s (Fibonacci hashing).
func smallKey(s string, bits uint) int {
	h := uint64(len(s))
	if len(s) > 0 {
		h |= uint64(s[0])<<8 | uint64(s[len(s)/2])<<16 | uint64(s[len(s)-1])<<24
	}
	return int(h * 0x9E3779B97F4A7C15 >> (64 - bits))
}

// countUnknownPriority counts a ticket whose priority value matched no
// priority, by its trimmed value, for Result.UnknownPriorities.
func (a *Auditor) countUnknownPriority(value string) {
	value = strings.TrimSpace(value)
	if n, ok := a.unknown[value]; ok {
		a.unknown[value] = n + 1
		return
	}
	if len(a.unknown) >= maxUnknownValues {
		a.unknownOther++
		return
	}
	if a.unknown == nil {
		a.unknown = make(map[string]int)
	}
	a.unknown[strings.Clone(value)] = 1
}

// priorityCache reads ticket priority values against the plans set's
// vocabulary (plans.Set.MatchPriority), remembering each spelling met with
// its warning, so that neither the normalising nor the warning's
// formatting costs an allocation per ticket.
type priorityCache struct {
	set    *plans.Set
	values memo[*priorityEntry]
}

type priorityEntry struct {
	key     string
	match   plans.PriorityMatch
	warning string // for PriorityUnknown
}

// unchecked is the entry of every value when the set has no priorities
// list (SPEC §11: priorities are not checked at all).
var unchecked = &priorityEntry{match: plans.PriorityUnchecked}

// match returns what value names in the vocabulary.
func (c *priorityCache) match(value string) *priorityEntry {
	if !c.set.HasPriorities() {
		return unchecked
	}
	return c.values.get(value, c.newEntry)
}

func (c *priorityCache) newEntry(value string) *priorityEntry { return newPriorityEntry(c.set, value) }

func newPriorityEntry(set *plans.Set, value string) *priorityEntry {
	key, m := set.MatchPriority(value)
	e := &priorityEntry{key: key, match: m}
	if m == plans.PriorityUnknown {
		e.warning = fmt.Sprintf("priority %q matches no priority of the plans file (%s); the plan's default windows apply",
			strings.TrimSpace(value), strings.Join(set.PriorityKeys(), ", "))
	}
	return e
}
