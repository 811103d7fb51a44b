package plans

import "time"

// weekTable is a plan's business hours laid out over one regular week: the
// openings as wall-clock seconds from Sunday 00:00, in order, with the
// business time before each. In a stretch of days with one UTC offset and no
// holiday, wall-clock time is the instant plus a constant, so the business
// time before any instant is a lookup in this table and a whole number of
// weeks, and the instant at which a window runs out is the inverse lookup.
// AddBusinessTime answers most windows this way, adding the holidays they
// cross (see addByTable), and walks the calendar for a window that crosses a
// DST switch.
type weekTable struct {
	start, end []int64 // wall seconds from Sunday 00:00; end exclusive
	before     []int64 // business seconds in the week before start[i]
	weekly     int64   // business nanoseconds in the week
}

const secondsPerWeek = 7 * secondsPerDay

// newWeekTable lays out hours, or returns nil for a plan without any.
func newWeekTable(hours [7][]Range) *weekTable {
	t := &weekTable{}
	var sum int64
	for wd, ranges := range hours {
		for _, r := range ranges {
			s := int64(wd)*secondsPerDay + int64(r.From)*60
			e := int64(wd)*secondsPerDay + int64(r.To)*60
			t.start = append(t.start, s)
			t.end = append(t.end, e)
			t.before = append(t.before, sum)
			sum += e - s
		}
	}
	if sum == 0 {
		return nil
	}
	t.weekly = sum * int64(time.Second)
	return t
}

// businessBefore returns the business time, in nanoseconds, between Sunday
// 00:00 and the wall-clock instant pos seconds (plus ns) into the week.
func (t *weekTable) businessBefore(pos, ns int64) int64 {
	// The first opening that ends after pos.
	lo, hi := 0, len(t.end)
	for lo < hi {
		if mid := int(uint(lo+hi) >> 1); t.end[mid] <= pos {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == len(t.end) {
		return t.weekly
	}
	b := t.before[lo] * int64(time.Second)
	if pos >= t.start[lo] {
		b += (pos-t.start[lo])*int64(time.Second) + ns
	}
	return b
}

// wallAt returns the earliest wall-clock position in the week, as seconds
// and nanoseconds from Sunday 00:00, by which b nanoseconds of business time
// have passed, for 0 < b <= weekly. When b is used up exactly at a closing
// time, that closing time is the answer, not the next opening.
func (t *weekTable) wallAt(b int64) (sec, ns int64) {
	// The first opening whose end has b or more before it.
	lo, hi := 0, len(t.end)-1
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if (t.before[mid]+t.end[mid]-t.start[mid])*int64(time.Second) < b {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	into := b - t.before[lo]*int64(time.Second)
	return t.start[lo] + into/int64(time.Second), into % int64(time.Second)
}

// at returns the business time, in nanoseconds, between base (a wall-clock
// Sunday 00:00 in seconds) and the wall-clock instant wall seconds plus ns,
// at or after base, in weeks without holidays.
func (t *weekTable) at(base, wall, ns int64) int64 {
	weeks, pos := (wall-base)/secondsPerWeek, (wall-base)%secondsPerWeek
	return weeks*t.weekly + t.businessBefore(pos, ns)
}

// maxTableWindow bounds the windows the table answers, far below where the
// nanosecond arithmetic could overflow; longer ones walk the calendar (and
// would cross a DST switch anyway in zones that have them).
const maxTableWindow = 400 * 24 * time.Hour

// maxTableRounds bounds the rounds addByTable spends adding holidays before
// it leaves a window to the calendar walk.
const maxTableRounds = 16

// addByTable is AddBusinessTime for a window that crosses no change of UTC
// offset: ok is false when the answer would cross one, or the plan has no
// table, and the caller must walk the calendar. Near a DST switch it still
// answers when the window ends before the switch or starts after it.
//
// Counting from the Sunday 00:00 before t, with T the table's business time
// up to a wall-clock instant as if no day were a holiday, the answer is the
// earliest instant p with T(p) = T(t) + d + L, where L is the table time of
// the holidays between t and p that p has entered (from t, on t's own day).
// L grows with p, so the loop starts with L = 0 and adds the holidays each
// answer enters until an answer enters no new one. Each round's answer is no
// later than the true one, and the last one is it: a holiday whose whole
// time is in L is never the answer's resting place, because the real
// business clock stands still across it.
func (p *Plan) addByTable(u, ns int64, d time.Duration, z *zone) (res, resNs int64, ok bool) {
	t := p.table
	if t == nil || d > maxTableWindow {
		return 0, 0, false
	}
	day := z.localDay(u)
	sunday := day - dayNum(day.weekday())
	base := int64(sunday) * secondsPerDay // wall clock, seconds
	wallU := u + z.off
	from := t.at(base, wallU, ns)
	var lost int64
	next := day // the first day not yet checked for a holiday
	for range maxTableRounds {
		target := from + int64(d) + lost // > 0: d > 0
		weeks := (target - 1) / t.weekly
		sec, sns := t.wallAt(target - weeks*t.weekly)
		wall := base + weeks*secondsPerWeek + sec
		// The last day the answer has entered: an answer at midnight
		// (a 24:00 closing) has not entered the day that starts there.
		last, s := dayOfWall(wall)
		if s == 0 && sns == 0 {
			last--
		}
		// Whether an instant is in business hours depends only on its wall
		// clock (SPEC §3.3), so the table counts [t, answer) exactly when
		// one UTC offset covers all of it.
		if end := wall - z.off; end > z.end || end == z.end && sns > 0 {
			return 0, 0, false
		}
		added := false
		for next <= last {
			h, ok := p.Holidays.firstHoliday(next, last)
			if !ok {
				break
			}
			start := max(t.at(base, int64(h)*secondsPerDay, 0), from)
			lost += t.at(base, int64(h+1)*secondsPerDay, 0) - start
			added = true
			next = h + 1
		}
		if !added {
			return wall - z.off, sns, true
		}
		next = last + 1
	}
	return 0, 0, false
}
