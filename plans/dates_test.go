package plans

import (
	"testing"
	"time"
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
