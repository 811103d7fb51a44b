package ingest

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"pgregory.net/rapid"
)

// withHistChunks sets the bounds of a split history's chunks for the rest
// of the test.
func withHistChunks(t testing.TB, size, lines int) {
	bytes, n := histChunkBytes, histChunkLines
	histChunkBytes, histChunkLines = size, lines
	t.Cleanup(func() { histChunkBytes, histChunkLines = bytes, n })
}

// readHistory reads a history like readAll, with the trail of every
// ticket, and adds the events counted at the end.
func readHistory(t testing.TB, in io.Reader, opts Options) []string {
	t.Helper()
	r, err := NewReader(in, "h.csv", opts)
	return drainHistory(t, r, err)
}

// drainHistory is drain with every ticket's trail and the events counted.
func drainHistory(t testing.TB, r *Reader, err error) []string {
	t.Helper()
	out := drainWith(t, r, err, true)
	if err != nil {
		return out
	}
	return append(out, "EVENTS "+strconv.Itoa(r.Events()))
}

// historyHeaders are the headers the generated histories draw from: the
// canonical order, another order with a column missing, aliases.
var historyHeaders = []string{
	"ticket_id,at,event,actor,public,customer,plan,channel,priority",
	"at,event,ticket_id,customer,actor,plan,public",
	"ticket_id,at,event",
}

// historyValue draws a value for a history column: plain, with a quote, a
// delimiter or a line end inside, empty, or (rarely) malformed or not
// UTF-8.
func historyValue(rt *rapid.T, col string) string {
	switch col {
	case "ticket_id":
		return rapid.SampledFrom([]string{"1", "2", "3", "17", "0017", `"4"`, "", " ", "\xff", `"5,6"`}).Draw(rt, col)
	case "at":
		return rapid.SampledFrom([]string{
			"2026-10-05T09:14:00-07:00", "2026-10-05T16:14:00Z", "2026-11-01T01:30:00", "2026-11-01T08:30:00Z",
			"2026-10-06T10:00:00.5Z", "2026-10-05 09:14", "", "soon", "2026-13-01T00:00:00Z", `"2026-10-07T08:00:00Z"`,
		}).Draw(rt, col)
	case "event":
		return rapid.SampledFrom([]string{"created", "reply", "Reply", "note", "status", "", "CREATED"}).Draw(rt, col)
	case "actor":
		return rapid.SampledFrom([]string{"agent", "customer", "system", "", "Agent", "bot"}).Draw(rt, col)
	case "public":
		return rapid.SampledFrom([]string{"true", "false", "", "yes", "0", "maybe"}).Draw(rt, col)
	}
	return rapid.OneOf(
		rapid.SampledFrom([]string{"", "acme", "globex", "Premium", "standard", "email", "phone", "urgent"}),
		rapid.SampledFrom([]string{`"a,b"`, `"say ""hi"""`, "\"two\nlines\"", "\"cr\r\nlf\"", `""`, "\"\n\""}),
		rapid.SampledFrom([]string{`a"b`, `"open`, "\x00", "\xff"}),
	).Draw(rt, col)
}

