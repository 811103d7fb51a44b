package plans

import (
	"strings"
	"testing"
	"time"
)

func priorities(t testing.TB) *Set { return loadFile(t, "priorities.yaml") }

var ny = mustZone("America/New_York")

// et returns a New York wall-clock time, the zone of priorities.yaml.
func et(y int, mo time.Month, d, h, mi int) time.Time { return time.Date(y, mo, d, h, mi, 0, 0, ny) }

// TestMatchPriority: SPEC §11 — keep letters and digits, lower-case, no
// trailing word removed; blank or no letter or digit is blank; anything
// else that names no priority is unknown.
func TestMatchPriority(t *testing.T) {
	s := priorities(t)
	tests := []struct {
		value string
		key   string
		match PriorityMatch
	}{
		{"urgent", "urgent", PriorityKnown},
		{"Urgent", "urgent", PriorityKnown},
		{"URGENT", "urgent", PriorityKnown},
		{"P1", "urgent", PriorityKnown},
		{"p1", "urgent", PriorityKnown},
		{"p-1", "urgent", PriorityKnown},
		{" P 1 ", "urgent", PriorityKnown},
		{"1", "urgent", PriorityKnown},
		{"1 - Critical", "urgent", PriorityKnown},
		{" 1 - critical ", "urgent", PriorityKnown},
		{"1-CRITICAL", "urgent", PriorityKnown},
		{"1_Critical!", "urgent", PriorityKnown},
		{"Critical", "urgent", PriorityKnown},
		{"P2", "high", PriorityKnown},
		{"2 - High", "high", PriorityKnown},
		{"Medium", "normal", PriorityKnown},
		{"3 - Moderate", "normal", PriorityKnown},
		{"5 - Planning", "low", PriorityKnown},
		{"P4", "low", PriorityKnown},
		// No trailing word is removed, unlike plan names.
		{"Urgent Priority", "", PriorityUnknown},
		{"urgent support", "", PriorityUnknown},
		{"1 - Crit", "", PriorityUnknown},
		{"P5", "", PriorityUnknown},
		{"Sev 2", "", PriorityUnknown},
		{"5", "", PriorityUnknown},
		{"Ürgent", "", PriorityUnknown}, // letters are kept as letters, not folded
		{"", "", PriorityBlank},
		{"   ", "", PriorityBlank},
		{"-", "", PriorityBlank},
		{" — ", "", PriorityBlank},
		{"(?)", "", PriorityBlank},
	}
	for _, tt := range tests {
		key, m := s.MatchPriority(tt.value)
		if key != tt.key || m != tt.match {
			t.Errorf("MatchPriority(%q) = %q, %v; want %q, %v", tt.value, key, m, tt.key, tt.match)
		}
	}
	// SPEC §11: without a priorities list, priorities are not checked.
	for _, v := range []string{"urgent", "P1", "Sev 2", "", "-"} {
		if key, m := Builtin().MatchPriority(v); key != "" || m != PriorityUnchecked {
			t.Errorf("built-in MatchPriority(%q) = %q, %v; want unchecked", v, key, m)
		}
	}
	if got := strings.Join(s.PriorityKeys(), ","); got != "urgent,high,normal,low" {
		t.Errorf("PriorityKeys() = %s, want urgent,high,normal,low (file order)", got)
	}
}

