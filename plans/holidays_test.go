package plans

import (
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

// TestHolidayCacheEdges: the bit cache answers like the calendar on every
// day, however it was filled. The cache first covers 2021–2036 when asked
// about 2026; its last word held bits for January and February 2037 that it
// had never set, and it used to answer "no holiday" for New Year's Day and
// Martin Luther King Jr. Day 2037 until something asked about 2037 first.
func TestHolidayCacheEdges(t *testing.T) {
	want := observedUS(1990, 2070)
	for _, order := range []struct {
		name  string
		first Date
	}{{"from 2026", Date{2026, 1, 1}}, {"from 2050", Date{2050, 6, 1}}} {
		h := NewHolidays([]string{"us"}, nil, nil)
		h.IsHoliday(order.first) // fills the cache around that year
		for n := (Date{2000, 1, 1}).num(); n <= (Date{2060, 12, 31}).num(); n++ {
			if got := h.isHoliday(n); got != want[n] {
				t.Fatalf("%s: isHoliday(%s) = %v, want %v", order.name, n.date(), got, want[n])
			}
		}
	}
}

// TestFirstHoliday: firstHoliday finds what a day-by-day scan finds, across
// the edges of the bit cache and of its words.
func TestFirstHoliday(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var h *Holidays
		if rapid.Bool().Draw(t, "calendar") {
			h = NewHolidays([]string{"us"}, []Date{{2026, 3, 9}}, [][2]Date{{{2036, 12, 20}, {2037, 1, 3}}})
		} else {
			h = NewHolidays(nil, []Date{{2026, 7, 7}, {2037, 2, 2}}, nil)
		}
		ref := NewHolidays(h.Calendars, h.Dates, h.Ranges)
		// Warm the cache somewhere, or not at all.
		if rapid.Bool().Draw(t, "warm") {
			h.IsHoliday(Date{rapid.IntRange(2000, 2060).Draw(t, "warm year"), 1, 1})
		}
		first := Date{2026, 1, 1}.num() + dayNum(rapid.IntRange(0, 12*366).Draw(t, "first"))
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
