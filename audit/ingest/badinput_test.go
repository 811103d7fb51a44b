package ingest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// The regression tests of this file are named after what the adversarial
// corpus (testdata/bad, cmd/bad_test.go) found broken.

// TestSizeLimitNotBypassedByPeek: a file one byte over MaxInputBytes was
// read cut short, because the peeks at its start (the UTF-8 BOM, the CSV
// header, the first JSON byte) dropped the size error once and the next
// read saw the end of the input.
func TestSizeLimitNotBypassedByPeek(t *testing.T) {
	const csvIn = "id,customer,plan,channel,submitted_at,first_response_at\n1,acme,premium,email,2026-10-05T16:00:00Z,2026-10-05T16:30:00Z\n"
	const jsonIn = `[{"id": "1", "submitted_at": "2026-10-05T16:00:00Z"}]` + "\n"
	const ndjsonIn = `{"id": "1", "submitted_at": "2026-10-05T16:00:00Z"}` + "\n"
	const histIn = "ticket_id,at,event\n1,2026-10-05T16:00:00Z,created\n"
	tests := []struct {
		name, file, input string
		opts              Options
	}{
		{"csv, shape detected", "a.csv", csvIn, Options{}},
		{"csv, rows", "a.csv", csvIn, Options{Shape: ShapeRows}},
		{"csv, format detected", "a.dat", csvIn, Options{}},
		{"csv, zendesk preset", "a.csv", csvIn, Options{Preset: "zendesk"}},
		{"json", "a.json", jsonIn, Options{}},
		{"json, format detected", "a.dat", jsonIn, Options{}},
		{"ndjson", "a.ndjson", ndjsonIn, Options{}},
		{"history", "a.csv", histIn, Options{}},
	}
	for _, tt := range tests {
		for _, over := range []int{1, 2, 10} {
			limit := int64(len(tt.input) - over)
			t.Run(fmt.Sprintf("%s, %d over", tt.name, over), func(t *testing.T) {
				got := readAll(t, tt.input, tt.file, Options{MaxInputBytes: limit, Shape: tt.opts.Shape, Preset: tt.opts.Preset})
				if len(got) == 0 || !strings.HasPrefix(got[len(got)-1], "ERROR ") || !strings.Contains(got[len(got)-1], ErrInputTooLarge.Error()) {
					t.Errorf("limit %d of %d bytes: got %q, want it to end in %q", limit, len(tt.input), got, ErrInputTooLarge)
				}
			})
		}
		t.Run(tt.name+", at the limit", func(t *testing.T) {
			got := readAll(t, tt.input, tt.file, Options{MaxInputBytes: int64(len(tt.input)), Shape: tt.opts.Shape, Preset: tt.opts.Preset})
			for _, line := range got {
				if strings.HasPrefix(line, "ERROR ") {
					t.Errorf("a file of exactly the limit: %q", got)
				}
			}
		})
	}
}

