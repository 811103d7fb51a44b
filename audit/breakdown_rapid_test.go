package audit

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

// Properties of the time keys of SPEC §10 over any instant of 1900–2199 and
// a few zones with DST: the keys agree with the local calendar, and an ISO
// week is seven consecutive local days, Monday to Sunday.
func TestTimeKeysProperties(t *testing.T) {
	zones := []*time.Location{pacific, mustZone("Europe/Berlin"), mustZone("Australia/Lord_Howe"), time.UTC}
	lo := time.Date(1900, 1, 2, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(2199, 12, 30, 0, 0, 0, 0, time.UTC).Unix()
	rapid.Check(t, func(t *rapid.T) {
		loc := rapid.SampledFrom(zones).Draw(t, "zone")
		at := time.Unix(rapid.Int64Range(lo, hi).Draw(t, "unix"), 0)
		lt := at.In(loc)
		if got, want := TimeKey(ByDay, at, loc), lt.Format("2006-01-02"); got != want {
			t.Fatalf("day %q, want %q", got, want)
		}
		if got, want := TimeKey(ByMonth, at, loc), lt.Format("2006-01"); got != want {
			t.Fatalf("month %q, want %q", got, want)
		}
		if got, want := TimeKey(ByHour, at, loc), lt.Format("15"); got != want {
			t.Fatalf("hour %q, want %q", got, want)
		}
		// The Monday of lt's week and the six days after it share its
		// week key; the days either side do not.
		y, m, d := lt.Date()
		back := (int(lt.Weekday()) + 6) % 7
		monday := time.Date(y, m, d-back, 12, 0, 0, 0, loc)
		week := TimeKey(ByWeek, at, loc)
		for i := 0; i < 7; i++ {
			day := time.Date(y, m, d-back+i, 12, 0, 0, 0, loc)
			if got := TimeKey(ByWeek, day, loc); got != week {
				t.Fatalf("%s (day %d of the week of %s) is in %s, not %s", day, i, monday, got, week)
			}
			if got, want := TimeKey(ByWeekday, day, loc), weekdayKeys[i]; got != want {
				t.Fatalf("%s is %q, want %q", day, got, want)
			}
		}
		for _, off := range []int{-1, 7} {
			day := time.Date(y, m, d-back+off, 12, 0, 0, 0, loc)
			if got := TimeKey(ByWeek, day, loc); got == week {
				t.Fatalf("%s is in %s too", day, week)
			}
		}
		// Rows sort chronologically: a later day never has a smaller order.
		next := at.Add(time.Duration(rapid.IntRange(0, 1000*24).Draw(t, "hours")) * time.Hour)
		for _, by := range []Dimension{ByMonth, ByWeek, ByDay} {
			if a, b := TimeKeyOrder(by, at.In(loc)), TimeKeyOrder(by, next.In(loc)); b < a {
				t.Fatalf("%s: %s orders %d, later %s %d", by, at, a, next, b)
			}
		}
	})
}
