package plans

import (
	"math/rand/v2"
	"testing"
	"time"
)

// benchInstants are random whole seconds in 2026, the same on every run.
func benchInstants() []time.Time {
	r := rand.New(rand.NewPCG(1, 2))
	start := pt(2026, 1, 1, 0, 0)
	out := make([]time.Time, 1024)
	for i := range out {
		out[i] = start.Add(time.Duration(r.Int64N(365*24*3600)) * time.Second)
	}
	return out
}

// benchPlan is Standard's hours with US holidays and 48h windows, on clock.
func benchPlan(b *testing.B, clock Clock) *Plan {
	p := *plan(b, custom(b), "standard-biz")
	p.Clock = clock
	p.Response = [2]time.Duration{48 * time.Hour, 48 * time.Hour}
	return &p
}

var sink time.Time

func benchDeadline(b *testing.B, clock Clock) {
	p := benchPlan(b, clock)
	at := benchInstants()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		_, _, sink = p.Deadline(at[i%len(at)])
	}
}

func BenchmarkDeadlineElapsed(b *testing.B)  { benchDeadline(b, Elapsed) }
func BenchmarkDeadlineBusiness(b *testing.B) { benchDeadline(b, BusinessClock) }

// BenchmarkDeadlineBusiness30d: a long window, where whole weeks are skipped.
func BenchmarkDeadlineBusiness30d(b *testing.B) {
	p := benchPlan(b, BusinessClock)
	at := benchInstants()
	for i := 0; b.Loop(); i++ {
		sink = p.AddBusinessTime(at[i%len(at)], 30*24*time.Hour)
	}
}

var sinkBool bool

func BenchmarkInBusinessHours(b *testing.B) {
	p := benchPlan(b, BusinessClock)
	at := benchInstants()
	for i := 0; b.Loop(); i++ {
		sinkBool = p.InBusinessHours(at[i%len(at)])
	}
}
