package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"pgregory.net/rapid"

	"github.com/slaaudit/slaaudit/audit"
)

// readSplit reads input like readAll, but through a Splitter with chunks of
// size bytes or maxLines lines: every chunk's rows in order, and the first
// error, which ends reading as it ends a sequential read.
func readSplit(t testing.TB, in io.Reader, name string, opts Options, size, maxLines int) []string {
	t.Helper()
	r, err := NewReader(in, name, opts)
	return drainSplit(t, r, err, size, maxLines)
}

// drainSplit is readSplit of a Reader already open.
func drainSplit(t testing.TB, r *Reader, err error, size, maxLines int) []string {
	t.Helper()
	if err != nil {
		return []string{"ERROR " + err.Error()}
	}
	defer r.Close()
	sp := r.Split(size, maxLines)
	if sp == nil {
		t.Fatalf("%s: the input cannot be split", r.name)
	}
	return drainChunks(t, sp)
}

// drainChunks reads every chunk of sp like drainSplit.
func drainChunks(t testing.TB, sp *Splitter) []string {
	t.Helper()
	var out []string
	var reuse *Reader
	for chunks := 0; ; chunks++ {
		if chunks > 1e6 {
			t.Fatal("splitter does not end")
		}
		c, err := sp.Next()
		if err == io.EOF {
			if err := sp.End(); err != nil {
				out = append(out, "ERROR "+err.Error())
			}
			return out
		}
		if err != nil {
			t.Fatalf("Next: %v (errors come from the chunk's reader)", err)
		}
		// Every other chunk resets the reader of the one before.
		if chunks%2 == 0 {
			reuse = nil
		}
		reuse = sp.Reader(c, reuse)
		rows := drain(t, reuse, nil)
		out = append(out, rows...)
		if len(rows) > 0 && strings.HasPrefix(rows[len(rows)-1], "ERROR ") {
			if c.Rest() {
				// The rest of the input was read: nothing follows.
				if _, err := sp.Next(); err != io.EOF {
					t.Fatalf("Next after the last chunk: %v, want io.EOF", err)
				}
			}
			return out
		}
	}
}

func describeAll(rows []string) string { return strings.Join(rows, "\n") }

// checkSplitAgrees reads input sequentially and split, and fails with
// fatalf (t.Fatalf, or rapid's) when the rows, rejections, positions or
// errors differ.
func checkSplitAgrees(t testing.TB, fatalf func(string, ...any), input string, opts Options, size, maxLines int, slow bool) {
	t.Helper()
	want := readAll(t, input, "x.csv", opts)
	var in io.Reader = strings.NewReader(input)
	if slow {
		in = iotest.HalfReader(iotest.OneByteReader(in))
	}
	got := readSplit(t, in, "x.csv", opts, size, maxLines)
	if !slices.Equal(got, want) {
		fatalf("chunks of %d bytes or %d lines read %q differently:\ngot\n%s\nwant\n%s",
			size, maxLines, input, describeAll(got), describeAll(want))
	}
}

// splitHeader is the header of the generated exports.
const splitHeader = "id,submitted_at,first_response_at,customer,plan,channel"

// splitField draws one field: plain, empty, quoted with the delimiter, a
// quote or a line end inside, or (rarely) malformed.
func splitField(rt *rapid.T, label string) string {
	return rapid.OneOf(
		rapid.SampledFrom([]string{"", " ", "acme", "Premium", "standard", "email", "phone", "x"}),
		rapid.SampledFrom([]string{`"a,b"`, `"say ""hi"""`, "\"two\nlines\"", "\"cr\r\nlf\"", `""""`, `""`, "\"\n\"", "\"\n\n,\"\"\n\""}),
		rapid.SampledFrom([]string{`a"b`, `"open`, `"x"y`, "\x00", "\xff"}),
	).Draw(rt, label)
}

// splitTime draws a time field: valid in several forms, invalid, blank.
func splitTime(rt *rapid.T, label string) string {
	return rapid.SampledFrom([]string{
		"2026-10-05T09:14:00-07:00", "2026-10-05T16:14:00Z", "2026-11-01T01:30:00-08:00",
		"2026-10-06T10:00:00.5Z", "2026-10-05 09:14", "", "soon", "2026-13-01T00:00:00Z",
		`"2026-10-07T08:00:00Z"`,
	}).Draw(rt, label)
}

