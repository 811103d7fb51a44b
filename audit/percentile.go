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
	// sorted says that small and big are sorted (quantiles sorts them,
	// add may unsort them), so that a sample is sorted once for both the
	// summary of its plan and the report's total.
	sorted bool
}

// add records d truncated to whole seconds (SPEC §3 "Times"). A negative d
// cannot happen (responses before submission are rejected, lateness is
// positive) and is recorded as 0.
func (s *secondsSample) add(d time.Duration) {
	sec := int64(d / time.Second)
	s.sorted = false
	switch {
	case sec < 0:
		s.small = append(s.small, 0)
	case sec > math.MaxUint32:
		s.big = append(s.big, sec)
	default:
		s.small = append(s.small, uint32(sec))
	}
}

func (s *secondsSample) len() int { return len(s.small) + len(s.big) }

// quantiles returns the p50 and p90 of the sample. It sorts the sample in
// place and leaves it sorted.
func (s *secondsSample) quantiles() (p50, p90 Quantile) {
	if !s.sorted {
		sortSeconds(s.small)
		slices.Sort(s.big)
		s.sorted = true
	}
	return s.at(50), s.at(90)
}

// sortSeconds sorts v in ascending order. A sample holds one value per
// answered ticket, so a million-ticket report sorts a million values per
// plan; a least-significant-digit radix sort (three passes of 11 bits, one
// scratch copy) does that in linear time, where a comparison sort cost an
// eighth of a whole --quiet check. Short samples use slices.Sort.
func sortSeconds(v []uint32) {
	const (
		bits    = 11
		buckets = 1 << bits
		mask    = buckets - 1
	)
	if len(v) < 256 {
		slices.Sort(v)
		return
	}
	scratch := make([]uint32, len(v))
	src, dst := v, scratch
	var count [buckets]int
	for shift := uint(0); shift < 32; shift += bits {
		clear(count[:])
		for _, x := range src {
			count[(x>>shift)&mask]++
		}
		if count[(src[0]>>shift)&mask] == len(src) {
			continue // every value has this digit: the pass would not move anything
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, x := range src {
			d := (x >> shift) & mask
			dst[count[d]] = x
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &v[0] {
		copy(v, src)
	}
}

// at is the nearest-rank p-th percentile (SPEC §10: the value at rank
// ⌈p/100 · N⌉) over small followed by big (every big value exceeds every
// small one), on a sorted sample.
func (s *secondsSample) at(p int) Quantile {
	n := s.len()
	if n == 0 {
		return Quantile{}
	}
	rank := (p*n + 99) / 100
	return Quantile{Value: time.Duration(s.value(rank-1)) * time.Second, Valid: true}
}

// mergedAt is the nearest-rank p-th percentile of the union of sorted
// samples (each as quantiles leaves it), without copying them: the total
// of a report needs no sample of its own. It is the least value v with at
// least rank values at most v, found by a binary search over the values
// that counts them in each sample by a binary search too. (Walking the
// samples in merged order up to the rank took 900,000 steps for each plan
// at the p90 of a million tickets: 5% of the CPU of `check -o json`, on
// one core after the audit.)
func mergedAt(samples []*secondsSample, p int) Quantile {
	n := 0
	lo, hi := int64(math.MaxInt64), int64(0)
	for _, s := range samples {
		if k := s.len(); k > 0 {
			n += k
			lo, hi = min(lo, s.value(0)), max(hi, s.value(k-1))
		}
	}
	if n == 0 {
		return Quantile{}
	}
	rank := (p*n + 99) / 100
	// The answer is in [lo, hi]: every value is, and all n are at most hi.
	for lo < hi {
		mid := lo + (hi-lo)/2
		c := 0
		for _, s := range samples {
			c += s.atMost(mid)
		}
		if c >= rank {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return Quantile{Value: time.Duration(lo) * time.Second, Valid: true}
}

// atMost counts the values of a sorted sample that are at most v (v ≥ 0).
func (s *secondsSample) atMost(v int64) int {
	if v >= math.MaxUint32 {
		i, _ := slices.BinarySearch(s.big, v+1)
		return len(s.small) + i
	}
	i, _ := slices.BinarySearch(s.small, uint32(v)+1)
	return i
}

// value is the i-th value of a sorted sample.
func (s *secondsSample) value(i int) int64 {
	if i < len(s.small) {
		return int64(s.small[i])
	}
	return s.big[i-len(s.small)]
}
