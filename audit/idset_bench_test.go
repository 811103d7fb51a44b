package audit

import (
	"strconv"
	"testing"
)

// BenchmarkIDSet claims 1M ids numbered without gaps, as an export in
// ticket order has them, into a new set: ns/id.
func BenchmarkIDSet(b *testing.B) {
	ids := make([]string, 1_000_000)
	for i := range ids {
		ids[i] = strconv.Itoa(1000 + i)
	}
	for b.Loop() {
		var s idSet
		for _, id := range ids {
			s.add(id)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(ids)), "ns/id")
}