// splitExport draws a CSV export: a header, rows of random fields with
// duplicate ids, blank lines, CRLF or LF ends, maybe a BOM and maybe no
// final line end.
func splitExport(rt *rapid.T) string {
	var b strings.Builder
	if rapid.Bool().Draw(rt, "bom") {
		b.WriteString("\uFEFF")
	}
	eol := rapid.SampledFrom([]string{"\n", "\r\n"}).Draw(rt, "eol")
	b.WriteString(splitHeader + eol)
	n := rapid.IntRange(0, 40).Draw(rt, "rows")
	for i := range n {
		switch rapid.IntRange(0, 9).Draw(rt, "kind") {
		case 0:
			b.WriteString(rapid.SampledFrom([]string{"", " ", ",,,,,", "\r"}).Draw(rt, "blank"))
		case 1:
			// A row with a field that may hold quotes, line ends or worse.
			fields := []string{
				rapid.SampledFrom([]string{"1", "2", "3", `"4"`, ""}).Draw(rt, "id"),
				splitTime(rt, "submitted"), splitTime(rt, "response"),
				splitField(rt, "customer"), splitField(rt, "plan"), splitField(rt, "channel"),
			}
			b.WriteString(strings.Join(fields[:rapid.IntRange(1, len(fields)).Draw(rt, "width")], ","))
		default:
			id := rapid.IntRange(1, 30).Draw(rt, "id")
			b.WriteString(strings.Join([]string{
				string(rune('0'+id/10)) + string(rune('0'+id%10)),
				splitTime(rt, "submitted"), splitTime(rt, "response"), "acme", "premium", "email",
			}, ","))
		}
		if i < n-1 || rapid.Bool().Draw(rt, "final eol") {
			b.WriteString(eol)
		}
	}
	return b.String()
}

// TestSplitAgrees: for random exports — quoted fields with delimiters,
// quotes and line ends near chunk ends, CRLF, a BOM, blank lines, bad and
// malformed rows, duplicate ids across chunks — and chunks of any size
// down to one byte, reading the chunks gives exactly the sequential
// reader's tickets, rejections, positions and error.
func TestSplitAgrees(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		input := splitExport(rt)
		size := rapid.IntRange(1, 300).Draw(rt, "size")
		maxLines := rapid.IntRange(1, 12).Draw(rt, "maxLines")
		opts := Options{}
		if rapid.Bool().Draw(rt, "size limit") {
			// The size limit fails the read partway, as a read error
			// would.
			opts.MaxInputBytes = int64(rapid.IntRange(len(splitHeader)+2, len(input)+1).Draw(rt, "max"))
		}
		checkSplitAgrees(t, rt.Fatalf, input, opts, size, maxLines, rapid.Bool().Draw(rt, "slow"))
	})
}

// TestSplitLargeRecord: a record larger than MaxRecordBytes, where no
// chunk can end, is the same file error split as not, on the same line,
// after the same rows, whether it is one long line or a quoted field of
// many lines, and whether its quote ever closes.
func TestSplitLargeRecord(t *testing.T) {
	row := "7,2026-10-05T09:14:00Z,2026-10-05T10:00:00Z,acme,premium,email\n"
	long := strings.Repeat("y", MaxRecordBytes)
	lines := strings.Repeat("line\n", MaxRecordBytes/5+1)
	for name, big := range map[string]string{
		"long line":         "8,2026-10-05T09:14:00Z,," + long + ",premium,email\n",
		"quoted lines":      "8,2026-10-05T09:14:00Z,,\"" + lines + "\",premium,email\n",
		"quote never ends":  "8,2026-10-05T09:14:00Z,,\"" + lines,
		"bare quote first":  "8,2026-10-05T09:14:00Z,,a\"b,premium,email\n\"" + lines,
		"just under, fine":  "8,2026-10-05T09:14:00Z,," + long[:MaxRecordBytes-100] + ",premium,email\n",
		"quoted, just fine": "8,2026-10-05T09:14:00Z,,\"" + lines[:MaxRecordBytes-200] + "\",premium,email\n",
	} {
		t.Run(name, func(t *testing.T) {
			input := splitHeader + "\n" + strings.Repeat(row, 50) + big + strings.Repeat(row, 50)
			for _, size := range []int{1, 100, 4096} {
				checkSplitAgrees(t, t.Fatalf, input, Options{}, size, 1000, false)
			}
		})
	}
}

