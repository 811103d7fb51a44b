package ingest

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gocarina/gocsv"

	"github.com/slaaudit/slaaudit/audit"
)

func TestCSV(t *testing.T) {
	la := mustZone(t, "America/Los_Angeles")
	runReadCases(t, "export.csv", []readCase{{
		name:  "canonical header",
		input: "id,customer,plan,channel,priority,submitted_at,first_response_at\n4711,acme,premium,email,high,2026-10-02T17:30:00Z,2026-10-02T18:45:00Z\n",
		want:  []string{"export.csv:2 id=4711 customer=acme plan=premium channel=email priority=high submitted=2026-10-02T17:30:00Z response=2026-10-02T18:45:00Z"},
	}, {
		name:  "BOM and CRLF",
		input: "\uFEFFid,submitted_at\r\n1,2026-10-02T17:30:00Z\r\n2,2026-10-02T17:31:00Z\r\n",
		want: []string{
			"export.csv:2 id=1 submitted=2026-10-02T17:30:00Z",
			"export.csv:3 id=2 submitted=2026-10-02T17:31:00Z",
		},
	}, {
		name:  "quoted newline keeps the next row's line",
		input: "id,customer,submitted_at\n1,\"Acme\nWest\",2026-10-02T17:30:00Z\n2,\"a\r\nb\r\nc\",2026-10-02T17:30:00Z\n3,x,2026-10-02T17:30:00Z\n",
		want: []string{
			"export.csv:2 id=1 customer=Acme\nWest submitted=2026-10-02T17:30:00Z",
			"export.csv:4 id=2 customer=a\nb\nc submitted=2026-10-02T17:30:00Z",
			"export.csv:7 id=3 customer=x submitted=2026-10-02T17:30:00Z",
		},
	}, {
		name:  "semicolon delimiter",
		opts:  Options{Delimiter: ';'},
		input: "id;customer;submitted_at\n1;Acme, Inc.;2026-10-02T17:30:00Z\n",
		want:  []string{"export.csv:2 id=1 customer=Acme, Inc. submitted=2026-10-02T17:30:00Z"},
	}, {
		name:  "tsv by extension",
		file:  "export.tsv",
		input: "id\tsubmitted_at\n1\t2026-10-02T17:30:00Z\n",
		want:  []string{"export.tsv:2 id=1 submitted=2026-10-02T17:30:00Z"},
	}, {
		name:  "blank lines are not rows",
		input: "\n\nid,submitted_at\n\n1,2026-10-02T17:30:00Z\n   \n,,\n\n2,2026-10-02T17:30:00Z\n\n",
		want: []string{
			"export.csv:5 id=1 submitted=2026-10-02T17:30:00Z",
			"export.csv:9 id=2 submitted=2026-10-02T17:30:00Z",
		},
	}, {
		name:  "short rows are padded",
		input: "id,submitted_at,first_response_at,customer\n1,2026-10-02T17:30:00Z\n2\n",
		want: []string{
			"export.csv:2 id=1 submitted=2026-10-02T17:30:00Z",
			"REJECT export.csv:3: submitted_at: missing submitted_at",
		},
	}, {
		name:  "whitespace id is missing",
		input: "id,submitted_at\n   ,2026-10-02T17:30:00Z\n\t,2026-10-02T17:30:00Z\n",
		want: []string{
			"REJECT export.csv:2: id: missing id",
			"REJECT export.csv:3: id: missing id",
		},
	}, {
		name:  "values are trimmed, customer keeps its case",
		input: "id,customer,submitted_at\n  7  ,  ACME Corp ,  2026-10-02T17:30:00Z  \n",
		want:  []string{"export.csv:2 id=7 customer=ACME Corp submitted=2026-10-02T17:30:00Z"},
	}, {
		name:  "missing id column",
		input: "customer,submitted_at\nacme,2026-10-02T17:30:00Z\n",
		want:  []string{`ERROR export.csv:1: no id column (looked for "id", "ticket_id", "ticket", "key"; the header has "customer", "submitted_at")`},
	}, {
		name:  "missing submitted_at column",
		input: "\nid,customer\n1,acme\n",
		want:  []string{`ERROR export.csv:2: no submitted_at column (looked for "submitted_at", "created_at", "created", "opened_at"; the header has "id", "customer")`},
	}, {
		name:  "empty file",
		input: "",
		want:  []string{"ERROR export.csv: no header row"},
	}, {
		name:  "header only",
		input: "id,submitted_at\n",
		want:  nil,
	}, {
		// SPEC §9: the canonical name outranks an alias whatever the order.
		name:  "two headers for one field: the better ranked wins",
		input: "Ticket ID,id,Created At,submitted_at\nA,B,2026-10-02T17:30:00Z,2026-10-03T17:30:00Z\n",
		want:  []string{"export.csv:2 id=B submitted=2026-10-03T17:30:00Z"},
	}, {
		name:  "two headers of one rank: the first wins",
		input: "ticket,key,created,opened_at\nA,B,2026-10-02T17:30:00Z,2026-10-03T17:30:00Z\nC,D,2026-10-02T17:30:00Z,2026-10-03T17:30:00Z\n",
		want:  []string{"export.csv:2 id=A submitted=2026-10-02T17:30:00Z", "export.csv:3 id=C submitted=2026-10-02T17:30:00Z"},
	}, {
		// SPEC §9: organization outranks requester whatever the header order.
		name:  "aliases in their listed order",
		input: "id,submitted_at,Requester,Organization\n1,2026-10-02T17:30:00Z,jo@x.example,Acme\n",
		want:  []string{"export.csv:2 id=1 customer=Acme submitted=2026-10-02T17:30:00Z"},
	}, {
		name:  "aliases ignore case, spaces, _ and -",
		input: "TICKET-ID,Organization,Support Plan,Via,Priority,Opened_At,First Responded At\n9,acme,24/7,phone,urgent,2026-10-02T17:30:00Z,2026-10-02T17:40:00Z\n",
		want:  []string{"export.csv:2 id=9 customer=acme plan=24/7 channel=phone priority=urgent submitted=2026-10-02T17:30:00Z response=2026-10-02T17:40:00Z"},
	}, {
		name:  "every alias",
		input: "key,requester,tier,source,created,responded_at\n9,acme,premium,web,2026-10-02T17:30:00Z,2026-10-02T17:40:00Z\n",
		want:  []string{"export.csv:2 id=9 customer=acme plan=premium channel=web submitted=2026-10-02T17:30:00Z response=2026-10-02T17:40:00Z"},
	}, {
		name:  "--map names other headers and beats aliases",
		opts:  Options{Map: map[string]string{"submitted_at": "Date Opened", "customer": "Client"}},
		input: "id,created_at,Org,date opened,CLIENT\n1,2026-01-01T00:00:00Z,org,2026-10-02T17:30:00Z,client\n",
		want:  []string{"export.csv:2 id=1 customer=client submitted=2026-10-02T17:30:00Z"},
	}, {
		name:  "--map header absent",
		opts:  Options{Map: map[string]string{"plan": "Level"}},
		input: "id,submitted_at\n1,2026-10-02T17:30:00Z\n",
		want:  []string{"ERROR export.csv:1: --map plan=Level: no column \"Level\" in the header"},
	}, {
		name:  "--map unknown field",
		opts:  Options{Map: map[string]string{"colour": "Level"}},
		input: "id,submitted_at\n",
		want:  []string{"ERROR --map colour=Level: unknown field \"colour\" (fields: id, customer, plan, channel, priority, submitted_at, first_response_at, first_response_minutes)"},
	}, {
		name:  "unknown columns are ignored",
		input: "id,Subject,submitted_at,Tags\n1,\"Help, please\",2026-10-02T17:30:00Z,a;b\n",
		want:  []string{"export.csv:2 id=1 submitted=2026-10-02T17:30:00Z"},
	}, {
		name:  "order of row checks",
		input: "id,submitted_at,first_response_at,first_response_minutes\n,bad,bad,-1\n1,bad,bad,-1\n2,2026-10-02T17:30:00Z,bad,-1\n3,2026-10-02T17:30:00Z,,-1\n4,2026-10-02T17:30:00Z,,abc\n5,,x,\n",
		want: []string{
			"REJECT export.csv:2: id: missing id",
			`REJECT export.csv:3: submitted_at: "bad" is not a time`,
			`REJECT export.csv:4: first_response_at: "bad" is not a time`,
			`REJECT export.csv:5: first_response_minutes: "-1" is negative`,
			`REJECT export.csv:6: first_response_minutes: "abc" is not a number of minutes`,
			"REJECT export.csv:7: submitted_at: missing submitted_at",
		},
	}, {
		name:  "first_response_minutes",
		input: "id,submitted_at,first_response_at,first_reply_time_in_minutes\n1,2026-10-02T17:30:00Z,,90\n2,2026-10-02T17:30:00Z,,12.5\n3,2026-10-02T17:30:00Z,2026-10-02T17:40:00Z,10.9\n4,2026-10-02T17:30:00Z,2026-10-02T17:40:00Z,11\n",
		want: []string{
			"export.csv:2 id=1 submitted=2026-10-02T17:30:00Z response=2026-10-02T19:00:00Z",
			"export.csv:3 id=2 submitted=2026-10-02T17:30:00Z response=2026-10-02T17:42:30Z",
			"export.csv:4 id=3 submitted=2026-10-02T17:30:00Z response=2026-10-02T17:40:00Z",
			"export.csv:5 id=4 submitted=2026-10-02T17:30:00Z response=2026-10-02T17:40:00Z WARN[first_response_minutes 11 disagrees with first_response_at (10m0s after submission) by 1m0s; first_response_at is used]",
		},
	}, {
		name:  "zone-less times need --input-tz",
		input: "id,submitted_at\n1,2026-10-02 17:30\n",
		want:  []string{`REJECT export.csv:2: submitted_at: "2026-10-02 17:30" has no time zone; pass --input-tz (for example --input-tz America/Los_Angeles)`},
	}, {
		name:  "zone-less times with --input-tz, DST warnings",
		opts:  Options{InputTZ: la},
		input: "id,submitted_at,first_response_at\n1,2026-10-02 17:30,2026-10-02 18:30:00\n2,2026-11-01 01:30,2026-03-08 02:30\n",
		want: []string{
			"export.csv:2 id=1 submitted=2026-10-03T00:30:00Z response=2026-10-03T01:30:00Z",
			`export.csv:3 id=2 submitted=2026-11-01T08:30:00Z response=2026-03-08T10:30:00Z WARN[submitted_at: "2026-11-01 01:30" occurs twice in America/Los_Angeles (the clocks go back); read as the first occurrence, 2026-11-01T01:30:00-07:00] WARN[first_response_at: "2026-03-08 02:30" does not exist in America/Los_Angeles (the clocks go forward); read with the offset before the gap, -08:00, as 2026-03-08T10:30:00Z]`,
		},
	}, {
		name:  "--time-layout",
		opts:  Options{InputTZ: time.UTC, TimeLayout: "02/01/2006 15:04"},
		input: "id,submitted_at\n1,02/10/2026 17:30\n2,2026-10-02T17:30:00Z\n3,13/13/2026 10:00\n",
		want: []string{
			"export.csv:2 id=1 submitted=2026-10-02T17:30:00Z",
			"export.csv:3 id=2 submitted=2026-10-02T17:30:00Z",
			`REJECT export.csv:4: submitted_at: "13/13/2026 10:00" matches neither --time-layout "02/01/2006 15:04" nor RFC 3339`,
		},
	}, {
		name:  "bare quote is a file error",
		input: "id,submitted_at\n1,2026-10-02T17:30:00Z\n2,ab\"c\n3,2026-10-02T17:30:00Z\n",
		want: []string{
			"export.csv:2 id=1 submitted=2026-10-02T17:30:00Z",
			`ERROR export.csv:3: column 5: bare " in non-quoted-field`,
		},
	}, {
		name:  "unterminated quote names both lines",
		input: "id,submitted_at\n1,\"2026\n\n",
		want:  []string{`ERROR export.csv:3: column 2: extraneous or missing " in quoted-field (in the record that starts on line 2)`},
	}, {
		name:  "record too large",
		input: "id,submitted_at\n1,2026-10-02T17:30:00Z\n2,\"" + strings.Repeat("x\n", MaxRecordBytes) + "\"\n",
		want: []string{
			"export.csv:2 id=1 submitted=2026-10-02T17:30:00Z",
			"ERROR export.csv:3: record is larger than 1 MiB",
		},
	}, {
		name:  "record just over the limit",
		input: "id,submitted_at\n1,2026-10-02T17:30:00Z\n\n2,\"" + strings.Repeat("x", MaxRecordBytes) + "\"\n3,2026-10-02T17:30:00Z\n",
		want: []string{
			"export.csv:2 id=1 submitted=2026-10-02T17:30:00Z",
			"ERROR export.csv:4: record is larger than 1 MiB",
		},
	}, {
		name:  "record at the limit",
		input: "id,submitted_at\n2," + strings.Repeat("x", MaxRecordBytes-3) + "\n",
		want:  []string{`REJECT export.csv:2: submitted_at: "` + strings.Repeat("x", 64) + `…" is not a time`},
	}, {
		name:  "size limit",
		opts:  Options{MaxInputBytes: 60},
		input: "id,submitted_at\n1,2026-10-02T17:30:00Z\n2,2026-10-02T17:30:00Z\n3,2026-10-02T17:30:00Z\n",
		want: []string{
			"export.csv:2 id=1 submitted=2026-10-02T17:30:00Z",
			"ERROR export.csv: input is larger than the size limit (60 bytes after decompression)",
		},
	}, {
		name:  "content sniffing picks CSV",
		file:  "export.txt",
		input: "id,submitted_at\n1,2026-10-02T17:30:00Z\n",
		want:  []string{"export.txt:2 id=1 submitted=2026-10-02T17:30:00Z"},
	}})
}

