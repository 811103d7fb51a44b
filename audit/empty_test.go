package audit

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/slaaudit/slaaudit/plans"
)

// The engine says why an audit audited nothing (SPEC §13): the span of
// submission instants seen, in the period or not, and the rejections per
// field, most frequent first, each with its first row.
func TestResultSaysWhyNothingWasAudited(t *testing.T) {
	a := New(Options{Plans: plans.Builtin(), AsOf: pt(2026, 12, 1, 0, 0, 0),
		From: pt(2026, 11, 1, 0, 0, 0), To: pt(2026, 12, 1, 0, 0, 0)})
	a.Audit(&Ticket{ID: "1", Plan: "premium", Submitted: pt(2026, 10, 9, 12, 0, 0)})
	a.Audit(&Ticket{ID: "2", Plan: "premium", Submitted: pt(2026, 10, 2, 12, 0, 0)})
	a.Audit(&Ticket{ID: "3", Plan: "premium", Submitted: pt(2026, 10, 20, 12, 0, 0)})
	a.Audit(&Ticket{ID: "1", Plan: "premium", Submitted: pt(2026, 10, 21, 12, 0, 0)}) // duplicate
	a.Reject(Rejection{Source: Source{File: "x.csv", Line: 7}, Field: "submitted_at", Reason: "no zone"})
	a.Reject(Rejection{Source: Source{File: "x.csv", Line: 8}, Field: "submitted_at", Reason: "no zone"})
	r := a.Result()
	if r.Counts.Audited != 0 || r.Counts.OutsidePeriod != 3 || r.Counts.Rejected != 3 {
		t.Fatalf("counts %+v", r.Counts)
	}
	if !r.FirstSubmitted.Equal(pt(2026, 10, 2, 12, 0, 0)) || !r.LastSubmitted.Equal(pt(2026, 10, 21, 12, 0, 0)) {
		t.Errorf("span %v → %v, want 2026-10-02 12:00 → 2026-10-21 12:00 PDT", r.FirstSubmitted, r.LastSubmitted)
	}
	if len(r.RejectedBy) != 2 || r.RejectedBy[0].Field != "submitted_at" || r.RejectedBy[0].Count != 2 ||
		r.RejectedBy[0].First.Source.Line != 7 || r.RejectedBy[1].Field != "id" || r.RejectedBy[1].Count != 1 {
		t.Errorf("RejectedBy = %+v", r.RejectedBy)
	}
	if empty := New(Options{Plans: plans.Builtin(), AsOf: pt(2026, 12, 1, 0, 0, 0)}).Result(); !empty.FirstSubmitted.IsZero() || len(empty.RejectedBy) != 0 {
		t.Errorf("an audit of nothing has a span or rejections: %+v", empty)
	}
}

// The uncapped percent is the schedule's before the cap (SPEC §5).
func TestUncappedPercent(t *testing.T) {
	s := plans.Builtin().Credits
	for _, tc := range []struct {
		ordinary, severe int
		uncapped, capped string
	}{{0, 0, "0", "0"}, {2, 2, "30", "30"}, {0, 5, "50", "50"}, {1, 5, "55", "50"}, {20, 0, "100", "50"}} {
		u := UncappedPercent(s, tc.ordinary, tc.severe)
		p, _ := CreditAmount(s, tc.ordinary, tc.severe, decimal.NewFromInt(100), 2)
		if !u.Equal(decimal.RequireFromString(tc.uncapped)) || !p.Equal(decimal.RequireFromString(tc.capped)) {
			t.Errorf("%d ordinary + %d severe: uncapped %s, percent %s; want %s, %s", tc.ordinary, tc.severe, u, p, tc.uncapped, tc.capped)
		}
	}
}
