package sample

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slaaudit/slaaudit/plans"
)

var pacific = func() *time.Location {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		panic(err)
	}
	return loc
}()

func generate(t testing.TB, o Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, o); err != nil {
		t.Fatalf("Write(%+v): %v", o, err)
	}
	return buf.Bytes()
}

// readCSV parses a generated CSV file into records keyed by header name.
func readCSV(t testing.TB, data []byte) (header []string, rows []map[string]string) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	header, err := r.Read()
	if err != nil {
		t.Fatalf("read header: %v", err)
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		row := make(map[string]string, len(header))
		for i, h := range header {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
	return header, rows
}

func TestWriteIsDeterministic(t *testing.T) {
	for _, shape := range []string{ShapeRows, ShapeHistory} {
		for _, format := range []string{FormatCSV, FormatNDJSON, FormatJSON} {
			o := Options{Tickets: 500, Seed: 7, Month: "2026-10", Shape: shape, Format: format, Bad: 6, Pending: 3, Outside: 3}
			a, b := generate(t, o), generate(t, o)
			if !bytes.Equal(a, b) {
				t.Errorf("%s/%s: two runs with seed 7 differ", shape, format)
			}
			o.Seed = 8
			if c := generate(t, o); bytes.Equal(a, c) {
				t.Errorf("%s/%s: seeds 7 and 8 give the same bytes", shape, format)
			}
		}
	}
}

func TestRowsCSVShape(t *testing.T) {
	tests := []struct {
		tickets, bad int
	}{
		{0, 0}, {1, 0}, {1, 1}, {300, 0}, {300, 6}, {2000, 13},
	}
	for _, tt := range tests {
		o := Options{Tickets: tt.tickets, Seed: 1, Month: "2026-10", Bad: tt.bad}
		header, rows := readCSV(t, generate(t, o))
		if got, want := strings.Join(header, ","), RowsHeader; got != want {
			t.Fatalf("header = %q, want %q", got, want)
		}
		if got, want := len(rows), tt.tickets+tt.bad; got != want {
			t.Errorf("%d tickets + %d bad: %d rows, want %d", tt.tickets, tt.bad, got, want)
		}
		// Ids count up from FirstID; only a missing id and a duplicate break
		// the sequence.
		seen := map[string]bool{}
		next, dups, missing := FirstID, 0, 0
		for i, row := range rows {
			id := row["id"]
			switch {
			case id == "":
				missing++
			case seen[id]:
				dups++
			default:
				if got := id; got != strconv.Itoa(next) {
					t.Errorf("row %d: id %s, want %d", i+2, got, next)
				}
				next++
			}
			seen[id] = true
		}
		// Kinds come in turn, missing id first and duplicate fifth.
		wantMissing, wantDups := (tt.bad+5)/6, (tt.bad+1)/6
		if missing != wantMissing || dups != wantDups {
			t.Errorf("%d bad: %d missing ids and %d duplicates, want %d and %d", tt.bad, missing, dups, wantMissing, wantDups)
		}
	}
}

// TestTimesCarryTheRightOffset checks that every written time is RFC 3339,
// either in UTC written as Z or with the Pacific offset of that very instant.
func TestTimesCarryTheRightOffset(t *testing.T) {
	for _, month := range []string{"2026-10", "2026-03", "2026-11"} { // DST ends Nov 1, starts Mar 8
		_, rows := readCSV(t, generate(t, Options{Tickets: 3000, Seed: 3, Month: month, Outside: 100}))
		offsets := map[string]int{}
		for i, row := range rows {
			for _, field := range []string{"submitted_at", "first_response_at"} {
				s := row[field]
				if s == "" {
					continue
				}
				at, err := time.Parse(time.RFC3339, s)
				if err != nil {
					t.Fatalf("%s row %d: %s: %v", month, i+2, field, err)
				}
				_, off := at.Zone()
				if off == 0 {
					if !strings.HasSuffix(s, "Z") {
						t.Errorf("%s row %d: %s = %q, want a Z suffix for UTC", month, i+2, field, s)
					}
					offsets["Z"]++
					continue
				}
				_, want := at.In(pacific).Zone()
				if off != want {
					t.Errorf("%s row %d: %s = %q has offset %d, want the Pacific offset %d", month, i+2, field, s, off, want)
				}
				offsets[s[len(s)-6:]]++
			}
		}
		if offsets["Z"] == 0 || offsets["-07:00"]+offsets["-08:00"] == 0 {
			t.Errorf("%s: offsets written %v, want a mix of Z and Pacific", month, offsets)
		}
		if month != "2026-10" && (offsets["-07:00"] == 0 || offsets["-08:00"] == 0) {
			t.Errorf("%s: offsets written %v, want both -07:00 and -08:00 across the DST change", month, offsets)
		}
	}
}

// TestSubmissionsFallInPlace checks that submissions stay in the month (and
// the pending and outside ones where they belong) and come in order.
func TestSubmissionsFallInPlace(t *testing.T) {
	o := Options{Tickets: 5000, Seed: 11, Month: "2026-10", Pending: 20, Outside: 50}
	_, rows := readCSV(t, generate(t, o))
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, pacific)
	end := time.Date(2026, 11, 1, 0, 0, 0, 0, pacific)
	main := o.Tickets - o.Pending - o.Outside
	var prev time.Time
	businessHours := 0
	for i, row := range rows {
		at, err := time.Parse(time.RFC3339, row["submitted_at"])
		if err != nil {
			t.Fatal(err)
		}
		var from, to time.Time
		switch {
		case i < main:
			from, to = start, end
		case i < main+o.Pending:
			from, to = end.Add(-time.Hour), end
			if row["first_response_at"] != "" {
				t.Errorf("pending row %d answered at %s", i+2, row["first_response_at"])
			}
		default:
			from, to = end, end.AddDate(0, 0, 3)
		}
		if at.Before(from) || !at.Before(to) {
			t.Errorf("row %d: submitted %s, want in [%s, %s)", i+2, at, from, to)
		}
		if i != main && i != main+o.Pending && at.Before(prev) {
			t.Errorf("row %d: submitted %s before the previous row's %s", i+2, at, prev)
		}
		prev = at
		local := at.In(pacific)
		if wd := local.Weekday(); wd != time.Saturday && wd != time.Sunday && local.Hour() >= 7 && local.Hour() < 19 {
			businessHours++
		}
	}
	// Weekday 07:00-19:00 is about a third of the month's hours; weighting
	// puts most tickets there.
	if got := float64(businessHours) / float64(len(rows)); got < 0.6 {
		t.Errorf("%.0f%% of tickets in weekday business hours, want most", got*100)
	}
}