func TestGzipAndOpen(t *testing.T) {
	const plain = "id,submitted_at\n1,2026-10-02T17:30:00Z\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(plain))
	zw.Close()
	dir := t.TempDir()
	for _, name := range []string{"export.csv.gz", "export.gz", "export.dat"} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, gz.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			r, err := Open(path, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			var tk audit.Ticket
			if err := r.next(&tk); err != nil {
				t.Fatal(err)
			}
			if got, want := describe(&tk), path+":2 id=1 submitted=2026-10-02T17:30:00Z"; got != want {
				t.Errorf("got %q, want %q", got, want)
			}
			if err := r.next(&tk); err != io.EOF {
				t.Errorf("got %v, want io.EOF", err)
			}
		})
	}
	t.Run("stdin", func(t *testing.T) {
		r, err := Open("-", bytes.NewReader(gz.Bytes()), Options{})
		if err != nil {
			t.Fatal(err)
		}
		var tk audit.Ticket
		if err := r.next(&tk); err != nil {
			t.Fatal(err)
		}
		if got, want := tk.Source.String(), "stdin:2"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		_, err := Open(filepath.Join(dir, "nope.csv"), nil, Options{})
		if got, want := err.Error(), filepath.Join(dir, "nope.csv")+": no such file or directory"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("corrupt gzip", func(t *testing.T) {
		bad := slices.Clone(gz.Bytes())
		bad[len(bad)-5] ^= 0xff // the CRC
		got := readAll(t, string(bad), "export.csv.gz", Options{})
		want := []string{"export.csv.gz:2 id=1 submitted=2026-10-02T17:30:00Z", "ERROR export.csv.gz: gzip: invalid checksum"}
		if !slices.Equal(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("members", func(t *testing.T) {
		// Two gzip members one after the other (cat a.gz b.gz, or what
		// pigz and bgzip write) are one input, written here by the
		// standard library and read by klauspost/compress.
		var two bytes.Buffer
		for _, part := range []string{plain, "2,2026-10-02T17:31:00Z\n"} {
			zw := gzip.NewWriter(&two)
			zw.Write([]byte(part))
			zw.Close()
		}
		got := readAll(t, two.String(), "export.csv.gz", Options{})
		want := []string{"export.csv.gz:2 id=1 submitted=2026-10-02T17:30:00Z", "export.csv.gz:3 id=2 submitted=2026-10-02T17:31:00Z"}
		if !slices.Equal(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("cut short", func(t *testing.T) {
		got := readAll(t, gz.String()[:gz.Len()-4], "export.csv.gz", Options{})
		if len(got) == 0 || got[len(got)-1] != "ERROR export.csv.gz: gzip: unexpected EOF" {
			t.Errorf("got %q, want an unexpected EOF", got)
		}
	})
	t.Run("not gzip", func(t *testing.T) {
		got := readAll(t, plain, "export.csv.gz", Options{})
		want := []string{"ERROR export.csv.gz: gzip: not a gzip file (it does not start with the gzip magic bytes)"}
		if !slices.Equal(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}

// gocsvRow is the reference decoding of a ticket row by gocsv.
type gocsvRow struct {
	ID        string `csv:"id"`
	Customer  string `csv:"customer"`
	Plan      string `csv:"plan"`
	Channel   string `csv:"channel"`
	Priority  string `csv:"priority"`
	Submitted string `csv:"submitted_at"`
	Response  string `csv:"first_response_at"`
}

// TestCSVAgreesWithGocsv decodes the same files with gocsv.Unmarshaller,
// its headers renamed to the canonical fields the way the reader binds them,
// and checks that the column-index decoder reads the same values.
func TestCSVAgreesWithGocsv(t *testing.T) {
	inputs := []string{
		"Ticket ID,Org,Tier,Via,Priority,Created,First Reply At,Extra\n1,acme,premium,email,high,2026-10-02T17:30:00Z,2026-10-02T17:45:00Z,x\n2,\"b\nc\",standard,web,,2026-10-02T17:30:00Z,,\n",
		"id,ticket,submitted_at,created,customer\n1,2,2026-10-02T17:30:00Z,2026-10-03T17:30:00Z,  spaced  \n3\n",
	}
	fm, err := newFieldMap(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inputs {
		header, err := csv.NewReader(strings.NewReader(in)).Read()
		if err != nil {
			t.Fatal(err)
		}
		cols, _, err := fm.bindHeader(header, Requirements{})
		if err != nil {
			t.Fatal(err)
		}
		um, err := gocsv.NewUnmarshaller(newCSVReader(strings.NewReader(in), ','), gocsvRow{})
		if err != nil {
			t.Fatal(err)
		}
		err = um.RenormalizeHeaders(func(h []string) []string {
			out := make([]string, len(h))
			for f, c := range cols {
				if c >= 0 {
					out[c] = fieldNames[f]
				}
			}
			return out
		})
		if err != nil {
			t.Fatal(err)
		}
		r, err := NewReader(strings.NewReader(in), "export.csv", Options{})
		if err != nil {
			t.Fatal(err)
		}
		for {
			want, werr := um.Read()
			var tk audit.Ticket
			gerr := r.next(&tk)
			if werr == io.EOF || gerr == io.EOF {
				if werr != gerr {
					t.Fatalf("gocsv ends with %v, reader with %v", werr, gerr)
				}
				break
			}
			w := want.(gocsvRow)
			if gerr != nil {
				// A rejected row: the reference must hold the reason.
				if strings.TrimSpace(w.Submitted) != "" {
					t.Errorf("reader rejected %+v: %v", w, gerr)
				}
				continue
			}
			got := gocsvRow{ID: tk.ID, Customer: tk.Customer, Plan: tk.Plan, Channel: tk.Channel, Priority: tk.Priority,
				Submitted: tk.Submitted.Format(time.RFC3339)}
			if tk.Answered() {
				got.Response = tk.FirstResponse.Format(time.RFC3339)
			}
			w.ID, w.Customer = strings.TrimSpace(w.ID), strings.TrimSpace(w.Customer)
			if got != w {
				t.Errorf("got %+v, want %+v", got, w)
			}
		}
	}
}
