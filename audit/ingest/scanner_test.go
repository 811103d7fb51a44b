package ingest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/slaaudit/slaaudit/audit"
)

// scanned is one record, or the error that ended reading, with the line on
// which the record starts.
type scanned struct {
	line int
	rec  []string
	err  string
}

// scanWith reads data with the csvScanner, through a reader that returns
// one byte at a time when slow is set (so that lines cross buffer fills),
// or from memory when inMemory is set (as a split input's chunk is read).
func scanWith(data string, comma byte, slow, inMemory bool) []scanned {
	var in io.Reader = strings.NewReader(data)
	if slow {
		in = iotest.OneByteReader(in)
	}
	sc := newCSVScanner(in, comma)
	if inMemory {
		sc = &csvScanner{data: []byte(data), comma: comma}
	}
	var out []scanned
	for {
		rec, err := sc.read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			return append(out, scanned{err: err.Error()})
		}
		out = append(out, scanned{line: sc.recLine, rec: slices.Clone(rec)})
	}
}

// scanReference reads data with encoding/csv, set up as newCSVReader does.
func scanReference(data string, comma byte) []scanned {
	cr := newCSVReader(strings.NewReader(data), rune(comma))
	var out []scanned
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				panic(err)
			}
			return append(out, scanned{err: err.Error()})
		}
		line, _ := cr.FieldPos(0)
		out = append(out, scanned{line: line, rec: append([]string(nil), rec...)})
	}
}

func checkScannerAgrees(t *testing.T, data string, comma byte) {
	t.Helper()
	want := scanReference(data, comma)
	for _, mode := range [][2]bool{{false, false}, {true, false}, {false, true}} {
		if got := scanWith(data, comma, mode[0], mode[1]); !reflect.DeepEqual(got, want) {
			t.Fatalf("input %q, delimiter %q, one byte at a time %v, in memory %v:\ngot  %+v\nwant %+v", data, comma, mode[0], mode[1], got, want)
		}
	}
}

// TestCSVScannerAgrees checks that the hot-path scanner reads the same
// records, at the same lines, with the same errors as encoding/csv.
func TestCSVScannerAgrees(t *testing.T) {
	inputs := []string{
		"",
		"\n",
		"\r\n\r\n",
		"a",
		"a\r",
		"a\r\r\n",
		"a\rb\n",
		"id,submitted_at\n1,2026-10-02T17:30:00Z\n",
		"id,submitted_at\r\n1,2026-10-02T17:30:00Z\r\n\r\n\n2,x",
		",,\n,\n\n",
		"a,b\n\n\nc,d\n",
		`a,"b ""quoted"" c",d` + "\n",
		"a,\"multi\nline\r\nfield\",c\nnext,row\n",
		"\"\"\n\"\",\"\"\n",
		"\"a\"\"\n",
		"\"unterminated\n\n",
		"x,\"unterminated",
		"a,b\"c,d\n",
		"a,\"b\"c,d\n",
		"a,\"b\"\r\nc\n",
		"\"a\"\r",
		"\"a\r\nb\"\r\nc",
		"1,\"Acme\nWest\",2026-10-02T17:30:00Z\n2,\"a\r\nb\r\nc\",x\n3,x,y\n",
		"é,ü,\"ß\"\n",
		"a\tb;c,d\n",
		"\"a,b\",\"c\nd\"\"\",e\n  \n",
	}
	for _, in := range inputs {
		for _, comma := range []byte{',', ';', '\t'} {
			checkScannerAgrees(t, in, comma)
		}
	}
}

// TestCSVScannerBlocks reads records across many string blocks, including
// one larger than a block, and checks that earlier strings are unchanged.
func TestCSVScannerBlocks(t *testing.T) {
	var b strings.Builder
	const n = 20000
	for i := range n {
		fmt.Fprintf(&b, "%d,customer-%d,\"quoted, %d\"\n", i, i, i)
		if i == n/2 {
			fmt.Fprintf(&b, "big,%s,\"%s\"\n", strings.Repeat("x", 3*csvBlockSize), strings.Repeat("y\n", csvBlockSize))
		}
	}
	sc := newCSVScanner(strings.NewReader(b.String()), ',')
	var kept [][]string
	for {
		rec, err := sc.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		kept = append(kept, append([]string(nil), rec...))
	}
	if got, want := len(kept), n+1; got != want {
		t.Fatalf("got %d records, want %d", got, want)
	}
	i := 0
	for _, rec := range kept {
		if rec[0] == "big" {
			if len(rec[1]) != 3*csvBlockSize || len(rec[2]) != 2*csvBlockSize {
				t.Fatalf("big record has fields of %d and %d bytes", len(rec[1]), len(rec[2]))
			}
			continue
		}
		want := []string{fmt.Sprint(i), fmt.Sprintf("customer-%d", i), fmt.Sprintf("quoted, %d", i)}
		if !reflect.DeepEqual(rec, want) {
			t.Fatalf("record %d: got %q, want %q", i, rec, want)
		}
		i++
	}
}

// FuzzCSVScanner checks the hot-path scanner against encoding/csv on any
// input: records, start lines and errors must be the same.
func FuzzCSVScanner(f *testing.F) {
	fuzzSeeds(f, []string{".csv"},
		"id,submitted_at\n1,2026-10-02T17:30:00Z\n",
		"a,\"b\nc\"\r\n\r\n\"d\"\"e\",f\r",
		"a,b\"c\n",
		"\"a\"b\n",
		"\"open\n",
	)
	f.Fuzz(func(t *testing.T, data string) {
		for _, comma := range []byte{',', ';'} {
			checkScannerAgrees(t, data, comma)
		}
	})
}

// TestStringsOutliveReads: the strings of a ticket stay as they were read
// while later rows are read (cmd's pipeline audits a batch of tickets while
// the next is read into the scanner's blocks): tickets kept across a whole
// read equal tickets copied as soon as they were read.
func TestStringsOutliveReads(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,customer,plan,submitted_at,first_response_at\n")
	for i := range 5000 {
		switch i % 7 {
		case 3:
			fmt.Fprintf(&b, "%d,\"cust\n%d\",premium,2026-10-02T17:30:00Z,bad\n", i, i)
		case 5:
			fmt.Fprintf(&b, ",c,premium,2026-10-02T17:30:00Z,\n")
		default:
			fmt.Fprintf(&b, "%d,customer-%d,standard,2026-10-02T17:%02d:00Z,\n", i, i%50, i%60)
		}
		if i == 2500 {
			fmt.Fprintf(&b, "big,%s,premium,2026-10-02T17:30:00Z,\n", strings.Repeat("x", 2*csvBlockSize))
		}
	}
	r, err := NewReader(strings.NewReader(b.String()), "export.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		t   audit.Ticket
		err string
	}
	var tickets []audit.Ticket
	var errs []error
	var copied []result
	for {
		var tk audit.Ticket
		err := r.next(&tk)
		if err == io.EOF {
			break
		}
		tickets, errs = append(tickets, tk), append(errs, err)
		c := tk
		for _, s := range []*string{&c.ID, &c.Customer, &c.Plan, &c.Channel, &c.Priority} {
			*s = strings.Clone(*s)
		}
		copied = append(copied, result{c, fmt.Sprint(err)})
	}
	if len(tickets) != 5001 {
		t.Fatalf("read %d rows, want 5001", len(tickets))
	}
	for i := range tickets {
		if now := (result{tickets[i], fmt.Sprint(errs[i])}); !reflect.DeepEqual(now, copied[i]) {
			t.Fatalf("row %d changed after it was read: now %+v, was %+v", i, now, copied[i])
		}
	}
}
