package plans

import (
	"fmt"
	"testing"
	"time"

	"pgregory.net/rapid"
)

var la = mustZone("America/Los_Angeles")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// pt returns a Pacific wall-clock time; an optional last argument gives the
// seconds. A repeated wall time (2026-11-01 01:30) is its first occurrence.
func pt(y int, mo time.Month, d, h, mi int, sec ...int) time.Time {
	s := 0
	if len(sec) > 0 {
		s = sec[0]
	}
	return time.Date(y, mo, d, h, mi, s, 0, la)
}

// utc returns a UTC instant, for the instants a wall time cannot name.
func utc(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, time.UTC)
}

func builtinPlan(t testing.TB, key string) *Plan { return plan(t, Builtin(), key) }

func TestClassify(t *testing.T) {
	tests := []struct {
		plan string
		at   time.Time
		want Class
	}{
		{"standard", pt(2026, 10, 2, 18, 59, 59), Business}, // Friday, PDT
		{"standard", pt(2026, 10, 2, 19, 0, 0), OffHours},   // end exclusive
		{"standard", pt(2026, 10, 2, 7, 0, 0), Business},    // start inclusive
		{"standard", pt(2026, 10, 3, 12, 0), OffHours},      // Saturday
		{"premium", pt(2026, 10, 4, 5, 59, 59), OffHours},   // Sunday
		{"premium", pt(2026, 10, 4, 6, 0, 0), Business},
		{"premium", pt(2026, 10, 4, 20, 59, 59), Business},
		{"premium", pt(2026, 10, 4, 21, 0, 0), OffHours},
		{"24x7", pt(2026, 10, 4, 3, 0), Business},
		{"24x7", pt(2026, 12, 31, 23, 59, 59), Business},
		{"limited", pt(2026, 10, 2, 12, 0), OffHours},
		{"limited", pt(2026, 10, 4, 3, 0), OffHours},

		// 2026-03-08: 02:00 PST jumps to 03:00 PDT (10:00 UTC).
		{"premium", pt(2026, 3, 8, 5, 59, 59), OffHours},
		{"premium", pt(2026, 3, 8, 6, 0), Business}, // 06:00 PDT = 13:00 UTC
		{"premium", utc(2026, 3, 8, 13, 0), Business},
		{"premium", utc(2026, 3, 8, 12, 59), OffHours}, // 05:59 PDT
		{"24x7", utc(2026, 3, 8, 9, 59), Business},     // 01:59 PST
		{"24x7", utc(2026, 3, 8, 10, 0), Business},     // 03:00 PDT
		{"standard", pt(2026, 3, 9, 6, 59), OffHours},  // Monday after, PDT
		{"standard", pt(2026, 3, 9, 7, 0), Business},
		// 2026-11-01: 02:00 PDT falls back to 01:00 PST (09:00 UTC).
		{"premium", pt(2026, 11, 1, 5, 59, 59), OffHours},
		{"premium", pt(2026, 11, 1, 6, 0), Business}, // 06:00 PST = 14:00 UTC
		{"premium", utc(2026, 11, 1, 14, 0), Business},
		{"premium", utc(2026, 11, 1, 13, 59), OffHours}, // 05:59 PST
		{"24x7", utc(2026, 11, 1, 8, 30), Business},     // 01:30 PDT
		{"24x7", utc(2026, 11, 1, 9, 30), Business},     // 01:30 PST
	}
	for _, tt := range tests {
		p := builtinPlan(t, tt.plan)
		if got := p.Classify(tt.at); got != tt.want {
			t.Errorf("%s.Classify(%v) = %v, want %v", tt.plan, tt.at, got, tt.want)
		}
	}
}

