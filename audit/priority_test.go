package audit

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

// loadPlans loads a plans file under testdata/plans.
func loadPlans(t *testing.T, name string) *plans.Set {
	t.Helper()
	path := filepath.Join("..", "testdata", "plans", name)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := plans.Load(f, name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var newYork = mustZone("America/New_York")

// et is a New York wall-clock instant, the zone of priorities.yaml.
func et(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, newYork)
}

// TestPriorityRules replays tickets against the example plans file, one
// SPEC §11 rule per case: the window comes from (plan version, priority,
// class); aliases match by letters and digits; a known priority without
// its own window, a blank one and one without letters or digits get the
// default silently; an unknown one gets the default and a warning.
func TestPriorityRules(t *testing.T) {
	set := loadPlans(t, "priorities.yaml")
	tue := et(2026, 11, 3, 10, 0) // Tuesday, in Business's hours
	sat := et(2026, 11, 7, 3, 0)  // Saturday, off hours
	tests := []struct {
		name       string
		plan       string
		channel    string
		priority   string
		submitted  time.Time
		wantTarget string
		wantKey    string
		wantMatch  plans.PriorityMatch
		wantClass  plans.Class
		wantWindow time.Duration
		wantWarn   bool
	}{
		{name: "key", plan: "Business", priority: "urgent", submitted: tue,
			wantTarget: "business/urgent", wantKey: "urgent", wantMatch: plans.PriorityKnown, wantClass: plans.Business, wantWindow: time.Hour},
		{name: "key in capitals", plan: "Business", priority: "URGENT", submitted: tue,
			wantTarget: "business/urgent", wantKey: "urgent", wantMatch: plans.PriorityKnown, wantClass: plans.Business, wantWindow: time.Hour},
		{name: "alias P1", plan: "Business", priority: "P1", submitted: tue,
			wantTarget: "business/urgent", wantKey: "urgent", wantMatch: plans.PriorityKnown, wantClass: plans.Business, wantWindow: time.Hour},
		{name: "alias with punctuation p-1", plan: "Business", priority: " p-1 ", submitted: tue,
			wantTarget: "business/urgent", wantKey: "urgent", wantMatch: plans.PriorityKnown, wantClass: plans.Business, wantWindow: time.Hour},
		{name: "alias 1 - Critical", plan: "Business", priority: "1 - Critical", submitted: tue,
			wantTarget: "business/urgent", wantKey: "urgent", wantMatch: plans.PriorityKnown, wantClass: plans.Business, wantWindow: time.Hour},
		{name: "alias 1-CRITICAL", plan: "Business", priority: "1-CRITICAL", submitted: tue,
			wantTarget: "business/urgent", wantKey: "urgent", wantMatch: plans.PriorityKnown, wantClass: plans.Business, wantWindow: time.Hour},
		{name: "off-hours window of the priority", plan: "Business", priority: "2 - High", submitted: sat,
			wantTarget: "business/high", wantKey: "high", wantMatch: plans.PriorityKnown, wantClass: plans.OffHours, wantWindow: 4 * time.Hour},
		{name: "holiday is off hours for the priority too", plan: "Business", priority: "P2", submitted: et(2026, 11, 11, 10, 0),
			wantTarget: "business/high", wantKey: "high", wantMatch: plans.PriorityKnown, wantClass: plans.OffHours, wantWindow: 4 * time.Hour},
		{name: "known priority without its own window: default, no warning", plan: "Business", priority: "medium", submitted: tue,
			wantTarget: "business", wantKey: "normal", wantMatch: plans.PriorityKnown, wantClass: plans.Business, wantWindow: 4 * time.Hour},
		{name: "plan without per-priority windows: default", plan: "Basic", priority: "P1", submitted: tue,
			wantTarget: "basic", wantKey: "urgent", wantMatch: plans.PriorityKnown, wantClass: plans.OffHours, wantWindow: 48 * time.Hour},
		{name: "blank: default, silently", plan: "Business", priority: "", submitted: tue,
			wantTarget: "business", wantMatch: plans.PriorityBlank, wantClass: plans.Business, wantWindow: 4 * time.Hour},
		{name: "spaces: default, silently", plan: "Business", priority: "   ", submitted: sat,
			wantTarget: "business", wantMatch: plans.PriorityBlank, wantClass: plans.OffHours, wantWindow: 8 * time.Hour},
		{name: "dash: default, silently", plan: "Business", priority: "-", submitted: tue,
			wantTarget: "business", wantMatch: plans.PriorityBlank, wantClass: plans.Business, wantWindow: 4 * time.Hour},
		{name: "unknown: default and a warning", plan: "Business", priority: "Sev 2", submitted: tue,
			wantTarget: "business", wantMatch: plans.PriorityUnknown, wantClass: plans.Business, wantWindow: 4 * time.Hour, wantWarn: true},
		{name: "unknown on a plan without per-priority windows: still a warning", plan: "Basic", priority: "urgentish", submitted: tue,
			wantTarget: "basic", wantMatch: plans.PriorityUnknown, wantClass: plans.OffHours, wantWindow: 48 * time.Hour, wantWarn: true},
		{name: "a trailing word is not removed", plan: "Business", priority: "Urgent Priority", submitted: tue,
			wantTarget: "business", wantMatch: plans.PriorityUnknown, wantClass: plans.Business, wantWindow: 4 * time.Hour, wantWarn: true},
		{name: "business clock, low across a weekend and Thanksgiving", plan: "Standard", priority: "P4", submitted: et(2026, 11, 25, 15, 0),
			wantTarget: "standard/low", wantKey: "low", wantMatch: plans.PriorityKnown, wantClass: plans.Business, wantWindow: 16 * time.Hour},
		{name: "excluded: the priority is not read", plan: "Business", channel: "phone", priority: "Sev 2", submitted: tue,
			wantMatch: plans.PriorityUnchecked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []Verdict
			a := New(Options{Plans: set, AsOf: et(2027, 1, 1, 0, 0), OnVerdict: func(v *Verdict) { got = append(got, cloneVerdict(v)) }})
			a.Audit(&Ticket{ID: "1", Customer: "c", Plan: tt.plan, Channel: tt.channel, Priority: tt.priority,
				Submitted: tt.submitted, FirstResponse: tt.submitted.Add(time.Minute)})
			r := a.Result()
			if len(got) != 1 {
				t.Fatalf("%d verdicts, rejected %v", len(got), r.Rejected)
			}
			v := got[0]
			if v.Target != tt.wantTarget || v.Priority != tt.wantKey || v.PriorityMatch != tt.wantMatch {
				t.Errorf("target %q, priority %q, match %v; want %q, %q, %v", v.Target, v.Priority, v.PriorityMatch,
					tt.wantTarget, tt.wantKey, tt.wantMatch)
			}
			if tt.channel != "" {
				if v.Status != Excluded || len(v.Warnings) != 0 || len(r.UnknownPriorities) != 0 {
					t.Errorf("status %v, warnings %q, unknown %v; want excluded without a priority warning", v.Status, v.Warnings, r.UnknownPriorities)
				}
				return
			}
			if v.Class != tt.wantClass || v.Window != tt.wantWindow {
				t.Errorf("class %v, window %v; want %v, %v", v.Class, v.Window, tt.wantClass, tt.wantWindow)
			}
			_, _, wantDL := v.Plan.DeadlineFor(tt.submitted, tt.wantKey)
			if !v.Deadline.Equal(wantDL) {
				t.Errorf("deadline %v, want %v", v.Deadline, wantDL)
			}
			warned := len(v.Warnings) == 1 && v.Warnings[0] == fmt.Sprintf(
				"priority %q matches no priority of the plans file (urgent, high, normal, low); the plan's default windows apply",
				strings.TrimSpace(tt.priority))
			if warned != tt.wantWarn || (!tt.wantWarn && len(v.Warnings) > 0) {
				t.Errorf("warnings %q, want a warning: %v", v.Warnings, tt.wantWarn)
			}
			if tt.wantWarn != (len(r.UnknownPriorities) == 1) {
				t.Errorf("UnknownPriorities = %v, want one value: %v", r.UnknownPriorities, tt.wantWarn)
			}
		})
	}
}

