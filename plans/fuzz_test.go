package plans

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// fuzzInstants are submission instants every loaded plan is replayed at:
// an ordinary weekday, a DST gap and overlap in Pacific time, a holiday, and
// the edges of the years slaaudit reads.
var fuzzInstants = []time.Time{
	time.Date(2026, 10, 5, 16, 0, 0, 0, time.UTC),
	time.Date(2026, 3, 8, 10, 30, 0, 0, time.UTC),
	time.Date(2026, 11, 1, 8, 30, 0, 0, time.UTC),
	time.Date(2026, 12, 25, 17, 0, 0, 0, time.UTC),
	time.Date(2026, 10, 3, 23, 59, 59, 999999999, time.UTC),
	time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
}

// addFileSeeds adds every file matching the globs (relative to the package
// directory) to f's corpus.
func addFileSeeds(f *testing.F, globs ...string) {
	for _, g := range globs {
		paths, err := filepath.Glob(g)
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(string(data))
		}
	}
}

// FuzzLoad loads arbitrary plans files. A file is either invalid (an error
// wrapping ErrInvalid) or a set whose every plan is usable: a key, channels,
// positive windows, sorted non-overlapping hours, names that find it, a
// deadline never before the submission, and a YAML form that loads back to
// the same set.
func FuzzLoad(f *testing.F) {
	f.Add(string(builtinYAML))
	addFileSeeds(f,
		filepath.Join("..", "testdata", "plans", "*.yaml"),
		filepath.Join("..", "testdata", "plans", "bad", "*.yaml"),
		filepath.Join("..", "testdata", "bad", "*.yaml"),
	)
	f.Add("timezone: UTC\nplans:\n  - key: a\n    channels: [web]\n    response: {business: 1h, off_hours: 2d}\n")
	f.Add("timezone: UTC\npriorities: [{key: a, aliases: [P1, \"1 - x\"]}, {key: b}]\nplans:\n  - key: a\n    channels: [web]\n    business_hours: {weekdays: [\"09:00-17:00\"]}\n    response: {business: 1h, off_hours: 2d}\n    response_by_priority: {b: {business: 30m, off_hours: 1h}, a: {business: 1ns, off_hours: 3d}}\n    clock: business\n")
	f.Add("timezone: Etc/GMT+8\nplans:\n  - key: a\n    channels: [web]\n    business_hours: {daily: [\"00:00-24:00\"]}\n    response: {business: 1ns, off_hours: 1d}\n    clock: business\n")
	f.Fuzz(func(t *testing.T, data string) {
		defer watchdog(t, 10*time.Second)()
		s, err := Load(strings.NewReader(data), "f.yaml")
		if err != nil {
			if s != nil {
				t.Fatalf("Load returned a set and the error %v", err)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		checkSet(t, s)
		out, err := s.YAML()
		if err != nil {
			t.Fatalf("YAML: %v", err)
		}
		back, err := Load(bytes.NewReader(out), "f.yaml")
		if err != nil {
			t.Fatalf("the marshalled set does not load: %v\n%s", err, out)
		}
		if diff := setDiff(s, back); diff != "" {
			t.Fatalf("marshalled set differs: %s\n%s", diff, out)
		}
	})
}

func checkSet(t *testing.T, s *Set) {
	t.Helper()
	if s.Location == nil || s.Source != "f.yaml" || len(s.Plans) == 0 {
		t.Fatalf("set %+v lacks a zone, its source or plans", s)
	}
	for _, c := range []struct {
		name string
		v    interface{ Sign() int }
	}{{"per_breach", s.Credits.PerBreach}, {"per_severe", s.Credits.PerSevere}, {"cap", s.Credits.Cap}} {
		if c.v.Sign() < 0 {
			t.Fatalf("credits.%s is negative", c.name)
		}
	}
	hundred := decimal.NewFromInt(100)
	if s.Credits.Cap.GreaterThan(hundred) || s.Credits.PerBreach.GreaterThan(hundred) || s.Credits.PerSevere.GreaterThan(hundred) {
		t.Fatalf("credit schedule %+v is over 100%%", s.Credits)
	}
	for i, p := range s.Plans {
		if p.Key == "" || p.Key != strings.TrimSpace(p.Key) || p.Display == "" {
			t.Fatalf("plans[%d]: key %q, display %q", i, p.Key, p.Display)
		}
		if !s.Knows(p.Key) || s.KeyOf(p.Key) != p.Key || s.KeyOf(p.Display) != p.Key && NormalizeName(p.Display) != "" {
			t.Fatalf("plans[%d]: %q does not find itself", i, p.Key)
		}
		if q, ok := s.Lookup(p.Key, p.EffectiveFrom); !ok || q.Key != p.Key {
			t.Fatalf("plans[%d]: Lookup(%q, its effective_from) = %v, %v", i, p.Key, q, ok)
		}
		if len(p.Channels) == 0 {
			t.Fatalf("plans[%d]: no channels", i)
		}
		for _, c := range p.Channels {
			if c == "" || c != strings.ToLower(strings.TrimSpace(c)) || !p.Covers(c) {
				t.Fatalf("plans[%d]: channel %q", i, c)
			}
		}
		for c, w := range p.Response {
			if w <= 0 {
				t.Fatalf("plans[%d]: window %d is %v", i, c, w)
			}
		}
		for wd, day := range p.Hours {
			for j, r := range day {
				if r.From < 0 || r.From >= r.To || r.To > 24*60 || (j > 0 && r.From < day[j-1].To) {
					t.Fatalf("plans[%d]: %s hours %v", i, time.Weekday(wd), day)
				}
			}
		}
		checkPriorities(t, s, i, p)
		for _, at := range fuzzInstants {
			class, w, deadline := p.Deadline(at)
			if w != p.Response[class] {
				t.Fatalf("plans[%d] at %v: window %v, want %v for %v", i, at, w, p.Response[class], class)
			}
			if (class == Business) != p.InBusinessHours(at) {
				t.Fatalf("plans[%d] at %v: class %v disagrees with InBusinessHours", i, at, class)
			}
			// SPEC §3.4: the deadline is never before the submission; the
			// elapsed clock adds the window exactly, the business clock at
			// least the window.
			if got := deadline.Sub(at); got < w || (p.Clock == Elapsed && got != w) {
				t.Fatalf("plans[%d] (%v clock) at %v: deadline %v is %v after submission, window %v", i, p.Clock, at, deadline, got, w)
			}
			// The week table, where it answers, agrees with the calendar
			// walk, in whatever zone and hours the file has.
			if p.Clock == BusinessClock {
				if want := p.addByWalking(at, w, p.zoneAt(at)); !deadline.Equal(want) {
					t.Fatalf("plans[%d] at %v: deadline %v, the calendar walk says %v", i, at, deadline, want)
				}
			}
		}
	}
}

// checkPriorities checks SPEC §11 on plans[i]: every name of the
// vocabulary finds its key; every per-priority entry names a key, in the
// vocabulary's order, with positive windows; its target is plan/priority;
// and DeadlineFor holds the same properties as Deadline with those windows.
func checkPriorities(t *testing.T, s *Set, i int, p *Plan) {
	t.Helper()
	rank := map[string]int{}
	for j, pr := range s.Priorities {
		rank[pr.Key] = j
		for _, n := range append([]string{pr.Key}, pr.Aliases...) {
			if k, m := s.MatchPriority(n); k != pr.Key || m != PriorityKnown {
				t.Fatalf("priorities[%d]: MatchPriority(%q) = %q, %v", j, n, k, m)
			}
		}
	}
	if !s.HasPriorities() && len(p.ByPriority) > 0 {
		t.Fatalf("plans[%d]: per-priority windows without a priorities list", i)
	}
	for j, w := range p.ByPriority {
		r, ok := rank[w.Priority]
		if !ok || (j > 0 && r <= rank[p.ByPriority[j-1].Priority]) {
			t.Fatalf("plans[%d]: response_by_priority %q is not a key in vocabulary order", i, w.Priority)
		}
		if got := p.Target(w.Priority); got != p.Key+"/"+w.Priority {
			t.Fatalf("plans[%d]: Target(%q) = %q", i, w.Priority, got)
		}
		for _, at := range fuzzInstants {
			class, win, deadline := p.DeadlineFor(at, w.Priority)
			if win <= 0 || win != w.Response[class] || (class == Business) != p.InBusinessHours(at) {
				t.Fatalf("plans[%d] %s at %v: class %v, window %v; want %v", i, w.Priority, at, class, win, w.Response[class])
			}
			if got := deadline.Sub(at); got < win || (p.Clock == Elapsed && got != win) {
				t.Fatalf("plans[%d] %s (%v clock) at %v: deadline %v after submission, window %v", i, w.Priority, p.Clock, at, got, win)
			}
			if p.Clock == BusinessClock {
				if want := p.addByWalking(at, win, p.zoneAt(at)); !deadline.Equal(want) {
					t.Fatalf("plans[%d] %s at %v: deadline %v, the calendar walk says %v", i, w.Priority, at, deadline, want)
				}
			}
		}
	}
	if p.Target("") != p.Key {
		t.Fatalf("plans[%d]: Target(\"\") = %q, want the key", i, p.Target(""))
	}
}

// setDiff compares what a plans file says, not how it was spelt.
func setDiff(a, b *Set) string {
	if a.Timezone != b.Timezone {
		return "timezone " + a.Timezone + " vs " + b.Timezone
	}
	if !a.Credits.PerBreach.Equal(b.Credits.PerBreach) || !a.Credits.PerSevere.Equal(b.Credits.PerSevere) || !a.Credits.Cap.Equal(b.Credits.Cap) {
		return "credits"
	}
	if len(a.Priorities) != len(b.Priorities) {
		return "number of priorities"
	}
	for i, p := range a.Priorities {
		q := b.Priorities[i]
		if p.Key != q.Key || len(p.Aliases) != len(q.Aliases) || (len(p.Aliases) > 0 && !reflect.DeepEqual(p.Aliases, q.Aliases)) {
			return "priorities[" + p.Key + "]"
		}
	}
	if len(a.Plans) != len(b.Plans) {
		return "number of plans"
	}
	for i, p := range a.Plans {
		q := b.Plans[i]
		switch {
		case p.Key != q.Key, p.Display != q.Display, p.Priority != q.Priority, p.TAM != q.TAM, p.Clock != q.Clock:
			return "plans[" + p.Key + "] key, display, priority, tam or clock"
		case !reflect.DeepEqual(p.Channels, q.Channels), len(p.Aliases) != len(q.Aliases) || (len(p.Aliases) > 0 && !reflect.DeepEqual(p.Aliases, q.Aliases)):
			return "plans[" + p.Key + "] channels or aliases"
		case !reflect.DeepEqual(normHours(p.Hours), normHours(q.Hours)):
			return "plans[" + p.Key + "] hours"
		case p.Response != q.Response:
			return "plans[" + p.Key + "] response"
		case !reflect.DeepEqual(p.ByPriority, q.ByPriority):
			return "plans[" + p.Key + "] response_by_priority"
		case !p.EffectiveFrom.Equal(q.EffectiveFrom):
			return "plans[" + p.Key + "] effective_from"
		}
		for _, at := range fuzzInstants {
			if p.InBusinessHours(at) != q.InBusinessHours(at) {
				return "plans[" + p.Key + "] business hours or holidays at " + at.String()
			}
		}
	}
	return ""
}

// normHours drops the difference between a nil and an empty day.
func normHours(h [7][]Range) [7][]Range {
	for i := range h {
		if len(h[i]) == 0 {
			h[i] = nil
		}
	}
	return h
}

// FuzzParseDuration checks ParseDuration against time.ParseDuration: they
// agree on everything without days; "Nd" adds N×24h to the rest; a result
// round-trips through its String form; errors quote the input.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{
		"1h", "90m", "1h30m", "2d", "1d12h", "-1d12h", "+3d", "0", "-0", "0s", "1.5h", ".5m", "1µs", "1us", "300ms",
		"106751d", "106752d", "106751d23h47m16.854775807s", "2562047h47m16.854775808s", "1 hour", "d", "1d-1h",
		" 24h ", "1dd", "01d", "9223372036854775807ns", "1e3s",
	} {
		f.Add(s)
	}
	// Every duration written in the plans files of testdata.
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "plans", "*.yaml"))
	for _, p := range append(paths, "builtin.yaml") {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			for _, key := range []string{"business:", "off_hours:"} {
				if _, v, ok := strings.Cut(line, key); ok {
					f.Add(strings.Trim(strings.TrimSpace(v), `"{},`))
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			if !strings.Contains(err.Error(), strconv.Quote(s)) {
				t.Fatalf("error %q does not quote the input %q", err, s)
			}
		} else {
			// A result round-trips through its String form (which never
			// has days).
			back, err := ParseDuration(d.String())
			if err != nil || back != d {
				t.Fatalf("%q = %v, but %q reads back as %v, %v", s, d, d.String(), back, err)
			}
		}
		trimmed := strings.TrimSpace(s)
		body := strings.TrimLeft(trimmed, "+-")
		if !strings.Contains(body, "d") {
			// No days: exactly time.ParseDuration.
			want, werr := time.ParseDuration(trimmed)
			if (err == nil) != (werr == nil) || d != want {
				t.Fatalf("%q: ParseDuration = %v, %v; time.ParseDuration = %v, %v", s, d, err, want, werr)
			}
			return
		}
		if err != nil {
			return
		}
		// Days: one optional sign, a count of days, then a Go duration
		// without a sign, or nothing.
		days, rest, _ := strings.Cut(body, "d")
		if len(trimmed)-len(body) > 1 || days == "" || strings.Trim(days, "0123456789") != "" {
			t.Fatalf("%q accepted as %v", s, d)
		}
		n, err := strconv.ParseInt(days, 10, 64)
		if err != nil {
			t.Fatalf("%q accepted as %v with %s days", s, d, days)
		}
		var restD time.Duration
		if rest != "" {
			if restD, err = time.ParseDuration(rest); err != nil || strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "+") {
				t.Fatalf("%q accepted as %v with a rest %q that is not a duration", s, d, rest)
			}
		}
		want := time.Duration(n)*24*time.Hour + restD
		if strings.HasPrefix(trimmed, "-") {
			want = -want
		}
		if d != want {
			t.Fatalf("%q = %v, want %v", s, d, want)
		}
	})
}