func TestDeadlineElapsed(t *testing.T) {
	tests := []struct {
		plan      string
		submitted time.Time
		class     Class
		window    time.Duration
		deadline  time.Time
	}{
		{"limited", pt(2026, 10, 2, 12, 0), OffHours, 48 * time.Hour, pt(2026, 10, 4, 12, 0)},
		// 48h across the spring switch is 48 absolute hours: 13:00 on the wall.
		{"limited", pt(2026, 3, 7, 12, 0), OffHours, 48 * time.Hour, pt(2026, 3, 9, 13, 0)},
		{"standard", pt(2026, 10, 2, 18, 59), Business, 24 * time.Hour, pt(2026, 10, 3, 18, 59)},
		{"premium", pt(2026, 10, 2, 20, 59), Business, time.Hour, pt(2026, 10, 2, 21, 59)},
		{"premium", pt(2026, 10, 2, 21, 0), OffHours, 6 * time.Hour, pt(2026, 10, 3, 3, 0)},
		// 6h from 00:30 PDT on the fall-back day: 05:30 PST on the wall.
		{"premium", pt(2026, 11, 1, 0, 30), OffHours, 6 * time.Hour, utc(2026, 11, 1, 13, 30)},
		{"24x7", pt(2026, 3, 8, 1, 30), Business, time.Hour, pt(2026, 3, 8, 3, 30)},
	}
	for _, tt := range tests {
		p := builtinPlan(t, tt.plan)
		c, w, d := p.Deadline(tt.submitted)
		if c != tt.class || w != tt.window || !d.Equal(tt.deadline) {
			t.Errorf("%s.Deadline(%v) = %v, %v, %v; want %v, %v, %v", tt.plan, tt.submitted, c, w, d, tt.class, tt.window, tt.deadline)
		}
	}
	// The wall clock of the fall-back case, as the brief states it.
	_, _, d := builtinPlan(t, "premium").Deadline(pt(2026, 11, 1, 0, 30))
	if got := d.In(la).Format("15:04 MST"); got != "05:30 PST" {
		t.Errorf("Premium off-hours deadline from 2026-11-01 00:30 PDT = %s, want 05:30 PST", got)
	}
}

