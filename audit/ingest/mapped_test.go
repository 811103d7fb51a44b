package ingest

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/slaaudit/slaaudit/audit"
)

// mapEverything has Splitters map every file they may map, however small,
// until the test ends.
func mapEverything(t testing.TB) {
	old := mapThreshold
	mapThreshold = 0
	t.Cleanup(func() { mapThreshold = old })
}

// writeFile writes content to a file called name in a new directory and
// returns its path.
func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSplitMappedAgrees: chunks cut out of a mapped file (CSV as
// TestSplitAgrees draws it, or NDJSON as TestSplitAgreesNDJSON does) read
// exactly as the file read in order does: rows, rejections, positions and
// errors, with size limits that fail partway or refuse the mapping.
func TestSplitMappedAgrees(t *testing.T) {
	mapEverything(t)
	dir := t.TempDir()
	rapid.Check(t, func(rt *rapid.T) {
		name, input := "x.csv", ""
		if rapid.Bool().Draw(rt, "ndjson") {
			var b strings.Builder
			for range rapid.IntRange(0, 30).Draw(rt, "lines") {
				b.WriteString(splitObject(rt) + "\n")
			}
			name, input = "x.ndjson", b.String()
		} else {
			input = splitExport(rt)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(input), 0o644); err != nil {
			rt.Fatal(err)
		}
		opts := Options{}
		if rapid.Bool().Draw(rt, "size limit") {
			opts.MaxInputBytes = int64(rapid.IntRange(1, len(input)+1).Draw(rt, "max"))
		}
		size := rapid.IntRange(1, 300).Draw(rt, "size")
		maxLines := rapid.IntRange(1, 12).Draw(rt, "maxLines")
		want := readAllOpen(t, path, opts)
		r, err := Open(path, nil, opts)
		got := drainSplit(t, r, err, size, maxLines)
		if !slices.Equal(got, want) {
			rt.Fatalf("mapped chunks of %d bytes or %d lines read %q differently:\ngot\n%s\nwant\n%s",
				size, maxLines, input, describeAll(got), describeAll(want))
		}
	})
}

// TestSplitMapsPlainFiles: SplitMapped splits the rest of a regular file
// in CSV or NDJSON, and of a redirected stdin, which it maps, and leaves
// everything else to be read: a compressed file, a pipe, a JSON array
// (decoded in order), a file larger than the size limit, and, unless
// mapping everything, a small file.
func TestSplitMapsPlainFiles(t *testing.T) {
	csv := "id,submitted_at,plan\n1,2026-10-05T09:14:00Z,premium\n2,2026-10-05T09:15:00Z,premium\n"
	var gz strings.Builder
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(csv))
	zw.Close()
	plain := writeFile(t, "x.csv", csv)
	open := func(path string, opts Options) (*Reader, error) { return Open(path, nil, opts) }
	for _, c := range []struct {
		name   string
		all    bool // map every file, however small
		path   string
		opts   Options
		stdin  bool // the file is stdin
		pipe   bool // stdin is a pipe
		mapped bool
	}{
		{name: "csv", all: true, path: plain, mapped: true},
		{name: "csv under its size limit", all: true, path: plain, opts: Options{MaxInputBytes: int64(len(csv))}, mapped: true},
		{name: "csv over its size limit", all: true, path: plain, opts: Options{MaxInputBytes: int64(len(csv) - 1)}},
		{name: "ndjson", all: true, path: writeFile(t, "x.ndjson", `{"id":"1","submitted_at":"2026-10-05T09:14:00Z"}`+"\n"), mapped: true},
		{name: "json array", all: true, path: writeFile(t, "x.json", `[{"id":"1","submitted_at":"2026-10-05T09:14:00Z"}]`)},
		{name: "gzip", all: true, path: writeFile(t, "x.csv.gz", gz.String())},
		{name: "stdin from a file", all: true, path: plain, stdin: true, mapped: true},
		{name: "stdin from a pipe", all: true, path: plain, stdin: true, pipe: true},
		{name: "small file", path: plain},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.all {
				mapEverything(t)
			}
			var r *Reader
			var err error
			switch {
			case c.pipe:
				pr, pw, perr := os.Pipe()
				if perr != nil {
					t.Fatal(perr)
				}
				defer pr.Close()
				go func() {
					io.WriteString(pw, csv)
					pw.Close()
				}()
				r, err = Open("-", pr, c.opts)
			case c.stdin:
				f, ferr := os.Open(c.path)
				if ferr != nil {
					t.Fatal(ferr)
				}
				defer f.Close()
				r, err = Open("-", f, Options{Format: "csv"})
			default:
				r, err = open(c.path, c.opts)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			// SplitMapped splits only what maps, and leaves the rest to be
			// read.
			if sp := r.SplitMapped(1, 1); (sp != nil) != c.mapped {
				t.Fatalf("SplitMapped: %v, want a Splitter: %v", sp, c.mapped)
			} else if sp != nil {
				return
			}
			got := drain(t, r, nil)
			if c.stdin {
				if len(got) != 2 {
					t.Errorf("after SplitMapped refused: %q", got)
				}
			} else if want := readAllOpen(t, c.path, c.opts); !slices.Equal(got, want) {
				t.Errorf("after SplitMapped refused:\ngot\n%s\nwant\n%s", describeAll(got), describeAll(want))
			}
		})
	}
}