// historyExport draws a history in CSV: a header, event rows of a few
// tickets in any order with contradictions, blank lines, malformed rows,
// CRLF or LF, maybe a BOM and maybe no final line end.
func historyExport(rt *rapid.T) string {
	var b strings.Builder
	if rapid.Bool().Draw(rt, "bom") {
		b.WriteString("\uFEFF")
	}
	eol := rapid.SampledFrom([]string{"\n", "\r\n"}).Draw(rt, "eol")
	header := rapid.SampledFrom(historyHeaders).Draw(rt, "header")
	b.WriteString(header + eol)
	cols := strings.Split(header, ",")
	n := rapid.IntRange(0, 60).Draw(rt, "rows")
	for i := range n {
		switch rapid.IntRange(0, 9).Draw(rt, "kind") {
		case 0:
			b.WriteString(rapid.SampledFrom([]string{"", " ", ",,,,,", "\r"}).Draw(rt, "blank"))
		case 1, 2:
			// Any value in any column, and maybe too few columns.
			fields := make([]string, len(cols))
			for j, c := range cols {
				fields[j] = historyValue(rt, c)
			}
			b.WriteString(strings.Join(fields[:rapid.IntRange(1, len(fields)).Draw(rt, "width")], ","))
		default:
			// An ordinary event of one of a few tickets.
			fields := make([]string, len(cols))
			for j, c := range cols {
				switch c {
				case "ticket_id":
					fields[j] = rapid.SampledFrom([]string{"1", "2", "3", "4", "5"}).Draw(rt, "id")
				case "customer", "plan", "channel", "priority":
					fields[j] = rapid.SampledFrom([]string{"", "", "acme", "Premium", "email", "globex"}).Draw(rt, c)
				default:
					fields[j] = historyValue(rt, c)
				}
			}
			b.WriteString(strings.Join(fields, ","))
		}
		if i < n-1 || rapid.Bool().Draw(rt, "final eol") {
			b.WriteString(eol)
		}
	}
	return b.String()
}

// TestHistorySplitAgrees: for random histories — quoted fields with
// delimiters, quotes and line ends near chunk ends, CRLF, a BOM, blank
// lines, malformed rows, bad ids, contradictions between rows of one
// ticket in different chunks — chunks of any size down to one byte, and
// two to four workers, reading split gives exactly the sequential
// reader's tickets, trails, rejections, positions, error and events.
func TestHistorySplitAgrees(t *testing.T) {
	la := mustZone(t, "America/Los_Angeles")
	rapid.Check(t, func(rt *rapid.T) {
		input := historyExport(rt)
		opts := Options{Shape: ShapeHistory, Trail: true, InputTZ: la}
		if rapid.Bool().Draw(rt, "size limit") {
			// The size limit fails the read partway, as a read error
			// would.
			opts.MaxInputBytes = int64(rapid.IntRange(1, len(input)+1).Draw(rt, "max"))
		}
		want := readHistory(t, strings.NewReader(input), opts)
		withHistChunks(t, rapid.IntRange(1, 300).Draw(rt, "size"), rapid.IntRange(1, 12).Draw(rt, "lines"))
		opts.HistoryWorkers = rapid.IntRange(2, 4).Draw(rt, "workers")
		var in io.Reader = strings.NewReader(input)
		if rapid.Bool().Draw(rt, "slow") {
			in = iotest.HalfReader(iotest.OneByteReader(in))
		}
		if got := readHistory(t, in, opts); !slices.Equal(got, want) {
			rt.Fatalf("split in chunks of %d bytes or %d lines, %q read differently:\ngot\n%s\nwant\n%s",
				histChunkBytes, histChunkLines, input, describeAll(got), describeAll(want))
		}
	})
}

// historyObject draws one event of a history in JSON: an object whose keys
// vary (aliases, a --map key some records lack, unknown keys, values of
// every JSON kind, escaped quotes and newlines), or an element that is
// not an object.
func historyObject(rt *rapid.T) string {
	if rapid.IntRange(0, 9).Draw(rt, "kind") == 0 {
		return rapid.SampledFrom([]string{"[1]", `"x"`, "null", "7", "true"}).Draw(rt, "not an object")
	}
	var members []string
	for _, key := range []string{"ticket_id", "id", "at", "event", "actor", "public", "customer", "org", "plan", "note"} {
		if !rapid.Bool().Draw(rt, "has "+key) && key != "ticket_id" && key != "at" {
			continue
		}
		var val string
		switch key {
		case "ticket_id", "id":
			val = rapid.SampledFrom([]string{`"1"`, `"2"`, "3", `"a\"b"`, `""`, "null", `{"x":1}`}).Draw(rt, key)
		case "at":
			val = rapid.SampledFrom([]string{`"2026-10-05T09:14:00-07:00"`, `"2026-10-05T16:14:00Z"`, `"2026-11-01T01:30:00"`, `"soon"`, "null", "12"}).Draw(rt, key)
		case "event":
			val = rapid.SampledFrom([]string{`"created"`, `"reply"`, `"note"`, `""`, "1"}).Draw(rt, key)
		case "actor":
			val = rapid.SampledFrom([]string{`"agent"`, `"customer"`, `"system"`, "null"}).Draw(rt, key)
		case "public":
			val = rapid.SampledFrom([]string{"true", "false", `"yes"`, `"maybe"`, "null", "[1]"}).Draw(rt, key)
		default:
			val = rapid.SampledFrom([]string{`"acme"`, `"globex"`, `"Premium"`, `"two\nlines"`, `"say \"hi\""`, `{"a":[1,{"b":2}]}`, "null", "1.5"}).Draw(rt, key)
		}
		members = append(members, fmt.Sprintf("%q:%s", key, val))
	}
	rapid.Permutation(members).Draw(rt, "order")
	return "{" + strings.Join(members, rapid.SampledFrom([]string{",", ", "}).Draw(rt, "sep")) + "}"
}

