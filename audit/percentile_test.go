package audit

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestQuantilesAgreeWithNearestRank: the p50 and p90 of several samples
// together are the nearest ranks of all their values in one sorted slice,
// for samples that may be empty, share values, hold values beyond 2³²−1 s
// or from 2²⁴ s on (which selectSmall sorts), both by sorting a copy and
// by selectSmall (selectMin lowered so that short samples take it too).
func TestQuantilesAgreeWithNearestRank(t *testing.T) {
	for _, min := range []int{1 << 14, 1} {
		t.Run(fmt.Sprintf("selectMin %d", min), func(t *testing.T) {
			defer func(m int) { selectMin = m }(selectMin)
			selectMin = min
			rapid.Check(t, func(t *rapid.T) {
				k := rapid.IntRange(0, 5).Draw(t, "k")
				var samples []*secondsSample
				var all []int64
				for i := range k {
					// Each sample's values from one of these ranges, or
					// from all of them.
					ranges := [][2]int64{{0, 50}, {65530, 65540}, {1 << 24, 1<<32 - 1}, {1<<32 - 3, 1<<32 + 3}, {0, 1 << 33}}
					gens := []*rapid.Generator[int64]{}
					for _, r := range ranges {
						gens = append(gens, rapid.Int64Range(r[0], r[1]))
					}
					gen := rapid.OneOf(gens...)
					if j := rapid.IntRange(-1, len(gens)-1).Draw(t, fmt.Sprintf("range %d", i)); j >= 0 {
						gen = gens[j]
					}
					s := new(secondsSample)
					for _, v := range rapid.SliceOfN(gen, 0, 300).Draw(t, fmt.Sprintf("sample %d", i)) {
						s.add(time.Duration(v) * time.Second)
						all = append(all, v)
					}
					samples = append(samples, s)
				}
				slices.Sort(all)
				p50, p90 := quantiles(samples...)
				for _, q := range []struct {
					p   int
					got Quantile
				}{{50, p50}, {90, p90}} {
					got, ok := q.got.Seconds()
					want, wantOK := NearestRank(all, q.p)
					if got != want || ok != wantOK {
						t.Fatalf("p%d: quantiles %d %v, NearestRank %d %v", q.p, got, ok, want, wantOK)
					}
				}
			})
		})
	}
}

// TestQuantilesOfAMillion: a sample past selectMin, as a month of a large
// export gives, agrees with sorting it.
func TestQuantilesOfAMillion(t *testing.T) {
	var s secondsSample
	all := make([]int64, 0, 1<<20)
	x := uint64(1)
	for range 1 << 20 {
		x = x*6364136223846793005 + 1442695040888963407
		v := int64(x>>40) % (3 * 86400)
		s.add(time.Duration(v) * time.Second)
		all = append(all, v)
	}
	slices.Sort(all)
	p50, p90 := quantiles(&s)
	for _, q := range []struct {
		p   int
		got Quantile
	}{{50, p50}, {90, p90}} {
		want, _ := NearestRank(all, q.p)
		if got, _ := q.got.Seconds(); got != want {
			t.Errorf("p%d = %d, want %d", q.p, got, want)
		}
	}
}
