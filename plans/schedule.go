package plans

import (
	"math"
	"time"
)

// Business hours are wall-clock hours: an instant is inside them when its
// local time of day, in the plan's zone, lies in one of its weekday's ranges
// (SPEC §3.3). The arithmetic below never builds a time.Date per day; it
// follows the zone from one UTC-offset period to the next (zone) and turns a
// day's ranges into instants with integer arithmetic (openings), in Unix
// seconds. On a DST switch day the same rule gives:
//
//   - spring forward (02:00 → 03:00 in Los Angeles): a range starting at a
//     wall time that does not exist opens when the clock jumps (a range
//     02:30-04:00 opens at 03:00 PDT; time.Date would say 01:30 PST, an
//     hour early), and a range ending in the gap closes at the jump;
//   - fall back (02:00 → 01:00): a range covering the repeated hour counts
//     it twice, and a range that starts or ends inside it is open in each
//     pass of the clock over it.
//
// So the business clock counts exactly the instants InBusinessHours accepts.

// span is one opening as Unix seconds: start inclusive, end exclusive.
type span struct{ start, end int64 }

// maxScanDays bounds every forward scan through the calendar, so that a plan
// whose hours are all holidays cannot loop for ever. 400 years is longer than
// any response window.
const maxScanDays = 400 * 366

// zone is one UTC-offset period of a location: every instant in [start, end)
// (Unix seconds) has offset off seconds east of UTC.
type zone struct {
	loc        *time.Location
	table      *zoneTable // may be nil
	start, end int64
	off        int64
}

func (p *Plan) zone() zone { return zone{loc: p.loc(), table: p.zones} }

// zoneTable holds the UTC-offset periods of a plan's zone over the years
// MinYear–MaxYear (a few hundred periods for a zone with DST), built once by
// derive, so that the business clock finds the period of an instant by an
// index and a short step rather than by two zone lookups.
type zoneTable struct {
	from, to int64 // the instants [from, to) covered
	periods  []period
	// index[k] is the period holding from + k<<bucketShift: a lookup
	// starts there and steps forward, at most a few periods.
	index []int32
}

// period is one entry of a zoneTable: [start, end) at offset off.
type period struct{ start, end, off int64 }

// bucketShift sets the width of an index bucket: 2^22 s, about 48 days.
const bucketShift = 22

// newZoneTable computes the periods of loc covering the years
// MinYear–MaxYear, with two days to spare either side (offsets differ by
// at most a day).
func newZoneTable(loc *time.Location) *zoneTable {
	from := int64(spanFirst-2) * secondsPerDay
	to := int64(spanLast+3) * secondsPerDay
	t := &zoneTable{from: from, to: to}
	z := zone{loc: loc}
	for v := from; v < to; v = z.end {
		z.lookup(v)
		t.periods = append(t.periods, period{z.start, z.end, z.off})
		if z.end == math.MaxInt64 {
			break
		}
	}
	i := int32(0)
	for v := from; v < to; v += 1 << bucketShift {
		for t.periods[i].end <= v {
			i++
		}
		t.index = append(t.index, i)
	}
	return t
}

// at moves z to the period holding Unix second u.
func (z *zone) at(u int64) {
	t := z.table
	if t == nil || u < t.from || u >= t.to {
		z.lookup(u)
		return
	}
	ps := t.periods
	i := t.index[(u-t.from)>>bucketShift]
	for ps[i].end <= u {
		i++
	}
	z.start, z.end, z.off = ps[i].start, ps[i].end, ps[i].off
}

// lookup moves z to the period holding Unix second u, asking the location.
func (z *zone) lookup(u int64) {
	z.bounds(u)
	if z.start <= u && u < z.end {
		return
	}
	// time.Time.ZoneBounds can return a period that ends before u: beyond
	// a zone's listed transitions (computed from its TZ rule), on 31
	// December of a leap year, it ends the period a day early (Go 1.26,
	// America/Los_Angeles in 2040; golang/go#81583, "time: ZoneBounds
	// returns an end before the instant in leap years served by the TZ
	// footer rule"). The offset is right; take the end from two days
	// later, when it agrees.
	w := zone{loc: z.loc}
	w.bounds(u + 2*secondsPerDay)
	z.start = u
	if w.off == z.off && w.start <= u+2*secondsPerDay {
		z.end = w.end
	} else {
		z.end = u + 2*secondsPerDay
	}
}

