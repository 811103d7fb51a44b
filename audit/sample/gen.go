package sample

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

// badKind is the defect of a deliberately bad row; none for a good ticket.
type badKind int

const (
	none badKind = iota
	missingID
	unparseableTime
	zonelessTime
	responseBeforeSubmission
	duplicateID
	unknownPlan
	badKinds = unknownPlan // the kinds run from missingID to here
)

// ticket is one generated ticket, or one bad row when bad is not none.
type ticket struct {
	id       int // 0 for a missing id
	cust     *customer
	plan     string // the plan column, as the helpdesk spells it
	channel  string
	priority string

	submitted time.Time
	response  time.Time // zero when unanswered
	// subUTC and respUTC choose how the times are written: in UTC ("Z") or
	// with the Pacific offset of the instant.
	subUTC, respUTC bool
	// window is the response window the plan gives this ticket; it bounds
	// the other events of a history.
	window time.Duration

	bad badKind
	// rawTime, when set, is written instead of the submission time
	// (unparseableTime).
	rawTime string
}

// answered reports whether the ticket has a first response.
func (t *ticket) answered() bool { return !t.response.IsZero() }

// Streams of the generator: the tickets themselves, the bad rows, and the
// decoration of histories are drawn from separate PCG streams, so that the
// same seed gives the same tickets in every shape and with any Bad.
const (
	streamTickets = 0x7469636b657473 // "tickets"
	streamBad     = 0x626164         // "bad"
	streamEvents  = 0x6576656e7473   // "events"
)

func newRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}

// slot is one stretch of time with a weight: submissions fall into a slot in
// proportion to its weight, uniformly within it.
type slot struct {
	start  time.Time
	length time.Duration
	cum    float64 // cumulative weight up to and including this slot
}

// phase is a run of tickets whose submissions are spread over slots in
// increasing order.
type phase struct {
	count int
	slots []slot
	// unanswered forces every ticket of the phase to have no response.
	unanswered bool
}

// generator draws tickets in order of submission.
type generator struct {
	o         Options
	set       *plans.Set
	loc       *time.Location
	rng       *rand.Rand
	customers []customer
	custCum   []float64
	upgradeAt time.Time // the 15th of the month, local midnight
	phases    []phase
	mainCount int // tickets inside the month, among which bad rows go

	versions map[string][]*plans.Plan // plan key → versions by EffectiveFrom
	info     map[*plans.Plan]*channelMix
}

func newGenerator(o Options) (*generator, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	set := o.Plans
	if set == nil {
		set = plans.Builtin()
	}
	for _, key := range []string{"limited", "standard", "premium", "24x7"} {
		if set.KeyOf(key) != key {
			return nil, fmt.Errorf("%w: plans %s have no plan %q", ErrOptions, set.Source, key)
		}
	}
	loc := set.Location
	m, _ := time.Parse("2006-01", o.Month)
	start := time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, loc)
	end := start.AddDate(0, 1, 0)
	g := &generator{
		o:         o,
		set:       set,
		loc:       loc,
		rng:       newRand(o.Seed, streamTickets),
		customers: cast(o.Tickets),
		upgradeAt: start.AddDate(0, 0, 14),
		mainCount: o.Tickets - o.Pending - o.Outside,
	}
	g.custCum = cumulativeWeights(len(g.customers))
	g.versions = make(map[string][]*plans.Plan)
	g.info = make(map[*plans.Plan]*channelMix)
	for _, p := range set.Plans {
		g.versions[p.Key] = append(g.versions[p.Key], p)
		g.info[p] = newChannelMix(p)
	}
	for _, list := range g.versions {
		slices.SortStableFunc(list, func(a, b *plans.Plan) int { return a.EffectiveFrom.Compare(b.EffectiveFrom) })
	}
	g.phases = []phase{
		{count: g.mainCount, slots: hourlySlots(start, end, loc)},
		// Submitted between 55 and 1 minutes before the month ends: every
		// plan's window (1h at least) is still open at the end of the month.
		{count: o.Pending, slots: []slot{{start: end.Add(-55 * time.Minute), length: 54 * time.Minute, cum: 1}}, unanswered: true},
		{count: o.Outside, slots: hourlySlots(end, end.AddDate(0, 0, 3), loc)},
	}
	return g, nil
}

