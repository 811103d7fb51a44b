package audit

// The oracles and accessors the tests of this package and of audit_test
// share; the engine itself never needs them.

// NearestRank returns the p-th percentile (0 < p ≤ 100) of sorted, which
// must be in ascending order, by the nearest-rank method of SPEC §10: the
// value at rank ⌈p/100 · N⌉, rank 1 being the smallest. It reports false
// when sorted is empty.
func NearestRank(sorted []int64, p int) (int64, bool) {
	n := len(sorted)
	if n == 0 || p <= 0 || p > 100 {
		return 0, false
	}
	rank := (p*n + 99) / 100 // ⌈p·n/100⌉ in integers
	return sorted[rank-1], true
}

// Slice returns the rejected rows as a slice.
func (l *Rejections) Slice() []Rejection {
	out := make([]Rejection, 0, l.Len())
	for _, r := range l.All() {
		out = append(out, r)
	}
	return out
}

// Slice returns copies of the verdicts as a slice.
func (l *Verdicts) Slice() []Verdict {
	out := make([]Verdict, 0, l.Len())
	for i := range l.Len() {
		out = append(out, l.At(i))
	}
	return out
}
