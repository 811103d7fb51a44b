package ingest

import (
	"testing"
	"time"
)

// TestUnixWall checks the day arithmetic against time.Date for every day
// from 1890 to 2110 and a few far years.
func TestUnixWall(t *testing.T) {
	check := func(y, m, d int) {
		t.Helper()
		w := wallTime{year: y, month: m, day: d, hour: 13, min: 7, sec: 59}
		want := time.Date(y, time.Month(m), d, 13, 7, 59, 0, time.UTC).Unix()
		if got := w.unixWall(); got != want {
			t.Fatalf("unixWall(%04d-%02d-%02d) = %d, want %d", y, m, d, got, want)
		}
	}
	for day := time.Date(1890, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() < 2110; day = day.AddDate(0, 0, 1) {
		check(day.Year(), int(day.Month()), day.Day())
	}
	for _, y := range []int{0, 1, 1600, 1700, 1800, 1900, 2100, 2400, 9999} {
		check(y, 2, 28)
		check(y, 3, 1)
		check(y, 12, 31)
	}
}

// checkTimeCache parses each of inputs with one timeCache, in order, and
// compares every result with ParseTime's.
func checkTimeCache(t *testing.T, inputs ...string) {
	t.Helper()
	var c timeCache
	for _, s := range inputs {
		got, gw, gerr := c.parse(s, nil, "")
		want, ww, werr := ParseTime(s, nil, "")
		gn, goff := got.Zone()
		wn, woff := want.Zone()
		if !got.Equal(want) || gw != ww || (gerr == nil) != (werr == nil) ||
			(gerr != nil && gerr.Error() != werr.Error()) || gn != wn || goff != woff ||
			goff%(15*60) == 0 && got.Location() != want.Location() {
			t.Fatalf("timeCache.parse(%q) = %v (%s %d), %q, %v; ParseTime gives %v (%s %d), %q, %v",
				s, got, gn, goff, gw, gerr, want, wn, woff, ww, werr)
		}
	}
}

func TestTimeCache(t *testing.T) {
	checkTimeCache(t,
		"2026-10-02T17:30:00Z", "2026-10-02T18:30:00Z", "2026-10-02 18:30:00-07:00", "2026-10-03T00:00:00+05:30",
		"2026-10-02T17:30:00Z", "2026-02-29T10:00:00Z", "2024-02-29T10:00:00Z", "2026-13-01T10:00:00Z",
		"2026-10-02T24:00:00Z", "2026-10-02T17:60:00Z", "2026-10-02T17:30:60Z", "2026-10-02T17:30:00+24:00",
		"2026-10-02T17:30:00-00:00", "2026-10-02T17:30:00z", "2026-10-02t17:30:00Z", "2026-10-02T17:30:00.5Z",
		"0000-01-01T00:00:00Z", "9999-12-31T23:59:59+23:59", "2026-10-0xT17:30:00Z", "2026-10-02T17:30:00",
	)
}

// FuzzTimeCache checks that the cached fast path gives ParseTime's results,
// for a sequence of two times read with one cache.
func FuzzTimeCache(f *testing.F) {
	f.Add("2026-10-02T17:30:00Z", "2026-10-02T18:30:00-07:00")
	f.Add("2026-10-02 17:30:00+05:30", "2026-10-03T00:00:00Z")
	f.Add("2026-02-30T17:30:00Z", "2026-10-02T17:30:00+24:00")
	f.Fuzz(func(t *testing.T, a, b string) {
		checkTimeCache(t, a, b, a)
	})
}

// TestFixedZoneShared: a time at a quarter-hour offset in use (-12:00 to
// +14:00) shares one Location per offset, so reading it allocates nothing
// (time.FixedZone shares only whole hours: +05:30 would cost every row
// three allocations) and a history keeps one zone index for it; other
// offsets get a zone of their own.
func TestFixedZoneShared(t *testing.T) {
	for _, s := range []string{"2026-10-03T00:00:00+05:30", "2026-10-03T00:00:00+05:45", "2026-10-03T00:00:00-09:30",
		"2026-10-03T00:00:00-12:00", "2026-10-03T00:00:00+14:00", "2026-10-03T00:00:00-07:00", "2026-10-03T00:00:00Z"} {
		var c timeCache
		a, _, _ := c.parse(s, nil, "")
		b, _, _ := ParseTime(s, nil, "")
		if a.Location() != b.Location() {
			t.Errorf("%s: the fast path and ParseTime give different zones", s)
		}
		if allocs := testing.AllocsPerRun(100, func() { c.parse(s, nil, "") }); allocs != 0 {
			t.Errorf("%s: %v allocations a parse, want 0", s, allocs)
		}
	}
	if got := fixedZone(0); got != time.UTC {
		t.Errorf("fixedZone(0) = %v, want time.UTC", got)
	}
	for _, off := range []int{-12*3600 - 15*60, 14*3600 + 15*60, 3600 + 17*60} {
		z := fixedZone(off)
		if _, got := time.Unix(0, 0).In(z).Zone(); got != off {
			t.Errorf("fixedZone(%d) has offset %d", off, got)
		}
	}
}