// errAfter returns its data, then fails with err.
type errAfter struct {
	data string
	err  error
}

func (e *errAfter) Read(p []byte) (int, error) {
	if e.data == "" {
		return 0, e.err
	}
	n := copy(p, e.data)
	e.data = e.data[n:]
	return n, nil
}

// TestSplitReadError: an input that fails partway gives the rows before
// the failure and the same error, split or not.
func TestSplitReadError(t *testing.T) {
	input := splitHeader + "\n" + strings.Repeat("7,2026-10-05T09:14:00Z,,acme,premium,email\n", 40) + "8,2026-10-05T09:1"
	fail := errors.New("disk on fire")
	read := func(r *Reader, err error) []string { return drain(t, r, err) }
	want := read(NewReader(&errAfter{input, fail}, "x.csv", Options{}))
	if !strings.Contains(want[len(want)-1], "disk on fire") || len(want) != 41 {
		t.Fatalf("the sequential reader: %q", want)
	}
	for _, size := range []int{1, 50, 1000, 1 << 20} {
		got := readSplit(t, &errAfter{input, fail}, "x.csv", Options{}, size, 7)
		if !slices.Equal(got, want) {
			t.Fatalf("chunks of %d bytes:\ngot\n%s\nwant\n%s", size, describeAll(got), describeAll(want))
		}
	}
}