// watchdog panics with every goroutine's stack when the fuzz function runs
// longer than d, so that a hang becomes a crasher with a trace instead of a
// stuck worker. Call the function it returns when done.
func watchdog(t *testing.T, d time.Duration) (stop func()) {
	timer := time.AfterFunc(d, func() {
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		panic(fmt.Sprintf("%s took more than %v:\n%s", t.Name(), d, buf[:n]))
	})
	return func() { timer.Stop() }
}

// TestLoadSizeLimit checks that a plans file larger than MaxPlansBytes is
// refused, however valid its start.
func TestLoadSizeLimit(t *testing.T) {
	tests := []struct {
		name    string
		pad     int // bytes of comment after the built-in file
		wantErr string
	}{
		{"at the limit", MaxPlansBytes - len(builtinYAML), ""},
		{"one byte over", MaxPlansBytes - len(builtinYAML) + 1, "invalid plans file: the file is larger than 1 MiB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := string(builtinYAML) + "#" + strings.Repeat("x", tc.pad-2) + "\n"
			_, err := Load(strings.NewReader(data), "big.yaml")
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("Load: %v", err)
			case tc.wantErr != "" && (err == nil || err.Error() != tc.wantErr || !errors.Is(err, ErrInvalid)):
				t.Fatalf("got %v, want %q", err, tc.wantErr)
			}
		})
	}
}
