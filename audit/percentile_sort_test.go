package audit

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestSortSecondsAgreesWithSlicesSort: the radix sort behind the percentiles
// orders any sample exactly as a comparison sort does, short and long, with
// values that share digits (a pass skipped) and values near 2³²−1.
func TestSortSecondsAgreesWithSlicesSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 5000).Draw(t, "n")
		gen := rapid.OneOf(
			rapid.Uint32(),
			rapid.Uint32Range(0, 4000),
			rapid.Uint32Range(1<<32-3000, 1<<32-1),
			rapid.Just(uint32(86400)),
		)
		v := rapid.SliceOfN(gen, n, n).Draw(t, "v")
		want := slices.Clone(v)
		slices.Sort(want)
		sortSeconds(v)
		if !slices.Equal(v, want) {
			t.Fatalf("sortSeconds gave %v, want %v", v, want)
		}
	})
}

// TestMergedAtAgreesWithNearestRank: the percentile of several sorted
// samples together is the nearest rank of all their values in one sorted
// slice, for samples that may be empty, share values, or hold values
// beyond 2³²−1 s.
func TestMergedAtAgreesWithNearestRank(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(0, 5).Draw(t, "k")
		gen := rapid.OneOf(
			rapid.Int64Range(0, 50),
			rapid.Int64Range(0, 1<<33),
			rapid.Int64Range(1<<32-3, 1<<32+3),
		)
		var samples []*secondsSample
		var all []int64
		for i := range k {
			s := new(secondsSample)
			for _, v := range rapid.SliceOfN(gen, 0, 300).Draw(t, fmt.Sprintf("sample %d", i)) {
				s.add(time.Duration(v) * time.Second)
				all = append(all, v)
			}
			s.quantiles()
			samples = append(samples, s)
		}
		slices.Sort(all)
		for _, p := range []int{1, 50, 90, 100} {
			got, ok := mergedAt(samples, p).Seconds()
			want, wantOK := NearestRank(all, p)
			if got != want || ok != wantOK {
				t.Fatalf("p%d: mergedAt %d %v, NearestRank %d %v", p, got, ok, want, wantOK)
			}
		}
	})
}