// TestResponseMix replays a large sample by SPEC §3 and checks the intended
// mix of outcomes.
func TestResponseMix(t *testing.T) {
	const n = 20000
	_, rows := readCSV(t, generate(t, Options{Tickets: n, Seed: 5, Month: "2026-10"}))
	set := plans.Builtin()
	count := map[string]int{}
	for _, row := range rows {
		sub, _ := time.Parse(time.RFC3339, row["submitted_at"])
		p, ok := set.Lookup(row["plan"], sub)
		if !ok {
			t.Fatalf("plan %q does not match a built-in plan", row["plan"])
		}
		if ch := row["channel"]; ch != "" && !p.Covers(ch) {
			count["excluded"]++
			continue
		}
		if row["first_response_at"] == "" {
			count["unanswered"]++
			continue
		}
		resp, _ := time.Parse(time.RFC3339, row["first_response_at"])
		_, window, deadline := p.Deadline(sub)
		switch late := resp.Sub(deadline); {
		case !resp.After(sub):
			t.Errorf("response %s not after submission %s", resp, sub)
		case late == 0:
			count["at deadline"]++
			count["met"]++
		case late < 0:
			count["met"]++
		case late >= window:
			count["severe"]++
			count["breached"]++
		default:
			count["breached"]++
		}
	}
	within := func(name string, lo, hi float64) {
		if got := float64(count[name]) / n; got < lo || got > hi {
			t.Errorf("%s: %.2f%% of tickets, want %.0f%% to %.0f%%", name, got*100, lo*100, hi*100)
		}
	}
	within("unanswered", 0.08, 0.12)
	within("breached", 0.06, 0.10)
	within("severe", 0.01, 0.03)
	within("at deadline", 0.01, 0.03)
	within("excluded", 0.002, 0.02)
	within("met", 0.65, 0.85)
}

