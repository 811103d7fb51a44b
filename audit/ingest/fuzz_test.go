package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slaaudit/slaaudit/audit"
)

// fuzzSeeds adds the sample files whose names end in one of exts, and
// extra, to f's corpus.
func fuzzSeeds(f *testing.F, exts []string, extra ...string) {
	paths, _ := filepath.Glob(filepath.Join(sampleDir, "*"))
	for _, p := range paths {
		for _, ext := range exts {
			if strings.HasSuffix(p, ext) {
				data, err := os.ReadFile(p)
				if err != nil {
					f.Fatal(err)
				}
				f.Add(string(data))
			}
		}
	}
	for _, s := range extra {
		f.Add(s)
	}
}

// outcome is what one call of Next gave.
type outcome struct {
	ticket *audit.Ticket
	rej    *audit.Rejection
	err    error // io.EOF or a file error
}

// row returns the position and id of a ticket (which it checks with
// checkTicket) or of a rejected row; ok is false for the final outcome.
func (o outcome) row(t *testing.T) (src audit.Source, id string, ok bool) {
	t.Helper()
	switch {
	case o.ticket != nil:
		checkTicket(t, o.ticket)
		return o.ticket.Source, o.ticket.ID, true
	case o.rej != nil:
		return o.rej.Source, o.rej.ID, true
	}
	return src, "", false
}

// drainOutcomes reads r to the end, checking that it ends and that it keeps
// returning its final error.
func drainOutcomes(t *testing.T, r *Reader, maxRows int) []outcome {
	t.Helper()
	var out []outcome
	for {
		if len(out) > maxRows+1 {
			t.Fatalf("more than %d outcomes", maxRows+1)
		}
		var tk audit.Ticket
		err := r.next(&tk)
		var rej *audit.Rejection
		switch {
		case err == nil:
			out = append(out, outcome{ticket: &tk})
		case errors.As(err, &rej):
			out = append(out, outcome{rej: rej})
		default:
			var fe *FileError
			if err != io.EOF && !errors.As(err, &fe) {
				t.Fatalf("error %v is neither io.EOF, a rejection nor a *FileError", err)
			}
			if again := r.next(&tk); again != err {
				t.Fatalf("next after %v returned %v", err, again)
			}
			return append(out, outcome{err: err})
		}
	}
}

// fuzzReader opens data as the file name: an error from NewReader must be
// a *FileError, which it returns.
func fuzzReader(t *testing.T, data, name string, opts Options) (*Reader, error) {
	t.Helper()
	r, err := NewReader(strings.NewReader(data), name, opts)
	if err != nil {
		if fe := (*FileError)(nil); !errors.As(err, &fe) {
			t.Fatalf("NewReader error %v is not a *FileError", err)
		}
	}
	return r, err
}

func checkTicket(t *testing.T, tk *audit.Ticket) {
	t.Helper()
	if tk.ID == "" || tk.ID != strings.TrimSpace(tk.ID) {
		t.Fatalf("ticket id %q is empty or untrimmed", tk.ID)
	}
	if tk.Submitted.IsZero() {
		t.Fatalf("ticket %q has no submission time", tk.ID)
	}
	// Only UTF-8 text without NUL is read (textProblem), and only times
	// of the years ParseTime accepts.
	for _, s := range []string{tk.ID, tk.Customer, tk.Plan, tk.Channel, tk.Priority} {
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			t.Fatalf("ticket %q has the value %q, which is not text", tk.ID, s)
		}
	}
	for _, at := range []time.Time{tk.Submitted, tk.FirstResponse} {
		if y := at.UTC().Year(); !at.IsZero() && (y < MinYear-1 || y > MaxYear+1) {
			t.Fatalf("ticket %q has the time %v", tk.ID, at)
		}
	}
}