// bounds sets z from time.Time.ZoneBounds.
func (z *zone) bounds(u int64) {
	t := time.Unix(u, 0).In(z.loc)
	_, off := t.Zone()
	s, e := t.ZoneBounds()
	z.off = int64(off)
	z.start, z.end = math.MinInt64, math.MaxInt64
	if !s.IsZero() {
		z.start = s.Unix()
	}
	if !e.IsZero() {
		z.end = e.Unix()
	}
}

// settled reports whether the local days first..first+n-1 lie inside z with
// a margin of two days either side, so that their instants are exactly the
// n·24 hours from the first local midnight, and no instant of another offset
// has a wall time on them (offsets differ by at most a day).
func (z *zone) settled(first dayNum, n int64) bool {
	m := int64(first)*secondsPerDay - z.off
	return z.start <= m-2*secondsPerDay && m+(n+2)*secondsPerDay <= z.end
}

// settle moves z to the period of the local midnight of d and reports
// whether the n days from d are settled there.
func (z *zone) settle(d dayNum, n int64) bool {
	if z.settled(d, n) {
		return true
	}
	z.at(int64(d)*secondsPerDay - z.off)
	if !z.settled(d, n) {
		// The guess used the old offset; retry with the period's own.
		z.at(int64(d)*secondsPerDay - z.off)
	}
	return z.settled(d, n)
}

func (p *Plan) loc() *time.Location {
	if p.Location == nil {
		return time.UTC
	}
	return p.Location
}

// derive builds a plan's tables from its fields, as Load does: the zone
// periods (zones when not nil: the plans of a Set share their zone's) and
// the week table. A Plan literal works without them, slower.
func (p *Plan) derive(zones *zoneTable) {
	if zones == nil {
		zones = newZoneTable(p.loc())
	}
	p.zones = zones
	p.table = newWeekTable(p.Hours)
}

// week returns the nominal business time of a week without holidays or DST
// changes: from the week table, or computed for a Plan literal.
func (p *Plan) week() time.Duration {
	if p.table != nil {
		return time.Duration(p.table.weekly)
	}
	return nominalWeek(p.Hours)
}

// openings appends the openings of local day d to out, sorted and merged,
// after moving z as needed. A holiday has none (SPEC §3.3).
func (p *Plan) openings(d dayNum, z *zone, out []span) []span {
	ranges := p.Hours[d.weekday()]
	if len(ranges) == 0 || p.Holidays.isHoliday(d) {
		return out
	}
	base := int64(d) * secondsPerDay // local midnight, as if the zone were UTC
	if z.settle(d, 1) {
		for _, r := range ranges {
			out = appendSpan(out, base+int64(r.From)*60-z.off, base+int64(r.To)*60-z.off)
		}
		return out
	}
	// A DST switch is near: walk every period that can hold an instant whose
	// wall time falls on d, and keep the instants whose wall time is in a
	// range. Instants only grow from one period to the next, so the spans
	// come out sorted.
	for z.at(base - 2*secondsPerDay); ; z.at(z.end) {
		for _, r := range ranges {
			s := max(z.start, base+int64(r.From)*60-z.off)
			e := min(z.end, base+int64(r.To)*60-z.off)
			if s < e {
				out = appendSpan(out, s, e)
			}
		}
		if z.end >= base+3*secondsPerDay {
			return out
		}
	}
}

// appendSpan appends [s, e), merging it into the last span when they touch.
func appendSpan(out []span, s, e int64) []span {
	if n := len(out); n > 0 && out[n-1].end >= s {
		out[n-1].end = max(out[n-1].end, e)
		return out
	}
	return append(out, span{s, e})
}

// regularWeek reports whether the seven local days from d hold exactly the
// nominal weekly business time: no holiday among them and no change of UTC
// offset near them. It moves z to their period.
func (p *Plan) regularWeek(d dayNum, z *zone) bool {
	if !z.settle(d, 7) {
		return false
	}
	if p.Holidays.Empty() {
		return true
	}
	for i := dayNum(0); i < 7; i++ {
		if p.Holidays.isHoliday(d + i) {
			return false
		}
	}
	return true
}

// localDay returns the local day of Unix second u in z, after moving z there.
func (z *zone) localDay(u int64) dayNum {
	if u < z.start || u >= z.end {
		z.at(u)
	}
	d, _ := dayOfWall(u + z.off)
	return d
}

