package audit

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

func TestNearestRank(t *testing.T) {
	tests := []struct {
		name     string
		values   []int64
		p        int
		want     int64
		wantNone bool
	}{
		{name: "empty has none", values: nil, p: 50, wantNone: true},
		{name: "one value is every percentile", values: []int64{7}, p: 90, want: 7},
		// Even counts: p50 of 2 is rank ⌈1⌉ = 1, p90 rank ⌈1.8⌉ = 2.
		{name: "two values p50", values: []int64{1, 2}, p: 50, want: 1},
		{name: "two values p90", values: []int64{1, 2}, p: 90, want: 2},
		// 10 values: p50 rank 5, p90 rank 9 (exact products take no ceiling).
		{name: "ten values p50", values: []int64{10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, p: 50, want: 50},
		{name: "ten values p90", values: []int64{10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, p: 90, want: 90},
		// Odd counts: 3 values p50 rank ⌈1.5⌉ = 2, p90 rank ⌈2.7⌉ = 3.
		{name: "three values p50", values: []int64{10, 20, 30}, p: 50, want: 20},
		{name: "three values p90", values: []int64{10, 20, 30}, p: 90, want: 30},
		// 11 values: p50 rank ⌈5.5⌉ = 6, p90 rank ⌈9.9⌉ = 10.
		{name: "eleven values p50", values: []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, p: 50, want: 6},
		{name: "eleven values p90", values: []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, p: 90, want: 10},
		{name: "p100 is the largest", values: []int64{1, 5, 9}, p: 100, want: 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := NearestRank(tt.values, tt.p)
			if ok == tt.wantNone || got != tt.want {
				t.Errorf("NearestRank(%v, %d) = %d, %v; want %d, %v", tt.values, tt.p, got, ok, tt.want, !tt.wantNone)
			}
		})
	}
}

// The sample must give NearestRank's answer whatever the order it is fed
// in, truncating to whole seconds, and with values beyond 32 bits.
func TestSecondsSampleAgreesWithNearestRank(t *testing.T) {
	tests := []struct {
		name  string
		in    []time.Duration
		p50   int64
		p90   int64
		valid bool
	}{
		{name: "empty", in: nil},
		{name: "truncates to whole seconds", in: []time.Duration{1500 * time.Millisecond, 999 * time.Millisecond}, p50: 0, p90: 1, valid: true},
		{name: "unsorted odd", in: []time.Duration{30 * time.Second, 10 * time.Second, 20 * time.Second}, p50: 20, p90: 30, valid: true},
		{name: "unsorted even", in: []time.Duration{4 * time.Second, 1 * time.Second, 3 * time.Second, 2 * time.Second}, p50: 2, p90: 4, valid: true},
		{name: "beyond 32 bits", in: []time.Duration{
			time.Duration(math.MaxUint32+10) * time.Second, 5 * time.Second, time.Duration(math.MaxUint32+1) * time.Second},
			p50: math.MaxUint32 + 1, p90: math.MaxUint32 + 10, valid: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s secondsSample
			var secs []int64
			for _, d := range tt.in {
				s.add(d)
				secs = append(secs, int64(d/time.Second))
			}
			slices.Sort(secs)
			p50, p90 := quantiles(&s)
			g50, ok50 := p50.Seconds()
			g90, ok90 := p90.Seconds()
			if ok50 != tt.valid || ok90 != tt.valid || g50 != tt.p50 || g90 != tt.p90 {
				t.Errorf("p50, p90 = %d %v, %d %v; want %d, %d valid %v", g50, ok50, g90, ok90, tt.p50, tt.p90, tt.valid)
			}
			w50, _ := NearestRank(secs, 50)
			w90, _ := NearestRank(secs, 90)
			if w50 != g50 || w90 != g90 {
				t.Errorf("sample %d/%d, NearestRank %d/%d", g50, g90, w50, w90)
			}
		})
	}
}

