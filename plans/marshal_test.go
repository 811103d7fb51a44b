package plans

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
	"pgregory.net/rapid"
)

var update = flag.Bool("update", false, "rewrite golden files")

func roundTrip(t testing.TB, s *Set) (*Set, []byte) {
	t.Helper()
	out, err := s.YAML()
	if err != nil {
		t.Fatalf("YAML: %v", err)
	}
	back, err := Load(bytes.NewReader(out), "marshalled")
	if err != nil {
		t.Fatalf("Load(YAML()): %v\n%s", err, out)
	}
	return back, out
}

// assertEquivalent compares two sets field by field, and their name lookup.
func assertEquivalent(t *testing.T, got, want *Set) {
	t.Helper()
	if got.Timezone != want.Timezone {
		t.Errorf("Timezone = %q, want %q", got.Timezone, want.Timezone)
	}
	if !got.Credits.PerBreach.Equal(want.Credits.PerBreach) || !got.Credits.PerSevere.Equal(want.Credits.PerSevere) || !got.Credits.Cap.Equal(want.Credits.Cap) {
		t.Errorf("Credits = %v, want %v", got.Credits, want.Credits)
	}
	if !reflect.DeepEqual(got.Priorities, want.Priorities) || !reflect.DeepEqual(got.priorityOf, want.priorityOf) {
		t.Errorf("Priorities = %v, want %v", got.Priorities, want.Priorities)
	}
	if len(got.Plans) != len(want.Plans) {
		t.Fatalf("%d plans, want %d", len(got.Plans), len(want.Plans))
	}
	for i, g := range got.Plans {
		w := want.Plans[i]
		type plain struct {
			Key, Display, Priority string
			Aliases, Channels      []string
			TAM                    bool
			Hours                  [7][]Range
			Response               [2]time.Duration
			ByPriority             []PriorityWindows
			Clock                  Clock
			Calendars              []string
			Dates                  []Date
			Ranges                 [][2]Date
		}
		flat := func(p *Plan) plain {
			f := plain{p.Key, p.Display, p.Priority, p.Aliases, p.Channels, p.TAM, p.Hours, p.Response, p.ByPriority, p.Clock, nil, nil, nil}
			if p.Holidays != nil {
				f.Calendars, f.Dates, f.Ranges = p.Holidays.Calendars, p.Holidays.Dates, p.Holidays.Ranges
			}
			return f
		}
		if !reflect.DeepEqual(flat(g), flat(w)) {
			t.Errorf("plans[%d] =\n%+v\nwant\n%+v", i, flat(g), flat(w))
		}
		if !g.EffectiveFrom.Equal(w.EffectiveFrom) {
			t.Errorf("plans[%d].EffectiveFrom = %v, want %v", i, g.EffectiveFrom, w.EffectiveFrom)
		}
	}
	if !reflect.DeepEqual(names(got), names(want)) {
		t.Errorf("names = %v, want %v", names(got), names(want))
	}
}

// names maps each known name to the keys and versions it reaches.
func names(s *Set) map[string][]string {
	m := map[string][]string{}
	for n, versions := range s.byName {
		for _, p := range versions {
			m[n] = append(m[n], p.Key+"@"+p.EffectiveFrom.UTC().String())
		}
	}
	return m
}

func TestMarshalRoundTrip(t *testing.T) {
	for _, tt := range []struct {
		name   string
		set    *Set
		golden string
	}{
		{"built-in", Builtin(), "builtin.marshal.golden.yaml"},
		{"custom", custom(t), "custom.marshal.golden.yaml"},
		{"priorities", priorities(t), "priorities.marshal.golden.yaml"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			back, out := roundTrip(t, tt.set)
			assertEquivalent(t, back, tt.set)
			// Writing is a fixed point: marshalling the reloaded set gives the
			// same file but for the source line.
			_, again := roundTrip(t, back)
			if got, want := dropFirstLine(again), dropFirstLine(out); got != want {
				t.Errorf("second marshal differs:\n%s\nwant\n%s", got, want)
			}
			path := filepath.Join("..", "testdata", "plans", tt.golden)
			out = bytes.Replace(out, []byte(filepath.Join("..", "testdata", "plans")+string(filepath.Separator)), nil, 1)
			if *update {
				if err := os.WriteFile(path, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("YAML() =\n%s\nwant (%s)\n%s", out, path, want)
			}
		})
	}
}