func FuzzCSVReader(f *testing.F) {
	fuzzSeeds(f, []string{".csv"},
		"id,submitted_at\n1,2026-10-02T17:30:00Z\n",
		"\uFEFFid,submitted_at\r\n1,2026-10-02T17:30:00Z\r\n\r\n2,\"2026-10-02\n17:30\"\r\n",
		"id,customer,submitted_at\n1,\"Acme\nWest\",2026-10-02T17:30:00Z\n,,\n   \n3,x,2026-10-02 17:30\n",
		"id,submitted_at,first_response_at,first_response_minutes\n,bad,bad,-1\n1,2026-10-02T17:30:00Z,,12.5\n",
		"id,submitted_at\n2,ab\"c\n",
		"Ticket ID,id,Created At,submitted_at\nA,B,2026-10-02T17:30:00Z,2026-10-03T17:30:00Z\n",
		// A history's header: with ShapeRows still one row per record.
		"id,at,event,submitted_at\n1,2026-10-02T17:30:00Z,created,2026-10-02T17:30:00Z\n1,2026-10-02T18:00:00Z,reply,\n",
		"id,customer,submitted_at\n1,ac\x00me,2026-10-02T17:30:00Z\n2,caf\xe9,0000-01-01T00:00:00Z\n",
	)
	la := mustZone(f, "America/Los_Angeles")
	f.Fuzz(func(t *testing.T, data string) {
		// ShapeRows: a fuzzed header naming an id, at and event would
		// otherwise be read as a history, one result per ticket id, which
		// the row checks below do not describe (FuzzHistoryReader covers that).
		r, err := fuzzReader(t, data, "f.csv", Options{InputTZ: la, Shape: ShapeRows})
		var outs []outcome
		if err == nil {
			outs = drainOutcomes(t, r, strings.Count(data, "\n")+1)
		} else {
			outs = []outcome{{err: err}}
		}
		lines := strings.Count(data, "\n") + 1
		prev := 0
		rows := 0
		for _, o := range outs {
			src, _, ok := o.row(t)
			if !ok {
				continue
			}
			rows++
			// A row's position lies in the file, and rows start on
			// increasing lines.
			if src.File != "f.csv" || src.IsIndex || src.Line < 1 || src.Line > lines || src.Line <= prev {
				t.Fatalf("row position %+v after line %d in a file of %d lines", src, prev, lines)
			}
			prev = src.Line
		}
		// Every non-blank record after the header is exactly one row:
		// compare with encoding/csv on the same bytes.
		want, refErr := referenceCSVRows(data)
		last := outs[len(outs)-1].err
		if refErr != nil {
			if last == io.EOF {
				t.Fatalf("encoding/csv fails (%v) but the reader ends cleanly", refErr)
			}
			return
		}
		if last == io.EOF && rows != want {
			t.Fatalf("%d rows, want %d", rows, want)
		}
	})
}

// referenceCSVRows counts the non-blank records after the first non-blank
// one, or reports encoding/csv's error.
func referenceCSVRows(data string) (int, error) {
	cr := newCSVReader(strings.NewReader(strings.TrimPrefix(data, "\uFEFF")), ',')
	n := -1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return max(n, 0), nil
		}
		if err != nil {
			return 0, err
		}
		if !blank(rec) {
			n++
		}
	}
}

