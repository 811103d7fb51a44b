package report

import (
	"sort"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/slaaudit/slaaudit/audit"
	"github.com/slaaudit/slaaudit/plans"
)

// drawVerdict draws a verdict of any status on one of the built-in plans.
func drawVerdict(t *rapid.T, i int) audit.Verdict {
	set := plans.Builtin()
	p := set.Plans[rapid.IntRange(0, len(set.Plans)-1).Draw(t, "plan")]
	sub := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC).
		Add(time.Duration(rapid.Int64Range(0, 31*24*3600e9).Draw(t, "submitted")))
	v := audit.Verdict{
		Ticket: audit.Ticket{
			ID:        rapid.StringMatching(`[0-9a-z]{1,6}`).Draw(t, "id"),
			Customer:  rapid.StringMatching(`[a-z <&"]{0,8}`).Draw(t, "customer"),
			Source:    audit.Source{File: rapid.SampledFrom([]string{"a.csv", "b.json"}).Draw(t, "file"), Line: i + 2},
			Submitted: sub,
		},
		Plan:   p,
		Status: audit.Status(rapid.IntRange(0, 3).Draw(t, "status")),
		Class:  plans.Class(rapid.IntRange(0, 1).Draw(t, "class")),
		Window: time.Duration(rapid.Int64Range(1, 48).Draw(t, "window hours")) * time.Hour,
	}
	if v.Ticket.Source.File == "b.json" {
		v.Ticket.Source = audit.Source{File: "b.json", Index: i, IsIndex: true}
	}
	if v.Status == audit.Excluded {
		v.Reason = rapid.SampledFrom([]string{"plan standard does not cover channel \"phone\"", "unknown channel"}).Draw(t, "reason")
		return v
	}
	v.Deadline = sub.Add(v.Window)
	switch v.Status {
	case audit.Met:
		v.Ticket.FirstResponse = sub.Add(time.Duration(rapid.Int64Range(0, int64(v.Window)).Draw(t, "response")))
	case audit.Breached:
		v.Late = time.Duration(rapid.Int64Range(1, 100*3600e9).Draw(t, "late"))
		if v.Unanswered = rapid.Bool().Draw(t, "unanswered"); !v.Unanswered {
			v.Ticket.FirstResponse = v.Deadline.Add(v.Late)
		}
		v.Severe = v.Late >= v.Window
	}
	return v
}

// A JUnit record decodes to the facts of the verdict it was made from, in
// input order.
func TestJUnitRecordsRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 50).Draw(t, "n")
		vs := make([]audit.Verdict, n)
		j := NewJUnitTickets()
		for i := range vs {
			vs[i] = drawVerdict(t, i)
			j.Add(&vs[i])
		}
		i := 0
		err := j.each(func(c *junitCase) error {
			v := &vs[i]
			i++
			if c.plan != v.Plan || c.status != v.Status || c.id != v.Ticket.ID || c.customer != v.Ticket.Customer || c.source != v.Ticket.Source {
				t.Fatalf("record %d: got %+v, want %+v", i, c, v)
			}
			switch v.Status {
			case audit.Breached:
				if c.source != v.Ticket.Source || !c.submitted.Equal(v.Ticket.Submitted) || c.window != v.Window ||
					!c.deadline.Equal(v.Deadline) || c.late != v.Late || c.severe != v.Severe ||
					c.unanswered != v.Unanswered || c.class != v.Class || !c.response.Equal(v.Ticket.FirstResponse) {
					t.Fatalf("breach %d: got %+v, want %+v", i, c, v)
				}
			case audit.Pending:
				if !c.deadline.Equal(v.Deadline) {
					t.Fatalf("pending %d: deadline %v, want %v", i, c.deadline, v.Deadline)
				}
			case audit.Excluded:
				if c.reason != v.Reason {
					t.Fatalf("excluded %d: reason %q, want %q", i, c.reason, v.Reason)
				}
			}
			return nil
		})
		if err != nil || i != n {
			t.Fatalf("decoded %d of %d records, err %v", i, n, err)
		}
	})
}

// GitHubAnnotations keeps exactly the N worst breaches: those a full sort
// (severe first, then the latest, then submission and id) puts first.
func TestGitHubAnnotationsKeepTheWorst(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		max := rapid.IntRange(0, 12).Draw(t, "max")
		n := rapid.IntRange(0, 60).Draw(t, "n")
		g := NewGitHubAnnotations(max)
		var all []ghBreach
		for i := range n {
			v := drawVerdict(t, i)
			g.Add(&v)
			if v.Status == audit.Breached {
				all = append(all, ghBreach{id: v.Ticket.ID, submitted: v.Ticket.Submitted, late: v.Late, severe: v.Severe})
			}
		}
		sort.Slice(all, func(i, j int) bool { return all[i].worse(&all[j]) })
		kept := append([]ghBreach(nil), g.kept...)
		sort.Slice(kept, func(i, j int) bool { return kept[i].worse(&kept[j]) })
		want := all[:min(max, len(all))]
		if len(kept) != len(want) {
			t.Fatalf("kept %d, want %d", len(kept), len(want))
		}
		for i := range want {
			a, b := kept[i], want[i]
			if a.id != b.id || a.late != b.late || a.severe != b.severe || !a.submitted.Equal(b.submitted) {
				t.Fatalf("kept[%d] = %s (late %v, severe %v), want %s (late %v, severe %v)", i, a.id, a.late, a.severe, b.id, b.late, b.severe)
			}
		}
	})
}
