package audit

import (
	"math"
	"slices"
	"time"
)

// Quantile is one percentile of a group's durations in whole seconds, or
// no value (Valid false) when the group has none: SPEC §10 prints null, never
// zero, for an empty group.
type Quantile struct {
	// Value is a whole number of seconds.
	Value time.Duration
	Valid bool
}

// Seconds reports the value in whole seconds, or false when there is none.
func (q Quantile) Seconds() (int64, bool) { return int64(q.Value / time.Second), q.Valid }

// secondsSample keeps the whole-second durations of one group for its exact
// percentiles: 4 bytes a value (SPEC §10 allows nothing more per ticket).
// The rare value beyond 2³²−1 s (136 years, possible between 1900 and 2199)
// goes to big, so percentiles stay exact.
type secondsSample struct {
	small []uint32
	big   []int64
}

// add records d truncated to whole seconds (SPEC §3 "Times"). A negative d
// cannot happen (responses before submission are rejected, lateness is
// positive) and is recorded as 0.
func (s *secondsSample) add(d time.Duration) {
	sec := int64(d / time.Second)
	switch {
	case sec < 0:
		s.small = append(s.small, 0)
	case sec > math.MaxUint32:
		s.big = append(s.big, sec)
	default:
		s.small = append(s.small, uint32(sec))
	}
}

// quantiles returns the p50 and p90 of the values of samples together,
// each the nearest rank (SPEC §10: the value at rank ⌈p/100 · N⌉ of the N
// values in order): the summary of a plan has one sample, the report's
// total the samples of every plan. A sample's values may be reordered.
func quantiles(samples ...*secondsSample) (p50, p90 Quantile) {
	n, small := 0, 0
	for _, s := range samples {
		n += len(s.small) + len(s.big)
		small += len(s.small)
	}
	if n == 0 {
		return Quantile{}, Quantile{}
	}
	ranks := [2]int{(50*n + 99) / 100, (90*n + 99) / 100}
	var sec [2]int64
	var bigs []int64 // every big value exceeds every small one
	for i, r := range ranks {
		if r > small {
			if bigs == nil {
				for _, s := range samples {
					bigs = append(bigs, s.big...)
				}
				slices.Sort(bigs)
			}
			sec[i] = bigs[r-small-1]
		}
	}
	switch {
	case ranks[0] > small:
		// Both are big values, found above.
	case small < selectMin:
		// Sorted: in place when there is one sample (a breakdown's
		// groups are many and short), else as one copy.
		all := samples[0].small
		if len(samples) > 1 {
			all = make([]uint32, 0, small)
			for _, s := range samples {
				all = append(all, s.small...)
			}
		}
		slices.Sort(all)
		for i, r := range ranks {
			if r <= small {
				sec[i] = int64(all[r-1])
			}
		}
	default:
		a, b := selectSmall(samples, ranks[0], min(ranks[1], small))
		sec[0] = int64(a)
		if ranks[1] <= small {
			sec[1] = int64(b)
		}
	}
	return Quantile{Value: time.Duration(sec[0]) * time.Second, Valid: true},
		Quantile{Value: time.Duration(sec[1]) * time.Second, Valid: true}
}

// selectMin is the fewest small values that quantiles finds by selectSmall
// rather than by sorting a copy (a variable for tests).
var selectMin = 1 << 14

// selectSmall returns the values of ranks r1 and r2 (1 ≤ r1 ≤ r2 ≤ their
// number) among the small values of samples in order, without sorting or
// copying them: a count of the values by their bits 8 to 23 finds the
// 256-second stretch each lies in, then a count of the values in that
// stretch by their low 8 bits the value. The values of 2²⁴ s (194 days)
// and more are counted together, and should a rank fall among them, they
// are copied and sorted. (A radix sort of the samples, three passes of 11
// bits and a scratch copy, took some 20 ms of a million-ticket `check -o
// json`, at its end, on one core; counting by the high 16 bits of the
// values took 14, as nearly all of them counted into one counter.)
func selectSmall(samples []*secondsSample, r1, r2 int) (v1, v2 uint32) {
	const (
		shift = 8
		top   = 1<<16 - 1 // the count of the values from 2²⁴ on
	)
	count := make([]uint32, top+1)
	for _, s := range samples {
		for _, x := range s.small {
			count[min(x>>shift, top)]++
		}
	}
	// stretch returns the index of count where the value of rank r lies,
	// and its rank among the values counted there.
	stretch := func(count []uint32, r int) (uint32, int) {
		for i, c := range count {
			if r <= int(c) {
				return uint32(i), r
			}
			r -= int(c)
		}
		panic("audit: rank beyond the sample")
	}
	h1, r1 := stretch(count, r1)
	h2, r2 := stretch(count, r2)
	if h2 == top {
		// The values from 2²⁴ s on, sorted: v2 is among them, maybe v1.
		var high []uint32
		for _, s := range samples {
			for _, x := range s.small {
				if x>>shift >= top {
					high = append(high, x)
				}
			}
		}
		slices.Sort(high)
		v2 = high[r2-1]
		if h1 == top {
			return high[r1-1], v2
		}
	}
	// One pass counts the values of both stretches by their low bits.
	var low1, low2 [1 << shift]uint32
	for _, s := range samples {
		for _, x := range s.small {
			switch x >> shift {
			case h1:
				low1[x&(1<<shift-1)]++
			case h2:
				low2[x&(1<<shift-1)]++
			}
		}
	}
	l1, _ := stretch(low1[:], r1)
	if h2 == h1 {
		low2 = low1
	}
	if h2 != top {
		l2, _ := stretch(low2[:], r2)
		v2 = h2<<shift | l2
	}
	return h1<<shift | l1, v2
}
