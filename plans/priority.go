package plans

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
)

// Priority is one entry of a plans file's ticket-priority vocabulary
// (SPEC §11): a key, used in response_by_priority and in reports, and the
// aliases an export may write instead.
type Priority struct {
	Key     string
	Aliases []string
}

// PriorityWindows are a plan version's response windows for the tickets of
// one priority (SPEC §11), indexed by Class like Plan.Response.
type PriorityWindows struct {
	// Priority is a key of the set's priority vocabulary.
	Priority string
	Response [2]time.Duration

	target string // "plan/priority", built once by Load
}

// PriorityMatch says how a ticket's priority value was read (SPEC §11).
type PriorityMatch int

const (
	// PriorityUnchecked: the plans file has no priorities list, so no value
	// is checked and every ticket gets its plan's default windows.
	PriorityUnchecked PriorityMatch = iota
	// PriorityBlank: the value is blank or has no letter or digit (such as
	// "-"); the plan's default windows apply, without a warning.
	PriorityBlank
	// PriorityKnown: the value is a key or an alias of the vocabulary.
	PriorityKnown
	// PriorityUnknown: the value matches no priority; the plan's default
	// windows apply, and the ticket carries a warning.
	PriorityUnknown
)

var priorityMatchNames = [...]string{"unchecked", "blank", "known", "unknown"}

// String returns "unchecked", "blank", "known" or "unknown", the names used
// in explain's JSON; a value outside them reads "PriorityMatch(n)".
func (m PriorityMatch) String() string {
	if m < 0 || int(m) >= len(priorityMatchNames) {
		return fmt.Sprintf("PriorityMatch(%d)", int(m))
	}
	return priorityMatchNames[m]
}

