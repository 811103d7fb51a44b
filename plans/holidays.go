package plans

import (
	"fmt"
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

func (d Date) key() int { return d.Year*10000 + int(d.Month)*100 + d.Day }

// Holidays is a set of whole local days without business hours: explicit
// dates and ranges, plus the observed dates of named calendars. The zero
// value and nil are empty sets. It is safe for concurrent use.
type Holidays struct {
	Calendars []string
	// Dates are explicit holidays; Ranges are inclusive [first, last] spans.
	Dates  []Date
	Ranges [][2]Date

	explicit map[int]bool
	mu       sync.Mutex
	years    map[int]map[int]bool // calendar holidays per year, computed on demand
}

// NewHolidays builds a set from calendar names (which must be keys of
// Calendars), explicit dates and inclusive ranges.
func NewHolidays(calendars []string, dates []Date, ranges [][2]Date) *Holidays {
	h := &Holidays{Calendars: calendars, Dates: dates, Ranges: ranges,
		explicit: make(map[int]bool), years: make(map[int]map[int]bool)}
	for _, d := range dates {
		h.explicit[d.key()] = true
	}
	for _, r := range ranges {
		for t := time.Date(r[0].Year, r[0].Month, r[0].Day, 12, 0, 0, 0, time.UTC); !DateOf(t).after(r[1]); t = t.AddDate(0, 0, 1) {
			h.explicit[DateOf(t).key()] = true
		}
	}
	return h
}

func (d Date) after(o Date) bool { return d.key() > o.key() }

// Empty reports whether the set can contain no day.
func (h *Holidays) Empty() bool {
	return h == nil || (len(h.explicit) == 0 && len(h.Calendars) == 0)
}

// IsHoliday reports whether the civil date d is a holiday.
func (h *Holidays) IsHoliday(d Date) bool {
	if h.Empty() {
		return false
	}
	if h.explicit[d.key()] {
		return true
	}
	if len(h.Calendars) == 0 {
		return false
	}
	return h.year(d.Year)[d.key()]
}

// year returns the observed calendar holidays of one year. A holiday observed
// in an adjacent year (New Year's Day on a Saturday is observed on 31
// December) is found by computing the neighbours too.
func (h *Holidays) year(y int) map[int]bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if m, ok := h.years[y]; ok {
		return m
	}
	m := make(map[int]bool)
	for _, name := range h.Calendars {
		for _, hol := range Calendars[name] {
			for _, yy := range []int{y - 1, y, y + 1} {
				_, observed := hol.Calc(yy)
				if !observed.IsZero() && observed.Year() == y {
					m[DateOf(observed).key()] = true
				}
			}
		}
	}
	h.years[y] = m
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