func TestHolidaysUSObserved(t *testing.T) {
	h := NewHolidays([]string{"us"}, nil, nil)
	tests := []struct {
		d    Date
		want bool
	}{
		{Date{2026, 7, 3}, true},   // Independence Day, a Saturday, observed on Friday
		{Date{2026, 7, 4}, false},  // the actual Saturday is not a holiday day here
		{Date{2026, 10, 12}, true}, // Columbus Day
		{Date{2027, 12, 31}, true}, // New Year's Day 2028 is a Saturday
		{Date{2026, 12, 25}, true},
		{Date{2026, 11, 26}, true}, // Thanksgiving
		{Date{2026, 11, 27}, false},
		{Date{2026, 6, 19}, true}, // Juneteenth
		{Date{2020, 6, 19}, false},
	}
	for _, tt := range tests {
		if got := h.IsHoliday(tt.d); got != tt.want {
			t.Errorf("IsHoliday(%v) = %v, want %v", tt.d, got, tt.want)
		}
	}
	var none *Holidays
	if none.IsHoliday(Date{2026, 7, 3}) || !none.Empty() || none.String() != "none" {
		t.Errorf("nil Holidays is not the empty set")
	}
	h2 := NewHolidays([]string{"us"}, []Date{{2026, 8, 14}}, [][2]Date{{{2026, 12, 24}, {2026, 12, 26}}})
	if got, want := h2.String(), "us calendar, 2026-08-14, 2026-12-24..2026-12-26"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestBusinessClock(t *testing.T) {
	s := custom(t)
	tests := []struct {
		name      string
		plan      string
		submitted time.Time
		class     Class
		deadline  time.Time
	}{
		// Friday 18:00 + 24h of Mon–Fri 07:00–19:00: 1h on Friday, 12h on
		// Monday (13h), then Tuesday 07:00 + 11h = 18:00.
		{"weekend", "standard-biz", pt(2026, 10, 2, 18, 0), Business, pt(2026, 10, 6, 18, 0)},
		// Saturday: counting starts at Monday's opening; 12h Monday, 12h
		// Tuesday, ending exactly at Tuesday's closing.
		{"off hours", "standard-biz", pt(2026, 10, 3, 10, 0), OffHours, pt(2026, 10, 6, 19, 0)},
		// Ends exactly at closing: Monday 07:00 + 24h is Tuesday 19:00, not
		// Wednesday 07:00.
		{"ends at closing", "standard-biz", pt(2026, 10, 5, 7, 0), Business, pt(2026, 10, 6, 19, 0)},
		// Independence Day 2026 is a Saturday, observed (rickar/cal) on Friday
		// 3 July: Thursday 18:00 gets 1h, Friday is off, Monday 12h, Tuesday
		// 07:00 + 11h = 18:00.
		{"July 4th observed", "standard-biz", pt(2026, 7, 2, 18, 0), Business, pt(2026, 7, 7, 18, 0)},
		{"on the observed holiday", "standard-biz", pt(2026, 7, 3, 10, 0), OffHours, pt(2026, 7, 7, 19, 0)},
		// Friday 10:00 before Columbus Day (Monday 12 October): 9h Friday,
		// Monday off, 12h Tuesday (21h), Wednesday 07:00 + 3h = 10:00.
		{"weekend and holiday", "standard-biz", pt(2026, 10, 9, 10, 0), Business, pt(2026, 10, 14, 10, 0)},
		// The spring switch on Sunday 8 March changes nothing in wall hours:
		// Friday 18:00 PST + 1h, Monday 12h (PDT), Tuesday 07:00 + 11h.
		{"spring forward", "standard-biz", pt(2026, 3, 6, 18, 0), Business, pt(2026, 3, 10, 18, 0)},
		{"fall back", "standard-biz", pt(2026, 10, 30, 18, 0), Business, pt(2026, 11, 3, 18, 0)},
		// Lunch break: Monday 11:00 + 4h = 11–12 and 13–16.
		{"lunch", "lunch", pt(2026, 10, 5, 11, 0), Business, pt(2026, 10, 5, 16, 0)},
		// Over lunch the ticket is off hours (1d = 24h of business time),
		// counting from 13:00: Mon 4h, Tue 7h (11h), Wed 7h (18h), Thu 3h
		// (21h), Thu 13:00 + 3h = 16:00.
		{"at lunch", "lunch", pt(2026, 10, 5, 12, 30), OffHours, pt(2026, 10, 8, 16, 0)},
		{"ends at lunch", "lunch", pt(2026, 10, 5, 8, 0), OffHours, pt(2026, 10, 8, 12, 0)},
		// Holiday range 24–26 December: Wednesday 23rd 16:00 + 4h = 1h, then
		// Monday 28th 09:00 + 3h.
		{"holiday range", "lunch", pt(2026, 12, 23, 16, 0), Business, pt(2026, 12, 28, 12, 0)},
		// Thursday 13 August 16:30: 30m, Friday 14th off, Monday 09–12 (3h30m)
		// and 13:00 + 30m.
		{"holiday date", "lunch", pt(2026, 8, 13, 16, 30), Business, pt(2026, 8, 17, 13, 30)},
		// Night Owl, 00:00–02:30 and 22:00–24:00. On 8 March the wall clock
		// jumps from 02:00 PST to 03:00 PDT, so the morning opening is two
		// hours; 30m from 01:45 PST runs 15m to the jump and 15m from 22:00.
		{"night spring forward", "night", pt(2026, 3, 8, 1, 45), Business, pt(2026, 3, 8, 22, 15)},
		// On 1 November 01:00–02:00 happens twice, and both are inside
		// 00:00–02:30: 30m from 01:45 PDT ends at 01:15 PST.
		{"night fall back", "night", utc(2026, 11, 1, 8, 45), Business, utc(2026, 11, 1, 9, 15)},
		// 36h from 02:30 PST on 1 November (off hours): 2h that night
		// (22–24), then 4h30m a day from the 2nd to the 8th (33h30m), and
		// the last 2h30m on the 9th: 02:30, exactly at closing.
		{"night off hours", "night", utc(2026, 11, 1, 10, 30), OffHours, pt(2026, 11, 9, 2, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := plan(t, s, tt.plan)
			c, _, d := p.Deadline(tt.submitted)
			if c != tt.class || !d.Equal(tt.deadline) {
				t.Errorf("%s.Deadline(%v) = %v, %v; want %v, %v", tt.plan, tt.submitted, c, d.In(la), tt.class, tt.deadline.In(la))
			}
			if want := naiveAdd(p, tt.submitted, p.Window(c)); !d.Equal(want) {
				t.Errorf("naive reference gives %v, Deadline %v", want.In(la), d.In(la))
			}
		})
	}
}

func TestBusinessBetweenDST(t *testing.T) {
	night := plan(t, custom(t), "night")
	tests := []struct {
		a, b time.Time
		want time.Duration
	}{
		// 00:00–02:30 on the fall-back day holds 3h30m of instants.
		{pt(2026, 11, 1, 0, 0), pt(2026, 11, 1, 12, 0), 3*time.Hour + 30*time.Minute},
		// 00:00–02:30 on the spring-forward day holds 2h: 02:00–02:30 never
		// happens and 03:00 PDT is past 02:30.
		{pt(2026, 3, 8, 0, 0), pt(2026, 3, 8, 12, 0), 2 * time.Hour},
		{pt(2026, 3, 7, 0, 0), pt(2026, 3, 9, 0, 0), 4*time.Hour + 30*time.Minute + 2*time.Hour + 2*time.Hour},
	}
	for _, tt := range tests {
		if got := night.BusinessBetween(tt.a, tt.b); got != tt.want {
			t.Errorf("BusinessBetween(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNextOpening(t *testing.T) {
	s := custom(t)
	tests := []struct {
		plan string
		at   time.Time
		want time.Time
	}{
		{"standard-biz", pt(2026, 10, 2, 19, 0), pt(2026, 10, 5, 7, 0)},
		{"standard-biz", pt(2026, 10, 2, 18, 0), pt(2026, 10, 2, 18, 0)},
		{"standard-biz", pt(2026, 10, 9, 19, 30), pt(2026, 10, 13, 7, 0)}, // Columbus Day
		{"lunch", pt(2026, 10, 5, 12, 0), pt(2026, 10, 5, 13, 0)},
		{"night", utc(2026, 3, 8, 10, 0).Add(time.Second), pt(2026, 3, 8, 22, 0)}, // 03:00:01 PDT, just past the jump
		{"night", utc(2026, 3, 8, 9, 59), utc(2026, 3, 8, 9, 59)},                 // 01:59 PST
	}
	for _, tt := range tests {
		if got := plan(t, s, tt.plan).NextOpening(tt.at); !got.Equal(tt.want) {
			t.Errorf("%s.NextOpening(%v) = %v, want %v", tt.plan, tt.at, got, tt.want)
		}
	}
	if got := builtinPlan(t, "limited").NextOpening(pt(2026, 1, 1, 0, 0)); !got.Equal(pt(2026, 1, 1, 0, 0)) {
		t.Errorf("Limited NextOpening = %v, want the instant itself", got)
	}
}

// TestLongWindow: 30 days of business time on Mon–Fri 07:00–19:00 with US
// holidays is 720h = 12 weeks of 60h, skipped a week at a time where no
// holiday or DST change intervenes.
func TestLongWindow(t *testing.T) {
	p := plan(t, custom(t), "standard-biz")
	for _, start := range []time.Time{pt(2026, 1, 5, 7, 0), pt(2026, 2, 20, 12, 34), pt(2026, 9, 30, 23, 0), pt(2026, 12, 24, 9, 0)} {
		got := p.AddBusinessTime(start, 30*24*time.Hour)
		if want := naiveAdd(p, start, 30*24*time.Hour); !got.Equal(want) {
			t.Errorf("AddBusinessTime(%v, 30d) = %v, want %v", start, got.In(la), want.In(la))
		}
		if got := p.BusinessBetween(start, got); got != 30*24*time.Hour {
			t.Errorf("BusinessBetween back = %v, want 720h", got)
		}
	}
	// Monday 2026-01-05 07:00: 12 weeks less the four weekday holidays
	// (MLK 19 Jan, Presidents' 16 Feb) … checked against the naive stepping
	// above; here only that it lands on a weekday inside business hours or
	// at a closing.
	d := p.AddBusinessTime(pt(2026, 1, 5, 7, 0), 30*24*time.Hour)
	if wd := d.In(la).Weekday(); wd == time.Saturday || wd == time.Sunday {
		t.Errorf("30d deadline %v falls on a weekend", d)
	}
}

// brute reports whether t is in business hours straight from the rule:
// local wall time in a range of its weekday, not on a holiday.
func brute(p *Plan, t time.Time) bool {
	l := t.In(p.Location)
	if p.Holidays.IsHoliday(DateOf(l)) {
		return false
	}
	m := l.Hour()*60 + l.Minute()
	for _, r := range p.Hours[l.Weekday()] {
		if r.From <= m && m < r.To {
			return true
		}
	}
	return false
}

// naiveAdd steps minute by minute; t must be on a whole minute. It is exact
// because every boundary (ranges, DST switches, midnights) is on one.
func naiveAdd(p *Plan, t time.Time, d time.Duration) time.Time {
	for u := t; ; u = u.Add(time.Minute) {
		if d <= 0 {
			return u
		}
		if brute(p, u) {
			d -= time.Minute
		}
	}
}

func naiveBetween(p *Plan, a, b time.Time) time.Duration {
	var d time.Duration
	for u := a; u.Before(b); u = u.Add(time.Minute) {
		if brute(p, u) {
			d += time.Minute
		}
	}
	return d
}

var dstDays = []time.Time{pt(2026, 3, 8, 0, 0), pt(2026, 11, 1, 0, 0)}

// genInstant draws a whole minute in 2026, half the time within a day of a
// DST switch.
func genInstant(t *rapid.T, label string) time.Time {
	if rapid.Bool().Draw(t, label+" near DST") {
		day := rapid.SampledFrom(dstDays).Draw(t, label+" switch")
		return day.Add(time.Duration(rapid.IntRange(-24*60, 48*60).Draw(t, label+" minute")) * time.Minute)
	}
	start := pt(2026, 1, 1, 0, 0)
	return start.Add(time.Duration(rapid.IntRange(0, 365*24*60).Draw(t, label+" minute")) * time.Minute)
}

// genPlan draws a plan with random ranges on random weekdays, often with
// boundaries between 00:00 and 03:30 where the DST switches are.
func genPlan(t *rapid.T) *Plan {
	p := &Plan{Key: "random", Location: la, Clock: BusinessClock, Response: [2]time.Duration{time.Hour, time.Hour}}
	minute := rapid.OneOf(rapid.IntRange(0, 1440), rapid.IntRange(0, 210))
	for wd := range p.Hours {
		n := rapid.IntRange(0, 3).Draw(t, "ranges")
		var cuts []int
		for i := 0; i < 2*n; i++ {
			cuts = append(cuts, minute.Draw(t, "cut"))
		}
		sortInts(cuts)
		for i := 0; i+1 < len(cuts); i += 2 {
			if cuts[i] < cuts[i+1] && (len(p.Hours[wd]) == 0 || p.Hours[wd][len(p.Hours[wd])-1].To <= cuts[i]) {
				p.Hours[wd] = append(p.Hours[wd], Range{cuts[i], cuts[i+1]})
			}
		}
	}
	// SPEC §11: per-priority windows, drawn like the default ones.
	window := rapid.IntRange(1, 3*24*60)
	for _, key := range []string{"urgent", "low"} {
		if rapid.Bool().Draw(t, key+" windows") {
			p.ByPriority = append(p.ByPriority, PriorityWindows{Priority: key, Response: [2]time.Duration{
				time.Duration(window.Draw(t, key+" off-hours minutes")) * time.Minute,
				time.Duration(window.Draw(t, key+" business minutes")) * time.Minute}})
		}
	}
	if rapid.Bool().Draw(t, "holidays") {
		p.Holidays = NewHolidays([]string{"us"}, []Date{{2026, 3, 9}}, [][2]Date{{{2026, 10, 30}, {2026, 11, 2}}})
	}
	if rapid.Bool().Draw(t, "derived") {
		p.derive(nil) // as Load: the zone table and the week table
	}
	return p
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// schedulePlans are the plans the properties run on: the four built-in ones,
// the custom business-clock ones and those of the priorities example (New
// York time, windows per priority, one on the business clock).
func schedulePlans(t testing.TB) []*Plan {
	s, pr := custom(t), priorities(t)
	return []*Plan{
		builtinPlan(t, "limited"), builtinPlan(t, "standard"), builtinPlan(t, "premium"), builtinPlan(t, "24x7"),
		plan(t, s, "standard-biz"), plan(t, s, "lunch"), plan(t, s, "night"),
		plan(t, pr, "standard"), plan(t, pr, "business"),
	}
}

// priorityOf draws "" (the default windows) or one of p's priorities.
func priorityOf(t *rapid.T, p *Plan) string {
	keys := []string{""}
	for _, w := range p.ByPriority {
		keys = append(keys, w.Priority)
	}
	return rapid.SampledFrom(append(keys, "unlisted")).Draw(t, "priority")
}

func TestInBusinessHoursMatchesBruteForce(t *testing.T) {
	fixed := schedulePlans(t)
	rapid.Check(t, func(t *rapid.T) {
		at := genInstant(t, "at").Add(time.Duration(rapid.IntRange(0, 59).Draw(t, "second")) * time.Second)
		for _, p := range fixed {
			if got, want := p.InBusinessHours(at), brute(p, at); got != want {
				t.Fatalf("%s.InBusinessHours(%v) = %v, brute force %v", p.Key, at, got, want)
			}
		}
	})
	rapid.Check(t, func(t *rapid.T) {
		p := genPlan(t)
		at := genInstant(t, "at")
		if got, want := p.InBusinessHours(at), brute(p, at); got != want {
			t.Fatalf("%v.InBusinessHours(%v) = %v, brute force %v", p.Hours, at, got, want)
		}
	})
}

// TestBusinessClockMatchesNaive compares AddBusinessTime, BusinessBetween and
// NextOpening with minute stepping, on random plans (ranges near the DST
// switches) and on the custom ones.
func TestBusinessClockMatchesNaive(t *testing.T) {
	fixed := schedulePlans(t)[4:]
	rapid.Check(t, func(t *rapid.T) {
		var p *Plan
		if rapid.Bool().Draw(t, "random plan") {
			p = genPlan(t)
		} else {
			p = rapid.SampledFrom(fixed).Draw(t, "plan")
		}
		if p.week() == 0 {
			return
		}
		start := genInstant(t, "start")
		d := time.Duration(rapid.IntRange(1, 3*24*60).Draw(t, "window minutes")) * time.Minute
		got := p.AddBusinessTime(start, d)
		if want := naiveAdd(p, start, d); !got.Equal(want) {
			t.Fatalf("%v.AddBusinessTime(%v, %v) = %v, naive %v", p.Hours, start, d, got.In(la), want.In(la))
		}
		end := start.Add(time.Duration(rapid.IntRange(0, 4*24*60).Draw(t, "span minutes")) * time.Minute)
		if got, want := p.BusinessBetween(start, end), naiveBetween(p, start, end); got != want {
			t.Fatalf("%v.BusinessBetween(%v, %v) = %v, naive %v", p.Hours, start, end, got, want)
		}
		open := p.NextOpening(start)
		if !brute(p, open) || naiveBetween(p, start, open) != 0 {
			t.Fatalf("%v.NextOpening(%v) = %v, not the first opening", p.Hours, start, open.In(la))
		}
		// SPEC §11: a per-priority window is counted like any other, from
		// the class of the submission.
		prio := priorityOf(t, p)
		class, w, dl := p.DeadlineFor(start, prio)
		want := p.Response
		if pw := p.WindowsFor(prio); pw != nil {
			want = pw.Response
		}
		if class != p.Classify(start) || w != want[class] {
			t.Fatalf("%v.DeadlineFor(%v, %q) = %v, %v; want %v, %v", p.Hours, start, prio, class, w, p.Classify(start), want[class])
		}
		if p.Clock == BusinessClock {
			if naive := naiveAdd(p, start, w); !dl.Equal(naive) {
				t.Fatalf("%v.DeadlineFor(%v, %q) = %v, naive %v", p.Hours, start, prio, dl.In(la), naive.In(la))
			}
		}
	})
}

// TestLongWindowMatchesNaive: windows up to 30 days of business time, where
// the week skipping matters.
func TestLongWindowMatchesNaive(t *testing.T) {
	s := custom(t)
	fixed := []*Plan{plan(t, s, "standard-biz"), plan(t, s, "lunch")}
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.SampledFrom(fixed).Draw(t, "plan")
		start := genInstant(t, "start")
		d := time.Duration(rapid.IntRange(1, 30*24*60).Draw(t, "window minutes")) * time.Minute
		got := p.AddBusinessTime(start, d)
		if want := naiveAdd(p, start, d); !got.Equal(want) {
			t.Fatalf("%s.AddBusinessTime(%v, %v) = %v, naive %v", p.Key, start, d, got.In(la), want.In(la))
		}
	})
}

// TestAddThenMeasure: BusinessBetween(t, AddBusinessTime(t, d)) == d, at
// any instant (not only whole minutes).
func TestAddThenMeasure(t *testing.T) {
	fixed := schedulePlans(t)
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.SampledFrom(fixed).Draw(t, "plan")
		if p.week() == 0 {
			return
		}
		start := genInstant(t, "start").Add(time.Duration(rapid.Int64Range(0, int64(time.Minute)-1).Draw(t, "ns")))
		d := time.Duration(rapid.Int64Range(1, int64(60*24*time.Hour)).Draw(t, "window"))
		end := p.AddBusinessTime(start, d)
		if end.Before(start) {
			t.Fatalf("%s.AddBusinessTime(%v, %v) = %v, before the start", p.Key, start, d, end)
		}
		if got := p.BusinessBetween(start, end); got != d {
			t.Fatalf("%s: BusinessBetween(%v, AddBusinessTime(%v)) = %v, want %v", p.Key, start, d, got, d)
		}
		if !p.InBusinessHours(end.Add(-1)) {
			t.Fatalf("%s: the instant before deadline %v is not in business hours", p.Key, end)
		}
	})
}

// TestDeadlineProperties: deadlines never precede submission; for a fixed
// plan they grow with the submission instant where that holds; higher
// built-in plans are never later than lower ones.
//
// Monotonicity does not hold across a change of class with different
// windows: Premium at 05:59 is off hours, +6h = 11:59, while at 06:00 it is
// business, +1h = 07:00. Likewise the lunch plan at 12:59 (off hours, 24h of
// business time) against 13:00 (business, 4h). So it is asserted within one
// class, and for business-clock plans whose two windows are equal.
func TestDeadlineProperties(t *testing.T) {
	all := schedulePlans(t)
	b := Builtin()
	ladder := []*Plan{plan(t, b, "24x7"), plan(t, b, "premium"), plan(t, b, "standard"), plan(t, b, "limited")}
	rapid.Check(t, func(t *rapid.T) {
		t1 := genInstant(t, "t1").Add(time.Duration(rapid.IntRange(0, 59).Draw(t, "s1")) * time.Second)
		t2 := t1.Add(time.Duration(rapid.Int64Range(0, int64(72*time.Hour)).Draw(t, "gap")))
		for _, p := range all {
			prio := priorityOf(t, p)
			c1, _, d1 := p.DeadlineFor(t1, prio)
			c2, _, d2 := p.DeadlineFor(t2, prio)
			if d1.Before(t1) {
				t.Fatalf("%s.DeadlineFor(%v, %q) = %v, before submission", p.Key, t1, prio, d1)
			}
			response := p.Response
			if w := p.WindowsFor(prio); w != nil {
				response = w.Response
			}
			sameWindows := response[Business] == response[OffHours]
			if (c1 == c2 || sameWindows) && d2.Before(d1) {
				t.Fatalf("%s: Deadline(%v) = %v after Deadline(%v) = %v", p.Key, t1, d1, t2, d2)
			}
			// For a fixed window the business clock is monotone whatever
			// the class.
			if p.Clock == BusinessClock && p.AddBusinessTime(t2, time.Hour).Before(p.AddBusinessTime(t1, time.Hour)) {
				t.Fatalf("%s: AddBusinessTime is not monotone at %v, %v", p.Key, t1, t2)
			}
		}
		for i := 1; i < len(ladder); i++ {
			_, _, higher := ladder[i-1].Deadline(t1)
			_, _, lower := ladder[i].Deadline(t1)
			if higher.After(lower) {
				t.Fatalf("at %v %s's deadline %v is after %s's %v", t1, ladder[i-1].Key, higher, ladder[i].Key, lower)
			}
		}
	})
}

func TestDayNumbers(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := dayNum(rapid.Int64Range(-800000, 800000).Draw(t, "day"))
		tm := time.Unix(int64(n)*secondsPerDay, 0).UTC()
		if got, want := n.date(), DateOf(tm); got != want {
			t.Fatalf("dayNum(%d).date() = %v, want %v", n, got, want)
		}
		if got := DateOf(tm).num(); got != n {
			t.Fatalf("%v.num() = %d, want %d", DateOf(tm), got, n)
		}
		if got, want := n.weekday(), tm.Weekday(); got != want {
			t.Fatalf("dayNum(%d).weekday() = %v, want %v", n, got, want)
		}
	})
}

