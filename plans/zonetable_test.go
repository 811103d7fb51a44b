package plans

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestInBusinessHoursZoneTable checks that InBusinessHours with the
// plan's zone table agrees with the same plan asking the location
// (a Plan literal has no table), at random instants over three centuries
// and at every second around some DST changes.
func TestInBusinessHoursZoneTable(t *testing.T) {
	var cached []*Plan
	cached = append(cached, plan(t, custom(t), "standard-biz"))
	premium, _ := Builtin().Lookup("premium", time.Now())
	cached = append(cached, premium) // every day 06:00-21:00: open across DST changes
	check := func(at time.Time) {
		t.Helper()
		for _, p := range cached {
			if p.zones == nil {
				t.Fatal("a loaded plan has no zone table")
			}
			plain := *p
			plain.zones = nil
			if got, want := p.InBusinessHours(at), plain.InBusinessHours(at); got != want {
				t.Fatalf("%s: InBusinessHours(%s) = %v with the table, %v without", p.Key, at, got, want)
			}
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	start := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for range 20_000 {
		check(time.Unix(start+r.Int64N(300*365*86400), 0))
	}
	for _, day := range []time.Time{
		time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2040, 12, 31, 0, 0, 0, 0, time.UTC),
	} {
		for s := 0; s < 2*86400; s += 61 {
			check(day.Add(time.Duration(s) * time.Second))
		}
	}
}
