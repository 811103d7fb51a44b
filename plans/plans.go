// Package plans holds the support plans an audit replays tickets against:
// their business hours, holidays, response windows and clocks, and the credit
// schedule. It is pure data and arithmetic on time.Time; it reads no files
// except through Load, and never reads the clock.
//
// It is not for deciding verdicts (see package audit) nor for parsing exports.
//
// Its API is stable (package audit's doc, "Stability").
package plans

import (
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"
)

// Class says whether a ticket was submitted inside or outside its plan's
// business hours.
type Class int

const (
	// OffHours is a submission outside business hours (or on a holiday).
	OffHours Class = iota
	// Business is a submission inside business hours.
	Business
)

// String returns "business" or "off_hours", the names used in reports.
func (c Class) String() string {
	if c == Business {
		return "business"
	}
	return "off_hours"
}

// Clock says how a response window is measured.
type Clock int

const (
	// Elapsed measures the window as wall-clock time from submission.
	Elapsed Clock = iota
	// BusinessClock counts only business-hours time.
	BusinessClock
)

// String returns "elapsed" or "business", the names used in plans files.
func (c Clock) String() string {
	if c == BusinessClock {
		return "business"
	}
	return "elapsed"
}

// Range is an opening on one local day, in minutes after local midnight:
// From inclusive, To exclusive, 0 <= From < To <= 1440 (24:00).
type Range struct {
	From, To int
}

// Plan is one version of a support plan. A plan key may have several
// versions with different EffectiveFrom instants; see Set.Lookup.
type Plan struct {
	Key      string
	Display  string
	Aliases  []string
	Priority string
	Channels []string
	TAM      bool

	// Hours lists each weekday's openings, indexed by time.Weekday, sorted
	// and non-overlapping.
	Hours [7][]Range
	// Holidays are whole local days without business hours.
	Holidays *Holidays
	// Response is the window for each class, indexed by Class: the default
	// for a ticket of any priority.
	Response [2]time.Duration
	// ByPriority lists the version's own windows per ticket priority, in
	// the order of the set's priorities list (SPEC §11); nil when it has
	// none. A priority without an entry gets Response.
	ByPriority []PriorityWindows
	Clock      Clock
	// EffectiveFrom is the first instant this version applies to; the zero
	// time means it has always applied.
	EffectiveFrom time.Time

	// Location is the plan's time zone (the Set's timezone).
	Location *time.Location

	zones *zoneTable // Location's UTC-offset periods; shared by copies, nil in a Plan literal
	table *weekTable // Hours over a regular week; nil in a Plan literal or without hours
}

// Window reports the response window for a ticket of class c.
func (p *Plan) Window(c Class) time.Duration { return p.Response[c] }

// Covers reports whether the plan covers channel, matched case-insensitively
// after trimming (SPEC §3 "Channels").
func (p *Plan) Covers(channel string) bool {
	ch := strings.ToLower(strings.TrimSpace(channel))
	for _, c := range p.Channels {
		if c == ch {
			return true
		}
	}
	return false
}

// CreditSchedule is the recommended-credit schedule of SPEC §5. Percentages
// are exact decimals.
type CreditSchedule struct {
	PerBreach decimal.Decimal
	PerSevere decimal.Decimal
	Cap       decimal.Decimal
}

// Set is a complete plans file: the plans (all versions), their time zone and
// the credit schedule.
//
// Build a Set with Load (or Builtin): Load validates the file and indexes
// the plans' names, channels and priorities. A Set literal holding plans
// has no index, and its lookups (Lookup, Knows, KeyOf,
// MatchPriority) panic saying so rather than silently find nothing; the
// zero Set holds no plan and finds none.
type Set struct {
	// Timezone is the IANA name of Location, as written in the file.
	Timezone string
	Location *time.Location
	Plans    []*Plan
	Credits  CreditSchedule
	// Source names where the set came from: "built-in" or a file path.
	Source string
	// Priorities is the ticket-priority vocabulary, most urgent first
	// (SPEC §11); nil when the file has no priorities list, in which case
	// ticket priorities are not checked at all.
	Priorities []Priority

	zones      *zoneTable         // Location's UTC-offset periods, shared by the plans
	byName     map[string][]*Plan // normalised name → versions sorted by EffectiveFrom
	priorityOf map[string]string  // normalised priority name → key
}

// NormalizeName reduces a plan name for matching (SPEC §3.1): keep letters
// and digits only, lowercase, and drop one trailing "support" or "plan".
func NormalizeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	s := b.String()
	for _, suffix := range []string{"support", "plan"} {
		if len(s) > len(suffix) && strings.HasSuffix(s, suffix) {
			return s[:len(s)-len(suffix)]
		}
	}
	return s
}

// Lookup finds the version of the plan called name (key, display name or
// alias, see NormalizeName) in effect at instant at. It reports false when no
// plan has that name, or when every version of it starts after at.
func (s *Set) Lookup(name string, at time.Time) (*Plan, bool) {
	versions := s.index()[NormalizeName(name)]
	var found *Plan
	for _, p := range versions {
		if p.EffectiveFrom.IsZero() || !p.EffectiveFrom.After(at) {
			found = p
		}
	}
	return found, found != nil
}

// Knows reports whether name is a plan name in the set, regardless of
// effective dates.
func (s *Set) Knows(name string) bool { return len(s.index()[NormalizeName(name)]) > 0 }

// index returns the set's name index, and panics on a Set literal that
// holds plans but no index (see Set).
func (s *Set) index() map[string][]*Plan {
	if s.byName == nil && (len(s.Plans) > 0 || len(s.Priorities) > 0) {
		panic("plans: a Set literal has no index of its plans; build the Set with plans.Load")
	}
	return s.byName
}

// Keys returns the distinct plan keys in file order.
func (s *Set) Keys() []string {
	var keys []string
	seen := map[string]bool{}
	for _, p := range s.Plans {
		if !seen[p.Key] {
			seen[p.Key] = true
			keys = append(keys, p.Key)
		}
	}
	return keys
}

// KeyOf returns the key of the plan called name, or "" when no plan has that
// name.
func (s *Set) KeyOf(name string) string {
	if v := s.index()[NormalizeName(name)]; len(v) > 0 {
		return v[0].Key
	}
	return ""
}
