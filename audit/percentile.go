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

func (s *secondsSample) len() int { return len(s.small) + len(s.big) }

// quantiles returns the p50 and p90 of the sample. It sorts the sample in
// place and leaves it sorted.
func (s *secondsSample) quantiles() (p50, p90 Quantile) {
	sortSeconds(s.small)
	slices.Sort(s.big)
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
// samples (each as quantiles leaves it), found by walking them in merged
// order without copying: the total of a report needs no sample of its own.
func mergedAt(samples []*secondsSample, p int) Quantile {
	n := 0
	for _, s := range samples {
		n += s.len()
	}
	if n == 0 {
		return Quantile{}
	}
	rank := (p*n + 99) / 100
	pos := make([]int, len(samples))
	var sec int64
	for range rank {
		best := -1
		var bestV int64
		for i, s := range samples {
			if pos[i] < s.len() {
				if v := s.value(pos[i]); best < 0 || v < bestV {
					best, bestV = i, v
				}
			}
		}
		pos[best]++
		sec = bestV
	}
	return Quantile{Value: time.Duration(sec) * time.Second, Valid: true}
}

// value is the i-th value of a sorted sample.
func (s *secondsSample) value(i int) int64 {
	if i < len(s.small) {
		return int64(s.small[i])
	}
	return s.big[i-len(s.small)]
}