func dropFirstLine(b []byte) string {
	_, rest, _ := strings.Cut(string(b), "\n")
	return rest
}

// TestMarshalBuiltinDeadlines: the built-in file and the marshalled built-in
// set give identical replays.
func TestMarshalBuiltinDeadlines(t *testing.T) {
	fromFile, err := Load(bytes.NewReader(BuiltinYAML()), "built-in")
	if err != nil {
		t.Fatal(err)
	}
	fromMarshal, _ := roundTrip(t, Builtin())
	rapid.Check(t, func(t *rapid.T) {
		at := genInstant(t, "at").Add(time.Duration(rapid.Int64Range(0, int64(time.Minute)-1).Draw(t, "ns")))
		for _, key := range fromFile.Keys() {
			p1, _ := fromFile.Lookup(key, at)
			p2, _ := fromMarshal.Lookup(key, at)
			c1, w1, d1 := p1.Deadline(at)
			c2, w2, d2 := p2.Deadline(at)
			if c1 != c2 || w1 != w2 || !d1.Equal(d2) {
				t.Fatalf("%s at %v: file %v %v %v, marshalled %v %v %v", key, at, c1, w1, d1, c2, w2, d2)
			}
		}
	})
}

func TestMarshalCollapse(t *testing.T) {
	day := []Range{{9 * 60, 17 * 60}}
	other := []Range{{10 * 60, 14 * 60}}
	tests := []struct {
		name  string
		hours [7][]Range
		want  string
	}{
		{"none", [7][]Range{}, "{}"},
		{"daily", [7][]Range{day, day, day, day, day, day, day}, `daily: ["09:00-17:00"]`},
		{"weekdays", [7][]Range{nil, day, day, day, day, day, nil}, `weekdays: ["09:00-17:00"]`},
		{"weekdays and weekends", [7][]Range{other, day, day, day, day, day, other}, "weekdays: [\"09:00-17:00\"]\nweekends: [\"10:00-14:00\"]"},
		{"weekdays and sat", [7][]Range{nil, day, day, day, day, day, other}, "weekdays: [\"09:00-17:00\"]\nsat: [\"10:00-14:00\"]"},
		{"days", [7][]Range{nil, day, day, nil, nil, nil, other}, "mon: [\"09:00-17:00\"]\ntue: [\"09:00-17:00\"]\nsat: [\"10:00-14:00\"]"},
		{"lunch", [7][]Range{nil, {{540, 720}, {780, 1020}}, nil, nil, nil, nil, nil}, `mon: ["09:00-12:00", "13:00-17:00"]`},
		{"24:00", [7][]Range{{{0, 1440}}}, `sun: ["00:00-24:00"]`},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		out, err := hoursOf(tt.hours).MarshalYAML()
		if err != nil {
			t.Fatal(err)
		}
		enc := newTestEncoder(&buf)
		if err := enc.Encode(out); err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(buf.String()); got != tt.want {
			t.Errorf("%s: business_hours =\n%s\nwant\n%s", tt.name, got, tt.want)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		48 * time.Hour:          "48h",
		90 * time.Minute:        "1h30m",
		time.Hour:               "1h",
		10 * time.Minute:        "10m",
		90 * time.Second:        "1m30s",
		time.Hour + time.Second: "1h0m1s",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
		if back, err := ParseDuration(want); err != nil || back != d {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", want, back, err, d)
		}
	}
}

func TestFormatEffective(t *testing.T) {
	tests := []struct {
		at   time.Time
		want string
	}{
		{time.Time{}, ""},
		{pt(2026, 1, 1, 0, 0), "2026-01-01"},
		{time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC), "2026-01-01"}, // Pacific midnight
		{pt(2026, 7, 1, 12, 0), "2026-07-01T12:00:00-07:00"},
		{time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), "2026-06-30T17:00:00-07:00"},
	}
	for _, tt := range tests {
		if got := formatEffective(tt.at, la); got != tt.want {
			t.Errorf("formatEffective(%v) = %q, want %q", tt.at, got, tt.want)
		}
	}
}

func newTestEncoder(buf *bytes.Buffer) *yaml.Encoder {
	enc := yaml.NewEncoder(buf)
	enc.SetIndent(2)
	return enc
}