// TestUnknownPrioritiesSummary: unknown values are counted per value as
// written (trimmed), sorted; known, blank and excluded tickets are not; a
// plans file without a priorities list checks nothing.
func TestUnknownPrioritiesSummary(t *testing.T) {
	tickets := []Ticket{
		{Priority: "Sev 2"}, {Priority: " Sev 2 "}, {Priority: "sev 2"}, {Priority: "Blocker"},
		{Priority: "P1"}, {Priority: ""}, {Priority: "-"}, {Priority: "urgentish"},
		{Priority: "Sev 2", Channel: "phone"}, // excluded: not read
	}
	run := func(set *plans.Set, plan string) *Result {
		a := New(Options{Plans: set, AsOf: et(2027, 1, 1, 0, 0)})
		for i, tk := range tickets {
			tk.ID, tk.Customer, tk.Plan, tk.Submitted = fmt.Sprint(i), "c", plan, et(2026, 11, 3, 10, i)
			a.Audit(&tk)
		}
		return a.Result()
	}
	r := run(loadPlans(t, "priorities.yaml"), "business")
	want := []ValueCount{{"Blocker", 1}, {"Sev 2", 2}, {"sev 2", 1}, {"urgentish", 1}}
	if fmt.Sprint(r.UnknownPriorities) != fmt.Sprint(want) || r.UnknownPrioritiesOther != 0 {
		t.Errorf("UnknownPriorities = %v (+%d), want %v", r.UnknownPriorities, r.UnknownPrioritiesOther, want)
	}
	if !r.Counts.Balanced() || r.Counts.Audited != 8 || r.Counts.Excluded != 1 {
		t.Errorf("counts %+v", r.Counts)
	}
	// SPEC §11: without a priorities list, priorities are not checked.
	if r := run(plans.Builtin(), "premium"); len(r.UnknownPriorities) != 0 || r.UnknownPrioritiesOther != 0 {
		t.Errorf("built-in plans: UnknownPriorities = %v, want none", r.UnknownPriorities)
	}
}

