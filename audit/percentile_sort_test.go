package audit

import (
	"slices"
	"testing"

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
