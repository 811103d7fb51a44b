package audit

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestRejectionsRoundTrip: the compact list gives back every rejected row
// as it was added, across chunk boundaries and with ids and reasons that
// share prefixes, or not.
func TestRejectionsRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 2))
	var want []Rejection
	l := new(Rejections)
	for i := range 30000 {
		r := Rejection{
			Source: Source{File: fmt.Sprintf("f%d.csv", rng.IntN(3)), Line: i + 2},
			ID:     fmt.Sprint(1000 + i),
			Field:  []string{"", "plan", "submitted_at", "id"}[rng.IntN(4)],
			Reason: fmt.Sprintf("unknown plan \"gold-%d\"", rng.IntN(100000)),
		}
		switch rng.IntN(5) {
		case 0:
			r.ID, r.Reason = "", "missing id"
		case 1:
			r.Source = Source{File: "x.json", Index: i, IsIndex: true}
			r.Reason = string(make([]byte, rng.IntN(300))) // long, all NUL
		}
		want = append(want, r)
		l.Add(&r)
	}
	if len(l.recs.chunks) < 2 {
		t.Fatalf("the test needs several chunks, has %d", len(l.recs.chunks))
	}
	if l.Len() != len(want) {
		t.Fatalf("Len = %d, want %d", l.Len(), len(want))
	}
	if got := l.Slice(); !reflect.DeepEqual(got, want) {
		for i := range got {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("row %d: got %+v, want %+v", i, got[i], want[i])
			}
		}
		t.Fatalf("got %d rows, want %d", len(got), len(want))
	}
	// Stopping early is allowed.
	for i := range l.All() {
		if i == 3 {
			break
		}
	}
}