func TestTimeKeys(t *testing.T) {
	tests := []struct {
		name string
		by   Dimension
		at   string // UTC instant
		want string
	}{
		{"month: last second of October in Pacific is in October", ByMonth, "2026-11-01T06:59:59Z", "2026-10"},
		{"month: Pacific midnight starts November", ByMonth, "2026-11-01T07:00:00Z", "2026-11"},
		// ISO weeks across a year boundary: 2026 has 53 weeks (it starts on
		// a Thursday); 2027-01-03 (Sunday) is still in 2026-W53.
		{"week: 2026-12-31 is 2026-W53", ByWeek, "2026-12-31T20:00:00Z", "2026-W53"},
		{"week: Sunday 2027-01-03 is 2026-W53", ByWeek, "2027-01-03T20:00:00Z", "2026-W53"},
		{"week: Monday 2027-01-04 is 2027-W01", ByWeek, "2027-01-04T20:00:00Z", "2027-W01"},
		{"week: Monday 2024-12-30 is 2025-W01", ByWeek, "2024-12-30T20:00:00Z", "2025-W01"},
		{"week: local Sunday night is the old week though UTC says Monday", ByWeek, "2027-01-04T05:00:00Z", "2026-W53"},
		{"week: 2026-10-02 is 2026-W40", ByWeek, "2026-10-02T17:30:00Z", "2026-W40"},
		// Local days across the spring-forward switch (2026-03-08 02:00 PST).
		{"day: 23:59:59 PST before spring forward", ByDay, "2026-03-08T07:59:59Z", "2026-03-07"},
		{"day: midnight PST of the spring-forward day", ByDay, "2026-03-08T08:00:00Z", "2026-03-08"},
		{"day: 23:59:59 PDT ends the 23-hour day", ByDay, "2026-03-09T06:59:59Z", "2026-03-08"},
		{"day: midnight PDT after spring forward", ByDay, "2026-03-09T07:00:00Z", "2026-03-09"},
		// And the fall-back switch (2026-11-01 02:00 PDT), a 25-hour day.
		{"day: 23:59:59 PDT before fall back", ByDay, "2026-11-01T06:59:59Z", "2026-10-31"},
		{"day: midnight PDT of the fall-back day", ByDay, "2026-11-01T07:00:00Z", "2026-11-01"},
		{"day: 23:59:59 PST ends the 25-hour day", ByDay, "2026-11-02T07:59:59Z", "2026-11-01"},
		{"day: midnight PST after fall back", ByDay, "2026-11-02T08:00:00Z", "2026-11-02"},
		{"weekday: Monday 06:00 UTC is Sunday in Pacific", ByWeekday, "2026-10-05T06:00:00Z", "sun"},
		{"weekday: Monday 07:00 UTC is Monday in Pacific", ByWeekday, "2026-10-05T07:00:00Z", "mon"},
		{"weekday: Friday", ByWeekday, "2026-10-02T17:30:00Z", "fri"},
		{"hour: 17:30 UTC is 10 PDT", ByHour, "2026-10-02T17:30:00Z", "10"},
		{"hour: 07:00 UTC is 00 PDT", ByHour, "2026-10-02T07:00:00Z", "00"},
		{"hour: 06:59 UTC is 23 PDT", ByHour, "2026-10-02T06:59:00Z", "23"},
		{"hour: first 01:30 of fall back (PDT)", ByHour, "2026-11-01T08:30:00Z", "01"},
		{"hour: second 01:30 of fall back (PST)", ByHour, "2026-11-01T09:30:00Z", "01"},
		{"hour: 02 never happens on spring forward: 10:30 UTC is 03 PDT", ByHour, "2026-03-08T10:30:00Z", "03"},
		{"customer is no time dimension", ByCustomer, "2026-10-02T17:30:00Z", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TimeKey(tt.by, utc(tt.at), pacific); got != tt.want {
				t.Errorf("TimeKey(%s, %s) = %q, want %q", tt.by, tt.at, got, tt.want)
			}
		})
	}
}

