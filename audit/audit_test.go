package audit

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

var pacific = mustZone("America/Los_Angeles")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// pt is a Pacific wall-clock instant.
func pt(y int, m time.Month, d, h, min, sec int) time.Time {
	return time.Date(y, m, d, h, min, sec, 0, pacific)
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// replay resolves plan by name in the built-in set and replays one ticket.
func replay(t *testing.T, plan string, tk Ticket, asOf time.Time) Verdict {
	t.Helper()
	p, ok := plans.Builtin().Lookup(plan, tk.Submitted)
	if !ok {
		t.Fatalf("no plan %q", plan)
	}
	v := Verdict{Ticket: tk, Plan: p}
	replayCached(&v, &v.Ticket, asOf, nil, nil)
	return v
}

func TestReplayRules(t *testing.T) {
	asOf := utc("2027-01-01T00:00:00Z") // long after every deadline
	tests := []struct {
		name       string
		plan       string
		channel    string
		submitted  time.Time
		response   time.Time // zero: unanswered
		asOf       time.Time // zero: asOf above
		wantStatus Status
		wantClass  plans.Class
		wantWindow time.Duration
		wantDL     time.Time
		wantLate   time.Duration
		wantSevere bool
		wantUnans  bool
	}{
		// SPEC §3.3: start inclusive, end exclusive.
		{name: "standard friday 18:59:59 is business", plan: "standard",
			submitted: pt(2026, 10, 2, 18, 59, 59), response: pt(2026, 10, 3, 18, 59, 59),
			wantStatus: Met, wantClass: plans.Business, wantWindow: 24 * time.Hour, wantDL: pt(2026, 10, 3, 18, 59, 59)},
		{name: "standard friday 19:00:00 is off hours", plan: "standard",
			submitted: pt(2026, 10, 2, 19, 0, 0), response: pt(2026, 10, 3, 19, 0, 1),
			wantStatus: Breached, wantClass: plans.OffHours, wantWindow: 24 * time.Hour, wantDL: pt(2026, 10, 3, 19, 0, 0), wantLate: time.Second},
		{name: "premium sunday 05:59:59 is off hours", plan: "premium",
			submitted: pt(2026, 10, 4, 5, 59, 59), response: pt(2026, 10, 4, 6, 30, 0),
			wantStatus: Met, wantClass: plans.OffHours, wantWindow: 6 * time.Hour, wantDL: pt(2026, 10, 4, 11, 59, 59)},
		{name: "premium sunday 06:00:00 is business", plan: "premium",
			submitted: pt(2026, 10, 4, 6, 0, 0), response: pt(2026, 10, 4, 6, 30, 0),
			wantStatus: Met, wantClass: plans.Business, wantWindow: time.Hour, wantDL: pt(2026, 10, 4, 7, 0, 0)},
		{name: "24/7 at 03:00 is business", plan: "24/7",
			submitted: pt(2026, 10, 6, 3, 0, 0), response: pt(2026, 10, 6, 3, 59, 0),
			wantStatus: Met, wantClass: plans.Business, wantWindow: time.Hour, wantDL: pt(2026, 10, 6, 4, 0, 0)},
		{name: "limited is always off hours, 48h", plan: "limited",
			submitted: pt(2026, 10, 6, 10, 0, 0), response: pt(2026, 10, 8, 10, 0, 0),
			wantStatus: Met, wantClass: plans.OffHours, wantWindow: 48 * time.Hour, wantDL: pt(2026, 10, 8, 10, 0, 0)},
		// SPEC §3.5: a response exactly at the deadline is on time; a second later is not.
		{name: "response exactly at deadline is met", plan: "premium",
			submitted: pt(2026, 10, 6, 10, 0, 0), response: pt(2026, 10, 6, 11, 0, 0),
			wantStatus: Met, wantClass: plans.Business, wantWindow: time.Hour, wantDL: pt(2026, 10, 6, 11, 0, 0)},
		{name: "response one second after deadline is breached", plan: "premium",
			submitted: pt(2026, 10, 6, 10, 0, 0), response: pt(2026, 10, 6, 11, 0, 1),
			wantStatus: Breached, wantClass: plans.Business, wantWindow: time.Hour, wantDL: pt(2026, 10, 6, 11, 0, 0), wantLate: time.Second},
		{name: "half a second late is breached", plan: "premium",
			submitted: pt(2026, 10, 6, 10, 0, 0), response: pt(2026, 10, 6, 11, 0, 0).Add(500 * time.Millisecond),
			wantStatus: Breached, wantClass: plans.Business, wantWindow: time.Hour, wantDL: pt(2026, 10, 6, 11, 0, 0), wantLate: 500 * time.Millisecond},
		// Unanswered: judged at as_of.
		{name: "unanswered before deadline is pending", plan: "premium",
			submitted: pt(2026, 10, 6, 10, 0, 0), asOf: pt(2026, 10, 6, 11, 0, 0),
			wantStatus: Pending, wantClass: plans.Business, wantWindow: time.Hour, wantDL: pt(2026, 10, 6, 11, 0, 0)},
		{name: "unanswered after deadline is breached", plan: "premium",
			submitted: pt(2026, 10, 6, 10, 0, 0), asOf: pt(2026, 10, 6, 11, 30, 0),
			wantStatus: Breached, wantClass: plans.Business, wantWindow: time.Hour, wantDL: pt(2026, 10, 6, 11, 0, 0),
			wantLate: 30 * time.Minute, wantUnans: true},
		{name: "submitted after as_of and unanswered is pending", plan: "premium",
			submitted: pt(2026, 10, 6, 10, 0, 0), asOf: pt(2026, 10, 1, 0, 0, 0),
			wantStatus: Pending, wantClass: plans.Business, wantWindow: time.Hour, wantDL: pt(2026, 10, 6, 11, 0, 0)},
		// SPEC §3.5: severe when late >= window.
		{name: "late exactly one window is severe", plan: "premium",
			submitted: pt(2026, 10, 6, 10, 0, 0), response: pt(2026, 10, 6, 12, 0, 0),
			wantStatus: Breached, wantClass: plans.Business, wantWindow: time.Hour, wantDL: pt(2026, 10, 6, 11, 0, 0),
			wantLate: time.Hour, wantSevere: true},
		{name: "late just under one window is not severe", plan: "premium",
			submitted: pt(2026, 10, 6, 10, 0, 0), response: pt(2026, 10, 6, 11, 59, 59),
			wantStatus: Breached, wantClass: plans.Business, wantWindow: time.Hour, wantDL: pt(2026, 10, 6, 11, 0, 0),
			wantLate: time.Hour - time.Second},
		{name: "unanswered severe depends on as_of", plan: "premium",
			submitted: pt(2026, 10, 6, 10, 0, 0), asOf: pt(2026, 10, 6, 12, 0, 0),
			wantStatus: Breached, wantClass: plans.Business, wantWindow: time.Hour, wantDL: pt(2026, 10, 6, 11, 0, 0),
			wantLate: time.Hour, wantSevere: true, wantUnans: true},
		// SPEC §3.2: coverage.
		{name: "phone on standard is excluded", plan: "standard", channel: "phone",
			submitted: pt(2026, 10, 6, 10, 0, 0), wantStatus: Excluded},
		{name: "unknown channel is excluded", plan: "24x7", channel: "fax",
			submitted: pt(2026, 10, 6, 10, 0, 0), wantStatus: Excluded},
		{name: "channel matched case-insensitively", plan: "premium", channel: " Chat ",
			submitted: pt(2026, 10, 6, 10, 0, 0), response: pt(2026, 10, 6, 10, 5, 0),
			wantStatus: Met, wantClass: plans.Business, wantWindow: time.Hour, wantDL: pt(2026, 10, 6, 11, 0, 0)},
		// An input with a +05:30 offset is the same instant: 19:45+05:30 = 07:15 PDT.
		{name: "+05:30 offset input", plan: "standard",
			submitted: utc("2026-10-06T19:45:00+05:30"), response: utc("2026-10-07T19:45:00+05:30"),
			wantStatus: Met, wantClass: plans.Business, wantWindow: 24 * time.Hour, wantDL: pt(2026, 10, 7, 7, 15, 0)},
		{name: "+05:30 offset input before opening", plan: "standard",
			submitted: utc("2026-10-06T19:29:59+05:30"), response: utc("2026-10-07T19:29:59+05:30"),
			wantStatus: Met, wantClass: plans.OffHours, wantWindow: 24 * time.Hour, wantDL: pt(2026, 10, 7, 6, 59, 59)},
		// DST, spring forward 2026-03-08 02:00 PST → 03:00 PDT (a Sunday).
		{name: "premium 2026-03-08 05:59:59 PDT is off hours", plan: "premium",
			submitted: pt(2026, 3, 8, 5, 59, 59), response: pt(2026, 3, 8, 6, 0, 0),
			wantStatus: Met, wantClass: plans.OffHours, wantWindow: 6 * time.Hour, wantDL: pt(2026, 3, 8, 11, 59, 59)},
		{name: "premium 2026-03-08 06:00 PDT opens at wall-clock 06:00", plan: "premium",
			submitted: utc("2026-03-08T13:00:00Z"), response: utc("2026-03-08T14:00:00Z"),
			wantStatus: Met, wantClass: plans.Business, wantWindow: time.Hour, wantDL: utc("2026-03-08T14:00:00Z")},
		{name: "premium 2026-03-08 01:30 PST off hours window crosses the gap", plan: "premium",
			// 01:30 PST = 09:30Z; +6h absolute = 15:30Z = 08:30 PDT (wall clock shows 7h).
			submitted: utc("2026-03-08T09:30:00Z"), response: utc("2026-03-08T15:30:00Z"),
			wantStatus: Met, wantClass: plans.OffHours, wantWindow: 6 * time.Hour, wantDL: pt(2026, 3, 8, 8, 30, 0)},
		{name: "24/7 through the spring gap", plan: "24x7",
			submitted: utc("2026-03-08T09:59:59Z"), response: utc("2026-03-08T10:59:59Z"),
			wantStatus: Met, wantClass: plans.Business, wantWindow: time.Hour, wantDL: utc("2026-03-08T10:59:59Z")},
		// DST, fall back 2026-11-01 02:00 PDT → 01:00 PST (a Sunday).
		{name: "premium 2026-11-01 01:30 PDT (first) off hours", plan: "premium",
			// 08:30Z; +6h = 14:30Z = 06:30 PST.
			submitted: utc("2026-11-01T08:30:00Z"), response: utc("2026-11-01T14:30:00Z"),
			wantStatus: Met, wantClass: plans.OffHours, wantWindow: 6 * time.Hour, wantDL: pt(2026, 11, 1, 6, 30, 0)},
		{name: "premium 2026-11-01 01:30 PST (second) off hours", plan: "premium",
			submitted: utc("2026-11-01T09:30:00Z"), response: utc("2026-11-01T15:30:01Z"),
			wantStatus: Breached, wantClass: plans.OffHours, wantWindow: 6 * time.Hour, wantDL: pt(2026, 11, 1, 7, 30, 0), wantLate: time.Second},
		{name: "premium 2026-11-01 06:00 PST opens at wall-clock 06:00", plan: "premium",
			submitted: utc("2026-11-01T14:00:00Z"), response: utc("2026-11-01T15:00:00Z"),
			wantStatus: Met, wantClass: plans.Business, wantWindow: time.Hour, wantDL: utc("2026-11-01T15:00:00Z")},
		{name: "premium 2026-11-01 05:59:59 PST still off hours", plan: "premium",
			submitted: utc("2026-11-01T13:59:59Z"), response: utc("2026-11-01T15:00:00Z"),
			wantStatus: Met, wantClass: plans.OffHours, wantWindow: 6 * time.Hour, wantDL: utc("2026-11-01T19:59:59Z")},
		{name: "standard monday after fall back opens 07:00 PST", plan: "standard",
			submitted: utc("2026-11-02T15:00:00Z"), response: utc("2026-11-03T15:00:00Z"),
			wantStatus: Met, wantClass: plans.Business, wantWindow: 24 * time.Hour, wantDL: utc("2026-11-03T15:00:00Z")},
		{name: "standard monday 06:59:59 PST after fall back is off hours", plan: "standard",
			submitted: utc("2026-11-02T14:59:59Z"), response: utc("2026-11-03T14:59:59Z"),
			wantStatus: Met, wantClass: plans.OffHours, wantWindow: 24 * time.Hour, wantDL: utc("2026-11-03T14:59:59Z")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			at := asOf
			if !tc.asOf.IsZero() {
				at = tc.asOf
			}
			v := replay(t, tc.plan, Ticket{ID: "1", Channel: tc.channel, Submitted: tc.submitted, FirstResponse: tc.response}, at)
			if v.Status != tc.wantStatus {
				t.Fatalf("status = %s, want %s (reason %q)", v.Status, tc.wantStatus, v.Reason)
			}
			if v.Status == Excluded {
				if v.Reason == "" {
					t.Errorf("excluded with no reason")
				}
				return
			}
			if v.Class != tc.wantClass {
				t.Errorf("class = %s, want %s", v.Class, tc.wantClass)
			}
			if v.Window != tc.wantWindow {
				t.Errorf("window = %s, want %s", v.Window, tc.wantWindow)
			}
			if !v.Deadline.Equal(tc.wantDL) {
				t.Errorf("deadline = %s, want %s", v.Deadline.In(pacific), tc.wantDL.In(pacific))
			}
			if v.Late != tc.wantLate {
				t.Errorf("late = %s, want %s", v.Late, tc.wantLate)
			}
			if v.Severe != tc.wantSevere {
				t.Errorf("severe = %v, want %v", v.Severe, tc.wantSevere)
			}
			if v.Unanswered != tc.wantUnans {
				t.Errorf("unanswered = %v, want %v", v.Unanswered, tc.wantUnans)
			}
			if v.Deadline.Before(v.Ticket.Submitted) {
				t.Errorf("deadline %s before submission %s", v.Deadline, v.Ticket.Submitted)
			}
		})
	}
}