func FuzzJSONReader(f *testing.F) {
	fuzzSeeds(f, []string{".json", ".ndjson"},
		`[{"id":"4711","submitted_at":"2026-10-02T17:30:00Z","first_response_at":"2026-10-02T18:45:00Z"}]`,
		`[1, "x", null, [], {"id":true}, {"id":1,"submitted_at":1759426200}, {"id":1,"submitted_at":"2026-10-02T17:30:00Z","customer":{"a":[]}}]`,
		`{"count":1,"tickets":[{"id":1,"submitted_at":"2026-10-02T17:30:00Z"}]}`,
		"{\n\"tickets\": [\n{\"id\":\"a\\\"b\",\"Created At\":\"2026-10-02 17:30\"}\n],\n\"x\":[]}",
		"{\"id\":1,\"submitted_at\":\"2026-10-02T17:30:00Z\"}\n\n[3]\n{\"id\":2,}\n",
		"[\n{\"id\":1},\n{\"id\":2,\n\"submitted_at\" \"x\"}\n]",
		`[{"x":`+strings.Repeat("[", 70)+strings.Repeat("]", 70)+`}]`,
		// A history's keys: with ShapeRows still one row per element.
		`[{"id":"1","at":"2026-10-02T17:30:00Z","event":"created"},{"id":"1","at":"2026-10-02T18:00:00Z","event":"reply"}]`,
		"[{\"id\":\"1\",\"customer\":\"ac\\u0000me\",\"submitted_at\":\"2026-10-02T17:30:00Z\"},{\"id\":\"2\\n\xff\",\"submitted_at\":\"9999-12-31T23:59:59Z\"}]",
	)
	la := mustZone(f, "America/Los_Angeles")
	f.Fuzz(func(t *testing.T, data string) {
		// ShapeRows: a fuzzed header naming an id, at and event would
		// otherwise be read as a history, one result per ticket id, which
		// the row checks below do not describe (FuzzHistoryReader covers that).
		r, err := fuzzReader(t, data, "f.json", Options{InputTZ: la, Shape: ShapeRows})
		if err != nil {
			return
		}
		outs := drainOutcomes(t, r, len(data))
		lines := strings.Count(data, "\n") + 1
		rows, prevLine := 0, 0
		for _, o := range outs {
			src, _, ok := o.row(t)
			if !ok {
				continue
			}
			if src.IsIndex {
				// Array elements are numbered 0, 1, 2, … in order.
				if src.Index != rows {
					t.Fatalf("element #%d, want #%d", src.Index, rows)
				}
			} else if src.Line < 1 || src.Line > lines || src.Line <= prevLine {
				t.Fatalf("row position %+v after line %d in a file of %d lines", src, prevLine, lines)
			} else {
				prevLine = src.Line
			}
			rows++
		}
		// A valid JSON array gives one row per element, unless an element
		// is too deep.
		last := outs[len(outs)-1].err
		trimmed := bytes.TrimLeft([]byte(data), " \t\r\n")
		var arr []json.RawMessage
		if len(trimmed) > 0 && trimmed[0] == '[' && json.Unmarshal([]byte(data), &arr) == nil {
			if errors.Is(last, ErrTooDeep) {
				return
			}
			// SPEC §9: records none of which has a key for a required
			// field are a file error at the end of the input.
			var missing *MissingError
			if errors.As(last, &missing) && rows == len(arr) {
				return
			}
			if last != io.EOF || rows != len(arr) {
				t.Fatalf("valid array of %d elements: %d rows, then %v", len(arr), rows, last)
			}
		}
		if last == io.EOF && len(trimmed) > 0 && trimmed[0] == '[' && !json.Valid([]byte(data)) {
			t.Fatalf("invalid JSON read without a file error")
		}
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{
		"2026-10-02T17:30:00Z", "2026-10-02T17:30:00-07:00", "2026-10-02T17:30:00+05:30", "2026-10-02 17:30",
		"2026-10-02T17:30:00.123456789Z", "2026-10-02 17:30:00 +0530", "2026-10-02 17:30:00 UTC", "2026-11-01 01:30",
		"2026-03-08 02:30", "2026-02-30T10:00:00Z", "2026-12-31T23:59:60Z", "02/10/2026", "2026-10-02t17:30:00z",
		"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999+23:59", "2026-10-02T17:30:00.1234567891Z",
	} {
		f.Add(s)
	}
	la := mustZone(f, "America/Los_Angeles")
	f.Fuzz(func(t *testing.T, s string) {
		checkFastAgrees(t, s)
		got, warn, err := ParseTime(s, nil, "")
		if err == nil {
			if warn != "" {
				t.Fatalf("%q: warning %q for a zoned time", s, warn)
			}
			// A zoned time round-trips through RFC 3339.
			back, _, err := ParseTime(got.Format(time.RFC3339Nano), nil, "")
			if err != nil || !back.Equal(got) {
				t.Fatalf("%q: %v does not round-trip: %v, %v", s, got, back, err)
			}
		}
		inLA, warn, errLA := ParseTime(s, la, "")
		if err == nil && (errLA != nil || !inLA.Equal(got)) {
			t.Fatalf("%q: --input-tz changed a zoned time: %v, %v", s, inLA, errLA)
		}
		if err != nil && errLA == nil && warn == "" {
			// A zone-less time shows its own wall clock in the zone,
			// unless it fell in a gap (which warns).
			trimmed := strings.TrimSpace(s)
			w, st := parseFast(trimmed)
			if st != fastOK {
				w, _ = parseSlow(trimmed)
			}
			local := inLA.In(la)
			if local.Year() != w.year || int(local.Month()) != w.month || local.Day() != w.day ||
				local.Hour() != w.hour || local.Minute() != w.min || local.Second() != w.sec {
				t.Fatalf("%q read in %s as %v", s, la, local)
			}
		}
	})
}