func TestParseDimensionAndSortKey(t *testing.T) {
	for _, n := range DimensionNames() {
		d, err := ParseDimension(strings.ToUpper(n))
		if err != nil || d.String() != n {
			t.Errorf("ParseDimension(%q) = %v, %v", n, d, err)
		}
	}
	if _, err := ParseDimension("team"); err == nil || !strings.Contains(err.Error(), "customer, channel") {
		t.Errorf("ParseDimension(team) error = %v, want the list of dimensions", err)
	}
	for _, n := range SortKeyNames() {
		k, err := ParseSortKey(n)
		if err != nil || k.String() != n {
			t.Errorf("ParseSortKey(%q) = %v, %v", n, k, err)
		}
	}
	if _, err := ParseSortKey("id"); err == nil {
		t.Error("ParseSortKey(id) accepted")
	}
}

// rowText formats a breakdown row for comparison.
func rowText(g Group) string {
	q := func(x Quantile) string {
		if s, ok := x.Seconds(); ok {
			return fmt.Sprint(s)
		}
		return "null"
	}
	return fmt.Sprintf("%s t%d m%d b%d s%d p%d x%d resp %s/%s late %s/%s", g.Key, g.Tickets, g.Met, g.Breached,
		g.Severe, g.Pending, g.Excluded, q(g.ResponseP50), q(g.ResponseP90), q(g.LateP50), q(g.LateP90))
}