// TestHistorySplitAgreesJSON: for random histories in NDJSON and in JSON
// arrays — keys that vary from record to record (so which key binds a
// field, which are unused and whether a --map key was ever met depend on
// every chunk), elements that are not objects, blank and broken lines,
// contradictions across chunks — chunks of any size down to one byte and
// two to four workers, reading split gives exactly the sequential reader's
// tickets, trails, rejections, positions, error, events and binding.
func TestHistorySplitAgreesJSON(t *testing.T) {
	la := mustZone(t, "America/Los_Angeles")
	rapid.Check(t, func(rt *rapid.T) {
		var b strings.Builder
		name := rapid.SampledFrom([]string{"h.ndjson", "h.json"}).Draw(rt, "format")
		n := rapid.IntRange(0, 40).Draw(rt, "events")
		if name == "h.json" {
			b.WriteString("[")
		}
		for i := range n {
			switch {
			case name == "h.json" && i > 0:
				b.WriteString(",\n")
			case name == "h.ndjson" && rapid.IntRange(0, 9).Draw(rt, "odd line") == 0:
				b.WriteString(rapid.SampledFrom([]string{"", " ", `{"ticket_id":`, "{\"ticket_id\":\"\xff\",\"at\":\"x\"}"}).Draw(rt, "line") + "\n")
			}
			b.WriteString(historyObject(rt))
			if name == "h.ndjson" && (i < n-1 || rapid.Bool().Draw(rt, "final eol")) {
				b.WriteString("\n")
			}
		}
		if name == "h.json" {
			b.WriteString(rapid.SampledFrom([]string{"]", "]\n", "", "]x"}).Draw(rt, "end"))
		}
		input := b.String()
		opts := Options{Shape: ShapeHistory, Trail: true, InputTZ: la}
		if rapid.Bool().Draw(rt, "map") {
			opts.Map = map[string]string{"customer": "org"}
		}
		if rapid.Bool().Draw(rt, "size limit") {
			opts.MaxInputBytes = int64(rapid.IntRange(1, len(input)+1).Draw(rt, "max"))
		}
		want := readHistoryNamed(t, name, input, opts)
		withHistChunks(t, rapid.IntRange(1, 300).Draw(rt, "size"), rapid.IntRange(1, 12).Draw(rt, "lines"))
		opts.HistoryWorkers = rapid.IntRange(2, 4).Draw(rt, "workers")
		if got := readHistoryNamed(t, name, input, opts); !slices.Equal(got, want) {
			rt.Fatalf("split in chunks of %d bytes or %d records, %q read differently:\ngot\n%s\nwant\n%s",
				histChunkBytes, histChunkLines, input, describeAll(got), describeAll(want))
		}
	})
}