// hourlySlots cuts [from, to) into absolute hours weighted by the local hour
// and weekday: most tickets arrive on weekday business hours, a few at night
// and at weekends. Stepping in absolute time keeps DST days right.
func hourlySlots(from, to time.Time, loc *time.Location) []slot {
	var slots []slot
	sum := 0.0
	for t := from; t.Before(to); t = t.Add(time.Hour) {
		length := time.Hour
		if rest := to.Sub(t); rest < length {
			length = rest
		}
		local := t.In(loc)
		h, wd := local.Hour(), local.Weekday()
		w := 1.0
		switch weekend := wd == time.Saturday || wd == time.Sunday; {
		case !weekend && h >= 7 && h < 19:
			w = 10
		case !weekend && (h == 6 || (h >= 19 && h < 22)):
			w = 3
		case weekend && h >= 8 && h < 20:
			w = 2.5
		case weekend:
			w = 0.7
		}
		sum += w * float64(length) / float64(time.Hour)
		slots = append(slots, slot{start: t, length: length, cum: sum})
	}
	return slots
}

// times calls f with count instants spread over slots in increasing order. It
// draws the order statistics of count uniform variates one at a time (each
// next one is uniform on what is left above the last, raised to the right
// power), so it needs no memory for count.
func (g *generator) times(p phase, f func(at time.Time) error) error {
	if p.count == 0 || len(p.slots) == 0 {
		return nil
	}
	total := p.slots[len(p.slots)-1].cum
	x, s := 0.0, 0
	for k := 0; k < p.count; k++ {
		u := 1 - g.rng.Float64() // (0, 1]
		// 1 - u^(1/m), computed without cancellation.
		x += (1 - x) * -math.Expm1(math.Log(u)/float64(p.count-k))
		target := x * total
		for s < len(p.slots)-1 && p.slots[s].cum <= target {
			s++
		}
		sl := p.slots[s]
		prev := 0.0
		if s > 0 {
			prev = p.slots[s-1].cum
		}
		frac := (target - prev) / (sl.cum - prev)
		frac = min(max(frac, 0), 1)
		at := sl.start.Add(time.Duration(frac * float64(sl.length))).Truncate(time.Second)
		if !at.Before(sl.start.Add(sl.length)) {
			at = sl.start.Add(sl.length - time.Second)
		}
		if err := f(at); err != nil {
			return err
		}
	}
	return nil
}

// badRow says where a bad row goes: after the good ticket with index after.
type badRow struct {
	after int
	kind  badKind
}