// TestSplitRefuses: Split returns nil for what cannot be split — a history, a multi-byte delimiter, a reader already scanned — and Scan on
// a split reader fails instead of reading rows twice.
func TestSplitRefuses(t *testing.T) {
	rows := splitHeader + "\n1,2026-10-05T09:14:00Z,,acme,premium,email\n"
	for name, c := range map[string]struct {
		input, file string
		opts        Options
	}{
		"history":   {"ticket_id,at,event\n1,2026-10-05T09:14:00Z,created\n", "x.csv", Options{}},
		"delimiter": {strings.ReplaceAll(rows, ",", "¦"), "x.csv", Options{Delimiter: '¦'}},
	} {
		r, err := NewReader(strings.NewReader(c.input), c.file, c.opts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if sp := r.Split(10, 10); sp != nil {
			t.Errorf("%s: split", name)
		}
	}
	r, err := NewReader(strings.NewReader(rows), "x.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var tk audit.Ticket
	if !r.Scan(&tk) {
		t.Fatal(r.Err())
	}
	if r.Split(10, 10) != nil {
		t.Error("a reader that has scanned rows was split")
	}
	r, _ = NewReader(strings.NewReader(rows), "x.csv", Options{})
	if r.Split(10, 10) == nil {
		t.Fatal("a fresh CSV reader was not split")
	}
	if r.Scan(&tk) || !errors.Is(r.Err(), errSplit) {
		t.Errorf("Scan on a split reader: %v, want %v", r.Err(), errSplit)
	}
}

// TestSplitEndWaitsForChunks: End before every chunk of a JSON input was
// read to its end is an error, not a binding and a check of part of the
// input.
func TestSplitEndWaitsForChunks(t *testing.T) {
	input := `{"id":"1","submitted_at":"2026-10-05T09:14:00Z","plan":"premium"}` + "\n" +
		`{"id":"2","submitted_at":"2026-10-05T09:14:00Z","plan":"premium"}` + "\n"
	r, err := NewReader(strings.NewReader(input), "x.ndjson", Options{})
	if err != nil {
		t.Fatal(err)
	}
	sp := r.Split(1, 1)
	c, err := sp.Next()
	if err != nil {
		t.Fatal(err)
	}
	if err := sp.End(); err == nil {
		t.Fatal("End before any chunk was read: no error")
	}
	for ; err == nil; c, err = sp.Next() {
		drain(t, sp.Reader(c, nil), nil)
	}
	if err := sp.End(); err != nil {
		t.Fatalf("End after every chunk: %v", err)
	}
	if got := r.Binding().Columns; len(got) != 3 {
		t.Errorf("binding %+v, want id, submitted_at and plan", got)
	}
}

// FuzzSplit checks the chunks of any input after a header against the
// sequential reader, with chunks of any size.
func FuzzSplit(f *testing.F) {
	f.Add("1,2026-10-05T09:14:00Z,,acme,premium,email\n", uint16(1), uint8(1))
	f.Add("1,2026-10-05T09:14:00Z,,\"a\n\"\"b\",premium,email\r\n\r\n2,x", uint16(7), uint8(2))
	f.Add("\"open\n1,2\n", uint16(3), uint8(1))
	f.Add("a\"b\n\"\n\"\n", uint16(2), uint8(1))
	f.Fuzz(func(t *testing.T, rows string, size uint16, maxLines uint8) {
		checkSplitAgrees(t, t.Fatalf, splitHeader+"\n"+rows, Options{}, int(size), int(maxLines), false)
	})
}

// TestSplitFiles: the CSV and JSON exports in testdata — plain, gzip-compressed,
// and helpdesks' exports read through their presets (Zammad's with a
// title before its header and a zone line after its table, which the
// preset's filter blanks) — read through Open give the same rows split
// into chunks of any size as sequentially.
func TestSplitFiles(t *testing.T) {
	la := mustZone(t, "America/Los_Angeles")
	for _, c := range []struct {
		path string
		opts Options
	}{
		{"../../testdata/ingest/tickets.csv", Options{}},
		{"../../testdata/ingest/tickets.csv", Options{InputTZ: la}},
		{"../../testdata/ingest/tickets.csv.gz", Options{InputTZ: la}},
		{"../../testdata/export-2026-10.csv", Options{}},
		{"../../testdata/ingest/tickets.ndjson", Options{}},
		{"../../testdata/ingest/tickets.json", Options{}},
		{"../../testdata/presets/zendesk.json", Options{Preset: "zendesk"}},
		{"../../testdata/presets/zammad.csv", Options{Preset: "zammad"}},
		{"../../testdata/presets/zendesk.csv", Options{Preset: "zendesk"}},
		{"../../testdata/presets/freshdesk.csv", Options{Preset: "freshdesk"}},
	} {
		want := readAllOpen(t, c.path, c.opts)
		if len(want) < 3 {
			t.Fatalf("%s: %q: too few rows to split", c.path, want)
		}
		for _, size := range []int{1, 50, 300, 1 << 16} {
			r, err := Open(c.path, nil, c.opts)
			got := drainSplit(t, r, err, size, 1000)
			if !slices.Equal(got, want) {
				t.Errorf("%s (%+v), chunks of %d bytes:\ngot\n%s\nwant\n%s", c.path, c.opts, size, describeAll(got), describeAll(want))
			}
		}
	}
}

// checkSplitAgreesNDJSON is checkSplitAgrees for an NDJSON input, which
// also compares the keys bound at the end (Binding).
func checkSplitAgreesNDJSON(t testing.TB, fatalf func(string, ...any), input string, opts Options, size, maxLines int) {
	t.Helper()
	checkSplitAgreesJSON(t, fatalf, "x.ndjson", input, opts, size, maxLines)
}

// checkSplitAgreesJSON is checkSplitAgreesNDJSON for an input called name.
func checkSplitAgreesJSON(t testing.TB, fatalf func(string, ...any), name, input string, opts Options, size, maxLines int) {
	t.Helper()
	// withBinding adds the keys r bound to rows that end without error:
	// after an error no binding is reported.
	withBinding := func(rows []string, r *Reader) []string {
		if r == nil || len(rows) > 0 && strings.HasPrefix(rows[len(rows)-1], "ERROR ") {
			return rows
		}
		return append(rows, fmt.Sprintf("BINDING %+v", r.Binding()))
	}
	r, err := NewReader(strings.NewReader(input), name, opts)
	want := withBinding(drain(t, r, err), r)
	r, err = NewReader(strings.NewReader(input), name, opts)
	got := withBinding(drainSplit(t, r, err, size, maxLines), r)
	if !slices.Equal(got, want) {
		fatalf("chunks of %d bytes or %d lines read %q differently:\ngot\n%s\nwant\n%s",
			size, maxLines, input, describeAll(got), describeAll(want))
	}
}

// checkSplitAgreesDrawn is checkSplitAgreesJSON with drawn options (a
// --map key some records lack, required fields, a size limit that fails
// the read partway) and chunks.
func checkSplitAgreesDrawn(t *testing.T, rt *rapid.T, name, input string) {
	opts := Options{}
	if rapid.Bool().Draw(rt, "map") {
		opts.Map = map[string]string{"channel": "note"}
	}
	if rapid.Bool().Draw(rt, "require") {
		opts.Require = Requirements{Plan: true, Response: rapid.Bool().Draw(rt, "response")}
	}
	if rapid.Bool().Draw(rt, "size limit") {
		opts.MaxInputBytes = int64(rapid.IntRange(1, len(input)+1).Draw(rt, "max"))
	}
	size := rapid.IntRange(1, 300).Draw(rt, "size")
	maxLines := rapid.IntRange(1, 12).Draw(rt, "maxLines")
	checkSplitAgreesJSON(t, rt.Fatalf, name, input, opts, size, maxLines)
}

// splitObject draws one NDJSON line: a ticket object whose keys vary
// (aliases, unknown keys, keys some records lack, escaped quotes and
// newlines in strings), maybe wrapped under "ticket", or a line that is
// blank, not an object, nested too deep or not JSON.
func splitObject(rt *rapid.T) string {
	switch rapid.IntRange(0, 11).Draw(rt, "line kind") {
	case 0:
		return rapid.SampledFrom([]string{"", " ", "\t", "\r"}).Draw(rt, "blank")
	case 1:
		return rapid.SampledFrom([]string{"[1]", `"x"`, "null", "7", "true"}).Draw(rt, "not an object")
	case 2:
		return rapid.SampledFrom([]string{`{"id":`, `{"id":"1",}`, "{\"id\":\"\xff\"}", strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)}).Draw(rt, "bad")
	}
	var members []string
	for _, key := range []string{"id", "ticket_id", "submitted_at", "created_at", "first_response_at", "customer", "plan", "channel", "priority", "note", "custom"} {
		if !rapid.Bool().Draw(rt, "has "+key) {
			continue
		}
		var val string
		switch key {
		case "id", "ticket_id":
			val = rapid.SampledFrom([]string{`"1"`, `"2"`, "3", `"a\"b"`, `""`, "null"}).Draw(rt, key)
		case "submitted_at", "created_at", "first_response_at":
			val = rapid.SampledFrom([]string{`"2026-10-05T09:14:00-07:00"`, `"2026-10-05T16:14:00Z"`, `"2026-11-01T01:30:00-08:00"`, `"soon"`, "null", "12"}).Draw(rt, key)
		default:
			val = rapid.SampledFrom([]string{`"acme"`, `"Premium"`, `"email"`, `"two\nlines"`, `"say \"hi\""`, `{"a":[1,{"b":2}]}`, "null", "1.5"}).Draw(rt, key)
		}
		members = append(members, fmt.Sprintf("%q:%s", key, val))
	}
	rapid.Permutation(members).Draw(rt, "order")
	obj := "{" + strings.Join(members, rapid.SampledFrom([]string{",", ", "}).Draw(rt, "sep")) + "}"
	if rapid.IntRange(0, 9).Draw(rt, "wrapped") == 0 {
		obj = `{"ticket":` + obj + `}`
	}
	return obj
}

// TestSplitAgreesNDJSON: for random NDJSON exports — keys that vary from
// record to record, so that which key binds a field, which are unused and
// whether a required field or --map key was never seen depend on every
// chunk; blank, bad, too deep and non-object lines; CRLF; strings with
// escaped newlines and quotes — and chunks of any size down to one byte,
// reading the chunks gives exactly the sequential reader's tickets,
// rejections, positions, error and binding.
func TestSplitAgreesNDJSON(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		var b strings.Builder
		eol := rapid.SampledFrom([]string{"\n", "\r\n"}).Draw(rt, "eol")
		n := rapid.IntRange(0, 30).Draw(rt, "lines")
		for i := range n {
			b.WriteString(splitObject(rt))
			if i < n-1 || rapid.Bool().Draw(rt, "final eol") {
				b.WriteString(eol)
			}
		}
		input := b.String()
		checkSplitAgreesDrawn(t, rt, "x.ndjson", input)
	})
}