// tableOffset reports the UTC offset of the plan's zone at Unix second u
// from the plan's zone table: usually one comparison, where time.Time.In
// searches the zone's transitions for every instant outside the period of
// the present. ok is false when u is outside the table (or the plan has
// none).
func (p *Plan) tableOffset(u int64) (off int64, ok bool) {
	if t := p.zones; t == nil || u < t.from || u >= t.to {
		return 0, false
	}
	z := p.zone()
	z.at(u)
	return z.off, true
}

// InBusinessHours reports whether instant t lies inside the plan's business
// hours in the plan's zone: its local time of day is in one of the ranges of
// its local weekday (start inclusive, end exclusive), and its local date is
// not a holiday (SPEC §3.3). A wall time repeated when DST ends is inside
// the hours both times.
func (p *Plan) InBusinessHours(t time.Time) bool {
	off, ok := p.tableOffset(t.Unix())
	if !ok {
		_, o := t.In(p.loc()).Zone()
		off = int64(o)
	}
	return p.inHoursWall(t.Unix() + off)
}

// InWeeklyHours reports whether instant t, on the plan's zone's wall clock,
// lies in one of its weekday's business-hours ranges, holidays aside: the
// class t would have on an ordinary day (explain says so of a holiday).
// Start inclusive, end exclusive, as InBusinessHours.
func (p *Plan) InWeeklyHours(t time.Time) bool {
	_, o := t.In(p.loc()).Zone()
	d, sec := dayOfWall(t.Unix() + int64(o))
	return p.inWeekWall(d, sec)
}

// inHoursWall is InBusinessHours for a wall-clock time in seconds from
// 1970-01-01 00:00.
func (p *Plan) inHoursWall(wall int64) bool {
	d, sec := dayOfWall(wall)
	return p.inWeekWall(d, sec) && !p.Holidays.isHoliday(d)
}

// inWeekWall reports whether second sec of local day d is inside the
// weekday's ranges.
func (p *Plan) inWeekWall(d dayNum, sec int64) bool {
	for _, r := range p.Hours[d.weekday()] {
		if int64(r.From)*60 <= sec && sec < int64(r.To)*60 {
			return true
		}
	}
	return false
}

// Classify reports the class of a submission at instant t.
func (p *Plan) Classify(t time.Time) Class {
	if p.InBusinessHours(t) {
		return Business
	}
	return OffHours
}

// Deadline replays SPEC §3 steps 3 and 4 for a ticket submitted at
// submitted: its class, its window and the instant by which a response is on
// time. With the elapsed clock the window is an absolute duration, so a DST
// change inside it does not stretch it; with the business clock it counts
// business-hours time only (see AddBusinessTime). The deadline is in
// submitted's location.
func (p *Plan) Deadline(submitted time.Time) (Class, time.Duration, time.Time) {
	return p.deadline(submitted, &p.Response)
}

// deadline is Deadline with the windows response, indexed by Class.
func (p *Plan) deadline(submitted time.Time, response *[2]time.Duration) (Class, time.Duration, time.Time) {
	if p.Clock != BusinessClock {
		c := p.Classify(submitted)
		w := response[c]
		return c, w, submitted.Add(w)
	}
	// Classify and AddBusinessTime, sharing the zone lookup.
	z := p.zone()
	z.at(submitted.Unix())
	c := OffHours
	if p.inHoursWall(submitted.Unix() + z.off) {
		c = Business
	}
	w := response[c]
	return c, w, p.addBusiness(submitted, w, z)
}

// NextOpening returns the first instant at or after t that is inside
// business hours, in t's location. A plan with no business hours at all, or
// none in the next 400 years, returns t.
func (p *Plan) NextOpening(t time.Time) time.Time {
	if p.week() == 0 {
		return t
	}
	u := t.Unix()
	z := p.zone()
	z.at(u)
	// Start a day early: after a fall-back across midnight, instants after
	// t can still have the previous local date.
	d := z.localDay(u) - 1
	var buf [8]span
	for i := 0; i < maxScanDays; i, d = i+1, d+1 {
		for _, o := range p.openings(d, &z, buf[:0]) {
			if u < o.end {
				if u < o.start {
					return time.Unix(o.start, 0).In(t.Location())
				}
				return t
			}
		}
	}
	return t
}