// FuzzHistorySplit checks a history of any rows after its header, split
// in chunks of any size, against the sequential reader.
func FuzzHistorySplit(f *testing.F) {
	f.Add("1,2026-10-05T09:14:00Z,created,customer,true,acme\n1,2026-10-05T10:00:00Z,reply,agent,,\n", uint16(1), uint8(1))
	f.Add("1,2026-10-05T09:14:00Z,created,,,\"a\n\"\"b\"\r\n\r\n2,x,reply", uint16(7), uint8(2))
	f.Add("\"open\n1,2\n", uint16(3), uint8(1))
	f.Add("\xff,2026-10-05T09:14:00Z,created\n,,\n2,2026-11-01T01:30:00,created,,,b\n", uint16(2), uint8(1))
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, rows string, size uint16, lines uint8) {
		input := "ticket_id,at,event,actor,public,customer\n" + rows
		opts := Options{Shape: ShapeHistory, Trail: true, InputTZ: la}
		want := readHistory(t, strings.NewReader(input), opts)
		withHistChunks(t, max(int(size), 1), max(int(lines), 1))
		opts.HistoryWorkers = 2
		if got := readHistory(t, strings.NewReader(input), opts); !slices.Equal(got, want) {
			t.Fatalf("split in chunks of %d bytes or %d lines, %q read differently:\ngot\n%s\nwant\n%s",
				histChunkBytes, histChunkLines, input, describeAll(got), describeAll(want))
		}
	})
}

// FuzzHistorySplitNDJSON is FuzzHistorySplit for a history in NDJSON.
func FuzzHistorySplitNDJSON(f *testing.F) {
	f.Add(`{"ticket_id":"1","at":"2026-10-05T09:14:00Z","event":"created","customer":"acme"}`+"\n"+`{"ticket_id":"1","at":"2026-10-05T10:00:00Z","event":"reply","actor":"agent"}`, uint16(1), uint8(1))
	f.Add("[1]\n\n{\"ticket_id\":\"2\",\"at\":\"x\",\"event\":\"created\",\"org\":{}}\r\n{\"ticket_id\":", uint16(7), uint8(2))
	f.Fuzz(func(t *testing.T, input string, size uint16, lines uint8) {
		opts := Options{Shape: ShapeHistory, Trail: true, Map: map[string]string{"customer": "org"}}
		want := readHistoryNamed(t, "h.ndjson", input, opts)
		withHistChunks(t, max(int(size), 1), max(int(lines), 1))
		opts.HistoryWorkers = 2
		if got := readHistoryNamed(t, "h.ndjson", input, opts); !slices.Equal(got, want) {
			t.Fatalf("split in chunks of %d bytes or %d lines, %q read differently:\ngot\n%s\nwant\n%s",
				histChunkBytes, histChunkLines, input, describeAll(got), describeAll(want))
		}
	})
}

// readHistoryNamed is readHistory of input called name, with the binding
// of an input read to its end without error.
func readHistoryNamed(t testing.TB, name, input string, opts Options) []string {
	t.Helper()
	r, err := NewReader(strings.NewReader(input), name, opts)
	out := drainHistory(t, r, err)
	if err == nil && !slices.ContainsFunc(out, func(s string) bool { return strings.HasPrefix(s, "ERROR ") }) {
		out = append(out, fmt.Sprintf("BINDING %+v", r.Binding()))
	}
	return out
}