// Every dimension, over one small audit: keys as SPEC §10 writes them, rows
// sorted by key (weekdays Monday first), counts and percentiles per row.
func TestBreakdownEveryDimension(t *testing.T) {
	// 24/7: always business, 1 h window on the elapsed clock, so deadline =
	// submitted + 1 h. As of 2026-10-12 00:00 PDT.
	asOf := pt(2026, 10, 12, 0, 0, 0)
	mk := func(id, customer, channel, priority string, sub time.Time, resp time.Duration) Ticket {
		tk := Ticket{ID: id, Customer: customer, Plan: "24/7", Channel: channel, Priority: priority, Submitted: sub}
		if resp >= 0 {
			tk.FirstResponse = sub.Add(resp)
		}
		return tk
	}
	feed := []Ticket{
		// Sunday 2026-10-11 23:30 PDT: pending at as-of (deadline 00:30).
		mk("1", " acme ", "email", "high", pt(2026, 10, 11, 23, 30, 0), -1),
		// Monday 2026-10-05 10:00: met in 10 min.
		mk("2", "acme", "email", "", pt(2026, 10, 5, 10, 0, 0), 10*time.Minute),
		// Monday 2026-10-05 10:20: breached, answered after 90 min (late 30 min).
		mk("3", "beta", "chat", "high", pt(2026, 10, 5, 10, 20, 0), 90*time.Minute),
		// Friday 2026-10-02 23:00: unanswered, late as-of − deadline, severe.
		mk("4", "beta", "", "low", pt(2026, 10, 2, 23, 0, 0), -1),
		// Wednesday 2026-09-30 08:00: excluded (24/7 covers no fax).
		mk("5", "acme", "fax", "low", pt(2026, 9, 30, 8, 0, 0), 5*time.Minute),
	}
	a := New(Options{Plans: plans.Builtin(), AsOf: asOf, Reports: Reports{By: []Dimension{
		ByCustomer, ByChannel, ByPriority, ByPlan, ByMonth, ByWeek, ByDay, ByWeekday, ByHour}}})
	for i := range feed {
		a.Audit(&feed[i])
	}
	r := a.Result()
	checkBalanced(t, r.Counts)
	lateUnanswered := int64(asOf.Sub(pt(2026, 10, 3, 0, 0, 0)) / time.Second) // 9 days minus... as-of − deadline
	want := map[Dimension][]string{
		ByCustomer: {
			"acme t3 m1 b0 s0 p1 x1 resp 600/600 late null/null",
			fmt.Sprintf("beta t2 m0 b2 s1 p0 x0 resp 5400/5400 late 1800/%d", lateUnanswered),
		},
		ByChannel: {
			fmt.Sprintf(" t1 m0 b1 s1 p0 x0 resp null/null late %d/%d", lateUnanswered, lateUnanswered),
			"chat t1 m0 b1 s0 p0 x0 resp 5400/5400 late 1800/1800",
			"email t2 m1 b0 s0 p1 x0 resp 600/600 late null/null",
			"fax t1 m0 b0 s0 p0 x1 resp null/null late null/null",
		},
		ByPriority: {
			" t1 m1 b0 s0 p0 x0 resp 600/600 late null/null",
			"high t2 m0 b1 s0 p1 x0 resp 5400/5400 late 1800/1800",
			fmt.Sprintf("low t2 m0 b1 s1 p0 x1 resp null/null late %d/%d", lateUnanswered, lateUnanswered),
		},
		ByPlan: {
			fmt.Sprintf("24x7 t5 m1 b2 s1 p1 x1 resp 600/5400 late 1800/%d", lateUnanswered),
		},
		ByMonth: {
			"2026-09 t1 m0 b0 s0 p0 x1 resp null/null late null/null",
			fmt.Sprintf("2026-10 t4 m1 b2 s1 p1 x0 resp 600/5400 late 1800/%d", lateUnanswered),
		},
		ByWeek: {
			fmt.Sprintf("2026-W40 t2 m0 b1 s1 p0 x1 resp null/null late %d/%d", lateUnanswered, lateUnanswered),
			"2026-W41 t3 m1 b1 s0 p1 x0 resp 600/5400 late 1800/1800",
		},
		ByDay: {
			"2026-09-30 t1 m0 b0 s0 p0 x1 resp null/null late null/null",
			fmt.Sprintf("2026-10-02 t1 m0 b1 s1 p0 x0 resp null/null late %d/%d", lateUnanswered, lateUnanswered),
			"2026-10-05 t2 m1 b1 s0 p0 x0 resp 600/5400 late 1800/1800",
			"2026-10-11 t1 m0 b0 s0 p1 x0 resp null/null late null/null",
		},
		ByWeekday: {
			"mon t2 m1 b1 s0 p0 x0 resp 600/5400 late 1800/1800",
			"wed t1 m0 b0 s0 p0 x1 resp null/null late null/null",
			fmt.Sprintf("fri t1 m0 b1 s1 p0 x0 resp null/null late %d/%d", lateUnanswered, lateUnanswered),
			"sun t1 m0 b0 s0 p1 x0 resp null/null late null/null",
		},
		ByHour: {
			"08 t1 m0 b0 s0 p0 x1 resp null/null late null/null",
			"10 t2 m1 b1 s0 p0 x0 resp 600/5400 late 1800/1800",
			fmt.Sprintf("23 t2 m0 b1 s1 p1 x0 resp null/null late %d/%d", lateUnanswered, lateUnanswered),
		},
	}
	if len(r.Breakdowns) != 9 {
		t.Fatalf("got %d breakdowns, want 9", len(r.Breakdowns))
	}
	for i, b := range r.Breakdowns {
		if b.By != Dimension(i) {
			t.Errorf("breakdown %d is by %s, want the order asked", i, b.By)
		}
		var got []string
		for _, g := range b.Rows {
			got = append(got, rowText(g))
		}
		if !slices.Equal(got, want[b.By]) {
			t.Errorf("by %s:\n got %q\nwant %q", b.By, got, want[b.By])
		}
	}
	// The plan summary carries the same percentiles as the plan breakdown.
	if got, w := rowText(r.Summary[0].Group()), want[ByPlan][0]; got != w {
		t.Errorf("summary %q, want %q", got, w)
	}
}

// ticket247 is a 24/7 ticket (deadline = submitted + 1 h).
func ticket247(id, customer string, deadline time.Time, answered time.Duration) Ticket {
	tk := Ticket{ID: id, Customer: customer, Plan: "24/7", Submitted: deadline.Add(-time.Hour)}
	if answered >= 0 {
		tk.FirstResponse = tk.Submitted.Add(answered)
	}
	return tk
}