// TestTargetAndWindows: the windows of a priority where the plan version
// has them, else its default; the target names which.
func TestTargetAndWindows(t *testing.T) {
	s := priorities(t)
	business := plan(t, s, "business")
	if got := len(business.ByPriority); got != 3 {
		t.Fatalf("business has %d per-priority windows, want 3", got)
	}
	var order []string
	for _, w := range business.ByPriority {
		order = append(order, w.Priority)
	}
	if got := strings.Join(order, ","); got != "urgent,high,low" {
		t.Errorf("ByPriority order = %s, want the vocabulary's: urgent,high,low", got)
	}
	at := et(2026, 11, 3, 10, 0) // Tue, business hours
	tests := []struct {
		plan, priority string
		target         string
		class          Class
		window         time.Duration
	}{
		{"business", "urgent", "business/urgent", Business, time.Hour},
		{"business", "high", "business/high", Business, 2 * time.Hour},
		{"business", "normal", "business", Business, 4 * time.Hour}, // known, no own window
		{"business", "low", "business/low", Business, 8 * time.Hour},
		{"business", "", "business", Business, 4 * time.Hour},
		{"basic", "urgent", "basic", OffHours, 48 * time.Hour},
		{"standard", "urgent", "standard/urgent", Business, 2 * time.Hour},
	}
	for _, tt := range tests {
		p := plan(t, s, tt.plan)
		if got := p.Target(tt.priority); got != tt.target {
			t.Errorf("%s.Target(%q) = %q, want %q", tt.plan, tt.priority, got, tt.target)
		}
		c, w, dl := p.DeadlineFor(at, tt.priority)
		if c != tt.class || w != tt.window {
			t.Errorf("%s.DeadlineFor(%v, %q) = %v, %v; want %v, %v", tt.plan, at, tt.priority, c, w, tt.class, tt.window)
		}
		if p.Clock == Elapsed && !dl.Equal(at.Add(w)) {
			t.Errorf("%s.DeadlineFor(%q) deadline %v, want %v", tt.plan, tt.priority, dl, at.Add(w))
		}
	}
	// Off hours: the off-hours window of the priority.
	if c, w, _ := business.DeadlineFor(et(2026, 11, 7, 3, 0), "high"); c != OffHours || w != 4*time.Hour {
		t.Errorf("business high, Saturday 03:00 = %v, %v; want off_hours, 4h", c, w)
	}
	// Deadline is DeadlineFor with no priority.
	for _, at := range fuzzInstants {
		c1, w1, d1 := business.Deadline(at)
		c2, w2, d2 := business.DeadlineFor(at, "")
		if c1 != c2 || w1 != w2 || !d1.Equal(d2) {
			t.Errorf("Deadline(%v) = %v %v %v, DeadlineFor(\"\") = %v %v %v", at, c1, w1, d1, c2, w2, d2)
		}
	}
	// A Plan literal builds its target on the fly.
	lit := &Plan{Key: "x", ByPriority: []PriorityWindows{{Priority: "p", Response: [2]time.Duration{time.Hour, time.Hour}}}}
	if got := lit.Target("p"); got != "x/p" {
		t.Errorf("literal Target = %q, want x/p", got)
	}
}

// TestPriorityBusinessClock: a per-priority window on the business clock
// counts business hours only, across a weekend and a holiday.
func TestPriorityBusinessClock(t *testing.T) {
	std := plan(t, priorities(t), "standard") // weekdays 09:00-17:00 New York, US holidays
	tests := []struct {
		name      string
		submitted time.Time
		priority  string
		window    time.Duration
		deadline  time.Time
	}{
		// Wed 15:00: 2h on Wed, Thanksgiving (Thu 11-26) off, 8h on Fri,
		// the weekend off, 6h on Mon: Mon 15:00.
		{"low across Thanksgiving and a weekend", et(2026, 11, 25, 15, 0), "low", 16 * time.Hour, et(2026, 11, 30, 15, 0)},
		// The default 8h from Wed 10:00: 7h on Wed, Thanksgiving, 1h Fri.
		{"normal (default) across Thanksgiving", et(2026, 11, 25, 10, 0), "normal", 8 * time.Hour, et(2026, 11, 27, 10, 0)},
		// Fri 16:00: 1h on Fri, the weekend, 1h on Mon.
		{"urgent across a weekend", et(2026, 11, 20, 16, 0), "urgent", 2 * time.Hour, et(2026, 11, 23, 10, 0)},
		// Sat (off hours): counting starts Mon 09:00; Mon 11-09 is no
		// holiday, Wed 11-11 (Veterans Day) is: Mon 8h + Tue 8h.
		{"low from a Saturday", et(2026, 11, 7, 12, 0), "low", 16 * time.Hour, et(2026, 11, 10, 17, 0)},
		// Tue 11-10 13:00: 4h Tue, Veterans Day, Thu 09:00 + 12h = Fri 13:00.
		{"low across Veterans Day", et(2026, 11, 10, 13, 0), "low", 16 * time.Hour, et(2026, 11, 13, 13, 0)},
		// Christmas Eve 16:00 (Thu): 1h, Christmas (Fri), the weekend,
		// Mon 12-28 09:00 + 1h.
		{"urgent across Christmas and a weekend", et(2026, 12, 24, 16, 0), "urgent", 2 * time.Hour, et(2026, 12, 28, 10, 0)},
	}
	for _, tt := range tests {
		_, w, dl := std.DeadlineFor(tt.submitted, tt.priority)
		if w != tt.window || !dl.Equal(tt.deadline) {
			t.Errorf("%s: DeadlineFor = %v, %v; want %v, %v", tt.name, w, dl.In(ny), tt.window, tt.deadline)
		}
		if want := naiveAdd(std, tt.submitted, tt.window); !dl.Equal(want) {
			t.Errorf("%s: deadline %v, minute stepping says %v", tt.name, dl.In(ny), want.In(ny))
		}
	}
}