// TestSplitLargeNDJSONRecord: NDJSON lines up to MaxRecordBytes long are
// read, and longer ones are the same file error split as not, on the same
// line, after the same rows, with or without a final newline.
func TestSplitLargeNDJSONRecord(t *testing.T) {
	row := `{"id":"7","submitted_at":"2026-10-05T09:14:00Z","plan":"premium"}` + "\n"
	// line returns a record of n bytes, its newline included when nl.
	line := func(n int, nl bool) string {
		head := `{"id":"8","submitted_at":"2026-10-05T09:14:00Z","note":"`
		tail := `"}`
		if nl {
			tail += "\n"
		}
		return head + strings.Repeat("y", n-len(head)-len(tail)) + tail
	}
	for _, n := range []int{MaxRecordBytes - 1, MaxRecordBytes, MaxRecordBytes + 1} {
		for _, last := range []bool{false, true} {
			input := strings.Repeat(row, 50) + line(n, !last)
			if !last {
				input += strings.Repeat(row, 50)
			}
			for _, size := range []int{1, 100, 4096} {
				checkSplitAgreesNDJSON(t, t.Fatalf, input, Options{}, size, 1000)
			}
		}
	}
}

// FuzzSplitNDJSON checks the chunks of any NDJSON input against the
// sequential reader, with chunks of any size.
func FuzzSplitNDJSON(f *testing.F) {
	f.Add(`{"id":"1","submitted_at":"2026-10-05T09:14:00Z"}`+"\n", uint16(1), uint8(1))
	f.Add("{\"id\":\"1\",\"note\":\"a\\nb\"}\r\n\r\n[1]\n{\"id\":", uint16(7), uint8(2))
	f.Fuzz(func(t *testing.T, input string, size uint16, maxLines uint8) {
		checkSplitAgreesNDJSON(t, t.Fatalf, input, Options{Format: "ndjson"}, int(size), int(maxLines))
	})
}