// TestUnknownPrioritiesBounded: an export with a different unknown value
// on every row keeps at most maxUnknownValues of them, and counts the rest.
func TestUnknownPrioritiesBounded(t *testing.T) {
	a := New(Options{Plans: loadPlans(t, "priorities.yaml"), AsOf: et(2027, 1, 1, 0, 0)})
	n := maxUnknownValues + 50
	for i := range n {
		a.Audit(&Ticket{ID: fmt.Sprint(i), Customer: "c", Plan: "business", Priority: fmt.Sprintf("x%d", i),
			Submitted: et(2026, 11, 3, 10, 0)})
	}
	r := a.Result()
	if len(r.UnknownPriorities) != maxUnknownValues || r.UnknownPrioritiesOther != 50 {
		t.Errorf("%d values and %d other tickets; want %d and 50", len(r.UnknownPriorities), r.UnknownPrioritiesOther, maxUnknownValues)
	}
}

// TestPriorityVersionsInAudit: the windows of the plan version in effect at
// submission; only one version has per-priority windows.
func TestPriorityVersionsInAudit(t *testing.T) {
	set, err := plans.Load(strings.NewReader(`timezone: America/Los_Angeles
priorities:
  - {key: urgent, aliases: [P1]}
plans:
  - key: gold
    channels: [web]
    business_hours: {daily: ["00:00-24:00"]}
    response: {business: 4h, off_hours: 8h}
  - key: gold
    channels: [web]
    business_hours: {daily: ["00:00-24:00"]}
    response: {business: 2h, off_hours: 8h}
    response_by_priority:
      urgent: {business: 30m, off_hours: 1h}
    effective_from: 2026-10-15
`), "versions.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var got []Verdict
	a := New(Options{Plans: set, AsOf: pt(2027, 1, 1, 0, 0, 0), KeepTickets: true})
	for i, at := range []time.Time{pt(2026, 10, 14, 23, 59, 59), pt(2026, 10, 15, 0, 0, 0)} {
		a.Audit(&Ticket{ID: fmt.Sprint(i), Customer: "c", Plan: "gold", Priority: "P1", Submitted: at})
	}
	got = a.Result().Tickets
	if len(got) != 2 {
		t.Fatalf("%d tickets", len(got))
	}
	for i, want := range []struct {
		target string
		window time.Duration
	}{{"gold", 4 * time.Hour}, {"gold/urgent", 30 * time.Minute}} {
		if got[i].Target != want.target || got[i].Window != want.window || len(got[i].Warnings) != 0 {
			t.Errorf("ticket %d: target %q, window %v, warnings %q; want %q, %v, none", i, got[i].Target, got[i].Window, got[i].Warnings, want.target, want.window)
		}
	}
}