// TestPriorityVersions: only one version of a plan has per-priority
// windows; a ticket gets them only when that version is in effect at its
// submission.
func TestPriorityVersions(t *testing.T) {
	s, err := Load(strings.NewReader(`timezone: America/Los_Angeles
priorities:
  - {key: urgent, aliases: [P1]}
  - {key: low, aliases: [P4]}
plans:
  - key: gold
    channels: [web]
    business_hours: {daily: ["00:00-24:00"]}
    response: {business: 4h, off_hours: 8h}
    effective_from: 2026-01-01
  - key: gold
    channels: [web]
    business_hours: {daily: ["00:00-24:00"]}
    response: {business: 2h, off_hours: 8h}
    response_by_priority:
      urgent: {business: 30m, off_hours: 1h}
    effective_from: 2026-07-01
  - key: gold
    channels: [web]
    business_hours: {daily: ["00:00-24:00"]}
    response: {business: 3h, off_hours: 8h}
    effective_from: 2027-01-01
`), "versions.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		at     time.Time
		value  string
		target string
		window time.Duration
	}{
		{pt(2026, 6, 30, 23, 59), "P1", "gold", 4 * time.Hour},
		{pt(2026, 7, 1, 0, 0), "P1", "gold/urgent", 30 * time.Minute},
		{pt(2026, 7, 1, 0, 0), "P4", "gold", 2 * time.Hour}, // known, no own window in that version
		{pt(2026, 12, 31, 23, 59), "urgent", "gold/urgent", 30 * time.Minute},
		{pt(2027, 1, 1, 0, 0), "P1", "gold", 3 * time.Hour},
	}
	for _, tt := range tests {
		p, ok := s.Lookup("gold", tt.at)
		if !ok {
			t.Fatalf("no gold at %v", tt.at)
		}
		key, _ := s.MatchPriority(tt.value)
		_, w, _ := p.DeadlineFor(tt.at, key)
		if got := p.Target(key); got != tt.target || w != tt.window {
			t.Errorf("at %v, priority %q: target %q, window %v; want %q, %v", tt.at, tt.value, got, w, tt.target, tt.window)
		}
	}
}

// TestPriorityMatchStringOutOfRange: String of a value outside the
// constants names it instead of panicking (issue #17).
func TestPriorityMatchStringOutOfRange(t *testing.T) {
	if got := PriorityMatch(4).String(); got != "PriorityMatch(4)" {
		t.Errorf("PriorityMatch(4).String() = %q", got)
	}
	if got := PriorityUnknown.String(); got != "unknown" {
		t.Errorf("PriorityUnknown.String() = %q, want unknown", got)
	}
}