// TestSizeLimitErrorIsSticky checks the reader below the peeks directly.
func TestSizeLimitErrorIsSticky(t *testing.T) {
	s := &sizeLimit{r: strings.NewReader("abcd"), left: 3, max: 3}
	buf := make([]byte, 8)
	if n, err := s.Read(buf); n != 3 || err != nil {
		t.Fatalf("first read: %d, %v; want 3, nil", n, err)
	}
	for i := range 3 {
		if n, err := s.Read(buf); n != 0 || !errors.Is(err, ErrInputTooLarge) {
			t.Fatalf("read %d past the limit: %d, %v; want 0, %v", i+1, n, err, ErrInputTooLarge)
		}
	}
	s = &sizeLimit{r: strings.NewReader("abc"), left: 3, max: 3}
	io.ReadFull(s, buf[:3])
	if n, err := s.Read(buf); n != 0 || err != io.EOF {
		t.Fatalf("at the limit: %d, %v; want 0, io.EOF", n, err)
	}
}

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var b []byte
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	for _, u := range units {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

// TestUTF16IsAFileError: a UTF-16 export failed with "no id column", or
// had a NUL next to every character.
func TestUTF16IsAFileError(t *testing.T) {
	const text = "id,customer,submitted_at\r\n1,Zoë,2026-10-02T17:30:00Z\r\n"
	const jsonText = `[{"id": "1", "submitted_at": "2026-10-02T17:30:00Z"}]`
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(b)
		zw.Close()
		return buf.Bytes()
	}
	tests := []struct {
		name, file string
		input      []byte
		opts       Options
	}{
		{"little-endian with BOM", "export.csv", utf16Bytes(text, false, true), Options{}},
		{"big-endian with BOM", "export.csv", utf16Bytes(text, true, true), Options{}},
		{"little-endian without BOM", "export.csv", utf16Bytes(text, false, false), Options{}},
		{"big-endian without BOM", "export.csv", utf16Bytes(text, true, false), Options{}},
		{"gzip", "export.csv.gz", gz(utf16Bytes(text, false, true)), Options{}},
		{"json", "export.json", utf16Bytes(jsonText, false, true), Options{}},
		{"history shape", "export.csv", utf16Bytes("ticket_id,at,event\n", false, true), Options{Shape: ShapeHistory}},
		{"preset", "export.csv", utf16Bytes(text, false, true), Options{Preset: "zendesk"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, string(tt.input), tt.file, tt.opts)
			want := []string{"ERROR " + tt.file + ": " + ErrUTF16.Error()}
			if !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func TestIsUTF16(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{"\xff\xfe", true},
		{"\xfe\xff", true},
		{"i\x00d\x00", true},
		{"\x00i\x00d", true},
		{"i\x00d\x00,\x00\xe9\x00", true}, // é is E9 00
		{"i\x00", false},                  // too short to tell
		{"i\x00d", false},
		{"", false},
		{"id,submitted_at\n", false},
		{"\xef\xbb\xbfid", false}, // the UTF-8 BOM
		{"i\x00d\x00,c", false},   // not every character
		{"1,ac\x00me,premium", false},
	}
	for _, tt := range tests {
		if got := isUTF16([]byte(tt.head)); got != tt.want {
			t.Errorf("isUTF16(%q) = %v, want %v", tt.head, got, tt.want)
		}
	}
}

// TestNotTextIsRejected: NUL bytes and invalid UTF-8 in a field were read
// as data, so a NUL reached every report and the JSON report showed U+FFFD
// where the table and CSV reports printed the raw bytes.
func TestNotTextIsRejected(t *testing.T) {
	const header = "id,customer,plan,channel,priority,submitted_at,first_response_at,first_response_minutes,notes\n"
	const ok = "2026-10-02T17:30:00Z"
	tests := []struct {
		name  string
		input string // a CSV row after header, or a whole input for file
		file  string
		want  []string
	}{
		{name: "NUL in id", input: "1\x002,acme,premium,email,high," + ok + ",,,\n",
			want: []string{"REJECT export.csv:2: id: contains a NUL byte"}},
		{name: "NUL in customer", input: "1,ac\x00me,premium,email,high," + ok + ",,,\n",
			want: []string{"REJECT export.csv:2: customer: contains a NUL byte"}},
		{name: "NUL in plan", input: "1,acme,\x00,email,high," + ok + ",,,\n",
			want: []string{"REJECT export.csv:2: plan: contains a NUL byte"}},
		{name: "NUL in channel", input: "1,acme,premium,email\x00,high," + ok + ",,,\n",
			want: []string{"REJECT export.csv:2: channel: contains a NUL byte"}},
		{name: "NUL in priority", input: "1,acme,premium,email,\x00high," + ok + ",,,\n",
			want: []string{"REJECT export.csv:2: priority: contains a NUL byte"}},
		{name: "NUL in submitted_at", input: "1,acme,premium,email,high," + ok + "\x00,,,\n",
			want: []string{"REJECT export.csv:2: submitted_at: contains a NUL byte"}},
		{name: "NUL in first_response_at", input: "1,acme,premium,email,high," + ok + ",\x00,,\n",
			want: []string{"REJECT export.csv:2: first_response_at: contains a NUL byte"}},
		{name: "NUL in first_response_minutes", input: "1,acme,premium,email,high," + ok + ",,1\x00,\n",
			want: []string{"REJECT export.csv:2: first_response_minutes: contains a NUL byte"}},
		{name: "invalid UTF-8 in id", input: "\xff,acme,premium,email,high," + ok + ",,,\n",
			want: []string{"REJECT export.csv:2: id: is not valid UTF-8"}},
		{name: "invalid UTF-8 in customer", input: "1,caf\xe9,premium,email,high," + ok + ",,,\n",
			want: []string{"REJECT export.csv:2: customer: is not valid UTF-8"}},
		{name: "truncated rune in channel", input: "1,acme,premium,e\xe6\x97,high," + ok + ",,,\n",
			want: []string{"REJECT export.csv:2: channel: is not valid UTF-8"}},
		{name: "encoded surrogate in priority", input: "1,acme,premium,email,\xed\xa0\x80," + ok + ",,,\n",
			want: []string{"REJECT export.csv:2: priority: is not valid UTF-8"}},
		{name: "invalid UTF-8 in first_response_at", input: "1,acme,premium,email,high," + ok + ",2026-10-02T18:30:00\xc3Z,,\n",
			want: []string{"REJECT export.csv:2: first_response_at: is not valid UTF-8"}},
		// The fields are checked in their canonical order, before the
		// checks of SPEC §3.
		{name: "the first bad field is named", input: "1,acme,pre\xffmium,email,\x00," + ok + ",,,\n",
			want: []string{"REJECT export.csv:2: plan: is not valid UTF-8"}},
		{name: "before a missing id", input: ",ac\x00me,premium,email,high," + ok + ",,,\n",
			want: []string{"REJECT export.csv:2: customer: contains a NUL byte"}},
		{name: "NUL with invalid UTF-8 is a NUL", input: "1,\xff\x00,premium,email,high," + ok + ",,,\n",
			want: []string{"REJECT export.csv:2: customer: contains a NUL byte"}},
		// An unused column is not read.
		{name: "bad bytes in an unused column", input: "1,acme,premium,email,high," + ok + ",,,\x00\xff\n",
			want: []string{"export.csv:2 id=1 customer=acme plan=premium channel=email priority=high submitted=2026-10-02T17:30:00Z"}},
		// Valid UTF-8 of every length, on both sides of 8-byte words.
		{name: "valid UTF-8", input: "1,Café Zürich,東京,email,🙂," + ok + ",,,\n",
			want: []string{"export.csv:2 id=1 customer=Café Zürich plan=東京 channel=email priority=🙂 submitted=2026-10-02T17:30:00Z"}},
		// JSON: a raw NUL is a syntax error; an escaped one is a NUL.
		{name: "JSON escaped NUL", file: "export.json",
			input: `[{"id": "1", "customer": "ac\u0000me", "submitted_at": "` + ok + `"}]`,
			want:  []string{"REJECT export.json:#0: customer: contains a NUL byte"}},
		{name: "JSON raw invalid UTF-8", file: "export.json",
			input: "[{\"id\": \"1\", \"customer\": \"caf\xe9\", \"submitted_at\": \"" + ok + "\"}]",
			want:  []string{"REJECT export.json:#0: customer: is not valid UTF-8"}},
		{name: "JSON invalid UTF-8 with an escape", file: "export.json",
			input: "[{\"id\": \"1\", \"customer\": \"caf\xe9\\n\", \"submitted_at\": \"" + ok + "\"}]",
			want:  []string{"REJECT export.json:#0: customer: is not valid UTF-8"}},
		{name: "NDJSON invalid UTF-8 in id", file: "export.ndjson",
			input: "{\"id\": \"\xc0\xaf\", \"submitted_at\": \"" + ok + "\"}\n",
			want:  []string{"REJECT export.ndjson:1: id: is not valid UTF-8"}},
		{name: "JSON escaped non-ASCII is text", file: "export.json",
			input: `[{"id": "1", "customer": "caf\u00e9 \"x\"", "submitted_at": "` + ok + `"}]`,
			want:  []string{`export.json:#0 id=1 customer=café "x" submitted=2026-10-02T17:30:00Z`}},
		// A history: a bad ticket id rejects its row alone, any other
		// column its ticket.
		{name: "history ticket id", file: "history.csv",
			input: histHeader + "7\x00,2026-10-02T17:30:00Z,created,customer,true,acme,premium,,\n",
			want:  []string{"REJECT history.csv:2: ticket_id: contains a NUL byte"}},
		{name: "history customer", file: "history.csv",
			input: histHeader + "7,2026-10-02T17:30:00Z,created,customer,true,acme,premium,,\n" +
				"7,2026-10-02T18:30:00Z,reply,agent,true,ac\xffme,,,\n",
			want: []string{"REJECT history.csv:3: customer: is not valid UTF-8"}},
		{name: "history event", file: "history.csv",
			input: histHeader + "7,2026-10-02T17:30:00Z,created\x00,customer,true,acme,premium,,\n",
			want:  []string{"REJECT history.csv:2: event: contains a NUL byte"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file, input := tt.file, tt.input
			if file == "" {
				file, input = "export.csv", header+input
			}
			got := readAll(t, input, file, Options{})
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPlainASCII compares the eight-bytes-at-a-time check with a byte
// loop, for one bad byte at every position of strings of every length up
// to 40, and for every byte value.
func TestPlainASCII(t *testing.T) {
	slow := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] == 0 || s[i] >= utf8.RuneSelf {
				return false
			}
		}
		return true
	}
	for n := range 41 {
		base := []byte(strings.Repeat("a", n))
		if !plainASCII(string(base)) {
			t.Fatalf("plainASCII(%q) = false", base)
		}
		for i := range n {
			for _, c := range []byte{0, 1, 0x7f, 0x80, 0xc3, 0xff} {
				b := slices.Clone(base)
				b[i] = c
				if got, want := plainASCII(string(b)), slow(string(b)); got != want {
					t.Fatalf("plainASCII(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
	for c := range 256 {
		s := strings.Repeat("\x01", 9) + string([]byte{byte(c)}) + strings.Repeat("\x7f", 7)
		if got, want := plainASCII(s), slow(s); got != want {
			t.Fatalf("plainASCII(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestYearsOutsideRangeAreRejected: a ticket submitted in 9999 had a
// deadline in 10000, which is no RFC 3339 time, and one submitted in year
// 0 and unanswered had its lateness saturate time.Duration.
func TestYearsOutsideRangeAreRejected(t *testing.T) {
	la := mustZone(t, "America/Los_Angeles")
	tests := []struct {
		in     string
		tz     *time.Location
		layout string
		err    string // "" for a time that is read
	}{
		{in: "1900-01-01T00:00:00Z"},
		{in: "2199-12-31T23:59:59.999999999Z"},
		{in: "1900-01-01T00:00:00+23:59"}, // 1899 in UTC, 1900 as written
		{in: "2199-12-31T23:59:59-23:59"}, // 2200 in UTC, 2199 as written
		{in: "1899-12-31T23:59:59Z", err: `"1899-12-31T23:59:59Z" is outside the years 1900–2199`},
		{in: "2200-01-01T00:00:00Z", err: `"2200-01-01T00:00:00Z" is outside the years 1900–2199`},
		{in: "0000-01-01T00:00:00Z", err: `"0000-01-01T00:00:00Z" is outside the years 1900–2199`},
		{in: "9999-12-31T23:59:59Z", err: `"9999-12-31T23:59:59Z" is outside the years 1900–2199`},
		{in: "9999-12-31 23:59:59 +0530", err: `"9999-12-31 23:59:59 +0530" is outside the years 1900–2199`},
		{in: "0001-01-01 00:00", tz: la, err: `"0001-01-01 00:00" is outside the years 1900–2199`},
		{in: "0001-01-01t00:00:00z", err: `"0001-01-01t00:00:00z" is outside the years 1900–2199`},
		{in: "31/12/1850 10:00", layout: "02/01/2006 15:04", tz: time.UTC, err: `"31/12/1850 10:00" is outside the years 1900–2199`},
		{in: "31/12/2150 10:00 +0000", layout: "02/01/2006 15:04 -0700"},
		// A value out of range is still reported as such.
		{in: "0000-02-30T00:00:00Z", err: `"0000-02-30T00:00:00Z" is not a time (day out of range)`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, _, err := ParseTime(tt.in, tt.tz, tt.layout)
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("got error %v, want %q read", err, tt.in)
			case tt.err != "" && (err == nil || err.Error() != tt.err):
				t.Fatalf("got %v, %v; want error %q", got, err, tt.err)
			}
			if tt.layout == "" {
				checkTimeCache(t, tt.in, tt.in) // the cached path agrees
			}
		})
	}
}

// TestYearsOutsideRangeInRows checks the year range on every time a row or
// event gives.
func TestYearsOutsideRangeInRows(t *testing.T) {
	tests := []struct {
		name, file, input string
		want              []string
	}{
		{name: "submitted_at", file: "export.csv",
			input: "id,submitted_at,first_response_at\n1,9999-12-31T23:59:59Z,\n",
			want:  []string{`REJECT export.csv:2: submitted_at: "9999-12-31T23:59:59Z" is outside the years 1900–2199`}},
		{name: "first_response_at", file: "export.csv",
			input: "id,submitted_at,first_response_at\n1,2026-10-02T17:30:00Z,2226-10-02T17:30:00Z\n",
			want:  []string{`REJECT export.csv:2: first_response_at: "2226-10-02T17:30:00Z" is outside the years 1900–2199`}},
		{name: "first_response_minutes", file: "export.csv",
			input: "id,submitted_at,first_response_minutes\n1,2026-10-02T17:30:00Z,100000000\n2,2026-10-02T17:30:00Z,60\n",
			want: []string{
				`REJECT export.csv:2: first_response_minutes: "100000000" minutes after submission is past the year 2199`,
				"export.csv:3 id=2 submitted=2026-10-02T17:30:00Z response=2026-10-02T18:30:00Z",
			}},
		{name: "history at", file: "history.csv",
			input: histHeader + "7,0000-01-01T00:00:00Z,created,customer,true,acme,premium,,\n",
			want:  []string{`REJECT history.csv:2: at: "0000-01-01T00:00:00Z" is outside the years 1900–2199`}},
		{name: "JSON", file: "export.json",
			input: `[{"id": "1", "submitted_at": "1066-10-14T09:00:00Z"}]`,
			want:  []string{`REJECT export.json:#0: submitted_at: "1066-10-14T09:00:00Z" is outside the years 1900–2199`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, tt.input, tt.file, Options{})
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// BenchmarkTextCheck measures the per-row check of textProblem on the
// fields of a typical row, all plain ASCII.
func BenchmarkTextCheck(b *testing.B) {
	fields := []string{"TCK-104711", "Acme Corporation", "premium", "email", "high", "2026-10-02T17:30:00Z", "2026-10-02T18:45:00-07:00", ""}
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range fields {
			if !plainASCII(f) && textProblem(f) != "" {
				b.Fatal(f)
			}
		}
	}
}