// splitArray draws a JSON array export: records as splitObject draws them
// (the valid ones, and values that are not objects), pretty-printed or
// not, maybe inside a "tickets" wrapper with keys around it (a second
// "tickets" key is an error), and maybe broken: cut short, a byte
// replaced, data after the end.
func splitArray(rt *rapid.T) string {
	var elems []string
	for range rapid.IntRange(0, 25).Draw(rt, "records") {
		e := splitObject(rt)
		if strings.TrimSpace(e) == "" || !json.Valid([]byte(e)) {
			e = rapid.SampledFrom([]string{"{}", "[1]", `"x"`}).Draw(rt, "value")
		}
		elems = append(elems, e)
	}
	sep := rapid.SampledFrom([]string{",", ",\n", ",\r\n  ", " , "}).Draw(rt, "sep")
	body := "[" + rapid.SampledFrom([]string{"", "\n", " "}).Draw(rt, "open") + strings.Join(elems, sep) +
		rapid.SampledFrom([]string{"", "\n"}).Draw(rt, "close") + "]"
	switch rapid.IntRange(0, 3).Draw(rt, "wrapper") {
	case 1:
		body = `{"tickets":` + body + `}`
	case 2:
		body = `{"count":2,"meta":{"a":[1,{"b":"]"}]},"tickets":` + body + `,"next_page":null}`
	case 3:
		body = `{"tickets":` + body + `,"tickets":[]}`
	}
	switch rapid.IntRange(0, 7).Draw(rt, "break") {
	case 0:
		body = body[:rapid.IntRange(0, len(body)).Draw(rt, "cut")]
	case 1:
		i := rapid.IntRange(0, max(len(body)-1, 0)).Draw(rt, "at")
		if i < len(body) {
			body = body[:i] + rapid.SampledFrom([]string{"x", ",", "]", "}", "\"", "\n"}).Draw(rt, "byte") + body[i+1:]
		}
	case 2:
		body += rapid.SampledFrom([]string{" x", "\n[]", "\n"}).Draw(rt, "after")
	}
	return body
}

// TestSplitAgreesJSON: for random JSON array exports (splitArray) and
// chunks of any size down to one record, reading the chunks gives exactly
// the sequential reader's tickets, rejections, positions, error and
// binding.
func TestSplitAgreesJSON(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		input := splitArray(rt)
		checkSplitAgreesDrawn(t, rt, "x.json", input)
	})
}

// FuzzSplitJSON checks the chunks of any JSON input against the sequential
// reader, with chunks of any size.
func FuzzSplitJSON(f *testing.F) {
	f.Add(`[{"id":"1","submitted_at":"2026-10-05T09:14:00Z"},{"id":"2"}]`, uint16(1), uint8(1))
	f.Add(`{"tickets":[{"id":"1"},[1],"x"],"next":null}`, uint16(7), uint8(2))
	f.Add(`[{"id":"1"},{"id":`, uint16(3), uint8(1))
	f.Fuzz(func(t *testing.T, input string, size uint16, maxLines uint8) {
		checkSplitAgreesJSON(t, t.Fatalf, "x.json", input, Options{Format: "json"}, int(size), int(maxLines))
	})
}