// AddBusinessTime returns the instant, in t's location, at which d of
// business-hours time has passed since t. Time before the next opening does
// not count, so a ticket submitted off hours starts counting at the next
// opening. A window that runs out exactly at a closing time ends at that
// closing time, not at the next opening. A window that crosses no change of
// UTC offset is answered from the plan's week table (see weekTable) without
// stepping through days; otherwise whole regular weeks are skipped
// arithmetically, so long windows cost little more than short ones. A window longer than the business time of the next 400 years ends
// 400 years after t.
func (p *Plan) AddBusinessTime(t time.Time, d time.Duration) time.Time {
	z := p.zone()
	z.at(t.Unix())
	return p.addBusiness(t, d, z)
}

// addBusiness is AddBusinessTime with z at t: from the week table when it
// can answer, else by walking the calendar.
func (p *Plan) addBusiness(t time.Time, d time.Duration, z zone) time.Time {
	if d <= 0 || p.week() == 0 {
		return t
	}
	if res, resNs, ok := p.addByTable(t.Unix(), int64(t.Nanosecond()), d, &z); ok {
		return time.Unix(res, resNs).In(t.Location())
	}
	return p.addByWalking(t, d, z)
}

// addByWalking is AddBusinessTime stepping through the calendar a day (or a
// regular week) at a time, with z at t.
func (p *Plan) addByWalking(t time.Time, d time.Duration, z zone) time.Time {
	weekly := p.week()
	u, ns := t.Unix(), int64(t.Nanosecond())
	day := z.localDay(u)
	if !z.settle(day-1, 2) {
		day-- // see NextOpening
	}
	remaining := d
	var buf [8]span
	for i := 0; i < maxScanDays; i, day = i+1, day+1 {
		// A week that starts after t and ends before the window runs out
		// counts whole.
		if remaining > weekly && p.regularWeek(day, &z) && int64(day)*secondsPerDay-z.off > u {
			remaining -= weekly
			day += 6
			i += 6
			continue
		}
		ranges := p.Hours[day.weekday()]
		if len(ranges) == 0 || p.Holidays.isHoliday(day) {
			continue
		}
		spans := buf[:0]
		if z.settle(day, 1) {
			// The common day, inlined from openings for speed.
			base := int64(day)*secondsPerDay - z.off
			for _, r := range ranges {
				spans = appendSpan(spans, base+int64(r.From)*60, base+int64(r.To)*60)
			}
		} else {
			spans = p.openings(day, &z, spans)
		}
		for _, o := range spans {
			if u >= o.end {
				continue
			}
			start, startNs := o.start, int64(0)
			if u >= o.start {
				start, startNs = u, ns
			}
			avail := time.Duration(o.end-start)*time.Second - time.Duration(startNs)
			if remaining <= avail {
				return time.Unix(start, startNs+int64(remaining)).In(t.Location())
			}
			remaining -= avail
		}
	}
	return t.AddDate(400, 0, 0)
}

// BusinessBetween reports how much business-hours time lies in [a, b). It is
// zero when b is not after a.
func (p *Plan) BusinessBetween(a, b time.Time) time.Duration {
	weekly := p.week()
	if !b.After(a) || weekly == 0 {
		return 0
	}
	ua, na := a.Unix(), int64(a.Nanosecond())
	ub, nb := b.Unix(), int64(b.Nanosecond())
	z := p.zone()
	z.at(ub)
	last := z.localDay(ub) + 1 // a day late, the mirror of NextOpening's early start
	day := z.localDay(ua) - 1
	var total time.Duration
	var buf [8]span
	for i := 0; i < maxScanDays && day <= last; i++ {
		// A week that lies inside [a, b) counts whole. The first test uses
		// the current offset as a cheap guess; regularWeek settles it.
		if guess := int64(day)*secondsPerDay - z.off; guess > ua+secondsPerDay && guess+8*secondsPerDay <= ub &&
			p.regularWeek(day, &z) {
			if m := int64(day)*secondsPerDay - z.off; m > ua && m+7*secondsPerDay <= ub {
				total += weekly
				day += 7
				i += 6
				continue
			}
		}
		for _, o := range p.openings(day, &z, buf[:0]) {
			s, sn := o.start, int64(0)
			if s <= ua {
				s, sn = ua, na
			}
			e, en := o.end, int64(0)
			if e > ub {
				e, en = ub, nb
			}
			if d := time.Duration(e-s)*time.Second + time.Duration(en-sn); d > 0 {
				total += d
			}
		}
		day++
	}
	return total
}

// nominalWeek sums the weekly hours as wall-clock minutes.
func nominalWeek(hours [7][]Range) time.Duration {
	var m int
	for _, day := range hours {
		for _, r := range day {
			m += r.To - r.From
		}
	}
	return time.Duration(m) * time.Minute
}
