package audit

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

// TestIDSetAgreesWithMap claims ids of every kind the set stores
// differently — dense and sparse numbers, numbers with leading zeros or too
// many digits, text, long ids, the empty id — and checks every answer
// against a map.
func TestIDSetAgreesWithMap(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	gen := []func() string{
		func() string { return fmt.Sprint(r.IntN(3000)) },                         // dense numbers, many repeats
		func() string { return fmt.Sprint(r.Uint64N(1e18)) },                      // sparse numbers
		func() string { return fmt.Sprint(999_999_999_999_999_990 + r.IntN(20)) }, // around the 18-digit edge
		func() string { return fmt.Sprint(1<<idDenseBits - 40 + r.IntN(80)) },     // around the dense edge
		func() string { return fmt.Sprint(1<<idDenseBits + 32*r.IntN(40)) },       // above it, 32 apart
		func() string { return fmt.Sprint(32 * r.IntN(4000)) },                    // below it, 32 apart
		func() string { return fmt.Sprintf("0%d", r.IntN(100)) },                  // leading zero: text
		func() string { return fmt.Sprintf("ZD-%d", r.IntN(2000)) },               // text
		func() string { return fmt.Sprintf("%d ", r.IntN(50)) },                   // text that looks numeric
		func() string { return strings.Repeat("x", 4000+r.IntN(200)) },            // around the big-id edge
		func() string { return "" },
		func() string { return "0" },
	}
	var s idSet
	want := map[string]bool{}
	for i := range 100_000 {
		id := gen[r.IntN(len(gen))]()
		got, fresh := s.add(id), !want[id]
		if got != fresh {
			t.Fatalf("claim %d of %q: got %v, want %v", i, id, got, fresh)
		}
		want[id] = true
	}
}

// TestIDSetOverflow fills the arena's 32-bit offsets and checks that ids
// beyond them are still told apart.
func TestIDSetOverflow(t *testing.T) {
	var s idSet
	s.add("first")
	for len(s.chunks) < idMaxChunks {
		s.chunks = append(s.chunks, nil) // pretend the arena is full
	}
	s.cur = 0
	for _, tc := range []struct {
		id   string
		want bool
	}{{"first", false}, {"second", true}, {"second", false}, {"12", true}, {"12", false}} {
		if got := s.add(tc.id); got != tc.want {
			t.Errorf("add(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
}

// TestPlanNamesAgreeWithSet resolves every spelling of every plan of a
// plans file with versions, at instants around each version's start,
// through the auditor's cache and through Set.Lookup.
func TestPlanNamesAgreeWithSet(t *testing.T) {
	set := loadPlans(t, "custom.yaml")
	names := []string{"", " ", "nope", "24/7", "24 / 7", "Premium Support", "premium", "PREMIUM plan", "standard"}
	var instants []time.Time
	for _, p := range set.Plans {
		names = append(names, p.Key, p.Display, strings.ToUpper(p.Display)+" Support")
		names = append(names, p.Aliases...)
		if !p.EffectiveFrom.IsZero() {
			instants = append(instants, p.EffectiveFrom.Add(-time.Nanosecond), p.EffectiveFrom, p.EffectiveFrom.Add(time.Hour))
		}
	}
	instants = append(instants, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	n := planNames{set: set}
	for round := range 2 { // the second round hits the caches
		for _, name := range names {
			if got, want := n.keyOf(name), set.KeyOf(name); got != want {
				t.Errorf("round %d: keyOf(%q) = %q, want %q", round, name, got, want)
			}
			for _, at := range instants {
				got, gok := n.lookup(name, at)
				want, wok := set.Lookup(name, at)
				if got != want || gok != wok {
					t.Errorf("round %d: lookup(%q, %s) = %p, %v; want %p, %v", round, name, at, got, gok, want, wok)
				}
			}
		}
	}
}

// TestChannelCacheAgreesWithCovers checks the auditor's coverage cache
// against plans.Plan.Covers for many spellings, more than it remembers.
func TestChannelCacheAgreesWithCovers(t *testing.T) {
	var c channelCache
	set := plans.Builtin()
	spellings := []string{"email", "Email", "EMAIL", "web", "Web", "chat", "Chat", "phone", "Phone", "fax", "ſms", "K", "e"}
	for i := range 2 * maxPlanNames {
		spellings = append(spellings, fmt.Sprintf("ch%d", i))
	}
	for round := range 2 {
		for _, p := range set.Plans {
			for _, ch := range spellings {
				reason, covered := c.coverage(p, ch)
				want := p.Covers(ch)
				wantReason := ""
				if !want {
					wantReason = fmt.Sprintf("plan %s does not cover channel %q", p.Key, ch)
				}
				if covered != want || reason != wantReason {
					t.Fatalf("round %d: coverage(%s, %q) = %q, %v; want %q, %v", round, p.Key, ch, reason, covered, wantReason, want)
				}
			}
		}
	}
}

// TestPriorityCacheAgreesWithSet checks the auditor's priority cache
// against plans.Set.MatchPriority for many spellings, more than it
// remembers.
func TestPriorityCacheAgreesWithSet(t *testing.T) {
	set := loadPlans(t, "priorities.yaml")
	spellings := []string{"", " ", "-", "P1", "p1", "p-1", "1 - Critical", "urgent", "URGENT", "Sev 2", "low", "Low "}
	for i := range 2 * maxPlanNames {
		spellings = append(spellings, fmt.Sprintf("p%d", i))
	}
	c := priorityCache{set: set}
	for round := range 2 {
		for _, s := range spellings {
			e := c.match(s)
			key, m := set.MatchPriority(s)
			if e.key != key || e.match != m || (m == plans.PriorityUnknown) != (e.warning != "") {
				t.Fatalf("round %d: match(%q) = %q, %v, %q; want %q, %v", round, s, e.key, e.match, e.warning, key, m)
			}
		}
	}
}

// TestAuditKnownPriorityAllocates0: reading a known priority costs no
// allocation per ticket once its spelling is cached.
func TestAuditKnownPriorityAllocates0(t *testing.T) {
	set := loadPlans(t, "priorities.yaml")
	a := New(Options{Plans: set, AsOf: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)})
	at := time.Date(2026, 11, 3, 15, 0, 0, 0, time.UTC)
	tk := Ticket{ID: "1", Customer: "c", Plan: "business", Channel: "web", Priority: "P1", Submitted: at, FirstResponse: at.Add(time.Minute)}
	n := 1
	a.Audit(&tk) // warm the caches
	allocs := testing.AllocsPerRun(1000, func() {
		n++
		tk.ID = priorityTestIDs[n%len(priorityTestIDs)]
		a.Audit(&tk)
	})
	if allocs > 0.1 { // the id set grows now and then
		t.Errorf("Audit allocates %.2f times per ticket with a known priority", allocs)
	}
}

var priorityTestIDs = func() []string {
	s := make([]string, 5000)
	for i := range s {
		s[i] = fmt.Sprint(i + 2)
	}
	return s
}()