func ticket(id, customer, plan string, submitted time.Time, response time.Time, line int) Ticket {
	return Ticket{ID: id, Customer: customer, Plan: plan, Submitted: submitted, FirstResponse: response,
		Source: Source{File: "t.csv", Line: line}}
}

func checkBalanced(t *testing.T, c Counts) {
	t.Helper()
	if !c.Balanced() {
		t.Fatalf("counts do not add up: %+v", c)
	}
}

func TestAuditorRowChecks(t *testing.T) {
	oct := pt(2026, 10, 6, 10, 0, 0)
	a := New(Options{Plans: plans.Builtin(), AsOf: pt(2026, 11, 1, 0, 0, 0),
		From: pt(2026, 10, 1, 0, 0, 0), To: pt(2026, 11, 1, 0, 0, 0), KeepTickets: true, KeepBreaches: true})
	feed := []Ticket{
		ticket("1", "acme", "premium", oct, oct.Add(time.Minute), 2),
		// Response before submission: rejected, does not claim id 2.
		ticket("2", "acme", "premium", oct, oct.Add(-time.Nanosecond), 3),
		ticket("2", "acme", "premium", oct, oct.Add(2*time.Hour), 4),
		// Duplicate of 1: rejected, the first stays.
		ticket("1", "acme", "premium", oct, oct.Add(time.Minute), 5),
		// Outside the period with an unknown plan: counted outside the period, claims id 3.
		ticket("3", "acme", "platinum", pt(2026, 9, 30, 23, 59, 59), time.Time{}, 6),
		ticket("3", "acme", "premium", oct, time.Time{}, 7),
		// Unknown plan, in the period.
		ticket("4", "acme", "platinum", oct, time.Time{}, 8),
		// No plan and no default.
		ticket("5", "globex", " ", oct, time.Time{}, 9),
		// The period's end is exclusive.
		ticket("6", "acme", "premium", pt(2026, 11, 1, 0, 0, 0), time.Time{}, 10),
		// Excluded: phone on standard.
		{ID: "7", Customer: "initech", Plan: "Standard Support", Channel: "PHONE", Submitted: oct, Source: Source{File: "t.csv", Line: 11}},
	}
	for i := range feed {
		a.Audit(&feed[i])
	}
	a.Reject(Rejection{Source: Source{File: "t.csv", Line: 12}, Field: "id", Reason: "missing id"})
	r := a.Result()
	checkBalanced(t, r.Counts)
	want := Counts{Rows: 11, Audited: 2, Excluded: 1, Rejected: 6, OutsidePeriod: 2}
	if r.Counts != want {
		t.Errorf("counts = %+v, want %+v", r.Counts, want)
	}
	wantRejected := []string{
		"t.csv:3: first_response_at: response 2026-10-06T16:59:59.999999999Z is before submission 2026-10-06T17:00:00Z",
		`t.csv:5: id: duplicate ticket id "1" (the first one stays)`,
		`t.csv:7: id: duplicate ticket id "3" (the first one stays)`,
		`t.csv:8: plan: unknown plan "platinum"`,
		`t.csv:9: plan: no plan for customer "globex"`,
		"t.csv:12: id: missing id",
	}
	var got []string
	for _, rj := range r.Rejected.All() {
		got = append(got, rj.Error())
	}
	if strings.Join(got, "\n") != strings.Join(wantRejected, "\n") {
		t.Errorf("rejected:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantRejected, "\n"))
	}
	if len(r.Tickets) != 3 || r.Tickets[0].Ticket.ID != "1" || r.Tickets[1].Ticket.ID != "2" || r.Tickets[2].Ticket.ID != "7" {
		t.Errorf("tickets kept in input order: got %d", len(r.Tickets))
	}
	if bs := r.Breaches.Slice(); len(bs) != 1 || bs[0].Ticket.ID != "2" || !bs[0].Severe {
		t.Errorf("breaches = %+v, want ticket 2, severe", bs)
	}
}

func TestDefaultPlanFillsOnlyBlank(t *testing.T) {
	oct := pt(2026, 10, 6, 10, 0, 0)
	a := New(Options{Plans: plans.Builtin(), AsOf: oct, DefaultPlan: "standard", KeepTickets: true})
	in := []Ticket{ticket("1", "a", "", oct, time.Time{}, 2), ticket("2", "a", "gold", oct, time.Time{}, 3)}
	for i := range in {
		a.Audit(&in[i])
	}
	r := a.Result()
	checkBalanced(t, r.Counts)
	if len(r.Tickets) != 1 || r.Tickets[0].Plan.Key != "standard" || r.Tickets[0].PlanSource != FromDefault {
		t.Fatalf("blank plan not filled by --default-plan: %+v", r.Tickets)
	}
	if rs := r.Rejected.Slice(); len(rs) != 1 || rs[0].Reason != `unknown plan "gold"` {
		t.Fatalf("a plan name that matches no plan must be rejected, got %+v", rs)
	}
}

func TestSummaryAndAttainment(t *testing.T) {
	oct := pt(2026, 10, 6, 10, 0, 0)
	a := New(Options{Plans: plans.Builtin(), AsOf: pt(2026, 10, 6, 10, 30, 0)})
	in := []Ticket{
		ticket("1", "a", "premium", oct, oct.Add(time.Minute), 2),
		ticket("2", "a", "premium", oct.Add(-3*time.Hour), oct, 3), // 07:00 +1h → breached by 2h, severe
		ticket("3", "a", "premium", oct, time.Time{}, 4),           // pending
		ticket("4", "b", "standard", oct, time.Time{}, 5),          // pending only: no attainment
		{ID: "5", Customer: "c", Plan: "standard", Channel: "chat", Submitted: oct, Source: Source{File: "t.csv", Line: 6}},
	}
	for i := range in {
		a.Audit(&in[i])
	}
	r := a.Result()
	checkBalanced(t, r.Counts)
	if len(r.Summary) != 2 || r.Summary[0].Plan != "standard" || r.Summary[1].Plan != "premium" {
		t.Fatalf("summary in plans-file order with only used plans: %+v", r.Summary)
	}
	std, prem := r.Summary[0], r.Summary[1]
	if _, ok := std.Attainment(); ok {
		t.Errorf("a group with no met or breached ticket has no attainment")
	}
	if std.Tickets != 2 || std.Pending != 1 || std.Excluded != 1 {
		t.Errorf("standard = %+v", std)
	}
	if att, ok := prem.Attainment(); !ok || att != 0.5 {
		t.Errorf("premium attainment = %v, %v; want 0.5", att, ok)
	}
	if prem.Severe != 1 || prem.Breached != 1 || prem.Met != 1 || prem.Pending != 1 || prem.Tickets != 3 {
		t.Errorf("premium = %+v", prem)
	}
	if r.Total.Tickets != 5 || r.Total.Breached != 1 {
		t.Errorf("total = %+v", r.Total)
	}
}

func TestBreachesSortedBySubmissionThenID(t *testing.T) {
	at := pt(2026, 10, 6, 10, 0, 0)
	a := New(Options{Plans: plans.Builtin(), AsOf: pt(2026, 12, 1, 0, 0, 0), KeepBreaches: true})
	in := []Ticket{
		ticket("b", "x", "premium", at, time.Time{}, 2),
		ticket("a", "x", "premium", at, time.Time{}, 3),
		ticket("c", "x", "premium", at.Add(-time.Minute), time.Time{}, 4),
	}
	for i := range in {
		a.Audit(&in[i])
	}
	var ids []string
	for _, v := range a.Result().Breaches.All() {
		ids = append(ids, v.Ticket.ID)
	}
	if got := strings.Join(ids, ","); got != "c,a,b" {
		t.Errorf("breach order = %s, want c,a,b", got)
	}
}

func TestOnOutsidePeriodSeesEveryOutOfPeriodTicket(t *testing.T) {
	var outside []string
	a := New(Options{Plans: plans.Builtin(), AsOf: pt(2026, 11, 1, 0, 0, 0),
		From: pt(2026, 10, 1, 0, 0, 0), To: pt(2026, 11, 1, 0, 0, 0),
		OnOutsidePeriod: func(t *Ticket) { outside = append(outside, t.ID) }})
	in := []Ticket{
		ticket("1", "a", "premium", pt(2026, 9, 30, 23, 59, 59), time.Time{}, 2),
		ticket("2", "a", "premium", pt(2026, 10, 1, 0, 0, 0), time.Time{}, 3),
		ticket("3", "a", "premium", pt(2026, 11, 1, 0, 0, 0), time.Time{}, 4),
	}
	for i := range in {
		a.Audit(&in[i])
	}
	if got := strings.Join(outside, ","); got != "1,3" {
		t.Errorf("outside the period: %s, want 1,3 (from inclusive, to exclusive)", got)
	}
	if c := a.Result().Counts; c.OutsidePeriod != 2 || !c.Balanced() {
		t.Errorf("counts = %+v", c)
	}
}

// TestListLimitKeepsTheFirstInReportOrder: with ListLimit the lists hold
// exactly the first entries of the unlimited lists, whatever the input
// order, and the counts still count everything.
func TestListLimitKeepsTheFirstInReportOrder(t *testing.T) {
	base := pt(2026, 10, 5, 9, 0, 0)
	var in []Ticket
	for i := range 200 {
		// Submissions out of order, with ties broken by id.
		sub := base.Add(time.Duration((i*37)%50) * time.Hour)
		tk := ticket(fmt.Sprintf("t%03d", (i*91)%200), "acme", "premium", sub, time.Time{}, i+2)
		in = append(in, tk)
	}
	run := func(limit int) *Result {
		a := New(Options{Plans: plans.Builtin(), AsOf: base.AddDate(0, 1, 0), KeepBreaches: true, ListLimit: limit})
		for i := range in {
			a.Audit(&in[i])
			if i%10 == 0 {
				a.Reject(Rejection{Source: Source{File: "x.csv", Line: 1000 + i}, Field: "id", Reason: fmt.Sprint("bad ", i)})
			}
		}
		return a.Result()
	}
	all := run(0)
	if all.Breaches.Len() != 200 || all.Rejected.Len() != 20 {
		t.Fatalf("unlimited: %d breaches, %d rejected", all.Breaches.Len(), all.Rejected.Len())
	}
	for _, limit := range []int{1, 7, 20, 199, 200, 500} {
		got := run(limit)
		if got.Counts != all.Counts || got.Total != all.Total {
			t.Errorf("limit %d: counts %+v %+v, want %+v %+v", limit, got.Counts, got.Total, all.Counts, all.Total)
		}
		wantB, wantR := all.Breaches.Slice(), all.Rejected.Slice()
		wantB, wantR = wantB[:min(limit, len(wantB))], wantR[:min(limit, len(wantR))]
		if gotB := got.Breaches.Slice(); !reflect.DeepEqual(gotB, wantB) {
			t.Errorf("limit %d: %d breaches kept, want the first %d", limit, len(gotB), len(wantB))
		}
		if gotR := got.Rejected.Slice(); !reflect.DeepEqual(gotR, wantR) {
			t.Errorf("limit %d: rejected %v, want %v", limit, gotR, wantR)
		}
	}
}
