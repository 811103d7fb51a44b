package plans

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// loadFile loads a plans file under testdata/plans.
func loadFile(t testing.TB, name string) *Set {
	t.Helper()
	path := filepath.Join("..", "testdata", "plans", name)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := Load(f, path)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return s
}

func custom(t testing.TB) *Set { return loadFile(t, "custom.yaml") }

// plan returns the version of key in effect at the end of 2026.
func plan(t testing.TB, s *Set, key string) *Plan {
	t.Helper()
	p, ok := s.Lookup(key, time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC))
	if !ok {
		t.Fatalf("no plan %q", key)
	}
	return p
}

// TestLoadInvalid loads every file in testdata/plans/bad, one per rule; the
// first line of each says "# want: " and the exact error, or "# want-prefix: "
// and its start.
func TestLoadInvalid(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "plans", "bad", "*.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".yaml"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(data), "\n")
			want, exact := strings.CutPrefix(first, "# want: ")
			if !exact {
				var ok bool
				if want, ok = strings.CutPrefix(first, "# want-prefix: "); !ok {
					t.Fatalf("first line %q does not start with # want: or # want-prefix:", first)
				}
			}
			start := time.Now()
			_, err = Load(strings.NewReader(string(data)), path)
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("Load took %v", took)
			}
			if err == nil {
				t.Fatalf("Load succeeded, want error %q", want)
			}
			if got := err.Error(); got != want && (exact || !strings.HasPrefix(got, want)) {
				t.Errorf("error\n got: %s\nwant: %s", got, want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("errors.Is(%v, ErrInvalid) = false", err)
			}
			var fe *FieldError
			if errors.As(err, &fe) && !strings.HasPrefix(want, fe.Path+": ") {
				t.Errorf("FieldError.Path = %q, not the prefix of %q", fe.Path, want)
			}
		})
	}
}

func TestLoadValid(t *testing.T) {
	s := custom(t)
	if got, want := s.Keys(), []string{"standard-biz", "lunch", "night", "gold"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Keys() = %v, want %v", got, want)
	}
	if got, want := len(s.Plans), 5; got != want {
		t.Errorf("len(Plans) = %d, want %d", got, want)
	}
	if !s.Credits.PerBreach.Equal(decimal.RequireFromString("2.5")) || !s.Credits.Cap.Equal(decimal.NewFromInt(40)) {
		t.Errorf("Credits = %+v, want per_breach 2.5, cap 40", s.Credits)
	}
	lunch := plan(t, s, "lunch")
	if got, want := lunch.Hours[time.Wednesday], []Range{{9 * 60, 12 * 60}, {13 * 60, 17 * 60}}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("lunch Wednesday hours = %v, want %v", got, want)
	}
	if got, want := lunch.Response, [2]time.Duration{24 * time.Hour, 4 * time.Hour}; got != want {
		t.Errorf("lunch Response = %v, want %v", got, want)
	}
	if got := plan(t, s, "night").Response[OffHours]; got != 36*time.Hour {
		t.Errorf("night off-hours window = %v, want 36h", got)
	}
	if night := plan(t, s, "night"); !night.Covers(" Phone ") || night.Covers("fax") {
		t.Errorf("night: Covers(phone), Covers(fax) = %v, %v; want true, false", night.Covers(" Phone "), night.Covers("fax"))
	}
}

// TestLoadCreditsDefault: a file without credits gets SPEC §5's schedule.
func TestLoadCreditsDefault(t *testing.T) {
	s, err := Load(strings.NewReader("timezone: UTC\nplans:\n  - key: x\n    channels: [web]\n    response: {business: 1h, off_hours: 1h}\n"), "inline")
	if err != nil {
		t.Fatal(err)
	}
	got := []string{s.Credits.PerBreach.String(), s.Credits.PerSevere.String(), s.Credits.Cap.String()}
	if want := []string{"5", "10", "50"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("default credits = %v, want %v", got, want)
	}
}

func TestEffectiveFrom(t *testing.T) {
	s := custom(t)
	tests := []struct {
		name    string
		at      time.Time
		found   bool
		window  time.Duration // business window of the version found
		channel string        // a channel only the second version covers
	}{
		{"Gold", pt(2025, 12, 31, 23, 59), false, 0, ""},
		{"Gold", pt(2026, 1, 1, 0, 0), true, 2 * time.Hour, ""},
		{"gold plan", pt(2026, 7, 1, 11, 59), true, 2 * time.Hour, ""},
		{"GOLD", pt(2026, 7, 1, 12, 0), true, time.Hour, "chat"},
		// An alias added by the second version finds the first one too.
		{"Gold Plus", pt(2026, 3, 1, 9, 0), true, 2 * time.Hour, ""},
		{"Gold Plus", pt(2026, 8, 1, 9, 0), true, time.Hour, "chat"},
	}
	for _, tt := range tests {
		p, ok := s.Lookup(tt.name, tt.at)
		if ok != tt.found {
			t.Errorf("Lookup(%q, %v) found = %v, want %v", tt.name, tt.at, ok, tt.found)
			continue
		}
		if !s.Knows(tt.name) {
			t.Errorf("Knows(%q) = false, want true", tt.name)
		}
		if !ok {
			continue
		}
		if got := p.Window(Business); got != tt.window {
			t.Errorf("Lookup(%q, %v).Window(business) = %v, want %v", tt.name, tt.at, got, tt.window)
		}
		if tt.channel != "" && !p.Covers(tt.channel) {
			t.Errorf("Lookup(%q, %v) does not cover %s", tt.name, tt.at, tt.channel)
		}
	}
	// The RFC 3339 instant is kept in the plans' zone.
	v2, _ := s.Lookup("gold", pt(2026, 12, 1, 0, 0))
	if got, want := v2.EffectiveFrom, pt(2026, 7, 1, 12, 0); !got.Equal(want) || got.Location().String() != la.String() {
		t.Errorf("EffectiveFrom = %v, want %v in %v", got, want, la)
	}
}