// walk generates every ticket and bad row in order and hands each to out,
// numbering them from FirstID. Bad rows take the next id too, except a
// missing id and a duplicate.
func (g *generator) walk(out shapeWriter) error {
	badRng := newRand(g.o.Seed, streamBad)
	bads := make([]badRow, g.o.Bad)
	for i := range bads {
		bads[i] = badRow{after: badRng.IntN(g.mainCount), kind: missingID + badKind(i%int(badKinds))}
	}
	slices.SortStableFunc(bads, func(a, b badRow) int { return cmp.Compare(a.after, b.after) })

	nextID, index := FirstID, 0
	var t, prev, b ticket
	for _, p := range g.phases {
		err := g.times(p, func(at time.Time) error {
			g.fill(g.rng, &t, at, p.unanswered)
			t.id = nextID
			nextID++
			if err := out.ticket(&t); err != nil {
				return err
			}
			prev = t
			for len(bads) > 0 && bads[0].after == index {
				g.badTicket(badRng, &b, &prev, bads[0].kind, &nextID)
				if err := out.ticket(&b); err != nil {
					return err
				}
				bads = bads[1:]
			}
			index++
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// channels are the channel names generated, with their weights.
var channels = []struct {
	name   string
	weight int
}{{"web", 35}, {"email", 45}, {"chat", 15}, {"phone", 8}}

var priorities = []string{"low", "normal", "normal", "normal", "high", "high", "urgent"}

// fill draws a ticket submitted at sub from rng: customer, plan, channel,
// priority and first response.
func (g *generator) fill(rng *rand.Rand, t *ticket, sub time.Time, unanswered bool) {
	*t = ticket{submitted: sub}
	c := &g.customers[sort.SearchFloat64s(g.custCum, rng.Float64()*g.custCum[len(g.custCum)-1])]
	t.cust = c
	key, spelled := c.planKey, c.spelled
	if c.upgradeKey != "" && !sub.Before(g.upgradeAt) {
		key, spelled = c.upgradeKey, c.upgradeSpelled
	}
	t.plan = spelled
	p := g.planAt(key, sub)
	t.channel = g.info[p].pickChannel(rng)
	t.priority = priorities[rng.IntN(len(priorities))]
	t.subUTC = rng.IntN(2) == 0
	t.respUTC = rng.IntN(2) == 0

	_, window, deadline := p.Deadline(sub)
	t.window = window
	r := rng.Float64()
	u := rng.Float64()
	if unanswered {
		return
	}
	switch {
	case r < 0.10: // unanswered
	case r < 0.12: // SPEC §3.5: exactly at the deadline is on time
		t.response = deadline
	case r < 0.14: // severe: late by at least the window
		t.response = deadline.Add(time.Duration((1 + 2*u) * float64(window)))
	case r < 0.20: // breached, less than a window late
		t.response = deadline.Add(time.Second + time.Duration((0.02+0.9*u)*float64(window)))
	default: // met, most of them early in the window
		t.response = sub.Add(time.Minute + time.Duration(u*u*float64(deadline.Sub(sub)-time.Minute)))
	}
	t.response = t.response.Truncate(time.Second)
	if t.answered() && t.response.Before(sub.Add(time.Minute)) {
		t.response = sub.Add(time.Minute)
	}
}

// channelMix is what one plan version offers: the channels it covers, with
// cumulative weights, and the generated channels it does not cover.
type channelMix struct {
	covered   []string
	cum       []int
	uncovered []string
}

func newChannelMix(p *plans.Plan) *channelMix {
	m := &channelMix{}
	total := 0
	for _, c := range channels {
		if p.Covers(c.name) {
			total += c.weight
			m.covered = append(m.covered, c.name)
			m.cum = append(m.cum, total)
		} else {
			m.uncovered = append(m.uncovered, c.name)
		}
	}
	return m
}

// pickChannel draws a channel: mostly one the plan covers, about 1% one it
// does not cover (excluded, SPEC §3.2), about 1% blank (not checked), and a
// few spelled with a capital (channels match case-insensitively).
func (m *channelMix) pickChannel(rng *rand.Rand) string {
	r := rng.Float64()
	var ch string
	switch {
	case r < 0.01 || len(m.covered) == 0:
		return ""
	case r < 0.02 && len(m.uncovered) > 0:
		ch = m.uncovered[rng.IntN(len(m.uncovered))]
	default:
		n := rng.IntN(m.cum[len(m.cum)-1])
		i := 0
		for m.cum[i] <= n {
			i++
		}
		ch = m.covered[i]
	}
	if rng.IntN(30) == 0 {
		return capitalized[ch]
	}
	return ch
}

var capitalized = map[string]string{"web": "Web", "email": "Email", "chat": "Chat", "phone": "Phone"}

// planAt returns the version of plan key in effect at instant at (as
// plans.Set.Lookup, without normalising the name on every ticket); before
// the first version, the first version.
func (g *generator) planAt(key string, at time.Time) *plans.Plan {
	versions := g.versions[key]
	p := versions[0]
	for _, v := range versions[1:] {
		if !v.EffectiveFrom.After(at) {
			p = v
		}
	}
	return p
}

// garbled are unparseable times, as helpdesks and spreadsheets mangle them.
var garbled = []string{
	"2026-10-32T09:00:00Z",
	"31/10/2026 09:15",
	"yesterday",
	"2026-10-07T25:61:00-07:00",
	"N/A",
}

var unknownPlans = []string{"Platinum", "Gold", "Enterprise Plus"}

// strays are customers that appear only on unknown-plan rows.
var strays = []customer{{name: "wernham-hogg"}, {name: "initrode"}, {name: "prestige-worldwide"}}

// badTicket fills b with a bad row of the given kind, submitted a little after
// prev.
func (g *generator) badTicket(rng *rand.Rand, b, prev *ticket, kind badKind, nextID *int) {
	if kind == duplicateID {
		// An export glitch: the previous ticket written twice.
		*b = *prev
		b.bad = kind
		return
	}
	g.fill(rng, b, prev.submitted.Add(time.Duration(1+rng.IntN(600))*time.Second), false)
	b.bad = kind
	if kind != missingID {
		b.id = *nextID
		*nextID++
	}
	switch kind {
	case unparseableTime:
		b.rawTime = garbled[rng.IntN(len(garbled))]
	case responseBeforeSubmission:
		b.response = b.submitted.Add(-time.Duration(60+rng.IntN(3*3600)) * time.Second)
	case unknownPlan:
		// A customer seen nowhere else, so that no accounts row resolves
		// its plan either (SPEC §3.1: the accounts file would win).
		b.cust = &strays[rng.IntN(len(strays))]
		b.plan = unknownPlans[rng.IntN(len(unknownPlans))]
	case zonelessTime:
		if !b.answered() {
			b.response = b.submitted.Add(time.Duration(60+rng.IntN(3600)) * time.Second)
		}
	}
}
