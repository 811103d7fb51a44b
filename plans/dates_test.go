package plans

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

// DateOfDays agrees with the time package on every day from year 1 to 9999.
func TestDateOfDaysAgreesWithTime(t *testing.T) {
	first := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay
	last := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay
	for days := first; days <= last; days += 7 {
		if got, want := DateOfDays(days), DateOf(time.Unix(days*secondsPerDay, 0).UTC()); got != want {
			t.Fatalf("DateOfDays(%d) = %s, want %s", days, got, want)
		}
	}
}

// Days agrees with the time package, out-of-range days and months
// normalised alike, for years -1000 to 9999 (ingest reads wall clocks with
// it).
func TestDaysAgreesWithTime(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := Date{rapid.IntRange(-1000, 9999).Draw(t, "year"), time.Month(rapid.IntRange(-13, 26).Draw(t, "month")), rapid.IntRange(-40, 70).Draw(t, "day")}
		want := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay
		if got := d.Days(); got != want {
			t.Fatalf("%+v.Days() = %d, want %d", d, got, want)
		}
	})
}
