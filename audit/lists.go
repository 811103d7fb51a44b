package audit

import (
	"container/heap"
	"slices"
	"sort"
	"strings"
	"time"
)

// SortKey orders the ticket lists of a report (SPEC §10 --sort).
type SortKey int

const (
	// SortSubmitted orders by submission instant, then id (SPEC §7's order).
	SortSubmitted SortKey = iota
	// SortLate puts the latest breach first, then by submission and id.
	SortLate
	// SortDeadline puts the earliest deadline first, then by submission and
	// id. Excluded tickets have no deadline and sort by submission.
	SortDeadline
	// SortCustomer orders by customer (trimmed, byte order), then by
	// submission and id.
	SortCustomer
)

var sortKeyNames = [...]string{"submitted", "late", "deadline", "customer"}

// String returns the name --sort takes.
func (k SortKey) String() string { return enumName(sortKeyNames[:], int(k), "SortKey") }

// SortKeyNames lists the names ParseSortKey accepts.
func SortKeyNames() []string { return append([]string(nil), sortKeyNames[:]...) }

// ParseSortKey returns the sort key named s.
func ParseSortKey(s string) (SortKey, error) {
	i, err := enumIndex(sortKeyNames[:], s)
	return SortKey(i), err
}

// Less reports whether a comes before b in lists sorted by k. Ties always
// break by submission instant, then id, so the order is total and the
// output deterministic.
func (k SortKey) Less(a, b *Verdict) bool {
	switch k {
	case SortLate:
		if a.Late != b.Late {
			return a.Late > b.Late
		}
	case SortDeadline:
		if !a.Deadline.Equal(b.Deadline) {
			return a.Deadline.Before(b.Deadline)
		}
	case SortCustomer:
		ca, cb := strings.TrimSpace(a.Ticket.Customer), strings.TrimSpace(b.Ticket.Customer)
		if ca != cb {
			return ca < cb
		}
	}
	return submittedLess(a, b)
}

func submittedLess(a, b *Verdict) bool {
	if !a.Ticket.Submitted.Equal(b.Ticket.Submitted) {
		return a.Ticket.Submitted.Before(b.Ticket.Submitted)
	}
	return a.Ticket.ID < b.Ticket.ID
}

// List is one list of tickets in a report (due soon, excluded, pending):
// the first Verdicts in list order and the Total that belong to it. When
// Options.Limit caps the list, only the first Limit are kept (SPEC §12:
// capped lists keep only what they print plus counts).
type List struct {
	Verdicts []Verdict
	Total    int
}

// More reports how many tickets of the list are not in Verdicts.
func (l List) More() int { return l.Total - len(l.Verdicts) }

// TimeLeft reports how long before its deadline a pending ticket is at the
// audit instant asOf, truncated to whole seconds (SPEC §3 "Times"); 0 for a
// ticket that is not pending.
func (v *Verdict) TimeLeft(asOf time.Time) time.Duration {
	if v.Status != Pending {
		return 0
	}
	return v.Deadline.Sub(asOf).Truncate(time.Second)
}

// listKeeper collects one list: every verdict when limit is 0, else the
// first limit in order (a bounded max-heap whose top is the last kept).
type listKeeper struct {
	limit int
	less  func(a, b *Verdict) bool
	vs    []Verdict
	total int
}

func (l *listKeeper) Len() int           { return len(l.vs) }
func (l *listKeeper) Less(i, j int) bool { return l.less(&l.vs[j], &l.vs[i]) } // max-heap
func (l *listKeeper) Swap(i, j int)      { l.vs[i], l.vs[j] = l.vs[j], l.vs[i] }
func (l *listKeeper) Push(x any)         { l.vs = append(l.vs, x.(Verdict)) }
func (l *listKeeper) Pop() any {
	v := l.vs[len(l.vs)-1]
	l.vs = l.vs[:len(l.vs)-1]
	return v
}

// add offers v, copying it only when it is kept.
func (l *listKeeper) add(v *Verdict) {
	l.total++
	switch {
	case l.limit <= 0:
		l.vs = append(l.vs, cloneVerdict(v))
	case len(l.vs) < l.limit:
		heap.Push(l, cloneVerdict(v))
	case l.less(v, &l.vs[0]):
		l.vs[0] = cloneVerdict(v)
		heap.Fix(l, 0)
	}
}

// sorted returns the kept verdicts in list order.
func (l *listKeeper) sorted() []Verdict {
	sort.SliceStable(l.vs, func(i, j int) bool { return l.less(&l.vs[i], &l.vs[j]) })
	return l.vs
}

func (l *listKeeper) list() List { return List{Verdicts: l.sorted(), Total: l.total} }

// sortBy orders the list as k orders verdicts (SortKey.Less), keeping the
// input order of equal ones. It decodes each record twice per comparison
// rather than holding the list as Verdicts: --sort without --limit on a
// long list is slow, never big.
func (l *Verdicts) sortBy(k SortKey) {
	if l == nil {
		return
	}
	if k == SortSubmitted {
		l.sortBySubmission()
		return
	}
	var va, vb Verdict
	slices.SortStableFunc(l.order, func(a, b uint64) int {
		da, db := l.recs.at(a), l.recs.at(b)
		l.decode(&da, &va)
		l.decode(&db, &vb)
		switch {
		case k.Less(&va, &vb):
			return -1
		case k.Less(&vb, &va):
			return 1
		}
		return 0
	})
}