// NormalizePriority reduces a priority value for matching (SPEC §11): keep
// letters and digits only, lower-cased. Unlike NormalizeName no trailing
// word is removed, so "P1", "p-1" and " p 1 " are alike, and "1 - Critical"
// becomes "1critical".
func NormalizePriority(value string) string {
	var b strings.Builder
	for _, r := range value {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// HasPriorities reports whether the set has a priorities list, and so
// checks the priority of every ticket (SPEC §11).
func (s *Set) HasPriorities() bool { return len(s.Priorities) > 0 }

// MatchPriority reads a ticket's priority value against the set's
// vocabulary (SPEC §11) and returns the priority key it names, or "" when
// it names none: without a priorities list nothing is checked
// (PriorityUnchecked); a value with no letter or digit is blank
// (PriorityBlank); otherwise the value, normalised, is a key or an alias
// (PriorityKnown) or not (PriorityUnknown).
func (s *Set) MatchPriority(value string) (key string, m PriorityMatch) {
	if !s.HasPriorities() {
		return "", PriorityUnchecked
	}
	s.index()
	norm := NormalizePriority(value)
	if norm == "" {
		return "", PriorityBlank
	}
	if k, ok := s.priorityOf[norm]; ok {
		return k, PriorityKnown
	}
	return "", PriorityUnknown
}

// PriorityKeys returns the keys of the vocabulary, most urgent first.
func (s *Set) PriorityKeys() []string {
	keys := make([]string, len(s.Priorities))
	for i, p := range s.Priorities {
		keys[i] = p.Key
	}
	return keys
}

// WindowsFor returns the plan version's own windows for priority key, or
// nil when it has none (its Response applies).
func (p *Plan) WindowsFor(priority string) *PriorityWindows {
	if priority == "" {
		return nil
	}
	for i := range p.ByPriority {
		if p.ByPriority[i].Priority == priority {
			return &p.ByPriority[i]
		}
	}
	return nil
}

// Target names the windows a ticket of priority key is held to (SPEC §11):
// "premium/urgent" (plan key / priority key) when the plan version has
// windows for that priority, else the plan key, "premium".
func (p *Plan) Target(priority string) string {
	w := p.WindowsFor(priority)
	if w == nil {
		return p.Key
	}
	if w.target == "" { // a Plan literal
		return p.Key + "/" + w.Priority
	}
	return w.target
}

// DeadlineFor is Deadline for a ticket of priority key (SPEC §11): the
// windows are those of that priority when the plan version has them, else
// the plan's Response. Class, clock, hours and holidays apply unchanged.
func (p *Plan) DeadlineFor(submitted time.Time, priority string) (Class, time.Duration, time.Time) {
	if w := p.WindowsFor(priority); w != nil {
		return p.deadline(submitted, &w.Response)
	}
	return p.deadline(submitted, &p.Response)
}

// filePriority is one entry of the priorities list of a plans file.
type filePriority struct {
	Key     string   `yaml:"key"`
	Aliases []string `yaml:"aliases,omitempty,flow"`
}

// buildPriorities validates the priorities list (SPEC §11): every key
// present, every name with a letter or digit, and no two names (keys or
// aliases, of one priority or two) normalising alike.
func (f *file) buildPriorities(s *Set) error {
	if f.Priorities == nil {
		return nil
	}
	if len(f.Priorities) == 0 {
		return fieldErr("priorities", "the list is empty (leave it out to not check ticket priorities)")
	}
	s.priorityOf = map[string]string{}
	where := map[string]string{} // normalised name → the field that has it
	for i, fp := range f.Priorities {
		path := fmt.Sprintf("priorities[%d]", i)
		key := strings.TrimSpace(fp.Key)
		if key == "" {
			return fieldErr(path+".key", "missing (for example urgent)")
		}
		names := append([]string{key}, fp.Aliases...)
		for j, n := range names {
			field := path + ".key"
			if j > 0 {
				field = fmt.Sprintf("%s.aliases[%d]", path, j-1)
			}
			norm := NormalizePriority(n)
			if norm == "" {
				return fieldErr(field, "%q has no letters or digits", n)
			}
			if prev, taken := where[norm]; taken {
				return fieldErr(field, "%q matches the same values as %s (both normalise to %q); priority names must differ in their letters or digits",
					n, prev, norm)
			}
			where[norm] = fmt.Sprintf("%s %q", field, n)
			s.priorityOf[norm] = key
		}
		s.Priorities = append(s.Priorities, Priority{Key: key, Aliases: fp.Aliases})
	}
	return nil
}

// buildByPriority validates a plan's response_by_priority (SPEC §11) and
// sets p.ByPriority in the vocabulary's order: every key is a priority key
// as written in the priorities list (not an alias), and every entry gives
// both windows.
func (fp *filePlan) buildByPriority(path string, p *Plan, s *Set) error {
	if len(fp.ResponseByPriority) == 0 {
		return nil
	}
	path += ".response_by_priority"
	if !s.HasPriorities() {
		return fieldErr(path, "needs a priorities list at the top of the file (the ticket priorities, with their aliases)")
	}
	keys := make([]string, 0, len(fp.ResponseByPriority))
	for k := range fp.ResponseByPriority {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first error is the same on every run
	rank := map[string]int{}
	for i, pr := range s.Priorities {
		rank[pr.Key] = i
	}
	for _, k := range keys {
		if _, ok := rank[k]; ok {
			continue
		}
		field := path + "." + k
		if key, ok := s.priorityOf[NormalizePriority(k)]; ok {
			return fieldErr(field, "%q is not a priority key but a name of priority %q; write the key: %s", k, key, key)
		}
		return fieldErr(field, "%q is not a priority key (%s)", k, strings.Join(s.PriorityKeys(), ", "))
	}
	sort.Slice(keys, func(i, j int) bool { return rank[keys[i]] < rank[keys[j]] })
	for _, k := range keys {
		fr := fp.ResponseByPriority[k]
		w := PriorityWindows{Priority: k, target: p.Key + "/" + k}
		if err := fr.build(path+"."+k, &w.Response); err != nil {
			return err
		}
		p.ByPriority = append(p.ByPriority, w)
	}
	return nil
}

// fileByPriority is the response_by_priority mapping of a plan. It is
// written in the order of the priorities list (see rank), not sorted.
type fileByPriority map[string]fileResponse