func TestDueSoonBoundaries(t *testing.T) {
	asOf := pt(2026, 10, 20, 12, 0, 0)
	within := 4 * time.Hour
	feed := []Ticket{
		ticket247("past", "a", asOf.Add(-time.Nanosecond), -1),          // breached
		ticket247("at-as-of", "a", asOf, -1),                            // due now: in
		ticket247("edge", "a", asOf.Add(within), -1),                    // exactly 4 h: in
		ticket247("beyond", "a", asOf.Add(within+time.Nanosecond), -1),  // out
		ticket247("answered", "a", asOf.Add(time.Hour), 10*time.Minute), // met: out
		ticket247("mid", "a", asOf.Add(90*time.Minute), -1),             // in
	}
	tests := []struct {
		name      string
		limit     int
		wantIDs   []string
		wantLeft  []time.Duration
		wantTotal int
	}{
		{name: "every due ticket, soonest first", wantIDs: []string{"at-as-of", "mid", "edge"},
			wantLeft: []time.Duration{0, 90 * time.Minute, 4 * time.Hour}, wantTotal: 3},
		{name: "limit keeps the soonest", limit: 2, wantIDs: []string{"at-as-of", "mid"},
			wantLeft: []time.Duration{0, 90 * time.Minute}, wantTotal: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := New(Options{Plans: plans.Builtin(), AsOf: asOf,
				Reports: Reports{DueSoon: true, DueWithin: within, Limit: tt.limit, KeepPending: true}})
			for i := range feed {
				tk := feed[i]
				a.Audit(&tk)
			}
			r := a.Result()
			checkBalanced(t, r.Counts)
			var ids []string
			var left []time.Duration
			for i := range r.DueSoon.Verdicts {
				ids = append(ids, r.DueSoon.Verdicts[i].Ticket.ID)
				left = append(left, r.DueSoon.Verdicts[i].TimeLeft(asOf))
			}
			if !slices.Equal(ids, tt.wantIDs) || !slices.Equal(left, tt.wantLeft) {
				t.Errorf("due soon %v left %v, want %v left %v", ids, left, tt.wantIDs, tt.wantLeft)
			}
			if r.DueSoon.Total != tt.wantTotal || r.DueSoon.More() != tt.wantTotal-len(tt.wantIDs) {
				t.Errorf("total %d more %d, want %d", r.DueSoon.Total, r.DueSoon.More(), tt.wantTotal)
			}
			// Pending counts all four unanswered tickets not yet due.
			if r.Pending.Total != 4 {
				t.Errorf("pending total %d, want 4", r.Pending.Total)
			}
		})
	}
}

func TestListsSortAndLimit(t *testing.T) {
	asOf := pt(2026, 10, 20, 12, 0, 0)
	base := pt(2026, 10, 5, 9, 0, 0)
	feed := []Ticket{
		ticket247("1", "zed", base, 2*time.Hour),                      // late 1 h
		ticket247("2", "amy", base.Add(time.Hour), 4*time.Hour),       // late 3 h, severe
		ticket247("3", "amy", base.Add(-time.Hour), 90*time.Minute),   // late 30 min
		ticket247("4", "bob", base.Add(-2*time.Hour), 90*time.Minute), // late 30 min, earlier
	}
	tests := []struct {
		sort  SortKey
		limit int
		want  []string
	}{
		{SortSubmitted, 0, []string{"4", "3", "1", "2"}},
		{SortLate, 0, []string{"2", "1", "4", "3"}},
		{SortLate, 2, []string{"2", "1"}},
		{SortCustomer, 0, []string{"3", "2", "4", "1"}},
		{SortCustomer, 3, []string{"3", "2", "4"}},
		{SortDeadline, 1, []string{"4"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s limit %d", tt.sort, tt.limit), func(t *testing.T) {
			a := New(Options{Plans: plans.Builtin(), AsOf: asOf, KeepBreaches: true,
				Reports: Reports{Sort: tt.sort, Limit: tt.limit}})
			for i := range feed {
				tk := feed[i]
				a.Audit(&tk)
			}
			r := a.Result()
			var ids []string
			for _, v := range r.Breaches.All() {
				ids = append(ids, v.Ticket.ID)
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("breaches %v, want %v", ids, tt.want)
			}
			if r.Total.Breached != 4 {
				t.Errorf("total breached %d, want 4 whatever the limit", r.Total.Breached)
			}
		})
	}
}