// TestHistorySplits: a history large enough to map, read from its file
// with workers, is split (its chunks are cut out of the mapping) and reads
// as it does sequentially, and so does the sample history.
func TestHistorySplits(t *testing.T) {
	defer func(old int64) { mapThreshold = old }(mapThreshold)
	mapThreshold = 1
	withHistChunks(t, 200, 5)
	big := filepath.Join(t.TempDir(), "big.csv")
	var b strings.Builder
	b.WriteString("ticket_id,at,event,actor,public,customer,plan\n")
	at := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	for i := range 3000 {
		b.WriteString(strconv.Itoa(i%700) + "," + at.Add(time.Duration(i)*time.Minute).Format(time.RFC3339) + ",")
		switch {
		case i < 700:
			b.WriteString("created,customer,true,\"acme, inc\",Premium\n")
		case i%3 == 0:
			b.WriteString("reply,agent,true,,\n")
		default:
			b.WriteString("note,agent,false,,\n")
		}
	}
	if err := os.WriteFile(big, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{big, "../../testdata/history-2026-10.csv"} {
		want := readAllOpen(t, path, Options{})
		if len(want) < 10 {
			t.Fatalf("%s: %d tickets, too few to split", path, len(want))
		}
		r, err := Open(path, nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		// What nextHistory does at the first Scan with HistoryWorkers 3.
		s := r.splitHistory(3)
		if s == nil || s.sp.mapped == nil {
			t.Fatalf("%s: not split, or not mapped", path)
		}
		r.hist.split, r.hist.begun = s, true
		got := drain(t, r, nil)
		if !slices.Equal(got, want) {
			t.Errorf("%s split:\ngot\n%s\nwant\n%s", path, describeAll(got), describeAll(want))
		}
		if s := r.hist.split; s == nil || s.sp.chunks < 10 {
			t.Errorf("%s: not split", path)
		}
	}
}

// TestHistorySplitThreads: the helpdesk exports in testdata that a preset
// reads as a history of each conversation's threads (Help Scout's
// conversations, Zendesk's comments) read split, in chunks of every size,
// as they do in order: the tickets, trails, rejections and events.
func TestHistorySplitThreads(t *testing.T) {
	var paths []string
	for _, pattern := range []string{"../../testdata/presets/*.json", "../../testdata/presets/*/*.json"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, m...)
	}
	threads := 0
	for _, path := range paths {
		preset := strings.TrimSuffix(filepath.Base(path), ".json")
		if dir := filepath.Base(filepath.Dir(path)); dir != "presets" {
			preset = dir
		}
		opts := Options{Preset: preset, Trail: true}
		r, err := Open(path, nil, opts)
		if err != nil || r.hist == nil {
			if r != nil {
				r.Close()
			}
			continue
		}
		_, ok := r.hist.src.(*threadSource)
		r.Close()
		if !ok {
			continue
		}
		threads++
		read := func(opts Options) []string {
			r, err := Open(path, nil, opts)
			return drainHistory(t, r, err)
		}
		want := read(opts)
		for _, size := range []int{1, 100, 2000} {
			withHistChunks(t, size, 3)
			opts.HistoryWorkers = 3
			if got := read(opts); !slices.Equal(got, want) {
				t.Errorf("%s split in chunks of %d bytes:\ngot\n%s\nwant\n%s", path, size, describeAll(got), describeAll(want))
			}
		}
	}
	if threads < 2 {
		t.Fatalf("%d exports read as threads in %q, want Help Scout's and Zendesk's", threads, paths)
	}
}

// TestHistorySplitStops: closing a Reader whose history is read on
// workers stops every goroutine it started: before any event is folded,
// partway, and after the last.
func TestHistorySplitStops(t *testing.T) {
	withHistChunks(t, 64, 2)
	var b strings.Builder
	b.WriteString("ticket_id,at,event\n")
	for i := range 2000 {
		b.WriteString(strconv.Itoa(i) + ",2026-10-05T16:14:00Z,created\n")
	}
	for _, events := range []int{0, 1, 1000, -1} {
		before := runtime.NumGoroutine()
		r, err := NewReader(strings.NewReader(b.String()), "h.csv", Options{HistoryWorkers: 4})
		if err != nil {
			t.Fatal(err)
		}
		// What the first Scan does, so that events can be folded one by
		// one: the cutting goroutine and four workers start.
		r.hist.split, r.hist.begun = r.splitHistory(4), true
		if r.hist.split == nil || runtime.NumGoroutine() < before+5 {
			t.Fatalf("not split: %d goroutines, %d before", runtime.NumGoroutine(), before)
		}
		if events < 0 {
			drain(t, r, nil) // to the end, and Close
		}
		for range events {
			if _, err := r.hist.nextEvent(); err != nil {
				t.Fatal(err)
			}
		}
		r.Close()
		for deadline := time.Now().Add(10 * time.Second); runtime.NumGoroutine() > before; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("after %d events and Close, %d goroutines, %d before", events, runtime.NumGoroutine(), before)
			}
		}
	}
}
