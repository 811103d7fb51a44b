package plans

import "time"

// interval is one opening as absolute instants: start inclusive, end
// exclusive.
type interval struct{ start, end time.Time }

// maxScanDays bounds every forward scan through the calendar, so that a plan
// whose hours are all holidays cannot loop for ever. 400 years is longer than
// any response window.
const maxScanDays = 400 * 366

// dayOpenings appends the openings of local civil date d to out. Each
// boundary is built with time.Date on that local day, so that a day's opening
// is at the local wall-clock hour even on a DST switch day; 24:00 is the next
// day's midnight. A holiday has no openings.
func (p *Plan) dayOpenings(d Date, out []interval) []interval {
	ranges := p.Hours[weekdayOf(d)]
	if len(ranges) == 0 || p.Holidays.IsHoliday(d) {
		return out
	}
	for _, r := range ranges {
		s := time.Date(d.Year, d.Month, d.Day, 0, r.From, 0, 0, p.Location)
		e := time.Date(d.Year, d.Month, d.Day, 0, r.To, 0, 0, p.Location)
		if e.After(s) {
			out = append(out, interval{s, e})
		}
	}
	return out
}

func weekdayOf(d Date) time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

func nextDay(d Date) Date { return addDays(d, 1) }

func addDays(d Date, n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// InBusinessHours reports whether instant t lies inside the plan's business
// hours in the plan's zone: start inclusive, end exclusive, never on a
// holiday (SPEC §3.3).
func (p *Plan) InBusinessHours(t time.Time) bool {
	local := t.In(p.Location)
	var buf [4]interval
	for _, iv := range p.dayOpenings(DateOf(local), buf[:0]) {
		if !t.Before(iv.start) && t.Before(iv.end) {
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
// business-hours time only (see AddBusinessTime).
func (p *Plan) Deadline(submitted time.Time) (Class, time.Duration, time.Time) {
	c := p.Classify(submitted)
	w := p.Response[c]
	if p.Clock == BusinessClock {
		return c, w, p.AddBusinessTime(submitted, w)
	}
	return c, w, submitted.Add(w)
}

// NextOpening returns the first instant at or after t that is inside
// business hours. A plan with no business hours at all returns t.
func (p *Plan) NextOpening(t time.Time) time.Time {
	if p.weekly == 0 {
		return t
	}
	d := DateOf(t.In(p.Location))
	var buf [4]interval
	for i := 0; i < maxScanDays; i++ {
		for _, iv := range p.dayOpenings(d, buf[:0]) {
			if iv.end.After(t) {
				if iv.start.After(t) {
					return iv.start
				}
				return t
			}
		}
		d = nextDay(d)
	}
	return t
}

// AddBusinessTime returns the instant at which d of business-hours time has
// passed since t. Time before the next opening does not count, so a ticket
// submitted off hours starts counting at the next opening. A window that runs
// out exactly at a closing time ends at that closing time, not at the next
// opening. Whole regular weeks (no holiday, no change of UTC offset) are
// skipped arithmetically, so long windows cost no more than short ones.
func (p *Plan) AddBusinessTime(t time.Time, d time.Duration) time.Time {
	if d <= 0 || p.weekly == 0 {
		return t
	}
	remaining := d
	day := DateOf(t.In(p.Location))
	var buf [4]interval
	for i := 0; i < maxScanDays; i++ {
		if i > 0 && remaining > p.weekly && p.regularWeek(day) {
			remaining -= p.weekly
			day = addDays(day, 7)
			continue
		}
		for _, iv := range p.dayOpenings(day, buf[:0]) {
			if !iv.end.After(t) {
				continue
			}
			start := iv.start
			if t.After(start) {
				start = t
			}
			if avail := iv.end.Sub(start); remaining <= avail {
				return start.Add(remaining)
			} else {
				remaining -= avail
			}
		}
		day = nextDay(day)
	}
	return t.Add(d)
}

// BusinessBetween reports how much business-hours time lies in [a, b). It is
// zero when b is not after a.
func (p *Plan) BusinessBetween(a, b time.Time) time.Duration {
	if !b.After(a) || p.weekly == 0 {
		return 0
	}
	var total time.Duration
	day := DateOf(a.In(p.Location))
	last := DateOf(b.In(p.Location))
	var buf [4]interval
	for i := 0; i < maxScanDays && !day.after(last); i++ {
		if i > 0 && addDays(day, 7).key() < last.key() && p.regularWeek(day) {
			total += p.weekly
			day = addDays(day, 7)
			continue
		}
		for _, iv := range p.dayOpenings(day, buf[:0]) {
			s, e := iv.start, iv.end
			if s.Before(a) {
				s = a
			}
			if e.After(b) {
				e = b
			}
			if e.After(s) {
				total += e.Sub(s)
			}
		}
		day = nextDay(day)
	}
	return total
}

// regularWeek reports whether the seven local days from d hold exactly the
// nominal weekly business time: no holiday among them and the same UTC
// offset at both ends, so no DST switch can shorten or lengthen an opening.
func (p *Plan) regularWeek(d Date) bool {
	start := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, p.Location)
	end := time.Date(d.Year, d.Month, d.Day+7, 0, 0, 0, 0, p.Location)
	_, o1 := start.Zone()
	_, o2 := end.Zone()
	if o1 != o2 {
		return false
	}
	if p.Holidays.Empty() {
		return true
	}
	for i := 0; i < 7; i++ {
		if p.Holidays.IsHoliday(addDays(d, i)) {
			return false
		}
	}
	return true
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