// TestSplitMappedFileGrows: rows appended to a file after it is mapped are
// read after the mapping, as a sequential read would read them, and
// within the size limit, which fails where it would.
func TestSplitMappedFileGrows(t *testing.T) {
	mapEverything(t)
	head := "id,submitted_at,plan\n1,2026-10-05T09:14:00Z,premium\n2,2026-10-05T09:15:00Z,pre"
	more := "mium\n3,2026-10-05T09:16:00Z,premium\n"
	for _, limit := range []int64{0, int64(len(head + more)), int64(len(head+more) - 5)} {
		path := writeFile(t, "x.csv", head)
		opts := Options{MaxInputBytes: limit}
		r, err := Open(path, nil, opts)
		if err != nil {
			t.Fatal(err)
		}
		sp := r.Split(1, 1)
		if sp == nil || sp.mapped == nil {
			t.Fatalf("limit %d: the file is not mapped", limit)
		}
		f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(more)
		f.Close()
		got := drainChunks(t, sp)
		r.Close()
		want := readAllOpen(t, path, opts)
		if !slices.Equal(got, want) {
			t.Errorf("limit %d: got\n%s\nwant\n%s", limit, describeAll(got), describeAll(want))
		}
		complete := limit == 0 || limit == int64(len(head+more))
		if complete && len(want) != 3 || !complete && !strings.HasPrefix(want[len(want)-1], "ERROR ") {
			t.Errorf("limit %d: the sequential read gives %q", limit, want)
		}
	}
}

// TestSplitMappedHandsBack: pages of a large mapped file are handed back
// while its chunks are read, not only at its end, and the strings of rows
// read before that still hold what the file holds.
func TestSplitMappedHandsBack(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,submitted_at,customer,plan\n")
	for i := 0; b.Len() < mapLag+3*mapStep; i++ {
		fmt.Fprintf(&b, "%d,2026-10-05T09:14:00Z,customer-%d,premium\n", i, i%9973)
	}
	path := writeFile(t, "big.csv", b.String())
	r, err := Open(path, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	sp := r.Split(32<<10, 512)
	if sp == nil || sp.mapped == nil {
		t.Fatal("the file is not mapped")
	}
	m := sp.mapped
	var kept []audit.Ticket
	freedEarly := false
	for {
		c, err := sp.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if sp.mapped != nil && m.freed > 0 {
			freedEarly = true
		}
		cr := sp.Reader(c, nil)
		var tk audit.Ticket
		for cr.Scan(&tk) {
			kept = append(kept, tk)
		}
		if err := cr.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if !freedEarly {
		t.Error("no page was handed back before the last chunk")
	}
	if m.freed != len(m.data) {
		t.Errorf("%d of %d bytes handed back at the end", m.freed, len(m.data))
	}
	want := readAllOpen(t, path, Options{})
	if len(kept) != len(want) {
		t.Fatalf("%d rows, want %d", len(kept), len(want))
	}
	for i := range kept {
		if got := describe(&kept[i]); got != want[i] {
			t.Fatalf("row %d after its pages were handed back: %s, want %s", i, got, want[i])
		}
	}
}

// TestSplitMappedLargeRecord: in a mapped file, a record too large for
// any chunk, one long line or a quote never closed, ends in the
// sequential reader's error after the same rows.
func TestSplitMappedLargeRecord(t *testing.T) {
	mapEverything(t)
	long := strings.Repeat("x", MaxRecordBytes+10)
	for _, input := range []string{
		"id,submitted_at,plan\n1,2026-10-05T09:14:00Z," + long + "\n2,2026-10-05T09:14:00Z,premium\n",
		"id,submitted_at,plan\n1,2026-10-05T09:14:00Z,\"" + long,
	} {
		path := writeFile(t, "x.csv", input)
		want := readAllOpen(t, path, Options{})
		r, err := Open(path, nil, Options{})
		got := drainSplit(t, r, err, 100, 10)
		if !slices.Equal(got, want) {
			t.Errorf("got\n%s\nwant\n%s", describeAll(got), describeAll(want))
		}
		if !strings.HasPrefix(want[len(want)-1], "ERROR ") {
			t.Errorf("the sequential read gives %q, want an error", want)
		}
	}
}
