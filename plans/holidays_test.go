package plans

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// observedUS lists the observed dates of the us calendar, straight from the
// calendar library, for the years from..to.
func observedUS(from, to int) map[dayNum]bool {
	m := map[dayNum]bool{}
	for y := from; y <= to; y++ {
		for _, hol := range Calendars["us"] {
			if _, obs := hol.Calc(y); !obs.IsZero() {
				m[DateOf(obs).num()] = true
			}
		}
	}
	return m
}

// TestHolidayTableMatchesCalendar: the table NewHolidays builds answers
// like the calendar library on every day of the years it covers and on
// days past its ends, and a Holidays literal (no table) answers the same.
// (A lazy bit cache this replaced once answered "no holiday" for New Year's
// Day 2037 until something asked about 2037 first.)
func TestHolidayTableMatchesCalendar(t *testing.T) {
	want := observedUS(MinYear-2, MaxYear+2)
	explicit := Date{2037, 1, 2}
	want[explicit.num()] = true
	h := NewHolidays([]string{"us"}, []Date{explicit}, nil)
	lit := &Holidays{Calendars: []string{"us"}, Dates: []Date{explicit}}
	for n := spanFirst - 400; n <= spanLast+400; n++ {
		if got := h.isHoliday(n); got != want[n] {
			t.Fatalf("isHoliday(%s) = %v, want %v", n.date(), got, want[n])
		}
		if n.date().Day == 1 || want[n] { // the literal is slow: a sample
			if got := lit.isHoliday(n); got != want[n] {
				t.Fatalf("literal: isHoliday(%s) = %v, want %v", n.date(), got, want[n])
			}
		}
	}
}

// TestHolidaysLiteral: a Holidays literal holds its dates and ranges (it
// used to hold no holidays at all without NewHolidays).
func TestHolidaysLiteral(t *testing.T) {
	h := &Holidays{Dates: []Date{{2026, 12, 24}}, Ranges: [][2]Date{{{2026, 12, 28}, {2026, 12, 31}}}}
	for _, c := range []struct {
		d    Date
		want bool
	}{{Date{2026, 12, 24}, true}, {Date{2026, 12, 25}, false}, {Date{2026, 12, 28}, true}, {Date{2026, 12, 31}, true}, {Date{2027, 1, 1}, false}} {
		if got := h.IsHoliday(c.d); got != c.want {
			t.Errorf("IsHoliday(%s) = %v, want %v", c.d, got, c.want)
		}
	}
	if h.Empty() {
		t.Error("Empty() = true for a literal with dates")
	}
}

// TestUnknownCalendarPanics: an unknown calendar name fails loudly rather
// than holding no holidays.
func TestUnknownCalendarPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"NewHolidays": func() { NewHolidays([]string{"mars"}, nil, nil) },
		"literal":     func() { (&Holidays{Calendars: []string{"mars"}}).IsHoliday(Date{2026, 1, 1}) },
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), `"mars"`) {
					t.Errorf("%s: recover() = %v, want a panic naming the calendar", name, r)
				}
			}()
			f()
		}()
	}
}

// TestFirstHoliday: firstHoliday finds what a day-by-day scan finds, across
// the edges of the table and of its words.
func TestFirstHoliday(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var h *Holidays
		if rapid.Bool().Draw(t, "calendar") {
			h = NewHolidays([]string{"us"}, []Date{{2026, 3, 9}}, [][2]Date{{{2036, 12, 20}, {2037, 1, 3}}})
		} else {
			h = NewHolidays(nil, []Date{{2026, 7, 7}, {2037, 2, 2}}, nil)
		}
		ref := &Holidays{Calendars: h.Calendars, Dates: h.Dates, Ranges: h.Ranges} // no table
		first := Date{2026, 1, 1}.num() + dayNum(rapid.IntRange(0, 12*366).Draw(t, "first"))
		if rapid.Bool().Draw(t, "edge") { // across the table's last day
			first = spanLast - dayNum(rapid.IntRange(0, 200).Draw(t, "before end"))
		}
		last := first + dayNum(rapid.IntRange(0, 400).Draw(t, "span"))
		want, wantOK := dayNum(0), false
		for n := first; n <= last; n++ {
			if ref.isHoliday(n) {
				want, wantOK = n, true
				break
			}
		}
		if got, ok := h.firstHoliday(first, last); got != want || ok != wantOK {
			t.Fatalf("firstHoliday(%s, %s) = %s %v, want %s %v", first.date(), last.date(), got.date(), ok, want.date(), wantOK)
		}
	})
}
