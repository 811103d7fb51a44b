package ingest

import (
	"slices"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, file, head string
		opts             Options
		want             Layout
	}{{
		name: "comma", file: "x.csv", head: "id,submitted_at\n1,2026-10-02T17:30:00Z\n",
		want: Layout{Format: "csv", Delimiter: ',', Shape: ShapeRows, Header: []string{"id", "submitted_at"}},
	}, {
		// The Excel CSV: "no id column" although the header has "Ticket ID".
		name: "semicolon Excel export", file: "x.csv", head: "Ticket ID;Created;Company, Inc.\n1;2026-10-02T17:30:00Z;x\n",
		want: Layout{Format: "csv", Delimiter: ';', Shape: ShapeRows, Header: []string{"Ticket ID", "Created", "Company, Inc."}},
	}, {
		name: "tab without .tsv", file: "x.txt", head: "id\tsubmitted_at\n",
		want: Layout{Format: "csv", Delimiter: '\t', Shape: ShapeRows, Header: []string{"id", "submitted_at"}},
	}, {
		name: "pipe", file: "x.csv", head: "id|submitted_at|customer\n",
		want: Layout{Format: "csv", Delimiter: '|', Shape: ShapeRows, Header: []string{"id", "submitted_at", "customer"}},
	}, {
		// SPEC §9: when several bind an id, the one with the most fields.
		name: "most fields wins", file: "x.csv", head: "id;a,b;c;d\n",
		want: Layout{Format: "csv", Delimiter: ';', Shape: ShapeRows, Header: []string{"id", "a,b", "c", "d"}},
	}, {
		name: "no delimiter binds an id: comma", file: "x.csv", head: "foo;bar\n",
		want: Layout{Format: "csv", Delimiter: ',', Shape: ShapeRows, Header: []string{"foo;bar"}},
	}, {
		name: "explicit delimiter wins", file: "x.csv", head: "id;a,b\n", opts: Options{Delimiter: ','},
		want: Layout{Format: "csv", Delimiter: ',', Shape: ShapeRows, Header: []string{"id;a", "b"}},
	}, {
		name: "--map binds the id", file: "x.csv", head: "Nummer;Erstellt\n", opts: Options{Map: map[string]string{"id": "Nummer"}},
		want: Layout{Format: "csv", Delimiter: ';', Shape: ShapeRows, Header: []string{"Nummer", "Erstellt"}},
	}, {
		name: "history CSV", file: "h.csv", head: "ticket_id;at;event;actor\n",
		want: Layout{Format: "csv", Delimiter: ';', Shape: ShapeHistory, Header: []string{"ticket_id", "at", "event", "actor"}},
	}, {
		name: "zammad title rows and semicolons", file: "z.csv", head: "Tickets;;\n\n#;Title;Created At\n1;x;2019-08-19 16:21:52\n", opts: Options{Preset: "zammad"},
		want: Layout{Format: "csv", Delimiter: ';', Shape: ShapeRows, Preset: "zammad", Header: []string{"#", "Title", "Created At"}},
	}, {
		name: "json array", file: "x.json", head: `[{"id":1}]`,
		want: Layout{Format: "json", Shape: ShapeRows},
	}, {
		name: "json wrapper", file: "x.json", head: "{\n\"tickets\": [{\"id\":1}]}",
		want: Layout{Format: "json", List: []string{"tickets"}, Shape: ShapeRows},
	}, {
		name: "ndjson by content", file: "x.json", head: "{\"id\":1}\n{\"id\":2}\n",
		want: Layout{Format: "ndjson", Shape: ShapeRows},
	}, {
		name: "one-line wrapper", file: "x.json", head: `{"tickets":[{"id":1}]}` + "\n",
		want: Layout{Format: "json", List: []string{"tickets"}, Shape: ShapeRows},
	}, {
		// The issue: a history wrapped in {"tickets": …} was read as rows.
		name: "history in a wrapper", file: "h.json", head: "{\"tickets\": [\n {\"ticket_id\":1,\"at\":\"2026-10-02T17:30:00Z\",\"event\":\"created\"}\n]}",
		want: Layout{Format: "json", List: []string{"tickets"}, Shape: ShapeHistory},
	}, {
		name: "history array", file: "h.json", head: `[{"ticket_id":1,"at":"2026-10-02T17:30:00Z","event":"created"}]`,
		want: Layout{Format: "json", Shape: ShapeHistory},
	}, {
		name: "history ndjson", file: "h.ndjson", head: "{\"ticket_id\":1,\"at\":\"x\",\"event\":\"created\"}\n",
		want: Layout{Format: "ndjson", Shape: ShapeHistory},
	}, {
		name: "content sniffed json", file: "-", head: " [] ",
		want: Layout{Format: "json", Shape: ShapeRows},
	}, {
		name: "helpscout list", file: "c.json", head: `{"_embedded":{"conversations":[]}}`, opts: Options{Preset: "helpscout"},
		want: Layout{Format: "json", List: []string{"_embedded", "conversations"}, Shape: ShapeHistory, Preset: "helpscout"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Detect([]byte(tt.head), true, tt.file, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if got.Format != tt.want.Format || got.Delimiter != tt.want.Delimiter || got.Shape != tt.want.Shape ||
				got.Preset != tt.want.Preset || !slices.Equal(got.List, tt.want.List) || !slices.Equal(got.Header, tt.want.Header) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestDetectAsksForMore(t *testing.T) {
	for _, tt := range []struct{ file, head string }{
		{"x.csv", "id,submitted"},
		{"x.csv", "\"id\nsubmitted\""},
		{"x.json", "{\"tickets\": [{\"id\":"},
		{"-", "   "},
	} {
		if _, err := Detect([]byte(tt.head), false, tt.file, Options{}); err != errShortHead {
			t.Errorf("Detect(%q, final=false) = %v, want errShortHead", tt.head, err)
		}
		if _, err := Detect([]byte(tt.head), true, tt.file, Options{}); err == errShortHead {
			t.Errorf("Detect(%q, final=true) asks for more", tt.head)
		}
	}
}

// FuzzDetect checks that Detect never fails on any head, decides a layout
// it can read, never asks for more once final, and that a head it decided
// on gives the same layout when it is the whole input.
func FuzzDetect(f *testing.F) {
	for _, s := range []string{
		"id,submitted_at\n1,2026-10-02T17:30:00Z\n", "Ticket ID;Created\n", "id\tat\tevent\n", "a|id|b\n",
		`[{"id":1}]`, "{\"tickets\":[{\"ticket_id\":1,\"at\":\"x\",\"event\":\"created\"}]}", "{\"id\":1}\n{}",
		"#;Title;Created At\n", "\"id\n\",x\n", "",
	} {
		f.Add([]byte(s), "x.csv", "")
		f.Add([]byte(s), "x.json", "zammad")
		f.Add([]byte(s), "-", "helpscout")
	}
	f.Fuzz(func(t *testing.T, head []byte, name, preset string) {
		opts := Options{Preset: preset}
		if _, err := lookupPreset(preset); err != nil {
			opts.Preset = ""
		}
		l, err := Detect(head, true, name, opts)
		if err == errShortHead {
			t.Fatal("Detect(final) asks for more")
		}
		if err != nil {
			return // a preset that does not read this format
		}
		switch l.Format {
		case "csv":
			if !slices.Contains(delimiters[:], l.Delimiter) {
				t.Fatalf("delimiter %q", l.Delimiter)
			}
		case "json", "ndjson":
			if l.Delimiter != 0 {
				t.Fatalf("JSON with a delimiter %q", l.Delimiter)
			}
		default:
			t.Fatalf("format %q", l.Format)
		}
		if l.Shape != ShapeRows && l.Shape != ShapeHistory {
			t.Fatalf("shape %q", l.Shape)
		}
		again, err := Detect(head, true, name, opts)
		if err != nil || again.Format != l.Format || again.Delimiter != l.Delimiter || again.Shape != l.Shape || !slices.Equal(again.List, l.List) {
			t.Fatalf("not deterministic: %+v then %+v (%v)", l, again, err)
		}
		// A decision taken on part of the input stands for the whole.
		if n := len(head) / 2; n > 0 {
			if part, err := Detect(head[:n], false, name, opts); err == nil && strings.HasSuffix(strings.ToLower(name), ".csv") {
				if part.Delimiter != l.Delimiter || !slices.Equal(part.Header, l.Header) {
					t.Fatalf("half the head gives %+v, the whole %+v", part, l)
				}
			}
		}
	})
}

// The position bug: objectSource, a copy of the row reader for
// histories and presets, reported a syntax error at the line the decoder
// had reached, not the line of the error, and its NDJSON errors lost their
// column. One reader now serves all three.
func TestJSONSyntaxErrorLineIsTheErrorsForRowsHistoriesAndPresets(t *testing.T) {
	tests := []struct {
		name, file, input string
		opts              Options
		want              string
	}{{
		name: "rows", file: "rows.json",
		input: "[\n{\"id\":1,\"submitted_at\":\"2026-10-02T17:30:00Z\"},\n{\"id\":2,\n \"submitted_at\": x}\n]\n",
		want:  "ERROR rows.json:4: invalid character 'x' looking for beginning of value",
	}, {
		name: "history", file: "history.json",
		input: "[\n{\"ticket_id\":1,\"at\":\"2026-10-02T17:30:00Z\",\"event\":\"created\"},\n{\"ticket_id\":1,\n \"at\": x}\n]\n",
		want:  "ERROR history.json:4: invalid character 'x' looking for beginning of value",
	}, {
		name: "preset", file: "conversations.json", opts: Options{Preset: "helpscout"},
		input: "{\"_embedded\": {\"conversations\": [\n{\"id\":1,\"createdAt\":\"2026-10-02T17:30:00Z\"},\n{\"id\":2,\n \"createdAt\": x}\n]}}\n",
		want:  "ERROR conversations.json:4: invalid character 'x' looking for beginning of value",
	}, {
		// An error between records comes from the decoder's tokens, whose
		// offset is that of the bad byte, not the byte after it.
		name: "rows, a comma before the end", file: "rows.json",
		input: "[\n{\"id\":1,\"submitted_at\":\"2026-10-02T17:30:00Z\"},\n{\"id\":2,\"submitted_at\":\"2026-10-02T17:30:00Z\"},\n]\n",
		want:  "ERROR rows.json:4: invalid character ']' looking for beginning of value",
	}, {
		name: "rows, no comma between records", file: "rows.json",
		input: "[\n{\"id\":1,\"submitted_at\":\"2026-10-02T17:30:00Z\"}\n{\"id\":2}]\n",
		want:  "ERROR rows.json:3: expected comma after array element",
	}, {
		name: "history ndjson keeps the column", file: "history.ndjson",
		input: "{\"ticket_id\":1,\"at\":\"2026-10-02T17:30:00Z\",\"event\":\"created\"}\n{\"ticket_id\":1,\"at\":x}\n",
		want:  "ERROR history.ndjson:2: invalid JSON: column 21: invalid character 'x' looking for beginning of value",
	}, {
		name: "rows ndjson keeps the column", file: "rows.ndjson",
		input: "{\"id\":1,\"submitted_at\":\"2026-10-02T17:30:00Z\"}\n{\"id\":x}\n",
		want:  "ERROR rows.ndjson:2: invalid JSON: column 7: invalid character 'x' looking for beginning of value",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, tt.input, tt.file, tt.opts)
			if len(got) == 0 || got[len(got)-1] != tt.want {
				t.Errorf("got  %q\nwant last %q", got, tt.want)
			}
		})
	}
}

// The issue: a history wrapped in {"tickets": …} was silently read as
// ticket rows (every event a row with no submitted_at).
func TestHistoryInTicketsWrapperIsReadAsHistory(t *testing.T) {
	input := "{\"tickets\": [\n" +
		"{\"ticket_id\":\"7\",\"at\":\"2026-10-02T17:30:00Z\",\"event\":\"created\",\"actor\":\"customer\",\"plan\":\"premium\"},\n" +
		"{\"ticket_id\":\"7\",\"at\":\"2026-10-02T18:00:00Z\",\"event\":\"reply\",\"actor\":\"agent\",\"public\":true}\n]}\n"
	got := readAll(t, input, "history.json", Options{})
	want := []string{"history.json:#0 id=7 plan=premium submitted=2026-10-02T17:30:00Z response=2026-10-02T18:00:00Z"}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