func TestBadRows(t *testing.T) {
	_, rows := readCSV(t, generate(t, Options{Tickets: 200, Seed: 9, Month: "2026-10", Bad: 6}))
	set := plans.Builtin()
	found := map[string]int{}
	seen := map[string]bool{}
	for _, row := range rows {
		id := row["id"]
		switch {
		case strings.TrimSpace(id) == "":
			found["missing id"]++
			continue
		case seen[id]:
			found["duplicate id"]++
			continue
		}
		sub, err := time.Parse(time.RFC3339, row["submitted_at"])
		if err != nil {
			if _, err := time.ParseInLocation(zonelessLayout, row["submitted_at"], pacific); err == nil {
				found["zone-less time"]++
			} else {
				found["unparseable time"]++
			}
			continue
		}
		if s := row["first_response_at"]; s != "" {
			resp, err := time.Parse(time.RFC3339, s)
			if err != nil {
				t.Fatalf("id %s: first_response_at %q: %v", id, s, err)
			}
			if resp.Before(sub) {
				found["response before submission"]++
				continue
			}
		}
		seen[id] = true
		if !set.Knows(row["plan"]) {
			found["unknown plan"]++
		}
	}
	for _, kind := range []string{"missing id", "unparseable time", "zone-less time", "response before submission", "duplicate id", "unknown plan"} {
		if got := found[kind]; got != 1 {
			t.Errorf("%s: %d rows, want 1", kind, got)
		}
	}
}

// TestHistoryAgreesWithRows derives each ticket from its history by the rule
// of SPEC §6 and compares it with the rows shape of the same seed.
func TestHistoryAgreesWithRows(t *testing.T) {
	o := Options{Tickets: 1500, Seed: 42, Month: "2026-10", Pending: 10, Outside: 10}
	_, rows := readCSV(t, generate(t, o))
	o.Shape = ShapeHistory
	header, events := readCSV(t, generate(t, o))
	if got, want := strings.Join(header, ","), HistoryHeader; got != want {
		t.Fatalf("header = %q, want %q", got, want)
	}

	type derived struct {
		fields             string
		submitted, first   time.Time
		creates, responses int
	}
	byID := map[string]*derived{}
	for _, e := range events {
		d := byID[e["ticket_id"]]
		if d == nil {
			d = &derived{}
			byID[e["ticket_id"]] = d
		}
		at, err := time.Parse(time.RFC3339, e["at"])
		if err != nil {
			t.Fatalf("ticket %s: at: %v", e["ticket_id"], err)
		}
		fields := strings.Join([]string{e["customer"], e["plan"], e["channel"], e["priority"]}, ",")
		switch {
		case e["event"] == "created":
			d.creates++
			d.submitted, d.fields = at, fields
		case fields != ",,,":
			t.Errorf("ticket %s: %s event carries ticket fields %q", e["ticket_id"], e["event"], fields)
		}
		if e["event"] == "reply" && e["actor"] == "agent" && e["public"] == "true" {
			d.responses++
			if d.first.IsZero() || at.Before(d.first) {
				d.first = at
			}
		}
	}
	for id, d := range byID {
		if d.creates != 1 {
			t.Errorf("ticket %s: %d created events, want 1", id, d.creates)
		}
		if !d.first.IsZero() && !d.first.After(d.submitted) {
			t.Errorf("ticket %s: first response %s not after creation %s", id, d.first, d.submitted)
		}
	}
	if got, want := len(byID), len(rows); got != want {
		t.Fatalf("history has %d tickets, rows %d", got, want)
	}
	for _, row := range rows {
		d := byID[row["id"]]
		if d == nil {
			t.Fatalf("ticket %s is not in the history", row["id"])
		}
		sub, _ := time.Parse(time.RFC3339, row["submitted_at"])
		if !d.submitted.Equal(sub) {
			t.Errorf("ticket %s: created %s, rows submitted_at %s", row["id"], d.submitted, sub)
		}
		var first time.Time
		if s := row["first_response_at"]; s != "" {
			first, _ = time.Parse(time.RFC3339, s)
		}
		if !d.first.Equal(first) {
			t.Errorf("ticket %s: first public agent reply %s, rows first_response_at %s", row["id"], d.first, first)
		}
		if got, want := d.fields, strings.Join([]string{row["customer"], row["plan"], row["channel"], row["priority"]}, ","); got != want {
			t.Errorf("ticket %s: created fields %q, rows %q", row["id"], got, want)
		}
	}
}

