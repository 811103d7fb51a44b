package plans

import (
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
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

// Days returns the number of days from 1970-01-01 (day 0) to d, normalising
// an out-of-range day or month as time.Date does, without going through
// time.Time: readers that convert many dates use it. DateOfDays is its
// inverse.
func (d Date) Days() int64 { return int64(d.num()) }

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

// MinYear and MaxYear bound the years the tool accepts (SPEC §9): every
// instant it reads or audits lies in the years MinYear–MaxYear. The tables a
// plan builds when it is loaded cover exactly these years; arithmetic that
// runs past them (a window ending after MaxYear) still answers, slower.
const (
	MinYear = 1900
	MaxYear = 2199
)

// The days the eager tables cover: 1900-01-01..2199-12-31.
var (
	spanFirst = Date{MinYear, time.January, 1}.num()
	spanLast  = Date{MaxYear, time.December, 31}.num()
)

// Holidays is a set of whole local days without business hours: explicit
// dates and ranges, plus the observed dates of named calendars. nil is the
// empty set.
//
// Build it with NewHolidays, which computes every holiday of the years
// MinYear–MaxYear once, as a bit per day; do not change its fields
// afterwards. A Holidays literal works too (its fields are read directly),
// but asks the calendars again for every day. A Holidays is read-only once
// built and so safe for concurrent use.
type Holidays struct {
	Calendars []string
	// Dates are explicit holidays; Ranges are inclusive [first, last] spans.
	Dates  []Date
	Ranges [][2]Date

	// bits marks every holiday of spanFirst..spanLast; nil in a literal.
	bits *dayBits
}

// dayBits marks holidays: bit i of words is day spanFirst+i.
type dayBits struct{ words []uint64 }

func newDayBits() *dayBits {
	return &dayBits{words: make([]uint64, (spanLast-spanFirst)/64+1)}
}

func (b *dayBits) set(n dayNum) {
	if spanFirst <= n && n <= spanLast {
		i := int64(n - spanFirst)
		b.words[i>>6] |= 1 << (i & 63)
	}
}

// calendarBits holds each built-in calendar's observed holidays over the
// span, computed on first use and shared by every Holidays naming it.
var calendarBits = func() map[string]func() *dayBits {
	m := make(map[string]func() *dayBits, len(Calendars))
	for name, hols := range Calendars {
		m[name] = sync.OnceValue(func() *dayBits {
			b := newDayBits()
			for y := MinYear - 1; y <= MaxYear+1; y++ {
				for _, hol := range hols {
					if _, observed := hol.Calc(y); !observed.IsZero() {
						b.set(DateOf(observed).num())
					}
				}
			}
			return b
		})
	}
	return m
}()

// NewHolidays builds a set from calendar names, explicit dates and inclusive
// ranges. It panics when a name is not a key of Calendars: Load checks the
// names of a plans file first.
func NewHolidays(calendars []string, dates []Date, ranges [][2]Date) *Holidays {
	h := &Holidays{Calendars: calendars, Dates: dates, Ranges: ranges, bits: newDayBits()}
	for _, name := range calendars {
		var cb *dayBits
		if f, ok := calendarBits[name]; ok {
			cb = f()
		} else {
			cb = newDayBits()
			for y := MinYear - 1; y <= MaxYear+1; y++ {
				for _, n := range calendarYear(name, y) {
					cb.set(n)
				}
			}
		}
		for i, w := range cb.words {
			h.bits.words[i] |= w
		}
	}
	for _, d := range dates {
		h.bits.set(d.num())
	}
	for _, r := range ranges {
		for n := max(r[0].num(), spanFirst); n <= min(r[1].num(), spanLast); n++ {
			h.bits.set(n)
		}
	}
	return h
}

// calendarYear returns the days of year y on which the named calendar's
// holidays are observed, the observed dates of y-1's and y+1's holidays
// included (New Year's Day on a Saturday is observed on 31 December). It
// panics on an unknown name.
func calendarYear(name string, y int) []dayNum {
	hols, ok := Calendars[name]
	if !ok {
		panic(fmt.Sprintf("plans: unknown holiday calendar %q (known: %s)", name, strings.Join(CalendarNames(), ", ")))
	}
	var out []dayNum
	for _, hol := range hols {
		for _, yy := range []int{y - 1, y, y + 1} {
			if _, observed := hol.Calc(yy); !observed.IsZero() && observed.Year() == y {
				out = append(out, DateOf(observed).num())
			}
		}
	}
	return out
}

// Empty reports whether the set names no day.
func (h *Holidays) Empty() bool {
	return h == nil || (len(h.Dates) == 0 && len(h.Ranges) == 0 && len(h.Calendars) == 0)
}

// IsHoliday reports whether the civil date d is a holiday.
func (h *Holidays) IsHoliday(d Date) bool { return h.isHoliday(d.num()) }

func (h *Holidays) isHoliday(n dayNum) bool {
	if h.Empty() {
		return false
	}
	if h.bits != nil && spanFirst <= n && n <= spanLast {
		i := int64(n - spanFirst)
		return h.bits.words[i>>6]&(1<<(i&63)) != 0
	}
	return h.computed(n)
}

// computed reports whether day n is a holiday from the fields alone: for a
// Holidays literal, or a day outside the tables.
func (h *Holidays) computed(n dayNum) bool {
	for _, d := range h.Dates {
		if d.num() == n {
			return true
		}
	}
	for _, r := range h.Ranges {
		if r[0].num() <= n && n <= r[1].num() {
			return true
		}
	}
	if len(h.Calendars) == 0 {
		return false
	}
	y := n.date().Year
	for _, name := range h.Calendars {
		if slices.Contains(calendarYear(name, y), n) {
			return true
		}
	}
	return false
}

// firstHoliday returns the first holiday of the days first..last
// (inclusive), testing the table a word at a time.
func (h *Holidays) firstHoliday(first, last dayNum) (dayNum, bool) {
	if h.Empty() {
		return 0, false
	}
	for d := first; d <= last; {
		if h.bits == nil || d < spanFirst || d > spanLast {
			if h.isHoliday(d) {
				return d, true
			}
			d++
			continue
		}
		// The bits of the word from d on; those past spanLast are never set.
		i := int64(d - spanFirst)
		if w := h.bits.words[i>>6] >> (i & 63); w != 0 {
			if n := d + dayNum(bits.TrailingZeros64(w)); n <= last {
				return n, true
			}
			return 0, false
		}
		d = min(d+dayNum(64-i&63), spanLast+1) // the days past the table are asked one by one
	}
	return 0, false
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