func TestFilteredInTheIdentity(t *testing.T) {
	from, to := pt(2026, 10, 1, 0, 0, 0), pt(2026, 11, 1, 0, 0, 0)
	in := pt(2026, 10, 6, 10, 0, 0)
	feed := []Ticket{
		ticket("1", "acme", "premium", in, in.Add(time.Minute), 2),
		ticket("2", " acme ", "standard", in, in.Add(time.Minute), 3),
		ticket("3", "beta", "premium", in, in.Add(time.Minute), 4),
		ticket("4", "beta", "nosuchplan", in, time.Time{}, 5),          // rejected: unknown plan
		ticket("5", "beta", "premium", pt(2026, 9, 1, 0, 0, 0), in, 6), // outside the period
		ticket("1", "beta", "premium", in, in.Add(time.Minute), 7),     // duplicate: rejected
		ticket("6", "acme", "premium", in, in.Add(-time.Second), 8),    // response before submission
	}
	tests := []struct {
		name                                                string
		reports                                             Reports
		audited, excluded, rejected, outside, filtered, all int
	}{
		{name: "no filter", reports: Reports{}, audited: 3, rejected: 3, outside: 1},
		{name: "customer acme (trimmed)", reports: Reports{Customers: []string{"acme"}}, audited: 2, rejected: 2, outside: 1, filtered: 2},
		{name: "customer beta", reports: Reports{Customers: []string{"beta "}}, audited: 1, rejected: 3, outside: 1, filtered: 2},
		{name: "two customers", reports: Reports{Customers: []string{"acme", "beta"}}, audited: 3, rejected: 3, outside: 1},
		{name: "plan premium: unknown plan stays rejected", reports: Reports{OnlyPlan: "premium"}, audited: 2, rejected: 3, outside: 1, filtered: 1},
		{name: "plan and customer", reports: Reports{OnlyPlan: "standard", Customers: []string{"acme"}}, audited: 1, rejected: 2, outside: 1, filtered: 3},
		{name: "nobody", reports: Reports{Customers: []string{"gamma"}}, rejected: 2, outside: 1, filtered: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := New(Options{Plans: plans.Builtin(), AsOf: to, From: from, To: to, Reports: tt.reports})
			for i := range feed {
				tk := feed[i]
				a.Audit(&tk)
			}
			c := a.Result().Counts
			checkBalanced(t, c)
			if c.Rows != len(feed) || c.Audited != tt.audited || c.Excluded != tt.excluded || c.Rejected != tt.rejected ||
				c.OutsidePeriod != tt.outside || c.Filtered != tt.filtered {
				t.Errorf("counts %+v; want audited %d excluded %d rejected %d outside %d filtered %d",
					c, tt.audited, tt.excluded, tt.rejected, tt.outside, tt.filtered)
			}
		})
	}
}

