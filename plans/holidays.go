package plans

import (
	"fmt"
	"maps"
	"math/bits"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/us"
)

// Calendars are the named holiday calendars a plans file may use, from
// github.com/rickar/cal/v2. A calendar's holidays fall on their observed
// dates (a Saturday holiday is observed on the Friday before).
var Calendars = map[string][]*cal.Holiday{
	"us": us.Holidays,
}

// CalendarNames lists the keys of Calendars, sorted.
func CalendarNames() []string {
	var names []string
	for n := range Calendars {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Date is a civil date, without a zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the civil date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// String formats the date as 2006-01-02.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

func (d Date) after(o Date) bool { return d.num() > o.num() }

// dayNum is a civil date counted in days from 1970-01-01. The schedule
// arithmetic works on day numbers rather than on time.Date, which would look
// the zone up for every day it steps through.
type dayNum int64

const secondsPerDay = 24 * 60 * 60

// num returns the day number of d, normalising an out-of-range day or month
// as time.Date does.
func (d Date) num() dayNum {
	y, m := int64(d.Year), int64(d.Month)
	// Normalise the month into 1..12 first.
	y += floorDiv(m-1, 12)
	m = m - 12*floorDiv(m-1, 12)
	// Howard Hinnant's days_from_civil.
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + int64(d.Day) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return dayNum(era*146097 + doe - 719468)
}

// DateOfDays returns the civil date of day number days, counted from
// 1970-01-01 (day 0), without going through time.Time: renderers that
// format many instants use it.
func DateOfDays(days int64) Date { return dayNum(days).date() }

// date returns the civil date of day number n (Hinnant's civil_from_days).
func (n dayNum) date() Date {
	z := int64(n) + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return Date{int(y), time.Month(m), int(day)}
}

// weekday returns the day of the week of n; 1970-01-01 was a Thursday.
func (n dayNum) weekday() time.Weekday {
	w := (int64(n) + int64(time.Thursday)) % 7 // constant divisors compile to multiplications
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// dayOfWall returns the day of a wall-clock time counted in seconds from
// 1970-01-01 00:00, and the second within that day.
func dayOfWall(wall int64) (dayNum, int64) {
	d, sec := wall/secondsPerDay, wall%secondsPerDay
	if sec < 0 {
		d, sec = d-1, sec+secondsPerDay
	}
	return dayNum(d), sec
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// Holidays is a set of whole local days without business hours: explicit
// dates and ranges, plus the observed dates of named calendars. Build it with
// NewHolidays; nil is the empty set. It is safe for concurrent use.
type Holidays struct {
	Calendars []string
	// Dates are explicit holidays; Ranges are inclusive [first, last] spans.
	Dates  []Date
	Ranges [][2]Date

	explicit map[dayNum]bool
	mu       sync.Mutex                              // serialises writers of years
	years    atomic.Pointer[map[int]map[dayNum]bool] // calendar holidays per year, copy-on-write

	// bits caches every holiday (explicit or calendar) of a span of whole
	// years as a bit per day, so that the business clock, which asks about
	// every day it steps through, pays a bit test, not a date conversion
	// and two map lookups. It is replaced, never changed.
	bits   atomic.Pointer[dayBits]
	bitsMu sync.Mutex // serialises writers of bits
}

// dayBits marks holidays: bit i of words is day first+i, for the days
// first..last. The words hold a few bits more, past last, that say nothing.
type dayBits struct {
	first, last dayNum
	y0, y1      int // the years covered, inclusive
	words       []uint64
}

// covers reports whether b answers for day n.
func (b *dayBits) covers(n dayNum) bool { return b != nil && b.first <= n && n <= b.last }

// maxBitYears bounds the years one cache covers (about 46 KB); days outside
// take the slow path.
const maxBitYears = 1000

// NewHolidays builds a set from calendar names (which must be keys of
// Calendars), explicit dates and inclusive ranges.
func NewHolidays(calendars []string, dates []Date, ranges [][2]Date) *Holidays {
	h := &Holidays{Calendars: calendars, Dates: dates, Ranges: ranges,
		explicit: make(map[dayNum]bool)}
	for _, d := range dates {
		h.explicit[d.num()] = true
	}
	for _, r := range ranges {
		for n := r[0].num(); n <= r[1].num(); n++ {
			h.explicit[n] = true
		}
	}
	return h
}

// Empty reports whether the set can contain no day.
func (h *Holidays) Empty() bool {
	return h == nil || (len(h.explicit) == 0 && len(h.Calendars) == 0)
}

// IsHoliday reports whether the civil date d is a holiday.
func (h *Holidays) IsHoliday(d Date) bool { return h.isHoliday(d.num()) }

func (h *Holidays) isHoliday(n dayNum) bool {
	if h.Empty() {
		return false
	}
	if b := h.bits.Load(); b.covers(n) {
		i := int64(n - b.first)
		return b.words[i>>6]&(1<<(i&63)) != 0
	}
	y := n.date().Year
	h.cover(y)
	if h.explicit[n] {
		return true
	}
	if len(h.Calendars) == 0 {
		return false
	}
	return h.year(y)[n]
}

// firstHoliday returns the first holiday of the days first..last
// (inclusive), testing the cached bits a word at a time.
func (h *Holidays) firstHoliday(first, last dayNum) (dayNum, bool) {
	if h.Empty() {
		return 0, false
	}
	for d := first; d <= last; {
		b := h.bits.Load()
		if !b.covers(d) {
			if h.isHoliday(d) { // fills the cache, or answers from the maps
				return d, true
			}
			d++
			continue
		}
		// The bits of the word from d on; those past b.last are never set.
		i := int64(d - b.first)
		if w := b.words[i>>6] >> (i & 63); w != 0 {
			if n := d + dayNum(bits.TrailingZeros64(w)); n <= last {
				return n, true
			}
			return 0, false
		}
		d += dayNum(64 - i&63)
	}
	return 0, false
}

// cover widens the bit cache to hold year y, with ten years to spare on the
// side it grows, unless that would span more than maxBitYears.
func (h *Holidays) cover(y int) {
	h.bitsMu.Lock()
	defer h.bitsMu.Unlock()
	y0, y1 := y-5, y+10
	if old := h.bits.Load(); old != nil {
		if y >= old.y0 && y <= old.y1 {
			return
		}
		y0, y1 = min(old.y0, y-10), max(old.y1, y+10)
	}
	if y1-y0 >= maxBitYears {
		return
	}
	b := &dayBits{first: Date{y0, time.January, 1}.num(), last: Date{y1, time.December, 31}.num(), y0: y0, y1: y1}
	b.words = make([]uint64, (b.last-b.first)/64+1)
	set := func(n dayNum) {
		if b.covers(n) {
			i := int64(n - b.first)
			b.words[i>>6] |= 1 << (i & 63)
		}
	}
	for n := range h.explicit {
		set(n)
	}
	if len(h.Calendars) > 0 {
		for yy := y0; yy <= y1; yy++ {
			for n := range h.year(yy) {
				set(n)
			}
		}
	}
	h.bits.Store(b)
}

// year returns the observed calendar holidays of one year. A holiday observed
// in an adjacent year (New Year's Day on a Saturday is observed on 31
// December) is found by computing the neighbours too. Readers take no lock:
// the cache is replaced, never changed, when a year is added.
func (h *Holidays) year(y int) map[dayNum]bool {
	if cache := h.years.Load(); cache != nil {
		if m, ok := (*cache)[y]; ok {
			return m
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	cache := map[int]map[dayNum]bool{}
	if old := h.years.Load(); old != nil {
		if m, ok := (*old)[y]; ok {
			return m
		}
		cache = maps.Clone(*old)
	}
	m := make(map[dayNum]bool)
	for _, name := range h.Calendars {
		for _, hol := range Calendars[name] {
			for _, yy := range []int{y - 1, y, y + 1} {
				_, observed := hol.Calc(yy)
				if !observed.IsZero() && observed.Year() == y {
					m[DateOf(observed).num()] = true
				}
			}
		}
	}
	cache[y] = m
	h.years.Store(&cache)
	return m
}

// String lists the calendars, dates and ranges for display.
func (h *Holidays) String() string {
	if h.Empty() {
		return "none"
	}
	var parts []string
	for _, c := range h.Calendars {
		parts = append(parts, c+" calendar")
	}
	for _, d := range h.Dates {
		parts = append(parts, d.String())
	}
	for _, r := range h.Ranges {
		parts = append(parts, r[0].String()+".."+r[1].String())
	}
	return strings.Join(parts, ", ")
}