func TestHistoryBadRows(t *testing.T) {
	o := Options{Tickets: 300, Seed: 2, Month: "2026-10", Shape: ShapeHistory, Bad: 6}
	_, events := readCSV(t, generate(t, o))
	found := map[string]int{}
	created := map[string]time.Time{}
	for _, e := range events {
		id := e["ticket_id"]
		if id == "" {
			found["missing id"]++
			continue
		}
		at, err := time.Parse(time.RFC3339, e["at"])
		if err != nil {
			if _, err := time.ParseInLocation(zonelessLayout, e["at"], pacific); err == nil {
				found["zone-less time"]++
			} else {
				found["unparseable time"]++
			}
			continue
		}
		if e["event"] != "created" {
			continue
		}
		if _, dup := created[id]; dup {
			found["second created"]++
			continue
		}
		created[id] = at
		if !plans.Builtin().Knows(e["plan"]) {
			found["unknown plan"]++
		}
	}
	for _, e := range events {
		at, err := time.Parse(time.RFC3339, e["at"])
		if c, ok := created[e["ticket_id"]]; err == nil && ok && e["event"] == "reply" && at.Before(c) {
			found["reply before created"]++
		}
	}
	for _, kind := range []string{"missing id", "unparseable time", "zone-less time", "reply before created", "second created", "unknown plan"} {
		if got := found[kind]; got != 1 {
			t.Errorf("%s: %d events, want 1", kind, got)
		}
	}
}

func TestJSONFormats(t *testing.T) {
	for _, shape := range []string{ShapeRows, ShapeHistory} {
		o := Options{Tickets: 100, Seed: 4, Month: "2026-10", Shape: shape, Bad: 6}
		o.Format = FormatCSV
		_, csvRows := readCSV(t, generate(t, o))

		o.Format = FormatJSON
		var array []map[string]any
		if err := json.Unmarshal(generate(t, o), &array); err != nil {
			t.Fatalf("%s json: %v", shape, err)
		}
		o.Format = FormatNDJSON
		lines := strings.Split(strings.TrimSuffix(string(generate(t, o)), "\n"), "\n")
		if len(array) != len(csvRows) || len(lines) != len(csvRows) {
			t.Fatalf("%s: %d JSON objects, %d NDJSON lines, %d CSV rows; want equal", shape, len(array), len(lines), len(csvRows))
		}
		for i, line := range lines {
			var obj map[string]any
			if err := json.Unmarshal([]byte(line), &obj); err != nil {
				t.Fatalf("%s ndjson line %d: %v", shape, i+1, err)
			}
			for k, v := range obj {
				if got, want := v, array[i][k]; got != want {
					t.Errorf("%s object %d: %s = %v in NDJSON, %v in the array", shape, i, k, got, want)
				}
			}
			// Each CSV cell is the JSON value: a string, null for empty, or
			// the public flag as a bool.
			for k, cell := range csvRows[i] {
				v, present := obj[k]
				var got string
				switch v := v.(type) {
				case string:
					got = v
				case bool:
					got = strconv.FormatBool(v)
				}
				if present && v == nil && cell != "" {
					t.Errorf("%s object %d: %s is null, CSV has %q", shape, i, k, cell)
				}
				if v != nil && got != cell {
					t.Errorf("%s object %d: %s = %q, CSV has %q", shape, i, k, got, cell)
				}
			}
		}
	}
}

func TestWriteRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		o    Options
	}{
		{"no month", Options{Tickets: 1}},
		{"bad month", Options{Tickets: 1, Month: "2026-13"}},
		{"negative tickets", Options{Tickets: -1, Month: "2026-10"}},
		{"negative bad", Options{Tickets: 1, Bad: -1, Month: "2026-10"}},
		{"unknown shape", Options{Tickets: 1, Month: "2026-10", Shape: "columns"}},
		{"unknown format", Options{Tickets: 1, Month: "2026-10", Format: "xml"}},
		{"too many pending", Options{Tickets: 3, Month: "2026-10", Pending: 2, Outside: 2}},
		{"bad rows with no month tickets", Options{Tickets: 2, Month: "2026-10", Outside: 2, Bad: 1}},
	}
	for _, tt := range tests {
		err := Write(io.Discard, tt.o)
		if !errors.Is(err, ErrOptions) {
			t.Errorf("%s: Write error = %v, want ErrOptions", tt.name, err)
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	for _, shape := range []string{ShapeRows, ShapeHistory} {
		b.Run(shape, func(b *testing.B) {
			o := Options{Tickets: 100000, Seed: 1, Month: "2026-10", Shape: shape}
			var n countingWriter
			if err := Write(&n, o); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(io.Discard, o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

// TestHugeCountsRefused: --tickets 9223372036854775807 allocated 17.9 GB
// before writing anything, --bad of the same panicked, and --pending +
// --outside could overflow past the check.
func TestHugeCountsRefused(t *testing.T) {
	const maxInt = int(^uint(0) >> 1)
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"tickets", Options{Tickets: maxInt}, "--tickets 9223372036854775807 is more than the maximum, 1000000000"},
		{"tickets just over", Options{Tickets: MaxTickets + 1}, "is more than the maximum, 1000000000"},
		{"bad", Options{Tickets: 10, Bad: maxInt}, "--bad 9223372036854775807 is more than the maximum, 1000000"},
		{"pending overflows", Options{Tickets: 10, Pending: maxInt, Outside: maxInt}, "--pending (9223372036854775807) + --outside (9223372036854775807) is more than --tickets (10)"},
		{"outside overflows", Options{Tickets: 10, Pending: 5, Outside: maxInt - 2}, "is more than --tickets (10)"},
		{"negative", Options{Tickets: -1}, "--tickets -1 is negative"},
		{"month far", Options{Tickets: 1, Month: "9999-12"}, `month: "9999-12" is outside the years 1900–2199`},
		{"month early", Options{Tickets: 1, Month: "0000-01"}, `month: "0000-01" is outside the years 1900–2199`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.o.Month == "" {
				tc.o.Month = "2026-10"
			}
			var out bytes.Buffer
			err := Write(&out, tc.o)
			if !errors.Is(err, ErrOptions) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Write(%+v) = %v, want ErrOptions with %q", tc.o, err, tc.want)
			}
			if out.Len() != 0 {
				t.Errorf("wrote %d bytes before refusing", out.Len())
			}
		})
	}
}