func TestPlanNameMatching(t *testing.T) {
	s := Builtin()
	tests := []struct{ name, key string }{
		{"24/7", "24x7"},
		{"24 / 7", "24x7"},
		{"24-7", "24x7"},
		{"24x7", "24x7"},
		{"24X7", "24x7"},
		{"24/7 Support", "24x7"},
		{"24x7 Support", "24x7"},
		{"Premium Support", "premium"},
		{"premium plan", "premium"},
		{"PREMIUM", "premium"},
		{" Standard ", "standard"},
		{"limited", "limited"},
		{"Premium Support Plan", ""}, // only one suffix is dropped
		{"Premium Plus", ""},
		{"Support", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := s.KeyOf(tt.name); got != tt.key {
			t.Errorf("KeyOf(%q) = %q, want %q", tt.name, got, tt.key)
		}
		p, ok := s.Lookup(tt.name, pt(2026, 10, 1, 0, 0))
		if ok != (tt.key != "") || (ok && p.Key != tt.key) {
			t.Errorf("Lookup(%q) = %v, %v; want key %q", tt.name, p, ok, tt.key)
		}
		if got := s.Knows(tt.name); got != (tt.key != "") {
			t.Errorf("Knows(%q) = %v, want %v", tt.name, got, tt.key != "")
		}
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{"1h", time.Hour, ""},
		{"90m", 90 * time.Minute, ""},
		{"1h30m", 90 * time.Minute, ""},
		{"2d", 48 * time.Hour, ""},
		{"1d12h", 36 * time.Hour, ""},
		{" 2d ", 48 * time.Hour, ""},
		{"0d", 0, ""},
		{"-1h", -time.Hour, ""}, // a Go duration; Load rejects it as not longer than zero
		{"-1d12h", -36 * time.Hour, ""},
		{"99999d", 99999 * 24 * time.Hour, ""}, // fits: time.Duration holds 106751 days
		{"106751d", 106751 * 24 * time.Hour, ""},
		{"106752d", 0, `"106752d": duration out of range`},
		{"106751d24h", 0, `"106751d24h": duration out of range`},
		{"9999999999h", 0, `"9999999999h": duration out of range`},
		{"1 hour", 0, `"1 hour" is not a duration`},
		{"d", 0, `"d" is not a duration`},
		{"1d-1h", 0, `"1d-1h" is not a duration`},
		{"1.5d", 0, `"1.5d" is not a duration`},
		{"2days", 0, `"2days" is not a duration`},
		{"1", 0, `"1" is not a duration`},
		{"", 0, `"" is not a duration`},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseDuration(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDateOrInstant(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2026-03-08", pt(2026, 3, 8, 0, 0), true},
		{"2026-07-01T12:00:00-07:00", pt(2026, 7, 1, 12, 0), true},
		{"2026-07-01T19:00:00Z", pt(2026, 7, 1, 12, 0), true},
		{"2026-02-29", time.Time{}, false},
		{"2026-07-01 12:00", time.Time{}, false},
	}
	for _, tt := range tests {
		got, err := ParseDateOrInstant(tt.in, la)
		if (err == nil) != tt.ok || (tt.ok && !got.Equal(tt.want)) {
			t.Errorf("ParseDateOrInstant(%q) = %v, %v; want %v (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// TestBuiltinFileComments: the built-in file keeps its comments, the starting
// point for a custom file.
func TestBuiltinFileComments(t *testing.T) {
	sc := bufio.NewScanner(strings.NewReader(string(BuiltinYAML())))
	comments := 0
	for sc.Scan() {
		if strings.HasPrefix(strings.TrimSpace(sc.Text()), "#") {
			comments++
		}
	}
	if comments < 5 {
		t.Errorf("BuiltinYAML has %d comment lines, want its comments", comments)
	}
}

// TestSetLiteralPanics: a Set literal holding plans has no index; its
// lookups used to find nothing, silently, and now panic saying how to build
// a Set. The zero Set finds nothing without panicking.
func TestSetLiteralPanics(t *testing.T) {
	var zero Set
	if _, ok := zero.Lookup("standard", time.Now()); ok || zero.Knows("standard") {
		t.Error("the zero Set found something")
	}
	lit := &Set{Plans: Builtin().Plans}
	for name, f := range map[string]func(){
		"Lookup":        func() { lit.Lookup("standard", time.Now()) },
		"Knows":         func() { lit.Knows("standard") },
		"KeyOf":         func() { lit.KeyOf("standard") },
		"MatchPriority": func() { (&Set{Priorities: []Priority{{Key: "urgent"}}}).MatchPriority("urgent") },
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "plans.Load") {
					t.Errorf("%s on a Set literal: recover() = %v, want a panic naming plans.Load", name, r)
				}
			}()
			f()
		}()
	}
}