// TestPlanLiteral: a Plan built by hand, without Load, still has a business
// clock.
func TestPlanLiteral(t *testing.T) {
	p := &Plan{Location: la, Clock: BusinessClock, Response: [2]time.Duration{time.Hour, time.Hour}}
	for wd := time.Monday; wd <= time.Friday; wd++ {
		p.Hours[wd] = []Range{{9 * 60, 17 * 60}}
	}
	if _, _, got := p.Deadline(pt(2026, 10, 2, 16, 30)); !got.Equal(pt(2026, 10, 5, 9, 30)) {
		t.Errorf("Deadline = %v, want Monday 09:30", got)
	}
}

func ExamplePlan_Deadline() {
	premium, _ := Builtin().Lookup("Premium Support", time.Now())
	pacific := premium.Location
	for _, at := range []time.Time{
		time.Date(2026, 10, 2, 20, 59, 0, 0, pacific),
		time.Date(2026, 10, 2, 21, 0, 0, 0, pacific),
		time.Date(2026, 11, 1, 0, 30, 0, 0, pacific), // DST ends at 02:00
	} {
		class, window, deadline := premium.Deadline(at)
		fmt.Printf("%s: %-9s %-2v → %s\n", at.Format("Mon 15:04 MST"), class, window, deadline.In(pacific).Format("Mon 15:04 MST"))
	}
	// Output:
	// Fri 20:59 PDT: business  1h0m0s → Fri 21:59 PDT
	// Fri 21:00 PDT: off_hours 6h0m0s → Sat 03:00 PDT
	// Sun 00:30 PDT: off_hours 6h0m0s → Sun 05:30 PST
}