func TestCreditBehindIsTheCreditBooksTally(t *testing.T) {
	// Covered by the report goldens of credits --detail; here: rows keep
	// their breaches only when asked.
	acc := Account{Customer: "acme", Plan: "premium", TermContract: true, Currency: "USD"}
	accounts, err := NewAccounts([]Account{acc})
	if err != nil {
		t.Fatal(err)
	}
	in := pt(2026, 10, 6, 10, 0, 0)
	feed := []Ticket{
		ticket("2", "acme", "", in, in.Add(3*time.Hour), 2),
		ticket("1", "acme", "", in, in.Add(2*time.Hour), 3),
		ticket("3", "acme", "", in.Add(-time.Hour), in, 4), // met
		ticket("4", "acme", "", pt(2026, 11, 2, 10, 0, 0), pt(2026, 11, 2, 12, 0, 0), 5),
	}
	for _, detail := range []bool{false, true} {
		a := New(Options{Plans: plans.Builtin(), AsOf: pt(2026, 12, 1, 0, 0, 0), Accounts: accounts,
			Reports: Reports{CreditDetail: detail}})
		for i := range feed {
			tk := feed[i]
			a.Audit(&tk)
		}
		r := a.Result()
		var got []string
		for _, c := range r.Credits {
			var ids []string
			for _, v := range c.Behind.All() {
				ids = append(ids, v.Ticket.ID)
			}
			got = append(got, fmt.Sprintf("%s %d %v", c.Month, c.Breaches, ids))
		}
		want := []string{"2026-10 2 []", "2026-11 1 []"}
		if detail {
			want = []string{"2026-10 2 [1 2]", "2026-11 1 [4]"}
		}
		if !slices.Equal(got, want) {
			t.Errorf("detail %v: %q, want %q", detail, got, want)
		}
	}
}

func TestTotalPercentilesSpanEveryPlan(t *testing.T) {
	asOf := pt(2026, 10, 20, 12, 0, 0)
	in := pt(2026, 10, 6, 10, 0, 0)
	feed := []Ticket{
		ticket("1", "a", "premium", in, in.Add(10*time.Minute), 2),
		ticket("2", "a", "24/7", in, in.Add(20*time.Minute), 3),
		ticket("3", "a", "24/7", in, in.Add(30*time.Minute), 4),
	}
	a := New(Options{Plans: plans.Builtin(), AsOf: asOf})
	for i := range feed {
		a.Audit(&feed[i])
	}
	r := a.Result()
	if got, want := rowText(r.Total.Group()), " t3 m3 b0 s0 p0 x0 resp 1200/1800 late null/null"; got != want {
		t.Errorf("total %q, want %q", got, want)
	}
}

// TestNoPercentilesKeepsCountsDropsPercentiles: a caller that shows no
// report (--quiet) skips the percentile samples; every count stays the
// same, and the percentiles, which nothing reads then, have no value.
func TestNoPercentilesKeepsCountsDropsPercentiles(t *testing.T) {
	asOf := pt(2026, 10, 12, 0, 0, 0)
	run := func(skip bool) *Result {
		a := New(Options{Plans: plans.Builtin(), AsOf: asOf, Reports: Reports{NoPercentiles: skip}})
		feed := []Ticket{
			{ID: "1", Customer: "acme", Plan: "24/7", Submitted: pt(2026, 10, 5, 10, 0, 0), FirstResponse: pt(2026, 10, 5, 10, 10, 0)},
			{ID: "2", Customer: "acme", Plan: "24/7", Submitted: pt(2026, 10, 5, 11, 0, 0), FirstResponse: pt(2026, 10, 5, 13, 0, 0)},
			{ID: "3", Customer: "beta", Plan: "premium", Submitted: pt(2026, 10, 6, 9, 0, 0)},
		}
		for i := range feed {
			a.Audit(&feed[i])
		}
		return a.Result()
	}
	with, without := run(false), run(true)
	if with.Counts != without.Counts || with.Total.Tally.Met != without.Total.Tally.Met ||
		with.Total.Tally.Breached != without.Total.Tally.Breached || len(with.Summary) != len(without.Summary) {
		t.Fatalf("counts differ: %+v / %+v", with.Counts, without.Counts)
	}
	if !with.Total.ResponseP50.Valid || !with.Total.LateP90.Valid {
		t.Errorf("with samples: total percentiles %+v %+v, want values", with.Total.ResponseP50, with.Total.LateP90)
	}
	for _, s := range without.Summary {
		if s.ResponseP50.Valid || s.LateP90.Valid {
			t.Errorf("NoPercentiles: plan %s has percentiles %+v %+v", s.Plan, s.ResponseP50, s.LateP90)
		}
	}
	if without.Total.ResponseP50.Valid {
		t.Errorf("NoPercentiles: total has percentile %+v", without.Total.ResponseP50)
	}
}
