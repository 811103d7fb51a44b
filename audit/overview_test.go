package audit

import (
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

// TestSpreadOf places responses relative to the time allowed; the verdict,
// not the rounding of the share, decides the side of 100%.
func TestSpreadOf(t *testing.T) {
	sub := time.Date(2026, 10, 2, 10, 0, 0, 0, time.UTC)
	hour := sub.Add(time.Hour)
	tests := []struct {
		name     string
		status   Status
		resp     time.Duration // 0: unanswered
		deadline time.Time
		want     int
	}{
		{"a quarter exactly is the first bucket", Met, 15 * time.Minute, hour, 0},
		{"just past a quarter", Met, 15*time.Minute + time.Second, hour, 1},
		{"half exactly", Met, 30 * time.Minute, hour, 1},
		{"three quarters exactly", Met, 45 * time.Minute, hour, 2},
		{"at the deadline is met", Met, time.Hour, hour, 3},
		{"half a second late is breached, whatever the seconds say", Breached, time.Hour + 500*time.Millisecond, hour, 4},
		{"150% exactly", Breached, 90 * time.Minute, hour, 4},
		{"double exactly", Breached, 2 * time.Hour, hour, 5},
		{"four times exactly", Breached, 4 * time.Hour, hour, 6},
		{"beyond four times", Breached, 4*time.Hour + time.Second, hour, 7},
		{"unanswered breach", Breached, 0, hour, SpreadUnanswered},
		// A business window runs over a night: the wall-clock time allowed
		// counts, so 10h of 24h allowed is under half.
		{"wall clock allowed", Met, 10 * time.Hour, sub.Add(24 * time.Hour), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := &Verdict{Status: tt.status, Deadline: tt.deadline}
			v.Ticket.Submitted = sub
			if tt.resp > 0 {
				v.Ticket.FirstResponse = sub.Add(tt.resp)
			} else {
				v.Unanswered = true
			}
			if got := spreadOf(v); got != tt.want {
				t.Errorf("spreadOf = %d (%s), want %d (%s)", got, SpreadLabels[got], tt.want, SpreadLabels[tt.want])
			}
		})
	}
}

// TestOverviewLoadLocalAcrossDST keys the heatmap by the plans' zone: the
// same UTC hour is a different local hour on either side of a DST switch.
func TestOverviewLoadLocalAcrossDST(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	o := NewOverview(la)
	add := func(at time.Time, s Status) {
		v := &Verdict{Status: s}
		v.Ticket.Submitted = at
		o.Add(v)
	}
	// Sat 2026-10-31 17:00Z is 10:00 PDT; Sat 2026-11-07 17:00Z is 09:00 PST.
	add(time.Date(2026, 10, 31, 17, 0, 0, 0, time.UTC), Pending)
	add(time.Date(2026, 11, 7, 17, 0, 0, 0, time.UTC), Excluded)
	// Sunday 2026-03-08 03:30 PDT, just after the spring-forward gap.
	add(time.Date(2026, 3, 8, 10, 30, 0, 0, time.UTC), Pending)
	r := o.Result()
	const sat, sun = 5, 6
	if got := r.Load[sat][10].Tickets; got != 1 {
		t.Errorf("Sat 10:00 PDT: %d tickets, want 1", got)
	}
	if got := r.Load[sat][9]; got.Tickets != 1 || got.Excluded != 1 {
		t.Errorf("Sat 09:00 PST: %+v, want one excluded ticket", got)
	}
	if got := r.Load[sun][3].Tickets; got != 1 {
		t.Errorf("Sun 03:00 PDT: %d tickets, want 1", got)
	}
	// Excluded tickets are in the load but in no spread bucket.
	if got := r.Spread[SpreadPending]; got != 2 {
		t.Errorf("pending bucket %d, want 2", got)
	}
	sum := 0
	for _, n := range r.Spread {
		sum += n
	}
	if sum != 2 {
		t.Errorf("spread holds %d tickets, want 2 (excluded ones in none)", sum)
	}
}

// TestOverviewAgreesWithSummary feeds an audit's verdicts to an Overview:
// its heatmap holds every ticket of the summary, and its spread every
// audited one, met tickets at or below 100% and breaches above.
func TestOverviewAgreesWithSummary(t *testing.T) {
	set := plans.Builtin()
	o := NewOverview(set.Location)
	a := New(Options{Plans: set, AsOf: time.Date(2026, 11, 1, 7, 0, 0, 0, time.UTC), OnVerdict: o.Add})
	base := time.Date(2026, 10, 1, 7, 0, 0, 0, time.UTC)
	for i := 0; i < 500; i++ {
		sub := base.Add(time.Duration(i*97) * time.Minute)
		tk := Ticket{ID: string(rune('a'+i%26)) + time.Duration(i).String(), Customer: "c", Plan: []string{"premium", "standard", "limited", "24x7"}[i%4],
			Channel: []string{"email", "phone", "web"}[i%3], Submitted: sub}
		if i%7 != 0 {
			tk.FirstResponse = sub.Add(time.Duration(i%50) * 10 * time.Minute)
		}
		a.Audit(&tk)
	}
	res, ov := a.Result(), o.Result()
	var load PlanSummary
	for d := range ov.Load {
		for h := range ov.Load[d] {
			c := ov.Load[d][h]
			load.Tickets += c.Tickets
			load.Met += c.Met
			load.Breached += c.Breached
			load.Pending += c.Pending
			load.Excluded += c.Excluded
		}
	}
	tot := res.Total
	if load.Tickets != tot.Tickets || load.Met != tot.Met || load.Breached != tot.Breached ||
		load.Pending != tot.Pending || load.Excluded != tot.Excluded {
		t.Errorf("heatmap %+v, summary %+v", load, tot)
	}
	met, breached := 0, 0
	for i, n := range ov.Spread {
		switch {
		case i < 4:
			met += n
		case i < SpreadPending:
			breached += n
		}
	}
	if met != tot.Met || breached != tot.Breached || ov.Spread[SpreadPending] != tot.Pending {
		t.Errorf("spread met %d breached %d pending %d, summary %+v", met, breached, ov.Spread[SpreadPending], tot)
	}
	if tot.Breached == 0 || tot.Met == 0 || tot.Excluded == 0 {
		t.Fatalf("the input should give every verdict: %+v", tot)
	}
}

// TestOverviewAddDoesNotAllocate: the overview's memory is fixed whatever
// the number of tickets (SPEC §12).
func TestOverviewAddDoesNotAllocate(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	o := NewOverview(la)
	sub := time.Date(2026, 10, 2, 17, 30, 0, 0, time.UTC)
	v := &Verdict{Status: Breached, Deadline: sub.Add(time.Hour)}
	v.Ticket.Submitted, v.Ticket.FirstResponse = sub, sub.Add(3*time.Hour)
	if n := testing.AllocsPerRun(1000, func() { o.Add(v) }); n != 0 {
		t.Errorf("Add allocates %v times a ticket, want 0", n)
	}
}