// TestZoneLookup checks the zone periods against time's own offsets, hour by
// hour to 2100, in zones north and south of the equator; Go's ZoneBounds is
// wrong on 31 December of leap years past the zone's listed transitions.
func TestZoneLookup(t *testing.T) {
	for _, name := range []string{"America/Los_Angeles", "Australia/Sydney", "Europe/London", "Etc/GMT+8"} {
		loc := mustZone(name)
		for _, cached := range []bool{false, true} {
			z := zone{loc: loc}
			if cached {
				z.table = newZoneTable(loc)
			}
			for u := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Unix(); u < time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).Unix(); u += 3600 {
				if u < z.start || u >= z.end {
					z.at(u)
				}
				_, off := time.Unix(u, 0).In(loc).Zone()
				if z.start > u || u >= z.end || z.off != int64(off) {
					t.Fatalf("%s (cached %v): period of %v = [%d, %d) offset %d, want offset %d", name, cached, time.Unix(u, 0).UTC(), z.start, z.end, z.off, off)
				}
			}
		}
	}
}

// InWeeklyHours is InBusinessHours with holidays aside: explain relies on
// it to say that a holiday instant would have been inside the hours.
func TestInWeeklyHoursIgnoresHolidaysOnly(t *testing.T) {
	// business-clock.yaml: Standard 07:00-19:00 weekdays, US holidays.
	p, ok := loadFile(t, "business-clock.yaml").Lookup("standard", time.Date(2026, 12, 25, 12, 0, 0, 0, time.UTC))
	if !ok {
		t.Fatal("no standard plan")
	}
	la := p.Location
	tests := []struct {
		name         string
		at           time.Time
		weekly, open bool
	}{
		{"christmas noon: in the weekly hours, a holiday", time.Date(2026, 12, 25, 12, 0, 0, 0, la), true, false},
		{"an ordinary friday noon", time.Date(2026, 12, 18, 12, 0, 0, 0, la), true, true},
		{"christmas night", time.Date(2026, 12, 25, 22, 0, 0, 0, la), false, false},
		{"saturday noon", time.Date(2026, 12, 19, 12, 0, 0, 0, la), false, false},
	}
	for _, tt := range tests {
		if got := p.InWeeklyHours(tt.at); got != tt.weekly {
			t.Errorf("%s: InWeeklyHours = %v, want %v", tt.name, got, tt.weekly)
		}
		if got := p.InBusinessHours(tt.at); got != tt.open {
			t.Errorf("%s: InBusinessHours = %v, want %v", tt.name, got, tt.open)
		}
	}
}
