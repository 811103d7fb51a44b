package plans

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestWeekTable checks the table's two lookups on Standard's hours
// (Monday–Friday 07:00–19:00, 12h a day, 60h a week).
func TestWeekTable(t *testing.T) {
	tb := newWeekTable(builtinPlan(t, "standard").Hours)
	const h = int64(time.Hour)
	before := []struct {
		pos  int64 // seconds from Sunday 00:00
		want int64
	}{
		{0, 0},                              // Sunday 00:00
		{secondsPerDay + 7*3600, 0},         // Monday 07:00, opening
		{secondsPerDay + 8*3600, h},         // Monday 08:00
		{secondsPerDay + 19*3600, 12 * h},   // Monday 19:00, closing
		{secondsPerDay + 23*3600, 12 * h},   // Monday 23:00
		{5*secondsPerDay + 18*3600, 59 * h}, // Friday 18:00
		{secondsPerWeek - 1, 60 * h},        // Saturday 23:59:59
	}
	for _, tt := range before {
		if got := tb.businessBefore(tt.pos, 0); got != tt.want {
			t.Errorf("businessBefore(%d) = %v, want %v", tt.pos, time.Duration(got), time.Duration(tt.want))
		}
	}
	at := []struct {
		b               int64
		wantSec, wantNs int64 // from Sunday 00:00
	}{
		{1, secondsPerDay + 7*3600, 1},          // the first nanosecond: Monday 07:00 + 1ns
		{12 * h, secondsPerDay + 19*3600, 0},    // all of Monday ends at Monday's closing, not Tuesday's opening
		{12*h + 1, 2*secondsPerDay + 7*3600, 1}, // one more nanosecond is in Tuesday
		{13*h + 500, 2*secondsPerDay + 8*3600, 500},
		{60 * h, 5*secondsPerDay + 19*3600, 0}, // the whole week ends Friday 19:00
	}
	for _, tt := range at {
		if sec, ns := tb.wallAt(tt.b); sec != tt.wantSec || ns != tt.wantNs {
			t.Errorf("wallAt(%v) = %ds %dns, want %ds %dns", time.Duration(tt.b), sec, ns, tt.wantSec, tt.wantNs)
		}
	}
	if newWeekTable([7][]Range{}) != nil {
		t.Error("a plan without hours has a week table")
	}
}

// TestTableAtHolidayBoundaries: windows that end exactly at a closing next
// to a holiday, where the table must neither skip the holiday too early nor
// count it.
func TestTableAtHolidayBoundaries(t *testing.T) {
	allDay := []Range{{0, 24 * 60}}
	p := &Plan{Key: "days", Location: la, Clock: BusinessClock,
		Hours: [7][]Range{nil, allDay, allDay, allDay, allDay, allDay, nil},
		// Tuesday 13 October 2026.
		Holidays: NewHolidays(nil, []Date{{2026, 10, 13}}, nil)}
	p.derive(nil)
	tests := []struct {
		name  string
		start time.Time
		d     time.Duration
		want  time.Time
	}{
		// Monday's 24h run out at Monday 24:00, before the holiday.
		{"ends at midnight before a holiday", pt(2026, 10, 12, 0, 0), 24 * time.Hour, pt(2026, 10, 13, 0, 0)},
		// One second more skips the holiday: Wednesday 00:00:01.
		{"crosses a holiday", pt(2026, 10, 12, 0, 0), 24*time.Hour + time.Second, pt(2026, 10, 14, 0, 0, 1)},
		// Submitted on the holiday: counting starts on Wednesday.
		{"submitted on a holiday", pt(2026, 10, 13, 9, 0), time.Hour, pt(2026, 10, 14, 1, 0)},
		// Friday 12:00 + 12h: Friday 24:00, the closing before the weekend.
		{"ends at the weekend", pt(2026, 10, 16, 12, 0), 12 * time.Hour, pt(2026, 10, 17, 0, 0)},
	}
	for _, tt := range tests {
		z := p.zone()
		z.at(tt.start.Unix())
		res, ns, ok := p.addByTable(tt.start.Unix(), 0, tt.d, &z)
		if !ok {
			t.Errorf("%s: the table declined", tt.name)
			continue
		}
		if got := time.Unix(res, ns); !got.Equal(tt.want) {
			t.Errorf("%s: addByTable = %v, want %v", tt.name, got.In(la), tt.want)
		}
		if got := p.addByWalking(tt.start, tt.d, p.zoneAt(tt.start)); !got.Equal(tt.want) {
			t.Errorf("%s: addByWalking = %v, want %v", tt.name, got.In(la), tt.want)
		}
	}
}

func (p *Plan) zoneAt(t time.Time) zone {
	z := p.zone()
	z.at(t.Unix())
	return z
}

// TestTableMatchesWalk: wherever the week table answers, it gives the
// instant the calendar walk gives, to the nanosecond, on random plans with
// random holidays, near and far from the DST switches, for windows from a
// nanosecond to 60 days. The table must answer for most draws, or the test
// would compare nothing.
func TestTableMatchesWalk(t *testing.T) {
	fixed := schedulePlans(t)
	var draws, answered int
	rapid.Check(t, func(t *rapid.T) {
		var p *Plan
		if rapid.Bool().Draw(t, "random plan") {
			p = genPlan(t)
			if rapid.Bool().Draw(t, "random holidays") {
				var dates []Date
				for range rapid.IntRange(1, 20).Draw(t, "holidays") {
					dates = append(dates, DateOfDays(int64(Date{2026, 1, 1}.num())+int64(rapid.IntRange(0, 364).Draw(t, "holiday"))))
				}
				p.Holidays = NewHolidays(nil, dates, nil)
			}
			p.derive(nil)
		} else {
			p = rapid.SampledFrom(fixed).Draw(t, "plan")
		}
		if p.table == nil {
			return
		}
		start := genInstant(t, "start").Add(time.Duration(rapid.Int64Range(0, int64(time.Minute)-1).Draw(t, "ns")))
		d := time.Duration(rapid.OneOf(
			rapid.Int64Range(1, int64(72*time.Hour)),
			rapid.Int64Range(1, int64(60*24*time.Hour)),
			rapid.Map(rapid.Int64Range(1, 10*24*60), func(m int64) int64 { return m * int64(time.Minute) }),
		).Draw(t, "window"))
		draws++
		z := p.zoneAt(start)
		res, ns, ok := p.addByTable(start.Unix(), int64(start.Nanosecond()), d, &z)
		if !ok {
			return
		}
		answered++
		want := p.addByWalking(start, d, p.zoneAt(start))
		if got := time.Unix(res, ns); !got.Equal(want) {
			t.Fatalf("%v holidays %v: table(%v, %v) = %v, walk %v", p.Hours, p.Holidays, start.In(la), d, got.In(la), want.In(la))
		}
		if got := p.AddBusinessTime(start, d); !got.Equal(want) {
			t.Fatalf("AddBusinessTime(%v, %v) = %v, walk %v", start.In(la), d, got.In(la), want.In(la))
		}
	})
	if answered < draws/4 {
		t.Errorf("the table answered %d of %d draws", answered, draws)
	}
}
